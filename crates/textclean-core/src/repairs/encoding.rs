//! Where mojibake can be: the trigger scan in front of ftfy.
//!
//! ftfy's first test of a text, `ftfy.badness.is_bad` (a search for its `BADNESS_RE`), is what
//! decides whether it changes anything, and every alternative of that regex must match
//! non-ASCII characters from short lists: a pair of them side by side or one alone (the
//! triggers, read from the regex into [`crate::tables`] by `gen_tables.py`). A match is at most
//! [`BADNESS_WIDTH`] characters long, so it lies within that many characters of a trigger.
//! The core finds the triggers, and the lines and windows around them; Python runs
//! `BADNESS_RE` in those windows and ftfy on the lines it flags, so the repair stays ftfy's.

use memchr::{memchr, memrchr};

use crate::chars::{char_at, char_before, in_ranges};
use crate::tables::{Trigger, BADNESS_WIDTH, TRIGGERS, TRIGGER_ANCHORS, TRIGGER_SETS};

#[inline]
fn in_set(set: usize, c: char) -> bool {
    in_ranges(TRIGGER_SETS[set], c as u32)
}

/// Whether a trigger stands at character `c`, between `prev` and `next`.
#[inline]
pub fn is_trigger(prev: Option<char>, c: char, next: Option<char>) -> bool {
    if c.is_ascii() || !in_ranges(TRIGGER_ANCHORS, c as u32) {
        return false;
    }
    TRIGGERS.iter().any(|t| match *t {
        Trigger::Next(a, b) => in_set(a, c) && next.is_some_and(|n| in_set(b, n)),
        Trigger::Prev(a, b) => in_set(b, c) && prev.is_some_and(|p| in_set(a, p)),
        Trigger::Here(s) => in_set(s, c),
    })
}

/// Byte offset of the first trigger at or after byte `from` of `text`.
fn next_trigger(text: &str, mut from: usize) -> Option<usize> {
    let b = text.as_bytes();
    loop {
        // Every trigger is non-ASCII: skip to the next lead byte of a multi-byte character.
        let i = from + b[from..].iter().position(|&x| x >= 0xC0)?;
        let c = char_at(text, i).expect("a character starts at a lead byte");
        from = i + c.len_utf8();
        if is_trigger(char_before(text, i), c, char_at(text, from)) {
            return Some(i);
        }
    }
}

/// Whether `text` holds a trigger: `false` means ftfy's badness test finds nothing.
pub fn has_trigger(text: &str) -> bool {
    next_trigger(text, 0).is_some()
}

/// The windows `[lo, hi)`, in code points of `text`, where a match of ftfy's badness regex
/// can be: around each trigger, overlapping or touching windows merged. Searching only them
/// (Python `BADNESS_RE.search(text, lo, hi)`) finds a match exactly when searching all does.
pub fn badness_windows(text: &str) -> Vec<(usize, usize)> {
    let mut windows: Vec<(usize, usize)> = Vec::new();
    let mut chars = text.chars().enumerate().peekable();
    let mut prev = None;
    while let Some((p, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if is_trigger(prev, c, next) {
            let (lo, hi) = ((p + 1).saturating_sub(BADNESS_WIDTH), p + BADNESS_WIDTH);
            match windows.last_mut() {
                Some(last) if lo <= last.1 => last.1 = hi,
                _ => windows.push((lo, hi)),
            }
        }
        prev = Some(c);
    }
    windows
}

/// The lines (byte spans, each with its "\n") of `text` that hold a trigger: the only lines
/// on which ftfy's badness test can find anything.
pub fn trigger_lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut lines = Vec::new();
    let mut pos = 0;
    while let Some(i) = next_trigger(text, pos) {
        let start = memrchr(b'\n', &b[..i]).map_or(0, |n| n + 1);
        let end = memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n + 1);
        lines.push((start, end));
        if end == b.len() {
            break;
        }
        pos = end;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_has_triggers_and_clean_text_none() {
        assert!(has_trigger("I donâ€™t know"));
        assert!(has_trigger("Ã©t"));
        assert!(!has_trigger("東京 – it’s café “au lait”"));
        assert!(!has_trigger("plain ascii"));
    }

    #[test]
    fn windows_surround_triggers_and_merge() {
        let w = BADNESS_WIDTH;
        let windows = badness_windows("donâ€™t");
        assert_eq!(windows.first().map(|x| x.0), Some(0));
        assert!(windows.iter().all(|&(lo, hi)| lo < hi && hi <= 6 + 2 * w));
        assert_eq!(windows.len(), 1);
        assert!(badness_windows("plain “quoted” text").is_empty());
    }

    #[test]
    fn lines_with_triggers() {
        let text = "clean line\ndonâ€™t\nalso clean\nÃ©\n";
        assert_eq!(trigger_lines(text), [(11, 24), (35, text.len())]);
    }

    #[test]
    fn the_surrogate_stand_in_is_no_trigger_character() {
        // Python replaces a lone surrogate with U+E000 before the scan.
        assert!(!in_ranges(TRIGGER_ANCHORS, 0xE000));
        assert!(TRIGGER_SETS.iter().all(|s| !in_ranges(s, 0xE000)));
    }
}
