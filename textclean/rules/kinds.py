"""The closed set of rule kinds: pattern, swap, line, repair, metric.

Each kind turns a validated spec (`textclean.rules.schema`) into a :class:`Rule` whose `find()`
returns Findings with spans and fixes. Adding a kind is a code change with its own tests;
adding a rule is a data change. Every regex call here runs with a timeout.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import regex

from textclean import _core
from textclean.model import Edit, Finding, Fix, Level, Safety, Span
from textclean.repairs import REPAIRS
from textclean.repairs.core import (
    Param,
    RawHit,
    core_finder,
    hits_of,
    on_text,
    param_key,
    without_surrogates,
)
from textclean.repairs.metrics import METRICS, UP_TO
from textclean.rules.schema import LineSpec, MetricSpec, PatternSpec, RepairSpec, SwapSpec
from textclean.text.lines import Line, split_lines
from textclean.text.paragraphs import WRAPPED_NOTE

DEFAULT_REGEX_TIMEOUT = 2.0  # seconds for one regex call on one document

# Where a line rule's finding is: (start, end, deletion start, deletion end, wrapped), the
# core's `line_places`.
Place = tuple[int, int, int, int, bool]


@dataclass(frozen=True, eq=False)
class Rule:
    """A validated, compiled rule. `spec` is the rule file's content; the file is its doc."""

    spec: Any
    path: str = "<memory>"
    line: int = 1
    kind: ClassVar[str] = ""

    # Worked out once per rule (the spec of a rule never changes): every finding reads them.
    @functools.cached_property
    def code(self) -> str:
        return str(self.spec.code)

    @property
    def name(self) -> str:
        return str(self.spec.name)

    @functools.cached_property
    def level(self) -> Level:
        return Level(self.spec.level)

    @functools.cached_property
    def safety(self) -> Safety | None:
        """The safety of this rule's fixes, or None when it only reports."""
        return None if self.spec.fix is None else Safety(self.spec.fix.safety)

    @functools.cached_property
    def message(self) -> str:
        return str(self.spec.message or self.spec.summary)

    @property
    def engine(self) -> str:
        """What runs this rule on a text: "rust" (the core), "fancy" (the core's backtracking
        engine, for look-around) or "python"."""
        return "python"

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
    """Each match of `pattern` (or of its `group`) is a finding.

    The core finds the matches (`PatternRules`, every pattern rule of a ruleset in one call
    per text); a pattern its engines cannot read the way Python's `regex` does runs here.
    """

    kind: ClassVar[str] = "pattern"
    compiled: regex.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", compile_regex(self.spec.pattern))

    @property
    def core_spec(self) -> tuple[str, int]:
        """The rule as the core's `PatternRules` takes it: (pattern, group number)."""
        group = self.spec.group
        return (self.spec.pattern, group if isinstance(group, int) else self.compiled.groupindex[group])

    @functools.cached_property
    def engine(self) -> str:
        return pattern_rules((self,)).engines[0]

    def find(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        found = pattern_rules((self,)).find(text)
        return found[0].findings(text, timeout) if found else []

    def python_find(self, text: str, timeout: float) -> list[Finding]:
        """The findings as Python's `regex` finds them, for a pattern the core leaves here."""
        return self._findings(text, self._python_matches(text, timeout), timeout)

    def _python_matches(self, text: str, timeout: float) -> list[tuple[int, int, int]]:
        group = self.spec.group
        out = []
        for m in self.compiled.finditer(text, timeout=timeout):
            start, end = m.span(group)
            if start >= 0:  # else the group did not take part in this match
                out.append((m.start(), start, end))
        return out

    def _findings(
        self, text: str, matches: Sequence[tuple[int, int, int]], timeout: float
    ) -> list[Finding]:
        """Findings on `matches`: (match start, group start, group end) of each match."""
        spec: PatternSpec = self.spec
        group = spec.group
        fix = spec.fix
        transform = REPAIRS[fix.repair].transform if fix and fix.repair else None
        template = fix.replace if fix is not None else None
        literal = template is not None and "\\" not in template
        out = []
        for at, start, end in matches:
            span = Span(start, end)
            edits: tuple[Edit, ...] | None = None
            if fix is not None:
                if literal:
                    new = template
                elif template is not None:
                    # NOTE: the match the core found, read again by Python at its start (the
                    # same match: matches are never empty), so the template expands as
                    # Python's `regex` expands it.
                    m = self.compiled.match(text, pos=at, timeout=timeout)
                    if m is None or m.span(group) != (start, end):
                        raise AssertionError(f"{self.code}: the core and Python disagree at {at}")
                    new = m.expand(template)
                elif transform is not None:
                    new = transform(text[start:end])
                else:
                    new = None
                if new is not None and new != text[start:end]:
                    edits = (Edit(span, new),)
            out.append(self._finding(span, edits))
        return out

    def findings(
        self, text: str, matches: Sequence[tuple[int, int, int]] | None, timeout: float
    ) -> list[Finding]:
        """Findings on the matches the core found (None: Python finds them)."""
        if matches is None:
            return self.python_find(text, timeout)
        return self._findings(text, matches, timeout)


@dataclass(frozen=True, eq=False)
class SwapRule(Rule):
    """Each occurrence of a key of `swap` is a finding, fixed by its value.

    The keys become one pattern, matched by the core like a pattern rule's.
    """

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

    @property
    def core_spec(self) -> tuple[str, int]:
        pattern = self.compiled.pattern
        return (f"(?i)(?:{pattern})" if self.spec.ignore_case else pattern, 0)

    @functools.cached_property
    def engine(self) -> str:
        return pattern_rules((self,)).engines[0]

    def find(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        found = pattern_rules((self,)).find(text)
        return found[0].findings(text, timeout) if found else []

    def python_find(self, text: str, timeout: float) -> list[Finding]:
        matches = [(m.start(), *m.span()) for m in self.compiled.finditer(text, timeout=timeout)]
        return self._findings(text, matches)

    def _findings(self, text: str, matches: Sequence[tuple[int, int, int]]) -> list[Finding]:
        fold = str.casefold if self.spec.ignore_case else None
        out = []
        for _, start, end in matches:
            old = text[start:end]
            new = self.lookup[fold(old) if fold else old]
            span = Span(start, end)
            edits = (Edit(span, new),) if self.spec.fix is not None else None
            out.append(self._finding(span, edits, f"{self.message}: {old!r} -> {new!r}"))
        return out

    def findings(
        self, text: str, matches: Sequence[tuple[int, int, int]] | None, timeout: float
    ) -> list[Finding]:
        if matches is None:
            return self.python_find(text, timeout)
        return self._findings(text, matches)


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


def line_deletion(text: str, lines: list[Line], i: int) -> Span:
    """The span to delete so line `i` (of `lines`, the text's `split_lines`) goes away with no
    gap or glue left behind (the core's `line_places`).

    A line that stands as its own paragraph (blank line or edge on both sides) takes one
    neighbouring blank line with it, so `a\\n\\nAD\\n\\nb` becomes `a\\n\\nb`. The last line
    takes the terminator before it, so a text without a final newline keeps having none.
    """
    _, _, start, end, _ = on_text(_core.line_places, text, [i])[0]
    return Span(start, end)


def _left(deadline: float) -> float:
    """Seconds left before `deadline`; raises TimeoutError, as `regex` does, once it passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("regex timed out")
    return left


@dataclass(frozen=True, eq=False)
class LineRule(Rule):
    """A line that is one of `phrases`, or matches one of `patterns`, is a finding.

    The core matches line rules (`LineRules`, one pass per text for every line rule of a
    ruleset); a rule's own `find` runs it alone the same way.
    """

    kind: ClassVar[str] = "line"
    phrase_set: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        spec: LineSpec = self.spec
        object.__setattr__(self, "phrase_set", frozenset(normalise_phrase(p) for p in spec.phrases))

    @property
    def core_spec(self) -> tuple[list[str], list[str], str, int, int | None]:
        """The rule as the core's `LineRules` takes it."""
        spec: LineSpec = self.spec
        return (
            sorted(self.phrase_set),
            list(spec.patterns),
            spec.position,
            spec.window,
            spec.max_words,
        )

    @functools.cached_property
    def engine(self) -> str:
        return line_rules((self,)).engines[0]

    @functools.cached_property
    def python_patterns(self) -> tuple[regex.Pattern[str], ...]:
        """The patterns as Python's `regex` reads them: for the lines the core hands back."""
        return tuple(compile_regex(p) for p in self.spec.patterns)

    def find(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        found = line_rules((self,)).find(text)
        return found[0].findings(text, timeout) if found else []

    def findings(
        self,
        text: str,
        hit: Iterable[int],
        deferred: Sequence[int],
        timeout: float,
        places: Sequence[Place] | None = None,
    ) -> list[Finding]:
        """Findings on the lines of `text` the core matched (`hit`, indexes of `split_lines`)
        and on those of `deferred` that one of the rule's patterns matches in Python; `places`:
        the core's `line_places` of `hit`, if it gave them."""
        hit = list(hit)
        if deferred:
            lines = split_lines(text)
            # NOTE: one search per line, so the budget is a deadline for the whole document;
            # a fresh timeout per call would let a slow pattern run for lines x timeout.
            deadline = time.monotonic() + timeout
            patterns = self.python_patterns
            for i in deferred:
                body = lines[i].body
                if any(p.search(body, timeout=_left(deadline)) for p in patterns):
                    hit.append(i)
            hit.sort()
            places = None
        if places is None:
            places = on_text(_core.line_places, text, hit)
        spec: LineSpec = self.spec
        out = []
        for start, end, delete_start, delete_end, wrapped in places:
            span = Span(start, end)
            edits = None
            message = at_most = None
            if spec.fix is not None:
                edits = (Edit(Span(delete_start, delete_end), ""),)
                if self.safety is Safety.SAFE and wrapped:
                    # A piece of a hard-wrapped sentence (`requests for` / `comment.`) is
                    # judged inside its paragraph: never deleted by a safe fix.
                    message, at_most = self.message + WRAPPED_NOTE, Safety.UNSAFE
            out.append(self._finding(span, edits, message, at_most))
        return out


@dataclass(slots=True)
class LineFound:
    """What the core found for one line rule on one text: call `findings` for its findings."""

    rule: LineRule
    hit: list[int] = field(default_factory=list)  # line indexes (of `split_lines`)
    deferred: list[int] = field(default_factory=list)  # lines Python's `regex` decides
    timed_out: bool = False
    places: list[Place] | None = None  # the core's places of `hit`, if it gave them

    def findings(self, text: str, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        if self.timed_out:
            raise TimeoutError("backtrack limit")
        return self.rule.findings(text, self.hit, self.deferred, timeout, self.places)


class LineRules:
    """Line rules matched by the core (`textclean._core.LineRules`): one pass over a text
    finds the lines of every rule, with the GIL released."""

    def __init__(self, rules: Sequence[LineRule]) -> None:
        self.rules = tuple(rules)
        self.core = _core.LineRules([r.core_spec for r in self.rules])
        order = ("rust", "fancy", "python")
        self.engines = [
            max(kinds, key=order.index, default="rust") for kinds in self.core.engines()
        ]

    def find(self, text: str, select: Sequence[bool] | None = None) -> dict[int, LineFound]:
        """By rule number (in `rules`), what the core found for the rules that `select` flags
        (all, for None) and that have anything on `text`."""
        mask = None if select is None else list(select)
        try:
            found = self.core.find(text, mask)
        except UnicodeEncodeError:
            # A lone surrogate cannot cross into the core. U+0378 stands in for it: a character
            # the core leaves to Python, so every pattern of such a line runs on the real text.
            found = self.core.find(without_surrogates(text, "\u0378"), mask)
        return line_found(self.rules, found)


def line_found(
    rules: Sequence[LineRule],
    found: tuple[list[tuple[int, int]], list[tuple[int, int]], list[int]],
    places: Sequence[Place] | None = None,
) -> dict[int, LineFound]:
    """What the core found (`_core.LineRules.find`), by rule number in `rules`; `places`, the
    place of each hit (`_core.Scan.find` gives them)."""
    hits, deferred, timed_out = found
    out: dict[int, LineFound] = {}
    for k, (n, i) in enumerate(hits):
        got = out.get(n)
        if got is None:
            got = out[n] = LineFound(rules[n], places=[] if places is not None else None)
        got.hit.append(i)
        if places is not None:
            got.places.append(places[k])  # type: ignore[union-attr]
    for n, i in deferred:
        got = out.get(n)
        if got is None:
            got = out[n] = LineFound(rules[n])
        got.deferred.append(i)
    for n in timed_out:
        out[n] = LineFound(rules[n], timed_out=True)
    return out


@functools.lru_cache(maxsize=256)
def line_rules(rules: tuple[LineRule, ...]) -> LineRules:
    """The core's matcher of these line rules, built once per process."""
    return LineRules(rules)


@dataclass(slots=True)
class PatternFound:
    """What the core found for one pattern or swap rule on one text: call `findings`."""

    rule: PatternRule | SwapRule
    matches: list[tuple[int, int, int]] | None = None  # None: Python's `regex` finds them
    timed_out: bool = False

    def findings(self, text: str, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        if self.timed_out:
            raise TimeoutError("backtrack limit")
        return self.rule.findings(text, self.matches, timeout)


class PatternRules:
    """Pattern and swap rules matched by the core (`textclean._core.PatternRules`): one call
    per text finds the matches of every rule, with the GIL released."""

    def __init__(self, rules: Sequence[PatternRule | SwapRule]) -> None:
        self.rules = tuple(rules)
        self.core = _core.PatternRules([r.core_spec for r in self.rules])
        self.engines = self.core.engines()

    def find(self, text: str, select: Sequence[bool] | None = None) -> dict[int, PatternFound]:
        """By rule number (in `rules`), what the core found for the rules that `select` flags
        (all, for None) and that have anything on `text`."""
        mask = None if select is None else list(select)
        rules = self.rules
        try:
            found = self.core.find(text, mask)
        except UnicodeEncodeError:
            # A lone surrogate cannot cross into the core: Python runs every rule.
            chosen = range(len(rules)) if mask is None else [n for n, on in enumerate(mask) if on]
            return {n: PatternFound(rules[n]) for n in chosen}
        return pattern_found(rules, found)


def pattern_found(
    rules: Sequence[PatternRule | SwapRule],
    found: tuple[list[tuple[int, list[tuple[int, int, int]]]], list[int], list[int]],
) -> dict[int, PatternFound]:
    """What the core found (`_core.PatternRules.find`), by rule number in `rules`."""
    hits, python, timed_out = found
    out = {n: PatternFound(rules[n], matches) for n, matches in hits}
    for n in python:
        out[n] = PatternFound(rules[n])
    for n in timed_out:
        out[n] = PatternFound(rules[n], timed_out=True)
    return out


@functools.lru_cache(maxsize=256)
def pattern_rules(rules: tuple[PatternRule | SwapRule, ...]) -> PatternRules:
    """The core's matcher of these pattern and swap rules, built once per process."""
    return PatternRules(rules)


@dataclass(frozen=True, eq=False)
class RepairRule(Rule):
    """A built-in repair finds the artifact and proposes the edits."""

    kind: ClassVar[str] = "repair"

    @property
    def engine(self) -> str:
        return "rust" if self.core_spec is not None else "python"

    @functools.cached_property
    def core_spec(self) -> tuple[str, tuple[tuple[str, Param], ...]] | None:
        """The rule's finder as the core takes it, (name, parameters); None: Python runs it."""
        spec: RepairSpec = self.spec
        if spec.repair not in _core.finder_names():
            return None
        return (spec.repair, param_key(spec.params))

    def find(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        spec: RepairSpec = self.spec
        if self.core_spec is not None:
            return self.findings(on_text(core_finder(*self.core_spec).find, text))
        finder = REPAIRS[spec.repair].finder
        assert finder is not None
        return [
            self._finding(hit.span, hit.edits or None, hit.message, hit.at_most)
            for hit in finder(text, **spec.params)
        ]

    def findings(self, raw: Iterable[RawHit]) -> list[Finding]:
        """Findings on the hits the core's finder found."""
        return [
            self._finding(hit.span, hit.edits or None, hit.message, hit.at_most)
            for hit in hits_of(raw)
        ]


@dataclass(frozen=True, eq=False)
class MetricRule(Rule):
    """A document-level measure outside [min, max] is one finding over the whole text."""

    kind: ClassVar[str] = "metric"

    @property
    def engine(self) -> str:
        return "rust"  # every metric of `textclean.repairs.metrics` runs in the core

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
