//! Code-point offsets (what Python's `str` indexes by) against UTF-8 byte offsets.

/// Maps code-point offsets of one text to byte offsets and back.
///
/// An ASCII text needs no table: both offsets are the same.
pub struct CharIndex {
    /// Byte offset of every code point, plus the text's length at the end; empty for ASCII.
    bytes: Vec<usize>,
    len: usize,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharIndex {
                bytes: Vec::new(),
                len: text.len(),
            };
        }
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharIndex {
            bytes,
            len: text.len(),
        }
    }

    /// Number of code points in the text.
    pub fn chars(&self) -> usize {
        if self.bytes.is_empty() {
            self.len
        } else {
            self.bytes.len() - 1
        }
    }

    /// Byte offset of code point `char_offset` (which may be the text's end).
    ///
    /// Returns `None` past the end.
    pub fn byte(&self, char_offset: usize) -> Option<usize> {
        if self.bytes.is_empty() {
            (char_offset <= self.len).then_some(char_offset)
        } else {
            self.bytes.get(char_offset).copied()
        }
    }

    /// Code-point offset of `byte_offset`, which must be on a character boundary.
    pub fn char(&self, byte_offset: usize) -> Option<usize> {
        if self.bytes.is_empty() {
            (byte_offset <= self.len).then_some(byte_offset)
        } else {
            self.bytes.binary_search(&byte_offset).ok()
        }
    }
}

/// Code-point offsets of a few byte offsets of one text, found in one pass over the text up to
/// the last of them (no table of the whole text, unlike [`CharIndex`]).
///
/// Every offset must fall on a character boundary of `text`.
pub fn chars_of(text: &str, byte_offsets: &[usize]) -> Vec<usize> {
    if text.is_ascii() {
        return byte_offsets.to_vec();
    }
    let mut sorted: Vec<usize> = byte_offsets.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let bytes = text.as_bytes();
    let mut counted = Vec::with_capacity(sorted.len());
    let (mut pos, mut chars) = (0usize, 0usize);
    for &b in &sorted {
        // A code point starts at every byte that is not a UTF-8 continuation byte.
        chars += bytes[pos..b]
            .iter()
            .filter(|&&x| (x as i8) >= -0x40)
            .count();
        pos = b;
        counted.push(chars);
    }
    byte_offsets
        .iter()
        .map(|b| counted[sorted.binary_search(b).expect("offset was sorted in")])
        .collect()
}

/// Byte offsets of the starts of the lines of `text` that end at "\n" (a "\r" before it belongs
/// to its line): 0, and the byte after each "\n".
pub fn newline_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_start_after_each_newline() {
        assert_eq!(newline_starts(""), [0]);
        assert_eq!(newline_starts("ab\r\ncd\n"), [0, 4, 7]);
        assert_eq!(newline_starts("\n\u{2028}\r\n"), [0, 1, 6]);
    }

    #[test]
    fn ascii_offsets_are_bytes() {
        let index = CharIndex::new("abc");
        assert_eq!(index.chars(), 3);
        assert_eq!(index.byte(3), Some(3));
        assert_eq!(index.byte(4), None);
        assert_eq!(index.char(2), Some(2));
    }

    #[test]
    fn multibyte_offsets_round_trip() {
        let text = "aé€😀b";
        let index = CharIndex::new(text);
        assert_eq!(index.chars(), 5);
        for (c, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(index.byte(c), Some(b));
            assert_eq!(index.char(b), Some(c));
        }
        assert_eq!(index.byte(5), Some(text.len()));
        assert_eq!(index.char(2), None); // inside "é"
    }

    #[test]
    fn chars_of_counts_code_points() {
        let text = "aé€😀b";
        let bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).rev().collect();
        let want: Vec<usize> = (0..5).rev().collect();
        assert_eq!(chars_of(text, &bytes), want);
        assert_eq!(chars_of(text, &[text.len(), 0, 1, 1]), [5, 0, 1, 1]);
        assert_eq!(chars_of("abc", &[3, 1]), [3, 1]);
    }
}
