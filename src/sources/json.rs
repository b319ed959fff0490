//! A JSON reader that keeps positions: a tree of [`Node`]s whose strings remember the byte range
//! of their literal in the file, and [`JsonString`], which decodes a literal and maps offsets in
//! the decoded text back to offsets in the file (through `\n`, `\"`, `\u00e9` and surrogate
//! pairs). Syntax errors come from `serde_json`, with line and column; this reader runs only on
//! text `serde_json` accepted.

use std::ops::Range;

/// A JSON value with the byte ranges of its strings in the source.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    /// A string: the byte range of its literal, quotes included.
    String(Range<usize>),
    /// A number, as written.
    Number(String),
    Bool(bool),
    Null,
}

impl Node {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The elements of an array.
    pub fn items(&self) -> Option<&[Node]> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The decoded value of a string node.
    pub fn as_str(&self, source: &str) -> Option<String> {
        match self {
            Node::String(raw) => Some(JsonString::decode(source, raw.clone()).text),
            _ => None,
        }
    }

    /// The node as a plain `serde_json` value (strings decoded), for ids echoed in output.
    pub fn to_value(&self, source: &str) -> serde_json::Value {
        match self {
            Node::Object(members) => members
                .iter()
                .map(|(k, v)| (k.clone(), v.to_value(source)))
                .collect(),
            Node::Array(items) => items.iter().map(|v| v.to_value(source)).collect(),
            Node::String(_) => self.as_str(source).unwrap_or_default().into(),
            Node::Number(n) => serde_json::from_str(n).unwrap_or(serde_json::Value::Null),
            Node::Bool(b) => (*b).into(),
            Node::Null => serde_json::Value::Null,
        }
    }

    /// A short description for error messages: `an object with keys "a", "b"`, `an array`.
    pub fn describe(&self) -> String {
        match self {
            Node::Object(members) => {
                let keys: Vec<String> = members
                    .iter()
                    .take(6)
                    .map(|(k, _)| format!("{k:?}"))
                    .collect();
                match keys.is_empty() {
                    true => "an empty object".into(),
                    false => format!("an object with keys {}", keys.join(", ")),
                }
            }
            Node::Array(items) => format!("an array of {} item(s)", items.len()),
            Node::String(_) => "a string".into(),
            Node::Number(_) => "a number".into(),
            Node::Bool(_) => "a boolean".into(),
            Node::Null => "null".into(),
        }
    }
}

/// A syntax error: byte offset, line and column (1-based, as `serde_json` counts them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// Parses `source`: syntax is checked by `serde_json` (without building its tree), then the
/// positions tree is built.
pub fn parse(source: &str) -> Result<Node, SyntaxError> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(source) {
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m)
            .to_owned();
        let line_start = source
            .split_inclusive('\n')
            .take(e.line().saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        let offset =
            crate::text::floor_char_boundary(source, line_start + e.column().saturating_sub(1));
        return Err(SyntaxError { offset, message });
    }
    let mut reader = Reader {
        bytes: source.as_bytes(),
        source,
        at: 0,
    };
    Ok(reader.value())
}

/// Builds the tree of text `serde_json` accepted; never panics on other text either (it then
/// yields `Null` for what it cannot read).
struct Reader<'a> {
    bytes: &'a [u8],
    source: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn skip_ws(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Node {
        self.skip_ws();
        match self.bytes.get(self.at) {
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                loop {
                    self.skip_ws();
                    match self.bytes.get(self.at) {
                        Some(b'}') | None => {
                            self.at += 1;
                            return Node::Object(members);
                        }
                        Some(b',') => self.at += 1,
                        Some(b'"') => {
                            let key = self.string();
                            let key = JsonString::decode(self.source, key).text;
                            self.skip_ws();
                            self.at += usize::from(self.bytes.get(self.at) == Some(&b':'));
                            members.push((key, self.value()));
                        }
                        Some(_) => {
                            self.at += 1;
                        }
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    match self.bytes.get(self.at) {
                        Some(b']') | None => {
                            self.at += 1;
                            return Node::Array(items);
                        }
                        Some(b',') => self.at += 1,
                        Some(_) => items.push(self.value()),
                    }
                }
            }
            Some(b'"') => Node::String(self.string()),
            Some(b't') => self.word(4, Node::Bool(true)),
            Some(b'f') => self.word(5, Node::Bool(false)),
            Some(b'n') => self.word(4, Node::Null),
            Some(_) => {
                let start = self.at;
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                {
                    self.at += 1;
                }
                if self.at == start {
                    self.at += 1;
                    return Node::Null;
                }
                Node::Number(self.source[start..self.at].to_owned())
            }
            None => Node::Null,
        }
    }

    fn word(&mut self, len: usize, node: Node) -> Node {
        self.at += len;
        node
    }

    /// The range of the string literal at `self.at`, quotes included.
    fn string(&mut self) -> Range<usize> {
        let start = self.at;
        self.at += 1;
        while let Some(&b) = self.bytes.get(self.at) {
            self.at += if b == b'\\' { 2 } else { 1 };
            if b == b'"' {
                break;
            }
        }
        self.at = self.at.min(self.bytes.len());
        start..self.at
    }
}

/// A decoded JSON string literal with a map from decoded offsets to source offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonString {
    pub text: String,
    /// Byte offset in the source of the first char after the opening quote.
    start: usize,
    /// (decoded offset, source offset) at the start and end of each escape sequence; between
    /// them the bytes are copied one to one.
    marks: Vec<(usize, usize)>,
}

impl JsonString {
    /// Decodes the literal at `raw` (quotes included) in `source`. Invalid escapes, which
    /// `serde_json` rejects before this runs, decode to U+FFFD.
    pub fn decode(source: &str, raw: Range<usize>) -> Self {
        let start = raw.start + 1;
        let end = raw.end.saturating_sub(1).max(start);
        let body = &source[start..end];
        let mut text = String::with_capacity(body.len());
        let mut marks = Vec::new();
        let mut copied = 0;
        let mut rest = body;
        while let Some(i) = rest.find('\\') {
            text.push_str(&rest[..i]);
            let esc_start = copied + i;
            marks.push((text.len(), esc_start));
            let (ch, used) = escape(&rest[i..]);
            text.push(ch);
            marks.push((text.len(), esc_start + used));
            copied = esc_start + used;
            rest = &body[copied..];
        }
        text.push_str(rest);
        JsonString { text, start, marks }
    }

    /// The source byte offset of decoded offset `at`.
    pub fn source_offset(&self, at: usize) -> usize {
        let i = self.marks.partition_point(|&(decoded, _)| decoded <= at);
        let (decoded, source) = if i == 0 { (0, 0) } else { self.marks[i - 1] };
        self.start + source + (at - decoded)
    }
}

/// Decodes the escape at the start of `s` (which starts with `\`): the char and bytes used.
fn escape(s: &str) -> (char, usize) {
    let simple = match s.as_bytes().get(1) {
        Some(b'n') => '\n',
        Some(b't') => '\t',
        Some(b'r') => '\r',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'u') => return unicode_escape(s),
        Some(&b) if b.is_ascii() => b as char,
        _ => {
            return (
                '\u{FFFD}',
                1 + s[1..].chars().next().map_or(0, char::len_utf8),
            );
        }
    };
    (simple, 2)
}

/// `\uXXXX`, or a surrogate pair `\uD83D\uDE00` as one char.
fn unicode_escape(s: &str) -> (char, usize) {
    let hex = |from: usize| {
        s.get(from..from + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    let Some(high) = hex(2) else {
        return ('\u{FFFD}', 2);
    };
    let low = hex(8).filter(|l| (0xDC00..0xE000).contains(l) && s.get(6..8) == Some("\\u"));
    if let Some(low) = low.filter(|_| (0xD800..0xDC00).contains(&high)) {
        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
        return (char::from_u32(code).unwrap_or('\u{FFFD}'), 12);
    }
    (char::from_u32(high).unwrap_or('\u{FFFD}'), 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(source: &str) -> JsonString {
        JsonString::decode(source, 0..source.len())
    }

    #[test]
    fn decodes_like_serde_json() {
        for source in [
            r#""plain""#,
            r#""a\nb\"c\\d\/e""#,
            r#""caf\u00e9 \ud83d\ude00 x""#,
            r#""é😀\t""#,
            r#""""#,
        ] {
            let expected: String = serde_json::from_str(source).unwrap();
            assert_eq!(literal(source).text, expected, "{source}");
        }
    }

    #[test]
    fn decoded_offsets_map_through_escapes() {
        let source = r#""Hi \"Ana\",\nobviously caf\u00e9 \ud83d\ude00 done""#;
        let s = literal(source);
        for needle in ["Hi", "Ana", "obviously", " done"] {
            let decoded = s.text.find(needle).unwrap();
            assert_eq!(
                &source[s.source_offset(decoded)..][..needle.len()],
                needle,
                "{needle}"
            );
        }
        let emoji = s.text.find('😀').unwrap();
        assert_eq!(&source[s.source_offset(emoji)..][..2], "\\u");
        assert_eq!(
            s.source_offset(emoji + '😀'.len_utf8()),
            source.find(" done").unwrap()
        );
        assert_eq!(s.source_offset(s.text.len()), source.len() - 1);
    }

    #[test]
    fn tree_keeps_string_ranges() {
        let source = "{\"a\": [1, true, null, \"x\\ty\"], \"b\": {\"c\": -2.5e3}}";
        let node = parse(source).unwrap();
        let items = node.get("a").unwrap().items().unwrap();
        assert_eq!(items[0], Node::Number("1".into()));
        assert_eq!(items[3].as_str(source).unwrap(), "x\ty");
        let Node::String(range) = &items[3] else {
            panic!()
        };
        assert_eq!(&source[range.clone()], "\"x\\ty\"");
        assert_eq!(
            node.get("b").unwrap().get("c").unwrap().to_value(source),
            serde_json::json!(-2500.0)
        );
    }

    #[test]
    fn syntax_errors_have_offsets() {
        let source = "{\n  \"a\": [1,\n  }\n";
        let err = parse(source).unwrap_err();
        assert_eq!(&source[..err.offset].lines().count(), &3);
        assert!(!err.message.contains("line"), "{}", err.message);
    }
}
