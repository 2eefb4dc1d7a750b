"""Lines of a text with their offsets, and whether a line ends like a sentence.

The one place where a text is split into lines: the line rules (`textclean.rules.kinds.line`), the block
finders (`textclean.repairs.blocks`) and the paragraph view (`textclean.text.paragraphs`)
all take their lines from `split_lines`, which keeps the last text's split.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from textclean import _core
from textclean.model import Span
from textclean.text.crossing import on_text

# One line: its content (no terminator) and its terminator.
LINE_PATTERN = regex.compile(r"(?P<body>[^\r\n]*)(?P<end>\r\n|\n|\r(?!\n)|\Z)")


class Line(NamedTuple):
    """One line of a text: where it starts, where its content ends, where its terminator ends."""

    start: int
    body_end: int
    end: int  # after the terminator
    blank: bool  # nothing but whitespace
    body: str  # the line without its terminator


def split_lines(text: str) -> list[Line]:
    """Every line of `text` with its offsets; a trailing terminator ends the last line.

    The last text's lines are remembered (the list is shared: never change it), so the line
    rules and the block finders of one pass split a text once.

    >>> [line.body for line in split_lines("a\\r\\nb\\n\\nc\\n")]
    ['a', 'b', '', 'c']
    """
    global _LAST_SPLIT
    last = _LAST_SPLIT
    if last[0] is text:
        return last[1]
    lines = _split_newlines(text) if "\r" not in text else split_by_pattern(text)
    _LAST_SPLIT = (text, lines)
    return lines


# The last text split and its lines; one tuple, replaced whole, so threads never mix them.
_LAST_SPLIT: tuple[str | None, list[Line]] = (None, [])


def split_by_pattern(text: str) -> list[Line]:
    """`split_lines` by its definition, the matches of `LINE_PATTERN` (how it splits a text
    with a "\r"; the tests hold its fast path to this)."""
    lines: list[Line] = []
    for m in LINE_PATTERN.finditer(text):
        if m.start() == len(text) and lines:
            break
        body = m.group("body")
        lines.append(Line(m.start(), m.end("body"), m.end(), not body.strip(), body))
        if m.end() >= len(text):
            break
    return lines


def _split_newlines(text: str) -> list[Line]:
    """`split_lines` for text whose only terminator is "\\n", with `str.split` (C speed)."""
    lines: list[Line] = []
    append = lines.append
    # The same `Line` tuples as `Line(...)` makes, without its Python-level `__new__`.
    new = tuple.__new__
    pos = 0
    parts = text.split("\n")
    last = len(parts) - 1
    for k, body in enumerate(parts):
        body_end = pos + len(body)
        if k == last:
            if not body and lines:
                break  # the text ends with a terminator: no empty line after it
            append(new(Line, (pos, body_end, body_end, not body.strip(), body)))
            break
        append(new(Line, (pos, body_end, body_end + 1, not body.strip(), body)))
        pos = body_end + 1
    return lines


def line_deletion(text: str, lines: list[Line], i: int) -> Span:
    """The span to delete so line `i` (of `lines`, the text's `split_lines`) goes away with no
    gap or glue left behind (the core's `line_places`, which line rules delete by too).

    A line that stands as its own paragraph (blank line or edge on both sides) takes one
    neighbouring blank line with it, so `a\\n\\nAD\\n\\nb` becomes `a\\n\\nb`. The last line
    takes the terminator before it, so a text without a final newline keeps having none.

    >>> text = "a\\n\\nAD\\n\\nb"
    >>> span = line_deletion(text, split_lines(text), 2)
    >>> text[: span.start] + text[span.end :]
    'a\\n\\nb'
    """
    _, _, start, end, _ = on_text(_core.line_places, text, [i])[0]
    return Span(start, end)


# Sentence-final punctuation, optionally closed by quotes or brackets.
SENTENCE_END = regex.compile(r"[.!?…。！？][\"'”’»)\]]*\s*$")
_STOPS = ".!?…。！？"
_CLOSERS = "\"'”’»)]"
# The only characters `str.rstrip()` strips that `regex`'s \s does not match (checked over
# every code point in tests/repairs/test_blocks_reference.py).
NOT_REGEX_SPACE = frozenset("\x1c\x1d\x1e\x1f")


def ends_sentence(body: str) -> bool:
    """Whether `body` ends like a sentence: a stop, then closing quotes or brackets, then space.

    The same as `SENTENCE_END.search(body) is not None`, read from the end instead of searched
    for (a regex search tries every position of the line).

    >>> ends_sentence("He left.” "), ends_sentence("Home »"), ends_sentence('a. "')
    (True, False, False)
    """
    core = body.rstrip()
    if len(core) < len(body) and not NOT_REGEX_SPACE.isdisjoint(body[len(core) :]):
        return SENTENCE_END.search(body) is not None
    core = core.rstrip(_CLOSERS)
    return core[-1:] in _STOPS and core != ""


__all__ = ["LINE_PATTERN", "split_by_pattern", "NOT_REGEX_SPACE", "SENTENCE_END", "Line", "ends_sentence", "line_deletion",
           "split_lines"]
