"""The core value types: what pickling (worker results, report spill files) must keep."""

from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textclean.model import (
    AppliedFix,
    Edit,
    Finding,
    Fix,
    FixResult,
    Level,
    LineIndex,
    Safety,
    Span,
    pickled_by_fields,
)
from textclean.report.report import DocumentReport, EditRecord, FindingRecord, RuleInfo, RuleStat

FINDING = Finding("MK001", Span(2, 5), "tag", Level.ERROR, Fix((Edit(Span(2, 5), ""),), Safety.SAFE))
RECORD = FindingRecord("WS001", Level.INFO, "blank", 3, 4, 1, 4, 1, 5, " ", "safe", True, 1,
                       (EditRecord(3, 4, ""),))
VALUES = [
    Span(0, 0),
    Span(1, 7),
    Edit(Span(1, 2), "x"),
    FINDING,
    Finding("DC001", Span(0, 9), "short"),
    AppliedFix(FINDING, 2),
    FixResult("ab", (AppliedFix(FINDING, 1),), (FINDING,), 1, ("abc", "ab")),
    RECORD,
    DocumentReport("a.jsonl:3", (RECORD,), True, None, "a.jsonl:3", "text"),
    DocumentReport("b.txt"),
    RuleInfo("WS001", "trailing-whitespace", "info", "s", "safe", "why"),
    RuleStat("WS001", "n", "info", "s", "w", None, 3, 2, 1, 1, 0.5, 100.0),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_values_survive_pickling_and_copying(value, protocol):
    back = pickle.loads(pickle.dumps(value, protocol))
    assert back == value and type(back) is type(value)
    assert copy.deepcopy(value) == value and copy.copy(value) == value


def test_unpickling_still_validates():
    # The value is rebuilt by its constructor, so its checks run again.
    data = pickle.dumps(Span(1, 2)).replace(b"K\x01K\x02", b"K\x03K\x02")
    with pytest.raises(ValueError, match="bad span"):
        pickle.loads(data)


def test_only_classes_rebuilt_by_their_constructor():
    with pytest.raises(TypeError, match="__init__ argument"):

        @pickled_by_fields
        @dataclass(frozen=True, slots=True)
        class Cached:
            a: int
            b: int = field(init=False, default=0)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", "\n", "\r\n", "\r", "\u2028", "\x85", "\ud800", "東"]), max_size=30).map("".join))
def test_line_index_counts_lines_at_newlines(text: str) -> None:
    for offset in range(len(text) + 1):
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        assert LineIndex(text).line_col(offset) == (line, col)
