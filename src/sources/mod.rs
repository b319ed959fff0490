//! Helpdesk template exports: Zendesk macros (`{"macros": […]}`, `{"macro": {…}}`) and dynamic
//! content (`{"items": […]}`, the text behind `{{dc.*}}`), Freshdesk canned responses, Help Scout
//! saved replies and Intercom macros (FORMATS.md §1).
//!
//! [`Export::parse`] finds the text fields of each template (with the JSON pointer and the byte
//! range of the string literal); [`Export::check`] decodes each field, lints it as text or HTML
//! and maps every finding back to a byte span of the *JSON file*, so line and column point into
//! the export itself, together with a [`TemplateRef`] naming the template.

pub mod json;

use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Format};
use crate::engine::Linter;
pub use crate::error::ExportError;
use crate::error::Location;
use json::{JsonString, Node};

/// The kinds of export understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// Zendesk macros: `{"macros": […]}` or `{"macro": {…}}`.
    ZendeskMacros,
    /// Zendesk dynamic content: `{"items": […]}` or `{"item": {…}}`, each with `variants`.
    ZendeskDynamicContent,
    /// Freshdesk canned responses: an object or array of objects with `content_html`/`content`.
    FreshdeskCanned,
    /// Help Scout saved replies: objects with `text` (HTML) and `chatText`.
    HelpScoutSavedReplies,
    /// Intercom macros: `{"type": "macro", …}`, an array of them, or `{"type": "list", "data": […]}`.
    IntercomMacros,
}

impl ExportKind {
    /// The `source` named in output, e.g. `zendesk-macro`.
    pub fn source(self) -> &'static str {
        match self {
            ExportKind::ZendeskMacros => "zendesk-macro",
            ExportKind::ZendeskDynamicContent => "zendesk-dynamic-content",
            ExportKind::FreshdeskCanned => "freshdesk-canned-response",
            ExportKind::HelpScoutSavedReplies => "helpscout-saved-reply",
            ExportKind::IntercomMacros => "intercom-macro",
        }
    }

    /// What a file of this kind looks like, for error messages.
    pub fn expected(self) -> &'static str {
        match self {
            ExportKind::ZendeskMacros => {
                "Zendesk macros (`{\"macros\": [...]}` or `{\"macro\": {...}}`)"
            }
            ExportKind::ZendeskDynamicContent => {
                "Zendesk dynamic content (`{\"items\": [...]}` with `variants`)"
            }
            ExportKind::FreshdeskCanned => {
                "Freshdesk canned responses (objects with `content_html` or `content`)"
            }
            ExportKind::HelpScoutSavedReplies => {
                "Help Scout saved replies (objects with `text` or `chatText`)"
            }
            ExportKind::IntercomMacros => {
                "Intercom macros (objects with `\"type\": \"macro\"` and `body_text` or `body`)"
            }
        }
    }

    const ALL: [ExportKind; 5] = [
        ExportKind::ZendeskMacros,
        ExportKind::ZendeskDynamicContent,
        ExportKind::FreshdeskCanned,
        ExportKind::HelpScoutSavedReplies,
        ExportKind::IntercomMacros,
    ];
}

/// Names the template a finding came from: the `template` object of the JSON output and the
/// SARIF result properties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemplateRef {
    /// The export kind, e.g. `zendesk-macro`.
    pub source: &'static str,
    /// The template's id as the export gives it (number or string).
    pub id: serde_json::Value,
    pub title: String,
    /// JSON pointer of the string that was linted, e.g. `/macros/0/actions/0/value`.
    pub pointer: String,
    /// Byte offset of the finding in the decoded string.
    pub offset: usize,
}

/// Options for reading exports.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Also lint templates marked inactive (Zendesk `active: false`).
    pub include_inactive: bool,
}

/// One text field of a template.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// JSON pointer of the string.
    pub pointer: String,
    /// Byte range of the string literal in the file, quotes included.
    pub literal: Range<usize>,
    /// How the decoded text is written.
    pub format: Format,
}

/// A template (macro, canned response, saved reply) with the fields to lint.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub id: serde_json::Value,
    pub title: String,
    /// An internal note (Zendesk `comment_mode_is_public: "false"`): only template rules apply.
    pub internal: bool,
    pub fields: Vec<Field>,
}

/// A parsed export file.
#[derive(Debug, Clone, PartialEq)]
pub struct Export {
    pub kind: ExportKind,
    pub templates: Vec<Template>,
    /// Templates left out because they are inactive.
    pub inactive: usize,
}

/// What [`Export::check`] found: diagnostics with spans into the export file, and for each the
/// template it came from (same order, same length).
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub templates: Vec<TemplateRef>,
}

/// Whether a file should be read as an export: `--input-format` chose a kind, or it is `.json`.
pub fn is_export_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

impl Export {
    /// Parses export `source` read from `path`: as `kind` when given, else as the kind its
    /// content shows.
    pub fn parse(
        path: &Path,
        source: &str,
        kind: Option<ExportKind>,
        options: Options,
    ) -> Result<Export, ExportError> {
        let root = json::parse(source).map_err(|e| ExportError::Malformed {
            location: Location::at(path, source, e.offset),
            message: e.message,
        })?;
        let kind = match kind {
            Some(kind) => kind,
            None => detect(&root, source).ok_or_else(|| ExportError::Unknown {
                path: path.to_owned(),
                expected: ExportKind::ALL.map(ExportKind::expected).join(", "),
                found: root.describe(),
            })?,
        };
        let mut export = Export {
            kind,
            templates: Vec::new(),
            inactive: 0,
        };
        let items = items(kind, &root, source).ok_or_else(|| ExportError::Mismatch {
            path: path.to_owned(),
            expected: kind.expected(),
            found: root.describe(),
        })?;
        for (pointer, item) in items {
            let active = !matches!(item.get("active"), Some(Node::Bool(false)));
            if !active && !options.include_inactive {
                export.inactive += 1;
                continue;
            }
            let template = read_template(kind, &pointer, item, source);
            if !template.fields.is_empty() {
                export.templates.push(template);
            }
        }
        Ok(export)
    }

    /// Lints every field of every template (in parallel) and maps findings into `source`, the
    /// export file's text.
    pub fn check(&self, linter: &Linter, source: &str) -> Checked {
        let jobs: Vec<(&Template, &Field)> = self
            .templates
            .iter()
            .flat_map(|t| t.fields.iter().map(move |f| (t, f)))
            .collect();
        let results: Vec<Vec<(Diagnostic, TemplateRef)>> = jobs
            .par_iter()
            .map(|(t, f)| self.check_field(linter, source, t, f))
            .collect();
        let mut checked = Checked::default();
        for (d, t) in results.into_iter().flatten() {
            checked.diagnostics.push(d);
            checked.templates.push(t);
        }
        checked
    }

    fn check_field(
        &self,
        linter: &Linter,
        source: &str,
        template: &Template,
        field: &Field,
    ) -> Vec<(Diagnostic, TemplateRef)> {
        let decoded = JsonString::decode(source, field.literal.clone());
        let doc = Document::parse(decoded.text.as_str(), field.format);
        let mut found = linter.check(&doc);
        if template.internal {
            found.retain(|d| {
                linter
                    .rules()
                    .get(&d.rule)
                    .is_none_or(|m| m.category == "template")
            });
        }
        found
            .into_iter()
            .map(|mut d| {
                let offset = d.span.start;
                d.span = decoded.source_offset(d.span.start)..decoded.source_offset(d.span.end);
                for s in &mut d.suggestions {
                    s.span = decoded.source_offset(s.span.start)..decoded.source_offset(s.span.end);
                    s.replacement = escape_json(&s.replacement);
                }
                let r = TemplateRef {
                    source: self.kind.source(),
                    id: template.id.clone(),
                    title: template.title.clone(),
                    pointer: field.pointer.clone(),
                    offset,
                };
                (d, r)
            })
            .collect()
    }
}

/// A replacement as it must be written inside a JSON string.
fn escape_json(s: &str) -> String {
    let quoted = serde_json::to_string(s).expect("a string always serializes");
    quoted[1..quoted.len() - 1].to_owned()
}

/// The kind the content shows, if any. An empty list (`[]`, `{"macros": []}`) is an empty
/// export of the first kind it fits.
fn detect(root: &Node, source: &str) -> Option<ExportKind> {
    let fits = |non_empty: bool| {
        ExportKind::ALL
            .into_iter()
            .find(|&kind| items(kind, root, source).is_some_and(|i| !non_empty || !i.is_empty()))
    };
    fits(true).or_else(|| fits(false))
}

/// The templates of an export of `kind` with their JSON pointers, or `None` if `root` does not
/// have that shape. An empty array is an empty export of any kind.
fn items<'a>(kind: ExportKind, root: &'a Node, source: &str) -> Option<Vec<(String, &'a Node)>> {
    let array = |node: &'a Node, prefix: &str| -> Option<Vec<(String, &'a Node)>> {
        Some(
            node.items()?
                .iter()
                .enumerate()
                .map(|(i, n)| (format!("{prefix}/{i}"), n))
                .collect(),
        )
    };
    let has = |node: &Node, keys: &[&str]| keys.iter().any(|k| node.get(k).is_some());
    let is_type = |node: &Node, t: &str| {
        node.get("type")
            .and_then(|n| n.as_str(source))
            .is_some_and(|s| s == t)
    };
    let found = match kind {
        ExportKind::ZendeskMacros => match (root.get("macros"), root.get("macro")) {
            (Some(list), _) => array(list, "/macros")?,
            (None, Some(one @ Node::Object(_))) => vec![("/macro".to_owned(), one)],
            _ => return None,
        },
        ExportKind::ZendeskDynamicContent => match (root.get("items"), root.get("item")) {
            (Some(list), _) => array(list, "/items")?,
            (None, Some(one @ Node::Object(_))) => vec![("/item".to_owned(), one)],
            _ => return None,
        },
        ExportKind::IntercomMacros if is_type(root, "list") => array(root.get("data")?, "/data")?,
        ExportKind::HelpScoutSavedReplies if root.get("_embedded").is_some() => {
            array(root.get("_embedded")?.get("replies")?, "/_embedded/replies")?
        }
        _ => match root {
            Node::Array(_) => array(root, "")?,
            Node::Object(_) => vec![(String::new(), root)],
            _ => return None,
        },
    };
    let fits = |node: &Node| match kind {
        ExportKind::ZendeskMacros => node.get("actions").is_some(),
        ExportKind::ZendeskDynamicContent => node.get("variants").is_some(),
        ExportKind::FreshdeskCanned => has(node, &["content_html", "content"]),
        ExportKind::HelpScoutSavedReplies => {
            has(node, &["text", "chatText"]) && !is_type(node, "macro")
        }
        ExportKind::IntercomMacros => is_type(node, "macro"),
    };
    found.iter().all(|(_, n)| fits(n)).then_some(found)
}

/// The id, title, flags and text fields of one template.
fn read_template(kind: ExportKind, pointer: &str, item: &Node, source: &str) -> Template {
    let text = |key: &str| item.get(key).and_then(|n| n.as_str(source));
    let title = match kind {
        ExportKind::FreshdeskCanned | ExportKind::ZendeskMacros => text("title"),
        ExportKind::HelpScoutSavedReplies
        | ExportKind::IntercomMacros
        | ExportKind::ZendeskDynamicContent => text("name"),
    };
    let mut template = Template {
        id: item
            .get("id")
            .map_or(serde_json::Value::Null, |n| n.to_value(source)),
        title: title.unwrap_or_default(),
        internal: false,
        fields: Vec::new(),
    };
    let mut field = |key: &str, node: &Node, at: String, format: Format| {
        if let Node::String(literal) = node {
            template.fields.push(Field {
                pointer: format!("{at}/{}", escape_pointer(key)),
                literal: literal.clone(),
                format,
            });
        }
    };
    match kind {
        ExportKind::ZendeskMacros => {
            for (i, action) in item
                .get("actions")
                .and_then(Node::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let name = action
                    .get("field")
                    .and_then(|n| n.as_str(source))
                    .unwrap_or_default();
                let Some(value) = action.get("value") else {
                    continue;
                };
                let at = format!("{pointer}/actions/{i}");
                let format = match name.as_str() {
                    "comment_value_html" => Format::Html,
                    "comment_value" | "subject" => Format::Text,
                    "comment_mode_is_public" => {
                        let public = value
                            .as_str(source)
                            .map_or(!matches!(value, Node::Bool(false)), |s| s != "false");
                        template.internal |= !public;
                        continue;
                    }
                    _ => continue,
                };
                // `comment_value` may be `["channel:all", "text"]`: the text is the last element.
                match value.items() {
                    Some(parts) if !parts.is_empty() => field(
                        &(parts.len() - 1).to_string(),
                        &parts[parts.len() - 1],
                        format!("{at}/value"),
                        format,
                    ),
                    _ => field("value", value, at, format),
                }
            }
        }
        ExportKind::ZendeskDynamicContent => {
            let variants = item
                .get("variants")
                .and_then(Node::items)
                .unwrap_or_default();
            for (i, variant) in variants.iter().enumerate() {
                let Some(content) = variant.get("content") else {
                    continue;
                };
                if matches!(variant.get("active"), Some(Node::Bool(false))) {
                    continue;
                }
                // Variants are plain text unless they carry markup.
                let body = content.as_str(source).unwrap_or_default();
                let format = if body.contains("</") || body.contains("<br") {
                    Format::Html
                } else {
                    Format::Text
                };
                field(
                    "content",
                    content,
                    format!("{pointer}/variants/{i}"),
                    format,
                );
            }
        }
        ExportKind::FreshdeskCanned => match item.get("content_html") {
            Some(html) => field("content_html", html, pointer.to_owned(), Format::Html),
            None => field(
                "content",
                item.get("content").unwrap_or(&Node::Null),
                pointer.to_owned(),
                Format::Text,
            ),
        },
        ExportKind::HelpScoutSavedReplies => {
            for (key, format) in [("text", Format::Html), ("chatText", Format::Text)] {
                if let Some(node) = item.get(key) {
                    field(key, node, pointer.to_owned(), format);
                }
            }
        }
        ExportKind::IntercomMacros => match item.get("body_text") {
            Some(text) => field("body_text", text, pointer.to_owned(), Format::Text),
            None => field(
                "body",
                item.get("body").unwrap_or(&Node::Null),
                pointer.to_owned(),
                Format::Html,
            ),
        },
    }
    template
}

/// Escapes a key for a JSON pointer (RFC 6901).
fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

    fn export(source: &str) -> Result<Export, ExportError> {
        Export::parse(Path::new("x.json"), source, None, Options::default())
    }

    #[test]
    fn zendesk_fields_pointers_and_flags() {
        let source = r#"{"macros": [
          {"id": 1, "title": "A::B", "active": true, "actions": [
             {"field": "comment_value", "value": ["channel:all", "Hi there"]},
             {"field": "comment_value_html", "value": "<p>Hi</p>"},
             {"field": "status", "value": "pending"}]},
          {"id": 2, "title": "Note", "actions": [
             {"field": "comment_mode_is_public", "value": "false"},
             {"field": "comment_value", "value": "Obviously internal"}]},
          {"id": 3, "title": "Off", "active": false, "actions": [{"field": "comment_value", "value": "x"}]},
          {"id": 4, "title": "No comment", "actions": [{"field": "status", "value": "solved"}]}
        ], "next_page": null, "count": 4}"#;
        let e = export(source).unwrap();
        assert_eq!(e.kind, ExportKind::ZendeskMacros);
        assert_eq!(e.inactive, 1);
        assert_eq!(e.templates.len(), 2);
        let pointers: Vec<_> = e.templates[0]
            .fields
            .iter()
            .map(|f| (f.pointer.as_str(), f.format))
            .collect();
        assert_eq!(
            pointers,
            [
                ("/macros/0/actions/0/value/1", Format::Text),
                ("/macros/0/actions/1/value", Format::Html)
            ]
        );
        assert!(e.templates[1].internal && !e.templates[0].internal);
        let linter = Linter::new(RuleSet::bundled().unwrap());
        assert!(
            e.check(&linter, source).diagnostics.is_empty(),
            "customer rules are off in internal notes"
        );
    }

    #[test]
    fn findings_land_on_the_file_position() {
        let source = "{\"macro\": {\"id\": 9, \"title\": \"T\", \"actions\": [{\"field\": \"comment_value\",\n  \"value\": \"Caf\\u00e9 \\\"ok\\\".\\nObviously, restart it.\"}]}}";
        let e = export(source).unwrap();
        let linter = Linter::new(RuleSet::bundled().unwrap());
        let checked = e.check(&linter, source);
        let d = checked
            .diagnostics
            .iter()
            .find(|d| d.rule == "condescension")
            .unwrap();
        assert_eq!(&source[d.span.clone()], "Obviously");
        let t = &checked.templates[0];
        assert_eq!(
            (t.pointer.as_str(), t.id.clone(), t.offset),
            ("/macro/actions/0/value", serde_json::json!(9), 12)
        );
    }

    #[test]
    fn other_kinds_are_detected() {
        let fd =
            r#"[{"id": 70001, "title": "Refund", "content": "x", "content_html": "<div>x</div>"}]"#;
        let hs = r#"{"id": 2, "name": "Visit", "text": "Hi", "chatText": "Hi"}"#;
        let ic = r#"{"type": "list", "data": [{"type": "macro", "id": "1", "name": "R", "body_text": "Hi"}]}"#;
        assert_eq!(export(fd).unwrap().kind, ExportKind::FreshdeskCanned);
        assert_eq!(
            export(fd).unwrap().templates[0].fields[0].pointer,
            "/0/content_html"
        );
        assert_eq!(export(hs).unwrap().templates[0].fields.len(), 2);
        assert_eq!(
            export(ic).unwrap().templates[0].fields[0].pointer,
            "/data/0/body_text"
        );
        assert!(export("[]").is_ok_and(|e| e.templates.is_empty()));
        let dc = r#"{"items": [{"id": 47, "name": "Refund policy", "placeholder": "{{dc.refund_policy}}",
            "variants": [{"id": 1, "content": "Refunds take 5 days.", "locale_id": 1, "active": true},
                         {"id": 2, "content": "<p>Old</p>", "active": false},
                         {"id": 3, "content": "<p>Rembourse en 5 jours.</p>", "locale_id": 16}]}]}"#;
        let e = export(dc).unwrap();
        assert_eq!(e.kind, ExportKind::ZendeskDynamicContent);
        let fields: Vec<_> = e.templates[0]
            .fields
            .iter()
            .map(|f| (f.pointer.as_str(), f.format))
            .collect();
        assert_eq!(
            fields,
            [
                ("/items/0/variants/0/content", Format::Text),
                ("/items/0/variants/2/content", Format::Html)
            ]
        );
    }

    #[test]
    fn bad_input_errors_name_the_place_and_the_expectation() {
        let err = export("{\"macros\": [\n  {\"id\": 1,}\n]}")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.json:2:12: malformed JSON: "), "{err}");
        let err = export(r#"{"name": "replylint", "version": "1.0"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("not a known helpdesk export") && err.contains("Zendesk macros"),
            "{err}"
        );
        assert!(err.contains("\"name\", \"version\""), "{err}");
        let forced = Export::parse(
            Path::new("x.json"),
            "[1]",
            Some(ExportKind::ZendeskMacros),
            Options::default(),
        );
        assert!(
            forced
                .unwrap_err()
                .to_string()
                .contains("expected Zendesk macros")
        );
    }
}
