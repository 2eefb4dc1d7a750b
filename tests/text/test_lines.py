"""`textclean.text.lines`: the one split of a text into lines, and sentence ends."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from textclean.text.lines import SENTENCE_END, Line, ends_sentence, split_by_pattern, split_lines


def test_lines_carry_offsets_bodies_and_terminators():
    text = "Harbour news\r\n\nThe quay reopened.\rEnd"
    lines = split_lines(text)
    assert [line.body for line in lines] == ["Harbour news", "", "The quay reopened.", "End"]
    assert lines[0] == Line(0, 12, 14, False, "Harbour news")
    assert [line.blank for line in lines] == [False, True, False, False]
    assert lines[-1].end == len(text)


def test_a_final_terminator_ends_the_last_line_and_adds_none():
    assert [line.body for line in split_lines("a\nb\n")] == ["a", "b"]
    assert [line.body for line in split_lines("")] == [""]


def test_the_last_split_is_shared_by_the_next_caller():
    text = "one\ntwo"
    assert split_lines(text) is split_lines(text)


@given(st.text(alphabet="ab .\n\r\t", max_size=30))
def test_lines_cover_the_text_in_order(text):
    lines = split_lines(text)
    assert lines[0].start == 0 and lines[-1].end == len(text)
    for a, b in zip(lines, lines[1:], strict=False):
        assert a.end == b.start
    for line in lines:
        assert text[line.start : line.body_end] == line.body
        assert "\n" not in line.body and "\r" not in line.body


def test_sentence_ends():
    assert ends_sentence("The quay reopened.")
    assert ends_sentence("“We are ready,” she said.” ")
    assert ends_sentence("Was it?)")
    assert not ends_sentence("requests for")
    assert not ends_sentence("Share:")
    assert not ends_sentence("")


@given(st.text(alphabet="ab .!?…”)\" \t\x1c", max_size=12))
def test_ends_sentence_is_the_regex_search(body):
    assert ends_sentence(body) == (SENTENCE_END.search(body) is not None)


@given(st.text(alphabet="ab \n\t\x1c", max_size=24))
def test_the_newline_split_makes_line_tuples_as_the_pattern_split_does(text):
    lines = split_lines(text)
    assert lines == split_by_pattern(text)
    assert all(type(line) is Line and line == Line(*line) for line in lines)
    assert [line.blank for line in lines] == [not line.body.strip() for line in lines]
