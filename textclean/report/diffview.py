"""Before/after views of one text as labelled segments, for the HTML report.

A fix run records each applied edit with the pass that applied it, in offsets of the text at
the start of that pass. :func:`replay_edits` applies those edits again, pass by pass, to a list
of pieces that remembers where every character came from, so the result is an inline diff of
the input against the output in which each change names the rule that made it. Joining the
`before` sides of the segments gives the input back and joining the `after` sides gives the
output, whatever the passes did in between (a later pass may edit text an earlier one
inserted; such intermediate text appears in neither).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

# Unchanged lines kept on each side of a change in a diff view; the rest is elided.
DIFF_CONTEXT = 3


class SegmentKind(StrEnum):
    """What a segment of a diff view is."""

    SAME = "same"  # unchanged text
    CHANGE = "change"  # `deleted` replaced by `inserted`, by `rule`
    MARK = "mark"  # a finding's span (check runs: nothing changed); `deleted` holds the text
    ELIDED = "elided"  # `lines` unchanged lines left out


@dataclass(frozen=True, slots=True)
class Segment:
    """One run of a diff view. For SAME, `inserted` holds the text."""

    kind: SegmentKind
    inserted: str = ""
    deleted: str = ""
    rule: str = ""  # rule code(s), space-separated when findings overlap (MARK)
    lines: int = 0  # ELIDED only

    @property
    def before(self) -> str:
        return self.inserted if self.kind is SegmentKind.SAME else self.deleted

    @property
    def after(self) -> str:
        return "" if self.kind is SegmentKind.MARK else self.inserted


# A piece is [kind, text, rule]: kind "o" original and still there, "d" original but deleted by
# `rule`, "i" inserted by `rule` and still there. Inserted text that a later pass deletes is
# dropped: it is in neither the input nor the output.
_ORIG, _DEL, _INS = "o", "d", "i"


def replay_edits(text: str, passes: Sequence[Sequence[tuple[str, int, int, str]]]) -> list[Segment]:
    """Segments of `text` after applying each pass's (rule, start, end, replacement) edits.

    Within a pass the edits do not overlap and their offsets point into the text at the start
    of that pass (engine.apply_edits semantics: sorted by start, then end).

    >>> [(s.kind.value, s.deleted, s.inserted, s.rule)
    ...  for s in replay_edits("a &amp; b", [[("MK001", 2, 7, "&")]])]
    [('same', '', 'a ', ''), ('change', '&amp;', '&', 'MK001'), ('same', '', ' b', '')]
    """
    pieces: list[list[str]] = [[_ORIG, text, ""]] if text else []
    for edits in passes:
        pieces = _apply_pass(pieces, sorted(edits, key=lambda e: (e[1], e[2])))
    return _to_segments(pieces)


def _apply_pass(pieces: list[list[str]], edits: Sequence[tuple[str, int, int, str]]) -> list[list[str]]:
    out: list[list[str]] = []
    queue = list(reversed(pieces))  # pop() takes the next piece
    pos = 0  # offset, in the text at the start of this pass, where the next live piece starts

    def live_until(limit: int) -> Iterator[list[str]]:
        # The live pieces up to offset `limit` (the last one split there); deleted pieces met
        # on the way are copied to `out` as they are.
        nonlocal pos
        while pos < limit:
            piece = queue.pop()
            if piece[0] == _DEL:
                out.append(piece)
                continue
            room = limit - pos
            if len(piece[1]) > room:
                queue.append([piece[0], piece[1][room:], piece[2]])
                piece = [piece[0], piece[1][:room], piece[2]]
            pos += len(piece[1])
            yield piece

    for rule, start, end, replacement in edits:
        # Copy everything before `start`; deleted pieces lying exactly at `start` stay after
        # an insertion there, so it reads "insert, then delete" as apply_edits orders them.
        for piece in live_until(start):
            out.append(piece)
        for piece in live_until(end):
            if piece[0] == _ORIG:
                out.append([_DEL, piece[1], rule])
            # an inserted piece deleted again vanishes
        if replacement:
            out.append([_INS, replacement, rule])
    out.extend(reversed(queue))
    return out


def _to_segments(pieces: list[list[str]]) -> list[Segment]:
    segments: list[Segment] = []
    same: list[str] = []
    deleted: list[str] = []
    inserted: list[str] = []
    rule = ""

    def flush_change() -> None:
        nonlocal rule
        if deleted or inserted:
            segments.append(Segment(SegmentKind.CHANGE, "".join(inserted), "".join(deleted), rule))
            deleted.clear()
            inserted.clear()
        rule = ""

    for kind, text, piece_rule in pieces:
        if kind == _ORIG:
            flush_change()
            same.append(text)
            continue
        if same:
            segments.append(Segment(SegmentKind.SAME, "".join(same)))
            same.clear()
        # One change per rule run: a deletion and the insertion after it by the same rule
        # read as one replacement; a different rule starts a new change.
        if piece_rule != rule or (kind == _DEL and inserted):
            flush_change()
        rule = piece_rule
        (deleted if kind == _DEL else inserted).append(text)
    flush_change()
    if same:
        segments.append(Segment(SegmentKind.SAME, "".join(same)))
    return segments


def mark_spans(text: str, spans: Sequence[tuple[str, int, int]]) -> list[Segment]:
    """Segments of `text` with each (rule, start, end) span marked; overlaps name every rule.

    An empty span becomes an empty MARK at its offset (a finding about a missing thing).

    >>> [(s.kind.value, s.before, s.rule) for s in mark_spans("ab cd", [("X1", 1, 4), ("Y2", 3, 5)])]
    [('same', 'a', ''), ('mark', 'b ', 'X1'), ('mark', 'c', 'X1 Y2'), ('mark', 'd', 'Y2')]
    """
    cuts = {0, len(text)}
    starting: dict[int, list[str]] = {}
    ending: dict[int, list[str]] = {}
    empty: dict[int, list[str]] = {}
    for rule, start, end in spans:
        cuts.update((start, end))
        if start == end:
            empty.setdefault(start, []).append(rule)
        else:
            starting.setdefault(start, []).append(rule)
            ending.setdefault(end, []).append(rule)
    points = sorted(cuts)
    active: Counter[str] = Counter()
    segments: list[Segment] = []
    for a, b in zip(points, points[1:] + [None], strict=True):
        active.subtract(ending.get(a, ()))
        active.update(starting.get(a, ()))
        if a in empty:
            segments.append(Segment(SegmentKind.MARK, rule=" ".join(sorted(set(empty[a])))))
        if b is None:
            break
        covering = sorted(r for r, n in active.items() if n > 0)
        piece = text[a:b]
        if covering:
            segments.append(Segment(SegmentKind.MARK, deleted=piece, rule=" ".join(covering)))
        elif segments and segments[-1].kind is SegmentKind.SAME:
            segments[-1] = Segment(SegmentKind.SAME, segments[-1].inserted + piece)
        else:
            segments.append(Segment(SegmentKind.SAME, piece))
    return segments


def elide(segments: Sequence[Segment], context: int = DIFF_CONTEXT) -> list[Segment]:
    """Keep `context` lines of unchanged text on each side of a change; elide the rest.

    Long unchanged stretches are what makes a 10,000-document report heavy; a reader needs
    only the lines around each change.

    >>> body = "".join(f"line {i}\\n" for i in range(10))
    >>> [s.kind.value for s in elide([Segment(SegmentKind.SAME, body)], 2)]
    ['elided']
    """
    out: list[Segment] = []
    last = len(segments) - 1
    for i, seg in enumerate(segments):
        if seg.kind is not SegmentKind.SAME:
            out.append(seg)
            continue
        lines = seg.inserted.splitlines(keepends=True)
        keep_head = context if i > 0 else 0  # lines after the previous change
        keep_tail = context if i < last else 0  # lines before the next change
        # A stretch that starts or ends mid-line shares that line with the change next to
        # it; that partial line is not context, so keep one more.
        if keep_head and not (segments[i - 1].after or segments[i - 1].before).endswith("\n"):
            keep_head += 1
        if keep_tail and not seg.inserted.endswith("\n"):
            keep_tail += 1
        if len(lines) <= keep_head + keep_tail + 1:
            out.append(seg)
            continue
        if keep_head:
            out.append(Segment(SegmentKind.SAME, "".join(lines[:keep_head])))
        out.append(Segment(SegmentKind.ELIDED, lines=len(lines) - keep_head - keep_tail))
        if keep_tail:
            out.append(Segment(SegmentKind.SAME, "".join(lines[len(lines) - keep_tail :])))
    return out
