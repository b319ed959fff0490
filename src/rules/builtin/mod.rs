//! Built-in analyzers: rules written in Rust because a pattern cannot express them. A new
//! analyzer is a file here plus a line in [`all`].

pub(crate) mod language;
mod lexicon;
mod missing_timeline;
mod unanswered_question;

use super::Analyzer;

/// Every built-in analyzer, one line each.
pub fn all() -> Vec<Box<dyn Analyzer>> {
    vec![
        Box::new(missing_timeline::MissingTimeline),
        Box::new(unanswered_question::UnansweredQuestion),
    ]
}
