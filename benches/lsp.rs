//! Drives the real `replylint lsp` binary over stdio and measures what an agent feels while
//! typing: didChange -> publishDiagnostics latency on a 500-word draft (debounce set to 0 so
//! only the server's work is measured), resident memory, and whether a request is answered
//! while a 1 MB buffer is being linted. Run with `cargo bench --bench lsp`; prints a report.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::Client;
use replylint::{Document, Format, Linter, RuleSet};
use serde_json::json;

const SMALL: &str = "file:///bench/draft.txt";
const LARGE: &str = "file:///bench/large.txt";
const WARMUP: usize = 50;
const ROUNDS: usize = 1000;

/// About 500 words of realistic drafts: the bundled example replies, whole lines.
fn draft() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/examples");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus/examples exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut text = String::new();
    for line in files.iter().flat_map(|p| {
        std::fs::read_to_string(p)
            .expect("readable example")
            .lines()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    }) {
        if text.split_whitespace().count() >= 500 {
            break;
        }
        text.push_str(&line);
        text.push('\n');
    }
    text
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn memory(pid: u32) -> String {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .map_or("n/a".to_owned(), |l| l[name.len()..].trim().to_owned())
    };
    format!("VmRSS {}, VmHWM {}", field("VmRSS:"), field("VmHWM:"))
}

/// The library alone on the same draft (parse + check, no server), to tell the server's own
/// cost from the rules'.
fn library_latency(text: &str) {
    let started = Instant::now();
    let linter = Linter::new(RuleSet::bundled().expect("bundled rules load"));
    println!(
        "library: loading the bundled rules took {}",
        ms(started.elapsed())
    );
    let mut times: Vec<Duration> = (0..WARMUP + ROUNDS / 4)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(linter.check(&Document::parse(text, Format::Text)));
            start.elapsed()
        })
        .skip(WARMUP)
        .collect();
    times.sort();
    println!(
        "library: parse + check of the draft over {} runs: p50 {}, p99 {}",
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument selecting nothing skips the run.
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with("--") && !"lsp".contains(a.as_str()))
    {
        return;
    }
    library_latency(&draft());
    let mut client = Client::spawn();
    let pid = client.pid();
    client.initialize_with(json!({}), json!({"debounceMs": 0}));
    let text = draft();
    println!(
        "draft: {} words, {} bytes",
        text.split_whitespace().count(),
        text.len()
    );
    client.open(SMALL, "plaintext", &text);
    let first = client.diagnostics(SMALL, 1);
    println!("findings in the draft: {}", first.len());
    println!("memory after open: {}", memory(pid));

    // Load the bundled knowledge base (on first use) through code actions, which offer
    // "Insert link" for the suggested articles; the edits below then run with it open.
    let everything =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 9999, "character": 0}});
    // A focused draft, so the knowledge base has articles above its relevance threshold.
    let focused = "file:///bench/ssl.txt";
    client.open(
        focused,
        "plaintext",
        "> My SSL certificate expired and the site shows a warning.\n\nSorry! Obviously the renewal failed.\n",
    );
    client.diagnostics(focused, 1);
    let actions = json!({"textDocument": {"uri": focused}, "range": everything, "context": {"diagnostics": []}});
    for label in ["first (builds the bundled KB)", "second"] {
        let start = Instant::now();
        let answer = client
            .request("textDocument/codeAction", actions.clone())
            .expect("code actions");
        let links = answer.as_array().map_or(0, |a| {
            a.iter()
                .filter(|a| {
                    a["title"]
                        .as_str()
                        .is_some_and(|t| t.starts_with("Insert link"))
                })
                .count()
        });
        println!(
            "codeAction, {label}: {} ({links} article links)",
            ms(start.elapsed())
        );
    }
    println!("memory with the bundled KB open: {}", memory(pid));

    // Type and delete one character in the middle of the draft, alternately.
    let middle = text.lines().count() as u64 / 2;
    let mut latencies = Vec::with_capacity(ROUNDS);
    for round in 0..WARMUP + ROUNDS {
        let version = round as i64 + 2;
        let at = json!({"line": middle, "character": 0});
        let change = if round % 2 == 0 {
            json!({"range": {"start": at, "end": at}, "text": "x"})
        } else {
            json!({"range": {"start": at, "end": {"line": middle, "character": 1}}, "text": ""})
        };
        let start = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": SMALL, "version": version}, "contentChanges": [change]}),
        );
        client.diagnostics(SMALL, version);
        if round >= WARMUP {
            latencies.push(start.elapsed());
        }
    }
    latencies.sort();
    println!(
        "didChange -> publishDiagnostics over {ROUNDS} edits: p50 {}, p99 {}, max {}",
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies[latencies.len() - 1]),
    );
    println!("memory after {ROUNDS} edits: {}", memory(pid));

    // A 1 MB buffer: while it is linted, a hover on the small draft must still be answered.
    let mut large = String::new();
    while large.len() < 1 << 20 {
        large.push_str(&text);
    }
    let opened = Instant::now();
    client.open(LARGE, "plaintext", &large);
    let hover = json!({"textDocument": {"uri": SMALL}, "position": {"line": 0, "character": 0}});
    let asked = Instant::now();
    client
        .request("textDocument/hover", hover)
        .expect("hover answers");
    let answered = asked.elapsed();
    let large_findings = client.diagnostics(LARGE, 1).len();
    let linted = opened.elapsed();
    println!(
        "1 MB buffer ({} bytes, {large_findings} findings): linted in {}; a hover sent meanwhile was answered in {}",
        large.len(),
        ms(linted),
        ms(answered),
    );
    println!("memory with the 1 MB buffer open: {}", memory(pid));
    client.shutdown();
}
