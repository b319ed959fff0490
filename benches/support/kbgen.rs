//! Seeded generator of help-center articles and customer questions for the knowledge-base
//! benchmark (shared by `benches/kb.rs` and `examples/kb_latency.rs`).

use std::fs;
use std::path::Path;

/// Topic words: each generated article draws most of its words from one topic, so that
/// questions have a right answer and ranking has work to do.
const TOPICS: &[&[&str]] = &[
    &[
        "domain",
        "dns",
        "nameserver",
        "record",
        "cname",
        "propagation",
        "registrar",
        "transfer",
        "renewal",
        "whois",
        "ttl",
        "zone",
    ],
    &[
        "email",
        "mailbox",
        "imap",
        "smtp",
        "outlook",
        "spam",
        "forwarder",
        "alias",
        "quota",
        "bounce",
        "dkim",
        "webmail",
    ],
    &[
        "ssl",
        "certificate",
        "https",
        "padlock",
        "validation",
        "expired",
        "wildcard",
        "redirect",
        "hsts",
        "browser",
        "csr",
        "renew",
    ],
    &[
        "invoice", "refund", "payment", "card", "billing", "charge", "plan", "upgrade", "vat",
        "currency", "receipt", "cancel",
    ],
    &[
        "migration",
        "move",
        "import",
        "cpanel",
        "database",
        "files",
        "sftp",
        "downtime",
        "preview",
        "hosts",
        "copy",
        "transfer",
    ],
    &[
        "backup",
        "restore",
        "snapshot",
        "retention",
        "archive",
        "download",
        "deleted",
        "rollback",
        "nightly",
        "storage",
        "recover",
        "copy",
    ],
    &[
        "outage",
        "status",
        "incident",
        "maintenance",
        "error",
        "timeout",
        "gateway",
        "uptime",
        "down",
        "monitoring",
        "sla",
        "notify",
    ],
    &[
        "password",
        "login",
        "account",
        "twofactor",
        "authenticator",
        "locked",
        "phishing",
        "hacked",
        "malware",
        "team",
        "permission",
        "ssh",
    ],
    &[
        "speed",
        "cache",
        "cdn",
        "php",
        "memory",
        "cpu",
        "limit",
        "image",
        "slow",
        "query",
        "bandwidth",
        "optimize",
    ],
    &[
        "wordpress",
        "plugin",
        "theme",
        "admin",
        "staging",
        "update",
        "woocommerce",
        "install",
        "redirect",
        "conflict",
        "critical",
        "editor",
    ],
];

/// Common words every article shares.
const COMMON: &[&str] = &[
    "your", "site", "website", "hosting", "control", "panel", "click", "open", "settings",
    "change", "server", "customer", "minutes", "hours", "check", "new", "old", "page", "service",
    "support", "set", "use", "when", "need", "help", "make", "sure", "first", "then", "after",
];

/// A small deterministic PRNG (xorshift64*), so runs are comparable.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A generated article: (file name, Markdown with front matter), and its topic.
pub fn article(rng: &mut Rng, n: usize) -> (String, String, usize) {
    let topic_index = rng.below(TOPICS.len());
    let topic = TOPICS[topic_index];
    let title: Vec<&str> = (0..4 + rng.below(4)).map(|_| rng.pick(topic)).collect();
    let mut body = String::new();
    let words = 150 + rng.below(250);
    for i in 0..words {
        let word = if rng.below(10) < 4 {
            rng.pick(topic)
        } else {
            rng.pick(COMMON)
        };
        body.push_str(word);
        body.push(if i % 15 == 14 { '\n' } else { ' ' });
    }
    let tags = [rng.pick(topic), rng.pick(topic)];
    let text = format!(
        "---\ntitle: {} {n}\nurl: https://help.example/articles/{n}\ntags: [{}, {}]\n---\n\n## {}\n\n{body}\n",
        title.join(" "),
        tags[0],
        tags[1],
        title[..2].join(" "),
    );
    (format!("article-{n:05}.md"), text, topic_index)
}

/// Writes `count` generated articles into `dir`.
pub fn write_articles(dir: &Path, count: usize, seed: u64) {
    fs::create_dir_all(dir).expect("create article dir");
    let mut rng = Rng::new(seed);
    for n in 0..count {
        let (name, text, _) = article(&mut rng, n);
        fs::write(dir.join(name), text).expect("write article");
    }
}

/// A customer-style question on a random topic: a greeting, topic words, common words.
pub fn question(rng: &mut Rng) -> String {
    let topic = TOPICS[rng.below(TOPICS.len())];
    let mut words = vec!["Hi team, I have a problem:"];
    for _ in 0..3 + rng.below(5) {
        words.push(rng.pick(topic));
        if rng.below(2) == 0 {
            words.push(rng.pick(COMMON));
        }
    }
    words.push("\nThanks, Sam");
    words.join(" ")
}
