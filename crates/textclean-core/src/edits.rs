//! Applying a set of non-overlapping edits to a text in one go.

use crate::offsets::CharIndex;

/// Replace `text[start..end]` (code-point offsets) with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// Why a set of edits cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// An edit starts before the end of the one before it (offset of the later edit).
    Overlap(usize),
    /// An edit reaches past the end of the text, or ends before it starts.
    OutOfRange(usize, usize),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Overlap(at) => write!(f, "overlapping edits at {at}"),
            EditError::OutOfRange(s, e) => write!(f, "edit [{s}, {e}) is outside the text"),
        }
    }
}

impl std::error::Error for EditError {}

/// Apply non-overlapping edits (in any order) to `text`.
///
/// Edits are sorted by (start, end); an insertion at the point where another edit starts or
/// ends applies in that order, as `textclean.engine.apply_edits` always did.
pub fn apply_edits(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let index = CharIndex::new(text);
    let mut order: Vec<&Edit> = edits.iter().collect();
    order.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0usize; // in bytes
    let mut pos_chars = 0usize;
    for edit in order {
        if edit.start < pos_chars {
            return Err(EditError::Overlap(edit.start));
        }
        let (Some(start), Some(end)) = (index.byte(edit.start), index.byte(edit.end)) else {
            return Err(EditError::OutOfRange(edit.start, edit.end));
        };
        if end < start {
            return Err(EditError::OutOfRange(edit.start, edit.end));
        }
        out.push_str(&text[pos..start]);
        out.push_str(&edit.replacement);
        pos = end;
        pos_chars = edit.end;
    }
    out.push_str(&text[pos..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            start,
            end,
            replacement: replacement.to_string(),
        }
    }

    #[test]
    fn replaces_deletes_and_inserts() {
        let got = apply_edits("abcdef", &[edit(5, 5, "!"), edit(1, 3, "X")]).unwrap();
        assert_eq!(got, "aXde!f");
    }

    #[test]
    fn offsets_are_code_points() {
        let got = apply_edits("né€d", &[edit(1, 3, "e")]).unwrap();
        assert_eq!(got, "ned");
    }

    #[test]
    fn overlap_and_range_are_errors() {
        assert_eq!(
            apply_edits("abc", &[edit(0, 2, ""), edit(1, 3, "")]),
            Err(EditError::Overlap(1))
        );
        assert_eq!(
            apply_edits("abc", &[edit(2, 4, "")]),
            Err(EditError::OutOfRange(2, 4))
        );
    }
}
