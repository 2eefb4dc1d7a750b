"""What every rule kind shares: the `Rule` base class (the protocol a kind implements), the
regex cache and the per-document regex timeout.

A kind is one module of `textclean.rules.kinds` holding its spec model (a `RuleBase` subclass
with a `kind: Literal[...]` field), its `Rule` subclass and, on that class, its semantic check
(`check`) and how a compiled ruleset plans it (`core_slot`, `gate`); the package's `KINDS`
registers it. A kind whose rules one of the core's matchers runs declares that matcher's
`CoreSlot` in its own module. Every regex call a kind makes runs with a timeout.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, Self, get_args, get_origin

import regex
from typing_extensions import TypeVar

from textclean.model import Edit, Finding, Fix, Level, Safety, Span
from textclean.repairs import REPAIRS
from textclean.rules.risk import backtracking_risk
from textclean.rules.schema import RuleBase

DEFAULT_REGEX_TIMEOUT = 2.0  # seconds for one regex call on one document


class Found(Protocol):
    """What one of the core's matchers found for one rule on one text."""

    def findings(self, text: str, timeout: float = ...) -> list[Finding]:
        """The rule's findings on `text` (TimeoutError: the core gave up on it)."""
        ...


class Matcher(Protocol):
    """One of the core's matchers for some rules on their own (`LineRules`, `PatternRules`)."""

    @property
    def engines(self) -> Sequence[str]:
        """What runs each rule on a text (`Rule.engine`)."""
        ...

    def find(self, text: str, select: Sequence[bool] | None = None) -> Mapping[int, Found]:
        """What it found on `text` for the rules `select` flags (all, for None), by rule number."""
        ...


M = TypeVar("M", bound=Matcher)


@dataclass(frozen=True)
class CoreSlot(Generic[M]):
    """One of the core's matchers, which a compiled ruleset runs for all its rules in one scan
    of a text (`_core.Scan`: its `SLOTS` name them, in the order it takes them).

    The kind whose rules it matches declares it in its own module and gives it as its rules'
    `core_slot`, with each rule as the matcher takes it (`core_spec`); the compiled ruleset
    names no slot. `found` turns what the scan found for the slot (its part of `Scan.find`'s
    result) into a `Found` by rule number among the slot's rules; `make` builds the slot's
    matcher of some rules on their own (`matcher`).
    """

    name: str
    make: Callable[[tuple[Any, ...]], M]
    found: Callable[[Sequence[Any], Any], Mapping[int, Found]]

    def matcher(self, rules: Iterable[Any]) -> M:
        """The slot's matcher of `rules` alone, built once per process: a rule's own `find`
        runs it, and a compiled ruleset for a text that cannot cross into the core whole (a
        lone surrogate), which the matcher knows how to stand in for."""
        matcher: M = _matcher(self.make, tuple(rules))
        return matcher


@functools.lru_cache(maxsize=512)
def _matcher(make: Callable[[tuple[Any, ...]], Any], rules: tuple[Any, ...]) -> Any:
    return make(rules)


@dataclass(slots=True)
class CoreFound:
    """What one of the core's matchers found for one rule on one text: call `findings`. A kind
    gives `found` (the findings of what was found); `timed_out`: the core gave up on the rule
    (past its backtrack limit), and `findings` raises TimeoutError, as a regex past its
    timeout does."""

    rule: Any
    timed_out: bool = False

    def findings(self, text: str, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        if self.timed_out:
            raise TimeoutError("backtrack limit")
        return self.found(text, timeout)

    def found(self, text: str, timeout: float) -> list[Finding]:
        raise NotImplementedError

    @classmethod
    def gave_up(cls, rules: Sequence[Any], numbers: Iterable[int]) -> dict[int, Self]:
        """By rule number, the rules the core gave up on."""
        return {n: cls(rules[n], timed_out=True) for n in numbers}


class SpecProblems:
    """Where a kind's `check` says what is wrong with a spec pydantic accepted: each problem at
    the YAML position of `loc`, a path of keys inside the rule (`("fix", "replace")`)."""

    def __init__(self, code: str, report: Callable[[tuple[Any, ...], str, bool], None]) -> None:
        self.code = code
        self._report = report

    def __call__(self, loc: tuple[Any, ...], message: str, *, warn: bool = False) -> None:
        """A problem (the rule is not loaded), or with `warn` a warning (it is)."""
        self._report(loc, message, warn)

    def regex(self, pattern: str, loc: tuple[Any, ...]) -> None:
        """The pattern at `loc` must compile; a shape that may backtrack catastrophically is a
        warning."""
        try:
            regex.compile(pattern)
        except regex.error as exc:
            at: int | None = getattr(exc, "pos", None)  # not in the regex module's stubs
            pos = f" at position {at}" if at is not None else ""
            self(loc, f"regex does not compile: {getattr(exc, 'msg', exc)}{pos}")
            return
        risk = backtracking_risk(pattern)
        if risk:
            self(loc, f"{self.code}: regex may backtrack catastrophically ({risk}); "
                      "it runs with a timeout, but consider rewriting it", warn=True)


def unknown_repair(name: str, *, transform: bool) -> str:
    """The problem of a rule naming a repair that does not exist (or lacks the part it needs:
    a transform for a pattern rule's `fix.repair`, a finder for a repair rule)."""
    kind = "transform" if transform else "finder"
    known = sorted(
        n for n, r in REPAIRS.items() if (r.transform if transform else r.finder) is not None
    )
    hint = "a pattern rule's fix.repair" if transform else "a repair rule"
    return f"unknown repair {name!r} for {hint} (needs a {kind}); known: {', '.join(known)}"


# The spec model of a rule kind; a plain `Rule` is one of any kind (covariant: a rule is
# frozen, so a `Rule[LineSpec]` is a `Rule`).
SpecT = TypeVar("SpecT", bound=RuleBase, default=RuleBase, covariant=True)


@dataclass(frozen=True, eq=False)
class Rule(Generic[SpecT]):
    """A validated, compiled rule. `spec` is the rule file's content; the file is its doc.

    A kind subclasses it over its spec model (`class LineRule(Rule[LineSpec])`), which sets
    `spec_model` and `kind` (the model's `kind: Literal[...]` value, its YAML `kind:`); it
    implements `find` and `describe`, and where it needs to, `check`, `core_slot`, `core_spec`,
    `gate` and `fix_find`.
    """

    spec: SpecT
    path: str = "<memory>"
    line: int = 1
    kind: ClassVar[str] = ""
    spec_model: ClassVar[type[RuleBase]] = RuleBase

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for base in cls.__dict__.get("__orig_bases__", ()):
            origin = get_origin(base)
            (model, *_) = get_args(base) or (None,)
            if isinstance(origin, type) and issubclass(origin, Rule) and isinstance(model, type) \
                    and issubclass(model, RuleBase):
                cls.spec_model = model
                (cls.kind,) = get_args(model.model_fields["kind"].annotation)

    @classmethod
    def check(cls, spec: Any, problems: SpecProblems) -> None:
        """What pydantic cannot check in a spec of this kind (regexes compile, repairs exist,
        params fit), said to `problems`. The loader calls it before building the rule."""

    @property
    def core_slot(self) -> CoreSlot[Any] | None:
        """Which of the core's matchers (a `CoreSlot` its kind declares) finds this rule's hits
        in a compiled ruleset's scan, given `core_spec`; None: the ruleset calls its `find`
        (behind `gate`)."""
        return None

    @property
    def core_spec(self) -> Any:
        """The rule as its core slot's matcher takes it (None outside the core)."""
        return None

    def describe(self) -> list[str]:
        """What the rule finds, in Markdown paragraphs: the "What it finds" section of its
        documentation page (docs/generate.py)."""
        return []

    def fix_find(self, allow: Safety) -> Callable[..., list[Finding]] | None:
        """For a fix pass that applies fixes at least as safe as `allow`: a call like `find`
        that may leave out the findings such a pass cannot apply (a less safe fix, or none),
        where that saves work; None (the default): the pass calls `find`. When a pass fixes
        nothing, the engine calls `find` on its text for the findings it reports. The answer
        must depend only on the rule and `allow`: the compiled rules keep it
        (`CompiledRules.fix_finds`)."""
        return None

    def gate(self) -> Callable[[str], bool] | None:
        """For a rule outside the core's scan: a cheap test of whether it can fire on a text
        (False: the compiled ruleset leaves it out of the plan). None: it always runs."""
        return None

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

    @functools.cached_property
    def engine(self) -> str:
        """What runs this rule on a text: "rust" (the core), "fancy" (the core's backtracking
        engine, for look-around) or "python" (outside the core, or a pattern only Python's
        `regex` reads)."""
        slot = self.core_slot
        return "python" if slot is None else slot.matcher((self,)).engines[0]

    def find(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        """The rule's findings on `text`. A rule of one of the core's slots runs the slot's
        matcher of itself alone; a kind outside the core implements it."""
        slot = self.core_slot
        if slot is None:
            raise NotImplementedError
        found = slot.matcher((self,)).find(text)
        return found[0].findings(text, timeout) if found else []

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


__all__ = ["DEFAULT_REGEX_TIMEOUT", "CoreFound", "CoreSlot", "Found", "Matcher", "Rule", "SpecProblems", "compile_regex",
           "unknown_repair"]
