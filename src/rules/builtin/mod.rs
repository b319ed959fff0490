//! Built-in analyzers: rules written in Rust because a pattern cannot express them. A new
//! analyzer is a file here plus a line in [`all`].

pub(crate) mod language;
mod lexicon;
mod missing_timeline;
mod template_placeholder;
mod unanswered_question;
pub(crate) mod unlinked_reference;

use super::Analyzer;

/// Every built-in analyzer, one line each.
pub fn all() -> Vec<Box<dyn Analyzer>> {
    vec![
        Box::new(missing_timeline::MissingTimeline),
        Box::new(template_placeholder::TemplatePlaceholder),
        Box::new(unanswered_question::UnansweredQuestion),
        Box::new(unlinked_reference::UnlinkedReference),
    ]
}
