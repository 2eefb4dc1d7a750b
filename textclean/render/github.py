"""GitHub Actions workflow commands: one annotation per remaining finding, errors first.

    ::error file=notes/a.txt,line=3,col=5,endLine=3,endColumn=10,title=MK001::HTML entity …

GitHub shows only the first few annotations of each kind per step (10 errors and 10 warnings
at the time of writing) and 50 per job, so more lines only add log noise: at most
`MAX_ANNOTATIONS` are printed, and a closing `::notice` says how many were not shown.
Levels map error -> `::error`, warning -> `::warning`, info -> `::notice`.

A JSONL record is annotated on its line in the file; the record id and the line:col inside
its text start the message. In a `fix` run, remaining findings are located in the fixed text,
in the file it was written to (the output), and fixed ones in the input.

Findings the baseline absorbed or a suppression skipped get no annotation; one closing
`::notice` counts them and names the first baseline entries no longer found, and each
suppression that matched nothing is a `::warning` on its line of the suppression file.
"""

from __future__ import annotations

from textclean.render.triage import entries, set_aside
from textclean.report.report import DocumentReport, FindingRecord, Report

MAX_ANNOTATIONS = 50
MAX_GROUPS = 10  # near-duplicate groups named in the one notice that lists them

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message (actions/toolkit `escapeData`).

    >>> escape_data("50% done\\r\\nnext")
    '50%25 done%0D%0Anext'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (actions/toolkit `escapeProperty`): also `:` and `,`.

    >>> escape_property("a,b:c%")
    'a%2Cb%3Ac%25'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, message: str, **props: str | int | None) -> str:
    shown = ",".join(
        f"{key}={escape_property(str(value))}" for key, value in props.items() if value is not None
    )
    return f"::{kind}{' ' + shown if shown else ''}::{escape_data(message)}"


def annotation(doc: DocumentReport, f: FindingRecord) -> str:
    """The workflow command for one finding."""
    path, record = doc.where(f)
    message = f.headline
    if record is not None:
        return _command(_COMMAND[f.level.value], f"{doc.id} {f.line}:{f.col}: {message}",
                        file=path, line=record, title=f.rule)
    return _command(_COMMAND[f.level.value], message, file=path, line=f.line, col=f.col,
                    endLine=f.end_line, endColumn=f.end_col, title=f.rule)


def render(report: Report, limit: int = MAX_ANNOTATIONS) -> str:
    lines: list[str] = []
    for doc in report.all_entries():
        if doc.error:
            path, record = doc.location
            lines.append(_command("error", f"{doc.id}: {doc.error}", file=path, line=record,
                                  title="textclean"))
    for err in report.errors:
        lines.append(_command("error", f"skipped: {err['reason']}", file=err["source"],
                              line=err.get("line"), title="textclean"))
    pairs = report.remaining_by_level()
    total = len(lines) + len(pairs)
    lines = lines[:limit]
    lines.extend(annotation(doc, f) for doc, f in pairs[: max(0, limit - len(lines))])
    if total > len(lines):
        lines.append(_command(
            "notice",
            f"{total - len(lines)} more of {total} annotations not shown; "
            "see the full report (textclean check --format text or --output-json)",
            title="textclean",
        ))
    if report.dups is not None and report.dups.groups:
        # One notice for all groups: they are not findings and must not crowd them out.
        dups = report.dups
        shown = "; ".join(", ".join(g.documents) for g in dups.groups[:MAX_GROUPS])
        more = f"; and {len(dups.groups) - MAX_GROUPS} more groups" if len(dups.groups) > MAX_GROUPS else ""
        lines.append(_command("notice", f"{len(dups.groups)} near-duplicate group(s): {shown}{more}",
                              title="textclean near-duplicates"))
    lines.extend(_triage(report))
    return "".join(line + "\n" for line in lines)


def _triage(report: Report) -> list[str]:
    facts = set_aside(report, MAX_GROUPS)
    if facts is None:
        return []
    absorbed = f"{facts.absorbed} finding(s) absorbed by the baseline {facts.baseline}"
    parts = [absorbed] if facts.absorbed is not None else []
    parts.append(f"{facts.suppressed} suppressed")
    if facts.stale:
        shown = "; ".join(f"{e['document']} {e['rule']}" for e in facts.shown_stale)
        more = f"; and {facts.more_stale} more" if facts.more_stale else ""
        parts.append(f"{entries(len(facts.stale))} no longer found, shrink it with "
                     f"`textclean baseline --shrink` ({shown}{more})")
    lines = [_command("notice", "; ".join(parts), title="textclean baseline and suppressions")]
    for e in facts.unused:
        path, _sep, line = e["where"].rpartition(":")
        lines.append(_command("warning", f"suppression of {e['rule']} in {e['document']!r} matched "
                                         "nothing; remove it", file=path or e["where"],
                              line=int(line) if line.isdigit() else None,
                              title="textclean unused suppression"))
    return lines
