//! replylint
