"""Document-level measures that `metric` rules compare against a bound.

Each is a pure `str -> float` function, the reference of the package's metric of the same
name (`textclean.repairs.metrics.METRICS`).
"""

from __future__ import annotations

import string

import regex

_WORD = regex.compile(r"\w+")
_LETTER_RUN = regex.compile(r"\p{L}+")
_ASCII_LETTERS = string.ascii_letters.encode("ascii")


def word_count(text: str) -> float:
    """Number of `\\w+` words.

    >>> word_count("Two words.")
    2.0
    """
    return float(len(_WORD.findall(text)))


def word_count_upto(text: str, bound: float) -> float:
    """`word_count`, counting no further than `bound`: exact below it, `bound` or more above.

    A rule with only a minimum needs no more (the too-short check stops after 25 words).

    >>> word_count_upto("one two three", 2), word_count_upto("one two", 5)
    (2.0, 2.0)
    """
    count = 0
    for _ in _WORD.finditer(text):
        count += 1
        if count >= bound:
            break
    return float(count)


# The characters str.isspace() accepts (tests/engine/test_prefilter.py checks every code point).
_ASCII_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
_OTHER_SPACES = "\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
_ASCII_SPACE_BYTES = _ASCII_SPACES.encode("ascii")
_ASCII_BYTES = bytes(range(0x80))


def _spaces_and_letters(text: str) -> tuple[int, int]:
    """How many characters of `text` are whitespace (`str.isspace`) and letters (`\\p{L}`).

    ASCII ones are counted in the UTF-8 bytes (what `bytes.translate` deletes), the rest in
    the non-ASCII characters only: the UTF-8 bytes without the ASCII ones, decoded, which is
    every non-ASCII character in order (their UTF-8 bytes are all 0x80 or above). The same
    counts as testing every character, several times faster on the mostly-ASCII text of a
    news corpus (tests/repairs/test_fast_paths.py checks them against the plain counts).
    """
    data = text.encode("utf-8", "surrogatepass")
    size = len(data)
    spaces = size - len(data.translate(None, _ASCII_SPACE_BYTES))
    letters = size - len(data.translate(None, _ASCII_LETTERS))
    if not text.isascii():
        rest = data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
        spaces += sum(rest.count(c) for c in _OTHER_SPACES)
        letters += sum(map(len, _LETTER_RUN.findall(rest)))
    return spaces, letters


def char_count(text: str) -> float:
    """Number of non-whitespace characters (whitespace: what `str.isspace` accepts).

    >>> char_count(" a b "), char_count("a\u3000b\xa0")
    (2.0, 2.0)
    """
    # One C-speed count per whitespace character; the rare ones only in non-ASCII text.
    spaces = sum(text.count(c) for c in _ASCII_SPACES)
    if not text.isascii():
        spaces += sum(text.count(c) for c in _OTHER_SPACES)
    return float(len(text) - spaces)


def letter_ratio(text: str) -> float:
    """Share of non-whitespace characters that are letters (any script); 1.0 for empty text.

    >>> letter_ratio("ab12")
    0.5
    """
    spaces, letters = _spaces_and_letters(text)
    visible = float(len(text) - spaces)  # char_count(text)
    if visible == 0:
        return 1.0
    return letters / visible


def _letters(text: str) -> int:
    """How many characters of `text` are letters (`\\p{L}`)."""
    return _spaces_and_letters(text)[1]


def blank_line_ratio(text: str) -> float:
    """Share of lines that are blank.

    >>> blank_line_ratio("a\\n\\nb")
    0.3333333333333333
    """
    lines = text.split("\n")
    return sum(1 for line in lines if not line.strip()) / len(lines)

