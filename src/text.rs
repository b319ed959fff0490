//! Byte offsets <-> line/column conversions. Diagnostics carry byte spans; humans get 1-based
//! lines and 1-based columns in Unicode scalar values, the language server 0-based UTF-16 or
//! UTF-8 columns. Also small text helpers shared by the rules.

use serde::Serialize;

/// Appends `c` lowercased to `out`, as `out.extend(c.to_lowercase())` does, with a fast path for
/// ASCII.
pub fn push_lowercase(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

/// A 1-based line and 1-based column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// The unit an editor counts columns in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    Utf8,
    Utf16,
    Chars,
}

/// Start offsets of every line of a text, for fast offset <-> position conversion.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes `text`; lines end at `\n` (a preceding `\r` stays part of the line's content).
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text).map(|i| i + 1));
        LineIndex {
            line_starts,
            len: text.len(),
        }
    }

    /// Number of lines (a trailing newline starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line containing byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    /// Byte range of 0-based `line` without its line terminator (`\n` or `\r\n`).
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_starts.get(line).copied().unwrap_or(self.len);
        let mut end = self
            .line_starts
            .get(line + 1)
            .map_or(self.len, |next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end.max(start)
    }

    /// 1-based line and column (in chars) of byte `offset`.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let column = self.column(text, line, offset, ColumnUnit::Chars) + 1;
        let _ = start;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// 0-based column of byte `offset` on 0-based `line`, in `unit`.
    pub fn column(&self, text: &str, line: usize, offset: usize, unit: ColumnUnit) -> usize {
        let start = self.line_starts[line];
        let offset = floor_char_boundary(text, offset.clamp(start, self.len));
        let prefix = &text[start..offset];
        match unit {
            ColumnUnit::Utf8 => prefix.len(),
            ColumnUnit::Utf16 => prefix.encode_utf16().count(),
            ColumnUnit::Chars => prefix.chars().count(),
        }
    }

    /// Byte offset of 0-based `line` and 0-based `column` in `unit`, clamped to the line's end
    /// (and the text's end) and to a char boundary, as editors expect of out-of-range positions.
    pub fn offset(&self, text: &str, line: usize, column: usize, unit: ColumnUnit) -> usize {
        if line >= self.line_starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let mut counted = 0;
        for (i, ch) in text[range.clone()].char_indices() {
            if counted >= column {
                return range.start + i;
            }
            counted += match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Chars => 1,
            };
            if counted > column {
                // The column falls inside a character: snap to its start.
                return range.start + i;
            }
        }
        range.end
    }
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// HTML elements that start a new block of text: their tags end a sentence.
pub const HTML_BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "pre",
    "blockquote",
    "hr",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "nav",
    "main",
    "aside",
    "details",
    "summary",
];

/// The character an HTML entity name (`amp`, `#233`, `#xE9`) stands for; control characters
/// other than whitespace are refused.
pub fn html_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace());
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "eacute" => 'é',
        "egrave" => 'è',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "rarr" => '→',
        "larr" => '←',
        "bull" => '•',
        "middot" => '·',
        _ => return None,
    })
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_lowercase_equals_to_lowercase() {
        for c in ['A', 'z', '7', '\'', 'É', 'İ', 'Σ', 'ß', '😀'] {
            let mut fast = String::new();
            push_lowercase(&mut fast, c);
            assert_eq!(fast, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }

    #[test]
    fn columns_count_chars_utf16_and_bytes() {
        let text = "héllo\n😀 café\r\nend";
        let idx = LineIndex::new(text);
        let cafe = text.find("café").unwrap();
        assert_eq!(idx.line_col(text, cafe), LineCol { line: 2, column: 3 });
        assert_eq!(idx.column(text, 1, cafe, ColumnUnit::Utf16), 3);
        assert_eq!(idx.column(text, 1, cafe, ColumnUnit::Utf8), 5);
        assert_eq!(idx.offset(text, 1, 3, ColumnUnit::Utf16), cafe);
        assert_eq!(
            idx.line_range(text, 1),
            text.find('😀').unwrap()..text.find('\r').unwrap()
        );
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset(text, 0, 99, ColumnUnit::Utf16), 2);
        assert_eq!(idx.offset(text, 9, 0, ColumnUnit::Utf16), 5);
        // Inside a surrogate pair snaps to the char start.
        let emoji = "😀x";
        assert_eq!(
            LineIndex::new(emoji).offset(emoji, 0, 1, ColumnUnit::Utf16),
            0
        );
    }
}
