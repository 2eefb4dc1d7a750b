"""Run a rule's YAML examples as tests. Public, so users' own rule packs can reuse it.

    from textclean.rules.testing import example_cases, run_example
    @pytest.mark.parametrize("case", example_cases(load_rules(["my_rules/"])), ids=str)
    def test_my_rules(case): run_example(case)

Each example is checked like sqlfluff's YAML cases: with only its rule selected, the rule
finds exactly `finds` (the text of each finding's span, in order); when `fixed` is given,
fixing (unsafe fixes allowed, so the rule's own fix is tested) gives `fixed`; the fixed text
no longer triggers the rule's fix; and fixing twice changes nothing. When `safe_fixed` is given,
fixing with safe fixes only gives it (where a safe rule's fix turns unsafe in context). A
negative example (`finds: []`) must come back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from textclean.engine.loop import check_text, fix_text
from textclean.rules.kinds import Rule
from textclean.rules.schema import Example


@dataclass(frozen=True)
class ExampleCase:
    rule: Rule
    index: int  # 1-based
    example: Example

    def __str__(self) -> str:
        return f"{self.rule.code}-{self.index}"


class ExampleFailure(AssertionError):
    """An example of a rule does not hold: `what` was expected to be `expected`, and is `got`."""

    def __init__(self, message: str, what: str = "", expected: Any = None, got: Any = None) -> None:
        super().__init__(message)
        self.what = what
        self.expected = expected
        self.got = got


def example_cases(rules: Iterable[Rule]) -> list[ExampleCase]:
    """Every example of every rule, in rule order."""
    return [
        ExampleCase(rule, i, ex)
        for rule in rules
        for i, ex in enumerate(rule.spec.examples, start=1)
    ]


def run_example(case: ExampleCase) -> None:
    """Check one example; raise ExampleFailure saying what differs."""
    rule, ex = case.rule, case.example
    rules = [rule]
    where = f"{rule.path}: {case} ({rule.name})"
    findings = check_text(ex.text, rules, url=ex.url)
    found = [ex.text[f.span.start : f.span.end] for f in findings]
    if found != ex.finds:
        raise ExampleFailure(f"{where}: expected finds {ex.finds!r}, got {found!r}",
                             "finds", ex.finds, found)
    result = fix_text(ex.text, rules, unsafe_fixes=True, url=ex.url)
    if not ex.finds and result.text != ex.text:
        raise ExampleFailure(f"{where}: negative example changed to {result.text!r}",
                             "fixed", ex.text, result.text)
    if ex.safe_fixed is not None:
        safe = fix_text(ex.text, rules, url=ex.url).text
        if safe != ex.safe_fixed:
            raise ExampleFailure(f"{where}: expected safe_fixed {ex.safe_fixed!r}, got {safe!r}",
                                 "safe_fixed", ex.safe_fixed, safe)
    if ex.fixed is not None:
        if result.text != ex.fixed:
            raise ExampleFailure(f"{where}: expected fixed {ex.fixed!r}, got {result.text!r}",
                                 "fixed", ex.fixed, result.text)
        again = fix_text(result.text, rules, unsafe_fixes=True, url=ex.url)
        if again.text != result.text:
            raise ExampleFailure(f"{where}: not idempotent: second fix gave {again.text!r}",
                                 "second fix", result.text, again.text)
        left = [f for f in check_text(result.text, rules, url=ex.url) if f.fix is not None]
        if left:
            raise ExampleFailure(f"{where}: fixed text still triggers the rule: {left!r}",
                                 "fixable findings in the fixed text", [],
                                 [result.text[f.span.start : f.span.end] for f in left])
    elif ex.finds and rule.safety is not None and rule.safety.value != "display-only":
        if result.text != ex.text and not ex.xfail:
            raise ExampleFailure(
                f"{where}: example changes the text ({result.text!r}); add `fixed:` to it",
                "fixed (no `fixed:` given, so unchanged)", ex.text, result.text,
            )


@dataclass(frozen=True)
class Overlap:
    """Rule `other` finds text that `rule` finds in `rule`'s example `index` (1-based)."""

    rule: Rule
    other: Rule
    index: int
    text: str  # what both find

    def __str__(self) -> str:
        safety = self.other.safety.value if self.other.safety else "no"
        fixes = f"and fixes it first ({safety} fix)"
        return (
            f"{self.rule.code} ({self.rule.name}) overlaps {self.other.code} ({self.other.name}) "
            f"on its example {self.index}: {self.other.code} finds {self.text!r} {fixes}; "
            f"drop the duplicate, or --ignore {self.other.code} where {self.rule.code} should win"
        )


def overlapping_rules(rule: Rule, others: Sequence[Rule]) -> list[Overlap]:
    """Where `others` (e.g. the default packs) already find what `rule` finds on its own
    positive examples: one Overlap per other rule, at its first example.

    A user rule that a default rule shadows this way never gets to fix those lines in a real
    run (the default rule's fix takes them first), so `textclean rules test` warns about it.
    """
    # Only rules that fix: a report-only rule (a document metric, say) shadows nothing.
    others = [
        r for r in others
        if r.code != rule.code and r.safety is not None and r.safety.value != "display-only"
    ]
    seen: dict[str, Overlap] = {}
    for index, ex in enumerate(rule.spec.examples, start=1):
        if not ex.finds:
            continue
        mine = check_text(ex.text, [rule], url=ex.url)
        if not mine:
            continue
        for finding in check_text(ex.text, others, url=ex.url):
            if finding.rule in seen:
                continue
            for own in mine:
                start = max(own.span.start, finding.span.start)
                end = min(own.span.end, finding.span.end)
                if start < end:
                    other = next(r for r in others if r.code == finding.rule)
                    seen[finding.rule] = Overlap(rule, other, index, ex.text[start:end])
                    break
    return list(seen.values())
