"""Console output: one `path:line:col: CODE message` line per finding, then a summary."""

from __future__ import annotations

from collections.abc import Iterator

from textclean.render.triage import entries, set_aside
from textclean.report.report import DocumentReport, Report


def finding_lines(
    doc: DocumentReport, *, include_fixed: bool = False, show_suppressed: bool = False
) -> list[str]:
    lines = []
    if doc.error:
        lines.append(f"{doc.id}: error: {doc.error}")
    for f in doc.findings:
        if (f.fixed and not include_fixed) or (f.status is not None and not show_suppressed):
            continue
        mark = " [fixed]" if f.fixed else (" [*]" if f.safety in ("safe", "unsafe") else "")
        if f.status == "baseline":
            mark = " [in baseline]"
        elif f.status is not None:
            mark = f" [suppressed: {f.reason}]"
        name = doc.where(f)[0] if doc.source is None else doc.id  # a text file: the file it is in
        lines.append(f"{name}:{f.line}:{f.col}: {f.rule} {f.message}{mark}")
    return lines


def summary(report: Report) -> str:
    levels = ", ".join(
        f"{report.remaining_per_level.get(lvl, 0)} {lvl}" for lvl in ("error", "warning", "info")
    )
    remaining = sum(report.remaining_per_rule.values())
    parts = [f"{report.documents} document{'s' if report.documents != 1 else ''}"]
    if report.mode == "fix":
        fixed = sum(report.fixed_per_rule.values())
        parts.append(f"{fixed} fix{'es' if fixed != 1 else ''} applied in {report.changed_documents} changed")
        parts.append(f"{remaining} finding{'s' if remaining != 1 else ''} remaining ({levels})")
    else:
        parts.append(f"{remaining} finding{'s' if remaining != 1 else ''} ({levels})")
        tally = report.tally()
        fixable, unsafe = tally.fixable, tally.unsafe
        if fixable:
            only = f", {unsafe} of them only with --unsafe-fixes" if unsafe else ""
            parts.append(f"{fixable} fixable with `textclean fix` ([*]){only}")
    if report.document_errors:
        parts.append(f"{report.document_errors} document error(s)")
    if report.quarantined:
        parts.append(f"{report.quarantined} input(s) quarantined or skipped")
    parts.extend(triage_parts(report))
    return "; ".join(parts) + "."


STALE_SHOWN = 10


def triage_lines(report: Report) -> list[str]:
    """Stale baseline entries and unused suppressions, a few of each, one line apiece."""
    facts = set_aside(report, STALE_SHOWN)
    if facts is None:
        return []
    lines = [f"{e['document']}: {e['rule']} no longer found ({e['count']}x in baseline): "
             f"{' '.join(str(e['excerpt']).split())}" for e in facts.shown_stale]
    if facts.more_stale:
        lines.append(f"... and {facts.more_stale} more stale baseline entries (all in the JSON report)")
    lines.extend(f"{e['where']}: suppression of {e['rule']} in {e['document']!r} matched nothing"
                 for e in facts.unused)
    return lines


def triage_parts(report: Report) -> list[str]:
    """What the baseline and suppressions set aside, as summary phrases (none without them)."""
    facts = set_aside(report, STALE_SHOWN)
    if facts is None:
        return []
    parts = []
    if facts.absorbed is not None:
        parts.append(f"{facts.absorbed} absorbed by the baseline")
        if facts.stale:
            parts.append(f"{entries(sum(e['count'] for e in facts.stale))} no longer found "
                         "(shrink it: textclean baseline --shrink)")
    if facts.suppressions or facts.suppressed:
        parts.append(f"{facts.suppressed} suppressed")
    if facts.unused:
        parts.append(f"{len(facts.unused)} suppression(s) matched nothing")
    return parts


def dups_lines(report: Report) -> list[str]:
    """The near-duplicate groups, one line each, after a heading line (none if not run)."""
    dups = report.dups
    if dups is None:
        return []
    groups = len(dups.groups)
    lines = [f"near-duplicates: {groups} group{'s' if groups != 1 else ''} of "
             f"{dups.grouped_documents} of {dups.documents} documents (threshold {dups.threshold:g})"]
    for n, group in enumerate(dups.groups, 1):
        lines.append(f"  group {n} (similarity {group.similarity:.2f}): {', '.join(group.documents)}")
    return lines


def render(report: Report, show_suppressed: bool = False) -> str:
    return "".join(chunks(report, show_suppressed=show_suppressed))


def chunks(
    report: Report, limit: int | None = None, more: str = "", show_suppressed: bool = False
) -> Iterator[str]:
    """`render(report)` in pieces, one document's lines at a time, so a large run's report
    is printed without holding all of it in memory.

    With `limit`, at most that many finding lines are listed; the rest are counted in one
    line ending with `more` (where the full list is), before the summary. Findings the
    baseline absorbed or a suppression skipped are listed only with `show_suppressed`.
    """
    shown = hidden = 0
    for tally, read in report.batches():
        if limit is not None and shown >= limit:
            # Past the screenful: the batch's tally counts its lines, so a spilled batch is
            # not read back.
            hidden += tally.lines + (tally.lines_set_aside if show_suppressed else 0)
            continue
        for doc in read():
            if limit is not None and shown >= limit:
                hidden += _count_lines(doc, show_suppressed)
                continue
            lines = finding_lines(doc, show_suppressed=show_suppressed)
            if limit is not None and shown + len(lines) > limit:
                hidden += len(lines) - (limit - shown)
                lines = lines[: limit - shown]
            shown += len(lines)
            if lines:
                yield "\n".join(lines) + "\n"
    tail = []
    if hidden:
        tail.append(f"... {hidden:,} more finding line{'s' if hidden != 1 else ''} not shown"
                    + (f"; {more}" if more else ""))
    for err in report.errors:
        where = err["source"] + (f":{err['line']}" if err.get("line") else "")
        tail.append(f"{where}: skipped: {err['reason']}")
    tail.extend(dups_lines(report))
    tail.extend(triage_lines(report))
    tail.append(summary(report))
    yield "\n".join(tail) + "\n"


def _count_lines(doc: DocumentReport, show_suppressed: bool = False) -> int:
    """len(finding_lines(doc)), without formatting them."""
    return bool(doc.error) + sum(
        1 for f in doc.findings if not f.fixed and (show_suppressed or f.status is None)
    )


def statistics(report: Report) -> str:
    """Per-rule counts, most frequent first, then the summary (ruff's `--statistics`).

    A check counts the findings; a fix counts what remains, with what was fixed beside it.
    `[*]` marks rules whose findings `textclean fix` can repair (with --unsafe-fixes when
    the fix is unsafe).
    """
    rows = []
    for s in report.rule_stats():
        count = s.remaining if report.mode == "fix" else s.found
        if count or (report.mode == "fix" and s.fixed):
            rows.append((count, s))
    rows.sort(key=lambda row: (-row[0], row[1].code))
    width = max((len(f"{count:,}") for count, _ in rows), default=1)
    lines = []
    for count, s in rows:
        mark = "[*]" if s.safety in ("safe", "unsafe") else "   "
        fixed = f"  ({s.fixed:,} fixed)" if report.mode == "fix" and s.fixed else ""
        lines.append(f"{count:>{width},}  {s.code:<6} {mark} {s.name}{fixed}")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def render_table(report: Report, width: int = 100) -> str:
    """A rich summary table of the rules that found something, as terminal text (ANSI).

    The CLI appends it to the text report when standard output is a terminal.
    """
    from io import StringIO

    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"textclean {report.mode}: {summary(report)}", title_justify="left")
    table.add_column("rule")
    table.add_column("name")
    table.add_column("level")
    table.add_column("found", justify="right")
    if report.mode == "fix":
        table.add_column("fixed", justify="right")
    table.add_column("remaining", justify="right")
    table.add_column("documents", justify="right")
    style = {"error": "red", "warning": "yellow", "info": "blue"}
    for s in report.rule_stats():
        if not s.found:
            continue
        cells = [s.code, s.name, f"[{style.get(s.level, '')}]{s.level}[/]" if s.level else "", str(s.found)]
        if report.mode == "fix":
            cells.append(str(s.fixed))
        cells += [str(s.remaining), f"{s.documents} ({s.document_share:.1%})"]
        table.add_row(*cells)
    out = StringIO()
    Console(file=out, force_terminal=True, width=width, highlight=False).print(table)
    return out.getvalue()
