//! Output formats shared by the CLI and tests: `human` (annotated source lines), `json` (the
//! stable machine-readable schema documented in the README), `sarif` (SARIF 2.1.0 for code
//! scanning), `github` (GitHub Actions workflow commands), `checkstyle` and `rdjson` (reviewdog).

pub mod checkstyle;
pub mod github;
pub mod human;
pub mod json;
pub mod rdjson;
pub mod sarif;

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::kb::Article;
use crate::sources::TemplateRef;

/// The findings for one input, ready to render.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The file the text came from (or `-`, or a JSONL id).
    pub path: &'a Path,
    /// The text the diagnostics' spans point into.
    pub text: &'a str,
    pub diagnostics: &'a [Diagnostic],
    /// For a helpdesk export, the template each diagnostic came from (same length as
    /// `diagnostics`); empty otherwise.
    pub templates: &'a [TemplateRef],
    /// Knowledge-base articles suggested for the input, best first.
    pub articles: &'a [Article],
}

impl<'a> Report<'a> {
    /// A report of a plain draft (no templates).
    pub fn new(path: &'a Path, text: &'a str, diagnostics: &'a [Diagnostic]) -> Self {
        Report {
            path,
            text,
            diagnostics,
            templates: &[],
            articles: &[],
        }
    }

    /// The template diagnostic `i` came from, if the input was an export.
    pub fn template(&self, i: usize) -> Option<&'a TemplateRef> {
        self.templates.get(i)
    }
}
