"""Markup repairs: tags and entities left in text."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from textclean.repairs import Hit
from textclean.repairs.core import core_hits

_BREAK = regex.compile(r"(?i)^<br\b")


def strip_tag(text: str) -> str:
    """Remove an HTML tag; a `<br>` becomes a line break so words stay apart.

    >>> strip_tag("<br/>")
    '\\n'
    >>> strip_tag('<span class="x">')
    ''
    """
    return "\n" if _BREAK.match(text) else ""


def find_leftover_tags(text: str) -> Iterator[Hit]:
    """Find HTML tags left in the text by a converter, and remove them (`strip_tag`).

    Markup shown as code is content and stays: a fenced or indented block, inline `code`, and
    a line that is all markup in a paragraph about markup (after a line ending in a colon, or
    one that speaks of HTML, elements, tags...). Tags around prose go, and so does an editor's
    bookmark (`data-mce-`) wherever it is. The finder runs in the compiled core
    (`crates/textclean-core/src/repairs/markup.rs`).

    >>> t = 'Hello<br>world.\\n\\nThe element:\\n\\n<div id="app"></div>\\n'
    >>> [t[h.span.start:h.span.end] for h in find_leftover_tags(t)]
    ['<br>']
    """
    return core_hits("strip_leftover_tags", text)


def find_html_entities(text: str) -> Iterator[Hit]:
    """Find HTML entities left as literal text, and decode them (`unescape_html`).

    Only complete entities (with their semicolon) that decode to something are reported:
    named ones of HTML5 and ftfy's all-caps spellings, decimal and hex references. An
    `&name;` that is no entity (`&T;`, `&fish;`) is text, and a reference that would decode
    to a control character (`&#0;`, `&#x81;`) is left alone rather than made worse. The
    finder runs in the compiled core (`crates/textclean-core/src/repairs/markup.rs`).

    >>> t = "Tom &amp; Jerry&#8217;s &EACUTE;t&eacute; &notreal;"
    >>> [(t[h.span.start:h.span.end], h.edits[0].replacement) for h in find_html_entities(t)]
    [('&amp;', '&'), ('&#8217;', '’'), ('&EACUTE;', 'É'), ('&eacute;', 'é')]
    """
    return core_hits("decode_html_entities", text)
