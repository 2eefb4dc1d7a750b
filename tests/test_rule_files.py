"""The default packs follow the conventions of textclean/packs/README.md."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import textclean
from textclean.rules import default_rules_dir

RULES = textclean.load_rules().all_rules


def test_packs_load_without_warnings():
    assert textclean.load_rules().warnings == ()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_file_stem_is_name(rule):
    assert Path(rule.path).stem == rule.name


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_has_positive_and_negative_examples(rule):
    examples = rule.spec.examples
    assert any(ex.finds for ex in examples), f"{rule.code} has no positive example"
    assert any(not ex.finds and not ex.xfail for ex in examples), f"{rule.code} has no negative example"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_fixing_rules_show_a_fix(rule):
    if rule.safety is None or rule.safety.value == "display-only":
        return
    assert any(ex.fixed is not None for ex in rule.spec.examples), f"{rule.code} never shows `fixed`"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_has_why(rule):
    assert rule.spec.why and len(rule.spec.why.split()) >= 8


def test_codes_unique_and_one_family_per_folder():
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES:
        same_folder = [r for r in RULES if Path(r.path).parent == Path(rule.path).parent]
        assert len(same_folder) >= 1


def test_packs_ship_in_package():
    assert any(default_rules_dir().rglob("*.yml"))


REVERSED = [r for r in RULES if r.kind == "pattern" and r.compiled.flags & regex.REVERSE]


def test_some_pattern_searches_from_the_end():
    assert REVERSED, "WS004 searches from the end of the text: the test below checks it"


@pytest.mark.parametrize("rule", REVERSED, ids=lambda r: r.code)
@settings(max_examples=400, deadline=None)
@given(text=st.lists(st.sampled_from(["a", ".", " ", "\t", "\n", "\r", "\r\n", "\u00a0", "\u2028"]), max_size=24).map("".join))
def test_searching_from_the_end_finds_what_a_forward_search_finds(rule, text):
    # `(?r)` is only a speed-up: the matches are those of the same pattern searched forward.
    forward = regex.compile(rule.spec.pattern.replace("(?r)", "", 1))
    assert not forward.flags & regex.REVERSE
    assert sorted(m.span() for m in rule.compiled.finditer(text)) == [m.span() for m in forward.finditer(text)]
