//! Evaluation of the four core checks over labeled cases (`replylint eval`): per check TP, FP,
//! FN, precision, recall and F1, and the cases it got wrong.
//!
//! Reply-level checks (`condescension`, `blame-shifting`, `missing-timeline`) count one decision
//! per case. `unanswered-question` counts per question: a labeled question is found when a
//! diagnostic of the rule quotes it (compared after folding case, whitespace and punctuation);
//! a diagnostic that quotes no labeled question is a false positive.

use serde::{Deserialize, Serialize};

use crate::document::{Document, Format};
use crate::engine::Linter;

/// One labeled case (a line of `corpus/labeled/*.jsonl` or `real-replies/dev.jsonl`).
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub id: String,
    #[serde(default)]
    pub customer: String,
    pub reply: String,
    pub labels: Labels,
}

/// What a case is labeled with.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Labels {
    #[serde(default)]
    pub condescension: bool,
    #[serde(default)]
    pub blame_shifting: bool,
    #[serde(default)]
    pub missing_timeline: bool,
    #[serde(default)]
    pub unanswered_questions: Vec<String>,
}

/// The core checks, by rule id.
pub const CORE_RULES: [&str; 4] = [
    "condescension",
    "blame-shifting",
    "missing-timeline",
    "unanswered-question",
];

/// A wrong decision: a missed label or a false alarm.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub case: String,
    /// `"false negative"` or `"false positive"`.
    pub kind: &'static str,
    /// The labeled question, or what the diagnostic pointed at.
    pub detail: String,
}

/// Counts for one check.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Score {
    pub rule: String,
    pub tp: usize,
    pub fp: usize,
    pub r#fn: usize,
    pub misses: Vec<Miss>,
}

impl Score {
    /// TP / (TP + FP); 1 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// TP / (TP + FN); 1 when nothing was labeled.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.r#fn)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 { 1.0 } else { n as f64 / d as f64 }
}

/// Parses labeled cases, one JSON object per line; errors name the line.
pub fn parse_cases(source: &str) -> Result<Vec<Case>, String> {
    source
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l)
                .map_err(|e| format!("line {}: column {}: {e}", n + 1, e.column()))
        })
        .collect()
}

/// Runs `linter` over `cases` and scores the four core checks.
pub fn evaluate(linter: &Linter, cases: &[Case]) -> Vec<Score> {
    use rayon::prelude::*;
    let found: Vec<Vec<crate::Diagnostic>> = cases
        .par_iter()
        .map(|case| {
            linter.check(
                &Document::parse(case.reply.as_str(), Format::Text)
                    .with_customer(case.customer.as_str()),
            )
        })
        .collect();
    let mut scores: Vec<Score> = CORE_RULES
        .iter()
        .map(|r| Score {
            rule: (*r).to_owned(),
            ..Score::default()
        })
        .collect();
    for (case, diagnostics) in cases.iter().zip(&found) {
        for score in &mut scores {
            let hits: Vec<_> = diagnostics
                .iter()
                .filter(|d| d.rule == score.rule)
                .collect();
            let miss = |kind, detail: String| Miss {
                case: case.id.clone(),
                kind,
                detail,
            };
            let labeled = match score.rule.as_str() {
                "condescension" => case.labels.condescension,
                "blame-shifting" => case.labels.blame_shifting,
                "missing-timeline" => case.labels.missing_timeline,
                _ => {
                    let mut matched = vec![false; hits.len()];
                    for question in &case.labels.unanswered_questions {
                        match hits.iter().position(|d| quotes(&d.message, question)) {
                            Some(i) => {
                                matched[i] = true;
                                score.tp += 1;
                            }
                            None => {
                                score.r#fn += 1;
                                score.misses.push(miss("false negative", question.clone()));
                            }
                        }
                    }
                    for (d, _) in hits.iter().zip(&matched).filter(|(_, m)| !**m) {
                        score.fp += 1;
                        score.misses.push(miss("false positive", d.message.clone()));
                    }
                    continue;
                }
            };
            match (labeled, hits.first()) {
                (true, Some(_)) => score.tp += 1,
                (true, None) => {
                    score.r#fn += 1;
                    score
                        .misses
                        .push(miss("false negative", case.reply.clone()));
                }
                (false, Some(d)) => {
                    score.fp += 1;
                    score.misses.push(miss(
                        "false positive",
                        format!("{} ({})", d.excerpt(&case.reply), d.message),
                    ));
                }
                (false, None) => {}
            }
        }
    }
    scores
}

/// Whether a diagnostic message quotes `question`, ignoring case, whitespace and punctuation.
fn quotes(message: &str, question: &str) -> bool {
    let (message, question) = (fold(message), fold(question));
    !question.is_empty() && message.contains(&question)
}

fn fold(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_ignores_case_and_punctuation() {
        assert!(quotes(
            "Unanswered: “When will it be back?”",
            "when will it be back"
        ));
        assert!(!quotes(
            "Unanswered: “When will it be back?”",
            "will I get a credit?"
        ));
    }

    #[test]
    fn scores_count_cases_and_questions() {
        let cases = parse_cases(
            r#"{"id":"a","customer":"","reply":"Obviously you broke it.","labels":{"condescension":true}}
{"id":"b","customer":"","reply":"Thanks for waiting.","labels":{"condescension":true}}"#,
        )
        .unwrap();
        let linter = Linter::new(crate::RuleSet::bundled().unwrap());
        let scores = evaluate(&linter, &cases);
        let c = &scores[0];
        assert_eq!((c.tp, c.fp, c.r#fn), (1, 0, 1));
        assert_eq!(c.recall(), 0.5);
        assert!(parse_cases("{").unwrap_err().starts_with("line 1:"));
    }
}
