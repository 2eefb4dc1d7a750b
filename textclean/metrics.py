"""Document-level measures that `metric` rules compare against a bound.

Each is a pure `str -> float` function, registered by name in :data:`METRICS`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable

import regex

_WORD = regex.compile(r"\w+")
_LETTER_RUN = regex.compile(r"\p{L}+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_LETTERS = string.ascii_letters.encode("ascii")


def word_count(text: str) -> float:
    """Number of `\\w+` words.

    >>> word_count("Two words.")
    2.0
    """
    return float(len(_WORD.findall(text)))


def char_count(text: str) -> float:
    """Number of non-whitespace characters.

    >>> char_count(" a b ")
    2.0
    """
    # str.split() splits on exactly the characters str.isspace() accepts, at C speed.
    return float(sum(map(len, text.split())))


def letter_ratio(text: str) -> float:
    """Share of non-whitespace characters that are letters (any script); 1.0 for empty text.

    >>> letter_ratio("ab12")
    0.5
    """
    visible = char_count(text)
    if visible == 0:
        return 1.0
    return _letters(text) / visible


def _letters(text: str) -> int:
    """How many characters of `text` are letters (`\\p{L}`).

    ASCII letters are counted in bytes (what `bytes.translate` deletes), the rest by the
    regex over the non-ASCII characters only: the same count, several times faster on the
    mostly-ASCII text of a news corpus.
    """
    data = text.encode("utf-8", "surrogatepass")
    count = len(data) - len(data.translate(None, _ASCII_LETTERS))
    if not text.isascii():
        count += sum(map(len, _LETTER_RUN.findall("".join(_NON_ASCII.findall(text)))))
    return count


def blank_line_ratio(text: str) -> float:
    """Share of lines that are blank.

    >>> blank_line_ratio("a\\n\\nb")
    0.3333333333333333
    """
    lines = text.split("\n")
    return sum(1 for line in lines if not line.strip()) / len(lines)


METRICS: dict[str, Callable[[str], float]] = {
    "word_count": word_count,
    "char_count": char_count,
    "letter_ratio": letter_ratio,
    "blank_line_ratio": blank_line_ratio,
}
