//! The one finding type every rule produces: a rule id, a severity, a message and a byte span
//! into the original text. Lines and columns are derived at the edges (`text`, `lsp`).

use std::{fmt, ops::Range, str::FromStr};

use serde::{Deserialize, Serialize};

/// How serious a finding is, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    /// All severities, least serious first.
    pub const ALL: [Severity; 4] = [
        Severity::Hint,
        Severity::Info,
        Severity::Warning,
        Severity::Error,
    ];

    /// The lowercase name used in config files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str() == s)
            .ok_or_else(|| {
                format!("unknown severity `{s}` (expected hint, info, warning or error)")
            })
    }
}

/// A proposed edit: replace `span` of the original text with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// Byte range of the original text that the replacement takes the place of.
    #[serde(skip)]
    pub span: Range<usize>,
    /// The new text (empty to delete).
    pub replacement: String,
    /// What the edit does, for people.
    pub description: String,
}

/// One finding in a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule id, e.g. `condescension`.
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// Byte range into the original text; always on char boundaries.
    pub span: Range<usize>,
    pub suggestions: Vec<Suggestion>,
}

impl Diagnostic {
    /// A finding with no suggestions. Panics in debug builds if `span` is not on char boundaries
    /// of `text`, which would be a bug in the rule that made it.
    pub fn new(
        text: &str,
        rule: impl Into<String>,
        severity: Severity,
        message: impl Into<String>,
        span: Range<usize>,
    ) -> Self {
        debug_assert!(
            text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end)
                && span.start <= span.end,
            "diagnostic span {span:?} is not on char boundaries"
        );
        Diagnostic {
            rule: rule.into(),
            severity,
            message: message.into(),
            span,
            suggestions: Vec::new(),
        }
    }

    /// The text the finding points at.
    pub fn excerpt<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.span.clone()).unwrap_or_default()
    }
}

/// Applies the first suggestion of each diagnostic to `text`, skipping overlapping edits.
/// Used by the rule-example tests and by `--fix`-style consumers.
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic]) -> String {
    let mut edits: Vec<&Suggestion> = diagnostics
        .iter()
        .filter_map(|d| d.suggestions.first())
        .collect();
    edits.sort_by_key(|s| (s.span.start, s.span.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for edit in edits {
        if edit.span.start < pos {
            continue;
        }
        out.push_str(&text[pos..edit.span.start]);
        out.push_str(&edit.replacement);
        pos = edit.span.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_order_and_parse() {
        assert!(Severity::Hint < Severity::Error);
        assert_eq!("warning".parse::<Severity>(), Ok(Severity::Warning));
        assert!("loud".parse::<Severity>().is_err());
    }

    #[test]
    fn fixes_apply_left_to_right_and_skip_overlaps() {
        let text = "aa bb cc";
        let mk = |span: Range<usize>, r: &str| {
            let mut d = Diagnostic::new(text, "x", Severity::Warning, "m", span.clone());
            d.suggestions.push(Suggestion {
                span,
                replacement: r.into(),
                description: String::new(),
            });
            d
        };
        let diags = [mk(6..8, "C"), mk(0..2, "A"), mk(1..4, "no")];
        assert_eq!(apply_fixes(text, &diags), "A bb C");
    }
}
