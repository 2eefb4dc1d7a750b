"""Every example in every default rule file, run as a test (ids like MK001-1)."""

from __future__ import annotations

import pytest

import textclean
from textclean.rules.testing import example_cases, run_example

_RULES = textclean.load_rules().all_rules
_CASES = example_cases(_RULES)


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(reason=c.example.xfail, strict=True))
        if c.example.xfail
        else c
        for c in _CASES
    ],
    ids=str,
)
def test_rule_example(case):
    run_example(case)
