//! Reading drafts: files and directories (walked in parallel-friendly order, honoring
//! `.gitignore`), binary detection, lossy UTF-8 decoding, and JSONL records.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::document::Format;
use crate::error::InputError;

/// Extensions `check` reads from directories by default.
pub const DEFAULT_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "html", "htm", "eml", "liquid", "hbs", "mustache",
];

/// A gitignore-style file of paths `check` skips when walking directories.
pub const IGNORE_FILE: &str = ".replylintignore";

/// A draft read from disk.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    pub format: Format,
}

/// The result of reading one file.
#[derive(Debug)]
pub enum Loaded {
    /// A text file; `warning` says it was not valid UTF-8 and was decoded lossily.
    Text {
        source: Source,
        warning: Option<String>,
    },
    /// A file that is not text, with the reason.
    Skipped { path: PathBuf, reason: String },
}

/// Reads one draft. Binary files (a NUL byte in the first 8 KiB) are skipped; invalid UTF-8 is
/// decoded lossily with a warning.
pub fn read(path: &Path) -> Result<Loaded, InputError> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => InputError::Missing(path.to_owned()),
        _ => InputError::Io(path.to_owned(), e),
    })?;
    Ok(decode(path, bytes))
}

/// Decodes the bytes of a draft read from `path` (or `-` for standard input).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Loaded {
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Loaded::Skipped {
            path: path.to_owned(),
            reason: "binary file".into(),
        };
    }
    let (text, warning) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            (
                text,
                Some(format!(
                    "{}: invalid UTF-8 at byte {at}, decoded lossily",
                    path.display()
                )),
            )
        }
    };
    let source = Source {
        path: path.to_owned(),
        text,
        format: Format::from_path(path),
    };
    Loaded::Text { source, warning }
}

/// Expands `paths` into the files to check, sorted: files named directly are kept whatever their
/// extension; directories are walked recursively, honoring `.gitignore` and `ignore` globs, and
/// keep files with one of `extensions`; `.replylintignore` files work like `.gitignore`.
pub fn collect(
    paths: &[PathBuf],
    extensions: &[String],
    ignore: &[String],
) -> Result<Vec<PathBuf>, InputError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
            continue;
        }
        if !path.exists() {
            return Err(InputError::Missing(path.clone()));
        }
        let mut overrides = ignore::overrides::OverrideBuilder::new(path);
        for glob in ignore {
            overrides.add(&format!("!{glob}")).map_err(|e| {
                InputError::Walk(path.clone(), format!("bad ignore glob `{glob}`: {e}"))
            })?;
        }
        let overrides = overrides
            .build()
            .map_err(|e| InputError::Walk(path.clone(), e.to_string()))?;
        let walker = ignore::WalkBuilder::new(path)
            .overrides(overrides)
            .require_git(false)
            .add_custom_ignore_filename(IGNORE_FILE)
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| InputError::Walk(path.clone(), e.to_string()))?;
            let p = entry.path();
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            if entry.file_type().is_some_and(|t| t.is_file())
                && ext.is_some_and(|e| extensions.contains(&e))
            {
                files.push(p.strip_prefix("./").unwrap_or(p).to_owned());
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// One line of `--input-format jsonl`: a reply to check, with an id and optionally the
/// customer's message.
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    /// Any JSON value; echoed back in the output.
    pub id: serde_json::Value,
    pub reply: String,
    #[serde(default)]
    pub customer: Option<String>,
}

impl Record {
    /// Parses one JSONL line; the error is one line, with the column where there is one.
    pub fn parse(line: &str) -> Result<Record, String> {
        serde_json::from_str(line).map_err(|e| format!("column {}: {e}", e.column()))
    }
}
