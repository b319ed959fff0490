//! Sources to index: incremental on-disk indexing by content hash, and in-memory builds.
//!
//! An on-disk index mirrors the sources of its last `index` run: articles not seen again are
//! removed. One writer at a time (tantivy's lock file); a second run gets [`KbError::Locked`].
//! Duplicate ids: the first article in path order is kept, the later ones are reported as
//! skipped.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::directory::RamDirectory;
use tantivy::directory::error::LockError;
use tantivy::schema::Value;
use tantivy::{Index, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError, Term};

use super::error::KbError;
use super::schema::{self, FORMAT_VERSION, Fields, VERSION_FILE};
use super::sources::{self, Skipped, SourceArticle};

/// What an [`index`] run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Articles new to the index.
    pub added: usize,
    /// Articles whose content changed.
    pub updated: usize,
    /// Articles no longer in the sources, deleted.
    pub removed: usize,
    /// Articles with the same content hash, left alone.
    pub unchanged: usize,
    /// Articles and files not indexed, each with a reason (empty, draft, duplicate id, ...).
    pub skipped: Vec<Skipped>,
    /// Articles in the index after the run.
    pub total: usize,
}

/// Initial memory for in-memory builds (sizes the term hash table; it grows if needed).
const RAM_WRITER_MEMORY: usize = 4_000_000;

/// Memory for the writer, per indexing thread.
const WRITER_MEMORY_PER_THREAD: usize = 64 * 1024 * 1024;

/// Indexes `sources` (files or directories) into the index in `index_dir`, creating it if
/// needed. Unchanged articles are skipped, changed ones replaced, vanished ones removed.
///
/// # Errors
/// A source that cannot be read or parsed (the index is left untouched), a directory that
/// holds something other than a replylint index, an index of another format version, a
/// concurrent writer ([`KbError::Locked`]) or a tantivy failure.
pub fn index(sources: &[PathBuf], index_dir: &Path) -> Result<IndexReport, KbError> {
    let index = open_or_create(index_dir)?;
    let fields =
        schema::fields_of(&index.schema()).map_err(|e| KbError::index(Some(index_dir), e))?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let mut writer: IndexWriter = index
        .writer_with_num_threads(threads, threads * WRITER_MEMORY_PER_THREAD)
        .map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => KbError::Locked {
                dir: index_dir.to_path_buf(),
            },
            e => KbError::index(Some(index_dir), e),
        })?;
    let existing =
        stored_hashes(&index, &fields).map_err(|e| KbError::index(Some(index_dir), e))?;

    let loaded = sources::load(sources)?;
    let (articles, mut skipped) = dedupe(loaded.articles);
    skipped.splice(0..0, loaded.skipped);

    let mut report = IndexReport {
        skipped,
        total: articles.len(),
        ..IndexReport::default()
    };
    let mut seen = HashSet::with_capacity(articles.len());
    for article in &articles {
        seen.insert(article.id.as_str());
        let hash = content_hash(article);
        match existing.get(&article.id) {
            Some(old) if *old == hash => {
                report.unchanged += 1;
                continue;
            }
            Some(_) => {
                writer.delete_term(Term::from_field_text(fields.id, &article.id));
                report.updated += 1;
            }
            None => report.added += 1,
        }
        writer
            .add_document(document(&fields, article, &hash))
            .map_err(|e| KbError::index(Some(index_dir), e))?;
    }
    for id in existing
        .keys()
        .filter(|id| !seen.contains(String::as_str(id)))
    {
        writer.delete_term(Term::from_field_text(fields.id, id));
        report.removed += 1;
    }
    if report.added + report.updated + report.removed > 0 {
        let mut commit = writer
            .prepare_commit()
            .map_err(|e| KbError::index(Some(index_dir), e))?;
        commit.set_payload(&format!("replylint-kb v{FORMAT_VERSION}"));
        commit
            .commit()
            .map_err(|e| KbError::index(Some(index_dir), e))?;
    }
    writer
        .wait_merging_threads()
        .map_err(|e| KbError::index(Some(index_dir), e))?;
    Ok(report)
}

/// Builds an in-memory index of `articles` (duplicates: first kept). Returns the index and
/// the duplicates that were skipped.
///
/// Uses tantivy's single-segment writer: no indexing or merge threads are started, which
/// keeps the bundled knowledge base's start-up cost low.
pub(crate) fn build_in_ram(articles: Vec<SourceArticle>) -> Result<(Index, Vec<Skipped>), KbError> {
    let (schema, fields) = schema::build();
    let tokenizers = tantivy::tokenizer::TokenizerManager::default();
    tokenizers.register(schema::ANALYZER, schema::analyzer());
    let (articles, skipped) = dedupe(articles);
    let mut writer = Index::builder()
        .schema(schema)
        .tokenizers(tokenizers)
        .single_segment_index_writer(RamDirectory::create(), RAM_WRITER_MEMORY)
        .map_err(|e| KbError::index(None, e))?;
    for article in &articles {
        writer
            .add_document(document(&fields, article, &content_hash(article)))
            .map_err(|e| KbError::index(None, e))?;
    }
    let index = writer.finalize().map_err(|e| KbError::index(None, e))?;
    Ok((index, skipped))
}

/// Opens the index in `dir` for reading, checking that it is ours and of our version.
pub(crate) fn open_existing(dir: &Path) -> Result<Index, KbError> {
    if !dir.is_dir() {
        return Err(KbError::MissingIndex {
            dir: dir.to_path_buf(),
        });
    }
    if !dir.join("meta.json").is_file() {
        return Err(KbError::NotAnIndex {
            dir: dir.to_path_buf(),
            marker: "meta.json",
        });
    }
    check_version(dir)?;
    let index = Index::open_in_dir(dir).map_err(|e| KbError::index(Some(dir), e))?;
    schema::register(&index);
    Ok(index)
}

/// Opens the index in `dir`, or creates it (and the directory) when there is none.
fn open_or_create(dir: &Path) -> Result<Index, KbError> {
    if dir.join("meta.json").is_file() {
        return open_existing(dir);
    }
    fs::create_dir_all(dir).map_err(|e| KbError::io(dir, e))?;
    let not_empty = fs::read_dir(dir)
        .map_err(|e| KbError::io(dir, e))?
        .next()
        .is_some();
    if not_empty {
        // Refuse to litter a directory that holds something else (a docs folder, say).
        return Err(KbError::NotAnIndex {
            dir: dir.to_path_buf(),
            marker: "meta.json",
        });
    }
    let (schema, _) = schema::build();
    let index = Index::create_in_dir(dir, schema).map_err(|e| KbError::index(Some(dir), e))?;
    schema::register(&index);
    let marker = serde_json::json!({ "format": "replylint-kb", "version": FORMAT_VERSION });
    fs::write(dir.join(VERSION_FILE), format!("{marker}\n"))
        .map_err(|e| KbError::io(dir.join(VERSION_FILE), e))?;
    Ok(index)
}

fn check_version(dir: &Path) -> Result<(), KbError> {
    let path = dir.join(VERSION_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(KbError::FormatVersion {
                dir: dir.to_path_buf(),
                found: format!("unknown (no {VERSION_FILE})"),
                expected: FORMAT_VERSION,
            });
        }
        Err(e) => return Err(KbError::io(path, e)),
    };
    let marker: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| KbError::json(&path, &e))?;
    match marker.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(FORMAT_VERSION) => Ok(()),
        other => Err(KbError::FormatVersion {
            dir: dir.to_path_buf(),
            found: other.map_or_else(|| "missing".to_string(), |v| v.to_string()),
            expected: FORMAT_VERSION,
        }),
    }
}

/// Id to content hash of every live document in the index.
fn stored_hashes(index: &Index, fields: &Fields) -> tantivy::Result<HashMap<String, String>> {
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let mut hashes = HashMap::new();
    for segment in searcher.segment_readers() {
        let store = segment.get_store_reader(16)?;
        for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
            let doc = doc?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            hashes.insert(text(fields.id), text(fields.hash));
        }
    }
    Ok(hashes)
}

/// Keeps the first article of each id; later ones become [`Skipped`].
fn dedupe(articles: Vec<SourceArticle>) -> (Vec<SourceArticle>, Vec<Skipped>) {
    let mut first: HashMap<String, String> = HashMap::new();
    let mut kept = Vec::with_capacity(articles.len());
    let mut skipped = Vec::new();
    for article in articles {
        if let Some(original) = first.get(&article.id) {
            skipped.push(Skipped {
                reason: format!(
                    "duplicate id `{}`: already defined by {original}; the first definition is kept",
                    article.id
                ),
                source: article.source,
                id: Some(article.id),
            });
            continue;
        }
        first.insert(article.id.clone(), article.source.clone());
        kept.push(article);
    }
    (kept, skipped)
}

/// FNV-1a (64-bit) over every indexed field and the format version: stable across runs,
/// platforms and Rust versions, unlike `DefaultHasher`.
fn content_hash(article: &SourceArticle) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes.iter().chain(&[0xff]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(&FORMAT_VERSION.to_le_bytes());
    for part in [
        &article.id,
        &article.title,
        &article.url,
        &article.body,
        &article.source,
    ] {
        feed(part.as_bytes());
    }
    for part in article.tags.iter().chain(&article.headings) {
        feed(part.as_bytes());
    }
    format!("{hash:016x}")
}

fn document(fields: &Fields, article: &SourceArticle, hash: &str) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &article.id);
    doc.add_text(fields.title, &article.title);
    for heading in &article.headings {
        doc.add_text(fields.headings, heading);
    }
    doc.add_text(fields.body, &article.body);
    for tag in &article.tags {
        doc.add_text(fields.tags, tag);
    }
    doc.add_text(fields.url, &article.url);
    doc.add_text(fields.hash, hash);
    doc.add_text(fields.source, &article.source);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, body: &str, source: &str) -> SourceArticle {
        SourceArticle {
            id: id.to_string(),
            title: format!("Title {id}"),
            url: format!("https://help.example/{id}"),
            tags: vec![],
            headings: vec![],
            body: body.to_string(),
            source: source.to_string(),
        }
    }

    #[test]
    fn duplicate_ids_keep_the_first_and_report_the_rest() {
        let (kept, skipped) = dedupe(vec![
            article("a", "one", "x.md"),
            article("a", "two", "y.md"),
            article("b", "three", "z.md"),
        ]);
        assert_eq!(
            kept.iter().map(|a| a.body.as_str()).collect::<Vec<_>>(),
            ["one", "three"]
        );
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].source, "y.md");
        assert!(skipped[0].reason.contains("x.md"), "{}", skipped[0].reason);
    }

    #[test]
    fn content_hash_changes_with_content_only() {
        let a = article("a", "body", "x.md");
        let mut b = a.clone();
        assert_eq!(content_hash(&a), content_hash(&b));
        b.body.push('!');
        assert_ne!(content_hash(&a), content_hash(&b));
    }
}
