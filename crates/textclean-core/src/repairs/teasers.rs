//! `delete_teaser_list`: a teaser heading and the list of other stories under it, when the
//! list runs to the end of the text (Python `textclean.repairs.teasers`, whose docstring is the
//! finder's documentation).

use std::collections::HashSet;
use std::sync::OnceLock;

use regex_automata::{meta, util::syntax};

use crate::chars::{py_split, py_strip};
use crate::finder::{settings, Finder, Setting};
use crate::finder::{FinderError, Value};
use crate::linerules::{translate, Engine};
use crate::lines::{split_lines, Line};
use crate::model::{Edit, Hit};
use crate::phrase::phrase_key;
use crate::repairs::lazy;
use crate::repairs::paragraphs::{ends_with_stop, ParagraphView, WRAPPED_NOTE};
use crate::tables;

/// Closing quotes and brackets after a sentence stop (with the CJK corner brackets).
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '」', '』'];

/// Words of a line, counting two CJK characters as one word (Python `_weight`).
fn weight(body: &str) -> i64 {
    let cjk = body.chars().filter(|&c| tables::CJK.contains(c)).count();
    (py_split(body).count() + cjk / 2) as i64
}

/// Patterns of which any may match a whole folded line: those the `regex` crate reads as one
/// multi-pattern regex (one search per line instead of one per pattern), the look-around
/// ones each on its own. Each is parsed when they are made and all are compiled on first use
/// (`repairs::lazy`).
#[derive(Default)]
pub struct Patterns {
    /// The patterns as given, and each translated for its engine, anchored at both ends.
    given: Vec<(String, Engine, String)>,
    compiled: OnceLock<Compiled>,
}

/// [`Patterns`] compiled.
#[derive(Default)]
struct Compiled {
    rust: Vec<meta::Regex>,
    fancy: Vec<fancy_regex::Regex>,
    /// The first pattern (as given) that could not be compiled; it matches nothing.
    failed: Option<usize>,
}

impl Patterns {
    /// The patterns; `Err(pattern)`: the first that only Python could run, or that neither
    /// engine can parse.
    pub fn new(patterns: &[String]) -> Result<Patterns, &str> {
        let mut given = Vec::with_capacity(patterns.len());
        for p in patterns {
            let (engine, text) = translate(p);
            let whole = format!(r"\A(?:{text})\z");
            let parses = match engine {
                Engine::Rust => syntax::parse(&whole).is_ok(),
                Engine::Fancy => fancy_regex::Expr::parse_tree(&whole).is_ok(),
                Engine::Python => false,
            };
            if !parses {
                return Err(p);
            }
            given.push((p.clone(), engine, whole));
        }
        Ok(Patterns {
            given,
            compiled: OnceLock::new(),
        })
    }

    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            let mut out = Compiled::default();
            let mut fail = |i: usize| {
                out.failed.get_or_insert(i);
            };
            let mut rust = Vec::new();
            for (i, (_, engine, whole)) in self.given.iter().enumerate() {
                match engine {
                    Engine::Rust => rust.push((i, whole.as_str())),
                    _ => match lazy::compile_fancy(whole) {
                        Some(re) => out.fancy.push(re),
                        None => fail(i),
                    },
                }
            }
            // One regex for all, unless together they pass the crate's size limits.
            let all = (rust.len() > 1)
                .then(|| meta::Regex::new_many(&rust.iter().map(|r| r.1).collect::<Vec<_>>()).ok())
                .flatten();
            if let Some(all) = all {
                out.rust.push(all);
            } else {
                for (i, whole) in rust {
                    match meta::Regex::new(whole) {
                        Ok(re) => out.rust.push(re),
                        Err(_) => fail(i),
                    }
                }
            }
            out
        })
    }

    /// Compile them now (they are compiled on first use); `Err(pattern)`: the first that
    /// neither engine can compile.
    pub fn compile(&self) -> Result<(), &str> {
        match self.compiled().failed {
            Some(i) => Err(&self.given[i].0),
            None => Ok(()),
        }
    }

    /// Whether any pattern matches all of `key`.
    pub fn any_full_match(&self, key: &str) -> bool {
        if self.given.is_empty() {
            return false;
        }
        let c = self.compiled();
        c.rust.iter().any(|re| re.is_match(key))
            || c.fancy.iter().any(|re| re.is_match(key).unwrap_or(false))
    }
}

/// The finder, with a rule's parameters.
pub struct TeaserList {
    headings: HashSet<String>,
    patterns: Patterns,
    heading_words: i64,
    max_words: i64,
    prose_words: i64,
    min_items: i64,
    max_lines: i64,
}

impl TeaserList {
    pub fn new(params: &[(&str, Value)]) -> Result<TeaserList, FinderError> {
        let name = "delete_teaser_list";
        let mut f = TeaserList {
            headings: HashSet::new(),
            patterns: Patterns::default(),
            heading_words: 8,
            max_words: 16,
            prose_words: 12,
            min_items: 2,
            max_lines: 60,
        };
        let mut key = String::new();
        for (param, value) in params {
            match (*param, value) {
                ("headings", Value::Strings(list)) => {
                    for h in list {
                        phrase_key(h, &mut key);
                        f.headings.insert(key.clone());
                    }
                }
                ("heading_patterns", Value::Strings(list)) => {
                    f.patterns = Patterns::new(list).map_err(|p| lazy::refused(name, param, p))?;
                }
                ("heading_words", Value::Int(v)) => f.heading_words = *v,
                ("max_words", Value::Int(v)) => f.max_words = *v,
                ("prose_words", Value::Int(v)) => f.prose_words = *v,
                ("min_items", Value::Int(v)) => f.min_items = *v,
                ("max_lines", Value::Int(v)) => f.max_lines = *v,
                (
                    "headings" | "heading_patterns" | "heading_words" | "max_words" | "prose_words"
                    | "min_items" | "max_lines",
                    _,
                ) => {
                    return Err(FinderError::BadParam(
                        name.into(),
                        (*param).into(),
                        "wrong type".into(),
                    ))
                }
                _ => return Err(FinderError::UnknownParam(name.into(), (*param).into())),
            }
        }
        Ok(f)
    }

    fn is_heading(&self, body: &str, key: &mut String) -> bool {
        if py_split(body).count() as i64 > self.heading_words {
            return false;
        }
        phrase_key(body, key);
        self.headings.contains(key.as_str()) || self.patterns.any_full_match(key)
    }
}

/// What the walk up from the end of the text needs of each non-blank line.
struct Facts<'t> {
    text: &'t str,
    lines: Vec<Line>,
    content: Vec<usize>,
    /// Per position in `content`: a heading (worked out when first asked for).
    heading: Vec<Option<bool>>,
    plain_prose: Vec<Option<bool>>,
}

impl Facts<'_> {
    fn body(&self, i: usize) -> &str {
        self.lines[i].body(self.text)
    }

    fn plain_prose(&mut self, k: usize, prose_words: i64) -> bool {
        if let Some(p) = self.plain_prose[k] {
            return p;
        }
        let body = self.body(self.content[k]);
        let p = weight(body) >= prose_words && ends_with_stop(body, CLOSERS);
        self.plain_prose[k] = Some(p);
        p
    }
}

impl TeaserList {
    /// The position in `content` of the topmost heading reached, and its item count.
    fn walk(
        &self,
        facts: &mut Facts<'_>,
        wrapped: Option<&[bool]>,
        key: &mut String,
    ) -> (Option<usize>, i64) {
        let n = facts.content.len();
        let mut top = None;
        let mut items = 0i64;
        let mut items_at_top = 0i64;
        let mut prev_prose = false;
        let first = (n as i64 - self.max_lines).max(0) as usize;
        let is_prose = |facts: &mut Facts<'_>, k: usize| {
            wrapped.is_some_and(|w| w[facts.content[k]]) || facts.plain_prose(k, self.prose_words)
        };
        for k in (first..n).rev() {
            if k < n - 1 {
                let heading = match facts.heading[k] {
                    Some(h) => h,
                    None => {
                        let h = self.is_heading(facts.body(facts.content[k]), key);
                        facts.heading[k] = Some(h);
                        h
                    }
                };
                if heading && !is_prose(facts, k + 1) && items >= self.min_items {
                    top = Some(k);
                    items_at_top = items;
                }
            }
            let prose = is_prose(facts, k);
            if prose && prev_prose {
                break;
            }
            prev_prose = prose;
            if !prose && weight(facts.body(facts.content[k])) <= self.max_words {
                items += 1;
            }
        }
        (top, items_at_top)
    }
}

impl Finder for TeaserList {
    fn params(&self) -> Vec<Setting> {
        settings![
            self;
            list headings, list heading_patterns, int heading_words, int max_words, int prose_words,
            int min_items, int max_lines,
        ]
    }

    fn compile(&self) -> Result<(), FinderError> {
        let refused = |p| lazy::refused("delete_teaser_list", "heading_patterns", p);
        self.patterns.compile().map_err(refused)
    }

    fn find(&self, text: &str) -> Vec<Hit> {
        let lines = split_lines(text);
        let content: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].blank).collect();
        if (content.len() as i64) < self.min_items + 2 {
            return Vec::new();
        }
        let n = content.len();
        let mut facts = Facts {
            text,
            lines,
            content,
            heading: vec![None; n],
            plain_prose: vec![None; n],
        };
        let mut key = String::new();
        let (mut top, mut items_at_top) = self.walk(&mut facts, None, &mut key);
        let mut view = None;
        let mut prose_wrapped = false;
        if top.is_some() {
            // A piece of a wrapped sentence is prose, whatever its length; asked only now.
            let v = ParagraphView::new(text, &facts.lines);
            if facts.content.iter().any(|&i| v.wrapped[i]) {
                prose_wrapped = true;
                (top, items_at_top) = self.walk(&mut facts, Some(&v.wrapped), &mut key);
            }
            view = Some(v);
        }
        let top = match top {
            Some(t) if t > 0 => t,
            _ => return Vec::new(),
        };
        let view = view.expect("made when a heading was found");
        let wrapped = prose_wrapped.then_some(view.wrapped.as_slice());
        let prose_below = (top + 1..n)
            .filter(|&k| {
                wrapped.is_some_and(|w| w[facts.content[k]])
                    || facts.plain_prose(k, self.prose_words)
            })
            .count() as i64;
        if prose_below > items_at_top {
            return Vec::new();
        }
        // The list is the smaller part: a text that is mostly list is not an article with a tail.
        let below: i64 = (top + 1..n)
            .map(|k| weight(facts.body(facts.content[k])))
            .sum();
        let above: i64 = (0..top).map(|k| weight(facts.body(facts.content[k]))).sum();
        if below > above {
            return Vec::new();
        }
        let (lines, content) = (&facts.lines, &facts.content);
        let start = content[top];
        let last = content[n - 1];
        let heading = py_strip(lines[start].body(text));
        let mut message = format!(
            "teaser list under \"{heading}\" ({items_at_top} items) at the end of the text"
        );
        let wrapped = view.any_wrapped(start, last);
        if wrapped {
            message.push_str(WRAPPED_NOTE);
        }
        vec![Hit {
            unsafe_fix: wrapped,
            start: lines[start].start,
            end: lines[last].body_end,
            message: Some(message),
            edits: vec![deletion(text, lines, start)],
        }]
    }
}

/// The edit that removes lines[first..] and the line breaks before them.
fn deletion(text: &str, lines: &[Line], first: usize) -> Edit {
    let kept = lines[..first].iter().rposition(|l| !l.blank);
    let start = match kept {
        None => 0,
        Some(j) => {
            let last = lines[lines.len() - 1];
            if last.end > last.body_end {
                lines[j].end
            } else {
                lines[j].body_end
            }
        }
    };
    Edit::new(start..text.len(), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finder(headings: &[&str], patterns: &[&str]) -> TeaserList {
        let strings = |l: &[&str]| Value::Strings(l.iter().map(|s| s.to_string()).collect());
        TeaserList::new(&[
            ("headings", strings(headings)),
            ("heading_patterns", strings(patterns)),
        ])
        .unwrap()
    }

    #[test]
    fn a_list_under_a_heading_at_the_end_goes() {
        let text = "The pier reopened on Monday after repairs.\n\nMore from the Harbour Times\n\nNew ferry timetable\nMarket days change\n";
        let hits = finder(&["more from the harbour times"], &[]).find(text);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            hits[0].message.as_deref(),
            Some("teaser list under \"More from the Harbour Times\" (2 items) at the end of the text")
        );
        assert_eq!(
            &text[hits[0].start..hits[0].end],
            "More from the Harbour Times\n\nNew ferry timetable\nMarket days change"
        );
        assert_eq!(hits[0].edits, [Edit::new(43..text.len(), "")]);
        let by_pattern = finder(&[], &["more from .{2,60}"]).find(text);
        assert_eq!(by_pattern, hits);
    }

    #[test]
    fn weights_count_cjk_as_half_words() {
        assert_eq!(weight("関連記事です"), 4);
        assert_eq!(weight("one two"), 2);
        assert_eq!(weight(""), 0);
    }

    #[test]
    fn a_python_only_pattern_is_refused() {
        let params = [("heading_patterns", Value::Strings(vec![r"(a)\1".into()]))];
        assert!(TeaserList::new(&params).is_err());
        assert!(TeaserList::new(&[("nope", Value::Int(1))]).is_err());
    }
}
