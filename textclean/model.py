"""Core data types: spans, edits, fixes, findings, documents.

Frozen values with no IO and no regex (STYLE.md section 3). Line and column are never stored
on a finding; :func:`line_col` works them out from the text when a report is built.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from textclean import _core
from textclean.text.crossing import on_text


class Safety(StrEnum):
    """How sure we are that applying a fix keeps the meaning (ruff `Applicability`)."""

    DISPLAY_ONLY = "display-only"  # shown as a suggestion, never applied
    UNSAFE = "unsafe"  # probably right; applied only with --unsafe-fixes
    SAFE = "safe"  # meaning kept; applied by `textclean fix`

    @property
    def rank(self) -> int:
        return _SAFETY_RANK[self]


_SAFETY_RANK = {Safety.DISPLAY_ONLY: 0, Safety.UNSAFE: 1, Safety.SAFE: 2}


class Level(StrEnum):
    """How serious a finding is. Ordered: error > warning > info."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.INFO: 0, Level.WARNING: 1, Level.ERROR: 2}


def pickled_by_fields(cls: type) -> type:
    """Pickle a frozen, slotted dataclass as its constructor call: `cls(*field values)`.

    The `__getstate__`/`__setstate__` that `dataclass(slots=True)` adds look up the class's
    fields for every object, which made unpickling the reports that `--jobs` workers and Dask
    send back (tens of thousands of findings) a large part of the main process's time. Every
    field must be an `__init__` argument, so the call rebuilds the same value.
    """
    names = tuple(f.name for f in fields(cls))
    if not names or not all(f.init for f in fields(cls)):
        raise TypeError(f"{cls.__name__}: every field must be an __init__ argument")
    values: Callable[[Any], Any] = operator.attrgetter(*names)
    if len(names) == 1:

        def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
            return cls, (values(self),)

    else:

        def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
            return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls


def set_by_slots(cls: type) -> type:
    """Give a frozen, slotted dataclass an `__init__` that sets each field through its slot.

    The `__init__` that `dataclass(frozen=True)` writes sets each field with
    `object.__setattr__`, which looks the field up on the class for every field of every
    object; this one calls each slot's own setter, found once here: about half the cost,
    for the spans, edits and findings a run makes by the thousand. Same parameters, same
    defaults, and `__post_init__` still runs last; the object stays frozen. Every field must
    be an `__init__` argument with no default factory.
    """
    params, body = [], []
    env: dict[str, Any] = {}
    for f in fields(cls):
        if not f.init or f.default_factory is not MISSING or f.kw_only:
            raise TypeError(f"{cls.__name__}.{f.name}: not a plain positional field")
        env[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is MISSING:
            params.append(f.name)
        else:
            env[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(self, {f.name})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body) + "\n", env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = dict(cls.__init__.__annotations__)  # type: ignore[misc]
    cls.__init__ = init  # type: ignore[misc]
    return cls


@set_by_slots
@pickled_by_fields
@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open [start, end) range of `str` indices (code points, not bytes)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        """True when the two spans share a code point, or are insertions at the same point.

        NOTE: an insertion (empty span) strictly inside another edit's span overlaps it; an
        insertion exactly at another edit's boundary does not, so "delete a line" and "insert
        before the next line" can both apply in one pass.
        """
        if self.start == self.end and other.start == other.end:
            return self.start == other.start
        if self.start == self.end:
            return other.start < self.start < other.end
        if other.start == other.end:
            return self.start < other.start < self.end
        return self.start < other.end and other.start < self.end


@set_by_slots
@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[span] with `replacement`. "" deletes; an empty span inserts."""

    span: Span
    replacement: str


@set_by_slots
@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Fix:
    """Edits sorted by start and never overlapping (ruff `Fix`), with how safe they are."""

    edits: tuple[Edit, ...]
    safety: Safety

    def __post_init__(self) -> None:
        if len(self.edits) < 2:
            return  # most fixes have one edit: nothing to compare
        for a, b in zip(self.edits, self.edits[1:], strict=False):
            if b.span.start < a.span.end or a.span.overlaps(b.span):
                raise ValueError("a Fix's edits must be sorted and must not overlap")

    @property
    def span(self) -> Span:
        """The smallest span covering every edit."""
        return Span(self.edits[0].span.start, self.edits[-1].span.end)


@set_by_slots
@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Finding:
    """One artifact found in a text: where it is, what it is, and how to fix it (if at all)."""

    rule: str  # rule code, e.g. "MK001"
    span: Span  # where the artifact is; the fix's edits may cover more
    message: str
    level: Level = Level.WARNING
    fix: Fix | None = None  # None: reported, never changed

    def excerpt(self, text: str, width: int = 80) -> str:
        """The flagged text, shortened to `width` code points for reports."""
        piece = text[self.span.start : self.span.end]
        if len(piece) > width:
            half = width // 2 - 1
            piece = piece[:half] + "…" + piece[-half:]
        return piece


@dataclass(frozen=True, slots=True)
class Document:
    """A text and where it came from. `meta` holds every other field of its record."""

    id: str  # "pages.jsonl:17" or a file path: stable, shown in every report
    text: str
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@set_by_slots
@pickled_by_fields
@dataclass(frozen=True, slots=True)
class AppliedFix:
    """A finding whose fix was applied, in pass `pass_no` (1-based).

    The finding's span and edits are offsets into the text as it was at the start of that pass.
    """

    finding: Finding
    pass_no: int


@set_by_slots
@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FixResult:
    """What `fix_text` did: the new text, the fixes applied and the findings left."""

    text: str
    applied: tuple[AppliedFix, ...]
    remaining: tuple[Finding, ...]
    passes: int
    # Texts at the start of each pass (index 0 is the input); reports use them for line:col.
    pass_texts: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.applied)


class LineIndex:
    """Maps code-point offsets to 1-based (line, column) in one text.

    Lines end at "\\n"; a "\\r" before it belongs to the line, so CRLF text gets the same
    line numbers an editor shows.
    """

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        # 0 and the offset after each "\n", found by the core (sorted: a line's start is
        # `starts[line - 1]`, for 1-based `line`).
        self.starts: Sequence[int] = on_text(_core.line_starts, text)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a code-point offset.

    >>> line_col("ab\\ncd", 3)
    (2, 1)
    """
    return LineIndex(text).line_col(offset)
