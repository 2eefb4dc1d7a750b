"""Encoding repairs: mojibake, HTML entities, invisible characters."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from textclean import _core
from textclean.model import Edit, Span
from textclean.repairs import Hit
from textclean.text.crossing import on_text, without_surrogates

T = TypeVar("T")


def unescape_html(text: str) -> str:
    """Decode complete HTML entities (named, decimal, hex) in `text`.

    Only whole entities with their semicolon are decoded. `html.unescape` alone would also
    read the legacy prefix of `&notanentity;` as `&not`; as ftfy notes, a partial decode is
    not what we want. A reference that would decode to a control character (`&#0;`) stays.
    Runs in the compiled core (`crates/textclean-core/src/repairs/markup.rs`), with the
    entity table of `html.entities.html5` and ftfy's all-caps spellings.

    >>> unescape_html("Tom &amp; Jerry&#8217;s &lt;b&gt;")
    'Tom & Jerry’s <b>'
    >>> unescape_html("&notanentity; &#0;")
    '&notanentity; &#0;'
    >>> unescape_html("P&EACUTE;REZ &EURO;")
    'PÉREZ €'
    """
    if "&" not in text:
        return text
    return on_text(_core.unescape_html, text)


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
    import ftfy.fixes  # imported on first use: ftfy costs a run that needs no repair of it

    return ftfy.fixes.fix_c1_controls(text)


def _on_text(call: Callable[[str], T], text: str) -> T:
    """`on_text` with U+E000 for a lone surrogate: U+FFFD is one of ftfy's badness
    characters, U+E000 is in none of its sets (the core's tests check this)."""
    try:
        return call(text)
    except UnicodeEncodeError:
        return call(without_surrogates(text, "\ue000"))


def looks_bad(text: str) -> bool:
    """Exactly `ftfy.badness.is_bad(text)`, searching only around trigger characters.

    Every alternative of ftfy's badness regex must match non-ASCII characters from short
    lists (its triggers, read from the regex by crates/textclean-core/gen_tables.py), and a
    match is a few characters long; the core finds the windows around the triggers, and the
    regex runs only there. `search(text, pos, endpos)` keeps `^` meaning the real start of
    the text, so searching those windows finds a match exactly when searching all does.

    >>> looks_bad("I donâ€™t know"), looks_bad("Café “au lait”"), looks_bad("plain")
    (True, False, False)
    """
    if text.isascii():
        return False  # every alternative needs a non-ASCII character
    import ftfy.badness  # on first use, as in `fix_c1_controls`

    search = ftfy.badness.BADNESS_RE.search
    return any(search(text, lo, hi) for lo, hi in _on_text(_core.badness_windows, text))


def lines_that_look_bad(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of each line (with its "\n") on which `looks_bad` is true.

    Only lines holding a trigger character can be (the core finds them); the others are
    never looked at.
    """
    if text.isascii():
        return
    for start, end in _on_text(_core.mojibake_lines, text):
        line = text[start:end]
        if looks_bad(line):
            yield start, line


def _explain(steps: Sequence[tuple[str, str]] | None) -> str:
    if not steps:
        return ""
    return ", ".join(f"{op} {arg}" for op, arg in steps)


def find_mojibake(text: str, *, min_length: int = 1) -> Iterator[Hit]:
    """Find text that was decoded with the wrong codec (mojibake) and ftfy can restore.

    ftfy's `fix_encoding_and_explain` runs on each line that ftfy's own badness test
    flags (`looks_bad`); other lines it would return unchanged. The edit covers only the
    part of the line that changed, and the message carries ftfy's explanation, e.g.
    `encode sloppy-windows-1252, decode utf-8`.

    >>> text = "I donâ€™t know"
    >>> [(text[h.span.start:h.span.end], h.edits[0].replacement) for h in find_mojibake(text)]
    [('â€™', '’')]
    """
    return mojibake_hits(lines_that_look_bad(text), min_length)


def mojibake_hits(lines: Iterable[tuple[int, str]], min_length: int = 1) -> Iterator[Hit]:
    """The hits of `find_mojibake` on these (offset, line) pairs of a text: ftfy's repair of
    each line, the edit shrunk to the part that changed (at least `min_length` long)."""
    for offset, line in lines:
        import ftfy  # on the first line to repair, as in `fix_c1_controls`

        # ftfy's first step returns a line that is ASCII or not `is_bad` unchanged;
        # `looks_bad` is that test, only faster, and only lines with a trigger can pass it.
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
        start = offset + head
        end = offset + len(line) - tail
        if end - start < min_length:
            continue
        replacement = fixed[head : len(fixed) - tail]
        how = _explain(steps)
        message = "mojibake: text decoded with the wrong codec"
        if how:
            message += f" (ftfy: {how})"
        yield Hit(Span(start, end), message, (Edit(Span(start, end), replacement),))
