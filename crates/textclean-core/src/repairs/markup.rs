//! Markup repairs: HTML entities left as literal text.

use std::borrow::Cow;

use memchr::memchr;

use crate::finder::Finder;
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
                start,
                end,
                message: None,
                edits: vec![Edit::new(start..end, decoded)],
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let hits = HtmlEntities.find(t);
        let found: Vec<(&str, &str)> = hits
            .iter()
            .map(|h| (&t[h.start..h.end], h.edits[0].replacement.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("&amp;", "&"),
                ("&#8217;", "’"),
                ("&EACUTE;", "É"),
                ("&eacute;", "é")
            ]
        );
    }
}
