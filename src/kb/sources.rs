//! Reading articles from source files: Markdown (YAML or TOML front matter), HTML,
//! Zendesk Help Center exports (`{"articles": [...]}`), Freshdesk solution articles
//! (one object or an array) and JSONL (`{"id","title","body","url","tags"}` per line).
//!
//! Ids are explicit where the format has them (front matter `id`, JSON `id`), otherwise the
//! path relative to the source directory without its extension (`volumes/overview.html.md`
//! becomes `volumes/overview`). Articles that cannot be indexed (empty, draft, no id) are
//! returned as [`Skipped`] with a reason; malformed files are errors naming file and position.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::KbError;
use super::markup::{self, Extracted};

/// One article as read from its source, before indexing.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceArticle {
    /// Stable id.
    pub id: String,
    /// Title (front matter, `<title>`, first heading, or the id).
    pub title: String,
    /// Link to the published article; falls back to the source location.
    pub url: String,
    /// Tags or labels.
    pub tags: Vec<String>,
    /// Section headings.
    pub headings: Vec<String>,
    /// Plain text (a front-matter description, if any, comes first).
    pub body: String,
    /// Where it came from: a path, with `:line` for JSONL.
    pub source: String,
}

/// An article or file that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// File (with `:line` for JSONL) the article came from.
    pub source: String,
    /// Article id, when one was known.
    pub id: Option<String>,
    /// Why it was skipped.
    pub reason: String,
}

/// Articles read from a set of sources, in a stable order, and what was skipped.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub articles: Vec<SourceArticle>,
    pub skipped: Vec<Skipped>,
}

/// Source formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Markdown,
    Html,
    Json,
    Jsonl,
}

impl Format {
    fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" => Format::Html,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            _ => return None,
        })
    }
}

/// Reads every article under `sources` (files, or directories walked recursively, skipping
/// hidden entries) in path order.
pub(crate) fn load(sources: &[PathBuf]) -> Result<Loaded, KbError> {
    let mut files = Vec::new();
    for source in sources {
        let meta = fs::metadata(source).map_err(|e| KbError::io(source, e))?;
        if meta.is_dir() {
            walk(source, source, &mut files)?;
        } else {
            let root = source.parent().unwrap_or(Path::new(""));
            files.push((root.to_path_buf(), source.clone()));
        }
    }
    let mut loaded = Loaded::default();
    for (root, path) in files {
        let Some(format) = Format::of(&path) else {
            loaded.skipped.push(Skipped {
                source: path.display().to_string(),
                id: None,
                reason:
                    "unsupported file type (expected .md, .markdown, .html, .htm, .json, .jsonl)"
                        .to_string(),
            });
            continue;
        };
        let text = fs::read_to_string(&path).map_err(|e| KbError::io(&path, e))?;
        let rel = path.strip_prefix(&root).unwrap_or(&path);
        parse_file(&path, &path_id(rel), format, &text, &mut loaded)?;
    }
    Ok(loaded)
}

/// Reads articles from embedded `(path, contents)` pairs; ids are relative to `root`.
pub(crate) fn load_embedded(files: &[(&str, &str)], root: &str) -> Result<Loaded, KbError> {
    let mut loaded = Loaded::default();
    for (path, text) in files {
        let path = Path::new(path);
        let format = Format::of(path).ok_or_else(|| {
            KbError::io(
                path,
                std::io::Error::new(std::io::ErrorKind::InvalidData, "unsupported file type"),
            )
        })?;
        let rel = path.strip_prefix(root).unwrap_or(path);
        parse_file(path, &path_id(rel), format, text, &mut loaded)?;
    }
    Ok(loaded)
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, PathBuf)>) -> Result<(), KbError> {
    let mut entries = fs::read_dir(dir)
        .map_err(|e| KbError::io(dir, e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| KbError::io(dir, e))?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| KbError::io(&path, e))?;
        if kind.is_dir() {
            walk(root, &path, out)?;
        } else {
            out.push((root.to_path_buf(), path));
        }
    }
    Ok(())
}

/// Id derived from a relative path: `/`-separated, without the extension (and without an
/// inner `.html`/`.htm`, as in `page.html.md`).
fn path_id(rel: &Path) -> String {
    let mut id = rel.with_extension("");
    if matches!(
        id.extension().and_then(|e| e.to_str()),
        Some("html" | "htm")
    ) {
        id = id.with_extension("");
    }
    id.to_string_lossy().replace('\\', "/")
}

fn parse_file(
    path: &Path,
    path_id: &str,
    format: Format,
    text: &str,
    out: &mut Loaded,
) -> Result<(), KbError> {
    let source = path.display().to_string();
    match format {
        Format::Markdown => {
            let (fm, body, _) =
                markup::split_front_matter(text).map_err(|e| KbError::FrontMatter {
                    path: path.to_path_buf(),
                    line: e.line,
                    message: e.message,
                })?;
            if fm.flag("draft") == Some(true) || fm.flag("published") == Some(false) {
                out.skip(
                    &source,
                    fm.text(&["id"]).unwrap_or(path_id.to_string()),
                    "draft",
                );
                return Ok(());
            }
            let extracted = markup::markdown_to_text(body);
            let mut body = extracted.text.clone();
            if let Some(summary) = fm.text(SUMMARY_KEYS) {
                body = format!("{summary}\n{body}");
            }
            out.push(
                Draft {
                    id: fm.text(&["id"]).unwrap_or_else(|| path_id.to_string()),
                    title: fm.text(&["title"]),
                    url: fm.text(URL_KEYS),
                    tags: fm.list(TAG_KEYS),
                    body,
                    extracted,
                },
                source,
            );
        }
        Format::Html => {
            let extracted = markup::html_to_text(text);
            out.push(
                Draft {
                    id: path_id.to_string(),
                    title: None,
                    url: extracted.canonical.clone(),
                    tags: Vec::new(),
                    body: extracted.text.clone(),
                    extracted,
                },
                source,
            );
        }
        Format::Json => parse_json(path, text, out)?,
        Format::Jsonl => parse_jsonl(path, text, out)?,
    }
    Ok(())
}

/// Front-matter keys read as a summary and put before the body.
const SUMMARY_KEYS: &[&str] = &["description", "summary", "excerpt", "objective", "subtitle"];
/// Front-matter keys read as the article link.
const URL_KEYS: &[&str] = &["url", "permalink", "canonical_url", "html_url"];
/// Front-matter keys read as tags.
const TAG_KEYS: &[&str] = &["tags", "keywords", "labels"];

/// An article before defaults are applied and emptiness is checked.
struct Draft {
    id: String,
    title: Option<String>,
    url: Option<String>,
    tags: Vec<String>,
    body: String,
    extracted: Extracted,
}

impl Loaded {
    fn skip_without_id(&mut self, source: String) {
        self.skipped.push(Skipped {
            source,
            id: None,
            reason: "no id".to_string(),
        });
    }

    fn skip(&mut self, source: &str, id: String, reason: &str) {
        self.skipped.push(Skipped {
            source: source.to_string(),
            id: Some(id),
            reason: reason.to_string(),
        });
    }

    /// Applies title and url fallbacks; skips articles without body text.
    fn push(&mut self, draft: Draft, source: String) {
        let id = draft.id.trim().to_string();
        if id.is_empty() {
            self.skip_without_id(source);
            return;
        }
        if draft.body.trim().is_empty() {
            self.skip(&source, id, "empty article (no body text)");
            return;
        }
        let title = draft
            .title
            .filter(|t| !t.trim().is_empty())
            .or(draft.extracted.title)
            .or(draft.extracted.h1)
            .or_else(|| draft.extracted.headings.first().cloned())
            .unwrap_or_else(|| id.clone());
        self.articles.push(SourceArticle {
            url: draft
                .url
                .filter(|u| !u.trim().is_empty())
                .unwrap_or_else(|| source.clone()),
            id,
            title,
            tags: draft.tags,
            headings: draft.extracted.headings,
            body: draft.body,
            source,
        });
    }
}

/// A JSON id: vendors use numbers, exports sometimes strings.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum JsonId {
    Number(u64),
    Text(String),
}

impl JsonId {
    fn into_string(self) -> String {
        match self {
            JsonId::Number(n) => n.to_string(),
            JsonId::Text(s) => s,
        }
    }
}

/// `{"articles": [...]}` from the Zendesk Help Center API.
#[derive(Debug, Deserialize)]
struct ZendeskExport {
    articles: Vec<ZendeskArticle>,
}

#[derive(Debug, Deserialize)]
struct ZendeskArticle {
    id: Option<JsonId>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    html_url: Option<String>,
    #[serde(default)]
    label_names: Vec<String>,
    #[serde(default)]
    draft: bool,
}

/// A Freshdesk solution article.
#[derive(Debug, Deserialize)]
struct FreshdeskArticle {
    id: Option<JsonId>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    description_text: Option<String>,
    #[serde(default)]
    status: Option<u8>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum FreshdeskFile {
    Many(Vec<FreshdeskArticle>),
    One(FreshdeskArticle),
}

/// One line of a JSONL file.
#[derive(Debug, Deserialize)]
struct JsonlArticle {
    id: Option<JsonId>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

/// Zendesk export or Freshdesk article(s), told apart by shape.
fn parse_json(path: &Path, text: &str, out: &mut Loaded) -> Result<(), KbError> {
    // First pass: syntax, with the position of the error.
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| KbError::json(path, &e))?;
    let source = path.display().to_string();
    let is_zendesk = value.get("articles").is_some();
    let is_freshdesk = match &value {
        serde_json::Value::Array(items) => items
            .iter()
            .all(|i| i.get("description").is_some() || i.get("description_text").is_some()),
        serde_json::Value::Object(o) => {
            o.contains_key("description") || o.contains_key("description_text")
        }
        _ => false,
    };
    // Second pass: shape, again with positions (typed errors from `from_str` keep them).
    if is_zendesk {
        let export: ZendeskExport =
            serde_json::from_str(text).map_err(|e| KbError::json(path, &e))?;
        for (i, a) in export.articles.into_iter().enumerate() {
            let source = format!("{source}#articles/{i}");
            let Some(id) = a.id.map(JsonId::into_string) else {
                out.skip_without_id(source);
                continue;
            };
            if a.draft {
                out.skip(&source, id, "draft");
                continue;
            }
            out.push(
                html_draft(id, a.title, a.body.as_deref(), a.html_url, a.label_names),
                source,
            );
        }
    } else if is_freshdesk {
        let file: FreshdeskFile =
            serde_json::from_str(text).map_err(|e| KbError::json(path, &e))?;
        let articles = match file {
            FreshdeskFile::Many(many) => many,
            FreshdeskFile::One(one) => vec![one],
        };
        for (i, a) in articles.into_iter().enumerate() {
            let source = format!("{source}#{i}");
            let Some(id) = a.id.map(JsonId::into_string) else {
                out.skip_without_id(source);
                continue;
            };
            if a.status == Some(1) {
                out.skip(&source, id, "draft (Freshdesk status 1)");
                continue;
            }
            let mut draft = html_draft(id, a.title, a.description.as_deref(), a.url, a.tags);
            if let Some(plain) = a.description_text.filter(|t| !t.trim().is_empty()) {
                draft.body = plain;
            }
            out.push(draft, source);
        }
    } else {
        return Err(KbError::Json {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "unrecognised JSON: expected a Zendesk export ({\"articles\": [...]}) or Freshdesk solution article(s) (objects with \"description\")".to_string(),
        });
    }
    Ok(())
}

/// An article whose body may be HTML or plain text.
fn html_draft(
    id: String,
    title: Option<String>,
    body: Option<&str>,
    url: Option<String>,
    tags: Vec<String>,
) -> Draft {
    let body = body.unwrap_or("");
    let extracted = if markup::looks_like_html(body) {
        markup::html_to_text(body)
    } else {
        Extracted {
            text: markup::decode_entities(body).trim().to_string(),
            ..Extracted::default()
        }
    };
    Draft {
        id,
        title,
        url,
        tags,
        body: extracted.text.clone(),
        extracted,
    }
}

fn parse_jsonl(path: &Path, text: &str, out: &mut Loaded) -> Result<(), KbError> {
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let line_no = index + 1;
        let a: JsonlArticle =
            serde_json::from_str(line).map_err(|e| KbError::json_at(path, index, &e))?;
        let source = format!("{}:{line_no}", path.display());
        let Some(id) = a.id.map(JsonId::into_string) else {
            out.skip_without_id(source);
            continue;
        };
        out.push(
            html_draft(id, a.title, a.body.as_deref(), a.url, a.tags),
            source,
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_one(path: &str, text: &str) -> Loaded {
        load_embedded(&[(path, text)], "kb").expect("loads")
    }

    #[test]
    fn ids_derive_from_the_path_without_extensions() {
        assert_eq!(
            path_id(Path::new("volumes/overview.html.md")),
            "volumes/overview"
        );
        assert_eq!(path_id(Path::new("faq.markdown")), "faq");
        assert_eq!(path_id(Path::new("a.b/c.htm")), "a.b/c");
    }

    #[test]
    fn markdown_title_falls_back_to_the_first_heading_and_url_to_the_source() {
        let loaded = load_one(
            "kb/guide/setup.md",
            "Intro line.\n\n# Setting up\n\nSteps.\n",
        );
        let a = &loaded.articles[0];
        assert_eq!(
            (a.id.as_str(), a.title.as_str()),
            ("guide/setup", "Setting up")
        );
        assert_eq!(a.url, "kb/guide/setup.md");
    }

    #[test]
    fn zendesk_export_reads_labels_urls_and_skips_drafts() {
        let export = r#"{"articles": [
            {"id": 360001, "title": "Track", "body": "<h2>Where</h2><p>Open <b>Orders</b>.</p>",
             "html_url": "https://help.example/hc/360001", "label_names": ["shipping"], "locale": "en-us"},
            {"id": 360002, "title": "Soon", "body": "<p>x</p>", "draft": true}]}"#;
        let loaded = load_one("kb/export.json", export);
        assert_eq!(loaded.articles.len(), 1);
        let a = &loaded.articles[0];
        assert_eq!(
            (a.id.as_str(), a.url.as_str()),
            ("360001", "https://help.example/hc/360001")
        );
        assert_eq!(a.tags, ["shipping"]);
        assert_eq!(a.headings, ["Where"]);
        assert_eq!(a.body, "Where\nOpen Orders.");
        assert_eq!(loaded.skipped[0].reason, "draft");
    }

    #[test]
    fn freshdesk_single_object_prefers_description_text() {
        let one = r#"{"id": 80001, "title": "Reset your password", "description": "<p>Click <i>Forgot</i>.</p>",
            "description_text": "Click Forgot password.", "status": 2, "tags": ["login"]}"#;
        let loaded = load_one("kb/fd.json", one);
        assert_eq!(loaded.articles[0].body, "Click Forgot password.");
        assert_eq!(loaded.articles[0].tags, ["login"]);
    }

    #[test]
    fn jsonl_lines_and_missing_ids() {
        let text = "{\"id\": \"a\", \"title\": \"A\", \"body\": \"plain text\", \"tags\": [\"t\"]}\n{\"title\": \"no id\", \"body\": \"x\"}\n";
        let loaded = load_one("kb/more.jsonl", text);
        assert_eq!(loaded.articles.len(), 1);
        assert_eq!(loaded.articles[0].source, "kb/more.jsonl:1");
        assert_eq!(loaded.skipped[0].source, "kb/more.jsonl:2");
        assert_eq!(loaded.skipped[0].reason, "no id");
    }
}
