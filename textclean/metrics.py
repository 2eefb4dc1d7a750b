"""Document-level measures that `metric` rules compare against a bound.

Each is a pure `str -> float` function, registered by name in :data:`METRICS`.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

_WORD = regex.compile(r"\w+")
_LETTER = regex.compile(r"\p{L}")


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
    return float(sum(1 for c in text if not c.isspace()))


def letter_ratio(text: str) -> float:
    """Share of non-whitespace characters that are letters (any script); 1.0 for empty text.

    >>> letter_ratio("ab12")
    0.5
    """
    visible = char_count(text)
    if visible == 0:
        return 1.0
    return len(_LETTER.findall(text)) / visible


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
