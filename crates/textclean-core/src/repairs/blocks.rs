//! Block repairs: runs of lines that are page furniture as a whole (Python
//! `textclean.repairs.blocks`, whose module and finder docstrings are the documentation).
//!
//! `delete_navigation_block`: runs of short lines in which navigation labels are common, and
//! the page header above the first prose line. `delete_page_chrome`: in whole-page text,
//! everything outside the main text block.

use std::collections::HashSet;

use crate::chars::{char_before, is_regex_space, push_casefold, py_split, py_strip};
use crate::finder::{settings, Finder, FinderError, Setting, Value};
use crate::lines::{split_lines, Line};
use crate::model::{Edit, Hit};
use crate::repairs::lazy;
use crate::repairs::paragraphs::{ends_sentence, words_upto, ParagraphView};
use crate::repairs::teasers::Patterns;

/// Punctuation and symbols that frame a label (for Python `textclean.text.phrases.fold_label`).
pub const EDGE: &str = " \t\u{a0}:|•·»«›‹>–—-_*#=~.,;!?()[]{}\"'“”‘’…→←▶►✕×/\\+";

#[inline]
fn is_edge(c: char) -> bool {
    EDGE.contains(c)
}

/// A line folded for comparison with marker phrases (Python `fold_label`): edge punctuation
/// stripped (and an opening `¡`/`¿`, a closing `。`), runs of `\s` made one space,
/// casefolded, stripped.
pub fn fold_label(line: &str, out: &mut String) {
    out.clear();
    let core = line
        .trim_start_matches(|c| is_edge(c) || c == '¡' || c == '¿')
        .trim_end_matches(|c| is_edge(c) || c == '。');
    if core.is_ascii()
        && !core.contains("  ")
        && !core.bytes().any(|b| b != b' ' && is_regex_space(b as char))
    {
        out.extend(core.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        let mut spaced = String::with_capacity(core.len());
        let mut in_space = false;
        for c in core.chars() {
            if is_regex_space(c) {
                if !in_space {
                    spaced.push(' ');
                }
                in_space = true;
            } else {
                spaced.push(c);
                in_space = false;
            }
        }
        push_casefold(out, &spaced);
    }
    let trimmed = py_strip(out);
    if trimmed.len() != out.len() {
        *out = trimmed.to_owned();
    }
}

/// `len(body.split(None, words)) <= words`: at most `words` words.
#[inline]
pub fn at_most(body: &str, words: i64) -> bool {
    words >= 0 && (words_upto(body, words as usize) as i64) <= words
}

/// Navigation labels folded as lines are (`fold_label`), and the one-word ones.
#[derive(Default)]
pub struct Markers {
    phrases: HashSet<String>,
    single: HashSet<String>,
}

impl Markers {
    pub fn new(markers: &[String]) -> Markers {
        Markers::of(markers.iter())
    }

    fn of<'a>(markers: impl Iterator<Item = &'a String>) -> Markers {
        let mut m = Markers::default();
        let mut key = String::new();
        for marker in markers {
            fold_label(marker, &mut key);
            if !key.contains(' ') {
                m.single.insert(key.clone());
            }
            m.phrases.insert(key.clone());
        }
        m
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Whether a line whose folded label is `key` is a marker: one of the phrases, or made
    /// only of one-word ones (Python `_is_marker_key`).
    pub fn is_marker_key(&self, key: &str) -> bool {
        if key.is_empty() {
            return false;
        }
        if self.phrases.contains(key) {
            return true;
        }
        if !key.contains(' ') {
            return false;
        }
        let mut seen = false;
        for word in key.split(' ') {
            let word = word.trim_matches(is_edge);
            if !word.is_empty() {
                if !self.single.contains(word) {
                    return false;
                }
                seen = true;
            }
        }
        seen
    }
}

/// The span that removes lines[first..=last] (blank lines between included) cleanly
/// (Python `blocks._deletion`).
pub fn deletion(lines: &[Line], first: usize, last: usize) -> (usize, usize) {
    let (mut start, mut end) = (lines[first].start, lines[last].end);
    let prev_blank = first == 0 || lines[first - 1].blank;
    let next_blank = last + 1 < lines.len() && lines[last + 1].blank;
    if prev_blank && next_blank {
        end = lines[last + 1].end;
    } else if last == lines.len() - 1 {
        start = match lines[..first].iter().rposition(|l| !l.blank) {
            None => 0,
            Some(j) if lines[last].end > lines[last].body_end => lines[j].end,
            Some(j) => lines[j].body_end,
        };
    }
    (start, end)
}

/// The same deletion, moved to start at the line break before it when it can be (Python
/// `blocks._early`).
pub fn early(text: &str, (start, end): (usize, usize)) -> (usize, usize) {
    for brk in ["\r\n", "\n", "\r"] {
        let n = brk.len();
        if end - start >= n && text[start..end].ends_with(brk) && text[..start].ends_with(brk) {
            return (start - n, end - n);
        }
    }
    (start, end)
}

/// The hit that deletes lines[first..=last] (Python `blocks._hit`).
pub fn block_hit(text: &str, lines: &[Line], first: usize, last: usize, message: String) -> Hit {
    let (start, end) = early(text, deletion(lines, first, last));
    Hit {
        unsafe_fix: false,
        start: lines[first].start,
        end: lines[last].body_end,
        message: Some(message),
        edits: vec![Edit::new(start..end, "")],
    }
}

/// Line indexes (a subset of `content`, in order) split into runs of content neighbours.
pub fn groups(indices: &[usize], position: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &i in indices {
        match out.last_mut() {
            Some((_, last)) if position[i] == position[*last] + 1 => *last = i,
            _ => out.push((i, i)),
        }
    }
    out
}

/// `delete_navigation_block` with a rule's parameters.
pub struct NavigationBlock {
    markers: Markers,
    min_lines: i64,
    max_words: i64,
    min_markers: i64,
    min_share: f64,
    head_min_lines: i64,
    head_min_markers: i64,
    prose_words: i64,
}

/// An integer parameter.
pub fn int(name: &str, param: &str, value: &Value) -> Result<i64, FinderError> {
    match value {
        Value::Int(v) => Ok(*v),
        _ => Err(FinderError::BadParam(
            name.into(),
            param.into(),
            "not an integer".into(),
        )),
    }
}

/// A float parameter (an integer will do).
pub fn float(name: &str, param: &str, value: &Value) -> Result<f64, FinderError> {
    match value {
        Value::Int(v) => Ok(*v as f64),
        Value::Float(v) => Ok(*v),
        _ => Err(FinderError::BadParam(
            name.into(),
            param.into(),
            "not a number".into(),
        )),
    }
}

/// A list-of-strings parameter.
pub fn strings<'v>(name: &str, param: &str, value: &'v Value) -> Result<&'v [String], FinderError> {
    match value {
        Value::Strings(v) => Ok(v),
        _ => Err(FinderError::BadParam(
            name.into(),
            param.into(),
            "not a list of strings".into(),
        )),
    }
}

impl NavigationBlock {
    pub fn new(params: &[(&str, Value)]) -> Result<NavigationBlock, FinderError> {
        let name = "delete_navigation_block";
        let mut f = NavigationBlock {
            markers: Markers::default(),
            min_lines: 3,
            max_words: 6,
            min_markers: 3,
            min_share: 0.3,
            head_min_lines: 0,
            head_min_markers: 1,
            prose_words: 10,
        };
        for (param, value) in params {
            let param = *param;
            match param {
                "markers" => f.markers = Markers::new(strings(name, param, value)?),
                "min_lines" => f.min_lines = int(name, param, value)?,
                "max_words" => f.max_words = int(name, param, value)?,
                "min_markers" => f.min_markers = int(name, param, value)?,
                "min_share" => f.min_share = float(name, param, value)?,
                "head_min_lines" => f.head_min_lines = int(name, param, value)?,
                "head_min_markers" => f.head_min_markers = int(name, param, value)?,
                "prose_words" => f.prose_words = int(name, param, value)?,
                _ => return Err(FinderError::UnknownParam(name.into(), param.into())),
            }
        }
        Ok(f)
    }
}

impl Finder for NavigationBlock {
    fn params(&self) -> Vec<Setting> {
        settings![
            self;
            list markers, int min_lines, int max_words, int min_markers, float min_share,
            int head_min_lines, int head_min_markers, int prose_words,
        ]
    }

    fn find(&self, text: &str) -> Vec<Hit> {
        if self.markers.is_empty() {
            return Vec::new();
        }
        let lines = split_lines(text);
        let content: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].blank).collect();
        let body = |i: usize| lines[i].body(text);
        let fits: Vec<bool> = lines
            .iter()
            .map(|l| !l.blank && at_most(l.body(text), self.max_words))
            .collect();
        let mut short: Vec<bool> = (0..lines.len())
            .map(|i| fits[i] && !ends_sentence(body(i)))
            .collect();
        let mut first = if self.head_min_lines > 0 {
            content
                .iter()
                .position(|&i| !at_most(body(i), self.prose_words - 1) && ends_sentence(body(i)))
        } else {
            None
        };
        // A piece of a wrapped sentence is prose, whatever its length: never part of a menu,
        // and the first one bounds the header.
        let wrapped = ParagraphView::new(text, &lines).wrapped;
        if content.iter().any(|&i| short[i] && wrapped[i]) {
            for (s, &w) in short.iter_mut().zip(&wrapped) {
                *s = *s && !w;
            }
            if self.head_min_lines > 0 {
                if let Some(piece) = content.iter().position(|&i| wrapped[i]) {
                    if first.is_none_or(|f| piece < f) {
                        first = Some(piece);
                    }
                }
            }
        }
        let mut key = String::new();
        let mut marker: Vec<Option<bool>> = vec![None; lines.len()];
        // Every short line has at most max_words words: it has a key.
        let mut marked = |indices: &[usize]| -> i64 {
            let mut n = 0;
            for &i in indices {
                let m = *marker[i].get_or_insert_with(|| {
                    if fits[i] {
                        fold_label(body(i), &mut key);
                        self.markers.is_marker_key(&key)
                    } else {
                        false
                    }
                });
                n += i64::from(m);
            }
            n
        };
        let mut hits = Vec::new();
        let mut taken = vec![false; lines.len()];
        if self.head_min_lines > 0 {
            if let Some(first) = first {
                let head: Vec<usize> = content[..first]
                    .iter()
                    .copied()
                    .filter(|&i| short[i])
                    .collect();
                if head.len() as i64 >= self.head_min_lines {
                    let head_marked = marked(&head);
                    if head_marked >= self.head_min_markers {
                        let mut position = vec![0; lines.len()];
                        for (k, &i) in content.iter().enumerate() {
                            position[i] = k;
                        }
                        for (a, b) in groups(&head, &position) {
                            let message = format!(
                                "page header above the first paragraph: {} short lines, {head_marked} navigation labels",
                                head.len()
                            );
                            hits.push(block_hit(text, &lines, a, b, message));
                        }
                        for &i in &head {
                            taken[i] = true;
                        }
                    }
                }
            }
        }
        let mut judge = |run: &[usize], hits: &mut Vec<Hit>| {
            if run.is_empty() || (run.len() as i64) < self.min_lines || taken[run[0]] {
                return; // a run above the first prose line is all header (taken whole) or none
            }
            let run_marked = marked(run);
            if run_marked < self.min_markers
                || (run_marked as f64) < self.min_share * run.len() as f64
            {
                return;
            }
            let message = format!(
                "navigation block: {} short lines, {run_marked} of them navigation labels",
                run.len()
            );
            hits.push(block_hit(text, &lines, run[0], run[run.len() - 1], message));
        };
        let mut run: Vec<usize> = Vec::new();
        for &i in &content {
            if short[i] {
                run.push(i);
            } else if !run.is_empty() {
                judge(&run, &mut hits);
                run.clear();
            }
        }
        judge(&run, &mut hits);
        hits.sort_by_key(|h| h.start);
        hits
    }
}

/// `delete_page_chrome` with a rule's parameters.
pub struct PageChrome {
    markers: Vec<String>,
    folded: Markers,
    min_markers: i64,
    max_words: i64,
    prose_words: i64,
    line_penalty: i64,
    min_short_share: f64,
    min_block_words: i64,
    /// The markers and edge markers together, when `edge_markers` is given.
    edges: Option<Markers>,
    edge_patterns: Patterns,
}

/// The hit that deletes lines[first..=last], a block that runs to the end of the text, taken
/// before the fixes inside it: its edit starts one character early and gives it back (Python
/// `blocks._footer_hit`).
fn footer_hit(text: &str, lines: &[Line], first: usize, last: usize, message: String) -> Hit {
    let mut hit = block_hit(text, lines, first, last, message);
    let edit = &mut hit.edits[0];
    if let Some(c) = char_before(text, edit.start) {
        edit.start -= c.len_utf8();
        edit.replacement = c.to_string();
    }
    hit
}

impl PageChrome {
    pub fn new(params: &[(&str, Value)]) -> Result<PageChrome, FinderError> {
        let name = "delete_page_chrome";
        let mut f = PageChrome {
            markers: Vec::new(),
            folded: Markers::default(),
            min_markers: 5,
            max_words: 6,
            prose_words: 8,
            line_penalty: 5,
            min_short_share: 0.0,
            min_block_words: 0,
            edges: None,
            edge_patterns: Patterns::default(),
        };
        let mut edge_markers = None;
        for (param, value) in params {
            let param = *param;
            match param {
                "markers" => f.markers = strings(name, param, value)?.to_vec(),
                "min_markers" => f.min_markers = int(name, param, value)?,
                "max_words" => f.max_words = int(name, param, value)?,
                "prose_words" => f.prose_words = int(name, param, value)?,
                "line_penalty" => f.line_penalty = int(name, param, value)?,
                "min_short_share" => f.min_short_share = float(name, param, value)?,
                "min_block_words" => f.min_block_words = int(name, param, value)?,
                "edge_markers" => edge_markers = Some(strings(name, param, value)?),
                "edge_patterns" => {
                    f.edge_patterns = Patterns::new(strings(name, param, value)?)
                        .map_err(|p| lazy::refused(name, param, p))?;
                }
                _ => return Err(FinderError::UnknownParam(name.into(), param.into())),
            }
        }
        f.folded = Markers::new(&f.markers);
        f.edges = edge_markers.map(|edge| Markers::of(f.markers.iter().chain(edge)));
        Ok(f)
    }
}

/// Whether a sentence stop stands anywhere in `body` (Python `blocks._STOP`).
fn has_stop(body: &str) -> bool {
    body.contains(['.', '!', '?', '…', '。', '！', '？'])
}

impl Finder for PageChrome {
    fn params(&self) -> Vec<Setting> {
        settings![
            self;
            list markers, int min_markers, int max_words, int prose_words, int line_penalty,
            float min_short_share, int min_block_words, list edge_markers, list edge_patterns,
        ]
    }

    fn compile(&self) -> Result<(), FinderError> {
        let refused = |p| lazy::refused("delete_page_chrome", "edge_patterns", p);
        self.edge_patterns.compile().map_err(refused)
    }

    fn find(&self, text: &str) -> Vec<Hit> {
        let breaks = memchr::memchr_iter(b'\n', text.as_bytes())
            .count()
            .max(memchr::memchr_iter(b'\r', text.as_bytes()).count());
        if self.markers.is_empty() || ((breaks + 1) as i64) < self.min_markers {
            return Vec::new(); // cheap: fewer lines than the labels asked for
        }
        let lines = split_lines(text);
        let content: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].blank).collect();
        let body = |i: usize| lines[i].body(text);
        let fits: Vec<bool> = lines
            .iter()
            .map(|l| !l.blank && at_most(l.body(text), self.max_words))
            .collect();
        // The folded label of each line of at most max_words words.
        let mut keys: Vec<Option<String>> = vec![None; lines.len()];
        let mut key = String::new();
        for &i in &content {
            if fits[i] {
                fold_label(body(i), &mut key);
                keys[i] = Some(key.clone());
            }
        }
        let marker_count = content
            .iter()
            .filter(|&&i| {
                keys[i]
                    .as_deref()
                    .is_some_and(|k| self.folded.is_marker_key(k))
            })
            .count() as i64;
        if marker_count < self.min_markers {
            return Vec::new();
        }
        // NOTE: the page frame is judged without the paragraph view (see the Python finder).
        if self.min_short_share > 0.0 {
            let short = content
                .iter()
                .filter(|&&i| fits[i] && !ends_sentence(body(i)))
                .count();
            if (short as f64) < self.min_short_share * content.len() as f64 {
                return Vec::new();
            }
        }
        let words: Vec<i64> = content.iter().map(|&i| words(body(i)) as i64).collect();
        // The stretch of lines with the highest score (a prose line scores its word count,
        // any other line -line_penalty).
        let (mut best, mut current) = (0i64, 0i64);
        let (mut best_start, mut best_end, mut start) = (0usize, 0usize, 0usize);
        let mut found = false;
        for (k, &i) in content.iter().enumerate() {
            let n = words[k];
            let score = if n >= self.prose_words && has_stop(body(i)) {
                n
            } else {
                -self.line_penalty
            };
            if current <= 0 {
                (current, start) = (score, k);
            } else {
                current += score;
            }
            if current > best {
                (best, best_start, best_end, found) = (current, start, k, true);
            }
        }
        if !found {
            return Vec::new();
        }
        if self.min_block_words != 0
            && words[best_start..=best_end].iter().sum::<i64>() < self.min_block_words
        {
            return Vec::new();
        }
        let (mut head_end, mut tail_start) = (best_start, best_end + 1);
        if let Some(edges) = &self.edges {
            let label = |k: usize| {
                keys[content[k]].as_deref().is_some_and(|key| {
                    edges.is_marker_key(key) || self.edge_patterns.any_full_match(key)
                })
            };
            // The last label before the main block and the first one after it.
            head_end = (0..best_start)
                .rev()
                .find(|&k| label(k))
                .map_or(0, |k| k + 1);
            tail_start = (best_end + 1..content.len())
                .find(|&k| label(k))
                .unwrap_or(content.len());
        }
        let head = &content[..head_end];
        let tail = &content[tail_start..];
        let mut hits = Vec::new();
        if let (Some(&h0), Some(&h1), Some(&t0), Some(&t1)) =
            (head.first(), head.last(), tail.first(), tail.last())
        {
            let head_edit = block_hit(text, &lines, h0, h1, String::new())
                .edits
                .remove(0);
            let tail_edit = footer_hit(text, &lines, t0, t1, String::new())
                .edits
                .remove(0);
            hits.push(Hit {
                unsafe_fix: false,
                start: lines[h0].start,
                end: lines[h1].body_end,
                message: Some(format!(
                    "page header ({} lines) and footer ({} lines) outside the main text block",
                    head.len(),
                    tail.len()
                )),
                edits: vec![head_edit, tail_edit],
            });
        } else if let (Some(&h0), Some(&h1)) = (head.first(), head.last()) {
            let message = format!(
                "page header outside the main text block ({} lines)",
                head.len()
            );
            hits.push(block_hit(text, &lines, h0, h1, message));
        }
        if let (Some(&t0), Some(&t1)) = (tail.first(), tail.last()) {
            let message = format!(
                "page footer outside the main text block ({} lines)",
                tail.len()
            );
            hits.push(footer_hit(text, &lines, t0, t1, message));
        }
        hits
    }
}

/// Words of a line (Python `len(body.split())`).
pub fn words(body: &str) -> usize {
    py_split(body).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(list: &[&str]) -> Value {
        Value::Strings(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn labels_fold_as_python_does() {
        let mut out = String::new();
        fold_label("  » Contact   US | ", &mut out);
        assert_eq!(out, "contact us");
        fold_label("Straße\u{3000}\u{3000}Teilen ✕", &mut out);
        assert_eq!(out, "strasse teilen");
        fold_label("a\x1cb", &mut out);
        assert_eq!(out, "a\x1cb");
        fold_label("¿Quiénes somos?", &mut out);
        assert_eq!(out, "quiénes somos");
        fold_label("联系我们。", &mut out);
        assert_eq!(out, "联系我们");
        fold_label("a¿ ¡b。c", &mut out);
        assert_eq!(out, "a¿ ¡b。c");
    }

    #[test]
    fn a_menu_is_found() {
        let f =
            NavigationBlock::new(&[("markers", labels(&["home", "contact us", "news"]))]).unwrap();
        let text = "Home\nNews\nLocal\nContact us\n\nThe council met on Monday and agreed.";
        let hits = f.find(text);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            &text[hits[0].start..hits[0].end],
            "Home\nNews\nLocal\nContact us"
        );
        assert_eq!(
            hits[0].message.as_deref(),
            Some("navigation block: 4 short lines, 3 of them navigation labels")
        );
        assert!(f.find("Eggs\nFlour\nMilk\n\nMix well.").is_empty());
    }

    #[test]
    fn a_header_is_found() {
        let f = NavigationBlock::new(&[
            ("markers", labels(&["menu"])),
            ("head_min_lines", Value::Int(3)),
        ])
        .unwrap();
        let text =
            "Menu\nHarbour\nNov 19\nThe harbour reopened on Monday after the long storm damage.";
        let hits = f.find(text);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].start..hits[0].end], "Menu\nHarbour\nNov 19");
        assert!(NavigationBlock::new(&[("min_share", labels(&[]))]).is_err());
    }
}
