"""The `classifier` kind: a learned line classifier scores every non-blank line, and a line
whose probability of being boilerplate reaches a threshold is a finding; its fix deletes the
line.

The model is a file (`model:`, a name in `textclean/models/` or an absolute path) the core reads
(`_core.LineModel`, `crates/textclean-core/src/lineclf.rs`): hashed word and character n-grams
plus the paragraph model's context features, stacked under a second stage that reads the scores
of the neighbouring lines and of the document. `benchmarks/train_lines.py` trains it. Two
thresholds: at or above `threshold` the fix has the rule's safety; from `unsafe_threshold` up to
`threshold` it is an unsafe fix. A safe fix deletes only lines after the main prose (after its
last line of ten words or more ending a sentence): inside it, the article's own lists, subheads
and table rows are what the model mistakes most, and above it stand the headline, the byline and
the date, which the product keeps or moves into fields; a line there gets an unsafe fix, as does
a piece of a hard-wrapped sentence. A text without a line of prose
is left alone: the model was trained on articles. Every finding's message says it comes from
the classifier and gives the probability.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from textclean import _core
from textclean.model import Edit, Finding, Fix, Safety, Span
from textclean.rules.kinds.base import DEFAULT_REGEX_TIMEOUT, Rule, SpecProblems
from textclean.rules.schema import RuleBase
from textclean.text.crossing import on_text
from textclean.text.paragraphs import WRAPPED_NOTE

MODELS = Path(__file__).resolve().parent.parent.parent / "models"

# Said after the message of a finding above the text's first line of prose, where the headline,
# byline and date are (kept, or moved by --extract-metadata, never deleted by a safe fix) ...
HEAD_NOTE = " (above the article's first prose line, with its headline, byline and date: unsafe fix)"
# ... and of one from its first line of prose to its last: there, lists, subheads and table rows
# of the article itself look most like boilerplate.
INSIDE_NOTE = " (inside the article's prose: unsafe fix)"
# The zones `_core.LineModel.score` gives: before the first line of prose, from the first to the
# last, after the last.
HEAD, PROSE, TAIL = 0, 1, 2

Probability = Annotated[float, Field(gt=0.0, le=1.0)]


class ClassifierSpec(RuleBase):
    """A line the model scores at `unsafe_threshold` or above is a finding."""

    kind: Literal["classifier"]
    model: Annotated[str, Field(min_length=1)]  # a file in textclean/models/, or an absolute path
    threshold: Probability  # at or above: fixed with the rule's safety
    unsafe_threshold: Probability | None = None  # from here up to `threshold`: an unsafe fix

    @model_validator(mode="after")
    def _thresholds(self) -> ClassifierSpec:
        if self.unsafe_threshold is not None and self.unsafe_threshold > self.threshold:
            raise ValueError("`unsafe_threshold` must not be above `threshold`")
        if self.fix is not None and (self.fix.replace is not None or self.fix.repair is not None):
            raise ValueError("a classifier rule's fix deletes the line; give `delete: line` or omit it")
        return self

    @property
    def lowest(self) -> float:
        return self.threshold if self.unsafe_threshold is None else self.unsafe_threshold


def model_path(name: str) -> Path:
    """Where the model file `name` is: a bare name is in `textclean/models/`."""
    path = Path(name)
    return path if path.is_absolute() else MODELS / path


@functools.lru_cache(maxsize=8)
def load_model(name: str) -> _core.LineModel:
    """The model file `name`, read once per process (ValueError: not a model the core reads)."""
    return _core.LineModel(model_path(name).read_bytes())


@dataclass(frozen=True, eq=False)
class ClassifierRule(Rule):
    """A line a learned classifier scores as boilerplate is a finding."""

    kind: ClassVar[str] = "classifier"
    spec_model: ClassVar[type[RuleBase]] = ClassifierSpec

    @classmethod
    def check(cls, spec: ClassifierSpec, problems: SpecProblems) -> None:
        try:
            load_model(spec.model)
        except (OSError, ValueError) as exc:
            problems(("model",), f"cannot load the line classifier model {spec.model!r}: {exc}")

    def describe(self) -> list[str]:
        spec: ClassifierSpec = self.spec
        unsafe = (f" From {spec.unsafe_threshold:g} up to {spec.threshold:g} its fix is unsafe."
                  if spec.unsafe_threshold is not None and spec.unsafe_threshold < spec.threshold
                  else "")
        return [f"A line the learned line classifier `{spec.model}` gives a boilerplate "
                f"probability of at least {spec.lowest:g}.{unsafe}"]

    @property
    def engine(self) -> str:
        return "rust"  # features and scores come from the core

    def find(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        spec: ClassifierSpec = self.spec
        scored = on_text(load_model(spec.model).score, text, spec.lowest)
        if not scored:
            return []
        places = on_text(_core.line_places, text, [i for i, _, _ in scored])
        # Built here rather than through `_finding`: a page of boilerplate gives hundreds.
        code, level, safety, threshold = self.code, self.level, self.safety, spec.threshold
        head = f"{self.message} (learned line classifier: boilerplate probability "
        below = f"; below the safe threshold {threshold:g}: unsafe fix"
        out = []
        for (_, p, zone), place in zip(scored, places, strict=True):
            start, end, delete_start, delete_end, wrapped = place
            message = f"{head}{p:.2f})"
            fix_safety = safety
            if p < threshold:
                message += below
                fix_safety = Safety.UNSAFE
            elif safety is Safety.SAFE and (wrapped or zone != TAIL):
                message += WRAPPED_NOTE if wrapped else HEAD_NOTE if zone == HEAD else INSIDE_NOTE
                fix_safety = Safety.UNSAFE
            fix = None
            if spec.fix is not None and fix_safety is not None:
                fix = Fix((Edit(Span(delete_start, delete_end), ""),), fix_safety)
            out.append(Finding(code, Span(start, end), message, level, fix))
        return out


__all__ = ["HEAD", "HEAD_NOTE", "INSIDE_NOTE", "MODELS", "PROSE", "TAIL", "ClassifierRule", "ClassifierSpec", "load_model", "model_path"]
