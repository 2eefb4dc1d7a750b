"""The `metric` kind: a document-level measure against a bound, one finding over the text."""

from __future__ import annotations

from textclean.model import Span
from textclean.rules.kinds import RULE_ADAPTER
from textclean.rules.kinds.base import SpecProblems
from textclean.rules.kinds.metric import MetricRule

# A rule of this kind as its YAML gives it (after code, name, summary and level), and what its
# rule page says it finds, in part: tests/rules/kinds/test_base.py checks every registered kind's.
EXAMPLE = {"metric": "word_count", "min": 3}
WHAT = "`word_count` is not at least 3"

HEAD = {"code": "XX001", "name": "x", "summary": "Too short", "level": "info", "kind": "metric"}


def _rule(**fields) -> MetricRule:
    return MetricRule(spec=RULE_ADAPTER.validate_python({**HEAD, **fields}))


def test_an_unknown_metric_and_params_are_problems():
    rule = _rule(metric="beauty", min=1, params={"k": 1})
    found: list[tuple] = []
    MetricRule.check(rule.spec, SpecProblems("XX001", lambda loc, m, warn: found.append(loc)))
    assert found == [("metric",), ("params",)]


def test_a_measure_outside_its_bound_is_one_finding_over_the_text():
    rule = _rule(metric="word_count", min=3)
    assert rule.core_slot is None and rule.gate() is None
    [finding] = rule.find("two words")
    assert finding.span == Span(0, 9) and finding.fix is None
    assert finding.message == "Too short: word_count = 2, below the minimum 3"
    assert rule.find("three whole words") == []
