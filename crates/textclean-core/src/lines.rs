//! The lines of a text, split exactly as Python's `textclean.text.lines.split_lines` does.
//!
//! A line ends at "\r\n", "\n" or a lone "\r"; a trailing terminator ends the last line (no
//! empty line after it), and an empty text is one blank line. Offsets are bytes.

use crate::chars::is_py_space;

/// One line: where it starts, where its content ends, where its terminator ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub start: usize,
    pub body_end: usize,
    /// After the terminator.
    pub end: usize,
    /// Nothing but whitespace (Python's `not body.strip()`).
    pub blank: bool,
}

impl Line {
    /// The line's content, without its terminator.
    #[inline]
    pub fn body<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.body_end]
    }
}

/// Every line of `text` with its offsets (Python `split_lines`).
pub fn split_lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut pos = 0;
    loop {
        let found = memchr::memchr2(b'\n', b'\r', &bytes[pos..]).map(|i| pos + i);
        let (body_end, end) = match found {
            None => (text.len(), text.len()),
            Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => (i, i + 2),
            Some(i) => (i, i + 1),
        };
        let blank = text[pos..body_end].chars().all(is_py_space);
        lines.push(Line {
            start: pos,
            body_end,
            end,
            blank,
        });
        pos = end;
        if found.is_none() || pos >= text.len() {
            return lines;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(text: &str) -> Vec<&str> {
        split_lines(text).iter().map(|l| l.body(text)).collect()
    }

    #[test]
    fn terminators_and_ends() {
        assert_eq!(bodies("a\r\nb\n\nc\n"), ["a", "b", "", "c"]);
        assert_eq!(bodies("a\rb\r\r\nc"), ["a", "b", "", "c"]);
        assert_eq!(bodies(""), [""]);
        assert_eq!(bodies("\n"), [""]);
        assert_eq!(bodies("\n\n"), ["", ""]);
        assert_eq!(bodies("x\r"), ["x"]);
        let lines = split_lines("a\r\n \u{3000}\x1c\nb");
        assert_eq!(
            lines[0],
            Line {
                start: 0,
                body_end: 1,
                end: 3,
                blank: false
            }
        );
        assert!(lines[1].blank);
        assert_eq!(
            (lines[2].start, lines[2].end),
            (lines[2].body_end - 1, lines[2].body_end)
        );
    }
}
