"""The canonical seeds: each artifact found at its line, fixed, and fixed output is stable."""

from __future__ import annotations

import textclean
from textclean.model import line_col

SEED0 = "000_29d5cf485a902b9e.txt"
SEED1 = "001_b8b41c24772250aa.txt"

# rule -> 1-based line where the artifact starts
EXPECTED = {
    SEED0: {
        ("WS003", 1), ("MK003", 3), ("MD001", 5), ("MD002", 7), ("WS002", 7), ("CP002", 11),
        ("PB001", 19), ("MK003", 29), ("SW004", 31), ("MK003", 49), ("MD003", 49), ("UR001", 51),
        # The dateline is in the head (the first six non-blank lines): MD002 reports it as the
        # article's date, and BP035 (a date stamp between head and tail) does not.
    },
    SEED1: {("QT001", 21), ("BP002", 43), ("BP001", 44)},
}


def _found(text, rules):
    return {(f.rule, line_col(text, f.span.start)[0]) for f in textclean.check_text(text, rules)}


def test_each_artifact_found_at_its_line(seeds_dir, default_rules):
    for name, expected in EXPECTED.items():
        text = (seeds_dir / name).read_text(encoding="utf-8")
        assert _found(text, default_rules) == expected


def test_fix_repairs_the_seeds(seeds_dir, default_rules):
    text0 = (seeds_dir / SEED0).read_text(encoding="utf-8")
    fixed0 = textclean.fix_text(text0, default_rules, unsafe_fixes=True).text
    assert "stabilize-country-fm-a78492" in fixed0
    assert "accused by rights groups of arming" in fixed0
    assert "five-point peace plan agreed" in fixed0
    assert "Press Office / TASS" not in fixed0
    assert not fixed0.startswith("\n") and "\n\n\n" not in fixed0 and "## " not in fixed0

    text1 = (seeds_dir / SEED1).read_text(encoding="utf-8")
    fixed1 = textclean.fix_text(text1, default_rules).text
    assert "\n'Disappointed and disturbed'\n\nASEAN has been" in fixed1
    assert "Read more from South Asia" not in fixed1 and "Post Comment" not in fixed1
    assert fixed1.endswith("according to a local monitor.")


def test_fixed_seeds_are_stable_and_clean(seeds_dir, default_rules):
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        fixed = textclean.fix_text(text, default_rules, unsafe_fixes=True)
        again = textclean.fix_text(fixed.text, default_rules, unsafe_fixes=True)
        assert again.text == fixed.text and not again.applied
        # Only info-level metadata findings are left.
        assert {f.level.value for f in fixed.remaining} <= {"info"}
