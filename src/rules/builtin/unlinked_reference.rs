//! `unlinked-reference`: the reply sends the customer to "our FAQ", "the help center" or "the
//! documentation" without a link. With a knowledge base configured, the best article's link is
//! offered as the fix (see [`crate::kb::link_articles`]).

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{Analyzer, Examples, Origin, RuleMeta};

/// The rule id.
pub const ID: &str = "unlinked-reference";

const RATIONALE: &str = "\
Protects **P8, be dependable**, and the promise behind every knowledge-base suggestion: if you send
the customer to the documentation, send the page. “See our FAQ” or “it's all in the help center”
without a link hands the search back to the customer, who wrote in precisely because they could
not find the answer. Paste the article's link (replylint offers the best match from the
knowledge base), or answer the question in the reply.

A link in the same sentence or the next one satisfies the rule, as does an HTML `<a href>`, and so
does a sentence that points at a link given elsewhere (“the guide I linked above”, “see our FAQ
here”, where chat tools keep the link in rich text).";

const BAD: &[&str] = &[
    "Please see our FAQ for more details.",
    "You can find more information on our website.",
    "Check out our help center, it covers this.",
    "It's all explained in the documentation.",
    "Please refer to the documentation for the DNS settings.",
    "Have a look at our knowledge base for the steps.",
    "For details please consult the user guide.",
    "More information is available in our help centre.",
    "This is covered in our FAQ.",
    "Head over to our support site and search for SSL.",
];

const GOOD: &[&str] = &[
    "Please see our FAQ: https://help.example.com/faq/dns",
    "You can find the steps on our website at www.example.com/help/ssl.",
    "Check out our help center article on this.\nhttps://help.example.com/articles/42",
    "Please refer to the attached invoice.",
    "Our website was down for five minutes this morning.",
    "I checked our documentation and the limit is 10 GB per mailbox.",
    "You can find the setting under Account, then Billing.",
    "See [our FAQ](https://help.example.com/faq) for the full list.",
    "I've updated the documentation so the next customer doesn't hit this.",
    "Read the guide I linked above when you have a moment.",
];

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    let place = r"(?:faqs?|f\.a\.q\.?|help[ -]?(?:center|centre|desk|pages?|articles?|docs?|section)|knowledge[ -]?base|documentation|docs|support (?:site|pages?|articles?|center|centre|portal)|user (?:guide|manual)|manual|guide|website|web ?site|site|tutorials?)";
    Regex::new(&format!(
        r"(?i)\b(?:(?:please )?(?:see|check(?: out)?|visit|consult|refer to|look at|have a look at|take a look at|head (?:over )?to|go to|read|browse|search)(?: (?:our|the))(?: [a-z'’-]+){{0,2}}? {place}|(?:it['’]s|this['’]s|that['’]s|(?:it|this|that) is) (?:all |fully |well )?(?:covered|explained|described|documented|answered|listed) (?:in|on) (?:our|the) {place}|(?:you (?:can|will|may|could|should) find|(?:more )?(?:information|info|details|instructions|steps)(?: (?:is|are))?(?: available)?)(?: [a-z'’-]+){{0,4}}? (?:on|in) (?:our|the) {place})\b"
    ))
    .expect("valid regex")
});

/// Words that point at a link given elsewhere (or rich text whose link the plain text lost).
static POINTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:link(?:ed|s)?|below|above|attached|here)\b").expect("valid regex")
});

/// The `unlinked-reference` analyzer.
pub struct UnlinkedReference;

impl Analyzer for UnlinkedReference {
    fn meta(&self) -> RuleMeta {
        RuleMeta {
            id: ID.into(),
            summary: "Sends the customer to the FAQ or documentation without a link".into(),
            category: "dependability".into(),
            severity: Severity::Warning,
            principle: "P8".into(),
            rationale: RATIONALE.into(),
            examples: Examples::from_texts(BAD, GOOD),
            origin: Origin::Builtin,
        }
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let masked = doc.masked();
        for m in REFERENCE.find_iter(masked) {
            // The sentence of the reference and the one after it may carry the link.
            let sentences = doc.sentences();
            let i = sentences.partition_point(|s| s.end <= m.start());
            let reach = sentences.get(i + 1).map_or(masked.len(), |s| s.end);
            let from = sentences.get(i).map_or(m.start(), |s| s.start);
            let sentence = &masked[from..sentences.get(i).map_or(m.end(), |s| s.end)];
            if doc.links().iter().any(|l| l.start < reach && l.end > from)
                || POINTER.is_match(sentence)
            {
                continue;
            }
            let excerpt = doc.text()[m.range()].to_owned();
            out.push(Diagnostic::new(
                doc.text(),
                ID,
                Severity::Warning,
                format!("“{excerpt}” sends the customer to look it up without a link"),
                m.range(),
            ));
        }
    }
}
