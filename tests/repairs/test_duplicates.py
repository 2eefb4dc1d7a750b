"""BP033's finder and its gate: the gate never rules out a text the finder finds a repeat in."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from textclean.repairs.duplicates import find_nearby_duplicate_lines, may_have_nearby_duplicate

_LINE = "The ferry leaves the old harbour at dawn on a grey Monday"


def test_inner_punctuation_does_not_hide_a_repeat() -> None:
    # The same words with a comma inside the first forty characters: still a repeat.
    text = f"{_LINE}\n\nThe ferry leaves the old harbour, at dawn on a grey Monday.\n"
    assert may_have_nearby_duplicate(text)
    assert [h.message for h in find_nearby_duplicate_lines(text)] == [
        "line repeated 1 line(s) below its first copy"
    ]


def test_short_lines_and_distinct_lines_pass_the_gate_by() -> None:
    assert not may_have_nearby_duplicate("Eat at noon\n\nEat at noon\n")
    assert not may_have_nearby_duplicate(f"{_LINE}\n\nThe pier reopened after a month of repairs.\n")


_PIECES = [
    _LINE, _LINE + ".", "  • " + _LINE, _LINE.upper(), _LINE.replace(" at ", ", at "), "a b c d e f g h",
    "a b c d e f g h!", "Short line", "", "\n", "\r\n", "\r", "\u2028", "\x85", " ", "ä ö ü ß x y z w",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("\n".join))
def test_the_gate_is_conservative(text: str) -> None:
    if list(find_nearby_duplicate_lines(text)):
        assert may_have_nearby_duplicate(text)
