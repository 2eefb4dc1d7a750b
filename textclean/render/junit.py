"""JUnit XML, for CI test views (GitLab, Jenkins, Azure): one testsuite per rule.

In each rule's testsuite, every document with remaining findings of that rule is a failing
testcase whose body lists the findings as `path:line:col: CODE message: excerpt`; a rule with
none is one passing testcase. Unreadable inputs and documents that could not be fixed are
failing testcases of a last testsuite, `textclean.inputs`.

The file stays bounded on large corpora: at most `MAX_CASES` failing testcases per suite (the
rest become one failing testcase that says how many documents and findings were cut) and at
most `MAX_LINES` finding lines per testcase (the rest are counted on a closing line). Counts in
the suite attributes are of the testcases written. The JSON report has everything.

Findings the baseline absorbed or a suppression skipped are not failures. A run with either
gets a `textclean.triage` testsuite: a passing testcase counting what was set aside, a
skipped testcase per document with suppressed findings (the reasons in its message), per
baseline entry no longer found (the baseline can shrink), and per suppression that matched
nothing.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from textclean.report.report import DocumentReport, FindingRecord, Report

MAX_CASES = 50
MAX_LINES = 10

# Characters XML 1.0 forbids even as references; excerpts of control-character findings
# have them, so they are shown as U+XXXX instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` with the characters XML cannot hold written as ⟨U+XXXX⟩.

    >>> xml_safe("bell\x07")
    'bell⟨U+0007⟩'
    """
    return _NOT_XML.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


def _finding_line(doc: DocumentReport, f: FindingRecord) -> str:
    where = f"{doc.id}:{f.line}:{f.col}" if doc.source is None else f"{doc.source} ({doc.id} {f.line}:{f.col})"
    return f"{where}: {f.rule} {f.headline}"


def _failing_case(suite: ET.Element, classname: str, doc: DocumentReport,
                  findings: tuple[FindingRecord, ...], max_lines: int) -> None:
    path, record = doc.where(findings[0])
    case = ET.SubElement(suite, "testcase", classname=classname, name=doc.id, file=path,
                         line=str(record if record is not None else findings[0].line))
    first = findings[0]
    count = f"{len(findings)} finding{'s' if len(findings) != 1 else ''}"
    failure = ET.SubElement(case, "failure", type=first.rule, message=f"{count}: {first.message}")
    body = [_finding_line(doc, f) for f in findings[:max_lines]]
    if len(findings) > max_lines:
        body.append(f"... and {len(findings) - max_lines} more {first.rule} findings in this document")
    failure.text = "\n".join(body)


def _dups_suite(root: ET.Element, report: Report, max_cases: int) -> None:
    """A `textclean.dups` testsuite (named before the finder moved to `textclean.corpus.dups`;
    the name is kept for the readers of the report): one passing testcase per near-duplicate group.

    Near-duplicates are information, not failures; the members are in the case's system-out.
    """
    assert report.dups is not None
    suite = ET.SubElement(root, "testsuite", name="textclean.dups")
    groups = report.dups.groups
    for n, group in enumerate(groups[:max_cases], 1):
        case = ET.SubElement(suite, "testcase", classname="textclean.dups",
                             name=f"group {n}: {len(group.documents)} documents")
        out = ET.SubElement(case, "system-out")
        out.text = f"similarity {group.similarity:.2f}\n" + "\n".join(group.documents)
    if len(groups) > max_cases:
        ET.SubElement(suite, "testcase", classname="textclean.dups",
                      name=f"{len(groups) - max_cases} more groups (in the JSON report)")
    if not groups:
        ET.SubElement(suite, "testcase", classname="textclean.dups", name="no near-duplicates")


def _skipped(suite: ET.Element, name: str, message: str, file: str | None = None) -> None:
    case = ET.SubElement(suite, "testcase", classname="textclean.triage", name=name)
    if file is not None:
        case.set("file", file)
    ET.SubElement(case, "skipped", message=message)


def _triage_suite(root: ET.Element, report: Report, max_cases: int) -> None:
    triage = report.triage
    assert triage is not None
    suite = ET.SubElement(root, "testsuite", name="textclean.triage")
    counted = []
    if triage.baseline is not None:
        counted.append(f"{report.absorbed} findings absorbed by the baseline {triage.baseline}")
    counted.append(f"{report.suppressed} findings suppressed")
    ET.SubElement(suite, "testcase", classname="textclean.triage", name="; ".join(counted))
    cases: list[tuple[str, str, str | None]] = []
    for doc in report.all_entries():
        aside = [f for f in doc.set_aside if f.status != "baseline"]
        if aside:
            reasons = "; ".join(sorted({f"{f.rule}: {f.reason}" for f in aside}))
            cases.append((f"{doc.id}: {len(aside)} suppressed", reasons, doc.location[0]))
    cases += [(f"{e['document']}: {e['rule']} no longer found",
               f"baseline entry ({e['count']}x) no longer found: {e['excerpt']}; "
               "shrink the baseline with `textclean baseline --shrink`", None) for e in triage.stale]
    cases += [(f"{e['where']}: unused suppression", f"suppression of {e['rule']} in "
               f"{e['document']!r} matched nothing; remove it", None) for e in triage.unused]
    for name, message, file in cases[:max_cases]:
        _skipped(suite, name, message, file)
    if len(cases) > max_cases:
        _skipped(suite, f"{len(cases) - max_cases} more", "in the JSON report")


def render(report: Report, max_cases: int = MAX_CASES, max_lines: int = MAX_LINES) -> str:
    root = ET.Element("testsuites", name="textclean")
    groups = report.remaining_by_rule()
    for stat in report.rule_stats():
        classname = f"textclean.{stat.code}"
        suite = ET.SubElement(root, "testsuite", name=f"{stat.code} {stat.name}".strip())
        failing = groups.get(stat.code, [])
        for doc, findings in failing[:max_cases]:
            _failing_case(suite, classname, doc, findings, max_lines)
        if len(failing) > max_cases:
            cut = failing[max_cases:]
            findings_cut = sum(len(found) for _doc, found in cut)
            case = ET.SubElement(suite, "testcase", classname=classname,
                                 name=f"{len(cut)} more documents")
            ET.SubElement(case, "failure", type=stat.code, message=(
                f"{len(cut)} more documents ({findings_cut} findings) have {stat.code} findings; "
                "they are in the JSON report"))
        if not failing:
            name = f"no findings remain ({stat.fixed} fixed)" if stat.fixed else "no findings"
            ET.SubElement(suite, "testcase", classname=classname, name=name)
    inputs = ET.SubElement(root, "testsuite", name="textclean.inputs")
    problems = [(doc.location[0], doc.location[1], f"{doc.id}: {doc.error}")
                for doc in report.all_entries() if doc.error]
    problems += [(err["source"], err.get("line"), f"skipped: {err['reason']}") for err in report.errors]
    for path, line, message in problems[:max_cases]:
        case = ET.SubElement(inputs, "testcase", classname="textclean.inputs", name=path, file=path)
        if line is not None:
            case.set("line", str(line))
        ET.SubElement(case, "error", type="input", message=message)
    if len(problems) > max_cases:
        case = ET.SubElement(inputs, "testcase", classname="textclean.inputs",
                             name=f"{len(problems) - max_cases} more inputs")
        ET.SubElement(case, "error", type="input",
                      message=f"{len(problems) - max_cases} more inputs could not be read or fixed")
    if not problems:
        ET.SubElement(inputs, "testcase", classname="textclean.inputs", name="every input was read")
    if report.dups is not None:
        _dups_suite(root, report, max_cases)
    if report.triage is not None:
        _triage_suite(root, report, max_cases)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in root:
        cases = suite.findall("testcase")
        counts = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    for element in root.iter():
        if element.text:
            element.text = xml_safe(element.text)
        for key, attribute in element.attrib.items():
            element.set(key, xml_safe(attribute))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
