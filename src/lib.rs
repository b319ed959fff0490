//! replylint: lints customer-support replies and suggests help-center articles.
//!
//! A draft becomes a [`Document`] (the reply, the customer's quoted message, sentences); a
//! [`Linter`] runs the [`RuleSet`] over it and returns [`Diagnostic`]s with byte spans. The CLI
//! and the language server are thin faces over this library.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod config;
pub mod diagnostic;
pub mod document;
pub mod embedded;
pub mod engine;
pub mod error;
pub mod eval;
pub mod input;
pub mod kb;
pub mod lsp;
pub mod render;
pub mod rules;
mod segment;
pub mod sources;
pub mod suppress;
pub mod template;
pub mod text;

pub use config::Config;
pub use diagnostic::{Diagnostic, Severity, Suggestion};
pub use document::{Document, Format};
pub use engine::Linter;
pub use rules::{RuleMeta, RuleSet};
