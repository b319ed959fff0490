//! What the server knows between messages: the open documents (text, version, line index,
//! language) with their latest lint results, and the settings clients send.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use lsp_types::{TextDocumentContentChangeEvent, Uri};
use serde::Deserialize;

use super::convert::{Encoding, Positions};
use crate::diagnostic::Diagnostic;
use crate::document::Format;
use crate::text::LineIndex;

/// One open document.
#[derive(Debug)]
pub struct OpenDocument {
    /// The client's `languageId` (`plaintext`, `markdown`, `html`, `liquid`, ...).
    pub language: String,
    /// The client's version of the text.
    pub version: i32,
    pub text: Arc<str>,
    /// Line starts of `text`.
    pub lines: Arc<LineIndex>,
    /// Bumped whenever the text or the settings change; lint results carry the generation they
    /// were computed for, and results for an older one are dropped.
    pub generation: u64,
    /// The generation the workers should still bother with; shared with queued lint jobs so a
    /// worker can skip one that went stale while it waited.
    pub latest: Arc<AtomicU64>,
    /// Findings for the current generation, once linted.
    pub findings: Option<Arc<Vec<Diagnostic>>>,
    /// When the next lint is due, if one is scheduled.
    pub due: Option<Instant>,
}

impl OpenDocument {
    /// A document just opened at `version`.
    pub fn new(language: String, version: i32, text: String, generation: u64) -> Self {
        let lines = Arc::new(LineIndex::new(&text));
        OpenDocument {
            language,
            version,
            text: text.into(),
            lines,
            generation,
            latest: Arc::new(AtomicU64::new(generation)),
            findings: None,
            due: None,
        }
    }

    /// Applies `changes` in order (full replacements or ranged edits, whose out-of-range
    /// positions clamp) and moves to `version` and `generation`.
    pub fn apply_changes(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
        generation: u64,
    ) {
        let mut text = String::from(&*self.text);
        let mut lines = Arc::clone(&self.lines);
        for change in changes {
            match change.range {
                None => text = change.text,
                Some(range) => {
                    let span = Positions::new(&text, &lines, encoding).span(range);
                    text.replace_range(span, &change.text);
                }
            }
            lines = Arc::new(LineIndex::new(&text));
        }
        self.text = text.into();
        self.lines = lines;
        self.version = version;
        self.invalidate(generation);
    }

    /// Marks earlier lint results stale (the text or the settings changed).
    pub fn invalidate(&mut self, generation: u64) {
        self.generation = generation;
        self.latest.store(generation, Ordering::Release);
        self.findings = None;
    }

    /// Converts positions of the current text.
    pub fn positions(&self, encoding: Encoding) -> Positions<'_> {
        Positions::new(&self.text, &self.lines, encoding)
    }

    /// How the text is parsed, from the language id; anything unknown is plain text.
    pub fn format(&self) -> Format {
        match self.language.as_str() {
            "markdown" => Format::Markdown,
            "html" => Format::Html,
            _ => Format::Text,
        }
    }
}

/// The open documents by URI.
pub type Documents = HashMap<Uri, OpenDocument>;

/// Settings from `initializationOptions` or `workspace/didChangeConfiguration` (either the
/// object itself or nested under a `replylint` key). Unknown keys are ignored, since clients
/// often send their whole settings tree.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// Rule levels, as in `.replylint.toml`: `{"condescension": "error"}`.
    pub rules: BTreeMap<String, String>,
    /// A knowledge-base index directory, overriding `[kb] index`.
    pub kb_path: Option<PathBuf>,
    /// Delay between a change and its lint, in milliseconds.
    pub debounce_ms: Option<u64>,
    /// How many articles to offer as "Insert link" actions.
    pub article_links: Option<usize>,
}

impl Settings {
    /// Reads settings from a JSON value; `null` gives the defaults.
    pub fn from_json(value: serde_json::Value) -> Result<Self, serde_json::Error> {
        let value = match value {
            serde_json::Value::Object(mut map) if map.contains_key("replylint") => {
                map.remove("replylint").expect("key checked above")
            }
            serde_json::Value::Null => return Ok(Settings::default()),
            other => other,
        };
        serde_json::from_value(value)
    }
}

#[cfg(test)]
mod tests {
    use lsp_types::{Position, Range};

    use super::*;

    fn edit(range: ((u32, u32), (u32, u32)), text: &str) -> TextDocumentContentChangeEvent {
        let ((l1, c1), (l2, c2)) = range;
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn incremental_edits_apply_in_order_and_clamp() {
        let mut doc = OpenDocument::new("plaintext".into(), 1, "café 😀 ok\nsecond".into(), 1);
        // UTF-16: "café 😀 " is 8 units; replace "ok".
        let changes = vec![
            edit(((0, 8), (0, 10)), "fine"),
            edit(((1, 0), (1, 99)), "2nd"),
            edit(((9, 0), (9, 5)), "!"),
        ];
        doc.apply_changes(2, changes, Encoding::Utf16, 2);
        assert_eq!(&*doc.text, "café 😀 fine\n2nd!");
        assert_eq!(doc.lines.line_count(), 2);
        assert_eq!(doc.latest.load(Ordering::Acquire), 2);
        let full = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "new".into(),
        };
        doc.apply_changes(3, vec![full], Encoding::Utf8, 3);
        assert_eq!((&*doc.text, doc.version), ("new", 3));
    }

    #[test]
    fn settings_accept_nested_or_flat_objects() {
        let flat =
            serde_json::json!({"rules": {"condescension": "off"}, "debounceMs": 0, "other": 1});
        let nested =
            serde_json::json!({"replylint": {"rules": {"condescension": "off"}, "debounceMs": 0}});
        assert_eq!(
            Settings::from_json(flat).unwrap(),
            Settings::from_json(nested).unwrap()
        );
        assert_eq!(
            Settings::from_json(serde_json::Value::Null).unwrap(),
            Settings::default()
        );
        assert!(Settings::from_json(serde_json::json!({"debounceMs": "soon"})).is_err());
    }
}
