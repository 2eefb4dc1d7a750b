"""datatrove pipeline steps: a formatter that fixes documents, a filter that drops them.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from textclean.integrations.datatrove import TextcleanFilter, TextcleanFormatter

    LocalPipelineExecutor(pipeline=[
        JsonlReader("raw/"),
        TextcleanFormatter(unsafe_fixes=False),            # repair, as `textclean fix` does
        TextcleanFilter(select=["DC002", "DC003"]),         # drop what still fails these rules
        JsonlWriter("clean/"),
    ], tasks=4).run()

Both are ordinary datatrove steps (datatrove's BaseFormatter / BaseFilter, as its own
`FTFYFormatter` and quality filters are): their counts go into datatrove's stats, per rule
(`fixed_MK001`, `remaining_BP003`, `found_DC002`, and the filter's `dropped_textclean_DC002`),
and merge across tasks and ranks as every datatrove stat does. Each document's metadata gets
`textclean_fixed` / `textclean_findings` (formatter) or `textclean_rules` (filter). A
document's `url` metadata selects rules with `applies_to`. datatrove is an extra:
`pip install 'textclean[datatrove]'`; `import textclean` does not import it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textclean.errors import MissingExtraError
from textclean.model import Document, Level
from textclean.rules.kinds import DEFAULT_REGEX_TIMEOUT, Rule

try:
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.formatters.base import BaseFormatter
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # pragma: no cover - the message names the extra
    raise MissingExtraError("textclean.integrations.datatrove", "datatrove") from exc

_LEVELS = {"info": 0, "warning": 1, "error": 2}


class _Rules:
    """Rules named by paths and codes, loaded once per process (steps are pickled to workers)."""

    def __init__(self, rules: Sequence[str], select: Sequence[str] | None,
                 ignore: Sequence[str] | None, defaults: bool) -> None:
        self.paths, self.select, self.ignore, self.defaults = list(rules), select, ignore, defaults
        self._loaded: tuple[Rule, ...] | None = None

    def get(self) -> tuple[Rule, ...]:
        if self._loaded is None:
            from textclean.rules.loader import load_rules

            self._loaded = load_rules(self.paths, select=self.select, ignore=self.ignore,
                                      defaults=self.defaults).rules
        return self._loaded

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_loaded": None}


def _document(doc: Any) -> Document:
    url = doc.metadata.get("url") if isinstance(doc.metadata, dict) else None
    return Document(str(doc.id), doc.text, {"url": url} if isinstance(url, str) else {})


class TextcleanFormatter(BaseFormatter):  # type: ignore[misc]  # datatrove has no types
    """Fix each document's text with the rules (safe fixes; unsafe ones with `unsafe_fixes`)."""

    name = "🧽 textclean fix"

    def __init__(self, rules: Sequence[str] = (), select: Sequence[str] | None = None,
                 ignore: Sequence[str] | None = None, defaults: bool = True,
                 unsafe_fixes: bool = False, timeout: float = DEFAULT_REGEX_TIMEOUT) -> None:
        super().__init__()
        self.rules = _Rules(rules, select, ignore, defaults)
        self.unsafe_fixes = unsafe_fixes
        self.timeout = timeout

    def format(self, text: str) -> str:
        """The fixed text (no stats; `run` is what a pipeline calls)."""
        from textclean.api import fix_document

        return fix_document(Document("text", text), self.rules.get(),
                            unsafe_fixes=self.unsafe_fixes, timeout=self.timeout)[0]

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Any:
        from textclean.api import fix_document

        rules = self.rules.get()
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                text, report = fix_document(_document(doc), rules,
                                            unsafe_fixes=self.unsafe_fixes, timeout=self.timeout)
            fixed = 0
            for finding in report.findings:
                self.stat_update(f"{'fixed' if finding.fixed else 'remaining'}_{finding.rule}")
                fixed += finding.fixed
            if report.error is not None:
                self.stat_update("textclean_error")
            if text != doc.text:
                self.stat_update("changed")
            doc.text = text
            doc.metadata["textclean_fixed"] = fixed
            doc.metadata["textclean_findings"] = len(report.findings) - fixed
            yield doc


class TextcleanFilter(BaseFilter):  # type: ignore[misc]  # datatrove has no types
    """Drop documents with findings, at or above `level`, of the chosen rules.

    Use `select` to name the rules that decide (e.g. the document checks `DC`); the reason a
    document is dropped is `textclean_<code>` of its first such finding, so datatrove counts
    `dropped_textclean_DC002` and an `exclusion_writer` keeps it in `filter_reason`.
    """

    name = "🧽 textclean filter"

    def __init__(self, rules: Sequence[str] = (), select: Sequence[str] | None = None,
                 ignore: Sequence[str] | None = None, defaults: bool = True,
                 level: str = "warning", exclusion_writer: Any = None,
                 timeout: float = DEFAULT_REGEX_TIMEOUT) -> None:
        super().__init__(exclusion_writer)
        if level not in _LEVELS:
            raise ValueError(f"level must be one of {', '.join(_LEVELS)}, not {level!r}")
        self.rules = _Rules(rules, select, ignore, defaults)
        self.level = level
        self.timeout = timeout

    def filter(self, doc: Any) -> bool | tuple[bool, str]:
        from textclean.api import check_document

        report = check_document(_document(doc), self.rules.get(), timeout=self.timeout)
        bar = _LEVELS[self.level]
        failing = [f for f in report.findings if _LEVELS[Level(f.level).value] >= bar]
        for finding in report.findings:
            self.stat_update(f"found_{finding.rule}")
        doc.metadata["textclean_rules"] = sorted({f.rule for f in failing})
        if failing:
            return False, f"textclean_{failing[0].rule}"
        return True
