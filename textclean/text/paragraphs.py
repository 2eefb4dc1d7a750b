"""Paragraphs of a text, and which of its lines are pieces of a hard-wrapped sentence.

Plain text wrapped at a fixed width (e-mail, PDF-to-text, old archives, `fold`) breaks a
sentence over several lines: `Her office did not return requests for` / `comment.`. Judged on
its own, the piece `comment.` looks like a comment-widget label; judged inside its paragraph it
is the end of a sentence. Rules that delete whole lines ask this view first.

A line *continues* the line above (it is the next piece of the same sentence) when no blank
line is between them, the line above has no sentence end, and either

- this line starts with a lower-case letter and it and the last sentence of the line above
  hold at least `MIN_WORDS` words together (`requests for` / `comment.`, `Photos` / `by the
  council show ...`; not a list of one-word labels such as `facebook` / `linkedin`, nor
  `... the country. PTI` / `comments`), or
- the line above is *full*: it is at least `MIN_PIECE` characters long, and its length plus a
  space plus this line's first word is more than the width of its block (the longest line of
  its run of non-blank lines). A text wrapped greedily at width `w` has exactly this at every
  break (the next word did not fit), and its widest line is at most `w`. Only a block from
  `MIN_WIDTH` to `MAX_WIDTH` wide, and at least `WIDE_SHARE` of the text's longest line, is
  taken for wrapped prose: a menu or a list of labels is narrow, and a text whose paragraphs
  are single long lines (extractor output) is not wrapped at the width of its short lines.

A line is *joined* to the line above when it continues it, or when the line above is full
whatever it ends with: a wrap may fall between two sentences (`... is promising.` / `(More)`),
and the second piece is still inside the paragraph. The latter only in a block of two lines,
or one with a break inside a sentence as well: a text of one sentence per line, the lines
about as long, is not wrapped prose. A line is *wrapped* when it is joined to
the line above or the line below joins it. A *paragraph* is a run of lines, each joined to the
one before; every other non-blank line is a paragraph of its own, and blank lines belong to
none.

The view is built once per text (`paragraph_view` keeps the last text's view), so every rule of
a pass shares it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from textclean.text.lines import Line, ends_sentence, split_lines

# Said after the message of a finding whose deletion was made unsafe because a line it
# deletes is a piece of a hard-wrapped sentence.
WRAPPED_NOTE = " (part of a wrapped sentence: unsafe fix)"
# A block of lines narrower than this is never taken for wrapped prose (menus, label lists).
MIN_WIDTH = 35
# ... nor one wider than this (hard wraps are at most about 100 columns; wider lines are
# paragraphs written on one line) ...
MAX_WIDTH = 120
# ... nor one narrower than this share of the text's longest line.
WIDE_SHARE = 0.7
# A line shorter than this is never taken for a full line of wrapped prose.
MIN_PIECE = 20
# A lower-case line continues the line above only when it and the last sentence of the line
# above hold this many words together.
MIN_WORDS = 5
# The last sentence stop inside a line, with the closing quotes and space after it.
_LAST_STOP = regex.compile(r"(?r)[.!?…。！？][\"'”’»)\]]*\s")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Lines `first`..`last` (indexes into the view's lines), non-blank and each continuing the
    one before; `start` and `end` are the text offsets of its content."""

    first: int
    last: int
    start: int
    end: int

    @property
    def wrapped(self) -> bool:
        """Whether the paragraph is more than one line."""
        return self.last > self.first


class ParagraphView:
    """The lines of one text, grouped into paragraphs, with what each line is inside its own.

    `lines` is `split_lines(text)`; the lists below have one entry per line:

    - `continues[i]`: line i is the next piece of the sentence of line i - 1;
    - `joined[i]`: line i is the next piece of the paragraph of line i - 1 (a wrap);
    - `wrapped[i]`: line i is joined to the line above or the line below joins it;
    - `paragraph[i]`: the index into `paragraphs` of line i's paragraph (-1 for a blank line).

    >>> view = ParagraphView("Her office did not return requests for\\ncomment.\\n\\nHome\\nNews\\n")
    >>> view.continues, view.wrapped
    ([False, True, False, False, False], [True, True, False, False, False])
    >>> [(p.first, p.last) for p in view.paragraphs]
    [(0, 1), (3, 3), (4, 4)]
    """

    __slots__ = ("continues", "joined", "lines", "paragraph", "paragraphs", "text", "wrapped")

    def __init__(self, text: str) -> None:
        self.text = text
        lines = self.lines = split_lines(text)
        n = len(lines)
        continues = [False] * n
        joined = [False] * n
        blocks = _blocks(lines) if n > 1 else []
        widths = [max(len(lines[i].body.rstrip()) for i in range(a, b + 1)) for a, b in blocks]
        widest = max(widths, default=0)
        for (first, last), width in zip(blocks, widths, strict=True):
            if first == last:
                continue
            if not MIN_WIDTH <= width <= MAX_WIDTH or width < WIDE_SHARE * widest:
                width = 0  # not wrapped at this width: only lower-case lines continue
            pairs = [_joins(lines[i - 1].body, lines[i].body, width) for i in range(first + 1, last + 1)]
            # A full line that ends a sentence joins the next one only in a block that is
            # wrapped prose: one with a break inside a sentence too (a text of one sentence
            # per line, all about as long, has only full lines), or of two lines.
            sentence_breaks = last - first == 1 or any(c for c, _ in pairs)
            for i, (c, j) in zip(range(first + 1, last + 1), pairs, strict=True):
                continues[i], joined[i] = c, j if sentence_breaks else c
        self.continues = continues
        self.joined = joined
        self.wrapped = [j or (i + 1 < n and joined[i + 1]) for i, j in enumerate(joined)]
        paragraph = [-1] * n
        paragraphs: list[Paragraph] = []
        for i, line in enumerate(lines):
            if line.blank:
                continue
            if joined[i]:
                last = paragraphs[-1]
                paragraphs[-1] = Paragraph(last.first, i, last.start, line.body_end)
            else:
                paragraphs.append(Paragraph(i, i, line.start, line.body_end))
            paragraph[i] = len(paragraphs) - 1
        self.paragraph = paragraph
        self.paragraphs = paragraphs

    def line_at(self, offset: int) -> int:
        """The index of the line that holds text offset `offset` (its terminator included)."""
        return bisect.bisect_right(self.lines, offset, key=lambda line: line.start) - 1

    def any_wrapped(self, first: int, last: int) -> bool:
        """Whether any line of `first`..`last` is a piece of a wrapped sentence."""
        return any(self.wrapped[first : last + 1])

    def paragraph_of(self, i: int) -> Paragraph | None:
        """The paragraph of line `i`, or None for a blank line."""
        k = self.paragraph[i]
        return None if k < 0 else self.paragraphs[k]


def _blocks(lines: list[Line]) -> list[tuple[int, int]]:
    """The runs of consecutive non-blank lines, as (first, last) line indexes."""
    out = []
    first = -1
    for i, line in enumerate(lines):
        if line.blank:
            if first >= 0:
                out.append((first, i - 1))
                first = -1
        elif first < 0:
            first = i
    if first >= 0:
        out.append((first, len(lines) - 1))
    return out


def _joins(above: str, body: str, width: int) -> tuple[bool, bool]:
    """Whether `body` continues the sentence of the non-blank line `above`, and whether it is
    joined to it (see the module); `width` is the wrap width of their block, 0 when the block
    is not taken for wrapped prose.

    >>> _joins("Her office did not return requests for", "comment.", 38)
    (True, True)
    >>> _joins("The harbour reopened on Monday after the storm", "Officials said", 46)
    (True, True)
    >>> _joins("Why the harbour repair plan is promising.", "(More)", 41)
    (False, True)
    >>> _joins("Photos", "by the council show the wall", 0)
    (True, True)
    >>> _joins("to sneak into the country. PTI", "comments", 0)
    (False, False)
    >>> _joins("facebook", "linkedin", 0), _joins("It rained.", "then it stopped.", 40)
    ((False, False), (False, False))
    """
    core = body.lstrip()
    full = False
    if width >= MIN_WIDTH:
        stripped = above.rstrip()
        if len(stripped.lstrip()) >= MIN_PIECE:
            first_word = core.split(None, 1)[0] if core else ""
            full = len(stripped) + 1 + len(first_word) > width
    if ends_sentence(above):
        return False, full
    if core[:1].islower():
        stop = _LAST_STOP.search(above)
        sentence = above[stop.end() :] if stop else above  # the sentence the line would go on
        enough = len(sentence.split(None, MIN_WORDS)) + len(core.split(None, MIN_WORDS)) >= MIN_WORDS
        return enough, enough or full
    return full, full


def paragraph_view(text: str) -> ParagraphView:
    """The `ParagraphView` of `text`, built once and kept for the next call on the same text.

    >>> text = "one\\ntwo"
    >>> paragraph_view(text) is paragraph_view(text)
    True
    """
    global _LAST_VIEW
    last = _LAST_VIEW
    if last is not None and last.text is text:
        return last
    view = _LAST_VIEW = ParagraphView(text)
    return view


# The view of the last text asked about; replaced whole, so threads never mix two texts.
_LAST_VIEW: ParagraphView | None = None


__all__ = ["MAX_WIDTH", "MIN_PIECE", "MIN_WIDTH", "MIN_WORDS", "WIDE_SHARE", "WRAPPED_NOTE", "Paragraph", "ParagraphView", "paragraph_view"]
