//! `unanswered-question` (P4): a question or request in the customer's message that the reply
//! neither answers nor explicitly acknowledges or defers. Silent without a customer message.
//!
//! Questions come from [`language::questions`]. A question counts as addressed when the reply
//! shares at least half of its topic terms (stemmed, synonyms folded; a question made only of a
//! reference back, "why did this happen?", needs more than that), or when a reply sentence about
//! it carries the kind of answer asked for (a time for "when", an amount for "how much", a link
//! or place for "where", steps or a done action for "how", a reason for "why", a yes/no for
//! yes/no questions, a done action or a clear yes/no for requests) or defers it ("I'm checking
//! the refund with billing", "please contact our billing team"). A question that asks for a
//! time or a price ("when does it start?", "how much is the upgrade?") needs that value: sharing
//! its words is not enough. A sentence is about the question whose topic it shares most, so the
//! "yes" that answers one question does not answer the next. The customer's first question is
//! the one agents almost always address, so it is only flagged when the reply shares little with
//! it and has no answer of its kind (for a yes/no question, a yes or no that opens a sentence or
//! clause), no hand-off, no follow-up and no question back. A lone question is presumed answered
//! unless it is added on, asks for a time or a price, or meets only a generic offer of help ("if
//! you have any questions, ..."), which defers nothing. A reply that answers nothing but defers
//! in a sentence about none of the questions defers them all.

use std::cell::Cell;
use std::cmp::Reverse;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::language::{self, Kind, Question, TIME_FRAME, Term, VAGUE};
use crate::diagnostic::{Diagnostic, Severity, Suggestion};
use crate::document::Document;
use crate::rules::{Analyzer, Example, Examples, Origin, RuleMeta};

/// The rule.
pub struct UnansweredQuestion;

const ID: &str = "unanswered-question";

/// At most this many findings per reply: past it, the reply answers a different message.
const MAX_FINDINGS: usize = 20;

/// Longest question quoted in full in a message, in bytes.
const MAX_QUOTE: usize = 300;

/// Numbers, prices and "free": answers to "how much/how many".
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix-u)\d|£|\$|€|¥|\b(?:free|no\s+(?:charge|cost|fee)|unlimited|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|half|double|twice|none|zero|per\s+cent|percent)\b")
        .expect("valid number regex")
});

/// Prices and amounts of money, or "it's free"/"included": answers to "how much does it cost?".
/// A bare number ("50 GB of storage") says how much of something, not what it costs, and "a
/// free SSL certificate" is the price of something else.
static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix-u)£|\$|€|¥|%|\b\d+(?:[.,]\d+)?\s*(?:usd|eur|gbp|chf|dollars?|euros?|pounds?|pence|cents?|p)\b|\b(?:is|are|be|it's|it’s|its|for|totally|completely|entirely)\s+free\b|\bfree\s+(?:of\s+charge|for)\b|\bfree\s*(?:$|[.,;:!)-]|–|—)|\b(?:included|includes|(?:no|at\s+no)\s+(?:extra\s+|additional\s+)?(?:charge|cost|fee)|costs?\s+nothing|nothing\s+extra|per\s+cent|percent|half\s+price|same\s+price)\b")
        .expect("valid money regex")
});

/// A generic offer of further help ("If you have any other questions, you can share the
/// details here", "Is there anything else I can help with?"): it defers nothing in particular,
/// gives no steps and asks nothing back.
static GENERIC_OFFER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix-u)\bif\s+(?:you\s+)?(?:have|run\s+into|need|encounter|experience|come\s+across|there\s+(?:are|is))\s+(?:any(?:thing)?\s+)?(?:other\s+|more\s+|further\s+|additional\s+|else\s+|follow-up\s+)?(?:questions?|issues?|problems?|help|queries|concerns?|trouble|assistance)\b|\banything\s+else\s+(?:i|we)\s+can\b|\bif\s+(?:there's|there’s|there\s+is|you\s+need)\s+anything\s+else\b")
        .expect("valid generic-offer regex")
});

/// Pointing at the website in general ("all our rates are published online", "please check our
/// returns page"): without a link in the reply, no answer (the labeling guide's brush-off).
static BRUSH_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix-u)\b(?:on|at|via|through)\s+(?:our|the)\s+(?:website|web\s+site|site|help\s+(?:centre|center|pages?)|faqs?|knowledge\s*base|support\s+pages?)\b|\b(?:published|available|listed|posted|explained|detailed|covered)\s+online\b|\b(?:check|see|visit|read)\s+our\s+(?:\w+\s+){0,2}?(?:page|pages|faqs?|website|site|policy)\b")
        .expect("valid brush-off regex")
});

/// The terms of the words that every [`BRUSH_OFF`] names: a cheap first test.
static BRUSH_OFF_TERMS: LazyLock<Vec<Term>> = LazyLock::new(|| {
    [
        "online",
        "centre",
        "center",
        "faq",
        "knowledge",
        "page",
        "policy",
    ]
    .into_iter()
    .filter_map(language::term)
    .collect()
});

/// Whether a sentence only points at the website; a sentence with a figure in it says more.
fn points_at_website(text: &str) -> bool {
    !text.bytes().any(|b| b.is_ascii_digit()) && BRUSH_OFF.is_match(text)
}

/// An honest "no date yet" or a condition for a time: answers to "when" that name none ("we
/// don't have an ETA yet", "when it's ready", "no plans to bring it back").
static UNDATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix-u)
        \bno\s+(?:eta|date|timeline|time\s*frame|release\s+date|plans?)\b
        | \b(?:don't|don’t|do\s+not|can't|can’t|cannot|won't|won’t|unable\s+to)\s+(?:yet\s+)?(?:have|give|share|confirm|say|announce|promise)\s+(?:you\s+)?(?:an?\s+|any\s+)?(?:eta|date|timeline|time\s*frame|release\s+date|when)\b
        | \bnot\s+(?:yet|sure\s+when|certain\s+when)\b
        | \b(?:when|once)\s+(?:it's|it’s|its|it\s+is|they're|they’re|they\s+are)\s+(?:ready|done|finished|available|out)\b",
    )
    .expect("valid undated regex")
});

/// Links, menu paths and places: answers to "where".
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix-u)<url>|\b[a-z0-9-]+\.(?:com|co|io|org|net|gg|app|eu|uk|ie|de|fr)\b|\w\s*>\s*\w|\b(?:under|in\s+the|on\s+the|at\s+(?:the|any|your|our)|from\s+the|page|tab|menu|settings|section|folder|desk|counter|store|shop|branch|office)\b")
        .expect("valid place regex")
});

/// Instructions: answers to "how".
static STEPS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix-u)^(?u:\W)*(?:\d+[.)]\s*)?(?:first,?\s+|then\s+|just\s+|simply\s+)?(?:go|click|open|tap|select|choose|enter|add|set|run|use|try|check|visit|head|navigate|log|sign|install|update|restart|reinstall|download|follow|read|see|make|ask|submit|fill|switch|create|delete|remove|type|press|pick|turn|link|register|request|apply|book|tick|change|contact|call|email|send|reply|paste|upload|connect|reset|clear|disable|enable)\b|\b(?:you\s+can|you(?:'ll|’ll|\s+will)\s+need\s+to|you\s+need\s+to|you\s+have\s+to|you\s+just|simply|steps?|instructions|guide|article|here's\s+how|by\s+\w+ing)\b|<url>|>")
        .expect("valid steps regex")
});

/// Explanations: answers to "why".
static REASON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix-u)\b(?:because|since|due\s+to|caused|cause|reason|reasoning|so|means|that's\s+why|which\s+is\s+why|so\s+that|as\s+a\s+result|happens\s+when|comes\s+from|after|as|when|if)\b")
        .expect("valid reason regex")
});

/// A yes or a no: answers to yes/no questions.
static YES_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix-u)\b(?:yes|yeah|yep|yup|no|nope|sure|of\s+course|absolutely|definitely|certainly|correct|indeed|unfortunately|afraid|not|never|cannot|can't|can’t|won't|won’t|don't|don’t|doesn't|doesn’t|isn't|isn’t|aren't|aren’t|we\s+do|you\s+can|we\s+can|it\s+is|it\s+does|there\s+is|there\s+are|there's|only)\b")
        .expect("valid yes/no regex")
});

/// A yes or a no that opens a sentence or clause ("Yes, ...", "..., but unfortunately not"),
/// after any @handles ("@user yeah, ..."): an answer to a yes/no question even when the sentence
/// does not repeat its topic.
static OPENING_YES_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix-u)
        (?:^(?:(?u:\W)*@\w+)*|[,;:(]|\s(?:-|–|—)|\b(?:but|and|so)\b)(?u:\W)*
          (?:yes|yeah|yep|yup|no|nope|sure|of\s+course|absolutely|definitely|certainly|correct
          | indeed|unfortunately|sadly|(?:i'm|i’m|i\s+am|we're|we’re|we\s+are)\s+afraid|afraid|not)\b
        | ^(?:(?u:\W)*@\w+)*(?u:\W)*(?:you|we|it|they|there|this|that)\s+
          (?:can|cannot|can't|can’t|do|don't|don’t|does|doesn't|doesn’t|does\s+not|do\s+not|will
          | won't|won’t|will\s+not|is|isn't|isn’t|is\s+not|are|aren't|aren’t)\b",
    )
    .expect("valid opening yes/no regex")
});

/// An action taken or promised: answers to requests ("can you send ...", "please fix ...").
static ACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix-u)\b(?:done|here's|here\s+is|here\s+are|attached|i've|i’ve|we've|we’ve|(?:i|we)\s+have\s+(?:now\s+|just\s+|already\s+|also\s+)?(?:\w+ed|sent|made|done|put|set|found|taken|given|written|spoken|paid|run|shown|told|kept|brought|got)\b|has\s+been|have\s+been|is\s+now|are\s+now|i'll|i’ll|we'll|we’ll|i\s+will|we\s+will|will\s+be|i\s+can|we\s+can)\b")
        .expect("valid action regex")
});

/// Handing the question to someone or somewhere else, or asking back for what is needed to
/// answer it: "please contact our billing team", "DM us", "have you tried ...".
static HANDOFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix-u)
        \b(?:dm|direct\s+message|private\s+message)\b
        | (?:^(?u:\W)*|[:;]\s*|\bplease\s+|\byou\s+(?:can|could|may|should)\s+|\bneed\s+to\s+|\brecommend\s+|\bbest\s+to\s+|\bjust\s+|\bfree\s+to\s+|\bdon't\s+hesitate\s+to\s+|\band\s+)
          (?:contact|reach|call|email|message|get\s+in\s+touch\s+with|speak\s+to|talk\s+to|reach\s+out\s+to|visit|ask)\s+(?:our|the|your|their|us|them)\b
        | \bplease\s+(?:contact|visit|refer|reach|get\s+in\s+touch|call|email|send\s+us|share|provide|let\s+us\s+know|tell\s+us)
        | \b(?:open|file|submit|raise|create)\s+(?:a|an)\s+(?:new\s+|separate\s+)?(?:issue|ticket|bug|case|request)\b
        | \bcheck\s+out\b | \brefer\s+to\b | \bhere\s+to\s+help\b | <url>
        | \b(?:have|did)\s+you\s+(?:tried|try)\b
        | \b(?:can|could)\s+you\s+(?:please\s+)?(?:tell|let\s+us\s+know|send|share|provide|confirm|dm|check|try)\b
        | \b(?:need|have)\s+(?:more|some|a\s+few)\s+(?:info|information|details)\b
        | \b(?:answer|address)\s+(?:all\s+)?(?:your|any)\s+(?:questions?|concerns?)\b",
    )
    .expect("valid hand-off regex")
});

/// Acknowledging or deferring: "I'm checking the refund with billing", "they will review it".
static FOLLOW_UP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix-u)
        \b(?:i'm|i’m|i\s+am|we're|we’re|we\s+are)\s+(?:checking|looking|finding|asking|confirming|investigating|working)
        | \b(?:is|are)\s+(?:working\s+on|looking\s+into|investigating)\b | \bstay\s+tuned\b
        | \b(?:will|'ll|’ll)\s+(?:check|confirm|find\s+out|look|get\s+back|follow\s+up|ask|investigate|let\s+you\s+know|tell\s+you|update|come\s+back|review|contact|be\s+in\s+touch|reach\s+out|visit|call|discuss|arrange|sort|process|restore|send)
        | \byou(?:'ll|’ll|\s+will)\s+hear\s+(?:from|back)\b | \bbeing\s+(?:worked\s+on|looked\s+into|investigated|reviewed|processed)
        | \b(?:escalated|passed|forwarded|referred|flagged|raised)\b
        | \b(?:i've|i’ve|we've|we’ve|(?:i|we)\s+have)\s+asked\b",
    )
    .expect("valid follow-up regex")
});

/// What the analyzer knows about one reply sentence.
struct ReplySentence<'a> {
    text: &'a str,
    terms: Vec<Term>,
    /// A generic offer of help: no hand-off, deferral, steps or question back.
    generic: bool,
    /// A pointer to the website in general, in a reply with no link: no answer at all.
    brush_off: bool,
    /// It holds a link: a place and steps.
    link: bool,
    /// Cues tested so far (bit per [`Cue`]) and which of them were found: each regex runs at
    /// most once per sentence however many questions ask.
    tested: Cell<u16>,
    found: Cell<u16>,
}

/// The kinds of answer and of deferral a sentence can carry.
#[derive(Clone, Copy)]
enum Cue {
    Time,
    Vague,
    Undated,
    Number,
    Money,
    Place,
    Steps,
    Reason,
    YesNo,
    OpeningYesNo,
    Action,
    Handoff,
    FollowUp,
}

impl<'a> ReplySentence<'a> {
    /// The sentence `text`; `link` if it holds a link, `linked` if the reply does.
    fn new(text: &'a str, link: bool, linked: bool) -> Self {
        let mut terms = language::text_terms(text);
        let brush_off = !linked
            && BRUSH_OFF_TERMS
                .iter()
                .any(|t| terms.binary_search(t).is_ok())
            && points_at_website(text);
        if brush_off {
            terms.clear();
        }
        ReplySentence {
            text,
            terms,
            generic: GENERIC_OFFER.is_match(text),
            brush_off,
            link,
            tested: Cell::new(0),
            found: Cell::new(0),
        }
    }

    /// Whether the sentence carries `cue`.
    fn has(&self, cue: Cue) -> bool {
        if self.brush_off
            || self.generic && matches!(cue, Cue::Handoff | Cue::FollowUp | Cue::Steps)
        {
            return false;
        }
        if self.link && matches!(cue, Cue::Place | Cue::Steps) {
            return true;
        }
        let bit = 1u16 << cue as u16;
        if self.tested.get() & bit == 0 {
            let regex: &Regex = match cue {
                Cue::Time => &TIME_FRAME,
                Cue::Vague => &VAGUE,
                Cue::Undated => &UNDATED,
                Cue::Number => &NUMBER,
                Cue::Money => &MONEY,
                Cue::Place => &PLACE,
                Cue::Steps => &STEPS,
                Cue::Reason => &REASON,
                Cue::YesNo => &YES_NO,
                Cue::OpeningYesNo => &OPENING_YES_NO,
                Cue::Action => &ACTION,
                Cue::Handoff => &HANDOFF,
                Cue::FollowUp => &FOLLOW_UP,
            };
            let found = match cue {
                // "3-5 working days" and "by 3pm" are times, not amounts.
                Cue::Number => NUMBER.find_iter(self.text).any(|m| {
                    !TIME_FRAME
                        .find_iter(self.text)
                        .any(|t| t.start() <= m.start() && m.end() <= t.end())
                }),
                _ => regex.is_match(self.text),
            };
            if found {
                self.found.set(self.found.get() | bit);
            }
            self.tested.set(self.tested.get() | bit);
        }
        self.found.get() & bit != 0
    }

    /// Whether the sentence carries the kind of answer `ask` asks for.
    fn answers(&self, ask: &Ask) -> bool {
        match ask.q.kind {
            Kind::When => self.has(Cue::Time) || self.has(Cue::Vague) || self.has(Cue::Undated),
            // "£12 a month", or a number given as the price: "changes cost 500 gems".
            Kind::HowMuch if ask.price => {
                self.has(Cue::Money)
                    || self.has(Cue::Number) && self.terms.binary_search(&PRICE).is_ok()
            }
            Kind::HowMuch => self.has(Cue::Number),
            Kind::Where => self.has(Cue::Place),
            // "How do I get it back?" is answered by getting it back: "I've reactivated it".
            Kind::How => self.has(Cue::Steps) || self.has(Cue::Action),
            Kind::Why => self.has(Cue::Reason),
            Kind::YesNo => self.has(Cue::YesNo),
            // A request is answered by doing it or by a clear yes or no, not by a stray "isn't".
            Kind::Request => self.has(Cue::OpeningYesNo) || self.has(Cue::Action),
            Kind::Open => false,
        }
    }

    /// Whether the sentence answers `ask` when it is about what the question refers back to or
    /// about another question: as [`Self::answers`], but a "how" with a topic of its own needs
    /// steps, as "I've refunded it" does not say how to stop it happening again (while "I've
    /// reactivated it" does answer "how do I get it back?").
    fn answers_beside(&self, ask: &Ask) -> bool {
        match ask.q.kind {
            Kind::How if !ask.q.own.is_empty() => self.has(Cue::Steps),
            _ => self.answers(ask),
        }
    }

    /// Whether the sentence answers a question of `kind` that it does not name: as
    /// [`Self::answers`], but a yes or no must open the sentence or a clause, so that a stray
    /// "only" or "not" in a sentence about something else is no answer.
    fn answers_anywhere(&self, ask: &Ask) -> bool {
        match ask.q.kind {
            Kind::YesNo | Kind::Request => self.has(Cue::OpeningYesNo),
            _ => self.answers(ask),
        }
    }

    /// Whether the sentence does (or promises) the action a request asks for: "I've checked
    /// it" for "can you check it?", but not "here's the invoice" for "can you update the
    /// invoices?".
    fn does(&self, q: &Question) -> bool {
        q.action
            .is_some_and(|verb| self.terms.binary_search(&verb).is_ok() && self.has(Cue::Action))
    }

    /// Whether the sentence acknowledges, defers or hands off a question on its topic.
    fn defers(&self) -> bool {
        self.has(Cue::Handoff) || self.has(Cue::FollowUp)
    }
}

/// A question, with what its wording asks for beyond its kind.
struct Ask<'q> {
    q: &'q Question,
    /// It asks what something costs: "how much is the upgrade?", "what's the fee?".
    price: bool,
    /// It asks for a time or a price, which only a time or a price answers: "when does the
    /// event start?", "how much is the upgrade?", but not "is Python 3.13 supported yet?" or
    /// "do you price match?".
    value: bool,
}

impl<'q> Ask<'q> {
    /// The question `q`, worded `asked`.
    fn new(q: &'q Question, asked: &str) -> Self {
        let price =
            q.kind == Kind::HowMuch && (q.own.contains(&PRICE) || HOW_MUCH_IS.is_match(asked));
        let value = (q.kind == Kind::When || price) && VALUE_QUESTION.is_match(asked);
        Ask { q, price, value }
    }
}

/// Whether the reply addresses `ask`, the `nth` question of the message (0-based). `mine[i]`
/// says whether reply sentence `i` is about it at least as much as about any other question.
fn addressed(ask: &Ask, nth: usize, reply: &[ReplySentence], mine: &[bool], all: &[Term]) -> bool {
    let q = ask.q;
    let value = ask.value;
    if q.terms.is_empty() {
        // Nothing to check the reply against ("Why?", "What's going on?").
        return true;
    }
    // The reply covers at least half of the question's topic. A question made only of a
    // reference back ("why did this happen?") is not covered by a reply that talks about what
    // "this" was: it needs an answer of its kind. Nor is one that asks for a value (a time, a
    // price): talking about the upgrade does not say what it costs.
    // A "how", "where" or "why" must share one of its own words: "how do I connect one?" is not
    // covered by the calendars "one" refers to.
    let own_shared = || {
        !matches!(q.kind, Kind::How | Kind::Where | Kind::Why) || language::shared(&q.own, all) > 0
    };
    if !value
        && !q.own.is_empty()
        && language::shared(&q.terms, all) * 2 >= q.terms.len()
        && own_shared()
    {
        return true;
    }
    let topic = q.topic();
    let ours = || reply.iter().zip(mine).filter(|(_, m)| **m).map(|(s, _)| s);
    // A sentence on the question's own topic gives the kind of answer asked for or does what
    // was asked; a sentence on its topic or on what it refers back to defers it.
    // Strong cues (a time, an amount, a place, steps, a reason) may be given about what the
    // question refers back to ("why is it taking so long?": "the parcel was held because ...").
    let strong = !matches!(q.kind, Kind::YesNo | Kind::Request | Kind::Open);
    let related = ours().any(|s| {
        let on_topic = language::shared(topic, &s.terms) > 0;
        let on_referent = language::shared(&q.terms, &s.terms) > 0;
        on_topic && s.answers(ask)
            || strong && on_referent && s.answers_beside(ask)
            || on_topic && s.does(q)
            || on_referent && s.defers()
    });
    if related {
        return true;
    }
    // A one-word topic ("when will it be fixed?") is often answered without repeating it.
    let kind_anywhere = || ours().any(|s| s.answers_beside(ask));
    if q.own_terms <= 1
        && !matches!(q.kind, Kind::YesNo | Kind::Request | Kind::Open)
        && kind_anywhere()
    {
        return true;
    }
    // The first question: anything on its topic, an answer of its kind, a hand-off, or a
    // question back (asking for details) addresses it.
    // Open questions ("who will compensate me?") are not answered by "we'll contact you".
    let engages = |s: &ReplySentence| {
        s.has(Cue::Handoff)
            || !s.generic && s.text.trim_end().ends_with('?')
            || (q.kind != Kind::Open && s.has(Cue::FollowUp))
            || (matches!(q.kind, Kind::YesNo | Kind::Request) && s.has(Cue::Action))
    };
    let shared = language::shared(&q.terms, all);
    nth == 0
        && !q.added_on
        && (!value && shared * 4 >= q.terms.len()
            || reply.iter().any(|s| s.answers_anywhere(ask) || engages(s)))
}

/// The opening of a question that asks for a time or a price: "when", "how long", "how often",
/// "what time", "how much", "what does it cost", "is there a fee", also inside "can you tell me
/// ...".
static VALUE_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix-u)^(?:(?:can|could)\s+you\s+(?:please\s+)?)?(?:(?:tell|let)\s+(?:me|us)\s+(?:know\s+)?)?
        (?:when|whens|by\s+when|how\s+(?:long|soon|often|much|many\s+(?:minutes|hours|days|weeks|months|years))|what\s+(?:time|date|day)
        | what(?:s|'s|’s|\s+is|\s+are|\s+does|\s+do|\s+would|\s+will)?\s+(?:\w+\s+){0,6}?(?:costs?|prices?|fees?|charges?)\b
        | is\s+there\s+(?:a|an|any)\s+(?:extra\s+|additional\s+|separate\s+)?(?:fee|charge|cost))",
    )
    .expect("valid value-question regex")
});

/// "How much" before a verb asks a price ("how much is the upgrade?", "how much will that
/// add?"); before a noun, an amount ("how much data is left?").
static HOW_MUCH_IS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix-u)^how\s+much\s+(?:is|are|was|does|do|did|will|would|should|extra|more)\b")
        .expect("valid how-much regex")
});

/// The term that price words share ("cost", "fee", "price", "charge").
static PRICE: LazyLock<Term> =
    LazyLock::new(|| language::term("price").expect("\"price\" is a topic word"));

/// For each question, which reply sentences may answer it: those that share no fewer of its
/// topic terms than of any other question's (and, sharing as many, cover no smaller part of
/// it), and those about other questions that ask for a different kind of answer. A sentence
/// that shares nothing with any question ("It's back as of 10:40") may answer any of them; one
/// that answers the first question ("Yes, SSO works on the Enterprise plan") does not also
/// answer "is there a free trial?", but its "for 2 years" can answer "how long is it valid?"
/// beside "and she can use it in any store". "The contactless limit is set at £100" shares two
/// words with "can I increase my contactless limit?" and with "can I set a daily spending limit
/// in the app?" but covers more of the first, so it answers only the first.
fn sentences_by_question(questions: &[Question], reply: &[ReplySentence]) -> Vec<Vec<bool>> {
    // Shared topic terms, then the shorter topic (of which they are the larger part).
    let closeness = |q: &Question, s: &ReplySentence| {
        let shared = language::shared(q.topic(), &s.terms);
        let size = if shared == 0 { 0 } else { q.topic().len() };
        (shared, Reverse(size))
    };
    let overlap: Vec<Vec<(usize, Reverse<usize>)>> = questions
        .iter()
        .map(|q| reply.iter().map(|s| closeness(q, s)).collect())
        .collect();
    let best: Vec<(usize, Reverse<usize>)> = (0..reply.len())
        .map(|i| overlap.iter().map(|o| o[i]).max().unwrap_or_default())
        .collect();
    // A bit per kind of answer, yes/no questions and requests sharing one.
    let kind_bit = |k: Kind| -> u8 {
        match k {
            Kind::YesNo | Kind::Request => 1,
            Kind::When => 2,
            Kind::HowMuch => 4,
            Kind::Where => 8,
            Kind::How => 16,
            Kind::Why => 32,
            Kind::Open => 64,
        }
    };
    // For each sentence, the kinds of the questions it is closest to: linear in questions times
    // sentences, however many questions a message has.
    let held: Vec<u8> = (0..reply.len())
        .map(|i| {
            questions
                .iter()
                .zip(&overlap)
                .filter(|(_, o)| o[i] == best[i])
                .fold(0, |bits, (q, _)| bits | kind_bit(q.kind))
        })
        .collect();
    questions
        .iter()
        .zip(&overlap)
        .map(|(q, o)| {
            (0..reply.len())
                .map(|i| o[i] == best[i] || held[i] & kind_bit(q.kind) == 0)
                .collect()
        })
        .collect()
}

impl Analyzer for UnansweredQuestion {
    fn meta(&self) -> RuleMeta {
        RuleMeta {
            id: ID.into(),
            summary: "A customer's question or request that the reply does not address".into(),
            category: "listening".into(),
            severity: Severity::Warning,
            principle: "P4".into(),
            rationale: RATIONALE.into(),
            examples: examples(),
            origin: Origin::Builtin,
        }
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let Some(customer) = doc.customer() else {
            return;
        };
        if !doc.has_reply() {
            // Nothing written yet: every question would be "unanswered".
            return;
        }
        let questions = language::questions(&customer.text);
        if questions.is_empty() {
            return;
        }
        let masked = doc.masked();
        // A lone question is what the reply is replying to; words are a poor judge of whether a
        // short answer ("same", "that would break the redirects") fits it. It is checked only
        // when added on ("Also, can you ...") to a message about something else, when it asks
        // for a time or a price, which words can judge, or when the reply offers generic help
        // ("if you have any questions, ...") or points at the website where an answer would be.
        // A link is a URL, or the "<URL>" that stands for one in anonymized text.
        let linked =
            !doc.links().is_empty() || masked.contains("<URL>") || masked.contains("<url>");
        if let [only] = questions.as_slice()
            && !only.added_on
            && !Ask::new(only, &customer.text[only.range.clone()]).value
            && !(doc.sentences().iter()).any(|r| {
                let s = &masked[r.clone()];
                GENERIC_OFFER.is_match(s) || !linked && points_at_website(s)
            })
        {
            return;
        }
        // A link belongs to the sentence it follows (its blanked text is trimmed off).
        let sentences = doc.sentences();
        let reply: Vec<ReplySentence> = (sentences.iter().enumerate())
            .map(|(i, r)| {
                let until = sentences.get(i + 1).map_or(masked.len(), |next| next.start);
                let link = (doc.links().iter()).any(|l| r.start <= l.start && l.start < until);
                ReplySentence::new(&masked[r.clone()], link, linked)
            })
            .collect();
        // A hand-off ("please contact our billing team", "DM us the details") defers every
        // question of the message to where it will be answered; a generic offer ("if you have
        // any other questions, ...") defers none.
        if reply.iter().any(|s| s.has(Cue::Handoff)) {
            return;
        }
        let mut all: Vec<Term> = reply.iter().flat_map(|s| s.terms.iter().copied()).collect();
        all.sort_unstable();
        all.dedup();
        let mine = sentences_by_question(&questions, &reply);
        let mut answered: Vec<bool> = Vec::with_capacity(questions.len());
        for (n, q) in questions.iter().enumerate() {
            // "If not, do you offer repairs?" stands or falls with the question it follows up,
            // the last one before it that is no follow-up itself ("If yes, how ...?").
            let follows_up = (0..n).rev().find(|&m| {
                let opening = &customer.text[questions[m].sentence.clone()];
                !opening
                    .get(..3)
                    .is_some_and(|w| w.eq_ignore_ascii_case("if "))
            });
            let inherits = q.conditional && follows_up.is_some_and(|m| answered[m]);
            let ask = Ask::new(q, &customer.text[q.range.clone()]);
            answered.push(inherits || addressed(&ask, n, &reply, &mine[n], &all));
        }
        // A reply that answers none of the questions but defers in a sentence about none of
        // them in particular ("I've passed your details to our mortgage team and an adviser
        // will call you") defers them all.
        if !answered.contains(&true)
            && reply.iter().any(|s| {
                s.has(Cue::FollowUp)
                    && questions
                        .iter()
                        .all(|q| language::shared(q.topic(), &s.terms) == 0)
            })
        {
            return;
        }
        // Without the message quoted in the draft, findings sit on the reply's closing lines,
        // one line each (from the last up) so that each stays a finding of its own.
        for (k, (range, kind)) in unanswered_spans(&questions, &answered)
            .into_iter()
            .take(MAX_FINDINGS)
            .enumerate()
        {
            let span = customer.to_draft(range.clone()).unwrap_or_else(|| {
                sentences[sentences.len() - 1 - k.min(sentences.len() - 1)].clone()
            });
            out.push(diagnostic(doc, kind, &customer.text[range], span));
        }
    }
}

/// What to quote for the unanswered questions: neighbouring unanswered questions of one
/// sentence are quoted together, and a quote that starts or ends its sentence takes the whole
/// sentence ("my friend's code didn't work, can you send a new one?").
fn unanswered_spans(questions: &[Question], answered: &[bool]) -> Vec<(Range<usize>, Kind)> {
    let mut out: Vec<(Range<usize>, Kind)> = Vec::new();
    let mut previous_unanswered: Option<usize> = None;
    for (n, q) in questions.iter().enumerate() {
        if answered[n] {
            previous_unanswered = None;
            continue;
        }
        let in_sentence = |m: usize| questions[m].sentence == q.sentence;
        let first_of_sentence = n == 0 || !in_sentence(n - 1);
        let last_of_sentence = n + 1 == questions.len() || questions[n + 1].sentence != q.sentence;
        let start = if first_of_sentence {
            q.sentence.start
        } else {
            q.range.start
        };
        let end = if last_of_sentence {
            q.sentence.end
        } else {
            q.range.end
        };
        match (previous_unanswered, out.last_mut()) {
            (Some(p), Some(last)) if in_sentence(p) => last.0.end = end,
            _ => out.push((start..end, q.kind)),
        }
        previous_unanswered = Some(n);
    }
    out
}

/// The finding for an unanswered question, with a skeleton sentence that addresses it.
fn diagnostic(doc: &Document, kind: Kind, asked: &str, span: Range<usize>) -> Diagnostic {
    let mut asked = asked.split_whitespace().collect::<Vec<_>>().join(" ");
    if asked.len() > MAX_QUOTE {
        let cut = (0..=MAX_QUOTE)
            .rev()
            .find(|&i| asked.is_char_boundary(i))
            .unwrap_or(0);
        asked.truncate(cut);
        asked.push('…');
    }
    let what = if kind == Kind::Request {
        "asked for"
    } else {
        "asked"
    };
    let message = format!("The customer {what} “{asked}” and the reply does not answer it");
    let text = doc.text();
    let mut d = Diagnostic::new(text, ID, Severity::Warning, message, span);
    let hint = match kind {
        Kind::When => "<when: a day, date or time frame>",
        Kind::HowMuch => "<the amount or number>",
        Kind::Where => "<where: the place or a link>",
        Kind::How => "<the steps>",
        Kind::Why => "<the reason>",
        Kind::YesNo => "<yes or no, and what that means for them>",
        Kind::Request => "<what you did, or when you will do it>",
        Kind::Open => "<the answer>",
    };
    // Insert after the last sentence that ends like body text (not the sign-off).
    let masked = doc.masked();
    let at = doc
        .sentences()
        .iter()
        .rev()
        .find(|s| masked[(*s).clone()].ends_with(['.', '!', '?']))
        .or(doc.sentences().last())
        .map_or(text.len(), |s| s.end);
    d.suggestions.push(Suggestion {
        span: at..at,
        replacement: format!(" About “{asked}”: {hint}."),
        description: "Answer the question, or say who will answer it and when".into(),
    });
    d
}

const RATIONALE: &str = "\
Protects **P4: listen, answer the question that was asked.** The replies customers remember \
worst come from agents who read the first line, answer that, and skip the rest, so the customer \
has to ask again and waits a second round for it.

The rule reads the customer's message (quoted with `>` in the draft, or given with \
`--customer`) and finds its questions and requests: sentences ending in `?`, questions without \
one (\"how do I move my domain\"), indirect ones (\"please let me know whether...\", \"I'd like to \
know...\", \"I need the invoice for March\"). Several questions in one sentence count separately \
(\"When will it be back and will I get a credit?\"). Venting questions (\"how is that even \
fair?\") are skipped.

A question counts as addressed when the reply covers its topic (shared words after stemming, and \
a small list of synonyms such as refund/reimbursement), or when a reply sentence on its topic \
gives the kind of answer asked for (a time for *when*, a number for *how much*, a link or place \
for *where*, steps for *how*, a reason for *why*, a yes or no or a done action otherwise), or \
explicitly acknowledges or defers it (\"I'm checking the refund with billing and will confirm \
by Friday\"). A hand-off (\"please contact our billing team\", \"DM us the details\", a help \
link) defers every question of the message to where it will be answered; a generic offer (\"if \
you have any other questions, ...\") defers nothing. A question that asks for a time or a price \
needs one: a reply about the upgrade's features does not say what it costs. Precision comes \
first: a message's first question counts as addressed when the reply engages with it at all, and \
a message with a single question is presumed answered unless that question is added on to a \
message about something else (\"Also, can you ...\"), asks for a time or a price, or meets only a \
generic offer of help. Each unanswered question gets one finding that \
quotes it, on the quoted question when the message is quoted in the draft, otherwise on the \
reply's closing lines. The rule stays silent when there is no customer message or no reply yet.

Write instead: answer each question, even with \"I don't know yet, I'll find out by Friday\".";

/// The rule's examples, each with the customer's message.
fn examples() -> Examples {
    let ex = |customer: &str, text: &str| Example {
        text: text.into(),
        customer: Some(customer.into()),
        fixed: None,
    };
    Examples {
        bad: vec![
            ex(
                "When will the site be back, and will I get a credit for the downtime?",
                "The site is back as of 10:40. Sorry for the trouble.",
            ),
            ex(
                "How do I add a second admin? And is there a limit on how many admins we can have on the Starter plan?",
                "Go to Admin > People, click the user and change their role to Admin.",
            ),
            ex(
                "whats the cost of adding a second line and can i keep my daughters number from her old provider",
                "A second line is £12 a month with the same data as yours.",
            ),
            ex(
                "Can you send a replacement? Also do I need to send the broken one back first?",
                "I've sent a replacement today by courier; it arrives Thursday.",
            ),
            ex(
                "I need the invoice for March. Can you also update our VAT number on future invoices?",
                "Here's the March invoice as a PDF. Let me know if you need another format.",
            ),
            ex(
                "I want to raise my overdraft limit to £1,000. also what's the interest rate on it",
                "Done: I've submitted the request and you'll get a decision in the app in a few minutes.",
            ),
            ex(
                "I changed my surname last month. Also please let me know whether I can add a checked bag now or only at the airport",
                "I've updated the surname on your booking, and a new confirmation is on its way.",
            ),
            ex(
                "My 2FA codes aren't working. Also can you tell me if my account was accessed by someone else?",
                "Codes stop working when the phone's clock drifts. Set the date and time to automatic and try again.",
            ),
            ex(
                "Our pallet went to the wrong business. Can you recover it? Also, who pays for redelivery?",
                "I've opened an investigation and our depot will contact the business to recover the pallet.",
            ),
            ex(
                "Where can I download the proof of delivery? And does it show the signature?",
                "Sorry for the wait. We value your business.",
            ),
            ex(
                "Do you offer return freight to Poland? What's the price per pallet, and do you collect from Leeds?",
                "Yes, we run a groupage service to Poland. The price per pallet is £185.",
            ),
            ex(
                "My eSIM QR code doesn't scan. Can you send a new code? Also what's my account PIN, I've forgotten it.",
                "QR codes fail to scan when the screen brightness is low. Please check your phone settings.",
            ),
            ex(
                "Issue has been open for three months, is there an intention to fix? Who owns the issue.",
                "Simple grep/sed combo for now, see the snippet below.",
            ),
            ex(
                "The streetlight is flickering. Who is responsible for fixing it, and could you let me know the reference number for my report?",
                "Thank you for reporting this. The streetlight has been added to our maintenance list.",
            ),
            ex(
                "Will the server cope with 10x traffic on Monday? And can we pay monthly for the bigger plan?",
                "I ran a load test this morning: the current plan handles about 3x your normal traffic, so 10x would be too much.",
            ),
            ex(
                "How much is the upgrade to the Pro plan? And will my site go down during the move?",
                "The Pro plan gives you 50 GB of storage and daily backups. The move happens on the same server, so there's no downtime.",
            ),
            ex(
                "When does the summer sale start?",
                "Our summer sale has big discounts on every range, so keep an eye on your inbox!",
            ),
            ex(
                "Please stop the premium SMS service and refund the charges.",
                "I've blocked premium-rate services on your number.",
            ),
            ex(
                "How do I make the text bigger in the meeting window?",
                "Sorry about this. If you run into any questions or have any issues, you can share the details here and someone on our team will reach out.",
            ),
            ex(
                "Hi, three questions: 1) When will the SIM arrive? 2) Can I keep my old number?",
                "Your SIM was dispatched this morning and arrives within 2 working days.",
            ),
            ex(
                "my flight was delayed 5 hours, am I entitled to compensation? also can I get a meal voucher",
                "Meal vouchers are available at the service desk near gate B12.",
            ),
        ],
        good: vec![
            ex(
                "When will the site be back, and will I get a credit for the downtime?",
                "The site is back as of 10:40, and yes, I've added a 10% credit to your next invoice.",
            ),
            ex(
                "Can I get a refund for the seat fee? Also, why was I moved?",
                "I've refunded the €35 seat fee today. You were moved because the aircraft was changed to a smaller model.",
            ),
            ex(
                "Is this text message genuine?",
                "That text is not from us: we never send links asking you to verify your card.",
            ),
            ex(
                "How do I export all my notes?",
                "Settings > Account > Export. Choose Markdown or PDF and we'll email you a zip.",
            ),
            ex(
                "What's the refund status, and when will it arrive?",
                "I'm checking the refund with billing and will confirm by Friday.",
            ),
            ex(
                "Can I get my remaining months back without purchasing again?",
                "Let's get you in touch with our billing team: they are the best team to help.",
            ),
            ex(
                "Is there a fee for going over my data allowance or does it just stop?",
                "It just stops, no surprise charges. You can buy a 5GB boost for £3.",
            ),
            ex(
                "how is that even fair?? anyway can i get my rank points back",
                "Sorry, that freeze was our fault. The points were restored automatically at 22:00.",
            ),
            ex(
                "Thanks, that fixed it!",
                "Great to hear. Have a good weekend.",
            ),
            ex(
                "Where can I download the proof of delivery for shipment 88-100213?",
                "You can download the signed POD from the shipment page under Documents.",
            ),
            ex(
                "Do you support Node.js hosting on the shared plans?",
                "Not on shared hosting, because those servers run PHP only; our VPS plans run Node.js fine.",
            ),
            ex(
                "Our backups stopped. Why have they stopped? Can you run one now?",
                "Backups stop when an account goes over its disk quota. I've freed space and started a backup, which finishes within the hour.",
            ),
            ex(
                "Could you tell me the check-in time, and whether an early check-in is possible?",
                "Standard check-in is from 3pm. Early check-in is possible for €40 if you book it by replying here.",
            ),
            ex(
                "What php versions do you support and can I run different versions on different sites?",
                "We support PHP 8.1, 8.2 and 8.3, and you can pick a different version for each site under Sites > PHP.",
            ),
            ex(
                "My card was declined abroad. Why?",
                "Our fraud system blocks contactless payments over €50 abroad without a PIN, so the pump terminal's request was declined.",
            ),
            ex(
                "Can you restore the backups? And how did they get in?",
                "I've passed the case to our security team. They will restore the site from the last clean backup and send you their findings by 5pm.",
            ),
            ex(
                "How much does a name change cost, and how often can I do it?",
                "A name change costs 500 gems, and you can do it once every 30 days.",
            ),
            ex(
                "Is there a fee for a second mailbox?",
                "No, it's free: add one under Mail > Mailboxes.",
            ),
            ex(
                "Can you tell us what caused the reboot? We need this for our incident report.",
                "The reboot was caused by a kernel panic on the host; your server was back online at 03:19 UTC.",
            ),
            ex(
                "We're a small shop and want to use your service. Do you integrate with Shopify?",
                "Yes, we have a free Shopify app.",
            ),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    fn flagged(reply: &str, customer: &str) -> Vec<Diagnostic> {
        let doc = Document::parse(reply, Format::Text).with_customer(customer);
        let mut out = Vec::new();
        UnansweredQuestion.check(&doc, &mut out);
        out
    }

    #[test]
    fn message_quotes_the_question() {
        let found = flagged(
            "The site is back up.",
            "When will it be back and will I get a credit?",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "The customer asked “will I get a credit?” and the reply does not answer it"
        );
    }

    #[test]
    fn quoted_questions_are_anchored_on_the_quote() {
        let draft = "The site is back up.\n\n> When will it be back?\n> Will I get a credit?\n";
        let doc = Document::parse(draft, Format::Text);
        let mut out = Vec::new();
        UnansweredQuestion.check(&doc, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].excerpt(draft), "Will I get a credit?");
    }

    #[test]
    fn without_a_customer_message_or_a_reply_it_is_silent() {
        assert!(flagged("Thanks for writing in.", "").is_empty());
        assert!(flagged("", "When will it be back?").is_empty());
        let doc = Document::parse("> When will it be back?\n> And why?\n", Format::Text);
        let mut out = Vec::new();
        UnansweredQuestion.check(&doc, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn each_unanswered_sentence_is_its_own_finding() {
        let found = flagged(
            "A second line is £12 a month.\nBest,\nAna",
            "whats the cost of a second line and can i keep my daughters number and how long does porting take? Also do you sell phones?",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0]
                .message
                .contains("“can i keep my daughters number and how long does porting take?”"),
            "{}",
            found[0].message
        );
        assert!(
            found[1].message.contains("“do you sell phones?”"),
            "{}",
            found[1].message
        );
        assert_ne!(found[0].span, found[1].span);
    }

    #[test]
    fn a_lone_question_is_presumed_answered_unless_added_on() {
        assert!(flagged("Same.", "How is the output with triple backticks?").is_empty());
        assert_eq!(
            flagged(
                "Set the clock to automatic.",
                "My codes fail. Also can you tell me if my account was accessed?"
            )
            .len(),
            1
        );
    }

    #[test]
    fn an_answer_counts_for_the_question_it_is_about() {
        // The "yes" is about SSO, not about the trial.
        let found = flagged(
            "Yes, SSO works with Okta on the Enterprise plan.",
            "Do you offer SSO with Okta? Is there a free trial for Enterprise?",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("free trial"),
            "{}",
            found[0].message
        );
        // A sentence about one question still gives the time another asks for.
        assert!(
            flagged(
                "They don't expire for 2 years, and she can use them online or in any store.",
                "Can it be emailed? How long is it valid for? And can she spend it in your shops as well as online?",
            )
            .iter()
            .all(|d| !d.message.contains("valid")),
        );
    }

    #[test]
    fn a_first_question_needs_a_yes_or_no_that_opens_a_clause() {
        let customer = "Is a 40-minute connection long enough? Will my suitcase be moved to the next flight automatically?";
        // "don't" inside a sentence about the suitcase says nothing about the connection.
        let found = flagged(
            "Your suitcase goes straight through to Lima, so you don't need to collect it.",
            customer,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("40-minute"),
            "{}",
            found[0].message
        );
        assert!(
            flagged(
                "Your suitcase goes straight through to Lima, so you don't need to collect it. Unfortunately not: that is too short for this airport.",
                customer,
            )
            .is_empty()
        );
    }

    #[test]
    fn having_something_is_not_a_done_action() {
        assert!(!ACTION.is_match("We have great deals on SIM-only plans"));
        assert!(ACTION.is_match("We have sent a new card"));
        assert!(ACTION.is_match("I have already refunded it"));
    }

    #[test]
    fn a_reply_that_only_defers_defers_every_question() {
        assert!(
            flagged(
                "I've passed your details to our lending team and an adviser will call you this week.",
                "My loan ends in May. What terms can you give me, and can I lock them in?",
            )
            .is_empty()
        );
        // Beside an answer, a general "we'll be in touch" does not defer the other question.
        let found = flagged(
            "Our depot will collect the pallet from the business. We'll be in touch with an update.",
            "Our pallet went to the wrong business. Can you collect it? Also, who pays for redelivery?",
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn a_yes_or_no_may_follow_a_handle() {
        assert!(OPENING_YES_NO.is_match("@user yeah, I have a branch open"));
        assert!(OPENING_YES_NO.is_match("@user @team You can do that"));
        assert!(!OPENING_YES_NO.is_match("@user the app only runs on Android"));
    }

    #[test]
    fn a_booking_does_not_defer_questions_on_its_topic() {
        let found = flagged(
            "I've booked the move to the new server for Saturday at 2am.",
            "Can you move my shop to the new server? Also what happens to my email during the move?",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("email"), "{}", found[0].message);
    }

    #[test]
    fn a_tied_sentence_answers_the_question_it_covers_more_of() {
        let found = flagged(
            "The overdraft limit is set at £500 by our credit team, so we can't change it.",
            "Can I increase my overdraft limit? And can I set a weekly spending limit in the app?",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("weekly"), "{}", found[0].message);
    }

    #[test]
    fn times_are_not_amounts() {
        let found = flagged(
            "Transfers to Poland usually arrive the next working day if sent before 3pm.",
            "How long does a transfer to Poland take? And what's the fee?",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("fee"), "{}", found[0].message);
    }

    #[test]
    fn a_bare_reference_back_needs_an_answer_of_its_kind() {
        let customer = "Please refund the duplicate charge. And why did this happen?";
        assert_eq!(
            flagged("I've refunded the duplicate charge today.", customer).len(),
            1
        );
        assert!(
            flagged(
                "I've refunded the duplicate charge today. It happened because the payment was retried.",
                customer
            )
            .is_empty()
        );
    }

    #[test]
    fn a_price_or_a_time_needs_a_value_not_the_topic() {
        let customer = "How much is the upgrade to the Pro plan? And will my site go down?";
        let found = flagged(
            "The Pro plan gives you 50 GB of storage and a free SSL certificate. No, your site stays up.",
            customer,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("upgrade"), "{}", found[0].message);
        assert!(
            flagged(
                "The Pro plan is £12 a month more. No, your site stays up.",
                customer
            )
            .is_empty()
        );
        // Even a lone question: a time question is answered by a time.
        assert_eq!(
            flagged(
                "Our summer sale has big discounts on every range!",
                "When does the summer sale start?"
            )
            .len(),
            1
        );
        // "No date yet", "when it's ready" and "the team is working on it" answer or defer it.
        for reply in [
            "We don't have a date for the summer sale yet.",
            "When it's ready.",
            "Stay tuned! The team is working on it.",
        ] {
            assert!(
                flagged(reply, "When does the summer sale start?").is_empty(),
                "{reply}"
            );
        }
        // "How often" asks for a time, which a price does not give.
        assert_eq!(
            flagged(
                "Name changes cost 500 gems.",
                "How much does a name change cost, and how often can I do it?"
            )
            .len(),
            1
        );
        // A yes/no question that mentions a price or "yet" asks for no value.
        assert!(flagged("We match any UK retailer.", "Do you price match?").is_empty());
    }

    #[test]
    fn a_generic_offer_is_no_hand_off() {
        let customer = "How do I make the text bigger in the meeting window?";
        assert_eq!(
            flagged(
                "Sorry about this. If you have any other questions, please contact our team.",
                customer
            )
            .len(),
            1
        );
        assert!(flagged("Please contact our team about this.", customer).is_empty());
    }

    #[test]
    fn a_closing_offer_of_help_is_no_answer_nor_question_back() {
        let customer = "Why was I charged £5 on the 3rd?";
        assert_eq!(
            flagged(
                "Thanks for reaching out. I can see your account now. Is there anything else I can help you with today?",
                customer
            )
            .len(),
            1
        );
        assert!(
            flagged(
                "That was the monthly card fee, charged on the 3rd. Is there anything else I can help you with?",
                customer
            )
            .is_empty()
        );
    }

    #[test]
    fn pointing_at_the_website_without_a_link_is_no_answer() {
        let customer = "where do i find the reading list for module HIS203";
        assert_eq!(
            flagged("Hi! All reading lists are on the website.", customer).len(),
            1
        );
        assert!(
            flagged(
                "Hi! All reading lists are on the website: https://uni.example/lists",
                customer
            )
            .is_empty()
        );
    }

    #[test]
    fn a_done_action_on_another_topic_gives_no_steps() {
        let customer = "My son spent £90 on coins with my card. Can these be refunded? How do I stop this from happening again?";
        let found = flagged("I've refunded the £90 to your card today.", customer);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("stop"), "{}", found[0].message);
    }

    #[test]
    fn an_if_so_follow_up_is_asked_on_its_own() {
        let found = flagged(
            "Yes, you can switch to monthly payments from October.",
            "Can I switch to monthly payments? If so, is there an admin charge?",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("admin"), "{}", found[0].message);
    }

    #[test]
    fn a_follow_up_question_is_not_covered_by_what_it_refers_to() {
        let found = flagged(
            "Thanks for asking! Yes, shared Outlook calendars are supported.",
            "Does the calendar integration support Outlook shared calendars? If yes, how do I connect one? If no, is it on the roadmap?",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("connect"), "{}", found[0].message);
    }

    #[test]
    fn listed_requests_are_each_answered() {
        let found = flagged(
            "Your lines move to Dock Street on 1 July.",
            "For our office move please:\n- move our lines to Dock Street\n- send a new router",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("router"), "{}", found[0].message);
    }

    #[test]
    fn bad_input_gives_sensible_output() {
        let many: String = (0..200)
            .map(|i| format!("Can you check order {i} for the zebra-{i} widget? "))
            .collect();
        let found = flagged("Thanks for your order.", &many);
        assert!(found.len() <= MAX_FINDINGS);
        for (reply, customer) in [
            (
                "no punctuation at all just words and words",
                "no punctuation here either can you help",
            ),
            (
                "Merci, nous vérifions. 谢谢！",
                "¿Dónde está mi pedido? 我的订单在哪里？ Where is my order?",
            ),
            ("ok", "?"),
            ("ok", "??? !!! ..."),
        ] {
            let _ = flagged(reply, customer);
        }
    }
}
