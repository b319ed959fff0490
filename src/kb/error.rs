//! Errors of the knowledge-base module: reading sources, building and opening indexes.

use std::path::PathBuf;

/// Everything that can go wrong while loading, indexing or searching a knowledge base.
///
/// Messages name the file (and position, where there is one) and say what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A source file or directory could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },

    /// A JSON or JSONL file is not valid JSON or does not have the expected shape.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line in the file.
        line: usize,
        /// 1-based column in the file.
        column: usize,
        /// What is wrong there.
        message: String,
    },

    /// Markdown front matter could not be parsed.
    #[error("{}:{line}: invalid front matter: {message}", path.display())]
    FrontMatter {
        /// The file.
        path: PathBuf,
        /// 1-based line in the file.
        line: usize,
        /// What is wrong there.
        message: String,
    },

    /// The directory given as an index does not exist.
    #[error(
        "knowledge-base index {} does not exist; build one with `replylint kb index SOURCES... --index {}`",
        dir.display(),
        dir.display()
    )]
    MissingIndex {
        /// The directory that was asked for.
        dir: PathBuf,
    },

    /// The directory exists but holds no replylint index.
    #[error(
        "{} is not a replylint knowledge-base index (no {marker}); build one with `replylint kb index SOURCES... --index {}`",
        dir.display(),
        dir.display()
    )]
    NotAnIndex {
        /// The directory.
        dir: PathBuf,
        /// The marker file that is missing.
        marker: &'static str,
    },

    /// The index was written by another version of the index format.
    #[error(
        "knowledge-base index {} has format version {found}, this replylint reads version {expected}; \
         re-index it with `replylint kb index SOURCES... --index {}` (delete the directory first)",
        dir.display(),
        dir.display()
    )]
    FormatVersion {
        /// The index directory.
        dir: PathBuf,
        /// The version found on disk.
        found: String,
        /// The version this build reads and writes.
        expected: u32,
    },

    /// Another process (or another writer in this one) is indexing into the same directory.
    #[error(
        "knowledge-base index {} is locked by another `kb index` run; wait for it to finish and try again",
        dir.display()
    )]
    Locked {
        /// The index directory.
        dir: PathBuf,
    },

    /// tantivy failed while building or searching the index.
    #[error("search index error{}: {source}", dir.as_ref().map(|d| format!(" in {}", d.display())).unwrap_or_default())]
    Index {
        /// The index directory, `None` for an in-memory index.
        dir: Option<PathBuf>,
        /// The underlying tantivy error.
        source: tantivy::TantivyError,
    },
}

impl KbError {
    /// Wraps a tantivy error for the index in `dir` (`None`: in memory).
    pub(crate) fn index(dir: Option<&std::path::Path>, source: tantivy::TantivyError) -> Self {
        KbError::Index {
            dir: dir.map(std::path::Path::to_path_buf),
            source,
        }
    }

    /// Wraps an I/O error on `path`.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        KbError::Io {
            path: path.into(),
            source,
        }
    }

    /// Wraps a serde_json error on `path`, keeping its line and column.
    pub(crate) fn json(path: impl Into<PathBuf>, err: &serde_json::Error) -> Self {
        Self::json_at(path, 0, err)
    }

    /// Wraps a serde_json error on text that starts `lines_before` lines into `path`.
    pub(crate) fn json_at(
        path: impl Into<PathBuf>,
        lines_before: usize,
        err: &serde_json::Error,
    ) -> Self {
        KbError::Json {
            path: path.into(),
            line: lines_before + err.line(),
            column: err.column(),
            message: strip_position(&err.to_string()),
        }
    }
}

/// serde_json appends " at line L column C" to its messages; we print the position ourselves.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}
