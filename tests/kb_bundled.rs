//! The bundled knowledge base: every embedded file loads, and retrieval quality on
//! `corpus/kb-queries.jsonl` meets the target.

use std::path::Path;

use replylint::kb::{KnowledgeBase, Origin, Query, eval};

fn queries_file() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/kb-queries.jsonl")
}

#[test]
fn bundled_kb_has_every_article_and_reports_its_one_draft() {
    let kb = KnowledgeBase::bundled().expect("bundled KB builds");
    assert_eq!(kb.origin(), &Origin::Bundled);
    assert!(kb.len() >= 85, "only {} articles", kb.len());
    // The Zendesk export and the Freshdesk file each carry one draft, to exercise skipping.
    let reasons: Vec<_> = kb.skipped().iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(kb.skipped().len(), 2, "{:?}", kb.skipped());
    assert!(
        reasons.iter().all(|r| r.starts_with("draft")),
        "{reasons:?}"
    );
}

#[test]
fn bundled_kb_meets_recall_target_on_labelled_queries() {
    let kb = KnowledgeBase::bundled().expect("bundled KB builds");
    let report = eval(kb, &queries_file()).expect("queries file is valid");
    assert!(
        report.unknown_articles.is_empty(),
        "{:?}",
        report.unknown_articles
    );
    assert!(
        report.queries >= 100,
        "only {} labelled queries",
        report.queries
    );
    for miss in &report.misses {
        println!(
            "miss {}: expected {:?}, got {:?}",
            miss.id, miss.expected, miss.got
        );
    }
    println!(
        "recall@1 {:.3} recall@3 {:.3} mrr {:.3} abstained {}/{}",
        report.recall_at_1, report.recall_at_3, report.mrr, report.abstained, report.no_answer
    );
    assert!(
        report.recall_at_3 >= 0.90,
        "recall@3 {:.3}",
        report.recall_at_3
    );
    assert!(
        report.abstained * 2 >= report.no_answer,
        "suggested articles for {} of {} off-topic messages",
        report.no_answer - report.abstained,
        report.no_answer
    );
}

#[test]
fn links_already_in_the_draft_are_not_suggested_again() {
    let kb = KnowledgeBase::bundled().expect("bundled KB builds");
    let customer = "My SSL certificate failed to renew and visitors see a privacy error";
    let first = kb
        .suggest(&Query::from_customer(customer), 1)
        .expect("search works");
    let top = first.first().expect("an article about certificates");
    let draft = format!(
        "Sorry about that! Please follow {} and let me know.",
        top.url
    );
    let again = kb
        .suggest(&Query::from_customer(customer).with_draft(draft), 3)
        .expect("search works");
    assert!(again.iter().all(|a| a.id != top.id), "{again:?}");
}
