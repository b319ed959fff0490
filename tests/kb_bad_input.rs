//! Knowledge-base indexing on bad and awkward input: malformed exports, broken HTML, empty
//! articles, duplicate ids, incremental updates, foreign index versions, missing index
//! directories and concurrent writers.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use replylint::kb::{self, KbError, KnowledgeBase, Query};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().expect("has a parent")).expect("create dirs");
    fs::write(&path, text).expect("write fixture");
    path
}

fn article(title: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nurl: https://help.example/{}\ntags: [test]\n---\n\n{body}\n",
        title.to_lowercase().replace(' ', "-")
    )
}

#[test]
fn malformed_zendesk_export_names_file_line_and_column() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = write(
        tmp.path(),
        "export.json",
        "{\"articles\": [\n  {\"id\": 1, \"title\": \"Ok\", \"body\": \"<p>x</p>\"},\n  {\"id\": 2 \"title\": \"Broken\"}\n]}\n",
    );
    let err = kb::index(&[src], &tmp.path().join("idx")).expect_err("malformed JSON");
    let KbError::Json {
        path, line, column, ..
    } = &err
    else {
        panic!("expected a JSON error, got {err:?}");
    };
    assert!(path.ends_with("export.json"));
    assert_eq!((*line, *column), (3, 12), "{err}");
    assert!(err.to_string().contains("export.json:3:12"), "{err}");
}

#[test]
fn malformed_jsonl_line_is_reported_with_its_line_number() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = write(
        tmp.path(),
        "articles.jsonl",
        "{\"id\": \"a\", \"title\": \"A\", \"body\": \"alpha\"}\n\n{\"id\": \"b\", \"title\": }\n",
    );
    let err = kb::index(&[src], &tmp.path().join("idx")).expect_err("malformed JSONL");
    assert!(err.to_string().contains("articles.jsonl:3:"), "{err}");
}

#[test]
fn json_of_an_unknown_shape_is_an_error_not_an_empty_index() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = write(tmp.path(), "macros.json", "{\"macros\": []}");
    let err = kb::index(&[src], &tmp.path().join("idx")).expect_err("unknown shape");
    assert!(err.to_string().contains("unrecognised JSON"), "{err}");
}

#[test]
fn broken_front_matter_names_the_line() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = write(
        tmp.path(),
        "a.md",
        "---\ntitle: Fine\nthis line is not yaml\n---\nBody\n",
    );
    let err = kb::index(&[src], &tmp.path().join("idx")).expect_err("bad front matter");
    assert!(
        matches!(err, KbError::FrontMatter { line: 3, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("a.md:3"), "{err}");
}

#[test]
fn broken_html_is_indexed_best_effort() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let docs = tmp.path().join("docs");
    write(
        &docs,
        "broken.html",
        "<html><head><title>Reset a router</title><body><h1>Reset a router<p>Hold the <b>reset button for ten seconds &amp; wait\n<div class=\"x\n<p>Then reconnect the cable",
    );
    let kb = KnowledgeBase::in_memory(&[docs]).expect("broken HTML still loads");
    let hits = kb
        .suggest(
            &Query::from_customer("how long do I hold the reset button on the router"),
            3,
        )
        .expect("search");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].title, "Reset a router");
    assert!(
        hits[0].snippet.contains("ten seconds & wait"),
        "{}",
        hits[0].snippet
    );
}

#[test]
fn empty_articles_and_drafts_are_skipped_with_reasons() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let docs = tmp.path().join("docs");
    write(&docs, "empty.md", "---\ntitle: Nothing here\n---\n\n   \n");
    write(
        &docs,
        "draft.md",
        "---\ntitle: Soon\ndraft: true\n---\nNot yet.\n",
    );
    write(
        &docs,
        "full.md",
        &article("Backups", "Nightly backups are kept for two weeks."),
    );
    write(&docs, "notes.txt", "not an article");
    write(
        &docs,
        "fd.json",
        r#"[{"id": 7, "title": "Blank", "description": "<p> </p>", "status": 2},
            {"id": 8, "title": "Wip", "description": "<p>Later</p>", "status": 1}]"#,
    );
    let report = kb::index(&[docs], &tmp.path().join("idx")).expect("index");
    assert_eq!(report.added, 1);
    let mut reasons: Vec<String> = report
        .skipped
        .iter()
        .map(|s| format!("{} {}", s.id.as_deref().unwrap_or("-"), s.reason))
        .collect();
    reasons.sort();
    assert_eq!(
        reasons,
        [
            "- unsupported file type (expected .md, .markdown, .html, .htm, .json, .jsonl)",
            "7 empty article (no body text)",
            "8 draft (Freshdesk status 1)",
            "draft draft",
            "empty empty article (no body text)",
        ]
    );
}

#[test]
fn duplicate_ids_keep_the_first_in_path_order_and_report_the_rest() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let docs = tmp.path().join("docs");
    write(
        &docs,
        "a.md",
        "---\nid: billing\ntitle: First\n---\nInvoices are monthly.\n",
    );
    write(
        &docs,
        "b.md",
        "---\nid: billing\ntitle: Second\n---\nInvoices are yearly.\n",
    );
    let report = kb::index(&[docs], &tmp.path().join("idx")).expect("index");
    assert_eq!(report.added, 1);
    assert_eq!(report.skipped.len(), 1);
    assert!(report.skipped[0].source.ends_with("b.md"));
    assert!(
        report.skipped[0].reason.contains("a.md"),
        "{}",
        report.skipped[0].reason
    );
    let kb = KnowledgeBase::open(&tmp.path().join("idx")).expect("open");
    let hits = kb
        .suggest(&Query::from_customer("invoices"), 3)
        .expect("search");
    assert_eq!(
        hits.iter().map(|h| h.title.as_str()).collect::<Vec<_>>(),
        ["First"]
    );
}

#[test]
fn reindexing_adds_updates_removes_and_skips_unchanged() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let docs = tmp.path().join("docs");
    let idx = tmp.path().join("idx");
    write(
        &docs,
        "one.md",
        &article("One", "Domains renew every year."),
    );
    write(
        &docs,
        "two.md",
        &article("Two", "Mailboxes hold five gigabytes."),
    );
    write(
        &docs,
        "three.md",
        &article("Three", "Certificates renew automatically."),
    );
    let first = kb::index(std::slice::from_ref(&docs), &idx).expect("index");
    assert_eq!((first.added, first.total), (3, 3));

    write(
        &docs,
        "two.md",
        &article("Two", "Mailboxes hold twenty gigabytes."),
    );
    fs::remove_file(docs.join("three.md")).expect("remove");
    write(&docs, "four.md", &article("Four", "Refunds take a week."));
    let second = kb::index(std::slice::from_ref(&docs), &idx).expect("re-index");
    assert_eq!(
        (
            second.added,
            second.updated,
            second.removed,
            second.unchanged,
            second.total
        ),
        (1, 1, 1, 1, 3)
    );

    let kb = KnowledgeBase::open(&idx).expect("open");
    assert_eq!(kb.len(), 3);
    assert!(!kb.contains("three").expect("lookup"));
    let hits = kb
        .suggest(&Query::from_customer("how many gigabytes in a mailbox"), 3)
        .expect("search");
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.contains("twenty"), "{}", hits[0].snippet);
}

#[test]
fn an_index_of_another_format_version_asks_for_a_reindex() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let docs = tmp.path().join("docs");
    let idx = tmp.path().join("idx");
    write(&docs, "one.md", &article("One", "Text."));
    kb::index(std::slice::from_ref(&docs), &idx).expect("index");
    fs::write(
        idx.join(kb::schema::VERSION_FILE),
        "{\"format\": \"replylint-kb\", \"version\": 999}",
    )
    .expect("overwrite version");
    let err = KnowledgeBase::open(&idx).expect_err("foreign version");
    assert!(matches!(err, KbError::FormatVersion { .. }), "{err:?}");
    assert!(err.to_string().contains("re-index"), "{err}");
    let err = kb::index(&[docs], &idx).expect_err("indexing into it too");
    assert!(matches!(err, KbError::FormatVersion { .. }), "{err:?}");
}

#[test]
fn a_missing_or_foreign_index_directory_is_a_clear_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let err = KnowledgeBase::open(&tmp.path().join("nope")).expect_err("missing");
    assert!(matches!(err, KbError::MissingIndex { .. }), "{err:?}");
    assert!(err.to_string().contains("kb index"), "{err}");

    let docs = tmp.path().join("docs");
    write(&docs, "one.md", &article("One", "Text."));
    let err = KnowledgeBase::open(&docs).expect_err("not an index");
    assert!(matches!(err, KbError::NotAnIndex { .. }), "{err:?}");
    // Indexing into a directory full of other files must not litter it.
    let err = kb::index(std::slice::from_ref(&docs), &docs).expect_err("refuses");
    assert!(matches!(err, KbError::NotAnIndex { .. }), "{err:?}");
    assert!(!docs.join("meta.json").exists());
}

#[test]
fn a_second_writer_gets_a_lock_message() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let docs = tmp.path().join("docs");
    let idx = tmp.path().join("idx");
    write(&docs, "one.md", &article("One", "Text."));
    kb::index(std::slice::from_ref(&docs), &idx).expect("index");

    // Another run in progress: hold tantivy's writer lock on the same directory.
    let other = tantivy::Index::open_in_dir(&idx).expect("open raw index");
    let writer: tantivy::IndexWriter = other.writer(15_000_000).expect("first writer");
    let err = kb::index(std::slice::from_ref(&docs), &idx).expect_err("locked");
    assert!(matches!(err, KbError::Locked { .. }), "{err:?}");
    assert!(
        err.to_string().contains("locked by another `kb index` run"),
        "{err}"
    );

    // The CLI says the same and exits with status 2.
    let out = Command::new(env!("CARGO_BIN_EXE_replylint"))
        .args(["kb", "index"])
        .arg(&docs)
        .arg("--index")
        .arg(&idx)
        .output()
        .expect("run replylint");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("locked"),
        "{out:?}"
    );

    drop(writer);
    let report = kb::index(&[docs], &idx).expect("lock released");
    assert_eq!(report.unchanged, 1);
}

#[test]
fn cli_suggest_with_a_missing_kb_dir_fails_and_without_one_uses_the_bundled_kb() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let draft = write(
        tmp.path(),
        "draft.txt",
        "> my wordpress site shows a white screen after a plugin update\n\nLet me look.\n",
    );
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_replylint"))
            .current_dir(tmp.path())
            .arg("suggest")
            .arg(&draft)
            .args(extra)
            .output()
            .expect("run replylint")
    };
    let missing = run(&["--kb", "no-such-dir"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("does not exist"),
        "{missing:?}"
    );

    let bundled = run(&["--format", "json"]);
    assert_eq!(bundled.status.code(), Some(0), "{bundled:?}");
    assert!(String::from_utf8_lossy(&bundled.stderr).contains("bundled sample"));
    let json: serde_json::Value = serde_json::from_slice(&bundled.stdout).expect("JSON output");
    let first = &json["articles"][0];
    assert_eq!(first["id"], "wordpress-critical-error", "{json:#}");
    for key in ["title", "url", "score", "snippet"] {
        assert!(!first[key].is_null(), "missing {key}: {json:#}");
    }
}
