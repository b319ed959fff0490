//! What the server answers about findings: code actions (quick fixes from suggestions, "Insert
//! link" for suggested articles, "Disable RULE for this line") and hovers (rationale plus an
//! example). Pure functions over one document snapshot, so they run on any thread.

use std::collections::HashMap;
use std::ops::Range;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, DocumentChanges, Hover, HoverContents,
    MarkupContent, MarkupKind, OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit,
    TextEdit, Uri, WorkspaceEdit,
};

use super::articles::Article;
use super::convert::{self, Positions};
use crate::diagnostic::{Diagnostic, Suggestion};
use crate::engine::Linter;

/// A document as code actions see it: its text at one version, and that version's findings.
pub struct Snapshot<'a> {
    pub uri: &'a Uri,
    pub version: i32,
    pub language: &'a str,
    pub pos: Positions<'a>,
    pub text: &'a str,
    pub findings: &'a [Diagnostic],
    /// Whether the client takes versioned `documentChanges` (else plain `changes`).
    pub versioned_edits: bool,
}

impl Snapshot<'_> {
    /// The code actions for byte range `range`: fixes and disables for every finding touching
    /// it, then links to `articles` inserted at the end of the range.
    pub fn code_actions(
        &self,
        range: Range<usize>,
        articles: &[Article],
        format: crate::Format,
    ) -> Vec<CodeActionOrCommand> {
        let mut actions = Vec::new();
        let mut disabled: Vec<(String, usize)> = Vec::new();
        for (index, finding) in self.findings.iter().enumerate() {
            if finding.span.start > range.end || range.start > finding.span.end {
                continue;
            }
            let diagnostic = convert::diagnostic(&self.pos, finding, self.version, index);
            let preferred = finding.suggestions.len() == 1;
            for suggestion in &finding.suggestions {
                let edit = TextEdit::new(
                    self.pos.range(suggestion.span.clone()),
                    suggestion.replacement.clone(),
                );
                actions.push(self.action(
                    fix_title(self.text, suggestion),
                    edit,
                    Some(&diagnostic),
                    preferred,
                ));
            }
            let line = self.pos.position(finding.span.start).line as usize;
            if finding.rule != crate::engine::INVALID_SUPPRESSION
                && !disabled.contains(&(finding.rule.clone(), line))
            {
                disabled.push((finding.rule.clone(), line));
                let edit = self.disable_edit(&finding.rule, finding.span.start);
                actions.push(self.action(
                    format!("Disable {} for this line", finding.rule),
                    edit,
                    Some(&diagnostic),
                    false,
                ));
            }
        }
        let at = self.pos.position(range.end);
        for article in articles {
            let edit = TextEdit::new(
                lsp_types::Range::new(at, at),
                super::articles::link(article, format),
            );
            actions.push(self.action(format!("Insert link: {}", article.title), edit, None, false));
        }
        actions
    }

    /// Inserts a suppression comment, in the document's comment syntax, above the line holding
    /// byte `offset`, indented like it.
    fn disable_edit(&self, rule: &str, offset: usize) -> TextEdit {
        let line = self.pos.position(offset).line;
        let start = self.pos.offset(lsp_types::Position::new(line, 0));
        let rest = &self.text[start..];
        let indent = &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()];
        let directive = format!("replylint-disable-next-line {rule}");
        let comment = match self.language {
            "liquid" => format!("{{% comment %}}{directive}{{% endcomment %}}"),
            "handlebars" => format!("{{{{! {directive} }}}}"),
            _ => format!("<!-- {directive} -->"),
        };
        let eol = if self.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let at = lsp_types::Position::new(line, 0);
        TextEdit::new(
            lsp_types::Range::new(at, at),
            format!("{indent}{comment}{eol}"),
        )
    }

    fn action(
        &self,
        title: String,
        edit: TextEdit,
        diagnostic: Option<&lsp_types::Diagnostic>,
        preferred: bool,
    ) -> CodeActionOrCommand {
        CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: diagnostic.map(|d| vec![d.clone()]),
            edit: Some(self.workspace_edit(edit)),
            is_preferred: preferred.then_some(true),
            ..CodeAction::default()
        })
    }

    fn workspace_edit(&self, edit: TextEdit) -> WorkspaceEdit {
        if self.versioned_edits {
            let doc = OptionalVersionedTextDocumentIdentifier {
                uri: self.uri.clone(),
                version: Some(self.version),
            };
            let edits = vec![OneOf::Left(edit)];
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                    text_document: doc,
                    edits,
                }])),
                ..WorkspaceEdit::default()
            }
        } else {
            WorkspaceEdit {
                changes: Some(HashMap::from([(self.uri.clone(), vec![edit])])),
                ..WorkspaceEdit::default()
            }
        }
    }
}

/// A quick fix's title: the suggestion's own description, or what the edit does.
fn fix_title(text: &str, s: &Suggestion) -> String {
    if !s.description.is_empty() {
        return s.description.clone();
    }
    let old = text.get(s.span.clone()).unwrap_or_default().trim();
    match (old.is_empty(), s.replacement.trim().is_empty()) {
        (_, true) => format!("Remove “{old}”"),
        (true, false) => format!("Insert “{}”", s.replacement.trim()),
        (false, false) => format!("Replace “{old}” with “{}”", s.replacement.trim()),
    }
}

/// The hover for byte `offset`: each rule with a finding there, its rationale and one bad and
/// one good example. `None` when no finding covers the offset.
pub fn hover(
    pos: &Positions<'_>,
    findings: &[Diagnostic],
    offset: usize,
    linter: &Linter,
) -> Option<Hover> {
    let here: Vec<&Diagnostic> = findings
        .iter()
        .filter(|d| d.span.start <= offset && offset <= d.span.end)
        .collect();
    let first = here.first()?;
    let mut sections: Vec<String> = Vec::new();
    for d in &here {
        let Some(meta) = linter.rules().get(&d.rule) else {
            sections.push(format!("**{}**: {}", d.rule, d.message));
            continue;
        };
        let mut s = format!(
            "**{}** ({}): {}\n\n{}",
            meta.id,
            d.severity,
            meta.summary,
            meta.rationale.trim()
        );
        if let Some(bad) = meta.examples.bad.first() {
            s.push_str(&format!("\n\nInstead of:\n> {}", bad.text.trim()));
            let good = bad
                .fixed
                .as_deref()
                .or_else(|| meta.examples.good.first().map(|g| g.text.as_str()));
            if let Some(good) = good {
                s.push_str(&format!("\n\nWrite:\n> {}", good.trim()));
            }
        }
        if !sections.iter().any(|existing| existing == &s) {
            sections.push(s);
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: Some(pos.range(first.span.clone())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::lsp::convert::Encoding;
    use crate::text::LineIndex;

    #[test]
    fn disable_keeps_crlf_and_indentation_and_titles_say_what_the_edit_does() {
        let text = "Hi,\r\n\t Obviously, no.\r\n";
        let start = text.find("Obviously").expect("in text");
        let mut finding = Diagnostic::new(
            text,
            "condescension",
            Severity::Warning,
            "m",
            start..start + 9,
        );
        let suggestion = |span: Range<usize>, replacement: &str| Suggestion {
            span,
            replacement: replacement.into(),
            description: String::new(),
        };
        finding.suggestions = vec![
            suggestion(start..start + 11, ""),
            suggestion(start..start + 9, "Clearly"),
        ];
        let lines = LineIndex::new(text);
        let uri: Uri = "file:///r.txt".parse().expect("valid uri");
        let snapshot = Snapshot {
            uri: &uri,
            version: 3,
            language: "plaintext",
            pos: Positions::new(text, &lines, Encoding::Utf16),
            text,
            findings: std::slice::from_ref(&finding),
            versioned_edits: true,
        };
        let actions = snapshot.code_actions(start..start, &[], crate::Format::Text);
        let titles: Vec<&str> = actions
            .iter()
            .map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => a.title.as_str(),
                CodeActionOrCommand::Command(c) => c.title.as_str(),
            })
            .collect();
        assert_eq!(
            titles,
            [
                "Remove “Obviously,”",
                "Replace “Obviously” with “Clearly”",
                "Disable condescension for this line"
            ]
        );
        let CodeActionOrCommand::CodeAction(disable) = &actions[2] else {
            panic!("a code action")
        };
        assert_eq!(
            disable.is_preferred, None,
            "two fixes: none is the obvious one"
        );
        let edit = disable
            .edit
            .as_ref()
            .and_then(|e| e.document_changes.as_ref())
            .expect("versioned edit");
        let DocumentChanges::Edits(edits) = edit else {
            panic!("text edits")
        };
        assert_eq!(edits[0].text_document.version, Some(3));
        let OneOf::Left(insert) = &edits[0].edits[0] else {
            panic!("a plain edit")
        };
        assert_eq!(
            insert.new_text,
            "\t <!-- replylint-disable-next-line condescension -->\r\n"
        );
        assert_eq!(insert.range.start, lsp_types::Position::new(1, 0));
    }
}
