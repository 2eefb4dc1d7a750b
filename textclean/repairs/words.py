"""Split-word repairs that need evidence: the document's own vocabulary, the corpus, the lexicon.

The corpus vocabulary (`textclean.corpus.vocab`) is consulted only when one is active and the
document itself has no evidence either way; the lexicon of the document's language
(`textclean.lexicon`: wordfreq's word list, the language told by pycld2) only when neither
decides. Each finding ends with the evidence that decided it: `(document)`, `(corpus)` or
`(lexicon:en)`. With `--lexicon off` and no corpus vocabulary every repair here decides from
the document alone.

The drop cap and the hyphen repairs (SW001, SW003, SW005) are judged whole by the core
(crates/textclean-core/src/repairs/dropcaps.rs and hyphens.rs); their functions here call it.
The core asks Python for the corpus vocabulary and the lexicon through `core_evidence`, only
when a candidate needs them.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Container, Iterator

from textclean import _core
from textclean.corpus.vocab import Vocabulary, active_vocabulary
from textclean.lexicon import Lexicon, document_lexicon, lexicon_setting
from textclean.model import Edit, Safety, Span
from textclean.repairs import Hit
from textclean.repairs.core import core_hits
from textclean.text.crossing import on_text


class _Unset(enum.Enum):
    """The lexicon of a finder's text before the finder asked for it (None: there is none)."""

    UNSET = 0


_UNSET = _Unset.UNSET


def fold(text: str) -> str:
    """`str.casefold`, and both `İ` (U+0130, which casefolds to `i` + combining dot) and `ı`
    (U+0131) folded to a plain `i`, as Python's `regex` matches them to `i` under `(?i)`.
    Replacing can only create occurrences of a word of letters, never destroy one.

    >>> fold("SHARE this İt")
    'share this it'
    """
    folded = text.casefold()
    if not folded.isascii():
        folded = folded.replace("i\u0307", "i").replace("\u0131", "i")
    return folded


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


# A closed form at least this frequent is a word of the language: never hyphenated by SW004.
LEXICON_FREQUENT = 2.5


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


def core_evidence() -> tuple[Callable[[str], int] | None, Callable[[str], _core.Lexicon | None] | None]:
    """What the core's split-word finders weigh besides the text, in the caller's context:
    how the active corpus vocabulary counts a word (None: there is none) and the lexicon of a
    text (None: the lexicon is off). The core calls this (`_core.set_word_evidence`) the first
    time a finder on a text needs one of them, and asks for the lexicon of that text at most
    once."""
    corpus = active_vocabulary()
    return (
        None if corpus is None else corpus.count,
        None if lexicon_setting() == "off" else core_lexicon,
    )


_core.set_word_evidence(core_evidence)


Quads = list[tuple[int, int, int, int]]


def _remember_last(scan: Callable[[str], Quads]) -> Callable[[str], Quads]:
    """`scan`, keeping its result for the last text it saw (by identity): a repair's gate and
    its finder scan the same text one after the other. One tuple, replaced whole, so threads
    never mix them."""
    last: tuple[str, Quads] | None = None

    @functools.wraps(scan)
    def remembered(text: str) -> Quads:
        nonlocal last
        seen = last
        if seen is not None and seen[0] is text:
            return seen[1]
        found = scan(text)
        last = (text, found)
        return found

    return remembered


def closed_compounds(
    text: str, corpus_forms: Container[str] | None = None
) -> list[tuple[int, int, int, int, int]]:
    """The closed words of `text` that may be compounds written without their hyphen, as
    (start, end, hyphenated, first part, closed), in text order.

    A closed word is a whole word of four letters or more (`\\b\\p{L}{4,}\\b`); it is taken when
    its casefolded form is the closed form of a hyphenated word of the text (a match of
    `\\b(\\p{L}{2,})-(\\p{L}{2,})\\b`, as `finditer` gives them) or one of `corpus_forms`.
    `hyphenated` is how often the text hyphenates it (0 when only the corpus knows it),
    `first part` the code points before the hyphen of the last such hyphenated word, `closed`
    how often the text writes the closed form. Found by the core (`closed_compounds` in
    crates/textclean-core/src/words.rs); tests/repairs/test_fast_paths.py checks this against
    the regexes.

    >>> closed_compounds("A fivepoint plan. The five-point plan, FivePoint.")
    [(2, 11, 1, 4, 2), (39, 48, 1, 4, 2)]
    """
    return on_text(_core.closed_compounds, text, corpus_forms)


def may_have_unhyphenated_compound(text: str) -> bool:
    """Gate for `find_unhyphenated_compound`: some `a-b` whose closed form `ab` occurs.

    Each compound the finder collects is the whole run of letters before a hyphen and the
    whole run after it, and it yields only where the closed form (casefolded) is a word of
    the text, so the folded text contains it (`fold` is casefolding plus two
    fix-ups that keep substrings made of letters). This checks that for every hyphen with
    two letters on each side, in the core (`closed_compound_occurs` in
    crates/textclean-core/src/words.rs, the `regex` module's `\\p{L}` and `str.casefold` from
    its tables); tests/repairs/test_fast_paths.py checks it against a hyphen-by-hyphen loop.
    """
    if on_text(_core.closed_compound_occurs, text):
        return True
    corpus = active_vocabulary()
    if corpus is not None:
        # With a corpus vocabulary, a closed form of one of its compounds is enough (a closed
        # form of the text's own compounds would have been found above).
        return bool(closed_compounds(text, corpus.closed_compounds()))
    return False


def find_unhyphenated_compound(text: str) -> Iterator[Hit]:
    """Find a compound written without its hyphen where the document hyphenates it.

    `fivepoint` is repaired to `five-point` only when `five-point` itself occurs in the same
    document and `fivepoint` is not a word the document uses on purpose more often. When the
    document never hyphenates the word, the active corpus vocabulary can stand in: the
    corpus's most common hyphenated spelling is restored when the corpus never writes the
    closed form outside this document, and the word is in lower case (not `WiFi`, not a
    heading's `Fallout`). Either way a closed form that the lexicon of the document's
    language knows as a word (`startup`, `online`, `onboard`) is never rewritten.

    >>> t = "A fivepoint plan. The five-point plan failed."
    >>> [h.edits[0].replacement for h in find_unhyphenated_compound(t)]
    ['-']
    """
    corpus = active_vocabulary()
    if "-" not in text and corpus is None:
        return
    closed = closed_compounds(text, corpus.closed_compounds() if corpus is not None else None)
    lexicon: Lexicon | None | _Unset = _UNSET  # not looked up yet
    for start, end, hyphenated, first_part, closed_count in closed:
        word = text[start:end]
        if hyphenated:
            if closed_count > hyphenated:
                continue  # the document prefers the closed form
            if lexicon is _UNSET:
                lexicon = document_lexicon(text)
            if _frequent_word(lexicon, word):
                continue
            at = start + first_part
            yield Hit(
                Span(start, end),
                f"compound written without its hyphen: {word} (the document writes "
                f"{word[:first_part]}-{word[first_part:]}; document)",
                (Edit(Span(at, at), "-"),),
            )
            continue
        key = word.casefold()
        assert corpus is not None
        if len(key) != len(word):
            continue  # casefolding changed the length (`ß`): offsets would not line up
        if not word.islower():
            # `WiFi`, `PopUp`: a styled name. And on the article benchmark every capitalised
            # word the corpus alone would have hyphenated (`Fallout`, `Signup` in headings
            # and teasers) was written closed on purpose.
            continue
        if text[start - 1 : start] == "-" or text[end : end + 1] == "-":
            continue  # part of a compound (`inline-block`), which the vocabulary counts whole
        spelling = _corpus_compound(corpus, key, closed_count)
        if spelling is None:
            continue
        if lexicon is _UNSET:
            lexicon = document_lexicon(text)
        if _frequent_word(lexicon, word):
            continue
        # Hyphens go where the corpus spelling has them; the word keeps its own letters.
        cuts, at = [], 0
        for part in spelling.split("-")[:-1]:
            at += len(part)
            cuts.append(at)
        edits = tuple(Edit(Span(start + c, start + c), "-") for c in cuts)
        rebuilt = "-".join(word[i:j] for i, j in zip([0, *cuts], [*cuts, len(word)], strict=True))
        yield Hit(
            Span(start, end),
            f"compound written without its hyphen: {word} (the corpus writes {rebuilt}; corpus)",
            edits,
        )


def _frequent_word(lexicon: Lexicon | None, word: str) -> bool:
    """`word` is a word of the language by `lexicon` (`startup`, `online`): never hyphenated,
    whatever one page writes. The finder asks only for a closed form it would otherwise
    hyphenate, so the language of a document is told only when it can decide."""
    return lexicon is not None and lexicon.zipf(word) >= LEXICON_FREQUENT


def _corpus_compound(corpus: Vocabulary, closed: str, in_document: int) -> str | None:
    """The corpus's hyphenated spelling of `closed`, when the corpus never writes it closed.

    "Never" allows the document's own occurrences when the vocabulary counted the documents
    being fixed (`Vocabulary.includes_documents`). A weaker test (the hyphenated form merely
    more frequent) turned `coworking` into `co-working` on real pages that write it closed
    on purpose.
    """
    spellings = corpus.hyphenations(closed)
    if not spellings:
        return None
    spelling, count = spellings[0]
    if any(len(part) < 2 for part in spelling.split("-")):
        return None  # `e-mail` and the like: one letter is too little to go on
    own = in_document if corpus.includes_documents else 0
    if corpus.count(closed) > own or count < in_document:
        return None  # the closed form is written elsewhere too, or more often here
    return spelling


# After a stop these are domain names (`Amazon.Com`, `Hill.TV`), not the next sentence.
_DOMAIN_ENDS = frozenset({"com", "net", "org", "gov", "edu", "info", "biz", "co", "io", "tv"})
# Both parts of a split must be at least this frequent (Zipf) in the language.
GLUED_PART = 2.5
# A glued form this frequent is a word (`youtube` 4.7, `mcdonald` 3.8); below it, the list
# also holds hashtag-like joins (`dejusticia` 1.8) that are no words.
GLUED_WORD = 2.5
# A word of the language (Zipf) of at least this many letters may come before a name the
# lexicon lacks, and a name has at least this many letters. The word may be rare: inflected
# forms (`gezieltemWildfang`, `kuscheligeKnitwear`, `пирогу!Неспелых`) are rare in the lists.
GLUED_WORD_BEFORE_NAME = 2.0
_MIN_WORD_BEFORE_NAME = 3
_MIN_NAME = 4
# After a very frequent word (`GLUED_FUNCTION_WORD`), a name may be this short (`заЗою`).
_MIN_NAME_AFTER_FUNCTION_WORD = 3
# In a camel-case join, a lower-case first part of this many letters or more may be missing
# from the list when the second part is a word.
GLUED_UNLISTED_LOWER = 7
# A lower-case word this frequent (`the`, `der`, `au`) may be followed by any capitalised one.
GLUED_FUNCTION_WORD = 4.5
# After a capitalised first part, the second must be this frequent (`The`, `There`, `Get`):
# on the article benchmark every capitalised pair with a rarer second part was a name.
GLUED_CAPITAL_NEXT = 5.8

def script(letter: str) -> str:
    """The script of a letter of the glued pairs (`glued_to_judge`): "Greek", "Cyrillic" or
    "Latin" (the others of the pairs' humps); as `script` in crates/textclean-core/src/words.rs.

    >>> script("ж"), script("ß"), script("ά")
    ('Cyrillic', 'Latin', 'Greek')
    """
    code = ord(letter)
    if 0x370 <= code <= 0x3FF or 0x1F00 <= code <= 0x1FFF:
        return "Greek"
    if 0x400 <= code <= 0x52F:
        return "Cyrillic"
    return "Latin"


@_remember_last
def glued_to_judge(text: str) -> list[tuple[int, int, int, int]]:
    """The glued pairs of `text` that `find_glued_words` judges on the lexicon, as (start,
    end of the first part, start of the second, end), in order.

    Found by the core (`glued_to_judge` in crates/textclean-core/src/words.rs): a word
    ending in lower case, a stop (`.`, `!`, `?`) and a capitalised word with no space
    (`year.The`; after an abbreviation of single letters too: `a.m.Friday`), or a letter and
    lower-case letters run into a capitalised word (`SquishedThere`), with no letter, digit
    or `_` on either side. Left out, whatever the lexicon would say: a camel-case join after
    a capitalised part of one or two letters (`McDonald`, `LeBron`: a name's prefix), one
    after a lower-case part in a text with three or more different lower-case runs into
    capitals (`mergeAccounts`: a page quoting code; `iPhone` is one letter and not counted),
    a pair in a token with a digit or one of ``/\\@_=#<>{}[]|~$%^&*+:;()`` or another dot
    between letters (a URL, a path, an address, code; a comma, semicolon or stop that ends
    the token, a colon there after a pair glued at a stop or before a capital or a line end
    (`casa.Eugênio: Por`, `rabbitCredit: Getty`, not `pageType: stories`), and a parenthesis that opens or closes it when it has no other, are
    prose punctuation and do not count: `(onMaster),`; for a join of two scripts only the token
    up to the join counts: `сайтаExample.ru`), and a pair the text writes again
    (on purpose, then). tests/repairs/test_fast_paths.py checks this against the Python
    scan it replaced (tests/core/reference/words.py).
    """
    return on_text(_core.glued_to_judge, text)


def may_have_glued_words(text: str) -> bool:
    """Gate for `find_glued_words`: the lexicon is not off and the text has a pair to judge."""
    return lexicon_setting() != "off" and bool(glued_to_judge(text))


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

    >>> [h.edits[0].replacement for h in find_glued_words("It rained all year.The harvest failed.")]
    [' ']
    >>> list(find_glued_words("She bought an iPhone and watched YouTube at McDonald's."))
    []
    """
    if lexicon_setting() == "off":
        return
    lexicon: Lexicon | None | _Unset = _UNSET  # not looked up yet
    corpus = active_vocabulary()
    last_end = -1
    for start, a_end, b_start, end in glued_to_judge(text):
        if start < last_end:
            continue
        a, stop, b = text[start:a_end], text[a_end:b_start], text[b_start:end]
        glued = text[start:end]
        if corpus is not None and not stop and corpus.count(glued) > 0:
            continue  # so does the corpus
        if stop and b.lower() in _DOMAIN_ENDS:
            continue  # before the lexicon: telling the language costs more than this
        if lexicon is _UNSET:
            lexicon = document_lexicon(text)
        if lexicon is None:
            return
        if stop:
            # A stop between two runs of letters is the lost space itself: the next word
            # must be a word, or a name (`Division.Boudreau`) after a word of the language
            # long enough not to be an abbreviation (`St.Magdalener` stays).
            # An acronym (`beschlossen.EU-Mittel`) counts as a name.
            if not lexicon.is_word(b, GLUED_PART) and not (
                len(a) >= _MIN_WORD_BEFORE_NAME
                and (len(b) >= _MIN_NAME or b.isupper())
                and lexicon.is_word(a, GLUED_WORD_BEFORE_NAME)
            ):
                continue
        elif a[0].islower() and script(a[-1]) != script(b[0]):
            # A lower-case word run into a capitalised one of another script
            # (`конкурсаEurovision`, `сайтаExample.ru`): the change of script is the lost space.
            pass
        elif not lexicon.is_word(a, GLUED_PART) and not (
            a[0].islower()
            and len(a) >= _MIN_WORD_BEFORE_NAME
            and lexicon.zipf(a) >= GLUED_WORD_BEFORE_NAME
        ) and not (
            a.islower() and len(a) >= GLUED_UNLISTED_LOWER and lexicon.is_word(b, GLUED_PART)
        ):
            # A lower-case first part may be rarer: inflected forms (`ungefährlichen`,
            # `sechsmonatige`) are rare in the lists, as before a name below; a long one
            # before a word may be missing from the list altogether (`unausweichlicherBestandteil`:
            # inflected compounds).
            continue
        elif not lexicon.is_word(b, GLUED_PART) and not (
            a[0].islower()
            and (
                (len(b) >= _MIN_NAME_AFTER_FUNCTION_WORD and lexicon.zipf(a) >= GLUED_FUNCTION_WORD)
                or (
                    len(b) >= _MIN_NAME
                    and len(a) >= _MIN_WORD_BEFORE_NAME
                    and lexicon.zipf(a) >= GLUED_WORD_BEFORE_NAME
                )
            )
        ):
            # A capitalised word the lexicon lacks (a name, a rare noun) is split off only
            # after a lower-case word of the language: a very frequent one (`auMoustoir`,
            # `derFußgängerzone`, `заЗою`) or one of three letters or more
            # (`spokesmanZabihullah`, `niedrigeVorlauftemperatur`).
            continue
        if not stop and lexicon.zipf(a + b) >= GLUED_WORD:
            continue  # `YouTube`, `iPhone`, `PayPal`: the glued form is a word itself
        if not stop and a[0].isupper() and lexicon.zipf(b) < GLUED_CAPITAL_NEXT:
            # Two capitalised words glued are mostly a name (`StackAdapt`, `SunExpress`)
            # unless the second is a word that starts sentences (`SquishedThere`).
            continue
        last_end = end
        # A camel-case join may be a brand the lexicon lacks (`mySimon`, `AddThis`): that
        # split is never a safe fix. A stop between the parts is the lost space itself.
        yield Hit(
            Span(start, end),
            f"words glued together: {glued} ({lexicon.evidence})"
            + ("" if stop else " (camel-case join: unsafe fix)"),
            (Edit(Span(b_start, b_start), " "),),
            at_most=None if stop else Safety.UNSAFE,
        )

