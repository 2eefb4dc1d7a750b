//! Document-level measures that `metric` rules compare against a bound (Python
//! `textclean.repairs.metrics`). Counts are of code points, as Python's `len` counts.

use crate::chars::{for_each_char, is_letter, is_py_space, is_word, py_strip};

/// The metrics the core implements, by the name a rule gives (`metric: word_count`).
pub const METRICS: &[&str] = &[
    "word_count",
    "char_count",
    "letter_ratio",
    "blank_line_ratio",
];

/// The metric `name` of `text`, or `None` for a name the core does not know.
pub fn metric(name: &str, text: &str) -> Option<f64> {
    Some(match name {
        "word_count" => word_count(text),
        "char_count" => char_count(text),
        "letter_ratio" => letter_ratio(text),
        "blank_line_ratio" => blank_line_ratio(text),
        _ => return None,
    })
}

/// Number of `\w+` words.
pub fn word_count(text: &str) -> f64 {
    let (mut count, mut in_word) = (0u64, false);
    for_each_char(text, |c| {
        let word = is_word(c);
        count += (word && !in_word) as u64;
        in_word = word;
    });
    count as f64
}

/// `word_count`, counting no further than `bound`: exact below it, `bound` or more above.
pub fn word_count_upto(text: &str, bound: f64) -> f64 {
    let mut count = 0u64;
    let mut in_word = false;
    for c in text.chars() {
        let word = is_word(c);
        if word && !in_word {
            count += 1;
            if count as f64 >= bound {
                break;
            }
        }
        in_word = word;
    }
    count as f64
}

/// (characters, whitespace characters (`str.isspace`), letters (`\p{L}`)) of `text`.
fn counts(text: &str) -> (usize, usize, usize) {
    let (mut chars, mut spaces, mut letters) = (0, 0, 0);
    for_each_char(text, |c| {
        chars += 1;
        if is_py_space(c) {
            spaces += 1;
        } else if is_letter(c) {
            letters += 1;
        }
    });
    (chars, spaces, letters)
}

/// Number of non-whitespace characters.
pub fn char_count(text: &str) -> f64 {
    let (chars, spaces, _) = counts(text);
    (chars - spaces) as f64
}

/// Share of non-whitespace characters that are letters (any script); 1.0 for empty text.
pub fn letter_ratio(text: &str) -> f64 {
    let (chars, spaces, letters) = counts(text);
    let visible = (chars - spaces) as f64;
    if visible == 0.0 {
        return 1.0;
    }
    letters as f64 / visible
}

/// Share of lines (split at "\n") that are blank.
pub fn blank_line_ratio(text: &str) -> f64 {
    let (mut lines, mut blank) = (0usize, 0usize);
    for line in text.split('\n') {
        lines += 1;
        if py_strip(line).is_empty() {
            blank += 1;
        }
    }
    blank as f64 / lines as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_characters() {
        assert_eq!(word_count("Two words."), 2.0);
        assert_eq!(word_count("snake_case, ٣ and é-t"), 5.0);
        assert_eq!(word_count_upto("one two three", 2.0), 2.0);
        assert_eq!(word_count_upto("one two", 5.0), 2.0);
        assert_eq!(char_count(" a b "), 2.0);
        assert_eq!(char_count("a\u{3000}b\u{a0}\x1c"), 2.0);
    }

    #[test]
    fn ratios() {
        assert_eq!(letter_ratio("ab12"), 0.5);
        assert_eq!(letter_ratio(" \n"), 1.0);
        assert_eq!(blank_line_ratio("a\n\nb"), 1.0 / 3.0);
        assert_eq!(blank_line_ratio(""), 1.0);
        assert_eq!(metric("letter_ratio", "é1"), Some(0.5));
        assert_eq!(metric("nope", ""), None);
    }
}
