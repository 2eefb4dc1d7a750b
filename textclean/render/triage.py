"""The facts every renderer's baseline-and-suppressions section states, computed once here.

Each renderer words them its own way (console phrases, GitHub notices, Markdown tables); what
was set aside, which stale entries are listed and how many more there are is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textclean.report.report import Report


@dataclass(frozen=True, slots=True)
class SetAside:
    """What a run's baseline and suppressions set aside and left over (`Report.triage`)."""

    baseline: str | None  # the baseline file or saved report, None when the run had none
    absorbed: int | None  # findings the baseline absorbed (None: no baseline, nothing to say)
    suppressed: int  # findings a suppression set aside
    suppressions: int  # suppression entries in force
    stale: list[dict[str, Any]]  # baseline entries no longer found (all of them)
    shown_stale: list[dict[str, Any]]  # the first of them, to list
    more_stale: int  # how many stale entries are not listed
    unused: list[dict[str, Any]]  # suppression entries that matched nothing, as written


def set_aside(report: Report, shown: int) -> SetAside | None:
    """The report's triage facts, listing at most `shown` stale entries (None: no triage)."""
    triage = report.triage
    if triage is None:
        return None
    return SetAside(
        baseline=triage.baseline,
        absorbed=None if triage.baseline is None else report.absorbed,
        suppressed=report.suppressed,
        suppressions=triage.suppressions,
        stale=triage.stale,
        shown_stale=triage.stale[:shown],
        more_stale=max(0, len(triage.stale) - shown),
        unused=triage.unused,
    )


def entries(n: int) -> str:
    """`n` baseline entries, worded: "1 baseline entry", "3 baseline entries"."""
    return f"{n} baseline entr{'y' if n == 1 else 'ies'}"
