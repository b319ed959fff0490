//! Benchmark of `replylint check` on generated drafts: throughput of the whole rule set on one
//! core, per-draft time for a 200-word draft, with the listening analyzers
//! (`missing-timeline`, `unanswered-question`) on and off, with and without a customer message.
//!
//! `cargo bench --bench check` runs the criterion groups; a short table of single-threaded
//! figures (MB/s and per-draft median over the whole corpus) is printed first.

#[path = "support/gen.rs"]
mod generator;

use std::hint::black_box;
use std::time::Instant;

use criterion::{BenchmarkId, Criterion, Throughput};
use replylint::config::{Config, Level};
use replylint::{Document, Format, Linter};

use generator::{Draft, Rng};

const LISTENING: [&str; 2] = ["missing-timeline", "unanswered-question"];

fn linter(listening: bool) -> Linter {
    linter_without(if listening { &[] } else { &LISTENING })
}

/// The bundled rules with `off` turned off.
fn linter_without(off: &[&str]) -> Linter {
    let mut config = Config::default();
    for rule in off {
        config.set_level(rule, Level::Off);
    }
    Linter::from_config(&config).expect("bundled rules load")
}

/// Parses and lints one draft, as `replylint check` does per file.
fn lint(linter: &Linter, draft: &Draft, with_customer: bool) -> usize {
    let mut doc = Document::parse(draft.reply.as_str(), Format::Text);
    if with_customer && let Some(c) = &draft.customer {
        doc = doc.with_customer(c.as_str());
    }
    linter.check(&doc).len()
}

/// Prints MB/s over the corpus and the median time per draft, single-threaded.
fn summary(corpus: &[Draft]) {
    let bytes: usize = corpus.iter().map(|d| d.reply.len()).sum();
    eprintln!(
        "corpus: {} drafts, {:.2} MB of replies, {} with a customer message",
        corpus.len(),
        bytes as f64 / 1e6,
        corpus.iter().filter(|d| d.customer.is_some()).count()
    );
    eprintln!(
        "{:<34} {:>8} {:>14}",
        "configuration", "MB/s", "median/draft"
    );
    for (name, off, with_customer) in [
        ("all rules, with customer", &[][..], true),
        ("all rules, reply only", &[], false),
        ("listening off, with customer", &LISTENING[..], true),
        ("listening off, reply only", &LISTENING, false),
        (
            "only missing-timeline on, w/ cust.",
            &["unanswered-question"],
            true,
        ),
        (
            "only unanswered-question on, w/ cust.",
            &["missing-timeline"],
            true,
        ),
    ] {
        let linter = linter_without(off);
        for draft in corpus.iter().take(200) {
            black_box(lint(&linter, draft, with_customer));
        }
        let mut times = Vec::with_capacity(corpus.len());
        let start = Instant::now();
        for draft in corpus {
            let t = Instant::now();
            black_box(lint(&linter, draft, with_customer));
            times.push(t.elapsed());
        }
        let total = start.elapsed();
        times.sort_unstable();
        eprintln!(
            "{name:<38} {:>8.1} {:>12.1}µs",
            bytes as f64 / 1e6 / total.as_secs_f64(),
            times[times.len() / 2].as_secs_f64() * 1e6
        );
    }
}

/// The 200-word draft of the per-draft benchmark, with a three-question customer message.
fn draft_200() -> Draft {
    let mut rng = Rng::new(7);
    let mut draft = generator::draft(&mut rng, 200);
    draft.customer = Some(
        "Our site has been down since 9 this morning. When will it be fixed? Can I get a refund for the missed days? Also, can you send a copy of the original label?".into(),
    );
    draft
}

/// Prints the median time of the 200-word draft per configuration.
fn summary_200(configs: &[(&str, &[&str])]) {
    let draft = draft_200();
    for (name, off) in configs {
        let linter = linter_without(off);
        let mut times: Vec<_> = (0..2000)
            .map(|_| {
                let t = Instant::now();
                black_box(lint(&linter, black_box(&draft), true));
                t.elapsed()
            })
            .collect();
        times.sort_unstable();
        eprintln!(
            "200-word draft, {name:<30} {:>8.1}µs median",
            times[1000].as_secs_f64() * 1e6
        );
    }
}

fn benches(c: &mut Criterion, corpus: &[Draft]) {
    let bytes: u64 = corpus.iter().map(|d| d.reply.len() as u64).sum();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    for (name, listening) in [("all-rules", true), ("listening-off", false)] {
        let linter = linter(listening);
        group.bench_function(BenchmarkId::new(name, "with-customer"), |b| {
            b.iter(|| corpus.iter().map(|d| lint(&linter, d, true)).sum::<usize>())
        });
    }
    group.finish();

    let draft = draft_200();
    let mut group = c.benchmark_group("draft-200-words");
    for (name, listening) in [("all-rules", true), ("listening-off", false)] {
        let linter = linter(listening);
        group.bench_function(name, |b| b.iter(|| lint(&linter, black_box(&draft), true)));
    }
    group.finish();
}

fn main() {
    let corpus = generator::corpus(42, 10_000);
    summary(&corpus);
    summary_200(&[
        ("all rules", &[]),
        ("listening off", &LISTENING),
        ("missing-timeline off", &["missing-timeline"]),
        ("unanswered-question off", &["unanswered-question"]),
    ]);
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c, &corpus);
    c.final_summary();
}
