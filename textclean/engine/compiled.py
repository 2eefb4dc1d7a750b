"""A compiled ruleset: one core call per text finds what the pattern, swap and line rules and
the core's finders hit.

    compile_rules(rules).plan(text) -> [(rule, find)]   only the rules that may match `text`
    compile_rules(rules).plan_pair(text, first, then)   two plans (by mask) from one core call

`engine.check_text` runs the plan instead of every rule. What decides is asked of each rule
(its kind's module says; nothing here names a kind or one of the core's matchers):

- a rule with a `core_slot` (one of the core's matchers, `_core.Scan.SLOTS`, declared as a
  `CoreSlot` by the kind whose rules it matches: line rules; pattern and swap rules; a repair
  whose finder is in the core): one call of the core's `Scan` over the text matches them all;
  only the rules it found something for are planned, each with what it found (a pattern the
  core's engines cannot read as Python's `regex` does is always planned, and runs there);
- any other rule (ftfy's mojibake repair; a kind outside the core): its kind's `gate()`, a
  cheap test of whether it can fire, or none (the default kinds have none), and it runs.

Compiled rulesets are cached per process, keyed by the rules.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from textclean import _core
from textclean.model import Finding, Safety
from textclean.rules.kinds.base import CoreSlot, Found, Rule

Find = Callable[..., list[Finding]]


@dataclass(frozen=True, slots=True)
class _Steps:
    """What `plan` goes through for a `select` mask, rules named by their place in the
    compiled ruleset (`CompiledRules.rules`): `by_slot`, for each slot of the core's scan, the
    selected rules' numbers among that slot's rules to their places; `gated`, the place and
    gate (or None) of each selected rule outside the core, in order; `masks`, the scan's masks
    of the rules it selects, one per slot."""

    by_slot: tuple[dict[int, int], ...]
    gated: tuple[tuple[int, Callable[[str], bool] | None], ...]
    masks: tuple[list[bool], ...]


# What the core's matchers found on one text: by slot, by rule number among the slot's rules.
_Founds = Sequence[Mapping[int, Found]]


class CompiledRules:
    """Rules with the core's matchers and the repairs' gates, in the order given."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        self._gates = tuple(rule.gate() for rule in self.rules)
        self._fix_masks: dict[Safety, tuple[tuple[bool, ...], tuple[bool, ...]]] = {}
        self._fix_finds: dict[Safety, dict[Rule, Find]] = {}
        self._steps: dict[tuple[bool, ...] | None, _Steps] = {}
        self._pairs: dict[tuple[tuple[bool, ...], tuple[bool, ...]], tuple[bool, ...]] = {}
        # The rules each of the core's matchers runs (their kind says which: `core_slot`),
        # matched by the core in one call; each rule's slot and number among its slot's, or -1.
        names: tuple[str, ...] = _core.Scan.SLOTS
        slots = tuple(rule.core_slot for rule in self.rules)
        for rule, slot in zip(self.rules, slots, strict=True):
            if slot is not None and slot.name not in names:
                raise ValueError(f"{rule.code}: the compiled core has no matcher {slot.name!r} "
                                 f"(it has {', '.join(names)})")
        self._slot = tuple(-1 if s is None else names.index(s.name) for s in slots)
        self._slots: tuple[CoreSlot[Any] | None, ...] = tuple(
            next((s for s in slots if s is not None and s.name == name), None) for name in names
        )
        self._slot_rules = tuple(
            tuple(r for r, k in zip(self.rules, self._slot, strict=True) if k == n)
            for n in range(len(names))
        )
        counts = [0] * len(names)
        numbers = []
        for k in self._slot:
            numbers.append(-1 if k < 0 else counts[k])
            if k >= 0:
                counts[k] += 1
        self._number = tuple(numbers)
        self.scan = _core.Scan(*([r.core_spec for r in rules] for rules in self._slot_rules))

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

    def fix_finds(self, allow: Safety) -> Mapping[Rule, Find]:
        """The rules whose `Rule.fix_find(allow)` is not None, each with that call: what a
        fix pass allowing `allow` calls instead of `find` (worked out once per safety, like
        `fix_masks`; a rule's answer depends only on the rule and `allow`)."""
        finds = self._fix_finds.get(allow)
        if finds is None:
            finds = self._fix_finds[allow] = {
                rule: find for rule in self.rules if (find := rule.fix_find(allow)) is not None
            }
        return finds

    def _steps_for(self, select: tuple[bool, ...] | None) -> _Steps:
        steps = self._steps.get(select)
        if steps is None:
            chosen = [n for n in range(len(self.rules)) if select is None or select[n]]
            by_slot: tuple[dict[int, int], ...] = tuple({} for _ in self._slot_rules)
            masks = tuple([False] * len(rules) for rules in self._slot_rules)
            for n in chosen:
                if self._slot[n] >= 0:
                    by_slot[self._slot[n]][self._number[n]] = n
                    masks[self._slot[n]][self._number[n]] = True
            gated = tuple((n, self._gates[n]) for n in chosen if self._slot[n] < 0)
            steps = self._steps[select] = _Steps(by_slot, gated, masks)
        return steps

    def masks(self, select: Sequence[bool] | None = None) -> tuple[list[bool], ...]:
        """The masks `scan.find` takes for the rules `select` flags (all, for None): one per
        slot of the core's scan (`_core.Scan.SLOTS`), a flag per rule of the slot."""
        return self._steps_for(None if select is None else tuple(select)).masks

    def plan(
        self, text: str, select: Sequence[bool] | None = None
    ) -> list[tuple[Rule, Find]]:
        """The rules that may fire on `text`, each with the call that finds its findings.

        A pattern, swap or line rule is left out when the core found nothing for it; a repair,
        when its gate proves it cannot fire; any rule, when `select` (one flag per rule) says.
        """
        if select is not None and not isinstance(select, tuple):
            select = tuple(select)
        steps = self._steps_for(select)
        try:
            raw = self.scan.find(text, *steps.masks)
        except UnicodeEncodeError:
            return self._dispatch(text, steps, self._apart(text, steps.masks))
        return self._dispatch(text, steps, self._found(raw))

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
        try:
            raw = self.scan.find(text, *self._steps_for(both).masks, memo=memo)
        except UnicodeEncodeError:
            return self.plan(text, first), lambda: self.plan(text, then)
        found = self._found(raw)

        def plan_of(select: tuple[bool, ...]) -> list[tuple[Rule, Find]]:
            return self._dispatch(text, self._steps_for(select), found)

        return plan_of(first), lambda: plan_of(then)

    def _found(self, raw: Sequence[Any]) -> _Founds:
        """What the scan found (`Scan.find`'s result, a part per slot), as each slot reads it."""
        return [
            {} if slot is None else slot.found(rules, part)
            for slot, rules, part in zip(self._slots, self._slot_rules, raw, strict=True)
        ]

    def _apart(self, text: str, masks: Sequence[list[bool]]) -> _Founds:
        """What the scan would find, for a text that cannot cross into the core whole (a lone
        surrogate): each slot's own matcher, which knows how to stand in for it."""
        return [
            slot.matcher(rules).find(text, mask) if slot is not None and any(mask) else {}
            for slot, rules, mask in zip(self._slots, self._slot_rules, masks, strict=True)
        ]


    def _dispatch(self, text: str, steps: _Steps, found: _Founds) -> list[tuple[Rule, Find]]:
        """The plan of `steps` with what was found for them, in rule order: a rule of one of
        the core's slots with what its slot found, when it found something; any other rule
        when its gate passes. Only what was found is looked at, not every rule of a slot: a
        document has hits for a few rules."""
        planned: list[tuple[int, Find]] = []
        for chosen, got in zip(steps.by_slot, found, strict=True):
            for number, what in got.items():
                n = chosen.get(number)
                if n is not None:
                    planned.append((n, what.findings))
        rules = self.rules
        for n, gate_test in steps.gated:
            if gate_test is None or gate_test(text):
                planned.append((n, rules[n].find))
        if len(planned) > 1:
            planned.sort(key=_place)
        return [(rules[n], find) for n, find in planned]


def _place(step: tuple[int, Find]) -> int:
    return step[0]


@functools.lru_cache(maxsize=32)
def _compiled(rules: tuple[Rule, ...]) -> CompiledRules:
    return CompiledRules(rules)


def compile_rules(rules: Iterable[Rule] | CompiledRules) -> CompiledRules:
    """The compiled ruleset for `rules`, built once per process and reused."""
    if isinstance(rules, CompiledRules):
        return rules
    # Every document of a run passes the same tuple: it is known by identity, without
    # hashing its few hundred rules again for the cache (the last one is held, so its id is
    # not reused while it is kept).
    global _LAST
    last = _LAST
    if last is not None and last[0] is rules:
        return last[1]
    compiled = _compiled(tuple(rules))
    if isinstance(rules, tuple):
        _LAST = (rules, compiled)
    return compiled


# The last tuple of rules compiled and its compiled ruleset; one tuple, replaced whole.
_LAST: tuple[tuple[Rule, ...], CompiledRules] | None = None


__all__ = ["CompiledRules", "compile_rules"]
