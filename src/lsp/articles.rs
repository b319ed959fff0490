//! The seam between the server and the knowledge base: where "Insert link" code actions and
//! `replylint.suggestArticles` get their articles. The server only sees [`ArticleSource`]: an
//! index directory ([`KnowledgeBase`]), the bundled sample articles ([`Bundled`], built on
//! first use, on a worker thread) or nothing ([`NoArticles`]).

use serde::Serialize;

use crate::document::{Document, Format};
use crate::kb::{self, KnowledgeBase, Query};

/// An article suggested for a draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    pub id: String,
    pub title: String,
    /// The link to give the customer.
    pub url: String,
    /// Relevance, comparable within one query only.
    pub score: f32,
    /// A plain-text excerpt.
    pub snippet: String,
}

impl Article {
    /// The text an "Insert link" action inserts, in the draft's markup.
    pub fn link(&self, format: Format) -> String {
        match format {
            Format::Markdown => format!("[{}]({})", self.title, self.url),
            Format::Html => format!("<a href=\"{}\">{}</a>", self.url, self.title),
            Format::Text => format!("{} ({})", self.title, self.url),
        }
    }
}

/// Something that suggests articles for a draft. Implementations must be cheap to share:
/// queries run on worker threads.
pub trait ArticleSource: Send + Sync {
    /// Up to `limit` articles for `doc` (its reply and customer message), best first.
    fn suggest(&self, doc: &Document, limit: usize) -> Result<Vec<Article>, String>;
}

/// No knowledge base: suggests nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoArticles;

impl ArticleSource for NoArticles {
    fn suggest(&self, _doc: &Document, _limit: usize) -> Result<Vec<Article>, String> {
        Ok(Vec::new())
    }
}

/// Suggests with the knowledge base `kb`. Quoted `>` lines of the draft are the customer's
/// words to the query already; a customer message given separately is added.
fn suggest_in(kb: &KnowledgeBase, doc: &Document, limit: usize) -> Result<Vec<Article>, String> {
    let mut query = Query::from_draft(doc.text());
    if let Some(customer) = doc.customer().filter(|c| !c.is_quoted()) {
        query = query.with_customer(customer.text.clone());
    }
    let found = kb.suggest(&query, limit).map_err(|e| e.to_string())?;
    Ok(found.into_iter().map(Article::from).collect())
}

impl From<kb::Article> for Article {
    fn from(a: kb::Article) -> Self {
        Article {
            id: a.id,
            title: a.title,
            url: a.url,
            score: a.score,
            snippet: a.snippet,
        }
    }
}

impl ArticleSource for KnowledgeBase {
    fn suggest(&self, doc: &Document, limit: usize) -> Result<Vec<Article>, String> {
        suggest_in(self, doc, limit)
    }
}

/// The bundled sample knowledge base, built when first asked (not when the server starts).
#[derive(Debug, Clone, Copy, Default)]
pub struct Bundled;

impl ArticleSource for Bundled {
    fn suggest(&self, doc: &Document, limit: usize) -> Result<Vec<Article>, String> {
        let kb = KnowledgeBase::bundled().map_err(|e| e.to_string())?;
        suggest_in(kb, doc, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_follow_the_draft_markup() {
        let a = Article {
            id: "reset".into(),
            title: "Reset your router".into(),
            url: "https://help.example/reset".into(),
            score: 1.0,
            snippet: String::new(),
        };
        assert_eq!(
            a.link(Format::Markdown),
            "[Reset your router](https://help.example/reset)"
        );
        assert_eq!(
            a.link(Format::Html),
            "<a href=\"https://help.example/reset\">Reset your router</a>"
        );
        assert_eq!(
            a.link(Format::Text),
            "Reset your router (https://help.example/reset)"
        );
    }
}
