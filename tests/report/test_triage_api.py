"""Baseline and suppressions in the Python API and the pandera check."""

from __future__ import annotations

from pathlib import Path

import pytest

import textclean
from textclean import Baseline, Triager, check_documents, fix_documents, load_rules
from textclean.report.suppress import parse_entry

MK = load_rules(select=["MK"])
DOCS = [("a", "Tom &amp; Jerry"), ("b", "Salt &amp; pepper"), ("c", "Clean text.")]


def test_check_documents_with_a_baseline_gates_new_findings(tmp_path: Path) -> None:
    baseline = Baseline.from_report(check_documents(DOCS, MK))
    baseline.save(tmp_path / "b.json")
    later = [("a", "A new first line.\nTom &amp; Jerry"), ("b", "Salt and pepper"), ("c", "Fish &lt; chips")]
    report = check_documents(later, MK, triage=Triager(tmp_path / "b.json"))
    assert report.absorbed == 1
    assert report.remaining_per_rule == {"MK001": 1}
    assert [e["document"] for e in report.triage.stale] == ["b"]
    assert [e.id for e in report.all_entries() if e.remaining] == ["c"]


def test_fix_documents_with_suppressions(tmp_path: Path) -> None:
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text("- document: c\n  rule: MK\n  reason: test\n", encoding="utf-8")
    # display-only findings remain after fixing; suppress the one rule that leaves some
    run = fix_documents([("a", "Tom &amp; Jerry"), ("c", "x")], MK, triage=Triager(suppressions=ignore))
    assert [d.text for d in run] == ["Tom & Jerry", "x"]
    assert run.report.triage is not None
    assert [e["document"] for e in run.report.triage.unused] == ["c"]


def test_triager_marks_and_summarises() -> None:
    triage = Triager(None, [parse_entry({"document": "a*", "rule": "MK001", "reason": "why"}, "t")])
    report = check_documents(DOCS, MK, triage=triage)
    assert report.suppressed == 1 and report.remaining_per_rule == {"MK001": 1}
    reasons = [f.reason for e in report.all_entries() for f in e.set_aside]
    assert reasons == ["why"]
    assert textclean.load_baseline is not None


def test_pandera_check_passes_known_rows_and_fails_new_ones() -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pandera")
    from textclean.integrations.pandera import text_check

    frame = pd.DataFrame({"text": ["Tom &amp; Jerry", "Clean text."]}, index=["r1", "r2"])
    baseline = Baseline.from_report(check_documents(zip(map(str, frame.index), frame["text"], strict=True), MK))
    import pandera.pandas as pa

    schema = pa.DataFrameSchema({"text": pa.Column(str, checks=text_check(MK, triage=Triager(baseline)))})
    schema.validate(frame)  # the one finding is known
    grown = pd.concat([frame, pd.DataFrame({"text": ["Fish &lt; chips"]}, index=["r3"])])
    with pytest.raises(pa.errors.SchemaError) as info:
        pa.DataFrameSchema({"text": pa.Column(str, checks=text_check(MK, triage=Triager(baseline)))}).validate(grown)
    assert list(info.value.failure_cases["index"]) == ["r3"]
    without = pa.DataFrameSchema({"text": pa.Column(str, checks=text_check(MK))})
    with pytest.raises(pa.errors.SchemaError):
        without.validate(frame)
