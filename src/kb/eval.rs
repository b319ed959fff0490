//! Retrieval quality over a JSONL file of customer messages with known relevant articles.
//!
//! Each line is `{"id", "query", "relevant": [article ids], "reply"?}`. Recall@k is the
//! share of a message's relevant articles found in the first k suggestions, averaged over
//! messages; MRR is the mean reciprocal rank of the first relevant suggestion (0 if none
//! in the first [`EVAL_DEPTH`]). Messages with no relevant article measure abstention: they
//! should get no suggestion at all.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::KbError;
use super::query::Query;
use super::search::KnowledgeBase;

/// Suggestions fetched per message for MRR.
pub const EVAL_DEPTH: usize = 10;

/// One message of an evaluation file.
#[derive(Debug, Clone, Deserialize)]
pub struct EvalCase {
    /// Message id.
    pub id: String,
    /// The customer's message.
    pub query: String,
    /// An agent's draft reply, if any.
    #[serde(default)]
    pub reply: String,
    /// Ids of the articles that answer it (empty: none does).
    pub relevant: Vec<String>,
}

/// A message whose first three suggestions miss a relevant article.
#[derive(Debug, Clone, Serialize)]
pub struct EvalMiss {
    /// Message id.
    pub id: String,
    /// Relevant article ids.
    pub expected: Vec<String>,
    /// Ids of the first three suggestions.
    pub got: Vec<String>,
}

/// Scores of an evaluation run.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// Messages with at least one relevant article.
    pub queries: usize,
    /// Mean recall in the first suggestion.
    pub recall_at_1: f64,
    /// Mean recall in the first three suggestions.
    pub recall_at_3: f64,
    /// Mean reciprocal rank of the first relevant suggestion.
    pub mrr: f64,
    /// Messages with no relevant article.
    pub no_answer: usize,
    /// Of those, how many got no suggestion (correct abstentions).
    pub abstained: usize,
    /// Messages missing a relevant article in their first three suggestions.
    pub misses: Vec<EvalMiss>,
    /// `(message id, article id)` pairs naming articles the knowledge base does not have.
    pub unknown_articles: Vec<(String, String)>,
}

/// Reads the JSONL file at `path` and evaluates `kb` on it.
///
/// # Errors
/// The file cannot be read or a line is not a valid case (file, line and column named).
pub fn eval(kb: &KnowledgeBase, path: &Path) -> Result<EvalReport, KbError> {
    let text = std::fs::read_to_string(path).map_err(|e| KbError::io(path, e))?;
    let mut cases = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: EvalCase =
            serde_json::from_str(line).map_err(|e| KbError::json_at(path, index, &e))?;
        cases.push(case);
    }
    eval_cases(kb, &cases)
}

/// Evaluates `kb` on `cases`.
///
/// # Errors
/// A search failure.
pub fn eval_cases(kb: &KnowledgeBase, cases: &[EvalCase]) -> Result<EvalReport, KbError> {
    let mut report = EvalReport {
        queries: 0,
        recall_at_1: 0.0,
        recall_at_3: 0.0,
        mrr: 0.0,
        no_answer: 0,
        abstained: 0,
        misses: Vec::new(),
        unknown_articles: Vec::new(),
    };
    for case in cases {
        for id in &case.relevant {
            if !kb.contains(id)? {
                report.unknown_articles.push((case.id.clone(), id.clone()));
            }
        }
        let query = Query::from_customer(case.query.as_str()).with_draft(case.reply.as_str());
        let got: Vec<String> = kb
            .suggest(&query, EVAL_DEPTH)?
            .into_iter()
            .map(|a| a.id)
            .collect();
        if case.relevant.is_empty() {
            report.no_answer += 1;
            report.abstained += usize::from(got.is_empty());
            continue;
        }
        report.queries += 1;
        let recall = |k: usize| {
            let found = got
                .iter()
                .take(k)
                .filter(|id| case.relevant.contains(id))
                .count();
            found as f64 / case.relevant.len() as f64
        };
        report.recall_at_1 += recall(1);
        let r3 = recall(3);
        report.recall_at_3 += r3;
        if let Some(rank) = got.iter().position(|id| case.relevant.contains(id)) {
            report.mrr += 1.0 / (rank + 1) as f64;
        }
        if r3 < 1.0 {
            report.misses.push(EvalMiss {
                id: case.id.clone(),
                expected: case.relevant.clone(),
                got: got.into_iter().take(3).collect(),
            });
        }
    }
    if report.queries > 0 {
        let n = report.queries as f64;
        report.recall_at_1 /= n;
        report.recall_at_3 /= n;
        report.mrr /= n;
    }
    Ok(report)
}
