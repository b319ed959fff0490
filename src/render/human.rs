//! Human output in the style of rustc and ruff: `path:line:col: severity[rule] message`, the
//! source line with a caret underline, and the suggested rewrite.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use crate::diagnostic::{Diagnostic, Severity};
use crate::render::Report;
use crate::sources::TemplateRef;
use crate::text::LineIndex;

/// Longest stretch of a source line shown around a finding, in chars.
const WINDOW: usize = 100;

/// Whether to color the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Always,
    Never,
}

struct Paint(Color);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        match self.0 {
            Color::Always => format!("\x1b[{code}m{s}\x1b[0m"),
            Color::Never => s.to_owned(),
        }
    }

    fn severity(&self, sev: Severity) -> &'static str {
        match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
            Severity::Hint => "1;32",
        }
    }
}

/// Renders every diagnostic of `report`, then its suggested articles.
pub fn render(report: &Report<'_>, color: Color) -> String {
    let lines = LineIndex::new(report.text);
    let mut out = String::new();
    let paint = Paint(color);
    for (i, d) in report.diagnostics.iter().enumerate() {
        render_one(&mut out, report, &lines, d, report.template(i), &paint);
    }
    render_articles(&mut out, report, &paint);
    out
}

fn render_one(
    out: &mut String,
    report: &Report<'_>,
    lines: &LineIndex,
    d: &Diagnostic,
    template: Option<&TemplateRef>,
    paint: &Paint,
) {
    let text = report.text;
    let start = lines.line_col(text, d.span.start);
    let sev = paint.wrap(paint.severity(d.severity), d.severity.as_str());
    let rule = paint.wrap("1", &format!("[{}]", d.rule));
    let _ = writeln!(
        out,
        "{}:{}:{}: {sev}{rule} {}",
        report.path.display(),
        start.line,
        start.column,
        d.message
    );

    let line = lines.line_of(d.span.start);
    let range = lines.line_range(text, line);
    let gutter = (start.line).to_string();
    let pad = " ".repeat(gutter.len());
    // Show a window of the line around the finding, so a huge line stays readable.
    let (from, to) = window(text, range.clone(), d.span.start, d.span.end.min(range.end));
    let shown = &text[from..to];
    let lead = if from > range.start { "…" } else { "" };
    let tail = if to < range.end { "…" } else { "" };
    let before = lead.width() + text[from..d.span.start.max(from)].width();
    let marked = text[d.span.start.max(from)..d.span.end.min(to).max(d.span.start)]
        .width()
        .max(1);
    let bar = paint.wrap("1;34", "|");
    let _ = writeln!(out, "{pad} {bar}");
    let _ = writeln!(
        out,
        "{} {bar} {lead}{}{tail}",
        paint.wrap("1;34", &gutter),
        shown.replace('\t', " ")
    );
    let carets = paint.wrap(paint.severity(d.severity), &"^".repeat(marked));
    let _ = writeln!(out, "{pad} {bar} {}{carets}", " ".repeat(before));
    for s in &d.suggestions {
        let _ = writeln!(out, "{pad} = help: {}", s.description);
        // Preview the fix on the shown part of the line when the edit lies within it.
        if s.span.start >= from && s.span.end <= to {
            let fixed = format!(
                "{}{}{}",
                &text[from..s.span.start],
                s.replacement,
                &text[s.span.end..to]
            );
            let _ = writeln!(
                out,
                "{pad} {bar} {lead}{}{tail}",
                paint.wrap("32", &fixed.replace('\t', " "))
            );
        }
    }
    if let Some(t) = template {
        // Zendesk nests categories with `::`; show them as a path.
        let title = t.title.replace("::", " › ");
        let _ = writeln!(
            out,
            "{pad} = in {} “{title}” (id {}) at {}",
            t.source, t.id, t.pointer
        );
    }
    out.push('\n');
}

/// Byte range of the part of line `range` shown for a finding at `start..end`.
fn window(text: &str, range: std::ops::Range<usize>, start: usize, end: usize) -> (usize, usize) {
    let len = range.len();
    if len <= WINDOW || (len <= 4 * WINDOW && text[range.clone()].chars().count() <= WINDOW) {
        return (range.start, range.end);
    }
    let from = text[range.start..start]
        .char_indices()
        .rev()
        .nth(WINDOW / 3)
        .map_or(range.start, |(i, _)| range.start + i);
    let to = text[end..range.end]
        .char_indices()
        .nth(WINDOW / 3)
        .map_or(range.end, |(i, _)| end + i);
    (from, to)
}

/// The suggested articles, after the diagnostics of their file.
fn render_articles(out: &mut String, report: &Report<'_>, paint: &Paint) {
    if report.articles.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}: suggested articles", report.path.display());
    for (i, a) in report.articles.iter().enumerate() {
        let title = paint.wrap("1", &a.title);
        let _ = writeln!(
            out,
            "  {}. {title} <{}> (score {:.1})",
            i + 1,
            a.url,
            a.score
        );
        let snippet = a.marked_snippet("\x1b[1m", "\x1b[0m");
        let snippet = if paint.0 == Color::Always {
            snippet
        } else {
            a.snippet.clone()
        };
        let _ = writeln!(
            out,
            "     {}",
            snippet.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    out.push('\n');
}
