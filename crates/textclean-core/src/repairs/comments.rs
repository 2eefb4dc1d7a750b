//! `delete_comment_thread`: the readers' comments at the end of a text, from the comment
//! heading or the first comment header line down (Python `textclean.repairs.comments`, whose
//! finder docstring is the documentation).

use std::collections::HashSet;

use regex_automata::meta;

use crate::chars::py_strip;
use crate::finder::{settings, Finder, FinderError, Setting, Value};
use crate::linerules::{count_words, translate, Engine};
use crate::lines::{split_lines, Line};
use crate::model::{Edit, Hit};
use crate::patternrules::gate;
use crate::repairs::blocks::{fold_label, int, strings};
use crate::repairs::lazy::{self, Lazy};
use crate::repairs::paragraphs::ParagraphView;
use crate::repairs::teasers::Patterns;

const NAME: &str = "delete_comment_thread";

/// A pattern matched at the start of a line, as Python's `regex` `match` does; parsed when
/// the finder is made, compiled on first use (`repairs::lazy`).
enum Prefix {
    Rust(Lazy<meta::Regex>),
    /// Look-around: a `regex`-crate gate that matches wherever the pattern does rules most
    /// lines out before the backtracking search (which is compiled only once the gate first
    /// matches: it costs tens of milliseconds, the gate a few).
    Fancy {
        gate: Lazy<meta::Regex>,
        exact: Lazy<fancy_regex::Regex>,
    },
}

impl Prefix {
    fn new(pattern: &str) -> Option<Prefix> {
        let (engine, text) = translate(pattern);
        let anchored = format!(r"\A(?:{text})");
        match engine {
            Engine::Rust => lazy::rust(anchored).map(Prefix::Rust),
            Engine::Fancy => Some(Prefix::Fancy {
                gate: lazy::rust(format!(r"\A(?:{})", gate(&text)?))?,
                exact: lazy::fancy(anchored)?,
            }),
            Engine::Python => None,
        }
    }

    /// Whether the pattern matches at the start of `line` (a search past the backtrack limit
    /// does not, nor one of a pattern that cannot be compiled).
    fn matches(&self, line: &str) -> bool {
        match self {
            Prefix::Rust(re) => re.get().is_some_and(|re| re.is_match(line)),
            Prefix::Fancy { gate, exact } => {
                gate.get().is_some_and(|re| re.is_match(line))
                    && exact
                        .get()
                        .is_some_and(|re| re.is_match(line).unwrap_or(false))
            }
        }
    }

    /// Whether it compiles (compiling it now).
    fn compiles(&self) -> bool {
        match self {
            Prefix::Rust(re) => re.get().is_some(),
            Prefix::Fancy { gate, exact } => gate.get().is_some() && exact.get().is_some(),
        }
    }
}

/// The finder, with a rule's parameters.
pub struct CommentThread {
    headings: HashSet<String>,
    heading_patterns: Patterns,
    /// The patterns as given, and each compiled.
    meta_patterns: Vec<(String, Prefix)>,
    heading_words: i64,
    meta_words: i64,
    min_words_above: i64,
    comment_words: i64,
}

impl CommentThread {
    pub fn new(params: &[(&str, Value)]) -> Result<CommentThread, FinderError> {
        let mut f = CommentThread {
            headings: HashSet::new(),
            heading_patterns: Patterns::default(),
            meta_patterns: Vec::new(),
            heading_words: 6,
            meta_words: 14,
            min_words_above: 80,
            comment_words: 5,
        };
        let mut key = String::new();
        for (param, value) in params {
            let param = *param;
            match param {
                "headings" => {
                    for h in strings(NAME, param, value)? {
                        fold_label(h, &mut key);
                        f.headings.insert(key.clone());
                    }
                }
                "heading_patterns" => {
                    f.heading_patterns = Patterns::new(strings(NAME, param, value)?)
                        .map_err(|p| lazy::refused(NAME, param, p))?;
                }
                "meta_patterns" => {
                    for p in strings(NAME, param, value)? {
                        let prefix = Prefix::new(p).ok_or_else(|| lazy::refused(NAME, param, p))?;
                        f.meta_patterns.push((p.clone(), prefix));
                    }
                }
                "heading_words" => f.heading_words = int(NAME, param, value)?,
                "meta_words" => f.meta_words = int(NAME, param, value)?,
                "min_words_above" => f.min_words_above = int(NAME, param, value)?,
                "comment_words" => f.comment_words = int(NAME, param, value)?,
                _ => return Err(FinderError::UnknownParam(NAME.into(), param.into())),
            }
        }
        Ok(f)
    }
}

/// (start, end) of every non-blank line (Python `str.strip`), split at "\n" only, without
/// its line break (Python `_lines`).
fn non_blank_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for raw in text.split('\n') {
        let end = pos + raw.len();
        if !py_strip(raw).is_empty() {
            out.push((pos, end));
        }
        pos = end + 1;
    }
    out
}

/// Words of a line; two CJK characters (U+3040-U+9FFF, U+AC00-U+D7AF) count as one word
/// (Python `_words`).
fn words(line: &str) -> i64 {
    let n = count_words(line, usize::MAX) as i64;
    if line.is_ascii() {
        return n;
    }
    let cjk = line
        .chars()
        .filter(|&c| matches!(c, '\u{3040}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}'))
        .count() as i64;
    n + cjk / 2
}

impl CommentThread {
    fn is_heading(&self, line: &str, key: &mut String) -> bool {
        fold_label(line, key);
        self.headings.contains(key.as_str()) || self.heading_patterns.any_full_match(key)
    }

    fn is_meta(&self, line: &str) -> bool {
        let line = py_strip(line);
        self.meta_patterns.iter().any(|(_, p)| p.matches(line))
    }
}

impl Finder for CommentThread {
    fn params(&self) -> Vec<Setting> {
        settings![
            self;
            list headings, list heading_patterns, list meta_patterns, int heading_words,
            int meta_words, int min_words_above, int comment_words,
        ]
    }

    fn compile(&self) -> Result<(), FinderError> {
        let refused = |p| lazy::refused(NAME, "heading_patterns", p);
        self.heading_patterns.compile().map_err(refused)?;
        match self.meta_patterns.iter().find(|(_, p)| !p.compiles()) {
            Some((p, _)) => Err(lazy::refused(NAME, "meta_patterns", p)),
            None => Ok(()),
        }
    }

    fn find(&self, text: &str) -> Vec<Hit> {
        let lines = non_blank_lines(text);
        if lines.len() < 2 {
            return Vec::new();
        }
        let body = |i: usize| &text[lines[i].0..lines[i].1];
        let counts: Vec<i64> = (0..lines.len()).map(|i| words(body(i))).collect();
        let total: i64 = counts.iter().sum();
        if total < self.min_words_above + self.comment_words {
            return Vec::new();
        }
        let is_meta = |i: usize| counts[i] <= self.meta_words && self.is_meta(body(i));
        // The longest line from i to the end, for "a comment follows somewhere below".
        let mut longest = vec![0i64; lines.len() + 1];
        for i in (0..lines.len()).rev() {
            longest[i] = counts[i].max(longest[i + 1]);
        }
        // A heading is a line of its own: the end of a hard-wrapped sentence ("... the office
        // had\nno comment.") is not one. The paragraph model is built only for a candidate.
        let mut view: Option<(Vec<Line>, ParagraphView)> = None;
        let mut continues = |i: usize| {
            let (all, v) = view.get_or_insert_with(|| {
                let all = split_lines(text);
                let v = ParagraphView::new(text, &all);
                (all, v)
            });
            v.continues[all.partition_point(|l| l.start <= lines[i].0) - 1]
        };
        let mut key = String::new();
        let mut above = 0i64;
        let mut start = None;
        let mut meta_seen = false;
        for i in 0..lines.len() {
            let comment_below = longest[i + 1] >= self.comment_words;
            if above >= self.min_words_above
                && comment_below
                && counts[i] <= self.heading_words
                && self.is_heading(body(i), &mut key)
                && !continues(i)
            {
                start = Some(i);
                break;
            }
            if !self.meta_patterns.is_empty() && is_meta(i) {
                if meta_seen || above < self.min_words_above {
                    return Vec::new(); // header lines from the top: a live blog or a forum
                }
                meta_seen = true;
                let below = total - above;
                if comment_below && below < above && !(i + 1 < lines.len() && is_meta(i + 1)) {
                    start = Some(i);
                    break;
                }
            }
            above += counts[i];
        }
        let Some(start) = start else {
            return Vec::new();
        };
        let first: String = py_strip(body(start)).chars().take(60).collect();
        let kept_end = if start > 0 { lines[start - 1].1 } else { 0 };
        let replacement = if text.ends_with('\n') && start > 0 {
            "\n"
        } else {
            ""
        };
        vec![Hit {
            unsafe_fix: false,
            start: lines[start].0,
            end: lines[lines.len() - 1].1,
            message: Some(format!(
                "comment thread under \"{first}\" at the end of the text ({} lines)",
                lines.len() - start
            )),
            edits: vec![Edit::new(kept_end..text.len(), replacement)],
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finder(params: &[(&str, Value)]) -> CommentThread {
        CommentThread::new(params).expect("valid parameters")
    }

    fn list(items: &[&str]) -> Value {
        Value::Strings(items.iter().map(|s| s.to_string()).collect())
    }

    const ARTICLE: &str = "The pier reopened on Monday after two years of repairs. ";

    #[test]
    fn a_counted_heading_starts_the_thread() {
        let f = finder(&[("heading_patterns", list(&[r"\d+ comments"]))]);
        let text = format!(
            "{}\n\n3 Comments\n\nGreat news, we walked there on Sunday with the kids.\n",
            ARTICLE.repeat(10)
        );
        let hits = f.find(&text);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            hits[0].message.as_deref(),
            Some("comment thread under \"3 Comments\" at the end of the text (2 lines)")
        );
        let start = text.find("3 Comments").expect("present");
        assert_eq!((hits[0].start, hits[0].end), (start, text.len() - 1));
        assert_eq!(hits[0].edits, [Edit::new(start - 2..text.len(), "\n")]);
        // The end of a hard-wrapped sentence is no heading.
        let wrapped = format!(
            "{}\nThe harbour office was asked about the plans but it had\nno comments.\n\nGreat news, we walked there on Sunday with the kids.\n",
            ARTICLE.repeat(10)
        );
        let f = finder(&[("heading_patterns", list(&[r"(?:\d+|no) comments"]))]);
        assert!(f.find(&wrapped).is_empty());
        // Too little text above the heading: a toolbar, not a thread.
        assert!(f
            .find("Short intro.\n\n3 Comments\n\nA reply of five words here.\n")
            .is_empty());
    }

    #[test]
    fn header_lines_count_once_and_not_from_the_top() {
        let f = finder(&[
            (
                "meta_patterns",
                list(&[r"(?i)^(?!by\b)\p{Lu}\w+ \d{1,2}:\d{2}$"]),
            ),
            ("min_words_above", Value::Int(20)),
        ]);
        let article = ARTICLE.repeat(4);
        let thread = format!("{article}\n\nJane 14:19\n\nI walked there on Sunday, lovely.\n");
        let hits = f.find(&thread);
        assert_eq!(hits.len(), 1);
        assert!(thread[hits[0].start..].starts_with("Jane 14:19"));
        // The negative look-ahead holds: a by-line is no header.
        let by = format!("{article}\n\nBy 14:19\n\nI walked there on Sunday, lovely.\n");
        assert!(f.find(&by).is_empty());
        // Header lines from the top: a live blog.
        let blog = format!("Jane 10:02\n\n{article}\n\nTom 14:19\n\nI walked there on Sunday.\n");
        assert!(f.find(&blog).is_empty());
    }

    #[test]
    fn cjk_characters_count_as_half_words() {
        assert_eq!(words("网友评论 two"), 4); // two words, and four CJK characters
        assert_eq!(words("  a b  "), 2);
    }

    #[test]
    fn patterns_only_python_reads_are_refused() {
        let refused = CommentThread::new(&[("meta_patterns", list(&[r"(a)\1"]))]);
        assert!(matches!(refused, Err(FinderError::BadParam(..))));
        assert!(CommentThread::new(&[("nope", Value::Int(1))]).is_err());
    }

    #[test]
    fn patterns_compile_on_first_use_or_when_asked() {
        let f = finder(&[
            ("meta_patterns", list(&[r"(?!by\b)\p{Lu}\w+ \d{1,2}:\d{2}"])),
            ("min_words_above", Value::Int(20)),
        ]);
        let (gate, exact) = match &f.meta_patterns[0].1 {
            Prefix::Fancy { gate, exact } => (gate, exact),
            Prefix::Rust(_) => panic!("a look-ahead is for fancy-regex"),
        };
        let article = ARTICLE.repeat(4);
        // No line the gate lets through: the backtracking search is never compiled.
        assert!(f
            .find(&format!(
                "{article}\n\nJane\n\nI walked there on Sunday, lovely.\n"
            ))
            .is_empty());
        assert!(gate.is_compiled() && !exact.is_compiled());
        assert_eq!(f.compile(), Ok(()));
        assert!(exact.is_compiled());
        // A look-behind of no fixed length parses, but fancy-regex cannot compile it: asked,
        // the finder names it; on first use it matches nothing.
        let lookbehind = r"(?<=\bat\s+)\d{1,2}:\d{2}";
        let f = finder(&[("meta_patterns", list(&[lookbehind]))]);
        let thread = format!("{article}\n\nat 14:19\n\nI walked there on Sunday, lovely.\n");
        assert!(f.find(&thread).is_empty());
        assert_eq!(
            f.compile().map_err(|e| e.to_string()),
            Err(format!(
                "parameter \"meta_patterns\" of finder \"delete_comment_thread\": pattern \
                 {lookbehind:?} runs in neither of the core's regex engines"
            ))
        );
        let f = finder(&[("heading_patterns", list(&["ok", lookbehind]))]);
        assert!(f.compile().is_err());
    }
}
