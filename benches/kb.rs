//! Knowledge-base benchmarks: indexing 10,000 generated articles, warm `suggest` latency on
//! that index, and building the bundled knowledge base (start-up cost).
//!
//! `cargo bench --bench kb`. For p50/p99 over 1,000 queries run
//! `cargo run --release --example kb_latency`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use replylint::kb::{self, KnowledgeBase, Query};

#[path = "support/kbgen.rs"]
mod kbgen;

const ARTICLES: usize = 10_000;
const SEED: u64 = 0x5eed_cafe;

fn index_10k(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let docs = tmp.path().join("docs");
    kbgen::write_articles(&docs, ARTICLES, SEED);
    let mut group = c.benchmark_group("kb");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(60));
    group.bench_function("index_10k_articles_fresh", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("index dir"),
            |dir| {
                let report =
                    kb::index(std::slice::from_ref(&docs), &dir.path().join("idx")).expect("index");
                assert_eq!(report.added, ARTICLES);
                dir
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn suggest_warm(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let docs = tmp.path().join("docs");
    let idx = tmp.path().join("idx");
    kbgen::write_articles(&docs, ARTICLES, SEED);
    kb::index(&[docs], &idx).expect("index");
    let kb = KnowledgeBase::open(&idx).expect("open");
    let mut rng = kbgen::Rng::new(SEED + 1);
    let queries: Vec<Query> = (0..256)
        .map(|_| Query::from_customer(kbgen::question(&mut rng)))
        .collect();
    let mut next = 0;
    c.bench_function("kb/suggest_warm_10k", |b| {
        b.iter(|| {
            next = (next + 1) % queries.len();
            black_box(kb.suggest(&queries[next], 3).expect("search"))
        })
    });
}

fn bundled_build(c: &mut Criterion) {
    c.bench_function("kb/build_bundled", |b| {
        b.iter(|| black_box(KnowledgeBase::build_bundled().expect("bundled KB")))
    });
}

criterion_group!(benches, bundled_build, suggest_warm, index_10k);
criterion_main!(benches);
