"""The comment-thread finder (textclean/repairs/comments.py) and its default rule BP031."""

from __future__ import annotations

import textclean
from textclean.repairs.comments import find_comment_thread

ARTICLE = (
    "The harbour committee met on Tuesday to discuss the new ferry timetable for the winter. "
    "Members agreed that the early crossing should leave twenty minutes later in the dark months. "
    "Several traders asked for a longer market on Saturdays during the summer, and the chair "
    "said the requests would be studied before the next meeting of the committee in March."
)
META = r"^\p{Lu}\w+ \p{Lu}\w+ \w+ \d{1,2}, \d{4} - \d{1,2}:\d{2} [ap]m$"


def _fix(text: str) -> str:
    rules = textclean.load_rules().select(["BP031"], [])
    return textclean.fix_text(text, rules).text


def test_thread_under_a_counted_heading_goes_to_the_end():
    text = f"{ARTICLE}\n\n2 Comments\n\nThe early ferry was always too early.\n\nAgreed with that.\n"
    assert _fix(text) == f"{ARTICLE}\n"


def test_a_heading_too_close_to_the_top_is_a_toolbar():
    text = f"Ferry times change\n\n2 Comments\n\n{ARTICLE}\n"
    assert list(find_comment_thread(text, heading_patterns=[r"\d+ comments"], min_words_above=40)) == []


def test_a_heading_with_no_comment_below_is_left_to_the_line_rules():
    text = f"{ARTICLE}\n\n2 Comments\n\nReply\n"
    assert list(find_comment_thread(text, heading_patterns=[r"\d+ comments"], min_words_above=40)) == []


def test_header_lines_start_the_thread_when_the_heading_is_gone():
    text = f"{ARTICLE}\n\nJane Harper August 17, 2019 - 2:19 pm\n\nThe early ferry was always too early.\n"
    hits = list(find_comment_thread(text, meta_patterns=[META], min_words_above=40))
    assert len(hits) == 1
    assert text[hits[0].span.start : hits[0].span.end].startswith("Jane Harper")


def test_header_lines_from_the_top_mean_a_live_blog():
    entry = "Jane Harper August 17, 2019 - 2:19 pm"
    text = f"{entry}\n\n{ARTICLE}\n\n{entry}\n\nThe vote on the early crossing has passed.\n"
    assert list(find_comment_thread(text, meta_patterns=[META], min_words_above=40)) == []


def test_a_thread_longer_than_the_article_needs_a_heading():
    long_comment = " ".join([ARTICLE] * 2)
    text = f"{ARTICLE}\n\nJane Harper August 17, 2019 - 2:19 pm\n\n{long_comment}\n"
    assert list(find_comment_thread(text, meta_patterns=[META], min_words_above=40)) == []
    text = f"{ARTICLE}\n\nTop rated comments\n\n{long_comment}\n"
    assert _fix(text) == f"{ARTICLE}\n"


def test_fixing_twice_changes_nothing_more():
    text = f"{ARTICLE}\n\n3 Kommentare\n\nEndlich fährt die Fähre später, das war lange nötig.\n"
    once = _fix(text)
    assert _fix(once) == once
