"""The `pattern` kind: each match of a regex (or of one of its groups) is a finding.

Also the core's matcher of pattern-like rules (`PatternRules`: every pattern and swap rule of a
ruleset in one call per text), which the `swap` kind shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Annotated, Literal

import regex
from pydantic import Field

from textclean import _core
from textclean.model import Edit, Finding, Span
from textclean.repairs import REPAIRS
from textclean.rules.kinds.base import (
    CoreFound,
    CoreSlot,
    Rule,
    SpecProblems,
    SpecT,
    compile_regex,
    unknown_repair,
)
from textclean.rules.schema import RuleBase


class PatternSpec(RuleBase):
    """A regex (`regex` module syntax); each match is a finding."""

    kind: Literal["pattern"]
    pattern: Annotated[str, Field(min_length=1)]
    group: int | str = 0  # the group whose span is the finding (and what the fix replaces)

    refused_fix = (("delete",), "`delete: line` is for line rules; use `replace: ''` here")


@dataclass(frozen=True, eq=False)
class PatternLikeRule(Rule[SpecT]):
    """A rule the core's `PatternRules` matches (the "pattern" slot of a compiled ruleset):
    the `pattern` and `swap` kinds. A subclass gives `core_spec`, (pattern, group number),
    `_findings` on the matches the core found and `python_find` for a pattern the core's
    engines leave to Python's `regex`."""

    @property
    def core_slot(self) -> CoreSlot[PatternRules]:
        return PATTERN_SLOT

    @property
    def core_spec(self) -> tuple[str, int] | tuple[str, int, CoreTemplate | None]:
        raise NotImplementedError

    def findings(
        self,
        text: str,
        matches: Sequence[tuple[int, int, int]] | None,
        timeout: float,
        news: Sequence[str] | None = None,
    ) -> list[Finding]:
        """Findings on the matches the core found (None: Python finds them); `news`, the
        replacement of each match where the core expanded the rule's template."""
        if matches is None:
            return self.python_find(text, timeout)
        return self._findings(text, matches, timeout, news)

    def python_find(self, text: str, timeout: float) -> list[Finding]:
        """The findings as Python's `regex` finds them, for a pattern the core leaves here."""
        raise NotImplementedError

    def _findings(
        self,
        text: str,
        matches: Sequence[tuple[int, int, int]],
        timeout: float,
        news: Sequence[str] | None = None,
    ) -> list[Finding]:
        """Findings on `matches`: (match start, group start, group end) of each match; `news`,
        the rule's template expanded on each by the core (None: it did not)."""
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class PatternRule(PatternLikeRule[PatternSpec]):
    """Each match of `pattern` (or of its `group`) is a finding.

    The core finds the matches (`PatternRules`, every pattern rule of a ruleset in one call
    per text); a pattern its engines cannot read the way Python's `regex` does runs here.
    """

    compiled: regex.Pattern[str] = field(init=False)

    def describe(self) -> list[str]:
        pattern = self.spec.pattern
        longest = max((len(m) for m in regex.findall(r"`+", pattern)), default=0)
        ticks = "`" * max(3, longest + 1)  # a fence that holds the pattern's own backticks
        return [f"Each match of the pattern\n\n{ticks}\n{pattern}\n{ticks}\n"]

    @classmethod
    def check(cls, spec: PatternSpec, problems: SpecProblems) -> None:
        problems.regex(spec.pattern, ("pattern",))
        if spec.fix is not None and spec.fix.repair is not None:
            repair = REPAIRS.get(spec.fix.repair)
            if repair is None or repair.transform is None:
                problems(("fix", "repair"), unknown_repair(spec.fix.repair, transform=True))
        if spec.fix is not None and spec.fix.replace is not None:
            try:
                check_template(regex.compile(spec.pattern), spec.fix.replace)
            except (regex.error, IndexError) as exc:
                problems(("fix", "replace"), f"bad replacement template: {exc}")
        if isinstance(spec.group, str) or spec.group:
            try:
                compiled = regex.compile(spec.pattern)
                names = compiled.groupindex
                if (isinstance(spec.group, str) and spec.group not in names) or (
                    isinstance(spec.group, int) and spec.group > compiled.groups
                ):
                    problems(("group",), f"pattern has no group {spec.group!r}")
            except regex.error:
                pass

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", compile_regex(self.spec.pattern))

    @property
    def core_spec(self) -> tuple[str, int, CoreTemplate | None]:
        """The rule as the core's `PatternRules` takes it: (pattern, group number, the
        replacement template for the core to expand, if it can)."""
        group = self.spec.group
        fix = self.spec.fix
        template = fix.replace if fix is not None else None
        return (
            self.spec.pattern,
            group if isinstance(group, int) else self.compiled.groupindex[group],
            core_template(self.compiled, template) if template and "\\" in template else None,
        )

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
        self,
        text: str,
        matches: Sequence[tuple[int, int, int]],
        timeout: float,
        news: Sequence[str] | None = None,
    ) -> list[Finding]:
        spec: PatternSpec = self.spec
        group = spec.group
        fix = spec.fix
        transform = REPAIRS[fix.repair].transform if fix and fix.repair else None
        template = fix.replace if fix is not None else None
        literal = template is not None and "\\" not in template
        out = []
        for n, (at, start, end) in enumerate(matches):
            span = Span(start, end)
            edits: tuple[Edit, ...] | None = None
            if fix is not None:
                if literal:
                    new = template
                elif news is not None:
                    new = news[n]
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


@dataclass(slots=True)
class PatternFound(CoreFound):
    """What the core found for one pattern or swap rule on one text: call `findings`."""

    matches: list[tuple[int, int, int]] | None = None  # None: Python's `regex` finds them
    news: list[str] | None = None  # the core's expansion of the rule's template on each match

    def found(self, text: str, timeout: float) -> list[Finding]:
        rule: PatternLikeRule = self.rule
        return rule.findings(text, self.matches, timeout, self.news)


class PatternRules:
    """Pattern and swap rules matched by the core (`textclean._core.PatternRules`): one call
    per text finds the matches of every rule, with the GIL released."""

    def __init__(self, rules: Sequence[PatternLikeRule]) -> None:
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
    rules: Sequence[PatternLikeRule],
    found: tuple[
        list[tuple[int, list[tuple[int, int, int]], list[str] | None]], list[int], list[int]
    ],
) -> dict[int, PatternFound]:
    """What the core found (`_core.PatternRules.find`), by rule number in `rules`."""
    hits, python, timed_out = found
    out = {n: PatternFound(rules[n], matches=matches, news=news) for n, matches, news in hits}
    if python:
        out.update((n, PatternFound(rules[n])) for n in python)
    if timed_out:
        out.update(PatternFound.gave_up(rules, timed_out))
    return out


# The slot of the core's scan that matches pattern and swap rules.
PATTERN_SLOT = CoreSlot("pattern", PatternRules, pattern_found)


# A replacement template as the core expands it: ([(text, group number), ...], tail text).
CoreTemplate = tuple[list[tuple[str, int]], str]

# What the core expands of a template: a group by number (one digit, as a longer number may
# read as octal) or by `\g<...>`; any other backslash leaves the template to Python.
_TEMPLATE_GROUP = regex.compile(r"\\(?:([1-9])(?![0-9])|g<([0-9]+|[^\W\d]\w*)>)")


def core_template(compiled: regex.Pattern[str], template: str) -> CoreTemplate | None:
    """`template` as the core expands it, exactly as `Match.expand` does, or None where it
    holds anything but literal text and group references (or a group the pattern lacks)."""
    pieces = []
    at = 0
    for m in _TEMPLATE_GROUP.finditer(template):
        text = template[at:m.start()]
        ref = m.group(1) or m.group(2)
        number = int(ref) if ref.isascii() and ref.isdigit() else compiled.groupindex.get(ref)
        if "\\" in text or number is None or number > compiled.groups:
            return None
        pieces.append((text, number))
        at = m.end()
    tail = template[at:]
    return None if "\\" in tail else (pieces, tail)


def check_template(compiled: regex.Pattern[str], template: str) -> None:
    """Raise if the replacement template refers to a group the pattern lacks."""
    for m in regex.finditer(r"\\(\d+)|\\g<([^>]+)>", template):
        ref = m.group(1) or m.group(2)
        if ref.isdigit():
            if int(ref) > compiled.groups:
                raise regex.error(f"no group {ref} in pattern")
        elif ref not in compiled.groupindex:
            raise regex.error(f"no group named {ref!r} in pattern")


__all__ = ["PATTERN_SLOT", "PatternFound", "PatternLikeRule", "PatternRule", "PatternRules",
           "PatternSpec", "check_template", "core_template", "pattern_found"]
