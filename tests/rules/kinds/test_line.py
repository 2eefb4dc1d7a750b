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
