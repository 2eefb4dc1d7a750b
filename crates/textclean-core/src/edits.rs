//! Applying a set of non-overlapping edits to a text in one go.

use crate::model::Edit;

/// Why a set of edits cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// An edit starts before the end of the one before it (byte offset of the later edit).
    Overlap(usize),
    /// An edit reaches past the end of the text, ends before it starts, or splits a character.
    OutOfRange(usize, usize),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Overlap(at) => write!(f, "overlapping edits at byte {at}"),
            EditError::OutOfRange(s, e) => write!(f, "edit [{s}, {e}) is not a range of the text"),
        }
    }
}

impl std::error::Error for EditError {}

/// Apply non-overlapping edits (in any order; byte offsets) to `text`.
///
/// Edits are sorted by (start, end), keeping the given order among equal ones; an insertion at
/// the point where another edit starts or ends applies in that order, as
/// `textclean.engine.loop.apply_edits` always did.
pub fn apply_edits(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut order: Vec<&Edit> = edits.iter().collect();
    order.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0usize;
    for edit in order {
        if edit.start < pos {
            return Err(EditError::Overlap(edit.start));
        }
        if edit.end < edit.start
            || !text.is_char_boundary(edit.start)
            || !text.is_char_boundary(edit.end)
            || edit.end > text.len()
        {
            return Err(EditError::OutOfRange(edit.start, edit.end));
        }
        out.push_str(&text[pos..edit.start]);
        out.push_str(&edit.replacement);
        pos = edit.end;
    }
    out.push_str(&text[pos..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_deletes_and_inserts() {
        let edits = [Edit::new(5..5, "!"), Edit::new(1..3, "X")];
        assert_eq!(apply_edits("abcdef", &edits).unwrap(), "aXde!f");
    }

    #[test]
    fn offsets_are_bytes_on_character_boundaries() {
        assert_eq!(apply_edits("né€d", &[Edit::new(1..6, "e")]).unwrap(), "ned");
        assert_eq!(
            apply_edits("né", &[Edit::new(2..3, "")]),
            Err(EditError::OutOfRange(2, 3))
        );
    }

    #[test]
    fn overlap_and_range_are_errors() {
        let overlapping = [Edit::new(0..2, ""), Edit::new(1..3, "")];
        assert_eq!(apply_edits("abc", &overlapping), Err(EditError::Overlap(1)));
        assert_eq!(
            apply_edits("abc", &[Edit::new(2..4, "")]),
            Err(EditError::OutOfRange(2, 4))
        );
    }
}
