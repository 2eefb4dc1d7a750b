//! Layout repairs: URLs broken across a gap, paragraphs broken mid-sentence, slid quotes,
//! unbalanced quotes. Each is the Rust form of a regex of the Python reference
//! (tests/core/reference.py); the comments name the regex part each step stands for.

use memchr::{memchr, memmem, memrchr};

use crate::chars::{
    char_before, is_letter, is_lower, is_number, is_regex_space, is_upper, is_word, py_lstrip,
    py_split,
};
use crate::finder::{settings, Finder, Setting};
use crate::lines::{split_lines, Line};
use crate::model::{Edit, Hit};
use crate::repairs::paragraphs::ParagraphView;

#[inline]
fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Skip `[ \t]*` from `at`.
#[inline]
fn skip_blanks(b: &[u8], mut at: usize) -> usize {
    while at < b.len() && is_blank(b[at]) {
        at += 1;
    }
    at
}

/// Match `\r?\n` at `at`: the position after it.
#[inline]
fn line_break(b: &[u8], at: usize) -> Option<usize> {
    match b.get(at) {
        Some(b'\n') => Some(at + 1),
        Some(b'\r') if b.get(at + 1) == Some(&b'\n') => Some(at + 2),
        _ => None,
    }
}

/// Start of the line holding byte `at` (after the last "\n" before it).
#[inline]
fn line_start(b: &[u8], at: usize) -> usize {
    memrchr(b'\n', &b[..at]).map_or(0, |n| n + 1)
}

/// End of the line holding byte `at` (the next "\n", or the end).
#[inline]
fn line_end(b: &[u8], at: usize) -> usize {
    memchr(b'\n', &b[at..]).map_or(b.len(), |n| at + n)
}

/// A URL split by a space or a line break (Python `find_broken_url`), rejoined.
///
/// The fragment after the gap is joined only when it is URL-like: made of URL characters,
/// ending its line, and either the URL ends in a character a URL cannot end with (`-`, `/`,
/// `=` ...) or the fragment carries URL punctuation or digits (`ry-fm-a78492`).
pub struct BrokenUrl;

fn is_url_char(c: char) -> bool {
    // [^\s<>"']
    !(is_regex_space(c) || matches!(c, '<' | '>' | '"' | '\''))
}

fn is_frag_byte(b: u8) -> bool {
    // [A-Za-z0-9\-._~/%?=&#+:@!$,;]
    b.is_ascii_alphanumeric() || b"-._~/%?=&#+:@!$,;".contains(&b)
}

/// The end of `[A-Za-z0-9...]+(?=[ \t]*(?:\r?\n|\Z))` at `at`, if it matches there.
fn fragment(b: &[u8], at: usize) -> Option<usize> {
    let mut end = at;
    while end < b.len() && is_frag_byte(b[end]) {
        end += 1;
    }
    if end == at {
        return None;
    }
    let after = skip_blanks(b, end);
    (after == b.len() || line_break(b, after).is_some()).then_some(end)
}

/// `[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/` at the start of `frag`: a host name and
/// a path. Labels hold no `/`, so the slash is the first one and all before it is the host.
fn starts_with_host_path(frag: &str) -> bool {
    let Some(slash) = frag.find('/') else {
        return false;
    };
    let host = &frag[..slash];
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-'))
        && labels[labels.len() - 1].len() >= 2
        && labels[labels.len() - 1]
            .bytes()
            .all(|c| c.is_ascii_alphabetic())
}

/// The match of `\b(?:https?://|www\.)[^\s<>"']+` + gap + fragment starting at `s`:
/// (url end, fragment start, fragment end).
fn broken_url_at(text: &str, s: usize) -> Option<(usize, usize, usize)> {
    let b = text.as_bytes();
    if char_before(text, s).is_some_and(is_word) {
        return None; // \b: `h` and `w` are word characters
    }
    let rest = &text[s..];
    let body = if rest.starts_with("https://") {
        s + 8
    } else if rest.starts_with("http://") {
        s + 7
    } else if rest.starts_with("www.") {
        s + 4
    } else {
        return None;
    };
    let url_end = text[body..]
        .char_indices()
        .find(|&(_, c)| !is_url_char(c))
        .map_or(text.len(), |(i, _)| body + i);
    if url_end == body {
        return None;
    }
    // (?P<gap>[ \t]|[ \t]*\r?\n), each tried with the fragment after it.
    if b.get(url_end).is_some_and(|&c| is_blank(c)) {
        if let Some(end) = fragment(b, url_end + 1) {
            return Some((url_end, url_end + 1, end));
        }
    }
    let frag = line_break(b, skip_blanks(b, url_end))?;
    fragment(b, frag).map(|end| (url_end, frag, end))
}

fn ends_sentence(s: &str) -> bool {
    // [.!?,;:]$
    s.ends_with(['.', '!', '?', ',', ';', ':'])
}

impl Finder for BrokenUrl {
    fn find(&self, text: &str) -> Vec<Hit> {
        let b = text.as_bytes();
        let http = memmem::Finder::new("http");
        let www = memmem::Finder::new("www.");
        let mut hits = Vec::new();
        let mut pos = 0;
        while pos < b.len() {
            let next_http = http.find(&b[pos..]);
            let next_www = www.find(&b[pos..]);
            let s = match (next_http, next_www) {
                (Some(h), Some(w)) => pos + h.min(w),
                (Some(h), None) => pos + h,
                (None, Some(w)) => pos + w,
                (None, None) => break,
            };
            let Some((url_end, frag_start, frag_end)) = broken_url_at(text, s) else {
                pos = s + 1;
                continue;
            };
            pos = frag_end; // finditer goes on after the match, kept or not
            let (url, frag) = (&text[s..url_end], &text[frag_start..frag_end]);
            if ends_sentence(url) || ends_sentence(frag) {
                continue;
            }
            let url_continues = url.ends_with(['-', '/', '_', '=', '&', '?', '%', '.', '+']);
            let urlish = frag
                .bytes()
                .any(|c| c.is_ascii_digit() || b"-/_=%&?#.+".contains(&c));
            if !(url_continues || urlish) {
                continue;
            }
            let lower = frag.to_ascii_lowercase();
            if lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("www.")
                || starts_with_host_path(frag)
            {
                continue; // two URLs in a row (`https://t.co/x pic.twitter.com/y`)
            }
            let kind = if text[url_end..frag_start].contains('\n') {
                "line break"
            } else {
                "space"
            };
            hits.push(Hit {
                unsafe_fix: false,
                start: s,
                end: frag_end,
                message: Some(format!("URL broken by a {kind}")),
                edits: vec![Edit::new(url_end..frag_start, "")],
            });
        }
        hits
    }
}

/// A paragraph break in the middle of a sentence (Python `find_broken_paragraph`), joined.
///
/// The first part must end without terminal punctuation (a letter, digit or comma), the second
/// start with a lower-case word (not a brand such as `eZ` or `iPhone`), and both be
/// prose-sized (a word-count floor), so headings, menus and list items are left alone.
pub struct BrokenParagraph {
    pub min_words_before: i64,
    pub min_words_after: i64,
}

impl Default for BrokenParagraph {
    fn default() -> Self {
        BrokenParagraph {
            min_words_before: 4,
            min_words_after: 3,
        }
    }
}

/// The end of the gap `[ \t]*(?:\r?\n[ \t]*){2,}` at `at`, when the text after it passes
/// `(?=\p{Ll}+(?![\p{Lu}\p{N}]))`.
fn paragraph_gap(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut end = skip_blanks(b, at);
    let mut breaks = 0;
    while let Some(next) = line_break(b, end) {
        end = skip_blanks(b, next);
        breaks += 1;
    }
    if breaks < 2 {
        return None;
    }
    // \p{Ll}+ backtracks: a run of two or more lower-case letters always has a shorter one
    // followed by a lower-case letter; a run of one must not be followed by Lu or N.
    let mut after = text[end..].chars();
    if !after.next().is_some_and(is_lower) {
        return None;
    }
    match after.next() {
        Some(c) if is_lower(c) => Some(end),
        Some(c) if is_upper(c) || is_number(c) => None,
        _ => Some(end),
    }
}

/// Python `len(text.split()) < limit`, counting no further than `limit`.
fn fewer_words(text: &str, limit: i64) -> bool {
    if limit <= 0 {
        return false;
    }
    (py_split(text).take(limit as usize).count() as i64) < limit
}

impl Finder for BrokenParagraph {
    fn params(&self) -> Vec<Setting> {
        settings![self; int min_words_before, int min_words_after]
    }

    fn find(&self, text: &str) -> Vec<Hit> {
        let b = text.as_bytes();
        let is_gap_byte = |c: u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
        let mut hits = Vec::new();
        let mut pos = 0;
        // A match's gap starts right after a non-blank character: at the start of a run of
        // blanks and line breaks. Each run holding a "\n" is tried once.
        while let Some(n) = memchr(b'\n', &b[pos..]) {
            let n = pos + n;
            let mut run = n;
            while run > 0 && is_gap_byte(b[run - 1]) {
                run -= 1;
            }
            pos = n + 1;
            while pos < b.len() && is_gap_byte(b[pos]) {
                pos += 1;
            }
            let Some(last) = char_before(text, run) else {
                continue;
            };
            if !(is_letter(last) || is_number(last) || last == ',') {
                continue;
            }
            let Some(gap_end) = paragraph_gap(text, run) else {
                continue;
            };
            let start = line_start(b, run);
            if text[start..].starts_with(['#', '-', '*', '•']) {
                continue; // a heading or a list item, not a sentence
            }
            if fewer_words(&text[start..run], self.min_words_before) {
                continue;
            }
            if fewer_words(&text[gap_end..line_end(b, gap_end)], self.min_words_after) {
                continue;
            }
            hits.push(Hit {
                unsafe_fix: false,
                start: run,
                end: gap_end,
                message: Some("paragraph broken in the middle of a sentence".into()),
                edits: vec![Edit::new(run..gap_end, " ")],
            });
        }
        hits
    }
}

/// An opening quote that slid across a paragraph break (Python `find_slid_quote`), moved back.
///
/// A heading `Disappointed and disturbed'` followed by a paragraph `'ASEAN has ...`: the
/// heading's opening quote has become the paragraph's. It is moved back when the heading has
/// a closing quote but no opening one and the paragraph's opening quote is never closed.
/// The heading is a line of its own: the last line of a hard-wrapped paragraph (a line that
/// continues the sentence above, [`ParagraphView`]) is not one, its opening quote is above.
pub struct SlidQuote;

const QUOTES: [char; 6] = ['\'', '"', '‘', '’', '“', '”'];

/// The opening quote that pairs with a closing one.
fn opening_of(close: char) -> char {
    match close {
        '’' => '‘',
        '”' => '“',
        c => c, // ' and "
    }
}

/// The match of `^(?P<head>[^\n'"‘’“”]{2,200}?)(?P<close>['"’”])(?P<gap>[ \t]*\r?\n(?:[ \t]*\r?\n)+)
/// (?P<open>['"‘“])(?=\p{L})` at line start `ls`: (close quote, its byte, open quote, its byte).
fn slid_quote_at(text: &str, ls: usize) -> Option<(char, usize, char, usize)> {
    let b = text.as_bytes();
    // The head holds no quote and no line break, so the close quote is the line's first quote.
    let (n, (at, close)) = text[ls..]
        .char_indices()
        .take(201)
        .enumerate()
        .find(|&(_, (_, c))| c == '\n' || QUOTES.contains(&c))?;
    if !(2..=200).contains(&n) || !matches!(close, '\'' | '"' | '’' | '”') {
        return None;
    }
    let close_at = ls + at;
    let mut end = close_at + close.len_utf8();
    let mut breaks = 0;
    while let Some(next) = line_break(b, skip_blanks(b, end)) {
        end = next;
        breaks += 1;
    }
    if breaks < 2 {
        return None;
    }
    let mut after = text[end..].chars();
    let open = after
        .next()
        .filter(|c| matches!(c, '\'' | '"' | '‘' | '“'))?;
    after.next().filter(|&c| is_letter(c))?;
    Some((close, close_at, open, end))
}

/// `(?<=[\p{L}\p{N}.,!?])['’](?!\p{L})|(?<=\S)["”]` anywhere in `para`.
fn has_closing_quote(para: &str) -> bool {
    let mut prev: Option<char> = None;
    let mut chars = para.chars().peekable();
    while let Some(c) = chars.next() {
        let closes = match c {
            '\'' | '’' => {
                prev.is_some_and(|p| is_letter(p) || is_number(p) || ".,!?".contains(p))
                    && !chars.peek().is_some_and(|&n| is_letter(n))
            }
            '"' | '”' => prev.is_some_and(|p| !is_regex_space(p)),
            _ => false,
        };
        if closes {
            return true;
        }
        prev = Some(c);
    }
    false
}

impl Finder for SlidQuote {
    fn find(&self, text: &str) -> Vec<Hit> {
        let b = text.as_bytes();
        let mut hits = Vec::new();
        let mut last_end = 0;
        let mut pos = 0;
        // The paragraph model, built only when a candidate heading follows another line.
        let mut view: Option<(Vec<Line>, ParagraphView)> = None;
        // A match's gap ends in a "\n" right before the opening quote, and runs back over blanks
        // and line breaks to the closing quote, the first quote of its line. So each "\n"
        // followed by an opening quote names the one line start where the match can begin;
        // the regex is tried only there, in order, a match never overlapping the one before.
        while let Some(n) = memchr(b'\n', &b[pos..]) {
            let n = pos + n;
            pos = n + 1;
            if !text[pos..].starts_with(['\'', '"', '‘', '“']) {
                continue;
            }
            let mut run = n;
            while run > 0 && matches!(b[run - 1], b' ' | b'\t' | b'\r' | b'\n') {
                run -= 1;
            }
            let ls = line_start(b, run);
            if run == 0 || ls < last_end {
                continue;
            }
            let Some((close, _close_at, open, open_at)) = slid_quote_at(text, ls) else {
                continue;
            };
            let para_start = open_at + open.len_utf8();
            last_end = para_start;
            let para = &text[para_start..line_end(b, para_start)];
            if opening_of(close) == open && !has_closing_quote(para) {
                if ls > 0 {
                    let (lines, v) = view.get_or_insert_with(|| {
                        let lines = split_lines(text);
                        let v = ParagraphView::new(text, &lines);
                        (lines, v)
                    });
                    let i = lines.partition_point(|l| l.start <= ls) - 1;
                    if v.continues[i] {
                        continue;
                    }
                }
                let mut quote = [0u8; 4];
                hits.push(Hit {
                    unsafe_fix: false,
                    start: ls,
                    end: para_start,
                    message: Some("opening quote slid across a paragraph break".into()),
                    edits: vec![
                        Edit::new(ls..ls, &*open.encode_utf8(&mut quote)),
                        Edit::new(open_at..para_start, ""),
                    ],
                });
            }
        }
        hits
    }
}

/// Paragraphs with an odd number of straight double quotes (Python `find_unbalanced_quotes`);
/// report only. A paragraph that opens a quotation continued by the next one (the news
/// convention of reopening quotes on each paragraph) is not reported.
pub struct UnbalancedQuotes;

/// The spans of `[^\n]+(?:\n[^\n]+)*`: runs of non-empty lines.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    loop {
        let end = line_end(b, pos);
        if end > pos {
            start.get_or_insert(pos);
        } else if let Some(s) = start.take() {
            out.push((s, pos - 1));
        }
        if end == b.len() {
            if let Some(s) = start.take() {
                out.push((s, end));
            }
            break;
        }
        pos = end + 1;
    }
    out
}

impl Finder for UnbalancedQuotes {
    fn find(&self, text: &str) -> Vec<Hit> {
        if memchr(b'"', text.as_bytes()).is_none() {
            return Vec::new();
        }
        let paras = paragraphs(text);
        let mut hits = Vec::new();
        for (i, &(s, e)) in paras.iter().enumerate() {
            let para = &text[s..e];
            if para.bytes().filter(|&c| c == b'"').count() % 2 == 0 {
                continue;
            }
            let next = paras.get(i + 1).map_or("", |&(ns, ne)| &text[ns..ne]);
            if py_lstrip(para).starts_with('"') && py_lstrip(next).starts_with('"') {
                continue;
            }
            hits.push(Hit {
                unsafe_fix: false,
                start: s,
                end: e,
                message: Some("unbalanced double quote in paragraph".into()),
                edits: Vec::new(),
            });
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(hits: &[Hit]) -> Vec<(usize, usize)> {
        hits.iter().map(|h| (h.start, h.end)).collect()
    }

    #[test]
    fn broken_url_is_rejoined() {
        let t = "Source: https://example.org/2024/05/harbour-festival-retur ns-a1234";
        let hits = BrokenUrl.find(t);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].edits, vec![Edit::new(58..59, "")]);
        assert_eq!(hits[0].message.as_deref(), Some("URL broken by a space"));
        let t = "See https://example.org/a-long-\npath-2\nmore";
        assert_eq!(
            BrokenUrl.find(t)[0].message.as_deref(),
            Some("URL broken by a line break")
        );
    }

    #[test]
    fn url_then_prose_or_another_url_is_left() {
        assert!(BrokenUrl
            .find("See https://example.org/about us")
            .is_empty());
        assert!(BrokenUrl
            .find("https://t.co/hF5Qc7 pic.twitter.com/KQLpg")
            .is_empty());
        assert!(BrokenUrl.find("xhttps://a.org/b- c1").is_empty()); // no \b
        assert!(BrokenUrl.find("https://a.org/b- c1 more words").is_empty());
    }

    #[test]
    fn broken_paragraph_is_joined() {
        let t = "It was accused by rights\n\ngroups of arming the military.";
        let hits = BrokenParagraph::default().find(t);
        assert_eq!(spans(&hits), [(24, 26)]);
        assert_eq!(hits[0].edits[0].replacement, " ");
        let brand = "Our partner this year: eZ Systems\n\neZ Systems makes software.";
        assert!(BrokenParagraph::default().find(brand).is_empty());
        let short = BrokenParagraph {
            min_words_before: 0,
            min_words_after: 0,
        };
        assert_eq!(spans(&short.find("a\n \r\n\tb")), [(1, 6)]);
        assert!(short.find("- a\n\nb").is_empty());
    }

    #[test]
    fn slid_quote_is_moved_back() {
        let t = "Bad news'\n\n'Markets fell on Monday.";
        let hits = SlidQuote.find(t);
        assert_eq!(spans(&hits), [(0, 12)]);
        assert_eq!(
            hits[0].edits,
            vec![Edit::new(0..0, "'"), Edit::new(11..12, "")]
        );
        let curly = "Bad news”\n\n“Markets fell";
        assert_eq!(SlidQuote.find(curly)[0].edits[0].replacement, "“");
        // A closed quotation in the paragraph is a real one.
        assert!(SlidQuote
            .find("Bad news'\n\n'Markets fell,' he said.")
            .is_empty());
        // The last line of a hard-wrapped paragraph is not a heading: its quote opened above.
        let wrapped =
            "She said the harbour was 'not\nready for the season yet'\n\n'Markets fell on Monday.";
        assert!(SlidQuote.find(wrapped).is_empty());
        // A heading after another paragraph is still one.
        let after = "The port reopened on Friday.\n\nBad news'\n\n'Markets fell on Monday.";
        assert_eq!(SlidQuote.find(after).len(), 1);
    }

    #[test]
    fn unbalanced_quotes_are_reported() {
        let t = "He said \"no.\n\nDone.";
        assert_eq!(spans(&UnbalancedQuotes.find(t)), [(0, 12)]);
        let continued = "\"One.\n\n\"Two.\"";
        assert!(UnbalancedQuotes.find(continued).is_empty());
        assert_eq!(paragraphs("\na\nb\n\n\nc\n"), [(1, 4), (7, 8)]);
    }
}
