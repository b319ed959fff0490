//! Word lists for the listening checks (`unanswered-question`, `missing-timeline`): stop words,
//! synonym groups and the words that start or shape a question. Data only; the code that uses
//! it lives in [`super::language`]. Lists are lowercase; multi-word entries are not supported.

/// Words that carry no topic: function words, pronouns, auxiliaries, politeness, and verbs so
/// general that sharing them says nothing about whether a question was answered ("get", "know").
/// Sorted, for binary search (a unit test keeps it sorted).
#[rustfmt::skip]
pub const STOP_WORDS: &[&str] = &[
    "a", "able", "about", "above", "actually", "after", "again", "ago", "all", "already", "also",
    "am", "an", "and", "any", "anybody", "anymore", "anyone", "anything", "anyway", "anywhere",
    "are", "arent", "around", "as", "ask", "asked", "asking", "at", "back", "be", "because",
    "been", "before", "being", "both", "but", "by", "can", "cannot", "cant", "could", "couldnt",
    "currently", "did", "didnt", "do", "does", "doesnt", "doing", "done", "dont", "either", "else",
    "even", "ever", "every", "everything", "everywhere", "for", "from", "get", "gets", "getting",
    "go", "going", "gonna", "got", "guys", "had", "hadnt", "happen", "happened", "happening",
    "happens", "has", "hasnt", "have", "havent", "having", "he", "hell", "hello", "help", "her",
    "here", "hes", "hey", "hi", "him", "his", "hope", "how", "however", "hows", "i", "id", "if",
    "ill", "im", "in", "into", "is", "isn", "isnt", "it", "itll", "its", "ive", "just", "kind",
    "know", "last", "let", "lets", "like", "ll", "lot", "make", "may", "me", "mean", "means",
    "meant", "might", "mine", "more", "most", "much", "must", "my", "need", "needs", "no", "not",
    "now", "of", "off", "ok", "okay", "on", "once", "one", "only", "or", "other", "our", "ours",
    "out", "over", "please", "pls", "plz", "possible", "re", "really", "s", "said", "same", "saw",
    "say", "see", "seen", "shall", "she", "shell", "shes", "should", "shouldnt", "side", "so",
    "some", "someone", "something", "somewhere", "still", "such", "sure", "t", "take", "takes",
    "taking", "team", "tell",
    "than", "thank", "thanks", "that", "thatll", "thats", "the", "their", "them", "then", "there",
    "theres", "these", "they", "theyd", "theyll", "theyre", "theyve", "thing", "things", "this",
    "those", "though", "thx", "to", "too", "took", "try", "trying", "u", "up", "us", "ve",
    "very", "want",
    "wanted", "was", "wasnt", "way", "we", "wed", "well", "were", "werent", "weve", "what",
    "whats", "when", "where", "wheres", "whether", "which", "while", "who", "whom", "whos",
    "whose", "why", "will", "with", "wonder", "wondering", "wont", "would", "wouldnt", "wrong",
    "yes", "yet", "you", "youd", "youll", "your", "youre", "yours", "youve",
];

/// Groups of words that answer for each other. The first word of a group is its canonical
/// form; every word is stemmed before lookup, so one form per word is enough.
#[rustfmt::skip]
pub const SYNONYMS: &[&[&str]] = &[
    &["refund", "reimburse", "reimbursement", "repay", "compensate", "compensation", "credit", "money", "balance", "funds"],
    &["fix", "resolve", "repair", "sort", "solve", "restore"],
    &["deliver", "delivery", "ship", "shipment", "shipping", "dispatch", "parcel", "package", "arrive"],
    &["bill", "invoice", "statement", "receipt"],
    &["charge", "fee", "cost", "price", "pay", "postage", "surcharge", "quote"],
    &["cancel", "cancellation", "terminate"],
    &["account", "profile", "login", "log", "sign", "password"],
    &["claim", "case", "complaint", "request", "application", "dispute", "query", "enquiry"],
    &["contact", "call", "phone", "email", "reach", "message"],
    &["update", "upgrade", "version"],
    &["replace", "replacement", "exchange", "swap", "new"],
    &["return", "send", "post", "mail"],
    &["outage", "down", "offline", "unavailable"],
    &["engineer", "technician", "visit", "appointment"],
    &["limit", "maximum", "cap", "allowance", "quota"],
    &["discount", "promo", "promotion", "offer", "coupon", "voucher", "code"],
    &["data", "internet", "signal", "coverage", "network"],
    &["luggage", "bag", "baggage", "suitcase"],
    &["transfer", "move", "migrate", "port", "change", "switch"],
    &["install", "plumb", "connect", "fit", "setup"],
    &["option", "choice", "alternative"],
    &["online", "website", "site", "web"],
    &["add", "enable"],
    &["remove", "delete", "disable"],
    &["wait", "delay", "late"],
    &["check", "test", "inspect", "examine", "review", "assess"],
    &["access", "permission", "privilege"],
    &["admin", "administrator", "root", "sudo", "superuser"],
    &["backup", "snapshot"],
];

/// Words that open a direct question ("when", "how", ...).
#[rustfmt::skip]
pub const WH_WORDS: &[&str] = &[
    "how", "howd", "hows", "what", "whats", "when", "whens", "where", "wheres", "which", "who",
    "whos", "whom", "whose", "why", "whys",
];

/// Auxiliaries that open a yes/no question when a subject follows ("can I", "is there").
#[rustfmt::skip]
pub const AUX_WORDS: &[&str] = &[
    "am", "are", "can", "could", "did", "do", "does", "has", "have", "is", "may", "might", "shall",
    "should", "was", "were", "will", "would", "wont", "cant", "isnt", "arent", "doesnt", "dont",
    "didnt", "wouldnt", "couldnt", "shouldnt", "hasnt", "havent",
];

/// Words that can follow an auxiliary as its subject in a question ("can *I*", "is *there*").
#[rustfmt::skip]
pub const SUBJECT_WORDS: &[&str] = &[
    "a", "an", "any", "anybody", "anyone", "anything", "he", "her", "his", "i", "it", "my", "our",
    "she", "somebody", "someone", "something", "that", "the", "their", "there", "these", "they",
    "this", "those", "u", "we", "you", "your",
];

/// Words that join two questions in one sentence ("... *and* will I get a credit?").
pub const JOINERS: &[&str] = &["also", "and", "plus", "then", "but"];

/// Words that may open a sentence before the question itself ("*And* can I ...", "*So* what ...").
#[rustfmt::skip]
pub const LEAD_INS: &[&str] = &[
    "additionally", "afternoon", "also", "and", "anyway", "btw", "but", "evening", "finally",
    "good", "hi", "hello", "hey", "lastly", "morning", "ok", "okay", "plus", "q", "question",
    "secondly", "so", "then", "well",
];

/// Verbs that start a request of their own after "and" in a request ("please stop it *and
/// refund* the charges"), or its answer: the action the reply should take.
#[rustfmt::skip]
pub const REQUEST_VERBS: &[&str] = &[
    "add", "arrange", "block", "book", "cancel", "change", "close", "collect", "credit", "delete",
    "downgrade", "fix", "issue", "reactivate", "refund", "remove", "replace", "resend",
    "reset", "restore", "return", "reverse", "send", "stop", "transfer", "unblock", "unsubscribe",
    "update", "upgrade", "waive",
];
