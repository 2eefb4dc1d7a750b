"""A compiled ruleset: one core call per text finds what the pattern, swap and line rules hit.

    compile_rules(rules).plan(text) -> [(rule, find)]   only the rules that may match `text`

`engine.check_text` runs the plan instead of every rule. What decides, by kind:

- `pattern` and `swap`: the core matches every such rule of the plan in one call over the
  text (`kinds.PatternRules`); only the rules it found something for are planned (a pattern
  the core's engines cannot read as Python's `regex` does is always planned, and runs there);
- `line`: the core matches every line rule of the plan in one pass over the text
  (`kinds.LineRules`), and only the rules it found something for are planned;
- `repair`: the repair's own `gate` (a cheap test its module defines next to its regex);
- `metric`: none, it always runs.

Compiled rulesets are cached per process, keyed by the rules.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from textclean.kinds import (
    DEFAULT_REGEX_TIMEOUT,
    LineFound,
    LineRule,
    PatternFound,
    PatternRule,
    RepairRule,
    Rule,
    SwapRule,
    line_rules,
    pattern_rules,
)
from textclean.model import Finding, Safety
from textclean.repairs import REPAIRS

Find = Callable[..., list[Finding]]


def _gate(rule: Rule) -> Callable[[str], bool] | None:
    """A repair's own cheap test of whether it can fire on a text."""
    if isinstance(rule, RepairRule):
        repair = REPAIRS.get(rule.spec.repair)
        return repair.gate if repair is not None else None
    return None


class TextIndex:
    """One text, shared by every plan over it: a fix pass plans its fixing rules and, when
    nothing is left to fix, the report-only rules over the same text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


# What `plan` goes through for a `select` mask: (rule, gate, line number, pattern number) of
# each selected rule, and the masks of the line and pattern rules it selects.
_Steps = tuple[list[tuple[Any, ...]], list[bool] | None, list[bool] | None]


class CompiledRules:
    """Rules with the core's matchers and the repairs' gates, in the order given."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        self._gates = tuple(_gate(rule) for rule in self.rules)
        self._fix_masks: dict[Safety, tuple[tuple[bool, ...], tuple[bool, ...]]] = {}
        self._steps: dict[tuple[bool, ...] | None, _Steps] = {}
        # The line rules and the pattern (and swap) rules, matched by the core; each rule's
        # number among them, or -1.
        lines = [r for r in self.rules if isinstance(r, LineRule)]
        patterns = [r for r in self.rules if isinstance(r, PatternRule | SwapRule)]
        self.line_rules = line_rules(tuple(lines)) if lines else None
        self.pattern_rules = pattern_rules(tuple(patterns)) if patterns else None
        self._line_number = _numbers(self.rules, LineRule)
        self._pattern_number = _numbers(self.rules, PatternRule | SwapRule)

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

    def index(self, text: str) -> TextIndex:
        """`text` for `plan`, to share between the plans of one pass."""
        return TextIndex(text)

    def _steps_for(self, select: tuple[bool, ...] | None) -> _Steps:
        steps = self._steps.get(select)
        if steps is None:
            chosen = [n for n in range(len(self.rules)) if select is None or select[n]]
            plan = [
                (self.rules[n], self._gates[n], self._line_number[n], self._pattern_number[n])
                for n in chosen
            ]
            steps = self._steps[select] = (
                plan,
                _mask(self.line_rules, self._line_number, chosen),
                _mask(self.pattern_rules, self._pattern_number, chosen),
            )
        return steps

    def plan(
        self, text: str | TextIndex, select: Sequence[bool] | None = None
    ) -> list[tuple[Rule, Find]]:
        """The rules that may fire on `text`, each with the call that finds its findings.

        A pattern, swap or line rule is left out when the core found nothing for it; a repair,
        when its gate proves it cannot fire; any rule, when `select` (one flag per rule) says.
        """
        text = text.text if isinstance(text, TextIndex) else text
        if select is not None and not isinstance(select, tuple):
            select = tuple(select)
        steps, line_mask, pattern_mask = self._steps_for(select)
        lines_found = (
            self.line_rules.find(text, line_mask)
            if line_mask is not None and self.line_rules is not None
            else {}
        )
        patterns_found = (
            self.pattern_rules.find(text, pattern_mask)
            if pattern_mask is not None and self.pattern_rules is not None
            else {}
        )
        out: list[tuple[Rule, Find]] = []
        for rule, gate_test, line_number, pattern_number in steps:
            if line_number >= 0:
                found: LineFound | PatternFound | None = lines_found.get(line_number)
            elif pattern_number >= 0:
                found = patterns_found.get(pattern_number)
            else:
                if gate_test is None or gate_test(text):
                    out.append((rule, rule.find))
                continue
            if found is not None:
                out.append((rule, _found_findings(found)))
        return out


def _numbers(rules: Sequence[Rule], kind: Any) -> tuple[int, ...]:
    """Each rule's number among the rules of `kind`, or -1."""
    count = iter(range(len(rules)))
    return tuple(next(count) if isinstance(r, kind) else -1 for r in rules)


def _mask(matcher: Any, numbers: Sequence[int], chosen: Sequence[int]) -> list[bool] | None:
    """The core's `select` mask of the chosen rules among `numbers` (None: none chosen)."""
    if matcher is None:
        return None
    mask = [False] * len(matcher.rules)
    for n in chosen:
        if numbers[n] >= 0:
            mask[numbers[n]] = True
    return mask if any(mask) else None


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


__all__ = ["CompiledRules", "TextIndex", "compile_rules"]
