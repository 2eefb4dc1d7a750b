"""Report-only document checks that need more than a regex.

The finders run in the compiled core (`crates/textclean-core/src/repairs/checks.rs`);
tests/core/test_repairs_equivalence.py holds them to the Python reference they were ported
from (tests/core/reference/checks.py) over the benchmark corpora.
"""

from __future__ import annotations

from collections.abc import Iterator

from textclean.repairs import Hit
from textclean.repairs.core import Value, core_hits, core_params


@core_params("flag_repeated_lines")
def find_repeated_lines(text: str, **params: Value) -> Iterator[Hit]:
    """Report lines that occur more than once in a document (each repeat after the first).

    Short lines (under `min_words` words) are ignored: a heading or a one-word label may
    repeat legitimately. Lines compare by their words, casefolded.

    >>> t = "Buy the new phone today now\\nReal text.\\nBuy the new phone today now"
    >>> [h.span.start for h in find_repeated_lines(t)]
    [39]
    """
    return core_hits("flag_repeated_lines", text, **params)


def find_truncated_ending(text: str) -> Iterator[Hit]:
    """Report a document that ends mid-sentence with an ellipsis (`... All...`), a cut body.

    >>> [h.message for h in find_truncated_ending("The court ruled that All...")]
    ['document ends in an ellipsis: the body looks cut short']
    >>> list(find_truncated_ending("It ended."))
    []
    """
    return core_hits("flag_truncated_ending", text)
