//! The declarative rule format (`rules/<id>.toml`): serde types, validation with file and TOML
//! locations, and compilation of every rule's patterns behind one shared literal prefilter.
//! `rules/README.md` documents the format for rule authors.

use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;
use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Severity, Suggestion};
use crate::document::Document;
use crate::error::{Location, RuleError};
use crate::rules::prefilter::{Candidates, Prefilter};
use crate::rules::{Example, Examples, Origin, RuleMeta, phrase};

/// A rule file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    summary: String,
    category: String,
    severity: Severity,
    /// Message template; `{match}` stands for the matched text.
    message: String,
    /// The principle of PRINCIPLES.md the rule protects, e.g. `P1`.
    principle: String,
    rationale: String,
    #[serde(default)]
    patterns: Vec<PatternSpec>,
    #[serde(default)]
    exceptions: Vec<ExceptionSpec>,
    examples: ExamplesSpec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternSpec {
    #[serde(default)]
    phrases: Vec<Spanned<String>>,
    regex: Option<Spanned<String>>,
    /// Overrides the rule's message for this pattern.
    message: Option<String>,
    /// Replacement text (`$1`, `${name}` expand capture groups); empty removes the match.
    replacement: Option<String>,
    /// What the replacement does, for people.
    suggestion: Option<String>,
    /// Exceptions that cancel only this pattern's findings (`[[patterns.exceptions]]`).
    #[serde(default)]
    exceptions: Vec<ExceptionSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExceptionSpec {
    #[serde(default)]
    phrases: Vec<Spanned<String>>,
    regex: Option<Spanned<String>>,
    #[serde(default)]
    scope: Scope,
    /// Why this is not a finding; documentation only.
    #[serde(default)]
    #[allow(dead_code)]
    note: String,
}

/// Where an exception must match to cancel a finding.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Scope {
    /// Anywhere in the sentence of the finding.
    #[default]
    Sentence,
    /// Overlapping the finding itself.
    Match,
    /// Anywhere in the reply: for rules where what redeems a finding may come later, such as a
    /// refusal followed two sentences on by an alternative.
    Reply,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExamplesSpec {
    #[serde(default)]
    bad: Vec<ExampleSpec>,
    #[serde(default)]
    good: Vec<ExampleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ExampleSpec {
    Text(String),
    Full {
        text: String,
        #[serde(default)]
        customer: Option<String>,
        #[serde(default)]
        fixed: Option<String>,
    },
}

impl From<ExampleSpec> for Example {
    fn from(spec: ExampleSpec) -> Self {
        match spec {
            ExampleSpec::Text(text) => Example {
                text,
                customer: None,
                fixed: None,
            },
            ExampleSpec::Full {
                text,
                customer,
                fixed,
            } => Example {
                text,
                customer,
                fixed,
            },
        }
    }
}

/// A declarative rule compiled for matching.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    id: String,
    /// The rule file, for errors.
    path: std::path::PathBuf,
    severity: Severity,
    message: String,
    patterns: Vec<CompiledPattern>,
    exceptions: Vec<(LazyRegex, Scope)>,
}

#[derive(Debug)]
struct CompiledPattern {
    regex: LazyRegex,
    message: Option<String>,
    replacement: Option<String>,
    suggestion: Option<String>,
    exceptions: Vec<(LazyRegex, Scope)>,
}

/// Size limit of compiled regexes.
const SIZE_LIMIT: usize = 1 << 26;

/// A regex whose syntax is validated when its rule loads, compiled on first use: most exceptions
/// never run for a given reply, so most are never compiled, which keeps start-up fast. Patterns
/// are compiled at load ([`LazyRegex::compile`]) so that one too large is reported there.
///
/// A `regex-automata` regex with the settings of `regex::Regex` (for anchored searches), minus
/// its own literal prefilter: [`Prefilter`] already tells where a pattern may match, and building
/// one per regex was about a quarter of start-up.
#[derive(Debug)]
struct LazyRegex {
    source: String,
    compiled: OnceLock<meta::Regex>,
}

impl LazyRegex {
    fn new(source: String) -> Self {
        LazyRegex {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// Compiles the regex now if it is not yet compiled; the error is one line.
    fn compile(&self) -> Result<&meta::Regex, String> {
        if let Some(regex) = self.compiled.get() {
            return Ok(regex);
        }
        let regex = meta::Regex::builder()
            .configure(
                meta::Config::new()
                    .nfa_size_limit(Some(SIZE_LIMIT))
                    .utf8_empty(true)
                    .auto_prefilter(false),
            )
            .syntax(syntax::Config::new().case_insensitive(true))
            .build(&self.source)
            .map_err(|e| one_line(&e.to_string()))?;
        Ok(self.compiled.get_or_init(|| regex))
    }

    fn get(&self) -> &meta::Regex {
        self.compile()
            .expect("syntax validated at load, and patterns compiled there")
    }
}

/// Parses and validates one rule file; `path` is used in errors and the id is its file stem.
pub(crate) fn parse(
    path: &Path,
    source: &str,
    origin: Origin,
) -> Result<(RuleMeta, CompiledRule), RuleError> {
    let invalid = |offset: usize, message: String| RuleError::Invalid {
        location: Location::at(path, source, offset),
        message,
    };
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(invalid(
            0,
            format!("rule file name `{id}` is not a kebab-case rule id"),
        ));
    }
    let file: RuleFile = toml::from_str(source).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        invalid(offset, e.message().trim().replace('\n', " "))
    })?;
    let validate = |s: &Spanned<String>| -> Result<(), RuleError> {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(s.get_ref())
            .map(drop)
            .map_err(|e| {
                invalid(
                    s.span().start,
                    format!("invalid regex: {}", one_line(&e.to_string())),
                )
            })
    };
    let source_of =
        |phrases: &[Spanned<String>], regex: &Option<Spanned<String>>, what: &str, at: usize| {
            let mut alternatives = Vec::new();
            for p in phrases {
                alternatives
                    .push(phrase::to_regex(p.get_ref()).map_err(|e| invalid(p.span().start, e))?);
            }
            if let Some(r) = regex {
                validate(r)?;
                alternatives.push(format!("(?:{})", r.get_ref()));
            }
            if alternatives.is_empty() {
                return Err(invalid(at, format!("{what} needs `phrases` or `regex`")));
            }
            Ok(LazyRegex::new(format!("(?:{})", alternatives.join("|"))))
        };
    let compile_exceptions = |specs: Vec<ExceptionSpec>, what: &str| {
        let mut out = Vec::new();
        for (i, e) in specs.into_iter().enumerate() {
            let at = e.phrases.first().map(|s| s.span().start).unwrap_or(0);
            out.push((
                source_of(&e.phrases, &e.regex, &format!("{what}[{i}]"), at)?,
                e.scope,
            ));
        }
        Ok::<_, RuleError>(out)
    };
    let mut patterns = Vec::new();
    for (i, p) in file.patterns.into_iter().enumerate() {
        let at = p.phrases.first().map(|s| s.span().start).unwrap_or(0);
        let regex = source_of(&p.phrases, &p.regex, &format!("patterns[{i}]"), at)?;
        patterns.push(CompiledPattern {
            regex,
            message: p.message,
            replacement: p.replacement,
            suggestion: p.suggestion,
            exceptions: compile_exceptions(p.exceptions, &format!("patterns[{i}].exceptions"))?,
        });
    }
    if patterns.is_empty() {
        return Err(invalid(
            0,
            "a rule needs at least one [[patterns]] entry".into(),
        ));
    }
    let exceptions = compile_exceptions(file.exceptions, "exceptions")?;
    let examples = Examples {
        bad: file.examples.bad.into_iter().map(Example::from).collect(),
        good: file.examples.good.into_iter().map(Example::from).collect(),
    };
    if examples.bad.is_empty() || examples.good.is_empty() {
        let at = source.find("[examples]").unwrap_or(0);
        return Err(invalid(
            at,
            "a rule needs at least one `bad` and one `good` example".into(),
        ));
    }
    let meta = RuleMeta {
        id: id.clone(),
        summary: file.summary,
        category: file.category,
        severity: file.severity,
        principle: file.principle,
        rationale: file.rationale,
        examples,
        origin,
    };
    let rule = CompiledRule {
        id,
        path: path.to_owned(),
        severity: file.severity,
        message: file.message,
        patterns,
        exceptions,
    };
    Ok((meta, rule))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every declarative rule's patterns, with a prefilter that tells which of them can match a
/// reply at all, and where: only those are run, only there.
#[derive(Debug)]
pub(crate) struct PatternSet {
    /// The (rule index, pattern index) of every pattern, in rule order.
    patterns: Vec<(usize, usize)>,
    /// Over `patterns`, in the same order.
    prefilter: Prefilter,
    rules: Vec<CompiledRule>,
}

impl PatternSet {
    /// Compiles every rule's patterns. A pattern too large to compile is reported with its rule
    /// file.
    pub(crate) fn new(rules: Vec<CompiledRule>) -> Result<Self, RuleError> {
        let patterns: Vec<(usize, usize)> = rules
            .iter()
            .enumerate()
            .flat_map(|(r, rule)| (0..rule.patterns.len()).map(move |p| (r, p)))
            .collect();
        // Compiling is most of start-up; the patterns compile independently, on every core. The
        // first failure in rule order is the one reported.
        let compiled: Vec<Result<(), String>> = patterns
            .par_iter()
            .map(|&(r, p)| rules[r].patterns[p].regex.compile().map(drop))
            .collect();
        for (&(r, _), result) in patterns.iter().zip(compiled) {
            result.map_err(|e| RuleError::Invalid {
                location: Location {
                    path: rules[r].path.clone(),
                    line: 1,
                    column: 1,
                },
                message: format!("patterns do not compile: {e}"),
            })?;
        }
        let prefilter = Prefilter::new(
            patterns
                .iter()
                .map(|&(r, p)| rules[r].patterns[p].regex.source.as_str()),
        );
        Ok(PatternSet {
            patterns,
            prefilter,
            rules,
        })
    }

    /// Runs every pattern whose rule `enabled` accepts over the reply's masked text.
    pub(crate) fn check(
        &self,
        doc: &Document,
        enabled: &dyn Fn(&str) -> bool,
        out: &mut Vec<Diagnostic>,
    ) {
        let candidates = self.prefilter.candidates(doc.masked());
        self.check_at(doc, enabled, candidates, out);
    }

    /// Runs the enabled patterns where `candidates` (one per pattern) says they may match.
    fn check_at(
        &self,
        doc: &Document,
        enabled: &dyn Fn(&str) -> bool,
        candidates: Vec<Candidates>,
        out: &mut Vec<Diagnostic>,
    ) {
        let masked = doc.masked();
        for (&(r, p), at) in self.patterns.iter().zip(candidates) {
            let rule = &self.rules[r];
            if at == Candidates::None || !enabled(&rule.id) {
                continue;
            }
            let pattern = &rule.patterns[p];
            for caps in find_all(pattern.regex.get(), masked, at) {
                let m = caps.get_match().expect("only matches are kept");
                if m.is_empty() || rule.is_excepted(doc, pattern, m.range()) {
                    continue;
                }
                let excerpt = collapse_whitespace(&doc.text()[m.range()]);
                let message = pattern
                    .message
                    .as_deref()
                    .unwrap_or(&rule.message)
                    .replace("{match}", &excerpt);
                let mut diag =
                    Diagnostic::new(doc.text(), &rule.id, rule.severity, message, m.range());
                if let Some(template) = &pattern.replacement {
                    let mut replacement = String::new();
                    caps.interpolate_string_into(masked, template, &mut replacement);
                    let description =
                        pattern
                            .suggestion
                            .clone()
                            .unwrap_or_else(|| match replacement.as_str() {
                                "" => format!("Remove “{excerpt}”"),
                                r => format!("Replace with “{r}”"),
                            });
                    diag.suggestions
                        .push(edit(doc, m.range(), replacement, description));
                }
                out.push(diag);
            }
        }
    }
}

/// The matches `regex.captures_iter(text)` yields, searching only where `at` says they may
/// start.
fn find_all(regex: &meta::Regex, text: &str, at: Candidates) -> Vec<Captures> {
    let starts = match at {
        Candidates::None => return Vec::new(),
        Candidates::Anywhere => return regex.captures_iter(text).collect(),
        Candidates::StartingAt(starts) => starts,
    };
    // The leftmost match is the one found by an anchored search at the first place one
    // succeeds; the next is searched for from its end. (These matches are never empty: they
    // start with a literal.)
    let mut found = Vec::new();
    let mut caps = regex.create_captures();
    let mut next = 0;
    for start in starts {
        if start < next {
            continue;
        }
        let input = Input::new(text).range(start..).anchored(Anchored::Yes);
        regex.search_captures(&input, &mut caps);
        if let Some(m) = caps.get_match() {
            next = m.end();
            found.push(caps.clone());
        }
    }
    found
}

impl CompiledRule {
    /// Whether an exception of the rule, or of the pattern that found it, cancels `found`.
    fn is_excepted(&self, doc: &Document, pattern: &CompiledPattern, found: Range<usize>) -> bool {
        let sentence = doc.sentence_at(found.start).unwrap_or(found.clone());
        let sentence = sentence.start.min(found.start)..sentence.end.max(found.end);
        let text = &doc.masked()[sentence.clone()];
        let mut exceptions = self.exceptions.iter().chain(&pattern.exceptions);
        exceptions.any(|(regex, scope)| match (regex.get(), scope) {
            (regex, Scope::Sentence) => regex.is_match(text),
            (regex, Scope::Reply) => regex.is_match(doc.masked()),
            (regex, Scope::Match) => regex.find_iter(text).any(|m| {
                let m = sentence.start + m.start()..sentence.start + m.end();
                m.start < found.end && found.start < m.end
            }),
        })
    }
}

/// A suggestion replacing `span`. A removal also takes the space and comma after it, and
/// capitalizes what then starts the sentence.
fn edit(
    doc: &Document,
    span: Range<usize>,
    replacement: String,
    description: String,
) -> Suggestion {
    let text = doc.text();
    if !replacement.is_empty() {
        let at_start = doc
            .sentence_at(span.start)
            .is_some_and(|s| s.start == span.start);
        let replacement = if at_start {
            capitalize(&replacement)
        } else {
            replacement
        };
        return Suggestion {
            span,
            replacement,
            description,
        };
    }
    let rest = &text[span.end..];
    let eaten = rest.len()
        - rest
            .trim_start_matches([',', ';'])
            .trim_start_matches([' ', '\t'])
            .len();
    let mut end = span.end + eaten;
    let mut replacement = String::new();
    let at_start = doc
        .sentence_at(span.start)
        .is_some_and(|s| s.start == span.start);
    if at_start {
        if let Some(next) = text[end..].chars().next().filter(|c| c.is_lowercase()) {
            replacement = next.to_uppercase().collect();
            end += next.len_utf8();
        }
    } else if eaten == 0 {
        // Mid-sentence removal before punctuation: take the space before instead.
        let before = text[..span.start].trim_end_matches([' ', '\t']);
        return Suggestion {
            span: before.len()..span.end,
            replacement,
            description,
        };
    }
    Suggestion {
        span: span.start..end,
        replacement,
        description,
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    #[test]
    fn prefiltered_findings_equal_unfiltered_ones_for_every_example() {
        let rules = crate::rules::RuleSet::bundled().expect("bundled rules load");
        let set = &rules.patterns;
        let texts = rules
            .metas()
            .iter()
            .flat_map(|m| m.examples.bad.iter().chain(&m.examples.good))
            .map(|e| e.text.as_str())
            .chain(["Obviouſly you typed it wrong.", "OBVIOUSLY YOU BROKE IT!"]);
        let mut checked = 0;
        for text in texts {
            let doc = Document::parse(text, Format::Text);
            let (mut filtered, mut all) = (Vec::new(), Vec::new());
            set.check(&doc, &|_| true, &mut filtered);
            let everywhere = set.patterns.iter().map(|_| Candidates::Anywhere).collect();
            set.check_at(&doc, &|_| true, everywhere, &mut all);
            assert_eq!(filtered, all, "{text}");
            checked += usize::from(!all.is_empty());
        }
        assert!(checked > 100, "only {checked} examples have findings");
    }

    fn findings(source: &str, text: &str) -> Vec<String> {
        let (_, rule) = parse(Path::new("t.toml"), source, Origin::Builtin).expect("valid rule");
        let set = PatternSet::new(vec![rule]).expect("compiles");
        let doc = Document::parse(text, Format::Text);
        let mut out = Vec::new();
        set.check(&doc, &|_| true, &mut out);
        out.iter()
            .map(|d| text[d.span.clone()].to_owned())
            .collect()
    }

    const RULE: &str = r#"
summary = "s"
category = "tone"
severity = "warning"
principle = "P1"
message = "{match}"
rationale = "r"

[[patterns]]
phrases = ["obviously"]

[[patterns.exceptions]]
phrases = ["our mistake"]

[[patterns]]
phrases = ["as I said"]

[examples]
bad = ["Obviously not."]
good = ["Fine."]
"#;

    #[test]
    fn many_patterns_are_all_found_in_rule_order() {
        let mut source = RULE
            .split("[examples]")
            .next()
            .expect("has examples")
            .to_owned();
        for i in 0..400 {
            source.push_str(&format!("\n[[patterns]]\nphrases = [\"zebra{i}\"]\n"));
        }
        source.push_str("\n[examples]\nbad = [\"Obviously not.\"]\ngood = [\"Fine.\"]\n");
        assert_eq!(
            findings(&source, "zebra399, obviously, zebra7."),
            vec!["obviously", "zebra7", "zebra399"]
        );
    }

    #[test]
    fn pattern_exceptions_cancel_only_their_own_pattern() {
        assert_eq!(
            findings(RULE, "Obviously that was our mistake."),
            Vec::<String>::new()
        );
        assert_eq!(
            findings(RULE, "As I said, that was our mistake."),
            vec!["As I said"]
        );
        assert_eq!(findings(RULE, "Obviously it broke."), vec!["Obviously"]);
    }

    #[test]
    fn reply_scope_exceptions_look_at_the_whole_reply() {
        let rule = RULE.replace(
            "[[patterns]]\nphrases = [\"as I said\"]",
            "[[patterns]]\nphrases = [\"as I said\"]\n\n[[patterns.exceptions]]\nscope = \"reply\"\nphrases = [\"instead\"]",
        );
        assert_eq!(
            findings(&rule, "As I said, no. Try this instead."),
            Vec::<String>::new()
        );
        assert_eq!(findings(&rule, "As I said, no. Sorry."), vec!["As I said"]);
    }

    #[test]
    fn pattern_exception_errors_name_their_place() {
        let broken = RULE.replace(r#"phrases = ["our mistake"]"#, r#"regex = "(""#);
        let err = parse(Path::new("t.toml"), &broken, Origin::Builtin).unwrap_err();
        assert!(err.to_string().contains("invalid regex"), "{err}");
    }
}
