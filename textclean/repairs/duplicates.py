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
from textclean.text.crossing import on_text
from textclean.text.lines import split_lines

_WORD = regex.compile(r"\w+")
_NON_WORD = regex.compile(r"\W+")


def may_have_nearby_duplicate(text: str, *, min_words: int = 8, window: int = 3) -> bool:
    """False only when no line has the words of one of the `window` non-blank lines above it.

    A line's key is the casefolded word characters of its first 64 characters after its
    indentation, run together (`_NON_WORD` removed) and cut to 32: two lines with the same
    `\\w+` words have keys of which one starts the other, whatever punctuation stands between
    the words. A line that cannot hold `min_words` words has no key.
    """
    shortest = 2 * min_words - 1
    recent: list[str | None] = []  # the keys of the last non-blank lines
    for line in split_lines(text):
        if line.blank:
            continue
        head = line.body.lstrip()
        if len(head) < shortest:
            key = None
        elif len(head) <= 64:  # the whole line: its key if it has `min_words` words
            folded = head.casefold()
            key = _NON_WORD.sub("", folded)[:32] if len(_WORD.findall(folded)) >= min_words else None
        else:
            key = _NON_WORD.sub("", head[:64].casefold())[:32]
        if key is not None and any(
            prev is not None and (key.startswith(prev) or prev.startswith(key)) for prev in recent
        ):
            return True
        recent.append(key)
        if len(recent) > window:
            recent.pop(0)
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
