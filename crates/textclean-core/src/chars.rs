//! Character classes and string helpers with Python's meaning.
//!
//! The finders must agree with the Python reference to the character, so the classes are the
//! ones the Python side uses, read into [`crate::tables`] by `gen_tables.py`, not Rust's own
//! `char::is_alphabetic` or `char::is_whitespace`, which differ at the edges (Unicode version,
//! `\x1c`-`\x1f`, U+0085, ...).

use crate::tables::{self, Class};

impl Class {
    /// Whether `c` is a member.
    #[inline]
    pub fn contains(&self, c: char) -> bool {
        let cp = c as u32;
        if cp < 0x80 {
            return self.ascii[cp as usize];
        }
        in_ranges(self.ranges, cp)
    }
}

/// Call `f` with each character of `text`, ASCII ones read straight from the bytes (the
/// common case, several times faster than decoding every character).
#[inline]
pub fn for_each_char(text: &str, mut f: impl FnMut(char)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            f(x as char);
            i += 1;
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            f(c);
            i += c.len_utf8();
        }
    }
}

/// Whether `cp` lies in one of `ranges` (sorted, disjoint, inclusive).
#[inline]
pub fn in_ranges(ranges: &[(u32, u32)], cp: u32) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `\p{L}`
#[inline]
pub fn is_letter(c: char) -> bool {
    tables::LETTER.contains(c)
}

/// `\p{Ll}`
#[inline]
pub fn is_lower(c: char) -> bool {
    tables::LOWER.contains(c)
}

/// `\p{Lu}`
#[inline]
pub fn is_upper(c: char) -> bool {
    tables::UPPER.contains(c)
}

/// `\p{N}`
#[inline]
pub fn is_number(c: char) -> bool {
    tables::NUMBER.contains(c)
}

/// `\w` of the `regex` module.
#[inline]
pub fn is_word(c: char) -> bool {
    tables::WORD.contains(c)
}

/// `\s` of the `regex` module.
#[inline]
pub fn is_regex_space(c: char) -> bool {
    tables::REGEX_SPACE.contains(c)
}

/// Python's `str.isspace`.
#[inline]
pub fn is_py_space(c: char) -> bool {
    tables::PY_SPACE.contains(c)
}

/// The words of `text` as Python's `str.split()` gives them (split at runs of `str.isspace`).
pub fn py_split(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_py_space).filter(|w| !w.is_empty())
}

/// The maximal runs of the characters of `text` that `keep` holds, as byte ranges, into `out`
/// (cleared first).
pub fn runs_of(text: &str, mut keep: impl FnMut(char) -> bool, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut start: Option<usize> = None;
    for (at, c) in text.char_indices() {
        match (keep(c), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                out.push((s, at));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
}

/// Python's `str.strip()` (of `str.isspace` characters).
pub fn py_strip(text: &str) -> &str {
    text.trim_matches(is_py_space)
}

/// Python's `str.lstrip()`.
pub fn py_lstrip(text: &str) -> &str {
    text.trim_start_matches(is_py_space)
}

/// Python's `str.casefold`, appended to `out`.
pub fn push_casefold(out: &mut String, text: &str) {
    let mut rest = text;
    while !rest.is_empty() {
        // A run of ASCII characters is copied whole and lower-cased in place (the most of a
        // text); the next character is folded from the table.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        if ascii > 0 {
            let from = out.len();
            out.push_str(&rest[..ascii]);
            out[from..].make_ascii_lowercase();
            rest = &rest[ascii..];
            continue;
        }
        let c = rest.chars().next().expect("not empty");
        match tables::CASEFOLD.binary_search_by_key(&c, |&(k, _)| k) {
            Ok(i) => out.push_str(tables::CASEFOLD[i].1),
            Err(_) => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// The character that ends just before byte `at` of `text` (`at` on a boundary).
#[inline]
pub fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// The character that starts at byte `at` of `text` (`at` on a boundary).
#[inline]
pub fn char_at(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_python() {
        assert!(is_letter('é') && is_letter('ß') && !is_letter('1'));
        assert!(is_lower('ß') && !is_lower('Ǆ') && is_upper('Ǆ'));
        assert!(is_number('٣') && is_number('½'));
        assert!(is_word('_') && is_word('٣') && !is_word('-'));
        // str.isspace takes the information separators, the regex module's \s does not.
        assert!(is_py_space('\x1c') && !is_regex_space('\x1c'));
        assert!(is_py_space('\u{85}') && is_regex_space('\u{a0}'));
    }

    #[test]
    fn split_strip_and_casefold() {
        assert_eq!(
            py_split(" a\u{3000}b\x1cc ").collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        assert_eq!(py_strip("\u{a0} x \n"), "x");
        let mut out = String::new();
        push_casefold(&mut out, "Straße ǅ");
        assert_eq!(out, "strasse ǆ");
        // Appended after what `out` holds, ASCII runs and the rest alike.
        push_casefold(&mut out, "AB\u{130}C ÉtÉ Σ");
        assert_eq!(out, "strasse ǆabi\u{307}c été σ");
    }
}
