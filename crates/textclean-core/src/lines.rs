//! The lines of a text, split exactly as Python's `textclean.text.lines.split_lines` does.
//!
//! A line ends at "\r\n", "\n" or a lone "\r"; a trailing terminator ends the last line (no
//! empty line after it), and an empty text is one blank line. Offsets are bytes.

use crate::chars::{is_py_space, py_lstrip};

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

/// Where a line rule's finding on line `i` of `lines` is (its body without the whitespace
/// around it), and what deleting the line removes so that no gap or glue is left behind.
///
/// A line that stands as its own paragraph (blank line or edge on both sides) takes one
/// neighbouring blank line with it, so `a\n\nAD\n\nb` becomes `a\n\nb`. The last line
/// takes the blank lines and the terminator before it, so a text without a final newline
/// keeps having none. Byte offsets: `(span, deletion)`.
pub fn line_place(text: &str, lines: &[Line], i: usize) -> ((usize, usize), (usize, usize)) {
    let line = lines[i];
    let body = line.body(text);
    let lead = body.len() - py_lstrip(body).len();
    let trail = body.trim_end_matches(is_py_space).len();
    let span = (line.start + lead, line.start + trail.max(lead));
    let prev_blank = i == 0 || lines[i - 1].blank;
    let next_blank = i + 1 < lines.len() && lines[i + 1].blank;
    let (mut start, mut end) = (line.start, line.end);
    if prev_blank && next_blank {
        end = lines[i + 1].end; // take the blank line after it
    } else if i + 1 == lines.len() {
        match (0..i).rev().find(|&j| !lines[j].blank) {
            None => start = 0,
            Some(j) if line.end > line.body_end => start = lines[j].end,
            Some(j) => start = lines[j].body_end,
        }
    }
    (span, (start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(text: &str) -> Vec<&str> {
        split_lines(text).iter().map(|l| l.body(text)).collect()
    }

    #[test]
    fn places_of_deleted_lines() {
        let place = |text: &str, i: usize| line_place(text, &split_lines(text), i);
        assert_eq!(place("a\n\n AD \n\nb", 2), ((4, 6), (3, 9)));
        assert_eq!(place("a\nAD\nb", 1), ((2, 4), (2, 5)));
        assert_eq!(place("a\n\nAD", 2), ((3, 5), (1, 5)));
        assert_eq!(place("a\n\nAD\n", 2), ((3, 5), (2, 6)));
        assert_eq!(place("AD", 0), ((0, 2), (0, 2)));
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
