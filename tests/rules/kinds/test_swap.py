"""The `swap` kind: a literal map, matched by the core like a pattern."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from textclean.rules.kinds import PATTERN_SLOT, RULE_ADAPTER
from textclean.rules.kinds.swap import SwapRule

# A rule of this kind as its YAML gives it (after code, name, summary and level), and what its
# rule page says it finds, in part: tests/rules/kinds/test_base.py checks every registered kind's.
EXAMPLE = {"swap": {"teh": "the"}}
WHAT = "`teh` → `the`"

HEAD = {"code": "XX001", "name": "x", "summary": "Misspelt", "level": "info", "kind": "swap"}


def _rule(**fields) -> SwapRule:
    return SwapRule(spec=RULE_ADAPTER.validate_python({**HEAD, **fields}))


def test_each_key_is_a_finding_fixed_by_its_value():
    rule = _rule(swap={"teh": "the", "adn": "and"}, fix={"safety": "safe"})
    assert rule.core_slot is PATTERN_SLOT
    found = rule.find("teh cat adn tehx")  # `tehx`: not a whole word
    assert [(f.message, f.fix.edits[0].replacement) for f in found] == [
        ("Misspelt: 'teh' -> 'the'", "the"),
        ("Misspelt: 'adn' -> 'and'", "and"),
    ]


def test_ignore_case_and_word_boundary():
    assert [f.span.start for f in _rule(swap={"teh": "the"}, ignore_case=True).find("Teh TEH")] == [0, 4]
    assert [f.span.start for f in _rule(swap={"teh": "the"}, word_boundary=False).find("tehx")] == [0]
    assert _rule(swap={"teh": "the"}).find("tehx") == []


def test_the_fix_is_the_map():
    with pytest.raises(ValidationError, match="a swap rule's fix is its map"):
        _rule(swap={"a": "b"}, fix={"replace": "x"})
