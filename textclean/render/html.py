"""A self-contained HTML page: summary, per-rule table and chart, documents, diffs.

One file with its CSS and script inline and a Content-Security-Policy that forbids every
network request, so it opens the same from a CI artifact, an e-mail or a laptop offline.

The page must stay quick with 10,000 documents, so the document list is not HTML: one
`<script type="application/json">` block holds a short row per document, which a small
script draws one page at a time; each document's findings and diff segments sit in a block
of their own, parsed only when that document is opened. Unchanged text around the changes is
elided (`diffview.elide`) and repeated messages are stored once. The diff needs the input texts, which a
report holds only when the run kept them (`--include-text`, or any HTML output); without
them a document shows its findings and excerpts.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from textclean._version import __version__
from textclean.report.diffview import Segment, SegmentKind
from textclean.report.report import DocumentReport, Report

PAGE_SIZE = 50  # documents per page of the list
MAX_ERRORS = 1000  # unreadable inputs listed; the rest are counted
MAX_GROUPS = 1000  # near-duplicate groups listed; the rest are counted

_KIND = {SegmentKind.SAME: 0, SegmentKind.CHANGE: 1, SegmentKind.MARK: 2, SegmentKind.ELIDED: 3}


@cache
def _template() -> Any:
    import jinja2  # imported here so commands that print text do not pay for it

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("textclean", "render/templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("report.html.j2")


def _segment(seg: Segment) -> list[Any]:
    # [kind, deleted, inserted, rule, lines]: positional to keep the page small.
    return [_KIND[seg.kind], seg.deleted, seg.inserted, seg.rule, seg.lines]


class _Strings:
    """A table of distinct strings, so a message repeated 10,000 times is stored once."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    @property
    def table(self) -> list[str]:
        return list(self.index)


def _row(doc: DocumentReport) -> list[Any]:
    counts = doc.remaining_per_level
    return [doc.id, doc.source, doc.changed, doc.error,
            [counts["error"], counts["warning"], counts["info"], doc.fixed_count],
            list(doc.remaining_codes)]


def _detail(doc: DocumentReport, message: _Strings) -> dict[str, Any]:
    return {
        "f": [
            [f.rule, f.level.value, f.line, f.col, message(f.message), f.excerpt, f.fixed, f.pass_no]
            for f in doc.findings
            if f.status is None  # absorbed by a baseline or suppressed: not shown
        ],
        "d": [_segment(s) for s in doc.segments()] if doc.text is not None else None,
    }


def page_data(report: Report) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What the page's script draws: the document list, and each document's details.

    The list (one short row per document, plus rule names and the message table) is parsed
    when the page opens; a document's findings and diff are parsed only when it is opened.
    """
    message = _Strings()
    details = [_detail(doc, message) for doc in report.all_entries()]
    index = {
        "mode": report.mode,
        "pageSize": PAGE_SIZE,
        "rules": {s.code: [s.name, s.summary, s.level] for s in report.rule_stats()},
        "messages": message.table,
        "docs": [_row(doc) for doc in report.all_entries()],
    }
    return index, details


def render(report: Report) -> str:
    stats = report.rule_stats()
    index, details = page_data(report)
    html: str = _template().render(
        version=__version__,
        report=report,
        found=[s for s in stats if s.found],
        quiet=[s for s in stats if not s.found],
        fixed=sum(report.fixed_per_rule.values()),
        remaining=sum(report.remaining_per_rule.values()),
        has_text=any(doc.text is not None for doc in report.all_entries()),
        errors=report.errors[:MAX_ERRORS],
        errors_cut=max(0, len(report.errors) - MAX_ERRORS),
        dups=report.dups,
        dup_groups=report.dups.groups[:MAX_GROUPS] if report.dups is not None else (),
        index=index,
        details=details,
    )
    return html
