"""Rule kinds judge a line inside its paragraph: a piece of a wrapped sentence is never
deleted by a safe fix (issue 16, item 1)."""

from __future__ import annotations

import textclean
from textclean.model import Safety
from textclean.rules.kinds.line import ONLY_LINE_NOTE
from textclean.text.paragraphs import WRAPPED_NOTE

# A rule of this kind as its YAML gives it (after code, name, summary and level), and what its
# rule page says it finds, in part: tests/rules/kinds/test_base.py checks every registered kind's.
EXAMPLE = {"phrases": ["share"]}
WHAT = "phrases (case, spaces and edge punctuation folded): `share`"

LINE_RULE = """\
code: XX001
name: widget-word
summary: Widget word on a line of its own
level: warning
kind: line
phrases: [comment, photos, share]
max_words: 3
fix:
  safety: {safety}
  safety_note: the word may be part of a sentence
"""


def _rules(tmp_path, safety="safe"):
    path = tmp_path / "rule.yml"
    path.write_text(LINE_RULE.format(safety=safety))
    return textclean.load_rules([path], defaults=False)


def _pattern_rules(tmp_path, pattern):
    """The rule of `LINE_RULE`, safe, with one pattern (a YAML scalar) instead of its phrases."""
    path = tmp_path / "rule.yml"
    path.write_text(LINE_RULE.replace("phrases: [comment, photos, share]\nmax_words: 3",
                                      f"patterns: [{pattern}]").format(safety="safe"))
    return textclean.load_rules([path], defaults=False)


def test_a_wrapped_line_gets_an_unsafe_fix_that_says_why(tmp_path):
    rules = _rules(tmp_path)
    text = "Her office did not return requests for\ncomment.\n\nShare\n\nThe quay reopened.\n"
    findings = textclean.check_text(text, rules)
    by_line = {text[f.span.start : f.span.end]: f for f in findings}
    wrapped, alone = by_line["comment."], by_line["Share"]
    assert wrapped.fix.safety is Safety.UNSAFE and wrapped.message.endswith(WRAPPED_NOTE)
    assert alone.fix.safety is Safety.SAFE and not alone.message.endswith(WRAPPED_NOTE)


def test_fix_keeps_the_wrapped_piece_and_unsafe_fixes_still_take_it(tmp_path):
    rules = _rules(tmp_path)
    text = "Residents sent in their\nphotos.\n\nShare\n\nThe quay reopened.\n"
    safe = textclean.fix_text(text, rules)
    assert safe.text == "Residents sent in their\nphotos.\n\nThe quay reopened.\n"
    assert [f.rule for f in safe.remaining] == ["XX001"]
    unsafe = textclean.fix_text(text, rules, unsafe_fixes=True)
    assert unsafe.text == "Residents sent in their\n\nThe quay reopened.\n"


def test_the_gated_engine_and_the_plain_path_agree(tmp_path):
    rules = _rules(tmp_path)
    text = "Photos\nby the council show the wall.\n\nphotos\n"
    gated = textclean.fix_text(text, rules)
    plain = textclean.fix_text(text, rules, prefilter=False)
    assert gated.text == plain.text == "Photos\nby the council show the wall.\n"


def test_a_rule_already_unsafe_keeps_its_message(tmp_path):
    rules = _rules(tmp_path, safety="unsafe")
    (finding,) = textclean.check_text("Her office did not return requests for\ncomment.", rules)
    assert finding.fix.safety is Safety.UNSAFE and not finding.message.endswith(WRAPPED_NOTE)


def test_a_text_that_is_one_short_line_is_a_value_and_a_safe_fix_keeps_it(tmp_path):
    # A table column of short values (a category, a language name) run through `fix`: a label
    # alone is the user's value, reported with an unsafe fix; beside other text it goes.
    rules = _rules(tmp_path)
    (finding,) = textclean.check_text("  Share\n", rules)
    assert finding.fix.safety is Safety.UNSAFE and finding.message.endswith(ONLY_LINE_NOTE)
    assert textclean.fix_text("Share", rules).text == "Share"
    assert textclean.fix_text("Share", rules, unsafe_fixes=True).text == ""
    assert textclean.fix_text("The quay reopened.\n\nShare\n", rules).text == "The quay reopened.\n"


def test_separators_do_not_count_as_words_of_a_value(tmp_path):
    rules = _pattern_rules(tmp_path, "' > '")
    trail = "Leagues > Third Division - Group F > Rounds and Table"
    assert textclean.fix_text(trail, rules).text == trail
    # eight words and three separators: a value alone, a menu trail under text
    assert textclean.fix_text(f"The quay reopened.\n\n{trail}", rules).text == "The quay reopened."


def test_a_long_line_alone_is_still_deleted(tmp_path):
    rules = _pattern_rules(tmp_path, "'^This site uses cookies'")
    banner = "This site uses cookies to remember you, and by staying on it you agree to that use."
    assert textclean.fix_text(banner, rules).text == ""


def test_the_line_kind_checks_each_of_its_patterns():
    from textclean.rules.kinds import RULE_ADAPTER
    from textclean.rules.kinds.base import SpecProblems
    from textclean.rules.kinds.line import LINE_SLOT, LineRule

    spec = RULE_ADAPTER.validate_python({"code": "XX001", "name": "x", "summary": "s",
                                         "level": "info", "kind": "line",
                                         "patterns": ["^ok$", "(open"]})
    found: list[tuple] = []
    LineRule.check(spec, SpecProblems("XX001", lambda loc, m, warn: found.append((loc, warn))))
    assert found == [(("patterns", 1), False)]
    assert LineRule(spec=spec).core_slot is LINE_SLOT


def test_position_body_is_neither_head_nor_tail(tmp_path):
    path = tmp_path / "rule.yml"
    path.write_text("code: XX002\nname: lone-date\nsummary: s\nlevel: info\nkind: line\n"
                    "patterns: ['^\\d{4}-\\d\\d-\\d\\d$']\nposition: body\nwindow: 2\n")
    rules = textclean.load_rules([path], defaults=False)
    lines = ["2019-06-0" + str(i) for i in range(1, 8)]
    text = "\n\n".join(lines)  # blank lines do not count: seven lines, the middle three the body
    found = [text[f.span.start : f.span.end] for f in textclean.check_text(text, rules)]
    assert found == lines[2:5]
    assert textclean.check_text("\n".join(lines[:4]), rules) == []  # no body: two windows
    (rule,) = rules
    assert "Never in the first or last 2 non-blank lines" in " ".join(rule.describe())


HEADING_RULE = """\
code: XX002
name: label-word
summary: Site label on a line of its own
level: warning
kind: line
phrases: [publications, read more, see also]
may_be_heading: {headings}
fix:
  safety: safe
"""
ABOVE = "The institute was founded in 1990 and has studied the coast ever since."
BELOW = "Its yearly report on the harbour has appeared every spring since 1992."


def _heading_rules(tmp_path, headings):
    path = tmp_path / "rule.yml"
    path.write_text(HEADING_RULE.format(headings=headings))
    return textclean.load_rules([path], defaults=False)


def test_a_label_heading_a_section_gets_an_unsafe_fix_that_says_why(tmp_path):
    from textclean.text.paragraphs import HEADING_NOTE

    rules = _heading_rules(tmp_path, "true")
    text = f"{ABOVE}\n\nPublications\n\n{BELOW}\n\nRead more\n"
    by_line = {text[f.span.start : f.span.end]: f for f in textclean.check_text(text, rules)}
    heading, tail = by_line["Publications"], by_line["Read more"]
    assert heading.fix.safety is Safety.UNSAFE and heading.message.endswith(HEADING_NOTE)
    assert tail.fix.safety is Safety.SAFE and not tail.message.endswith(HEADING_NOTE)
    assert textclean.fix_text(text, rules).text == f"{ABOVE}\n\nPublications\n\n{BELOW}\n"
    assert textclean.fix_text(text, rules, unsafe_fixes=True).text == f"{ABOVE}\n\n{BELOW}\n"


def test_may_be_heading_as_a_list_covers_only_its_phrases(tmp_path):
    rules = _heading_rules(tmp_path, "[see also, publications]")
    text = f"{ABOVE}\n\nSee also:\n\n{BELOW}\n\nRead more\n\n{ABOVE}\n"
    assert textclean.fix_text(text, rules).text == f"{ABOVE}\n\nSee also:\n\n{BELOW}\n\n{ABOVE}\n"
    # without the setting a label goes wherever it stands
    rules = _heading_rules(tmp_path, "false")
    assert textclean.fix_text(text, rules).text == f"{ABOVE}\n\n{BELOW}\n\n{ABOVE}\n"


def test_default_packs_keep_a_wiki_or_company_texts_headings_and_drop_news_labels():
    rules = textclean.load_rules()
    wiki = (f"{ABOVE}\n\nPublications\n\n{BELOW}\n\nSee also\n\n"
            "The harbour museum keeps the older reports in its library on the quay.\n\n"
            "Events\n\nEvery summer the institute opens its doors to the families of the town.\n")
    assert textclean.fix_text(wiki, rules).text == wiki
    company = ("We are a family company that has built wooden boats since 1950.\n\nAbout us\n\n"
               "Our yard on the river employs twelve people and trains two apprentices.\n\n"
               "Projekte\n\nDie Werft baut derzeit zwei Fischkutter für einen Betrieb in Kiel.\n")
    assert textclean.fix_text(company, rules).text == company
    news = (f"{ABOVE}\n\nAdvertisement\n\n{BELOW}\n\nRead more\n\n"
            "The harbour museum keeps the older reports in its library on the quay.\n\n"
            "Share this:\n\nEvery summer the institute opens its doors to the families of the town.\n")
    assert textclean.fix_text(news, rules).text == (
        f"{ABOVE}\n\n{BELOW}\n\nThe harbour museum keeps the older reports in its library on the "
        "quay.\n\nEvery summer the institute opens its doors to the families of the town.\n")
