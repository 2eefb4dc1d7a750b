"""The `line` kind: a line that is one of some phrases, or matches one of some patterns, is a
finding; its fix deletes the line.

Also the core's matcher of line rules (`LineRules`, one pass per text for every line rule of a
ruleset). A line's phrase key is `textclean.text.phrases.normalise_phrase`; its lines are
`textclean.text.lines.split_lines`.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Literal

import regex
from pydantic import Field, field_validator, model_validator

from textclean import _core
from textclean.model import Edit, Finding, Safety, Span
from textclean.rules.kinds.base import CoreFound, CoreSlot, Rule, SpecProblems, compile_regex
from textclean.rules.schema import RuleBase, StrictModel
from textclean.text.crossing import on_text, without_surrogates
from textclean.text.lines import split_lines
from textclean.text.paragraphs import HEADING_NOTE, WRAPPED_NOTE, no_prose_above, paragraph_view
from textclean.text.phrases import normalise_phrase

# Where a line rule's finding is: (start, end, deletion start, deletion end, wrapped), the
# core's `line_places`.
Place = tuple[int, int, int, int, bool]


class ExtractSpec(StrictModel):
    """`--extract-metadata`: a line this rule finds is metadata, moved into a field of the
    record (JSONL input) instead of being reported."""

    field: Annotated[str, Field(min_length=1)]  # the record's field, e.g. `byline`
    label: str | None = None  # a regex; what it matches at the line's start is not the value
    # `line`: the line without its label; `url`: the first URL in the line, or a URL alone on
    # the next non-blank line (both lines move)
    value: Literal["line", "url"] = "line"

    @field_validator("label")
    @classmethod
    def _label_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                regex.compile(value)
            except regex.error as exc:
                raise ValueError(f"label is not a valid regex: {exc}") from exc
        return value


class LineSpec(RuleBase):
    """A line that is entirely one of `phrases`, or matches one of `patterns`, is a finding.

    Phrases are compared after folding case and whitespace and dropping edge punctuation, so
    `Post Comment`, `post comment:` and `  POST  COMMENT ` all match `post comment`.
    """

    kind: Literal["line"]
    phrases: list[Annotated[str, Field(min_length=1)]] = []
    patterns: list[Annotated[str, Field(min_length=1)]] = []
    # `body`: neither in the head nor in the tail
    position: Literal["head", "tail", "edges", "body", "anywhere"] = "anywhere"
    window: Annotated[int, Field(ge=1, le=1000)] = 3  # non-blank lines counted as head/tail
    max_words: Annotated[int, Field(ge=1)] | None = None  # longer lines never match
    extract: ExtractSpec | None = None  # a metadata line: its record field
    # A line the rule finds may also be a heading of the text itself (`Publications`, `See
    # also`): where it heads a section, between two prose paragraphs, the safe fix is unsafe.
    # `true`: every line the rule finds; a list of phrases: the lines that are one of them.
    may_be_heading: bool | list[Annotated[str, Field(min_length=1)]] = False
    refused_fix = (("replace", "repair"),
                   "a line rule's fix deletes the line; give `delete: line` or omit it")

    @model_validator(mode="after")
    def _something_to_match(self) -> LineSpec:
        if not self.phrases and not self.patterns:
            raise ValueError("a line rule needs `phrases` or `patterns`")
        return self


def left(deadline: float) -> float:
    """Seconds left before `deadline`; raises TimeoutError, as `regex` does, once it passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("regex timed out")
    return left


@dataclass(frozen=True, eq=False)
class LineRule(Rule[LineSpec]):
    """A line that is one of `phrases`, or matches one of `patterns`, is a finding.

    The core matches line rules (`LineRules`, one pass per text for every line rule of a
    ruleset); a rule's own `find` runs it alone the same way.
    """

    phrase_set: frozenset[str] = field(init=False)
    # The phrase keys of `may_be_heading` when it is a list; None when it is `true`.
    heading_set: frozenset[str] | None = field(init=False)

    def __post_init__(self) -> None:
        spec: LineSpec = self.spec
        object.__setattr__(self, "phrase_set", frozenset(normalise_phrase(p) for p in spec.phrases))
        headings = spec.may_be_heading
        object.__setattr__(self, "heading_set", None if isinstance(headings, bool)
                           else frozenset(normalise_phrase(p) for p in headings))

    def may_head(self, text: str, i: int, at: int | None = None) -> bool:
        """Whether line i of `text` (found by this rule) is one the rule says may be a heading
        of the text itself, and heads a section there (`ParagraphView.heads_section`). `at`:
        an offset inside the line (its finding's start), so the phrase test can read the line
        without the paragraph view of the whole text (most found lines are not one of the
        phrases)."""
        keys = self.heading_set
        plain = at is not None and "\r" not in text
        if keys is not None:
            if plain:
                # The line's body, as `split_lines` cuts it when "\n" is the only terminator.
                end = text.find("\n", at)
                body = text[text.rfind("\n", 0, at) + 1 : len(text) if end < 0 else end]
            else:
                body = paragraph_view(text).lines[i].body
            if normalise_phrase(body) not in keys:
                return False
        if plain and at is not None and no_prose_above(text, at):
            # Most found lines sit under a label or a menu, not under prose: no view needed.
            return False
        return paragraph_view(text).heads_section(i)

    @classmethod
    def check(cls, spec: LineSpec, problems: SpecProblems) -> None:
        for i, pattern in enumerate(spec.patterns):
            problems.regex(pattern, ("patterns", i))

    @property
    def core_slot(self) -> CoreSlot[LineRules]:
        return LINE_SLOT

    def describe(self) -> list[str]:
        spec: LineSpec = self.spec
        what = []
        if spec.phrases:
            shown = ", ".join(f"`{p}`" for p in spec.phrases[:30])
            more = f" and {len(spec.phrases) - 30} more" if len(spec.phrases) > 30 else ""
            what.append(f"A line that is entirely one of these phrases (case, spaces and edge "
                        f"punctuation folded): {shown}{more}.")
        if spec.patterns:
            what.append("A line in which one of these patterns is found:\n\n"
                        + "".join(f"- `{p}`\n" for p in spec.patterns))
        if spec.position != "anywhere":
            where = {"head": "Only in the first", "tail": "Only in the last",
                     "edges": "Only in the first or last",
                     "body": "Never in the first or last"}[spec.position]
            what.append(f"{where} {spec.window} non-blank lines of the document "
                        f"(`position: {spec.position}`, `window: {spec.window}`).")
        if spec.max_words:
            what.append(f"Lines longer than {spec.max_words} words never match.")
        if spec.may_be_heading is True:
            what.append("A line found between two prose paragraphs may be a heading of the "
                        "text (`may_be_heading: true`): there the fix is unsafe.")
        elif spec.may_be_heading:
            shown = ", ".join(f"`{p}`" for p in spec.may_be_heading)
            what.append(f"Between two prose paragraphs, these lines may be headings of the text "
                        f"(`may_be_heading`), and their fix is unsafe there: {shown}.")
        return what

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
    def python_patterns(self) -> tuple[regex.Pattern[str], ...]:
        """The patterns as Python's `regex` reads them: for the lines the core hands back."""
        return tuple(compile_regex(p) for p in self.spec.patterns)

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
                if any(p.search(body, timeout=left(deadline)) for p in patterns):
                    hit.append(i)
            hit.sort()
            places = None
        if places is None:
            places = on_text(_core.line_places, text, hit)
        spec: LineSpec = self.spec
        out = []
        fixes = spec.fix is not None
        safe = self.safety is Safety.SAFE
        heading = bool(spec.may_be_heading) and safe and fixes
        for i, (start, end, delete_start, delete_end, wrapped) in zip(hit, places, strict=True):
            span = Span(start, end)
            edits = None
            message = at_most = None
            if fixes:
                edits = (Edit(Span(delete_start, delete_end), ""),)
                if safe and wrapped:
                    # A piece of a hard-wrapped sentence (`requests for` / `comment.`) is
                    # judged inside its paragraph: never deleted by a safe fix.
                    message, at_most = self.message + WRAPPED_NOTE, Safety.UNSAFE
                elif safe and _is_value(text):
                    # A text that is nothing but this short line (a field of a table: a
                    # title, a category, a language name) is the user's value, not a page
                    # around it: a safe fix never empties it. A long one (an extractor that
                    # returned only a cookie banner) still goes.
                    message, at_most = self.message + ONLY_LINE_NOTE, Safety.UNSAFE
                elif heading and self.may_head(text, i, start):
                    # A label between two prose paragraphs (`Publications`, `See also`) heads
                    # a section of the user's text: a safe fix never deletes a heading.
                    message, at_most = self.message + HEADING_NOTE, Safety.UNSAFE
            out.append(self._finding(span, edits, message, at_most))
        return out


# Said after the message of a finding whose deletion was made unsafe because the text is only a
# few words.
ONLY_LINE_NOTE = " (the whole text is this short: unsafe fix)"


# A text of at most this many words (separators such as `>` or `|` not counted) is a value,
# not a page (see `_is_value`).
ONLY_LINE_WORDS = 8
_BLANK_LINE = regex.compile(r"\n[^\S\n]*\n")
_TOKEN = regex.compile(r"\S+")


# One text's answer is kept: every hit line of every safe line rule on a text asks it, in each
# fix pass (a few thousand calls on a corpus of two thousand documents, for a few hundred texts).
@functools.lru_cache(maxsize=1)
def _is_value(text: str) -> bool:
    # The whole text is counted, not the line: a short value hard-wrapped over two lines is
    # still one value; a text of two paragraphs is not. Words first: a page stops at the ninth.
    words = 0
    for m in _TOKEN.finditer(text):
        if any(c.isalnum() for c in m.group()):
            words += 1
            if words > ONLY_LINE_WORDS:
                return False
    return not _BLANK_LINE.search(text.strip())


@dataclass(slots=True)
class LineFound(CoreFound):
    """What the core found for one line rule on one text: call `findings` for its findings."""

    hit: list[int] = field(default_factory=list)  # line indexes (of `split_lines`)
    deferred: list[int] = field(default_factory=list)  # lines Python's `regex` decides
    places: list[Place] | None = None  # the core's places of `hit`, if it gave them

    def found(self, text: str, timeout: float) -> list[Finding]:
        rule: LineRule = self.rule
        return rule.findings(text, self.hit, self.deferred, timeout, self.places)


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
    if timed_out:
        out.update(LineFound.gave_up(rules, timed_out))
    return out


# The slot of the core's scan that matches line rules: its part of `Scan.find`'s result is
# the line hits with their places.
LINE_SLOT = CoreSlot("line", LineRules, lambda rules, raw: line_found(rules, raw[:3], raw[3]))


__all__ = ["LINE_SLOT", "ExtractSpec", "LineFound", "LineRule", "LineRules", "LineSpec", "Place",
           "left", "line_found"]
