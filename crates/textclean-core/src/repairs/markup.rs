//! Markup repairs: HTML entities left as literal text, and HTML tags left in the text.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memchr;
use regex_automata::meta;

use crate::chars::py_strip;
use crate::finder::Finder;
use crate::linerules::{translate, Engine};
use crate::model::{Edit, Hit};
use crate::tables::{ENTITIES, INVALID_CHARREFS, INVALID_CODEPOINTS};

/// The end of `&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});` at byte
/// `at` (an `&`), if an entity is there.
fn entity_end(b: &[u8], at: usize) -> Option<usize> {
    let run = |from: usize, ok: fn(&u8) -> bool| b[from..].iter().take_while(|c| ok(c)).count();
    let body = at + 1;
    let end = match b.get(body)? {
        b'#' => match b.get(body + 1) {
            Some(b'x' | b'X') => {
                let n = run(body + 2, u8::is_ascii_hexdigit);
                if !(1..=6).contains(&n) {
                    return None;
                }
                body + 2 + n
            }
            _ => {
                let n = run(body + 1, u8::is_ascii_digit);
                if !(1..=7).contains(&n) {
                    return None;
                }
                body + 1 + n
            }
        },
        c if c.is_ascii_alphabetic() => {
            let n = run(body + 1, u8::is_ascii_alphanumeric);
            if !(1..=31).contains(&n) {
                return None;
            }
            body + 1 + n
        }
        _ => return None,
    };
    (b.get(end) == Some(&b';')).then_some(end + 1)
}

/// Whether `c` would add damage rather than remove it (a control character or U+FFFD).
fn is_damage(c: char) -> bool {
    let cp = c as u32;
    (cp < 32 && !matches!(c, '\t' | '\n' | '\r')) || (0x7F..0xA0).contains(&cp) || cp == 0xFFFD
}

/// What `html.unescape` makes of the numeric reference to `num`.
fn charref(num: u32) -> Cow<'static, str> {
    if let Ok(i) = INVALID_CHARREFS.binary_search_by_key(&num, |&(k, _)| k) {
        return Cow::Borrowed(INVALID_CHARREFS[i].1);
    }
    if (0xD800..=0xDFFF).contains(&num) || num > 0x10FFFF {
        return Cow::Borrowed("\u{fffd}");
    }
    if INVALID_CODEPOINTS.binary_search(&num).is_ok() {
        return Cow::Borrowed("");
    }
    Cow::Owned(char::from_u32(num).expect("a scalar value").to_string())
}

/// The text of a whole entity (`&...;`), or `None` when it stays as it is: a name that is no
/// entity, or a decoding to a control character.
fn decode(entity: &str) -> Option<Cow<'static, str>> {
    let body = &entity[1..entity.len() - 1];
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let num = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        charref(num)
    } else {
        // The table leaves out names that decode to a control character.
        let i = ENTITIES.binary_search_by_key(&body, |&(k, _)| k).ok()?;
        return Some(Cow::Borrowed(ENTITIES[i].1));
    };
    (!decoded.chars().any(is_damage)).then_some(decoded)
}

/// Each entity of `text` with its text: (start, end, decoded).
fn entities(text: &str) -> impl Iterator<Item = (usize, usize, Cow<'static, str>)> + '_ {
    let b = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while let Some(i) = memchr(b'&', &b[pos..]) {
            let at = pos + i;
            match entity_end(b, at) {
                Some(end) => {
                    pos = end;
                    if let Some(decoded) = decode(&text[at..end]) {
                        return Some((at, end, decoded));
                    }
                }
                None => pos = at + 1,
            }
        }
        pos = b.len();
        None
    })
}

/// Decode complete HTML entities (named, decimal, hex) in `text` (Python `unescape_html`).
///
/// Only whole entities with their semicolon are decoded, named ones of HTML5 and ftfy's
/// all-caps spellings; a reference that would decode to a control character stays.
pub fn unescape_html(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut last = 0;
    for (start, end, decoded) in entities(text) {
        out.push_str(&text[last..start]);
        out.push_str(&decoded);
        last = end;
    }
    if last == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// HTML entities left as literal text (Python `find_html_entities`), decoded.
pub struct HtmlEntities;

impl Finder for HtmlEntities {
    fn find(&self, text: &str) -> Vec<Hit> {
        entities(text)
            .filter(|(start, end, decoded)| &text[*start..*end] != decoded)
            .map(|(start, end, decoded)| Hit {
                unsafe_fix: false,
                start,
                end,
                message: None,
                edits: vec![Edit::new(start..end, decoded)],
            })
            .collect()
    }
}

/// An HTML tag of the elements extractors leave behind (the attribute values may hold `>`).
const TAG: &str = concat!(
    r"</?(?i:p|br|div|span|a|b|i|em|strong|u|img|ul|ol|li|h[1-6]|figure|figcaption|blockquote|",
    r"sup|sub|font|center|small|iframe|section|article|header|footer|nav|table|tr|td|th|tbody|",
    r#"thead)\b(?:[^<>"]|"[^"]*")*/?>"#
);
/// Words that say a text is about markup, so a line of markup in it is an example, not debris.
const ABOUT_MARKUP: &str =
    r"(?i)\b(?:html|markup|css|javascript|jsx|dom|xml|svg|snippet|elements?|attributes?|tags?)\b";

/// A pattern written for Python's `regex`, in the `regex` crate (it must read it the same way).
fn rust_regex(pattern: &str) -> meta::Regex {
    let (engine, text) = translate(pattern);
    assert_eq!(engine, Engine::Rust, "{pattern}");
    meta::Regex::new(&text).expect("a valid pattern")
}

/// The lines of `text` with their terminators, as Python's `str.splitlines(keepends=True)`.
fn py_splitlines(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let mut it = text[start..].char_indices();
        let end = loop {
            match it.next() {
                None => break text.len(),
                Some((i, '\r')) => {
                    let after = start + i + 1;
                    break if text.as_bytes().get(after) == Some(&b'\n') {
                        after + 1
                    } else {
                        after
                    };
                }
                Some((i, c))
                    if matches!(
                        c,
                        '\n' | '\x0b'
                            | '\x0c'
                            | '\x1c'
                            | '\x1d'
                            | '\x1e'
                            | '\u{85}'
                            | '\u{2028}'
                            | '\u{2029}'
                    ) =>
                {
                    break start + i + c.len_utf8()
                }
                Some(_) => {}
            }
        };
        pos = end;
        Some((start, end))
    })
}

/// HTML tags left in the text by a converter (Python `find_leftover_tags`), removed; a `<br>`
/// becomes a line break. Markup shown as code stays: see [`LeftoverTags::code_spans`]. Its
/// regexes are compiled on first use, once per process: a text without `<` needs neither.
pub struct LeftoverTags;

static TAG_REGEX: LazyLock<meta::Regex> = LazyLock::new(|| rust_regex(TAG));
static ABOUT_MARKUP_REGEX: LazyLock<meta::Regex> = LazyLock::new(|| rust_regex(ABOUT_MARKUP));

impl LeftoverTags {
    /// Where markup in `text` is shown as code, not left over: fenced blocks, indented
    /// blocks, inline `code`, and lines that are all markup in a paragraph about markup (the
    /// line before ends in a colon or speaks of HTML, elements, tags..., or is such a line).
    fn code_spans(&self, text: &str) -> Vec<(usize, usize)> {
        let b = text.as_bytes();
        let mut spans = Vec::new();
        // Inline code: `[^`\n]+`
        let mut pos = 0;
        while let Some(i) = memchr(b'`', &b[pos..]) {
            let at = pos + i;
            let run = b[at + 1..]
                .iter()
                .take_while(|&&c| c != b'`' && c != b'\n')
                .count();
            let close = at + 1 + run;
            if run > 0 && b.get(close) == Some(&b'`') {
                spans.push((at, close + 1));
                pos = close + 1;
            } else {
                pos = at + 1;
            }
        }
        let mut fenced = false;
        let mut previous = ""; // the last line that is not blank
        let mut previous_code = false; // ...and whether it was a line of markup shown as code
        let mut after_blank = true;
        let mut in_indented = false;
        let mut folded = String::new();
        for (start, end) in py_splitlines(text) {
            let body = text[start..end].trim_end_matches(['\r', '\n']);
            let stripped = py_strip(body);
            let indented = body.starts_with("    ") || body.starts_with('\t');
            let code;
            if is_fence(body) {
                fenced = !fenced;
                code = true;
            } else if fenced {
                code = true;
            } else if !stripped.is_empty() && indented && (after_blank || in_indented) {
                code = true;
                in_indented = true;
            } else if stripped.starts_with('<')
                && stripped.ends_with('>')
                && !stripped.contains("data-mce-")
            {
                code = previous_code || previous.ends_with(':') || {
                    folded.clear();
                    let mut last = 0;
                    for m in TAG_REGEX.find_iter(previous) {
                        folded.push_str(&previous[last..m.start()]);
                        folded.push(' ');
                        last = m.end();
                    }
                    folded.push_str(&previous[last..]);
                    ABOUT_MARKUP_REGEX.is_match(folded.as_str())
                };
            } else {
                code = false;
            }
            if code {
                spans.push((start, end));
            }
            if !stripped.is_empty() {
                previous = stripped;
                previous_code = code;
                in_indented = in_indented && indented;
                after_blank = false;
            } else {
                after_blank = true;
            }
        }
        spans
    }
}

/// Python `^ {0,3}(?:```|~~~)` on a line.
fn is_fence(body: &str) -> bool {
    let spaces = body.bytes().take_while(|&c| c == b' ').count();
    spaces <= 3 && (body[spaces..].starts_with("```") || body[spaces..].starts_with("~~~"))
}

impl Finder for LeftoverTags {
    fn find(&self, text: &str) -> Vec<Hit> {
        if memchr(b'<', text.as_bytes()).is_none() {
            return Vec::new();
        }
        let mut code: Option<Vec<(usize, usize)>> = None;
        let mut hits = Vec::new();
        for m in TAG_REGEX.find_iter(text) {
            let code = code.get_or_insert_with(|| self.code_spans(text));
            if code.iter().any(|&(s, e)| s <= m.start() && m.end() <= e) {
                continue;
            }
            let tag = &text[m.range()];
            // Python `strip_tag`: `(?i)^<br\b` becomes a line break (the tag's name ends there).
            let replacement = if tag.len() >= 3 && tag.as_bytes()[1..3].eq_ignore_ascii_case(b"br")
            {
                "\n"
            } else {
                ""
            };
            hits.push(Hit {
                unsafe_fix: false,
                start: m.start(),
                end: m.end(),
                message: None,
                edits: vec![Edit::new(m.range(), replacement)],
            });
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts what `finder` hits in `text`: each hit's text and its first edit's replacement.
    fn assert_replaced(finder: &dyn Finder, text: &str, expected: &[(&str, &str)]) {
        let hits = finder.find(text);
        let found: Vec<(&str, &str)> = hits
            .iter()
            .map(|h| (&text[h.start..h.end], h.edits[0].replacement.as_str()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn leftover_tags_outside_code() {
        let t = "Hello<br>world.\n\nThe element:\n\n<div id=\"app\"></div>\n```\n<b>x</b>\n```\n`<i>` <P class=\"a>b\">x</p>";
        assert_replaced(
            &LeftoverTags,
            t,
            &[("<br>", "\n"), ("<P class=\"a>b\">", ""), ("</p>", "")],
        );
        assert!(LeftoverTags.find("3 < 4 > 2").is_empty());
        let lines: Vec<(usize, usize)> = py_splitlines("a\r\nb\rc\u{2028}d").collect();
        assert_eq!(lines, [(0, 3), (3, 5), (5, 9), (9, 10)]);
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            unescape_html("Tom &amp; Jerry&#8217;s &lt;b&gt;"),
            "Tom & Jerry’s <b>"
        );
        assert_eq!(
            unescape_html("P&EACUTE;REZ &EURO; &#x41;&#X42;"),
            "PÉREZ € AB"
        );
        assert_eq!(unescape_html("&#150; &#1;x"), "– x"); // as browsers and html.unescape do
    }

    #[test]
    fn non_entities_and_damage_stay() {
        for text in [
            "&notanentity; &#0; &#x81; &#99999999; &#xD800;",
            "Q&A with AT&T",
            "&a; &#; &#x;",
        ] {
            assert_eq!(unescape_html(text), text);
        }
    }

    #[test]
    fn finder_reports_each_decoded_entity() {
        let t = "Tom &amp; Jerry&#8217;s &EACUTE;t&eacute; &notreal;";
        assert_replaced(
            &HtmlEntities,
            t,
            &[
                ("&amp;", "&"),
                ("&#8217;", "’"),
                ("&EACUTE;", "É"),
                ("&eacute;", "é"),
            ],
        );
    }
}
