//! Error types of the library, one enum per area. Messages are one line and name the file (and
//! line and column where there is one), so the CLI can print them as they are.

use std::path::PathBuf;

/// A location in a file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `source`, the contents of `path`.
    pub fn at(path: impl Into<PathBuf>, source: &str, offset: usize) -> Self {
        let pos = crate::text::LineIndex::new(source).line_col(source, offset);
        Location {
            path: path.into(),
            line: pos.line,
            column: pos.column,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// A rule file that cannot be read or used.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{0}: cannot read rule file: {1}")]
    Io(PathBuf, #[source] std::io::Error),
    #[error("{location}: {message}")]
    Invalid { location: Location, message: String },
    #[error("{path}: rule id `{id}` is already defined by {other}")]
    Duplicate {
        path: PathBuf,
        id: String,
        other: String,
    },
}

/// A configuration file that cannot be read or used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}: cannot read config: {1}")]
    Io(PathBuf, #[source] std::io::Error),
    #[error("{location}: {message}")]
    Invalid { location: Location, message: String },
    #[error(transparent)]
    Rule(#[from] RuleError),
}

/// An input that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{0}: no such file or directory")]
    Missing(PathBuf),
    #[error("{0}: cannot read: {1}")]
    Io(PathBuf, #[source] std::io::Error),
    #[error("{0}: {1}")]
    Walk(PathBuf, String),
}

/// A helpdesk export that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{location}: malformed JSON: {message}")]
    Malformed { location: Location, message: String },
    #[error("{path}: not a known helpdesk export: expected {expected}; found {found}")]
    Unknown {
        path: PathBuf,
        expected: String,
        found: String,
    },
    #[error("{path}: expected {expected}; found {found}")]
    Mismatch {
        path: PathBuf,
        expected: &'static str,
        found: String,
    },
}
