//! Conversions between the library's byte offsets and LSP positions: the negotiated position
//! encoding, `Position`/`Range` <-> byte offsets (clamping out-of-range positions, as the spec
//! asks), and [`crate::Diagnostic`] -> `lsp_types::Diagnostic`.

use std::ops::Range;

use lsp_types::{NumberOrString, Position, PositionEncodingKind};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};
use crate::text::{ColumnUnit, LineIndex};

/// The position encoding agreed with the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Columns in UTF-8 bytes, when the client offers it.
    Utf8,
    /// Columns in UTF-16 code units, the LSP default.
    #[default]
    Utf16,
}

impl Encoding {
    /// Picks UTF-8 if the client lists it in `general.positionEncodings`, UTF-16 otherwise.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The value advertised in `ServerCapabilities::position_encoding`.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn unit(self) -> ColumnUnit {
        match self {
            Encoding::Utf8 => ColumnUnit::Utf8,
            Encoding::Utf16 => ColumnUnit::Utf16,
        }
    }
}

/// A text with its line index, converting positions in one encoding.
#[derive(Clone, Copy)]
pub struct Positions<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    encoding: Encoding,
}

impl<'a> Positions<'a> {
    /// Converts positions of `text` (indexed by `lines`) in `encoding`.
    pub fn new(text: &'a str, lines: &'a LineIndex, encoding: Encoding) -> Self {
        debug_assert_eq!(
            lines.line_count(),
            LineIndex::new(text).line_count(),
            "stale line index"
        );
        Positions {
            text,
            lines,
            encoding,
        }
    }

    /// The LSP position of byte `offset`.
    pub fn position(&self, offset: usize) -> Position {
        let line = self.lines.line_of(offset);
        let character = self
            .lines
            .column(self.text, line, offset, self.encoding.unit());
        Position::new(to_u32(line), to_u32(character))
    }

    /// The LSP range of a byte range.
    pub fn range(&self, span: Range<usize>) -> lsp_types::Range {
        lsp_types::Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of `position`, clamped to its line and to the text, on a char boundary.
    pub fn offset(&self, position: Position) -> usize {
        self.lines.offset(
            self.text,
            position.line as usize,
            position.character as usize,
            self.encoding.unit(),
        )
    }

    /// The byte range of `range`; a reversed range becomes empty at its start.
    pub fn span(&self, range: lsp_types::Range) -> Range<usize> {
        let start = self.offset(range.start);
        start..self.offset(range.end).max(start)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What `Diagnostic.data` carries, so code actions can find the finding again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiagnosticData {
    /// The rule id.
    pub rule: String,
    /// The document version the finding was made on.
    pub version: i32,
    /// The finding's index among that version's findings; its suggestions are numbered from 0
    /// in the code actions offered for it.
    pub index: usize,
}

/// The LSP form of finding number `index` of a document at `version`.
pub fn diagnostic(
    pos: &Positions<'_>,
    d: &Diagnostic,
    version: i32,
    index: usize,
) -> lsp_types::Diagnostic {
    let data = DiagnosticData {
        rule: d.rule.clone(),
        version,
        index,
    };
    lsp_types::Diagnostic {
        range: pos.range(d.span.clone()),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.clone())),
        source: Some("replylint".to_owned()),
        message: d.message.clone(),
        data: Some(serde_json::to_value(data).expect("plain struct serializes")),
        ..lsp_types::Diagnostic::default()
    }
}

/// The LSP severity of a replylint severity.
pub fn severity(severity: Severity) -> lsp_types::DiagnosticSeverity {
    match severity {
        Severity::Hint => lsp_types::DiagnosticSeverity::HINT,
        Severity::Info => lsp_types::DiagnosticSeverity::INFORMATION,
        Severity::Warning => lsp_types::DiagnosticSeverity::WARNING,
        Severity::Error => lsp_types::DiagnosticSeverity::ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_roundtrip(text: &str, encoding: Encoding, needle: &str, expected: (u32, u32)) {
        let lines = LineIndex::new(text);
        let pos = Positions::new(text, &lines, encoding);
        let offset = text.find(needle).expect("needle in text");
        let p = pos.position(offset);
        assert_eq!((p.line, p.character), expected, "{needle} in {encoding:?}");
        assert_eq!(pos.offset(p), offset);
    }

    #[test]
    fn cafe_emoji_and_cjk_columns_differ_by_encoding() {
        let text = "Hi 😀 café\r\n日本語 ok\n";
        check_roundtrip(text, Encoding::Utf16, "café", (0, 6));
        check_roundtrip(text, Encoding::Utf8, "café", (0, 8));
        check_roundtrip(text, Encoding::Utf16, "ok", (1, 4));
        check_roundtrip(text, Encoding::Utf8, "ok", (1, 10));
        // The end of "café" lies after a two-byte char.
        let lines = LineIndex::new(text);
        let pos = Positions::new(text, &lines, Encoding::Utf16);
        let cafe = text.find("café").unwrap();
        assert_eq!(
            pos.range(cafe..cafe + "café".len()).end,
            Position::new(0, 10)
        );
    }

    #[test]
    fn out_of_range_and_reversed_ranges_clamp() {
        let text = "ab\r\ncd";
        let lines = LineIndex::new(text);
        let pos = Positions::new(text, &lines, Encoding::Utf16);
        assert_eq!(
            pos.offset(Position::new(0, 40)),
            2,
            "past the line end stops before CRLF"
        );
        assert_eq!(pos.offset(Position::new(7, 0)), text.len());
        let reversed = lsp_types::Range::new(Position::new(1, 1), Position::new(0, 0));
        assert_eq!(pos.span(reversed), 5..5);
    }

    #[test]
    fn negotiation_prefers_utf8_only_when_offered() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF16])),
            Encoding::Utf16
        );
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
    }
}
