//! A long line repeated right below itself (Python `find_nearby_duplicate_lines`, BP033): a
//! caption printed as alt text and under the image, a carousel's copies, a teaser title printed
//! twice. The later copy goes; the first stays.

use crate::chars::{is_word, push_casefold, py_split, runs_of};
use crate::finder::{settings, Finder, Setting};
use crate::lines::{line_place, split_lines};
use crate::model::{Edit, Hit};

/// Delete a line of at least `min_words` words whose words (`\w+` of the casefolded line) are
/// those of one of the `window` non-blank lines above it.
pub struct NearbyDuplicateLines {
    pub min_words: i64,
    pub window: i64,
}

impl Default for NearbyDuplicateLines {
    fn default() -> Self {
        NearbyDuplicateLines {
            min_words: 8,
            window: 3,
        }
    }
}

/// The `\w+` runs of `folded` (the regex module's `\w`), as byte ranges.
fn word_runs(folded: &str, out: &mut Vec<(usize, usize)>) {
    runs_of(
        folded,
        |c| {
            if c.is_ascii() {
                c.is_ascii_alphanumeric() || c == '_'
            } else {
                is_word(c)
            }
        },
        out,
    );
}

/// A non-blank line's words: the casefolded line and its word runs (none for a short line).
#[derive(Default)]
struct Words {
    folded: String,
    runs: Vec<(usize, usize)>,
}

impl Words {
    fn same(&self, other: &Words) -> bool {
        self.runs.len() == other.runs.len()
            && self
                .runs
                .iter()
                .zip(&other.runs)
                .all(|(&(a, b), &(c, d))| self.folded[a..b] == other.folded[c..d])
    }
}

impl Finder for NearbyDuplicateLines {
    fn params(&self) -> Vec<Setting> {
        settings![self; int min_words, int window]
    }

    fn find(&self, text: &str) -> Vec<Hit> {
        let lines = split_lines(text);
        let min_words = self.min_words.max(0) as usize;
        let half = (self.min_words / 2).max(1) as usize;
        let window = self.window.max(0) as usize;
        // The words of the last `window` non-blank lines (a ring, oldest first from `next`).
        let mut recent: Vec<Words> = Vec::with_capacity(window + 1);
        let mut next = 0;
        let mut current = Words::default();
        let mut hits = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if line.blank {
                continue;
            }
            let body = line.body(text);
            current.folded.clear();
            current.runs.clear();
            if py_split(body).take(half).count() >= half {
                push_casefold(&mut current.folded, body);
                word_runs(&current.folded, &mut current.runs);
            }
            if current.runs.len() >= min_words {
                // Nearest first, as Python walks `reversed(recent)`.
                let n = recent.len();
                let back = (1..=n).find(|&back| {
                    let slot = if n < window {
                        n - back
                    } else {
                        (next + n - back) % n
                    };
                    current.same(&recent[slot])
                });
                if let Some(back) = back {
                    let (_, (start, end)) = line_place(text, &lines, i);
                    hits.push(Hit {
                        unsafe_fix: false,
                        start: line.start,
                        end: line.body_end,
                        message: Some(format!("line repeated {back} line(s) below its first copy")),
                        edits: vec![Edit::new(start..end, "")],
                    });
                }
            }
            if window == 0 {
                continue;
            }
            if recent.len() < window {
                recent.push(std::mem::take(&mut current));
            } else {
                std::mem::swap(&mut recent[next], &mut current);
                next = (next + 1) % window;
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = "The ferry leaves the harbour at dawn on a grey Monday";

    #[test]
    fn the_later_copy_of_a_long_line_goes() {
        let t = format!("{LINE}\n  {LINE}.\nThe pier reopened.");
        let hits = NearbyDuplicateLines::default().find(&t);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            hits[0].message.as_deref(),
            Some("line repeated 1 line(s) below its first copy")
        );
        let second = LINE.len() + 1;
        assert_eq!(
            (hits[0].start, hits[0].end),
            (second, second + LINE.len() + 3)
        );
        assert_eq!(
            (hits[0].edits[0].start, hits[0].edits[0].end),
            (second, second + LINE.len() + 4)
        );
    }

    #[test]
    fn only_within_the_window_and_only_long_lines() {
        let far = format!("{LINE}\na\nb\nc\n{LINE}");
        assert!(NearbyDuplicateLines::default().find(&far).is_empty());
        let near = format!("{LINE}\n\na\n\nb\n{}", LINE.to_uppercase());
        let hits = NearbyDuplicateLines::default().find(&near);
        assert_eq!(
            hits[0].message.as_deref(),
            Some("line repeated 3 line(s) below its first copy")
        );
        assert!(NearbyDuplicateLines::default()
            .find("Eat at noon\nEat at noon")
            .is_empty());
    }
}
