"""Helpers shared by the reliability tests (the `run` fixture is in conftest.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

# The command as a real process: `kill -9` and resource limits need one.
COMMAND = [sys.executable, "-c", "from textclean.cli import main; main()"]


def textclean_process(*args: str, cwd: Path, **kwargs: Any) -> subprocess.Popen[str]:
    """Start `textclean ARGS` as a child process (stdout and stderr captured as text)."""
    return subprocess.Popen(
        [*COMMAND, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        **kwargs,
    )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_rule(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# A pattern that backtracks exponentially on a run of a's followed by something else. The
# texts it is used on end in "a" too, so a prefilter looking for the literals every match
# needs (an "a" before the end) cannot skip it: the regex really runs.
SLOW_RULE = """\
code: XX001
name: slow-pattern
summary: a pattern that backtracks exponentially
level: warning
kind: pattern
pattern: '(a|aa)+$'
fix: {replace: ''}
"""

# The same trap, report-only: it slows every document it runs on down and changes nothing.
# "(a|aa)+b" needs "ab" somewhere in the text, so give it one after the trap.
# Fuzzy matching (`{e<=0}`: no error allowed, so the same matches) is read by Python's
# `regex` alone, so the pattern runs there and backtracks; the core's engines would find
# its matches in linear time and the run would end before a test can kill it.
SLOW_REPORT_RULE = """\
code: XX004
name: slow-report
summary: a report-only pattern that backtracks exponentially
level: info
kind: pattern
pattern: '(?:(a|aa)+b){e<=0}'
"""

# Swaps `&amp;` for `&`, so a run with only user rules still changes something.
AMP_RULE = """\
code: XX002
name: amp-entity
summary: ampersand entity
level: warning
kind: swap
swap: {'&amp;': '&'}
fix: {safety: safe}
"""


def fixed_rules(report_path: Path) -> dict[str, list[str]]:
    """Per document (by file name or record id): the rules whose fixes were applied."""
    from textclean.report.report import Report

    report = Report.from_dict(json.loads(report_path.read_text(encoding="utf-8")))
    return {
        entry.id.split("/")[-1]: [f.rule for f in entry.findings if f.fixed] for entry in report.entries
    }
