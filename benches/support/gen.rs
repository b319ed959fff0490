//! A seeded generator of realistic support drafts for the benchmark: 100–250-word replies
//! built from greetings, explanations, steps, commitments (with and without a time frame),
//! occasional tone faults and sign-offs, each with an optional customer message of one to
//! three questions. The same seed always gives the same corpus.

/// One generated draft.
pub struct Draft {
    pub reply: String,
    pub customer: Option<String>,
}

/// xorshift64*: small, fast and deterministic; good enough to pick phrases.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const GREETINGS: &[&str] = &[
    "Hi Sam,",
    "Hello Priya,",
    "Dear Mr Hale,",
    "Hi there,",
    "Hey Jordan,",
    "Good morning Helen,",
];
const OPENERS: &[&str] = &[
    "Thanks for getting in touch, and I'm sorry for the trouble this has caused.",
    "Thank you for your patience while I looked into this.",
    "I'm sorry you've had to chase us about this; that shouldn't have happened.",
    "Thanks for the details and the screenshots, they made this much quicker to find.",
];
const EXPLANATIONS: &[&str] = &[
    "I checked your account and the payment from 14 May was applied to an older invoice by mistake.",
    "The outage was caused by a failed disk on the host node, and your site now runs on new hardware.",
    "Your parcel left our hub on Monday but was scanned at the wrong depot because of a misread label.",
    "The export button is greyed out because the April release moved it behind the Report editor role.",
    "Direct debits are collected on the first working day of the month, which was the 2nd this time.",
    "The mast that serves your postcode was upgraded last week and one antenna was left misaligned.",
    "Refunds to cards usually show within three to five working days, depending on your bank.",
    "Your plan includes 50 GB of storage and the account is currently at 48 GB, so uploads are slow.",
    "We moved the billing settings to a separate page so that only admins can change them.",
    "The error appears when the browser keeps an old session cookie after a password change.",
];
const STEPS: &[&str] = &[
    "Go to Settings > Members > Roles and tick Report editor for the people who need it.",
    "Open the app, tap Account > Security and switch on two-factor authentication.",
    "Clear the cache under Settings > Privacy, then sign in again.",
    "Log in at the portal, choose the shipment and select Change delivery day.",
    "Restart the router by holding the reset button for ten seconds.",
];
const TIMED: &[&str] = &[
    "I'll email you a short summary by 4pm tomorrow.",
    "The refund will be processed within 3 working days.",
    "I've escalated this to our network team, and I'll update you by Friday either way.",
    "Our engineer will visit on Thursday between 9am and 1pm.",
    "I'll check on it myself and call you before noon.",
];
const UNTIMED: &[&str] = &[
    "We're looking into it and will get back to you soon.",
    "I've escalated this to our billing team.",
    "Someone from our team will be in touch shortly.",
    "We'll update you as soon as possible.",
    "The replacement will be sent once the claim is approved.",
];
const TONE: &[&str] = &[
    "Obviously, you need to restart the router first.",
    "As I already said, the setting is on the page.",
    "You must have entered the code wrong.",
    "It's very easy if you simply read the manual.",
];
const FILLERS: &[&str] = &[
    "If you have any other questions, just reply to this email.",
    "I've added a note to your account so the next agent can see the history.",
    "You don't need to do anything else on your side.",
    "Everything else on the account looks fine.",
];
const CLOSINGS: &[&str] = &[
    "Best,\nMarcus",
    "Kind regards,\nLeila\nCustomer Relations",
    "Cheers,\nFinn",
    "Warm regards,\nAna",
];
const QUESTIONS: &[&str] = &[
    "When will it be fixed?",
    "Can I get a refund for the missed days?",
    "How do I add a second admin to our workspace?",
    "Is there a limit on how many users we can have?",
    "Where can I download the invoice for March?",
    "Why was I charged twice?",
    "Also, can you send a copy of the original label?",
    "Please let me know whether I can change the delivery day.",
    "What's the price per pallet to Poland?",
];
const PROBLEMS: &[&str] = &[
    "Our site has been down since 9 this morning and we take orders through it.",
    "I was charged twice for my subscription this month.",
    "My parcel was marked delivered but nothing arrived.",
    "The export button is greyed out for everyone except me.",
];

/// `count` drafts of 100–250 words, about a third with a customer message, about a quarter
/// with an untimed commitment and one in ten with a tone fault.
pub fn corpus(seed: u64, count: usize) -> Vec<Draft> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let words = 100 + rng.below(151);
            draft(&mut rng, words)
        })
        .collect()
}

/// One draft of about `words` words.
pub fn draft(rng: &mut Rng, words: usize) -> Draft {
    let mut body: Vec<&str> = vec![rng.pick(OPENERS)];
    let mut count = 0;
    let mut faults = 0;
    while count < words.saturating_sub(30) {
        let sentence = match rng.below(10) {
            0..=3 => rng.pick(EXPLANATIONS),
            4..=5 => rng.pick(STEPS),
            6 => rng.pick(TIMED),
            7 if faults == 0 && rng.chance(40) => {
                faults += 1;
                rng.pick(UNTIMED)
            }
            8 if faults == 0 && rng.chance(25) => {
                faults += 1;
                rng.pick(TONE)
            }
            _ => rng.pick(FILLERS),
        };
        count += sentence.split_whitespace().count();
        body.push(sentence);
    }
    let mut reply = format!("{}\n\n", rng.pick(GREETINGS));
    for (i, sentence) in body.iter().enumerate() {
        reply.push_str(sentence);
        reply.push_str(if i % 3 == 2 { "\n\n" } else { " " });
    }
    reply.push_str("\n\n");
    reply.push_str(rng.pick(CLOSINGS));
    let customer = rng.chance(35).then(|| {
        let mut c = rng.pick(PROBLEMS).to_owned();
        for _ in 0..=rng.below(3) {
            c.push(' ');
            c.push_str(rng.pick(QUESTIONS));
        }
        c
    });
    Draft { reply, customer }
}
