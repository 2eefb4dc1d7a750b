"""Engine promises: spans, non-overlapping edits, fixed point, idempotence, byte identity.

The property tests over arbitrary text are in tests/reliability/test_properties.py.
"""

from __future__ import annotations

import pytest

import textclean
from textclean.engine.loop import apply_edits, choose_fixes, fix_text
from textclean.errors import FixDidNotConverge
from textclean.model import Edit, Finding, Fix, Safety, Span


def _rules(tmp_path, yaml_text):
    path = tmp_path / "rules.yml"
    path.write_text(yaml_text, encoding="utf-8")
    return textclean.load_rules([path], defaults=False)


def test_check_text_gives_spans_in_order(default_rules):
    text = "Tom &amp; Jerry\u200b here"
    findings = textclean.check_text(text, default_rules.select(ignore=["DC"]))
    assert [text[f.span.start : f.span.end] for f in findings] == ["&amp;", "\u200b"]
    assert [f.rule for f in findings] == ["MK001", "EN002"]


def test_fix_result_has_applied_and_remaining(default_rules):
    result = textclean.fix_text("By AFP\n\nTom &amp; Jerry", default_rules.select(ignore=["DC"]))
    assert result.text == "By AFP\n\nTom & Jerry"
    assert [a.finding.rule for a in result.applied] == ["MK001"]
    assert [f.rule for f in result.remaining] == ["MD001"]


@pytest.mark.parametrize(
    "text",
    ["clean text\r\nwith CRLF\r\n", "no final newline", "\ufeffBOM kept\n", "", "\n", "Ünïcödé ✓"],
)
def test_text_without_findings_is_identical(default_rules, text):
    result = textclean.fix_text(text, default_rules)
    assert result.text is text or result.text == text
    assert not result.applied


@pytest.mark.parametrize(
    "table",
    [
        "Name | Ward | Votes\n--- | --- | ---\nAnn Lee | North | 1200\nBo Park | South | 980",
        "| Name | Ward | Votes |\n|---|---|---|\n| Ann Lee | North | 1200 |",
        "Apples · 2 euros · per kilo\nPears · 3 euros · per kilo",
    ],
)
def test_plain_text_tables_survive_the_default_fix(default_rules, table):
    # Rows of short cells look like a one-line menu run together with pipes or bullets.
    inside = f"The count is below.\n\n{table}\n\nThe hall closed at midnight.\n"
    assert table in textclean.fix_text(inside, default_rules).text


def test_encyclopedia_section_headings_survive_the_default_fix(default_rules):
    # `Politics`, `Economy`, `Sport` head the sections of a wiki article as well as a news
    # site's menu; alone above their paragraphs they are the article's structure.
    text = ("The town lies on the coast.\n\nHistory\n\nIt was founded by fishermen.\n\nPolitics\n\n"
            "The council has eleven seats.\n\nEconomy\n\nFishing and the ferry employ most people.\n\n"
            "Culture\n\nA music festival fills the quay every summer.\n\nSport\n\n"
            "The rowing club is the oldest in the region.\n")
    assert textclean.fix_text(text, default_rules).text == text


@pytest.mark.parametrize("value", ["Deutsch", "日本語", "Services", "Home > News > Harbour", "Share this"])
def test_a_short_value_alone_survives_the_default_fix(default_rules, value):
    # A column of short values (a language, a category, a breadcrumb) run through `fix`.
    assert textclean.fix_text(value, default_rules).text == value


def test_crlf_kept_when_fixing(default_rules):
    text = "First line &amp; more\r\n\r\n\r\n\r\nSecond line\r\n"
    assert textclean.fix_text(text, default_rules).text == "First line & more\r\n\r\nSecond line\r\n"


def test_unsafe_fixes_need_opt_in(default_rules):
    text = "Body text here.\n\nHarbour master at the quay. Port Office / HPA\n\nMore text."
    assert "HPA" in textclean.fix_text(text, default_rules).text
    assert "HPA" not in textclean.fix_text(text, default_rules, unsafe_fixes=True).text


def test_display_only_never_applied(tmp_path):
    rules = _rules(tmp_path, """
code: XX001
name: shout
summary: shouting
level: info
kind: pattern
pattern: '[A-Z]{3,}'
fix: {replace: 'x', safety: display-only}
""")
    result = textclean.fix_text("HELLO there", rules, unsafe_fixes=True)
    assert result.text == "HELLO there"
    assert result.remaining[0].fix.safety is Safety.DISPLAY_ONLY


def test_overlapping_fixes_wait_for_next_pass(tmp_path):
    rules = _rules(tmp_path, """
rules:
  - {code: XX001, name: ab, summary: ab, level: info, kind: pattern, pattern: 'ab', fix: {replace: 'X'}}
  - {code: XX002, name: bc, summary: bc, level: info, kind: pattern, pattern: 'bc', fix: {replace: 'Y'}}
""")
    result = textclean.fix_text("abc", rules)
    assert result.text == "Xc"
    assert result.passes == 1


def test_fighting_rules_raise_naming_both(tmp_path):
    rules = _rules(tmp_path, """
rules:
  - {code: XX001, name: a-to-b, summary: a to b, level: info, kind: swap, swap: {a: b}, fix: {safety: safe}}
  - {code: XX002, name: b-to-a, summary: b to a, level: info, kind: swap, swap: {b: a}, fix: {safety: safe}}
""")
    with pytest.raises(FixDidNotConverge) as info:
        textclean.fix_text("a", rules)
    assert info.value.codes == ("XX001", "XX002")


def test_choose_fixes_skips_overlap_and_keeps_touching():
    def finding(code, start, end):
        return Finding(code, Span(start, end), "m", fix=Fix((Edit(Span(start, end), ""),), Safety.SAFE))

    chosen = choose_fixes([finding("B", 2, 5), finding("A", 0, 3), finding("C", 5, 6)])
    assert [f.rule for f in chosen] == ["A", "C"]


def test_choose_fixes_takes_a_block_deletion_over_the_line_deletions_it_covers():
    def finding(code, start, end, new=""):
        return Finding(code, Span(start, end), "m", fix=Fix((Edit(Span(start, end), new),), Safety.SAFE))

    text = "Home\nNews\nSport\n\nThe pier reopened.\n"
    line, block, other = finding("A", 0, 5), finding("B", 0, 17), finding("C", 5, 10)
    # whole-line deletions that start together: the longest first, the lines it covers wait
    assert [f.rule for f in choose_fixes([line, other, block], text)] == ["B"]
    # a partial edit at the same start (a markup prefix) still goes first
    prefix = finding("D", 0, 2, "")
    assert [f.rule for f in choose_fixes([block, prefix], text)] == ["D"]
    # without the text, the shorter first, as before
    assert [f.rule for f in choose_fixes([line, other, block])] == ["A", "C"]


def test_apply_edits_rejects_overlap():
    with pytest.raises(ValueError):
        apply_edits("abc", [Edit(Span(0, 2), ""), Edit(Span(1, 3), "")])


def test_regex_timeout_reports_and_leaves_text(tmp_path):
    rules = _rules(tmp_path, r"""
code: XX001
name: slow
summary: slow pattern
level: warning
kind: pattern
pattern: '(a|aa)+$'
fix: {replace: ''}
""")
    assert any("backtrack" in str(w) for w in rules.warnings)
    text = "a" * 40 + "!"
    result = textclean.fix_text(text, rules, timeout=0.05)
    assert result.text == text
    assert [f.rule for f in result.remaining] == ["TC001"]


def test_deterministic(default_rules, seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        a = textclean.fix_text(text, default_rules, unsafe_fixes=True)
        b = textclean.fix_text(text, default_rules, unsafe_fixes=True)
        assert a == b


def test_apply_edits_on_a_text_with_a_lone_surrogate():
    text = "a\ud800b<br>c"
    assert apply_edits(text, [Edit(Span(3, 7), "\n"), Edit(Span(0, 1), "A")]) == "A\ud800b\nc"
    with pytest.raises(ValueError):
        apply_edits(text, [Edit(Span(0, 2), ""), Edit(Span(1, 3), "")])


def test_fix_text_on_a_text_with_a_lone_surrogate():
    rules = textclean.load_rules()
    text = "Title\n\nHello \ud800 world &amp; more<br>x  \nRead more\n"
    fixed = fix_text(text, rules)
    assert fixed.text == "Title\n\nHello \ud800 world & more\nx\n"
    assert fixed.text == fix_text(text, rules, prefilter=False).text
