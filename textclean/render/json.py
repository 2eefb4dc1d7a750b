"""The JSON report: `Report.to_dict()` written with stable key order and indentation.

`chunks()` gives the same bytes piece by piece, one document at a time, so a large report is
written without holding all of it in memory.
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson

from textclean.report.report import Report

_EMPTY = b'"documents": []'  # orjson escapes quotes in strings, so only the key looks so


def render(report: Report) -> str:
    return orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


def chunks(report: Report) -> Iterator[bytes]:
    """`render(report)`, encoded, in pieces: the document list is serialised one by one."""
    head = orjson.dumps(report.to_dict(documents=False), option=orjson.OPT_INDENT_2)
    at = head.index(_EMPTY)
    separator = b'"documents": [\n    '
    empty = True
    for doc in report.all_entries():
        body = orjson.dumps(doc.to_dict(), option=orjson.OPT_INDENT_2)
        yield (head[:at] + separator if empty else separator) + body.replace(b"\n", b"\n    ")
        separator = b",\n    "
        empty = False
    if empty:
        yield head + b"\n"
    else:
        yield b"\n  ]" + head[at + len(_EMPTY) :] + b"\n"
