"""pandas and polars columns: fixed text plus per-row findings JSON, summed into a Report."""

from __future__ import annotations

import json

import pytest

import textclean
from textclean.integrations import frames

DIRTY = "Tom &amp; Jerry\n\nPost Comment"
CLEAN = (
    "The harbour festival returned this weekend after a two-year pause, with boat races, a fish "
    "market and a night parade on the old quay, where thousands gathered despite the rain.\n"
)


def _expected_report(default_rules, ids, texts):
    good = [(i, t) for i, t in zip(ids, texts, strict=True) if isinstance(t, str)]
    return textclean.fix_documents(good, default_rules).run()


def test_pandas_fix_series(default_rules):
    pd = pytest.importorskip("pandas")
    series = pd.Series([DIRTY, None, CLEAN], index=[10, 11, 12], dtype=object, name="body")
    out = textclean.fix_series(series, default_rules)
    assert list(out.columns) == ["text", "findings"]
    assert list(out.index) == [10, 11, 12]
    assert out["text"][10] == textclean.fix_text(DIRTY, default_rules).text
    assert out["text"][11] is None and out["text"][12] == CLEAN
    first = json.loads(out["findings"][10])
    assert first["id"] == "10" and first["changed"] is True
    assert {f["rule"] for f in first["findings"] if f["fix"] and f["fix"]["applied"]} >= {"MK001", "BP001"}
    assert json.loads(out["findings"][11]) == {"id": "11", "rejected": "text is null"}
    report = frames.report(out["findings"], default_rules)
    expected = _expected_report(default_rules, ["10", "11", "12"], [DIRTY, None, CLEAN])
    assert report.quarantined == 1 and report.errors == [{"source": "11", "reason": "text is null"}]
    report.quarantined, report.errors = 0, []
    assert report.to_dict() == expected.to_dict()


def test_pandas_string_dtype_keeps_dtype_and_nan(default_rules):
    pd = pytest.importorskip("pandas")
    series = pd.Series([DIRTY, pd.NA], dtype="string")
    out = textclean.fix_series(series, default_rules)
    assert out["text"].dtype == series.dtype
    assert pd.isna(out["text"][1])
    assert json.loads(out["findings"][1])["rejected"] == "text is null"


def test_pandas_non_string_value_is_rejected_and_kept(default_rules):
    pd = pytest.importorskip("pandas")
    out = textclean.fix_series(pd.Series([3, DIRTY], dtype=object), default_rules)
    assert out["text"][0] == 3
    assert json.loads(out["findings"][0])["rejected"] == "text is not a string but int"


def test_polars_fix_series(default_rules):
    pl = pytest.importorskip("polars")
    series = pl.Series("body", [DIRTY, None, CLEAN])
    out = textclean.fix_series(series, default_rules)
    assert isinstance(out, pl.DataFrame)
    assert out.columns == ["text", "findings"]
    assert out["text"].to_list() == [textclean.fix_text(DIRTY, default_rules).text, None, CLEAN]
    assert json.loads(out["findings"][1]) == {"id": "1", "rejected": "text is null"}
    report = frames.report(out["findings"], default_rules)
    assert report.documents == 2 and report.quarantined == 1
    assert report.fixed_per_rule["MK001"] == 1


def test_pandas_and_polars_give_the_same_findings(default_rules):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    texts = [DIRTY, CLEAN, "x&amp;y\u200b"]
    a = textclean.fix_series(pd.Series(texts), default_rules)
    b = textclean.fix_series(pl.Series(texts), default_rules)
    assert list(a["text"]) == b["text"].to_list()
    assert list(a["findings"]) == b["findings"].to_list()


def test_check_series_changes_nothing(default_rules):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    for series in (pd.Series([DIRTY, CLEAN]), pl.Series([DIRTY, CLEAN])):
        findings = textclean.check_series(series, default_rules)
        report = frames.report(findings, default_rules, mode="check")
        expected = textclean.check_documents([("0", DIRTY), ("1", CLEAN)], default_rules)
        assert report.to_dict() == expected.to_dict()


def test_not_a_series_is_a_type_error(default_rules):
    with pytest.raises(TypeError, match="pandas or polars Series"):
        textclean.fix_series([DIRTY], default_rules)
