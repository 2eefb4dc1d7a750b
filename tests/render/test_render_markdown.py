"""The Markdown step summary: totals, a per-rule table, the documents with most findings."""

from __future__ import annotations

from textclean.model import Level
from textclean.render import markdown
from textclean.report.report import DocumentReport, FindingRecord, Report


def _table(text, heading):
    lines = text.splitlines()
    start = lines.index(heading) + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split(" | ")])
    return rows[0], rows[2:]


def test_seed_summary(seeds_check):
    text = markdown.render(seeds_check)
    remaining = sum(seeds_check.remaining_per_rule.values())
    assert text.startswith(f"## textclean check: {remaining} findings in 2 of 2 documents\n")
    header, rows = _table(text, "### Rules")
    codes = [r[0].strip("`") for r in rows]
    assert codes == sorted(seeds_check.found_per_rule)
    qt = dict(zip(header, rows[codes.index("QT001")], strict=True))
    assert (qt["found"], qt["documents"], qt["share of documents"]) == ("1", "1", "50.0%")
    _, docs = _table(text, "### Documents with the most findings")
    assert [d[0] for d in docs] == ["seeds/000_29d5cf485a902b9e.txt", "seeds/001_b8b41c24772250aa.txt"]


def test_cells_are_escaped_and_top_documents_capped():
    report = Report()
    for i in range(3):
        finding = FindingRecord("BP001", Level.WARNING, "m", 0, 1, 1, 1, 1, 2, "x")
        report.add(DocumentReport(f"a|b<{i}>", (finding,) * (i + 1)))
    text = markdown.render(report, top=2)
    assert "| a\\|b&lt;2&gt; | 0 | 3 | 0 | BP001 |" in text
    assert "a\\|b&lt;0&gt;" not in text
    assert "1 more documents with findings are in the full report." in text
