//! One pass of the engine over a text: every line rule, pattern rule and finder of a ruleset
//! that may fix (or, in the last pass, report) runs in one call, so the text crosses into the
//! core once per pass and its lines are split once.

use crate::finder::{Evidence, Finder, NoEvidence};
use crate::linerules::{LineHits, LineMemo, LineRuleSet};
use crate::lines::{line_place, split_lines, Line};
use crate::model::Hit;
use crate::patternrules::{Outcome, PatternRuleSet};
use crate::repairs::paragraphs::ParagraphView;

/// The line rules, pattern rules and finders of a ruleset, each numbered in its own kind.
pub struct Scan {
    pub lines: LineRuleSet,
    pub patterns: PatternRuleSet,
    pub finders: Vec<Box<dyn Finder>>,
}

/// What one [`Scan::find`] found: by kind, as each kind's own `find` reports it; `finders`
/// holds `(finder number, hits)` of the finders with hits.
#[derive(Debug, Default)]
pub struct ScanHits {
    pub lines: LineHits,
    /// The place of each line hit, in order: see [`LinePlace`].
    pub places: Vec<LinePlace>,
    pub patterns: Vec<(usize, Outcome)>,
    pub finders: Vec<(usize, Vec<Hit>)>,
}

/// Where a line rule's finding is and what deleting its line removes ([`line_place`]), and
/// whether the line is a piece of a hard-wrapped sentence (a safe fix never deletes one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinePlace {
    pub span: (usize, usize),
    pub deletion: (usize, usize),
    pub wrapped: bool,
}

/// The places of lines `hits` (indexes of `lines`) of `text`.
pub fn line_places(
    text: &str,
    lines: &[Line],
    hits: impl Iterator<Item = usize>,
) -> Vec<LinePlace> {
    let mut wrapped: Option<Vec<bool>> = None;
    hits.map(|i| {
        let (span, deletion) = line_place(text, lines, i);
        let wrapped = wrapped.get_or_insert_with(|| ParagraphView::new(text, lines).wrapped)[i];
        LinePlace {
            span,
            deletion,
            wrapped,
        }
    })
    .collect()
}

fn any(mask: &[bool]) -> bool {
    mask.iter().any(|&on| on)
}

impl Scan {
    /// The hits of the rules each mask flags (one flag per rule of its kind) on `text`; the
    /// line rules take and add to `memo`, what they decided in the earlier passes over the
    /// same document ([`LineRuleSet::find_memo`]).
    pub fn find(
        &self,
        text: &str,
        lines: &[bool],
        patterns: &[bool],
        finders: &[bool],
        memo: Option<&mut LineMemo>,
    ) -> ScanHits {
        self.find_with(text, lines, patterns, finders, memo, &NoEvidence)
    }

    /// [`Scan::find`], the finders weighing `evidence` besides the text ([`Finder::find_with`]).
    pub fn find_with(
        &self,
        text: &str,
        lines: &[bool],
        patterns: &[bool],
        finders: &[bool],
        memo: Option<&mut LineMemo>,
        evidence: &dyn Evidence,
    ) -> ScanHits {
        let mut out = ScanHits::default();
        if any(lines) && !self.lines.is_empty() {
            let split = split_lines(text);
            out.lines = self.lines.find_memo(text, &split, Some(lines), memo);
            out.places = line_places(text, &split, out.lines.hits.iter().map(|&(_, i)| i));
        }
        if any(patterns) && !self.patterns.is_empty() {
            out.patterns = self.patterns.find(text, Some(patterns));
        }
        for (n, finder) in self.finders.iter().enumerate() {
            if finders.get(n).copied().unwrap_or(false) {
                let hits = finder.find_with(text, evidence);
                if !hits.is_empty() {
                    out.finders.push((n, hits));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finder::make_finder;
    use crate::linerules::{LineSpec, Position};

    #[test]
    fn each_kind_answers_for_the_rules_its_mask_flags() {
        let lines = LineRuleSet::new(&[LineSpec {
            phrases: vec!["read more".into()],
            patterns: vec![],
            position: Position::Anywhere,
            window: 3,
            max_words: None,
        }])
        .expect("builds");
        let patterns = PatternRuleSet::new(&[("x+".into(), 0), ("y".into(), 0)]);
        let finders = vec![make_finder("decode_html_entities", &[]).expect("a finder")];
        let scan = Scan {
            lines,
            patterns,
            finders,
        };
        let text = "xx &amp; y\nRead more\n";
        let all = scan.find(text, &[true], &[true, true], &[true], None);
        assert_eq!(all.lines.hits, [(0, 1)]);
        assert_eq!(all.places[0].span, (11, 20));
        assert_eq!(all.places[0].deletion, (11, 21));
        assert_eq!(all.patterns.len(), 2);
        assert_eq!(all.finders.len(), 1);
        assert_eq!(all.finders[0].1[0].edits[0].replacement, "&");
        let some = scan.find(text, &[false], &[false, true], &[false], None);
        assert!(some.lines.hits.is_empty() && some.finders.is_empty());
        assert_eq!(some.patterns.len(), 1);
    }
}
