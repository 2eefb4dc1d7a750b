"""Block repairs: runs of lines that are page furniture as a whole, not one line at a time.

A line rule judges one line. Navigation menus, share bars and footers are made of lines that
are harmless one by one (`News`, `Sport`, `Contact`) but are plainly a menu together. These
finders look at runs of consecutive short lines (blank lines do not break a run; any other
line does) and at where the prose of the document starts and ends.

Vocabulary: a *short* line has at most `max_words` words and does not end like a sentence
(`.`, `!`, `?`, `…`, optionally followed by a closing quote or bracket). A *prose* line has at
least `prose_words` words and ends like a sentence. A *marker* is a line whose folded text is
one of the rule's `markers` (navigation labels such as `home`, `contact us`, `facebook`), or a
line made only of single-word markers (`Facebook Twitter Email`).

Every deletion is computed so that a second pass finds nothing more to delete: the runs that
remain after a pass are broken by the same non-short lines as before, and the head region
is bounded by the first prose line, which no finder here deletes.
"""

from __future__ import annotations

from collections.abc import Iterator

from textclean.repairs import Hit
from textclean.repairs.core import Value, core_hits, core_params


@core_params("delete_navigation_block")
def find_navigation_block(text: str, **params: Value) -> Iterator[Hit]:
    """Find navigation menus: runs of short lines in which navigation labels are common.

    A run of at least `min_lines` consecutive short lines (blank lines between them do not
    break the run) is a menu when at least `min_markers` of its lines, and at least
    `min_share` of them, are markers. The whole run goes, labels and unlabelled items alike
    (`Home / Local / Weather / Contact us`). A list in an article is made of short lines too,
    but its items are not navigation labels, so it is left alone. A piece of a hard-wrapped
    sentence is prose, whatever its length: never part of a menu.

    With `head_min_lines` > 0 the page header is found too: when at least `head_min_lines`
    short lines come before the first prose line (`prose_words` words or more, ending like a
    sentence, or the first piece of a wrapped sentence when a short line is one) and at least
    `head_min_markers` of them are markers, all of those short lines go. Longer lines there
    (a headline, a standfirst) stay. The header is bounded by the first prose line, which
    stays, so a second pass finds no short line above it: the body is not eaten line by line.
    A document without a prose line is left alone.

    The finder runs in the compiled core (`crates/textclean-core/src/repairs/blocks.rs`).

    >>> t = "Home\\nNews\\nLocal\\nContact us\\n\\nThe council met on Monday and agreed."
    >>> [t[h.span.start:h.span.end] for h in find_navigation_block(t, markers=["home", "contact us", "news"])]
    ['Home\\nNews\\nLocal\\nContact us']
    >>> list(find_navigation_block("Eggs\\nFlour\\nMilk\\n\\nMix well.", markers=["home"]))
    []
    >>> t = "Menu\\nHarbour\\nNov 19\\nThe harbour reopened on Monday after the long storm damage."
    >>> [t[h.span.start:h.span.end] for h in find_navigation_block(t, markers=["menu"], head_min_lines=3)]
    ['Menu\\nHarbour\\nNov 19']
    """
    return core_hits("delete_navigation_block", text, **params)


@core_params("delete_page_chrome")
def find_page_chrome(text: str, **params: Value) -> Iterator[Hit]:
    """Find the page around the article in whole-page text: everything outside the main block.

    Only documents that carry navigation (at least `min_markers` short marker lines) are
    treated as whole-page text. The main block is the stretch of lines with the highest
    score, where a prose line (at least `prose_words` words and a sentence end) scores its
    word count and any other line scores `-line_penalty` (the densest run of prose, as in
    Finn et al.'s body text extraction). Everything before and after it is reported.

    Three parameters make the finder more sure of itself (the safe rule BP019 uses them):
    `min_short_share` asks that at least that share of the non-blank lines be short (whole-page
    text is mostly menu items and teaser titles; an article is mostly paragraphs),
    `min_block_words` that the main block hold at least that many words (it is an article,
    not a teaser), and `edge_markers` bounds the frame by labels: the header then ends at the
    last short line before the main block that is a marker or an edge marker, and the footer
    starts at the first such line after it (`Share this`, `Related articles`, `Leave a reply`).
    `edge_patterns` are regexes that a whole folded short line must match to count as such a
    label too (`more from .+` for `More from the Harbour Times`). The lines between a label
    and the main block stay: a headline, a byline, an article that
    opens with short lines or ends with a list or a fact box. Without such a line on a side,
    that side has no header or footer.

    With both a header and a footer, the first finding deletes the two together (its fix
    starts at the top of the text, so the engine takes it before the line fixes inside them,
    which could take away the very labels the page was judged by); the footer is reported on
    its own as well, for when another fix at the top is taken first.

    The main block of the main block is itself, so a second pass finds nothing: the lines
    kept after the main block hold no marker, so no footer is found again. The page frame is
    judged without the paragraph view: taking wrapped pieces for prose here kept the frame of
    30 whole-page texts of pairs.jsonl (their teaser titles and labels look wrapped).
    An edge pattern must run in the core's `regex` crate or `fancy-regex`; one that only
    Python's `regex` module reads is refused when the rule loads.

    The finder runs in the compiled core (`crates/textclean-core/src/repairs/blocks.rs`).

    >>> t = "Home\\nNews\\nSport\\nWeather\\nContact\\n" + "The pier opened in May after five years of repair work.\\n" * 3 + "About us\\nPrivacy policy"
    >>> [h.message for h in find_page_chrome(t, markers=["home", "news", "sport", "contact", "about us", "privacy policy"])]
    ['page header (5 lines) and footer (2 lines) outside the main text block', 'page footer outside the main text block (2 lines)']
    """
    # edge_markers None (no label bounds) differs from []: core_hits leaves None out
    return core_hits("delete_page_chrome", text, **params)
