"""Report-only document checks that need more than a regex."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from textclean.model import Span
from textclean.repairs import Hit

_LINE = regex.compile(r"(?m)^[ \t]*(?P<body>\S[^\n]*?)[ \t]*\r?$")


def may_have_repeated_lines(text: str) -> bool:
    """Gate for `find_repeated_lines`: two non-blank lines with the same casefolded words.

    The finder's key for a line is its words joined by one space and casefolded, and
    casefolding neither makes nor removes whitespace, so equal keys are equal word tuples.
    `str.casefold` also folds each character on its own, so a line's casefolded words are
    its words casefolded one by one. Lines are first put in buckets by their first and last
    word, casefolded (the first and last entries of that tuple); the whole tuple is worked
    out only for a line whose bucket already holds another. tests/repairs/test_fast_paths.py
    checks this against the plain set of tuples.
    """
    # A bucket holds its first line until a second one comes, then the lines' word tuples.
    buckets: dict[tuple[str, str], str | set[tuple[str, ...]]] = {}
    for line in text.split("\n"):
        head = line.split(None, 1)
        if not head:
            continue  # a blank line
        bucket = (head[0].casefold(), line.rsplit(None, 1)[-1].casefold())
        other = buckets.get(bucket)
        if other is None:
            buckets[bucket] = line
            continue
        if isinstance(other, str):
            other = buckets[bucket] = {tuple(other.casefold().split())}
        key = tuple(line.casefold().split())
        if key in other:
            return True
        other.add(key)
    return False


def find_repeated_lines(text: str, *, min_words: int = 4) -> Iterator[Hit]:
    """Report lines that occur more than once in a document (each repeat after the first).

    Short lines (under `min_words` words) are ignored: a heading or a one-word label may
    repeat legitimately.

    >>> t = "Buy the new phone today now\\nReal text.\\nBuy the new phone today now"
    >>> [h.span.start for h in find_repeated_lines(t)]
    [39]
    """
    seen: set[str] = set()
    for start, end in _line_bodies(text):
        body = text[start:end]
        if len(body.split()) < min_words:
            continue
        key = " ".join(body.split()).casefold()
        if key in seen:
            yield Hit(Span(start, end), "line repeats an earlier line")
        else:
            seen.add(key)


_NOT_SPACE = regex.compile(r"\S")


def _line_bodies(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the `body` groups of `_LINE.finditer(text)`, without the regex.

    `_LINE` matches each line (split at "\n") whose first character after blanks and tabs
    is `\\S`, and its lazy body then ends where only blanks, tabs and one "\r" are left:
    the line without one trailing "\r", then without trailing blanks and tabs.
    tests/repairs/test_fast_paths.py checks this against the regex.
    """
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        first = len(line) - len(line.lstrip(" \t"))
        if first == len(line) or _NOT_SPACE.match(line, first) is None:
            continue
        body = line[:-1] if line.endswith("\r") else line
        yield line_start + first, line_start + len(body.rstrip(" \t"))


_TRUNCATED = regex.compile(r"(?<=\p{L})[ \t]*(?:\.\.\.|…)[ \t\r\n]*\Z")
_TERMINAL = regex.compile(r"[.!?][\"'”’)]?\s*\Z")


def may_end_truncated(text: str) -> bool:
    """Gate for `find_truncated_ending`: after trailing blanks the text ends in an ellipsis."""
    return text.rstrip(" \t\r\n").endswith(("...", "…"))


def find_truncated_ending(text: str) -> Iterator[Hit]:
    """Report a document that ends mid-sentence with an ellipsis (`... All...`), a cut body.

    >>> [h.message for h in find_truncated_ending("The court ruled that All...")]
    ['document ends in an ellipsis: the body looks cut short']
    >>> list(find_truncated_ending("It ended."))
    []
    """
    m = _TRUNCATED.search(text)
    if m:
        last_line_start = text.rfind("\n", 0, m.start()) + 1
        yield Hit(
            Span(last_line_start, m.end()),
            "document ends in an ellipsis: the body looks cut short",
        )
