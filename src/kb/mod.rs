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
