"""`textclean.text.paragraphs`: which lines are pieces of a hard-wrapped sentence."""

from __future__ import annotations

import random
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from textclean.text.paragraphs import ParagraphView, paragraph_view

WORDS = ("harbour", "council", "quay", "wall", "storm", "repair", "residents", "said", "Monday",
         "the", "of", "and", "to", "a", "photos", "comment", "boats", "season", "traders")


def test_the_issue_repro_lines_are_wrapped():
    text = "Her office did not return requests for\ncomment.\n\nResidents sent in their\nphotos.\n"
    view = ParagraphView(text)
    assert view.continues == [False, True, False, False, True]
    assert view.wrapped == [True, True, False, True, True]
    assert [(p.first, p.last) for p in view.paragraphs] == [(0, 1), (3, 4)]
    assert view.paragraph == [0, 0, -1, 1, 1]
    assert view.wrapped[4]


def test_a_label_that_begins_a_sentence_is_continued_by_the_line_below():
    view = ParagraphView("Photos\nby the council show the damaged wall.\n")
    assert view.wrapped == [True, True]


def test_a_capitalised_line_continues_a_full_line_above():
    text = (
        "The harbour wall was repaired over the winter months by a crew\n"
        "Officials praised in their report on Monday, and the boats came\n"
        "Home.\n"
    )
    view = ParagraphView(text)
    assert view.continues == [False, True, True]
    assert view.wrapped[2]


def test_menus_and_label_lists_are_not_wrapped():
    text = "Home\nNews\nSport\nContact us\n\nfacebook\nlinkedin\ntwitter\n\nTerms and Conditions\nPrivacy Policy\n"
    view = ParagraphView(text)
    assert not any(view.wrapped)
    assert len(view.paragraphs) == 9


def test_sentences_one_per_line_are_not_wrapped():
    text = "The quay reopened.\nComment.\nThe harbour office said on Monday that boats may sail.\n"
    view = ParagraphView(text)
    assert not any(view.wrapped) and len(view.paragraphs) == 3


def test_a_wrap_between_two_sentences_joins_the_pieces_of_one_paragraph():
    text = "Why the harbour repair plan is promising.\n(More)\n"
    view = ParagraphView(text)
    assert view.continues == [False, False] and view.joined == [False, True]
    assert view.wrapped == [True, True] and len(view.paragraphs) == 1


def test_short_lines_in_a_text_of_long_lines_are_not_taken_for_a_wrap():
    # Extractor output: one paragraph per line. The headline is the widest line of its block,
    # but far narrower than the text's paragraphs, so the byline below does not continue it.
    long = "The council agreed on Monday to repair the harbour wall before winter storms. " * 3
    text = f"Council agrees to repair the harbour wall in winter\nBy Jane Doe\n\n{long}\n"
    assert ParagraphView(text).wrapped[:2] == [False, False]


def test_the_view_is_built_once_per_text():
    text = "one line\nand another"
    assert paragraph_view(text) is paragraph_view(text)
    assert paragraph_view(text) is not paragraph_view(text + " ")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(40, 100))
def test_every_break_of_a_greedy_wrap_inside_a_sentence_is_a_continuation(seed, width):
    rng = random.Random(seed)
    words = [rng.choice(WORDS) for _ in range(rng.randint(20, 80))]
    lines = textwrap.wrap(" ".join(words) + ".", width, break_long_words=False)
    view = ParagraphView("\n".join(lines))
    # No word ends a sentence but the last: every line is a piece of the one sentence.
    assert all(view.continues[1:])
    assert all(view.wrapped) or len(lines) == 1
    assert len(view.paragraphs) == 1
