"""Baseline and suppressions in every report format: SARIF, JUnit, GitHub, Markdown, text."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from textclean.cli import main
from textclean.render import sarif

SCHEMA = Path(sarif.__file__).parent / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One check with a baseline (one entry absorbed, one stale), a used and an unused
    suppression and one new finding, written in every format."""
    root = tmp_path_factory.mktemp("triage")
    data = root / "data"
    data.mkdir()
    (data / "a.txt").write_text("Tom &amp; Jerry\nFish &lt; chips\n", encoding="utf-8")
    (data / "b.txt").write_text("Salt &amp; pepper\n", encoding="utf-8")
    (root / "textclean-ignore.yaml").write_text(
        "- document: data/b.txt\n  rule: MK001\n  reason: quoted markup\n"
        "- document: data/zzz/*\n  rule: BP\n  reason: gone\n", encoding="utf-8")
    runner = CliRunner()
    cwd = Path.cwd()
    os.chdir(root)
    try:
        result = runner.invoke(main, ["baseline", "data", "--select", "MK", "--out", "bl.json"],
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
        (data / "a.txt").write_text("New top line.\nTom &amp; Jerry\nFish and chips &gt;\n", encoding="utf-8")
        args = ["check", "data", "--select", "MK", "--baseline", "bl.json"]
        for fmt in ("sarif", "junit", "github", "markdown", "json", "text"):
            args += [f"--output-{fmt}", f"out.{fmt}"]
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 1, result.output
    finally:
        os.chdir(cwd)
    return root


def test_sarif_baseline_state_suppressions_and_fingerprints(rendered: Path) -> None:
    log = json.loads((rendered / "out.sarif").read_text())
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    assert [e.message for e in cls(schema).iter_errors(log)] == []
    results = log["runs"][0]["results"]
    states = sorted((r["properties"]["document"], r["baselineState"], "suppressions" in r) for r in results)
    assert states == [
        ("data/a.txt", "absent", False),  # &lt; was fixed
        ("data/a.txt", "new", False),  # &gt; is new
        ("data/a.txt", "unchanged", False),  # &amp; moved down a line
        ("data/b.txt", "new", True),
    ]
    assert all(len(r["partialFingerprints"]["textcleanFinding/v1"]) == 16 for r in results)
    absent = next(r for r in results if r["baselineState"] == "absent")
    assert absent["kind"] == "pass" and "region" not in absent["locations"][0]["physicalLocation"]
    props = log["runs"][0]["properties"]
    assert props["absorbedByBaseline"] == 1 and props["suppressed"] == 1


def test_junit_counts_only_new_findings_as_failures(rendered: Path) -> None:
    root = ET.parse(rendered / "out.junit").getroot()
    assert root.get("failures") == "1"
    triage = next(s for s in root if s.get("name") == "textclean.triage")
    names = [c.get("name") for c in triage]
    assert names[0] == "1 findings absorbed by the baseline bl.json; 1 findings suppressed"
    assert "data/b.txt: 1 suppressed" in names
    assert "data/a.txt: MK001 no longer found" in names
    assert "textclean-ignore.yaml:4: unused suppression" in names
    assert triage.get("skipped") == "3"


def test_github_annotates_new_findings_and_notes_the_rest(rendered: Path) -> None:
    lines = (rendered / "out.github").read_text().splitlines()
    assert [line.split("::")[1].split(" ")[0] for line in lines] == ["warning", "notice", "warning"]
    assert "file=data/a.txt,line=3" in lines[0]
    assert "1 finding(s) absorbed by the baseline bl.json; 1 suppressed; 1 baseline entry no longer found" in lines[1]
    assert lines[2].startswith("::warning file=textclean-ignore.yaml,line=4,")


def test_markdown_and_text_list_stale_entries(rendered: Path) -> None:
    md = (rendered / "out.markdown").read_text()
    assert "### Baseline and suppressions" in md
    assert "1 finding absorbed by the baseline `bl.json`; 1 finding suppressed." in md
    assert "| data/a.txt | `MK001` | 1 | &amp;lt; |" in md
    assert "| textclean-ignore.yaml:4 | data/zzz/* | `BP` | gone |" in md
    text = (rendered / "out.text").read_text()
    assert "data/a.txt: MK001 no longer found (1x in baseline): &lt;" in text
    assert text.splitlines()[0].startswith("data/a.txt:3:16: MK001")
    report = json.loads((rendered / "out.json").read_text())
    assert report["summary"]["remaining_per_rule"] == {"MK001": 1}
