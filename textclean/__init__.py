"""textclean: find and repair the damage scraping leaves in text, with YAML rules.

>>> import textclean
>>> rules = textclean.load_rules()
>>> textclean.fix_text("Tom &amp; Jerry", rules).text
'Tom & Jerry'
"""

from textclean._version import __version__
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
