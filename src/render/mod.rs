//! Output formats shared by the CLI and tests: `human` (annotated source lines) and `json`
//! (the stable machine-readable schema documented in the README).

pub mod human;
pub mod json;

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The findings for one input, ready to render.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The file the text came from (or `-`, or a JSONL id).
    pub path: &'a Path,
    /// The text the diagnostics' spans point into.
    pub text: &'a str,
    pub diagnostics: &'a [Diagnostic],
}
