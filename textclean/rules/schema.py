"""The rule language: what a rule file may say, validated with pydantic.

These models are the single definition of every field of a rule file; `textclean/packs/README.md`
documents them and `textclean.rules.loader` turns a validated spec into a runnable rule.
Unknown fields are errors (`extra="forbid"`), so a typo never silently disables a rule.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator

from textclean.model import Level, Safety

CODE_PATTERN = r"^[A-Z]{2,4}[0-9]{3}$"
NAME_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class FixSpec(_Strict):
    """How a finding is repaired. Which keys make sense depends on the rule's kind."""

    safety: Safety = Safety.SAFE
    safety_note: str | None = None
    replace: str | None = None  # pattern: a `regex` replacement template (\1, \g<name>)
    repair: str | None = None  # pattern: a named repair applied to the matched text
    delete: Literal["line"] | None = None  # line: delete the whole line (the default)

    @model_validator(mode="after")
    def _one_action(self) -> FixSpec:
        actions = [k for k in ("replace", "repair", "delete") if getattr(self, k) is not None]
        if len(actions) > 1:
            raise ValueError(f"give only one of replace/repair/delete, not {' and '.join(actions)}")
        if self.safety is Safety.UNSAFE and not self.safety_note:
            raise ValueError("an unsafe fix needs a `safety_note` saying what it can get wrong")
        return self


class Example(_Strict):
    """One example: it is documentation and a test at once."""

    text: str
    finds: list[str]  # text[span] of each finding, in order; [] makes a negative example
    fixed: str | None = None  # expected text after fixing with only this rule selected
    url: str | None = None  # for rules with `applies_to.url`
    xfail: str | None = None  # a known failure, kept as a strict xfail with this reason
    note: str | None = None


class AppliesTo(_Strict):
    """Limit a rule to documents whose URL matches one of these globs (fnmatch syntax)."""

    url: list[str] = Field(min_length=1)


class _RuleBase(_Strict):
    code: Annotated[str, Field(pattern=CODE_PATTERN)]
    name: Annotated[str, Field(pattern=NAME_PATTERN)]
    summary: Annotated[str, Field(min_length=1)]
    why: str | None = None
    level: Level
    aliases: list[Annotated[str, Field(pattern=CODE_PATTERN)]] = []
    message: str | None = None  # finding message; defaults to `summary`
    opt_in: bool = False  # only active when selected explicitly (code or prefix)
    applies_to: AppliesTo | None = None
    fix: FixSpec | None = None
    examples: list[Example] = []


class PatternSpec(_RuleBase):
    """A regex (`regex` module syntax); each match is a finding."""

    kind: Literal["pattern"]
    pattern: Annotated[str, Field(min_length=1)]
    group: int | str = 0  # the group whose span is the finding (and what the fix replaces)

    @model_validator(mode="after")
    def _fix_fits(self) -> PatternSpec:
        if self.fix is not None and self.fix.delete is not None:
            raise ValueError("`delete: line` is for line rules; use `replace: ''` here")
        return self


class SwapSpec(_RuleBase):
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

    @model_validator(mode="after")
    def _fix_fits(self) -> SwapSpec:
        if self.fix is not None and (self.fix.replace or self.fix.repair or self.fix.delete):
            raise ValueError("a swap rule's fix is its map; give only `safety` under `fix`")
        return self


class ExtractSpec(_Strict):
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


class LineSpec(_RuleBase):
    """A line that is entirely one of `phrases`, or matches one of `patterns`, is a finding.

    Phrases are compared after folding case and whitespace and dropping edge punctuation, so
    `Post Comment`, `post comment:` and `  POST  COMMENT ` all match `post comment`.
    """

    kind: Literal["line"]
    phrases: list[Annotated[str, Field(min_length=1)]] = []
    patterns: list[Annotated[str, Field(min_length=1)]] = []
    position: Literal["head", "tail", "edges", "anywhere"] = "anywhere"
    window: Annotated[int, Field(ge=1, le=1000)] = 3  # non-blank lines counted as head/tail
    max_words: Annotated[int, Field(ge=1)] | None = None  # longer lines never match
    extract: ExtractSpec | None = None  # a metadata line: its record field

    @model_validator(mode="after")
    def _something_to_match(self) -> LineSpec:
        if not self.phrases and not self.patterns:
            raise ValueError("a line rule needs `phrases` or `patterns`")
        if self.fix is not None and (self.fix.replace or self.fix.repair):
            raise ValueError("a line rule's fix deletes the line; give `delete: line` or omit it")
        return self


class RepairSpec(_RuleBase):
    """A built-in repair (textclean/repairs) finds the artifact and proposes the edits."""

    kind: Literal["repair"]
    repair: str
    params: dict[str, Any] = {}

    @model_validator(mode="after")
    def _fix_fits(self) -> RepairSpec:
        if self.fix is not None and (self.fix.replace or self.fix.repair or self.fix.delete):
            raise ValueError("a repair rule's edits come from its repair; give only `safety`")
        return self


class MetricSpec(_RuleBase):
    """A document-level measure against a bound; report only, never fixed."""

    kind: Literal["metric"]
    metric: str
    params: dict[str, Any] = {}
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _bounded(self) -> MetricSpec:
        if self.min is None and self.max is None:
            raise ValueError("a metric rule needs `min` or `max`")
        if self.fix is not None:
            raise ValueError("metric rules only report; remove `fix`")
        return self


class EvidenceSpec(_RuleBase):
    """A repair `fix --reconcile` makes where another version of the document is the evidence
    (textclean.corpus.reconcile). Its rule files live in packs/_reconcile, not among the rules a
    single document is checked with."""

    kind: Literal["evidence"]
    evidence: Literal["lost-hyphen", "mojibake-span", "slid-quote"]


RuleSpec = Annotated[
    PatternSpec | SwapSpec | LineSpec | RepairSpec | MetricSpec,
    Field(discriminator="kind"),
]
RULE_ADAPTER: TypeAdapter[Any] = TypeAdapter(RuleSpec)
