"""The rule language: what a rule file may say, validated with pydantic.

These models define the fields every rule file shares; each kind's own spec model (a
`RuleBase` with its `kind:` value) lives in its module of `textclean.rules.kinds`, and
`textclean.rules.kinds.RULE_ADAPTER` validates a rule of any registered kind.
`textclean/packs/README.md` documents the fields and `textclean.rules.loader` turns a validated
spec into a runnable rule.
Unknown fields are errors (`extra="forbid"`), so a typo never silently disables a rule.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from textclean.model import Level, Safety

CODE_PATTERN = r"^[A-Z]{2,4}[0-9]{3}$"
NAME_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class StrictModel(BaseModel):
    """A rule file's mapping: unknown fields are errors, values frozen.

    Pydantic builds a model's validator and serializer when first used, not when the class is
    made (`defer_build`): a run whose rules come from the cache uses neither (the loader
    rebuilds cached specs without validating them again, and `spec_json` needs no
    serializer), and is spared building them, a good part of the CLI's start-up.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True)


class FixSpec(StrictModel):
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


class Example(StrictModel):
    """One example: it is documentation and a test at once."""

    text: str
    finds: list[str]  # text[span] of each finding, in order; [] makes a negative example
    fixed: str | None = None  # expected text after fixing with only this rule selected
    safe_fixed: str | None = None  # the same with safe fixes only (where a fix turns unsafe)
    url: str | None = None  # for rules with `applies_to.url`
    xfail: str | None = None  # a known failure, kept as a strict xfail with this reason
    note: str | None = None


class AppliesTo(StrictModel):
    """Limit a rule to documents whose URL matches one of these globs (fnmatch syntax)."""

    url: list[str] = Field(min_length=1)


class RuleBase(StrictModel):
    """The fields every rule has, whatever its kind; a kind's spec model adds its own
    (`kind: Literal["..."]` first) in its module of `textclean.rules.kinds`."""

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

    # The `fix` actions (replace, repair, delete) a kind decides itself, and the error saying
    # so when a rule gives one; a kind's spec model sets it.
    refused_fix: ClassVar[tuple[tuple[str, ...], str]] = ((), "")

    @model_validator(mode="after")
    def _fix_fits(self) -> RuleBase:
        actions, why = self.refused_fix
        if self.fix is not None and any(getattr(self.fix, a) is not None for a in actions):
            raise ValueError(why)
        return self


class EvidenceSpec(RuleBase):
    """A repair `fix --reconcile` makes where another version of the document is the evidence
    (textclean.corpus.reconcile). Its rule files live in packs/_reconcile, not among the rules a
    single document is checked with."""

    kind: Literal["evidence"]
    evidence: Literal["lost-hyphen", "mojibake-span", "slid-quote"]


def spec_json(spec: BaseModel) -> bytes:
    """`spec` as JSON: its fields in order, nested models as objects, enums as their values.
    The same for a rule parsed from its file or loaded from the rules cache, and unlike
    `model_dump_json` it needs no serializer built (for a hash of the rules, say)."""
    import orjson

    return orjson.dumps(spec, default=_json_value)


def _json_value(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.__dict__
    if isinstance(value, float):  # a float subclass (the YAML parser's) orjson leaves to us
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


__all__ = ["CODE_PATTERN", "NAME_PATTERN", "AppliesTo", "EvidenceSpec", "Example", "FixSpec",
           "RuleBase", "StrictModel", "spec_json"]
