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

from collections.abc import Callable

from textclean.render import console, github, html, json, junit, markdown, sarif
from textclean.report.report import Report

RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": console.render,
    "json": json.render,
    "html": html.render,
    "junit": junit.render,
    "sarif": sarif.render,
    "github": github.render,
    "markdown": markdown.render,
}
