"""A Markdown summary for a CI step summary ($GITHUB_STEP_SUMMARY) or a pull request comment.

Totals, then one row per rule that found something, then the documents with the most
remaining findings (`TOP_DOCUMENTS`). Every cell is escaped, so ids and messages cannot break
the table.
"""

from __future__ import annotations

from textclean.render.triage import entries, set_aside
from textclean.report.report import Report

TOP_DOCUMENTS = 10
TOP_GROUPS = 20  # near-duplicate groups listed; the rest are counted


def cell(text: object) -> str:
    r"""Text safe inside a Markdown table cell.

    >>> cell("a|b <i>\nc")
    'a\\|b &lt;i&gt; c'
    """
    out = str(text).replace("\\", "\\\\").replace("|", "\\|")
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(out.split())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else ('es' if word.endswith(('s', 'x')) else 's')}"


def render(report: Report, top: int = TOP_DOCUMENTS) -> str:
    remaining = sum(report.remaining_per_rule.values())
    fixed = sum(report.fixed_per_rule.values())
    with_findings = report.documents_with_findings
    if report.mode == "fix":
        head = (f"{_plural(fixed, 'fix')} applied in {report.changed_documents} changed; "
                f"{_plural(remaining, 'finding')} remain in {with_findings} of "
                f"{_plural(report.documents, 'document')}")
    else:
        head = (f"{_plural(remaining, 'finding')} in {with_findings} of "
                f"{_plural(report.documents, 'document')}")
    lines = [f"## textclean {report.mode}: {head}", ""]
    levels = report.remaining_per_level
    lines += [
        "| documents | with findings | changed | fixes applied | errors | warnings | info "
        "| document errors | quarantined |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {report.documents} | {with_findings} | {report.changed_documents} | {fixed} "
        f"| {levels.get('error', 0)} | {levels.get('warning', 0)} | {levels.get('info', 0)} "
        f"| {report.document_errors} | {report.quarantined} |",
        "",
    ]
    stats = [s for s in report.rule_stats() if s.found]
    quiet = len(report.rule_stats()) - len(stats)
    if stats:
        lines += [
            "### Rules",
            "",
            "| rule | name | level | found | fixed | remaining | documents | share of documents |",
            "|---|---|---|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| `{cell(s.code)}` | {cell(s.name)} | {cell(s.level)} | {s.found} | {s.fixed} "
            f"| {s.remaining} | {s.documents} | {s.document_share:.1%} |"
            for s in stats
        ]
        lines.append("")
    if quiet:
        lines += [f"{_plural(quiet, 'other rule')} found nothing.", ""]
    docs = report.top_documents(top)
    if docs:
        lines += [
            "### Documents with the most findings",
            "",
            "| document | errors | warnings | info | rules |",
            "|---|---:|---:|---:|---|",
        ]
        for doc in docs:
            counts = doc.remaining_per_level
            lines.append(
                f"| {cell(doc.id if doc.source is None else f'{doc.id} ({doc.source})')} | {counts['error']} | {counts['warning']} "
                f"| {counts['info']} | {cell(', '.join(doc.remaining_codes))} |"
            )
        if with_findings > len(docs):
            lines.append("")
            lines.append(f"{with_findings - len(docs)} more documents with findings are in the full report.")
        lines.append("")
    if report.errors:
        lines += [f"{_plural(len(report.errors), 'input')} could not be read (see the quarantine file).", ""]
    lines += _dups(report)
    lines += _triage(report)
    return "\n".join(lines)


def _triage(report: Report, top: int = TOP_GROUPS) -> list[str]:
    """Baseline and suppressions: what they set aside, stale entries, unused suppressions."""
    facts = set_aside(report, top)
    if facts is None:
        return []
    counts = [f"{_plural(facts.suppressed, 'finding')} suppressed"]
    if facts.absorbed is not None:
        counts.insert(0, f"{_plural(facts.absorbed, 'finding')} absorbed by the baseline `{cell(facts.baseline)}`")
    lines = ["### Baseline and suppressions", "", "; ".join(counts) + ".", ""]
    if facts.stale:
        lines += [f"{entries(len(facts.stale))} no longer found; "
                  "`textclean baseline --shrink` drops them:", "",
                  "| document | rule | count | excerpt |", "|---|---|---:|---|"]
        lines += [f"| {cell(e['document'])} | `{cell(e['rule'])}` | {e['count']} | {cell(e['excerpt'])} |"
                  for e in facts.shown_stale]
        if facts.more_stale:
            lines += ["", f"{facts.more_stale} more stale entries are in the JSON report."]
        lines.append("")
    if facts.unused:
        lines += ["Suppressions that matched nothing (remove them):", "",
                  "| where | document | rule | reason |", "|---|---|---|---|"]
        lines += [f"| {cell(e['where'])} | {cell(e['document'])} | `{cell(e['rule'])}` | {cell(e['reason'])} |"
                  for e in facts.unused]
        lines.append("")
    return lines


def _dups(report: Report, top: int = TOP_GROUPS) -> list[str]:
    dups = report.dups
    if dups is None:
        return []
    lines = [
        "### Near-duplicate groups",
        "",
        f"{_plural(len(dups.groups), 'group')} of {dups.grouped_documents} of "
        f"{_plural(dups.documents, 'document')} (estimated Jaccard similarity of word shingles "
        f"at least {dups.threshold:g}).",
        "",
    ]
    if dups.groups:
        lines += ["| group | documents | similarity | members |", "|---:|---:|---:|---|"]
        lines += [
            f"| {n} | {len(g.documents)} | {g.similarity:.2f} | {cell(', '.join(g.documents))} |"
            for n, g in enumerate(dups.groups[:top], 1)
        ]
        if len(dups.groups) > top:
            lines += ["", f"{len(dups.groups) - top} more groups are in the JSON report."]
        lines.append("")
    return lines
