//! SARIF 2.1.0 for GitHub code scanning and other SARIF viewers (FORMATS.md §4): one run, the
//! enabled rules as `tool.driver.rules` (summary, rationale, help), one result per finding with
//! 1-based lines and UTF-16 columns (`columnKind` set explicitly), a relative `uri`, our own
//! stable fingerprint and, for helpdesk exports, the JSON pointer and decoded-text offset.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{INVALID_SUPPRESSION, Linter};
use crate::render::Report;
use crate::rules::RuleMeta;
use crate::text::{ColumnUnit, LineIndex};

/// The schema URI written in `$schema`.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Renders every report as one SARIF log with a single run.
pub fn render(reports: &[Report<'_>], linter: &Linter) -> Value {
    let mut rules: Vec<Value> = linter
        .rules()
        .metas()
        .iter()
        .filter_map(|m| linter.severity(&m.id).map(|sev| rule(m, sev)))
        .collect();
    rules.push(json!({
        "id": INVALID_SUPPRESSION,
        "name": pascal_case(INVALID_SUPPRESSION),
        "shortDescription": {"text": "A suppression comment names an unknown rule"},
        "fullDescription": {"text": "A `replylint-disable` comment names a rule id that does not exist, so it suppresses nothing."},
        "help": {"text": "Fix the rule id; `replylint rules` lists them."},
        "defaultConfiguration": {"level": "warning"}
    }));
    let index = |id: &str| rules.iter().position(|r| r["id"] == id);
    let mut results = Vec::new();
    for report in reports {
        let lines = LineIndex::new(report.text);
        let uri = uri(report.path);
        // How often each fingerprint occurred so far in this file.
        let mut seen: HashMap<u64, usize> = HashMap::new();
        for (i, d) in report.diagnostics.iter().enumerate() {
            let template = report.template(i);
            let hash = fingerprint(
                d,
                report.text,
                &uri,
                template.map_or("", |t| t.pointer.as_str()),
            );
            let occurrence = seen.entry(hash).and_modify(|n| *n += 1).or_insert(1);
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": region(d, report.text, &lines)
                }}],
                "partialFingerprints": {"primaryLocationLineHash": format!("{hash:016x}:{occurrence}")}
            });
            if let Some(i) = index(&d.rule) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(t) = template {
                result["properties"] = json!({
                    "jsonPointer": t.pointer,
                    "textOffset": t.offset,
                    "template": {"source": t.source, "id": t.id, "title": t.title}
                });
            }
            results.push(result);
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "replylint",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules
            }},
            "columnKind": "utf16CodeUnits",
            "results": results
        }]
    })
}

/// A rule's `reportingDescriptor`.
fn rule(meta: &RuleMeta, severity: Severity) -> Value {
    let rationale = meta.rationale.trim();
    let first_paragraph = rationale.split("\n\n").next().unwrap_or(rationale);
    let mut markdown = format!(
        "{rationale}\n\nProtects {} (PRINCIPLES.md).",
        meta.principle
    );
    for (label, examples) in [
        ("Flagged", &meta.examples.bad),
        ("Fine", &meta.examples.good),
    ] {
        markdown.push_str(&format!("\n\n**{label}:**\n"));
        for e in examples.iter().take(3) {
            markdown.push_str(&format!("\n- {}", e.text.replace('\n', " ")));
        }
    }
    json!({
        "id": meta.id,
        "name": pascal_case(&meta.id),
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": plain(first_paragraph)},
        "help": {"text": plain(rationale), "markdown": markdown},
        "defaultConfiguration": {"level": level(severity)},
        "properties": {"tags": [meta.category, meta.principle]}
    })
}

/// The region of `d`: 1-based lines, 1-based UTF-16 columns, exclusive end.
fn region(d: &Diagnostic, text: &str, lines: &LineIndex) -> Value {
    let pos = |offset: usize| {
        let line = lines.line_of(offset);
        (
            line + 1,
            lines.column(text, line, offset, ColumnUnit::Utf16) + 1,
        )
    };
    let (start_line, start_column) = pos(d.span.start);
    let (end_line, end_column) = pos(d.span.end);
    json!({
        "startLine": start_line, "startColumn": start_column,
        "endLine": end_line, "endColumn": end_column,
        "snippet": {"text": d.excerpt(text)}
    })
}

/// SARIF levels: `note` stands for both info and hint.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// `missing-timeline` → `MissingTimeline`.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect()
}

/// Markdown with emphasis and code marks removed, for the plain-text fields.
fn plain(markdown: &str) -> String {
    markdown.replace("**", "").replace('`', "")
}

/// A relative, `/`-separated, percent-encoded URI for `path` (`file://` when absolute).
pub fn uri(path: &std::path::Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let s = s.strip_prefix("./").unwrap_or(&s);
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if path.is_absolute() {
        format!("file://{out}")
    } else {
        out
    }
}

/// A fingerprint that survives edits elsewhere in the file: FNV-1a over the rule, file, JSON
/// pointer and the finding's text with case and spacing normalised (not its line number).
fn fingerprint(d: &Diagnostic, text: &str, uri: &str, pointer: &str) -> u64 {
    let excerpt = d
        .excerpt(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [d.rule.as_str(), uri, pointer, excerpt.as_str()] {
        for b in part.bytes().chain([0]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(
            uri(Path::new("./macros/a b#1.json")),
            "macros/a%20b%231.json"
        );
        assert_eq!(uri(Path::new("/abs/x.json")), "file:///abs/x.json");
    }

    #[test]
    fn fingerprints_ignore_position_but_not_rule_or_text() {
        let text = "Obviously  no.\n\nobviously no.";
        let a = Diagnostic::new(text, "condescension", Severity::Warning, "m", 0..14);
        let b = Diagnostic::new(text, "condescension", Severity::Warning, "m", 16..29);
        let c = Diagnostic::new(text, "overpromise", Severity::Warning, "m", 16..29);
        assert_eq!(
            fingerprint(&a, text, "f", ""),
            fingerprint(&b, text, "f", "")
        );
        assert_ne!(
            fingerprint(&b, text, "f", ""),
            fingerprint(&c, text, "f", "")
        );
        assert_ne!(
            fingerprint(&b, text, "f", "/a"),
            fingerprint(&b, text, "f", "/b")
        );
    }

    #[test]
    fn columns_count_utf16_code_units() {
        let text = "😀 é obviously";
        let start = text.find("obviously").unwrap();
        let d = Diagnostic::new(
            text,
            "condescension",
            Severity::Warning,
            "m",
            start..start + 9,
        );
        let r = region(&d, text, &LineIndex::new(text));
        assert_eq!(
            (r["startColumn"].as_u64(), r["endColumn"].as_u64()),
            (Some(6), Some(15))
        );
    }
}
