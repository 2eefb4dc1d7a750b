"""The keys a line is compared by: the one place where a line is folded.

- `normalise_phrase`, the phrase key of the line rules (`phrases:`) and of `textclean
  suggest`: `PHRASE_EDGE` stripped from both ends, whitespace runs made one space, casefolded.
  The core computes the same key for every line of a text (`_core.phrase_key`).
- `fold_label`, the key the block finders compare lines with their navigation labels by
  (`markers:`): the same, with a few more edge characters (`✕ × / \\ +`, the bits of a close
  button or a breadcrumb), computed by the core. It also strips an opening `¡`/`¿` and a
  closing `。`, which frame a label in Spanish and in Chinese or Japanese.
"""

from __future__ import annotations

import regex

from textclean import _core
from textclean.text.crossing import on_text
from textclean.text.lines import NOT_REGEX_SPACE

# Punctuation and symbols that frame a boilerplate phrase: "» Read more", "Share:", "| Menu |".
PHRASE_EDGE = " \t\u00a0:|•·»«›‹>–—-_*#=~.,;!?()[]{}\"'“”‘’…→←▶►"
_SPACES = regex.compile(r"\s+")


def normalise_phrase(line: str) -> str:
    """Fold a line for phrase comparison: case, inner whitespace, edge punctuation.

    >>> normalise_phrase("  » Read   MORE: ")
    'read more'
    """
    core = line.strip(PHRASE_EDGE)
    if NOT_REGEX_SPACE.isdisjoint(core):
        # NOTE: `regex`'s \s and `str.split()` agree on every character but \x1c-\x1f, which
        # only str.split() takes for whitespace; without them this is the same key, in C.
        return " ".join(core.split()).casefold()
    return _SPACES.sub(" ", core).casefold().strip()


def fold_label(line: str) -> str:
    """A line folded for comparison with marker phrases: case, spaces, edge punctuation.

    Edge punctuation and symbols (`» Home`, `Contact |`, `• News`) are stripped, and an
    opening `¡`/`¿` and a closing `。` with them; runs of whitespace become one space, and the
    rest is casefolded (the core's `fold_label`).

    >>> fold_label("  » Contact   US | "), fold_label("¿Quiénes somos?"), fold_label("联系我们。")
    ('contact us', 'quiénes somos', '联系我们')
    """
    return on_text(_core.fold_label, line)


__all__ = ["PHRASE_EDGE", "fold_label", "normalise_phrase"]
