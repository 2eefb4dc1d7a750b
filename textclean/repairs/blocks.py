"""Block repairs: runs of lines that are page furniture as a whole, not one line at a time.

A line rule judges one line. Navigation menus, share bars and footers are made of lines that
are harmless one by one (`News`, `Sport`, `Contact`) but are plainly a menu together. These
finders look at runs of consecutive short lines (blank lines do not break a run; any other
line does) and at where the prose of the document starts and ends.

Vocabulary: a *short* line has at most `max_words` words and does not end like a sentence
(`.`, `!`, `?`, `…`, optionally followed by a closing quote or bracket). A *prose* line has at
least `prose_words` words and ends like a sentence. A *marker* is a line whose folded text is
one of the rule's `markers` (navigation labels such as `home`, `contact us`, `facebook`), or a
line made only of single-word markers (`Facebook Twitter Email`).

Every deletion is computed so that a second pass finds nothing more to delete: the runs that
remain after a pass are broken by the same non-short lines as before, and the head region
is bounded by the first prose line, which no finder here deletes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence

import regex

from textclean.model import Edit, Span
from textclean.repairs import Hit
from textclean.repairs.core import core_hits
from textclean.text.lines import Line, split_lines
from textclean.text.lines import ends_sentence as _is_sentence

# Punctuation and symbols that frame a label: "» Home", "Contact |", "• News".
_EDGE = " \t\u00a0:|•·»«›‹>–—-_*#=~.,;!?()[]{}\"'“”‘’…→←▶►✕×/\\+"
_SPACES = regex.compile(r"\s+")
# A sentence stop anywhere in a line.
_STOP = regex.compile(r"[.!?…。！？]")


def _lines(text: str) -> list[Line]:
    """The lines of `text`, each with its body: `textclean.text.lines.split_lines`, which keeps
    the last text's lines, so every block finder and line rule of a pass shares one split."""
    return split_lines(text)


def fold_label(line: str) -> str:
    """A line folded for comparison with marker phrases: case, spaces, edge punctuation.

    Runs of whitespace become one space. A printable string without two spaces in a row has
    nothing to replace (the only printable whitespace is the space itself), so the regex runs
    only on the other strings.

    >>> fold_label("  » Contact   US | ")
    'contact us'
    """
    line = line.strip(_EDGE)
    if "  " in line or not line.isprintable():
        line = _SPACES.sub(" ", line)
    return line.casefold().strip()


@functools.lru_cache(maxsize=64)
def _marker_sets(markers: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    phrases = frozenset(fold_label(m) for m in markers)
    single = frozenset(p for p in phrases if " " not in p)
    return phrases, single


@functools.lru_cache(maxsize=64)
def _patterns(patterns: tuple[str, ...]) -> tuple[regex.Pattern[str], ...]:
    return tuple(regex.compile(p) for p in patterns)


def _words(body: str) -> int:
    return len(body.split())


def _at_most(body: str, words: int) -> bool:
    """`_words(body) <= words`, splitting no further than needed (prose lines are long).

    >>> _at_most("a b c ", 3), _at_most("a b c d", 3), _at_most("", 0)
    (True, False, True)
    """
    return len(body.split(None, words)) <= words


def _is_marker(body: str, phrases: frozenset[str], single: frozenset[str]) -> bool:
    return _is_marker_key(fold_label(body), phrases, single)


def _is_marker_key(key: str, phrases: frozenset[str], single: frozenset[str]) -> bool:
    """`_is_marker` of a line whose folded label is `key`."""
    if not key:
        return False
    if key in phrases:
        return True
    if " " not in key:
        return False  # one word, not a phrase
    seen = False
    for word in key.split(" "):
        word = word.strip(_EDGE)
        if word:
            if word not in single:
                return False
            seen = True
    return seen


class _Facts:
    """What the block finders ask about the lines of one text, each answered once.

    The navigation and page-chrome rules of a pass run on the same text one after the
    other; they share the split (`_lines`) and these answers, lists indexed by line number,
    computed when first asked for and kept per word limit and marker set.
    """

    __slots__ = ("_at_most", "_blocks", "_keys", "_markers", "_short", "_words", "content", "lines", "text")

    def __init__(self, text: str, lines: list[Line]) -> None:
        self.text = text
        self.lines = lines
        self.content = [i for i, line in enumerate(lines) if not line.blank]
        self._at_most: dict[int, list[bool]] = {}
        self._short: dict[int, list[bool]] = {}
        self._keys: dict[int, list[str | None]] = {}
        self._markers: dict[tuple[frozenset[str], int], list[bool]] = {}
        self._words: list[int] | None = None
        self._blocks: dict[tuple[int, int], tuple[int, int] | None] = {}

    def at_most(self, words: int) -> list[bool]:
        """`_at_most(body, words)` of every non-blank line; False for the blank lines."""
        got = self._at_most.get(words)
        if got is None:
            got = [
                not line.blank and len(line.body.split(None, words)) <= words for line in self.lines
            ]
            self._at_most[words] = got
        return got

    def short(self, words: int) -> list[bool]:
        """Whether each non-blank line is short: at most `words` words, not ending like a
        sentence; False for the blank lines."""
        got = self._short.get(words)
        if got is None:
            got = [
                fits and not _is_sentence(line.body)
                for fits, line in zip(self.at_most(words), self.lines, strict=True)
            ]
            self._short[words] = got
        return got

    def keys(self, words: int) -> list[str | None]:
        """`fold_label` of every non-blank line of at most `words` words; None for the other
        lines."""
        got = self._keys.get(words)
        if got is None:
            got = [
                fold_label(line.body) if fits else None
                for fits, line in zip(self.at_most(words), self.lines, strict=True)
            ]
            self._keys[words] = got
        return got

    def markers(self, words: int, phrases: frozenset[str], single: frozenset[str]) -> list[bool]:
        """Whether each line is non-blank, has at most `words` words and is a marker
        (`_is_marker`) of `phrases`; `single` is the one-word phrases of `phrases`."""
        got = self._markers.get((phrases, words))
        if got is None:
            # `_is_marker_key` inlined up to its phrase lookup: most short lines are one word.
            got = [
                key is not None
                and key != ""
                and (key in phrases or (" " in key and _is_marker_key(key, phrases, single)))
                for key in self.keys(words)
            ]
            self._markers[(phrases, words)] = got
        return got

    def words(self) -> list[int]:
        """`_words(body)` of every line."""
        if self._words is None:
            self._words = [_words(line.body) for line in self.lines]
        return self._words

    def main_block(self, prose_words: int, line_penalty: int) -> tuple[int, int] | None:
        """The first and last position in `content` of the stretch of lines with the highest
        score, where a prose line (`prose_words` words or more and a sentence stop) scores
        its word count and any other line `-line_penalty`; None when no stretch scores above 0.
        """
        params = (prose_words, line_penalty)
        if params in self._blocks:
            return self._blocks[params]
        words = self.words()
        best = current = 0
        best_start = best_end = start = 0
        found = False
        for k, i in enumerate(self.content):
            n = words[i]
            score = n if n >= prose_words and _STOP.search(self.lines[i].body) else -line_penalty
            if current <= 0:
                current, start = score, k
            else:
                current += score
            if current > best:
                best, best_start, best_end, found = current, start, k, True
        block = self._blocks[params] = (best_start, best_end) if found else None
        return block


# The facts of the last text asked about; replaced whole, so threads never mix two texts.
_LAST_FACTS: _Facts | None = None


def _facts(text: str) -> _Facts:
    """The `_Facts` of `text`, kept for the next finder that runs on the same text object."""
    global _LAST_FACTS
    last = _LAST_FACTS
    if last is not None and last.text is text:
        return last
    facts = _LAST_FACTS = _Facts(text, _lines(text))
    return facts


def _deletion(lines: Sequence[Line], first: int, last: int) -> Span:
    """The span that removes lines[first..last] (blank lines between included) cleanly.

    Follows `textclean.kinds.line_deletion`: a block standing as its own paragraph takes one
    blank line after it; the last block of the text takes the line breaks before it, so a text
    without a final newline keeps having none.
    """
    start, end = lines[first].start, lines[last].end
    prev_blank = first == 0 or lines[first - 1].blank
    next_blank = last + 1 < len(lines) and lines[last + 1].blank
    if prev_blank and next_blank:
        end = lines[last + 1].end
    elif last == len(lines) - 1:
        j = first - 1
        while j >= 0 and lines[j].blank:
            j -= 1
        if j < 0:
            start = 0
        else:
            ends_with_break = lines[last].end > lines[last].body_end
            start = lines[j].end if ends_with_break else lines[j].body_end
    return Span(start, end)


def _groups(indices: Iterable[int], content: Sequence[int]) -> list[list[int]]:
    """Split line indices (a subset of `content`, in order) into runs of content neighbours."""
    position = {line: k for k, line in enumerate(content)}
    groups: list[list[int]] = []
    for i in indices:
        if groups and position[i] == position[groups[-1][-1]] + 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _hit(text: str, lines: Sequence[Line], group: list[int], message: str) -> Hit:
    first, last = group[0], group[-1]
    span = Span(lines[first].start, lines[last].body_end)
    return Hit(span, message, (Edit(_early(text, _deletion(lines, first, last)), ""),))


def _footer_hit(text: str, lines: Sequence[Line], group: list[int], message: str) -> Hit:
    """`_hit` for a block that runs to the end of the text, taken before the fixes inside it.

    The footer's deletion starts at the end of the last kept line, where a line or block fix
    of the footer's first line (deleting it with the line break before it) starts too; the
    engine then takes the shorter one first and the footer waits. The other fix may remove the
    very labels that told the page was whole-page text, and the footer would never go. So the
    edit starts one character earlier and gives that character back: it is taken first, and
    the fixes inside the footer find nothing left.
    """
    hit = _hit(text, lines, group, message)
    span = hit.edits[0].span
    if span.start == 0:
        return hit
    start = span.start - 1
    return Hit(hit.span, message, (Edit(Span(start, span.end), text[start]),))


def _early(text: str, span: Span) -> Span:
    """The same deletion, moved to start at the line break before it when it can be.

    Deleting `X\n` after a `\n` leaves what deleting `\nX` does. The engine takes the fixes
    of a pass in the order their edits start, so a block edit that starts one line break
    early is taken before the single-line fixes inside the block (which then wait, overlapped,
    and find nothing left): the block is judged and removed whole, in one pass.
    """
    for brk in ("\r\n", "\n", "\r"):
        if text.endswith(brk, span.start, span.end) and text.endswith(brk, 0, span.start):
            return Span(span.start - len(brk), span.end - len(brk))
    return span


def find_navigation_block(
    text: str,
    *,
    markers: list[str] | None = None,
    min_lines: int = 3,
    max_words: int = 6,
    min_markers: int = 3,
    min_share: float = 0.3,
    head_min_lines: int = 0,
    head_min_markers: int = 1,
    prose_words: int = 10,
) -> Iterator[Hit]:
    """Find navigation menus: runs of short lines in which navigation labels are common.

    A run of at least `min_lines` consecutive short lines (blank lines between them do not
    break the run) is a menu when at least `min_markers` of its lines, and at least
    `min_share` of them, are markers. The whole run goes, labels and unlabelled items alike
    (`Home / Local / Weather / Contact us`). A list in an article is made of short lines too,
    but its items are not navigation labels, so it is left alone. A piece of a hard-wrapped
    sentence is prose, whatever its length: never part of a menu.

    With `head_min_lines` > 0 the page header is found too: when at least `head_min_lines`
    short lines come before the first prose line (`prose_words` words or more, ending like a
    sentence, or the first piece of a wrapped sentence when a short line is one) and at least
    `head_min_markers` of them are markers, all of those short lines go. Longer lines there
    (a headline, a standfirst) stay. The header is bounded by the first prose line, which
    stays, so a second pass finds no short line above it: the body is not eaten line by line.
    A document without a prose line is left alone.

    The finder runs in the compiled core (`crates/textclean-core/src/repairs/blocks.rs`).

    >>> t = "Home\\nNews\\nLocal\\nContact us\\n\\nThe council met on Monday and agreed."
    >>> [t[h.span.start:h.span.end] for h in find_navigation_block(t, markers=["home", "contact us", "news"])]
    ['Home\\nNews\\nLocal\\nContact us']
    >>> list(find_navigation_block("Eggs\\nFlour\\nMilk\\n\\nMix well.", markers=["home"]))
    []
    >>> t = "Menu\\nHarbour\\nNov 19\\nThe harbour reopened on Monday after the long storm damage."
    >>> [t[h.span.start:h.span.end] for h in find_navigation_block(t, markers=["menu"], head_min_lines=3)]
    ['Menu\\nHarbour\\nNov 19']
    """
    return core_hits(
        "delete_navigation_block",
        text,
        markers=markers or (),
        min_lines=min_lines,
        max_words=max_words,
        min_markers=min_markers,
        min_share=min_share,
        head_min_lines=head_min_lines,
        head_min_markers=head_min_markers,
        prose_words=prose_words,
    )


def find_page_chrome(
    text: str,
    *,
    markers: list[str] | None = None,
    min_markers: int = 5,
    max_words: int = 6,
    prose_words: int = 8,
    line_penalty: int = 5,
    min_short_share: float = 0.0,
    min_block_words: int = 0,
    edge_markers: list[str] | None = None,
    edge_patterns: list[str] | None = None,
) -> Iterator[Hit]:
    """Find the page around the article in whole-page text: everything outside the main block.

    Only documents that carry navigation (at least `min_markers` short marker lines) are
    treated as whole-page text. The main block is the stretch of lines with the highest
    score, where a prose line (at least `prose_words` words and a sentence end) scores its
    word count and any other line scores `-line_penalty` (the densest run of prose, as in
    Finn et al.'s body text extraction). Everything before and after it is reported.

    Three parameters make the finder more sure of itself (the safe rule BP019 uses them):
    `min_short_share` asks that at least that share of the non-blank lines be short (whole-page
    text is mostly menu items and teaser titles; an article is mostly paragraphs),
    `min_block_words` that the main block hold at least that many words (it is an article,
    not a teaser), and `edge_markers` bounds the frame by labels: the header then ends at the
    last short line before the main block that is a marker or an edge marker, and the footer
    starts at the first such line after it (`Share this`, `Related articles`, `Leave a reply`).
    `edge_patterns` are regexes that a whole folded short line must match to count as such a
    label too (`more from .+` for `More from the Harbour Times`). The lines between a label
    and the main block stay: a headline, a byline, an article that
    opens with short lines or ends with a list or a fact box. Without such a line on a side,
    that side has no header or footer.

    With both a header and a footer, the first finding deletes the two together (its fix
    starts at the top of the text, so the engine takes it before the line fixes inside them,
    which could take away the very labels the page was judged by); the footer is reported on
    its own as well, for when another fix at the top is taken first.

    The main block of the main block is itself, so a second pass finds nothing: the lines
    kept after the main block hold no marker, so no footer is found again.

    >>> t = "Home\\nNews\\nSport\\nWeather\\nContact\\n" + "The pier opened in May after five years of repair work.\\n" * 3 + "About us\\nPrivacy policy"
    >>> [h.message for h in find_page_chrome(t, markers=["home", "news", "sport", "contact", "about us", "privacy policy"])]
    ['page header (5 lines) and footer (2 lines) outside the main text block', 'page footer outside the main text block (2 lines)']
    """
    if not markers or max(text.count("\n"), text.count("\r")) + 1 < min_markers:
        return  # cheap: fewer lines than the labels asked for (the finder runs on every text)
    phrases, single = _marker_sets(tuple(markers))
    facts = _facts(text)
    lines, content = facts.lines, facts.content
    is_marker = facts.markers(max_words, phrases, single)
    if sum(1 for i in content if is_marker[i]) < min_markers:
        return
    # NOTE: the page frame is judged without the paragraph view. Taking wrapped pieces for
    # prose here, and making unsafe a header or footer that holds one, kept the frame of 30
    # whole-page texts of pairs.jsonl (their teaser titles and labels look wrapped), so
    # BP017/BP019 still delete a frame whole; an article's own text is the main block.
    if min_short_share > 0:
        short = facts.short(max_words)
        if sum(1 for i in content if short[i]) < min_short_share * len(content):
            return
    block = facts.main_block(prose_words, line_penalty)
    if block is None:
        return
    best_start, best_end = block
    if min_block_words:
        words = facts.words()
        if sum(words[i] for i in content[best_start : best_end + 1]) < min_block_words:
            return
    head, tail = content[:best_start], content[best_end + 1 :]
    if edge_markers is not None:
        edges, edges_single = _marker_sets(tuple(markers) + tuple(edge_markers))
        headings = _patterns(tuple(edge_patterns or ()))

        is_edge = facts.markers(max_words, edges, edges_single)
        keys = facts.keys(max_words)

        def label(k: int) -> bool:
            i = content[k]
            if is_edge[i]:
                return True
            key = keys[i]
            return key is not None and any(p.fullmatch(key) for p in headings)

        # The last label before the main block and the first one after it.
        last_head = next((k for k in range(best_start - 1, -1, -1) if label(k)), -1)
        first_tail = next((k for k in range(best_end + 1, len(content)) if label(k)), len(content))
        head, tail = content[: last_head + 1], content[first_tail:]
    if head and tail:
        edits = (_hit(text, lines, head, "").edits[0], _footer_hit(text, lines, tail, "").edits[0])
        span = Span(lines[head[0]].start, lines[head[-1]].body_end)
        yield Hit(span, f"page header ({len(head)} lines) and footer ({len(tail)} lines) "
                        "outside the main text block", edits)
    elif head:
        yield _hit(text, lines, head, f"page header outside the main text block ({len(head)} lines)")
    if tail:
        # Also on its own: when a fix at the top of the text is taken before the finding
        # above, the footer still goes in the same pass.
        yield _footer_hit(text, lines, tail, f"page footer outside the main text block ({len(tail)} lines)")
