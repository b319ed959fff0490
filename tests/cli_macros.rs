//! The real `replylint` binary on helpdesk exports and templates: CI output formats, exit codes
//! and bad input.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn replylint(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_replylint"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1");
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("binary runs");
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("piped")
            .write_all(input.as_bytes())
            .expect("stdin accepts input");
    }
    child.wait_with_output().expect("binary finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn github_annotations_land_inside_the_json_file() {
    let o = replylint(
        &[
            "check",
            "tests/fixtures/macros/zendesk-macros.json",
            "--format",
            "github",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.lines().all(|l| l.starts_with("::")),
        "only workflow commands: {out}"
    );
    // `Obviously` in the HTML body of macro 9001, line 8 of the file.
    let line = out
        .lines()
        .find(|l| {
            l.contains("title=replylint condescension") && l.contains("“Shipping::Delay apology”")
        })
        .expect("finding in the first macro");
    let text =
        std::fs::read_to_string("tests/fixtures/macros/zendesk-macros.json").expect("fixture");
    let (n, content) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Obviously, the courier"))
        .expect("fixture line");
    let col = content[..content.find("Obviously").expect("on the line")]
        .chars()
        .count()
        + 1;
    assert!(
        line.contains(&format!(
            "line={},col={col},endLine={},endColumn={}",
            n + 1,
            n + 1,
            col + 8
        )),
        "{line}"
    );
}

#[test]
fn fail_on_sets_the_exit_status() {
    let file = "tests/fixtures/macros/helpscout-saved-replies.json";
    assert_eq!(replylint(&["check", file], None).status.code(), Some(1));
    assert_eq!(
        replylint(&["check", file, "--fail-on", "error"], None)
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn malformed_export_exits_2_with_file_line_and_column() {
    let o = replylint(&["check", "tests/fixtures/bad/malformed.json"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("tests/fixtures/bad/malformed.json:4:3: malformed JSON: expected value"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unknown_json_names_what_was_expected() {
    let o = replylint(&["check", "tests/fixtures/bad/not-an-export.json"], None);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("not a known helpdesk export: expected Zendesk macros"),
        "{err}"
    );
    assert!(
        err.contains("Freshdesk canned responses")
            && err.contains("found an object with keys \"name\""),
        "{err}"
    );
}

#[test]
fn input_format_overrides_detection() {
    let zendesk = "tests/fixtures/macros/zendesk-single.json";
    let o = replylint(&["check", zendesk, "--input-format", "freshdesk"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("expected Freshdesk canned responses"),
        "{}",
        stderr(&o)
    );

    let text = std::fs::read_to_string(zendesk).expect("fixture");
    let o = replylint(
        &[
            "check",
            "-",
            "--input-format",
            "zendesk",
            "--format",
            "json",
        ],
        Some(&text),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON output");
    let first = &json[0]["diagnostics"][0];
    assert_eq!(first["template"]["source"], "zendesk-macro");
    assert_eq!(first["template"]["pointer"], "/macro/actions/0/value");
}

#[test]
fn directories_skip_json_that_is_not_an_export() {
    let dir = std::env::temp_dir().join(format!("replylint-cli-macros-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::copy(
        "tests/fixtures/bad/not-an-export.json",
        dir.join("package.json"),
    )
    .expect("copy");
    std::fs::copy(
        "tests/fixtures/macros/zendesk-single.json",
        dir.join("macros.json"),
    )
    .expect("copy");
    let o = replylint(
        &[
            "check",
            dir.to_str().expect("utf-8 temp dir"),
            "--format",
            "sarif",
        ],
        None,
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("package.json: skipped: not a helpdesk export"),
        "{}",
        stderr(&o)
    );
    let log: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("SARIF is JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert!(results.iter().all(|r| {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("macros.json"))
    }));
    assert!(
        results
            .iter()
            .any(|r| r["properties"]["jsonPointer"] == "/macro/actions/0/value")
    );
}

#[test]
fn template_files_are_checked_from_a_directory() {
    let o = replylint(
        &[
            "check",
            "tests/fixtures/templates",
            "--format",
            "json",
            "--config",
            "tests/fixtures/templates.toml",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON output");
    let paths: Vec<&str> = json
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|e| e["path"].as_str())
        .collect();
    for ext in ["liquid", "hbs", "mustache", "html", "md"] {
        assert!(
            paths
                .iter()
                .any(|p| Path::new(p).extension().is_some_and(|e| e == ext)),
            "{ext} in {paths:?}"
        );
    }
}
