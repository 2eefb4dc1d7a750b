"""A comment thread at the end of a text, judged as a whole.

Extractors often keep the readers' comments under an article: a section heading (`Top Rated
Comments`, `12 Comments`, `Kommentare`, `Комментарии`, `评论`, `댓글`) or, where the heading
was dropped, the comment header lines (`Jane Doe August 17, 2019 - 2:19 pm`) each followed by
the comment itself. The comments are prose, so no line rule can take them and a teaser-list
reading (which stops at prose) does not reach them; but below such a heading or header line,
down to the end of the text, everything belongs to the thread.

The finder runs in the compiled core (`crates/textclean-core/src/repairs/comments.rs`): one
pass over the lines, with regexes only on lines short enough to be a heading or a header line.
"""

from __future__ import annotations

from collections.abc import Iterator

from textclean.repairs import Hit
from textclean.repairs.core import Value, core_hits, core_params


@core_params("delete_comment_thread")
def find_comment_thread(text: str, **params: Value) -> Iterator[Hit]:
    """Delete a comment thread that runs to the end of the text.

    The thread starts at a *comment heading* (a line of at most `heading_words` words that is
    one of `headings` after folding case, spaces and edge punctuation, or whose folded form
    matches one of `heading_patterns` whole) or at a *comment header* (a line of at most
    `meta_words` words matching one of `meta_patterns`: a name with the date and time of the
    comment). Either counts only when the text above it holds at least `min_words_above`
    words (the article) and a line of at least `comment_words` words follows it somewhere
    below (a comment). A header line counts only when no header line appears above that
    many words (a live blog, whose entries carry the same header lines from the top, is left
    alone), when the line after it is not another header, and when the text from it to the
    end holds fewer words than the text above it. The first such line and everything below
    it are deleted. Words are counted as `str.split` counts them, and two CJK characters as one
    more. The patterns must run in the core's `regex` crate or `fancy-regex` (one that only
    Python's `regex` module reads is refused when the rule loads).

    >>> article = "The pier reopened on Monday after two years of repairs. " * 10
    >>> text = article + "\\n\\n3 Comments\\n\\nGreat news, we walked there on Sunday with the kids.\\n"
    >>> [h.message for h in find_comment_thread(text, heading_patterns=[r"\\d+ comments"])]
    ['comment thread under "3 Comments" at the end of the text (2 lines)']
    """
    return core_hits("delete_comment_thread", text, **params)
