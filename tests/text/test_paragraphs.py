"""`textclean.text.paragraphs`: which lines are pieces of a hard-wrapped sentence."""

from __future__ import annotations

import random
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from textclean.text.paragraphs import ParagraphView, no_prose_above, paragraph_view

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


ABOVE = "The institute was founded in 1990 and has studied the coast ever since."
BELOW = "Its yearly report on the harbour has appeared every spring since 1992."


def test_a_short_line_between_two_prose_paragraphs_heads_a_section():
    view = ParagraphView(f"{ABOVE}\n\nPublications\n\n{BELOW}\n")
    assert view.heads_section(2)
    # single line breaks between paragraphs (extractor output) count the same
    assert ParagraphView(f"{ABOVE}\nPublications\n{BELOW}").heads_section(1)
    # a hard-wrapped prose paragraph below is one paragraph
    wrapped = "Its yearly report on the harbour has appeared\nevery spring since 1992, printed in Kiel."
    assert ParagraphView(f"{ABOVE}\n\nPublications\n\n{wrapped}").heads_section(2)


def test_a_label_is_no_heading_at_the_edges_in_a_run_of_labels_or_over_a_list():
    assert not ParagraphView(f"Publications\n\n{BELOW}").heads_section(0)
    assert not ParagraphView(f"{ABOVE}\n\nPublications").heads_section(2)
    # a run of menu labels: neither has prose on both sides
    view = ParagraphView(f"{ABOVE}\n\nProjects\n\nPublications\n\n{BELOW}")
    assert not view.heads_section(2) and not view.heads_section(4)
    # over a list of links, or under a short line, it is not heading prose
    assert not ParagraphView(f"{ABOVE}\n\nSee also\n\nHarbour of Kiel\n\n{BELOW}").heads_section(2)
    assert not ParagraphView(f"It rained.\n\nPublications\n\n{BELOW}").heads_section(2)


def test_a_long_line_or_a_sentence_heads_no_section():
    seven = "Our projects on the coast since ninety"
    assert not ParagraphView(f"{ABOVE}\n\n{seven}\n\n{BELOW}").heads_section(2)
    assert not ParagraphView(f"{ABOVE}\n\nWe publish.\n\n{BELOW}").heads_section(2)
    # two CJK characters count as one word on both sides
    zh_above, zh_below = "研究所成立于一九九零年，此后一直研究海岸。", "它关于港口的年度报告自一九九二年起每年春天出版。"
    assert ParagraphView(f"{zh_above}\n\n出版物\n\n{zh_below}").heads_section(2)
    assert not ParagraphView(f"短句。\n\n出版物\n\n{zh_below}").heads_section(2)


def test_an_abbreviation_at_a_wrap_does_not_end_the_sentence():
    # Wrapped at 50 columns; `Inc.` ends the first line, and the wrap went on inside the sentence.
    text = (
        "This post was paid for by the Harbour Trading Co.\n"
        "and its partners. All views are the writer's.\n"
        "#harbour #ferries\n"
    )
    view = ParagraphView(text)
    assert view.continues[:2] == [False, True]
    assert view.wrapped == [True, True, True] and len(view.paragraphs) == 1


# Lines for texts of labels, prose, closers and odd spaces around a label.
PIECES = [ABOVE, BELOW, "Share", "Publications", "See also", "It rained.", "”", "(a).”",
          "Wrapped prose about the harbour that goes on to the next", "line here.", "",
          "  ", "\x1c", "Done. \x1c", "Menu »", "One two three four five six seven eight!"]


@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8))
@settings(max_examples=400, deadline=None)
def test_no_prose_above_only_says_what_the_view_says(pieces):
    text = "\n".join(pieces)
    view = ParagraphView(text)
    for i, line in enumerate(view.lines):
        if no_prose_above(text, line.start):
            assert not view.heads_section(i), (text, i)


def test_no_prose_above_reads_the_nearest_non_blank_line():
    assert no_prose_above(f"Share\n\nPublications\n\n{BELOW}", 7)
    assert not no_prose_above(f"{ABOVE}\n\n \nPublications\n\n{BELOW}", len(ABOVE) + 4)
    assert no_prose_above("Publications", 0)  # nothing above
    assert not no_prose_above("Done. \x1c\nPublications", 9)  # odd space: the view decides
