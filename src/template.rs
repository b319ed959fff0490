//! Template placeholders (Liquid, Mustache/Handlebars, Zendesk, Freshdesk, Intercom, Help Scout):
//! found in a draft and masked so prose rules read them as a neutral name and never report on
//! them.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::document::Mask;

/// What kind of template construct a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceholderKind {
    /// A value such as `{{ticket.requester.first_name}}`.
    Value,
    /// A control tag such as `{% if %}` or `{{#each}}`.
    Tag,
}

/// A template construct in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub span: Range<usize>,
    pub kind: PlaceholderKind,
    /// The variable name for values (`ticket.requester.first_name`), the tag keyword for tags.
    pub name: String,
}

static TEMPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)\{\{\{.*?\}\}\}|\{\{.*?\}\}|\{%.*?%\}").expect("valid regex")
});
static NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z_][\w.]*").expect("valid regex"));

/// Masks every template construct in `text`: values read as a name-like token of the same
/// length (`Xxxxx`), tags are blanked. Returns what was found.
pub fn mask(text: &str, mask: &mut Mask) -> Vec<Placeholder> {
    let mut found = Vec::new();
    for m in TEMPLATE.find_iter(text) {
        let inner = m
            .as_str()
            .trim_matches(|c| matches!(c, '{' | '}' | '%' | '-' | '~'))
            .trim();
        let is_tag = m.as_str().starts_with("{%")
            || inner.starts_with(['#', '/', '^', '!', '>', '&', '='])
            || inner.starts_with("else");
        let name = NAME
            .find(inner.trim_start_matches(['#', '/', '^', '!', '>', '&', ' ']))
            .map_or("", |n| n.as_str());
        if is_tag {
            mask.blank(m.range());
        } else {
            let token: String = "X"
                .chars()
                .chain(std::iter::repeat_n('x', m.len().saturating_sub(1)))
                .collect();
            mask.overwrite(m.range(), &token);
        }
        let kind = if is_tag {
            PlaceholderKind::Tag
        } else {
            PlaceholderKind::Value
        };
        found.push(Placeholder {
            span: m.range(),
            kind,
            name: name.to_owned(),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Format};

    #[test]
    fn placeholders_read_as_names_and_keep_columns() {
        let text = "Hi {{ticket.requester.first_name}}, {% if x %}obviously{% endif %}";
        let doc = Document::parse(text, Format::Text);
        assert_eq!(doc.masked().len(), text.len());
        assert!(doc.masked().starts_with("Hi Xxxxxxxx"));
        assert_eq!(doc.masked().find("obviously"), text.find("obviously"));
        assert_eq!(doc.placeholders().len(), 3);
    }
}
