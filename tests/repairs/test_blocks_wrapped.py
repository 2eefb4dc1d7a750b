"""Block finders treat the pieces of a hard-wrapped sentence as prose (issue 16, item 1)."""

from __future__ import annotations

import textwrap
from collections import Counter

import textclean
from textclean.model import Safety
from textclean.repairs import blocks, teasers
from textclean.text.paragraphs import WRAPPED_NOTE

MARKERS = ["home", "news", "sport", "weather", "contact us", "about us", "privacy policy"]
STORY = (
    "The harbour wall that the winter storms broke in three places was repaired over the "
    "summer, and the boats came back to the quay on Monday. The council said the work cost "
    "less than planned because local firms shared their cranes and crews with each other."
)


def test_a_wrapped_piece_is_not_part_of_the_menu_below_it():
    text = (
        "Home\nNews\nSport\nWeather\n\n"
        "Residents of the old town sent in their\nphotos\n\n"
        "Contact us\nAbout us\nPrivacy policy\n"
    )
    hits = list(blocks.find_navigation_block(text, markers=MARKERS))
    taken = [text[h.edits[0].span.start : h.edits[0].span.end] for h in hits]
    assert len(hits) == 2 and not any("photos" in t for t in taken), taken


def test_the_first_wrapped_piece_bounds_the_page_header():
    # Before, the two pieces were short lines above the first prose line: header, deleted.
    text = "Home\nNews\nMenu\n\nthe harbour wall was\nrepaired by the town\n\nAbout the works: they took all summer long.\n"
    hits = list(blocks.find_navigation_block(text, markers=MARKERS + ["menu"], head_min_lines=2, prose_words=6))
    assert [text[h.span.start : h.span.end] for h in hits] == ["Home\nNews\nMenu"]


def test_a_teaser_heading_does_not_take_the_wrapped_story_below_it():
    intro = "The town council met on Monday evening and voted on the budget for the year ahead."
    text = f"{intro}\n\nRelated\n\n" + textwrap.fill(STORY, 40) + "\n"
    assert list(teasers.find_teaser_list(text, headings=["related"])) == []


def test_a_teaser_deletion_that_takes_a_wrapped_piece_is_unsafe():
    # The heading continues the sentence above it: the list goes, but only by an unsafe fix.
    text = "The pier reopened on Monday.\n\nOfficials said there was\nmore from the harbour times\n\nFerry timetable\nMarket days\n"
    (hit,) = teasers.find_teaser_list(text, headings=["more from the harbour times"])
    assert hit.at_most is Safety.UNSAFE and hit.message.endswith(WRAPPED_NOTE)
    assert (hit.span.start, hit.span.end) == (55, 111) and text[55:].startswith("more from")
    text = text.replace("there was\nmore", "there was\n\nmore")
    (hit,) = teasers.find_teaser_list(text, headings=["more from the harbour times"])
    assert hit.at_most is None and not hit.message.endswith(WRAPPED_NOTE)


def test_a_wrapped_page_keeps_every_word_of_its_story(default_rules):
    menu = "Home\nNews\nSport\nWeather\nContact us\n"
    footer = "About us\nPrivacy policy\nContact us\nHome\n"
    for width in (40, 60, 78):
        story = textwrap.fill(STORY, width)
        fixed = textclean.fix_text(f"{menu}\n{story}\n\n{footer}", default_rules).text
        assert not Counter(story.split()) - Counter(fixed.split()), (width, fixed)
