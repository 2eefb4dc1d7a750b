"""A teaser list at the end of a text, judged with its heading.

Templates end many articles with a heading (`More from the Harbour Times`, `Popular on
Harbour Daily`, `Lesen Sie auch`, `関連記事`) and a list of other stories under it: short
titles, sometimes with a one-sentence excerpt each. Line rules see the heading but not the
list, whose titles read like any short line. This finder takes the list with its heading when
the list runs to the end of the text and holds no run of prose, so the article's own text,
which always comes before it, is never reached.

The finder runs in the compiled core (`crates/textclean-core/src/repairs/teasers.rs`).
"""

from __future__ import annotations

from collections.abc import Iterator

from textclean.repairs import Hit
from textclean.repairs.core import Value, core_hits, core_params


@core_params("delete_teaser_list")
def find_teaser_list(text: str, **params: Value) -> Iterator[Hit]:
    """Delete a teaser heading and the list below it when the list ends the text.

    A *heading* is a line of at most `heading_words` words that is one of `headings` after
    folding case, spaces and edge punctuation, or whose folded form matches one of
    `heading_patterns` whole (a pattern must run in the core's `regex` crate or `fancy-regex`;
    one that only Python's `regex` module reads is refused when the rule loads). A *prose*
    line has at least `prose_words` words (two CJK characters count as one) and ends like a
    sentence; a piece of a hard-wrapped sentence is prose too. From the end of the text
    upwards, within `max_lines` non-blank lines, the lines are read while no two prose lines
    follow each other; the topmost heading so reached starts the list, when the line after it
    is not prose and at least `min_items` lines below it are not prose (titles, dates, counts),
    no fewer than the prose lines below it, and the text above it holds more words. The
    heading, the list and everything after them are deleted: a teaser title may carry a
    one-sentence excerpt, but an article's text, with its runs of prose, always stops above.
    A deletion that takes a piece of a hard-wrapped sentence is at most unsafe.

    >>> text = "The pier reopened on Monday after repairs.\\n\\nMore from the Harbour Times\\n\\nNew ferry timetable\\nMarket days change\\n"
    >>> [h.message for h in find_teaser_list(text, headings=["more from the harbour times"])]
    ['teaser list under "More from the Harbour Times" (2 items) at the end of the text']
    """
    return core_hits("delete_teaser_list", text, **params)
