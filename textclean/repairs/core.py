"""The Python side of the finders that run in the compiled core (`textclean._core`).

Each finder of `textclean.repairs` that the core implements is a thin function that calls
:func:`core_hits` with its repair name and its arguments; one that takes parameters is marked
`@core_params(NAME)`, which gives it the core's parameters, with their defaults, as its
signature (the core states them once: `_core.finder_params`); its docstring documents them.
The core works on the text with the GIL released and returns hits in code-point offsets,
turned here into :class:`~textclean.repairs.Hit` values.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from textclean import _core
from textclean.model import Edit, Safety, Span
from textclean.repairs import Hit
from textclean.text.crossing import on_text

# A parameter value as the core takes it: an int, a float, or a sequence of str (a tuple here,
# so that finders can be cached by their parameters).
Param = int | float | tuple[str, ...]
# A parameter value as a caller gives it (None: a list left out).
Value = int | float | Sequence[str] | None

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


def core_params(name: str) -> Callable[[Callable[..., Iterator[Hit]]], Callable[..., Iterator[Hit]]]:
    """Give the finder the core's finder `name` as its keyword parameters (after `text`): its
    signature (`help()`, `inspect.signature`, the check of a rule's `params:`) shows each
    with the core's default (None: a list, empty unless given), and a name the core does not
    take is a TypeError, as for any function."""
    signature = inspect.Signature([
        inspect.Parameter("text", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str),
        *(inspect.Parameter(param, inspect.Parameter.KEYWORD_ONLY, default=default)
          for param, default in _core.finder_params(name)),
    ])

    def wrap(fn: Callable[..., Iterator[Hit]]) -> Callable[..., Iterator[Hit]]:
        @functools.wraps(fn)
        def finder(*args: Any, **params: Value) -> Iterator[Hit]:
            signature.bind(*args, **params)
            return fn(*args, **params)

        finder.__signature__ = signature  # type: ignore[attr-defined]
        return finder

    return wrap


def core_hits(name: str, text: str, **params: Value) -> Iterator[Hit]:
    """The hits of the core's finder `name` on `text`."""
    return iter(hits_of(on_text(core_finder(name, param_key(params)).find, text)))


# A hit as the core hands it over: (start, end, message, [(start, end, replacement), ...],
# whether its fix is at most unsafe).
RawHit = tuple[int, int, str | None, list[tuple[int, int, str]], bool]


def hits_of(raw: Iterable[RawHit]) -> list[Hit]:
    """The core's hits as :class:`~textclean.repairs.Hit` values; a hit the core marks (a
    deletion that takes a piece of a hard-wrapped sentence, `WRAPPED_NOTE`; a join that may
    be prose) has a fix that is at most unsafe."""
    return [
        Hit(
            Span(start, end),
            message,
            tuple(Edit(Span(a, b), new) for a, b, new in edits),
            Safety.UNSAFE if unsafe else None,
        )
        for start, end, message, edits, unsafe in raw
    ]
