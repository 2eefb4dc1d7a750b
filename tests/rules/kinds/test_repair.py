"""The `repair` kind: a named repair's finder, in the core or behind its gate in Python."""

from __future__ import annotations

import dataclasses

from textclean import _core
from textclean.repairs import REPAIRS
from textclean.rules.kinds import RULE_ADAPTER
from textclean.rules.kinds.base import SpecProblems
from textclean.rules.kinds.repair import FINDER_SLOT, RepairRule

# A rule of this kind as its YAML gives it (after code, name, summary and level), and what its
# rule page says it finds, in part: tests/rules/kinds/test_base.py checks every registered kind's.
EXAMPLE = {"repair": "decode_html_entities"}
WHAT = "finder `decode_html_entities`"

HEAD = {"code": "XX001", "name": "x", "summary": "s", "level": "info", "kind": "repair"}


def _rule(repair: str, **fields) -> RepairRule:
    return RepairRule(spec=RULE_ADAPTER.validate_python({**HEAD, "repair": repair, **fields}))


def _problems(rule: RepairRule) -> list[tuple[tuple, str]]:
    found: list[tuple[tuple, str]] = []
    RepairRule.check(rule.spec, SpecProblems("XX001", lambda loc, m, warn: found.append((loc, m))))
    return found


def test_an_unknown_repair_or_a_transform_is_a_problem():
    [(loc, msg)] = _problems(_rule("make_it_nice"))
    assert loc == ("repair",) and "unknown repair 'make_it_nice' for a repair rule" in msg
    assert REPAIRS["unescape_html"].finder is None  # a transform, not a finder
    assert [loc for loc, _ in _problems(_rule("unescape_html"))] == [("repair",)]


def test_a_finder_in_the_core_takes_the_finder_slot_and_no_gate():
    rule = _rule("decode_html_entities")
    assert "decode_html_entities" in _core.finder_names()
    assert (rule.core_slot, rule.gate(), rule.engine) == (FINDER_SLOT, None, "rust")


def test_a_finder_in_python_runs_behind_its_repair_gate(monkeypatch):
    # fix_mojibake (ftfy) is the one default finder left in Python, and it has no gate; given
    # one, the rule runs behind it.
    rule = _rule("fix_mojibake")
    assert rule.core_slot is None and rule.engine == "python" and rule.gate() is None
    gated = dataclasses.replace(REPAIRS["fix_mojibake"], gate=lambda text: "\u00c3" in text)
    monkeypatch.setitem(REPAIRS, "fix_mojibake", gated)
    gate = _rule("fix_mojibake").gate()
    assert gate is gated.gate
    assert gate is not None and not gate("no mojibake here")
