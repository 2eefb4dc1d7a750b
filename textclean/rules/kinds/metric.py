"""The `metric` kind: a document-level measure (`textclean.repairs.metrics`) outside
[min, max] is one finding over the whole text; it only reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import model_validator

from textclean.model import Finding, Span
from textclean.repairs.metrics import METRICS, UP_TO
from textclean.rules.kinds.base import DEFAULT_REGEX_TIMEOUT, Rule, SpecProblems
from textclean.rules.schema import RuleBase


class MetricSpec(RuleBase):
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


@dataclass(frozen=True, eq=False)
class MetricRule(Rule[MetricSpec]):
    """A document-level measure outside [min, max] is one finding over the whole text."""

    @classmethod
    def check(cls, spec: MetricSpec, problems: SpecProblems) -> None:
        if spec.metric not in METRICS:
            problems(("metric",), f"unknown metric {spec.metric!r}; known: {', '.join(sorted(METRICS))}")
        if spec.params:
            problems(("params",), "metrics take no params")

    def describe(self) -> list[str]:
        spec: MetricSpec = self.spec
        bounds = " and ".join(b for b in (f"at least {spec.min:g}" if spec.min is not None else "",
                                          f"at most {spec.max:g}" if spec.max is not None else "") if b)
        return [f"A document whose `{spec.metric}` is not {bounds}."]

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


__all__ = ["MetricRule", "MetricSpec"]
