"""The rule kinds, one module each, and their registry.

A rule file's `kind:` picks a module here: its spec model (the kind's YAML fields), its `Rule`
subclass (`find`), its semantic check (`check`) and how a compiled ruleset plans it
(`core_slot`, `gate`); `base` holds what they share. `KINDS` maps each `kind:` value to its
class, and the rule schema (`RuleSpec`, `RULE_ADAPTER`) is the union of the registered kinds'
spec models. Adding a kind is a new module and one line in `KINDS`, also when the core matches
its rules: the module declares the `CoreSlot` of the core's matcher (`LINE_SLOT`,
`PATTERN_SLOT`, `FINDER_SLOT`); adding a rule is a data change.
"""

from __future__ import annotations

import functools
import operator
from typing import Annotated, Any

from pydantic import ConfigDict, Field, TypeAdapter

from textclean.rules.kinds.base import (
    DEFAULT_REGEX_TIMEOUT,
    CoreFound,
    CoreSlot,
    Found,
    Matcher,
    Rule,
    SpecProblems,
    compile_regex,
)
from textclean.rules.kinds.classifier import ClassifierRule, ClassifierSpec
from textclean.rules.kinds.line import (
    LINE_SLOT,
    ExtractSpec,
    LineFound,
    LineRule,
    LineRules,
    LineSpec,
    Place,
    line_found,
)
from textclean.rules.kinds.metric import MetricRule, MetricSpec
from textclean.rules.kinds.pattern import (
    PATTERN_SLOT,
    PatternFound,
    PatternRule,
    PatternRules,
    PatternSpec,
    pattern_found,
)
from textclean.rules.kinds.repair import (
    FINDER_SLOT,
    CoreFinders,
    FinderFound,
    RepairRule,
    RepairSpec,
)
from textclean.rules.kinds.swap import SwapRule, SwapSpec

# The registered kinds, by their YAML `kind:` value, in the order the schema lists them.
KINDS: dict[str, type[Rule]] = {
    cls.kind: cls
    for cls in (PatternRule, SwapRule, LineRule, RepairRule, MetricRule, ClassifierRule)
}
KIND_CLASSES = KINDS  # the name the loader and the cache knew it by

# Any registered kind's spec, told apart by its `kind:` field.
RuleSpec: Any = Annotated[
    functools.reduce(operator.or_, (cls.spec_model for cls in KINDS.values())),
    Field(discriminator="kind"),
]
RULE_ADAPTER: TypeAdapter[Any] = TypeAdapter(RuleSpec, config=ConfigDict(defer_build=True))

__all__ = [
    "DEFAULT_REGEX_TIMEOUT",
    "FINDER_SLOT",
    "LINE_SLOT",
    "PATTERN_SLOT",
    "ClassifierRule",
    "ClassifierSpec",
    "CoreFinders",
    "CoreFound",
    "CoreSlot",
    "FinderFound",
    "Found",
    "Matcher",
    "KINDS",
    "KIND_CLASSES",
    "RULE_ADAPTER",
    "ExtractSpec",
    "LineFound",
    "LineRule",
    "LineRules",
    "LineSpec",
    "MetricRule",
    "MetricSpec",
    "PatternFound",
    "PatternRule",
    "PatternRules",
    "PatternSpec",
    "Place",
    "RepairRule",
    "RepairSpec",
    "Rule",
    "RuleSpec",
    "SpecProblems",
    "SwapRule",
    "SwapSpec",
    "compile_regex",
    "line_found",
    "pattern_found",
]
