//! The real documentation set in `../shared/kb-real/flyio-docs` (413 Markdown articles with
//! front matter): it indexes completely, incremental re-indexing sees no change, and a
//! handful of realistic questions (`tests/fixtures/flyio-questions.jsonl`) find their
//! articles. Skipped with a note when the directory is absent.

use std::path::{Path, PathBuf};

use replylint::kb::{self, KnowledgeBase, Query};

fn flyio_docs() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/kb-real/flyio-docs");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "note: {} not found; skipping the flyio-docs test",
            dir.display()
        );
        None
    }
}

#[test]
fn flyio_docs_index_incrementally_and_answer_realistic_questions() {
    let Some(docs) = flyio_docs() else { return };
    let tmp = tempfile::tempdir().expect("temp dir");
    let index_dir = tmp.path().join("index");

    let first = kb::index(std::slice::from_ref(&docs), &index_dir).expect("flyio docs index");
    // 413 Markdown files and LICENSE: nothing is dropped silently. Four are unpublished
    // (`published: false`), two hold only template partials, LICENSE is not an article.
    let count = |prefix: &str| {
        first
            .skipped
            .iter()
            .filter(|s| s.reason.starts_with(prefix))
            .count()
    };
    assert_eq!(
        first.added + first.skipped.len(),
        414,
        "{:?}",
        first.skipped
    );
    assert_eq!(count("draft"), 4, "{:?}", first.skipped);
    assert_eq!(count("empty article"), 2, "{:?}", first.skipped);
    assert_eq!(count("unsupported file type"), 1, "{:?}", first.skipped);

    let second = kb::index(&[docs], &index_dir).expect("re-index");
    assert_eq!((second.added, second.updated, second.removed), (0, 0, 0));
    assert_eq!(second.unchanged, first.added);

    let kb = KnowledgeBase::open(&index_dir).expect("open index");
    let top = kb
        .suggest(
            &Query::from_customer("How do I add a custom domain to my app?"),
            3,
        )
        .expect("search");
    assert_eq!(
        top.first().map(|a| a.id.as_str()),
        Some("networking/custom-domain"),
        "{top:#?}"
    );
    assert_eq!(top[0].title, "Custom domains");

    let questions =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/flyio-questions.jsonl");
    let report = kb::eval(&kb, &questions).expect("questions file is valid");
    for miss in &report.misses {
        println!(
            "miss {}: expected {:?}, got {:?}",
            miss.id, miss.expected, miss.got
        );
    }
    println!(
        "flyio: recall@1 {:.3} recall@3 {:.3} mrr {:.3} over {} questions",
        report.recall_at_1, report.recall_at_3, report.mrr, report.queries
    );
    assert!(
        report.unknown_articles.is_empty(),
        "{:?}",
        report.unknown_articles
    );
    assert!(report.mrr >= 0.6, "mrr {:.3}", report.mrr);
}
