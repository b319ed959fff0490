//! Plain text out of HTML and Markdown (best effort, never failing), and front matter.
//!
//! The HTML reader is a small tolerant scanner, not a parser: broken markup loses at most
//! the broken tag, never the article. Markdown keeps its words (code included, since
//! commands are searchable) and loses its syntax.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

/// Text and structure extracted from a marked-up document.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Extracted {
    /// `<title>` of an HTML page.
    pub title: Option<String>,
    /// Text of the first level-1 heading.
    pub h1: Option<String>,
    /// All headings in order (level 1 to 6).
    pub headings: Vec<String>,
    /// Plain text, paragraphs separated by newlines, whitespace collapsed.
    pub text: String,
    /// `<link rel="canonical">` of an HTML page.
    pub canonical: Option<String>,
}

/// Whether a string from a JSON export should be read as HTML rather than plain text.
pub(crate) fn looks_like_html(text: &str) -> bool {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)</?(p|div|br|span|h[1-6]|ul|ol|li|a|b|i|strong|em|table|code|pre)\b")
            .expect("valid regex")
    });
    TAG.is_match(text)
}

/// Tags whose content is not text.
const SKIPPED_ELEMENTS: &[&str] = &["script", "style", "noscript", "template", "svg", "head"];

/// Extracts text, title, headings and canonical link from HTML, tolerating broken markup.
pub(crate) fn html_to_text(html: &str) -> Extracted {
    let mut out = Extracted::default();
    let mut text = String::new();
    // (heading level, byte offset in `text` where the heading started)
    let mut heading: Option<usize> = None;
    let mut in_title: Option<usize> = None;
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let Some(tag) = scan_tag(html, i) else {
            i += 1;
            continue;
        };
        push_text(&mut text, &html[text_start..i]);
        i = tag.end;
        text_start = i;
        let name = tag.name.as_str();
        if tag.kind == TagKind::Open && name == "head" {
            // Only <title> and <link>/<meta> matter in <head>; keep scanning inside it.
            continue;
        }
        match tag.kind {
            TagKind::Comment => {}
            TagKind::Open if SKIPPED_ELEMENTS.contains(&name) => {
                let end = find_closing(html, i, name);
                i = end;
                text_start = i;
            }
            TagKind::Open if name == "title" => in_title = Some(text.len()),
            TagKind::Close if name == "title" => {
                if let Some(start) = in_title.take() {
                    let title = collapse(&text[start..]);
                    text.truncate(start);
                    if !title.is_empty() && out.title.is_none() {
                        out.title = Some(title);
                    }
                }
            }
            TagKind::Open if name == "link" => {
                if tag
                    .attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    out.canonical = tag.attr("href").map(str::to_string);
                }
            }
            TagKind::Open if name == "meta" => {
                let is_description = tag
                    .attr("name")
                    .is_some_and(|n| n.eq_ignore_ascii_case("description"));
                if let (true, Some(content)) = (is_description, tag.attr("content")) {
                    text.push_str(&decode_entities(content));
                    text.push('\n');
                }
            }
            _ => {
                let level = heading_level(name);
                if level.is_some() || crate::text::HTML_BLOCK_TAGS.contains(&name) {
                    text.push('\n');
                }
                match (tag.kind, level) {
                    (TagKind::Open, Some(_)) => heading = Some(text.len()),
                    (TagKind::Close, Some(level)) => {
                        if let Some(start) = heading.take() {
                            finish_heading(&mut out, &text[start..], level);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    push_text(&mut text, &html[text_start..]);
    if let Some(start) = heading {
        // An unclosed heading at the end of broken HTML still counts.
        finish_heading(&mut out, &text[start..], 2);
    }
    out.text = collapse_lines(&text);
    out
}

fn finish_heading(out: &mut Extracted, raw: &str, level: u8) {
    let heading = collapse(raw);
    if heading.is_empty() {
        return;
    }
    if level == 1 && out.h1.is_none() {
        out.h1 = Some(heading.clone());
    }
    out.headings.push(heading);
}

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

fn push_text(text: &mut String, raw: &str) {
    if !raw.is_empty() {
        text.push_str(&decode_entities(raw));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    Open,
    Close,
    Comment,
}

struct Tag<'a> {
    kind: TagKind,
    name: String,
    attrs: &'a str,
    /// Byte offset just after the tag.
    end: usize,
}

impl Tag<'_> {
    /// Value of attribute `key` (case-insensitive name; quoted or bare value).
    fn attr(&self, key: &str) -> Option<&str> {
        static ATTR: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
                .expect("valid regex")
        });
        ATTR.captures_iter(self.attrs).find_map(|c| {
            c[1].eq_ignore_ascii_case(key).then(|| {
                c.get(2)
                    .or(c.get(3))
                    .or(c.get(4))
                    .map_or("", |m| m.as_str())
            })
        })
    }
}

/// Reads the tag starting at `start` (which holds `<`); `None` if it is a literal `<`.
fn scan_tag(html: &str, start: usize) -> Option<Tag<'_>> {
    let rest = &html[start..];
    if let Some(after) = rest.strip_prefix("<!--") {
        let end = after.find("-->").map_or(html.len(), |e| start + 4 + e + 3);
        return Some(Tag {
            kind: TagKind::Comment,
            name: String::new(),
            attrs: "",
            end,
        });
    }
    let bytes = rest.as_bytes();
    let (kind, name_start) = match bytes.get(1) {
        Some(b'/') => (TagKind::Close, 2),
        Some(b'!' | b'?') => (TagKind::Comment, 2),
        Some(c) if c.is_ascii_alphabetic() => (TagKind::Open, 1),
        _ => return None,
    };
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
        .count();
    if kind == TagKind::Close && name_len == 0 {
        return None;
    }
    // Find the closing '>' outside quotes; a tag that never closes swallows the rest.
    let mut quote = None;
    let mut end = None;
    for (offset, &c) in bytes.iter().enumerate().skip(name_start + name_len) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'>') => {
                end = Some(offset + 1);
                break;
            }
            // A new tag starting before this one closed: the '>' was forgotten.
            (None, b'<') => {
                end = Some(offset);
                break;
            }
            _ => {}
        }
    }
    let end = end.unwrap_or(bytes.len());
    let attrs_end = end.min(bytes.len());
    Some(Tag {
        kind,
        name: rest[name_start..name_start + name_len].to_ascii_lowercase(),
        attrs: &rest[name_start + name_len..attrs_end],
        end: start + end,
    })
}

/// Offset just after `</name>` at or after `from`, or the end of `html` if it never closes.
fn find_closing(html: &str, from: usize, name: &str) -> usize {
    let lower = html[from..].to_ascii_lowercase();
    let needle = format!("</{name}");
    match lower.find(&needle) {
        Some(at) => {
            let after = from + at + needle.len();
            html[after..]
                .find('>')
                .map_or(html.len(), |gt| after + gt + 1)
        }
        None => html.len(),
    }
}

/// Decodes the common named entities and all numeric ones; unknown entities stay as written.
pub(crate) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest[..rest.len().min(12)].find(';');
        let decoded =
            semi.and_then(|semi| crate::text::html_entity(&rest[1..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Collapses all whitespace runs to single spaces and trims.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapses whitespace within lines and drops blank lines.
fn collapse_lines(text: &str) -> String {
    text.lines()
        .map(collapse)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Extracts text and headings from Markdown (front matter already removed).
///
/// Inline HTML and template tags (`<% %>`, `{% %}`, `{{ }}`) are dropped; link and image
/// text is kept without the target; fenced code keeps its content but not its fences.
pub(crate) fn markdown_to_text(markdown: &str) -> Extracted {
    static TEMPLATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)<%.*?%>|\{%.*?%\}|\{\{.*?\}\}|<!--.*?-->").expect("valid regex")
    });
    static LINK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])").expect("valid regex")
    });
    static AUTOLINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"<(?:https?|mailto):[^>\s]*>").expect("valid regex"));
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?/?>"#).expect("valid regex")
    });
    static LINK_DEF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s{0,3}\[[^\]]+\]:\s+\S+").expect("valid regex"));
    static ATX: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$").expect("valid regex"));
    static SETEXT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s{0,3}(=+|-+)\s*$").expect("valid regex"));

    let without_templates = TEMPLATE.replace_all(markdown, " ");
    let mut out = Extracted::default();
    let mut lines: Vec<String> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut previous_plain = false;
    for raw in without_templates.lines() {
        let trimmed = raw.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            } else {
                lines.push(raw.trim().to_string());
            }
            previous_plain = false;
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            previous_plain = false;
            continue;
        }
        if trimmed.starts_with('[') && LINK_DEF.is_match(raw) {
            continue;
        }
        if let Some(c) = trimmed
            .starts_with('#')
            .then(|| ATX.captures(raw))
            .flatten()
        {
            let level = u8::try_from(c[1].len()).expect("at most six #");
            let text = inline_text(&c[2], &LINK, &AUTOLINK, &TAG);
            finish_heading(&mut out, &text, level);
            lines.push(text);
            previous_plain = false;
            continue;
        }
        if previous_plain
            && trimmed.starts_with(['=', '-'])
            && let Some(c) = SETEXT.captures(raw)
        {
            // The previous line was a setext heading.
            let level = if c[1].starts_with('=') { 1 } else { 2 };
            let heading = lines.last().cloned().unwrap_or_default();
            finish_heading(&mut out, &heading, level);
            previous_plain = false;
            continue;
        }
        let text = inline_text(raw, &LINK, &AUTOLINK, &TAG);
        previous_plain = !text.trim().is_empty();
        lines.push(text);
    }
    out.text = collapse_lines(&decode_entities(&lines.join("\n")));
    out
}

fn inline_text(line: &str, link: &Regex, autolink: &Regex, tag: &Regex) -> String {
    // The regexes only matter on lines with brackets; most lines have none.
    let line = if line.contains('<') {
        tag.replace_all(&autolink.replace_all(line, " "), " ")
            .into_owned()
    } else {
        line.to_string()
    };
    let line = if line.contains('[') {
        link.replace_all(&line, "$1").into_owned()
    } else {
        line
    };
    let cleaned: String = line.chars().filter(|c| !matches!(c, '*' | '`')).collect();
    let cleaned = cleaned.trim();
    // Block-quote and list markers carry no words.
    cleaned
        .trim_start_matches(['>', ' '])
        .trim_start_matches(['-', '+'])
        .trim()
        .to_string()
}

/// A front-matter value: text or a list of texts (nested structures are ignored).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FmValue {
    Text(String),
    List(Vec<String>),
    Bool(bool),
    Other,
}

/// Parsed front matter, keys lowercased.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct FrontMatter {
    pub values: BTreeMap<String, FmValue>,
}

impl FrontMatter {
    /// The first of `keys` holding non-empty text.
    pub fn text(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| match self.values.get(*k) {
            Some(FmValue::Text(t)) if !t.trim().is_empty() => Some(t.trim().to_string()),
            _ => None,
        })
    }

    /// The first of `keys` holding a list (or a comma-separated text).
    pub fn list(&self, keys: &[&str]) -> Vec<String> {
        keys.iter()
            .find_map(|k| match self.values.get(*k) {
                Some(FmValue::List(items)) => Some(items.clone()),
                Some(FmValue::Text(t)) => {
                    Some(t.split(',').map(|s| s.trim().to_string()).collect())
                }
                _ => None,
            })
            .unwrap_or_default()
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// Whether `key` is the boolean `true` (or the text "true").
    pub fn flag(&self, key: &str) -> Option<bool> {
        match self.values.get(key) {
            Some(FmValue::Bool(b)) => Some(*b),
            Some(FmValue::Text(t)) => t.parse().ok(),
            _ => None,
        }
    }
}

/// A front-matter problem: 1-based line in the whole file and a message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FmError {
    pub line: usize,
    pub message: String,
}

/// Splits YAML (`---`) or TOML (`+++`) front matter off a Markdown file.
///
/// Returns the front matter, the body and the 1-based line on which the body starts.
pub(crate) fn split_front_matter(text: &str) -> Result<(FrontMatter, &str, usize), FmError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = match first.trim_end() {
        "---" => "---",
        "+++" => "+++",
        _ => return Ok((FrontMatter::default(), text, 1)),
    };
    let mut offset = first.len() + line_break_len(text, first.len());
    let mut line_no = 2;
    let header_start = offset;
    while offset < text.len() {
        let line_end = text[offset..].find('\n').map_or(text.len(), |e| offset + e);
        let line = text[offset..line_end].trim_end();
        if line == delimiter || (delimiter == "---" && line == "...") {
            let header = &text[header_start..offset];
            let body_start = (line_end + 1).min(text.len());
            let fm = if delimiter == "---" {
                parse_yaml(header, 2)?
            } else {
                parse_toml(header, 2)?
            };
            return Ok((fm, &text[body_start..], line_no + 1));
        }
        offset = line_end + 1;
        line_no += 1;
    }
    Err(FmError {
        line: 1,
        message: format!("front matter opened with `{delimiter}` is never closed"),
    })
}

fn line_break_len(text: &str, at: usize) -> usize {
    if text[at..].starts_with("\r\n") {
        2
    } else {
        usize::from(text[at..].starts_with('\n'))
    }
}

fn parse_toml(header: &str, first_line: usize) -> Result<FrontMatter, FmError> {
    let table: toml::Table = header.parse().map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map_or(0, |span| header[..span.start].matches('\n').count());
        FmError {
            line: first_line + line,
            message: e.message().to_string(),
        }
    })?;
    let values = table
        .into_iter()
        .map(|(key, value)| {
            let value = match value {
                toml::Value::String(s) => FmValue::Text(s),
                toml::Value::Boolean(b) => FmValue::Bool(b),
                toml::Value::Integer(i) => FmValue::Text(i.to_string()),
                toml::Value::Array(items) => FmValue::List(
                    items
                        .into_iter()
                        .filter_map(|v| match v {
                            toml::Value::String(s) => Some(s),
                            toml::Value::Integer(i) => Some(i.to_string()),
                            _ => None,
                        })
                        .collect(),
                ),
                _ => FmValue::Other,
            };
            (key.to_lowercase(), value)
        })
        .collect();
    Ok(FrontMatter { values })
}

/// A YAML subset enough for front matter: top-level `key: value` with plain, quoted,
/// block (`|`, `>`) and flow-list (`[a, b]`) values, block lists (`- item`), comments.
/// Nested mappings are skipped; a top-level line that is not `key: value` is an error.
fn parse_yaml(header: &str, first_line: usize) -> Result<FrontMatter, FmError> {
    static KEY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^([A-Za-z_][-A-Za-z0-9_ .]*|"[^"]*"|'[^']*')\s*:(?:\s+(.*?))?\s*$"#)
            .expect("valid regex")
    });
    let mut values = BTreeMap::new();
    // The key being filled by indented continuation lines, and how.
    let mut current: Option<(String, Continuation)> = None;
    for (index, line) in header.lines().enumerate() {
        let line_no = first_line + index;
        let trimmed = line.trim();
        let indented = line.starts_with([' ', '\t']);
        if indented || (trimmed.starts_with("- ") || trimmed == "-") && current.is_some() {
            if let Some((key, how)) = &mut current {
                continue_value(&mut values, key, how, trimmed);
            }
            continue;
        }
        if trimmed.is_empty() {
            if let Some((key, Continuation::Block { literal: true })) = &current
                && let Some(FmValue::Text(t)) = values.get_mut(key.as_str())
            {
                t.push('\n');
            }
            continue;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        let Some(c) = KEY.captures(line) else {
            return Err(FmError {
                line: line_no,
                message: format!("expected `key: value`, found `{trimmed}`"),
            });
        };
        let key = c[1].trim_matches(['"', '\'']).trim().to_lowercase();
        let raw = c.get(2).map_or("", |m| m.as_str());
        let (value, how) = yaml_scalar(raw).map_err(|message| FmError {
            line: line_no,
            message,
        })?;
        values.insert(key.clone(), value);
        current = Some((key, how));
    }
    Ok(FrontMatter { values })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Continuation {
    /// Empty value: a block list, a nested mapping or a multi-line plain scalar may follow.
    Open,
    /// Inside a block list (`- item` lines).
    List,
    /// `|` (literal) or `>` (folded) block scalar.
    Block { literal: bool },
    /// A plain scalar continued on indented lines.
    Plain,
    /// Nested mapping or a closed value: indented lines are ignored.
    Ignore,
}

/// Applies an indented (or `- item`) line to the value of `key`.
fn continue_value(
    values: &mut BTreeMap<String, FmValue>,
    key: &str,
    how: &mut Continuation,
    trimmed: &str,
) {
    static NESTED_KEY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Za-z_][-A-Za-z0-9_]*\s*:(\s|$)").expect("valid regex"));
    let item = trimmed
        .strip_prefix("- ")
        .or_else(|| (trimmed == "-").then_some(""));
    match (*how, item) {
        (Continuation::Open | Continuation::List, Some(item)) => {
            let entry = values
                .entry(key.to_string())
                .or_insert_with(|| FmValue::List(Vec::new()));
            if !matches!(entry, FmValue::List(_)) {
                *entry = FmValue::List(Vec::new());
            }
            if let FmValue::List(items) = entry
                && !item.is_empty()
            {
                items.push(unquote(item));
            }
            *how = Continuation::List;
        }
        (Continuation::Open, None) if NESTED_KEY.is_match(trimmed) => *how = Continuation::Ignore,
        (Continuation::Open, None) => {
            values.insert(key.to_string(), FmValue::Text(trimmed.to_string()));
            *how = Continuation::Plain;
        }
        (Continuation::Block { .. } | Continuation::Plain, _) if !trimmed.is_empty() => {
            let literal = *how == Continuation::Block { literal: true };
            if let Some(FmValue::Text(text)) = values.get_mut(key) {
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push(if literal { '\n' } else { ' ' });
                }
                text.push_str(trimmed);
            }
        }
        _ => {}
    }
}

fn unquote(raw: &str) -> String {
    let raw = raw.trim();
    if raw.len() >= 2 {
        if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
            return inner.replace("\\\"", "\"").replace("\\n", "\n");
        }
        if let Some(inner) = raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
            return inner.replace("''", "'");
        }
    }
    raw.to_string()
}

fn yaml_scalar(raw: &str) -> Result<(FmValue, Continuation), String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok((FmValue::Other, Continuation::Open));
    }
    if let Some(indicator) = raw.chars().next().filter(|c| matches!(c, '|' | '>')) {
        return Ok((
            FmValue::Text(String::new()),
            Continuation::Block {
                literal: indicator == '|',
            },
        ));
    }
    if let Some(inner) = raw.strip_prefix('[') {
        let inner = inner
            .strip_suffix(']')
            .ok_or_else(|| format!("unclosed flow list `{raw}`"))?;
        let items = inner
            .split(',')
            .map(unquote)
            .filter(|s| !s.is_empty())
            .collect();
        return Ok((FmValue::List(items), Continuation::Ignore));
    }
    if raw.starts_with('{') {
        return Ok((FmValue::Other, Continuation::Ignore));
    }
    let quoted = raw.starts_with(['"', '\'']);
    if quoted {
        let quote = &raw[..1];
        if raw.len() < 2 || !raw.ends_with(quote) {
            return Err(format!("unclosed quoted value `{raw}`"));
        }
        return Ok((FmValue::Text(unquote(raw)), Continuation::Ignore));
    }
    let plain = match raw.find(" #") {
        Some(at) => raw[..at].trim_end(),
        None => raw,
    };
    let value = match plain {
        "true" | "True" | "TRUE" => FmValue::Bool(true),
        "false" | "False" | "FALSE" => FmValue::Bool(false),
        _ => FmValue::Text(plain.to_string()),
    };
    Ok((value, Continuation::Plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_text_title_headings_canonical_and_entities() {
        let page = "<html><head><title>Reset &amp; restore</title>\
            <link rel=\"canonical\" href=\"https://help.example/reset\">\
            <script>var x = '<p>not text</p>';</script></head>\
            <body><h1>Reset</h1><p>Click <b>Reset</b>&nbsp;now.</p><h2>Why?</h2><p>It&#39;s safe</p></body></html>";
        let out = html_to_text(page);
        assert_eq!(out.title.as_deref(), Some("Reset & restore"));
        assert_eq!(out.h1.as_deref(), Some("Reset"));
        assert_eq!(out.headings, ["Reset", "Why?"]);
        assert_eq!(out.canonical.as_deref(), Some("https://help.example/reset"));
        assert_eq!(out.text, "Reset\nClick Reset now.\nWhy?\nIt's safe");
    }

    #[test]
    fn broken_html_keeps_its_text() {
        let out = html_to_text("<p>a < b and <b>bold <i unclosed\n<p>next</p> 5 &lt 6 &bogus;");
        assert!(out.text.contains("a < b and bold"), "{}", out.text);
        assert!(out.text.contains("next"), "{}", out.text);
        assert!(out.text.contains("&bogus;"), "{}", out.text);
    }

    #[test]
    fn markdown_drops_syntax_and_templates_but_keeps_words_and_code() {
        let md = "# Custom domains\n\nUse [the CLI](/docs/cli/) <%= partial \"x\" %> to add **certs**.\n\n\
            ```cmd\nfly certs add example.com\n```\n\n<div class=\"callout\">Note</div>\n\nSetext\n------\n";
        let out = markdown_to_text(md);
        assert_eq!(out.h1.as_deref(), Some("Custom domains"));
        assert_eq!(out.headings, ["Custom domains", "Setext"]);
        assert!(
            out.text.contains("Use the CLI to add certs."),
            "{}",
            out.text
        );
        assert!(
            out.text.contains("fly certs add example.com"),
            "{}",
            out.text
        );
        assert!(
            !out.text.contains("partial") && !out.text.contains("div"),
            "{}",
            out.text
        );
    }

    #[test]
    fn yaml_front_matter_subset() {
        let text = "---\ntitle: \"Quoted: title\"\ntags:\n  - dns\n  - 'ssl'\nkeywords: [a, b]\n\
            objective: >\n  Folded\n  text.\nnested:\n  key: value\ndraft: false\n---\nBody\n";
        let (fm, body, line) = split_front_matter(text).expect("valid");
        assert_eq!(fm.text(&["title"]).as_deref(), Some("Quoted: title"));
        assert_eq!(fm.list(&["tags"]), ["dns", "ssl"]);
        assert_eq!(fm.list(&["keywords"]), ["a", "b"]);
        assert_eq!(fm.text(&["objective"]).as_deref(), Some("Folded text."));
        assert_eq!(fm.values.get("nested"), Some(&FmValue::Other));
        assert_eq!(fm.flag("draft"), Some(false));
        assert_eq!((body, line), ("Body\n", 14));
    }

    #[test]
    fn toml_front_matter_and_its_errors() {
        let (fm, body, _) =
            split_front_matter("+++\ntitle = \"T\"\ntags = [\"x\"]\n+++\nBody").expect("valid");
        assert_eq!(fm.text(&["title"]).as_deref(), Some("T"));
        assert_eq!(fm.list(&["tags"]), ["x"]);
        assert_eq!(body, "Body");
        let err = split_front_matter("+++\ntitle = \"T\"\ntags = [\n+++\n").expect_err("invalid");
        assert!(err.line >= 3, "{err:?}");
    }

    #[test]
    fn unclosed_front_matter_is_an_error_and_no_front_matter_is_fine() {
        assert_eq!(
            split_front_matter("---\ntitle: x\n")
                .expect_err("unclosed")
                .line,
            1
        );
        let (fm, body, line) = split_front_matter("# Title\n---\n").expect("plain");
        assert!(fm.values.is_empty());
        assert_eq!((body, line), ("# Title\n---\n", 1));
    }
}
