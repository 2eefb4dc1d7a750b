"""The closed set of rule kinds: pattern, swap, line, repair, metric.

Each kind turns a validated spec (`textclean.schema`) into a :class:`Rule` whose `find()`
returns Findings with spans and fixes. Adding a kind is a code change with its own tests;
adding a rule is a data change. Every regex call here runs with a timeout.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import regex

from textclean.metrics import METRICS, UP_TO
from textclean.model import Edit, Finding, Fix, Level, Safety, Span
from textclean.repairs import REPAIRS
from textclean.schema import LineSpec, MetricSpec, PatternSpec, RepairSpec, SwapSpec
from textclean.text.lines import Line, split_lines
from textclean.text.paragraphs import WRAPPED_NOTE, paragraph_view

DEFAULT_REGEX_TIMEOUT = 2.0  # seconds for one regex call on one document


@dataclass(frozen=True, eq=False)
class Rule:
    """A validated, compiled rule. `spec` is the rule file's content; the file is its doc."""

    spec: Any
    path: str = "<memory>"
    line: int = 1
    kind: ClassVar[str] = ""

    @property
    def code(self) -> str:
        return str(self.spec.code)

    @property
    def name(self) -> str:
        return str(self.spec.name)

    @property
    def level(self) -> Level:
        return Level(self.spec.level)

    @property
    def safety(self) -> Safety | None:
        """The safety of this rule's fixes, or None when it only reports."""
        return None if self.spec.fix is None else Safety(self.spec.fix.safety)

    @property
    def message(self) -> str:
        return str(self.spec.message or self.spec.summary)

    def find(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        raise NotImplementedError

    def _finding(
        self,
        span: Span,
        edits: tuple[Edit, ...] | None,
        message: str | None = None,
        at_most: Safety | None = None,
    ) -> Finding:
        """A finding of this rule; its fix is as safe as the rule's, or `at_most` if less."""
        fix = None
        if edits:
            safety = self.safety if self.safety is not None else Safety.DISPLAY_ONLY
            if at_most is not None and at_most.rank < safety.rank:
                safety = at_most
            fix = Fix(edits, safety)
        return Finding(self.code, span, message or self.message, self.level, fix)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.code} {self.name}>"


@functools.lru_cache(maxsize=4096)
def compile_regex(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """Compile once per process; rules and repairs share the cache."""
    return regex.compile(pattern, flags)


@dataclass(frozen=True, eq=False)
class PatternRule(Rule):
    """Each match of `pattern` (or of its `group`) is a finding."""

    kind: ClassVar[str] = "pattern"
    compiled: regex.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", compile_regex(self.spec.pattern))

    def find(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        spec: PatternSpec = self.spec
        group = spec.group
        fix = spec.fix
        transform = REPAIRS[fix.repair].transform if fix and fix.repair else None
        out = []
        for m in self.compiled.finditer(text, timeout=timeout):
            start, end = m.span(group)
            if start < 0:
                continue  # the group did not take part in this match
            span = Span(start, end)
            edits: tuple[Edit, ...] | None = None
            if fix is not None:
                if fix.replace is not None:
                    new = m.expand(fix.replace)
                elif transform is not None:
                    new = transform(m.group(group))
                else:
                    new = None
                if new is not None and new != text[start:end]:
                    edits = (Edit(span, new),)
            out.append(self._finding(span, edits))
        return out


@dataclass(frozen=True, eq=False)
class SwapRule(Rule):
    """Each occurrence of a key of `swap` is a finding, fixed by its value."""

    kind: ClassVar[str] = "swap"
    compiled: regex.Pattern[str] = field(init=False)
    lookup: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        spec: SwapSpec = self.spec
        keys = sorted(spec.swap, key=len, reverse=True)
        parts = []
        for key in keys:
            piece = regex.escape(key)
            if spec.word_boundary:
                if regex.match(r"\w", key[0]):
                    piece = r"(?<!\w)" + piece
                if regex.match(r"\w", key[-1]):
                    piece = piece + r"(?!\w)"
            parts.append(piece)
        flags = regex.IGNORECASE if spec.ignore_case else 0
        object.__setattr__(self, "compiled", compile_regex("|".join(parts), flags))
        fold: Callable[[str], str] = str.casefold if spec.ignore_case else (lambda s: s)
        object.__setattr__(self, "lookup", {fold(k): v for k, v in spec.swap.items()})

    def find(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        fold = str.casefold if self.spec.ignore_case else None
        out = []
        for m in self.compiled.finditer(text, timeout=timeout):
            old = m.group()
            new = self.lookup[fold(old) if fold else old]
            edits = (Edit(Span(*m.span()), new),) if self.spec.fix is not None else None
            out.append(self._finding(Span(*m.span()), edits, f"{self.message}: {old!r} -> {new!r}"))
        return out


# Punctuation and symbols that frame a boilerplate phrase: "» Read more", "Share:", "| Menu |".
_EDGE = " \t\u00a0:|•·»«›‹>–—-_*#=~.,;!?()[]{}\"'“”‘’…→←▶►"
_SPACES = regex.compile(r"\s+")


def normalise_phrase(line: str) -> str:
    """Fold a line for phrase comparison: case, inner whitespace, edge punctuation.

    >>> normalise_phrase("  » Read   MORE: ")
    'read more'
    """
    core = line.strip(_EDGE)
    if _SEPARATORS.isdisjoint(core):
        # NOTE: `regex`'s \s and `str.split()` agree on every character but \x1c-\x1f, which
        # only str.split() takes for whitespace; without them this is the same key, in C.
        return " ".join(core.split()).casefold()
    return _SPACES.sub(" ", core).casefold().strip()


_SEPARATORS = frozenset("\x1c\x1d\x1e\x1f")


class LinePattern(Protocol):
    """What a line rule searches each line with: a compiled regex (or anything with its `search`)."""

    def search(self, string: str, *, timeout: float | None = None) -> Any: ...


# Word counts of lines are exact up to here (every word limit of the packs is far below it).
_WORD_CAP = 64


class LineTable:
    """The lines of one text, split once, with per-line values worked out on first use.

    Every line rule needs the same lines, word counts and phrase keys; the gated engine
    (`textclean.compiled`) builds one table per text and hands it to each line rule, so a
    document's lines are split and normalised once instead of once per rule.
    """

    __slots__ = ("text", "lines", "content", "_words", "_keys", "_counted")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = split_lines(text)
        self.content = [i for i, line in enumerate(self.lines) if not line.blank]
        n = len(self.lines)
        self._words: list[int] = [-1] * n
        self._keys: list[str | None] = [None] * n
        self._counted = False

    def short_lines(self, words: int) -> list[int]:
        """The non-blank lines (indexes, in order) with at most `words` words: `at_most` for
        every line, with every count worked out in one go."""
        counts = self._words
        if not self._counted:
            lines = self.lines
            content = self.content
            for i, n in zip(content, [len(lines[i].body.split(None, _WORD_CAP)) for i in content], strict=True):
                counts[i] = n
            self._counted = True
        if words < _WORD_CAP:
            return [i for i in self.content if counts[i] <= words]
        return [i for i in self.content if self.at_most(i, words)]

    def body(self, i: int) -> str:
        """Line `i` without its terminator."""
        return self.lines[i].body

    def at_most(self, i: int, words: int) -> bool:
        """Whether line `i` has at most `words` whitespace-separated words.

        Counts are kept up to `_WORD_CAP` + 1: a prose line is not split word by word.
        """
        count = self._words[i]
        if count < 0:
            count = self._words[i] = len(self.lines[i].body.split(None, _WORD_CAP))
        if words < _WORD_CAP:
            return count <= words
        return count <= _WORD_CAP or len(self.lines[i].body.split()) <= words

    def key(self, i: int) -> str:
        """Line `i` folded for phrase comparison (`normalise_phrase`)."""
        key = self._keys[i]
        if key is None:
            key = self._keys[i] = normalise_phrase(self.body(i))
        return key


def line_deletion(text: str, lines: list[Line], i: int) -> Span:
    """The span to delete so line `i` goes away with no gap or glue left behind.

    A line that stands as its own paragraph (blank line or edge on both sides) takes one
    neighbouring blank line with it, so `a\\n\\nAD\\n\\nb` becomes `a\\n\\nb`. The last line
    takes the terminator before it, so a text without a final newline keeps having none.
    """
    line = lines[i]
    prev_blank = i == 0 or lines[i - 1].blank
    next_blank = i + 1 < len(lines) and lines[i + 1].blank
    is_last = i == len(lines) - 1
    start, end = line.start, line.end
    if prev_blank and next_blank:
        end = lines[i + 1].end  # take the blank line after it
    elif is_last:
        # Last line: take the blank lines before it too. Without a final newline it also takes
        # the previous line's terminator, so the text still ends without one.
        j = i - 1
        while j >= 0 and lines[j].blank:
            j -= 1
        if j < 0:
            start = 0
        else:
            start = lines[j].end if line.end > line.body_end else lines[j].body_end
    return Span(start, end)


def _left(deadline: float) -> float:
    """Seconds left before `deadline`; raises TimeoutError, as `regex` does, once it passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("regex timed out")
    return left


@dataclass(frozen=True, eq=False)
class LineRule(Rule):
    """A line that is one of `phrases`, or matches one of `patterns`, is a finding."""

    kind: ClassVar[str] = "line"
    phrase_set: frozenset[str] = field(init=False)
    compiled: tuple[regex.Pattern[str], ...] = field(init=False)

    def __post_init__(self) -> None:
        spec: LineSpec = self.spec
        object.__setattr__(self, "phrase_set", frozenset(normalise_phrase(p) for p in spec.phrases))
        object.__setattr__(self, "compiled", tuple(compile_regex(p) for p in spec.patterns))

    def eligible_lines(self, table: LineTable) -> list[int]:
        """Indexes of the non-blank lines this rule looks at (its position and window)."""
        spec: LineSpec = self.spec
        content = table.content
        if spec.position == "anywhere":
            return content
        head = content[: spec.window] if spec.position in ("head", "edges") else []
        tail = content[-spec.window :] if spec.position in ("tail", "edges") else []
        return sorted(set(head) | set(tail))

    def find(
        self,
        text: str,
        *,
        timeout: float = DEFAULT_REGEX_TIMEOUT,
        table: LineTable | None = None,
        phrases: bool = True,
        patterns: Sequence[LinePattern] | None = None,
        candidates: Collection[int] | None = None,
        pattern_lines: Sequence[Collection[int] | None] | None = None,
    ) -> list[Finding]:
        """Findings on `text`. The keywords are for the gated engine (`textclean.compiled`):
        a shared `table` of the text's lines, which parts of the rule can match at all
        (`phrases`, and the subset of `patterns` whose required literals occur), which lines
        can (`candidates`, indexes into the table; None: any), and, one per pattern, the
        lines that pattern can match (`pattern_lines`; None: any)."""
        spec: LineSpec = self.spec
        if table is None or table.text is not text:
            table = LineTable(text)
        lines = table.lines
        phrase_set = self.phrase_set if phrases else frozenset()
        compiled = self.compiled if patterns is None else patterns
        where: Sequence[Collection[int] | None] = (
            [None] * len(compiled) if pattern_lines is None else pattern_lines
        )
        # NOTE: one search per line, so the budget is a deadline for the whole document;
        # a fresh timeout per call would let a slow pattern run for lines x timeout.
        deadline = time.monotonic() + timeout
        out = []
        if candidates is None:
            eligible = self.eligible_lines(table)
        elif spec.position == "anywhere":
            eligible = sorted(i for i in candidates if not lines[i].blank)
        else:
            eligible = [i for i in self.eligible_lines(table) if i in candidates]
        for i in eligible:
            if spec.max_words is not None and not table.at_most(i, spec.max_words):
                continue
            hit = bool(phrase_set) and table.key(i) in phrase_set
            if not hit and compiled:
                body = table.body(i)
                hit = any(
                    p.search(body, timeout=_left(deadline))
                    for p, at in zip(compiled, where, strict=True)
                    if at is None or i in at
                )
            if not hit:
                continue
            line = lines[i]
            body = table.body(i)
            lead = len(body) - len(body.lstrip())
            trail = len(body.rstrip())
            span = Span(line.start + lead, line.start + max(trail, lead))
            edits = None
            message = at_most = None
            if spec.fix is not None:
                edits = (Edit(line_deletion(text, lines, i), ""),)
                if self.safety is Safety.SAFE and paragraph_view(text).wrapped[i]:
                    # A piece of a hard-wrapped sentence (`requests for` / `comment.`) is
                    # judged inside its paragraph: never deleted by a safe fix.
                    message, at_most = self.message + WRAPPED_NOTE, Safety.UNSAFE
            out.append(self._finding(span, edits, message, at_most))
        return out


@dataclass(frozen=True, eq=False)
class RepairRule(Rule):
    """A built-in repair finds the artifact and proposes the edits."""

    kind: ClassVar[str] = "repair"

    def find(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        spec: RepairSpec = self.spec
        finder = REPAIRS[spec.repair].finder
        assert finder is not None
        return [
            self._finding(hit.span, hit.edits or None, hit.message, hit.at_most)
            for hit in finder(text, **spec.params)
        ]


@dataclass(frozen=True, eq=False)
class MetricRule(Rule):
    """A document-level measure outside [min, max] is one finding over the whole text."""

    kind: ClassVar[str] = "metric"

    def find(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        spec: MetricSpec = self.spec
        if spec.max is None and spec.min is not None and spec.metric in UP_TO:
            value = UP_TO[spec.metric](text, spec.min)  # exact below the minimum
        else:
            value = METRICS[spec.metric](text)
        if spec.min is not None and value < spec.min:
            bound = f"below the minimum {spec.min:g}"
        elif spec.max is not None and value > spec.max:
            bound = f"above the maximum {spec.max:g}"
        else:
            return []
        return [self._finding(Span(0, len(text)), None, f"{self.message}: {spec.metric} = {value:.3g}, {bound}")]


KIND_CLASSES: dict[str, type[Rule]] = {
    "pattern": PatternRule,
    "swap": SwapRule,
    "line": LineRule,
    "repair": RepairRule,
    "metric": MetricRule,
}
