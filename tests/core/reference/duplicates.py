"""BP033's finder as it was before it moved into the compiled core (plain Python)."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from textclean import _core
from textclean.model import Edit, Span
from textclean.repairs import Hit
from textclean.repairs.core import on_text
from textclean.text.lines import split_lines

_WORD = regex.compile(r"\w+")


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
