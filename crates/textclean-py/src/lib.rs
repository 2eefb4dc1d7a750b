//! The PyO3 binding of `textclean-core`: the `textclean._core` module.
//!
//! A thin layer: convert Python values at the boundary (code-point offsets to the core's byte
//! offsets and back), call the core with the GIL released, turn its errors into Python
//! exceptions. No engine logic lives here.

use std::cell::{OnceCell, RefCell};
use std::sync::Mutex;

use pyo3::buffer::PyBuffer;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use textclean_core::edits;
use textclean_core::finder::{self, Evidence};
use textclean_core::lexicon::Lexicon;
use textclean_core::lineclf;
use textclean_core::linerules::{self, LineRuleSet, LineSpec, Position, Probe};
use textclean_core::lines;
use textclean_core::metrics;
use textclean_core::model::{Edit, Hit};
use textclean_core::offsets::{chars_of, CharIndex};
use textclean_core::patternrules::{Outcome, PatternRuleSet, Template};
use textclean_core::repairs::compounds::CorpusCompounds;
use textclean_core::repairs::{blocks, encoding, markup, paragraphs};
use textclean_core::scan;

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

/// A hit as Python receives it: `(start, end, message, [(start, end, replacement), ...],
/// unsafe_fix)`,
/// offsets in code points.
type PyHit = (
    usize,
    usize,
    Option<String>,
    Vec<(usize, usize, String)>,
    bool,
);

/// The hits with their byte offsets turned into code points of `text`.
fn to_python(text: &str, hits: Vec<Hit>) -> Vec<PyHit> {
    let mut offsets = Vec::new();
    hit_offsets(&hits, &mut offsets);
    hits_to_python(hits, &mut chars_of(text, &offsets).into_iter())
}

/// The byte offsets of `hits`, in the order [`hits_to_python`] takes their code points.
fn hit_offsets(hits: &[Hit], offsets: &mut Vec<usize>) {
    for hit in hits {
        offsets.extend([hit.start, hit.end]);
        for edit in &hit.edits {
            offsets.extend([edit.start, edit.end]);
        }
    }
}

/// `hits` with the code points `chars` gives for the offsets [`hit_offsets`] listed.
fn hits_to_python(hits: Vec<Hit>, chars: &mut impl Iterator<Item = usize>) -> Vec<PyHit> {
    let mut next = move || chars.next().expect("one code point offset per byte offset");
    hits.into_iter()
        .map(|hit| {
            let (start, end) = (next(), next());
            let edits = hit
                .edits
                .into_iter()
                .map(|e| (next(), next(), e.replacement))
                .collect();
            (start, end, hit.message, edits, hit.unsafe_fix)
        })
        .collect()
}

/// One of the core's finders (`textclean.repairs` names), with its parameters set.
#[pyclass(frozen, name = "Finder", module = "textclean._core")]
struct PyFinder {
    name: String,
    inner: Box<dyn finder::Finder>,
}

#[pymethods]
impl PyFinder {
    #[new]
    /// `params`: `(name, value)` pairs, each value an int, a float or a sequence of str. Its
    /// patterns are compiled here, so that one no engine compiles is refused (the check of a
    /// rule makes one); `Scan` compiles a finder's patterns on first use.
    #[pyo3(signature = (name, params=Vec::new()))]
    fn new(name: &str, params: Vec<(String, Bound<'_, PyAny>)>) -> PyResult<Self> {
        let inner = make_finder(name, &params)?;
        inner
            .compile()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(PyFinder {
            name: name.to_owned(),
            inner,
        })
    }

    /// Every hit on `text`, in order: `(start, end, message, edits)` in code points. A finder
    /// that weighs the corpus vocabulary or the lexicon asks Python for them
    /// (`set_word_evidence`).
    fn find(&self, py: Python<'_>, text: &str) -> PyResult<Vec<PyHit>> {
        let hits =
            py.detach(|| with_evidence(text, |evidence| self.inner.find_with(text, evidence)))?;
        Ok(to_python(text, hits))
    }

    fn __repr__(&self) -> String {
        format!("<textclean._core.Finder {}>", self.name)
    }
}

/// The core's finder `name` with `params` (`(name, value)` pairs; each value an int, a float
/// or a sequence of str) set.
fn make_finder(
    name: &str,
    params: &[(String, Bound<'_, PyAny>)],
) -> PyResult<Box<dyn finder::Finder>> {
    build_finder(name, finder_values(name, params)?)
}

/// A finder's parameters as the core takes them, by name.
type FinderValues = Vec<(String, finder::Value)>;

/// A finder's parameters as the core takes them.
fn finder_values(name: &str, params: &[(String, Bound<'_, PyAny>)]) -> PyResult<FinderValues> {
    let mut values = Vec::with_capacity(params.len());
    for (key, value) in params {
        let converted = if let Ok(v) = value.extract::<i64>() {
            finder::Value::Int(v)
        } else if let Ok(v) = value.extract::<f64>() {
            finder::Value::Float(v)
        } else if let Ok(v) = value.extract::<Vec<String>>() {
            finder::Value::Strings(v)
        } else {
            return Err(PyValueError::new_err(format!(
                "parameter {key:?} of finder {name:?} is not an int, a float or a list of str"
            )));
        };
        values.push((key.clone(), converted));
    }
    Ok(values)
}

/// The finder `name` made with `values` (no Python needed: it may run on another thread).
fn build_finder(name: &str, values: FinderValues) -> PyResult<Box<dyn finder::Finder>> {
    let (keys, values): (Vec<String>, Vec<finder::Value>) = values.into_iter().unzip();
    let params: Vec<(&str, finder::Value)> = keys.iter().map(String::as_str).zip(values).collect();
    finder::make_finder_with(name, &params).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The names of the finders the core implements.
#[pyfunction]
fn finder_names() -> Vec<&'static str> {
    finder::FINDERS.to_vec()
}

/// A finder's parameter and its default as Python gets it (None: a list).
type PySetting = (&'static str, Option<Py<PyAny>>);

/// The parameters of the core's finder `name`, in the order its documentation gives them, each
/// with its default (None: a list of phrases or patterns, empty unless given).
#[pyfunction]
fn finder_params(py: Python<'_>, name: &str) -> PyResult<Vec<PySetting>> {
    let params = finder::finder_params(name).map_err(|e| PyValueError::new_err(e.to_string()))?;
    params
        .into_iter()
        .map(|(param, value)| {
            let value = match value {
                Some(finder::Value::Int(v)) => Some(v.into_pyobject(py)?.into_any().unbind()),
                Some(finder::Value::Float(v)) => Some(v.into_pyobject(py)?.into_any().unbind()),
                _ => None,
            };
            Ok((param, value))
        })
        .collect()
}

/// Decode complete HTML entities in `text` (`textclean.repairs.encoding.unescape_html`).
#[pyfunction]
fn unescape_html(py: Python<'_>, text: &str) -> String {
    py.detach(|| markup::unescape_html(text).into_owned())
}

/// Whether `text` holds a trigger of ftfy's badness test (`false`: it finds nothing).
#[pyfunction]
fn has_mojibake_trigger(py: Python<'_>, text: &str) -> bool {
    py.detach(|| encoding::has_trigger(text))
}

/// The lines of `text` (with their "\n") that hold a trigger, as `(start, end)` in code points.
#[pyfunction]
fn mojibake_lines(py: Python<'_>, text: &str) -> Vec<(usize, usize)> {
    let lines = py.detach(|| encoding::trigger_lines(text));
    let bytes: Vec<usize> = lines.iter().flat_map(|&(s, e)| [s, e]).collect();
    chars_of(text, &bytes)
        .chunks(2)
        .map(|pair| (pair[0], pair[1]))
        .collect()
}

/// The windows `(lo, hi)` of `text`, in code points, where ftfy's badness regex can match.
#[pyfunction]
fn badness_windows(py: Python<'_>, text: &str) -> Vec<(usize, usize)> {
    py.detach(|| encoding::badness_windows(text))
}

/// The metric `name` of `text` (`textclean.repairs.metrics`), computed with the GIL released.
#[pyfunction]
fn metric(py: Python<'_>, name: &str, text: &str) -> PyResult<f64> {
    py.detach(|| metrics::metric(name, text))
        .ok_or_else(|| PyValueError::new_err(format!("no metric named {name:?} in the core")))
}

/// `word_count`, counting no further than `bound`.
#[pyfunction]
fn word_count_upto(py: Python<'_>, text: &str, bound: f64) -> f64 {
    py.detach(|| metrics::word_count_upto(text, bound))
}

/// A line rule as Python gives it: `(phrase keys, patterns, position, window, max_words)`.
type PyLineSpec = (Vec<String>, Vec<String>, String, usize, Option<usize>);

/// `(hits, deferred, timed_out)`: `(rule, line)` pairs, line indexes of `split_lines`.
type PyLineHits = (Vec<(usize, usize)>, Vec<(usize, usize)>, Vec<usize>);

fn line_rule_set(py: Python<'_>, specs: Vec<PyLineSpec>) -> PyResult<LineRuleSet> {
    let converted = line_specs(specs)?;
    py.detach(|| LineRuleSet::new(&converted))
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Line rules as the core takes them.
fn line_specs(specs: Vec<PyLineSpec>) -> PyResult<Vec<LineSpec>> {
    let mut converted = Vec::with_capacity(specs.len());
    for (phrases, patterns, position, window, max_words) in specs {
        let position = Position::parse(&position)
            .ok_or_else(|| PyValueError::new_err(format!("no position {position:?}")))?;
        converted.push(LineSpec {
            phrases,
            patterns,
            position,
            window,
            max_words,
        });
    }
    Ok(converted)
}

/// Every line rule of a ruleset, compiled once (`textclean.rules.kinds.LineRule`).
#[pyclass(frozen, name = "LineRules", module = "textclean._core")]
struct PyLineRules {
    inner: LineRuleSet,
}

#[pymethods]
impl PyLineRules {
    #[new]
    fn new(py: Python<'_>, specs: Vec<PyLineSpec>) -> PyResult<Self> {
        Ok(PyLineRules {
            inner: line_rule_set(py, specs)?,
        })
    }

    /// The engine of each pattern of each rule: "rust", "fancy" or "python".
    fn engines(&self) -> Vec<Vec<&'static str>> {
        self.inner
            .engines()
            .iter()
            .map(|kinds| kinds.iter().map(|e| e.name()).collect())
            .collect()
    }

    /// The hits of the rules flagged in `select` (all, for None) on `text`.
    #[pyo3(signature = (text, select=None))]
    fn find(&self, py: Python<'_>, text: &str, select: Option<Vec<bool>>) -> PyLineHits {
        let found = py.detach(|| self.inner.find(text, select.as_deref()));
        (found.hits, found.deferred, found.timed_out)
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }
}

/// `(hits, python, timed_out)`: `hits` holds `(rule, [(match start, group start, group end)],
/// replacements)` in code points, the replacements those of the rule's template on each hit
/// where the core expands it (else None); `python`, the rules Python runs on this text; `timed_out`, the rules past
/// their backtrack limit.
type PyPatternHits = (
    Vec<(usize, Vec<(usize, usize, usize)>, Option<Vec<String>>)>,
    Vec<usize>,
    Vec<usize>,
);

/// A pattern rule as Python gives it: `(pattern, group)`, or `(pattern, group, template)` with
/// the replacement template the core expands, `([(text, group), ...], tail)` (None: none).
#[derive(FromPyObject)]
enum PyPatternSpec {
    Templated(String, usize, Option<(Vec<(String, usize)>, String)>),
    Plain(String, usize),
}

/// The rule set of `specs`, with their templates.
fn pattern_rules(specs: Vec<PyPatternSpec>) -> PatternRuleSet {
    let (plain, templates): (Vec<(String, usize)>, Vec<Option<Template>>) = specs
        .into_iter()
        .map(|spec| match spec {
            PyPatternSpec::Plain(p, g) => ((p, g), None),
            PyPatternSpec::Templated(p, g, t) => {
                ((p, g), t.map(|(pieces, tail)| Template { pieces, tail }))
            }
        })
        .unzip();
    PatternRuleSet::new(&plain).with_templates(templates)
}

/// Every pattern rule of a ruleset, compiled once (`textclean.rules.kinds.PatternRules`).
#[pyclass(frozen, name = "PatternRules", module = "textclean._core")]
struct PyPatternRules {
    inner: PatternRuleSet,
}

#[pymethods]
impl PyPatternRules {
    /// `specs`: `(pattern, group)` of each rule, or `(pattern, group, template)`.
    #[new]
    fn new(py: Python<'_>, specs: Vec<PyPatternSpec>) -> Self {
        let inner = py.detach(|| pattern_rules(specs));
        PyPatternRules { inner }
    }

    /// The engine of each rule: "rust", "fancy" or "python".
    fn engines(&self) -> Vec<&'static str> {
        self.inner.engines().iter().map(|e| e.name()).collect()
    }

    /// What the rules flagged in `select` (all, for None) find on `text`.
    #[pyo3(signature = (text, select=None))]
    fn find(&self, py: Python<'_>, text: &str, select: Option<Vec<bool>>) -> PyPatternHits {
        let found = py.detach(|| self.inner.find(text, select.as_deref()));
        let mut bytes = Vec::new();
        pattern_offsets(&found, &mut bytes);
        patterns_to_python(found, &mut chars_of(text, &bytes).into_iter())
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }
}

/// The byte offsets of pattern rules' hits, in the order [`patterns_to_python`] takes them.
fn pattern_offsets(found: &[(usize, Outcome)], bytes: &mut Vec<usize>) {
    for (_, outcome) in found {
        if let Outcome::Hits(hits) | Outcome::Expanded(hits, _) = outcome {
            bytes.extend(hits.iter().flat_map(|&(m, s, e)| [m, s, e]));
        }
    }
}

/// Pattern rules' outcomes with the code points `chars` gives for [`pattern_offsets`].
fn patterns_to_python(
    found: Vec<(usize, Outcome)>,
    chars: &mut impl Iterator<Item = usize>,
) -> PyPatternHits {
    let (mut hits, mut python, mut timed_out) = (Vec::new(), Vec::new(), Vec::new());
    for (n, outcome) in found {
        match outcome {
            Outcome::Hits(found) => hits.push((n, spans_of(&found, chars), None)),
            Outcome::Expanded(found, news) => hits.push((n, spans_of(&found, chars), Some(news))),
            Outcome::Python => python.push(n),
            Outcome::TimedOut => timed_out.push(n),
        }
    }
    (hits, python, timed_out)
}

/// The code points `chars` gives for `found`'s hits.
fn spans_of(
    found: &[(usize, usize, usize)],
    chars: &mut impl Iterator<Item = usize>,
) -> Vec<(usize, usize, usize)> {
    found
        .iter()
        .map(|_| {
            let mut next = || chars.next().expect("three offsets per hit");
            (next(), next(), next())
        })
        .collect()
}

/// A finder as Python gives it to `Scan`: `(name, [(param, value), ...])`.
type PyFinderSpec<'py> = (String, Vec<(String, Bound<'py, PyAny>)>);

/// The line rules, pattern rules and finders of a ruleset (`textclean.engine.compiled`): one call
/// per fix pass runs those its masks flag.
#[pyclass(frozen, name = "Scan", module = "textclean._core")]
struct PyScan {
    inner: scan::Scan,
}

#[pymethods]
impl PyScan {
    /// The core's matchers a `Scan` runs, in the order it takes their rules and masks and
    /// hands back what they found: each the `CoreSlot` of a rule kind of the same name
    /// (`textclean.rules.kinds`).
    #[classattr]
    const SLOTS: (&'static str, &'static str, &'static str) = ("line", "pattern", "finder");

    #[new]
    fn new(
        py: Python<'_>,
        lines: Vec<PyLineSpec>,
        patterns: Vec<PyPatternSpec>,
        finders: Vec<PyFinderSpec<'_>>,
    ) -> PyResult<Self> {
        // Read from Python first; then the finders are made on a thread of their own while
        // the line rules build (each error as making them one after the other would give:
        // the first finder's, then the line rules').
        let finders: Vec<(&str, PyResult<FinderValues>)> = finders
            .iter()
            .map(|(name, params)| (name.as_str(), finder_values(name, params)))
            .collect();
        let lines = line_specs(lines);
        let (finders, lines) = py.detach(|| {
            std::thread::scope(|scope| {
                let made = scope.spawn(|| {
                    finders
                        .into_iter()
                        .map(|(name, values)| build_finder(name, values?))
                        .collect::<PyResult<Vec<_>>>()
                });
                let lines = lines.map(|specs| LineRuleSet::new(&specs));
                let made = made
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (made, lines)
            })
        });
        let finders = finders?;
        let lines = lines?.map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(PyScan {
            inner: scan::Scan {
                lines,
                patterns: py.detach(|| pattern_rules(patterns)),
                finders,
            },
        })
    }

    /// What the rules each mask flags find on `text`, one part per slot: line hits as
    /// `LineRules.find` with their places as `line_places`, pattern hits as
    /// `PatternRules.find`, and `(finder, hits)` as `Finder.find` for the finders with hits. `memo`: what the line rules decided in the earlier fix passes over the same
    /// document (a `LineMemo` made for that document), kept up to date.
    #[pyo3(signature = (text, lines, patterns, finders, memo = None))]
    fn find(
        &self,
        py: Python<'_>,
        text: &str,
        lines: Vec<bool>,
        patterns: Vec<bool>,
        finders: Vec<bool>,
        mut memo: Option<PyRefMut<'_, PyLineMemo>>,
    ) -> PyResult<PyScanHits> {
        let memo = memo.as_deref_mut().map(|m| &mut m.inner);
        let found = py.detach(|| {
            with_evidence(text, |evidence| {
                let scan = &self.inner;
                scan.find_with(text, &lines, &patterns, &finders, memo, evidence)
            })
        })?;
        let mut bytes = Vec::new();
        place_offsets(&found.places, &mut bytes);
        pattern_offsets(&found.patterns, &mut bytes);
        for (_, hits) in &found.finders {
            hit_offsets(hits, &mut bytes);
        }
        let mut chars = chars_of(text, &bytes).into_iter();
        let places = places_to_python(&found.places, &mut chars);
        let patterns = patterns_to_python(found.patterns, &mut chars);
        let finders = found
            .finders
            .into_iter()
            .map(|(n, hits)| (n, hits_to_python(hits, &mut chars)))
            .collect();
        let l = found.lines;
        Ok(((l.hits, l.deferred, l.timed_out, places), patterns, finders))
    }
}

/// What the line rules decided on the lines of one document, by line body, for `Scan.find`'s
/// next fix pass over the same document (make one per document: `LineMemo()`).
#[pyclass(name = "LineMemo", module = "textclean._core")]
#[derive(Default)]
struct PyLineMemo {
    inner: linerules::LineMemo,
}

#[pymethods]
impl PyLineMemo {
    #[new]
    fn new() -> Self {
        PyLineMemo::default()
    }
}

/// What `Scan.find` hands back, one part per slot: line hits with their places, pattern
/// hits, finder hits.
type PyScanHits = (
    (
        Vec<(usize, usize)>,
        Vec<(usize, usize)>,
        Vec<usize>,
        Vec<PyPlace>,
    ),
    PyPatternHits,
    Vec<(usize, Vec<PyHit>)>,
);

/// A line hit's place: `(start, end, deletion start, deletion end, wrapped)` in code points.
type PyPlace = (usize, usize, usize, usize, bool);

fn place_offsets(places: &[scan::LinePlace], bytes: &mut Vec<usize>) {
    for p in places {
        bytes.extend([p.span.0, p.span.1, p.deletion.0, p.deletion.1]);
    }
}

fn places_to_python(
    places: &[scan::LinePlace],
    chars: &mut impl Iterator<Item = usize>,
) -> Vec<PyPlace> {
    let mut next = move || chars.next().expect("four offsets per place");
    places
        .iter()
        .map(|p| (next(), next(), next(), next(), p.wrapped))
        .collect()
}

/// The places of lines `hits` (indexes of `split_lines`) of `text`, for a line rule's findings.
#[pyfunction]
fn line_places(py: Python<'_>, text: &str, hits: Vec<usize>) -> PyResult<Vec<PyPlace>> {
    let found = py.detach(|| {
        let lines = lines::split_lines(text);
        if hits.iter().any(|&i| i >= lines.len()) {
            return None;
        }
        Some(scan::line_places(text, &lines, hits.iter().copied()))
    });
    let found = found.ok_or_else(|| PyValueError::new_err("no such line"))?;
    let mut bytes = Vec::new();
    place_offsets(&found, &mut bytes);
    Ok(places_to_python(
        &found,
        &mut chars_of(text, &bytes).into_iter(),
    ))
}

/// One pattern in the engine the core would run it in, for comparing engines.
#[pyclass(frozen, name = "Probe", module = "textclean._core")]
struct PyProbe {
    inner: Probe,
}

#[pymethods]
impl PyProbe {
    #[new]
    fn new(pattern: &str) -> Self {
        PyProbe {
            inner: Probe::new(pattern),
        }
    }

    #[getter]
    fn engine(&self) -> &'static str {
        self.inner.engine().name()
    }

    /// Whether the pattern matches `body` (None: a Python pattern, or past the backtrack limit).
    fn is_match(&self, body: &str) -> Option<bool> {
        self.inner.is_match(body)
    }
}

/// Code-point offsets of the line starts of `text`, lines ending at "\n"
/// (`textclean.model.LineIndex`).
#[pyfunction]
fn line_starts(py: Python<'_>, text: &str) -> Vec<usize> {
    let starts = py.detach(|| textclean_core::offsets::newline_starts(text));
    chars_of(text, &starts)
}

/// The lines of `text` as `(start, body_end, end, blank)`, offsets in code points.
#[pyfunction]
fn split_lines(py: Python<'_>, text: &str) -> Vec<(usize, usize, usize, bool)> {
    let found = py.detach(|| lines::split_lines(text));
    let bytes: Vec<usize> = found
        .iter()
        .flat_map(|l| [l.start, l.body_end, l.end])
        .collect();
    let chars = chars_of(text, &bytes);
    found
        .iter()
        .zip(chars.chunks(3))
        .map(|(l, c)| (c[0], c[1], c[2], l.blank))
        .collect()
}

/// The paragraph model of `text` (`textclean.text.paragraphs`): for each line of
/// `split_lines(text)`, whether it continues the sentence above, is joined to the line above,
/// and is a piece of a wrapped sentence.
#[pyfunction]
fn paragraph_lines(py: Python<'_>, text: &str) -> (Vec<bool>, Vec<bool>, Vec<bool>) {
    let view = py.detach(|| paragraphs::ParagraphView::new(text, &lines::split_lines(text)));
    (view.continues, view.joined, view.wrapped)
}

/// A line folded for comparison with navigation labels (`textclean.text.phrases.fold_label`).
#[pyfunction]
fn fold_label(line: &str) -> String {
    let mut out = String::new();
    blocks::fold_label(line, &mut out);
    out
}

/// The phrase key of a line (`textclean.text.phrases.normalise_phrase`).
#[pyfunction]
fn phrase_key(line: &str) -> String {
    let mut out = String::new();
    textclean_core::phrase::phrase_key(line, &mut out);
    out
}

/// The code points the core's regex engines have no Unicode data for, as inclusive ranges.
#[pyfunction]
fn regex_unassigned() -> Vec<(u32, u32)> {
    linerules::unassigned()
}

// --- split-word evidence (crates/textclean-core/src/repairs/hyphens.rs, compounds.rs, glued.rs) ---

/// The compounds of a corpus vocabulary (`textclean.corpus.vocab.Vocabulary.core_compounds`),
/// read by the core's SW004: made once per vocabulary.
#[pyclass(frozen, name = "CorpusCompounds", module = "textclean._core")]
struct PyCorpusCompounds {
    inner: CorpusCompounds,
}

#[pymethods]
impl PyCorpusCompounds {
    /// `rows`: (closed form, hyphenated spelling, count) of every compound of the vocabulary,
    /// casefolded; of the spellings of one closed form the commonest is kept.
    #[new]
    fn new(rows: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut kept = Vec::new();
        for row in rows.try_iter()? {
            kept.push(row?.extract::<(String, String, u64)>()?);
        }
        Ok(PyCorpusCompounds {
            inner: CorpusCompounds::new(kept),
        })
    }

    /// The commonest hyphenated spelling of the closed form `closed` (casefolded) and its
    /// count, or None.
    fn commonest(&self, closed: &str) -> Option<(String, u64)> {
        self.inner
            .commonest(closed)
            .map(|(spelling, count)| (spelling.to_owned(), count))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }
}

/// The lexicon of one language (`textclean.lexicon.Lexicon`), read by the core's finders: made
/// once per language from the packed bytes (`pack_lexicon`), which it reads in place.
#[pyclass(frozen, name = "Lexicon", module = "textclean._core")]
struct PyLexicon {
    inner: Lexicon,
}

/// A read-only buffer that Python keeps still while it is held (bytes, a read-only mmap).
struct HeldBuffer(PyBuffer<u8>);

impl AsRef<[u8]> for HeldBuffer {
    fn as_ref(&self) -> &[u8] {
        // SAFETY: the buffer is read-only and C-contiguous (checked when it was taken), and
        // its exporter keeps the memory in place until the buffer is released on drop.
        unsafe { std::slice::from_raw_parts(self.0.buf_ptr() as *const u8, self.0.len_bytes()) }
    }
}

#[pymethods]
impl PyLexicon {
    /// `data`: the packed lexicon (bytes or a read-only buffer); `one_letter`: the letters
    /// that are words on their own in `lang`, in lower case.
    #[new]
    fn new(lang: &str, data: &Bound<'_, PyAny>, one_letter: &str) -> PyResult<Self> {
        let buffer = PyBuffer::<u8>::get(data)?;
        if !buffer.readonly() || !buffer.is_c_contiguous() {
            return Err(PyValueError::new_err(
                "a packed lexicon must be a read-only, contiguous buffer",
            ));
        }
        let inner = Lexicon::from_packed(lang, one_letter, Box::new(HeldBuffer(buffer)))
            .map_err(PyValueError::new_err)?;
        Ok(PyLexicon { inner })
    }

    #[getter]
    fn lang(&self) -> &str {
        self.inner.lang()
    }

    /// The Zipf frequency of `word` (any case) in hundredths, 0 when the list lacks it.
    fn centizipf(&self, word: &str) -> u32 {
        self.inner.centizipf(word)
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }
}

/// What Python gives the core's finders besides the text (`set_word_evidence`).
static WORD_EVIDENCE: Mutex<Option<Py<PyAny>>> = Mutex::new(None);

/// Set the call that tells the core's finders the evidence of the current run, in the caller's
/// context: `evidence()` gives `(count, lexicon, compounds)`, `count(word)` how often the
/// corpus vocabulary has `word` (None: no vocabulary), `lexicon(text)` the `Lexicon` of
/// `text`'s language or None (itself None: the lexicon is off), `compounds` the vocabulary's
/// `(CorpusCompounds, includes_documents)` (None: no vocabulary). Asked only when a finder
/// needs them, at most once per text.
#[pyfunction]
fn set_word_evidence(evidence: Py<PyAny>) {
    *WORD_EVIDENCE.lock().unwrap_or_else(|e| e.into_inner()) = Some(evidence);
}

/// What `set_word_evidence`'s call gives: corpus counts, the lexicon of a text, the corpus's
/// compounds.
type EvidenceCalls = (
    Option<Py<PyAny>>,
    Option<Py<PyAny>>,
    Option<(Py<PyCorpusCompounds>, bool)>,
);

/// The evidence of one text for the core's finders, asked of Python (with the GIL taken
/// again) the first time a finder needs it: the calls of `set_word_evidence`, then the
/// lexicon once. The first error is kept for the caller to raise.
struct PyEvidence<'t> {
    text: &'t str,
    calls: OnceCell<EvidenceCalls>,
    lexicon: OnceCell<Option<Py<PyLexicon>>>,
    error: RefCell<Option<PyErr>>,
}

impl PyEvidence<'_> {
    fn keep<T>(&self, result: PyResult<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.error.borrow_mut().get_or_insert(e);
                None
            }
        }
    }

    fn calls(&self) -> &EvidenceCalls {
        self.calls.get_or_init(|| {
            Python::attach(|py| {
                let evidence = WORD_EVIDENCE
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .as_ref()
                    .map(|e| e.clone_ref(py));
                let Some(evidence) = evidence else {
                    return (None, None, None);
                };
                let calls = evidence.call0(py).and_then(|got| got.extract(py));
                self.keep(calls).unwrap_or((None, None, None))
            })
        })
    }
}

impl Evidence for PyEvidence<'_> {
    fn corpus_count(&self, word: &str) -> u64 {
        let Some(count) = &self.calls().0 else {
            return 0;
        };
        Python::attach(|py| {
            let got = count.call1(py, (word,)).and_then(|n| n.extract::<u64>(py));
            self.keep(got).unwrap_or(0)
        })
    }

    fn lexicon(&self) -> Option<&Lexicon> {
        let lexicon = self.lexicon.get_or_init(|| {
            let of_text = self.calls().1.as_ref()?;
            Python::attach(|py| {
                let got = of_text
                    .call1(py, (self.text,))
                    .and_then(|l| Ok(l.extract::<Option<Py<PyLexicon>>>(py)?));
                self.keep(got).flatten()
            })
        });
        lexicon.as_ref().map(|l| &l.get().inner)
    }

    fn may_have_lexicon(&self) -> bool {
        self.calls().1.is_some()
    }

    fn corpus_compounds(&self) -> Option<(&CorpusCompounds, bool)> {
        let (compounds, includes_documents) = self.calls().2.as_ref()?;
        Some((&compounds.get().inner, *includes_documents))
    }
}

/// `find` run with the evidence of `text` (taken off the GIL: it takes it again only to ask
/// Python for evidence); an error of Python's while asking is raised.
fn with_evidence<T>(text: &str, find: impl FnOnce(&dyn Evidence) -> T) -> PyResult<T> {
    let evidence = PyEvidence {
        text,
        calls: OnceCell::new(),
        lexicon: OnceCell::new(),
        error: RefCell::new(None),
    };
    let found = find(&evidence);
    let PyEvidence {
        calls,
        lexicon,
        error,
        ..
    } = evidence;
    if calls.get().is_some() {
        // What Python gave is released with the GIL held.
        Python::attach(|_| drop((calls, lexicon)));
    }
    match error.into_inner() {
        Some(e) => Err(e),
        None => Ok(found),
    }
}

fn add_words(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(set_word_evidence, m)?)?;
    m.add_class::<PyLexicon>()?;
    m.add_class::<PyCorpusCompounds>()?;
    Ok(())
}

// --- end of split-word evidence ---

// --- learned line classifier (crates/textclean-core/src/lineclf.rs) ---

fn le_bytes<T: Copy>(values: &[T], to: impl Fn(T) -> [u8; 4]) -> Vec<u8> {
    values.iter().flat_map(|&v| to(v)).collect()
}

/// The line classifier's features of each non-blank line of `text`:
/// `(line indexes, [indptr, index, value, context])`, the last four little-endian `u32`, `u32`,
/// `f32` and `f32` (5 per row) arrays as bytes (for `numpy.frombuffer`).
#[pyfunction]
fn line_features<'py>(py: Python<'py>, text: &str) -> (Vec<usize>, [Bound<'py, PyBytes>; 4]) {
    let f = py.detach(|| lineclf::features(text, &lines::split_lines(text)));
    let context: Vec<f32> = f.context.iter().flatten().copied().collect();
    (
        f.lines.clone(),
        [
            PyBytes::new(py, &le_bytes(&f.indptr, u32::to_le_bytes)),
            PyBytes::new(py, &le_bytes(&f.index, u32::to_le_bytes)),
            PyBytes::new(py, &le_bytes(&f.value, f32::to_le_bytes)),
            PyBytes::new(py, &le_bytes(&context, f32::to_le_bytes)),
        ],
    )
}

/// The second-stage features of `text`'s non-blank lines given their first-stage logits
/// `z` (little-endian `f32` bytes, one per row): little-endian `f32` bytes, row-major.
#[pyfunction]
fn line_stage2<'py>(py: Python<'py>, text: &str, z: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    let z: Vec<f32> = z
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
        .collect();
    let x = py.detach(|| {
        let f = lineclf::features(text, &lines::split_lines(text));
        (f.lines.len() == z.len()).then(|| lineclf::stage2_features(&f.context, &z))
    });
    match x {
        Some(x) => Ok(PyBytes::new(py, &le_bytes(&x, f32::to_le_bytes))),
        None => Err(PyValueError::new_err(
            "one logit per non-blank line is needed",
        )),
    }
}

/// The feature layout: `(version, hash bits, dense features, second-stage features)`.
#[pyfunction]
fn line_feature_layout() -> (u32, u32, usize, usize) {
    (
        lineclf::FEATURE_VERSION,
        lineclf::HASH_BITS,
        lineclf::DENSE,
        lineclf::STAGE2,
    )
}

/// How many distinct line bodies a model's memo keeps before it is cleared.
const LINE_MEMO_LIMIT: usize = 1 << 12;

/// A trained line classifier, read from a model file's bytes.
#[pyclass(frozen, name = "LineModel", module = "textclean._core")]
struct PyLineModel {
    inner: lineclf::LineModel,
    /// What the line bodies it scored gave on their own, for the next call (a fix pass
    /// scores the text the last pass left, whose lines are mostly the same).
    memo: Mutex<lineclf::Memo>,
    /// The closure `found` left last, with its text and arguments: a fix pass that applies
    /// only safe fixes stops after its first stage, and the pass that fixes nothing asks for
    /// every line of the same text, which goes on from there.
    last: Mutex<Option<LastClosure>>,
}

/// A closure ([`lineclf::Closure`]) of `text` with `(lowest, threshold, rounds)`.
struct LastClosure {
    text: String,
    args: (f32, f64, usize),
    closure: lineclf::Closure,
}

impl PyLineModel {
    /// `work` with the model's memo, or with a new one while another thread holds it.
    fn with_memo<T>(&self, work: impl FnOnce(&mut lineclf::Memo) -> T) -> T {
        match self.memo.try_lock() {
            Ok(mut memo) => {
                if memo.len() > LINE_MEMO_LIMIT {
                    memo.clear();
                }
                work(&mut memo)
            }
            Err(_) => work(&mut lineclf::Memo::default()),
        }
    }
}

#[pymethods]
impl PyLineModel {
    #[new]
    fn new(data: &[u8]) -> PyResult<Self> {
        lineclf::LineModel::from_bytes(data)
            .map(|inner| PyLineModel {
                inner,
                memo: Mutex::new(lineclf::Memo::default()),
                last: Mutex::new(None),
            })
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// `(line index, probability, zone)` of each non-blank line of `text` whose probability
    /// of being boilerplate is at least `at_least`; `zone`: 0 before the first line of prose,
    /// 1 from the first to the last line of prose, 2 after the last.
    #[pyo3(signature = (text, at_least=0.0))]
    fn score(&self, py: Python<'_>, text: &str, at_least: f32) -> Vec<(usize, f32, u8)> {
        py.detach(|| {
            let scored =
                self.with_memo(|memo| self.inner.score_with(text, &lines::split_lines(text), memo));
            scored
                .into_iter()
                .filter(|s| s.probability >= at_least)
                .map(|s| (s.line, s.probability, s.zone as u8))
                .collect()
        })
    }

    /// The lines of `text` whose probability reaches `lowest`, the lines a fix would bring to
    /// it included: `text` is scored again without the lines found, up to `rounds` times, first
    /// without those at `threshold` or above after the last line of prose, then without all.
    /// Sorted, none before the first line of prose; each as `(line index, probability, zone,
    /// start, end, delete start, delete end, wrapped)`: `zone` 1 or 2 as in `score`, 3 for a
    /// line after the prose found only once every line found before is gone; its place as
    /// `line_places` gives it, but where two lines' deletions overlap (a blank line between
    /// them, the last line's going back to the one before), the shared part goes with the
    /// first. What the rule's findings need, in one call.
    ///
    /// With `safe_only`, only the lines a safe fix may delete: at `threshold` or above, after
    /// the last line of prose, not a piece of a wrapped sentence; the same as those of the
    /// whole answer, but the closure stops after its first stage unless the second could
    /// change one of their places. The next call on the same text goes on from there.
    #[pyo3(signature = (text, lowest, threshold, rounds, safe_only=false))]
    fn found(
        &self,
        py: Python<'_>,
        text: &str,
        lowest: f32,
        threshold: f64,
        rounds: usize,
        safe_only: bool,
    ) -> Vec<PyFound> {
        let (scored, places) = py.detach(|| {
            let lines = lines::split_lines(text);
            let args = (lowest, threshold, rounds);
            let mut last = self.last.try_lock().ok();
            let kept = last
                .as_mut()
                .and_then(|slot| slot.take())
                .filter(|l| l.args == args && l.text == text);
            let closure = self.with_memo(|memo| {
                let mut closure = match kept {
                    Some(l) => l.closure,
                    None => self
                        .inner
                        .closure_safe(text, &lines, lowest, threshold, rounds, memo),
                };
                if !safe_only || !closure.places_settled(&lines) {
                    let model = &self.inner;
                    model.closure_finish(&mut closure, text, &lines, memo);
                }
                closure
            });
            // A safe fix deletes only a line at the threshold or above after the last line of
            // prose; the rule makes a wrapped one's fix unsafe.
            let safe = |s: &lineclf::Scored| {
                !safe_only || (s.probability as f64 >= threshold && s.zone == lineclf::Zone::Tail)
            };
            let (mut found, mut places) =
                lineclf::found_places(text, &lines, closure.found(), safe);
            if safe_only {
                (found, places) = found
                    .into_iter()
                    .zip(places)
                    .filter(|(_, p)| !p.wrapped)
                    .unzip();
            }
            if let Some(slot) = last.as_mut() {
                **slot = Some(LastClosure {
                    text: text.to_owned(),
                    args,
                    closure,
                });
            }
            (found, places)
        });
        let mut bytes = Vec::new();
        place_offsets(&places, &mut bytes);
        let places = places_to_python(&places, &mut chars_of(text, &bytes).into_iter());
        scored
            .iter()
            .zip(places)
            .map(|(s, (start, end, from, to, wrapped))| {
                (
                    s.line,
                    s.probability,
                    s.zone as u8,
                    start,
                    end,
                    from,
                    to,
                    wrapped,
                )
            })
            .collect()
    }
}

/// What `LineModel.found` gives of one line: its index, probability and zone, and its place
/// (`line_places`): span, deletion (code points), whether it is a piece of a wrapped sentence.
type PyFound = (usize, f32, u8, usize, usize, usize, usize, bool);

fn add_lineclf(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(line_features, m)?)?;
    m.add_function(wrap_pyfunction!(line_stage2, m)?)?;
    m.add_function(wrap_pyfunction!(line_feature_layout, m)?)?;
    m.add_class::<PyLineModel>()?;
    Ok(())
}

// --- end of learned line classifier ---

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(apply_edits, m)?)?;
    m.add_function(wrap_pyfunction!(finder_names, m)?)?;
    m.add_function(wrap_pyfunction!(finder_params, m)?)?;
    m.add_function(wrap_pyfunction!(metric, m)?)?;
    m.add_function(wrap_pyfunction!(unescape_html, m)?)?;
    m.add_function(wrap_pyfunction!(has_mojibake_trigger, m)?)?;
    m.add_function(wrap_pyfunction!(mojibake_lines, m)?)?;
    m.add_function(wrap_pyfunction!(badness_windows, m)?)?;
    m.add_function(wrap_pyfunction!(word_count_upto, m)?)?;
    m.add_function(wrap_pyfunction!(split_lines, m)?)?;
    m.add_function(wrap_pyfunction!(line_starts, m)?)?;
    m.add_function(wrap_pyfunction!(line_places, m)?)?;
    m.add_function(wrap_pyfunction!(phrase_key, m)?)?;
    m.add_function(wrap_pyfunction!(paragraph_lines, m)?)?;
    m.add_function(wrap_pyfunction!(fold_label, m)?)?;
    m.add_function(wrap_pyfunction!(regex_unassigned, m)?)?;
    m.add_class::<PyFinder>()?;
    m.add_class::<PyLineRules>()?;
    m.add_class::<PyProbe>()?;
    m.add_class::<PyPatternRules>()?;
    m.add_class::<PyScan>()?;
    m.add_class::<PyLineMemo>()?;
    add_words(m)?;
    add_lineclf(m)?;
    Ok(())
}
