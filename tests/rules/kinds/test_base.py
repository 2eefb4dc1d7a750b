"""The kinds' registry and the protocol a kind implements: the loader and the compiled ruleset
ask the kind (`check`, `core_slot`, `gate`), so a kind they never heard of works."""

from __future__ import annotations

import importlib
import re
import typing
from dataclasses import dataclass
from typing import Literal

import pytest
from pydantic import ValidationError

from textclean import _core
from textclean.engine.compiled import compile_rules
from textclean.engine.loop import check_text
from textclean.model import Finding, Level, Span
from textclean.rules.kinds import KINDS, RULE_ADAPTER
from textclean.rules.kinds.base import DEFAULT_REGEX_TIMEOUT, Rule, SpecProblems
from textclean.rules.schema import RuleBase

HEAD = {"code": "XX001", "name": "x", "summary": "s", "level": "info"}


def _tests_of(kind: str):
    """The kind's own tests, tests/rules/kinds/test_KIND.py: every registered kind has them,
    with an EXAMPLE rule and WHAT its rule page says it finds."""
    return importlib.import_module(f"tests.rules.kinds.test_{kind}")


def test_each_kind_is_registered_under_its_yaml_value():
    for value, cls in KINDS.items():
        assert cls.kind == value
        assert typing.get_args(cls.spec_model.model_fields["kind"].annotation) == (value,)


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_rule_schema_is_the_union_of_the_registered_kinds(kind):
    tests = _tests_of(kind)
    spec = RULE_ADAPTER.validate_python({**HEAD, "kind": kind, **tests.EXAMPLE})
    assert type(spec) is KINDS[kind].spec_model
    rule = KINDS[kind](spec=spec)
    # a slot of the core's scan, or None: the rule runs in Python behind its gate
    assert rule.core_slot is None or rule.core_slot.name in _core.Scan.SLOTS
    [what] = rule.describe()  # its rule page's "What it finds" (docs/generate.py)
    assert tests.WHAT in what


def _problems(check) -> list[tuple[tuple, str, bool]]:
    found: list[tuple[tuple, str, bool]] = []
    check(SpecProblems("XX001", lambda loc, message, warn: found.append((loc, message, warn))))
    return found


def test_a_regex_that_does_not_compile_is_a_problem_and_a_risky_one_a_warning():
    [(loc, message, warn)] = _problems(lambda p: p.regex("(open", ("pattern",)))
    assert loc == ("pattern",) and message.startswith("regex does not compile") and not warn
    [(loc, message, warn)] = _problems(lambda p: p.regex(r"(\w+\s?)*x", ("patterns", 1)))
    assert loc == ("patterns", 1) and "backtrack catastrophically" in message and warn
    assert _problems(lambda p: p.regex(r"\bshare\b", ("pattern",))) == []


class WordSpec(RuleBase):
    kind: Literal["word"]
    word: str


@dataclass(frozen=True, eq=False)
class WordRule(Rule[WordSpec]):
    """A kind the engine does not know: Python finds `word`, behind a gate."""

    def gate(self):
        return lambda text: self.spec.word in text

    def find(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        return [self._finding(Span(m.start(), m.end()), None)
                for m in re.finditer(re.escape(self.spec.word), text)]


def test_naming_the_spec_model_sets_the_kind_from_its_literal():
    assert (WordRule.kind, WordRule.spec_model) == ("word", WordSpec)
    assert (Rule.kind, Rule.spec_model) == ("", RuleBase)


def test_a_kind_outside_the_core_is_planned_through_its_gate():
    rule = WordRule(spec=WordSpec(kind="word", word="zap", code="XX009", name="zap",
                                  summary="a zap", level=Level.WARNING))
    assert rule.core_slot is None
    compiled = compile_rules([rule])
    assert compiled.plan("nothing here") == []
    [(planned, _)] = compiled.plan("one zap, two zap")
    assert planned is rule
    assert [f.span for f in check_text("one zap, two zap", [rule])] == [Span(4, 7), Span(13, 16)]
    assert check_text("one zap", [rule]) == check_text("one zap", [rule], prefilter=False)


@pytest.mark.parametrize(("spec", "error"), [
    ({"kind": "repair", "repair": "strip_leftover_tags", "fix": {"delete": "line"}},
     "a repair rule's edits come from its repair"),
    ({"kind": "line", "phrases": ["a"], "fix": {"repair": "unescape_html"}},
     "a line rule's fix deletes the line"),
    ({"kind": "classifier", "model": "m", "threshold": 0.5, "fix": {"replace": ""}},
     "a classifier rule's fix deletes the line"),
    ({"kind": "pattern", "pattern": "a", "fix": {"delete": "line"}}, "`delete: line` is for line rules"),
])
def test_a_fix_action_the_kind_decides_itself_is_refused(spec, error):
    with pytest.raises(ValidationError, match=re.escape(error)):
        RULE_ADAPTER.validate_python({"code": "XX001", "name": "x", "summary": "s",
                                      "level": "warning", **spec})


@pytest.mark.parametrize("spec", [
    {"kind": "repair", "repair": "strip_leftover_tags", "fix": {"safety": "unsafe", "safety_note": "n"}},
    {"kind": "line", "phrases": ["a"], "fix": {"delete": "line"}},
    {"kind": "pattern", "pattern": "a", "fix": {"replace": ""}},
])
def test_the_fix_actions_a_kind_takes_are_accepted(spec):
    assert RULE_ADAPTER.validate_python({"code": "XX001", "name": "x", "summary": "s",
                                         "level": "warning", **spec}).fix is not None
