"""Exceptions raised by textclean.

Findings are values, never exceptions; these are for things that stop a run or a document.
Each carries the CLI exit code it maps to (click's `ClickException.exit_code`)::

    TextcleanError                 exit 2
    ├── RuleError                  a rule file is broken (file:line:col: message, one per problem)
    ├── ReadError                  an input cannot be read (path, record)
    ├── WriteError                 an output cannot be written
    ├── ConfigError                bad `[tool.textclean]` / textclean.toml settings
    ├── MissingExtraError          a feature needs an optional extra that is not installed
    └── FixDidNotConverge          fixes kept changing the text after the pass limit (codes)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

EXIT_SUCCESS = 0
EXIT_FAIL = 1
EXIT_ERROR = 2


class TextcleanError(Exception):
    """Base class for every error textclean raises on purpose."""

    exit_code = EXIT_ERROR


@dataclass(frozen=True, slots=True)
class RuleProblem:
    """One problem in a rule file, located as `file:line:col` (1-based)."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class RuleError(TextcleanError):
    """One or more rule files are broken; nothing was read or changed."""

    def __init__(self, problems: Sequence[RuleProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ReadError(TextcleanError):
    """An input path or record cannot be read."""

    def __init__(self, path: str, message: str, record: int | None = None) -> None:
        self.path = path
        self.record = record
        where = f"{path}:{record}" if record is not None else path
        super().__init__(f"{where}: {message}")


class WriteError(TextcleanError):
    """An output cannot be written (unwritable destination, disk full, ...)."""


class ConfigError(TextcleanError):
    """Settings in `pyproject.toml` or `textclean.toml` are wrong."""


class MissingExtraError(TextcleanError, ImportError):
    """A feature needs an optional dependency; the message names the extra to install."""

    def __init__(self, feature: str, extra: str) -> None:
        self.extra = extra
        super().__init__(f"{feature} needs the '{extra}' extra: pip install 'textclean[{extra}]'")


class FixDidNotConverge(TextcleanError):
    """Fixes still changed the text after the pass limit; the rules involved likely fight."""

    def __init__(self, codes: Sequence[str], passes: int) -> None:
        self.codes = tuple(sorted(set(codes)))
        self.passes = passes
        super().__init__(
            f"fixes did not converge after {passes} passes; rules still changing the text: "
            + ", ".join(self.codes)
        )
