"""JUnit XML: a testsuite per rule, a failing testcase per document, bounded in size."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from textclean.model import Level
from textclean.render import junit
from textclean.report.report import DocumentReport, FindingRecord, Report


def _suites(text):
    root = ET.fromstring(text.encode("utf-8"))
    return root, {s.get("name").split()[0]: s for s in root.findall("testsuite")}


def test_seed_findings_as_suites(seeds_check):
    root, suites = _suites(junit.render(seeds_check))
    assert set(suites) == {r.code for r in seeds_check.rules} | {"textclean.inputs"}
    slid = suites["QT001"]
    (case,) = slid.findall("testcase")
    assert case.get("name") == "seeds/001_b8b41c24772250aa.txt" and case.get("line") == "21"
    failure = case.find("failure")
    assert failure.get("type") == "QT001"
    assert failure.text.startswith("seeds/001_b8b41c24772250aa.txt:21:1: QT001 ")
    quiet = next(s for code, s in suites.items() if code not in seeds_check.found_per_rule and code != "textclean.inputs")
    assert [c.get("name") for c in quiet.findall("testcase")] == ["no findings"]
    assert quiet.find("testcase/failure") is None
    failing = sum(1 for e in seeds_check.entries for _ in e.remaining_codes)
    assert root.get("failures") == str(failing)


def test_fixed_rules_pass_in_a_fix_run(seeds_fix):
    _, suites = _suites(junit.render(seeds_fix))
    cases = suites["UR001"].findall("testcase")
    assert [c.get("name") for c in cases] == ["no findings remain (1 fixed)"]


def test_bounded_with_a_summary_of_what_was_cut():
    report = Report()
    for i in range(30):
        findings = tuple(
            FindingRecord("EN003", Level.WARNING, "control character", 0, 1, n + 1, 1, n + 1, 2, "\x07")
            for n in range(15)
        )
        report.add(DocumentReport(f"doc{i}.txt", findings))
    report.add_error("bad.jsonl", "not JSON", line=3)
    text = junit.render(report, max_cases=5, max_lines=4)
    root, suites = _suites(text)  # parses: the bell character is written as U+0007
    cases = suites["EN003"].findall("testcase")
    assert len(cases) == 6
    assert cases[-1].get("name") == "25 more documents"
    assert "25 more documents (375 findings)" in cases[-1].find("failure").get("message")
    body = cases[0].find("failure").text.splitlines()
    assert len(body) == 5 and body[-1] == "... and 11 more EN003 findings in this document"
    assert "⟨U+0007⟩" in body[0]
    (bad,) = suites["textclean.inputs"].findall("testcase")
    assert bad.get("line") == "3" and bad.find("error").get("message") == "skipped: not JSON"
    assert suites["EN003"].get("tests") == "6" and suites["EN003"].get("failures") == "6"
