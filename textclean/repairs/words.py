"""Split-word repairs that need evidence: the document's own vocabulary, the corpus, the lexicon.

The corpus vocabulary (`textclean.corpus.vocab`) is consulted only when one is active and the
document itself has no evidence either way; the lexicon of the document's language
(`textclean.lexicon`: wordfreq's word list, the language told by pycld2) only when neither
decides. Each finding ends with the evidence that decided it: `(document)`, `(corpus)` or
`(lexicon:en)`. With `--lexicon off` and no corpus vocabulary every repair here decides from
the document alone.

Every repair here (SW001, SW003, SW004, SW005, SW006) is judged whole by the core
(crates/textclean-core/src/repairs/dropcaps.rs, hyphens.rs, compounds.rs, glued.rs); the
functions here call it. The core asks Python for the corpus vocabulary and the lexicon
through `core_evidence`, only when a candidate needs them; telling a document's language
stays in Python (`textclean.lexicon.document_lexicon`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from textclean import _core
from textclean.corpus.vocab import active_vocabulary
from textclean.lexicon import document_lexicon, lexicon_setting
from textclean.repairs import Hit
from textclean.repairs.core import core_hits


def find_drop_cap(text: str) -> Iterator[Hit]:
    """Find a drop cap split from its word (`T he harbour`) and join it.

    Joined when the joined word occurs elsewhere in the document, or in the corpus
    vocabulary, and the capital is not a one-letter word itself (`A`, `I`, `O`). When both
    are silent, the lexicon of the document's language decides: the joined form is a word
    (`Worried` for `W orried`) and the split is not two words of the language (`A rose`
    stays, `A pple` joins; a rest with no vowel in a language whose words have one is no
    word: `A nd` joins), unless the joined word is far more frequent than the rest (`A gent`:
    an unsafe fix, as `A bout of flu` is prose); a joined form the list lacks (a name, a long
    compound) is joined when the capital is no word and the rest, four letters or more, is
    no word either; a capital that is a one-letter word only before other words is none
    here (Spanish `E se`, Russian `С лить`). At a line that continues the sentence of a
    hard-wrapped line above (`textclean.text.paragraphs`) the capital may be a word of that
    sentence (`... the USB type` / `C ones can be had`): a split that may be two words (no
    lexicon to tell, or the rest is a word of the list not far rarer than the joined form, or
    one the document writes elsewhere) is left there; a rest that is no word (`B ekämpfung`)
    is joined as anywhere else.

    Judged by the core (`DropCap` in crates/textclean-core/src/repairs/dropcaps.rs), as
    `find_line_end_hyphenation`.

    >>> t = "T he ferry left. Then the ferry came back to the pier."
    >>> [h.message for h in find_drop_cap(t)]
    ['drop cap split from its word: T he (document)']
    """
    return core_hits("join_drop_cap", text)


def find_line_end_hyphenation(text: str) -> Iterator[Hit]:
    """Find a word hyphenated across a line break (`inter-\\nnational`) and rejoin it.

    The document decides the spelling: if `international` occurs elsewhere the hyphen goes;
    if `inter-national` does, it stays. When the document is silent, the active corpus
    vocabulary decides the same way (the more frequent spelling wins), and when that is
    silent too, the lexicon of the document's language: the closed form when it is a word of
    the list (unless both parts are words and the closed form is rare: `well-known`), the
    hyphen when both parts are words; at a line end also the closed form of a lower-case
    first part when a part is no word (`unaus-\\nweichlicher`). With no evidence either way
    the break is reported and left alone. Before a conjunction (`local-\\nand cloud-based`)
    the hyphen is suspended and stays, unless the closed form is a word (`thous-\\nand`).

    Judged by the core (`LineEndHyphenation` in crates/textclean-core/src/repairs/hyphens.rs),
    which asks for the corpus vocabulary and the lexicon only when the document is silent
    (`core_evidence`).

    >>> t = "An inter-\\nnational fair. The international guests came."
    >>> [h.edits[0].replacement for h in find_line_end_hyphenation(t)]
    ['']
    """
    return core_hits("join_hyphenated_line_break", text)


def find_spaced_hyphenation(text: str) -> Iterator[Hit]:
    """Find a word split by a hyphen and a space (`inter- national`) and rejoin it.

    Only with evidence: the joined word (`international`) or the hyphenated one
    (`well-known`) occurs in the document or, when the document is silent, in the active
    corpus vocabulary; when both are silent, the lexicon may close the gap (never keep a
    hyphen: `long- term` may be the first half of `long- and short-term`). Without evidence
    nothing is reported: a hyphen before a space is also how suspended compounds
    (`pre- and post-war`) are written.

    Judged by the core (`SpacedHyphenation` in crates/textclean-core/src/repairs/hyphens.rs),
    as `find_line_end_hyphenation`.

    >>> t = "An inter- national fair. The international guests came."
    >>> [h.edits[0].replacement for h in find_spaced_hyphenation(t)]
    ['']
    >>> list(find_spaced_hyphenation("Pre- and post-war prices."))
    []
    """
    return core_hits("join_spaced_hyphenation", text)


def core_lexicon(text: str) -> _core.Lexicon | None:
    """The core's lexicon of `text`'s language under the current setting (`document_lexicon`),
    or None."""
    lexicon = document_lexicon(text)
    return None if lexicon is None else lexicon.core


def core_evidence() -> tuple[
    Callable[[str], int] | None,
    Callable[[str], _core.Lexicon | None] | None,
    tuple[_core.CorpusCompounds, bool] | None,
]:
    """What the core's split-word finders weigh besides the text, in the caller's context:
    how the active corpus vocabulary counts a word (None: there is none), the lexicon of a
    text (None: the lexicon is off), and the vocabulary's compounds with whether it counted the
    documents being fixed (`Vocabulary.core_compounds`; None: no vocabulary). The core calls
    this (`_core.set_word_evidence`) the first time a finder on a text needs one of them, and
    asks for the lexicon of that text at most once."""
    corpus = active_vocabulary()
    return (
        None if corpus is None else corpus.count,
        None if lexicon_setting() == "off" else core_lexicon,
        None if corpus is None else (corpus.core_compounds(), corpus.includes_documents),
    )


_core.set_word_evidence(core_evidence)


def find_unhyphenated_compound(text: str) -> Iterator[Hit]:
    """Find a compound written without its hyphen where the document hyphenates it.

    `fivepoint` is repaired to `five-point` only when `five-point` itself occurs in the same
    document and `fivepoint` is not a word the document uses on purpose more often. When the
    document never hyphenates the word, the active corpus vocabulary can stand in: the
    corpus's most common hyphenated spelling is restored when the corpus never writes the
    closed form outside this document, and the word is in lower case (not `WiFi`, not a
    heading's `Fallout`). Either way a closed form that the lexicon of the document's
    language knows as a word (`startup`, `online`, `onboard`) is never rewritten.

    Judged by the core (`UnhyphenatedCompound` in crates/textclean-core/src/repairs/compounds.rs,
    with the vocabulary's compounds from `Vocabulary.core_compounds`), as
    `find_line_end_hyphenation`.

    >>> t = "A fivepoint plan. The five-point plan failed."
    >>> [h.edits[0].replacement for h in find_unhyphenated_compound(t)]
    ['-']
    """
    return core_hits("restore_compound_hyphen", text)


def find_glued_words(text: str) -> Iterator[Hit]:
    """Find two words glued together by a lost space (`year.The`, `SquishedThere`) and split them.

    Only the lexicon of the document's language can tell `SquishedThere` from `YouTube`, so
    this needs one (nothing is reported without): both parts must be frequent words and the
    glued form no word at all (`iphone`, `youtube`, `mcdonald` are words of the English
    list). Two capitalised parts are split only when the second starts sentences (`There`,
    `The`): otherwise they are a name (`StackAdapt`). Tokens that look like code, URLs, paths
    or addresses are left alone, lower-case runs into capitals (`mergeAccounts`) in a
    document with three or more different ones, and a glued form that the document itself
    writes more than once (a name, not an accident).

    Judged by the core (`GluedWords` in crates/textclean-core/src/repairs/glued.rs, the pairs
    from `glued_to_judge` in crates/textclean-core/src/words.rs), as `find_line_end_hyphenation`.

    >>> [h.edits[0].replacement for h in find_glued_words("It rained all year.The harvest failed.")]
    [' ']
    >>> list(find_glued_words("She bought an iPhone and watched YouTube at McDonald's."))
    []
    """
    return core_hits("split_glued_words", text)
