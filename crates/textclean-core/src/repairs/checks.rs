//! Report-only document checks that need more than a regex: repeated lines, a truncated ending.

use std::collections::HashMap;

use crate::chars::{char_before, is_letter, is_regex_space, push_casefold, py_split};
use crate::finder::{settings, Finder, Setting};
use crate::model::Hit;

/// Lines that occur more than once in a document, each repeat after the first (Python
/// `find_repeated_lines`); report only. Lines under `min_words` words are ignored: a heading
/// or a one-word label may repeat legitimately.
pub struct RepeatedLines {
    pub min_words: i64,
}

impl Default for RepeatedLines {
    fn default() -> Self {
        RepeatedLines { min_words: 4 }
    }
}

/// The spans of the `body` groups of `(?m)^[ \t]*(?P<body>\S[^\n]*?)[ \t]*\r?$`: each line
/// whose first character after blanks is not `\s`, without one trailing "\r" and then
/// without trailing blanks.
fn line_bodies(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    text.split('\n').filter_map(move |line| {
        let line_start = pos;
        pos += line.len() + 1;
        let body = line.trim_start_matches([' ', '\t']);
        let first = line.len() - body.len();
        if body.chars().next().is_none_or(is_regex_space) {
            return None;
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        let end = line.trim_end_matches([' ', '\t']).len();
        Some((line_start + first, line_start + end))
    })
}

/// The key of a line: its words (`str.split`) casefolded, joined by one space, written to
/// `out` (whole with `keep`, else a word at a time) and hashed (FNV-1a over its UTF-8), so
/// that most lines, which repeat nothing, are never copied whole.
fn line_key(body: &str, out: &mut String, keep: bool) -> u64 {
    out.clear();
    let mut hash: u64 = 0xcbf29ce484222325;
    for (i, word) in py_split(body).enumerate() {
        if !keep {
            out.clear();
        }
        let from = out.len();
        if i > 0 {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.bytes().map(|c| c.to_ascii_lowercase() as char));
        } else {
            push_casefold(out, word);
        }
        for &x in &out.as_bytes()[from..] {
            hash = (hash ^ x as u64).wrapping_mul(0x100000001b3);
        }
    }
    hash
}

impl Finder for RepeatedLines {
    fn params(&self) -> Vec<Setting> {
        settings![self; int min_words]
    }

    fn find(&self, text: &str) -> Vec<Hit> {
        // Hash of a key -> the bodies (spans) seen with it; keys compare in full only when
        // hashes meet.
        let mut seen: HashMap<u64, Vec<(usize, usize)>> = HashMap::new();
        let mut hits = Vec::new();
        let (mut scratch, mut mine, mut theirs) = (String::new(), String::new(), String::new());
        let min = self.min_words.max(0) as usize;
        for (start, end) in line_bodies(text) {
            let body = &text[start..end];
            if py_split(body).take(min).count() < min {
                continue;
            }
            let hash = line_key(body, &mut scratch, false);
            let earlier = seen.entry(hash).or_default();
            let repeats = !earlier.is_empty() && {
                line_key(body, &mut mine, true);
                earlier.iter().any(|&(s, e)| {
                    line_key(&text[s..e], &mut theirs, true);
                    theirs == mine
                })
            };
            if repeats {
                hits.push(Hit {
                    unsafe_fix: false,
                    start,
                    end,
                    message: Some("line repeats an earlier line".into()),
                    edits: Vec::new(),
                });
            } else {
                earlier.push((start, end));
            }
        }
        hits
    }
}

/// A document that ends mid-sentence with an ellipsis (`... All...`), a cut body (Python
/// `find_truncated_ending`); report only.
pub struct TruncatedEnding;

impl Finder for TruncatedEnding {
    fn find(&self, text: &str) -> Vec<Hit> {
        // (?<=\p{L})[ \t]*(?:\.\.\.|…)[ \t\r\n]*\Z: the ellipsis ends where only blanks and
        // line breaks are left, and the blanks before it follow a letter.
        let body = text.trim_end_matches([' ', '\t', '\r', '\n']);
        let Some(before) = body.strip_suffix("...").or_else(|| body.strip_suffix('…')) else {
            return Vec::new();
        };
        let start = before.trim_end_matches([' ', '\t']).len();
        if !char_before(text, start).is_some_and(is_letter) {
            return Vec::new();
        }
        let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
        vec![Hit {
            unsafe_fix: false,
            start: line_start,
            end: text.len(),
            message: Some("document ends in an ellipsis: the body looks cut short".into()),
            edits: Vec::new(),
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_lines_are_reported_after_the_first() {
        let t = "Buy the new phone today now\nReal text.\nBuy the new phone today now";
        let hits = RepeatedLines::default().find(t);
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].start, hits[0].end), (39, 66));
        // Case and spacing do not matter; short lines never count.
        let t = "  One two THREE four \r\none  two three FOUR\nab\nab";
        let hits = RepeatedLines::default().find(t);
        assert_eq!((hits[0].start, hits[0].end), (23, 42));
        assert_eq!(hits.len(), 1);
        assert_eq!(
            line_bodies(" a \r\n\t\n\u{a0}x\nb\r\r").collect::<Vec<_>>(),
            [(1, 2), (11, 13)]
        );
    }

    #[test]
    fn truncated_ending_is_reported() {
        let t = "First line.\nThe court ruled that All...";
        let hits = TruncatedEnding.find(t);
        assert_eq!((hits[0].start, hits[0].end), (12, t.len()));
        assert_eq!(TruncatedEnding.find("Wait for it …\n \n").len(), 1);
        assert!(TruncatedEnding.find("It ended.").is_empty());
        assert!(TruncatedEnding.find("Numbers 1...").is_empty());
        assert!(TruncatedEnding.find("...").is_empty());
    }
}
