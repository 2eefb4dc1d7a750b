"""Encoding repairs: mojibake, HTML entities, invisible characters."""

from __future__ import annotations

import html
import html.entities
import itertools
import re
from collections.abc import Iterable, Iterator

import ftfy
import ftfy.chardata
import regex

from textclean.repairs import Hit
from textclean.repairs.encoding import mojibake_hits

_LINE = regex.compile(r"[^\n]*\n?")


_ENTITY = regex.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _decode_entity(m: regex.Match[str]) -> str:
    entity = m.group()
    if m.group(1)[0] == "#":
        decoded = html.unescape(entity)  # maps &#150; to "–" as browsers do
    else:
        decoded = html.entities.html5.get(m.group(1) + ";")
        if decoded is None:
            # ftfy's table adds the all-caps spellings of Latin letters and common symbols
            # (`P&EACUTE;REZ`, `&EURO;`), which databases and old CMSs produce.
            decoded = ftfy.chardata.HTML_ENTITIES.get(entity, entity)
    # Decoding to a control character (&#0;, &#7;) would add damage rather than remove it.
    if any((ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) < 0xA0 or c == "\ufffd" for c in decoded):
        return entity
    return decoded


def unescape_html(text: str) -> str:
    """The reference of `textclean.repairs.encoding.unescape_html` (documented there)."""
    return _ENTITY.sub(_decode_entity, text)


def _badness_triggers() -> tuple[int, re.Pattern[str]] | None:
    """Where ftfy's badness regex can match: its longest match and its trigger characters.

    `ftfy.badness.is_bad` (a search for `BADNESS_RE`) is the first test ftfy makes: text in
    which it finds nothing comes back unchanged. Run over every line, that search is most of
    the time textclean spends on mojibake. But every alternative of the regex must match
    non-ASCII characters from short lists (its "trigger"), and a match is at most a few
    characters long, so only the neighbourhoods of triggers need searching.

    This reads the regex's parse tree for the installed ftfy. Per alternative it picks what
    every match of it must hold: where the alternative has two consecutive one-character
    items that both accept only non-ASCII characters, the pair of them (the rarest by the
    product of their sizes: `вЂ`, `[ВГРС][¦¤…]`, an accented letter then a curly quote), else
    the smallest such set alone. Pairs matter on real text: the single sets include everyday
    characters (Cyrillic `в`, curly quotes, accented letters) that a pair of them almost never
    is. A trigger match is the one character of the pair that belongs to the smaller set
    (the anchor), with the other checked beside it, or one character of the single sets; so
    a match of the alternative lies within one character of a trigger match. It returns the
    longest match width with the regex of trigger matches. If any alternative has no such
    set (a future ftfy), it returns None and every line is searched in full, as before.
    """
    try:
        from re import _constants as sre
        from re import _parser

        badness_re = ftfy.badness.BADNESS_RE
        if badness_re.flags & re.IGNORECASE:
            return None  # case folding could match a non-ASCII pattern char to ASCII text
        tree = _parser.parse(badness_re.pattern, badness_re.flags)
        width = tree.getwidth()[1]
        if width >= sre.MAXREPEAT:
            return None
        items = list(tree)
        branches = items[0][1][1] if len(items) == 1 and items[0][0] is sre.BRANCH else [tree]

        def char_set(op: object, av: object) -> list[tuple[int, int]] | None:
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

        def mandatory_sets(seq: object) -> list[list[tuple[int, int]]]:
            found = []
            for op, av in seq:  # type: ignore[attr-defined]
                ranges = char_set(op, av)
                if ranges is not None:
                    found.append(ranges)
                elif op is sre.SUBPATTERN:
                    found.extend(mandatory_sets(av[-1]))
            return found

        def one_char(op: object, av: object) -> list[tuple[int, int]] | None:
            """char_set for items that consume exactly one character."""
            return char_set(op, av) if op in (sre.LITERAL, sre.IN) else None

        def size(ranges: list[tuple[int, int]]) -> int:
            return sum(hi - lo + 1 for lo, hi in ranges)

        def lower(ranges: list[tuple[int, int]]) -> int:
            return sum(chr(c).islower() for lo, hi in ranges for c in range(lo, hi + 1))

        def members(ranges: Iterable[tuple[int, int]]) -> str:
            return "".join(
                f"\\U{lo:08x}" if lo == hi else f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in sorted(ranges)
            )

        # A trigger match is one character, the anchor, followed by a check of its
        # neighbour: the pattern then starts with a character set, which lets `re` skip in C
        # to the next place an anchor stands.
        singles: set[tuple[int, int]] = set()
        anchors: set[tuple[int, int]] = set()
        checks: set[str] = set()
        for branch in branches:
            items = list(branch)  # type: ignore[call-overload]
            sets = [one_char(*item) for item in items]
            adjacent = [(a, b) for a, b in itertools.pairwise(sets) if a is not None and b is not None]
            if adjacent:
                a, b = min(adjacent, key=lambda ab: size(ab[0]) * size(ab[1]))
                # Anchor at the smaller side (fewer places to look; at equal sizes, the one
                # with fewer lower-case letters, the commonest characters of text), check the
                # other.
                if (size(a), lower(a)) <= (size(b), lower(b)):
                    anchors.update(a)
                    checks.add(f"(?<=[{members(a)}])(?=[{members(b)}])")
                else:
                    anchors.update(b)
                    checks.add(f"(?<=[{members(a)}][{members(b)}])")
                continue
            mandatory = mandatory_sets(branch)
            if not mandatory:
                return None
            singles.update(min(mandatory, key=size))
        if singles:
            anchors.update(singles)
            checks.add(f"(?<=[{members(singles)}])")
        trigger = f"[{members(anchors)}](?:{'|'.join(sorted(checks))})"
        return int(width), re.compile(trigger)
    except Exception:  # an internal parser we cannot read: fall back to searching everything
        return None


_TRIGGERS = _badness_triggers()


def looks_bad(text: str) -> bool:
    """The reference of `textclean.repairs.encoding.looks_bad` (documented there).

    A match of at most W characters holds a trigger's pair (or single) within one character
    of the trigger match at p, so it lies inside [p - W + 1, p + W) (the pair's other
    character at p - 1 or p + 1 only narrows where the match can start or end).
    """
    if text.isascii():
        return False  # every alternative needs a non-ASCII character
    search = ftfy.badness.BADNESS_RE.search
    if _TRIGGERS is None:
        return bool(search(text))
    width, trigger = _TRIGGERS
    lo = hi = -1
    for m in trigger.finditer(text):
        start = max(m.start() - width + 1, 0)
        end = m.end() + width - 1
        if start > hi:
            if hi > lo and search(text, lo, hi):
                return True
            lo = start
        hi = end
    return hi > lo and bool(search(text, lo, hi))


def may_have_mojibake(text: str) -> bool:
    """Gate for `find_mojibake`: every match of ftfy's badness test holds a trigger character.

    >>> may_have_mojibake("東京 – it’s"), may_have_mojibake("donâ€™t")
    (False, True)
    """
    if text.isascii():
        return False
    return _TRIGGERS is None or _TRIGGERS[1].search(text) is not None


def _lines_that_look_bad(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of each line (with its "\n") on which `looks_bad` is true.

    Only lines holding a trigger character can be: the others are never looked at.
    """
    if text.isascii():
        return
    if _TRIGGERS is None:
        for match in _LINE.finditer(text):
            line = match.group()
            if line and looks_bad(line):
                yield match.start(), line
        return
    search = _TRIGGERS[1].search
    pos = 0
    while (m := search(text, pos)) is not None:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        end = len(text) if end == -1 else end + 1
        line = text[start:end]
        if looks_bad(line):
            yield start, line
        pos = end


def find_mojibake(text: str, *, min_length: int = 1) -> Iterator[Hit]:
    """`textclean.repairs.encoding.find_mojibake` on the lines this module finds: what ftfy
    makes of a line is the package's own (`mojibake_hits`), the line selection is held to
    this reference."""
    return mojibake_hits(_lines_that_look_bad(text), min_length)
