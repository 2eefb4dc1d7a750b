"""The `pattern` kind: its semantic check and its findings."""

from __future__ import annotations

from textclean.rules.kinds import RULE_ADAPTER
from textclean.rules.kinds.base import SpecProblems
from textclean.rules.kinds.pattern import PATTERN_SLOT, PatternRule

# A rule of this kind as its YAML gives it (after code, name, summary and level), and what its
# rule page says it finds, in part: tests/rules/kinds/test_base.py checks every registered kind's.
EXAMPLE = {"pattern": "x+"}
WHAT = "```\nx+\n```"

HEAD = {"code": "XX001", "name": "x", "summary": "s", "level": "info", "kind": "pattern"}


def _spec(**fields):
    return RULE_ADAPTER.validate_python({**HEAD, **fields})


def _problems(spec) -> list[tuple[tuple, str]]:
    found: list[tuple[tuple, str]] = []
    PatternRule.check(spec, SpecProblems(spec.code, lambda loc, msg, warn: found.append((loc, msg))))
    return found


def test_a_sound_rule_has_no_problem():
    assert _problems(_spec(pattern=r"(\d+)-(?P<b>x)", group="b",
                           fix={"replace": r"\1\g<b>"})) == []


def test_the_check_names_what_is_wrong_and_where():
    assert _problems(_spec(pattern="a(b)", group=2)) == [(("group",), "pattern has no group 2")]
    [(loc, msg)] = _problems(_spec(pattern="a(b)", fix={"replace": r"\2"}))
    assert loc == ("fix", "replace") and msg.startswith("bad replacement template")
    [(loc, msg)] = _problems(_spec(pattern="a", fix={"repair": "no_such_repair"}))
    assert loc == ("fix", "repair") and "unknown repair 'no_such_repair'" in msg


def test_a_group_is_the_finding_and_the_template_its_fix():
    rule = PatternRule(spec=_spec(pattern=r"(\w+) (\1)\b", group=2, fix={"replace": ""}))
    assert rule.core_slot is PATTERN_SLOT
    [finding] = rule.find("it is is so")
    assert (finding.span.start, finding.span.end) == (6, 8)
    assert finding.fix is not None and finding.fix.edits[0].replacement == ""
