//! Lints a generated (seeded) 5,000-macro Zendesk export end to end: JSON parse, template
//! extraction, masking, linting every comment body, mapping findings back to file positions.
//! Figures and commands: docs/benchmarks/macros.md.

#[path = "support/zendesk_export.rs"]
mod zendesk_export;

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use replylint::sources::{Export, Options};
use replylint::{Linter, RuleSet};

fn lint_export(c: &mut Criterion) {
    let source = zendesk_export::generate(5_000, 42);
    let linter = Linter::new(RuleSet::bundled().expect("bundled rules load"));
    let mut group = c.benchmark_group("zendesk_export");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("5000_macros_end_to_end", |b| {
        b.iter(|| {
            let export = Export::parse(Path::new("macros.json"), &source, None, Options::default())
                .expect("valid export");
            export.check(&linter, &source)
        })
    });
    group.finish();
}

criterion_group!(benches, lint_export);
criterion_main!(benches);
