//! The phrase key of a line, as Python's `textclean.text.phrases.normalise_phrase` makes it.

use crate::chars::{is_py_space, is_regex_space, push_casefold, py_split};

/// Punctuation and symbols that frame a boilerplate phrase (Python `textclean.text.phrases.PHRASE_EDGE`).
pub const EDGE: &str =
    " \t\u{a0}:|•·»«›‹>–—-_*#=~.,;!?()[]{}\"'\u{201c}\u{201d}\u{2018}\u{2019}…→←▶►";

#[inline]
fn is_edge(c: char) -> bool {
    EDGE.contains(c)
}

#[inline]
fn is_separator(c: char) -> bool {
    ('\x1c'..='\x1f').contains(&c)
}

/// The key of `line` written to `out`: edge punctuation stripped, whitespace runs made one
/// space, casefolded (`normalise_phrase`).
pub fn phrase_key(line: &str, out: &mut String) {
    out.clear();
    let core = line.trim_matches(is_edge);
    let bytes = core.as_bytes();
    if core.is_ascii() && !bytes.iter().any(|&b| is_separator(b as char)) {
        // The branch below on ASCII, byte by byte: Python's ASCII spaces but \x1c-\x1f.
        let mut key = std::mem::take(out).into_bytes();
        let mut space = false; // a space is due before the next word
        for &b in bytes {
            if matches!(b, b' ' | b'\t'..=b'\r') {
                space = !key.is_empty();
                continue;
            }
            if space {
                key.push(b' ');
                space = false;
            }
            key.push(b.to_ascii_lowercase());
        }
        *out = String::from_utf8(key).expect("ASCII in, ASCII out");
        return;
    }
    if !core.contains(is_separator) {
        // " ".join(core.split()).casefold()
        for (i, word) in py_split(core).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            push_word(out, word);
        }
        return;
    }
    // regex.sub(r"\s+", " ", core).casefold().strip(): the regex module's \s does not take
    // \x1c-\x1f, which `str.split` and `str.strip` do.
    let mut folded = String::with_capacity(core.len());
    let mut in_space = false;
    for c in core.chars() {
        if is_regex_space(c) {
            if !in_space {
                folded.push(' ');
            }
            in_space = true;
        } else {
            in_space = false;
            let mut buf = [0u8; 4];
            push_word(&mut folded, c.encode_utf8(&mut buf));
        }
    }
    out.push_str(folded.trim_matches(is_py_space));
}

#[inline]
fn push_word(out: &mut String, word: &str) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|c| c.to_ascii_lowercase() as char));
    } else {
        push_casefold(out, word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        let mut out = String::new();
        phrase_key(s, &mut out);
        out
    }

    #[test]
    fn keys_follow_python() {
        assert_eq!(key("  » Read   MORE: "), "read more");
        assert_eq!(key("Straße\u{3000}Teilen!"), "strasse teilen");
        assert_eq!(key("…"), "");
        // \x1c-\x1f: the regex branch, where they are no spaces until the final strip.
        assert_eq!(key("a\x1cb \u{1f}"), "a\x1cb");
        assert_eq!(key("\x1c a  b"), "a b");
        // ASCII lines (the byte-wise branch) and the same words in other cases and spacing.
        assert_eq!(key("Share\tthis\x0b ARTICLE\r\n"), "share this article");
        assert_eq!(key(" -- Follow us --"), "follow us");
        assert_eq!(key("..."), "");
        for line in [
            "Read  more",
            "Read\u{a0}more",
            "read\u{2003}MORE",
            "»Read more«",
        ] {
            assert_eq!(key(line), "read more", "{line:?}");
        }
    }
}
