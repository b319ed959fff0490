//! GitHub Actions workflow commands, one line per finding:
//! `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`. Levels are `error`,
//! `warning` and `notice`; columns count characters and `endColumn` is inclusive. Data is escaped
//! (`%`, CR, LF) and so are properties (also `:` and `,`), so no message can start a command of
//! its own; nothing else is printed, so no customer text reaches the log outside an annotation.

use std::fmt::Write;

use crate::diagnostic::Severity;
use crate::render::Report;
use crate::text::LineIndex;

/// Renders every diagnostic of `report` as a workflow command line.
pub fn render(report: &Report<'_>) -> String {
    let lines = LineIndex::new(report.text);
    let file = escape_property(&report.path.to_string_lossy().replace('\\', "/"));
    let mut out = String::new();
    for (i, d) in report.diagnostics.iter().enumerate() {
        let start = lines.line_col(report.text, d.span.start);
        let end = lines.line_col(report.text, d.span.end);
        // GitHub reads endColumn as the last annotated column.
        let end_column = if end.line == start.line {
            (end.column - 1).max(start.column)
        } else {
            end.column
        };
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        let mut message = d.message.clone();
        if let Some(t) = report.template(i) {
            let _ = write!(
                message,
                " [{} “{}” (id {}) at {}]",
                t.source, t.title, t.id, t.pointer
            );
        }
        let _ = writeln!(
            out,
            "::{level} file={file},line={},col={},endLine={},endColumn={end_column},title={}::{}",
            start.line,
            start.column,
            end.line,
            escape_property(&format!("replylint {}", d.rule)),
            escape_data(&message),
        );
    }
    out
}

/// Escapes a command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Diagnostic;
    use std::path::Path;

    #[test]
    fn lines_are_escaped_and_end_columns_inclusive() {
        let text = "é obviously\n";
        let d = Diagnostic::new(
            text,
            "condescension",
            Severity::Warning,
            "50% “x”\r\nnext ::error::",
            3..12,
        );
        let diagnostics = [d];
        let out = render(&Report::new(Path::new("dir,1/a:b.txt"), text, &diagnostics));
        assert_eq!(
            out,
            "::warning file=dir%2C1/a%3Ab.txt,line=1,col=3,endLine=1,endColumn=11,title=replylint condescension::\
             50%25 “x”%0D%0Anext ::error::\n"
        );
    }
}
