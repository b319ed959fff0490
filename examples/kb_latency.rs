//! Prints knowledge-base timings: bundled KB start-up (first call in a fresh process),
//! indexing 10,000 generated articles, incremental re-index, and `suggest` latency
//! percentiles (p50/p90/p99/max) over 1,000 warm queries, as wall-clock time and as CPU
//! time of the querying thread (which a busy machine does not inflate). Run with
//! `cargo run --release --example kb_latency`.

use std::time::{Duration, Instant};

use replylint::kb::{self, KnowledgeBase, Query};

#[path = "../benches/support/kbgen.rs"]
mod kbgen;

const ARTICLES: usize = 10_000;
const QUERIES: usize = 1_000;

fn main() {
    let (start, start_cpu) = (Instant::now(), cpu_time(libc::CLOCK_PROCESS_CPUTIME_ID));
    let bundled = KnowledgeBase::bundled().expect("bundled KB");
    println!(
        "bundled KB ({} articles), first use in process: {:.1} ms wall-clock, {:.1} ms CPU",
        bundled.len(),
        ms(start.elapsed()),
        ms(cpu_time(libc::CLOCK_PROCESS_CPUTIME_ID) - start_cpu)
    );
    let (start, start_cpu) = (Instant::now(), cpu_time(libc::CLOCK_PROCESS_CPUTIME_ID));
    let rebuilt = KnowledgeBase::build_bundled().expect("bundled KB");
    println!(
        "bundled KB rebuilt in the same process: {:.1} ms wall-clock, {:.1} ms CPU",
        ms(start.elapsed()),
        ms(cpu_time(libc::CLOCK_PROCESS_CPUTIME_ID) - start_cpu)
    );
    drop(rebuilt);

    let tmp = tempfile::tempdir().expect("temp dir");
    let docs = tmp.path().join("docs");
    let idx = tmp.path().join("idx");
    kbgen::write_articles(&docs, ARTICLES, 0x5eed_cafe);

    let start = Instant::now();
    let report = kb::index(std::slice::from_ref(&docs), &idx).expect("index");
    println!(
        "index {} articles: {:.2} s",
        report.added,
        start.elapsed().as_secs_f64()
    );
    let start = Instant::now();
    let report = kb::index(&[docs], &idx).expect("re-index");
    println!(
        "re-index, nothing changed ({} unchanged): {:.2} s",
        report.unchanged,
        start.elapsed().as_secs_f64()
    );

    let start = Instant::now();
    let kb = KnowledgeBase::open(&idx).expect("open");
    println!("open index: {:.1} ms", ms(start.elapsed()));

    let mut rng = kbgen::Rng::new(7);
    let queries: Vec<Query> = (0..QUERIES)
        .map(|_| Query::from_customer(kbgen::question(&mut rng)))
        .collect();
    for q in queries.iter().take(50) {
        kb.suggest(q, 3).expect("warm-up");
    }
    let mut wall = Vec::with_capacity(QUERIES);
    let mut cpu = Vec::with_capacity(QUERIES);
    for q in &queries {
        let (start, start_cpu) = (Instant::now(), cpu_time(libc::CLOCK_THREAD_CPUTIME_ID));
        let hits = kb.suggest(q, 3).expect("search");
        std::hint::black_box(hits);
        wall.push(start.elapsed());
        cpu.push(cpu_time(libc::CLOCK_THREAD_CPUTIME_ID) - start_cpu);
    }
    for (label, times) in [("wall-clock", &mut wall), ("thread CPU", &mut cpu)] {
        times.sort();
        let at = |p: f64| ms(times[((times.len() as f64 * p) as usize).min(times.len() - 1)]);
        println!(
            "suggest, {QUERIES} warm queries on {ARTICLES} articles, {label}: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            at(0.50),
            at(0.90),
            at(0.99),
            ms(*times.last().expect("non-empty"))
        );
    }
}

/// CPU time of `clock` (the calling thread's or the whole process's) so far.
fn cpu_time(clock: libc::clockid_t) -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; callers pass clock ids Linux supports.
    let rc = unsafe { libc::clock_gettime(clock, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime failed");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
