//! The linter: runs the enabled rules over a document, applies configured levels and inline
//! suppressions, and returns diagnostics sorted by position.

use std::collections::BTreeMap;

use crate::config::{Config, Level, TemplateConfig};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::error::ConfigError;
use crate::rules::{CheckContext, RuleSet};
use crate::template;
use crate::text::LineIndex;

/// Id of the warning given for a suppression comment that names an unknown rule.
pub const INVALID_SUPPRESSION: &str = "invalid-suppression";

/// Rules plus their configured levels: everything needed to lint a document.
#[derive(Debug)]
pub struct Linter {
    rules: RuleSet,
    levels: BTreeMap<String, Level>,
    templates: TemplateConfig,
}

impl Linter {
    /// A linter with `rules` at their default severities.
    pub fn new(rules: RuleSet) -> Self {
        Linter {
            rules,
            levels: BTreeMap::new(),
            templates: TemplateConfig::default(),
        }
    }

    /// Uses `templates` settings (e.g. allowed placeholder names) instead of the config's.
    pub fn with_templates(mut self, templates: TemplateConfig) -> Self {
        self.templates = templates;
        self
    }

    /// The bundled rules plus the config's rule directories, at the config's levels.
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        let rules = RuleSet::load(&config.rule_dirs)?;
        let levels = config.levels(&|id| rules.get(id).is_some())?;
        Ok(Linter {
            rules,
            levels,
            templates: config.templates.clone(),
        })
    }

    /// The rules this linter runs.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The severity `rule` reports at, or `None` when it is off.
    pub fn severity(&self, rule: &str) -> Option<Severity> {
        match self.levels.get(rule) {
            Some(Level::Off) => None,
            Some(Level::On(sev)) => Some(*sev),
            None => self.rules.get(rule).map(|m| m.severity),
        }
    }

    /// Lints a reply and returns its diagnostics, sorted by position.
    ///
    /// ```
    /// use replylint::{Document, Format, Linter, RuleSet};
    ///
    /// let linter = Linter::new(RuleSet::bundled().unwrap());
    /// let doc = Document::parse("Obviously, you need to restart the router.", Format::Text);
    /// let found = linter.check(&doc);
    /// assert_eq!(found[0].rule, "condescension");
    /// ```
    pub fn check(&self, doc: &Document) -> Vec<Diagnostic> {
        let enabled = |id: &str| self.severity(id).is_some();
        let mut found = Vec::new();
        let cx = CheckContext {
            templates: Some(&self.templates),
        };
        // Templates with conditionals are linted once per branch rendering.
        template::lint_renderings(
            doc,
            &|view, out| self.rules.run(view, &cx, &enabled, out),
            &mut found,
        );
        let text = doc.text();
        let suppressions = doc.suppressions();
        let lines = (!suppressions.directives().is_empty()).then(|| LineIndex::new(text));
        found.retain_mut(|d| {
            let Some(severity) = self.severity(&d.rule) else {
                return false;
            };
            d.severity = severity;
            lines
                .as_ref()
                .is_none_or(|lines| !suppressions.is_suppressed(text, lines, &d.rule, d.span.start))
        });
        for directive in suppressions.directives() {
            for rule in directive
                .rules
                .iter()
                .filter(|r| self.rules.get(r).is_none())
            {
                found.push(Diagnostic::new(
                    text,
                    INVALID_SUPPRESSION,
                    Severity::Warning,
                    format!("suppression names unknown rule `{rule}` (see `replylint rules`)"),
                    directive.span.clone(),
                ));
            }
        }
        // One finding per rule per place: drop a finding overlapping an earlier one of its rule.
        // Of two starting at the same place, the one with a fix wins, then the shorter.
        found.sort_by(|a, b| {
            let key = |d: &Diagnostic| (d.span.start, d.suggestions.is_empty(), d.span.end);
            key(a).cmp(&key(b)).then_with(|| a.rule.cmp(&b.rule))
        });
        let mut reach: BTreeMap<String, usize> = BTreeMap::new();
        let mut kept = Vec::with_capacity(found.len());
        for d in found {
            let end = reach.entry(d.rule.clone()).or_insert(0);
            if d.span.start >= *end {
                *end = d.span.end.max(d.span.start + 1);
                kept.push(d);
            }
        }
        kept.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
        kept
    }
}
