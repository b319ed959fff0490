//! Rules: what a rule is (its metadata and examples), the two kinds of rule (declarative TOML
//! files and built-in analyzers) and the registry that holds them all.

pub mod builtin;
mod phrase;
mod prefilter;
pub(crate) mod spec;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::TemplateConfig;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::embedded;
use crate::error::RuleError;

/// One example text of a rule: `bad` examples must trigger it, `good` ones must not.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// The reply.
    pub text: String,
    /// The customer's message it answers, for rules that read it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// For a bad example of a rule with a fix: the text after applying the rule's suggestions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
}

/// A rule's examples, which the test suite runs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Examples {
    pub bad: Vec<Example>,
    pub good: Vec<Example>,
}

impl Examples {
    /// Examples that are reply texts only (no customer message, no expected fix).
    pub fn from_texts(bad: &[&str], good: &[&str]) -> Self {
        let example = |text: &&str| Example {
            text: (*text).to_owned(),
            customer: None,
            fixed: None,
        };
        Examples {
            bad: bad.iter().map(example).collect(),
            good: good.iter().map(example).collect(),
        }
    }
}

/// Where a rule comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// A Rust analyzer in `src/rules/builtin/`.
    Builtin,
    /// A rule file shipped in `rules/`, compiled into the binary.
    Bundled(String),
    /// A rule file from a user's rule directory.
    File(PathBuf),
}

/// Everything about a rule except how it matches.
#[derive(Debug, Clone, Serialize)]
pub struct RuleMeta {
    /// Stable kebab-case id naming the problem, e.g. `blame-shifting`.
    pub id: String,
    /// One line for listings.
    pub summary: String,
    pub category: String,
    /// Default severity, before configuration.
    pub severity: Severity,
    /// The principle of PRINCIPLES.md the rule protects, e.g. `P1`.
    pub principle: String,
    /// Markdown: why the rule exists and what to write instead.
    pub rationale: String,
    pub examples: Examples,
    pub origin: Origin,
}

/// A rule written in Rust, for checks a pattern cannot express (e.g. ones that read the
/// customer's message). One file each in `src/rules/builtin/`, registered in
/// [`builtin::all`].
pub trait Analyzer: Send + Sync {
    /// The rule's metadata and examples.
    fn meta(&self) -> RuleMeta;
    /// Appends findings for `doc` to `out`, with the rule's default severity.
    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>);
    /// Like [`Analyzer::check`], for analyzers that read settings from the config; the default
    /// ignores them.
    fn check_with(&self, doc: &Document, cx: &CheckContext<'_>, out: &mut Vec<Diagnostic>) {
        let _ = cx;
        self.check(doc, out);
    }
}

/// Settings from the config that some analyzers read, passed to [`Analyzer::check_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckContext<'a> {
    /// `[templates]`: e.g. the placeholder names macros may use.
    pub templates: Option<&'a TemplateConfig>,
}

/// All rules, compiled: declarative patterns behind one literal prefilter, plus analyzers.
pub struct RuleSet {
    metas: Vec<RuleMeta>,
    patterns: spec::PatternSet,
    analyzers: Vec<(String, Box<dyn Analyzer>)>,
}

impl std::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSet")
            .field("rules", &self.metas.len())
            .finish()
    }
}

impl RuleSet {
    /// The bundled rules (embedded rule files and built-in analyzers).
    pub fn bundled() -> Result<Self, RuleError> {
        Self::load(&[])
    }

    /// The bundled rules plus every `*.toml` rule file in `dirs`.
    pub fn load(dirs: &[PathBuf]) -> Result<Self, RuleError> {
        let mut metas: Vec<RuleMeta> = Vec::new();
        let mut compiled = Vec::new();
        let mut add = |meta: RuleMeta, rule: Option<spec::CompiledRule>, path: &Path| {
            if let Some(other) = metas.iter().find(|m| m.id == meta.id) {
                return Err(RuleError::Duplicate {
                    path: path.to_owned(),
                    id: meta.id.clone(),
                    other: describe(&other.origin),
                });
            }
            metas.push(meta);
            compiled.extend(rule);
            Ok(())
        };
        let analyzers: Vec<(String, Box<dyn Analyzer>)> = builtin::all()
            .into_iter()
            .map(|a| (a.meta().id, a))
            .collect();
        for (_, analyzer) in &analyzers {
            add(analyzer.meta(), None, Path::new("src/rules/builtin"))?;
        }
        for (path, source) in embedded::RULE_FILES {
            let (meta, rule) =
                spec::parse(Path::new(path), source, Origin::Bundled((*path).to_owned()))?;
            add(meta, Some(rule), Path::new(path))?;
        }
        for dir in dirs {
            for path in rule_files(dir)? {
                let source =
                    std::fs::read_to_string(&path).map_err(|e| RuleError::Io(path.clone(), e))?;
                let (meta, rule) = spec::parse(&path, &source, Origin::File(path.clone()))?;
                add(meta, Some(rule), &path)?;
            }
        }
        metas.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(RuleSet {
            metas,
            patterns: spec::PatternSet::new(compiled)?,
            analyzers,
        })
    }

    /// Every rule's metadata, sorted by id.
    pub fn metas(&self) -> &[RuleMeta] {
        &self.metas
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&RuleMeta> {
        self.metas.iter().find(|m| m.id == id)
    }

    /// Runs every rule `enabled` accepts over `doc`, appending raw findings (default severities,
    /// unsorted, before suppressions) to `out`.
    pub(crate) fn run(
        &self,
        doc: &Document,
        cx: &CheckContext<'_>,
        enabled: &dyn Fn(&str) -> bool,
        out: &mut Vec<Diagnostic>,
    ) {
        self.patterns.check(doc, enabled, out);
        for (id, analyzer) in &self.analyzers {
            if enabled(id) {
                analyzer.check_with(doc, cx, out);
            }
        }
    }
}

fn describe(origin: &Origin) -> String {
    match origin {
        Origin::Builtin => "a built-in rule".into(),
        Origin::Bundled(path) => format!("the bundled {path}"),
        Origin::File(path) => path.display().to_string(),
    }
}

/// The `*.toml` files directly in `dir`, sorted.
fn rule_files(dir: &Path) -> Result<Vec<PathBuf>, RuleError> {
    let entries = std::fs::read_dir(dir).map_err(|e| RuleError::Io(dir.to_owned(), e))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    Ok(files)
}
