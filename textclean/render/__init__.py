"""Renderers: a Report in, text out. They compute nothing and decide nothing.

    text      console lines `path:line:col: CODE message`, then a summary
    json      the versioned JSON report (`Report.to_dict()`); `textclean report` reads it back
    html      one self-contained page: summary, per-rule chart, documents and diffs
    junit     JUnit XML, one testsuite per rule (GitLab, Jenkins)
    sarif     SARIF 2.1.0 with fixes (GitHub code scanning)
    github    GitHub Actions annotations (workflow commands)
    markdown  a summary for $GITHUB_STEP_SUMMARY
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textclean.report.report import Report

# Each format's module, imported when that format is first rendered: a run renders one or two
# formats, and importing all of them (xml.etree for junit, ...) is a fixed cost of every call.
MODULES = {
    "text": "console",
    "json": "json",
    "html": "html",
    "junit": "junit",
    "sarif": "sarif",
    "github": "github",
    "markdown": "markdown",
}


def _renderer(module: str) -> Callable[[Report], str]:
    def render(report: Report) -> str:
        fn: Callable[[Report], str] = importlib.import_module(f"textclean.render.{module}").render
        return fn(report)

    render.__qualname__ = render.__name__ = f"render_{module}"
    return render


RENDERERS: dict[str, Callable[[Report], str]] = {name: _renderer(m) for name, m in MODULES.items()}
