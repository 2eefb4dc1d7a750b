"""Named repairs that rule files cite by name.

A repair is either a *transform* (a pure ``str -> str`` function, ftfy style, applied by a
``pattern`` rule to the text it matched: ``fix: {repair: unescape_html}``) or a *finder*
(``find(text, **params)`` yielding :class:`Hit` values, cited by a ``repair`` rule:
``kind: repair``, ``repair: rejoin_broken_url``), or both. The registry is the explicit dict
:data:`REPAIRS`, like ftfy's ``FIXERS``: to see where a name comes from, read it here.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from textclean import _core
from textclean.model import Edit, Safety, Span


@dataclass(frozen=True, slots=True)
class Hit:
    """What a finder reports: where the artifact is, an optional message and its edits.

    No edits means "report only". Edits are sorted and never overlap. `at_most` caps the
    safety of the fix below the rule's (a block deletion that would take a piece of a
    hard-wrapped sentence is at most unsafe).
    """

    span: Span
    message: str | None = None
    edits: tuple[Edit, ...] = ()
    at_most: Safety | None = None


Finder = Callable[..., Iterator[Hit]]
Transform = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Repair:
    """A named repair: a transform, a finder, or both."""

    name: str
    transform: Transform | None = None
    finder: Finder | None = None

    @property
    def doc(self) -> str:
        fn = self.finder or self.transform
        return inspect.getdoc(fn) or ""

    def param_names(self) -> dict[str, inspect.Parameter]:
        """Keyword parameters a rule may set under `params:` (everything after `text`)."""
        if self.finder is None:
            return {}
        params = list(inspect.signature(self.finder).parameters.values())[1:]
        return {p.name: p for p in params}

    def check_params(self, params: dict[str, Any]) -> list[str]:
        """Problems with `params` for this repair, as messages (empty when fine)."""
        allowed = self.param_names()
        problems = [
            f"unknown parameter {name!r} for repair {self.name!r}"
            + (f" (known: {', '.join(sorted(allowed))})" if allowed else " (it takes none)")
            for name in params
            if name not in allowed
        ]
        for name, param in allowed.items():
            if name in params and param.default is not inspect.Parameter.empty:
                default = param.default
                value = params[name]
                if default is not None and not isinstance(value, type(default)):
                    if not (isinstance(default, float) and isinstance(value, int)):
                        problems.append(
                            f"parameter {name!r} of repair {self.name!r} should be "
                            f"{type(default).__name__}, got {type(value).__name__}"
                        )
        if not problems and self.finder is not None and self.name in _core.finder_names():
            from textclean.repairs.core import core_finder, param_key

            try:
                core_finder(self.name, param_key(params))
            except ValueError as e:  # a value the core cannot use (a pattern only Python reads)
                problems.append(str(e))
        return problems


def _registry() -> dict[str, Repair]:
    # Imported here so each module can import Hit from this package without a cycle.
    from textclean.repairs import (
        blocks,
        checks,
        comments,
        duplicates,
        encoding,
        layout,
        markup,
        teasers,
        words,
    )

    entries = [
        Repair("unescape_html", transform=encoding.unescape_html),
        Repair("remove_text", transform=encoding.remove_text),
        Repair("strip_tag", transform=markup.strip_tag),
        Repair("strip_leftover_tags", finder=markup.find_leftover_tags),
        Repair("fix_mojibake", finder=encoding.find_mojibake),
        Repair("fix_c1_controls", transform=encoding.fix_c1_controls),
        Repair("rejoin_broken_url", finder=layout.find_broken_url),
        Repair("join_broken_paragraph", finder=layout.find_broken_paragraph),
        Repair("move_slid_quote", finder=layout.find_slid_quote),
        Repair("flag_unbalanced_quotes", finder=layout.find_unbalanced_quotes),
        Repair("join_drop_cap", finder=words.find_drop_cap),
        Repair("join_hyphenated_line_break", finder=words.find_line_end_hyphenation),
        Repair("join_spaced_hyphenation", finder=words.find_spaced_hyphenation),
        Repair("restore_compound_hyphen", finder=words.find_unhyphenated_compound),
        Repair("split_glued_words", finder=words.find_glued_words),
        Repair("flag_repeated_lines", finder=checks.find_repeated_lines),
        Repair("flag_truncated_ending", finder=checks.find_truncated_ending),
        Repair("decode_html_entities", finder=markup.find_html_entities),
        Repair("delete_navigation_block", finder=blocks.find_navigation_block),
        Repair("delete_page_chrome", finder=blocks.find_page_chrome),
        Repair("delete_teaser_list", finder=teasers.find_teaser_list),
        Repair("delete_comment_thread", finder=comments.find_comment_thread),
        Repair("delete_nearby_duplicate_line", finder=duplicates.find_nearby_duplicate_lines),
    ]
    return {r.name: r for r in entries}


REPAIRS: dict[str, Repair] = _registry()

__all__ = ["REPAIRS", "Finder", "Hit", "Repair", "Transform"]
