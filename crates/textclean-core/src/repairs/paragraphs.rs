//! Which lines of a text are pieces of a hard-wrapped sentence, and its paragraphs.
//!
//! The module doc of Python's `textclean.text.paragraphs` says what a line that *continues*
//! the line above, a *joined* line, a *wrapped* line and a *paragraph* are; this is the same
//! model, computed over the lines of [`crate::lines::split_lines`]. Lengths are in code points,
//! as Python counts them.

use crate::chars::{is_py_space, is_regex_space, py_lstrip, py_split};
use crate::lines::Line;
use crate::tables;

/// A block of lines narrower than this is never taken for wrapped prose.
pub const MIN_WIDTH: usize = 35;
/// ... nor one wider than this.
pub const MAX_WIDTH: usize = 120;
/// ... nor one narrower than this share of the text's longest line.
pub const WIDE_SHARE: f64 = 0.7;
/// A line shorter than this is never taken for a full line of wrapped prose.
pub const MIN_PIECE: usize = 20;
/// A lower-case line continues the line above only when it and the last sentence of the line
/// above hold this many words together.
pub const MIN_WORDS: usize = 5;
/// In wrapped prose, a line of at most this many words that ends a sentence continues a line
/// above of at least `MIN_PIECE` characters whose last sentence is open and has `MIN_WORDS`.
pub const TAIL_WORDS: usize = 3;
/// Said after the message of a finding whose deletion was made unsafe because a line it
/// deletes is a piece of a hard-wrapped sentence (Python `WRAPPED_NOTE`).
pub const WRAPPED_NOTE: &str = " (part of a wrapped sentence: unsafe fix)";

const STOPS: &[char] = &['.', '!', '?', '…', '。', '！', '？'];
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']'];

/// Number of code points of `s`.
#[inline]
pub fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Python's `str.rstrip()`.
#[inline]
fn py_rstrip(s: &str) -> &str {
    s.trim_end_matches(is_py_space)
}

/// Whether `body` ends like a sentence: a stop, closing quotes or brackets (`closers`), then
/// `\s*` to the end (the `regex` module's `[stops][closers]*\s*$` on a line body).
#[inline]
pub fn ends_with_stop(body: &str, closers: &[char]) -> bool {
    let core = body
        .trim_end_matches(is_regex_space)
        .trim_end_matches(closers);
    core.ends_with(STOPS)
}

/// Python `textclean.text.lines.ends_sentence`.
#[inline]
pub fn ends_sentence(body: &str) -> bool {
    ends_with_stop(body, CLOSERS)
}

/// Python's `len(s.split(None, limit))`: the words of `s`, counted up to `limit + 1`.
#[inline]
pub fn words_upto(s: &str, limit: usize) -> usize {
    py_split(s).take(limit + 1).count()
}

/// Python's `str.islower` of one character.
#[inline]
pub fn is_py_lower(c: char) -> bool {
    tables::PY_LOWER.contains(c)
}

/// The part of `above` after its last sentence stop followed by closers and a space (the
/// `(?r)[stops][closers]*\s` search of Python's paragraphs module), or all of it.
fn last_sentence(above: &str) -> &str {
    for (at, c) in above.char_indices().rev() {
        if is_regex_space(c) && above[..at].trim_end_matches(CLOSERS).ends_with(STOPS) {
            return &above[at + c.len_utf8()..];
        }
    }
    above
}

/// Whether `body` continues the sentence of the non-blank line `above`, and whether it is
/// joined to it; `width` is the wrap width of their block, 0 when it is not wrapped prose.
fn joins(above: &str, body: &str, width: usize) -> (bool, bool) {
    let core = py_lstrip(body);
    let mut full = false;
    if width >= MIN_WIDTH {
        let stripped = py_rstrip(above);
        if char_len(py_lstrip(stripped)) >= MIN_PIECE {
            let first_word = py_split(core).next().unwrap_or("");
            full = char_len(stripped) + 1 + char_len(first_word) > width;
        }
    }
    if ends_sentence(above) {
        // The stop of an abbreviation at a wrap (`... by Acme, Inc.` / `and its partners.`):
        // a full line followed by a lower-case word is one sentence broken at the width.
        let lower = core.chars().next().is_some_and(is_py_lower);
        return (full && lower, full);
    }
    if width >= MIN_WIDTH
        && char_len(py_lstrip(py_rstrip(above))) >= MIN_PIECE
        && words_upto(core, TAIL_WORDS) <= TAIL_WORDS
        && ends_sentence(core)
        && words_upto(last_sentence(above), MIN_WORDS) >= MIN_WORDS
    {
        // The last words of a sentence from a paragraph wrapped narrower than its block
        // (`... with Amazon Web` / `Services.`): the line above is not full at the block's
        // width, but a few words that end the sentence the long line above left open are
        // its end, not a label.
        return (true, true);
    }
    if core.chars().next().is_some_and(is_py_lower) {
        let sentence = last_sentence(above);
        let enough = words_upto(sentence, MIN_WORDS) + words_upto(core, MIN_WORDS) >= MIN_WORDS;
        return (enough, enough || full);
    }
    (full, full)
}

/// The runs of consecutive non-blank lines, as (first, last) line indexes.
fn blocks(lines: &[Line]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut first: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.blank {
            if let Some(f) = first.take() {
                out.push((f, i - 1));
            }
        } else if first.is_none() {
            first = Some(i);
        }
    }
    if let Some(f) = first {
        out.push((f, lines.len() - 1));
    }
    out
}

/// The paragraph model of one text: one entry per line of `lines`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphView {
    /// Line i is the next piece of the sentence of line i - 1.
    pub continues: Vec<bool>,
    /// Line i is the next piece of the paragraph of line i - 1 (a wrap).
    pub joined: Vec<bool>,
    /// Line i is joined to the line above or the line below joins it.
    pub wrapped: Vec<bool>,
}

impl ParagraphView {
    /// The view of `text`, whose lines (`split_lines(text)`) are `lines`.
    pub fn new(text: &str, lines: &[Line]) -> ParagraphView {
        let n = lines.len();
        let mut continues = vec![false; n];
        let mut joined = vec![false; n];
        let found = if n > 1 { blocks(lines) } else { Vec::new() };
        let widths: Vec<usize> = found
            .iter()
            .map(|&(a, b)| {
                (a..=b)
                    .map(|i| char_len(py_rstrip(lines[i].body(text))))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let widest = widths.iter().copied().max().unwrap_or(0);
        let mut pairs = Vec::new();
        for (&(first, last), &width) in found.iter().zip(&widths) {
            if first == last {
                continue;
            }
            let width = if !(MIN_WIDTH..=MAX_WIDTH).contains(&width)
                || (width as f64) < WIDE_SHARE * widest as f64
            {
                0
            } else {
                width
            };
            pairs.clear();
            pairs.extend(
                (first + 1..=last)
                    .map(|i| joins(lines[i - 1].body(text), lines[i].body(text), width)),
            );
            let sentence_breaks = last - first == 1 || pairs.iter().any(|&(c, _)| c);
            for (i, &(c, j)) in (first + 1..=last).zip(&pairs) {
                continues[i] = c;
                joined[i] = if sentence_breaks { j } else { c };
            }
        }
        let wrapped = (0..n)
            .map(|i| joined[i] || (i + 1 < n && joined[i + 1]))
            .collect();
        ParagraphView {
            continues,
            joined,
            wrapped,
        }
    }

    /// Whether any line of `first..=last` is a piece of a wrapped sentence.
    pub fn any_wrapped(&self, first: usize, last: usize) -> bool {
        self.wrapped[first..=last].iter().any(|&w| w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split_lines;

    fn view(text: &str) -> ParagraphView {
        ParagraphView::new(text, &split_lines(text))
    }

    #[test]
    fn a_lower_case_piece_continues_the_sentence() {
        let v = view("Her office did not return requests for\ncomment.\n\nHome\nNews\n");
        assert_eq!(v.continues, [false, true, false, false, false]);
        assert_eq!(v.wrapped, [true, true, false, false, false]);
    }

    #[test]
    fn a_lower_case_line_under_a_full_line_ending_in_an_abbreviation_continues_it() {
        let above = "This post was paid for by the Harbour Trading Company, Inc.";
        assert_eq!(joins(above, "and its partners.", 60), (true, true));
        // not when the line above is not full at the block's width
        assert_eq!(joins(above, "and its partners.", 90), (false, false));
        // nor a capitalised line: a new sentence after a full line is joined, not continued
        assert_eq!(joins(above, "All opinions are mine.", 60), (false, true));
    }

    #[test]
    fn a_short_sentence_end_under_an_open_long_line_continues_it() {
        // A paragraph wrapped at 64 columns in a block whose widest line is 78.
        let above = "help the company woo customers to compete with Amazon Web";
        assert_eq!(joins(above, "Services.", 78), (true, true));
        // not in a block that is not wrapped prose, nor a label without a stop, nor when
        // the line above ends its sentence
        assert_eq!(joins(above, "Services.", 0), (false, false));
        assert_eq!(joins(above, "Services", 78), (false, false));
        assert_eq!(
            joins("The company wants to compete with Amazon.", "Services.", 78),
            (false, false)
        );
        // nor a longer line that ends a sentence
        assert_eq!(joins(above, "Shares rose by a third.", 78), (false, false));
    }

    #[test]
    fn joins_follow_python() {
        assert_eq!(
            joins("Her office did not return requests for", "comment.", 38),
            (true, true)
        );
        assert_eq!(
            joins(
                "The harbour reopened on Monday after the storm",
                "Officials said",
                46
            ),
            (true, true)
        );
        assert_eq!(
            joins("Why the harbour repair plan is promising.", "(More)", 41),
            (false, true)
        );
        assert_eq!(
            joins("Photos", "by the council show the wall", 0),
            (true, true)
        );
        assert_eq!(
            joins("to sneak into the country. PTI", "comments", 0),
            (false, false)
        );
        assert_eq!(joins("facebook", "linkedin", 0), (false, false));
        assert_eq!(joins("It rained.", "then it stopped.", 40), (false, false));
    }

    #[test]
    fn last_sentence_is_after_the_last_stop() {
        assert_eq!(last_sentence("One. Two” three"), "Two” three");
        assert_eq!(last_sentence("One. Two.” three"), "three");
        assert_eq!(last_sentence("no stop here"), "no stop here");
        assert_eq!(last_sentence("a.b c"), "a.b c");
    }

    #[test]
    fn python_lower_case_is_not_just_ll() {
        assert!(is_py_lower('ª') && is_py_lower('ⓐ') && is_py_lower('a'));
        assert!(!is_py_lower('A') && !is_py_lower('ǅ') && !is_py_lower('1'));
    }
}
