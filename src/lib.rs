//! replylint: lints customer-support replies and suggests help-center articles.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod embedded;
pub mod kb;
