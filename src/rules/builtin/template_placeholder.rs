//! `template-placeholder`: a macro or draft that still has a hole in it. Manual placeholders left
//! unfilled (`[CUSTOMER NAME]`, `<insert date>`, `XXX`, `TBD`, `{name}`, `%NAME%`), fill-in slots
//! and agent notes, template syntax errors, greetings whose name placeholder has no fallback, and
//! placeholders outside the config's `[templates] allowed-placeholders`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{Analyzer, CheckContext, Examples, Origin, RuleMeta};
use crate::template::{Placeholder, PlaceholderKind};

const ID: &str = "template-placeholder";

const RATIONALE: &str = "\
Protects **P14, be consistent**: shared templates (macros) carry the team's policy, and a broken or
half-filled template is a broken promise to every customer who receives it. A customer who reads
“Hi [CUSTOMER NAME]” or “your refund of XXX” learns that nobody read the reply before it was sent.

Fill in or remove manual placeholders (`[CUSTOMER NAME]`, `<insert date>`, `XXX`, `TBD`, `{name}`,
`%NAME%`), fill-in slots (`[[what you tried]]`) and agent notes fenced by `--8<--`; close every
template tag (`{% if %}` needs `{% endif %}`, `{{#list}}` needs `{{/list}}`); give greeting names a
fallback (`{{first_name | fallback: \"there\"}}`, `{%customer.firstName,fallback=there%}`) so an
empty field does not render “Hi ,”. With `[templates] allowed-placeholders` in the config, names
outside the list (often typos such as `ticket.requestor.name`) are flagged too.";

const BAD: &[&str] = &[
    "Hi [CUSTOMER NAME], your replacement ships on <insert date>.",
    "Your refund of XXX is on its way.",
    "The fix is planned for TBD.",
    "Dear %NAME%, thanks for writing in.",
    "Hi {name}, thanks for writing in.",
    "We tried [[what you tried]] and it worked.",
    "{% if ticket.priority == 'urgent' %}We are on it right now.",
    "Thanks for waiting.{% endif %}",
    "Hi {{first_name}}, your order is ready.",
    "Hi,\n--8<--\nAgent: check the refund was issued first.\n--8<--\nYour refund is on its way.",
];

const GOOD: &[&str] = &[
    "Hi {{first_name | fallback: \"there\"}}, your order is ready.",
    "Hi {%customer.firstName,fallback=there%}, thanks for waiting.",
    "{% if ticket.priority == 'urgent' %}We are on it right now.{% else %}We will reply by Friday.{% endif %}",
    "Your order {{ticket.id}} ships on Friday 12 May.",
    "Prices went up by 5% on 1 May and 10% on 1 June.",
    "Thanks for your patience, Ana. See section [2] of the guide.",
];

/// Placeholders people type by hand and forget.
static MANUAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\[[A-Z][A-Z0-9 _./-]*[A-Z0-9]\]",
        r"|\[(?i:insert|enter|add|your|customer|agent)\b[^\]\n]{0,60}\]",
        r"|<\s*(?i:insert|enter|add|your|customer|agent)\b[^<>\n]{0,60}>",
        r"|\bX{3,}\b|\b(?:TBD|TBC|TODO|FIXME)\b",
        r"|\{[A-Za-z_][\w.]{0,40}\}",
        r"|%[A-Za-z_][\w.]{1,40}%",
    ))
    .expect("valid regex")
});
/// A greeting word right before a placeholder.
static GREETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))[ \t]*$")
        .expect("valid regex")
});

/// The `template-placeholder` analyzer.
pub struct TemplatePlaceholder;

impl Analyzer for TemplatePlaceholder {
    fn meta(&self) -> RuleMeta {
        RuleMeta {
            id: ID.into(),
            summary: "A macro or reply has an unfilled placeholder or broken template tag".into(),
            category: "template".into(),
            severity: Severity::Warning,
            principle: "P14".into(),
            rationale: RATIONALE.into(),
            examples: Examples::from_texts(BAD, GOOD),
            origin: Origin::Builtin,
        }
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        self.check_with(doc, &CheckContext::default(), out);
    }

    fn check_with(&self, doc: &Document, cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let text = doc.text();
        let mut report = |span: Range<usize>, message: String| {
            out.push(Diagnostic::new(text, ID, Severity::Warning, message, span));
        };
        for e in &doc.template().errors {
            report(e.span.clone(), format!("template syntax: {}", e.message));
        }
        let allowed = cx
            .templates
            .map_or(&[][..], |t| t.allowed_placeholders.as_slice());
        for p in doc.placeholders() {
            let shown = short(&text[p.span.clone()]);
            match p.kind {
                PlaceholderKind::FillIn => report(
                    p.span.clone(),
                    format!("fill-in slot `{shown}` was never filled in"),
                ),
                PlaceholderKind::AgentNote => report(
                    p.span.clone(),
                    "agent instructions fenced by `--8<--` are still in the reply".into(),
                ),
                PlaceholderKind::Value
                    if !p.local && !allowed.is_empty() && !is_allowed(allowed, &p.name) =>
                {
                    report(
                        p.span.clone(),
                        format!(
                            "`{shown}` is not an allowed placeholder (allowed: {})",
                            allowed.join(", ")
                        ),
                    )
                }
                PlaceholderKind::Value if is_bare_greeting_name(doc, p) => report(
                    p.span.clone(),
                    format!(
                        "`{shown}` has no fallback: when the name is empty the customer reads “Hi ,”"
                    ),
                ),
                _ => {}
            }
        }
        let masked = doc.masked();
        for m in MANUAL.find_iter(masked) {
            let before = masked[..m.start()].chars().next_back();
            let after = masked[m.end()..].chars().next();
            // `{name}` and `%NAME%` only on their own, not inside a longer token.
            if m.as_str().starts_with(['{', '%'])
                && (before.is_some_and(is_word_or_brace) || after.is_some_and(is_word_or_brace))
            {
                continue;
            }
            // In HTML, `&gt;` reads as `>` at the `&`: take the whole entity.
            let mut end = m.end();
            if text.as_bytes()[end - 1] == b'&' {
                end += text[end..].find(';').map_or(0, |semi| semi + 1);
            }
            let shown = short(&text[m.start()..end]);
            report(
                m.start()..end,
                format!("`{shown}` looks like a placeholder that was never filled in"),
            );
        }
    }
}

fn is_word_or_brace(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '{' | '}' | '%' | '_')
}

/// A name placeholder right after a greeting word, with no fallback.
fn is_bare_greeting_name(doc: &Document, p: &Placeholder) -> bool {
    let last = p
        .name
        .rsplit('.')
        .next()
        .unwrap_or(&p.name)
        .to_ascii_lowercase();
    let line_start = doc.masked()[..p.span.start]
        .rfind('\n')
        .map_or(0, |n| n + 1);
    p.fallback.is_none()
        && last.contains("name")
        && GREETING.is_match(&doc.masked()[line_start..p.span.start])
}

/// Whether `name` matches one of the `*`-wildcard patterns.
fn is_allowed(patterns: &[String], name: &str) -> bool {
    patterns.iter().any(|p| glob(p.as_bytes(), name.as_bytes()))
}

fn glob(pattern: &[u8], name: &[u8]) -> bool {
    match pattern.split_first() {
        None => name.is_empty(),
        Some((b'*', rest)) => (0..=name.len()).any(|i| glob(rest, &name[i..])),
        Some((c, rest)) => name.first() == Some(c) && glob(rest, &name[1..]),
    }
}

/// A construct's text on one line, shortened for a message.
fn short(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &one_line[..at]),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TemplateConfig;
    use crate::document::Format;

    fn messages(text: &str, allowed: &[&str]) -> Vec<(String, String)> {
        let doc = Document::parse(text, Format::Text);
        let templates = TemplateConfig {
            allowed_placeholders: allowed.iter().map(|s| (*s).to_owned()).collect(),
        };
        let cx = CheckContext {
            templates: Some(&templates),
        };
        let mut out = Vec::new();
        TemplatePlaceholder.check_with(&doc, &cx, &mut out);
        out.into_iter()
            .map(|d| (d.excerpt(text).to_owned(), d.message))
            .collect()
    }

    #[test]
    fn allow_list_flags_typos_but_not_locals() {
        let text = "Hi {{ticket.requester.first_name | default: 'there'}}, see {{ticket.requestor.name}} \
                    {% for c in ticket.comments %}{{c.author}}{% endfor %} {{current_user.name}}";
        let found = messages(text, &["ticket.requester.*", "current_user.*"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "{{ticket.requestor.name}}");
        assert!(
            found[0].1.contains(
                "not an allowed placeholder (allowed: ticket.requester.*, current_user.*)"
            )
        );
        assert!(
            messages(text, &["ticket.*", "current_user.*"]).is_empty(),
            "`ticket.*` allows any ticket field"
        );
        assert!(messages(text, &[]).is_empty(), "no allow-list, no finding");
    }

    #[test]
    fn manual_placeholders_at_the_right_place() {
        let text = "Dear %NAME%, your code is {code} and ref XXXX; see [DATE] or <insert link>.";
        let found: Vec<String> = messages(text, &[]).into_iter().map(|(e, _)| e).collect();
        assert_eq!(
            found,
            ["%NAME%", "{code}", "XXXX", "[DATE]", "<insert link>"]
        );
    }

    #[test]
    fn html_entities_form_of_angle_placeholders() {
        let text = "<p>Your parcel arrives on &lt;insert date&gt;.</p>";
        let doc = Document::parse(text, Format::Html);
        let mut out = Vec::new();
        TemplatePlaceholder.check(&doc, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].excerpt(text), "&lt;insert date&gt;");
    }

    #[test]
    fn greeting_fallback_only_for_names_after_greetings() {
        assert_eq!(messages("Hello {{customer.firstName}},", &[]).len(), 1);
        assert!(messages("Hello {{customer.firstName | fallback: 'there'}},", &[]).is_empty());
        assert!(messages("Your order {{order.name}} shipped.", &[]).is_empty());
        assert!(messages("Hi <attribute key=\"user.name\" default=\"there\"/>,", &[]).is_empty());
    }

    #[test]
    fn globs() {
        assert!(glob(b"ticket.*", b"ticket.requester.name"));
        assert!(!glob(b"ticket.*", b"ticket"));
        assert!(glob(b"*.name", b"user.name"));
        assert!(glob(b"dc.refund_policy", b"dc.refund_policy"));
    }
}
