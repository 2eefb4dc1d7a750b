"""Layout repairs: URLs broken across a gap, paragraphs broken mid-sentence, slid quotes."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from textclean.model import Edit, Span
from textclean.repairs import Hit
from textclean.text.paragraphs import paragraph_view

# A URL, then one space or one line break (optionally a blank line), then a fragment made of
# URL characters that ends its line. The fragment must end its line: a URL followed by a
# word and more prose is a sentence, not a broken URL.
_BROKEN_URL = regex.compile(
    r"""
    (?P<url>\b(?:https?://|www\.)[^\s<>"']+)
    (?P<gap>[ \t]|[ \t]*\r?\n)
    (?P<frag>[A-Za-z0-9\-._~/%?=&#+:@!$,;]+)
    (?=[ \t]*(?:\r?\n|\Z))
    """,
    regex.VERBOSE,
)
_URL_CONTINUES = "-/_=&?%.+"  # a URL ending in one of these cannot be complete
_URLISH = regex.compile(r"[-/_=%&?#.+]|\d")
_SENTENCE_END = regex.compile(r"[.!?,;:]$")
# A fragment that starts with a host name and a path is a URL of its own, not a piece of one.
_HOST_PATH = regex.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/")


def continues_above(text: str, offset: int) -> bool:
    """Whether the line holding `offset` continues the sentence of the line above."""
    if "\n" not in text[:offset] and "\r" not in text[:offset]:
        return False
    view = paragraph_view(text)
    return view.continues[view.line_at(offset)]


def may_have_broken_url(text: str) -> bool:
    """Gate for `find_broken_url`: every match starts with `http://`, `https://` or `www.`."""
    return "://" in text or "www." in text


def find_broken_url(text: str) -> Iterator[Hit]:
    """Find a URL split by a space or a line break, and rejoin it.

    The fragment after the gap is joined only when it is URL-like: made of URL characters,
    ending its line, and either the URL ends in a character a URL cannot end with (`-`, `/`,
    `=` ...) or the fragment itself carries URL punctuation or digits (`ry-fm-a78492`).

    >>> t = "Source: https://example.org/2024/05/harbour-festival-retur ns-a1234"
    >>> [(h.edits[0].span.start, h.edits[0].replacement) for h in find_broken_url(t)]
    [(58, '')]
    >>> list(find_broken_url("See https://example.org/about us"))
    []
    >>> list(find_broken_url("https://t.co/hF5Qc7 pic.twitter.com/KQLpg"))
    []
    """
    for m in _BROKEN_URL.finditer(text):
        url, frag = m.group("url"), m.group("frag")
        if _SENTENCE_END.search(url) or _SENTENCE_END.search(frag):
            continue
        if not (url[-1] in _URL_CONTINUES or _URLISH.search(frag)):
            continue
        if frag.lower().startswith(("http://", "https://", "www.")) or _HOST_PATH.match(frag):
            continue  # two URLs in a row (`https://t.co/x pic.twitter.com/y`)
        gap = Span(m.start("gap"), m.end("gap"))
        kind = "line break" if "\n" in m.group("gap") else "space"
        yield Hit(
            Span(m.start("url"), m.end("frag")),
            f"URL broken by a {kind}",
            (Edit(gap, ""),),
        )


# A paragraph break (blank line) between a paragraph that does not end a sentence and one that
# starts with a lower-case letter.
_PARAGRAPH_BREAK = regex.compile(
    r"(?P<last>[\p{L}\p{N},])(?P<gap>[ \t]*(?:\r?\n[ \t]*){2,})(?=\p{Ll}+(?![\p{Lu}\p{N}]))"
)


# The last two line breaks of a match's gap and the lower-case letter after it.
_PARAGRAPH_BREAK_GATE = regex.compile(r"\n[ \t]*\r?\n[ \t]*\p{Ll}")


def may_have_broken_paragraph(text: str) -> bool:
    """Gate for `find_broken_paragraph`: a match's gap ends in two line breaks (with optional
    blanks between) followed by a lower-case letter, and this finds just that."""
    return _PARAGRAPH_BREAK_GATE.search(text) is not None


_BLANKS_BEFORE = regex.compile(r"[ \t\r\n]+", regex.REVERSE)


def _paragraph_breaks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the gap of each match of `_PARAGRAPH_BREAK.finditer(text)`.

    A match's gap is a whole run of blanks and line breaks (it starts after a non-blank and
    must be followed by a letter), and it ends in what the gate finds. So each gate hit names
    the one run that can hold a match, and the regex is tried only where that run starts,
    instead of at every character. tests/repairs/test_fast_paths.py checks this against the
    regex.
    """
    for g in _PARAGRAPH_BREAK_GATE.finditer(text):
        run = _BLANKS_BEFORE.match(text, 0, g.start() + 1)
        assert run is not None
        if run.start() == 0:
            continue
        m = _PARAGRAPH_BREAK.match(text, run.start() - 1)
        if m is not None:
            yield m.start("gap"), m.end("gap")


def _words_before(text: str, pos: int, limit: int) -> int:
    line_start = text.rfind("\n", 0, pos) + 1
    return len(text[line_start:pos].split()[-limit:])


def _words_after(text: str, pos: int, limit: int) -> int:
    end = text.find("\n", pos)
    return len(text[pos : end if end != -1 else len(text)].split()[:limit])


def find_broken_paragraph(
    text: str, *, min_words_before: int = 4, min_words_after: int = 3
) -> Iterator[Hit]:
    """Find a paragraph break in the middle of a sentence, and join the two parts.

    The first part must end without terminal punctuation (a letter, digit or comma), the
    second must start with a lower-case word (not a brand such as `eZ` or `iPhone`), and both
    must be prose-sized (a word count floor), so headings, menus and list items are left alone.

    >>> t = "It was accused by rights\\n\\ngroups of arming the military."
    >>> [h.edits[0].replacement for h in find_broken_paragraph(t)]
    [' ']
    >>> list(find_broken_paragraph("Our partner this year: eZ Systems\\n\\neZ Systems makes software."))
    []
    """
    for gap_start, gap_end in _paragraph_breaks(text):
        line_start = text.rfind("\n", 0, gap_start) + 1
        if text.startswith(("#", "-", "*", "•"), line_start):
            continue  # a heading or a list item, not a sentence
        if _words_before(text, gap_start, min_words_before) < min_words_before:
            continue
        if _words_after(text, gap_end, min_words_after) < min_words_after:
            continue
        yield Hit(
            Span(gap_start, gap_end),
            "paragraph broken in the middle of a sentence",
            (Edit(Span(gap_start, gap_end), " "),),
        )


_QUOTE_PAIRS = {"'": "'", '"': '"', "’": "‘", "”": "“"}
# A short line (heading) ending in a closing quote, a blank line, and a paragraph that starts
# with the opening quote that belongs to it.
_SLID_QUOTE = regex.compile(
    r"(?m)^(?P<head>[^\n'\"‘’“”]{2,200}?)(?P<close>['\"’”])(?P<gap>[ \t]*\r?\n(?:[ \t]*\r?\n)+)"
    r"(?P<open>['\"‘“])(?=\p{L})"
)
_CLOSING = regex.compile(r"(?<=[\p{L}\p{N}.,!?])['’](?!\p{L})|(?<=\S)[\"”]")


# The end of a match's gap (the last two line breaks) and the opening quote after it.
_SLID_QUOTE_GATE = regex.compile(r"\n[ \t]*\r?\n['\"‘“]")


def may_have_slid_quote(text: str) -> bool:
    """Gate for `find_slid_quote`: an opening quote right after a blank line."""
    return _SLID_QUOTE_GATE.search(text) is not None


_QUOTES = "'\"‘’“”"


def _slid_quotes(text: str) -> Iterator[regex.Match[str]]:
    """The matches of `_SLID_QUOTE.finditer(text)`, trying the regex only where one can start.

    A match's gap is a whole run of blanks and line breaks, between the closing quote and the
    opening one, and it ends in what the gate finds. Its head is the start of the line of the
    closing quote up to that quote (the head holds no quote, so the quote is the line's
    first). Each gate hit names that one line start, where the regex is tried, instead of
    at every line start. tests/repairs/test_fast_paths.py checks this against the regex.
    """
    last_end = 0
    for g in _SLID_QUOTE_GATE.finditer(text):
        run = _BLANKS_BEFORE.match(text, 0, g.start() + 1)
        assert run is not None
        close = run.start() - 1
        if close < last_end or text[close] not in _QUOTES:
            continue
        head_start = text.rfind("\n", 0, close) + 1
        if head_start < last_end:
            continue
        m = _SLID_QUOTE.match(text, head_start)
        if m is not None:
            last_end = m.end()
            yield m


def find_slid_quote(text: str) -> Iterator[Hit]:
    """Find an opening quote that slid across a paragraph break, and move it back.

    Scrapers that split a quoted heading from its paragraph sometimes leave the heading as
    `Disappointed and disturbed'` and the paragraph as `'ASEAN has ...`: the heading's
    opening quote has become the paragraph's. It is moved back when the heading has a
    closing quote but no opening one and the paragraph's opening quote is never closed.

    >>> t = "Bad news'\\n\\n'Markets fell on Monday."
    >>> [(h.edits[0].replacement, h.edits[1].replacement) for h in find_slid_quote(t)]
    [("'", '')]
    """
    for m in _slid_quotes(text):
        close, opening = m.group("close"), m.group("open")
        if _QUOTE_PAIRS[close] != opening and not (close == opening):
            continue
        if continues_above(text, m.start("head")):
            continue  # the heading is the end of a wrapped sentence, not a line of its own
        para_start = m.end("gap") + 1
        para_end = text.find("\n", para_start)
        para = text[para_start : para_end if para_end != -1 else len(text)]
        if _CLOSING.search(para):
            continue  # the paragraph's quote is closed: it is a real quotation
        head_start = m.start("head")
        open_at = m.end("gap")
        yield Hit(
            Span(head_start, open_at + 1),
            "opening quote slid across a paragraph break",
            (
                Edit(Span(head_start, head_start), opening),
                Edit(Span(open_at, open_at + 1), ""),
            ),
        )


_PARAGRAPH = regex.compile(r"[^\n]+(?:\n[^\n]+)*")


def has_double_quote(text: str) -> bool:
    """Gate for `find_unbalanced_quotes`: an odd count needs at least one quote."""
    return '"' in text


def find_unbalanced_quotes(text: str) -> Iterator[Hit]:
    """Report paragraphs with an odd number of straight double quotes (no safe repair).

    A paragraph that opens a quotation continued by the next paragraph (the news convention of
    reopening quotes on each paragraph) is not reported.

    >>> text = 'He said "no.\\n\\nDone.'
    >>> [text[h.span.start:h.span.end] for h in find_unbalanced_quotes(text)]
    ['He said "no.']
    """
    paragraphs = list(_PARAGRAPH.finditer(text))
    for i, m in enumerate(paragraphs):
        para = m.group()
        if para.count('"') % 2 == 0:
            continue
        nxt = paragraphs[i + 1].group() if i + 1 < len(paragraphs) else ""
        if para.lstrip().startswith('"') and nxt.lstrip().startswith('"'):
            continue
        yield Hit(Span(m.start(), m.end()), "unbalanced double quote in paragraph")
