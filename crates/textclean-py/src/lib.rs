//! The PyO3 binding of `textclean-core`: the `textclean._core` module.
//!
//! A thin layer: convert Python values at the boundary (code-point offsets to the core's byte
//! offsets and back), call the core, turn its errors into Python exceptions. No engine logic
//! lives here.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use textclean_core::edits;
use textclean_core::model::Edit;
use textclean_core::offsets::CharIndex;

/// Apply non-overlapping edits, given as `(start, end, replacement)` in code points.
#[pyfunction]
fn apply_edits(py: Python<'_>, text: &str, edits: Vec<(usize, usize, String)>) -> PyResult<String> {
    let index = CharIndex::new(text);
    let mut converted = Vec::with_capacity(edits.len());
    for (start, end, replacement) in edits {
        match (index.byte(start), index.byte(end)) {
            (Some(s), Some(e)) if s <= e => converted.push(Edit::new(s..e, replacement)),
            _ => {
                return Err(PyValueError::new_err(format!(
                    "edit [{start}, {end}) is outside the text"
                )))
            }
        }
    }
    let text = text.to_owned();
    py.detach(move || edits::apply_edits(&text, &converted))
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(apply_edits, m)?)?;
    Ok(())
}
