"""How a text crosses into the compiled core (`textclean._core`), which reads UTF-8.

A lone surrogate (a `str` can hold one; UTF-8 cannot) makes the crossing fail; `on_text`
retries the call with each one replaced by a stand-in of the same length, so offsets hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str, stand_in: str = "\ufffd") -> str:
    """`text` with each lone surrogate replaced by `stand_in`.

    A lone surrogate has no UTF-8 form, so the core cannot read it. U+FFFD is one code point
    for one (offsets hold) and, like a surrogate, neither a letter, a digit, a word character
    nor a space to any finder.

    >>> without_surrogates("a\\ud800b")
    'a\\ufffdb'
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


__all__ = ["on_text", "without_surrogates"]
