"""Run a rule's YAML examples as tests. Public, so users' own rule packs can reuse it.

    from textclean.testing import example_cases, run_example
    @pytest.mark.parametrize("case", example_cases(load_rules(["my_rules/"])), ids=str)
    def test_my_rules(case): run_example(case)

Each example is checked like sqlfluff's YAML cases: with only its rule selected, the rule
finds exactly `finds` (the text of each finding's span, in order); when `fixed` is given,
fixing (unsafe fixes allowed, so the rule's own fix is tested) gives `fixed`; the fixed text
no longer triggers the rule's fix; and fixing twice changes nothing. A negative example
(`finds: []`) must come back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textclean.engine import check_text, fix_text
from textclean.kinds import Rule
from textclean.schema import Example


@dataclass(frozen=True)
class ExampleCase:
    rule: Rule
    index: int  # 1-based
    example: Example

    def __str__(self) -> str:
        return f"{self.rule.code}-{self.index}"


class ExampleFailure(AssertionError):
    """An example of a rule does not hold."""


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
        raise ExampleFailure(f"{where}: expected finds {ex.finds!r}, got {found!r}")
    result = fix_text(ex.text, rules, unsafe_fixes=True, url=ex.url)
    if not ex.finds and result.text != ex.text:
        raise ExampleFailure(f"{where}: negative example changed to {result.text!r}")
    if ex.fixed is not None:
        if result.text != ex.fixed:
            raise ExampleFailure(f"{where}: expected fixed {ex.fixed!r}, got {result.text!r}")
        again = fix_text(result.text, rules, unsafe_fixes=True, url=ex.url)
        if again.text != result.text:
            raise ExampleFailure(f"{where}: not idempotent: second fix gave {again.text!r}")
        left = [f for f in check_text(result.text, rules, url=ex.url) if f.fix is not None]
        if left:
            raise ExampleFailure(f"{where}: fixed text still triggers the rule: {left!r}")
    elif ex.finds and rule.safety is not None and rule.safety.value != "display-only":
        if result.text != ex.text and not ex.xfail:
            raise ExampleFailure(
                f"{where}: example changes the text ({result.text!r}); add `fixed:` to it"
            )
