//! A driver for counting the instructions `Document::parse` + `Linter::check` spend per draft,
//! under `valgrind --tool=callgrind`. Run it twice with different pass counts and subtract, so
//! that start-up and lazy regex compilation cancel out:
//!
//! ```sh
//! cargo build --release --example profile_check
//! valgrind --tool=callgrind target/release/examples/profile_check 300 1   # total T1
//! valgrind --tool=callgrind target/release/examples/profile_check 300 4   # total T4
//! # instructions per draft = (T4 - T1) / (300 * 3)
//! ```
//!
//! Arguments: `N PASSES [MODE [FILES...]]`. By default the drafts are the first N of the
//! benchmark's generated corpus; `heavy` repeats the benchmark's 200-word draft with a
//! three-question customer message N times; `jsonl FILE...` reads the first N records
//! (`{"reply", "customer"?}`) of each labeled JSONL file, e.g. `corpus/labeled/dev.jsonl`.

#[path = "../benches/support/gen.rs"]
#[allow(dead_code)]
mod generator;

use replylint::config::Config;
use replylint::{Document, Format, Linter};

use generator::Draft;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: usize| {
        args.get(i)
            .map_or(default, |a| a.parse().expect("N and PASSES are numbers"))
    };
    let (n, passes) = (number(0, 300), number(1, 3));
    let corpus = match args.get(2).map(String::as_str) {
        Some("heavy") => {
            let mut rng = generator::Rng::new(7);
            let mut draft = generator::draft(&mut rng, 200);
            draft.customer = Some("Our site has been down since 9 this morning. When will it be fixed? Can I get a refund for the missed days? Also, can you send a copy of the original label?".into());
            (0..n)
                .map(|_| Draft {
                    reply: draft.reply.clone(),
                    customer: draft.customer.clone(),
                })
                .collect()
        }
        Some("jsonl") => args[3..].iter().flat_map(|f| records(f, n)).collect(),
        _ => generator::corpus(42, n),
    };
    let linter = Linter::from_config(&Config::default()).expect("bundled rules load");
    let mut findings = 0;
    for _ in 0..passes {
        for d in &corpus {
            let mut doc = Document::parse(d.reply.as_str(), Format::Text);
            if let Some(c) = &d.customer {
                doc = doc.with_customer(c.as_str());
            }
            findings += linter.check(&doc).len();
        }
    }
    println!(
        "{} drafts x {passes} passes: {findings} findings",
        corpus.len()
    );
}

/// The first `n` records of a labeled JSONL file.
fn records(path: &str, n: usize) -> Vec<Draft> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .take(n)
        .map(|line| {
            let record: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}: {e}"));
            Draft {
                reply: record["reply"].as_str().unwrap_or_default().to_owned(),
                customer: record["customer"].as_str().map(str::to_owned),
            }
        })
        .collect()
}
