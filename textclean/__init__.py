"""textclean: find and repair the damage scraping leaves in text, with YAML rules.

>>> import textclean
>>> rules = textclean.load_rules()
>>> textclean.fix_text("Tom &amp; Jerry", rules).text
'Tom & Jerry'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from textclean._version import __version__

if TYPE_CHECKING:
    from textclean.api import FixedDocument, FixRun, check_documents, fix_documents
    from textclean.engine.loop import check_text, fix_text
    from textclean.errors import (
        FixDidNotConverge,
        MissingExtraError,
        ReadError,
        RuleError,
        TextcleanError,
    )
    from textclean.integrations.frames import check_series, fix_series
    from textclean.model import (
        AppliedFix,
        Document,
        Edit,
        Finding,
        Fix,
        FixResult,
        Level,
        Safety,
        Span,
    )
    from textclean.report.baseline import Baseline, load_baseline
    from textclean.report.report import Report
    from textclean.report.triage import Triager
    from textclean.rules.kinds import Rule
    from textclean.rules.loader import RuleSet, load_rules

# The public names, each with the module it lives in. They are imported on first use (PEP 562):
# `import textclean.cli` runs this file too, and a CLI run needs only some of these modules
# (the pandas and polars helpers, for one, never), so importing them all here was a fixed cost
# of every command. `from textclean import fix_text` and `textclean.fix_text` work as before.
_EXPORTS = {
    "FixedDocument": "textclean.api",
    "FixRun": "textclean.api",
    "check_documents": "textclean.api",
    "fix_documents": "textclean.api",
    "check_text": "textclean.engine.loop",
    "fix_text": "textclean.engine.loop",
    "FixDidNotConverge": "textclean.errors",
    "MissingExtraError": "textclean.errors",
    "ReadError": "textclean.errors",
    "RuleError": "textclean.errors",
    "TextcleanError": "textclean.errors",
    "check_series": "textclean.integrations.frames",
    "fix_series": "textclean.integrations.frames",
    "AppliedFix": "textclean.model",
    "Document": "textclean.model",
    "Edit": "textclean.model",
    "Finding": "textclean.model",
    "Fix": "textclean.model",
    "FixResult": "textclean.model",
    "Level": "textclean.model",
    "Safety": "textclean.model",
    "Span": "textclean.model",
    "Baseline": "textclean.report.baseline",
    "load_baseline": "textclean.report.baseline",
    "Report": "textclean.report.report",
    "Triager": "textclean.report.triage",
    "Rule": "textclean.rules.kinds",
    "RuleSet": "textclean.rules.loader",
    "load_rules": "textclean.rules.loader",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'textclean' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next look-up is an ordinary one
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


__all__ = [
    "AppliedFix",
    "Baseline",
    "Document",
    "Edit",
    "Finding",
    "Fix",
    "FixDidNotConverge",
    "FixRun",
    "FixedDocument",
    "FixResult",
    "Level",
    "MissingExtraError",
    "ReadError",
    "Report",
    "Rule",
    "RuleError",
    "RuleSet",
    "Safety",
    "Span",
    "TextcleanError",
    "Triager",
    "__version__",
    "check_documents",
    "check_series",
    "check_text",
    "fix_documents",
    "fix_series",
    "fix_text",
    "load_baseline",
    "load_rules",
]
