//! The native JSON schema (README, "JSON output"): one object per diagnostic with its byte span,
//! 1-based line/column range (columns in Unicode scalar values), excerpt and suggestions.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::kb::Article;
use crate::render::Report;
use crate::sources::TemplateRef;
use crate::text::{LineCol, LineIndex};

/// A byte range.
#[derive(Debug, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A line/column range, both ends 1-based; the end is exclusive.
#[derive(Debug, Serialize)]
pub struct Range {
    pub start: LineCol,
    pub end: LineCol,
}

/// A suggestion as serialized.
#[derive(Debug, Serialize)]
pub struct JsonSuggestion<'a> {
    pub replacement: &'a str,
    pub description: &'a str,
    pub span: Span,
}

/// A diagnostic as serialized.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub rule: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub span: Span,
    pub range: Range,
    pub excerpt: &'a str,
    pub suggestions: Vec<JsonSuggestion<'a>>,
    /// The template (macro) the finding is in, for helpdesk exports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<&'a TemplateRef>,
}

/// The serializable form of `d`, whose span points into `text`.
pub fn diagnostic<'a>(d: &'a Diagnostic, text: &'a str, lines: &LineIndex) -> JsonDiagnostic<'a> {
    JsonDiagnostic {
        rule: &d.rule,
        severity: d.severity,
        message: &d.message,
        span: Span {
            start: d.span.start,
            end: d.span.end,
        },
        range: Range {
            start: lines.line_col(text, d.span.start),
            end: lines.line_col(text, d.span.end),
        },
        excerpt: d.excerpt(text),
        suggestions: d
            .suggestions
            .iter()
            .map(|s| JsonSuggestion {
                replacement: &s.replacement,
                description: &s.description,
                span: Span {
                    start: s.span.start,
                    end: s.span.end,
                },
            })
            .collect(),
        template: None,
    }
}

/// All diagnostics of a report in the JSON schema.
pub fn diagnostics<'a>(report: &Report<'a>) -> Vec<JsonDiagnostic<'a>> {
    let lines = LineIndex::new(report.text);
    report
        .diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| JsonDiagnostic {
            template: report.template(i),
            ..diagnostic(d, report.text, &lines)
        })
        .collect()
}

/// One file's entry in `--format json`.
#[derive(Debug, Serialize)]
pub struct FileEntry<'a> {
    pub path: String,
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
    /// Suggested knowledge-base articles, when a knowledge base is in use.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub articles: &'a [Article],
}

/// The `--format json` entry for a report.
pub fn file_entry<'a>(report: &Report<'a>) -> FileEntry<'a> {
    FileEntry {
        path: report.path.display().to_string(),
        diagnostics: diagnostics(report),
        articles: report.articles,
    }
}
