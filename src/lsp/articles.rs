//! The seam between the server and the knowledge base: where "Insert link" code actions and
//! `replylint.suggestArticles` get their articles. The server only sees [`ArticleSource`]: an
//! index directory ([`KnowledgeBase`]), the bundled sample articles ([`Bundled`], built on
//! first use, on a worker thread) or nothing ([`NoArticles`]).

use crate::document::{Document, Format};
use crate::kb::{self, KnowledgeBase};

pub use crate::kb::Article;

/// The text an "Insert link" action inserts for `article`, in the draft's markup.
pub fn link(article: &Article, format: Format) -> String {
    match format {
        Format::Markdown => format!("[{}]({})", article.title, article.url),
        Format::Html => format!("<a href=\"{}\">{}</a>", article.url, article.title),
        Format::Text => format!("{} ({})", article.title, article.url),
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

/// Suggests with the knowledge base `kb`.
fn suggest_in(kb: &KnowledgeBase, doc: &Document, limit: usize) -> Result<Vec<Article>, String> {
    kb.suggest(&kb::query_for(doc), limit)
        .map_err(|e| e.to_string())
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
            highlights: Vec::new(),
        };
        assert_eq!(
            link(&a, Format::Markdown),
            "[Reset your router](https://help.example/reset)"
        );
        assert_eq!(
            link(&a, Format::Html),
            "<a href=\"https://help.example/reset\">Reset your router</a>"
        );
        assert_eq!(
            link(&a, Format::Text),
            "Reset your router (https://help.example/reset)"
        );
    }
}
