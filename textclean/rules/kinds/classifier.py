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
and table rows are what the model mistakes most, so a line there gets an unsafe fix, as does a
piece of a hard-wrapped sentence; above it stand the headline, the byline, the date and lists
the article opens with, which the product keeps or moves into fields: nothing is found there. A text without a line of prose
is left alone: the model was trained on articles. Every finding's message says it comes from
the classifier and gives the probability.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from textclean import _core
from textclean.model import Edit, Finding, Fix, Safety, Span
from textclean.rules.kinds.base import DEFAULT_REGEX_TIMEOUT, Rule, SpecProblems
from textclean.rules.schema import RuleBase
from textclean.text.crossing import on_text
from textclean.text.paragraphs import WRAPPED_NOTE

MODELS = Path(__file__).resolve().parent.parent.parent / "models"

# Said after the message of a finding from the text's first line of prose to its last: there,
# lists, subheads and table rows of the article itself look most like boilerplate.
INSIDE_NOTE = " (inside the article's prose: unsafe fix)"
LATE_NOTE = " (found once unsafe fixes delete the lines around it: unsafe fix)"
# The zones `_core.LineModel.score` and `found` give: before the first line of prose, from the
# first to the last, after the last.
HEAD, PROSE, TAIL = 0, 1, 2
LATE = 3  # a tail line found only once the unsafe fixes' lines are gone (`found`)
# How many times a text is scored again without the lines found (`ClassifierRule.scored`).
CLOSURE = 4

Probability = Annotated[float, Field(gt=0.0, le=1.0)]


class ClassifierSpec(RuleBase):
    """A line the model scores at `unsafe_threshold` or above is a finding."""

    kind: Literal["classifier"]
    model: Annotated[str, Field(min_length=1)]  # a file in textclean/models/, or an absolute path
    threshold: Probability  # at or above: fixed with the rule's safety
    unsafe_threshold: Probability | None = None  # from here up to `threshold`: an unsafe fix

    refused_fix = (("replace", "repair"),
                   "a classifier rule's fix deletes the line; give `delete: line` or omit it")

    @model_validator(mode="after")
    def _thresholds(self) -> ClassifierSpec:
        if self.unsafe_threshold is not None and self.unsafe_threshold > self.threshold:
            raise ValueError("`unsafe_threshold` must not be above `threshold`")
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
class ClassifierRule(Rule[ClassifierSpec]):
    """A line a learned classifier scores as boilerplate is a finding."""

    @classmethod
    def check(cls, spec: ClassifierSpec, problems: SpecProblems) -> None:
        try:
            load_model(spec.model)
        except (OSError, ValueError) as exc:
            problems(("model",), f"cannot load the line classifier model {spec.model!r}: {exc}")

    def describe(self) -> list[str]:
        spec: ClassifierSpec = self.spec
        what = (f"A line the learned line classifier `{spec.model}` (`textclean/models/`) gives "
                f"a probability of being boilerplate of at least {spec.lowest:g}.")
        if spec.fix is not None:
            what += (f" The fix is {spec.fix.safety} from {spec.threshold:g} up for a line after "
                     "the text's last line of prose, unsafe elsewhere and below.")
        return [what + " Nothing is found above the first line of prose."]

    @property
    def engine(self) -> str:
        return "rust"  # features and scores come from the core

    def scored(self, text: str) -> list[tuple[int, float, int]]:
        """`(line, probability, zone)` of the lines of `text` that reach the lowest threshold,
        the lines a fix would bring to it included.

        Deleting lines changes what is around the others (the tail moves up, neighbours
        change), so a line judged article text may reach the threshold once the lines below
        it are gone, and fixing would go on pass after pass. So the text is scored again
        without the lines a fix deletes, up to `CLOSURE` times (first those of the safe fixes,
        then all), and a line found on the way is found here with the probability it had when
        first found: one pass takes them all. A line first found once unsafe fixes are assumed
        applied never gets a safe fix (zone `LATE`): `fix` alone would not take the lines
        around it. Above the first line of prose stand the headline, byline, date and lists
        the article opens with (a recipe's ingredients): never a finding, so clean text stays
        as it is. The core does it all in one call (`_core.LineModel.found`), computing what
        a line's body alone gives once, also across the passes of a fix.
        """
        return [(i, p, zone) for i, p, zone, *_ in self._found(text, False)]

    def _found(self, text: str, safe_only: bool) -> list[tuple[int, float, int, int, int, int, int, bool]]:
        """`scored`'s lines, each with its place (`_core.line_places`; where two lines'
        deletions overlap, the shared part goes with the first), in one call; with
        `safe_only`, only those a safe fix deletes."""
        spec: ClassifierSpec = self.spec
        return found_lines(spec.model, text, spec.lowest, spec.threshold, safe_only)

    def find(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        return self._findings(text, None)

    def fix_find(self, allow: Safety) -> Callable[..., list[Finding]] | None:
        """In a pass that applies only safe fixes (`textclean fix`), `safe_findings`: a pass
        drops the findings with an unsafe fix, and building them (most lines found are below
        the safe threshold, or inside the prose) was most of the rule's cost after the core's.
        The core stops the closure after its first stage there (a line the second finds
        never gets a safe fix), and when the engine calls `find` on the text of the pass
        that fixes nothing, goes on from where it stopped (`found_lines`)."""
        return self.safe_findings if self.safety is not None and allow.rank > Safety.UNSAFE.rank else None

    def safe_findings(self, text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        """The findings of `find` whose fix is safe."""
        return self._findings(text, Safety.SAFE, safe_only=self.safety is Safety.SAFE)

    def _findings(self, text: str, at_least: Safety | None, *, safe_only: bool = False) -> list[Finding]:
        """`find`'s findings, only those with a fix at least as safe as `at_least` if given;
        `safe_only`: the core gives only the lines a safe fix deletes (`_core.LineModel.found`)."""
        spec: ClassifierSpec = self.spec
        found = self._found(text, safe_only)
        if not found:
            return []
        # Built here rather than through `_finding`: a page of boilerplate gives hundreds.
        code, level, safety, threshold = self.code, self.level, self.safety, spec.threshold
        head = f"{self.message} (learned line classifier: boilerplate probability "
        below = f"; below the safe threshold {threshold:g}: unsafe fix"
        # Which of the two safeties a finding's fix can have (the rule's, unsafe) go out.
        own_out = unsafe_out = at_least is None
        if at_least is not None and safety is not None:
            own_out, unsafe_out = (s.rank >= at_least.rank for s in (safety, Safety.UNSAFE))
        out = []
        # Neighbouring lines' deletions may share a blank line; a pass applies only edits that
        # overlap nothing, so the core gives the shared part to the first.
        for _, p, zone, start, end, delete_start, delete_end, wrapped in found:
            fix_safety: Safety | None
            if p < threshold:
                if not unsafe_out:
                    continue
                note = below
                fix_safety = Safety.UNSAFE
            elif safety is Safety.SAFE and (wrapped or zone != TAIL):
                if not unsafe_out:
                    continue
                note = WRAPPED_NOTE if wrapped else LATE_NOTE if zone == LATE else INSIDE_NOTE
                fix_safety = Safety.UNSAFE
            elif own_out:
                note = ""
                fix_safety = safety
            else:
                continue
            fix = None
            if spec.fix is not None and fix_safety is not None:
                fix = Fix((Edit(Span(delete_start, delete_end), ""),), fix_safety)
            out.append(Finding(code, Span(start, end), f"{head}{p:.2f}){note}", level, fix))
        return out


def found_lines(
    model: str, text: str, lowest: float, threshold: float, safe_only: bool = False
) -> list[tuple[int, float, int, int, int, int, int, bool]]:
    """What `_core.LineModel.found` gives on `text` for the model file `model`, the closure
    of `CLOSURE` scorings (`safe_only`: only the lines a safe fix deletes). The core keeps
    the last text's closure: a fix pass that applies only safe fixes asks for those
    (`ClassifierRule.safe_findings`) and, when it fixes nothing, for every line found on
    the same text (`ClassifierRule.find`), which goes on from where the first call stopped;
    asked again, it scores nothing again. (Not kept here: a cache by text would hash every
    pass's text.)"""
    return on_text(load_model(model).found, text, lowest, threshold, CLOSURE, safe_only)

__all__ = ["CLOSURE", "HEAD", "INSIDE_NOTE", "LATE", "LATE_NOTE", "MODELS", "PROSE", "TAIL", "ClassifierRule", "ClassifierSpec", "found_lines", "load_model", "model_path"]
