"""The Python side of the finders that run in the compiled core (`textclean._core`).

Each finder of `textclean.repairs` that the core implements is a thin function that calls
:func:`core_hits` with its repair name; the core works on the text with the GIL released and
returns hits in code-point offsets, turned here into :class:`~textclean.repairs.Hit` values.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from textclean import _core
from textclean.model import Edit, Span
from textclean.repairs import Hit

_SURROGATE = re.compile("[\ud800-\udfff]")


@functools.lru_cache(maxsize=256)
def core_finder(name: str, params: tuple[tuple[str, int], ...] = ()) -> _core.Finder:
    """The core's finder `name` with `params` set, made once per process."""
    return _core.Finder(name, list(params))


def without_surrogates(text: str, stand_in: str = "\ufffd") -> str:
    """`text` with each lone surrogate replaced by `stand_in`.

    A lone surrogate has no UTF-8 form, so the core cannot read it. U+FFFD is one code point
    for one (offsets hold) and, like a surrogate, neither a letter, a digit, a word character
    nor a space to any finder.
    """
    return _SURROGATE.sub(stand_in, text)


T = TypeVar("T")


def on_text(call: Callable[..., T], text: str, *args: object) -> T:
    """`call(text, *args)`, a core function, retried with `without_surrogates(text)` when the
    text cannot cross into the core."""
    try:
        return call(text, *args)
    except UnicodeEncodeError:
        return call(without_surrogates(text), *args)


def core_hits(name: str, text: str, **params: int) -> Iterator[Hit]:
    """The hits of the core's finder `name` on `text`."""
    raw = on_text(core_finder(name, tuple(sorted(params.items()))).find, text)
    return iter(
        [
            Hit(Span(start, end), message, tuple(Edit(Span(a, b), new) for a, b, new in edits))
            for start, end, message, edits in raw
        ]
    )
