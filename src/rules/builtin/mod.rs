//! Built-in analyzers: rules written in Rust because a pattern cannot express them. A new
//! analyzer is a file here plus a line in [`all`].

mod template_placeholder;

use super::Analyzer;

/// Every built-in analyzer, one line each.
pub fn all() -> Vec<Box<dyn Analyzer>> {
    vec![Box::new(template_placeholder::TemplatePlaceholder)]
}
