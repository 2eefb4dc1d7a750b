"""Paragraphs of a text, and which of its lines are pieces of a hard-wrapped sentence.

Plain text wrapped at a fixed width (e-mail, PDF-to-text, old archives, `fold`) breaks a
sentence over several lines: `Her office did not return requests for` / `comment.`. Judged on
its own, the piece `comment.` looks like a comment-widget label; judged inside its paragraph it
is the end of a sentence. Rules that delete whole lines ask this view first.

A line *continues* the line above (it is the next piece of the same sentence) when no blank
line is between them and either the line above has no sentence end and

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
  are single long lines (extractor output) is not wrapped at the width of its short lines, or
- the block is wrapped prose, the line above is at least `MIN_PIECE` characters long and its
  last sentence is open and holds `MIN_WORDS` words, and this line is at most `TAIL_WORDS`
  words that end a sentence (`... to compete with Amazon Web` / `Services.`): the end of a
  paragraph wrapped narrower than the widest one of its block, where the line above is not
  full at the block's width;

or the line above ends in a stop but is full, and this line starts with a lower-case letter:
the stop of an abbreviation fell at the wrap (`... by the Harbour Trading Company, Inc.` /
`and its partners.`).

A line is *joined* to the line above when it continues it, or when the line above is full
whatever it ends with: a wrap may fall between two sentences (`... is promising.` / `(More)`),
and the second piece is still inside the paragraph. The latter only in a block of two lines,
or one with a break inside a sentence as well: a text of one sentence per line, the lines
about as long, is not wrapped prose. A line is *wrapped* when it is joined to
the line above or the line below joins it. A *paragraph* is a run of lines, each joined to the
one before; every other non-blank line is a paragraph of its own, and blank lines belong to
none.

A line *heads a section* when it is a paragraph of its own of at most `HEADING_WORDS` words
that does not end like a sentence, and the paragraphs right above and right below it are
*prose*: they end like a sentence and hold at least `PROSE_WORDS` words (two CJK characters
counting as one). `Publications` between two paragraphs of a report, `See also` over the
paragraph it introduces: a label there is the text's own heading, where a line rule that may
find headings (`may_be_heading`) does not delete it by a safe fix.

The view is built once per text (`paragraph_view` keeps the last text's view), so every rule of
a pass shares it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from textclean import _core
from textclean.text.crossing import on_text
from textclean.text.lines import NOT_REGEX_SPACE, ends_sentence, split_lines

# Said after the message of a finding whose deletion was made unsafe because a line it
# deletes is a piece of a hard-wrapped sentence.
WRAPPED_NOTE = " (part of a wrapped sentence: unsafe fix)"
# Said after the message of a finding whose deletion was made unsafe because its line heads a
# section of the text (a label between two prose paragraphs).
HEADING_NOTE = " (a heading between prose paragraphs: unsafe fix)"
# The model's limits; the core (crates/textclean-core/src/repairs/paragraphs.rs) holds the
# same values and does the work.
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
# In wrapped prose, a line of at most this many words that ends a sentence continues an open
# line above (see the module doc).
TAIL_WORDS = 3
# A line of at most this many words, between two prose paragraphs, heads a section ...
HEADING_WORDS = 6
# ... when each of them ends like a sentence and holds at least this many words.
PROSE_WORDS = 8
# Two of these characters count as one word (the teaser and comment finders count so too).
_CJK = regex.compile(r"[\u3040-\u9fff\uac00-\ud7af]")


def _words(text: str) -> int:
    """Words of `text`, two CJK characters counting as one."""
    n = len(text.split())
    return n + len(_CJK.findall(text)) // 2 if not text.isascii() else n


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

    `lines` is `split_lines(text)`; the lists below have one entry per line, worked out by the
    core (`_core.paragraph_lines`):

    - `continues[i]`: line i is the next piece of the sentence of line i - 1;
    - `joined[i]`: line i is the next piece of the paragraph of line i - 1 (a wrap);
    - `wrapped[i]`: line i is joined to the line above or the line below joins it;
    - `paragraph[i]`: the index into `paragraphs` of line i's paragraph (-1 for a blank line),
      with `paragraphs`, made when first asked for.

    >>> view = ParagraphView("Her office did not return requests for\\ncomment.\\n\\nHome\\nNews\\n")
    >>> view.continues, view.wrapped
    ([False, True, False, False, False], [True, True, False, False, False])
    >>> [(p.first, p.last) for p in view.paragraphs]
    [(0, 1), (3, 3), (4, 4)]
    """

    __slots__ = ("_paragraphs", "continues", "joined", "lines", "text", "wrapped")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = split_lines(text)
        self.continues, self.joined, self.wrapped = on_text(_core.paragraph_lines, text)
        self._paragraphs: tuple[list[int], list[Paragraph]] | None = None

    def _grouped(self) -> tuple[list[int], list[Paragraph]]:
        if self._paragraphs is None:
            paragraph = [-1] * len(self.lines)
            paragraphs: list[Paragraph] = []
            for i, (line, joined) in enumerate(zip(self.lines, self.joined, strict=True)):
                if line.blank:
                    continue
                if joined:
                    last = paragraphs[-1]
                    paragraphs[-1] = Paragraph(last.first, i, last.start, line.body_end)
                else:
                    paragraphs.append(Paragraph(i, i, line.start, line.body_end))
                paragraph[i] = len(paragraphs) - 1
            self._paragraphs = (paragraph, paragraphs)
        return self._paragraphs

    @property
    def paragraph(self) -> list[int]:
        return self._grouped()[0]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return self._grouped()[1]

    def heads_section(self, i: int) -> bool:
        """Whether line i heads a section (see the module doc): a short line, a paragraph of
        its own, between two prose paragraphs.

        >>> text = "The council met on Tuesday to discuss the ferry timetable.\\n\\nPublications\\n\\n"
        >>> view = ParagraphView(text + "The report on the harbour came out in May of that year.")
        >>> view.heads_section(2), ParagraphView(text + "Projects").heads_section(2)
        (True, False)
        """
        line = self.lines[i]
        if line.blank or self.wrapped[i]:
            return False
        body = line.body
        if _words(body) > HEADING_WORDS or ends_sentence(body):
            return False
        k = self.paragraph[i]
        paragraphs = self.paragraphs
        return 0 < k < len(paragraphs) - 1 and self._prose(paragraphs[k - 1]) and self._prose(paragraphs[k + 1])

    def _prose(self, paragraph: Paragraph) -> bool:
        body = self.text[paragraph.start : paragraph.end]
        return ends_sentence(body) and _words(body) >= PROSE_WORDS

    def line_at(self, offset: int) -> int:
        """The index of the line that holds text offset `offset` (its terminator included)."""
        return bisect.bisect_right(self.lines, offset, key=lambda line: line.start) - 1


def no_prose_above(text: str, at: int) -> bool:
    """True when the line of `text` that holds offset `at` has no prose paragraph right above
    it, so it heads no section (`heads_section` is False), read without the view; False when
    it cannot tell. For a text whose only terminator is "\\n".

    The paragraph above ends where the nearest non-blank line above ends, and whether a
    paragraph ends like a sentence is read from its end: that line's answer is the paragraph's
    (unless its trailing space holds characters `ends_sentence` searches for, where this says
    False).

    >>> no_prose_above("Share\\n\\nTweet\\n", 7), no_prose_above("It rained.\\n\\nTweet", 12)
    (True, False)
    """
    end = text.rfind("\n", 0, at)
    while end >= 0:
        start = text.rfind("\n", 0, end) + 1
        body = text[start:end]
        if body.strip():
            return NOT_REGEX_SPACE.isdisjoint(body) and not ends_sentence(body)
        end = start - 1
    return True  # no paragraph above


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


__all__ = ["HEADING_NOTE", "HEADING_WORDS", "MAX_WIDTH", "MIN_PIECE", "PROSE_WORDS", "MIN_WIDTH", "MIN_WORDS", "TAIL_WORDS", "WIDE_SHARE", "WRAPPED_NOTE", "Paragraph", "ParagraphView", "no_prose_above", "paragraph_view"]
