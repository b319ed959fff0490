//! Writes a generated Zendesk macros export to standard output, for size and speed checks:
//! `cargo run --release --example zendesk_export -- 40000 > /tmp/macros-20mb.json`
//! (arguments: macro count, default 5000; seed, default 42).

#[path = "../benches/support/zendesk_export.rs"]
mod zendesk_export;

use std::io::Write;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let count = args.next().and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(42);
    std::io::stdout()
        .lock()
        .write_all(zendesk_export::generate(count, seed).as_bytes())
}
