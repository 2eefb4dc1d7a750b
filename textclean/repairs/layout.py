"""Layout repairs: URLs broken across a gap, paragraphs broken mid-sentence, slid quotes.

The finders run in the compiled core (`crates/textclean-core/src/repairs/layout.rs`);
tests/core/test_repairs_equivalence.py holds them to the Python reference they were ported
from (tests/core/reference/layout.py) over the benchmark corpora.
"""

from __future__ import annotations

from collections.abc import Iterator

from textclean.repairs import Hit
from textclean.repairs.core import core_hits


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
    return core_hits("rejoin_broken_url", text)


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
    return core_hits("join_broken_paragraph", **locals())


def find_slid_quote(text: str) -> Iterator[Hit]:
    """Find an opening quote that slid across a paragraph break, and move it back.

    Scrapers that split a quoted heading from its paragraph sometimes leave the heading as
    `Disappointed and disturbed'` and the paragraph as `'ASEAN has ...`: the heading's
    opening quote has become the paragraph's. It is moved back when the heading has a
    closing quote but no opening one and the paragraph's opening quote is never closed.
    The heading is a line of its own: the last line of a hard-wrapped paragraph
    (`textclean.text.paragraphs`) is not one, its opening quote is on a line above.

    >>> t = "Bad news'\\n\\n'Markets fell on Monday."
    >>> [(h.edits[0].replacement, h.edits[1].replacement) for h in find_slid_quote(t)]
    [("'", '')]
    >>> list(find_slid_quote("She said the harbour was 'not\\nready yet'\\n\\n'Markets fell on Monday."))
    []
    """
    return core_hits("move_slid_quote", text)


def find_unbalanced_quotes(text: str) -> Iterator[Hit]:
    """Report paragraphs with an odd number of straight double quotes (no safe repair).

    A paragraph that opens a quotation continued by the next paragraph (the news convention of
    reopening quotes on each paragraph) is not reported.

    >>> text = 'He said "no.\\n\\nDone.'
    >>> [text[h.span.start:h.span.end] for h in find_unbalanced_quotes(text)]
    ['He said "no.']
    """
    return core_hits("flag_unbalanced_quotes", text)
