"""A compiled ruleset: one core call per text finds what the pattern, swap and line rules and
the core's finders hit.

    compile_rules(rules).plan(text) -> [(rule, find)]   only the rules that may match `text`
    compile_rules(rules).plan_pair(text, first, then)   two plans (by mask) from one core call

`engine.check_text` runs the plan instead of every rule. What decides is asked of each rule
(its kind's module says; nothing here names a kind):

- a rule with a `core_slot` ("line": line rules; "pattern": pattern and swap rules; "finder":
  a repair whose finder is in the core): one call of the core's `Scan` over the text matches
  them all; only the rules it found something for are planned, each with what it found (a
  pattern the core's engines cannot read as Python's `regex` does is always planned, and runs
  there);
- any other rule: its `gate()` (a repair in Python: the repair's own cheap test), or none, and
  it always runs (a metric).

Compiled rulesets are cached per process, keyed by the rules.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from textclean import _core
from textclean.model import Finding, Safety
from textclean.repairs.core import RawHit
from textclean.rules.kinds.base import DEFAULT_REGEX_TIMEOUT, Rule
from textclean.rules.kinds.line import LineFound, LineRule, line_found, line_rules
from textclean.rules.kinds.pattern import (
    PatternFound,
    PatternLikeRule,
    pattern_found,
    pattern_rules,
)

Find = Callable[..., list[Finding]]


# What `plan` goes through for a `select` mask: (rule, gate, line number, pattern number,
# finder number) of each selected rule, and the masks of the line rules, pattern rules and
# core finders it selects.
_Steps = tuple[list[tuple[Any, ...]], list[bool], list[bool], list[bool]]


class CompiledRules:
    """Rules with the core's matchers and the repairs' gates, in the order given."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        self._gates = tuple(rule.gate() for rule in self.rules)
        self._fix_masks: dict[Safety, tuple[tuple[bool, ...], tuple[bool, ...]]] = {}
        self._steps: dict[tuple[bool, ...] | None, _Steps] = {}
        self._pairs: dict[tuple[tuple[bool, ...], tuple[bool, ...]], tuple[bool, ...]] = {}
        # The rules each of the core's matchers runs (their kind says which: `core_slot`),
        # matched by the core in one call; each rule's number among its slot's, or -1.
        slots = tuple(rule.core_slot for rule in self.rules)
        self._lines: tuple[LineRule, ...] = _of_slot(self.rules, slots, "line")
        self._patterns: tuple[PatternLikeRule, ...] = _of_slot(self.rules, slots, "pattern")
        self._finders: tuple[Rule, ...] = _of_slot(self.rules, slots, "finder")
        self.scan = _core.Scan(
            [r.core_spec for r in self._lines],
            [r.core_spec for r in self._patterns],
            [r.core_spec for r in self._finders],
        )
        self._line_number = _numbers(slots, "line")
        self._pattern_number = _numbers(slots, "pattern")
        self._finder_number = _numbers(slots, "finder")

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def fix_masks(self, allow: Safety) -> tuple[tuple[bool, ...], tuple[bool, ...]]:
        """Two `select` masks for `plan`: the rules with a fix at least as safe as `allow`
        (they run in every fix pass), and the others (they only report)."""
        masks = self._fix_masks.get(allow)
        if masks is None:
            fix = tuple(r.safety is not None and r.safety.rank >= allow.rank for r in self.rules)
            masks = self._fix_masks[allow] = (fix, tuple(not f for f in fix))
        return masks

    def _steps_for(self, select: tuple[bool, ...] | None) -> _Steps:
        steps = self._steps.get(select)
        if steps is None:
            chosen = [n for n in range(len(self.rules)) if select is None or select[n]]
            plan = [
                (
                    self.rules[n],
                    self._gates[n],
                    self._line_number[n],
                    self._pattern_number[n],
                    self._finder_number[n],
                )
                for n in chosen
            ]
            steps = self._steps[select] = (
                plan,
                _mask(len(self._lines), self._line_number, chosen),
                _mask(len(self._patterns), self._pattern_number, chosen),
                _mask(len(self._finders), self._finder_number, chosen),
            )
        return steps

    def masks(self, select: Sequence[bool] | None = None) -> tuple[list[bool], list[bool], list[bool]]:
        """The masks `scan.find` takes for the rules `select` flags (all, for None): of the line
        rules, the pattern rules and the core's finders."""
        _, *masks = self._steps_for(None if select is None else tuple(select))
        return masks[0], masks[1], masks[2]

    def plan(
        self, text: str, select: Sequence[bool] | None = None
    ) -> list[tuple[Rule, Find]]:
        """The rules that may fire on `text`, each with the call that finds its findings.

        A pattern, swap or line rule is left out when the core found nothing for it; a repair,
        when its gate proves it cannot fire; any rule, when `select` (one flag per rule) says.
        """
        if select is not None and not isinstance(select, tuple):
            select = tuple(select)
        steps, line_mask, pattern_mask, finder_mask = self._steps_for(select)
        try:
            lines_raw, places, patterns_raw, finders_raw = self.scan.find(
                text, line_mask, pattern_mask, finder_mask
            )
        except UnicodeEncodeError:
            return self._plan_apart(text, steps, line_mask, pattern_mask)
        return _dispatch(
            text,
            steps,
            line_found(self._lines, lines_raw, places),
            pattern_found(self._patterns, patterns_raw),
            dict(finders_raw),
        )

    def plan_pair(
        self,
        text: str,
        first: tuple[bool, ...],
        then: tuple[bool, ...],
        memo: _core.LineMemo | None = None,
    ) -> tuple[list[tuple[Rule, Find]], Callable[[], list[tuple[Rule, Find]]]]:
        """`plan(text, first)`, and a call that gives `plan(text, then)`, from one core call.

        A fix pass plans its fixing rules and, only when nothing is left to fix, the
        report-only ones on the same text: one scan for both shares the line table and the
        searches every line rule needs, and the second plan's Python gates run only when it
        is asked for. `memo` (one `_core.LineMemo` per document, across its fix passes): the
        line rules match only the lines the earlier passes did not leave as they were.
        """
        both = self._pairs.get((first, then))
        if both is None:
            both = self._pairs[(first, then)] = tuple(a or b for a, b in zip(first, then, strict=True))
        _, line_mask, pattern_mask, finder_mask = self._steps_for(both)
        try:
            lines_raw, places, patterns_raw, finders_raw = self.scan.find(
                text, line_mask, pattern_mask, finder_mask, memo
            )
        except UnicodeEncodeError:
            return self.plan(text, first), lambda: self.plan(text, then)
        lines_found = line_found(self._lines, lines_raw, places)
        patterns_found = pattern_found(self._patterns, patterns_raw)
        finders_found = dict(finders_raw)

        def plan_of(select: tuple[bool, ...]) -> list[tuple[Rule, Find]]:
            return _dispatch(text, self._steps_for(select)[0], lines_found, patterns_found, finders_found)

        return plan_of(first), lambda: plan_of(then)

    def _plan_apart(
        self, text: str, steps: list[tuple[Any, ...]], line_mask: list[bool], pattern_mask: list[bool]
    ) -> list[tuple[Rule, Find]]:
        """`plan` for a text that cannot cross into the core whole (a lone surrogate): each
        kind's own matcher, which knows how to stand in for it."""
        lines_found = line_rules(self._lines).find(text, line_mask) if any(line_mask) else {}
        patterns_found = (
            pattern_rules(self._patterns).find(text, pattern_mask) if any(pattern_mask) else {}
        )
        return _dispatch(text, steps, lines_found, patterns_found, None)


def _dispatch(
    text: str,
    steps: list[tuple[Any, ...]],
    lines_found: dict[int, LineFound],
    patterns_found: dict[int, PatternFound],
    finders_found: dict[int, list[RawHit]] | None,
) -> list[tuple[Rule, Find]]:
    """The plan's steps with what was found for them: a line or pattern rule with its findings
    when something was found, a core finder with its hits (None: the finders did not run, and
    their rules run their own `find`, like a repair whose gate passes)."""
    out: list[tuple[Rule, Find]] = []
    for rule, gate_test, line_number, pattern_number, finder_number in steps:
        if line_number >= 0:
            found: LineFound | PatternFound | None = lines_found.get(line_number)
        elif pattern_number >= 0:
            found = patterns_found.get(pattern_number)
        elif finder_number >= 0 and finders_found is not None:
            hits = finders_found.get(finder_number)
            if hits is not None:
                out.append((rule, _hit_findings(rule, hits)))
            continue
        else:
            if gate_test is None or gate_test(text):
                out.append((rule, rule.find))
            continue
        if found is not None:
            out.append((rule, _found_findings(found)))
    return out


def _of_slot(rules: Sequence[Rule], slots: Sequence[str | None], slot: str) -> tuple[Any, ...]:
    """The rules of `slot` (given each rule's slot), in order."""
    return tuple(r for r, s in zip(rules, slots, strict=True) if s == slot)


def _numbers(slots: Sequence[str | None], slot: str) -> tuple[int, ...]:
    """Each rule's number among the rules of `slot` (given each rule's slot), or -1."""
    count = iter(range(len(slots)))
    return tuple(next(count) if s == slot else -1 for s in slots)


def _mask(size: int, numbers: Sequence[int], chosen: Sequence[int]) -> list[bool]:
    """The core's mask (one flag per rule of a kind, `size` of them) of the chosen rules."""
    mask = [False] * size
    for n in chosen:
        if numbers[n] >= 0:
            mask[numbers[n]] = True
    return mask


def _hit_findings(rule: Any, hits: list[RawHit]) -> Find:
    """A core finder's rule (the `finder` slot) with the hits the core found for it."""

    def find(text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        return list(rule.findings(hits))

    return find


def _found_findings(found: LineFound | PatternFound) -> Find:
    def find(text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        return found.findings(text, timeout)

    return find


@functools.lru_cache(maxsize=32)
def _compiled(rules: tuple[Rule, ...]) -> CompiledRules:
    return CompiledRules(rules)


def compile_rules(rules: Iterable[Rule] | CompiledRules) -> CompiledRules:
    """The compiled ruleset for `rules`, built once per process and reused."""
    if isinstance(rules, CompiledRules):
        return rules
    return _compiled(tuple(rules))


__all__ = ["CompiledRules", "compile_rules"]
