"""A comment thread at the end of a text, judged as a whole.

Extractors often keep the readers' comments under an article: a section heading (`Top Rated
Comments`, `12 Comments`, `Kommentare`, `Комментарии`, `评论`, `댓글`) or, where the heading
was dropped, the comment header lines (`Jane Doe August 17, 2019 - 2:19 pm`) each followed by
the comment itself. The comments are prose, so no line rule can take them and a teaser-list
reading (which stops at prose) does not reach them; but below such a heading or header line,
down to the end of the text, everything belongs to the thread.

This finder is plain Python: one pass over the lines, with regexes only on lines short enough
to be a heading or a header line.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import regex

from textclean.model import Edit, Span
from textclean.repairs import Hit
from textclean.repairs.blocks import fold_label


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, without its line break."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        if raw.strip():
            out.append((pos, end))
        pos = end + 1
    return out


_CJK = regex.compile("[\u3040-\u9fff\uac00-\ud7af]")


def _words(line: str) -> int:
    """Words of a line; two CJK characters count as one word."""
    n = len(line.split())
    if line.isascii():
        return n
    return n + len(_CJK.findall(line)) // 2


@functools.lru_cache(maxsize=64)
def _folded(headings: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold_label(h) for h in headings)


@functools.lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[regex.Pattern[str], ...]:
    return tuple(regex.compile(p) for p in patterns)


def find_comment_thread(
    text: str,
    *,
    headings: list[str] | None = None,
    heading_patterns: list[str] | None = None,
    meta_patterns: list[str] | None = None,
    heading_words: int = 6,
    meta_words: int = 14,
    min_words_above: int = 80,
    comment_words: int = 5,
) -> Iterator[Hit]:
    """Delete a comment thread that runs to the end of the text.

    The thread starts at a *comment heading* (a line of at most `heading_words` words that is
    one of `headings` after folding case, spaces and edge punctuation, or whose folded form
    matches one of `heading_patterns` whole) or at a *comment header* (a line of at most
    `meta_words` words matching one of `meta_patterns`: a name with the date and time of the
    comment). Either counts only when the text above it holds at least `min_words_above`
    words (the article) and a line of at least `comment_words` words follows it somewhere
    below (a comment). A header line counts only when no header line appears above that
    many words (a live blog, whose entries carry the same header lines from the top, is left
    alone), when the line after it is not another header, and when the text from it to the
    end holds fewer words than the text above it. The first such line and everything below
    it are deleted.

    >>> article = "The pier reopened on Monday after two years of repairs. " * 10
    >>> text = article + "\\n\\n3 Comments\\n\\nGreat news, we walked there on Sunday with the kids.\\n"
    >>> [h.message for h in find_comment_thread(text, heading_patterns=[r"\\d+ comments"])]
    ['comment thread under "3 Comments" at the end of the text (2 lines)']
    """
    heads = _folded(tuple(headings or ()))
    head_res = _compiled(tuple(heading_patterns or ()))
    meta_res = _compiled(tuple(meta_patterns or ()))
    lines = _lines(text)
    if len(lines) < 2:
        return
    counts = [_words(text[a:b]) for a, b in lines]
    total = sum(counts)
    if total < min_words_above + comment_words:
        return

    def is_heading(i: int) -> bool:
        if counts[i] > heading_words:
            return False
        folded = fold_label(text[lines[i][0] : lines[i][1]])
        return folded in heads or any(r.fullmatch(folded) for r in head_res)

    def is_meta(i: int) -> bool:
        if counts[i] > meta_words:
            return False
        line = text[lines[i][0] : lines[i][1]].strip()
        return any(r.match(line) for r in meta_res)

    # longest line from i to the end, for "a comment follows somewhere below"
    longest = [0] * (len(lines) + 1)
    for i in range(len(lines) - 1, -1, -1):
        longest[i] = max(counts[i], longest[i + 1])
    above = 0
    start = None
    meta_seen = False
    for i in range(len(lines)):
        comment_below = longest[i + 1] >= comment_words
        if is_heading(i) and above >= min_words_above and comment_below:
            start = i
            break
        if meta_res and is_meta(i):
            if meta_seen or above < min_words_above:
                return  # header lines from the top: a live blog or a forum page
            meta_seen = True
            below = total - above
            nxt_meta = i + 1 < len(lines) and is_meta(i + 1)
            if comment_below and not nxt_meta and below < above:
                start = i
                break
        above += counts[i]
    if start is None:
        return
    first = text[lines[start][0] : lines[start][1]].strip()
    kept_end = lines[start - 1][1] if start > 0 else 0
    end = len(text)
    replacement = "\n" if text.endswith("\n") and start > 0 else ""
    yield Hit(
        Span(lines[start][0], lines[-1][1]),
        f'comment thread under "{first[:60]}" at the end of the text ({len(lines) - start} lines)',
        (Edit(Span(kept_end, end), replacement),),
    )
