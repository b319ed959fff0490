//! Key terms out of a customer message and a draft reply.
//!
//! Reply text is never query syntax: it is cut into words, greetings, sign-offs, signatures,
//! links and small talk are dropped, and the rest is analyzed exactly like the index
//! (lowercase, accents folded, stop words dropped, stemmed). Each term gets a weight from
//! where it appeared (the customer's words count more than the agent's) and how often.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use unicode_segmentation::UnicodeSegmentation;

/// What to find articles for: the customer's message and/or the agent's draft reply.
///
/// Lines of the draft quoted with `>` count as the customer's words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    customer: String,
    draft: String,
}

impl Query {
    /// A query from the agent's draft reply alone.
    pub fn from_draft(draft: impl Into<String>) -> Self {
        Query {
            customer: String::new(),
            draft: draft.into(),
        }
    }

    /// A query from the customer's message alone.
    pub fn from_customer(customer: impl Into<String>) -> Self {
        Query {
            customer: customer.into(),
            draft: String::new(),
        }
    }

    /// Adds (replaces) the customer's message.
    #[must_use]
    pub fn with_customer(mut self, customer: impl Into<String>) -> Self {
        self.customer = customer.into();
        self
    }

    /// Adds (replaces) the draft reply.
    #[must_use]
    pub fn with_draft(mut self, draft: impl Into<String>) -> Self {
        self.draft = draft.into();
        self
    }

    /// The draft reply (links already in it are not suggested again).
    pub fn draft(&self) -> &str {
        &self.draft
    }

    /// Weighted key terms and adjacent term pairs, analyzed with `analyzer`.
    pub(crate) fn key_terms(&self, analyzer: &mut TextAnalyzer) -> KeyTerms {
        let mut counts: HashMap<String, [u32; 2]> = HashMap::new();
        let mut pair_counts: HashMap<(String, String), [u32; 2]> = HashMap::new();
        let (quoted, own) = split_quoted(&self.draft);
        for (slot, text) in [
            (0, self.customer.as_str()),
            (0, quoted.as_str()),
            (1, own.as_str()),
        ] {
            let mut previous: Option<(usize, String)> = None;
            for (position, word) in content_words(text) {
                let mut stream = analyzer.token_stream(&word);
                while let Some(token) = stream.next() {
                    counts.entry(token.text.clone()).or_default()[slot] += 1;
                    if let Some((at, term)) = &previous
                        && position - at <= MAX_PAIR_GAP
                        && *term != token.text
                    {
                        pair_counts
                            .entry((term.clone(), token.text.clone()))
                            .or_default()[slot] += 1;
                    }
                    previous = Some((position, token.text.clone()));
                }
            }
        }
        let has_customer = counts.values().any(|c| c[0] > 0);
        let draft_weight = if has_customer { DRAFT_WEIGHT } else { 1.0 };
        let weight = |[c, d]: [u32; 2]| {
            let w = |n: u32| if n == 0 { 0.0 } else { 1.0 + (n as f32).ln() };
            w(c) + draft_weight * w(d)
        };
        let mut terms: Vec<(String, f32)> = counts
            .into_iter()
            .map(|(term, n)| (term, weight(n)))
            .collect();
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut pairs: Vec<(String, String, f32)> = pair_counts
            .into_iter()
            .map(|((a, b), n)| (a, b, weight(n)))
            .collect();
        pairs.sort_by(|a, b| {
            b.2.total_cmp(&a.2)
                .then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1)))
        });
        KeyTerms { terms, pairs }
    }
}

/// Key terms of a [`Query`], heaviest first (ties by term).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct KeyTerms {
    /// Analyzed terms with their weights.
    pub terms: Vec<(String, f32)>,
    /// Terms that followed each other in the text (at most one word apart), with weights.
    pub pairs: Vec<(String, String, f32)>,
}

/// Words between two terms that still make them a pair ("number of machines").
const MAX_PAIR_GAP: usize = 2;

/// How much a term from the agent's own words counts against one from the customer.
const DRAFT_WEIGHT: f32 = 0.6;

/// Splits a draft into quoted customer text (`>` lines) and the agent's own text.
fn split_quoted(draft: &str) -> (String, String) {
    let mut quoted = String::new();
    let mut own = String::new();
    for line in draft.lines() {
        // format=flowed space-stuffing: one leading space before `>` is not content.
        let line_unstuffed = line.strip_prefix(' ').unwrap_or(line);
        if let Some(rest) = line_unstuffed.strip_prefix('>') {
            quoted.push_str(rest.trim_start_matches(['>', ' ']));
            quoted.push('\n');
        } else {
            own.push_str(line);
            own.push('\n');
        }
    }
    (quoted, own)
}

/// Words that carry content, each with its position: greetings, sign-offs, signatures,
/// links, addresses, contractions and small talk removed; lowercased. Sentence punctuation
/// advances the position so that words across it are not adjacent.
fn content_words(text: &str) -> Vec<(usize, String)> {
    static NOISE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:https?://|www\.)\S+|\S+@\S+\.\S+").expect("valid regex")
    });
    let body = strip_frame(text);
    let body = NOISE.replace_all(&body, " . ");
    let mut position = 0;
    let mut words = Vec::new();
    for piece in body.split_word_bounds() {
        if !piece.chars().any(char::is_alphanumeric) {
            if piece.contains(['.', '?', '!', ',', ';', ':', '\n', '(', ')']) {
                position += MAX_PAIR_GAP + 1;
            }
            continue;
        }
        position += 1;
        let lower = piece.to_lowercase().replace('’', "'");
        let lower = lower
            .strip_suffix("'s")
            .map(str::to_string)
            .unwrap_or(lower);
        let skip = lower.contains('\'')
            || CHATTER.binary_search(&lower.as_str()).is_ok()
            || FUNCTION_WORDS.binary_search(&lower.as_str()).is_ok();
        if !skip {
            words.push((position, lower));
        }
    }
    words
}

/// Removes the greeting (up to its first punctuation), the sign-off and everything after
/// it, the signature (after a `--` line) and email attribution lines.
fn strip_frame(text: &str) -> String {
    static GREETING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*(?:hi|hello|hey|hiya|howdy|dear|greetings|good\s+(?:morning|afternoon|evening|day)|yo)\b[^,.!?:\n]{0,30}[,.!?:]?",
        )
        .expect("valid regex")
    });
    static SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*(?:thanks|thank\s+you|thx|ty|tia|cheers|regards|best|kind\s+regards|best\s+regards|warm\s+regards|many\s+thanks|sincerely|yours|talk\s+soon|all\s+the\s+best|have\s+a\s+(?:good|great|nice)\b)",
        )
        .expect("valid regex")
    });
    static ATTRIBUTION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*on\s.{5,120}\bwrote:\s*$").expect("valid regex"));

    let lines: Vec<&str> = text.lines().collect();
    let mut end = lines.len();
    if let Some(sig) = lines.iter().position(|l| l.trim_end() == "--") {
        end = sig;
    }
    // A short sign-off line among the last few non-empty lines ends the message.
    let tail_start = end.saturating_sub(4);
    if let Some(offset) = lines[tail_start..end]
        .iter()
        .position(|l| SIGN_OFF.is_match(l) && l.split_whitespace().count() <= 6)
    {
        end = tail_start + offset;
    }
    let mut kept: Vec<String> = Vec::with_capacity(end);
    let mut greeted = false;
    for line in &lines[..end] {
        if ATTRIBUTION.is_match(line) {
            continue;
        }
        if !greeted && !line.trim().is_empty() {
            greeted = true;
            kept.push(GREETING.replace(line, "").into_owned());
            continue;
        }
        kept.push((*line).to_string());
    }
    kept.join("\n")
}

/// Small talk and support boilerplate that says nothing about the topic. Sorted (binary
/// search); matched before stemming, lowercase.
const CHATTER: &[&str] = &[
    "able",
    "actually",
    "advance",
    "afternoon",
    "again",
    "ah",
    "also",
    "always",
    "amazing",
    "anybody",
    "anyone",
    "anything",
    "anyway",
    "apologies",
    "apologise",
    "apologize",
    "appreciate",
    "appreciated",
    "asap",
    "ask",
    "asked",
    "asking",
    "assist",
    "assistance",
    "away",
    "awesome",
    "back",
    "basically",
    "best",
    "bit",
    "btw",
    "call",
    "called",
    "calling",
    "came",
    "chance",
    "cheers",
    "come",
    "could",
    "currently",
    "day",
    "days",
    "dealt",
    "dear",
    "details",
    "doing",
    "done",
    "else",
    "escalate",
    "etc",
    "evening",
    "ever",
    "everyone",
    "everything",
    "feel",
    "figured",
    "fine",
    "folks",
    "free",
    "frustrated",
    "frustrating",
    "fyi",
    "get",
    "gets",
    "getting",
    "give",
    "glad",
    "go",
    "goes",
    "going",
    "gone",
    "good",
    "got",
    "grateful",
    "great",
    "greetings",
    "guys",
    "happen",
    "happened",
    "happening",
    "happy",
    "hello",
    "help",
    "helped",
    "helping",
    "hesitate",
    "hey",
    "hi",
    "hii",
    "hiya",
    "hmm",
    "hold",
    "holiday",
    "hope",
    "hoping",
    "human",
    "idea",
    "info",
    "information",
    "just",
    "kind",
    "kindly",
    "know",
    "late",
    "let",
    "like",
    "literally",
    "lol",
    "look",
    "looked",
    "looking",
    "looks",
    "lot",
    "lots",
    "love",
    "lovely",
    "make",
    "manager",
    "many",
    "maybe",
    "might",
    "mind",
    "moment",
    "morning",
    "much",
    "must",
    "need",
    "needed",
    "needs",
    "never",
    "news",
    "nope",
    "nothing",
    "now",
    "oh",
    "ok",
    "okay",
    "pass",
    "passed",
    "passing",
    "perhaps",
    "please",
    "pls",
    "plz",
    "possible",
    "ppl",
    "pretty",
    "probably",
    "problem",
    "problems",
    "question",
    "questions",
    "quick",
    "quickly",
    "reach",
    "reaching",
    "really",
    "recently",
    "regards",
    "right",
    "said",
    "say",
    "saying",
    "says",
    "sec",
    "see",
    "seem",
    "seems",
    "should",
    "sincerely",
    "somebody",
    "someone",
    "something",
    "soon",
    "sorry",
    "speak",
    "speaking",
    "still",
    "stuff",
    "super",
    "supervisor",
    "sure",
    "take",
    "takes",
    "taking",
    "tell",
    "thank",
    "thanks",
    "thing",
    "things",
    "think",
    "thx",
    "tia",
    "time",
    "tip",
    "tips",
    "today",
    "told",
    "tomorrow",
    "tonight",
    "took",
    "tried",
    "tries",
    "try",
    "trying",
    "ty",
    "uh",
    "um",
    "understand",
    "urgent",
    "urgently",
    "us",
    "want",
    "wanted",
    "wants",
    "way",
    "weekend",
    "well",
    "went",
    "wish",
    "wishes",
    "wonder",
    "wondered",
    "wondering",
    "words",
    "work",
    "worked",
    "working",
    "works",
    "worries",
    "worry",
    "worst",
    "would",
    "wrote",
    "yeah",
    "yep",
    "yes",
    "yesterday",
    "yet",
];

/// English function words beyond the index's stop list (which is Lucene's short one).
/// Sorted (binary search); matched before stemming, lowercase.
const FUNCTION_WORDS: &[&str] = &[
    "about", "above", "after", "again", "against", "all", "already", "also", "am", "another",
    "any", "anyone", "are", "arent", "be", "because", "been", "before", "being", "both", "can",
    "cannot", "cant", "could", "did", "didnt", "do", "does", "doesnt", "doing", "dont", "during",
    "each", "either", "else", "even", "ever", "every", "few", "from", "further", "had", "has",
    "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "id", "im", "into",
    "is", "isnt", "it", "its", "ive", "just", "lot", "may", "me", "might", "mine", "more", "most",
    "much", "must", "my", "myself", "neither", "nor", "off", "once", "one", "only", "onto",
    "other", "our", "ours", "over", "own", "per", "same", "shall", "she", "should", "since", "so",
    "some", "such", "than", "their", "theirs", "them", "then", "there", "these", "they", "this",
    "those", "through", "too", "two", "under", "until", "up", "upon", "us", "very", "via", "was",
    "wasnt", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom",
    "whose", "why", "will", "within", "without", "wont", "would", "yet", "you", "your", "yours",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::schema;

    fn terms(query: &Query) -> Vec<String> {
        query
            .key_terms(&mut schema::analyzer())
            .terms
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(CHATTER.windows(2).all(|w| w[0] < w[1]));
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn greetings_sign_offs_and_signatures_are_dropped() {
        let q = Query::from_customer(
            "Hi Sarah,\nmy domain stopped resolving after the renewal.\nThanks so much,\nMarcus\n-- \nMarcus Petrov | Acme",
        );
        let mut got = terms(&q);
        got.sort();
        assert_eq!(got, ["domain", "renew", "resolv", "stop"]);
    }

    #[test]
    fn customer_words_outweigh_the_drafts_own_words() {
        let q = Query::from_draft("We refunded the invoice.\n> my backup failed")
            .with_customer("backup failed again");
        let weights: HashMap<String, f32> = q
            .key_terms(&mut schema::analyzer())
            .terms
            .into_iter()
            .collect();
        assert!(weights["backup"] > weights["refund"], "{weights:?}");
    }

    #[test]
    fn adjacent_terms_pair_up_within_a_sentence_only() {
        let q = Query::from_customer("Set the environment variables. Volumes grow");
        let pairs: Vec<(String, String)> = q
            .key_terms(&mut schema::analyzer())
            .pairs
            .into_iter()
            .map(|(a, b, _)| (a, b))
            .collect();
        let expected = [
            ("environ", "variabl"),
            ("set", "environ"),
            ("volum", "grow"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn links_and_addresses_are_not_terms() {
        let q = Query::from_customer(
            "see https://help.example.com/articles/dns and mail bob@example.com",
        );
        assert_eq!(terms(&q), ["mail"]);
    }
}
