"""The pass/fail verdict of a run (CI gating): `--fail-level` plus rate thresholds (`max-rate`).

A rule with no rate threshold fails the run as soon as one of its findings at or above
`--fail-level` remains. A rate threshold, like Great Expectations' `mostly`, tolerates a
share of bad documents instead: ``max-rate = {BP = 0.02}`` fails the run only when more than
2% of the documents still have a BP finding at or above `--fail-level`.

Keys are rule codes, code prefixes or ``ALL``. Each rule is governed by its most specific key
(its own code, else the longest matching prefix, else ``ALL``), so ``{ALL = 0.1, BP = 0}``
tolerates 10% of documents with any finding except boilerplate, of which it tolerates none.
Inputs that could not be read or fixed fail the run whatever the thresholds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textclean.model import Level
from textclean.report.report import Report

ALL = "ALL"


def governing_key(code: str, keys: Iterable[str]) -> str | None:
    """The max-rate key that governs rule `code`, or None.

    >>> governing_key("BP001", ["ALL", "BP", "BP001"]), governing_key("EN002", ["ALL", "BP"])
    ('BP001', 'ALL')
    """
    best: str | None = None
    for key in keys:
        if key != ALL and code.startswith(key) and (best is None or len(key) > len(best)):
            best = key
    if best is None and ALL in keys:
        return ALL
    return best


@dataclass(frozen=True, slots=True)
class RateCheck:
    """One max-rate key: how many documents it counts against how many were checked."""

    key: str
    documents: int  # documents with a remaining finding, at or above the fail level, it governs
    total: int  # documents in the run
    limit: float

    @property
    def rate(self) -> float:
        return self.documents / self.total if self.total else 0.0

    @property
    def passed(self) -> bool:
        return self.rate <= self.limit

    def __str__(self) -> str:
        verdict = "ok" if self.passed else "FAIL"
        return (f"max-rate {self.key}: {self.documents} of {self.total} documents "
                f"({self.rate:.1%}) have findings; limit {self.limit:.1%}: {verdict}")


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a report passes the gate, and why not."""

    failing: int  # remaining findings at or above the fail level that no rate governs
    rates: tuple[RateCheck, ...]
    unprocessed: int  # quarantined inputs plus documents that could not be fixed

    @property
    def passed(self) -> bool:
        return not self.failing and not self.unprocessed and all(r.passed for r in self.rates)


def evaluate(report: Report, fail_level: Level, max_rate: Mapping[str, float] | None = None) -> Verdict:
    """Judge `report` against `fail_level` and the `max_rate` thresholds."""
    limits = dict(max_rate or {})
    keys = list(limits)
    counts = dict.fromkeys(keys, 0)
    failing = 0
    governed: dict[str, str | None] = {}
    if not keys:
        # No shares to count by document: the report's counts per level say it all.
        return Verdict(report.failing(fail_level), (), report.quarantined + report.document_errors)
    for entry in report.all_entries():
        hit: set[str] = set()
        for f in entry.remaining:
            if f.level.rank < fail_level.rank:
                continue
            if f.rule not in governed:
                governed[f.rule] = governing_key(f.rule, keys)
            key = governed[f.rule]
            if key is None:
                failing += 1
            else:
                hit.add(key)
        for key in hit:
            counts[key] += 1
    rates = tuple(RateCheck(k, counts[k], report.documents, limits[k]) for k in keys)
    return Verdict(failing, rates, report.quarantined + report.document_errors)
