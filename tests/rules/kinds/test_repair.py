"""The `repair` kind: a named repair's finder, in the core or behind its gate in Python."""

from __future__ import annotations

from textclean import _core
from textclean.engine.compiled import compile_rules
from textclean.engine.loop import check_text
from textclean.model import Span
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


def test_every_default_finder_but_ftfys_runs_in_the_core():
    in_python = sorted(name for name, repair in REPAIRS.items()
                       if repair.finder is not None and _rule(name).core_slot is None)
    assert in_python == ["fix_mojibake"]


def test_a_finder_in_python_runs_on_every_text():
    # fix_mojibake (ftfy) is the one default finder left in Python: planned outside the core,
    # with no gate (it asks the core's trigger scan itself).
    rule = _rule("fix_mojibake")
    assert rule.core_slot is None and rule.engine == "python" and rule.gate() is None
    assert compile_rules([rule]).plan("plain ASCII, nothing to repair")[0][0] is rule
    assert check_text("I donâ€™t know", [rule])[0].span == Span(5, 8)
