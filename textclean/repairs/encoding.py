"""Encoding repairs: mojibake, HTML entities, invisible characters."""

from __future__ import annotations

import html
import html.entities
from collections.abc import Iterator

import ftfy
import regex

from textclean.model import Edit, Span
from textclean.repairs import Hit

_LINE = regex.compile(r"[^\n]*\n?")


_ENTITY = regex.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _decode_entity(m: regex.Match[str]) -> str:
    entity = m.group()
    if m.group(1)[0] == "#":
        decoded = html.unescape(entity)  # maps &#150; to "–" as browsers do
    else:
        decoded = html.entities.html5.get(m.group(1) + ";", entity)
    # Decoding to a control character (&#0;, &#7;) would add damage rather than remove it.
    if any((ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) < 0xA0 or c == "\ufffd" for c in decoded):
        return entity
    return decoded


def unescape_html(text: str) -> str:
    """Decode complete HTML entities (named, decimal, hex) in `text`.

    Only whole entities with their semicolon are decoded. `html.unescape` alone would also
    read the legacy prefix of `&notanentity;` as `&not`; as ftfy notes, a partial decode is
    not what we want.

    >>> unescape_html("Tom &amp; Jerry&#8217;s &lt;b&gt;")
    'Tom & Jerry’s <b>'
    >>> unescape_html("&notanentity; &#0;")
    '&notanentity; &#0;'
    """
    return _ENTITY.sub(_decode_entity, text)


def remove_text(text: str) -> str:
    """Delete the matched text (for invisible characters, where `replace: ''` reads badly).

    >>> remove_text("\\u200b")
    ''
    """
    return ""


def fix_c1_controls(text: str) -> str:
    """Read C1 control characters (U+0080-U+009F) as the Windows-1252 characters they were.

    >>> fix_c1_controls("\\x93quoted\\x94")
    '“quoted”'
    """
    return ftfy.fixes.fix_c1_controls(text)


def _explain(steps: list[tuple[str, str]] | None) -> str:
    if not steps:
        return ""
    return ", ".join(f"{op} {arg}" for op, arg in steps)


def find_mojibake(text: str, *, min_length: int = 1) -> Iterator[Hit]:
    """Find text that was decoded with the wrong codec (mojibake) and ftfy can restore.

    ftfy's `fix_encoding_and_explain` runs on each line that has a non-ASCII character
    (mojibake always does, so ASCII lines are skipped at no cost). The edit covers only the
    part of the line that changed, and the message carries ftfy's explanation, e.g.
    `encode sloppy-windows-1252, decode utf-8`.

    >>> text = "I donâ€™t know"
    >>> [(text[h.span.start:h.span.end], h.edits[0].replacement) for h in find_mojibake(text)]
    [('â€™', '’')]
    """
    for match in _LINE.finditer(text):
        line = match.group()
        if not line or line.isascii():
            continue
        fixed, steps = ftfy.fix_encoding_and_explain(line)
        if fixed == line:
            continue
        # Shrink the edit to the part that differs, so reports point at the damage.
        head = 0
        limit = min(len(line), len(fixed))
        while head < limit and line[head] == fixed[head]:
            head += 1
        tail = 0
        while (
            tail < limit - head
            and line[len(line) - 1 - tail] == fixed[len(fixed) - 1 - tail]
        ):
            tail += 1
        start = match.start() + head
        end = match.start() + len(line) - tail
        if end - start < min_length:
            continue
        replacement = fixed[head : len(fixed) - tail]
        how = _explain(steps)
        message = "mojibake: text decoded with the wrong codec"
        if how:
            message += f" (ftfy: {how})"
        yield Hit(Span(start, end), message, (Edit(Span(start, end), replacement),))
