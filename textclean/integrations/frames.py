"""pandas and polars columns: fix or check a text column, with per-row findings as JSON.

    fix_series(series, rules)    -> frame with `text` (fixed) and `findings` (JSON per row)
    check_series(series, rules)  -> series of `findings` (JSON per row)
    report(findings, rules)      -> one Report from a findings column

A row's findings JSON is its document report (`DocumentReport.to_dict()`: id, changed, error,
findings with spans, line:col and fixes), or ``{"id": ..., "rejected": reason}`` for a row whose
value is null or not a string; such a row keeps its value and is counted as quarantined by
:func:`report`, as a bad JSONL record is. The Dask adapter uses the same row functions, so a
column fixed here and one fixed on a cluster carry the same JSON.

pandas and polars are extras: they are imported inside the functions that need them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import orjson

from textclean.api import RulesLike, check_document, fix_document, resolve_rules
from textclean.errors import MissingExtraError
from textclean.model import Document
from textclean.report.report import DocumentReport, Mode, Report
from textclean.rules.kinds import DEFAULT_REGEX_TIMEOUT, Rule

TEXT = "text"
FINDINGS = "findings"


def is_null(value: Any) -> bool:
    """Whether a frame's value is missing: None, float NaN and pandas' NA/NaT (pandas is not
    imported for it). The pandera checks share it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _rejected(doc_id: str, value: Any) -> str | None:
    if isinstance(value, str):
        return None
    if is_null(value):
        return "text is null"
    return f"text is not a string but {type(value).__name__}"


def fix_row(
    doc_id: str,
    value: Any,
    rules: Sequence[Rule],
    *,
    unsafe_fixes: bool = False,
    timeout: float = DEFAULT_REGEX_TIMEOUT,
    url: str | None = None,
) -> tuple[Any, str]:
    """The fixed value and the row's findings JSON. Bad values come back unchanged."""
    reason = _rejected(doc_id, value)
    if reason is not None:
        return value, orjson.dumps({"id": doc_id, "rejected": reason}).decode()
    doc = Document(doc_id, value, {"url": url} if url else {})
    text, doc_report = fix_document(doc, rules, unsafe_fixes=unsafe_fixes, timeout=timeout)
    return text, orjson.dumps(doc_report.to_dict()).decode()


def check_row(
    doc_id: str,
    value: Any,
    rules: Sequence[Rule],
    *,
    timeout: float = DEFAULT_REGEX_TIMEOUT,
    url: str | None = None,
) -> str:
    """The row's findings JSON for a check (nothing is changed)."""
    reason = _rejected(doc_id, value)
    if reason is not None:
        return orjson.dumps({"id": doc_id, "rejected": reason}).decode()
    doc = Document(doc_id, value, {"url": url} if url else {})
    return orjson.dumps(check_document(doc, rules, timeout=timeout).to_dict()).decode()


def add_rows(report: Report, findings: Iterable[str | None]) -> Report:
    """Count rows' findings JSON into `report`, in order; returns the same report."""
    for cell in findings:
        if cell is None:
            continue
        data = orjson.loads(cell)
        if "rejected" in data:
            report.add_error(data["id"], data["rejected"])
        else:
            report.add(DocumentReport.from_dict(data))
    return report


def report(findings: Iterable[str | None], rules: RulesLike = None, mode: Mode = "fix") -> Report:
    """One Report from a findings column (pandas or polars Series, or any iterable of JSON)."""
    return add_rows(Report.for_rules(resolve_rules(rules), mode), findings)


def _kind(series: Any) -> str:
    module = type(series).__module__
    if module.startswith("polars"):
        return "polars"
    if module.startswith("pandas"):
        return "pandas"
    raise TypeError(f"expected a pandas or polars Series, got {type(series).__name__}")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise MissingExtraError("fix_series on pandas", "pandas") from exc
    return pandas


def _polars() -> Any:
    try:
        import polars
    except ImportError as exc:
        raise MissingExtraError("fix_series on polars", "polars") from exc
    return polars


def _ids(series: Any, kind: str) -> Iterable[str]:
    if kind == "pandas":
        return (str(label) for label in series.index)
    return (str(i) for i in range(len(series)))


def fix_series(
    series: Any,
    rules: RulesLike = None,
    *,
    unsafe_fixes: bool = False,
    timeout: float = DEFAULT_REGEX_TIMEOUT,
) -> Any:
    """Fix a pandas or polars text column.

    Returns a DataFrame of the same kind and length with column `text` (the fixed texts; the
    input's dtype, and for pandas its index) and `findings` (each row's report as JSON; row
    ids are the pandas index labels or the polars row numbers). `report(df["findings"])`
    sums them into one Report.
    """
    kind = _kind(series)
    lib = _pandas() if kind == "pandas" else _polars()
    chosen = resolve_rules(rules)
    texts: list[Any] = []
    findings: list[str] = []
    for doc_id, value in zip(_ids(series, kind), series, strict=True):
        text, cell = fix_row(doc_id, value, chosen, unsafe_fixes=unsafe_fixes, timeout=timeout)
        texts.append(text)
        findings.append(cell)
    if kind == "pandas":
        return lib.DataFrame(
            {
                TEXT: lib.Series(texts, index=series.index, dtype=series.dtype),
                FINDINGS: lib.Series(findings, index=series.index, dtype=object),
            }
        )
    return lib.DataFrame(
        [lib.Series(TEXT, texts, dtype=series.dtype), lib.Series(FINDINGS, findings, dtype=lib.String)]
    )


def check_series(
    series: Any, rules: RulesLike = None, *, timeout: float = DEFAULT_REGEX_TIMEOUT
) -> Any:
    """Check a pandas or polars text column: a `findings` Series of JSON, one per row."""
    kind = _kind(series)
    lib = _pandas() if kind == "pandas" else _polars()
    chosen = resolve_rules(rules)
    cells = [
        check_row(doc_id, value, chosen, timeout=timeout)
        for doc_id, value in zip(_ids(series, kind), series, strict=True)
    ]
    if kind == "pandas":
        return lib.Series(cells, index=series.index, dtype=object, name=FINDINGS)
    return lib.Series(FINDINGS, cells, dtype=lib.String)
