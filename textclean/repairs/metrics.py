"""Document-level measures that `metric` rules compare against a bound.

Each is a pure `str -> float` function, registered by name in :data:`METRICS`. They run in
the compiled core (`crates/textclean-core/src/metrics.rs`); tests/core/test_repairs_equivalence.py
holds them to the Python reference they were ported from (tests/core/reference/metrics.py).
Characters are classed as Python classes them: whitespace is what `str.isspace` accepts, a
letter is `\\p{L}` and a word `\\w+` of the `regex` module.
"""

from __future__ import annotations

from collections.abc import Callable

from textclean import _core
from textclean.text.crossing import on_text


def word_count(text: str) -> float:
    """Number of `\\w+` words.

    >>> word_count("Two words.")
    2.0
    """
    return _metric("word_count", text)


def word_count_upto(text: str, bound: float) -> float:
    """`word_count`, counting no further than `bound`: exact below it, `bound` or more above.

    A rule with only a minimum needs no more (the too-short check stops after 25 words).

    >>> word_count_upto("one two three", 2), word_count_upto("one two", 5)
    (2.0, 2.0)
    """
    return on_text(_core.word_count_upto, text, float(bound))


def char_count(text: str) -> float:
    """Number of non-whitespace characters (whitespace: what `str.isspace` accepts).

    >>> char_count(" a b "), char_count("a\\u3000b\\xa0")
    (2.0, 2.0)
    """
    return _metric("char_count", text)


def letter_ratio(text: str) -> float:
    """Share of non-whitespace characters that are letters (any script); 1.0 for empty text.

    >>> letter_ratio("ab12")
    0.5
    """
    return _metric("letter_ratio", text)


def blank_line_ratio(text: str) -> float:
    """Share of lines that are blank.

    >>> blank_line_ratio("a\\n\\nb")
    0.3333333333333333
    """
    return _metric("blank_line_ratio", text)


def _metric(name: str, text: str) -> float:
    return on_text(lambda t: _core.metric(name, t), text)


# Metrics that can stop counting at a bound: a rule with only a `min` uses these.
UP_TO: dict[str, Callable[[str, float], float]] = {"word_count": word_count_upto}

METRICS: dict[str, Callable[[str], float]] = {
    "word_count": word_count,
    "char_count": char_count,
    "letter_ratio": letter_ratio,
    "blank_line_ratio": blank_line_ratio,
}
