//! Opening a knowledge base (on disk or the bundled one) and suggesting articles.
//!
//! A suggestion query is built from the weighted key terms of a [`Query`] (never parsed as
//! query syntax): for each term, the best of its BM25 scores in title, headings, tags and
//! body plus part of the others (a dismax; titles and tags weigh more), plus phrase boosts for
//! adjacent key terms found together in a title or heading. A term the index has never seen
//! is replaced by its closest indexed spelling (edit distance 1, or 2 for long words), so
//! "pasword" still finds "password".
//!
//! Relevance: a hit must *cover* enough of the message, i.e. the article must contain terms
//! carrying at least [`MIN_COVERAGE`] of the query's idf-weighted key terms (words no article
//! has count against it), contain at least [`MIN_TERMS`] of them (one shared word is chance),
//! and score at least [`MIN_RELATIVE`] of the best hit. Coverage also
//! re-ranks (score times [`COVERAGE_BASE`] + coverage). Articles the draft already links are
//! dropped.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use super::error::KbError;
use super::indexer;
use super::query::{KeyTerms, Query};
use super::schema::{self, Fields};
use super::sources::{self, Skipped};

/// A suggested article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// Article id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Link to give the customer.
    pub url: String,
    /// Relevance (BM25-based; comparable within one query only).
    pub score: f32,
    /// Plain-text excerpt around the matched terms.
    pub snippet: String,
    /// Byte ranges of matched terms within `snippet`.
    pub highlights: Vec<Range<usize>>,
}

impl Article {
    /// The snippet with each highlight wrapped in `open` / `close` (e.g. `**`, or ANSI codes).
    pub fn marked_snippet(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.snippet.len() + 8 * self.highlights.len());
        let mut at = 0;
        for range in &self.highlights {
            out.push_str(&self.snippet[at..range.start]);
            out.push_str(open);
            out.push_str(&self.snippet[range.clone()]);
            out.push_str(close);
            at = range.end;
        }
        out.push_str(&self.snippet[at..]);
        out
    }
}

/// Where a knowledge base was loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The sample articles compiled into replylint (`corpus/kb/`).
    Bundled,
    /// An index directory built by [`crate::kb::index`].
    Dir(PathBuf),
    /// Sources indexed in memory by [`KnowledgeBase::in_memory`].
    Memory,
}

/// A searchable knowledge base.
pub struct KnowledgeBase {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    origin: Origin,
    skipped: Vec<Skipped>,
}

impl std::fmt::Debug for KnowledgeBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnowledgeBase")
            .field("origin", &self.origin)
            .field("articles", &self.len())
            .finish_non_exhaustive()
    }
}

/// Field weights: a title, heading or tag match says more about the topic than a body match.
const TITLE_BOOST: f32 = 2.0;
const HEADINGS_BOOST: f32 = 1.0;
const TAGS_BOOST: f32 = 1.5;
const BODY_BOOST: f32 = 1.0;

/// Share of the non-best fields' scores added to the best field's score for one term
/// (1.0 would sum the fields; 0.0 would keep only the best).
const FIELD_TIE_BREAKER: f32 = 0.5;

/// Weight of two key terms found next to each other in a title or heading, relative to one
/// term. (Pairs are not searched in bodies: phrase matching there costs more than it gives.)
const PAIR_BOOST: f32 = 1.0;
/// Positions a pair may be apart in an article beyond adjacency (a dropped stop word).
const PAIR_SLOP: u32 = 1;
/// At most this many pairs make it into a query (heaviest first).
const MAX_PAIRS: usize = 12;

/// At most this many key terms make it into a query (heaviest by weight times rarity).
const MAX_TERMS: usize = 32;
/// A hit's terms must carry at least this share of the query's weight (see
/// [`Plan::coverages`]).
const MIN_COVERAGE: f32 = 0.2;
/// A hit must contain at least this many of the query's key terms (fewer if the query has fewer).
const MIN_TERMS: usize = 2;
/// A hit must score at least this share of the best hit.
const MIN_RELATIVE: f32 = 0.3;
/// Weight of a spelling-corrected term relative to the word as typed.
const CORRECTION_WEIGHT: f32 = 0.8;
/// Re-ranking: BM25 score times (this + coverage).
const COVERAGE_BASE: f32 = 2.0;
/// Hits examined beyond the requested number (some fail the coverage test or are linked).
const CANDIDATES: usize = 20;
/// Characters in a snippet.
const SNIPPET_CHARS: usize = 200;

impl KnowledgeBase {
    /// Opens the index in `dir` (built by [`crate::kb::index`]).
    ///
    /// # Errors
    /// [`KbError::MissingIndex`] if `dir` does not exist, [`KbError::NotAnIndex`] or
    /// [`KbError::FormatVersion`] if it holds no index of this version.
    pub fn open(dir: &Path) -> Result<Self, KbError> {
        let index = indexer::open_existing(dir)?;
        Self::from_index(index, Origin::Dir(dir.to_path_buf()), Vec::new())
    }

    /// The bundled sample knowledge base, built in memory on first use and shared after.
    ///
    /// # Errors
    /// Only if the embedded articles cannot be indexed (a build defect, caught by tests).
    pub fn bundled() -> Result<&'static KnowledgeBase, KbError> {
        static BUNDLED: OnceLock<KnowledgeBase> = OnceLock::new();
        if let Some(kb) = BUNDLED.get() {
            return Ok(kb);
        }
        // Another thread may have won the race; either value is the same knowledge base.
        let _ = BUNDLED.set(Self::build_bundled()?);
        Ok(BUNDLED.get().expect("set just above"))
    }

    /// Builds a fresh, uncached copy of the bundled knowledge base (what [`Self::bundled`]
    /// does once per process); useful to measure start-up cost.
    ///
    /// # Errors
    /// Only if the embedded articles cannot be indexed (a build defect, caught by tests).
    pub fn build_bundled() -> Result<KnowledgeBase, KbError> {
        let loaded = sources::load_embedded(crate::embedded::KB_FILES, "corpus/kb")?;
        let mut kb = Self::build(loaded.articles, Origin::Bundled)?;
        kb.skipped.splice(0..0, loaded.skipped);
        Ok(kb)
    }

    /// Indexes `sources` (files or directories) in memory, without touching the disk.
    ///
    /// # Errors
    /// A source that cannot be read or parsed, or a tantivy failure.
    pub fn in_memory(sources: &[PathBuf]) -> Result<Self, KbError> {
        let loaded = sources::load(sources)?;
        let mut kb = Self::build(loaded.articles, Origin::Memory)?;
        kb.skipped.splice(0..0, loaded.skipped);
        Ok(kb)
    }

    fn build(articles: Vec<sources::SourceArticle>, origin: Origin) -> Result<Self, KbError> {
        let (index, skipped) = indexer::build_in_ram(articles)?;
        Self::from_index(index, origin, skipped)
    }

    fn from_index(index: Index, origin: Origin, skipped: Vec<Skipped>) -> Result<Self, KbError> {
        let dir = match &origin {
            Origin::Dir(dir) => Some(dir.as_path()),
            _ => None,
        };
        let fields = schema::fields_of(&index.schema()).map_err(|e| KbError::index(dir, e))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| KbError::index(dir, e))?;
        Ok(KnowledgeBase {
            index,
            reader,
            fields,
            origin,
            skipped,
        })
    }

    /// Where this knowledge base came from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Articles skipped while building an in-memory knowledge base (empty for `open`).
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Number of articles.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether there are no articles.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether an article with this id exists.
    pub fn contains(&self, id: &str) -> Result<bool, KbError> {
        let term = Term::from_field_text(self.fields.id, id);
        let df = self
            .reader
            .searcher()
            .doc_freq(&term)
            .map_err(|e| self.error(e))?;
        Ok(df > 0)
    }

    /// Up to `limit` articles for `query`, best first, above the relevance threshold and
    /// not already linked from the draft. An empty list means nothing relevant.
    ///
    /// # Errors
    /// A tantivy failure while searching or reading stored fields.
    pub fn suggest(&self, query: &Query, limit: usize) -> Result<Vec<Article>, KbError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let mut analyzer = self.analyzer()?;
        let key_terms = query.key_terms(&mut analyzer);
        let Some(plan) = self.build_query(&searcher, &key_terms)? else {
            return Ok(Vec::new());
        };
        let draft = normalize_url(query.draft());
        let hits = searcher
            .search(
                &*plan.query,
                &TopDocs::with_limit(limit + CANDIDATES).order_by_score(),
            )
            .map_err(|e| self.error(e))?;
        // Articles that cover too little of the message are not about it.
        let addresses: Vec<DocAddress> = hits.iter().map(|(_, address)| *address).collect();
        let coverages = plan
            .coverages(&searcher, &self.fields, &addresses)
            .map_err(|e| self.error(e))?;
        // One shared word ("send", "hang") is chance when the message has more to say.
        let min_terms = plan.mass.len().min(MIN_TERMS);
        let mut ranked: Vec<(f32, DocAddress)> = hits
            .iter()
            .zip(coverages)
            .filter(|(_, (coverage, terms))| *coverage >= MIN_COVERAGE && *terms >= min_terms)
            .map(|(hit, (coverage, _))| (hit, coverage))
            .map(|((score, address), coverage)| (score * (COVERAGE_BASE + coverage), *address))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        let floor = MIN_RELATIVE * ranked.first().map_or(0.0, |(score, _)| *score);

        let mut snippets = SnippetGenerator::create(&searcher, &*plan.query, self.fields.body)
            .map_err(|e| self.error(e))?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut articles = Vec::with_capacity(limit);
        for (score, address) in ranked {
            if score < floor || articles.len() == limit {
                break;
            }
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.error(e))?;
            let url = text_of(&doc, self.fields.url);
            if links_to(&draft, &normalize_url(&url)) {
                continue;
            }
            let snippet = snippets.snippet_from_doc(&doc);
            let (snippet, highlights) = if snippet.is_empty() {
                (lead(&text_of(&doc, self.fields.body)), Vec::new())
            } else {
                // Line breaks become spaces: same byte length, so highlights stay valid.
                (
                    snippet.fragment().replace(['\n', '\r', '\t'], " "),
                    snippet.highlighted().to_vec(),
                )
            };
            articles.push(Article {
                id: text_of(&doc, self.fields.id),
                title: text_of(&doc, self.fields.title),
                url,
                score,
                snippet,
                highlights,
            });
        }
        Ok(articles)
    }

    /// The analyzer the index uses for text fields.
    fn analyzer(&self) -> Result<TextAnalyzer, KbError> {
        self.index
            .tokenizer_for_field(self.fields.body)
            .map_err(|e| self.error(e))
    }

    /// The tantivy query for weighted key terms, and the score of an average-length document
    /// holding every term once in its body (the reference for the relevance floor).
    fn build_query(
        &self,
        searcher: &Searcher,
        key_terms: &KeyTerms,
    ) -> Result<Option<Plan>, KbError> {
        let terms = &key_terms.terms;
        let num_docs = searcher.num_docs();
        if num_docs == 0 {
            return Ok(None);
        }
        let f = &self.fields;
        let text_fields = [f.title, f.headings, f.tags, f.body];
        // (term text, weight, idf in the body)
        let mut resolved: Vec<(String, f32, f32)> = Vec::new();
        let mut unknown_mass = 0.0;
        for (term, weight) in terms {
            let df = self.doc_freq_any(searcher, &text_fields, term)?;
            let (term, weight, df) = if df > 0 {
                (term.clone(), *weight, df)
            } else {
                match self.correct_spelling(searcher, term)? {
                    Some((fixed, df)) => (fixed, weight * CORRECTION_WEIGHT, df),
                    None => {
                        unknown_mass += weight * idf(1, num_docs);
                        continue;
                    }
                }
            };
            if resolved.iter().any(|(t, _, _)| *t == term) {
                continue;
            }
            resolved.push((term, weight, idf(df, num_docs)));
        }
        resolved.sort_by(|a, b| (b.1 * b.2).total_cmp(&(a.1 * a.2)));
        resolved.truncate(MAX_TERMS);
        if resolved.is_empty() {
            return Ok(None);
        }
        let mut clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> = Vec::new();
        for (term, weight, _) in &resolved {
            let per_field: Vec<Box<dyn tantivy::query::Query>> = [
                (f.title, TITLE_BOOST),
                (f.headings, HEADINGS_BOOST),
                (f.tags, TAGS_BOOST),
                (f.body, BODY_BOOST),
            ]
            .into_iter()
            .map(|(field, boost)| {
                let query = TermQuery::new(
                    Term::from_field_text(field, term),
                    IndexRecordOption::WithFreqs,
                );
                Box::new(BoostQuery::new(Box::new(query), weight * boost))
                    as Box<dyn tantivy::query::Query>
            })
            .collect();
            clauses.push(best_field(per_field));
        }
        let known = |t: &String| resolved.iter().any(|(r, _, _)| r == t);
        for (a, b, weight) in key_terms
            .pairs
            .iter()
            .filter(|(a, b, _)| known(a) && known(b))
            .take(MAX_PAIRS)
        {
            let per_field: Vec<Box<dyn tantivy::query::Query>> =
                [(f.title, TITLE_BOOST), (f.headings, HEADINGS_BOOST)]
                    .into_iter()
                    .map(|(field, boost)| {
                        let mut phrase = PhraseQuery::new(vec![
                            Term::from_field_text(field, a),
                            Term::from_field_text(field, b),
                        ]);
                        phrase.set_slop(PAIR_SLOP);
                        Box::new(BoostQuery::new(
                            Box::new(phrase),
                            PAIR_BOOST * weight * boost,
                        )) as Box<dyn tantivy::query::Query>
                    })
                    .collect();
            clauses.push(best_field(per_field));
        }
        let mass: Vec<(String, f32)> = resolved
            .into_iter()
            .map(|(term, weight, idf)| (term, weight * idf))
            .collect();
        let total_mass = unknown_mass + mass.iter().map(|(_, m)| m).sum::<f32>();
        Ok(Some(Plan {
            query: Box::new(BooleanQuery::new(clauses)),
            mass,
            total_mass,
        }))
    }

    fn doc_freq_any(
        &self,
        searcher: &Searcher,
        fields: &[Field],
        term: &str,
    ) -> Result<u64, KbError> {
        let mut best = 0;
        for field in fields {
            let df = searcher
                .doc_freq(&Term::from_field_text(*field, term))
                .map_err(|e| self.error(e))?;
            best = best.max(df);
        }
        Ok(best)
    }

    /// The most frequent body term within edit distance 1 (2 for words of 8+ bytes) of an
    /// unknown `term`, with its document frequency. Short words are left alone.
    fn correct_spelling(
        &self,
        searcher: &Searcher,
        term: &str,
    ) -> Result<Option<(String, u64)>, KbError> {
        if term.len() < 4 || term.chars().any(|c| c.is_ascii_digit()) {
            return Ok(None);
        }
        let distance = if term.len() >= 8 { 2 } else { 1 };
        let fuzzy = FuzzyTermQuery::new(
            Term::from_field_text(self.fields.body, term),
            distance,
            true,
        );
        let mut best: Option<(String, u64)> = None;
        for segment in searcher.segment_readers() {
            let inverted = segment
                .inverted_index(self.fields.body)
                .map_err(|e| self.error(e))?;
            let automaton = fuzzy.automaton().map_err(|e| self.error(e))?;
            let mut stream = inverted
                .terms()
                .search(automaton)
                .into_stream()
                .map_err(|e| self.error(e.into()))?;
            while stream.advance() {
                let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let df = u64::from(stream.value().doc_freq);
                match &mut best {
                    Some((t, d)) if t == candidate => *d += df,
                    Some((_, d)) if *d >= df => {}
                    _ => best = Some((candidate.to_string(), df)),
                }
            }
        }
        Ok(best)
    }

    fn error(&self, source: tantivy::TantivyError) -> KbError {
        match &self.origin {
            Origin::Dir(dir) => KbError::index(Some(dir), source),
            _ => KbError::index(None, source),
        }
    }
}

/// A tantivy query for a [`Query`], with what it takes to judge coverage of a hit.
struct Plan {
    query: Box<dyn tantivy::query::Query>,
    /// Each searched term with its weight times idf.
    mass: Vec<(String, f32)>,
    /// Sum of all key terms' weight times idf, including terms no article contains.
    total_mass: f32,
}

impl Plan {
    /// For each hit, the share of the query's weight (times idf) whose terms occur in the
    /// article (any text field), i.e. how much of what the customer wrote the article is about,
    /// and how many of the key terms it contains. Read from the postings lists, not by
    /// re-analyzing stored text.
    fn coverages(
        &self,
        searcher: &Searcher,
        fields: &Fields,
        hits: &[DocAddress],
    ) -> tantivy::Result<Vec<(f32, usize)>> {
        let mut present = vec![vec![false; self.mass.len()]; hits.len()];
        // Postings only seek forward: visit each segment's hits in doc order.
        let mut order: Vec<usize> = (0..hits.len()).collect();
        order.sort_by_key(|&i| (hits[i].segment_ord, hits[i].doc_id));
        for group in order.chunk_by(|&a, &b| hits[a].segment_ord == hits[b].segment_ord) {
            let segment = searcher.segment_reader(hits[group[0]].segment_ord);
            for field in [fields.title, fields.headings, fields.tags, fields.body] {
                let inverted = segment.inverted_index(field)?;
                for (t, (term, _)) in self.mass.iter().enumerate() {
                    let term = Term::from_field_text(field, term);
                    let Some(mut postings) =
                        inverted.read_postings(&term, IndexRecordOption::Basic)?
                    else {
                        continue;
                    };
                    for &i in group {
                        let target = hits[i].doc_id;
                        if postings.doc() <= target && postings.seek(target) == target {
                            present[i][t] = true;
                        }
                    }
                }
            }
        }
        Ok(present
            .iter()
            .map(|found| {
                let matched: f32 = self
                    .mass
                    .iter()
                    .zip(found)
                    .filter(|(_, found)| **found)
                    .map(|((_, mass), _)| mass)
                    .sum();
                let share = if self.total_mass > 0.0 {
                    matched / self.total_mass
                } else {
                    0.0
                };
                (share, found.iter().filter(|&&f| f).count())
            })
            .collect())
    }
}

/// BM25's idf, as tantivy computes it.
fn idf(doc_freq: u64, num_docs: u64) -> f32 {
    let (df, n) = (doc_freq as f32, num_docs as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

fn text_of(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// The first [`SNIPPET_CHARS`] characters of `body`, cut at a word boundary.
fn lead(body: &str) -> String {
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= SNIPPET_CHARS {
        return flat;
    }
    let cut = flat
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(flat.len(), |(i, _)| i);
    let cut = flat[..cut].rfind(' ').unwrap_or(cut);
    format!("{}…", &flat[..cut])
}

/// Whether normalized `draft` text contains normalized `url` as a whole link (not as the
/// prefix of a longer one).
fn links_to(draft: &str, url: &str) -> bool {
    !url.is_empty()
        && draft.match_indices(url).any(|(at, _)| {
            draft[at + url.len()..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'))
        })
}

/// Lowercase, without scheme, `www.` and trailing slash, so that links compare loosely.
fn normalize_url(text: &str) -> String {
    let lower = text.to_lowercase();
    let lower = lower
        .replace("https://", "")
        .replace("http://", "")
        .replace("www.", "");
    lower.trim_end_matches('/').to_string()
}

/// One `Should` clause scoring a term (or pair) by its best field, plus a share of the others.
fn best_field(
    per_field: Vec<Box<dyn tantivy::query::Query>>,
) -> (Occur, Box<dyn tantivy::query::Query>) {
    let query = DisjunctionMaxQuery::with_tie_breaker(per_field, FIELD_TIE_BREAKER);
    (Occur::Should, Box::new(query))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::sources::SourceArticle;

    fn tiny() -> KnowledgeBase {
        let article = |id: &str, title: &str, body: &str| SourceArticle {
            id: id.to_string(),
            title: title.to_string(),
            url: format!("https://help.example/{id}"),
            tags: vec![],
            headings: vec![],
            body: body.to_string(),
            source: format!("{id}.md"),
        };
        let articles = vec![
            article(
                "password",
                "Reset your password",
                "Click Forgot password on the login page. We email a reset link.",
            ),
            article(
                "refunds",
                "Refunds",
                "Refunds go back to the card within ten days. Invoices show the refund.",
            ),
            article(
                "login-history",
                "Login history",
                "See every login to your account, with the password reset events and the device.",
            ),
            article(
                "dns",
                "DNS records",
                "Add A, CNAME and MX records to point a domain at your site.",
            ),
        ];
        KnowledgeBase::build(articles, Origin::Memory).expect("tiny KB builds")
    }

    fn ids(articles: &[Article]) -> Vec<&str> {
        articles.iter().map(|a| a.id.as_str()).collect()
    }

    #[test]
    fn title_matches_rank_first() {
        let kb = tiny();
        let hits = kb
            .suggest(&Query::from_customer("I need to reset my password"), 3)
            .expect("search");
        assert_eq!(ids(&hits)[0], "password");
    }

    #[test]
    fn misspelled_words_are_corrected_to_indexed_terms() {
        let kb = tiny();
        let hits = kb
            .suggest(&Query::from_customer("pasword resset plz"), 1)
            .expect("search");
        assert_eq!(ids(&hits), ["password"]);
    }

    #[test]
    fn off_topic_messages_get_nothing() {
        let kb = tiny();
        for message in [
            "Thanks so much, you are great!",
            "Do you sponsor football clubs?",
            "",
        ] {
            let hits = kb
                .suggest(&Query::from_customer(message), 3)
                .expect("search");
            assert!(hits.is_empty(), "{message:?}: {hits:?}");
        }
    }

    #[test]
    fn snippets_highlight_matched_terms() {
        let kb = tiny();
        let hits = kb
            .suggest(
                &Query::from_customer("when will my refund arrive on the card"),
                1,
            )
            .expect("search");
        let hit = &hits[0];
        assert_eq!(hit.id, "refunds");
        let marked: Vec<&str> = hit
            .highlights
            .iter()
            .map(|r| &hit.snippet[r.clone()])
            .collect();
        assert!(
            marked.contains(&"Refunds") && marked.contains(&"card"),
            "{marked:?}"
        );
        assert!(hit.marked_snippet("[", "]").contains("[card]"));
    }

    #[test]
    fn linked_articles_are_left_out_but_prefixes_are_not_confused() {
        let kb = tiny();
        let query = Query::from_customer("reset my password").with_draft(
            "Follow https://help.example/password/ and you are set. See also https://help.example/passwords",
        );
        let hits = kb.suggest(&query, 3).expect("search");
        assert!(!ids(&hits).contains(&"password"), "{hits:?}");
        assert!(links_to("help.example/passwords", "help.example/passwords"));
        assert!(!links_to("help.example/passwords", "help.example/password"));
    }

    #[test]
    fn limit_is_respected() {
        let kb = tiny();
        let query = Query::from_customer("password reset login account");
        assert_eq!(kb.suggest(&query, 1).expect("search").len(), 1);
        assert!(kb.suggest(&query, 0).expect("search").is_empty());
    }
}
