//! The PyO3 binding of `textclean-core`: the `textclean._core` module.
//!
//! A thin layer: convert Python values at the boundary, call the core, turn its errors into
//! Python exceptions. No engine logic lives here.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use textclean_core::edits::{self, Edit};

/// Apply non-overlapping edits, given as `(start, end, replacement)` in code points.
#[pyfunction]
fn apply_edits(py: Python<'_>, text: &str, edits: Vec<(usize, usize, String)>) -> PyResult<String> {
    let edits: Vec<Edit> = edits
        .into_iter()
        .map(|(start, end, replacement)| Edit {
            start,
            end,
            replacement,
        })
        .collect();
    let text = text.to_owned();
    py.detach(move || edits::apply_edits(&text, &edits))
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(apply_edits, m)?)?;
    Ok(())
}
