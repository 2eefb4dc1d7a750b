"""The default packs follow the conventions of textclean/packs/README.md."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import textclean
from textclean.rules.loader import default_rules_dir

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


# WS004 as it was written with a look-behind, searched from the end of the text.
TRAILING_BLANK_LINES = r"(?r)(?<=\S[ \t]*\r?\n)(?:[ \t]*\r?\n)+\Z"


@settings(max_examples=600, deadline=None)
@given(text=st.lists(st.sampled_from(["a", ".", " ", "\t", "\n", "\r", "\r\n", "\u00a0", "\u2028", "\x0b"]), max_size=24).map("".join))
def test_trailing_blank_lines_finds_what_its_look_behind_form_finds(text):
    rule = next(r for r in RULES if r.code == "WS004")
    want = [m.span() for m in regex.finditer(TRAILING_BLANK_LINES, text)]
    assert [(f.span.start, f.span.end) for f in rule.find(text)] == want
    assert [m.span(1) for m in rule.compiled.finditer(text)] == want
