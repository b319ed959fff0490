//! Unicode sentence and word boundaries (UAX #29), as `unicode-segmentation` finds them, with a
//! fast path for ASCII text: most replies are ASCII, and the table look-up per character the
//! general algorithm needs is most of the cost of parsing a draft and of splitting its words.

use unicode_segmentation::UnicodeSegmentation;

/// The pieces of `text` between sentence boundaries with their start offsets, like
/// `UnicodeSegmentation::split_sentence_bound_indices` (the pieces keep their spaces).
pub(crate) fn sentence_bound_indices(text: &str) -> Vec<(usize, &str)> {
    if !text.is_ascii() {
        return text.split_sentence_bound_indices().collect();
    }
    let breaks = ascii_sentence_breaks(text.as_bytes());
    breaks
        .windows(2)
        .map(|w| (w[0], &text[w[0]..w[1]]))
        .collect()
}

/// Sentence break property values (UAX #29) that ASCII characters have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Category {
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Other,
}

const fn category(b: u8) -> Category {
    match b {
        b'\r' => Category::Cr,
        b'\n' => Category::Lf,
        b'\t' | 0x0b | 0x0c | b' ' => Category::Sp,
        b'a'..=b'z' => Category::Lower,
        b'A'..=b'Z' => Category::Upper,
        b'0'..=b'9' => Category::Numeric,
        b'.' => Category::ATerm,
        b'!' | b'?' => Category::STerm,
        b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Category::Close,
        b',' | b'-' | b':' | b';' => Category::SContinue,
        _ => Category::Other,
    }
}

/// [`category`] of each ASCII byte: a look-up per character instead of a chain of comparisons.
static CATEGORIES: [Category; 128] = {
    let mut table = [Category::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = category(b as u8);
        b += 1;
    }
    table
};

/// What the last characters were, as `unicode-segmentation`'s state machine keeps it: runs of
/// `Close` and of `Sp` count as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sot,
    Other,
    Cr,
    Lf,
    ATerm,
    UpperLower,
    ClosePlus,
    SpPlus,
    STerm,
}

impl Part {
    fn of(cat: Category) -> Part {
        match cat {
            Category::Cr => Part::Cr,
            Category::Lf => Part::Lf,
            Category::ATerm => Part::ATerm,
            Category::Upper | Category::Lower => Part::UpperLower,
            Category::Close => Part::ClosePlus,
            Category::Sp => Part::SpPlus,
            Category::STerm => Part::STerm,
            _ => Part::Other,
        }
    }
}

/// The last four parts, oldest first.
type State = [Part; 4];

fn advance(parts: State, cat: Category) -> State {
    match (parts[3], cat) {
        (Part::ClosePlus, Category::Close) | (Part::SpPlus, Category::Sp) => parts,
        _ => [parts[1], parts[2], parts[3], Part::of(cat)],
    }
}

fn is_term(part: Part) -> bool {
    matches!(part, Part::STerm | Part::ATerm)
}

/// SB8a (and the `SATerm Close* Sp*` context of SB8 and SB10): the part before `Close* Sp*`.
fn before_close_sp(parts: &State) -> Part {
    let mut i = if parts[3] == Part::SpPlus { 2 } else { 3 };
    if parts[i] == Part::ClosePlus {
        i -= 1;
    }
    parts[i]
}

/// SB8: `ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower`.
fn sb8(parts: &State, ahead: &[u8]) -> bool {
    before_close_sp(parts) == Part::ATerm
        && ahead
            .iter()
            .find_map(|&b| match category(b) {
                Category::Lower => Some(true),
                Category::Upper
                | Category::Cr
                | Category::Lf
                | Category::STerm
                | Category::ATerm => Some(false),
                _ => None,
            })
            .unwrap_or(false)
}

/// SB9: `SATerm Close* × (Close | Sp | ParaSep)`.
fn sb9(parts: &State) -> bool {
    is_term(parts[if parts[3] == Part::ClosePlus { 2 } else { 3 }])
}

/// SB11: `SATerm Close* Sp* ParaSep? ÷`.
fn sb11(parts: &State) -> bool {
    let mut i = if matches!(parts[3], Part::Cr | Part::Lf) {
        2
    } else {
        3
    };
    if parts[i] == Part::SpPlus {
        i -= 1;
    }
    if parts[i] == Part::ClosePlus {
        i -= 1;
    }
    is_term(parts[i])
}

/// Offsets of the sentence boundaries of ASCII `text`, from 0 to its length (none if empty):
/// `unicode-segmentation`'s forward state machine with ASCII categories.
fn ascii_sentence_breaks(text: &[u8]) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut parts = [Part::Sot; 4];
    let mut pos = 0;
    while pos < text.len() {
        let before = parts;
        let cat = CATEGORIES[usize::from(text[pos])];
        parts = advance(parts, cat);
        let last = before[3];
        let boundary = match cat {
            _ if last == Part::Sot => true,
            Category::Lf if last == Part::Cr => false,
            _ if matches!(last, Part::Cr | Part::Lf) => true,
            Category::Numeric if last == Part::ATerm => false,
            Category::Upper if before[2] == Part::UpperLower && last == Part::ATerm => false,
            _ if sb8(&before, &text[pos..]) => false,
            Category::SContinue | Category::STerm | Category::ATerm
                if is_term(before_close_sp(&before)) =>
            {
                false
            }
            Category::Close | Category::Sp | Category::Cr | Category::Lf if sb9(&before) => false,
            Category::Sp | Category::Cr | Category::Lf if is_term(before_close_sp(&before)) => {
                false
            }
            _ => sb11(&before),
        };
        if boundary {
            breaks.push(pos);
        }
        pos += 1;
        // Most characters: with no line break just before and no terminator among the parts the
        // rules look back at (`parts[0]` is only history), nothing breaks (SB998) until the next
        // terminator or line break. Skip to it and catch the state up on the way.
        if !matches!(parts[3], Part::Sot | Part::Cr | Part::Lf)
            && !parts[1..].iter().any(|&p| is_term(p))
        {
            let run = pos;
            pos = next_loud(text, pos);
            parts = after_run(parts, &text[run..pos]);
        }
    }
    if !text.is_empty() {
        breaks.push(text.len());
    }
    breaks
}

/// The offset of the first terminator or line break (the only characters that can start a
/// sentence boundary) in `text` at or after `from`, or its length.
fn next_loud(text: &[u8], from: usize) -> usize {
    let rest = &text[from..];
    let end = memchr::memchr3(b'.', b'!', b'?', rest).unwrap_or(rest.len());
    from + memchr::memchr2(b'\r', b'\n', &rest[..end]).unwrap_or(end)
}

/// The state after `run` (no terminators, no line breaks), from its last four parts only: found
/// from the end of the run (a run of `Close` or of `Sp` is one part), then advanced through.
fn after_run(mut parts: State, run: &[u8]) -> State {
    let mut starts = [Category::Other; 4];
    let mut n = 0;
    for &b in run.iter().rev() {
        let cat = CATEGORIES[usize::from(b)];
        let same_part =
            n > 0 && cat == starts[n - 1] && matches!(cat, Category::Close | Category::Sp);
        if same_part {
            continue;
        }
        if n == starts.len() {
            break;
        }
        starts[n] = cat;
        n += 1;
    }
    for &cat in starts[..n].iter().rev() {
        parts = advance(parts, cat);
    }
    parts
}

/// The pieces of `text` between word boundaries with their start offsets, like
/// `UnicodeSegmentation::split_word_bound_indices` (words, runs of spaces, single punctuation).
pub(crate) fn word_bound_indices(text: &str) -> WordBounds<'_> {
    if text.is_ascii() {
        WordBounds::Ascii { text, pos: 0 }
    } else {
        WordBounds::Unicode(text.split_word_bound_indices())
    }
}

/// Iterator returned by [`word_bound_indices`].
pub(crate) enum WordBounds<'a> {
    /// ASCII text: boundaries from [`word_break`], resuming at byte `pos`.
    Ascii { text: &'a str, pos: usize },
    /// Anything else: `unicode-segmentation`.
    Unicode(unicode_segmentation::UWordBoundIndices<'a>),
}

impl<'a> Iterator for WordBounds<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        match self {
            WordBounds::Ascii { text, pos } => {
                let start = *pos;
                let bytes = text.as_bytes();
                if start >= bytes.len() {
                    return None;
                }
                let mut end = start + 1;
                // Inside a run of letters and digits nothing breaks (WB5, WB8, WB9, WB10).
                if is_alphanumeric(bytes[start]) {
                    end += bytes[end..]
                        .iter()
                        .take_while(|&&b| is_alphanumeric(b))
                        .count();
                }
                while end < bytes.len() && !word_break(bytes, end) {
                    end += 1;
                }
                *pos = end;
                Some((start, &text[start..end]))
            }
            WordBounds::Unicode(inner) => inner.next(),
        }
    }
}

/// Word break property values (UAX #29) that ASCII characters have. `"` (`Double_Quote`) only
/// matters next to Hebrew letters and `'` (`Single_Quote`) acts as `MidNumLet`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordCategory {
    Cr,
    Lf,
    Newline,
    Space,
    Letter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNumLet,
    MidNum,
    Other,
}

const fn word_category(b: u8) -> WordCategory {
    match b {
        b'\r' => WordCategory::Cr,
        b'\n' => WordCategory::Lf,
        0x0b | 0x0c => WordCategory::Newline,
        b' ' => WordCategory::Space,
        b'a'..=b'z' | b'A'..=b'Z' => WordCategory::Letter,
        b'0'..=b'9' => WordCategory::Numeric,
        b'_' => WordCategory::ExtendNumLet,
        b':' => WordCategory::MidLetter,
        b'.' | b'\'' => WordCategory::MidNumLet,
        b',' | b';' => WordCategory::MidNum,
        _ => WordCategory::Other,
    }
}

/// [`word_category`] of each ASCII byte.
static WORD_CATEGORIES: [WordCategory; 128] = {
    let mut table = [WordCategory::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = word_category(b as u8);
        b += 1;
    }
    table
};

/// Whether an ASCII byte is a letter or digit (`ALetter` or `Numeric`).
fn is_alphanumeric(b: u8) -> bool {
    matches!(
        WORD_CATEGORIES[usize::from(b)],
        WordCategory::Letter | WordCategory::Numeric
    )
}

/// Whether ASCII `text` has a word boundary before byte `i` (0 < `i` < its length). Without
/// `Extend`, `Format` or `ZWJ` characters, each rule looks at most one character further.
fn word_break(text: &[u8], i: usize) -> bool {
    use WordCategory::*;
    let at = |j: usize| WORD_CATEGORIES[usize::from(text[j])];
    let ahead = || text.get(i + 1).map(|&b| WORD_CATEGORIES[usize::from(b)]);
    match (at(i - 1), at(i)) {
        // WB3, WB3a, WB3b: CR × LF, otherwise break around line breaks.
        (Cr, Lf) => false,
        (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => true,
        // WB3d, WB5, WB8, WB9, WB10, WB13a, WB13b.
        (Space, Space)
        | (Letter | Numeric, Letter | Numeric)
        | (Letter | Numeric | ExtendNumLet, ExtendNumLet)
        | (ExtendNumLet, Letter | Numeric) => false,
        // WB6, WB7: letters across one `:`, `.` or `'`.
        (Letter, MidLetter | MidNumLet) => ahead() != Some(Letter),
        (MidLetter | MidNumLet, Letter) => i < 2 || at(i - 2) != Letter,
        // WB11, WB12: digits across one `,`, `;`, `.` or `'`.
        (Numeric, MidNum | MidNumLet) => ahead() != Some(Numeric),
        (MidNum | MidNumLet, Numeric) => i < 2 || at(i - 2) != Numeric,
        // WB999.
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Boundaries as `unicode-segmentation` finds them.
    fn reference(text: &str) -> Vec<(usize, &str)> {
        text.split_sentence_bound_indices().collect()
    }

    /// 100,000 ASCII strings shorter than `max_len`, a quarter of their characters any ASCII
    /// character and the rest from `special`, from a fixed-seed xorshift so failures reproduce.
    fn random_ascii(mut seed: u64, special: &[u8], max_len: u64) -> impl Iterator<Item = String> {
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..100_000).map(move |_| {
            let len = next() % max_len;
            (0..len)
                .map(|_| match next() % 4 {
                    0 => char::from((next() % 128) as u8),
                    _ => char::from(special[(next() % special.len() as u64) as usize]),
                })
                .collect()
        })
    }

    #[test]
    fn ascii_boundaries_equal_unicode_segmentation() {
        let samples = [
            "",
            "Hi Ana. The site is back! Is it? Yes.",
            "e.g. this. U.S. Army. 3.5 days. He said \"stop.\" Then (maybe.) left.\r\n\r\nNew.",
            "Wait... what?! ok.  next.\n\nThanks,\nBob",
        ];
        for text in samples {
            assert_eq!(sentence_bound_indices(text), reference(text), "{text:?}");
        }
        // Every ASCII character, biased to the ones the sentence rules treat specially.
        let special = b"aZ1.!?\"'()[]{},-:; \t\r\n\x0b\x0c#";
        for text in random_ascii(0x9e37_79b9_7f4a_7c15, special, 40) {
            assert_eq!(sentence_bound_indices(&text), reference(&text), "{text:?}");
        }
    }

    #[test]
    fn ascii_word_boundaries_equal_unicode_segmentation() {
        let samples = [
            "",
            "What's the ETA? It's 3.5 days, i.e. by 12:30 on 1,000.00 U.S.A. servers_2.",
            "a.b.c a..b 1.2.3 1..2 a'b' 'a a:b: :a  \t \r\n\r\r\n\x0b\x0c x_y _1 1_ a_1.2",
        ];
        for text in samples {
            let words: Vec<_> = word_bound_indices(text).collect();
            let reference: Vec<_> = text.split_word_bound_indices().collect();
            assert_eq!(words, reference, "{text:?}");
        }
        let special = b"aZ1_.:',;\" \t\r\n\x0b\x0c-@#";
        for text in random_ascii(0x2545_f491_4f6c_dd1d, special, 16) {
            let words: Vec<_> = word_bound_indices(&text).collect();
            let reference: Vec<_> = text.split_word_bound_indices().collect();
            assert_eq!(words, reference, "{text:?}");
        }
    }
}
