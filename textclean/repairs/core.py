"""The Python side of the finders that run in the compiled core (`textclean._core`).

Each finder of `textclean.repairs` that the core implements is a thin function that calls
:func:`core_hits` with its repair name and its own arguments (`core_hits(NAME, **locals())`:
its keyword parameters, with their defaults, are the core's, and the signature and docstring
document them); the core works on the text with the GIL released and returns hits in
code-point offsets, turned here into :class:`~textclean.repairs.Hit` values.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence

from textclean import _core
from textclean.model import Edit, Safety, Span
from textclean.repairs import Hit
from textclean.text.crossing import on_text
from textclean.text.paragraphs import WRAPPED_NOTE

# A parameter value as the core takes it: an int, a float, or a sequence of str (a tuple here,
# so that finders can be cached by their parameters).
Param = int | float | tuple[str, ...]

@functools.lru_cache(maxsize=256)
def core_finder(name: str, params: tuple[tuple[str, Param], ...] = ()) -> _core.Finder:
    """The core's finder `name` with `params` set, made once per process (ValueError: the
    core cannot take these parameters)."""
    return _core.Finder(name, list(params))


def param_key(params: dict[str, int | float | Sequence[str] | None]) -> tuple[tuple[str, Param], ...]:
    """`params` as `core_finder` takes them: sorted, lists made tuples, None left out."""
    return tuple(
        sorted(
            (name, value if isinstance(value, int | float) else tuple(value))
            for name, value in params.items()
            if value is not None
        )
    )


def core_hits(name: str, text: str, **params: int | float | Sequence[str] | None) -> Iterator[Hit]:
    """The hits of the core's finder `name` on `text`."""
    return iter(hits_of(on_text(core_finder(name, param_key(params)).find, text)))


# A hit as the core hands it over: (start, end, message, [(start, end, replacement), ...]).
RawHit = tuple[int, int, str | None, list[tuple[int, int, str]]]


def hits_of(raw: Iterable[RawHit]) -> list[Hit]:
    """The core's hits as :class:`~textclean.repairs.Hit` values.

    A hit whose message ends with `WRAPPED_NOTE` deletes a piece of a hard-wrapped sentence:
    its fix is at most unsafe (the core says so in the message only).
    """
    return [
        Hit(
            Span(start, end),
            message,
            tuple(Edit(Span(a, b), new) for a, b, new in edits),
            Safety.UNSAFE if message is not None and message.endswith(WRAPPED_NOTE) else None,
        )
        for start, end, message, edits in raw
    ]
