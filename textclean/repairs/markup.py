"""Markup repairs: tags and entities left in text."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from textclean.model import Edit, Span
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


# An HTML tag of the elements extractors leave behind (the attribute values may hold `>`).
_TAG = regex.compile(
    r"</?(?i:p|br|div|span|a|b|i|em|strong|u|img|ul|ol|li|h[1-6]|figure|figcaption|blockquote|"
    r"sup|sub|font|center|small|iframe|section|article|header|footer|nav|table|tr|td|th|tbody|"
    r'thead)\b(?:[^<>"]|"[^"]*")*/?>'
)
_FENCE = regex.compile(r"^ {0,3}(?:```|~~~)")
_INLINE_CODE = regex.compile(r"`[^`\n]+`")
# Words that say a text is about markup, so a line of markup in it is an example, not debris.
_ABOUT_MARKUP = regex.compile(
    r"(?i)\b(?:html|markup|css|javascript|jsx|dom|xml|svg|snippet|elements?|attributes?|tags?)\b"
)


def may_have_tag(text: str) -> bool:
    """Gate for `find_leftover_tags`: every tag starts with `<`."""
    return "<" in text


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where markup in `text` is shown as code, not left over: fenced blocks, indented
    blocks, inline `code`, and lines that are all markup in a paragraph about markup (the
    line before ends in a colon or speaks of HTML, elements, tags..., or is such a line)."""
    spans: list[tuple[int, int]] = [m.span() for m in _INLINE_CODE.finditer(text)]
    fenced = False
    previous = ""  # the last line that is not blank
    previous_code = False  # ...and whether it was a line of markup shown as code
    after_blank = True
    in_indented = False
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        body = line.rstrip("\r\n")
        stripped = body.strip()
        code = False
        if _FENCE.match(body):
            fenced = not fenced
            code = True
        elif fenced:
            code = True
        elif stripped and body.startswith(("    ", "\t")) and (after_blank or in_indented):
            code = in_indented = True
        elif stripped.startswith("<") and stripped.endswith(">") and "data-mce-" not in stripped:
            code = previous_code or previous.endswith(":") or bool(
                _ABOUT_MARKUP.search(_TAG.sub(" ", previous))
            )
        if code:
            spans.append((start, pos))
        if stripped:
            previous, previous_code = stripped, code
            in_indented = in_indented and body.startswith(("    ", "\t"))
            after_blank = False
        else:
            after_blank = True
    return spans


def find_leftover_tags(text: str) -> Iterator[Hit]:
    """Find HTML tags left in the text by a converter, and remove them (`strip_tag`).

    Markup shown as code is content and stays: a fenced or indented block, inline `code`, and
    a line that is all markup in a paragraph about markup (after a line ending in a colon, or
    one that speaks of HTML, elements, tags...). Tags around prose go, and so does an editor's
    bookmark (`data-mce-`) wherever it is.

    >>> t = 'Hello<br>world.\\n\\nThe element:\\n\\n<div id="app"></div>\\n'
    >>> [t[h.span.start:h.span.end] for h in find_leftover_tags(t)]
    ['<br>']
    """
    code: list[tuple[int, int]] | None = None
    for m in _TAG.finditer(text):
        if code is None:
            code = _code_spans(text)
        if any(s <= m.start() and m.end() <= e for s, e in code):
            continue
        span = Span(m.start(), m.end())
        yield Hit(span, None, (Edit(span, strip_tag(m.group())),))


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
