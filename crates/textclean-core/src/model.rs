//! The core's values: edits and what a finder reports. Offsets are bytes into UTF-8 text and
//! always fall on character boundaries.

use std::ops::Range;

/// Replace `text[start..end]` with `replacement`. An empty replacement deletes; an empty range
/// inserts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

impl Edit {
    pub fn new(range: Range<usize>, replacement: impl Into<String>) -> Self {
        Edit {
            start: range.start,
            end: range.end,
            replacement: replacement.into(),
        }
    }
}

/// What a finder reports (Python's `textclean.repairs.Hit`): where the artifact is, an
/// optional message, its edits (sorted, never overlapping; none means report only), and
/// whether its fix is at most unsafe whatever the rule says (`unsafe_fix`: a deletion that
/// takes a piece of a hard-wrapped sentence, a join that may be prose; the message says why).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub message: Option<String>,
    pub edits: Vec<Edit>,
    pub unsafe_fix: bool,
}
