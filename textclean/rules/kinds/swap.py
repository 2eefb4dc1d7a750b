"""The `swap` kind: each occurrence of a literal key is a finding, fixed by its value.

The keys become one pattern, matched by the core's `PatternRules` like a pattern rule's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import regex
from pydantic import Field, field_validator

from textclean.model import Edit, Finding, Span
from textclean.rules.kinds.base import compile_regex
from textclean.rules.kinds.pattern import PatternLikeRule
from textclean.rules.schema import RuleBase


class SwapSpec(RuleBase):
    """A literal map: each occurrence of a key is a finding, fixed by its value."""

    kind: Literal["swap"]
    swap: dict[str, str] = Field(min_length=1)
    ignore_case: bool = False
    word_boundary: bool = True

    @field_validator("swap")
    @classmethod
    def _no_empty_keys(cls, value: dict[str, str]) -> dict[str, str]:
        if "" in value:
            raise ValueError("swap keys must not be empty")
        return value

    refused_fix = (("replace", "repair", "delete"),
                   "a swap rule's fix is its map; give only `safety` under `fix`")


@dataclass(frozen=True, eq=False)
class SwapRule(PatternLikeRule[SwapSpec]):
    """Each occurrence of a key of `swap` is a finding, fixed by its value.

    The keys become one pattern, matched by the core like a pattern rule's.
    """

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

    def describe(self) -> list[str]:
        return ["Each of these literal strings, replaced by its value: "
                + ", ".join(f"`{k}` → `{v}`" for k, v in list(self.spec.swap.items())[:30]) + "."]

    @property
    def core_spec(self) -> tuple[str, int]:
        pattern = self.compiled.pattern
        return (f"(?i)(?:{pattern})" if self.spec.ignore_case else pattern, 0)

    def python_find(self, text: str, timeout: float) -> list[Finding]:
        matches = [(m.start(), *m.span()) for m in self.compiled.finditer(text, timeout=timeout)]
        return self._findings(text, matches, timeout)

    def _findings(
        self,
        text: str,
        matches: Sequence[tuple[int, int, int]],
        timeout: float,
        news: Sequence[str] | None = None,  # swap rules have no template: always None
    ) -> list[Finding]:
        fold = str.casefold if self.spec.ignore_case else None
        out = []
        for _, start, end in matches:
            old = text[start:end]
            new = self.lookup[fold(old) if fold else old]
            span = Span(start, end)
            edits = (Edit(span, new),) if self.spec.fix is not None else None
            out.append(self._finding(span, edits, f"{self.message}: {old!r} -> {new!r}"))
        return out


__all__ = ["SwapRule", "SwapSpec"]
