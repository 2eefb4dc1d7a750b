"""Markup repairs: tags left in text."""

from __future__ import annotations

import regex

_BREAK = regex.compile(r"(?i)^<br\b")


def strip_tag(text: str) -> str:
    """Remove an HTML tag; a `<br>` becomes a line break so words stay apart.

    >>> strip_tag("<br/>")
    '\\n'
    >>> strip_tag('<span class="x">')
    ''
    """
    return "\n" if _BREAK.match(text) else ""
