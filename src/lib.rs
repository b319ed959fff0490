//! replylint: lints customer-support replies and suggests help-center articles.

pub mod embedded;
