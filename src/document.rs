//! The document model: what part of a draft is the agent's reply (linted), what part is the
//! customer's message (context only), and where its sentences are.
//!
//! Parsing never changes byte offsets. It builds a *masked* copy of the text of the same length
//! in which everything that must not be linted (quoted customer text, code, URLs, e-mail
//! addresses, markup, comments, signatures) is blanked out with spaces, and template
//! placeholders read as a neutral name. Rules match against the masked copy, so every span they
//! report is a span of the original text.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::suppress::Suppressions;
use crate::template;

/// How the draft is written, which decides what markup is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Plain text or e-mail; Markdown code spans and fences are skipped too.
    #[default]
    Text,
    /// Markdown: also skips indented code blocks.
    Markdown,
    /// HTML: only text nodes are linted; `<blockquote>` is the customer's message.
    Html,
}

impl Format {
    /// Guesses the format from a file name's extension.
    pub fn from_path(path: &std::path::Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown") => Format::Markdown,
            Some("html" | "htm") => Format::Html,
            _ => Format::Text,
        }
    }
}

/// The customer's message a reply answers, with a map back into the draft when it was quoted
/// there.
#[derive(Debug, Clone, Default)]
pub struct Customer {
    /// The message as plain text (quote markers removed).
    pub text: String,
    /// Pieces of `text` that came from the draft: (offset in `text`, offset in the draft, len).
    origin: Vec<(usize, usize, usize)>,
}

impl Customer {
    /// A customer message given on its own (not quoted in the draft).
    pub fn detached(text: impl Into<String>) -> Self {
        Customer {
            text: text.into(),
            origin: Vec::new(),
        }
    }

    /// Maps a byte range of `self.text` back to the draft, if it was quoted there and lies within
    /// one quoted line.
    pub fn to_draft(&self, range: Range<usize>) -> Option<Range<usize>> {
        let &(from, to, len) = self
            .origin
            .iter()
            .find(|(from, _, len)| (*from..from + len).contains(&range.start))?;
        let start = to + (range.start - from);
        let end = to + (range.end.min(from + len) - from);
        Some(start..end)
    }

    /// Whether the message was quoted in the draft itself.
    pub fn is_quoted(&self) -> bool {
        !self.origin.is_empty()
    }
}

/// A parsed draft reply.
#[derive(Debug, Clone)]
pub struct Document {
    text: String,
    masked: String,
    sentences: Vec<Range<usize>>,
    customer: Option<Customer>,
    links: Vec<Range<usize>>,
    template: template::Template,
    suppressions: Suppressions,
}

impl Document {
    /// Parses `text` written in `format`. A customer message quoted in the text (`>` lines, HTML
    /// `<blockquote>`) becomes [`Document::customer`].
    pub fn parse(text: impl Into<String>, format: Format) -> Self {
        let text = text.into();
        let mut mask = Mask::new(&text);
        let suppressions = Suppressions::parse(&text);
        let mut anchors = Vec::new();
        let quoted = if format == Format::Html {
            mask_html(&text, &mut mask, &mut anchors)
        } else {
            mask_code(&text, format, &mut mask);
            mask_quotes(&text, &mut mask)
        };
        mask_signature(&text, &mut mask);
        // Before links, so a placeholder inside a URL is still seen (and then blanked with it).
        let template = template::mask(&text, &mut mask);
        let mut links = mask_links(&mut mask);
        if !anchors.is_empty() {
            links.extend(anchors);
            links.sort_by_key(|l| l.start);
        }
        let masked = mask.into_string();
        let sentences = split_sentences(&masked);
        let customer = (!quoted.text.trim().is_empty()).then_some(quoted);
        Document {
            text,
            masked,
            sentences,
            customer,
            links,
            template,
            suppressions,
        }
    }

    /// A copy in which `hidden` ranges are blanked from the masked text, e.g. the branches a
    /// template rendering does not take (see [`template::Template::renderings`]). Offsets are
    /// unchanged.
    pub fn with_hidden(&self, hidden: &[Range<usize>]) -> Document {
        let mut mask = Mask::new(&self.masked);
        for range in hidden {
            mask.blank(range.clone());
        }
        let masked = mask.into_string();
        let sentences = split_sentences(&masked);
        Document {
            masked,
            sentences,
            ..self.clone()
        }
    }

    /// Parses a reply with a customer message supplied separately (e.g. `--customer FILE`).
    /// A message given this way replaces one quoted in the draft.
    pub fn with_customer(mut self, customer: impl Into<String>) -> Self {
        let customer = customer.into();
        if !customer.trim().is_empty() {
            self.customer = Some(Customer::detached(customer));
        }
        self
    }

    /// The original text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text rules match against: same length as [`Document::text`], with everything that is
    /// not the agent's prose blanked out.
    pub fn masked(&self) -> &str {
        &self.masked
    }

    /// Byte ranges of the reply's sentences, trimmed, in order.
    pub fn sentences(&self) -> &[Range<usize>] {
        &self.sentences
    }

    /// The sentence containing byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<Range<usize>> {
        let i = self.sentences.partition_point(|s| s.end <= offset);
        self.sentences.get(i).filter(|s| s.start <= offset).cloned()
    }

    /// The customer's message, quoted in the draft or supplied separately.
    pub fn customer(&self) -> Option<&Customer> {
        self.customer.as_ref()
    }

    /// Byte ranges of URLs, e-mail addresses and HTML link targets in the reply.
    pub fn links(&self) -> &[Range<usize>] {
        &self.links
    }

    /// Template placeholders and tags found in the text.
    pub fn placeholders(&self) -> &[template::Placeholder] {
        &self.template.placeholders
    }

    /// Everything the template pass found: placeholders, blocks and syntax errors.
    pub fn template(&self) -> &template::Template {
        &self.template
    }

    /// Inline suppression comments found in the text.
    pub fn suppressions(&self) -> &Suppressions {
        &self.suppressions
    }

    /// Whether the reply has any text to lint.
    pub fn has_reply(&self) -> bool {
        !self.sentences.is_empty()
    }
}

/// A byte-for-byte copy of the text that passes blank out.
pub struct Mask {
    bytes: Vec<u8>,
}

impl Mask {
    fn new(text: &str) -> Self {
        Mask {
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// Replaces `range` with spaces, keeping line breaks. `range` must be on char boundaries.
    pub fn blank(&mut self, range: Range<usize>) {
        for b in &mut self.bytes[range] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }

    /// Writes ASCII `with` over the start of `range` and blanks the rest.
    pub fn overwrite(&mut self, range: Range<usize>, with: &str) {
        debug_assert!(with.is_ascii() || with.len() <= range.len());
        let start = range.start;
        self.blank(range.clone());
        let n = with.len().min(range.len());
        self.bytes[start..start + n].copy_from_slice(&with.as_bytes()[..n]);
    }

    /// The masked text so far.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes).expect("masking replaces whole chars with ASCII")
    }

    fn into_string(self) -> String {
        String::from_utf8(self.bytes).expect("masking replaces whole chars with ASCII")
    }
}

/// Byte ranges of the lines of `text`, without their terminators.
fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').map(move |line| {
        let range = start..start + line.trim_end_matches(['\n', '\r']).len();
        start += line.len();
        range
    })
}

static ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(on\b.{0,200}\bwrote:?|.{1,120}\b(wrote|escribió|a écrit|schrieb):)\s*$|^\s*-{2,}\s*original message\s*-{2,}\s*$")
        .expect("valid regex")
});

/// What an attribution line that opens an Outlook history contains (see [`mask_quotes`]).
static OUTLOOK_HISTORY: LazyLock<regex::bytes::Regex> =
    LazyLock::new(|| regex::bytes::Regex::new("(?i-u)original message").expect("valid regex"));

/// Blanks e-mail quoted lines (`>`, `> >`, after one space-stuffed space), the attribution line
/// above them and an Outlook-style `-----Original Message-----` history, and returns them as the
/// customer's message.
fn mask_quotes(text: &str, mask: &mut Mask) -> Customer {
    // Without a quoted line, an attribution line is blanked only when it opens an Outlook
    // history.
    if !has_quoted_line(text.as_bytes()) && !OUTLOOK_HISTORY.is_match(text.as_bytes()) {
        return Customer::default();
    }
    let all: Vec<Range<usize>> = lines(text).collect();
    // Quote depth of a line (`>` markers before its text), 0 when it is not quoted.
    let depth = |line: &Range<usize>| {
        let s = &text[line.clone()];
        let s = s.strip_prefix(' ').unwrap_or(s);
        if !s.starts_with('>') {
            return 0;
        }
        let marks = s.len() - s.trim_start_matches(['>', ' ', '\t']).len();
        s[..marks].matches('>').count()
    };
    let is_quoted = |line: &Range<usize>| depth(line) > 0;
    // The customer's own words are the shallowest quote; deeper levels are older history
    // (often our own earlier reply), masked but not read as the customer's message.
    let own = all.iter().map(depth).filter(|&d| d > 0).min().unwrap_or(0);
    let mut customer = Customer::default();
    for (i, line) in all.iter().enumerate() {
        let s = &text[line.clone()];
        if is_quoted(line) {
            mask.blank(line.clone());
            if depth(line) == own {
                let body = s
                    .strip_prefix(' ')
                    .unwrap_or(s)
                    .trim_start_matches(['>', ' ', '\t']);
                push_customer_line(&mut customer, text, line.end - body.len()..line.end);
            }
        } else if ATTRIBUTION.is_match(s) {
            if s.to_ascii_lowercase().contains("original message") {
                // Outlook style: everything below is the quoted history.
                mask.blank(line.start..text.len());
                for below in &all[i + 1..] {
                    push_customer_line(&mut customer, text, below.clone());
                }
                break;
            }
            // An attribution line directly above a quote block (blank lines allowed).
            let next = all[i + 1..]
                .iter()
                .find(|l| !text[(*l).clone()].trim().is_empty());
            if next.is_some_and(is_quoted) {
                mask.blank(line.clone());
            }
        }
    }
    customer
}

/// Whether a line of `text` starts with `>`, after at most one space.
fn has_quoted_line(text: &[u8]) -> bool {
    memchr::memchr_iter(b'>', text).any(|at| {
        let before = &text[..at];
        let before = before.strip_suffix(b" ").unwrap_or(before);
        before.is_empty() || before.ends_with(b"\n")
    })
}

/// Appends `source[range]` as a line of the customer's message; `source` is the draft or its
/// masked copy (same offsets).
fn push_customer_line(customer: &mut Customer, source: &str, range: Range<usize>) {
    let at = customer.text.len();
    customer.origin.push((at, range.start, range.len()));
    customer.text.push_str(&source[range]);
    customer.text.push('\n');
}

static FENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^ {0,3}(```|~~~)").expect("valid regex"));
static CODE_SPAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`[^`\n]+`").expect("valid regex"));
static COMMENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--.*?-->|\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}")
        .expect("valid regex")
});

/// Blanks fenced code blocks, inline code spans, indented code (Markdown) and comments.
fn mask_code(text: &str, format: Format, mask: &mut Mask) {
    // Fences and code spans need a backtick or tilde, comments a `<` or `{`: most replies have
    // none of them.
    let bytes = text.as_bytes();
    if memchr::memchr2(b'`', b'~', bytes).is_some() {
        let mut fences = FENCE.find_iter(text).map(|m| m.start());
        while let Some(open) = fences.next() {
            let close = fences.next().map_or(text.len(), |c| {
                text[c..].find('\n').map_or(text.len(), |n| c + n)
            });
            mask.blank(open..close);
        }
        let spans: Vec<Range<usize>> = CODE_SPAN
            .find_iter(mask.as_str())
            .map(|m| m.range())
            .collect();
        for span in spans {
            mask.blank(span);
        }
    }
    if memchr::memchr2(b'<', b'{', bytes).is_some() {
        for m in COMMENTS.find_iter(text) {
            mask.blank(m.range());
        }
    }
    if format == Format::Markdown {
        let mut prev_blank = true;
        for line in lines(text) {
            let s = &text[line.clone()];
            if prev_blank && (s.starts_with("    ") || s.starts_with('\t')) && !s.trim().is_empty()
            {
                mask.blank(line);
                continue;
            }
            prev_blank = s.trim().is_empty();
        }
    }
}

static SIGNATURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^-- ?\r?$").expect("valid regex"));

/// Blanks everything after a `-- ` signature separator line.
fn mask_signature(text: &str, mask: &mut Mask) {
    if memchr::memmem::find(text.as_bytes(), b"--").is_none() {
        return;
    }
    if let Some(m) = SIGNATURE.find(text) {
        mask.blank(m.start()..text.len());
    }
}

static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\x22]|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
        .expect("valid regex")
});

static WWW: LazyLock<regex::bytes::Regex> =
    LazyLock::new(|| regex::bytes::Regex::new(r"(?i-u)www\.").expect("valid regex"));

/// Blanks URLs and e-mail addresses in the (already masked) text and returns their ranges.
fn mask_links(mask: &mut Mask) -> Vec<Range<usize>> {
    // Every link has `://`, `www.` or `@` in it: most replies have none.
    let bytes = &mask.bytes;
    if memchr::memchr(b'@', bytes).is_none()
        && memchr::memmem::find(bytes, b"://").is_none()
        && !WWW.is_match(bytes)
    {
        return Vec::new();
    }
    let links: Vec<Range<usize>> = LINK.find_iter(mask.as_str()).map(|m| m.range()).collect();
    for link in &links {
        mask.blank(link.clone());
    }
    links
}

static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?s)<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)\b(?:[^>\x22']|\x22[^\x22]*\x22|'[^']*')*>",
    )
    .expect("valid regex")
});
static HTML_ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});").expect("valid regex")
});

static HREF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\bhref\s*=\s*["']?([^"'\s>]+)"#).expect("valid regex"));

const SKIPPED_TAGS: &[&str] = &["script", "style", "code", "pre", "head", "title"];

/// Blanks HTML markup, keeping text nodes; block tags become line breaks; entities are decoded in
/// place; `<blockquote>` content is returned as the customer's message.
fn mask_html(text: &str, mask: &mut Mask, anchors: &mut Vec<Range<usize>>) -> Customer {
    let mut customer = Customer::default();
    let mut skip_until: Option<(String, usize)> = None;
    let mut quote_depth = 0usize;
    let mut quote_start = 0usize;
    for cap in HTML_TAG.captures_iter(text) {
        let whole = cap.get(0).expect("group 0 always matches");
        mask.blank(whole.range());
        let Some(name) = cap.get(2).map(|m| m.as_str().to_ascii_lowercase()) else {
            continue;
        };
        let closing = cap.get(1).is_some_and(|m| !m.is_empty());
        if crate::text::HTML_BLOCK_TAGS.contains(&name.as_str()) {
            mask.overwrite(whole.start()..whole.start() + 1, "\n");
        }
        if let Some((tag, from)) = &skip_until {
            if closing && *tag == name {
                mask.blank(*from..whole.start());
                skip_until = None;
            }
            continue;
        }
        if name == "a"
            && !closing
            && let Some(href) = HREF.captures(whole.as_str()).and_then(|c| c.get(1))
        {
            anchors.push(whole.start() + href.start()..whole.start() + href.end());
        }
        if !closing && SKIPPED_TAGS.contains(&name.as_str()) {
            skip_until = Some((name, whole.end()));
        } else if name == "blockquote" && !closing {
            if quote_depth == 0 {
                quote_start = whole.end();
            }
            quote_depth += 1;
        } else if name == "blockquote" && closing && quote_depth > 0 {
            quote_depth -= 1;
            if quote_depth == 0 {
                let inner = quote_start..whole.start();
                let plain = mask.as_str().to_owned();
                for line in lines(&plain[inner.clone()]) {
                    let range = inner.start + line.start..inner.start + line.end;
                    if !plain[range.clone()].trim().is_empty() {
                        push_customer_line(&mut customer, &plain, range);
                    }
                }
                mask.blank(inner);
            }
        }
    }
    for cap in HTML_ENTITY.captures_iter(text) {
        let whole = cap.get(0).expect("group 0 always matches");
        if mask.as_str().as_bytes()[whole.start()] != b'&' {
            continue;
        }
        if let Some(ch) = crate::text::html_entity(&cap[1]) {
            let mut buf = [0u8; 4];
            let s = ch.encode_utf8(&mut buf);
            mask.blank(whole.range());
            mask.bytes[whole.start()..whole.start() + s.len()].copy_from_slice(s.as_bytes());
        }
    }
    customer
}

static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([-*+•]|\d{1,3}[.)]|#{1,6})\s").expect("valid regex"));

/// Sentence ranges of the masked text. Single line breaks inside a paragraph (hard-wrapped
/// e-mail) do not end a sentence; blank lines, list items, headings and short greeting lines do.
fn split_sentences(masked: &str) -> Vec<Range<usize>> {
    let mut joined = masked.as_bytes().to_vec();
    let all: Vec<Range<usize>> = lines(masked).collect();
    // Whether each line can be joined to a neighbour: not blank, not a list item.
    let joinable: Vec<bool> = (all.iter())
        .map(|l| !masked[l.clone()].trim().is_empty() && !is_list_item(&masked[l.clone()]))
        .collect();
    for (pair, joins) in all.windows(2).zip(joinable.windows(2)) {
        let soft = joins[0] && joins[1] && !ends_block(&masked[pair[0].clone()]);
        if soft {
            for b in &mut joined[pair[0].end..pair[1].start] {
                *b = b' ';
            }
        }
    }
    let joined = String::from_utf8(joined).expect("only ASCII line breaks were replaced");
    let mut out = Vec::new();
    for (start, sentence) in crate::segment::sentence_bound_indices(&joined) {
        let trimmed_start = start + (sentence.len() - sentence.trim_start().len());
        let end = start + sentence.trim_end().len();
        if end > trimmed_start && sentence.chars().any(char::is_alphanumeric) {
            // A sentence never spans a line break the joiner kept.
            let mut from = trimmed_start;
            for piece in joined[trimmed_start..end].split_inclusive('\n') {
                let to = from + piece.len();
                let text = masked[from..to].trim();
                if !text.is_empty() && text.chars().any(char::is_alphanumeric) {
                    let lead = masked[from..to].len() - masked[from..to].trim_start().len();
                    out.push(from + lead..from + lead + text.len());
                }
                from = to;
            }
        }
    }
    out
}

/// Whether `line` is a list item or a heading; most lines start with a letter, which rules that
/// out without the regex.
fn is_list_item(line: &str) -> bool {
    !line
        .trim_start()
        .starts_with(|c: char| c.is_ascii_alphabetic())
        && LIST_ITEM.is_match(line)
}

/// A line that ends a block by itself: a greeting or closing such as "Hi Ana," or "Thanks,",
/// or a lead-in ending in a colon.
fn ends_block(line: &str) -> bool {
    let line = line.trim_end();
    line.ends_with(':') || (line.ends_with(',') && line.split_whitespace().count() <= 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(doc: &Document) -> Vec<&str> {
        doc.sentences()
            .iter()
            .map(|r| &doc.text()[r.clone()])
            .collect()
    }

    #[test]
    fn quoted_lines_and_attribution_are_the_customer() {
        let text = "Hi Ana,\nThe site is back.\n\nOn Mon, 3 Mar 2025, Ana wrote:\n> Is my site down?\n>> older\n";
        let doc = Document::parse(text, Format::Text);
        assert_eq!(sentences(&doc), ["Hi Ana,", "The site is back."]);
        let customer = doc.customer().unwrap();
        assert_eq!(
            customer.text, "Is my site down?\n",
            "deeper quotes are older history"
        );
        let q = customer.to_draft(0..16).unwrap();
        assert_eq!(&text[q], "Is my site down?");
        assert!(!doc.masked().contains("wrote"));
    }

    #[test]
    fn hard_wrapped_lines_join_into_one_sentence() {
        let doc = Document::parse(
            "We will look into\nit for you. Thanks!\n\n- step one\n- step two",
            Format::Text,
        );
        assert_eq!(
            sentences(&doc),
            [
                "We will look into\nit for you.",
                "Thanks!",
                "- step one",
                "- step two"
            ]
        );
    }

    #[test]
    fn code_urls_and_emails_are_not_linted() {
        let text = "Run `obviously --now` or see https://x.example/a?b=c. Mail bob@x.example.\n```\nobviously\n```\n";
        let doc = Document::parse(text, Format::Markdown);
        assert!(!doc.masked().contains("obviously"));
        assert!(!doc.masked().contains("x.example"));
        assert_eq!(doc.links().len(), 2);
        assert_eq!(doc.masked().len(), text.len());
    }

    #[test]
    fn html_text_nodes_entities_and_blockquotes() {
        let text = "<p>Caf&eacute; is <b>open</b>.</p><blockquote><p>Is it open?</p></blockquote><pre>obviously</pre>";
        let doc = Document::parse(text, Format::Html);
        assert!(doc.masked().contains("Café"));
        assert!(doc.masked().contains("open"));
        assert!(!doc.masked().contains("<b>"));
        assert!(!doc.masked().contains("obviously"));
        assert_eq!(doc.customer().unwrap().text.trim(), "Is it open?");
        let linked = Document::parse(
            "<p>See <a href=\"https://x.example/faq\">our FAQ</a>.</p>",
            Format::Html,
        );
        assert_eq!(linked.links().len(), 1);
        assert_eq!(
            &linked.text()[linked.links()[0].clone()],
            "https://x.example/faq"
        );
    }

    #[test]
    fn signature_is_skipped() {
        let doc = Document::parse("Thanks for waiting.\n-- \nObviously Bob\n", Format::Text);
        assert!(!doc.masked().contains("Obviously"));
    }

    #[test]
    fn unterminated_quote_lines_and_empty_input_do_not_panic() {
        for text in ["", ">", "> ", ">>>", "\n\n", "&#0;", "<", "<p", "`", "```"] {
            let doc = Document::parse(text, Format::Html);
            assert_eq!(doc.masked().len(), text.len());
            let doc = Document::parse(text, Format::Markdown);
            assert_eq!(doc.masked().len(), text.len());
        }
    }
}
