//! Pattern rules (`kind: pattern`, and swap rules' generated patterns): every match of a
//! rule's regex in a whole text, as Python's `regex` module finds them with `finditer`.
//!
//! Each pattern runs in the engine that reads it the same way as Python on a whole text
//! ([`translate_text`]): the `regex` crate, `fancy-regex` (look-around, with a backtrack limit
//! whose overrun is a timeout), or none here (Python runs it). A pattern whose only
//! look-arounds are one character wide at its two ends (or at the ends of its top-level
//! alternatives) runs in the `regex` crate after all, each look-around consuming its
//! character ([`edges`]). Any look-around pattern gets a `regex`-crate gate that matches
//! wherever it does ([`gate`]): most texts are ruled out by the gate's one pass, and the
//! search starts where the gate first matched.

use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_syntax::ast::{self, Ast};

use crate::linerules::{translate, unassigned, Engine, BACKTRACK_LIMIT};

/// Size limit of one compiled pattern (the `regex` crate's default is too small for patterns
/// with long counted repetitions under Unicode classes).
const SIZE_LIMIT: usize = 64 << 20;

/// How a pattern reads a whole text in the Rust engines, or why Python must run it.
///
/// On a whole text Python's `$` (without `m`) also matches before a final "\n", which the
/// `regex` crate's does not: such a pattern stays in Python, as does one that can match the
/// empty string (the two modules step past an empty match differently).
pub fn translate_text(pattern: &str) -> (Engine, String) {
    let (engine, text) = translate(pattern);
    if engine == Engine::Python {
        return (engine, text);
    }
    let neutral = neutral(&text);
    let Ok(tree) = ast::parse::Parser::new().parse(&neutral) else {
        return (Engine::Python, text);
    };
    if has_end_line(&tree) && !global_multiline(&text) {
        return (Engine::Python, text);
    }
    // The shortest match, with every look-around taken out (it consumes nothing).
    let bare = edit_lookarounds(&text, &tree, false);
    match regex_syntax::Parser::new().parse(&bare) {
        Ok(hir) if hir.properties().minimum_len().unwrap_or(0) > 0 => (engine, text),
        _ => (Engine::Python, text),
    }
}

/// A look-around pattern with each look-around written as a plain group of the same length,
/// so `regex-syntax` parses it and the spans of its tree are those of `text`.
fn neutral(text: &str) -> String {
    text.replace("(?<=", "(?s:")
        .replace("(?<!", "(?s:")
        .replace("(?=", "(?:")
        .replace("(?!", "(?:")
}

/// The look-around a group of `tree` stands for in `text`: (`ahead`, `positive`).
fn lookaround(text: &str, group: &ast::Group) -> Option<(bool, bool)> {
    let at = &text[group.span.start.offset..];
    if at.starts_with("(?<=") {
        Some((false, true))
    } else if at.starts_with("(?<!") {
        Some((false, false))
    } else if at.starts_with("(?=") {
        Some((true, true))
    } else if at.starts_with("(?!") {
        Some((true, false))
    } else {
        None
    }
}

fn has_end_line(tree: &Ast) -> bool {
    match tree {
        Ast::Assertion(a) => a.kind == ast::AssertionKind::EndLine,
        Ast::Repetition(rep) => has_end_line(&rep.ast),
        Ast::Group(group) => has_end_line(&group.ast),
        Ast::Alternation(alt) => alt.asts.iter().any(has_end_line),
        Ast::Concat(concat) => concat.asts.iter().any(has_end_line),
        _ => false,
    }
}

/// Whether the pattern opens with a global `m` flag and sets no other `m` anywhere.
fn global_multiline(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("(?") else {
        return false;
    };
    let flags: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let later = &rest[flags.len()..];
    // No scoped flag group turns `m` off later.
    flags.contains('m') && later.starts_with(')') && !later.contains("-m")
}

/// `text` with its look-arounds taken out; with `edges`, a positive look-behind that opens the
/// pattern and a positive look-ahead that closes it consume what they look at instead. Either
/// way the result matches wherever `text` does (at the same place, or reaching wider).
fn edit_lookarounds(text: &str, tree: &Ast, edges: bool) -> String {
    let mut edits = Vec::new();
    let top: Vec<&Ast> = match tree {
        Ast::Concat(concat) => concat.asts.iter().collect(),
        other => vec![other],
    };
    let last = top.len().saturating_sub(1);
    for (i, part) in top.iter().enumerate() {
        if let Ast::Group(group) = part {
            if let Some((ahead, positive)) = lookaround(text, group) {
                let at_edge = if ahead { i == last } else { i == 0 };
                if edges && positive && at_edge {
                    let inner = &text[group.ast.span().start.offset..group.ast.span().end.offset];
                    edits.push((
                        group.span.start.offset,
                        group.span.end.offset,
                        format!("(?:{inner})"),
                    ));
                    continue;
                }
            }
        }
        collect_lookarounds(text, part, &mut edits);
    }
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, new) in edits {
        out.push_str(&text[at..start]);
        out.push_str(&new);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

fn collect_lookarounds(text: &str, tree: &Ast, edits: &mut Vec<(usize, usize, String)>) {
    match tree {
        Ast::Group(group) => {
            if lookaround(text, group).is_some() {
                edits.push((
                    group.span.start.offset,
                    group.span.end.offset,
                    String::new(),
                ));
            } else {
                collect_lookarounds(text, &group.ast, edits);
            }
        }
        Ast::Repetition(rep) => collect_lookarounds(text, &rep.ast, edits),
        Ast::Alternation(alt) => alt
            .asts
            .iter()
            .for_each(|a| collect_lookarounds(text, a, edits)),
        Ast::Concat(concat) => concat
            .asts
            .iter()
            .for_each(|a| collect_lookarounds(text, a, edits)),
        _ => {}
    }
}

/// A `regex`-crate pattern that matches wherever the look-around pattern `text` does, starting
/// no later: the backtracking search need not look before its first match.
pub fn gate(text: &str) -> Option<String> {
    let tree = ast::parse::Parser::new().parse(&neutral(text)).ok()?;
    Some(edit_lookarounds(text, &tree, true))
}

/// A look-around pattern rewritten for the `regex` crate by [`edges`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edges {
    /// The pattern for a search from the text's start.
    pub first: String,
    /// The pattern for a search that starts past the text's start, when it differs.
    pub later: Option<String>,
    /// Whether the search starts one character before where Python's does.
    pub reach_back: bool,
    /// One branch: the rest of the pattern is group 1 and the pattern's group `g` is group
    /// `g + 1`. Alternatives: each alternative's rest is a group, and the match is the one
    /// that took part (the pattern holds no group of its own).
    pub single: bool,
}

/// A look-behind at one character, as it opens a branch.
enum Behind {
    Char(String),
    NotChar(String),
    NotStart,
}

/// One branch of a pattern: the flags before it, its look-behind, the rest and its
/// look-ahead rendered to consume their characters.
struct Branch {
    flags: String,
    behind: Option<Behind>,
    rest: String,
    ahead: String,
}

impl Branch {
    fn parse(text: &str, tree: &Ast) -> Option<Branch> {
        let top: Vec<&Ast> = match tree {
            Ast::Concat(concat) => concat.asts.iter().collect(),
            other => vec![other],
        };
        // Global flags may come first; they stay where they are.
        let first = top.iter().position(|a| !matches!(a, Ast::Flags(_)))?;
        let look = |i: usize| match top.get(i) {
            Some(Ast::Group(group)) => lookaround(text, group).map(|kind| (group, kind)),
            _ => None,
        };
        let behind = look(first).filter(|(_, (ahead, _))| !ahead);
        let last = top.len() - 1;
        let ahead = look(last).filter(|(_, (ahead, _))| *ahead);
        let rest_start = if behind.is_some() { first + 1 } else { first };
        let rest_end = if ahead.is_some() { last } else { last + 1 };
        if rest_start >= rest_end {
            return None;
        }
        let mut others = Vec::new();
        for part in &top[rest_start..rest_end] {
            collect_lookarounds(text, part, &mut others);
        }
        if !others.is_empty() {
            return None; // another look-around
        }
        let span = |a: &Ast| (a.span().start.offset, a.span().end.offset);
        let inner = |group: &ast::Group| &text[span(&group.ast).0..span(&group.ast).1];
        let behind = match behind {
            None => None,
            Some((group, (_, positive))) => Some(
                if matches!(&*group.ast, Ast::Assertion(a) if a.kind == ast::AssertionKind::StartText)
                {
                    if positive {
                        return None;
                    }
                    Behind::NotStart
                } else {
                    let class = one_char(&group.ast, inner(group))?;
                    if positive {
                        Behind::Char(class)
                    } else {
                        Behind::NotChar(class)
                    }
                },
            ),
        };
        let ahead = match ahead {
            None => String::new(),
            Some((group, (_, positive))) => {
                let class = one_char(&group.ast, inner(group))?;
                if positive {
                    format!("(?:{class})")
                } else {
                    format!(r"(?:[^{class}]|\z)")
                }
            }
        };
        Some(Branch {
            flags: text[span(tree).0..span(top[first]).0].to_owned(),
            behind,
            rest: text[span(top[rest_start]).0..span(top[rest_end - 1]).1].to_owned(),
            ahead,
        })
    }

    fn has_lookaround(&self) -> bool {
        self.behind.is_some() || !self.ahead.is_empty()
    }

    /// The branch matching one character before where it starts (its look-behind's, or any).
    fn after_char(&self) -> String {
        let before = match &self.behind {
            None | Some(Behind::NotStart) => "(?s:.)".to_owned(),
            Some(Behind::Char(class)) => format!("(?:{class})"),
            Some(Behind::NotChar(class)) => format!("(?:[^{class}])"),
        };
        format!("{}{before}({}){}", self.flags, self.rest, self.ahead)
    }

    /// The branch matching at the text's start, if it can.
    fn at_start(&self) -> Option<String> {
        match &self.behind {
            None | Some(Behind::NotChar(_)) => {
                Some(format!("{}({}){}", self.flags, self.rest, self.ahead))
            }
            _ => None,
        }
    }
}

/// Whether `tree` holds a capturing group.
fn captures(tree: &Ast) -> bool {
    match tree {
        Ast::Group(group) => {
            !matches!(group.kind, ast::GroupKind::NonCapturing(_)) || captures(&group.ast)
        }
        Ast::Repetition(rep) => captures(&rep.ast),
        Ast::Alternation(alt) => alt.asts.iter().any(captures),
        Ast::Concat(concat) => concat.asts.iter().any(captures),
        _ => false,
    }
}

/// A look-around pattern whose only look-arounds are one character wide and stand at the
/// ends of the pattern, or of its top-level alternatives (a class, a literal, or `(?<!\A)`),
/// written for the `regex` crate: each look-around consumes its character (a negative one,
/// any other character or the text's edge). Searched from one character before where
/// Python's search starts (the look-behind's character), it finds the same matches in the
/// same order, as the `regex` crate's leftmost-first search prefers what a backtracking
/// search tries first: a match starting earlier, then the earlier alternative. None for any
/// other shape, and for alternatives with groups of their own.
pub fn edges(text: &str) -> Option<Edges> {
    let tree = ast::parse::Parser::new().parse(&neutral(text)).ok()?;
    if let Ast::Alternation(alt) = &tree {
        let branches: Vec<Branch> = alt
            .asts
            .iter()
            .map(|a| Branch::parse(text, a))
            .collect::<Option<_>>()?;
        if captures(&tree)
            || branches.iter().any(|b| !b.flags.is_empty())
            || !branches.iter().any(Branch::has_lookaround)
        {
            return None;
        }
        let later = format!(
            "(?:{})",
            branches
                .iter()
                .map(Branch::after_char)
                .collect::<Vec<_>>()
                .join("|")
        );
        let at_start: Vec<String> = branches.iter().filter_map(Branch::at_start).collect();
        let first = if at_start.is_empty() {
            later.clone()
        } else {
            format!(r"\A(?:{})|{later}", at_start.join("|"))
        };
        return Some(Edges {
            first,
            later: Some(later),
            reach_back: true,
            single: false,
        });
    }
    let branch = Branch::parse(text, &tree)?;
    if !branch.has_lookaround() {
        return None;
    }
    let with = |before: &str| format!("{}{before}({}){}", branch.flags, branch.rest, branch.ahead);
    let (first, later) = match &branch.behind {
        None => (with(""), None),
        Some(Behind::NotStart) => (with("(?s:.)"), None),
        Some(Behind::Char(class)) => (with(&format!("(?:{class})")), None),
        Some(Behind::NotChar(class)) => (
            with(&format!(r"(?:\A|[^{class}])")),
            Some(with(&format!("(?:[^{class}])"))),
        ),
    };
    Some(Edges {
        first,
        later,
        reach_back: branch.behind.is_some(),
        single: true,
    })
}

/// A look-around's inner pattern that always matches exactly one character, as an item that
/// may stand inside brackets (`[...]`, `[^...]`); None for anything else.
fn one_char(tree: &Ast, inner: &str) -> Option<String> {
    match tree {
        Ast::Literal(lit) => Some(regex_syntax::escape(&lit.c.to_string())),
        Ast::ClassPerl(_) | Ast::ClassUnicode(_) | Ast::ClassBracketed(_) => Some(inner.to_owned()),
        _ => None,
    }
}

/// Whether a pattern's meaning depends on Unicode tables (classes, word boundaries, case
/// folding): on a text with a code point the two engines' tables do not share, Python runs it.
fn reads_tables(text: &str) -> bool {
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                if "wWsSdDbBpP".contains(n) {
                    return true;
                }
            }
        }
    }
    // A flag group that turns case folding on.
    text.match_indices("(?").any(|(at, _)| {
        text[at + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic() || *c == '-')
            .take_while(|c| *c != '-')
            .any(|c| c == 'i')
    })
}

enum Matcher {
    Rust(meta::Regex),
    /// A pattern [`edges`] rewrote ([`Edges`] says how to read its groups).
    Edges {
        first: meta::Regex,
        later: Option<meta::Regex>,
        reach_back: bool,
        single: bool,
        /// As [`Matcher::Fancy`]'s: the search starts where it first matches.
        gate: meta::Regex,
    },
    Fancy {
        gate: meta::Regex,
        exact: fancy_regex::Regex,
    },
    Python,
}

struct Pattern {
    matcher: Matcher,
    tables: bool,
    engine: Engine,
}

/// What one rule's pattern gave on one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `(match start, group start, group end)` in bytes, in order; matches where the group
    /// took no part are left out.
    Hits(Vec<(usize, usize, usize)>),
    /// As `Hits`, with each hit's replacement: the rule's [`Template`] expanded on its match.
    Expanded(Vec<(usize, usize, usize)>, Vec<String>),
    /// Python's `regex` runs this rule on this text.
    Python,
    /// The backtracking search passed its limit: a timeout.
    TimedOut,
}

/// A replacement template of literal text and group references, as Python's `regex` expands
/// one: `pieces` of `(text, group)`, each text followed by its group's text (empty where the
/// group took no part in the match), then `tail`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template {
    pub pieces: Vec<(String, usize)>,
    pub tail: String,
}

impl Template {
    fn expand(&self, text: &str, caps: &Captures) -> String {
        let mut out = String::new();
        for (piece, group) in &self.pieces {
            out.push_str(piece);
            if let Some(g) = caps.get_group(*group) {
                out.push_str(&text[g.start..g.end]);
            }
        }
        out.push_str(&self.tail);
        out
    }

    fn fits(&self, groups: usize) -> bool {
        self.pieces.iter().all(|&(_, g)| g < groups)
    }
}

/// Every pattern rule of a ruleset, compiled once; `group` is the group each rule reports.
pub struct PatternRuleSet {
    patterns: Vec<Pattern>,
    groups: Vec<usize>,
    /// The replacement template of each rule the core expands for Python (None: Python does).
    templates: Vec<Option<Template>>,
    unknown: Vec<(u32, u32)>,
}

fn build_rust(text: &str) -> Option<meta::Regex> {
    meta::Builder::new()
        .configure(meta::Config::new().nfa_size_limit(Some(SIZE_LIMIT)))
        .build(text)
        .ok()
}

impl Pattern {
    fn new(pattern: &str) -> Pattern {
        let (engine, text) = translate_text(pattern);
        let matcher = match engine {
            Engine::Rust => build_rust(&text).map(Matcher::Rust),
            Engine::Fancy if edges(&text).is_some() => {
                let e = edges(&text).expect("checked");
                let later = match e.later.as_deref().map(build_rust) {
                    None => Some(None),
                    Some(Some(later)) => Some(Some(later)),
                    Some(None) => None,
                };
                let gate = gate(&text).and_then(|g| build_rust(&g));
                match (build_rust(&e.first), later, gate) {
                    (Some(first), Some(later), Some(gate)) => Some(Matcher::Edges {
                        first,
                        later,
                        reach_back: e.reach_back,
                        single: e.single,
                        gate,
                    }),
                    _ => None,
                }
            }
            Engine::Fancy => {
                let exact = fancy_regex::RegexBuilder::new(&text)
                    .backtrack_limit(BACKTRACK_LIMIT)
                    .delegate_size_limit(SIZE_LIMIT)
                    .build()
                    .ok();
                let gate = gate(&text).and_then(|g| build_rust(&g));
                match (exact, gate) {
                    (Some(exact), Some(gate)) => Some(Matcher::Fancy { gate, exact }),
                    _ => None,
                }
            }
            Engine::Python => None,
        }
        .unwrap_or(Matcher::Python);
        let engine = match matcher {
            Matcher::Rust(_) | Matcher::Edges { .. } => Engine::Rust,
            Matcher::Fancy { .. } => Engine::Fancy,
            Matcher::Python => Engine::Python,
        };
        Pattern {
            matcher,
            tables: reads_tables(&text),
            engine,
        }
    }
}

impl PatternRuleSet {
    /// `(pattern, group)` of each rule.
    pub fn new(specs: &[(String, usize)]) -> PatternRuleSet {
        PatternRuleSet {
            patterns: specs.iter().map(|(p, _)| Pattern::new(p)).collect(),
            groups: specs.iter().map(|(_, g)| *g).collect(),
            templates: vec![None; specs.len()],
            unknown: unassigned(),
        }
    }

    /// The same rules with the replacement template of each (None: no template to expand);
    /// the core expands a template on the matches of a pattern that runs in the `regex` crate
    /// as written ([`Outcome::Expanded`]).
    pub fn with_templates(mut self, templates: Vec<Option<Template>>) -> PatternRuleSet {
        assert_eq!(
            templates.len(),
            self.patterns.len(),
            "one template per rule"
        );
        self.templates = templates;
        self
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The engine of each rule.
    pub fn engines(&self) -> Vec<Engine> {
        self.patterns.iter().map(|p| p.engine).collect()
    }

    /// The outcome of each rule flagged in `select` (all, for None) that has anything on
    /// `text`: `(rule, outcome)`, by rule number.
    pub fn find(&self, text: &str, select: Option<&[bool]>) -> Vec<(usize, Outcome)> {
        let mut out = Vec::new();
        let mut unknown: Option<bool> = None;
        for (n, pattern) in self.patterns.iter().enumerate() {
            if !select.is_none_or(|s| s.get(n).copied().unwrap_or(false)) {
                continue;
            }
            if matches!(pattern.matcher, Matcher::Python)
                || (pattern.tables
                    && *unknown.get_or_insert_with(|| {
                        !text.is_ascii()
                            && text.chars().any(|c| {
                                !c.is_ascii() && crate::chars::in_ranges(&self.unknown, c as u32)
                            })
                    }))
            {
                out.push((n, Outcome::Python));
                continue;
            }
            let outcome = self.run(pattern, self.groups[n], self.templates[n].as_ref(), text);
            if !matches!(&outcome, Outcome::Hits(h) | Outcome::Expanded(h, _) if h.is_empty()) {
                out.push((n, outcome));
            }
        }
        out
    }

    fn run(
        &self,
        pattern: &Pattern,
        group: usize,
        template: Option<&Template>,
        text: &str,
    ) -> Outcome {
        let mut hits = Vec::new();
        match &pattern.matcher {
            Matcher::Rust(re) => {
                let groups = re.group_info().group_len(regex_automata::PatternID::ZERO);
                if group >= groups {
                    return Outcome::Python; // Python reports the missing group
                }
                if !re.is_match(text) {
                    return Outcome::Hits(hits);
                }
                // A template naming a group the pattern lacks: Python expands it (and says so).
                let template = template.filter(|t| t.fits(groups));
                let mut news = Vec::new();
                let mut caps: Captures = re.create_captures();
                let mut at = 0;
                // Matches are never empty (`translate_text`), so each search starts where the
                // last match ended, as Python's `finditer` does.
                while at <= text.len() {
                    re.search_captures(&regex_automata::Input::new(text).range(at..), &mut caps);
                    let Some(m) = caps.get_match() else { break };
                    if let Some(g) = caps.get_group(group) {
                        hits.push((m.start(), g.start, g.end));
                        if let Some(t) = template {
                            news.push(t.expand(text, &caps));
                        }
                    }
                    at = m.end().max(m.start() + 1);
                }
                if template.is_some() {
                    return Outcome::Expanded(hits, news);
                }
            }
            Matcher::Edges {
                first,
                later,
                reach_back,
                single,
                gate,
            } => {
                let groups = first
                    .group_info()
                    .group_len(regex_automata::PatternID::ZERO);
                // One branch: the pattern's group g is group g + 1; alternatives hold no
                // group of their own, so only the whole match (0) is there to report.
                let group = if *single { group + 1 } else { group };
                if (*single && group >= groups) || (!*single && group > 0) {
                    return Outcome::Python; // Python reports the missing group
                }
                // No match starts before the gate's first (which may take the look-behind's
                // character: that is where the search reaches back from).
                let Some(open) = gate.find(text) else {
                    return Outcome::Hits(hits);
                };
                let mut first_caps: Captures = first.create_captures();
                let mut later_caps: Option<Captures> = later.as_ref().map(|l| l.create_captures());
                let mut at = open.start();
                while at <= text.len() {
                    // The look-behind's character, before where Python's search starts.
                    let from = match crate::chars::char_before(text, at) {
                        Some(c) if *reach_back => at - c.len_utf8(),
                        _ => at,
                    };
                    let input = regex_automata::Input::new(text).range(from..);
                    let caps = match (later, &mut later_caps) {
                        (Some(later), Some(caps)) if at > 0 => {
                            later.search_captures(&input, caps);
                            caps
                        }
                        _ => {
                            first.search_captures(&input, &mut first_caps);
                            &mut first_caps
                        }
                    };
                    let found = if *single {
                        caps.get_group(1)
                    } else {
                        (1..caps.group_len()).find_map(|g| caps.get_group(g))
                    };
                    let Some(m) = found else { break };
                    let g = if *single {
                        caps.get_group(group)
                    } else {
                        Some(m)
                    };
                    if let Some(g) = g {
                        hits.push((m.start, g.start, g.end));
                    }
                    at = m.end.max(m.start + 1);
                }
            }
            Matcher::Fancy { gate, exact } => {
                let Some(first) = gate.find(text) else {
                    return Outcome::Hits(hits);
                };
                if group >= exact.captures_len() {
                    return Outcome::Python;
                }
                let mut at = first.start();
                while at <= text.len() {
                    match exact.captures_from_pos(text, at) {
                        Ok(Some(caps)) => {
                            let m = caps.get(0).expect("group 0 takes part in every match");
                            if let Some(g) = caps.get(group) {
                                hits.push((m.start(), g.start(), g.end()));
                            }
                            at = m.end().max(m.start() + 1);
                        }
                        Ok(None) => break,
                        Err(_) => return Outcome::TimedOut,
                    }
                }
            }
            Matcher::Python => return Outcome::Python,
        }
        Outcome::Hits(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(patterns: &[(&str, usize)]) -> PatternRuleSet {
        let specs: Vec<(String, usize)> =
            patterns.iter().map(|(p, g)| (p.to_string(), *g)).collect();
        PatternRuleSet::new(&specs)
    }

    #[test]
    fn engines_on_a_whole_text() {
        assert_eq!(translate_text(r"[\x00-\x08]").0, Engine::Rust);
        assert_eq!(translate_text(r"a$").0, Engine::Python); // `$` before a final "\n"
        assert_eq!(translate_text(r"(?m)^#+ $").0, Engine::Rust);
        assert_eq!(translate_text(r"a*").0, Engine::Python); // matches the empty string
        assert_eq!(translate_text(r"(?<=a)(?=b)").0, Engine::Python);
        assert_eq!(
            translate_text(r"(?<=\S)[ \t]+(?=\r?\n|\Z)").0,
            Engine::Fancy
        );
        assert_eq!(translate_text(r"(?r)a").0, Engine::Python);
    }

    #[test]
    fn gates_match_wherever_the_pattern_does() {
        assert_eq!(
            gate(r"(?<=\S)[ \t]+(?=\r?\n|\z)").as_deref(),
            Some(r"(?:\S)[ \t]+(?:\r?\n|\z)")
        );
        assert_eq!(
            gate(r"(?<=\S)(?=[ ]*\u00a0)[ \u00a0]{2,}(?=\S)").as_deref(),
            Some(r"(?:\S)[ \u00a0]{2,}(?:\S)")
        );
        assert_eq!(gate(r"a|(?<!\A)b").as_deref(), Some(r"a|b"));
    }

    #[test]
    fn matches_groups_and_steps() {
        let rules = set(&[
            (r"(\r?\n)(?:[ \t]*\r?\n){2,}", 0),
            (r"(?<=\S)[ \t]+(?=\r?\n|\Z)", 0),
            (r"(?<=\S)(-)(?=\d)", 1),
            (r"(a)|b", 1),
        ]);
        let text = "x  \n\n\n\ny \nab-1";
        let found = rules.find(text, None);
        assert_eq!(
            found,
            [
                (0, Outcome::Hits(vec![(3, 3, 7)])),
                (1, Outcome::Hits(vec![(1, 1, 3), (8, 8, 9)])),
                (2, Outcome::Hits(vec![(12, 12, 13)])),
                (3, Outcome::Hits(vec![(10, 10, 11)])),
            ]
        );
        let only = rules.find(text, Some(&[false, false, true]));
        assert_eq!(only, [(2, Outcome::Hits(vec![(12, 12, 13)]))]);
    }

    #[test]
    fn templates_expand_on_the_regex_crate_matches() {
        let t = |pieces: &[(&str, usize)], tail: &str| {
            Some(Template {
                pieces: pieces.iter().map(|&(s, g)| (s.to_string(), g)).collect(),
                tail: tail.to_string(),
            })
        };
        let rules = set(&[
            (r"(\r?\n)(?:[ \t]*\r?\n){2,}", 0),
            (r"(a)|b", 0),
            (r"(?<=\S)(-)(?=\d)", 1),
            (r"(x)", 0),
            (r"y", 0),
        ])
        .with_templates(vec![
            t(&[("", 1), ("", 1)], ""),
            t(&[("<", 1)], ">"),
            t(&[("", 1)], "!"),
            t(&[("", 2)], ""),
            None,
        ]);
        let text = "x\r\n\r\n\r\nab-1y";
        assert_eq!(
            rules.find(text, None),
            [
                (
                    0,
                    Outcome::Expanded(vec![(1, 1, 7)], vec!["\r\n\r\n".to_string()])
                ),
                (
                    1,
                    Outcome::Expanded(
                        vec![(7, 7, 8), (8, 8, 9)],
                        vec!["<a>".to_string(), "<>".to_string()]
                    )
                ),
                // Not in the `regex` crate as written, and a group the pattern lacks: Python's.
                (2, Outcome::Hits(vec![(9, 9, 10)])),
                (3, Outcome::Hits(vec![(0, 0, 1)])),
                (4, Outcome::Hits(vec![(11, 11, 12)])),
            ]
        );
    }

    #[test]
    fn python_patterns_and_unknown_characters() {
        let rules = set(&[(r"(a)\1", 0), (r"\w", 0), (r"x", 0)]);
        assert_eq!(
            rules.engines(),
            [Engine::Python, Engine::Rust, Engine::Rust]
        );
        let found = rules.find("aa x\u{40000}", None);
        assert_eq!(
            found,
            [
                (0, Outcome::Python),
                (1, Outcome::Python),
                (2, Outcome::Hits(vec![(3, 3, 4)]))
            ]
        );
    }

    /// Every match as `fancy-regex` finds it, searched as Python's `finditer` does.
    fn fancy_hits(re: &fancy_regex::Regex, group: usize, text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut at = 0;
        while at <= text.len() {
            let Some(caps) = re.captures_from_pos(text, at).expect("in the limit") else {
                break;
            };
            let m = caps.get(0).expect("group 0");
            if let Some(g) = caps.get(group) {
                out.push((m.start(), g.start(), g.end()));
            }
            at = m.end().max(m.start() + 1);
        }
        out
    }

    const EDGE_PATTERNS: &[(&str, usize)] = &[
        (r"(?<=\S)(?:\u00a0[ \u00a0]+|[ ]+\u00a0[ \u00a0]*)(?=\S)", 0),
        (r"(?<=\p{L})'(?=\p{L})", 0),
        (r"(?<=\S) -- (?=\S)", 0),
        (
            r"(?<![\d\-–/.])(?:1[5-9]|20)\d{2}(-)(?:1[5-9]|20)\d{2}(?![\d\-–/.])",
            1,
        ),
        (r"(?<!a)b+(?!c)", 0),
        (r"(?<!\A)x", 0),
        (r"(?i)(?<!b)a(b)?", 1),
        (r"(?<=a)(?:b|ba|bab)(?=b)", 0),
        (
            r"[\u200b\u2060\u206a-\u206f\ufff9-\ufffc]|(?<!\A)\ufeff|(?<=\p{Latin})[\u200c\u200d](?=\p{Latin})",
            0,
        ),
        (r"(?<!b)a|ab|(?<=a)b(?!c)|b", 0),
        (r"c(?=a)|(?<=\s)[a-c]{1,2}|\d", 0),
    ];

    #[test]
    fn edge_look_arounds_run_in_the_regex_crate() {
        let specs: Vec<(String, usize)> = EDGE_PATTERNS
            .iter()
            .map(|(p, g)| (p.to_string(), *g))
            .collect();
        let rules = PatternRuleSet::new(&specs);
        assert!(rules.engines().iter().all(|e| *e == Engine::Rust));
        assert_eq!(
            edges(r"(?<!a)b(?!c)").map(|e| e.first).as_deref(),
            Some(r"(?:\A|[^a])(b)(?:[^c]|\z)")
        );
        // Other look-arounds, or more than one character, stay in fancy-regex.
        for other in [
            r"a(?=b)c",
            r"(?<=ab)c",
            r"(?<=a)(?=b)",
            r"(a)|(?<!\A)b",
            r"(?i)a|(?<=a)b",
        ] {
            assert!(edges(other).is_none(), "{other}");
        }
    }

    #[test]
    fn edge_look_arounds_match_as_fancy_regex_does() {
        let alphabet: Vec<char> = "ab c-'1920x\u{a0}B\n–.é\u{200b}\u{200d}\u{feff}ж"
            .chars()
            .collect();
        let mut seed: u64 = 7;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for (n, (pattern, group)) in EDGE_PATTERNS.iter().enumerate() {
            let rules = set(&[(pattern, *group)]);
            let fancy = fancy_regex::Regex::new(&translate_text(pattern).1).expect("compiles");
            for _ in 0..3000 {
                let len = next() % 14;
                let mut text: String = (0..len)
                    .map(|_| alphabet[next() % alphabet.len()])
                    .collect();
                if n == 3 && next() % 2 == 0 {
                    text.push_str(
                        ["1914-1918", "-2019-2020", "1999-2000.", "/1600-1700"][next() % 4],
                    );
                }
                let expected = fancy_hits(&fancy, *group, &text);
                let found = match rules.find(&text, None).pop() {
                    Some((_, Outcome::Hits(hits))) => hits,
                    None => vec![],
                    other => panic!("{other:?}"),
                };
                assert_eq!(found, expected, "{pattern} on {text:?}");
            }
        }
    }

    #[test]
    fn backtracking_past_the_limit_is_a_timeout() {
        let rules = set(&[(r"(?:(?=a)a|(?=a)aa)+(?!c)c", 0)]);
        assert_eq!(rules.engines(), [Engine::Fancy]);
        // The gate `(?:a|aa)+c` matches; the exact search never can, and backtracks past its
        // limit trying.
        let found = rules.find(&("a".repeat(60) + "c"), None);
        assert_eq!(found, [(0, Outcome::TimedOut)]);
        assert!(rules.find("bbb", None).is_empty());
    }
}
