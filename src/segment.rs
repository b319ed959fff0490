//! Unicode sentence boundaries (UAX #29), as `unicode-segmentation` finds them, with a fast path
//! for ASCII text: most replies are ASCII, and the table look-up per character the general
//! algorithm needs is most of the cost of parsing a draft.

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

fn category(b: u8) -> Category {
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
    for (pos, &b) in text.iter().enumerate() {
        let before = parts;
        let cat = category(b);
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
    }
    if !text.is_empty() {
        breaks.push(text.len());
    }
    breaks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Boundaries as `unicode-segmentation` finds them.
    fn reference(text: &str) -> Vec<(usize, &str)> {
        text.split_sentence_bound_indices().collect()
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
        // Every ASCII character, in random short strings biased to the ones the rules treat
        // specially (a fixed-seed xorshift, so failures reproduce).
        let special = b"aZ1.!?\"'()[]{},-:; \t\r\n\x0b\x0c#";
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..100_000 {
            let len = (next() % 24) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next() % 4 {
                    0 => (next() % 128) as u8,
                    _ => special[(next() % special.len() as u64) as usize],
                })
                .collect();
            let text = String::from_utf8(bytes).expect("ASCII");
            assert_eq!(sentence_bound_indices(&text), reference(&text), "{text:?}");
        }
    }
}
