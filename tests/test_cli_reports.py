"""Reports from the command line: several formats at once, `report`, thresholds, exit codes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from textclean.model import Level
from textclean.render.console import render_table
from textclean.report.report import DocumentReport, FindingRecord, Report
from textclean.report.verdict import evaluate, governing_key

DIRTY = "Tom &amp; Jerry\n\nRead more from Europe\nPost Comment"
CLEAN = (
    "The harbour festival returned this weekend after a two-year pause, with boat races, a fish "
    "market and a night parade on the old quay, where thousands gathered despite the rain.\n"
)


@pytest.fixture
def corpus(tmp_path):
    """Ten documents: two with boilerplate and an entity, eight clean."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(10):
        (folder / f"{i:02}.txt").write_text(DIRTY if i < 2 else CLEAN, encoding="utf-8")
    return folder


def test_several_formats_at_once(run, tmp_path, corpus):
    result = run("check", "corpus", "--format", "github", "--output-sarif", "r.sarif",
                 "--output-junit", "r.xml", "--output-markdown", "r.md", "--output-html", "r.html",
                 "--output-json", "r.json")
    assert result.exit_code == 1
    assert result.output.startswith("::warning file=corpus/00.txt,")
    sarif = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert ET.parse(tmp_path / "r.xml").getroot().get("failures") != "0"
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("## textclean check: ")
    assert "BP001" in (tmp_path / "r.html").read_text(encoding="utf-8")
    saved = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert saved["documents"][0]["text"] == DIRTY  # an HTML output keeps the texts


def test_json_report_stays_small_without_html(run, tmp_path, corpus):
    run("check", "corpus", "--output-json", "r.json")
    saved = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert all("text" not in d for d in saved["documents"])
    run("check", "corpus", "--output-json", "r2.json", "--include-text")
    saved = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    assert [d["text"] for d in saved["documents"]] == [DIRTY, DIRTY]


def test_fix_prints_its_report_in_the_format_asked(run, tmp_path, corpus):
    result = run("fix", "corpus", "--out", "clean", "--format", "markdown", "--output-junit", "r.xml")
    assert result.output.startswith("## textclean fix: 6 fixes applied in 2 changed;")
    assert result.exit_code == 0
    assert (tmp_path / "r.xml").is_file()


def test_report_merges_shards(run, tmp_path, corpus):
    run("check", "corpus/00.txt", "corpus/01.txt", "--output-json", "a.json")
    run("check", "corpus/02.txt", "corpus/03.txt", "--output-json", "b.json")
    run("check", "corpus/00.txt", "corpus/01.txt", "corpus/02.txt", "corpus/03.txt", "--format", "markdown",
        "-o", "all.md")
    result = run("report", "a.json", "b.json", "--format", "markdown", "-o", "merged.md")
    assert result.exit_code == 0
    assert (tmp_path / "merged.md").read_text() == (tmp_path / "all.md").read_text()


def test_report_rejects_what_is_not_a_report(run, tmp_path):
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "old.json").write_text(json.dumps({"schema_version": 99}), encoding="utf-8")
    for name, message in (("bad.json", "not JSON"), ("old.json", "unsupported report schema_version")):
        result = run("report", name, "--format", "html")
        assert result.exit_code == 2 and message in result.output


def test_json_report_round_trips_texts_and_sources():
    finding = FindingRecord("MK001", Level.WARNING, "entity", 4, 9, 1, 5, 1, 10, "&amp;", "safe")
    report = Report()
    report.add(DocumentReport("rec-1", (finding,), source="pages.jsonl:3", text=DIRTY))
    again = Report.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again.entries == report.entries
    assert again.entries[0].location == ("pages.jsonl", 3)


def test_max_rate_tolerates_a_share_of_documents(run, corpus):
    # 2 of 10 documents (20%) have BP and MK findings.
    assert run("check", "corpus").exit_code == 1
    assert run("check", "corpus", "--max-rate", "BP=0.2", "--max-rate", "MK=20%").exit_code == 0
    result = run("check", "corpus", "--max-rate", "BP=0.1,MK=0.5")
    assert result.exit_code == 1
    assert "max-rate BP: 2 of 10 documents (20.0%) have findings; limit 10.0%: FAIL" in result.output
    # MK001 has no threshold of its own here, so it still fails the run.
    assert run("check", "corpus", "--max-rate", "BP=0.5").exit_code == 1
    assert run("check", "corpus", "--max-rate", "ALL=0.2").exit_code == 0


def test_max_rate_from_config(run, tmp_path, corpus):
    (tmp_path / "textclean.toml").write_text('[max-rate]\nALL = 0.25\n', encoding="utf-8")
    assert run("check", "corpus").exit_code == 0
    (tmp_path / "textclean.toml").write_text('[max-rate]\nALL = 0.25\nbp = 0.1\n', encoding="utf-8")
    assert run("check", "corpus").exit_code == 1
    (tmp_path / "textclean.toml").write_text('[max-rate]\nBP = 2\n', encoding="utf-8")
    result = run("check", "corpus")
    assert result.exit_code == 2 and "must be a share between 0 and 1" in result.output


def test_max_rate_does_not_forgive_unread_inputs(run, tmp_path, corpus):
    (corpus / "broken.txt").write_bytes(b"\xff\xfe not utf-8")
    assert run("check", "corpus", "--max-rate", "ALL=1").exit_code == 1


def test_governing_key_and_fail_level():
    assert governing_key("BP001", ["BP", "B", "ALL"]) == "BP"
    assert governing_key("EN001", ["BP"]) is None
    report = Report()
    info = FindingRecord("WS001", Level.INFO, "m", 0, 1, 1, 1, 1, 2, " ")
    report.add(DocumentReport("a", (info,)))
    report.add(DocumentReport("b"))
    assert evaluate(report, Level.WARNING).passed  # info is below the fail level
    verdict = evaluate(report, Level.INFO, {"WS": 0.4})
    assert not verdict.passed and verdict.rates[0].rate == 0.5


def test_exit_codes_are_in_the_help(run):
    for command in ("check", "fix"):
        text = run(command, "--help").output
        assert "Exit codes:" in text and "--max-rate" in text
        assert "0  pass" in text and "1  fail" in text and "2  error" in text


def test_rich_summary_table_lists_rules_that_found_something(seeds_dir, default_rules):
    from textclean.run.runner import RunOptions, check_paths

    report = check_paths([str(seeds_dir)], default_rules.rules, RunOptions())
    table = render_table(report, width=120)
    assert "QT001" in table and "slid-quote" in table
    assert "TY001" not in table  # opt-in rules did not run; quiet rules are not listed
    assert "\x1b[" in table  # styled for a terminal
