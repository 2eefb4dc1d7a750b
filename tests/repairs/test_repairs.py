"""Edge cases of the built-in repairs, one pure function at a time, and of the block rules
inside the engine's fixed-point loop (no cascade into the article body)."""

from __future__ import annotations

import inspect

import pytest

import textclean
from textclean import _core
from textclean.lexicon import using_lexicon
from textclean.repairs import REPAIRS
from textclean.repairs.blocks import find_navigation_block, find_page_chrome
from textclean.repairs.encoding import find_mojibake, unescape_html
from textclean.repairs.layout import (
    find_broken_paragraph,
    find_broken_url,
    find_slid_quote,
    find_unbalanced_quotes,
)
from textclean.repairs.markup import find_html_entities, strip_tag
from textclean.repairs.words import find_drop_cap, find_line_end_hyphenation
from textclean.text.phrases import fold_label

NAV = ["home", "news", "sport", "weather", "contact us", "about us", "privacy policy", "facebook", "twitter"]
PROSE = "The harbour reopened on Monday after three weeks of repairs to the old quay walls."
PROSE2 = "Ships queued at dawn to unload fish, fruit and timber for the Saturday market."


def apply(text: str, hits) -> str:
    edits = sorted((e for h in hits for e in h.edits), key=lambda e: e.span.start)
    out, pos = [], 0
    for e in edits:
        out.append(text[pos : e.span.start])
        out.append(e.replacement)
        pos = e.span.end
    return "".join(out) + text[pos:]


def fix(text: str, *codes: str, unsafe: bool = False) -> str:
    rules = textclean.load_rules().select(list(codes)) if codes else textclean.load_rules()
    return textclean.fix_text(text, rules, unsafe_fixes=unsafe).text


# --- navigation blocks ---------------------------------------------------------------


def test_navigation_block_removed_whole_with_unlabelled_items():
    text = f"Home\nNews\nHarbour life\nSport\n\n{PROSE}"
    assert apply(text, find_navigation_block(text, markers=NAV)) == PROSE


def test_list_inside_article_is_kept():
    text = f"{PROSE}\n\nBring:\nWarm boots\nA torch\nSpare socks\nA flask of tea\n\n{PROSE2}"
    assert list(find_navigation_block(text, markers=NAV)) == []


def test_two_labels_in_a_long_list_are_not_a_menu():
    items = "\n".join(["Weather", "Tides", "Moon phases", "Ferry times", "Bus times", "Parking", "News", "Taxis"])
    text = f"{PROSE}\n\n{items}\n\n{PROSE2}"
    assert list(find_navigation_block(text, markers=NAV, min_markers=3)) == []


def test_sentence_lines_break_a_run():
    text = "Home\nNews\nThe pier is open.\nSport\nWeather\n\n" + PROSE
    assert list(find_navigation_block(text, markers=NAV)) == []


def test_line_of_only_marker_words_counts_as_marker():
    text = f"Facebook Twitter\nHome\nNews\n\n{PROSE}"
    assert apply(text, find_navigation_block(text, markers=NAV)) == PROSE


def test_navigation_block_keeps_crlf_and_missing_final_newline():
    text = f"{PROSE}\r\n\r\nAbout us\r\nPrivacy policy\r\nFacebook"
    assert apply(text, find_navigation_block(text, markers=NAV)) == PROSE


def test_head_mode_needs_a_label_and_stops_at_the_first_prose_line():
    text = f"Menu\nHarbour\nNov 19\n{PROSE}\nShort line\nOther\nMore"
    hits = list(find_navigation_block(text, markers=["menu"], head_min_lines=3))
    assert apply(text, hits) == f"{PROSE}\nShort line\nOther\nMore"
    plain = f"Changes\nFaster start\nBugs fixed\n{PROSE}"
    assert list(find_navigation_block(plain, markers=["menu"], head_min_lines=3)) == []


def test_no_prose_line_means_no_head():
    text = "Home\nEggs\nFlour\nMilk"
    assert list(find_navigation_block(text, markers=["home"], head_min_lines=3, min_markers=9)) == []


def test_block_rule_does_not_eat_the_body_through_the_fixed_point_loop():
    # After the menu goes, the short lines of the article (a subhead, a list) become the new
    # edge; they must survive every further pass.
    body = f"{PROSE}\n\nWhat to bring\n\nWarm boots\nA torch\nSpare socks\n\n{PROSE2}"
    text = "Home\nNews\nSport\nWeather\nContact us\n\n" + body
    result = textclean.fix_text(text, textclean.load_rules())
    assert result.text == body
    assert textclean.fix_text(result.text, textclean.load_rules()).applied == ()


def test_header_then_list_then_prose_is_not_cascaded():
    # A header with a label, then the article's own short list before the first prose line:
    # the header rule takes the whole head once, but a second pass finds nothing more.
    text = f"Menu\nSubscribe\nHarbour\n\n{PROSE}\n\nOne\nTwo\nThree\n\n{PROSE2}"
    once = fix(text, "BP016")
    assert once == f"{PROSE}\n\nOne\nTwo\nThree\n\n{PROSE2}"
    assert fix(once, "BP016") == once


def test_page_chrome_keeps_main_block_and_is_idempotent():
    nav = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "Facebook"])
    teasers = "More stories\nFerry timetable changes in May\nPrivacy policy\nAbout us"
    text = f"{nav}\n\n{PROSE}\n\n{PROSE2}\n\n{teasers}"
    hits = list(find_page_chrome(text, markers=NAV))
    # The first finding takes header and footer; the second, the footer alone, overlaps it.
    assert len(hits) == 2 and hits[0].edits[1] == hits[1].edits[0]
    once = apply(text, hits[:1])
    assert once == f"{PROSE}\n\n{PROSE2}"
    assert fix(text, "BP017", unsafe=True) == once
    assert list(find_page_chrome(once, markers=NAV)) == []


def test_page_chrome_needs_navigation_evidence():
    text = f"Eggs\nFlour\n\n{PROSE}\n\nMilk\nSalt"
    assert list(find_page_chrome(text, markers=NAV)) == []


def test_page_chrome_is_unsafe_and_off_by_default():
    rules = textclean.load_rules()
    assert rules["BP017"].safety.value == "unsafe"
    nav = "\n".join(["Home", "Search", "Contact us", "About us", "Facebook", "Twitter"])
    text = f"{nav}\n\n{PROSE}\n\nFerry timetable changes in May and June for all routes\n"
    assert "Ferry timetable" in fix(text)
    assert "Ferry timetable" not in fix(text, unsafe=True)


def test_fold_label():
    assert fold_label("» Contact  US |") == "contact us"
    assert fold_label("   ") == ""


# --- entities, tags ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("&amp;", "&"),
        ("&#8217;", "’"),
        ("&#x2019;", "’"),
        ("&EACUTE;", "É"),
        ("&notanentity;", "&notanentity;"),
        ("&#0;", "&#0;"),
        ("&#x81;", "&#x81;"),
        ("&#xffffffff;", "&#xffffffff;"),
        ("AT&T", "AT&T"),
        ("&amp", "&amp"),
    ],
)
def test_unescape_html(text, expected):
    assert unescape_html(text) == expected


def test_html_entity_finder_reports_only_decodable_entities():
    text = "R&D; &T; &fish; &lt;p&gt;"
    assert [text[h.span.start : h.span.end] for h in find_html_entities(text)] == ["&lt;", "&gt;"]


def test_escaped_markup_is_decoded_then_stripped():
    text = 'Harbour news &lt;span data-mce-type="bookmark"&gt;&lt;/span&gt;reopens.'
    assert fix(text, "MK001", "MK002") == "Harbour news reopens."


def test_strip_tag():
    assert strip_tag("<br>") == "\n"
    assert strip_tag("<BR/>") == "\n"
    assert strip_tag("<p class='x'>") == ""


# --- layout -----------------------------------------------------------------------------


def test_broken_url_needs_a_url_like_fragment():
    assert [h.edits[0].replacement for h in find_broken_url("https://ex.org/a-b-\ncd-12")] == [""]
    assert list(find_broken_url("See https://ex.org/about\nand more prose here.")) == []
    assert list(find_broken_url("https://ex.org/a https://ex.org/b")) == []


def test_broken_url_keeps_two_urls_apart():
    assert list(find_broken_url("https://ex.org/a-\nhttps://ex.org/b")) == []


def test_broken_paragraph_needs_prose_on_both_sides():
    assert list(find_broken_paragraph("- item one two three\n\nlower case words follow here")) == []
    assert list(find_broken_paragraph("It was accused by rights\n\ngroups of arming them.")) != []
    assert list(find_broken_paragraph("Short\n\nlower case words follow here")) == []


def test_slid_quote_needs_unclosed_paragraph():
    assert list(find_slid_quote("Bad news'\n\n'Markets fell,' he said.")) == []
    hits = list(find_slid_quote("Bad news'\n\n'Markets fell on Monday."))
    assert apply("Bad news'\n\n'Markets fell on Monday.", hits) == "'Bad news'\n\nMarkets fell on Monday."


def test_unbalanced_quotes_skip_continued_quotations():
    text = '"We will reopen,\n\n"and soon," she said.'
    assert list(find_unbalanced_quotes(text)) == []
    assert len(list(find_unbalanced_quotes('He said "no.'))) == 1


# --- words --------------------------------------------------------------------------------


def test_drop_cap_needs_evidence_and_skips_one_letter_words():
    with using_lexicon("off"):  # the document alone (tests/repairs/test_lexicon.py: with one)
        assert list(find_drop_cap("T he ship. No other word.")) == []
    assert list(find_drop_cap("A ship came. A ship left.")) == []
    assert len(list(find_drop_cap("T he ship. The crew."))) == 1


def test_line_end_hyphenation_follows_the_document():
    joined = list(find_line_end_hyphenation("inter-\nnational and international"))
    assert joined[0].edits[0].replacement == ""
    kept = list(find_line_end_hyphenation("well-\nknown and well-known"))
    assert kept[0].edits[0].replacement == "-"
    with using_lexicon("off"):  # the document alone says nothing about `harbour-master`
        unknown = list(find_line_end_hyphenation("harbour-\nmaster"))
    assert unknown[0].edits == ()
    # The lexicon of the text's language decides where the document cannot, and says so.
    decided = list(find_line_end_hyphenation("harbour-\nmaster"))
    assert decided[0].edits and decided[0].message.endswith("(lexicon:en)")


def test_soft_hyphen_removed():
    assert fix("inter\u00adnational", "SW002") == "international"


# --- encoding -----------------------------------------------------------------------------


def test_mojibake_edit_is_minimal_and_explained():
    text = "Plain line.\nI donâ€™t know.\n"
    hits = list(find_mojibake(text))
    assert len(hits) == 1 and text[hits[0].span.start : hits[0].span.end] == "â€™"
    assert "ftfy" in (hits[0].message or "")


@pytest.mark.parametrize("text", ["Crème brûlée", "ATENÇÃO", "naïve café", "Ωmega ≠ alpha"])
def test_mojibake_leaves_correct_text(text):
    assert list(find_mojibake(text)) == []


def test_invisible_characters_removed_but_joiners_kept_in_scripts():
    assert fix("zero\u200bwidth\u2060here\ufffcx", "EN002") == "zerowidthherex"
    assert fix("क्\u200dष", "EN002") == "क्\u200dष"
    assert fix("\ufeffkept", "EN002") == "\ufeffkept"


def test_control_characters_removed_tabs_kept():
    assert fix("a\x07b\tc\r\nd", "EN003") == "ab\tc\r\nd"


def test_every_registered_repair_is_documented_with_an_example():
    for name, repair in REPAIRS.items():
        assert ">>>" in repair.doc, f"{name} has no doctest"


def test_a_finder_the_core_runs_takes_the_cores_parameters_and_defaults():
    """The core states each finder's parameters once; the Python function's signature and a
    rule's `params:` check read them from there."""
    for name in _core.finder_names():
        repair = REPAIRS[name]
        assert list(repair.param_names().items()) == [
            (param, inspect.Parameter(param, inspect.Parameter.KEYWORD_ONLY, default=default))
            for param, default in _core.finder_params(name)
        ], name
    assert dict(_core.finder_params("delete_navigation_block"))["min_share"] == 0.3
    with pytest.raises(TypeError, match="min_line"):
        find_navigation_block("Home\nNews", markers=NAV, min_line=2)
    assert REPAIRS["delete_teaser_list"].check_params({"max_words": "six"}) == [
        "parameter 'max_words' of repair 'delete_teaser_list' should be int, got str"]


# BP019 whole-page-frame: the safe, cautious use of find_page_chrome.
WHOLE_PAGE = dict(
    markers=NAV, min_markers=5, min_short_share=0.4, min_block_words=50,
    edge_markers=["share this", "related articles", "leave a reply"],
)
ARTICLE = "\n\n".join([
    "The harbour reopened on Monday after three weeks of repairs to the old quay walls.",
    "Ships queued at dawn to unload fish, fruit and timber for the Saturday market.",
    "The mayor said the town had waited long enough, and that the quay would last for decades.",
    "Fishermen welcomed the news and held a small party on the quay in the evening.",
])


def test_whole_page_frame_is_bounded_by_labels_on_both_sides():
    nav = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "Facebook", "Twitter"])
    fact_box = "Opening hours\nMonday to Friday\nFree entry"
    footer = "Share this\nFerry timetable changes in May\nPrivacy policy\nAbout us"
    text = f"{nav}\nHarbour reopens\nBy Ann Lee\n\n{ARTICLE}\n\n{fact_box}\n\n{footer}\n"
    hits = list(find_page_chrome(text, **WHOLE_PAGE))
    # the headline and byline after the last label stay, as does the fact box before the
    # first footer label
    assert apply(text, hits[:1]) == f"Harbour reopens\nBy Ann Lee\n\n{ARTICLE}\n\n{fact_box}\n"
    once = apply(text, hits[:1])
    assert list(find_page_chrome(once, **WHOLE_PAGE)) == []


def test_whole_page_frame_without_footer_label_keeps_everything_after_the_article():
    nav = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "Facebook"])
    text = f"{nav}\n\n{ARTICLE}\n\n1) Rope\n2) Lantern\n3) Boots\n"
    hits = list(find_page_chrome(text, **WHOLE_PAGE))
    assert [h.message for h in hits] == ["page header outside the main text block (6 lines)"]
    assert apply(text, hits) == f"{ARTICLE}\n\n1) Rope\n2) Lantern\n3) Boots\n"


@pytest.mark.parametrize(
    "text",
    [
        # mostly paragraphs: an article (or an extractor's output) that mentions a few labels
        "Home\nNews\nSport\nWeather\nContact us\n\n" + ARTICLE + "\n\n" + ARTICLE,
        # whole-page text, but the densest prose is a teaser, not an article
        "Home\nNews\nSport\nWeather\nContact us\nFacebook\n\nThe harbour reopened on Monday.\n\nShare this\nAbout us",
        # short lines, but no navigation labels: a list
        "Eggs\nFlour\nMilk\nButter\nSugar\nSalt\n\n" + ARTICLE,
    ],
)
def test_whole_page_frame_needs_clear_evidence(text):
    assert list(find_page_chrome(text, **WHOLE_PAGE)) == []


def test_whole_page_frame_goes_in_one_fix_even_when_a_line_fix_starts_at_the_top():
    # `Home` alone is a safe line fix that starts where the header does and is shorter, so
    # the engine takes it first; the footer must still go in that pass, and nothing is left
    # for later passes to nibble at.
    nav = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "Facebook", "Twitter"])
    footer = "Leave a reply\nTell us what you think about the new ferry timetable\nPrivacy policy"
    text = f"{nav}\n\n{ARTICLE}\n\n{footer}\n"
    fixed = fix(text)
    assert fixed.strip() == ARTICLE
    assert textclean.fix_text(fixed, textclean.load_rules()).applied == ()


def test_whole_page_frame_is_safe_and_page_chrome_is_not():
    rules = textclean.load_rules()
    assert rules["BP019"].safety.value == "safe"
    assert rules["BP019"].spec.repair == rules["BP017"].spec.repair == "delete_page_chrome"


def test_whole_page_frame_edge_patterns_start_the_footer_at_a_teaser_heading():
    nav = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "Facebook"])
    teasers = "More from the Harbour Times\nNew ferry timetable starts in May\nPier lights go up"
    text = f"{nav}\n\n{ARTICLE}\n\n{teasers}\n"
    params = dict(WHOLE_PAGE, edge_patterns=["more (?:from|in) .{2,40}"])
    assert apply(text, list(find_page_chrome(text, **params))[:1]) == f"{ARTICLE}\n"
    # without the pattern, no label after the article: the teasers stay
    assert apply(text, list(find_page_chrome(text, **WHOLE_PAGE))) == f"{ARTICLE}\n\n{teasers}\n"
