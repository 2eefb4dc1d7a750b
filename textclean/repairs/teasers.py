"""A teaser list at the end of a text, judged with its heading.

Templates end many articles with a heading (`More from the Harbour Times`, `Popular on
Harbour Daily`, `Lesen Sie auch`, `関連記事`) and a list of other stories under it: short
titles, sometimes with a one-sentence excerpt each. Line rules see the heading but not the
list, whose titles read like any short line. This finder takes the list with its heading when
the list runs to the end of the text and holds no run of prose, so the article's own text,
which always comes before it, is never reached.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence

import regex

from textclean.model import Edit, Span
from textclean.repairs import Hit
from textclean.repairs.blocks import guard_wrapped
from textclean.text.lines import Line as _Line
from textclean.text.lines import split_lines
from textclean.text.paragraphs import paragraph_view

# A sentence ends in one of these, perhaps followed by closing quotes or brackets.
_SENTENCE_END = regex.compile(r"[.!?…。！？](?:[\"'”’»)\]」』]*)\s*$")
# CJK characters count as half a word each: a line of Chinese or Japanese has no spaces.
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


def _weight(body: str) -> int:
    """Words of a line, counting two CJK characters as one word."""
    return len(body.split()) + len(_CJK.findall(body)) // 2


def _deletion(text: str, lines: Sequence[_Line], first: int) -> Span:
    """The span that removes lines[first:] and the line breaks before them."""
    j = first - 1
    while j >= 0 and lines[j].blank:
        j -= 1
    if j < 0:
        return Span(0, len(text))
    ends_with_break = lines[-1].end > lines[-1].body_end
    return Span(lines[j].end if ends_with_break else lines[j].body_end, len(text))


@functools.lru_cache(maxsize=16)
def _headings(headings: tuple[str, ...], patterns: tuple[str, ...]) -> tuple[frozenset[str], list[regex.Pattern[str]]]:
    """The folded headings and the compiled heading patterns, worked out once per rule."""
    from textclean.kinds import normalise_phrase  # kinds imports the repairs

    return frozenset(normalise_phrase(h) for h in headings), [regex.compile(p) for p in patterns]


def find_teaser_list(
    text: str,
    *,
    headings: list[str] | None = None,
    heading_patterns: list[str] | None = None,
    heading_words: int = 8,
    max_words: int = 16,
    prose_words: int = 12,
    min_items: int = 2,
    max_lines: int = 60,
) -> Iterator[Hit]:
    """Delete a teaser heading and the list below it when the list ends the text.

    A *heading* is a line of at most `heading_words` words that is one of `headings` after
    folding case, spaces and edge punctuation, or whose folded form matches one of
    `heading_patterns` whole. A *prose* line has at least `prose_words` words (two CJK
    characters count as one) and ends like a sentence. From the end of the text upwards,
    within `max_lines` non-blank lines, the lines are read while no two prose lines follow each
    other; the topmost heading so reached starts the list, when the line after it is not prose
    and at least `min_items` lines below it are not prose (titles, dates, counts), no fewer
    than the prose lines below it, and the text above it holds more words. The heading,
    the list and everything after them are deleted: a teaser title may carry a one-sentence
    excerpt, but an article's text, with its runs of prose, always stops above.

    >>> text = "The pier reopened on Monday after repairs.\\n\\nMore from the Harbour Times\\n\\nNew ferry timetable\\nMarket days change\\n"
    >>> [h.message for h in find_teaser_list(text, headings=["more from the harbour times"])]
    ['teaser list under "More from the Harbour Times" (2 items) at the end of the text']
    """
    from textclean.kinds import normalise_phrase  # kinds imports the repairs

    lines = split_lines(text)
    content = [i for i, line in enumerate(lines) if not line.blank]
    if len(content) < min_items + 2:
        return
    phrase_set, compiled = _headings(tuple(headings or ()), tuple(heading_patterns or ()))

    def is_heading(body: str) -> bool:
        if len(body.split()) > heading_words:
            return False
        key = normalise_phrase(body)
        return key in phrase_set or any(p.fullmatch(key, timeout=1.0) for p in compiled)

    def plain_prose(i: int) -> bool:
        body = lines[i].body
        return _weight(body) >= prose_words and _SENTENCE_END.search(body) is not None

    def walk(is_prose: Callable[[int], bool]) -> tuple[int | None, int]:
        """The position in `content` of the topmost heading reached, and its item count."""
        top: int | None = None
        items = 0
        items_at_top = 0
        prev_prose = False
        first = max(0, len(content) - max_lines)
        for k in range(len(content) - 1, first - 1, -1):
            body = lines[content[k]].body
            if k < len(content) - 1 and is_heading(body):
                if not is_prose(content[k + 1]) and items >= min_items:
                    top, items_at_top = k, items
            prose = is_prose(content[k])
            if prose and prev_prose:
                break
            prev_prose = prose
            if not prose and _weight(body) <= max_words:
                items += 1
        return top, items_at_top

    is_prose = plain_prose
    top, items_at_top = walk(is_prose)
    if top is not None:
        # A piece of a wrapped sentence is prose, whatever its length; asked only now.
        wrapped = paragraph_view(text).wrapped
        if any(wrapped[i] for i in content):

            def prose_or_piece(i: int) -> bool:
                return wrapped[i] or plain_prose(i)

            is_prose = prose_or_piece
            top, items_at_top = walk(is_prose)
    if top is None or top == 0:
        return
    start = content[top]
    below = [lines[i].body for i in content[top + 1 :]]
    prose_below = sum(is_prose(i) for i in content[top + 1 :])
    if prose_below > items_at_top:
        return
    # The list is the smaller part: a text that is mostly list is not an article with a tail.
    if sum(_weight(b) for b in below) > sum(_weight(lines[i].body) for i in content[:top]):
        return
    heading = lines[start].body.strip()
    span = Span(lines[start].start, lines[content[-1]].body_end)
    message = f'teaser list under "{heading}" ({items_at_top} items) at the end of the text'
    hit = Hit(span, message, (Edit(_deletion(text, lines, start), ""),))
    yield guard_wrapped(text, hit, [(start, content[-1])])
