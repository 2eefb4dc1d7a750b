"""BP033's finder: punctuation, bullets, case and indentation do not hide a repeat; distance
and length do."""

from __future__ import annotations

from textclean.repairs.duplicates import find_nearby_duplicate_lines

_LINE = "The ferry leaves the old harbour at dawn on a grey Monday"


def test_inner_punctuation_does_not_hide_a_repeat() -> None:
    text = f"{_LINE}\n\nThe ferry leaves the old harbour, at dawn on a grey Monday.\n"
    assert [h.message for h in find_nearby_duplicate_lines(text)] == [
        "line repeated 1 line(s) below its first copy"
    ]


def test_short_lines_distinct_lines_and_far_repeats_stay() -> None:
    assert list(find_nearby_duplicate_lines("Eat at noon\n\nEat at noon\n")) == []
    assert list(find_nearby_duplicate_lines(f"{_LINE}\n\nThe pier reopened after a month of repairs.\n")) == []
    assert list(find_nearby_duplicate_lines(f"{_LINE}\na\nb\nc\n{_LINE}")) == []


def test_the_deletion_takes_the_line_and_its_break() -> None:
    text = f"{_LINE}\n  • {_LINE.upper()}\nThe pier reopened."
    (hit,) = find_nearby_duplicate_lines(text)
    second = len(_LINE) + 1
    assert (hit.span.start, hit.span.end) == (second, second + len(_LINE) + 4)
    assert [(e.span.start, e.span.end, e.replacement) for e in hit.edits] == [(second, second + len(_LINE) + 5, "")]
