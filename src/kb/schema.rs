//! The index schema (one function, named fields), the English analyzer and the format version.

use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer,
};

/// Version of the on-disk index layout and analysis. Bump it whenever the schema, the
/// analyzer or the way text is extracted changes: older indexes then ask to be rebuilt.
pub const FORMAT_VERSION: u32 = 1;

/// Name under which [`analyzer`] is registered on every index we create or open.
pub const ANALYZER: &str = "replylint_en";

/// Name of the file in an index directory that records [`FORMAT_VERSION`].
pub const VERSION_FILE: &str = "replylint-kb.json";

/// English analysis for titles, headings, bodies and tags: split on non-alphanumerics,
/// drop very long tokens, lowercase, fold accents, drop English stop words, stem (Snowball).
///
/// This is tantivy's `en_stem` chain plus ASCII folding and stop-word removal.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::new(Language::English).expect("tantivy ships English stop words"))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// The fields of a knowledge-base index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Stable article id, untokenized; updates and removals delete by it.
    pub id: Field,
    /// Article title, analyzed and stored; boosted at query time.
    pub title: Field,
    /// Section headings inside the article, analyzed.
    pub headings: Field,
    /// Plain-text body, analyzed and stored as the snippet source.
    pub body: Field,
    /// Tags / labels, analyzed and stored (one value per tag).
    pub tags: Field,
    /// Link returned to the user, stored, untokenized.
    pub url: Field,
    /// Content hash used by incremental re-indexing.
    pub hash: Field,
    /// Where the article came from (file path, with line for JSONL), stored.
    pub source: Field,
}

/// Builds the schema and returns it with its fields.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        title: builder.add_text_field("title", text(true)),
        headings: builder.add_text_field("headings", text(false)),
        body: builder.add_text_field("body", text(true)),
        tags: builder.add_text_field("tags", text(true)),
        url: builder.add_text_field("url", STRING | STORED),
        hash: builder.add_text_field("hash", STRING | STORED),
        source: builder.add_text_field("source", STORED),
    };
    (builder.build(), fields)
}

/// Looks the fields up by name in an existing index's schema.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let get = |name: &str| schema.get_field(name);
    Ok(Fields {
        id: get("id")?,
        title: get("title")?,
        headings: get("headings")?,
        body: get("body")?,
        tags: get("tags")?,
        url: get("url")?,
        hash: get("hash")?,
        source: get("source")?,
    })
}

/// Registers [`analyzer`] on `index` (tantivy persists only the analyzer's name).
pub fn register(index: &tantivy::Index) {
    index.tokenizers().register(ANALYZER, analyzer());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenStream;

    fn tokens(text: &str) -> Vec<String> {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn analyzer_stems_folds_and_drops_stop_words() {
        assert_eq!(
            tokens("The Renewals of Café domains"),
            vec!["renew", "cafe", "domain"]
        );
    }
}
