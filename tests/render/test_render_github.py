"""GitHub workflow commands: located, escaped, capped with a closing count."""

from __future__ import annotations

import re

from textclean.model import Level
from textclean.render import github
from textclean.report.report import DocumentReport, FindingRecord, Report

COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def _props(line):
    kind, props, message = COMMAND.match(line).groups()
    pairs = dict(p.split("=", 1) for p in props.split(",")) if props else {}
    return kind, pairs, message


def test_seed_findings_become_annotations(seeds_check):
    lines = github.render(seeds_check).splitlines()
    assert len(lines) == sum(seeds_check.remaining_per_rule.values())  # under the cap
    parsed = [_props(line) for line in lines]
    slid = [p for p in parsed if p[1]["title"] == "QT001"]
    assert slid and slid[0][0] == "warning"
    assert slid[0][1]["file"] == "seeds/001_b8b41c24772250aa.txt" and slid[0][1]["line"] == "21"
    assert {"col", "endLine", "endColumn"} <= set(slid[0][1])
    info = [p for p in parsed if p[1]["title"] == "MD001"]
    assert info and info[0][0] == "notice"  # info -> ::notice


def _report(findings, doc_id="a,b:c%.txt", source=None):
    report = Report()
    report.add(DocumentReport(doc_id, tuple(findings), source=source))
    return report


def _finding(rule="BP001", level=Level.WARNING, message="m", excerpt="x", line=1):
    return FindingRecord(rule, level, message, 0, 1, line, 1, line, 2, excerpt)


def test_properties_and_message_are_escaped():
    report = _report([_finding(message="50% off\r\nnow", excerpt="a,b")])
    (line,) = github.render(report).splitlines()
    assert line.startswith("::warning file=a%2Cb%3Ac%25.txt,line=1,col=1,")
    assert line.endswith("::50%25 off%0D%0Anow: a,b")  # : and , stay as they are in the message


def test_jsonl_record_is_annotated_on_its_line():
    report = _report([_finding(line=4)], doc_id="rec-9", source="pages.jsonl:17")
    (line,) = github.render(report).splitlines()
    kind, props, message = _props(line)
    assert props == {"file": "pages.jsonl", "line": "17", "title": "BP001"}
    assert message.startswith("rec-9 4:1: ")


def test_cap_errors_first_and_a_closing_count():
    findings = [_finding(rule=f"WS{i:03}", level=Level.INFO) for i in range(60)]
    findings.append(_finding(rule="EN001", level=Level.ERROR))
    lines = github.render(_report(findings), limit=10).splitlines()
    assert len(lines) == 11
    assert lines[0].startswith("::error ") and "title=EN001" in lines[0]
    assert lines[-1] == "::notice title=textclean::51 more of 61 annotations not shown; see the full " \
        "report (textclean check --format text or --output-json)"
