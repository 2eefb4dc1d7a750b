"""Markup repairs: tags and entities left in text."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from tests.core.reference.encoding import unescape_html
from textclean.model import Edit, Span
from textclean.repairs import Hit

_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def may_have_entity(text: str) -> bool:
    """Gate for `find_html_entities`: every entity has `&` and `;`."""
    return "&" in text and ";" in text


def find_html_entities(text: str) -> Iterator[Hit]:
    """Find HTML entities left as literal text, and decode them (`unescape_html`).

    Only complete entities (with their semicolon) that decode to something are reported:
    named ones of HTML5 and ftfy's all-caps spellings, decimal and hex references. An
    `&name;` that is no entity (`&T;`, `&fish;`) is text, and a reference that would decode
    to a control character (`&#0;`, `&#x81;`) is left alone rather than made worse.

    >>> t = "Tom &amp; Jerry&#8217;s &EACUTE;t&eacute; &notreal;"
    >>> [(t[h.span.start:h.span.end], h.edits[0].replacement) for h in find_html_entities(t)]
    [('&amp;', '&'), ('&#8217;', '’'), ('&EACUTE;', 'É'), ('&eacute;', 'é')]
    """
    for m in _ENTITY.finditer(text):
        entity = m.group()
        decoded = unescape_html(entity)
        if decoded == entity:
            continue
        span = Span(m.start(), m.end())
        yield Hit(span, None, (Edit(span, decoded),))
