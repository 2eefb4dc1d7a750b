"""A long line repeated right below itself: a caption or teaser the page rendered twice.

Pages print the same caption as an image's `alt` text and under the image, carousels print a
caption once per size, and teaser blocks print a title twice (link text and heading). An
extractor keeps every copy, so the same long line comes back within a few lines. An article
does not say the same sentence twice in a row, so the later copy goes; the first stays, and
lines that repeat farther apart (an interview's recurring question, a refrain) are left.

The finder runs in the compiled core (`crates/textclean-core/src/repairs/duplicates.rs`): one
pass over the lines, comparing each long line's words with those of the few non-blank lines
above it. tests/core/test_repairs_equivalence.py holds it to the Python reference it was
ported from (tests/core/reference/duplicates.py) over the benchmark corpora.
"""

from __future__ import annotations

from collections.abc import Iterator

from textclean.repairs import Hit
from textclean.repairs.core import Value, core_hits, core_params


@core_params("delete_nearby_duplicate_line")
def find_nearby_duplicate_lines(text: str, **params: Value) -> Iterator[Hit]:
    """Delete a line of at least `min_words` words whose words, casefolded, are those of one
    of the `window` non-blank lines above it (punctuation, bullets and indentation aside).

    >>> t = "The ferry leaves the harbour at dawn on a grey Monday\\n  The ferry leaves the harbour at dawn on a grey Monday.\\nThe pier reopened."
    >>> [h.message for h in find_nearby_duplicate_lines(t)]
    ['line repeated 1 line(s) below its first copy']
    """
    return core_hits("delete_nearby_duplicate_line", text, **params)
