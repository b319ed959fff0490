//! Every rule's own examples are its tests: each `bad` example must trigger the rule (and, where
//! it gives `fixed`, applying the rule's suggestions must yield that text); each `good` example
//! must not. All failures are collected and printed together.

use replylint::diagnostic::apply_fixes;
use replylint::{Document, Format, Linter, RuleSet};

#[test]
fn every_rule_passes_its_own_examples() {
    let linter = Linter::new(RuleSet::bundled().expect("bundled rules load"));
    let mut failures = Vec::new();
    for meta in linter.rules().metas() {
        if meta.examples.bad.is_empty() || meta.examples.good.is_empty() {
            failures.push(format!("[{}] has no bad or no good examples", meta.id));
        }
        let run = |text: &str, customer: Option<&String>| {
            let mut doc = Document::parse(text, Format::Text);
            if let Some(c) = customer {
                doc = doc.with_customer(c.as_str());
            }
            let found: Vec<_> = linter
                .check(&doc)
                .into_iter()
                .filter(|d| d.rule == meta.id)
                .collect();
            found
        };
        for example in &meta.examples.bad {
            let found = run(&example.text, example.customer.as_ref());
            if found.is_empty() {
                failures.push(format!(
                    "[{}] bad example not flagged:\n    {}",
                    meta.id, example.text
                ));
            } else if let Some(fixed) = &example.fixed {
                let got = apply_fixes(&example.text, &found);
                if &got != fixed {
                    failures.push(format!(
                        "[{}] fix of {:?}\n    expected: {fixed:?}\n    got:      {got:?}",
                        meta.id, example.text
                    ));
                }
            }
        }
        for example in &meta.examples.good {
            let found = run(&example.text, example.customer.as_ref());
            for d in found {
                failures.push(format!(
                    "[{}] good example flagged at {:?} ({}):\n    {}",
                    meta.id,
                    d.excerpt(&example.text),
                    d.message,
                    example.text
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} rule example failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
