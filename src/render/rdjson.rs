//! reviewdog's rdjson (Reviewdog Diagnostic Format, JSON): positions as 1-based lines and 1-based
//! columns in UTF-8 bytes (end exclusive), severity `ERROR|WARNING|INFO`, the rule as `code`, and
//! suggestions as replacements of a range, which reviewdog can post as suggested changes.

use serde_json::{Value, json};

use crate::diagnostic::Severity;
use crate::render::Report;
use crate::text::{ColumnUnit, LineIndex};

/// Renders every report as one rdjson document.
pub fn render(reports: &[Report<'_>]) -> Value {
    let mut diagnostics = Vec::new();
    for report in reports {
        let lines = LineIndex::new(report.text);
        let range = |span: &std::ops::Range<usize>| {
            let pos = |offset: usize| {
                let line = lines.line_of(offset);
                json!({"line": line + 1, "column": lines.column(report.text, line, offset, ColumnUnit::Utf8) + 1})
            };
            json!({"start": pos(span.start), "end": pos(span.end)})
        };
        let path = report.path.to_string_lossy().replace('\\', "/");
        for d in report.diagnostics {
            let severity = match d.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARNING",
                Severity::Info | Severity::Hint => "INFO",
            };
            let suggestions: Vec<Value> = d
                .suggestions
                .iter()
                .map(|s| json!({"range": range(&s.span), "text": s.replacement}))
                .collect();
            diagnostics.push(json!({
                "message": d.message,
                "location": {"path": path, "range": range(&d.span)},
                "severity": severity,
                "code": {"value": d.rule},
                "suggestions": suggestions
            }));
        }
    }
    json!({"source": {"name": "replylint"}, "diagnostics": diagnostics})
}
