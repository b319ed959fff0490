//! End-to-end tests of the `replylint` binary: output formats (insta snapshots), exit codes,
//! standard input, JSONL streaming and bad input.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs the binary in `dir` with `args`, feeding `stdin`.
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_replylint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    // The binary may exit before reading (e.g. on a config error): a closed pipe is fine.
    let _ = child.stdin.take().expect("piped").write_all(stdin);
    child.wait_with_output().expect("binary finishes")
}

fn run(args: &[&str]) -> Output {
    run_in(&fixtures(), args, b"")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn text_output_of_the_draft_fixtures() {
    let out = run(&["check", "drafts"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    insta::assert_snapshot!("check_drafts_text", stdout(&out));
}

#[test]
fn json_output_of_the_draft_fixtures() {
    let out = run(&["check", "drafts", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    insta::assert_json_snapshot!("check_drafts_json", value);
}

#[test]
fn exit_codes_follow_fail_on() {
    assert_eq!(run(&["check", "drafts/clean.md"]).status.code(), Some(0));
    assert_eq!(
        run(&["check", "drafts/condescending.txt"]).status.code(),
        Some(1)
    );
    assert_eq!(
        run(&["check", "drafts/condescending.txt", "--fail-on", "error"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(run(&["check", "--bogus"]).status.code(), Some(2));
}

#[test]
fn standard_input_and_customer_file() {
    let out = run_in(
        &fixtures(),
        &["check", "-", "--format", "jsonl"],
        b"Obviously, it is fixed.",
    );
    let line: serde_json::Value = serde_json::from_str(stdout(&out).trim()).expect("one JSON line");
    assert_eq!(line["path"], "<stdin>");
    assert_eq!(line["diagnostics"].as_array().map(Vec::len), Some(1));
}

#[test]
fn jsonl_records_stream_in_order_and_bad_lines_become_errors() {
    let input = b"{\"id\": 1, \"reply\": \"Obviously you broke it.\"}\n\
                  {\"id\": 2, \"reply\": \n\
                  {\"id\": \"three\", \"reply\": \"All fixed.\", \"customer\": \"Is it fixed?\"}\n";
    let out = run_in(
        &fixtures(),
        &["check", "--input-format", "jsonl", "--format", "jsonl"],
        input,
    );
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(lines[0]["diagnostics"][0]["rule"], "condescension");
    assert_eq!(lines[1]["line"], 2);
    assert!(
        lines[1]["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("<stdin>:2: column"))
    );
    assert_eq!(lines[2]["id"], "three");
    assert!(stderr(&out).contains("<stdin>:2:"));
}

#[test]
fn missing_paths_are_one_line_errors_and_other_files_still_checked() {
    let out = run(&[
        "check",
        "drafts/clean.md",
        "no/such/file.txt",
        "--articles",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "error: no/such/file.txt: no such file or directory"
    );
    assert!(stdout(&out).contains("0 findings in 1 file"));
}

#[test]
fn binary_files_are_skipped_and_invalid_utf8_is_decoded_lossily() {
    let dir = tempdir("bad-input");
    std::fs::write(dir.join("image.txt"), b"GIF89a\0\0\x01obviously").unwrap();
    std::fs::write(dir.join("latin1.txt"), b"Obviously caf\xe9 is closed.").unwrap();
    let out = run_in(&dir, &["check", "."], b"");
    let err = stderr(&out);
    assert!(err.contains("image.txt: skipped: binary file"), "{err}");
    assert!(
        err.contains("latin1.txt: invalid UTF-8 at byte 13, decoded lossily"),
        "{err}"
    );
    assert!(stdout(&out).contains("latin1.txt:1:1: warning[condescension]"));
}

#[test]
fn a_huge_single_line_file_is_checked() {
    let dir = tempdir("huge");
    let line = "Thanks for waiting, the fix is live and your site is fast again. ".repeat(80_000);
    std::fs::write(
        dir.join("huge.txt"),
        format!("{line}Obviously, you need to read the manual."),
    )
    .unwrap();
    let out = run_in(&dir, &["check", "huge.txt"], b"");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("…Obviously") || text.contains("Obviously"));
    assert!(
        text.lines().all(|l| l.chars().count() < 400),
        "long lines are windowed"
    );
}

#[test]
fn malformed_config_and_rule_files_name_file_and_line() {
    let dir = tempdir("bad-config");
    std::fs::write(
        dir.join(".replylint.toml"),
        "[rules]\ncondescension = \"loud\"\n",
    )
    .unwrap();
    let out = run_in(&dir, &["check", "-"], b"hi");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(".replylint.toml:2:17: rule `condescension`: unknown level `loud`")
    );

    std::fs::write(dir.join(".replylint.toml"), "rule-dirs = [\"mine\"]\n").unwrap();
    std::fs::create_dir_all(dir.join("mine")).unwrap();
    std::fs::write(
        dir.join("mine/too-casual.toml"),
        "summary = \"x\"\ncategory = \"tone\"\nseverity = \"loud\"\n",
    )
    .unwrap();
    let out = run_in(&dir, &["check", "-"], b"hi");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("too-casual.toml:3:12: unknown variant `loud`"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn user_rules_and_levels_from_config() {
    let dir = tempdir("user-rules");
    std::fs::write(
        dir.join(".replylint.toml"),
        "rule-dirs = [\"mine\"]\n[rules]\ncondescension = \"off\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("mine")).unwrap();
    std::fs::write(
        dir.join("mine/too-casual.toml"),
        r#"summary = "Too casual for our brand"
category = "tone"
severity = "error"
principle = "P7"
message = "“{match}” is too casual"
rationale = "We write to customers as we would to a respected colleague."
[[patterns]]
phrases = ["no worries", "yo"]
[[patterns]]
phrases = ["no worries,"]
replacement = "Done:"
[examples]
bad = ["No worries, it is done."]
good = ["It is done."]
"#,
    )
    .unwrap();
    let out = run_in(&dir, &["check", "-"], b"Obviously, no worries.");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("error[too-casual]"), "{text}");
    assert!(!text.contains("condescension"), "{text}");
    // Of two overlapping findings of the rule, the one with a fix is kept.
    let json = stdout(&run_in(
        &dir,
        &["check", "--format", "json", "-"],
        b"No worries, done.",
    ));
    assert_eq!(
        json.matches("\"rule\": \"too-casual\"").count(),
        1,
        "{json}"
    );
    assert!(json.contains("\"replacement\": \"Done:\""), "{json}");
    let listed = stdout(&run_in(&dir, &["rules"], b""));
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("too-casual") && l.contains("error"))
    );
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("condescension") && l.contains("off"))
    );
}

#[test]
fn rules_and_explain() {
    let out = run(&["explain", "condescension"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("P1"));
    let out = run(&["explain", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "error: unknown rule `nope` (see `replylint rules`)"
    );
}

/// CI keeps the accuracy floors: the tuning sets stay above them, the real replies keep their
/// precision, and a floor above the measured figure fails the run.
#[test]
fn eval_floors_hold_on_the_labeled_sets() {
    let labeled = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/labeled");
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real-replies/dev.jsonl");
    // (file, only this rule, precision floor, recall floor)
    let floors: [(PathBuf, Option<&str>, &str, &str); 8] = [
        (labeled.join("dev.jsonl"), None, "0.95", "0.8"),
        // Written for the tone and timeline checks; its question labels are approximate.
        (
            labeled.join("challenge.jsonl"),
            Some("condescension"),
            "0.85",
            "0.75",
        ),
        (
            labeled.join("challenge.jsonl"),
            Some("blame-shifting"),
            "0.85",
            "0.75",
        ),
        (
            labeled.join("challenge.jsonl"),
            Some("missing-timeline"),
            "0.85",
            "0.75",
        ),
        (
            labeled.join("uq-challenge.jsonl"),
            Some("unanswered-question"),
            "0.9",
            "0.8",
        ),
        // Labeled with care for this rule only; tuned on after a blind run (P 0.897, R 0.394).
        (
            labeled.join("uq-challenge2.jsonl"),
            Some("unanswered-question"),
            "0.9",
            "0.55",
        ),
        // Written blind for this rule; tuned on after one run (P 0.773, R 0.548).
        (
            labeled.join("uq-challenge3.jsonl"),
            Some("unanswered-question"),
            "0.88",
            "0.78",
        ),
        (real, None, "0.9", "0"),
    ];
    for (file, rule, precision, recall) in &floors {
        if !file.exists() {
            continue;
        }
        let file = file.to_str().unwrap();
        let mut args = vec![
            "eval",
            file,
            "--min-precision",
            precision,
            "--min-recall",
            recall,
        ];
        if let Some(rule) = rule {
            args.extend(["--rule", rule]);
        }
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0), "{file}:\n{}", stdout(&out));
    }
    let dev = labeled.join("dev.jsonl");
    let out = run(&["eval", dev.to_str().unwrap(), "--min-recall", "1.01"]);
    assert_eq!(out.status.code(), Some(1));
}

/// A fresh empty directory outside the repository (whose `.gitignore` covers `target/`).
fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("replylint-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
