//! Line rules (`kind: line`): a line that is one of a rule's phrases, or that one of its
//! patterns matches, within its position and word limit, is a hit.
//!
//! A [`LineRuleSet`] holds every line rule of a ruleset; [`LineRuleSet::find`] reads a text
//! once (its lines, each line's word count and phrase key worked out once) and answers for all
//! of them. Patterns are written for Python's `regex` module; each runs here in the engine
//! that reads it the same way ([`Engine`]), decided by [`translate`].

use std::collections::HashMap;
use std::sync::OnceLock;

use regex_automata::util::pool::Pool;
use regex_automata::{
    hybrid, meta, nfa::thompson, Anchored, Input, MatchKind, PatternID, PatternSet,
};

use regex_syntax::ast::{self, Ast, ClassSet, ClassSetItem};
use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind};

use crate::chars::is_py_space;
use crate::lines::{split_lines, Line};
use crate::phrase::phrase_key;

/// Where in the document a rule looks (counted in non-blank lines): the first `window`
/// (head), the last `window` (tail), either (edges), neither (body) or any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Anywhere,
    Head,
    Tail,
    Edges,
    Body,
}

impl Position {
    pub fn parse(name: &str) -> Option<Position> {
        Some(match name {
            "anywhere" => Position::Anywhere,
            "head" => Position::Head,
            "tail" => Position::Tail,
            "edges" => Position::Edges,
            "body" => Position::Body,
            _ => return None,
        })
    }
}

/// One line rule, as its spec gives it; `phrases` are already keys (`normalise_phrase`).
#[derive(Debug, Clone)]
pub struct LineSpec {
    pub phrases: Vec<String>,
    pub patterns: Vec<String>,
    pub position: Position,
    pub window: usize,
    pub max_words: Option<usize>,
}

/// Which engine runs a pattern: the `regex` crate, `fancy-regex` (look-around, with a
/// backtrack limit), or none here (Python's `regex` module runs it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Engine {
    Rust,
    Fancy,
    Python,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Rust => "rust",
            Engine::Fancy => "fancy",
            Engine::Python => "python",
        }
    }
}

/// Backtracking steps a `fancy-regex` search may take on one line before it counts as a
/// timeout (the rule then reports TC001, as a Python regex past its time budget does).
pub const BACKTRACK_LIMIT: usize = 1_000_000;

/// A pattern of Python's `regex` module as the Rust engines read it, and which engine reads it
/// the same way on a line body (a text without "\r" or "\n").
///
/// The `regex` crate takes a pattern whose syntax parses to the same meaning in both: literals,
/// `.`, `^`, `$`, `\A`, `\Z` (written `\z` here), `\b`, `\B`, the Perl classes, bracketed
/// classes without nesting or set operations, `\p{..}` of the general categories and a few
/// scripts, groups, alternation, greedy and lazy repetition, and the flags `i`, `m`, `s`
/// (global ones only at the very start: Python applies a flag set mid-pattern to the whole
/// pattern, Rust from there on). On a body, `$` and `\Z` both mean the end, and `.` any
/// character, in both. The same syntax with look-around goes to `fancy-regex`; anything else
/// stays in Python.
pub fn translate(pattern: &str) -> (Engine, String) {
    let (engine, text, _) = translate_parsed(pattern);
    (engine, text)
}

/// [`translate`], and the parsed tree of the text it gives when it has one at hand (a
/// pattern for the `regex` crate that needed no edits), so that it is not parsed again.
fn translate_parsed(pattern: &str) -> (Engine, String, Option<Ast>) {
    let text = end_of_text(pattern);
    let (engine, parsed) = match ast::parse::Parser::new().parse(&text) {
        Ok(tree) => (Engine::Rust, tree),
        Err(e) if *e.kind() == ast::ErrorKind::UnsupportedLookAround => {
            // The same length, so the spans of the tree are those of `text`.
            let neutral = text
                .replace("(?<=", "(?s:")
                .replace("(?<!", "(?s:")
                .replace("(?=", "(?:")
                .replace("(?!", "(?:");
            match ast::parse::Parser::new().parse(&neutral) {
                Ok(tree) => (Engine::Fancy, tree),
                Err(_) => return (Engine::Python, text, None),
            }
        }
        Err(_) => return (Engine::Python, text, None),
    };
    if !plain(&parsed, true) {
        return (Engine::Python, text, None);
    }
    let mut edits = Vec::new();
    if !fold_classes(&parsed, &text, false, &mut edits) {
        return (Engine::Python, text, None);
    }
    if edits.is_empty() && engine == Engine::Rust {
        return (engine, text, Some(parsed));
    }
    (engine, apply_edits(&text, edits), None)
}

/// The case-sensitive properties: under `(?i)` Python's `regex` reads each of them as any
/// cased letter (`\p{LC}`), with no case folding.
const CASED: &[&str] = &["Lu", "Ll", "Lt"];

fn class_name(class: &ast::ClassUnicode) -> String {
    match &class.kind {
        ast::ClassUnicodeKind::OneLetter(c) => c.to_string(),
        ast::ClassUnicodeKind::Named(name) => name.clone(),
        ast::ClassUnicodeKind::NamedValue { value, .. } => value.clone(),
    }
}

/// A Unicode class item as Python reads it under `(?i)`, for use inside brackets.
fn folded_item(class: &ast::ClassUnicode) -> String {
    let name = class_name(class);
    let items = if CASED.contains(&name.as_str()) {
        r"\p{Lu}\p{Ll}\p{Lt}".to_string()
    } else {
        format!(r"\p{{{name}}}")
    };
    if class.negated {
        format!("[^{items}]")
    } else {
        items
    }
}

/// Edits that make the Unicode classes under `(?i)` mean what they mean to Python's `regex`:
/// Rust folds case over a class (`(?i)\p{L}` takes U+0345, `(?i)\p{Lu}` the lowercase letters
/// that have an uppercase); Python takes `\p{L}` as it is and `\p{Lu}` as any cased letter.
/// So each is matched with case folding off. False: a negated bracketed class under `(?i)`
/// holds a Unicode class, which this cannot rewrite.
fn fold_classes(tree: &Ast, text: &str, ci: bool, edits: &mut Vec<(usize, usize, String)>) -> bool {
    match tree {
        Ast::Flags(set) => {
            // Only at the very start (`plain`): it sets the mode of the rest of the pattern.
            let _ = set;
            true
        }
        Ast::ClassUnicode(class) if ci => {
            let span = &class.span;
            edits.push((
                span.start.offset,
                span.end.offset,
                format!("(?-i:[{}])", folded_item(class)),
            ));
            true
        }
        Ast::ClassBracketed(class) if ci => {
            let items: Vec<&ClassSetItem> = match &class.kind {
                ClassSet::Item(ClassSetItem::Union(union)) => union.items.iter().collect(),
                ClassSet::Item(item) => vec![item],
                ClassSet::BinaryOp(_) => return false,
            };
            let unicode: Vec<&ast::ClassUnicode> = items
                .iter()
                .filter_map(|i| match i {
                    ClassSetItem::Unicode(u) => Some(u),
                    _ => None,
                })
                .collect();
            if unicode.is_empty() {
                return true;
            }
            if class.negated {
                return false;
            }
            let rest: String = items
                .iter()
                .filter(|i| !matches!(i, ClassSetItem::Unicode(_)))
                .map(|i| &text[i.span().start.offset..i.span().end.offset])
                .collect();
            let cased: String = unicode.iter().map(|u| folded_item(u)).collect();
            let new = if rest.is_empty() {
                format!("(?-i:[{cased}])")
            } else {
                format!("(?:(?-i:[{cased}])|[{rest}])")
            };
            let span = &class.span;
            edits.push((span.start.offset, span.end.offset, new));
            true
        }
        Ast::Repetition(rep) => fold_classes(&rep.ast, text, ci, edits),
        Ast::Group(group) => {
            let inner = match &group.kind {
                ast::GroupKind::NonCapturing(flags) => {
                    match flags.flag_state(ast::Flag::CaseInsensitive) {
                        Some(on) => on,
                        None => ci,
                    }
                }
                _ => ci,
            };
            fold_classes(&group.ast, text, inner, edits)
        }
        Ast::Alternation(alt) => alt.asts.iter().all(|a| fold_classes(a, text, ci, edits)),
        Ast::Concat(concat) => {
            let mut ci = ci;
            for a in &concat.asts {
                if let Ast::Flags(set) = a {
                    if let Some(on) = set.flags.flag_state(ast::Flag::CaseInsensitive) {
                        ci = on;
                    }
                }
                if !fold_classes(a, text, ci, edits) {
                    return false;
                }
            }
            true
        }
        _ => true,
    }
}

/// Counted repetitions with a larger upper bound than this are unbounded in [`relax`].
const RELAX_ABOVE: u32 = 8;

/// A pattern (of the `regex` crate) that matches wherever `pattern` does, and perhaps more:
/// word boundaries dropped, and long counted repetitions (`.{0,300}`) left unbounded. The
/// crate's lazy DFA gives up on a Unicode word boundary in a non-ASCII text, and a long counted
/// repetition fills its cache, so the exact pattern runs on the few lines this one matches.
/// None: the pattern is its own relaxed form.
pub fn relax(pattern: &str) -> Option<String> {
    let tree = ast::parse::Parser::new().parse(pattern).ok()?;
    relax_parsed(pattern, &tree)
}

/// [`relax`] of `pattern`, parsed as `tree`.
fn relax_parsed(pattern: &str, tree: &Ast) -> Option<String> {
    relax_with_bound(pattern, tree).map(|(text, _)| text)
}

/// [`relax`] of `pattern`, parsed as `tree`, and the length in bytes of the lines on which it
/// matches exactly where `pattern` does (0: none). That is so when relaxing only lifted upper
/// bounds, each of a repetition whose every turn takes a character: on a line of at most
/// `high` characters, no match can take more than `high` turns. (Bytes, not characters:
/// a line has at least as many of them.)
fn relax_with_bound(pattern: &str, tree: &Ast) -> Option<(String, usize)> {
    let mut edits = Vec::new();
    let mut bound = usize::MAX;
    collect_relaxing(tree, &mut edits, &mut bound);
    if edits.is_empty() {
        return None;
    }
    Some((apply_edits(pattern, edits), bound))
}

/// The edits that relax `tree` ([`relax`]), and in `bound` the least upper bound they lift (0
/// if they drop a word boundary or lift the bound of a repetition a turn of which can match
/// nothing).
fn collect_relaxing(tree: &Ast, edits: &mut Vec<(usize, usize, String)>, bound: &mut usize) {
    match tree {
        Ast::Assertion(a)
            if matches!(
                a.kind,
                ast::AssertionKind::WordBoundary | ast::AssertionKind::NotWordBoundary
            ) =>
        {
            edits.push((a.span.start.offset, a.span.end.offset, String::new()));
            *bound = 0;
        }
        Ast::Repetition(rep) => {
            if let ast::RepetitionKind::Range(ast::RepetitionRange::Bounded(low, high)) =
                rep.op.kind
            {
                if high > RELAX_ABOVE {
                    let lazy = if rep.greedy { "" } else { "?" };
                    edits.push((
                        rep.op.span.start.offset,
                        rep.op.span.end.offset,
                        format!("{{{low},}}{lazy}"),
                    ));
                    *bound = if least_chars(&rep.ast) > 0 {
                        (*bound).min(high as usize)
                    } else {
                        0
                    };
                }
            }
            collect_relaxing(&rep.ast, edits, bound);
        }
        Ast::Group(group) => collect_relaxing(&group.ast, edits, bound),
        Ast::Alternation(alt) => alt
            .asts
            .iter()
            .for_each(|a| collect_relaxing(a, edits, bound)),
        Ast::Concat(concat) => concat
            .asts
            .iter()
            .for_each(|a| collect_relaxing(a, edits, bound)),
        _ => {}
    }
}

/// Whether [`relax_tree`] can relax `tree` in place: a word boundary that is repeated itself
/// (`\b?`) cannot be dropped from the tree as its text drops it (the text would repeat what
/// stands before it).
fn relaxable_in_tree(tree: &Ast) -> bool {
    match tree {
        Ast::Repetition(rep) => {
            !matches!(*rep.ast, Ast::Assertion(_)) && relaxable_in_tree(&rep.ast)
        }
        Ast::Group(group) => relaxable_in_tree(&group.ast),
        Ast::Alternation(alt) => alt.asts.iter().all(relaxable_in_tree),
        Ast::Concat(concat) => concat.asts.iter().all(relaxable_in_tree),
        _ => true,
    }
}

/// Whether `tree` is a word boundary, which relaxing drops.
fn is_word_boundary(tree: &Ast) -> bool {
    matches!(
        tree,
        Ast::Assertion(a) if matches!(
            a.kind,
            ast::AssertionKind::WordBoundary | ast::AssertionKind::NotWordBoundary
        )
    )
}

/// `tree` relaxed in place as [`collect_relaxing`]'s edits relax its text, to the tree the
/// parser gives of the edited text (as the parser does, a concatenation left with one item is
/// that item, and one with none, or a word boundary on its own, is empty), so that both
/// translate alike; its spans stay those of the unedited text. Only for a tree
/// [`relaxable_in_tree`] takes.
fn relax_tree(tree: &mut Ast) {
    match tree {
        Ast::Assertion(a)
            if matches!(
                a.kind,
                ast::AssertionKind::WordBoundary | ast::AssertionKind::NotWordBoundary
            ) =>
        {
            let span = a.span;
            *tree = Ast::empty(span);
        }
        Ast::Repetition(rep) => {
            if let ast::RepetitionKind::Range(ast::RepetitionRange::Bounded(low, high)) =
                rep.op.kind
            {
                if high > RELAX_ABOVE {
                    rep.op.kind = ast::RepetitionKind::Range(ast::RepetitionRange::AtLeast(low));
                }
            }
            relax_tree(&mut rep.ast);
        }
        Ast::Group(group) => relax_tree(&mut group.ast),
        Ast::Alternation(alt) => alt.asts.iter_mut().for_each(relax_tree),
        Ast::Concat(concat) => {
            if concat.asts.iter().any(is_word_boundary) {
                concat.asts.retain(|a| !is_word_boundary(a));
                match concat.asts.len() {
                    0 => {
                        let span = concat.span;
                        *tree = Ast::empty(span);
                        return;
                    }
                    1 => {
                        let only = concat.asts.pop().expect("one item");
                        *tree = only;
                        relax_tree(tree);
                        return;
                    }
                    _ => {}
                }
            }
            concat.asts.iter_mut().for_each(relax_tree);
        }
        _ => {}
    }
}

/// The fewest characters a match of `tree` takes.
fn least_chars(tree: &Ast) -> usize {
    match tree {
        Ast::Empty(_) | Ast::Flags(_) | Ast::Assertion(_) => 0,
        Ast::Literal(_)
        | Ast::Dot(_)
        | Ast::ClassUnicode(_)
        | Ast::ClassPerl(_)
        | Ast::ClassBracketed(_) => 1,
        Ast::Repetition(rep) => {
            let least = match rep.op.kind {
                ast::RepetitionKind::ZeroOrOne | ast::RepetitionKind::ZeroOrMore => 0,
                ast::RepetitionKind::OneOrMore => 1,
                ast::RepetitionKind::Range(ast::RepetitionRange::Exactly(n))
                | ast::RepetitionKind::Range(ast::RepetitionRange::AtLeast(n))
                | ast::RepetitionKind::Range(ast::RepetitionRange::Bounded(n, _)) => n as usize,
            };
            least.saturating_mul(least_chars(&rep.ast))
        }
        Ast::Group(group) => least_chars(&group.ast),
        Ast::Alternation(alt) => alt.asts.iter().map(least_chars).min().unwrap_or(0),
        Ast::Concat(concat) => concat
            .asts
            .iter()
            .fold(0, |sum, a| sum.saturating_add(least_chars(a))),
    }
}

/// A start-anchored relaxed pattern that stays alive over most of a line (`^.{0,}X`,
/// `(?i)^\W*\S.{10,}[(]...`, `^\W*(?:.{1,}?[,:]\s*)?X`: an unbounded repetition of `.` or
/// `\S`, alone or inside a group, before its first literal) as a pattern to search anywhere in the line instead: the flags at its start and what follows
/// the last such repetition that still has a literal after it. Any tail of the pattern,
/// searched anywhere, matches wherever the pattern does, so it is still a relaxed form. In the
/// heads' anchored DFA such a pattern keeps every line's search running to the line's end,
/// among the states of every other head, which rebuilds DFA states on most lines. None: the
/// pattern dies early (a literal comes first) or has no such tail.
pub fn long_head_tail(pattern: &str) -> Option<String> {
    let tree = ast::parse::Parser::new().parse(pattern).ok()?;
    long_head_tail_parsed(pattern, &tree)
}

/// [`long_head_tail`] of `pattern`, parsed as `tree`.
fn long_head_tail_parsed(pattern: &str, tree: &Ast) -> Option<String> {
    let (flags_end, start) = long_head_cut(tree)?;
    Some(format!("{}{}", &pattern[..flags_end], &pattern[start..]))
}

/// Where [`long_head_tail`] cuts the pattern parsed as `tree`: the end of its flags at the
/// start (0: none), and where its tail starts (offsets in the text `tree`'s spans are of).
fn long_head_cut(tree: &Ast) -> Option<(usize, usize)> {
    let (items, flags, start) = long_head_items(tree)?;
    let flags_end = if flags { items[0].span().end.offset } else { 0 };
    Some((flags_end, items[start].span().start.offset))
}

/// The tree of [`long_head_tail`] of the pattern parsed as `tree`: its flags at the start,
/// then the items of its tail, as the parser reads the tail's text (but for the spans).
fn long_head_tail_tree(tree: &Ast) -> Option<Ast> {
    let (items, flags, start) = long_head_items(tree)?;
    let mut kept: Vec<Ast> = Vec::with_capacity(items.len() - start + 1);
    if flags {
        kept.push(items[0].clone());
    }
    kept.extend(items[start..].iter().cloned());
    if kept.len() == 1 {
        return kept.pop();
    }
    let span = ast::Span::new(kept[0].span().start, kept[kept.len() - 1].span().end);
    Some(Ast::concat(ast::Concat { span, asts: kept }))
}

/// The items of the concatenation `tree`, whether the first is its flags, and the index of
/// the first item of its [`long_head_tail`].
fn long_head_items(tree: &Ast) -> Option<(&[Ast], bool, usize)> {
    let Ast::Concat(concat) = tree else {
        return None;
    };
    let items = &concat.asts;
    let flags = matches!(items.first(), Some(Ast::Flags(_)));
    let first_literal = items.iter().position(has_literal)?;
    if !items[..first_literal].iter().any(|a| holds_wide(a, false)) {
        return None;
    }
    let last_literal = items.iter().rposition(has_literal)?;
    let cut = items[..last_literal]
        .iter()
        .rposition(|a| holds_wide(a, false))?;
    Some((items, flags, cut + 1))
}

/// Whether a start-anchored pattern (`tree`) has an unbounded run of a negated class before
/// its first literal, as `^\W*[^.!?]{1,}\bis supported by` has: in an anchored DFA it stays
/// alive over most of a line, as a [`long_head_tail`] pattern does, but its tail, searched
/// anywhere, costs more than it saves (it starts with a common word). Such heads get a DFA
/// of their own ([`Heads`]), so their states do not multiply with every other head's.
fn long_lived_head(tree: &Ast) -> bool {
    let Ast::Concat(concat) = tree else {
        return false;
    };
    let items = &concat.asts;
    items
        .iter()
        .position(has_literal)
        .is_some_and(|first| items[..first].iter().any(|a| holds_wide(a, true)))
}

/// Whether every match of `tree` holds a literal character.
fn has_literal(tree: &Ast) -> bool {
    match tree {
        Ast::Literal(_) => true,
        Ast::Group(group) => has_literal(&group.ast),
        Ast::Concat(concat) => concat.asts.iter().any(has_literal),
        Ast::Alternation(alt) => alt.asts.iter().all(has_literal),
        Ast::Repetition(rep) => {
            let min = match rep.op.kind {
                ast::RepetitionKind::ZeroOrOne | ast::RepetitionKind::ZeroOrMore => 0,
                ast::RepetitionKind::OneOrMore => 1,
                ast::RepetitionKind::Range(ast::RepetitionRange::Exactly(n))
                | ast::RepetitionKind::Range(ast::RepetitionRange::AtLeast(n))
                | ast::RepetitionKind::Range(ast::RepetitionRange::Bounded(n, _)) => n,
            };
            min > 0 && has_literal(&rep.ast)
        }
        _ => false,
    }
}

/// Whether `tree` is or holds an unbounded repetition of `.` or `\S` (what most of a line
/// matches), as `(?:.{1,}?[,:])?` does: an optional group keeps the search alive as long.
/// With `negated`, an unbounded repetition of a negated class (`[^.!?]`) counts too.
fn holds_wide(tree: &Ast, negated: bool) -> bool {
    match tree {
        Ast::Repetition(rep) => wide_unbounded(tree, negated) || holds_wide(&rep.ast, negated),
        Ast::Group(group) => holds_wide(&group.ast, negated),
        Ast::Concat(concat) => concat.asts.iter().any(|a| holds_wide(a, negated)),
        Ast::Alternation(alt) => alt.asts.iter().any(|a| holds_wide(a, negated)),
        _ => false,
    }
}

/// Whether `tree` is an unbounded repetition of `.` or `\S` (what most of a line matches),
/// or with `negated`, of a negated class (`[^.!?]`, `[^>»›]`: all but a few characters).
fn wide_unbounded(tree: &Ast, negated: bool) -> bool {
    let Ast::Repetition(rep) = tree else {
        return false;
    };
    let unbounded = matches!(
        rep.op.kind,
        ast::RepetitionKind::ZeroOrMore
            | ast::RepetitionKind::OneOrMore
            | ast::RepetitionKind::Range(ast::RepetitionRange::AtLeast(_))
    );
    let wide = match &*rep.ast {
        Ast::Dot(_) => true,
        Ast::ClassPerl(class) => class.kind == ast::ClassPerlKind::Space && class.negated,
        Ast::ClassBracketed(class) => negated && class.negated,
        _ => false,
    };
    unbounded && wide
}

/// `text` with each `(start, end, replacement)` made (the spans do not overlap).
fn apply_edits(text: &str, mut edits: Vec<(usize, usize, String)>) -> String {
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(text.len() + 16 * edits.len());
    let mut at = 0;
    for (start, end, new) in edits {
        out.push_str(&text[at..start]);
        out.push_str(&new);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// `pattern` with `\Z` (Python: the end of the text) written `\z`, outside classes.
fn end_of_text(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        let at_class_start = class_start;
        class_start = false;
        match c {
            '\\' => {
                let next = chars.next();
                match next {
                    Some('Z') if !in_class => out.push_str("\\z"),
                    Some(n) => {
                        out.push('\\');
                        out.push(n);
                    }
                    None => out.push('\\'),
                }
            }
            '[' if !in_class => {
                in_class = true;
                class_start = true;
                out.push(c);
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().expect("peeked"));
                }
            }
            ']' if in_class && !at_class_start => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Unicode classes both engines define the same way (checked over every code point by
/// tests/core/test_line_rules_equivalence.py).
const CLASS_NAMES: &[&str] = &[
    "L",
    "Lu",
    "Ll",
    "Lt",
    "Lm",
    "Lo",
    "M",
    "Mn",
    "Mc",
    "Me",
    "N",
    "Nd",
    "Nl",
    "No",
    "P",
    "Pc",
    "Pd",
    "Ps",
    "Pe",
    "Pi",
    "Pf",
    "Po",
    "S",
    "Sm",
    "Sc",
    "Sk",
    "So",
    "Z",
    "Zs",
    "Zl",
    "Zp",
    "Latin",
    "Greek",
    "Cyrillic",
    "Han",
    "Hangul",
    "Hiragana",
    "Katakana",
    "Arabic",
    "Hebrew",
    "Thai",
    "Devanagari",
];

fn unicode_class_ok(class: &ast::ClassUnicode) -> bool {
    match &class.kind {
        ast::ClassUnicodeKind::OneLetter(c) => CLASS_NAMES.contains(&c.to_string().as_str()),
        ast::ClassUnicodeKind::Named(name) => CLASS_NAMES.contains(&name.as_str()),
        ast::ClassUnicodeKind::NamedValue { .. } => false,
    }
}

fn literal_ok(lit: &ast::Literal) -> bool {
    use ast::{HexLiteralKind, LiteralKind, SpecialLiteralKind};
    match &lit.kind {
        LiteralKind::Verbatim | LiteralKind::Meta | LiteralKind::Superfluous => true,
        LiteralKind::Special(kind) => *kind != SpecialLiteralKind::Space,
        LiteralKind::HexFixed(kind) => matches!(
            kind,
            HexLiteralKind::X | HexLiteralKind::UnicodeShort | HexLiteralKind::UnicodeLong
        ),
        LiteralKind::HexBrace(_) | LiteralKind::Octal => false,
    }
}

fn flags_ok(flags: &ast::Flags) -> bool {
    flags.items.iter().all(|item| match item.kind {
        ast::FlagsItemKind::Negation => true,
        ast::FlagsItemKind::Flag(flag) => matches!(
            flag,
            ast::Flag::CaseInsensitive | ast::Flag::MultiLine | ast::Flag::DotMatchesNewLine
        ),
    })
}

fn class_item_ok(item: &ClassSetItem) -> bool {
    match item {
        ClassSetItem::Empty(_) | ClassSetItem::Perl(_) => true,
        ClassSetItem::Literal(lit) => literal_ok(lit),
        ClassSetItem::Range(range) => literal_ok(&range.start) && literal_ok(&range.end),
        ClassSetItem::Unicode(class) => unicode_class_ok(class),
        ClassSetItem::Union(union) => union.items.iter().all(class_item_ok),
        ClassSetItem::Ascii(_) | ClassSetItem::Bracketed(_) => false,
    }
}

/// Whether `tree` uses only syntax that means the same in Python's `regex` and in Rust.
fn plain(tree: &Ast, at_start: bool) -> bool {
    use ast::AssertionKind as A;
    match tree {
        Ast::Empty(_) | Ast::Dot(_) | Ast::ClassPerl(_) => true,
        Ast::Flags(set) => {
            at_start
                && set.span.start.offset == 0
                && flags_ok(&set.flags)
                && !set
                    .flags
                    .items
                    .iter()
                    .any(|i| i.kind == ast::FlagsItemKind::Negation)
        }
        Ast::Literal(lit) => literal_ok(lit),
        Ast::Assertion(a) => matches!(
            a.kind,
            A::StartLine
                | A::EndLine
                | A::StartText
                | A::EndText
                | A::WordBoundary
                | A::NotWordBoundary
        ),
        Ast::ClassUnicode(class) => unicode_class_ok(class),
        Ast::ClassBracketed(class) => match &class.kind {
            ClassSet::Item(item) => class_item_ok(item),
            ClassSet::BinaryOp(_) => false,
        },
        // `a++` is possessive in Python, a repeated repetition in Rust.
        Ast::Repetition(rep) => !matches!(*rep.ast, Ast::Repetition(_)) && plain(&rep.ast, false),
        Ast::Group(group) => {
            let flags = match &group.kind {
                ast::GroupKind::NonCapturing(flags) => flags_ok(flags),
                _ => true,
            };
            flags && plain(&group.ast, false)
        }
        Ast::Alternation(alt) => alt.asts.iter().all(|a| plain(a, false)),
        Ast::Concat(concat) => concat
            .asts
            .iter()
            .enumerate()
            .all(|(i, a)| plain(a, at_start && i == 0)),
    }
}

type CacheFn = Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync>;

/// A rule's relaxed patterns ([`relax`]) as forward lazy DFAs, each pattern its own: most
/// lines are ruled out here, in one pass per DFA that stops at the first match, and on a line
/// it matches, [`which`](Fast::which) names the patterns whose exact form must decide.
/// (Forward only, so no reverse automaton is built: half the memory of a `regex` crate's
/// regex.) A large set is split into parts, one DFA each ([`Fast::split`]).
struct Fast {
    parts: Vec<Part>,
    len: usize,
    /// The patterns that match only at a line's end (`X\z`), numbered as the others, as one
    /// lazy DFA that searches backwards from the line's end ([`Fast::split_tails`]).
    tails: Option<Part>,
}

/// One lazy DFA of a [`Fast`], numbering every pattern of the set (those of other parts as
/// a pattern that never matches), and the caches of its searches.
struct Part {
    dfa: hybrid::dfa::DFA,
    caches: Pool<hybrid::dfa::Cache, CacheFn>,
}

impl Part {
    fn new(patterns: &[Hir], cache_capacity: usize) -> Option<Part> {
        Part::build(patterns, cache_capacity, false)
    }

    /// A part that searches backwards (`reverse`), from a line's end, or forwards.
    fn build(patterns: &[Hir], cache_capacity: usize, reverse: bool) -> Option<Part> {
        // No capture states: a DFA reports no groups, and without them each state's
        // epsilon closure (what building a lazy DFA state walks) is shorter.
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(SIZE_LIMIT))
                    .which_captures(thompson::WhichCaptures::None)
                    .reverse(reverse),
            )
            .build_many_from_hir(patterns)
            .ok()?;
        let dfa = hybrid::dfa::Builder::new()
            .configure(
                hybrid::dfa::DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(cache_capacity)
                    .skip_cache_capacity_check(true),
            )
            .build_from_nfa(nfa)
            .ok()?;
        let for_cache = dfa.clone();
        let create: CacheFn = Box::new(move || for_cache.create_cache());
        Some(Part {
            dfa,
            caches: Pool::new(create),
        })
    }
}

impl Part {
    /// The patterns of a backward part ([`Fast::split_tails`]) that match `input` up to its
    /// end, added to `set` (false: the DFA gave up).
    fn add_which_at_end(&self, input: &Input<'_>, set: &mut PatternSet) -> bool {
        let input = input.clone().anchored(Anchored::Yes);
        let mut cache = self.caches.get();
        let mut state = hybrid::dfa::OverlappingState::start();
        loop {
            if self
                .dfa
                .try_search_overlapping_rev(&mut cache, &input, &mut state)
                .is_err()
            {
                return false;
            }
            match state.get_match() {
                Some(found) => {
                    set.insert(found.pattern());
                }
                None => return true,
            }
        }
    }
}

impl Fast {
    /// The lazy DFA of `patterns`, parsed (as the `regex` crate parses a pattern by default).
    fn new(patterns: &mut [Hir]) -> Option<Fast> {
        Fast::split(patterns, &vec![0; patterns.len()])
    }

    /// The lazy DFAs of `patterns`, pattern `i` in part `part_of[i]` (a part with no pattern
    /// is left out). A DFA's states are sets of the states of every pattern still alive at a
    /// byte, so patterns that stay alive together multiply their states: over text it has not
    /// seen, a DFA of all of a large set builds new states on most lines, and two of half the
    /// set each build far fewer, for a second pass over each line.
    /// Each part's patterns are moved out of `patterns` for its build and back after it, not
    /// copied (copying and dropping a large set's syntax trees cost a tenth of a run's start):
    /// `patterns` is as it was when this returns.
    fn split(patterns: &mut [Hir], part_of: &[usize]) -> Option<Fast> {
        let len = patterns.len();
        let cache_capacity = if len > 40 {
            HEADS_DFA_CACHE
        } else {
            FAST_DFA_CACHE
        };
        let count = part_of.iter().max().map_or(0, |&most| most + 1);
        let mut parts = Vec::with_capacity(count);
        if count == 1 {
            if !patterns.iter().all(never_matches) {
                parts.push(Part::new(patterns, cache_capacity)?);
            }
        } else {
            for k in 0..count {
                let mut empty = true;
                let mut members: Vec<Hir> = patterns
                    .iter_mut()
                    .zip(part_of)
                    .map(|(p, &of)| {
                        if of == k && !never_matches(p) {
                            empty = false;
                            std::mem::replace(p, Hir::fail())
                        } else {
                            Hir::fail()
                        }
                    })
                    .collect();
                let part = if empty {
                    None
                } else {
                    Some(Part::new(&members, cache_capacity))
                };
                for ((p, &of), member) in patterns.iter_mut().zip(part_of).zip(members.iter_mut()) {
                    if of == k && never_matches(p) {
                        std::mem::swap(p, member);
                    }
                }
                match part {
                    Some(Some(part)) => parts.push(part),
                    Some(None) => return None,
                    None => {}
                }
            }
        }
        Some(Fast {
            parts,
            len,
            tails: None,
        })
    }

    /// [`split`](Fast::split), but with the patterns that match only at a line's end in a
    /// DFA of their own that searches backwards, anchored at the line's end: a search stops
    /// where the line's last bytes stop matching, a few bytes back on most lines, where a
    /// forward search of them runs over the whole line and, among the other patterns' states,
    /// builds new DFA states on most lines. (Most such patterns are the tails of heads that
    /// stay alive over a whole line, [`long_head_tail`]: `[.!?]\s+(?:less|…)\s*$`.)
    /// `patterns` is as it was when this returns (each moved into one of the two and back).
    fn split_tails(patterns: &mut [Hir], part_of: &[usize]) -> Option<Fast> {
        let at_end: Vec<bool> = patterns
            .iter()
            .map(|p| end_anchored(p) && ends_narrow(p))
            .collect();
        if !at_end.contains(&true) {
            return Fast::split(patterns, part_of);
        }
        let mut heads: Vec<Hir> = Vec::with_capacity(patterns.len());
        let mut tails: Vec<Hir> = Vec::with_capacity(patterns.len());
        for (p, &end) in patterns.iter_mut().zip(&at_end) {
            let taken = std::mem::replace(p, Hir::fail());
            if end {
                heads.push(Hir::fail());
                tails.push(taken);
            } else {
                heads.push(taken);
                tails.push(Hir::fail());
            }
        }
        let fast = Fast::split(&mut heads, part_of);
        let back = fast
            .is_some()
            .then(|| Part::build(&tails, HEADS_DFA_CACHE, true));
        for (((p, &end), head), tail) in patterns.iter_mut().zip(&at_end).zip(heads).zip(tails) {
            *p = if end { tail } else { head };
        }
        let mut fast = fast?;
        fast.tails = Some(back??);
        Some(fast)
    }

    /// Whether the relaxed patterns match `body` (None: the lazy DFA gave up).
    fn is_match(&self, body: &str) -> Option<bool> {
        let input = Input::new(body).earliest(true);
        let mut gave_up = false;
        if let Some(tails) = &self.tails {
            let mut cache = tails.caches.get();
            match tails
                .dfa
                .try_search_rev(&mut cache, &input.clone().anchored(Anchored::Yes))
            {
                Ok(Some(_)) => return Some(true),
                Ok(None) => {}
                Err(_) => gave_up = true,
            }
        }
        for part in &self.parts {
            let mut cache = part.caches.get();
            match part.dfa.try_search_fwd(&mut cache, &input) {
                Ok(Some(_)) => return Some(true),
                Ok(None) => {}
                Err(_) => gave_up = true,
            }
        }
        if gave_up {
            None
        } else {
            Some(false)
        }
    }

    /// The patterns whose relaxed form matches `body`, into `set` (false: the DFA gave up).
    fn which(&self, body: &str, set: &mut PatternSet) -> bool {
        set.clear();
        self.add_which(&Input::new(body), set)
    }

    /// The patterns that match `input`, added to `set` (false: the DFA gave up).
    fn add_which(&self, input: &Input<'_>, set: &mut PatternSet) -> bool {
        let mut known = true;
        for part in &self.parts {
            let mut cache = part.caches.get();
            known &= part
                .dfa
                .try_which_overlapping_matches(&mut cache, input, set)
                .is_ok();
        }
        if let Some(tails) = &self.tails {
            known &= tails.add_which_at_end(input, set);
        }
        known
    }

    /// The number of patterns.
    fn len(&self) -> usize {
        self.len
    }
}

/// Every rule's start-anchored relaxed patterns, numbered as given, as lazy DFAs searched
/// anchored: `from_start`, searched from the line's start, and `after_nonword`, whose patterns
/// are those written `^\W*X` with every match of `X` starting with a word character, as `X`
/// alone, searched from the line's first word character (the only place such an `X` can start).
/// Nearly every head starts so; the shared `^\W*` of each made up a third of the automaton's
/// states, which cost building them and building the lazy DFA's states on first use. In each
/// DFA the other's patterns are a pattern that never matches, so both number patterns alike.
struct Heads {
    from_start: Option<Fast>,
    after_nonword: Option<Fast>,
    /// The heads that match only whole lines (`^…$`), stay alive over most of a line read
    /// from its start (`^\W*(?:\S+\s+){0,4}\d+ min read\W*$`) and die soon read from its
    /// end ([`ends_narrow`]), as a DFA that searches backwards from the line's end.
    from_end: Option<Part>,
    len: usize,
}

impl Heads {
    /// The DFAs of `patterns`, each with whether it is a `^\W*X` to search as `X` from the
    /// line's first word character ([`strips_to_word`]) and whether it stays alive over most
    /// of a line ([`long_lived_head`]: those are a part of each DFA of their own).
    fn new(patterns: Vec<(Hir, bool, bool)>) -> Option<Heads> {
        let len = patterns.len();
        let mut from_start = Vec::with_capacity(len);
        let mut after = Vec::with_capacity(len);
        let part_of: Vec<usize> = patterns.iter().map(|p| usize::from(p.2)).collect();
        let mut back = Vec::with_capacity(len);
        for (pattern, strips, _) in patterns {
            if end_anchored(&pattern) && ends_narrow(&pattern) && !narrow_from(&pattern, false) {
                from_start.push(Hir::fail());
                after.push(Hir::fail());
                back.push(pattern);
                continue;
            }
            back.push(Hir::fail());
            if strips {
                // `X` of `^\W*X`, moved out of the pattern.
                let HirKind::Concat(mut items) = pattern.into_kind() else {
                    unreachable!("checked by strips_to_word")
                };
                items.drain(..2);
                from_start.push(Hir::fail());
                after.push(Hir::concat(items));
            } else {
                from_start.push(pattern);
                after.push(Hir::fail());
            }
        }
        let build = |mut parts: Vec<Hir>| -> Option<Option<Fast>> {
            let any = parts.iter().any(|p| !never_matches(p));
            let fast = if any {
                Fast::split(&mut parts, &part_of).map(Some)
            } else {
                Some(None)
            };
            dispose_all(parts);
            fast
        };
        // The three are independent: built on two threads.
        let (from_start, after_nonword, from_end) = std::thread::scope(|scope| {
            let from_start = scope.spawn(|| build(from_start));
            let after_nonword = build(after);
            let from_end = if back.iter().any(|p| !never_matches(p)) {
                Part::build(&back, HEADS_DFA_CACHE, true).map(Some)
            } else {
                Some(None)
            };
            dispose_all(back);
            (joined(from_start), after_nonword, from_end)
        });
        Some(Heads {
            from_start: from_start?,
            after_nonword: after_nonword?,
            from_end: from_end?,
            len,
        })
    }

    /// The patterns that match `body` from its start, into `set` (false: a DFA gave up).
    fn which(&self, body: &str, set: &mut PatternSet) -> bool {
        set.clear();
        let mut known = true;
        if let Some(dfa) = &self.from_start {
            known &= dfa.add_which(&Input::new(body).anchored(Anchored::Yes), set);
        }
        if let Some(dfa) = &self.after_nonword {
            let start = body
                .char_indices()
                .find(|&(_, c)| regex_syntax::is_word_character(c))
                .map_or(body.len(), |(i, _)| i);
            let input = Input::new(body).range(start..).anchored(Anchored::Yes);
            known &= dfa.add_which(&input, set);
        }
        if let Some(back) = &self.from_end {
            known &= back.add_which_at_end(&Input::new(body), set);
        }
        known
    }

    /// The number of patterns.
    fn len(&self) -> usize {
        self.len
    }
}

/// Drops `hir` node by node. The crate's own `Drop` of a node with sub-expressions puts a new
/// empty expression in its place (an allocation per node) and stacks its sub-expressions on a
/// growing vector; dropping the many patterns of a build that way was a tenth of it.
/// (Recursive, but a pattern is nested no deeper than the parser's limit.)
fn dispose(hir: Hir) {
    match hir.into_kind() {
        HirKind::Concat(items) | HirKind::Alternation(items) => dispose_all(items),
        HirKind::Repetition(rep) => dispose(*rep.sub),
        HirKind::Capture(cap) => dispose(*cap.sub),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

/// [`dispose`] of each of `items`.
fn dispose_all(items: Vec<Hir>) {
    items.into_iter().for_each(dispose);
}

/// Whether `hir` is a pattern that never matches ([`Hir::fail`]).
fn never_matches(hir: &Hir) -> bool {
    matches!(hir.kind(), HirKind::Class(c) if c.is_empty())
}

/// The class `\w` (Unicode), as the `regex` crate reads it.
fn word_class() -> &'static ClassUnicode {
    static WORD: OnceLock<ClassUnicode> = OnceLock::new();
    WORD.get_or_init(
        || match regex_syntax::Parser::new().parse(r"\w").map(Hir::into_kind) {
            Ok(HirKind::Class(Class::Unicode(class))) => class,
            _ => unreachable!(r"\w is a Unicode class"),
        },
    )
}

/// The class `\W` (Unicode): what [`word_class`] leaves out.
fn nonword_class() -> &'static ClassUnicode {
    static NONWORD: OnceLock<ClassUnicode> = OnceLock::new();
    NONWORD.get_or_init(|| {
        let mut nonword = word_class().clone();
        nonword.negate();
        nonword
    })
}

/// Unicode classes with more ranges than this are widened for the lazy DFAs ([`widen`]).
const WIDEN_ABOVE: usize = 100;

/// `hir` with each Unicode class of more than [`WIDEN_ABOVE`] ranges (`\w`, `\W`, `\p{L}`,
/// `\p{Lu}`...) widened to its ASCII part and every non-ASCII character, and whether there
/// was one. The widened pattern matches wherever `hir` does, and on an ASCII text exactly
/// where it does. Compiling such a class into the automata is most of the cost of building
/// the line rules (a few hundred states each, one copy per place it is written, hundreds of
/// places), and the lazy DFA builds fewer states of the widened ones.
/// A subtree with no such class is kept as it is, not built anew.
fn widen(hir: Hir) -> (Hir, bool) {
    use regex_syntax::hir::ClassUnicodeRange;
    if !has_wide(&hir) {
        return (hir, false);
    }
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(class)) if class.ranges().len() > WIDEN_ABOVE => {
            let mut ranges: Vec<ClassUnicodeRange> = class
                .ranges()
                .iter()
                .filter(|r| r.start().is_ascii())
                .map(|r| ClassUnicodeRange::new(r.start(), r.end().min('\x7f')))
                .collect();
            ranges.push(ClassUnicodeRange::new('\u{80}', char::MAX));
            (Hir::class(Class::Unicode(ClassUnicode::new(ranges))), true)
        }
        HirKind::Repetition(mut rep) => {
            let (sub, widened) = widen(*rep.sub);
            rep.sub = Box::new(sub);
            (Hir::repetition(rep), widened)
        }
        HirKind::Capture(mut cap) => {
            let (sub, widened) = widen(*cap.sub);
            cap.sub = Box::new(sub);
            (Hir::capture(cap), widened)
        }
        HirKind::Concat(items) => {
            let (items, widened) = widen_all(items);
            (Hir::concat(items), widened)
        }
        HirKind::Alternation(items) => {
            let (items, widened) = widen_all(items);
            (Hir::alternation(items), widened)
        }
        HirKind::Class(class) => (Hir::class(class), false),
        HirKind::Literal(lit) => (Hir::literal(lit.0), false),
        HirKind::Look(look) => (Hir::look(look), false),
        HirKind::Empty => (Hir::empty(), false),
    }
}

/// Whether `hir` holds a Unicode class that [`widen`] widens.
fn has_wide(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => class.ranges().len() > WIDEN_ABOVE,
        HirKind::Repetition(rep) => has_wide(&rep.sub),
        HirKind::Capture(cap) => has_wide(&cap.sub),
        HirKind::Concat(items) | HirKind::Alternation(items) => items.iter().any(has_wide),
        HirKind::Class(_) | HirKind::Literal(_) | HirKind::Look(_) | HirKind::Empty => false,
    }
}

fn widen_all(items: Vec<Hir>) -> (Vec<Hir>, bool) {
    let mut any = false;
    let items = items
        .into_iter()
        .map(|item| {
            let (item, widened) = widen(item);
            any |= widened;
            item
        })
        .collect();
    (items, any)
}

/// Whether `pattern` is `^\W*X` (a line's start, then any run of non-word characters: the
/// first two items of a concatenation) whose every match of `X` is not empty and starts with a
/// word character: `X` can then only match where the run of non-word characters at the line's
/// start ends. `nonword`: the class `\W`, the negation of `word`.
fn strips_to_word(pattern: &Hir, word: &ClassUnicode, nonword: &ClassUnicode) -> bool {
    use regex_syntax::hir::Look;
    let HirKind::Concat(items) = pattern.kind() else {
        return false;
    };
    let [start, run, rest @ ..] = items.as_slice() else {
        return false;
    };
    if !matches!(start.kind(), HirKind::Look(Look::Start)) {
        return false;
    }
    let HirKind::Repetition(rep) = run.kind() else {
        return false;
    };
    let HirKind::Class(Class::Unicode(class)) = rep.sub.kind() else {
        return false;
    };
    rep.min == 0 && rep.max.is_none() && class == nonword && starts_in(rest, word)
}

/// `X` of a pattern `^\W*X` as [`strips_to_word`] takes it; None: `pattern` is not such.
#[cfg(test)]
fn after_nonword(pattern: &Hir, word: &ClassUnicode) -> Option<Hir> {
    let mut nonword = word.clone();
    nonword.negate();
    let HirKind::Concat(items) = pattern.kind() else {
        return None;
    };
    strips_to_word(pattern, word, &nonword).then(|| Hir::concat(items[2..].to_vec()))
}

/// Whether every match of `items` (one after the other) is not empty and starts with a
/// character of `word`.
fn starts_in(items: &[Hir], word: &ClassUnicode) -> bool {
    for item in items {
        if !first_in(item, word) {
            return false;
        }
        if item.properties().minimum_len() != Some(0) {
            return true;
        }
    }
    false
}

/// Whether every non-empty match of `hir` starts with a character of `word`.
fn first_in(hir: &Hir, word: &ClassUnicode) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0)
            .ok()
            .and_then(|s| s.chars().next())
            .is_some_and(regex_syntax::is_word_character),
        HirKind::Class(Class::Unicode(class)) => {
            let mut outside = class.clone();
            outside.difference(word);
            outside.ranges().is_empty()
        }
        HirKind::Class(Class::Bytes(_)) => false,
        HirKind::Repetition(rep) => first_in(&rep.sub, word),
        HirKind::Capture(cap) => first_in(&cap.sub, word),
        HirKind::Concat(items) => {
            for item in items {
                if !first_in(item, word) {
                    return false;
                }
                if item.properties().minimum_len() != Some(0) {
                    break;
                }
            }
            true
        }
        HirKind::Alternation(alts) => alts.iter().all(|a| first_in(a, word)),
    }
}

/// One exact pattern, built on first use (it runs only on the lines its relaxed form
/// matches, and most patterns never meet such a line: compiling a pattern's long counted
/// repetitions costs more than running it). No DFA: the backtracker and the PikeVM need no
/// reverse automaton and no transition cache, and the lines they see are short and few.
/// None: it failed to build.
struct Exact {
    pattern: String,
    built: OnceLock<Option<meta::Regex>>,
    /// On which lines the lazy DFA's answer is this pattern's, so that the pattern is neither
    /// built nor run there: None, on none (it is searched from its tail, or relaxing dropped a
    /// word boundary); else on those of at most this many bytes (any, if relaxing left the
    /// pattern as it is; see [`relax_with_bound`]).
    searched_upto: Option<usize>,
    /// Whether the DFA searches it with its large Unicode classes widened ([`widen`]): then
    /// the DFA's answer is this pattern's on ASCII lines only.
    widened: bool,
}

impl Exact {
    fn get(&self) -> Option<&meta::Regex> {
        self.built
            .get_or_init(|| {
                meta::Builder::new()
                    .configure(
                        meta::Config::new()
                            .hybrid(false)
                            .dfa(false)
                            .onepass(false)
                            .nfa_size_limit(Some(SIZE_LIMIT)),
                    )
                    .build(&self.pattern)
                    .ok()
            })
            .as_ref()
    }
}

enum Matcher {
    /// A look-around pattern, behind a `regex`-crate gate that matches wherever it does
    /// ([`crate::patternrules::gate`]; None: the gate did not build): most lines are ruled
    /// out without backtracking.
    Fancy(Option<meta::Regex>, fancy_regex::Regex),
    /// Python runs the rule's patterns on the lines the core hands back.
    Python,
}

struct Rule {
    position: Position,
    window: usize,
    max_words: usize,
    has_phrases: bool,
    /// The rule's `regex`-crate patterns, relaxed, then each exact: those anchored at the
    /// line's start are in the set's `heads` (`heads`: (number there, number in `exact`)), the
    /// others in the set's `floats` (its patterns `floats_at`, `floating[j]`: the number in
    /// `exact` of the pattern at `floats_at.start + j`), or, only should the set's `floats`
    /// not build or the heads' DFA not build, in the rule's own `fast` (`floating[j]`: the
    /// number in `exact` of its pattern `j`).
    fast: Option<Fast>,
    floats_at: std::ops::Range<usize>,
    floating: Vec<usize>,
    heads: Vec<(usize, usize)>,
    exact: Vec<Exact>,
    others: Vec<Matcher>,
    engine: Engine,
}

/// What the line rules decided on the lines of one document, by line body, for the next fix
/// pass over it ([`LineRuleSet::find_memo`]): a pass deletes a few lines and leaves most of the
/// others as they were, and a rule's verdict on a line depends only on the line's body (where
/// the line is decides whether the rule looks at it, which is asked again in every pass).
#[derive(Debug, Default)]
pub struct LineMemo {
    lines: HashMap<Box<str>, Decided>,
}

/// What a [`LineMemo`] holds of one line body.
#[derive(Debug, Default)]
struct Decided {
    /// `(limit, words)`: the body's words, counted up to `limit` + 1 ([`count_words`]).
    words: Option<(usize, usize)>,
    /// The verdict of each rule decided on the body so far, by rule number (empty until the
    /// first: one small allocation per body, not one entry per rule and body).
    rules: Vec<Option<Verdict>>,
}

impl Decided {
    fn verdict(&self, rule: usize) -> Option<Verdict> {
        self.rules.get(rule).copied().flatten()
    }

    fn decide(&mut self, rule: usize, verdict: Verdict, rules: usize) {
        if self.rules.is_empty() {
            self.rules = vec![None; rules];
        }
        self.rules[rule] = Some(verdict);
    }
}

/// A line rule's verdict on a line body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Hit,
    /// Python's `regex` decides (as [`LineHits::deferred`]).
    Deferred,
    Miss,
}

/// What [`LineRuleSet::find`] found in one text: line indexes are those of [`split_lines`].
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LineHits {
    /// `(rule, line)`: the rule matches the line.
    pub hits: Vec<(usize, usize)>,
    /// `(rule, line)`: decided by no phrase and no pattern run here; Python runs the rule's
    /// patterns on the line (a pattern only Python reads, or a character the two engines'
    /// Unicode tables do not share).
    pub deferred: Vec<(usize, usize)>,
    /// Rules whose `fancy-regex` search passed its backtrack limit: a timeout.
    pub timed_out: Vec<usize>,
}

/// Every line rule of a ruleset, compiled once.
pub struct LineRuleSet {
    rules: Vec<Rule>,
    engines: Vec<Vec<Engine>>,
    /// Phrase key -> the rules that have it.
    phrases: HashMap<String, Vec<usize>>,
    /// The longest word limit of any rule (`usize::MAX`: some rule has none).
    max_words: usize,
    /// Code points this build of the `regex` crate has no Unicode data for (unassigned in
    /// its Unicode version): Python's `regex` may know them, so lines holding one go to Python.
    unknown: Vec<(u32, u32)>,
    /// Every rule's relaxed patterns that match only at a line's start, as lazy DFAs
    /// ([`Heads`]): an anchored pass over a line, which ends where the line stops matching (a
    /// few bytes on most lines), names the candidates of every rule at once.
    heads: Option<Heads>,
    /// Every rule's floating relaxed patterns as one lazy DFA: one search of a line rules out
    /// every rule's own (None: it did not build, and each rule searches its own).
    floats: Option<Fast>,
}

/// The DFA of every rule's floating relaxed patterns (None: there are none, or it did not build).
fn floats_dfa(parts: &mut [Hir]) -> Option<Fast> {
    if parts.is_empty() {
        None
    } else {
        let part_of: Vec<usize> = (0..parts.len())
            .map(|i| i * FLOAT_PARTS / parts.len())
            .collect();
        Fast::split_tails(parts, &part_of)
    }
}

/// Into how many DFAs the floating patterns are split ([`Fast::split`]), in their order.
const FLOAT_PARTS: usize = 2;

/// A pattern for the `regex` crate in its relaxed form ([`relax`]): its text and HIR, on which
/// lines it is exact, and, when it is anchored at
/// the line's start and stays alive over most of a line, its tail to search anywhere instead
/// ([`long_head_tail`]).
struct Relaxed {
    text: String,
    /// The length in bytes of the lines on which the relaxed form matches exactly where the
    /// pattern does ([`relax_with_bound`]; `usize::MAX` when it is the pattern itself).
    exact_upto: usize,
    /// The relaxed form with its large classes widened ([`widen`]; `widened`: it had some),
    /// except the run of non-word characters `strips` says the heads' DFA leaves out.
    hir: Hir,
    widened: bool,
    /// Whether it is a `^\W*X` of [`strips_to_word`], searched as `X` from a line's first
    /// word character in the heads' DFA (worked out before widening).
    strips: bool,
    tail: Option<Hir>,
    /// Whether it is a head that stays alive over most of a line ([`long_lived_head`]).
    long: bool,
}

/// One pattern of a line rule as [`translate`] reads it, parsed and built (what
/// [`LineRuleSet::new`] works out of each pattern on its own).
enum Read {
    /// For the `regex` crate: the exact pattern (built on first use) and its relaxed form.
    Rust(String, Relaxed),
    Fancy(Matcher),
    Python,
}

fn read_pattern(pattern: &str) -> Read {
    let (engine, text, tree) = translate_parsed(pattern);
    match engine {
        Engine::Rust => match relaxed_form(&text, tree) {
            Some(relaxed) => Read::Rust(text, relaxed),
            None => Read::Python,
        },
        Engine::Fancy => match fancy_regex::RegexBuilder::new(&text)
            .backtrack_limit(BACKTRACK_LIMIT)
            .delegate_size_limit(SIZE_LIMIT)
            .build()
        {
            Ok(re) => {
                let gate = crate::patternrules::gate(&text).and_then(|g| meta::Regex::new(&g).ok());
                Read::Fancy(Matcher::Fancy(gate, re))
            }
            Err(_) => Read::Python,
        },
        Engine::Python => Read::Python,
    }
}

/// The relaxed form of `pattern` (`tree`: its syntax tree, when at hand), the pattern parsed
/// once: its tree is relaxed in place ([`relax_tree`]) as [`relax`] relaxes its text, and the
/// relaxed text is parsed only for a tree that cannot be (then, should it not parse, the
/// pattern is its own). None: `pattern` does not parse. A pattern whose relaxed form parses
/// parses too (relaxing only drops word boundaries, which need no Unicode data the classes do
/// not, and lifts repetitions' upper bounds), so only the form the DFA searches is translated.
fn relaxed_form(pattern: &str, tree: Option<Ast>) -> Option<Relaxed> {
    let mut tree = match tree {
        Some(tree) => tree,
        None => ast::parse::Parser::new().parse(pattern).ok()?,
    };
    let translate = |text: &str, tree: &Ast| {
        regex_syntax::hir::translate::Translator::new().translate(text, tree)
    };
    // The tail is translated from the items of `tree` it keeps, not parsed from its text.
    let with_tail = |text: String, tree: &Ast, hir: Hir, exact_upto: usize| {
        let anchored = start_anchored(&hir);
        let tail = if anchored {
            long_head_tail_tree(tree)
                .and_then(|t| translate(pattern, &t).ok())
                .map(|tail| widen(tail).0)
        } else {
            None
        };
        let long = anchored && tail.is_none() && long_lived_head(tree);
        let strips = strips_to_word(&hir, word_class(), nonword_class());
        let (hir, widened) = if tail.is_some() {
            // Searched as its tail: the relaxed form itself is not widened (only whether it
            // has a class to widen is told).
            let widened = if strips {
                match hir.kind() {
                    HirKind::Concat(items) => items[2..].iter().any(has_wide),
                    _ => unreachable!("checked by strips_to_word"),
                }
            } else {
                has_wide(&hir)
            };
            (hir, widened)
        } else if strips {
            // `^`, `\W*`, then `X`: only `X` is widened.
            let HirKind::Concat(mut items) = hir.into_kind() else {
                unreachable!("checked by strips_to_word")
            };
            let rest = items.split_off(2);
            let (rest, widened) = widen(Hir::concat(rest));
            items.push(rest);
            (Hir::concat(items), widened)
        } else {
            widen(hir)
        };
        Relaxed {
            text,
            exact_upto,
            hir,
            widened,
            strips,
            tail,
            long,
        }
    };
    if let Some((text, upto)) = relax_with_bound(pattern, &tree) {
        if relaxable_in_tree(&tree) {
            // Relaxed in place, not parsed again from the relaxed text: the same tree but
            // for its spans. A translation error is one of the unrelaxed pattern too.
            relax_tree(&mut tree);
            let hir = translate(pattern, &tree).ok()?;
            return Some(with_tail(text, &tree, hir, upto));
        }
        if let Ok(relaxed_tree) = ast::parse::Parser::new().parse(&text) {
            if let Ok(hir) = translate(&text, &relaxed_tree) {
                return Some(with_tail(text, &relaxed_tree, hir, upto));
            }
        }
    }
    let hir = translate(pattern, &tree).ok()?;
    Some(with_tail(pattern.to_string(), &tree, hir, usize::MAX))
}

/// `f` of each of `items`, in order, worked out on two threads (half of `items` each).
fn map_on_two<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let (first, second) = items.split_at(items.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| second.iter().map(&f).collect::<Vec<R>>());
        let mut out: Vec<R> = first.iter().map(&f).collect();
        out.extend(joined(other));
        out
    })
}

/// What a scoped thread gave, or its panic, passed on.
fn joined<R>(handle: std::thread::ScopedJoinHandle<'_, R>) -> R {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Whether `pattern` can only match at the start of a text without "\n" (a line's body).
fn start_anchored(pattern: &Hir) -> bool {
    use regex_syntax::hir::Look;
    let prefix = pattern.properties().look_set_prefix();
    prefix.contains(Look::Start)
        || prefix.contains(Look::StartLF)
        || prefix.contains(Look::StartCRLF)
}

/// Whether a backward search of `hir` dies soon on most text: read from its end, it meets a
/// character it needs (a literal, a class without letters) before any repetition of more
/// than a few characters that may run over words (`.*`, `\S*`, `[^.!?]*`: a backward DFA of
/// `[.!?]\s+(?:less|…)\s*$` stops a few bytes into most lines, one of `…\.{0,100}$` runs
/// over the whole line).
fn ends_narrow(hir: &Hir) -> bool {
    narrow_from(hir, true)
}

/// [`ends_narrow`] read from the start of `hir` (`from_end` false) or from its end.
fn narrow_from(hir: &Hir, from_end: bool) -> bool {
    match hir.kind() {
        HirKind::Look(_) | HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => true,
        HirKind::Capture(capture) => narrow_from(&capture.sub, from_end),
        HirKind::Alternation(branches) => branches.iter().all(|b| narrow_from(b, from_end)),
        HirKind::Repetition(rep) => {
            let short = rep.max.is_some_and(|most| most <= 3);
            (short || !matches_letter(&rep.sub)) && narrow_from(&rep.sub, from_end)
        }
        HirKind::Concat(items) => {
            let mut check = |item: &Hir| -> Option<bool> {
                if !narrow_from(item, from_end) {
                    return Some(false);
                }
                needs_char(item).then_some(true)
            };
            let found = if from_end {
                items.iter().rev().find_map(&mut check)
            } else {
                items.iter().find_map(&mut check)
            };
            found.unwrap_or(true)
        }
    }
}

/// Whether `hir` may match a letter of the Latin alphabet (a word of most lines). Anything but
/// a class counts as one.
fn matches_letter(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .any(|r| r.start() <= 'z' && 'a' <= r.end() || r.start() <= 'Z' && 'A' <= r.end()),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .any(|r| r.start() <= b'z' && b'a' <= r.end()),
        _ => true,
    }
}

/// Whether every match of `hir` holds a character of it that is not a letter-matching
/// repetition: a literal, a class, or a repetition of one at least once.
fn needs_char(hir: &Hir) -> bool {
    hir.properties().minimum_len().is_some_and(|n| n > 0)
}

/// Whether every match of `pattern` ends at the end of the text (`\z`).
fn end_anchored(pattern: &Hir) -> bool {
    pattern
        .properties()
        .look_set_suffix()
        .contains(regex_syntax::hir::Look::End)
}

/// Why a rule set cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(pub String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

/// Size limits of one rule's compiled regex: the packs' largest (many alternatives under
/// Unicode case folding, `.{0,120}`) need more than the crate's default.
const SIZE_LIMIT: usize = 64 << 20;

/// The lazy DFA's cache of each rule's relaxed patterns: smaller ones make the DFA give up
/// or rebuild states over and over on the packs' largest rules.
const FAST_DFA_CACHE: usize = 2 << 20;

/// The lazy DFA's cache of a large set of patterns, as the heads of all rules together: a
/// smaller one makes the DFA rebuild states over and over (benchmarks/line_rules.py).
const HEADS_DFA_CACHE: usize = 64 << 20;

/// Code points the two engines read differently though both know them (found by comparing
/// every code point, tests/core/test_line_rules_equivalence.py): under `(?i)` Python's `regex`
/// matches `i` to U+0130 and `I` to U+0131, and U+0345 folds to a letter in Rust only; U+0295
/// is `\p{Ll}` in one Unicode version and `\p{Lo}` in the other.
const READ_APART: &[(u32, u32)] = &[(0x130, 0x131), (0x295, 0x295), (0x345, 0x345)];

/// The code points whose lines go to Python: those unassigned in the `regex` crate's Unicode
/// version (`\p{Cn}`), which Python's newer tables may know, and [`READ_APART`].
pub fn unassigned() -> Vec<(u32, u32)> {
    let hir = regex_syntax::Parser::new()
        .parse(r"\p{Cn}")
        .expect("a valid class");
    let mut ranges: Vec<(u32, u32)> = match hir.kind() {
        regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(class)) => class
            .ranges()
            .iter()
            .map(|r| (r.start() as u32, r.end() as u32))
            .collect(),
        _ => unreachable!("\\p{{Cn}} is a Unicode class"),
    };
    ranges.extend_from_slice(READ_APART);
    ranges.sort_unstable();
    ranges
}

impl LineRuleSet {
    pub fn new(specs: &[LineSpec]) -> Result<LineRuleSet, BuildError> {
        let mut rules = Vec::with_capacity(specs.len());
        let mut engines = Vec::with_capacity(specs.len());
        let mut phrases: HashMap<String, Vec<usize>> = HashMap::new();
        // Every rule's relaxed patterns anchored at a line's start, and each rule's relaxed
        // patterns as text (parsed again, for building its own DFA of them all, only should the
        // heads' DFA not build). Each parsed once, and the automata built from the parsed
        // patterns, which they borrow.
        let mut head_parts: Vec<(Hir, bool, bool)> = Vec::new();
        let mut float_parts: Vec<Hir> = Vec::new();
        let mut all_parts: Vec<Vec<String>> = Vec::new();
        let syntax = regex_syntax::ParserBuilder::new();
        // Each pattern read on its own (the most of a build after the automata), on two threads.
        let patterns: Vec<&str> = specs
            .iter()
            .flat_map(|spec| spec.patterns.iter().map(String::as_str))
            .collect();
        let mut read = map_on_two(&patterns, |pattern| read_pattern(pattern)).into_iter();
        for (n, spec) in specs.iter().enumerate() {
            for key in &spec.phrases {
                let rules_of = phrases.entry(key.clone()).or_default();
                if rules_of.last() != Some(&n) {
                    rules_of.push(n);
                }
            }
            let mut exact_parts = Vec::new();
            let mut fast_parts = Vec::new();
            let mut others = Vec::new();
            let mut kinds = Vec::new();
            for _ in &spec.patterns {
                match read.next().expect("one read per pattern") {
                    Read::Rust(exact, relaxed) => {
                        fast_parts.push(relaxed);
                        exact_parts.push(Exact {
                            pattern: exact,
                            built: OnceLock::new(),
                            searched_upto: None,
                            widened: false,
                        });
                        kinds.push(Engine::Rust);
                    }
                    Read::Fancy(matcher) => {
                        others.push(matcher);
                        kinds.push(Engine::Fancy);
                    }
                    Read::Python => kinds.push(Engine::Python),
                }
            }
            let mut floats_at = 0..0;
            let mut floating = Vec::new();
            let mut exact = Vec::new();
            let mut rule_heads = Vec::new();
            if !exact_parts.is_empty() {
                // The patterns anchored at the line's start go into the set's DFA of heads;
                // the others into the rule's own.
                let (mut floating_parts, mut tried) = (Vec::new(), Vec::new());
                let mut texts = Vec::with_capacity(fast_parts.len());
                for (k, part) in fast_parts.into_iter().enumerate() {
                    let Relaxed {
                        text,
                        exact_upto,
                        hir,
                        widened,
                        strips,
                        tail,
                        long,
                    } = part;
                    exact_parts[k].widened = widened;
                    if !start_anchored(&hir) {
                        floating.push(k);
                        floating_parts.push(hir);
                        exact_parts[k].searched_upto = (exact_upto > 0).then_some(exact_upto);
                    } else if let Some(tail) = tail {
                        floating.push(k);
                        floating_parts.push(tail);
                    } else {
                        exact_parts[k].searched_upto = (exact_upto > 0).then_some(exact_upto);
                        rule_heads.push((head_parts.len() + tried.len(), k));
                        tried.push((hir, strips, long));
                    }
                    texts.push(text);
                }
                // The floating patterns are searched in the set's DFA of all rules' floating
                // patterns (built below, with the rule's own as a fallback).
                floats_at = float_parts.len()..float_parts.len() + floating_parts.len();
                float_parts.extend(floating_parts);
                exact = exact_parts;
                head_parts.extend(tried);
                all_parts.push(texts);
            } else {
                all_parts.push(Vec::new());
            }
            if kinds.contains(&Engine::Python) {
                others.push(Matcher::Python);
            }
            rules.push(Rule {
                position: spec.position,
                window: spec.window,
                max_words: spec.max_words.unwrap_or(usize::MAX),
                has_phrases: !spec.phrases.is_empty(),
                fast: None,
                floats_at,
                floating,
                heads: rule_heads,
                exact,
                others,
                engine: kinds.iter().copied().max().unwrap_or(Engine::Rust),
            });
            engines.push(kinds);
        }
        let max_words = rules.iter().map(|r| r.max_words).max().unwrap_or(0);
        // The heads' DFAs and the floating patterns' DFA are independent: built at the same
        // time, on two threads, they take about half the wall time (and the same CPU time).
        let (heads, floats) = std::thread::scope(|scope| {
            let float_parts = &mut float_parts;
            let floats = scope.spawn(move || floats_dfa(float_parts));
            let heads = if head_parts.is_empty() {
                None
            } else {
                Heads::new(head_parts)
            };
            (heads, joined(floats))
        });
        let floats = if heads.is_none() && rules.iter().any(|rule| !rule.heads.is_empty()) {
            // Too big together: each rule matches all its relaxed patterns on its own (they
            // join the floating patterns, whose DFA is built again with them).
            for (rule, parts) in rules.iter_mut().zip(&all_parts) {
                if !rule.heads.is_empty() {
                    let mut parts: Vec<Hir> = parts
                        .iter()
                        .map(|text| {
                            widen(syntax.build().parse(text).expect("parsed once already")).0
                        })
                        .collect();
                    rule.heads.clear();
                    rule.floats_at = 0..0;
                    rule.floating = (0..parts.len()).collect();
                    rule.fast = Some(Fast::new(&mut parts).ok_or_else(|| {
                        BuildError("a rule's patterns are too big for the core".into())
                    })?);
                    float_parts.extend(parts);
                }
            }
            floats_dfa(&mut float_parts)
        } else {
            floats
        };
        if floats.is_none() {
            // Too big together: each rule searches its own floating patterns, and a rule
            // whose own are too big for the crate goes to Python.
            for (n, rule) in rules.iter_mut().enumerate() {
                if rule.floats_at.is_empty() {
                    continue;
                }
                let parts = &mut float_parts[rule.floats_at.clone()];
                rule.floats_at = 0..0;
                rule.fast = Fast::new(parts);
                if rule.fast.is_none() {
                    rule.heads.clear();
                    rule.floating.clear();
                    rule.exact.clear();
                    for k in engines[n].iter_mut().filter(|k| **k == Engine::Rust) {
                        *k = Engine::Python;
                    }
                    if !rule.others.iter().any(|m| matches!(m, Matcher::Python)) {
                        rule.others.push(Matcher::Python);
                    }
                    rule.engine = Engine::Python;
                }
            }
        }
        dispose_all(float_parts);
        Ok(LineRuleSet {
            heads,
            floats,
            rules,
            engines,
            phrases,
            max_words,
            unknown: unassigned(),
        })
    }

    /// The engine of each pattern of each rule.
    pub fn engines(&self) -> &[Vec<Engine>] {
        &self.engines
    }

    /// The engine a rule needs: the least capable one any of its patterns needs.
    pub fn rule_engine(&self, rule: usize) -> Engine {
        self.rules[rule].engine
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    fn has_unknown(&self, body: &str) -> bool {
        !body.is_ascii()
            && body
                .chars()
                .any(|c| !c.is_ascii() && crate::chars::in_ranges(&self.unknown, c as u32))
    }

    /// The hits of the rules flagged in `select` (all, for None) on `text`.
    pub fn find(&self, text: &str, select: Option<&[bool]>) -> LineHits {
        let lines = split_lines(text);
        self.find_in(text, &lines, select)
    }

    /// [`find`](Self::find) over lines already split.
    pub fn find_in(&self, text: &str, lines: &[Line], select: Option<&[bool]>) -> LineHits {
        self.find_memo(text, lines, select, None)
    }

    /// [`find_in`](Self::find_in), taking what `memo` holds of earlier calls on the same
    /// document (the fix passes before this one) and adding to it: a rule's verdict on a line
    /// depends on nothing but the line's body, so a body seen before is not matched again.
    pub fn find_memo(
        &self,
        text: &str,
        lines: &[Line],
        select: Option<&[bool]>,
        mut memo: Option<&mut LineMemo>,
    ) -> LineHits {
        let mut out = LineHits::default();
        let active: Vec<usize> = (0..self.rules.len())
            .filter(|&n| select.is_none_or(|s| s.get(n).copied().unwrap_or(false)))
            .collect();
        if active.is_empty() {
            return out;
        }
        let max_words = active
            .iter()
            .map(|&n| self.rules[n].max_words)
            .max()
            .unwrap_or(0);
        let content: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].blank).collect();
        let total = content.len();
        let mut timed_out = vec![false; self.rules.len()];
        let mut key = String::new();
        let mut phrase_rules: &[usize] = &[];
        let most = self.rules.iter().map(|r| r.exact.len()).max().unwrap_or(0);
        let mut set = PatternSet::new(most.max(1));
        let mut floating_set = PatternSet::new(most.max(1));
        let mut floats_set = PatternSet::new(self.floats.as_ref().map_or(1, Fast::len));
        let mut head_set = PatternSet::new(self.heads.as_ref().map_or(1, Heads::len));
        let limit = max_words.min(self.max_words);
        for (rank, &i) in content.iter().enumerate() {
            let body = lines[i].body(text);
            let mut known_line = match memo.as_deref_mut() {
                Some(memo) => {
                    if !memo.lines.contains_key(body) {
                        memo.lines.insert(body.into(), Decided::default());
                    }
                    memo.lines.get_mut(body)
                }
                None => None,
            };
            let words = match known_line.as_deref().and_then(|d| d.words) {
                Some((counted_to, words)) if counted_to == limit => words,
                _ => {
                    let words = count_words(body, limit);
                    if let Some(d) = known_line.as_deref_mut() {
                        d.words = Some((limit, words));
                    }
                    words
                }
            };
            if words > max_words {
                continue;
            }
            let mut keyed = false;
            let mut unknown: Option<bool> = None;
            // Whether `head_set` holds the heads that match this line (None: not searched
            // yet; false: the lazy DFA gave up).
            let mut heads_known: Option<bool> = None;
            // Whether some rule's floating patterns may match this line (None: not searched).
            let mut floats_maybe: Option<bool> = None;
            // Whether `floats_set` holds the floating patterns that match this line (None:
            // not searched yet; false: the lazy DFA gave up).
            let mut floats_known: Option<bool> = None;
            'rules: for &n in &active {
                let rule = &self.rules[n];
                if words > rule.max_words || timed_out[n] || !rule.eligible(rank, total) {
                    continue;
                }
                let earlier = known_line.as_deref().and_then(|d| d.verdict(n));
                let verdict = match earlier {
                    Some(verdict) => verdict,
                    None => 'decide: {
                        if rule.has_phrases {
                            if !keyed {
                                phrase_key(body, &mut key);
                                phrase_rules =
                                    self.phrases.get(key.as_str()).map_or(&[], |v| v.as_slice());
                                keyed = true;
                            }
                            if phrase_rules.contains(&n) {
                                break 'decide Verdict::Hit;
                            }
                        }
                        let floats_here = !rule.floats_at.is_empty();
                        if rule.fast.is_none()
                            && !floats_here
                            && rule.heads.is_empty()
                            && rule.others.is_empty()
                        {
                            break 'decide Verdict::Miss;
                        }
                        if *unknown.get_or_insert_with(|| self.has_unknown(body)) {
                            break 'decide Verdict::Deferred;
                        }
                        if rule.fast.is_some() || floats_here || !rule.heads.is_empty() {
                            // The relaxed patterns rule the line out, or the exact ones of those
                            // that match (all, if a lazy DFA gave up) decide.
                            set.clear();
                            let mut known = true;
                            if !rule.heads.is_empty() {
                                let heads = self.heads.as_ref().expect("a rule with heads");
                                if *heads_known
                                    .get_or_insert_with(|| heads.which(body, &mut head_set))
                                {
                                    for &(id, k) in &rule.heads {
                                        if head_set.contains(PatternID::new_unchecked(id)) {
                                            set.insert(PatternID::new_unchecked(k));
                                        }
                                    }
                                } else {
                                    known = false;
                                }
                            }
                            if floats_here {
                                let floats = self.floats.as_ref().expect("a rule with floats");
                                if *floats_known
                                    .get_or_insert_with(|| floats.which(body, &mut floats_set))
                                {
                                    for (j, id) in rule.floats_at.clone().enumerate() {
                                        if floats_set.contains(PatternID::new_unchecked(id)) {
                                            set.insert(PatternID::new_unchecked(rule.floating[j]));
                                        }
                                    }
                                } else {
                                    known = false;
                                }
                            }
                            if let Some(fast) = &rule.fast {
                                let maybe = *floats_maybe.get_or_insert_with(|| {
                                    self.floats
                                        .as_ref()
                                        .is_none_or(|f| f.is_match(body) != Some(false))
                                });
                                if maybe && fast.is_match(body) != Some(false) {
                                    if fast.which(body, &mut floating_set) {
                                        for j in floating_set.iter() {
                                            set.insert(PatternID::new_unchecked(
                                                rule.floating[j.as_usize()],
                                            ));
                                        }
                                    } else {
                                        known = false;
                                    }
                                }
                            }
                            if !known || !set.is_empty() {
                                let mut unbuilt = false;
                                for (k, exact) in rule.exact.iter().enumerate() {
                                    if known && !set.contains(PatternID::new_unchecked(k)) {
                                        continue;
                                    }
                                    if known
                                        && exact.searched_upto.is_some_and(|n| body.len() <= n)
                                        && (!exact.widened || body.is_ascii())
                                    {
                                        break 'decide Verdict::Hit;
                                    }
                                    match exact.get() {
                                        Some(re) if re.is_match(body) => {
                                            break 'decide Verdict::Hit
                                        }
                                        Some(_) => {}
                                        None => unbuilt = true,
                                    }
                                }
                                if unbuilt {
                                    break 'decide Verdict::Deferred;
                                }
                            }
                        }
                        let mut defer = false;
                        for matcher in &rule.others {
                            match matcher {
                                Matcher::Python => defer = true,
                                Matcher::Fancy(Some(gate), _) if !gate.is_match(body) => {}
                                Matcher::Fancy(_, re) => match re.is_match(body) {
                                    Ok(true) => break 'decide Verdict::Hit,
                                    Ok(false) => {}
                                    Err(_) => {
                                        // A timeout: the rule is out of this call, and
                                        // its verdict stays out of the memo.
                                        timed_out[n] = true;
                                        continue 'rules;
                                    }
                                },
                            }
                        }
                        if defer {
                            Verdict::Deferred
                        } else {
                            Verdict::Miss
                        }
                    }
                };
                if earlier.is_none() {
                    if let Some(d) = known_line.as_deref_mut() {
                        d.decide(n, verdict, self.rules.len());
                    }
                }
                match verdict {
                    Verdict::Hit => out.hits.push((n, i)),
                    Verdict::Deferred => out.deferred.push((n, i)),
                    Verdict::Miss => {}
                }
            }
        }
        out.timed_out = (0..self.rules.len()).filter(|&n| timed_out[n]).collect();
        if !out.timed_out.is_empty() {
            out.hits.retain(|&(n, _)| !timed_out[n]);
            out.deferred.retain(|&(n, _)| !timed_out[n]);
        }
        out
    }
}

/// One pattern alone, in the engine [`translate`] gives it: for comparing engines.
pub enum Probe {
    Rust(meta::Regex),
    Fancy(fancy_regex::Regex),
    Python,
}

impl Probe {
    pub fn new(pattern: &str) -> Probe {
        match translate(pattern) {
            (Engine::Rust, text) => meta::Builder::new()
                .configure(meta::Config::new().nfa_size_limit(Some(SIZE_LIMIT)))
                .build(&text)
                .map_or(Probe::Python, Probe::Rust),
            (Engine::Fancy, text) => fancy_regex::RegexBuilder::new(&text)
                .backtrack_limit(BACKTRACK_LIMIT)
                .delegate_size_limit(SIZE_LIMIT)
                .build()
                .map_or(Probe::Python, Probe::Fancy),
            (Engine::Python, _) => Probe::Python,
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            Probe::Rust(_) => Engine::Rust,
            Probe::Fancy(_) => Engine::Fancy,
            Probe::Python => Engine::Python,
        }
    }

    /// Whether the pattern matches `body` (None: a Python pattern, or a backtrack limit hit).
    pub fn is_match(&self, body: &str) -> Option<bool> {
        match self {
            Probe::Rust(re) => Some(re.is_match(body)),
            Probe::Fancy(re) => re.is_match(body).ok(),
            Probe::Python => None,
        }
    }
}

impl Rule {
    /// Whether the non-blank line of rank `rank` (of `total`) is in this rule's position.
    #[inline]
    fn eligible(&self, rank: usize, total: usize) -> bool {
        let head = rank < self.window;
        let tail = rank + self.window >= total;
        match self.position {
            Position::Anywhere => true,
            Position::Head => head,
            Position::Tail => tail,
            Position::Edges => head || tail,
            Position::Body => !(head || tail),
        }
    }
}

/// The number of words of `body` (Python `len(body.split())`), counted up to `limit` + 1.
pub fn count_words(body: &str, limit: usize) -> usize {
    let mut words = 0;
    let mut in_word = false;
    let mut step = |space: bool| -> bool {
        if space {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
        }
        words > limit
    };
    if body.is_ascii() {
        for &b in body.as_bytes() {
            if step(matches!(b, b' ' | b'\t'..=b'\r' | 0x1c..=0x1f)) {
                break;
            }
        }
    } else {
        for c in body.chars() {
            if step(is_py_space(c)) {
                break;
            }
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(phrases: &[&str], patterns: &[&str]) -> LineSpec {
        LineSpec {
            phrases: phrases.iter().map(|s| s.to_string()).collect(),
            patterns: patterns.iter().map(|s| s.to_string()).collect(),
            position: Position::Anywhere,
            window: 3,
            max_words: None,
        }
    }

    #[test]
    fn a_memo_of_earlier_passes_gives_the_same_hits() {
        let mut head = spec(&[], &[r"(?i)^\W*share this\b.*$", r"^x+$"]);
        head.position = Position::Head;
        head.window = 1;
        let set = LineRuleSet::new(&[
            head,
            spec(&["read more"], &[r"(?i)advert(?:isement)?$"]),
            spec(&[], &[r"^é(?=t)", r"^\p{Cn}"]),
        ])
        .expect("builds");
        let first = "xx\nShare this story\nRead more\nété\nAdvertisement\nbody text here\n";
        // The next pass: the first line deleted, so another line is at the head.
        let second = "Share this story\nRead more\nété\nAdvertisement\nbody text here\n";
        let mut memo = LineMemo::default();
        for text in [first, second, first] {
            let lines = split_lines(text);
            let fresh = set.find_in(text, &lines, None);
            assert_eq!(set.find_memo(text, &lines, None, Some(&mut memo)), fresh);
        }
        assert_eq!(memo.lines.len(), 6);
        let decided = &memo.lines["Share this story"];
        assert_eq!(decided.verdict(0), Some(Verdict::Hit));
        assert_eq!(memo.lines["été"].verdict(2), Some(Verdict::Hit));
        assert!(!set
            .find_in(second, &split_lines(second), None)
            .hits
            .is_empty());
    }

    #[test]
    fn engines_by_syntax() {
        assert_eq!(translate(r"(?i)^\W*share\b.{0,20}$").0, Engine::Rust);
        assert_eq!(translate(r"^a\Z").1, r"^a\z");
        assert_eq!(translate(r"[\Z]").1, r"[\Z]");
        assert_eq!(translate(r"^a(?=\d)").0, Engine::Fancy);
        assert_eq!(translate(r"(a)\1").0, Engine::Python);
        assert_eq!(translate(r"a(?i)b").0, Engine::Python); // global flag mid-pattern
        assert_eq!(translate(r"[a-z&&[^x]]").0, Engine::Python);
        assert_eq!(translate(r"[[:alpha:]]").0, Engine::Python);
        assert_eq!(translate(r"\<word\>").0, Engine::Python);
        assert_eq!(translate(r"(?x)a b").0, Engine::Python);
        assert_eq!(translate(r"\p{Greek}+").0, Engine::Rust);
        assert_eq!(translate(r"\p{sc=Greek}").0, Engine::Python);
        assert_eq!(translate(r"a++").0, Engine::Python);
        // Unicode classes under (?i): no case folding, and Lu/Ll/Lt as any cased letter.
        assert_eq!(translate(r"(?i)\p{L}a").1, r"(?i)(?-i:[\p{L}])a");
        assert_eq!(
            translate(r"(?i:\p{Lu})\p{Lu}").1,
            r"(?i:(?-i:[\p{Lu}\p{Ll}\p{Lt}]))\p{Lu}"
        );
        assert_eq!(
            translate(r"(?i)[\p{L}.'-]").1,
            r"(?i)(?:(?-i:[\p{L}])|[.'-])"
        );
        assert_eq!(translate(r"(?i)[^\p{L}]").0, Engine::Python);
        assert_eq!(translate(r"(?i)a(?=\p{N})").1, r"(?i)a(?=(?-i:[\p{N}]))");
    }

    fn parsed(pattern: &str) -> Hir {
        regex_syntax::Parser::new().parse(pattern).expect("parses")
    }

    #[test]
    fn a_head_after_non_word_characters_is_searched_from_the_first_word_character() {
        let word = word_class();
        let cut = |p: &str| after_nonword(&parsed(p), word).map(|h| h.to_string());
        assert_eq!(cut(r"^\W*foo"), Some(parsed("foo").to_string()));
        assert_eq!(
            cut(r"(?i)^\W*\p{Lu}x"),
            Some(parsed(r"(?i)\p{Lu}x").to_string())
        );
        assert_eq!(
            cut(r"^\W*?(?:\d+|by)\s"),
            Some(parsed(r"(?:\d+|by)\s").to_string())
        );
        assert_eq!(cut(r"^\W*(?:a)?b"), Some(parsed(r"(?:a)?b").to_string()));
        // A match that may start with a non-word character, or be empty, or a run that
        // is not `\W*`: searched from the line's start as written.
        for kept in [
            r"^\W*-foo",
            r"^\W*(?:foo|\(bar)",
            r"^\W*(?:foo)?",
            r"^\W*(?:a)?.b",
            r"^\W+foo",
            r"^\s*foo",
            r"\W*foo",
            r"^\W*$",
        ] {
            assert_eq!(cut(kept), None, "{kept}");
        }
    }

    #[test]
    fn split_heads_answer_as_one_automaton_of_them_all() {
        let mut patterns: Vec<Hir> = [
            r"^\W*share.*$",
            r"(?i)^\W*\p{Lu}\p{L}+ (?:reporter|writer)",
            r"^\W*[-–] ",
            r"^\W*(?:\d+ )?comments?$",
            r"^\d+ likes",
            r"^\W*(?:photo|фото):",
        ]
        .iter()
        .map(|p| parsed(p))
        .collect();
        let strips = patterns
            .iter()
            .map(|p| strips_to_word(p, word_class(), nonword_class()));
        let heads = Heads::new(
            patterns
                .iter()
                .cloned()
                .zip(strips)
                .enumerate()
                .map(|(i, (p, s))| (p, s, i % 2 == 0))
                .collect(),
        )
        .expect("builds");
        assert!(heads.from_start.is_some() && heads.after_nonword.is_some());
        let one = Fast::new(&mut patterns).expect("builds");
        let lines = [
            "» share this",
            "share",
            "“Anna Bell writer",
            "— — Éric Été REPORTER at large",
            "- a dash line",
            "–– ",
            "12 comments",
            "...comment",
            "12 likes",
            " 12 likes",
            "«Фото: ТАСС»",
            "",
            "»»»",
            "_share",
        ];
        for line in lines {
            let mut split = PatternSet::new(patterns.len());
            let mut whole = PatternSet::new(patterns.len());
            assert!(heads.which(line, &mut split));
            whole.clear();
            let input = Input::new(line).anchored(Anchored::Yes);
            assert!(one.add_which(&input, &mut whole));
            let got: Vec<usize> = split.iter().map(|p| p.as_usize()).collect();
            let want: Vec<usize> = whole.iter().map(|p| p.as_usize()).collect();
            assert_eq!(got, want, "{line:?}");
        }
    }

    #[test]
    fn line_ends_are_told_apart() {
        let narrow = |p: &str| ends_narrow(&parsed(p));
        let from_start = |p: &str| narrow_from(&parsed(p), false);
        assert!(end_anchored(&parsed(r"(?:less|more)\s*$")));
        assert!(!end_anchored(&parsed(r"(?:less|more$|fewer)")));
        assert!(!end_anchored(&parsed(r"(?m)less$")));
        // Read from the end, a word is met before any run over words.
        assert!(narrow(r"[.!?]\s+(?:less|more)\W*$"));
        assert!(narrow(r"^\W*(?:\S+\s+)*newsletters?\W*$"));
        assert!(narrow(r"^.*\d{4}$"));
        assert!(!narrow(r"paid link.*$"));
        assert!(!narrow(r"^\W*(?:more|less)[^.!?]*$"));
        // Read from the start, the same.
        assert!(!from_start(r"^\W*(?:\S+\s+)*newsletters?\W*$"));
        assert!(from_start(r"^\W*(?:more|less)[^.!?]*$"));
        assert!(from_start(r"^\W*(?:a|an|the) news$"));
    }

    #[test]
    fn backward_heads_answer_as_forward_ones() {
        let mut patterns: Vec<Hir> = [
            r"(?i)^\W*(?:\S+\s+)*newsletters?\W*$",
            r"(?i)^\W*(?:\S+ )*(?:daily|weekly) (?:digest|briefing)\W*$",
            r"(?i)^\W*share.*$",
            r"^\W*(?:\d+ )?comments?$",
            r"^[^:]*: \d+$",
            r"(?i)^\W*(?:\S+\s+)*photo: \S+",
        ]
        .iter()
        .map(|p| parsed(p))
        .collect();
        let heads = Heads::new(
            patterns
                .iter()
                .cloned()
                .map(|p| {
                    let strips = strips_to_word(&p, word_class(), nonword_class());
                    (p, strips, false)
                })
                .collect(),
        )
        .expect("builds");
        assert!(heads.from_end.is_some());
        let one = Fast::new(&mut patterns).expect("builds");
        let lines = [
            "Get our newsletter",
            "» the free weekly newsletters «",
            "newsletters and more",
            "Your Daily Digest",
            "a daily digest of the day: daily briefing",
            "weekly briefing!",
            "share this",
            "12 comments",
            "Votes: 12",
            "Votes: 12 and more",
            "The photo: Anna Bell",
            "",
            "…",
            "ſ newsletter",
        ];
        for line in lines {
            let mut split = PatternSet::new(patterns.len());
            let mut whole = PatternSet::new(patterns.len());
            assert!(heads.which(line, &mut split));
            let input = Input::new(line).anchored(Anchored::Yes);
            assert!(one.add_which(&input, &mut whole));
            let got: Vec<usize> = split.iter().map(|p| p.as_usize()).collect();
            let want: Vec<usize> = whole.iter().map(|p| p.as_usize()).collect();
            assert_eq!(got, want, "{line:?}");
        }
    }

    #[test]
    fn floating_patterns_at_the_line_end_are_searched_backwards() {
        let mut patterns: Vec<Hir> = [
            r"[.!?]\s+(?:less|weniger)\s*$",
            r"(?:\.\.\.|…)\s*(?:more|mehr)\s*$",
            r"paid link.*$",
            r"all rights reserved",
            r"(?i)newsletter\W*$",
        ]
        .iter()
        .map(|p| parsed(p))
        .collect();
        let split = Fast::split_tails(&mut patterns, &[0, 1, 0, 1, 0]).expect("builds");
        assert!(split.tails.is_some());
        let one = Fast::new(&mut patterns).expect("builds");
        let lines = [
            "It went on. less",
            "It went on!  weniger  ",
            "It went on. less and then",
            "and so… more",
            "and so... mehr",
            "more",
            "a paid link here",
            "All rights reserved. less",
            "all rights reserved",
            "Our NEWSLETTER!",
            "newsletter, then",
            "",
        ];
        for line in lines {
            let mut got = PatternSet::new(patterns.len());
            let mut want = PatternSet::new(patterns.len());
            assert!(split.which(line, &mut got));
            assert!(one.which(line, &mut want));
            let got: Vec<usize> = got.iter().map(|p| p.as_usize()).collect();
            let want: Vec<usize> = want.iter().map(|p| p.as_usize()).collect();
            assert_eq!(got, want, "{line:?}");
            assert_eq!(split.is_match(line), one.is_match(line), "{line:?}");
        }
    }

    #[test]
    fn heads_of_all_rules_and_floating_patterns_answer_together() {
        let set = LineRuleSet::new(&[
            spec(&[], &[r"(?i)^\W*share\b.{0,10}$", r"\bsubscribe now\b"]),
            spec(&[], &[r"^\d+ comments$"]),
            spec(&[], &[r"(?m)^ads?$", r"sponsored$"]),
        ])
        .unwrap();
        let text = "» Share it\nPlease subscribe now!\n12 comments\nad\nThis is sponsored\nshare the blame with everyone here";
        assert_eq!(
            set.find(text, None).hits,
            [(0, 0), (0, 1), (1, 2), (2, 3), (2, 4)]
        );
        assert_eq!(set.find(text, Some(&[false, true, false])).hits, [(1, 2)]);
    }

    /// [`relaxed_form`] as it was before relaxing the parsed tree in place: the relaxed text
    /// parsed and translated again.
    fn relaxed_by_text(pattern: &str, tree: Option<Ast>) -> Option<Relaxed> {
        let tree = match tree {
            Some(tree) => tree,
            None => ast::parse::Parser::new().parse(pattern).ok()?,
        };
        let translate = |text: &str, tree: &Ast| {
            regex_syntax::hir::translate::Translator::new().translate(text, tree)
        };
        let with_tail = |text: String, tree: &Ast, hir: Hir, exact_upto: usize| {
            let anchored = start_anchored(&hir);
            let tail = if anchored {
                long_head_tail_parsed(&text, tree)
                    .and_then(|t| regex_syntax::Parser::new().parse(&t).ok())
                    .map(|tail| widen(tail).0)
            } else {
                None
            };
            let long = anchored && tail.is_none() && long_lived_head(tree);
            let strips = strips_to_word(&hir, word_class(), nonword_class());
            let (hir, widened) = if strips {
                // `^`, `\W*`, then `X`: only `X` is widened.
                let HirKind::Concat(mut items) = hir.into_kind() else {
                    unreachable!("checked by strips_to_word")
                };
                let rest = items.split_off(2);
                let (rest, widened) = widen(Hir::concat(rest));
                items.push(rest);
                (Hir::concat(items), widened)
            } else {
                widen(hir)
            };
            Relaxed {
                text,
                exact_upto,
                hir,
                widened,
                strips,
                tail,
                long,
            }
        };
        if let Some((text, upto)) = relax_with_bound(pattern, &tree) {
            if let Ok(relaxed_tree) = ast::parse::Parser::new().parse(&text) {
                if let Ok(hir) = translate(&text, &relaxed_tree) {
                    return Some(with_tail(text, &relaxed_tree, hir, upto));
                }
            }
        }
        let hir = translate(pattern, &tree).ok()?;
        Some(with_tail(pattern.to_string(), &tree, hir, usize::MAX))
    }

    /// Every field of a [`Relaxed`] that is used, to compare: its form is not when it is
    /// searched as its tail.
    #[allow(clippy::type_complexity)]
    fn fields(r: Relaxed) -> (String, usize, Option<Hir>, bool, bool, Option<Hir>, bool) {
        let hir = r.tail.is_none().then_some(r.hir);
        (
            r.text,
            r.exact_upto,
            hir,
            r.widened,
            r.strips,
            r.tail,
            r.long,
        )
    }

    #[test]
    fn relaxing_the_tree_gives_what_parsing_the_relaxed_text_gives() {
        let mut patterns: Vec<String> = [
            r"\bfoo\b",
            r"(?i)^\W*\bby\b.{0,40}$",
            r"^\W*(?:.{1,80}?[,:]\s*)?\bshare\b",
            r"(?i)\b",
            r"\b|x",
            r"(\b)a",
            r"a(?:\b|\B)b",
            r"x\b?",
            r"(?:\b)*y",
            r"^.{0,300}\bsubscribe\b[.!?]\s+(?:now|today)\s*$",
            r"(?i)^\s*\w{2,20}\b\s*\p{Lu}{1,12}",
            r"^(?:\b\w+\b\s*){0,12}$",
            r"a{2,9}?b{0,8}\Bc",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        // TEXTCLEAN_PATTERNS: a file of more patterns, one a line (the default packs' line
        // patterns, say).
        if let Ok(path) = std::env::var("TEXTCLEAN_PATTERNS") {
            let text = std::fs::read_to_string(path).expect("readable");
            patterns.extend(text.lines().map(str::to_string));
        }
        for pattern in &patterns {
            let (engine, text, tree) = translate_parsed(pattern);
            if engine != Engine::Rust {
                continue;
            }
            let by_tree = relaxed_form(&text, tree.clone()).map(fields);
            let by_text = relaxed_by_text(&text, tree).map(fields);
            assert_eq!(by_tree, by_text, "{pattern}");
        }
    }

    #[test]
    fn relaxed_patterns_match_a_superset() {
        assert_eq!(relax(r"^\W*a\b.{0,300}$").as_deref(), Some(r"^\W*a.{0,}$"));
        assert_eq!(
            relax(r"x{2,20}?(?:\By){0,3}").as_deref(),
            Some(r"x{2,}?(?:y){0,3}")
        );
        assert_eq!(relax(r"^\d{1,4} min$"), None);
        let set = LineRuleSet::new(&[spec(&[], &[r"(?i)^\W*read\b.{0,5}$"])]).unwrap();
        // The relaxed form matches all three; the exact one decides.
        assert_eq!(
            set.find("Read it\nreading\nread it all now", None).hits,
            [(0, 0)]
        );
    }

    #[test]
    fn relaxed_patterns_are_exact_on_lines_shorter_than_the_lifted_bounds() {
        let bound = |pattern: &str| {
            let tree = ast::parse::Parser::new().parse(pattern).unwrap();
            relax_with_bound(pattern, &tree).map(|(_, bound)| bound)
        };
        assert_eq!(bound(r"^\d{1,4} min$"), None);
        assert_eq!(bound(r"^a.{0,300}$"), Some(300));
        assert_eq!(bound(r"^(?:\S+\s+){0,20}x.{2,40}$"), Some(20));
        // A dropped word boundary, or a bound on turns that may take nothing: never exact.
        assert_eq!(bound(r"^a\b.{0,300}$"), Some(0));
        assert_eq!(bound(r"^(?:x?y?){0,20}z$"), Some(0));
        assert_eq!(bound(r"(?x) ^ (?: a | ){0,20} $"), Some(0));
        // Within the bound the DFA decides; past it, the exact pattern does.
        let set = LineRuleSet::new(&[spec(&[], &[r"^\W*(?:ab ){0,12}end$"])]).unwrap();
        let long = format!("{}end", "ab ".repeat(13));
        let short = format!("{}end", "ab ".repeat(2));
        let text = format!("{long}\n{short}\n{}end", "ab ".repeat(12));
        assert_eq!(set.find(&text, None).hits, [(0, 1), (0, 2)]);
    }

    #[test]
    fn heads_alive_over_a_line_are_told_apart() {
        let long = |p: &str| long_lived_head(&ast::parse::Parser::new().parse(p).unwrap());
        assert!(long(r"(?i)^\W*[^.!?]{1,}\bis supported by its readers"));
        assert!(long(r"^\W*(?:[^:]{1,}:\s*)?photo$"));
        // A literal first, or a bounded run: the anchored search dies early.
        assert!(!long(r"^\W*by [^.]{1,}$"));
        assert!(!long(r"^\W*[^.]{2}x$"));
        // A run of a class that is not negated (`\W`, `[a-z]`) is not counted.
        assert!(!long(r"^\W*[a-z]{1,} comments$"));
        // Split into two DFAs or one, a set of heads finds the same patterns.
        let patterns: Vec<Hir> = [
            r"(?i)^\W*[^.!?]{1,}is supported by its readers",
            r"^\W*share this",
            r"^[^:]{1,}: photo",
            r"^\d+ comments",
        ]
        .iter()
        .map(|p| parsed(p))
        .collect();
        let strips: Vec<bool> = patterns
            .iter()
            .map(|p| strips_to_word(p, word_class(), nonword_class()))
            .collect();
        let build = |split: bool| {
            Heads::new(
                patterns
                    .iter()
                    .cloned()
                    .zip(strips.iter().copied())
                    .enumerate()
                    .map(|(i, (p, s))| (p, s, split && (i == 0 || i == 2)))
                    .collect(),
            )
            .expect("builds")
        };
        let (one, two) = (build(false), build(true));
        assert_eq!(two.from_start.as_ref().map(|f| f.parts.len()), Some(2));
        let mut a = PatternSet::new(4);
        let mut b = PatternSet::new(4);
        for line in [
            "» The Gazette is supported by its readers.",
            "share this",
            "Fig. 2: photo",
            "12 comments",
            "nothing here",
        ] {
            assert!(one.which(line, &mut a) && two.which(line, &mut b));
            assert_eq!(
                a.iter().collect::<Vec<_>>(),
                b.iter().collect::<Vec<_>>(),
                "{line}"
            );
        }
    }

    #[test]
    fn long_heads_are_searched_from_their_tail() {
        assert_eq!(
            long_head_tail(r"(?i)^.{0,}if you continue.{0,}$").as_deref(),
            Some(r"(?i)if you continue.{0,}$")
        );
        assert_eq!(
            long_head_tail(r"^\W*\S.{10,}[(]\s*(?:photo|image)\W*$").as_deref(),
            Some(r"[(]\s*(?:photo|image)\W*$")
        );
        // A literal first: the anchored search dies early on most lines.
        assert_eq!(long_head_tail(r"^\W*FILE PHOTO\s*:.{10,}$"), None);
        // Nothing selective after the repetition.
        assert_eq!(long_head_tail(r"^.{0,}\s*$"), None);
        // The repetition inside an optional group keeps the anchored search alive as long.
        assert_eq!(
            long_head_tail(r"(?i)^\W*(?:.{1,}?\s*[,:|]\s*)?(?:some rights reserved)\W*$")
                .as_deref(),
            Some(r"(?i)(?:some rights reserved)\W*$")
        );
        let optional = LineRuleSet::new(&[spec(
            &[],
            &[r"(?i)^\W*(?:.{1,}?\s*[,:|]\s*)?some rights reserved\W*$"],
        )])
        .unwrap();
        let text = "Some rights reserved\nPhoto: Jo, some rights reserved.\nsome rights reserved by nobody\nx some rights reserved";
        assert_eq!(optional.find(text, None).hits, [(0, 0), (0, 1)]);
        let set = LineRuleSet::new(&[
            spec(&[], &[r"(?i)^.{0,20}\bif you continue\b"]),
            spec(&[], &[r"^\W*ads?$"]),
        ])
        .unwrap();
        let text = "If you continue, fine\nwell, if you continue\nthis line is far too long before: if you continue\nads";
        assert_eq!(set.find(text, None).hits, [(0, 0), (0, 1), (1, 3)]);
    }

    #[test]
    fn phrases_patterns_positions_and_words() {
        let mut tail = spec(&["read more"], &[]);
        tail.position = Position::Tail;
        tail.window = 1;
        let mut short = spec(&[], &[r"(?i)^\W*share\W*$"]);
        short.max_words = Some(2);
        let set =
            LineRuleSet::new(&[spec(&["read more"], &[r"^\d+ comments$"]), tail, short]).unwrap();
        let text = "» Read  MORE\n\n12 comments\nSHARE!\nshare share share\nRead more:";
        let found = set.find(text, None);
        assert_eq!(found.hits, [(0, 0), (0, 2), (2, 3), (0, 5), (1, 5)]);
        assert!(found.deferred.is_empty() && found.timed_out.is_empty());
        let only = set.find(text, Some(&[false, true, false]));
        assert_eq!(only.hits, [(1, 5)]);
    }

    #[test]
    fn widened_classes_decide_alone_on_ascii_lines_only() {
        let (wide, widened) = widen(parsed(r"^\p{Lu}\w+ says\W*$"));
        assert!(widened);
        assert!(!widen(parsed(r"^\d+ [a-z]\s*$")).1);
        let fast = Fast::new(&mut [wide]).expect("builds");
        // ASCII: the widened pattern answers as the exact one; beyond, it may match more.
        assert_eq!(fast.is_match("Anna says!"), Some(true));
        assert_eq!(fast.is_match("anna says"), Some(false));
        assert_eq!(fast.is_match("éanna says"), Some(true));
        // Heads (floating, the rule's own) answer exactly: the exact pattern decides a line
        // that is not ASCII, where the widened one matched more.
        let rules = [
            spec(&[], &[r"^\W*\p{Lu}\w+ says\W*$"]),
            spec(&[], &[r"\p{Lu}\w+ wrote\W*$"]),
        ];
        let set = LineRuleSet::new(&rules).unwrap();
        let text = "Anna says\nanna says\néanna says\nÉanna says «\nso éva wrote\nso Éva wrote";
        assert_eq!(set.find(text, None).hits, [(0, 0), (0, 3), (1, 5)]);
    }

    #[test]
    fn body_is_neither_head_nor_tail() {
        let mut body = spec(&["x"], &[]);
        body.position = Position::Body;
        body.window = 2;
        let mut edges = spec(&["x"], &[]);
        edges.position = Position::Edges;
        edges.window = 2;
        let set = LineRuleSet::new(&[body, edges]).unwrap();
        // Seven non-blank lines (a blank line is not counted): ranks 2 to 4 are the body.
        let text = "x\nx\n\nx\nx\nx\nx\nx";
        let mut hits = set.find(text, None).hits;
        hits.sort();
        assert_eq!(
            hits,
            [(0, 3), (0, 4), (0, 5), (1, 0), (1, 1), (1, 6), (1, 7)]
        );
        // A text of no more than two windows has no body.
        assert!(set
            .find("x\nx\nx\nx", None)
            .hits
            .iter()
            .all(|&(rule, _)| rule == 1));
    }

    #[test]
    fn python_patterns_and_unknown_characters_are_deferred() {
        let set = LineRuleSet::new(&[spec(&[], &[r"(a)\1"]), spec(&[], &[r"^x"])]).unwrap();
        assert_eq!(set.rule_engine(0), Engine::Python);
        let found = set.find("aa\nx\u{40000}", None);
        assert_eq!(found.deferred, [(0, 0), (0, 1), (1, 1)]);
    }

    #[test]
    fn backtracking_past_the_limit_is_a_timeout() {
        let set = LineRuleSet::new(&[spec(&[], &[r"^(?:(?=a)a|(?=a)aa)+(?!c)c"])]).unwrap();
        assert_eq!(set.rule_engine(0), Engine::Fancy);
        // The gate `^(?:a|aa)+c` matches; the exact search never can, and backtracks past
        // its limit trying.
        let found = set.find(&("a".repeat(60) + "c"), None);
        assert_eq!(found.timed_out, [0]);
        assert!(found.hits.is_empty());
        // A line the gate rules out is never searched, so it cannot time out.
        assert!(set.find(&"a".repeat(60), None).timed_out.is_empty());
    }

    #[test]
    fn words_as_python_splits() {
        assert_eq!(count_words(" a\x1cb  c ", 10), 3);
        assert_eq!(count_words("a\u{3000}b\u{85}c", 10), 3);
        assert_eq!(count_words("a b c d", 1), 2);
    }
}
