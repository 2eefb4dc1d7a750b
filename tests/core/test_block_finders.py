"""The block finders that run in the core, on hand-written texts: scripts other than Latin,
CRLF, astral characters, the empty text and very long lines.

The golden record (tests/test_golden.py) holds them to the Python finders they were ported
from over the benchmark corpora; these cases pin the offsets (code points), messages and
edits the Python side receives.
"""

from __future__ import annotations

import pytest

from textclean.repairs import REPAIRS
from textclean.repairs.blocks import find_navigation_block, find_page_chrome
from textclean.repairs.comments import find_comment_thread
from textclean.repairs.teasers import find_teaser_list
from textclean.text.paragraphs import ParagraphView
from textclean.text.phrases import fold_label


def _hits(found):
    return [(h.span.start, h.span.end, h.message, [(e.span.start, e.span.end, e.replacement) for e in h.edits], h.at_most)
            for h in found]


def test_teaser_list_in_japanese():
    text = "東京の港は月曜日に再開したと市が発表した。工事は二年間続いた。\n\n関連記事\n\n新しい時刻表\n市場の日が変わる\n"
    assert _hits(find_teaser_list(text, headings=["関連記事"])) == [
        (33, 54, 'teaser list under "関連記事" (2 items) at the end of the text', [(32, 55, "")], None)
    ]


def test_teaser_list_in_russian_with_crlf():
    text = ("Порт снова открылся в понедельник после двух лет ремонта, сообщили власти.\r\n\r\n"
            "Читайте также\r\n\r\nНовое расписание паромов\r\nРынок меняет дни\r\n")
    found = _hits(find_teaser_list(text, headings=["читайте также"]))
    assert found == [(78, 137, 'teaser list under "Читайте также" (2 items) at the end of the text', [(76, 139, "")], None)]
    assert text[:76] + text[139:] == text[: text.index("\r\n") + 2]


def test_teaser_list_with_astral_characters_and_a_pattern_heading():
    text = ("The pier reopened on Monday after two years of repairs, the council said 😀.\n\n"
            "More from 𝐓𝐡𝐞 Harbour\n\n😀 New ferry timetable\nMarket days change 🚢")
    found = _hits(find_teaser_list(text, heading_patterns=["more from .{2,60}"]))
    assert found == [(77, 142, 'teaser list under "More from 𝐓𝐡𝐞 Harbour" (2 items) at the end of the text',
                      [(75, 142, "")], None)]
    assert text[77:142].startswith("More from") and text[:75].endswith("😀.")


def test_teaser_list_on_empty_and_tiny_texts():
    assert list(find_teaser_list("", headings=["related"])) == []
    assert list(find_teaser_list("Related\n\nOne\nTwo", headings=["related"])) == []  # nothing above it


def test_teaser_list_after_a_very_long_line():
    text = "word " * 5000 + "end.\n\nRelated\n\nOne title\nTwo titles\n"
    assert _hits(find_teaser_list(text, headings=["related"])) == [
        (25006, 25035, 'teaser list under "Related" (2 items) at the end of the text', [(25005, 25036, "")], None)
    ]


def test_a_wrapped_sentence_below_the_heading_is_prose_not_a_list():
    text = ("The pier reopened on Monday after two years of repairs, the council\nsaid in a statement.\n\n"
            "Related\n\nThe harbour master said the crossings will\nstart again in May\nMarket days change\n")
    assert ParagraphView(text).wrapped[5:7] == [True, True]
    assert list(find_teaser_list(text, headings=["related"])) == []
    # Titles that are no wrapped sentence are a list.
    text = text.replace("The harbour master said the crossings will\nstart again in May", "Ferry timetable")
    assert [h.message for h in find_teaser_list(text, headings=["related"])] == [
        'teaser list under "Related" (2 items) at the end of the text'
    ]


def test_a_heading_pattern_only_python_reads_is_refused_when_the_rule_loads():
    repair = REPAIRS["delete_teaser_list"]
    assert repair.check_params({"heading_patterns": ["more from .{2,60}"]}) == []
    (problem,) = repair.check_params({"heading_patterns": [r"(more) \1"]})
    assert "neither of the core's regex engines" in problem
    # Look-around runs in fancy-regex.
    assert repair.check_params({"heading_patterns": [r"more (?!ads).+"]}) == []
    found = list(find_teaser_list("The pier reopened on Monday after two years of repairs.\n\nMore news\n\nA\nB\n",
                                  heading_patterns=[r"more (?!ads).+"]))
    assert [h.message for h in found] == ['teaser list under "More news" (2 items) at the end of the text']


@pytest.mark.parametrize("text", ["a\ud800b\nc", "\udfff"])
def test_lone_surrogates_cross_into_the_core(text):
    assert list(find_teaser_list(text, headings=["related"])) == []
    assert len(ParagraphView(text).wrapped) == text.count("\n") + 1


NAV = ["home", "contact us", "news", "главная", "новости", "контакты", "startseite", "über uns", "facebook", "twitter"]


def test_navigation_block_in_cyrillic_with_crlf():
    text = ("Главная\r\nНовости\r\nСпорт\r\nКонтакты\r\n\r\n"
            "Городской совет собрался в понедельник и согласился отремонтировать стену.\r\n")
    assert _hits(find_navigation_block(text, markers=NAV)) == [
        (0, 33, "navigation block: 4 short lines, 3 of them navigation labels", [(0, 37, "")], None)
    ]


def test_navigation_header_with_astral_characters():
    text = "𝐇𝐨𝐦𝐞\n😀 News\nHome 😀\nContact us\n\nThe council met on Monday and agreed to repair the wall 🚢."
    # Mathematical bold letters have no case folding: `𝐇𝐨𝐦𝐞` is no label; only `Contact us` is.
    assert list(find_navigation_block(text, markers=NAV)) == []
    assert _hits(find_navigation_block(text, markers=NAV, head_min_lines=3)) == [
        (0, 29, "page header above the first paragraph: 4 short lines, 1 navigation labels", [(0, 31, "")], None)
    ]


def test_navigation_header_in_german_and_a_footer_of_one_line():
    text = ("Startseite\nÜber uns\nHafen\n\n"
            "Der Rat tagte am Montag und beschloss, die Mauer am Hafen zu reparieren.\n\nFacebook Twitter\n")
    assert list(find_navigation_block(text, markers=NAV)) == []
    assert _hits(find_navigation_block(text, markers=NAV, head_min_lines=3)) == [
        (0, 25, "page header above the first paragraph: 3 short lines, 2 navigation labels", [(0, 27, "")], None)
    ]


def test_navigation_block_on_empty_text_and_before_a_very_long_line():
    assert list(find_navigation_block("", markers=NAV, head_min_lines=3)) == []
    assert list(find_navigation_block("Home\nNews\nContact us", markers=[])) == []
    text = "Home\nNews\nLocal\nContact us\n\n" + "word " * 5000 + "end."
    assert _hits(find_navigation_block(text, markers=NAV)) == [
        (0, 26, "navigation block: 4 short lines, 3 of them navigation labels", [(0, 28, "")], None)
    ]
    assert [h.message for h in find_navigation_block(text, markers=NAV, head_min_lines=3)] == [
        "page header above the first paragraph: 4 short lines, 3 navigation labels"
    ]


def test_navigation_params_of_the_wrong_type_are_refused_when_the_rule_loads():
    repair = REPAIRS["delete_navigation_block"]
    assert repair.check_params({"markers": ["home"], "min_share": 1}) == []
    assert repair.check_params({"markers": ["home"], "min_share": "most"})


CHROME = ["home", "news", "sport", "weather", "contact", "about us", "privacy policy",
          "главная", "новости", "спорт", "контакты", "о нас"]
PIER = "The pier opened in May after five years of repair work on the old quay 😀.\n"
MENU = "Home\nNews\nSport\nWeather\nContact\n"


def test_page_chrome_in_cyrillic_with_crlf():
    text = ("Главная\r\nНовости\r\nСпорт\r\nКонтакты\r\nО нас\r\n"
            + "Пирс открылся в мае после пяти лет ремонта старой набережной.\r\n" * 3 + "Контакты\r\nО нас\r\n")
    assert _hits(find_page_chrome(text, markers=CHROME)) == [
        (0, 40, "page header (5 lines) and footer (2 lines) outside the main text block", [(0, 42, ""), (228, 246, ".")], None),
        (231, 246, "page footer outside the main text block (2 lines)", [(228, 246, ".")], None),
    ]


def test_page_chrome_gives_back_an_astral_character_before_the_footer():
    # `𝐒𝐡𝐚𝐫𝐞` (mathematical bold) is no `share this`; the edge pattern starts the footer, whose
    # edit starts one character early, on the astral `𝐞`, and puts it back.
    text = (MENU + "Harbour reopens 😀\n" + PIER * 3
            + "𝐒𝐡𝐚𝐫𝐞\nMore from the Harbour Times\nFerry fares rise\nAbout us\nPrivacy policy")
    found = _hits(find_page_chrome(text, markers=CHROME, edge_markers=["share this"], edge_patterns=["more from .{2,40}"]))
    assert found == [
        (0, 31, "page header (5 lines) and footer (4 lines) outside the main text block", [(0, 32, ""), (276, 346, "𝐞")], None),
        (278, 346, "page footer outside the main text block (4 lines)", [(276, 346, "𝐞")], None),
    ]
    assert text[276] == "𝐞" and text[278:].startswith("More from")


def test_page_chrome_edge_markers_none_and_empty_differ():
    text = MENU + "Harbour reopens 😀\n" + PIER * 3 + "Ferry fares rise\nAbout us\nPrivacy policy"
    # No edge markers: everything outside the main block goes, the headline too.
    assert [h.message for h in find_page_chrome(text, markers=CHROME)] == [
        "page header (6 lines) and footer (3 lines) outside the main text block",
        "page footer outside the main text block (3 lines)",
    ]
    # An empty list: the frame ends at the last label (a marker) on each side.
    assert [h.message for h in find_page_chrome(text, markers=CHROME, edge_markers=[])] == [
        "page header (5 lines) and footer (2 lines) outside the main text block",
        "page footer outside the main text block (2 lines)",
    ]


def test_page_chrome_on_empty_text_and_around_a_very_long_line():
    assert list(find_page_chrome("", markers=CHROME, min_markers=0)) == []
    assert list(find_page_chrome(MENU * 3, markers=[])) == []
    text = MENU + "word " * 5000 + "end.\nAbout us\nPrivacy policy"
    assert _hits(find_page_chrome(text, markers=CHROME)) == [
        (0, 31, "page header (5 lines) and footer (2 lines) outside the main text block",
         [(0, 32, ""), (25035, 25060, ".")], None),
        (25037, 25060, "page footer outside the main text block (2 lines)", [(25035, 25060, ".")], None),
    ]


def test_fold_label_runs_in_the_core():
    assert fold_label("  » Contact \u3000 US | ") == "contact us"
    assert fold_label("Straße\tTeilen ✕") == "strasse teilen"
    assert fold_label("a\x1cb\ud800") == "a\x1cb\ufffd"  # a lone surrogate crosses as U+FFFD
    assert fold_label("») ") == ""


def test_comment_thread_in_chinese():
    text = "东京的港口在周一重新开放，市政府表示工程持续了两年。" * 6 + "\n\n网友评论\n\n终于开放了，我们周末带孩子去了港口散步。\n"
    found = _hits(find_comment_thread(text, headings=["网友评论"], min_words_above=20))
    assert found == [(158, 184, 'comment thread under "网友评论" at the end of the text (2 lines)', [(156, 185, "\n")], None)]


def test_comment_thread_with_crlf_and_astral_characters():
    # Lines are split at "\n" only: each keeps its "\r", as the span's end shows.
    text = ("The pier 😀 reopened on Monday after two years of repairs, the council said.\r\n" * 4
            + "\r\n12 Comments\r\n\r\nGreat news 🚢, we walked there on Sunday with the kids.\r\n")
    found = _hits(find_comment_thread(text, heading_patterns=[r"\d+ comments"], min_words_above=40))
    assert found == [(310, 380, 'comment thread under "12 Comments" at the end of the text (2 lines)',
                      [(307, 381, "\n")], None)]
    assert text[310:380].startswith("12 Comments") and text[380] == "\n"


def test_comment_header_with_a_look_ahead_and_a_long_name():
    meta = r"(?i)^(?!by\b)(?:\p{Lu}[\p{L}.-]*)(?:\s+\p{Lu}[\p{L}.-]*){0,3}\s+\w+ \d{1,2}, \d{4} - \d{1,2}:\d{2} [ap]m$"
    article = "The pier reopened on Monday after two years of repairs, the council said. " * 8
    header = "Jane Harper-Longname-Extraordinarily-Long-Surname-Of-The-Family August 17, 2019 - 2:19 pm"
    text = f"{article}\n\n{header}\n\nI tried the early ferry last week and it was nearly empty."
    found = _hits(find_comment_thread(text, meta_patterns=[meta], min_words_above=40))
    # The message quotes the first 60 characters of the line; no final line break, none put back.
    assert found == [(594, 743, f'comment thread under "{header[:60]}" at the end of the text (2 lines)',
                      [(592, 743, "")], None)]
    by_line = text.replace(header, "By Harper August 17, 2019 - 2:19 pm")
    assert list(find_comment_thread(by_line, meta_patterns=[meta], min_words_above=40)) == []


def test_comment_thread_refuses_a_pattern_only_python_reads():
    assert REPAIRS["delete_comment_thread"].check_params({"meta_patterns": [r"(a)\1"]})
