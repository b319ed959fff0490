//! Template syntax in drafts and macros: Liquid (Zendesk, Freshdesk, generic), Mustache and
//! Handlebars, Intercom (`{{x | fallback: "y"}}`, `<attribute key=… default=…/>`), Help Scout
//! (`{%customer.firstName,fallback=there%}`), Front positional `{{1}}`, fill-in slots `[[…]]` and
//! `--8<--` agent-instruction fences.
//!
//! [`mask`] finds every construct and masks it in place without changing offsets: a value reads
//! as a name-like token of the same length (`Xxxxxx`), so "Hi {{first_name}}, obviously…" is
//! linted as "Hi Xxxxxxxxxxxxxx, obviously…" and findings keep their columns; tags, comments and
//! agent notes are blanked. It also pairs block tags (`{% if %}…{% endif %}`,
//! `{{#list}}…{{/list}}`) into [`Block`]s and records syntax errors (unclosed `{{`, unbalanced
//! `if`/`endif`) for the `template-placeholder` rule.
//!
//! Conditional branches: masking the tags keeps every branch's text in place, so phrase rules see
//! the text of every branch. Checks that depend on what a sentence *lacks* (no time frame, no
//! alternative offered) would be fooled by text from a sibling branch, so
//! [`Template::renderings`] also gives one rendering per top-level branch (the other branches
//! hidden) and [`lint_renderings`] lints each and labels findings with the branch they belong to.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Mask};

/// What kind of template construct a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceholderKind {
    /// A value such as `{{ticket.requester.first_name}}` or `{%customer.firstName%}`.
    Value,
    /// A control tag such as `{% if %}`, `{{#each}}` or `{{> partial}}`.
    Tag,
    /// A template comment (`{{! … }}`, `{% comment %}…{% endcomment %}`).
    Comment,
    /// A fill-in slot for the agent, `[[what you tried]]`.
    FillIn,
    /// Instructions for agents fenced by `--8<--` lines.
    AgentNote,
}

/// A template construct in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub span: Range<usize>,
    pub kind: PlaceholderKind,
    /// The variable name for values (`ticket.requester.first_name`), the tag keyword for tags,
    /// the slot text for fill-ins.
    pub name: String,
    /// The fallback a value renders when empty (`fallback:`, `default:`, `,fallback=`,
    /// `default="…"`), if it has one.
    pub fallback: Option<String>,
    /// Whether the name is bound by the template itself (a `for` variable, an `assign`, or a name
    /// inside a Mustache section, which is relative to the section), not by the helpdesk.
    pub local: bool,
}

/// A template syntax error, reported by the `template-placeholder` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Range<usize>,
    pub message: String,
}

/// One branch of a [`Block`]: the tag that starts it and the text it renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    /// The tag opening the branch (the block's own tag for the first branch).
    pub tag: Range<usize>,
    /// The text between this branch's tag and the next branch or the closing tag.
    pub body: Range<usize>,
}

/// A block tag pair with its branches, e.g. `{% if %}…{% else %}…{% endif %}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The opening keyword: `if`, `unless`, `case`, `for`, `capture`, or `#name` / `^name` for
    /// Mustache sections.
    pub keyword: String,
    /// The opening tag.
    pub open: Range<usize>,
    pub branches: Vec<Branch>,
    /// The closing tag, `None` when the block is never closed.
    pub close: Option<Range<usize>>,
    /// Nesting depth; top-level blocks have depth 0.
    pub depth: usize,
}

impl Block {
    /// Whether the block renders one of several alternatives (so it gets per-branch renderings).
    pub fn is_conditional(&self) -> bool {
        matches!(self.keyword.as_str(), "if" | "unless" | "case")
            || self.keyword.starts_with(['#', '^'])
    }

    /// Whether, besides its branches, the block may render nothing (no `else`).
    fn may_render_nothing(&self, text: &str) -> bool {
        let last = self
            .branches
            .last()
            .expect("a block has its opening branch");
        self.branches.len() == 1 || !keyword_of(&text[last.tag.clone()]).starts_with("else")
    }
}

/// A version of a template with some branches hidden: what one customer might receive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendering {
    /// Byte ranges of text that this rendering leaves out.
    pub hidden: Vec<Range<usize>>,
    /// Which branch each top-level conditional takes, for messages:
    /// `{% if vip %} → {% else %}`.
    pub label: String,
}

/// Everything [`mask`] found in a text.
#[derive(Debug, Clone, Default)]
pub struct Template {
    pub placeholders: Vec<Placeholder>,
    pub blocks: Vec<Block>,
    pub errors: Vec<SyntaxError>,
}

/// At most this many renderings are linted per template; more top-level alternatives than this
/// are linted together in the last rendering.
const MAX_RENDERINGS: usize = 8;

impl Template {
    /// One rendering per top-level branch: rendering `k` takes branch `k` of every top-level
    /// conditional (or renders nothing for a conditional without `else` once its branches run
    /// out). Empty when the text has no conditional.
    pub fn renderings(&self, text: &str) -> Vec<Rendering> {
        let top: Vec<&Block> = self
            .blocks
            .iter()
            .filter(|b| b.depth == 0 && b.is_conditional())
            .collect();
        let count = |b: &Block| b.branches.len() + usize::from(b.may_render_nothing(text));
        let Some(n) = top.iter().map(|b| count(b)).max() else {
            return Vec::new();
        };
        (0..n.min(MAX_RENDERINGS))
            .map(|k| {
                let mut hidden = Vec::new();
                let mut label = Vec::new();
                for b in &top {
                    let choice = k.min(count(b) - 1);
                    let name = short(&text[b.open.clone()]);
                    match b.branches.get(choice) {
                        Some(branch) => {
                            label.push(format!("{name} → {}", short(&text[branch.tag.clone()])))
                        }
                        None => label.push(format!("{name} → nothing")),
                    }
                    hidden.extend(
                        b.branches
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| *i != choice)
                            .map(|(_, br)| br.body.clone()),
                    );
                }
                Rendering {
                    hidden,
                    label: label.join("; "),
                }
            })
            .collect()
    }

    /// The top-level conditional branch whose text contains `span`, as (block tag, branch tag).
    fn branch_of(&self, span: &Range<usize>) -> Option<(Range<usize>, Range<usize>)> {
        self.blocks
            .iter()
            .filter(|b| b.depth == 0 && b.is_conditional())
            .find_map(|b| {
                let branch = b
                    .branches
                    .iter()
                    .find(|br| br.body.start <= span.start && span.end <= br.body.end)?;
                Some((b.open.clone(), branch.tag.clone()))
            })
    }
}

/// Runs `lint` over `doc`, or, when `doc` has top-level conditionals, over each of its
/// [renderings](Template::renderings), merging the findings. A finding inside a branch says which
/// branch; a finding outside every branch that only some renderings produce says which branches
/// those renderings took.
pub fn lint_renderings(
    doc: &Document,
    lint: &dyn Fn(&Document, &mut Vec<Diagnostic>),
    out: &mut Vec<Diagnostic>,
) {
    let renderings = doc.template().renderings(doc.text());
    if renderings.is_empty() {
        lint(doc, out);
        return;
    }
    let text = doc.text();
    // (finding, the renderings that produced it)
    let mut merged: Vec<(Diagnostic, Vec<usize>)> = Vec::new();
    for (k, rendering) in renderings.iter().enumerate() {
        let view = doc.with_hidden(&rendering.hidden);
        let mut found = Vec::new();
        lint(&view, &mut found);
        for d in found {
            match merged
                .iter_mut()
                .find(|(m, _)| m.rule == d.rule && m.span == d.span && m.message == d.message)
            {
                Some((_, seen)) => seen.push(k),
                None => merged.push((d, vec![k])),
            }
        }
    }
    for (mut d, seen) in merged {
        if let Some((block, branch)) = doc.template().branch_of(&d.span) {
            d.message = match block == branch {
                true => format!("{} (inside `{}`)", d.message, short(&text[block])),
                false => format!(
                    "{} (in the `{}` branch of `{}`)",
                    d.message,
                    short(&text[branch]),
                    short(&text[block])
                ),
            };
        } else if seen.len() < renderings.len() {
            d.message = format!("{} (when {})", d.message, renderings[seen[0]].label);
        }
        out.push(d);
    }
}

/// A tag's text shortened for messages.
fn short(tag: &str) -> String {
    let one_line = tag.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &one_line[..at]),
        None => one_line,
    }
}

static HELP_SCOUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\{%([A-Za-z_]\w*(?:\.\w+)+)(?:,fallback=([^\n]{0,200}?))?%\}")
        .expect("valid regex")
});
static FALLBACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\|\s*(?:fallback|default)\s*:\s*(?:"([^"]*)"|'([^']*)'|“([^”]*)”|([^\s|}]+))"#)
        .expect("valid regex")
});
static NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[@A-Za-z_][\w.@-]*|\d+|\.)").expect("valid regex"));
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<attribute\b((?:[^>"']|"[^"]*"|'[^']*')*?)/?>(?:\s*</attribute>)?"#)
        .expect("valid regex")
});
static ATTR_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(key|default)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid regex")
});

/// Liquid tags that open a block closed by `end<keyword>`.
const LIQUID_BLOCKS: &[&str] = &["if", "unless", "case", "for", "capture", "tablerow"];
/// Liquid tags that start a new branch of the enclosing block.
const LIQUID_BRANCHES: &[&str] = &["elsif", "else", "when"];
/// Handlebars block helpers whose body keeps the outer context.
const HANDLEBARS_KEEP_CONTEXT: &[&str] = &["#if", "#unless", "^if", "^unless"];
/// Longest fill-in slot or tag searched for a closing delimiter on one line.
const MAX_SLOT: usize = 200;

/// Masks every template construct in `text` (see the module docs) and returns what was found.
/// Constructs that earlier passes already blanked (quoted customer text, code, markup) are left
/// alone.
pub fn mask(text: &str, mask: &mut Mask) -> Template {
    let mut scan = Scanner {
        text,
        masked: mask.as_str().to_owned(),
        t: Template::default(),
        stack: Vec::new(),
    };
    scan.agent_notes(mask);
    scan.attributes(mask);
    scan.tags(mask);
    for open in std::mem::take(&mut scan.stack) {
        let tag = scan.t.blocks[open.block].open.clone();
        let what = short(&text[tag.clone()]);
        scan.t.errors.push(SyntaxError {
            span: tag,
            message: format!("`{what}` is never closed"),
        });
    }
    scan.t.placeholders.sort_by_key(|p| p.span.start);
    scan.t.errors.sort_by_key(|e| e.span.start);
    scan.t
}

/// An open block on the scanner's stack.
struct Open {
    block: usize,
    /// Names the block binds (a `for` variable) or `*` when it rebinds the context (a Mustache
    /// section), making every name inside local.
    binds: Vec<String>,
}

struct Scanner<'a> {
    text: &'a str,
    /// The text as masked by earlier passes (quotes, code, markup blanked); the main pass takes
    /// it as a snapshot.
    masked: String,
    t: Template,
    stack: Vec<Open>,
}

impl Scanner<'_> {
    fn push(
        &mut self,
        span: Range<usize>,
        kind: PlaceholderKind,
        name: &str,
        fallback: Option<String>,
    ) {
        let local = self.is_local(name);
        self.t.placeholders.push(Placeholder {
            span,
            kind,
            name: name.to_owned(),
            fallback,
            local,
        });
    }

    fn is_local(&self, name: &str) -> bool {
        let root = name.split('.').next().unwrap_or(name);
        name.starts_with(['@', '.'])
            || name == "this"
            || self
                .stack
                .iter()
                .any(|o| o.binds.iter().any(|b| b == "*" || b == root))
            || self
                .t
                .placeholders
                .iter()
                .any(|p| p.kind == PlaceholderKind::Tag && p.name == format!("assign {root}"))
    }

    fn error(&mut self, span: Range<usize>, message: String) {
        self.t.errors.push(SyntaxError { span, message });
    }

    /// `--8<--` lines fence instructions for agents: blank them and what they enclose.
    fn agent_notes(&mut self, mask: &mut Mask) {
        if memchr::memmem::find(self.text.as_bytes(), b"--8<--").is_none() {
            return;
        }
        let mut fences = Vec::new();
        let mut start = 0;
        for line in self.text.split_inclusive('\n') {
            let range = start..start + line.trim_end().len();
            start += line.len();
            if line.trim_start().starts_with("--8<--")
                && self
                    .masked
                    .get(range.clone())
                    .is_some_and(|s| !s.trim().is_empty())
            {
                fences.push(range);
            }
        }
        for pair in fences.chunks(2) {
            let span = pair[0].start..pair.last().expect("chunks are non-empty").end;
            mask.blank(span.clone());
            self.masked = mask.as_str().to_owned();
            let name = if pair.len() == 2 {
                "--8<-- … --8<--"
            } else {
                "--8<--"
            };
            self.push(span, PlaceholderKind::AgentNote, name, None);
        }
    }

    /// Intercom's HTML form `<attribute key="user.name" default="there"/>` is a value.
    fn attributes(&mut self, mask: &mut Mask) {
        let before = self.t.placeholders.len();
        for m in ATTRIBUTE.captures_iter(self.text) {
            let whole = m.get(0).expect("group 0 always matches");
            let (mut key, mut default) = (String::new(), None);
            for a in ATTR_VALUE.captures_iter(&m[1]) {
                let value = a.get(2).or(a.get(3)).map_or("", |v| v.as_str()).to_owned();
                if &a[1] == "key" {
                    key = value;
                } else {
                    default = Some(value);
                }
            }
            mask.overwrite(whole.range(), &name_token(&self.text[whole.range()]));
            self.push(whole.range(), PlaceholderKind::Value, &key, default);
        }
        if self.t.placeholders.len() > before {
            self.masked = mask.as_str().to_owned();
        }
    }

    /// The main pass over `{{ }}`, `{% %}`, `[[ ]]` and changed Mustache delimiters.
    fn tags(&mut self, mask: &mut Mask) {
        let masked = std::mem::take(&mut self.masked);
        let masked = masked.as_str();
        let (mut open, mut close) = ("{{".to_owned(), "}}".to_owned());
        let mut i = 0;
        let len = masked.len();
        while i < len {
            let rest = &masked[i..];
            let first = open.as_bytes()[0];
            let Some(skip) = memchr::memchr3(b'{', b'[', first, rest.as_bytes()) else {
                break;
            };
            i += skip;
            let rest = &masked[i..];
            if open != "{{" && rest.starts_with(open.as_str()) {
                i = self.mustache(masked, mask, i, &mut open, &mut close);
            } else if rest.starts_with("{%") {
                i = self.liquid(masked, mask, i);
            } else if open == "{{" && rest.starts_with("{{") {
                i = self.mustache(masked, mask, i, &mut open, &mut close);
            } else if rest.starts_with("[[") {
                i = self.fill_in(masked, mask, i);
            } else {
                i += 1;
            }
        }
    }

    /// `[[…]]` on one line is a fill-in slot; masked as a name so the sentence still reads.
    fn fill_in(&mut self, masked: &str, mask: &mut Mask, at: usize) -> usize {
        let line = &masked[at..masked[at..].find('\n').map_or(masked.len(), |n| at + n)];
        match line.find("]]").filter(|&end| end <= MAX_SLOT) {
            Some(end) => {
                let span = at..at + end + 2;
                let inner = self.text[at + 2..at + end].trim().to_owned();
                mask.overwrite(span.clone(), &name_token(&self.text[span.clone()]));
                self.push(span.clone(), PlaceholderKind::FillIn, &inner, None);
                span.end
            }
            None => at + 2,
        }
    }

    /// A `{% … %}` tag (Help Scout values first, then Liquid).
    fn liquid(&mut self, masked: &str, mask: &mut Mask, at: usize) -> usize {
        let rest = &masked[at..];
        if let Some(c) = HELP_SCOUT
            .captures(rest)
            .filter(|c| !is_liquid_keyword(&c[1]))
        {
            let span = at..at + c[0].len();
            mask.overwrite(span.clone(), &name_token(&self.text[span.clone()]));
            self.push(
                span.clone(),
                PlaceholderKind::Value,
                &c[1],
                c.get(2).map(|f| f.as_str().to_owned()),
            );
            return span.end;
        }
        // `{%}` is not a closed tag: look for `%}` after the opening `{%`.
        let Some(end) = rest[2..].find("%}").map(|e| e + 2) else {
            self.error(at..at + 2, "`{%` is never closed with `%}`".into());
            return at + 2;
        };
        let span = at..at + end + 2;
        let inner = trim_markers(&rest[2..end]);
        let keyword = keyword_of(inner);
        mask.blank(span.clone());
        match keyword {
            "comment" | "raw" => {
                let close = format!("end{keyword}");
                let Some(close_tag) = find_tag(masked, span.end, &close) else {
                    self.error(
                        span.clone(),
                        format!("`{{% {keyword} %}}` is never closed with `{{% {close} %}}`"),
                    );
                    return span.end;
                };
                if keyword == "comment" {
                    mask.blank(span.start..close_tag.end);
                    self.push(
                        span.start..close_tag.end,
                        PlaceholderKind::Comment,
                        "comment",
                        None,
                    );
                } else {
                    // The text between raw tags is output literally: lint it as written.
                    mask.blank(close_tag.clone());
                    self.push(span.clone(), PlaceholderKind::Tag, "raw", None);
                    self.push(close_tag.clone(), PlaceholderKind::Tag, "endraw", None);
                }
                return close_tag.end;
            }
            k if LIQUID_BLOCKS.contains(&k) => {
                let binds = match k {
                    "for" | "tablerow" => inner
                        .split_whitespace()
                        .nth(1)
                        .map(str::to_owned)
                        .into_iter()
                        .collect(),
                    _ => Vec::new(),
                };
                self.push(span.clone(), PlaceholderKind::Tag, k, None);
                self.open_block(k, span.clone(), binds);
            }
            k if LIQUID_BRANCHES.contains(&k) => {
                self.push(span.clone(), PlaceholderKind::Tag, k, None);
                self.branch(span.clone(), k, &["if", "unless", "case", "for"]);
            }
            k if k.starts_with("end") && LIQUID_BLOCKS.contains(&&k[3..]) => {
                self.push(span.clone(), PlaceholderKind::Tag, k, None);
                self.close_block(span.clone(), &k[3..]);
            }
            "assign" | "capture" => {
                let var = inner
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("")
                    .trim_end_matches('=');
                self.push(
                    span.clone(),
                    PlaceholderKind::Tag,
                    &format!("assign {var}"),
                    None,
                );
            }
            k => self.push(span.clone(), PlaceholderKind::Tag, k, None),
        }
        span.end
    }

    /// A Mustache/Handlebars/Liquid output tag starting with the current `open` delimiter.
    fn mustache(
        &mut self,
        masked: &str,
        mask: &mut Mask,
        at: usize,
        open: &mut String,
        close: &mut String,
    ) -> usize {
        let triple = *open == "{{" && masked[at..].starts_with("{{{");
        let (o, c) = if triple {
            ("{{{", "}}}")
        } else {
            (open.as_str(), close.as_str())
        };
        let body_start = at + o.len();
        let comment = masked[body_start..].starts_with("!--");
        let closer = if comment {
            format!("--{c}")
        } else {
            c.to_owned()
        };
        let Some(end) = masked[body_start..].find(closer.as_str()) else {
            let msg = format!("`{o}` is never closed with `{c}`");
            self.error(at..body_start, msg);
            return body_start;
        };
        let span = at..body_start + end + closer.len();
        let inner = trim_markers(&masked[body_start..body_start + end]);
        let sigil = inner.chars().next().unwrap_or(' ');
        let after_sigil = inner[sigil.len_utf8().min(inner.len())..].trim_start();
        let word = after_sigil.split_whitespace().next().unwrap_or("");
        let tag = |s: &mut Self, mask: &mut Mask, kind, name: &str| {
            mask.blank(span.clone());
            s.push(span.clone(), kind, name, None);
        };
        match sigil {
            '!' => tag(self, mask, PlaceholderKind::Comment, "comment"),
            '#' | '^' => {
                let keyword = format!("{sigil}{word}");
                tag(self, mask, PlaceholderKind::Tag, &keyword);
                let binds = if HANDLEBARS_KEEP_CONTEXT.contains(&keyword.as_str()) {
                    Vec::new()
                } else {
                    vec!["*".to_owned()]
                };
                self.open_block(&keyword, span.clone(), binds);
            }
            '/' => {
                tag(self, mask, PlaceholderKind::Tag, &format!("/{word}"));
                self.close_block(span.clone(), word);
            }
            '>' => tag(self, mask, PlaceholderKind::Tag, &format!(">{word}")),
            '=' => {
                let spec = inner.trim_start_matches('=').trim_end_matches('=');
                let mut parts = spec.split_whitespace();
                match (parts.next(), parts.next(), parts.next()) {
                    (Some(new_open), Some(new_close), None) => {
                        tag(self, mask, PlaceholderKind::Tag, "=");
                        *open = new_open.to_owned();
                        *close = new_close.to_owned();
                    }
                    _ => {
                        self.error(
                            span.clone(),
                            format!("bad delimiter change `{}`", short(&self.text[span.clone()])),
                        );
                        mask.blank(span.clone());
                    }
                }
            }
            _ if keyword_of(inner) == "else" => {
                tag(self, mask, PlaceholderKind::Tag, "else");
                self.branch(span.clone(), "else", &[]);
            }
            _ => {
                let value = if sigil == '&' { after_sigil } else { inner };
                let name = NAME.find(value).map_or("", |m| m.as_str());
                let fallback = FALLBACK.captures(value).and_then(|f| {
                    (1..=4)
                        .find_map(|g| f.get(g))
                        .map(|m| m.as_str().to_owned())
                });
                mask.overwrite(span.clone(), &name_token(&self.text[span.clone()]));
                self.push(span.clone(), PlaceholderKind::Value, name, fallback);
            }
        }
        span.end
    }

    fn open_block(&mut self, keyword: &str, tag: Range<usize>, binds: Vec<String>) {
        let body = tag.end..tag.end;
        let block = Block {
            keyword: keyword.to_owned(),
            open: tag.clone(),
            branches: vec![Branch { tag, body }],
            close: None,
            depth: self.stack.len(),
        };
        self.t.blocks.push(block);
        self.stack.push(Open {
            block: self.t.blocks.len() - 1,
            binds,
        });
    }

    /// Starts a new branch of the innermost block, if it takes branches (`allowed`; any block
    /// for Handlebars `{{else}}`, whose sections and helpers all take one).
    fn branch(&mut self, tag: Range<usize>, keyword: &str, allowed: &[&str]) {
        let top = self.stack.last().map(|o| o.block);
        let fits = top.is_some_and(|b| {
            allowed.is_empty() || allowed.contains(&self.t.blocks[b].keyword.as_str())
        });
        let Some(b) = top.filter(|_| fits) else {
            let what = short(&self.text[tag.clone()]);
            self.error(
                tag,
                format!("`{what}` is outside any block that takes a `{keyword}`"),
            );
            return;
        };
        let block = &mut self.t.blocks[b];
        let last = block
            .branches
            .last_mut()
            .expect("a block has its opening branch");
        last.body.end = tag.start;
        // Between `{% case %}` and its first `{% when %}` there is only layout, not a branch.
        let blank = self.text[last.body.clone()].trim().is_empty();
        if block.keyword == "case" && block.branches.len() == 1 && blank {
            block.branches.clear();
        }
        block.branches.push(Branch {
            body: tag.end..tag.end,
            tag,
        });
    }

    /// Closes the innermost block if it is `keyword` (Liquid `endif` → `if`; Mustache `/x`
    /// closes `#x` or `^x`).
    fn close_block(&mut self, tag: Range<usize>, keyword: &str) {
        let matches = |k: &str| k == keyword || (k.starts_with(['#', '^']) && &k[1..] == keyword);
        let what = short(&self.text[tag.clone()]);
        match self.stack.last() {
            Some(open) if matches(&self.t.blocks[open.block].keyword) => {
                let open = self.stack.pop().expect("checked non-empty");
                let block = &mut self.t.blocks[open.block];
                block
                    .branches
                    .last_mut()
                    .expect("a block has its opening branch")
                    .body
                    .end = tag.start;
                block.close = Some(tag);
            }
            Some(open) => {
                let opener = short(&self.text[self.t.blocks[open.block].open.clone()]);
                // Only pop when the closer belongs to a block further out: `{% if %}{% for %}{% endif %}`.
                let further = self
                    .stack
                    .iter()
                    .rev()
                    .skip(1)
                    .any(|o| matches(&self.t.blocks[o.block].keyword));
                self.error(
                    tag.clone(),
                    format!("`{what}` closes `{opener}`, which needs its own closing tag first"),
                );
                if further {
                    while let Some(o) = self.stack.pop() {
                        let k = self.t.blocks[o.block].keyword.clone();
                        if matches(&k) {
                            self.t.blocks[o.block].close = Some(tag);
                            break;
                        }
                        let t = self.t.blocks[o.block].open.clone();
                        self.error(
                            t.clone(),
                            format!("`{}` is never closed", short(&self.text[t])),
                        );
                    }
                }
            }
            None => self.error(tag, format!("`{what}` has no opening tag")),
        }
    }
}

/// A same-length name-like stand-in for a value: `Xxxxx`, up to the first line break.
fn name_token(original: &str) -> String {
    let len = original.find('\n').unwrap_or(original.len());
    std::iter::once('X')
        .chain(std::iter::repeat_n('x', len.saturating_sub(1)))
        .take(len)
        .collect()
}

/// The inside of a tag without trim markers (`-`, `~`) and surrounding whitespace.
fn trim_markers(inner: &str) -> &str {
    inner
        .trim()
        .trim_start_matches(['-', '~'])
        .trim_end_matches(['-', '~'])
        .trim()
}

/// The first word of a tag's inside (`if` of `if ticket.status == "open"`).
fn keyword_of(tag: &str) -> &str {
    let inner = tag.trim_start_matches(['{', '%', '-', '~']).trim_start();
    let end = inner
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(inner.len());
    &inner[..end]
}

fn is_liquid_keyword(name: &str) -> bool {
    let root = name.split('.').next().unwrap_or(name);
    LIQUID_BLOCKS.contains(&root)
        || LIQUID_BRANCHES.contains(&root)
        || root.starts_with("end")
        || matches!(root, "assign" | "include" | "render" | "comment" | "raw")
}

/// The next `{% keyword %}` tag (with any trim markers) at or after `from`.
fn find_tag(masked: &str, from: usize, keyword: &str) -> Option<Range<usize>> {
    let mut at = from;
    while let Some(i) = masked[at..].find("{%") {
        let start = at + i;
        let end = start + 2 + masked[start + 2..].find("%}")? + 2;
        if trim_markers(&masked[start + 2..end - 2]) == keyword {
            return Some(start..end);
        }
        at = start + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};

    fn parse(text: &str) -> Document {
        Document::parse(text, Format::Text)
    }

    fn values(doc: &Document) -> Vec<(&str, Option<&str>)> {
        doc.placeholders()
            .iter()
            .filter(|p| p.kind == PlaceholderKind::Value)
            .map(|p| (p.name.as_str(), p.fallback.as_deref()))
            .collect()
    }

    #[test]
    fn placeholders_read_as_names_and_keep_columns() {
        let text = "Hi {{ticket.requester.first_name}}, {% if x %}obviously{% endif %}";
        let doc = parse(text);
        assert_eq!(doc.masked().len(), text.len());
        assert!(doc.masked().starts_with("Hi Xxxxxxxx"));
        assert_eq!(doc.masked().find("obviously"), text.find("obviously"));
        assert_eq!(doc.placeholders().len(), 3);
        assert!(doc.template().errors.is_empty());
    }

    #[test]
    fn every_dialect_is_masked_with_its_fallback() {
        let text = "A {%customer.firstName,fallback=there%} B {%customer.lastName,fallback=100%%} \
                    C {{first_name | fallback: 'there'}} D {{ user.name|fallback:\"you\" }} \
                    E {{{raw_html}}} F {{& name}} G {{dc.refund_policy}} H {{1}} \
                    I {{- ticket.id -}} J {{ x | default: friend }} K <attribute key=\"user.name\" default=\"there\"/>";
        let doc = parse(text);
        assert_eq!(
            values(&doc),
            [
                ("customer.firstName", Some("there")),
                ("customer.lastName", Some("100%")),
                ("first_name", Some("there")),
                ("user.name", Some("you")),
                ("raw_html", None),
                ("name", None),
                ("dc.refund_policy", None),
                ("1", None),
                ("ticket.id", None),
                ("x", Some("friend")),
                ("user.name", Some("there")),
            ]
        );
        let masked = doc.masked();
        assert!(!masked.contains(['{', '}', '%', '<']), "{masked}");
        for letter in ["A ", " B ", " C ", " K "] {
            assert_eq!(masked.find(letter), text.find(letter));
        }
    }

    #[test]
    fn comments_raw_and_trim_markers() {
        let text = "{%- comment -%}obviously{%- endcomment -%}{{! obviously }}{{!-- a }} b --}}\
                    {% raw %}{{ shown }}{% endraw %} done";
        let doc = parse(text);
        assert!(!doc.masked().contains("obviously"));
        assert!(!doc.masked().contains("a }} b"));
        assert!(
            doc.masked().contains("{{ shown }}"),
            "raw text is literal: {}",
            doc.masked()
        );
        assert!(
            doc.template().errors.is_empty(),
            "{:?}",
            doc.template().errors
        );
    }

    #[test]
    fn mustache_sections_partials_and_delimiter_change() {
        let text = "{{#orders}}Order {{id}}{{/orders}}{{^orders}}No orders{{/orders}}{{> footer}}\
                    {{=<% %>=}}Hi <% name %>, bye";
        let doc = parse(text);
        assert!(
            doc.template().errors.is_empty(),
            "{:?}",
            doc.template().errors
        );
        let vals: Vec<_> = doc
            .placeholders()
            .iter()
            .filter(|p| p.kind == PlaceholderKind::Value)
            .collect();
        assert_eq!(
            vals.iter()
                .map(|p| (p.name.as_str(), p.local))
                .collect::<Vec<_>>(),
            [("id", true), ("name", false)]
        );
        assert!(
            doc.masked()
                .contains(&format!("Hi {}, bye", name_token("<% name %>"))),
            "{}",
            doc.masked()
        );
        assert_eq!(doc.template().blocks.len(), 2);
    }

    #[test]
    fn unbalanced_and_unclosed_tags_are_errors_not_panics() {
        let cases = [
            ("{% if a %}x", "never closed"),
            ("x{% endif %}", "no opening tag"),
            (
                "{% if a %}{% for b in c %}{% endif %}",
                "needs its own closing tag",
            ),
            ("Hi {{name", "never closed with `}}`"),
            ("Hi {% if", "never closed with `%}`"),
            ("{{#a}}x{{/b}}", "closes"),
            ("{% else %}", "outside any block"),
            ("{% comment %} x", "never closed"),
            ("{%}", "never closed with `%}`"),
            ("{% comment %}{%}", "never closed"),
            ("{{=<% %>=}}<% x", "never closed"),
        ];
        for (text, expected) in cases {
            let doc = parse(text);
            let errors = &doc.template().errors;
            assert!(
                errors.iter().any(|e| e.message.contains(expected)),
                "{text}: {errors:?}"
            );
            assert_eq!(doc.masked().len(), text.len());
        }
    }

    #[test]
    fn fill_ins_and_agent_notes() {
        let text =
            "Hi,\n--8<--\nAgent: check the order first\n--8<--\nWe tried [[what you tried]].\n";
        let doc = parse(text);
        let kinds: Vec<_> = doc
            .placeholders()
            .iter()
            .map(|p| (p.kind, p.name.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (PlaceholderKind::AgentNote, "--8<-- … --8<--"),
                (PlaceholderKind::FillIn, "what you tried")
            ]
        );
        assert!(!doc.masked().contains("Agent"));
        assert!(
            doc.masked()
                .contains(&format!("We tried {}.", name_token("[[what you tried]]"))),
            "{}",
            doc.masked()
        );
    }

    #[test]
    fn loop_variables_and_assigns_are_local() {
        let text = "{% assign greeting = 'Hi' %}{{greeting}} {% for c in ticket.comments %}{{c.author}}{% endfor %} {{c}}";
        let doc = parse(text);
        let vals: Vec<_> = doc
            .placeholders()
            .iter()
            .filter(|p| p.kind == PlaceholderKind::Value)
            .map(|p| (p.name.as_str(), p.local))
            .collect();
        assert_eq!(vals, [("greeting", true), ("c.author", true), ("c", false)]);
    }

    #[test]
    fn quoted_and_code_placeholders_are_ignored() {
        let doc = parse("Thanks!\n\n> Hi {{name}} {% if %}\n`{{code}}`\n");
        assert!(doc.placeholders().is_empty(), "{:?}", doc.placeholders());
        assert!(doc.template().errors.is_empty());
    }

    #[test]
    fn one_rendering_per_top_level_branch() {
        let text = "{% if vip %}A{% elsif b %}B{% else %}C{% endif %} {{#x}}D{{/x}}";
        let doc = parse(text);
        let r = doc.template().renderings(text);
        assert_eq!(r.len(), 3);
        let shown = |k: usize| {
            let view = doc.with_hidden(&r[k].hidden);
            view.masked().split_whitespace().collect::<String>()
        };
        assert_eq!([shown(0), shown(1), shown(2)], ["AD", "B", "C"]);
        assert_eq!(r[1].label, "{% if vip %} → {% elsif b %}; {{#x}} → nothing");
        assert!(
            parse("no conditionals {{name}}")
                .template()
                .renderings("no conditionals {{name}}")
                .is_empty()
        );
    }

    /// A check that depends on what a sentence lacks sees each branch on its own.
    #[test]
    fn absence_checks_see_each_rendering() {
        let text = "We will look into it{% if vip %} by Friday{% endif %}. {% if a %}Obviously{% else %}Sure{% endif %}.";
        let doc = parse(text);
        let lint = |view: &Document, out: &mut Vec<Diagnostic>| {
            for s in view.sentences() {
                let sentence = &view.masked()[s.clone()];
                let commitment = sentence
                    .find("look into it")
                    .filter(|_| !sentence.contains("Friday"))
                    .map(|at| (at, "look into it", "no time frame"));
                let tone = sentence
                    .find("Obviously")
                    .map(|at| (at, "Obviously", "tone"));
                for (at, phrase, message) in commitment.into_iter().chain(tone) {
                    let span = s.start + at..s.start + at + phrase.len();
                    out.push(Diagnostic::new(
                        view.text(),
                        "t",
                        crate::Severity::Warning,
                        message,
                        span,
                    ));
                }
            }
        };
        let mut plain = Vec::new();
        lint(&doc, &mut plain);
        assert!(
            plain.iter().all(|d| d.message == "tone"),
            "masking alone keeps `by Friday` in every reading"
        );
        let mut out = Vec::new();
        lint_renderings(&doc, &lint, &mut out);
        let messages: Vec<&str> = out.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "tone (inside `{% if a %}`)",
                "no time frame (when {% if vip %} → nothing; {% if a %} → {% else %})"
            ]
        );
    }

    /// Seeded soups of template syntax, markup, entities and multi-byte text: parsing, every
    /// rendering and the `template-placeholder` checks keep offsets and never panic (spans are
    /// checked for char boundaries by `Diagnostic::new` in debug builds).
    #[test]
    fn template_soup_never_panics() {
        const TOKENS: &[&str] = &[
            "{{",
            "}}",
            "{%",
            "%}",
            "{%}",
            "{{{",
            "}}}",
            "{{#a}}",
            "{{/a}}",
            "{{^b}}",
            "{{else}}",
            "{% if x %}",
            "{% else %}",
            "{% endif %}",
            "{% case z %}",
            "{% when 1 %}",
            "{% endcase %}",
            "{% for i in l %}",
            "{% endfor %}",
            "{% raw %}",
            "{% endraw %}",
            "{% comment %}",
            "{% endcomment %}",
            "{{!",
            "{{!--",
            "--}}",
            "{{=<% %>=}}",
            "<%",
            "%>",
            "[[",
            "]]",
            "--8<--",
            "\n",
            "é",
            "😀",
            "&lt;",
            "&gt;",
            "&eacute;",
            "<p>",
            "</p>",
            "<attribute key=\"a\" default=\"b\"/>",
            "{%a.b,fallback=x%}",
            "{%a.b%}",
            "obviously",
            "Hi ",
            "XXX",
            "[NAME]",
            "{x}",
            "%Y%",
            "<insert",
            ">",
            " ",
            "we will look into it",
            ". ",
            "> ",
            "-- \n",
            "`",
            "http://x.y/{{a}}",
            "{{ a | fallback: \"b\" }}",
            "{{-",
            "-}}",
            "{%-",
            "-%}",
        ];
        let rule = crate::rules::builtin::all()
            .into_iter()
            .find(|a| a.meta().id == "template-placeholder")
            .expect("template-placeholder is built in");
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..1500 {
            let len = 1 + next() % 24;
            let text: String = (0..len)
                .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
                .collect();
            for format in [Format::Text, Format::Markdown, Format::Html] {
                let doc = Document::parse(text.as_str(), format);
                assert_eq!(doc.masked().len(), text.len(), "{text:?}");
                let mut out = Vec::new();
                lint_renderings(&doc, &|view, out| rule.check(view, out), &mut out);
            }
        }
    }

    #[test]
    fn html_bodies_keep_offsets() {
        let text =
            "<p>Hi {{ticket.requester.first_name}},</p><p>{% if a %}obviously{% endif %}</p>";
        let doc = Document::parse(text, Format::Html);
        assert_eq!(values(&doc), [("ticket.requester.first_name", None)]);
        assert_eq!(doc.masked().find("obviously"), text.find("obviously"));
        assert!(doc.masked().contains("Hi Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,"));
    }
}
