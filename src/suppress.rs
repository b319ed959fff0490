//! Inline suppression comments in drafts and templates:
//! `replylint-disable-next-line RULE[, RULE]`, `replylint-disable RULE` … `replylint-enable RULE`,
//! written inside an HTML comment (`<!-- … -->`), a Liquid `{% comment %}` block or a
//! Handlebars comment (`{{! … }}`). Without rule ids a directive covers every rule.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::LineIndex;

/// One suppression directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// Rule ids it names; empty means all rules.
    pub rules: Vec<String>,
    /// Where the directive (its rule list) is written.
    pub span: Range<usize>,
}

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    DisableNextLine,
    Disable,
    Enable,
}

/// The directives of one text.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
}

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--(.*?)-->|\{%-?\s*comment\s*-?%\}(.*?)\{%-?\s*endcomment\s*-?%\}|\{\{!(?:--)?(.*?)(?:--)?\}\}")
        .expect("valid regex")
});
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"replylint-(disable-next-line|disable|enable)\b([ \t]+[a-z0-9][a-z0-9-]*(?:[ \t]*,[ \t]*[a-z0-9][a-z0-9-]*)*)?")
        .expect("valid regex")
});

impl Suppressions {
    /// Finds the directives written in comments of `text`.
    pub fn parse(text: &str) -> Self {
        let mut directives = Vec::new();
        if !text.contains("replylint-") {
            return Suppressions { directives };
        }
        for comment in COMMENT.captures_iter(text) {
            let Some(body) = comment.iter().skip(1).flatten().next() else {
                continue;
            };
            for d in DIRECTIVE.captures_iter(body.as_str()) {
                let kind = match &d[1] {
                    "disable-next-line" => DirectiveKind::DisableNextLine,
                    "disable" => DirectiveKind::Disable,
                    _ => DirectiveKind::Enable,
                };
                let rules = d.get(2).map_or_else(Vec::new, |r| {
                    r.as_str()
                        .split(',')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect()
                });
                let whole = d.get(0).expect("group 0 always matches");
                let span = body.start() + whole.start()..body.start() + whole.end();
                directives.push(Directive { kind, rules, span });
            }
        }
        Suppressions { directives }
    }

    /// All directives, in text order.
    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// Whether a finding of `rule` starting at byte `offset` is suppressed.
    pub fn is_suppressed(&self, text: &str, lines: &LineIndex, rule: &str, offset: usize) -> bool {
        let names = |d: &Directive| d.rules.is_empty() || d.rules.iter().any(|r| r == rule);
        let line = lines.line_of(offset);
        let mut disabled = false;
        for d in &self.directives {
            match d.kind {
                DirectiveKind::DisableNextLine => {
                    let directive_line = lines.line_of(d.span.end);
                    // The next line that has text of its own (the comment may span lines).
                    let next = (directive_line + 1..lines.line_count())
                        .find(|&l| !text[lines.line_range(text, l)].trim().is_empty());
                    if next == Some(line) && names(d) {
                        return true;
                    }
                }
                DirectiveKind::Disable if d.span.start <= offset && names(d) => disabled = true,
                DirectiveKind::Enable if d.span.start <= offset && names(d) => disabled = false,
                _ => {}
            }
        }
        disabled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_line_and_ranges() {
        let text = "alpha\n<!-- replylint-disable-next-line condescension, blame-shifting -->\nbravo\ncharlie\n\
                    {% comment %}replylint-disable{% endcomment %}\ndelta\n{{! replylint-enable }}\necho";
        let s = Suppressions::parse(text);
        assert_eq!(s.directives().len(), 3);
        assert_eq!(s.directives()[0].rules, ["condescension", "blame-shifting"]);
        let lines = LineIndex::new(text);
        let at = |needle: &str| text.find(needle).unwrap();
        assert!(s.is_suppressed(text, &lines, "condescension", at("bravo")));
        assert!(!s.is_suppressed(text, &lines, "missing-timeline", at("bravo")));
        assert!(!s.is_suppressed(text, &lines, "condescension", at("charlie")));
        assert!(s.is_suppressed(text, &lines, "anything", at("delta")));
        assert!(!s.is_suppressed(text, &lines, "anything", at("echo")));
    }
}
