"""The default packs follow the conventions of rules/README.md."""

from __future__ import annotations

from pathlib import Path

import pytest

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
