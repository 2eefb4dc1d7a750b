"""A long line repeated right below itself: a caption or teaser the page rendered twice.

Pages print the same caption as an image's `alt` text and under the image, carousels print a
caption once per size, and teaser blocks print a title twice (link text and heading). An
extractor keeps every copy, so the same long line comes back within a few lines. An article
does not say the same sentence twice in a row, so the later copy goes; the first stays, and
lines that repeat farther apart (an interview's recurring question, a refrain) are left.

This finder is plain Python: one pass over the lines, comparing each long line's words with
those of the few non-blank lines above it.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from textclean import _core
from textclean.model import Edit, Span
from textclean.repairs import Hit
from textclean.repairs.core import on_text
from textclean.text.lines import split_lines

_WORD = regex.compile(r"\w+")
_EDGE = " \t\u00a0•·*-–—>»|.,;:!?…\"'“”‘’()[]"


def may_have_nearby_duplicate(text: str) -> bool:
    """False only when no two lines of 40 characters or more start alike (the first 40
    characters inside their edge punctuation, casefolded): then the finder finds nothing."""
    seen: set[str] = set()
    for raw in text.splitlines():
        if len(raw) < 40:
            continue
        key = raw.strip(_EDGE)[:40].casefold()
        if key in seen:
            return True
        seen.add(key)
    return False


def find_nearby_duplicate_lines(text: str, *, min_words: int = 8, window: int = 3) -> Iterator[Hit]:
    """Delete a line of at least `min_words` words whose words, casefolded, are those of one
    of the `window` non-blank lines above it (punctuation, bullets and indentation aside).

    >>> t = "The ferry leaves the harbour at dawn on a grey Monday\\n  The ferry leaves the harbour at dawn on a grey Monday.\\nThe pier reopened."
    >>> [h.message for h in find_nearby_duplicate_lines(t)]
    ['line repeated 1 line(s) below its first copy']
    """
    lines = split_lines(text)
    half = max(1, min_words // 2)
    recent: list[tuple[int, tuple[str, ...]]] = []  # (line index, words) of the last non-blank lines
    repeats: list[tuple[int, int]] = []  # (line index, distance in non-blank lines)
    for i, line in enumerate(lines):
        if line.blank:
            continue
        # a line of fewer than half the words by spaces cannot match a long line's words
        words = tuple(_WORD.findall(line.body.casefold())) if len(line.body.split()) >= half else ()
        if len(words) >= min_words:
            for back, (_, prev) in enumerate(reversed(recent), start=1):
                if prev == words:
                    repeats.append((i, back))
                    break
        recent.append((i, words))
        if len(recent) > window:
            recent.pop(0)
    if not repeats:
        return
    places = on_text(_core.line_places, text, [i for i, _ in repeats])
    for (i, back), (_, _, start, end, _) in zip(repeats, places, strict=True):
        line = lines[i]
        yield Hit(
            Span(line.start, line.body_end),
            f"line repeated {back} line(s) below its first copy",
            (Edit(Span(start, end), ""),),
        )
