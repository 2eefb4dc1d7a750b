"""Baselines: `textclean baseline`, `check --baseline` (file or saved JSON report), --shrink."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from textclean.cli import main
from textclean.errors import ReadError
from textclean.report.baseline import Baseline, load_baseline
from textclean.report.fingerprint import fingerprint

BODY = "Tom &amp; Jerry met at the fair.\nNothing else happened here.\n"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.txt").write_text(BODY, encoding="utf-8")
    (data / "b.txt").write_text("Fish &nbsp;and chips.\n", encoding="utf-8")
    return data


def test_fingerprint_ignores_other_lines_but_not_its_own() -> None:
    text = "Line one.\nTom &amp; Jerry\n"
    start = text.index("&amp;")
    fp = fingerprint("MK001", text, start, start + 5)
    moved = "A new line.\nAnd another.\n" + text + "More below.\n"
    assert fingerprint("MK001", moved, start + 25, start + 30) == fp
    same_line_edit = text.replace("Tom", "Tim")
    assert fingerprint("MK001", same_line_edit, start, start + 5) != fp
    assert fingerprint("MK002", text, start, start + 5) != fp
    # whitespace inside the neighbourhood does not matter; the matched text does
    spaced = text.replace("Tom &amp;", "Tom   &amp;")
    s2 = spaced.index("&amp;")
    assert fingerprint("MK001", spaced, s2, s2 + 5) == fp


def test_baseline_survives_edits_above_a_finding(corpus: Path) -> None:
    code, out = run("baseline", "data", "--out", "bl.json", "--select", "MK")
    assert code == 0, out
    entries = json.loads(Path("bl.json").read_text())["findings"]
    assert {(e["document"], e["rule"]) for e in entries} == {("data/a.txt", "MK001"), ("data/b.txt", "MK001")}
    code, out = run("check", "data", "--select", "MK", "--baseline", "bl.json")
    assert code == 0, out
    assert "2 absorbed by the baseline" in out
    # text above the finding changes: its line moves, it stays known
    (corpus / "a.txt").write_text("A brand new first paragraph.\n\n" + BODY, encoding="utf-8")
    code, out = run("check", "data", "--select", "MK", "--baseline", "bl.json")
    assert code == 0, out
    assert "0 findings" in out and "2 absorbed" in out


def test_new_findings_fail_and_fixed_ones_are_stale(corpus: Path) -> None:
    run("baseline", "data", "--out", "bl.json", "--select", "MK")
    (corpus / "a.txt").write_text(BODY + "Bread &amp; butter.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Fish and chips.\n", encoding="utf-8")
    code, out = run("check", "data", "--select", "MK", "--baseline", "bl.json")
    assert code == 1
    assert "data/a.txt:3:7: MK001" in out  # only the new one is printed
    assert "data/a.txt:1:" not in out
    assert "data/b.txt: MK001 no longer found (1x in baseline): &nbsp;" in out
    assert "1 baseline entry no longer found" in out
    code, out = run("check", "data", "--select", "MK", "--baseline", "bl.json", "--output-json", "r.json")
    report = json.loads(Path("r.json").read_text())
    assert report["summary"]["absorbed_by_baseline"] == 1
    assert report["summary"]["remaining_per_rule"] == {"MK001": 1}
    assert [e["document"] for e in report["triage"]["stale"]] == ["data/b.txt"]
    statuses = [f.get("status") for d in report["documents"] for f in d["findings"]]
    assert statuses == ["baseline", None]
    # shrinking drops the fixed entry and never adds the new finding
    code, out = run("baseline", "data", "--out", "bl.json", "--select", "MK", "--shrink")
    assert code == 0 and "kept 1 of 2" in out
    kept = load_baseline(Path("bl.json"))
    assert [k[0] for k in kept.counts] == ["data/a.txt"]
    assert run("check", "data", "--select", "MK", "--baseline", "bl.json")[0] == 1


def test_a_saved_json_report_is_a_baseline(corpus: Path) -> None:
    run("check", "data", "--select", "MK", "--output-json", "old.json")
    code, out = run("check", "data", "--select", "MK", "--baseline", "old.json")
    assert code == 0, out
    assert "2 absorbed by the baseline" in out


def test_counts_absorb_as_many_copies_as_were_known(corpus: Path) -> None:
    (corpus / "b.txt").write_text("x &amp; y\nx &amp; y\n", encoding="utf-8")
    run("baseline", "data", "--out", "bl.json", "--select", "MK")
    (corpus / "b.txt").write_text("x &amp; y\nx &amp; y\nx &amp; y\n", encoding="utf-8")
    code, out = run("check", "data", "--select", "MK", "--baseline", "bl.json")
    assert code == 1
    assert "3 absorbed" in out and "1 finding " in out


def test_bad_baselines_are_refused(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"schema_version": 1, "documents": [{"id": "a", "findings": [
        {"rule": "MK001", "level": "warning", "message": "m", "start": 0, "end": 1, "line": 1,
         "col": 1, "end_line": 1, "end_col": 2, "excerpt": "&"}]}]}))
    with pytest.raises(ReadError, match="no finding fingerprints"):
        load_baseline(old)
    other = tmp_path / "other.json"
    other.write_text("[1, 2]")
    with pytest.raises(ReadError, match="neither a textclean baseline"):
        load_baseline(other)


def test_baseline_file_round_trips(tmp_path: Path) -> None:
    baseline = Baseline()
    baseline.add("d", "MK001", "00ff", "&amp;")
    baseline.add("d", "MK001", "00ff", "&amp;")
    baseline.save(tmp_path / "b.json")
    again = load_baseline(tmp_path / "b.json")
    assert again.counts == baseline.counts and len(again) == 2
    assert again.take("d", "MK001", "00ff") and again.take("d", "MK001", "00ff")
    assert not again.take("d", "MK001", "00ff")
    assert again.stale() == []
