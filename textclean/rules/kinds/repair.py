"""The `repair` kind: a built-in repair (`textclean.repairs`) finds the artifact and proposes
the edits; the core runs the finders it has, Python the others."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from textclean import _core
from textclean.model import Finding
from textclean.repairs import REPAIRS
from textclean.repairs.core import Param, RawHit, core_finder, hits_of, param_key
from textclean.rules.kinds.base import (
    DEFAULT_REGEX_TIMEOUT,
    CoreFound,
    CoreSlot,
    Rule,
    SpecProblems,
    unknown_repair,
)
from textclean.rules.schema import RuleBase
from textclean.text.crossing import on_text


class RepairSpec(RuleBase):
    """A built-in repair (textclean/repairs) finds the artifact and proposes the edits."""

    kind: Literal["repair"]
    repair: str
    params: dict[str, Any] = {}

    refused_fix = (("replace", "repair", "delete"),
                   "a repair rule's edits come from its repair; give only `safety`")


@dataclass(frozen=True, eq=False)
class RepairRule(Rule[RepairSpec]):
    """A built-in repair finds the artifact and proposes the edits."""

    @classmethod
    def check(cls, spec: RepairSpec, problems: SpecProblems) -> None:
        repair = REPAIRS.get(spec.repair)
        if repair is None or repair.finder is None:
            problems(("repair",), unknown_repair(spec.repair, transform=False))
        else:
            for msg in repair.check_params(spec.params):
                problems(("params",), msg)

    def describe(self) -> list[str]:
        spec: RepairSpec = self.spec
        params = " Parameters: " + ", ".join(f"`{k}`" for k in spec.params) + "." if spec.params else ""
        return [f"What the built-in finder `{spec.repair}` reports (documented in "
                f"`textclean/repairs/`).{params}"]

    @property
    def core_slot(self) -> CoreSlot[CoreFinders] | None:
        """The core's finders run a repair they have; a repair in Python runs on every text
        (ftfy's mojibake repair, the one such default, asks the core's trigger scan first)."""
        return FINDER_SLOT if self.core_spec is not None else None

    @functools.cached_property
    def core_spec(self) -> tuple[str, tuple[tuple[str, Param], ...]] | None:
        """The rule's finder as the core takes it, (name, parameters); None: Python runs it."""
        spec: RepairSpec = self.spec
        if spec.repair not in _core.finder_names():
            return None
        return (spec.repair, param_key(spec.params))

    def find(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        spec: RepairSpec = self.spec
        if self.core_spec is not None:
            return self.findings(on_text(core_finder(*self.core_spec).find, text))
        finder = REPAIRS[spec.repair].finder
        assert finder is not None
        return [
            self._finding(hit.span, hit.edits or None, hit.message, hit.at_most)
            for hit in finder(text, **spec.params)
        ]

    def findings(self, raw: Iterable[RawHit]) -> list[Finding]:
        """Findings on the hits the core's finder found."""
        return [
            self._finding(hit.span, hit.edits or None, hit.message, hit.at_most)
            for hit in hits_of(raw)
        ]


@dataclass(slots=True)
class FinderFound(CoreFound):
    """What the core's finder of one repair rule found on one text: call `findings`."""

    hits: list[RawHit] | None = None  # None: the rule's own `find` runs

    def found(self, text: str, timeout: float) -> list[Finding]:
        rule: RepairRule = self.rule
        return rule.find(text, timeout=timeout) if self.hits is None else rule.findings(self.hits)


class CoreFinders:
    """Repair rules whose finders the core runs, on their own: each selected rule's `find`
    (which takes the text across the core's border itself, `on_text`)."""

    def __init__(self, rules: Sequence[RepairRule]) -> None:
        self.rules = tuple(rules)
        self.engines = ["rust"] * len(self.rules)

    def find(self, text: str, select: Sequence[bool] | None = None) -> dict[int, FinderFound]:
        return {n: FinderFound(rule) for n, rule in enumerate(self.rules) if select is None or select[n]}


# The slot of the core's scan that runs the core's finders: its part of `Scan.find`'s result is
# (rule number, hits) for each rule whose finder found something.
FINDER_SLOT = CoreSlot(
    "finder", CoreFinders, lambda rules, raw: {n: FinderFound(rules[n], hits=hits) for n, hits in raw}
)

__all__ = ["FINDER_SLOT", "CoreFinders", "FinderFound", "RepairRule", "RepairSpec"]
