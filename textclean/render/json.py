"""The JSON report: `Report.to_dict()` written with stable key order and indentation."""

from __future__ import annotations

import orjson

from textclean.report import Report


def render(report: Report) -> str:
    return orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
