//! checkstyle XML (FORMATS.md §4), read by many CI dashboards and by reviewdog: one `<file>` per
//! input, one `<error>` per finding with 1-based line and character column, severity
//! `error|warning|info` and `source="replylint.<rule>"`. The format has no end position and no
//! fix.

use std::fmt::Write;

use crate::diagnostic::Severity;
use crate::render::Report;
use crate::text::LineIndex;

/// Renders every report as one checkstyle document.
pub fn render(reports: &[Report<'_>]) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for report in reports {
        let lines = LineIndex::new(report.text);
        let _ = writeln!(
            out,
            "  <file name=\"{}\">",
            escape(&report.path.to_string_lossy())
        );
        for d in report.diagnostics {
            let at = lines.line_col(report.text, d.span.start);
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "info",
            };
            let _ = writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" source=\"replylint.{}\"/>",
                at.line,
                at.column,
                escape(&d.message),
                escape(&d.rule)
            );
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}

/// Escapes text for an XML attribute value; line breaks and tabs as character references.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Diagnostic;
    use std::path::Path;

    #[test]
    fn attributes_are_escaped() {
        let text = "é <b>\"obviously\"</b>";
        let d = Diagnostic::new(
            text,
            "condescension",
            Severity::Hint,
            "“x” & <y>\n'z'",
            7..16,
        );
        let diagnostics = [d];
        let out = render(&[Report::new(Path::new("a&b.html"), text, &diagnostics)]);
        assert!(out.contains("<file name=\"a&amp;b.html\">"), "{out}");
        assert!(
            out.contains("line=\"1\" column=\"7\" severity=\"info\" message=\"“x” &amp; &lt;y&gt;&#10;&apos;z&apos;\""),
            "{out}"
        );
    }
}
