//! Language helpers shared by the listening checks (`unanswered-question`, `missing-timeline`):
//! words and sentences (via `unicode-segmentation`), topic terms (lowercased, stemmed with the
//! Snowball English stemmer, stop words dropped, synonyms folded), time expressions and vague
//! time words, and the customer's questions and requests.
//!
//! Everything that can be compiled is compiled once (`LazyLock`); per word, the only work is
//! lowercasing into a reused buffer, one stem and one hash.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use frostem::{Algorithm, Stemmer};
use regex::Regex;

use super::lexicon;

/// A topic term: the hash of a word's canonical stem.
pub type Term = u64;

/// A word of a text with its byte range, lowercased without apostrophes ("What's" -> "whats").
#[derive(Debug, Clone)]
pub struct Word {
    pub range: Range<usize>,
    pub norm: String,
}

/// The words of `text`, skipping `@handles` and `#tags`.
pub fn words(text: &str) -> Vec<Word> {
    crate::segment::word_bound_indices(text)
        .filter(|(start, w)| {
            w.chars().next().is_some_and(char::is_alphanumeric)
                && !text[..*start].ends_with(['@', '#'])
        })
        .map(|(start, w)| Word {
            range: start..start + w.len(),
            norm: normalize(w),
        })
        .collect()
}

/// Lowercases `word` and drops apostrophes.
fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c != '\'' && c != '’' {
            crate::text::push_lowercase(&mut out, c);
        }
    }
    out
}

/// Whether a normalized word carries no topic.
pub fn is_stop(norm: &str) -> bool {
    lexicon::STOP_WORDS.binary_search(&norm).is_ok()
}

/// Whether `norm` is in the (unsorted, short) list.
pub fn is_in(list: &[&str], norm: &str) -> bool {
    list.contains(&norm)
}

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::new(Algorithm::English));

/// FNV-1a: a fast, stable hash for short strings.
fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Stem hash -> the stem hash of its synonym group's first word.
static SYNONYMS: LazyLock<HashMap<u64, u64>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for group in lexicon::SYNONYMS {
        let canonical = hash(&STEMMER.stem(group[0]));
        for word in *group {
            map.insert(hash(&STEMMER.stem(word)), canonical);
        }
    }
    map
});

/// Words kept in the per-thread stem cache before it is cleared; support vocabulary is small,
/// so a few thousand words cover almost every reply.
const CACHE_LIMIT: usize = 20_000;

/// Hashes a key that is already a hash (see [`hash`]) by passing it through.
#[derive(Default)]
struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed; anything else is folded in FNV-style for completeness.
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Word hash -> term, keyed without rehashing.
type TermCache = HashMap<u64, Option<Term>, std::hash::BuildHasherDefault<PassThrough>>;

thread_local! {
    /// Normalized word -> term: stemming is the costliest step per word, and words repeat.
    static TERMS: std::cell::RefCell<TermCache> = std::cell::RefCell::new(TermCache::default());
}

/// The term of a normalized word, or `None` for stop words and single letters.
pub fn term(norm: &str) -> Option<Term> {
    // A single letter carries no topic.
    norm.chars().nth(1)?;
    // Keyed by the word's hash: a collision between two 64-bit FNV hashes of short words
    // would only merge two topics (or drop one). Stop words are cached too.
    let key = hash(norm);
    TERMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(&t) = cache.get(&key) {
            return t;
        }
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        let t = (!is_stop(norm)).then(|| {
            let h = hash(&STEMMER.stem(norm));
            SYNONYMS.get(&h).copied().unwrap_or(h)
        });
        cache.insert(key, t);
        t
    })
}

/// The sorted, deduplicated terms of `words`.
pub fn terms<'a>(words: impl IntoIterator<Item = &'a Word>) -> Vec<Term> {
    let mut out: Vec<Term> = words.into_iter().filter_map(|w| term(&w.norm)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The sorted, deduplicated terms of `text`, lowercasing each word into one reused buffer (no
/// allocation per word unless the stemmer changes it).
pub fn text_terms(text: &str) -> Vec<Term> {
    let mut buf = String::new();
    let mut out: Vec<Term> = Vec::new();
    for (start, w) in crate::segment::word_bound_indices(text) {
        if !w.chars().next().is_some_and(char::is_alphanumeric)
            || text[..start].ends_with(['@', '#'])
        {
            continue;
        }
        buf.clear();
        if w.is_ascii() {
            let lower = w
                .bytes()
                .filter(|&b| b != b'\'')
                .map(|b| b.to_ascii_lowercase());
            buf.extend(lower.map(char::from));
        } else {
            for c in w.chars() {
                if c != '\'' && c != '’' {
                    crate::text::push_lowercase(&mut buf, c);
                }
            }
        }
        out.extend(term(&buf));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// How many of `needles` (sorted) occur in `haystack` (sorted).
pub fn shared(needles: &[Term], haystack: &[Term]) -> usize {
    needles
        .iter()
        .filter(|t| haystack.binary_search(t).is_ok())
        .count()
}

/// Sentence ranges of a plain message (not a draft): hard-wrapped lines are joined unless the
/// line ends a sentence, is blank, is a short greeting ("Hi team,") or the next is a list item.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut joined = text.as_bytes().to_vec();
    let lines: Vec<Range<usize>> = {
        let mut start = 0;
        text.split_inclusive('\n')
            .map(|l| {
                let r = start..start + l.trim_end_matches(['\n', '\r']).len();
                start += l.len();
                r
            })
            .collect()
    };
    for pair in lines.windows(2) {
        let (line, next) = (text[pair[0].clone()].trim(), text[pair[1].clone()].trim());
        let greeting = line.ends_with(',') && line.split_whitespace().count() <= 4;
        let list =
            next.starts_with(['-', '*', '•']) || next.starts_with(|c: char| c.is_ascii_digit());
        if !line.is_empty() && !next.is_empty() && !greeting && !list && !line.ends_with(':') {
            for b in &mut joined[pair[0].end..pair[1].start] {
                *b = b' ';
            }
        }
    }
    let joined = String::from_utf8(joined).expect("only ASCII line breaks were replaced");
    let mut out = Vec::new();
    for (start, sentence) in crate::segment::sentence_bound_indices(&joined) {
        let mut from = start;
        for piece in sentence.split_inclusive(is_lowercase_break(sentence)) {
            let lead = piece.len() - piece.trim_start().len();
            let text = piece.trim();
            if text.chars().any(char::is_alphanumeric) {
                out.push(from + lead..from + lead + text.len());
            }
            from += piece.len();
        }
    }
    out
}

/// A splitter for what Unicode sentence rules keep together but casual messages mean as two
/// sentences: a line break, or ". " before a lowercase letter ("it broke. also can you ...").
fn is_lowercase_break(sentence: &str) -> impl FnMut(char) -> bool + '_ {
    let bytes = sentence.as_bytes();
    let mut pos = 0;
    move |c: char| {
        let at = pos;
        pos += c.len_utf8();
        if c == '\n' {
            return true;
        }
        if !matches!(c, '.' | '!' | '?') {
            return false;
        }
        // The char after this one must be a space, then a lowercase letter.
        bytes.get(at + 1) == Some(&b' ')
            && bytes.get(at + 2).is_some_and(u8::is_ascii_lowercase)
            && (at == 0 || bytes[at - 1] != b'.')
    }
}

/// A number word or figure, as used in durations.
const COUNT: &str = r"(?:\d+(?:[.,]\d+)?(?:\s*(?:-|–|to|or)\s*\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|forty|forty-eight|fifty|sixty|seventy-two|ninety|a\s+few|a\s+couple(?:\s+of)?|couple\s+of|several|half\s+an?)";
const UNIT: &str = r"(?:(?:more|extra|business|working|calendar|bank|full)\s+)*(?:minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|months?|years?|business\s+days?)";
const WEEKDAY: &str = r"(?:mon|tues?|wed|thu|thurs|fri|sat|sun)(?:day)?";
const FULL_WEEKDAY: &str = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day";
const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/// A concrete time frame: a duration, a day or date, a clock time, or "today"-like words.
pub static TIME_FRAME: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?ix-u)
        \b(?:within|in|under|inside|over|up\s+to|about|around|roughly|approximately|less\s+than|no\s+more\s+than|next|another|after|for|takes?|taking|allow)\s+(?:the\s+next\s+|about\s+|around\s+|up\s+to\s+)?{COUNT}\s*-?\s*{UNIT}\b
        | \b\d+\s*(?:-|–|to)?\s*\d*\s*{UNIT}\b
        | \b(?:within|in|under)\s+(?:the|an|the\s+next)\s+(?:hour|day|week|month)\b
        | \b(?:the\s+)?same\s+(?:day|afternoon|evening|morning)\b | \bsame-day\b
        | \b(?:by|before|until|till|at)\s+(?:the\s+)?(?:end|close|start)\s+of\s+(?:the\s+|this\s+|next\s+)?(?:day|week|month|business|play|shift)\b
        | \b(?:end|close)\s+of\s+(?:business|day)\b | \beod\b | \bcob\b | \beow\b
        | \b(?:today|tonight|tomorrow|tmrw|tmr|overnight)\b
        | \b(?:this|next|later\s+this|later\s+today|on|by|before|until|from|every|each)\s+(?:{WEEKDAY}|morning|afternoon|evening|week|weekend|month|quarter|year|night|hour)\b
        | \b(?:later\s+today|first\s+thing|right\s+away|straight\s+away|immediately|daily|weekly|hourly|every\s+day|momentarily)\b
        | \b(?:on\s+the\s+spot|there\s+and\s+then|the\s+(?:moment|minute|second|instant)\s+(?:we|you|it|they|the|your|our))\b
        | (?:'ll|’ll|\bwill)\s+(?:[a-z]+\s+){{1,5}}?(?:right\s+)?now\s*(?:[.!,;]|$)
        | \bwhile\s+(?:we(?:'re|’re|\s+are)\s+(?:chatting|talking|on\s+the\s+(?:phone|call|line|chat))|you(?:'re|’re|\s+are)\s+(?:still\s+)?on\s+the\s+(?:phone|call|line|chat)|you\s+wait)\b
        | \bin\s+a\s+(?:moment|minute|second|sec|few\s+moments)\b
        | \b{FULL_WEEKDAY}s?\b
        | \b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b | \b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b
        | \bthe\s+\d{{1,2}}(?:st|nd|rd|th)\b
        | \b\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\b | \b\d{{4}}-\d{{2}}-\d{{2}}\b
        | \b\d{{1,2}}(?::\d{{2}})?\s*(?:am|pm|a\.m\.|p\.m\.)(?:\s|\b|$) | \b(?:[01]?\d|2[0-3]):[0-5]\d\b
        | \b(?:noon|midday|midnight)\b
        | \b{COUNT}\s+{UNIT}\s+(?:before|ahead|prior|beforehand|in\s+advance|after|later|from\s+now)\b
        "
    );
    Regex::new(&pattern).expect("valid time-frame regex")
});

/// Vague time words that are not a time frame ("soon", "ASAP", "in due course").
pub static VAGUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix-u)
        \b(?:soon(?:er)?|shortly|asap|a\.s\.a\.p\.?|eventually|in\s+due\s+course|at\s+some\s+point|some\s+time|sometime
        | as\s+(?:soon|quickly|fast|promptly)\s+as\s+(?:possible|we\s+can|i\s+can|they\s+can|we\s+are\s+able|we're\s+able|humanly\s+possible|practicable|feasible)
        | as\s+soon\s+as\s+(?:we|i|they)(?:'ve|\s+have|\s+hear|\s+know|\s+get|'re|\s+are)\s+(?:[a-z]+\s+){0,3}?(?:news|information|info|update|details|back|an\s+answer)
        | in\s+the\s+(?:near\s+)?future|in\s+the\s+coming\s+(?:days|weeks|months)|at\s+a\s+later\s+(?:date|time|stage)
        | in\s+a\s+timely\s+(?:manner|fashion)|at\s+the\s+earliest\s+opportunity|before\s+long|in\s+good\s+time|in\s+the\s+fullness\s+of\s+time
        | (?:the|a|an)\s+(?:next|future|upcoming|later|coming|subsequent)\s+(?:release|update|version|build|patch|sprint|app\s+update)
        | (?:a|some)\s+(?:future|later)\s+(?:bill|statement|invoice|date)
        | when\s+(?:we|they|i)\s+(?:can|get\s+(?:to|round\s+to|a\s+chance))|when\s+it\s+comes|whenever\s+(?:we|they|i)\s+can
        )\b",
    )
    .expect("valid vague-time regex")
});

/// What kind of answer a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// "when", "how long": a time.
    When,
    /// "how much", "how many", prices: a number.
    HowMuch,
    /// "where": a place or a link.
    Where,
    /// "how do I": steps.
    How,
    /// "why": a reason.
    Why,
    /// "who", "what", "which": content.
    Open,
    /// "can I", "is there": yes or no.
    YesNo,
    /// "please send", "I need": an action.
    Request,
}

/// A question or request in the customer's message.
#[derive(Debug, Clone)]
pub struct Question {
    /// Byte range in the message, from the question's first word to its end.
    pub range: Range<usize>,
    /// The sentence it is in, from its first content word (after "And", "Also") to its end.
    pub sentence: Range<usize>,
    pub kind: Kind,
    /// Topic terms (question words and stop words removed), sorted; for a question that
    /// refers back ("can you remove it?"), with the terms of what came before.
    pub terms: Vec<Term>,
    /// How many of `terms` are the question's own words.
    pub own_terms: usize,
    /// The question's own topic terms, sorted.
    pub own: Vec<Term>,
    /// For a request for action, the verb's term ("can you *check* it").
    pub action: Option<Term>,
    /// A follow-up that only applies if the previous answer was no ("If not, do you offer
    /// repairs?").
    pub conditional: bool,
    /// Added on to a message about something else ("Also, can you ...").
    pub added_on: bool,
}

impl Question {
    /// The terms that say what the question is about: its own words, or for a question made
    /// only of a reference back ("why did this happen?"), the words it refers to.
    pub fn topic(&self) -> &[Term] {
        if self.own.is_empty() {
            &self.terms
        } else {
            &self.own
        }
    }
}

/// Words that make the rest of a "how"/"what" phrase part of the question word.
const WH_PHRASE: &[&str] = &[
    "long", "much", "many", "often", "soon", "far", "come", "about", "time",
];

/// Words that soften a request without starting a new one ("*please* also let me know").
const POLITE: &[&str] = &[
    "please", "pls", "plz", "kindly", "can", "could", "would", "will", "you", "u",
];

/// Rhetorical or venting questions that ask for nothing.
static RHETORICAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix-u)^(?:
        how\s+(?:is|was)\s+(?:that|this|it)\s+(?:even\s+)?(?:fair|ok|okay|acceptable|possible|right|legal|reasonable)
        | how\s+hard\s+(?:is\s+it|can\s+it\s+be) | how\s+(?:many\s+times|long)\s+(?:do|must|should|will)\s+i\s+have\s+to
        | what\s+the\s+(?:hell|heck|f\w*) | who\s+(?:uses|does\s+that|would|in\s+their\s+right)
        | are\s+you\s+(?:kidding|serious|joking) | is\s+(?:anyone|anybody)\s+(?:actually\s+|even\s+)?(?:working|there|listening|home|reading|awake)
        | who\s+(?:designed|thought|decided|approved|signed\s+off)
        | (?:really|seriously|why\s+me|huh|right|no|ok|okay)(?u:\W)*$ | why\s+is\s+it\s+so\s+hard
        | am\s+i\s+(?:\w+ing|the\s+only|crazy|mad|insane|stupid|wrong|being)\b
        | (?:is\s+it\s+just\s+me|anyone\s+else)\b | do\s+you\s+(?:even|really)\s+care
        | what\s+(?:else\s+is\s+new|did\s+i\s+expect|a\s+joke) | is\s+this\s+how\s+you\s+treat
        | how\s+(?:has|did|does|can|could)\s+it\s+(?:take|taken|be\s+so)
        | why\s+(?:do|did|should|would)\s+(?:i|we)\s+(?:even\s+)?bother
        )",
    )
    .expect("valid rhetorical-question regex")
});

/// Openings of indirect questions and requests ("please ...", "I need ...", "I'd like to know",
/// "I want to switch ...", "need to change ...", "we'd like daily backups", where
/// "[a-su-z0-9]\w*|t(?:[a-np-z0-9]\w*)?|to\w+" is a word other than "to").
static REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix-u)^(?:
        please\s+\w | pls\s+\w | plz\s+\w
        | (?:i|we)(?:'d|’d|\s+would)\s+(?:also\s+)?(?:be\s+grateful\s+if|appreciate\s+it\s+if)
        | (?:i|we)(?:'d|’d|\s+would)\s+(?:also\s+)?(?:like|love|appreciate)\s+(?:to\s+(?:know|ask|request|get|have|receive|see|find)|(?:[a-su-z0-9]\w*|t(?:[a-np-z0-9]\w*)?|to\w+)\b)
        | (?:i'm|i’m|we're|we’re|i\s+am|we\s+are)\s+writing\s+to\s+(?:ask|request|enquire|inquire)\b
        | (?:i|we)\s+(?:still\s+|also\s+|really\s+|just\s+)?(?:need|want|require|request)\s+(?:a|an|the|my|our|this|these|it|to\s+know|to\s+get|to\s+have|to\s+change|to\s+cancel|a\s+new|some|you)\b
        | (?:i|we)\s+(?:still\s+|also\s+|really\s+|just\s+)?want\s+to\s+\w | (?:need|want)\s+to\s+\w
        | (?:i|we)\s+(?:was|were|am|are)\s+wondering\b | i\s+wonder\s+(?:if|whether|why|how|what|when|where)
        | (?:let\s+me\s+know|tell\s+me|advise|kindly)\b
        | (?:can|could|would|will)\s+(?:you|someone|somebody|anyone|u)\b
        | (?:does|do)\s+(?:anyone|anybody)\s+know | (?:anyone|anybody)\s+know
        | any\s+(?:update|news|idea|eta|word|chance|way|info|information)\b
        )",
    )
    .expect("valid request regex")
});

/// A request that only refers back to the question before it, to say why it is asked: "We
/// need this for our incident report", "I'd like to know before buying".
static REASON_FOR_ASKING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix-u)^(?:
        (?:i|we)\s+(?:really\s+|just\s+|do\s+)?(?:need|want|require)\s+(?:this|that|it|these|those|them)\s+(?:for|because|as|since|so|to|before|by)\b
        | (?:i|we)(?:'d|’d|\s+would)\s+(?:like|love)\s+to\s+know\s+(?:before|because|as|since|so|for|beforehand|in\s+advance)\b
        )",
    )
    .expect("valid reason-for-asking regex")
});

fn is_wh(norm: &str) -> bool {
    is_in(lexicon::WH_WORDS, norm)
}

/// The customer's questions and requests in `text`, in order.
pub fn questions(text: &str) -> Vec<Question> {
    let mut out = Vec::new();
    let mut previous_terms: Vec<Term> = Vec::new();
    let mut last_sentence: Vec<Term> = Vec::new();
    // A request that introduces a list ("for the move please:"): its items are requests.
    let mut requests_listed = false;
    for sentence in sentences(text) {
        let words = words(&text[sentence.clone()]);
        if words.is_empty() {
            continue;
        }
        let offset = sentence.start;
        let listed = requests_listed
            && text[sentence.clone()]
                .starts_with(|c: char| "-*•".contains(c) || c.is_ascii_digit());
        requests_listed = listed
            || text[sentence.clone()].ends_with(':')
                && (words.iter()).any(|w| is_in(&["please", "pls", "plz"], &w.norm));
        let asks = text[sentence.clone()].trim_end().ends_with('?')
            || text[sentence.clone()]
                .trim_end_matches(['"', '”', ')', ' '])
                .ends_with('?');
        let gap = |i: usize| &text[offset + words[i - 1].range.end..offset + words[i].range.start];
        // Where clauses begin: the first word, after , ; : ( or a joiner, but not after "or".
        let clause_start = |i: usize| -> bool {
            if i == 0 {
                return true;
            }
            let prev = words[i - 1].norm.as_str();
            if prev == "or" {
                return false;
            }
            // "my partner, who's a nurse" and "the letter, which ..." are relative clauses, but
            // not "hi, where do I ...".
            if RELATIVE.contains(&words[i].norm.as_str())
                && !is_in(lexicon::JOINERS, prev)
                && !is_in(lexicon::LEAD_INS, prev)
            {
                return false;
            }
            gap(i).contains([',', ';', ':', '(', '—', '–'])
                || gap(i).contains(" - ")
                // "1) When will it arrive? 2) Can I ...": after a list number.
                || prev.bytes().all(|b| b.is_ascii_digit()) && gap(i).contains([')', '.'])
                || is_in(lexicon::JOINERS, prev)
                || (is_in(lexicon::LEAD_INS, prev)
                    && (i == 1 || gap(i - 1).contains([',', ';', ':'])))
        };
        // Skip greetings and joiners before the first word of the sentence's question.
        let first_content = words
            .iter()
            .position(|w| !is_in(lexicon::LEAD_INS, &w.norm))
            .unwrap_or(0);
        let lead = &text[offset + words[first_content].range.start..sentence.end];
        let request = listed || REQUEST.is_match(lead);
        // Where a request starts in the sentence ("hi I lost my card, *can u* block it ..."), if
        // one does: a verb after "and" past it is a request of its own.
        let request_from = (first_content..words.len()).find(|&i| {
            (i == first_content || clause_start(i))
                && REQUEST.is_match(&text[offset + words[i].range.start..sentence.end])
        });
        // "the shoes came in the wrong size can i swap them": a question run on without a
        // break, opened by an auxiliary and a pronoun that no question word earlier asked for.
        let run_on = |i: usize| -> bool {
            let next = words.get(i + 1).map_or("", |w| w.norm.as_str());
            i > first_content
                && is_in(RUN_ON_AUX, &words[i].norm)
                && is_in(&["i", "u", "you", "we"], next)
                && !is_in(NOT_RUN_ON, &words[i - 1].norm)
                && !words[first_content..i].iter().any(|w| is_wh(&w.norm))
        };
        let opens = |i: usize| -> bool {
            let w = words[i].norm.as_str();
            let next = words.get(i + 1).map(|w| w.norm.as_str()).unwrap_or("");
            if w == "whether" {
                // "... and whether SSL is included"
                return i > first_content;
            }
            if w == "if" {
                // "can you tell me if it has parking and if it's free"
                return i > first_content
                    && words[first_content..i]
                        .windows(2)
                        .any(|p| is_in(ASKS_IF, &p[0].norm) && p[1].norm == "if");
            }
            if i > first_content
                && words[first_content..i]
                    .iter()
                    .any(|w| !is_in(lexicon::LEAD_INS, &w.norm) && !is_in(POLITE, &w.norm))
                && REQUEST.is_match(&text[offset + words[i].range.start..sentence.end])
            {
                // "..., and please tell me whether ..." (but not "Please also let me know").
                return true;
            }
            if is_in(lexicon::REQUEST_VERBS, w)
                && request_from.is_some_and(|j| {
                    j < i
                        && words[j..i]
                            .iter()
                            .any(|w| !is_in(lexicon::LEAD_INS, &w.norm) && !is_in(POLITE, &w.norm))
                })
            {
                // "Please stop it and refund the charges": a second request.
                return true;
            }
            if is_wh(w) {
                // Without a question mark, "when I try ..." is a clause, not a question, unless
                // the sentence asks indirectly ("I want to know if ... and what the fee is").
                asks || request
                    || w.ends_with('s')
                    || w == "who"
                    || is_in(lexicon::AUX_WORDS, next)
                    || is_in(WH_PHRASE, next)
                    || next == "to"
                    // "what php versions do you support"
                    || (w == "what" || w == "which")
                        && words[i + 1..].iter().take(3).any(|w| is_in(lexicon::AUX_WORDS, &w.norm))
            } else {
                // "Is breakfast included?": any subject after an opening auxiliary, but not
                // "We're a small shop" ("were") or another contraction but "-n't".
                let raw = &text[offset + words[i].range.start..offset + words[i].range.end];
                let contracted = raw.contains(['\'', '’']) && !w.ends_with("nt");
                is_in(lexicon::AUX_WORDS, w)
                    && !contracted
                    && (is_in(lexicon::SUBJECT_WORDS, next) || asks && i == first_content)
            }
        };
        let mut starts: Vec<usize> = (0..words.len())
            .filter(|&i| clause_start(i) && opens(i) || run_on(i))
            .collect();
        // Without a question mark, only a sentence that opens as a question or a request holds
        // questions. A question mark alone ("now this??", "only 9 chunks?") is venting more
        // often than asking; a question needs a question's opening or a request's.
        // A colon opens a sentence of its own ("Feature request: please add ...").
        // So does a question word, an auxiliary and a subject after a comma ("my reading was
        // estimated again, how do I submit one").
        let wh_clause = |i: usize| {
            let norm = |k: usize| words.get(k).map_or("", |w| w.norm.as_str());
            gap(i).contains(',')
                && is_wh(norm(i))
                && is_in(lexicon::AUX_WORDS, norm(i + 1))
                && is_in(lexicon::SUBJECT_WORDS, norm(i + 2))
        };
        let opens_sentence =
            |i: usize| i == first_content || gap(i).contains(':') || run_on(i) || wh_clause(i);
        if !asks && !starts.first().is_some_and(|&i| opens_sentence(i)) && !request {
            starts.clear();
        }
        let mut segments: Vec<(usize, Option<Kind>)> = starts.iter().map(|&i| (i, None)).collect();
        // "We need this for our incident report" after a question gives its reason and asks
        // nothing more.
        let gives_reason = !out.is_empty() && REASON_FOR_ASKING.is_match(lead);
        if request
            && !gives_reason
            && segments.first().is_none_or(|&(i, _)| i > first_content)
            && (segments.is_empty() || !asks)
        {
            segments.insert(0, (first_content, Some(Kind::Request)));
        }
        let sentence_start = offset + words[first_content].range.start;
        let conditional = CONDITIONAL.is_match(&text[sentence_start..sentence.end]);
        let added_on = ADDED_ON.is_match(&text[sentence.clone()]);
        for (n, &(i, kind)) in segments.iter().enumerate() {
            let end_word = segments.get(n + 1).map_or(words.len(), |&(j, _)| j);
            // Trim joiners ("and", "also") before the next question.
            let mut last = end_word;
            while last > i + 1 && is_in(lexicon::JOINERS, &words[last - 1].norm) {
                last -= 1;
            }
            let start = offset + words[i].range.start;
            let end = if end_word == words.len() {
                sentence.end
            } else {
                offset + words[last - 1].range.end
            };
            let body = &text[start..end];
            if RHETORICAL.is_match(body) {
                continue;
            }
            let kind = kind.unwrap_or_else(|| kind_of(&words[i..last]));
            let mut topic = terms(topic_words(&words[i..last], kind));
            let own_terms = topic.len();
            let own = topic.clone();
            // "can you remove it?": the topic is in what came before.
            let refers_back = words[i..last].iter().any(|w| {
                matches!(
                    w.norm.as_str(),
                    "it" | "this" | "that" | "them" | "one" | "they"
                )
            });
            if refers_back && topic.len() <= 1 {
                let before = terms(&words[..i]);
                let context = if before.is_empty() {
                    &previous_terms
                } else {
                    &before
                };
                topic.extend_from_slice(context);
                topic.sort_unstable();
                topic.dedup();
            }
            out.push(Question {
                range: start..end,
                sentence: sentence_start..sentence.end,
                kind,
                terms: topic,
                own_terms,
                own,
                action: request_verb(&words[i..last]),
                conditional,
                added_on,
            });
        }
        // What "it" can refer to: the last two sentences ("... a £35 charge for calls? I never
        // call those. Can you remove it?").
        let current = terms(&words);
        previous_terms = [current.as_slice(), &last_sentence].concat();
        previous_terms.sort_unstable();
        previous_terms.dedup();
        last_sentence = current;
    }
    out
}

/// The words of a question that name its topic: without the question word and its phrase
/// ("how long", "what time"), and for time questions without the time words themselves.
fn topic_words(words: &[Word], kind: Kind) -> impl Iterator<Item = &Word> {
    let skip = match words {
        [w, next, ..] if is_wh(&w.norm) && is_in(WH_PHRASE, &next.norm) => 2,
        // "refund the charges": the verb is what is asked.
        [w, ..] if is_in(lexicon::REQUEST_VERBS, &w.norm) => 0,
        _ => 1,
    };
    words
        .iter()
        .skip(skip.min(words.len().saturating_sub(1)))
        .filter(move |w| kind != Kind::When || !is_in(TIME_WORDS, &w.norm))
}

/// Words that make a question about time ("... tonight?", "how many days ...").
const TIME_WORDS: &[&str] = &[
    "today", "tonight", "tomorrow", "yet", "day", "days", "hour", "hours", "week", "weeks",
    "month", "months", "minute", "minutes", "year", "years", "date", "time", "long", "soon",
];

/// Auxiliaries that open a question run on without a break ("... wrong size can i swap them").
const RUN_ON_AUX: &[&str] = &[
    "can", "could", "do", "does", "did", "should", "will", "would",
];

/// Words before an auxiliary and a pronoun that make them no question ("so do we", "as you
/// can", "the more I can ...").
const NOT_RUN_ON: &[&str] = &[
    "so", "or", "nor", "neither", "than", "as", "if", "that", "what", "more", "less", "best",
];

/// Words before "if" that embed a question ("tell me if ...", "wondering if ...").
const ASKS_IF: &[&str] = &[
    "me",
    "us",
    "know",
    "ask",
    "wondering",
    "wonder",
    "confirm",
    "check",
];

/// Wh-words that after a comma start a relative clause, not a new question.
const RELATIVE: &[&str] = &["who", "whos", "which", "whose", "whom", "where", "wheres"];

/// Openers that add a question to a message about something else.
static ADDED_ON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)^(?:also|plus|additionally|additional|btw|by\s+the\s+way|one\s+more|another|secondly|lastly|finally|separately|on\s+another\s+note)\b")
        .expect("valid added-on regex")
});

/// Sentence openers of a follow-up that applies only if the previous answer was no ("If so,
/// is there a fee?" is asked whenever the answer is yes, which is the usual answer).
static CONDITIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)^(?:if\s+(?:not|no)|otherwise|failing\s+that)\b")
        .expect("valid conditional regex")
});

/// The verb of a request for action ("can you *send* a new code", "please *fix* it"), as a term.
fn request_verb(words: &[Word]) -> Option<Term> {
    let norm = |i: usize| words.get(i).map_or("", |w| w.norm.as_str());
    let at = match (norm(0), norm(1), norm(2)) {
        ("please", _, _) => 1,
        ("can" | "could" | "would" | "will", "you" | "someone" | "somebody" | "u", "please") => 3,
        ("can" | "could" | "would" | "will", "you" | "someone" | "somebody" | "u", _) => 2,
        // "... and refund the charges"
        (verb, _, _) if is_in(lexicon::REQUEST_VERBS, verb) => 0,
        _ => return None,
    };
    let verb = norm(at);
    if matches!(
        verb,
        "tell" | "let" | "confirm" | "explain" | "advise" | "clarify" | "say" | "also" | "just"
    ) {
        return None;
    }
    term(verb)
}

/// Where the question embedded in "can you tell me ...", "please let me know ...", "explain ..."
/// starts.
fn embedded(words: &[Word]) -> Option<usize> {
    let norm = |i: usize| words.get(i).map_or("", |w| w.norm.as_str());
    let mut at = 0;
    if matches!(norm(0), "can" | "could" | "would" | "will") && matches!(norm(1), "you" | "u") {
        at = 2;
    }
    if norm(at) == "please" {
        at += 1;
    }
    match (norm(at), norm(at + 1)) {
        ("tell" | "let", "me" | "us") => at += 2,
        ("explain", _) => at += 1,
        _ => return None,
    }
    if norm(at) == "know" {
        at += 1;
    }
    (at < words.len()).then_some(at)
}

/// What a question asks for, from its first words.
fn kind_of(words: &[Word]) -> Kind {
    // "Can you tell me where it is?" asks what its embedded question asks.
    if let Some(at) = embedded(words)
        && is_wh(&words[at].norm)
    {
        return kind_of(&words[at..]);
    }
    let first = words.first().map_or("", |w| w.norm.as_str());
    let second = words.get(1).map_or("", |w| w.norm.as_str());
    let mentions = |list: &[&str]| words.iter().any(|w| list.contains(&w.norm.as_str()));
    if first == "how"
        && second == "many"
        && words.get(2).is_some_and(|w| is_in(TIME_WORDS, &w.norm))
    {
        return Kind::When;
    }
    // "Can you put me back on the old price?" asks for an action, not an amount.
    if request_verb(words).is_some() {
        return Kind::Request;
    }
    if mentions(&[
        "cost", "costs", "price", "fee", "fees", "charge", "rate", "much", "many", "free",
    ]) {
        return Kind::HowMuch;
    }
    if !is_wh(first) && mentions(&["today", "tonight", "tomorrow", "yet"]) {
        return Kind::When;
    }
    if first == "please" {
        return Kind::Request;
    }
    match first {
        "when" | "whens" => Kind::When,
        "how" | "hows" | "howd" if matches!(second, "long" | "soon" | "often") => Kind::When,
        "how" | "hows" | "howd" => Kind::How,
        "where" | "wheres" => Kind::Where,
        "why" | "whys" => Kind::Why,
        "what" | "whats" if matches!(second, "time" | "date" | "day") => Kind::When,
        // "what's causing it", "what happened": a reason.
        "what" | "whats"
            if matches!(
                second,
                "causing" | "caused" | "causes" | "happened" | "wrong" | "went"
            ) =>
        {
            Kind::Why
        }
        w if is_wh(w) => Kind::Open,
        _ => Kind::YesNo,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(text: &str) -> Vec<&str> {
        questions(text)
            .into_iter()
            .map(|q| &text[q.range])
            .collect()
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(lexicon::STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn stems_and_synonyms_share_a_term() {
        assert_eq!(term("refunds"), term("reimbursement"));
        assert_eq!(term("invoices"), term("invoice"));
        assert_eq!(term("the"), None);
        assert_eq!(term("charges"), term("fee"));
        // A payment is not its fee: "payments to Poland arrive the next day" says nothing of
        // what the transfer costs.
        assert_ne!(term("payments"), term("fee"));
        // "Is SSL included?" is not answered by "to add a domain, ...".
        assert_ne!(term("included"), term("add"));
        assert_eq!(term("snapshots"), term("backup"));
        assert_eq!(term("sudo"), term("root"));
        assert_eq!(term("inspected"), term("check"));
    }

    #[test]
    fn questions_split_where_they_ask_different_things() {
        assert_eq!(
            asked("When will it be back and will I get a credit?"),
            ["When will it be back", "will I get a credit?"]
        );
        assert_eq!(
            asked(
                "whats the cost of a second line and can i keep my number and how long does that take"
            ),
            [
                "whats the cost of a second line",
                "can i keep my number",
                "how long does that take"
            ]
        );
        assert_eq!(
            asked("can i swap it or do i have to return it?"),
            ["can i swap it or do i have to return it?"]
        );
    }

    #[test]
    fn indirect_questions_and_requests_count() {
        assert_eq!(
            asked("I need the invoice for March. Our VAT number changed. Please advise."),
            ["I need the invoice for March.", "Please advise."]
        );
        assert_eq!(
            asked("My card was declined. also please let me know whether I can add a bag"),
            ["please let me know whether I can add a bag"]
        );
        assert_eq!(
            asked("When I log in it fails. It is slow."),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn rhetorical_questions_are_skipped() {
        assert!(asked("how is that even fair?? who uses that much gas.").is_empty());
        assert!(asked("Is anyone actually reading these?").is_empty());
    }

    #[test]
    fn questions_open_with_an_auxiliary_and_any_subject() {
        assert_eq!(
            asked("Can you change it? Also is breakfast included?"),
            ["Can you change it?", "is breakfast included?"]
        );
        // Mid-sentence, an auxiliary still needs a subject: "and can Ed" is not split.
        assert_eq!(
            asked("My order is late and is costing me."),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn indirect_questions_inside_a_sentence_count() {
        assert_eq!(
            asked("Can you tell me how to add a domain and whether SSL is included?"),
            [
                "Can you tell me how to add a domain",
                "whether SSL is included?"
            ]
        );
        assert_eq!(
            asked("i want to know if i can pay from another account and what the cut off time is"),
            [
                "i want to know if i can pay from another account",
                "what the cut off time is"
            ]
        );
        assert_eq!(
            asked("I'd like a new cushion sent out, and please tell me whether I need to be home."),
            [
                "I'd like a new cushion sent out",
                "please tell me whether I need to be home."
            ]
        );
        // A polite opening is one request, not two.
        assert_eq!(
            asked("Please also let me know how I can download a backup."),
            ["Please also let me know how I can download a backup."]
        );
        assert_eq!(
            asked("I still need to know if my router is being replaced."),
            ["I still need to know if my router is being replaced."]
        );
    }

    #[test]
    fn numbered_colon_led_and_coordinated_requests_count() {
        assert_eq!(
            asked("Two questions: 1) When will it arrive? 2) Can I keep my number?"),
            ["When will it arrive?", "Can I keep my number?"]
        );
        assert_eq!(
            asked("Feature request: please add a colour-blind mode."),
            ["please add a colour-blind mode."]
        );
        assert_eq!(
            asked("Please stop it and refund the charges."),
            ["Please stop it", "refund the charges."]
        );
        // "Please also ..." is one request.
        assert_eq!(
            asked("Please also unsubscribe me."),
            ["Please also unsubscribe me."]
        );
        assert_eq!(
            asked("hi do u have a room for friday"),
            ["do u have a room for friday"]
        );
    }

    #[test]
    fn contractions_reasons_and_real_am_i_questions() {
        assert!(asked("We're a small shop and want to start.").is_empty());
        assert_eq!(
            asked("Can you tell us what caused it? We need this for our report."),
            ["Can you tell us what caused it?"]
        );
        assert_eq!(
            asked("My flight was late, am I entitled to compensation?"),
            ["am I entitled to compensation?"]
        );
        assert!(asked("am I missing something??").is_empty());
        assert_eq!(
            asked("I am writing to ask for a statement of interest."),
            ["I am writing to ask for a statement of interest."]
        );
    }

    #[test]
    fn run_on_and_listed_questions_count() {
        assert_eq!(
            asked("also the shoes came in the wrong size can i swap them"),
            ["can i swap them"]
        );
        assert!(asked("We love the new app and so do we think our staff").is_empty());
        assert_eq!(
            asked(
                "can u tell me if the hotel has parking and if its free and what time is check in"
            ),
            [
                "can u tell me if the hotel has parking",
                "if its free",
                "what time is check in"
            ]
        );
        assert_eq!(
            asked(
                "For our office move please:\n- move our lines to Dock Street\n- send a new router"
            ),
            ["move our lines to Dock Street", "send a new router"]
        );
        assert!(asked("Our office moves soon:\n- new lines\n- new router").is_empty());
    }

    #[test]
    fn a_question_after_a_comma_or_a_greeting_opens_its_sentence() {
        assert_eq!(
            asked("my reading was estimated again, how do I submit one and will my bill change"),
            ["how do I submit one", "will my bill change"]
        );
        assert_eq!(
            asked("Good morning, we'd like to know whether you collect on Saturdays."),
            ["we'd like to know whether you collect on Saturdays."]
        );
        assert!(asked("It failed again, which is odd.").is_empty());
        assert_eq!(
            asked("hi where do i find the reading list"),
            ["where do i find the reading list"]
        );
    }

    #[test]
    fn wanting_or_needing_to_act_is_a_request() {
        assert_eq!(
            asked("i want to switch to the green tariff. and let me know if it changes my bill"),
            [
                "i want to switch to the green tariff.",
                "let me know if it changes my bill"
            ]
        );
        assert_eq!(
            asked("need to change the address and also what time will the driver come"),
            [
                "need to change the address",
                "what time will the driver come"
            ]
        );
    }

    #[test]
    fn a_polite_opening_is_not_a_request_of_its_own() {
        assert_eq!(
            asked("Can you also add a gift message?"),
            ["Can you also add a gift message?"]
        );
    }

    #[test]
    fn only_a_no_makes_a_follow_up_conditional() {
        let q = questions("Can I pay monthly? If so, is there a fee? If not, can I pay quarterly?");
        assert_eq!(q.len(), 3);
        assert!(!q[1].conditional);
        assert!(q[2].conditional);
        assert_eq!(
            asked("Why do I bother? Is there any way to recover my save?"),
            ["Is there any way to recover my save?"]
        );
    }

    #[test]
    fn embedded_questions_ask_what_they_embed() {
        let q = questions("Can you tell me where it is? Please put me back on the old price.");
        assert_eq!(q[0].kind, Kind::Where);
        assert_eq!(q[1].kind, Kind::Request);
    }

    #[test]
    fn what_caused_asks_for_a_reason() {
        let q = questions("Emails bounce. What's causing it?");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].kind, Kind::Why);
    }

    #[test]
    fn a_reference_back_borrows_the_last_two_sentences() {
        let q =
            questions("Why is there a charge for calls? I never call those. Can you remove it?");
        let last = q.last().expect("three questions");
        assert_eq!(last.topic(), last.own.as_slice());
        assert!(last.terms.contains(&term("charge").unwrap()));
    }

    #[test]
    fn time_frames_and_vague_words() {
        for yes in [
            "within 24 hours",
            "in 2-3 business days",
            "by Friday",
            "on 3 March",
            "tomorrow",
            "by end of day",
            "by 5pm ET",
            "this afternoon",
            "within the hour",
        ] {
            assert!(TIME_FRAME.is_match(yes), "{yes}");
        }
        for no in [
            "soon",
            "shortly",
            "£12 a month",
            "as soon as possible",
            "last week",
        ] {
            assert!(!TIME_FRAME.is_match(no), "{no}");
        }
        for vague in [
            "soon",
            "ASAP",
            "as soon as possible",
            "in due course",
            "at some point",
            "in good time",
        ] {
            assert!(VAGUE.is_match(vague), "{vague}");
        }
    }
}
