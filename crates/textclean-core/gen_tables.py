"""Write crates/textclean-core/src/tables.rs: the core's character classes and data tables.

The Rust finders must agree with the Python reference to the character, so their tables are
read from what Python itself uses rather than from the Rust standard library or the `regex`
crate (whose Unicode version and class definitions differ): the `regex` module's `\\p{L}`,
`\\p{Ll}`, `\\p{Lu}`, `\\p{N}`, `\\w` and `\\s`, `str.isspace`, `str.casefold`, the HTML5 entity
table with ftfy's all-caps spellings, `html.unescape`'s numeric-reference rules, and where
ftfy's badness regex can match (its trigger characters).

    python crates/textclean-core/gen_tables.py          # rewrite tables.rs
    python crates/textclean-core/gen_tables.py --check  # exit 1 when tables.rs is stale

tests/core/test_tables.py runs the check, so a new ftfy or `regex` release that changes a
table fails the suite until the tables are regenerated.
"""

from __future__ import annotations

import argparse
import html
import html.entities
import itertools
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import ftfy
import ftfy.badness
import ftfy.chardata
import regex

OUT = Path(__file__).parent / "src" / "tables.rs"

Ranges = list[tuple[int, int]]

# Every code point a Python `str` can hold in UTF-8 (no surrogates), in one string.
_CODE_POINTS = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
_ALL = "".join(map(chr, _CODE_POINTS))


def _merge(ranges: Iterable[tuple[int, int]]) -> Ranges:
    out: Ranges = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _class_ranges(pattern: str) -> Ranges:
    """The code points one match of `pattern` (one character) accepts, as ranges."""
    found = regex.compile(f"(?:{pattern})+")
    ranges = []
    for m in found.finditer(_ALL):
        cps = _CODE_POINTS[m.start() : m.end()]
        # Split where the run crosses the surrogate gap.
        for _, group in itertools.groupby(enumerate(cps), key=lambda ic: ic[1] - ic[0]):
            members = [cp for _, cp in group]
            ranges.append((members[0], members[-1]))
    return _merge(ranges)


def _vowel_based(char: str) -> bool:
    """Whether `char` in lower case and decomposed has a vowel of `aeiouyæøœ`."""
    return any(c in "aeiouyæøœ" for c in unicodedata.normalize("NFD", char.lower()))


def _predicate_ranges(test: object) -> Ranges:
    return _merge((c, c) for c in _CODE_POINTS if test(chr(c)))  # type: ignore[operator]


def _badness_triggers() -> tuple[int, list[Ranges], list[tuple[str, int, int]]]:
    """Where ftfy's badness regex can match: its longest match and its trigger rules.

    Every alternative of `ftfy.badness.BADNESS_RE` must match non-ASCII characters from short
    lists. Per alternative this picks what every match of it must hold: where the alternative
    has two consecutive one-character items that both accept only non-ASCII characters, the
    pair of them (the rarest by the product of their sizes), else the smallest such set alone.
    A trigger is then one character (the anchor: the pair's smaller side, or a single set's
    member) with the pair's other side checked beside it; a match of the alternative lies
    within one character of a trigger. Returned: the longest match width, the character sets,
    and the rules as ("next", a, b) (anchor in a, next character in b), ("prev", a, b)
    (previous character in a, anchor in b) or ("here", s, s).
    """
    from re import _constants as sre
    from re import _parser

    badness_re = ftfy.badness.BADNESS_RE
    if badness_re.flags & re.IGNORECASE:
        raise SystemExit("ftfy's badness regex ignores case: the trigger analysis does not hold")
    tree = _parser.parse(badness_re.pattern, badness_re.flags)
    width = tree.getwidth()[1]
    if width >= sre.MAXREPEAT:
        raise SystemExit("ftfy's badness regex has no longest match")
    items = list(tree)
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is sre.BRANCH else [tree]

    def char_set(op: object, av: object) -> Ranges | None:
        """The ranges of characters this item always consumes one of, if all non-ASCII."""
        if op is sre.LITERAL and isinstance(av, int):
            return [(av, av)] if av > 0x7F else None
        if op is sre.IN and isinstance(av, list):
            ranges = []
            for kind, value in av:
                if kind is sre.LITERAL and value > 0x7F:
                    ranges.append((value, value))
                elif kind is sre.RANGE and value[0] > 0x7F:
                    ranges.append(value)
                else:
                    return None  # an ASCII member, a negation or a category
            return ranges
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, _high, sub = av  # type: ignore[misc]
            if low >= 1 and len(sub) == 1:
                return char_set(*sub[0])
        return None

    def mandatory_sets(seq: object) -> list[Ranges]:
        found = []
        for op, av in seq:  # type: ignore[attr-defined]
            ranges = char_set(op, av)
            if ranges is not None:
                found.append(ranges)
            elif op is sre.SUBPATTERN:
                found.extend(mandatory_sets(av[-1]))
        return found

    def one_char(op: object, av: object) -> Ranges | None:
        return char_set(op, av) if op in (sre.LITERAL, sre.IN) else None

    def size(ranges: Ranges) -> int:
        return sum(hi - lo + 1 for lo, hi in ranges)

    def lower(ranges: Ranges) -> int:
        return sum(chr(c).islower() for lo, hi in ranges for c in range(lo, hi + 1))

    sets: list[Ranges] = []

    def set_id(ranges: Ranges) -> int:
        merged = _merge(ranges)
        if merged not in sets:
            sets.append(merged)
        return sets.index(merged)

    rules: set[tuple[str, int, int]] = set()
    singles: Ranges = []
    for branch in branches:
        parts = list(branch)  # type: ignore[call-overload]
        one = [one_char(*item) for item in parts]
        adjacent = [(a, b) for a, b in itertools.pairwise(one) if a is not None and b is not None]
        if adjacent:
            a, b = min(adjacent, key=lambda ab: size(ab[0]) * size(ab[1]))
            # Anchor at the smaller side (at equal sizes, the one with fewer lower-case
            # letters, the commonest characters of text), check the other.
            if (size(a), lower(a)) <= (size(b), lower(b)):
                rules.add(("next", set_id(a), set_id(b)))
            else:
                rules.add(("prev", set_id(a), set_id(b)))
            continue
        mandatory = mandatory_sets(branch)
        if not mandatory:
            raise SystemExit("an alternative of ftfy's badness regex has no non-ASCII character set")
        singles.extend(min(mandatory, key=size))
    if singles:
        single = set_id(singles)
        rules.add(("here", single, single))
    return int(width), sets, sorted(rules)


def _entities() -> list[tuple[str, str]]:
    """Named entities (name without `&` and `;`) that `unescape_html` decodes, with their text.

    HTML5's names first, then ftfy's all-caps spellings; names the entity pattern cannot
    match, and decodings to a control character (which `unescape_html` leaves alone), are
    left out.
    """
    name_re = regex.compile(r"[A-Za-z][A-Za-z0-9]{1,31}")
    table: dict[str, str] = {}
    for key, value in html.entities.html5.items():
        if key.endswith(";") and name_re.fullmatch(key[:-1]):
            table[key[:-1]] = value
    for key, value in ftfy.chardata.HTML_ENTITIES.items():
        name = key[1:-1]
        if key.startswith("&") and key.endswith(";") and name_re.fullmatch(name):
            table.setdefault(name, value)
    return sorted((k, v) for k, v in table.items() if not any(_is_control(c) for c in v))


def _is_control(c: str) -> bool:
    return (ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) < 0xA0 or c == "\ufffd"


def _rust_str(s: str) -> str:
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif 0x20 <= ord(c) < 0x7F:
            out.append(c)
        else:
            out.append(f"\\u{{{ord(c):x}}}")
    return '"' + "".join(out) + '"'


def _ranges_rust(ranges: Ranges) -> str:
    body = ", ".join(f"(0x{lo:x}, 0x{hi:x})" for lo, hi in ranges)
    return f"&[{body}]"


def _ascii_mask(ranges: Ranges) -> int:
    return sum(1 << c for lo, hi in ranges for c in range(lo, min(hi, 0x7F) + 1))


def render() -> str:
    classes = {
        "LETTER": ("`\\p{L}` of the `regex` module", _class_ranges(r"\p{L}")),
        "LOWER": ("`\\p{Ll}` of the `regex` module", _class_ranges(r"\p{Ll}")),
        "UPPER": ("`\\p{Lu}` of the `regex` module", _class_ranges(r"\p{Lu}")),
        "NUMBER": ("`\\p{N}` of the `regex` module", _class_ranges(r"\p{N}")),
        "WORD": ("`\\w` of the `regex` module", _class_ranges(r"\w")),
        "REGEX_SPACE": ("`\\s` of the `regex` module", _class_ranges(r"\s")),
        "PY_SPACE": ("Python's `str.isspace` (what `str.split()` and `str.strip()` use)", _predicate_ranges(str.isspace)),
        "PY_LOWER": ("Python's `str.islower` of one character", _predicate_ranges(str.islower)),
        "PY_TITLE": ("Python's `str.istitle` of one character: upper or title case (what makes `str.islower` false)",
                     _predicate_ranges(str.istitle)),
        "VOWEL_BASED": ("A character whose `str.lower`, decomposed (NFD), holds one of `aeiouyæøœ`: a "
                        "vowel, accents aside (`textclean.lexicon.vowelless` before SW001 was in the core)",
                        _predicate_ranges(_vowel_based)),
        "CJK": ("`[\\p{Han}\\p{Hiragana}\\p{Katakana}\\p{Hangul}]` of the `regex` module",
                _class_ranges(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")),
    }
    lines = [
        "// @generated by crates/textclean-core/gen_tables.py: do not edit by hand.",
        "#![allow(clippy::unreadable_literal)]",
        "",
        "/// A character class: the ASCII members as a table, the rest as sorted, disjoint",
        "/// inclusive ranges of code points.",
        "pub struct Class {",
        "    pub ascii: [bool; 128],",
        "    pub ranges: &'static [(u32, u32)],",
        "}",
        "",
        "impl Class {",
        "    /// The class of the ASCII characters in bit mask `mask` and the others in `ranges`.",
        "    pub const fn new(mask: u128, ranges: &'static [(u32, u32)]) -> Class {",
        "        let mut ascii = [false; 128];",
        "        let mut i = 0;",
        "        while i < 128 {",
        "            ascii[i] = (mask >> i) & 1 == 1;",
        "            i += 1;",
        "        }",
        "        Class { ascii, ranges }",
        "    }",
        "}",
        "",
    ]
    for name, (doc, ranges) in classes.items():
        lines += [
            f"/// {doc}.",
            f"pub static {name}: Class = Class::new(",
            f"    0x{_ascii_mask(ranges):x},",
            f"    {_ranges_rust([r for r in ranges if r[1] > 0x7F])},",
            ");",
            "",
        ]
    folds = [(c, chr(c).casefold()) for c in _CODE_POINTS if chr(c).casefold() != chr(c)]
    lines += [
        "/// `str.casefold` of every character it changes, sorted by code point.",
        "pub static CASEFOLD: &[(char, &str)] = &[",
        *(f"    ('\\u{{{c:x}}}', {_rust_str(f)})," for c, f in folds),
        "];",
        "",
        "/// Named HTML entities (without `&` and `;`) and their text, sorted by name: HTML5's,",
        "/// then ftfy's all-caps spellings; none decodes to a control character.",
        "pub static ENTITIES: &[(&str, &str)] = &[",
        *(f"    ({_rust_str(k)}, {_rust_str(v)})," for k, v in _entities()),
        "];",
        "",
        "/// `html.unescape`'s replacements for numeric references to these code points.",
        "pub static INVALID_CHARREFS: &[(u32, &str)] = &[",
        *(f"    (0x{k:x}, {_rust_str(v)})," for k, v in sorted(html._invalid_charrefs.items())),  # type: ignore[attr-defined]
        "];",
        "",
        "/// Code points that `html.unescape` decodes to nothing, sorted.",
        "pub static INVALID_CODEPOINTS: &[u32] = &[",
        *(f"    0x{c:x}," for c in sorted(html._invalid_codepoints)),  # type: ignore[attr-defined]
        "];",
        "",
    ]
    width, sets, rules = _badness_triggers()
    anchors = _merge(
        r for kind, a, b in rules for r in (sets[a] if kind in ("next", "here") else sets[b])
    )
    kinds = {"next": "Next", "prev": "Prev", "here": "Here"}
    lines += [
        "/// The longest match of ftfy's badness regex, in characters.",
        f"pub const BADNESS_WIDTH: usize = {width};",
        "",
        "/// Character sets of the badness triggers (sorted, disjoint inclusive ranges).",
        "pub static TRIGGER_SETS: &[&[(u32, u32)]] = &[",
        *(f"    {_ranges_rust(s)}," for s in sets),
        "];",
        "",
        "/// Every character a trigger can be anchored at.",
        f"pub static TRIGGER_ANCHORS: &[(u32, u32)] = {_ranges_rust(anchors)};",
        "",
        "/// Where a trigger's anchor stands against its pair (indices into `TRIGGER_SETS`).",
        "#[derive(Debug, Clone, Copy)]",
        "pub enum Trigger {",
        "    /// The anchor is in the first set and the next character in the second.",
        "    Next(usize, usize),",
        "    /// The previous character is in the first set and the anchor in the second.",
        "    Prev(usize, usize),",
        "    /// The anchor is in the set (no pair).",
        "    Here(usize),",
        "}",
        "",
        "pub static TRIGGERS: &[Trigger] = &[",
        *(
            f"    Trigger::{kinds[kind]}({a}, {b}),"
            if kind != "here"
            else f"    Trigger::Here({a}),"
            for kind, a, b in rules
        ),
        "];",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if tables.rs is not current")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is stale: run python {Path(__file__).as_posix()}", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
