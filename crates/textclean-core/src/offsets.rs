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

#[cfg(test)]
mod tests {
    use super::*;

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
}
