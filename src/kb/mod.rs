//! The knowledge base: help-center articles indexed with tantivy, and article suggestions
//! for a reply. [`index`] builds or incrementally updates an on-disk index from Markdown,
//! HTML, Zendesk, Freshdesk and JSONL sources; [`KnowledgeBase`] opens one (or builds the
//! bundled sample in memory) and [`KnowledgeBase::suggest`] ranks articles for a customer
//! message and draft reply; [`eval`] measures recall and MRR on labelled messages.
//!
//! ```
//! use replylint::kb::{KnowledgeBase, Query};
//!
//! let kb = KnowledgeBase::bundled()?;
//! let query = Query::from_customer("My SSL certificate expired and the site shows a warning");
//! let articles = kb.suggest(&query, 3)?;
//! assert!(!articles.is_empty());
//! # Ok::<(), replylint::kb::KbError>(())
//! ```

mod error;
mod eval;
mod indexer;
mod markup;
mod query;
pub mod schema;
mod search;
mod sources;

pub use error::KbError;
pub use eval::{EVAL_DEPTH, EvalCase, EvalMiss, EvalReport, eval, eval_cases};
pub use indexer::{IndexReport, index};
pub use query::Query;
pub use search::{Article, KnowledgeBase, Origin};
pub use sources::Skipped;

use crate::diagnostic::{Diagnostic, Suggestion};
use crate::document::Document;
use crate::rules::builtin::unlinked_reference;

/// The query for a parsed draft: its text (quoted lines count as the customer's words) plus a
/// customer message given separately.
pub fn query_for(doc: &Document) -> Query {
    let query = Query::from_draft(doc.text());
    match doc.customer().filter(|c| !c.is_quoted()) {
        Some(customer) => query.with_customer(customer.text.as_str()),
        None => query,
    }
}

/// Offers the best article as the preferred fix of each `unlinked-reference` finding: the
/// reference followed by the article's link.
pub fn link_articles(text: &str, diagnostics: &mut [Diagnostic], articles: &[Article]) {
    let Some(best) = articles.first() else { return };
    for d in diagnostics
        .iter_mut()
        .filter(|d| d.rule == unlinked_reference::ID)
    {
        let suggestion = Suggestion {
            span: d.span.clone(),
            replacement: format!("{} ({})", d.excerpt(text), best.url),
            description: format!("Link “{}”", best.title),
        };
        d.suggestions.insert(0, suggestion);
    }
}
