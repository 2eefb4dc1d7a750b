"""The drop-cap repair of `textclean.repairs.words` as it was in Python, before the core's SW001
(crates/textclean-core/src/repairs/dropcaps.rs), with the helpers of `textclean.lexicon` it used."""

from __future__ import annotations

import enum
import unicodedata
from collections import Counter
from collections.abc import Iterator

import regex

from textclean.corpus.vocab import active_vocabulary
from textclean.lexicon import Lexicon, document_lexicon, one_letter_words
from textclean.model import Edit, Safety, Span
from textclean.repairs import Hit
from textclean.text.paragraphs import paragraph_view

LEXICON_WORD = 2.5
_WORD = regex.compile(r"\p{L}+")


def word_counts(text: str) -> Counter[str]:
    return Counter(map(str.casefold, _WORD.findall(text)))


class _Unset(enum.Enum):
    UNSET = 0


_UNSET = _Unset.UNSET
_DROP_CAP = regex.compile(r"(?m)^\p{Lu} \p{Ll}+\b")


def drop_caps(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _DROP_CAP.finditer(text)]


# One-letter words that stand only before words of certain sounds: Spanish `e` is `y` before
# an /i/ (`e Inés`, `e hijos`), `u` is `o` before an /o/ (`u otro`, `u hoy`). Before any
# other word they are no word (`E se`, `U nos` are drop caps of `Ese`, `Unos`).
_ONE_LETTER_BEFORE = {
    "es": {"e": ("i", "hi", "í", "hí"), "u": ("o", "ho", "ó", "hó")},
}
# One-letter words that never stand before words of certain endings: the Russian
# prepositions `с`, `у`, `к`, `о` govern a noun (genitive, dative, instrumental,
# prepositional), never an infinitive (`-ть`, `-ться`, `-чь`, `-чься`; a noun in `-ть` takes
# another ending after them: `с матерью`, `у власти`). `С лить`, `У брать`, `О чистить` are
# drop caps of `Слить`, `Убрать`, `Очистить`. (`в` is left out: `в путь`, `в часть`.)
_RU_INFINITIVE = ("ть", "ться", "чь", "чься")
_ONE_LETTER_NOT_BEFORE = {
    "ru": dict.fromkeys("скуо", _RU_INFINITIVE),
}


def one_letter_word_before(lang: str, letter: str, word: str) -> bool:
    """`letter` is a word of `lang` when `word` follows it.

    >>> one_letter_word_before("es", "E", "se"), one_letter_word_before("es", "e", "hijos")
    (False, True)
    >>> one_letter_word_before("ru", "С", "лить"), one_letter_word_before("ru", "с", "горы")
    (False, True)
    """
    letter = letter.lower()
    if letter not in one_letter_words(lang):
        return False
    ends = _ONE_LETTER_NOT_BEFORE.get(lang, {}).get(letter)
    if ends is not None and word.lower().endswith(ends):
        return False
    starts = _ONE_LETTER_BEFORE.get(lang, {}).get(letter)
    return starts is None or word.lower().startswith(starts)


# Languages whose words of two letters or more all have a vowel: there a listed run of
# consonants is an abbreviation or a piece of a word (English `nd`, `dd`, `ll`: `2nd`,
# `we'll`), so `A nd`, `A dd`, `A ll` are no one-letter word before a word.
_VOWEL_LANGUAGES = frozenset("ca da de en es fi fr it nb nl pt ro sv".split())
_VOWELS = frozenset("aeiouyæøœ")


def vowelless(lang: str, word: str) -> bool:
    """`word` has no vowel in a language whose words all have one (accents aside).

    >>> vowelless("en", "nd"), vowelless("en", "bout"), vowelless("fr", "çà"), vowelless("cs", "vlk")
    (True, False, False, False)
    """
    if lang not in _VOWEL_LANGUAGES:
        return False
    return not any(c in _VOWELS for c in unicodedata.normalize("NFD", word.lower()))




# A single capital letter, a space, and lower-case letters, at the start of a paragraph: the
# drop cap of a styled first letter that the scraper kept as its own element.
_ONE_LETTER_WORDS = frozenset("AIO")


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
    here (Spanish `E se`, Russian `С лить`: `one_letter_word_before`). At a line that
    continues the sentence of a hard-wrapped line above (`textclean.text.paragraphs`) the
    capital may be a word of that sentence (`... the USB type` / `C ones can be had`): a
    split that may be two words (no lexicon to tell, or `_two_words`: the rest is a word of
    the list not far rarer than the joined form, or one the document writes elsewhere) is
    left there; a rest that is no word (`B ekämpfung`) is joined as anywhere else.

    >>> t = "T he ferry left. Then the ferry came back to the pier."
    >>> [h.message for h in find_drop_cap(t)]
    ['drop cap split from its word: T he (document)']
    """
    vocab: Counter[str] | None = None
    corpus = active_vocabulary()
    lexicon: Lexicon | None | _Unset = _UNSET  # not looked up yet
    for start, end in drop_caps(text):
        cap, rest = text[start], text[start + 2 : end]
        joined = (cap + rest).casefold()
        evidence = None
        at_most: Safety | None = None
        if cap not in _ONE_LETTER_WORDS:
            if vocab is None:
                vocab = word_counts(text)
            if vocab[joined] > 0:
                evidence = "document"
            elif corpus is not None and corpus.count(joined) > 0:
                evidence = "corpus"
        if evidence is None:
            if len(rest) < 2:
                continue  # before the lexicon: telling the language costs more than this
            if lexicon is _UNSET:
                lexicon = document_lexicon(text)
            if lexicon is None:
                continue
            joined_zipf = lexicon.zipf(cap + rest)
            if joined_zipf >= LEXICON_WORD:
                if (
                    one_letter_word_before(lexicon.lang, cap, rest)
                    and lexicon.is_word(rest)
                    and not vowelless(lexicon.lang, rest)
                ):
                    if joined_zipf - lexicon.zipf(rest) < DROP_CAP_JOINED_MARGIN:
                        # `A rose`, `A cross`: two words either way.
                        continue
                    # Joined when the joined word is far more frequent than the rest alone
                    # (`U na`, `E sta`, `A gent`: `na`, `sta` are in the list as syllables;
                    # a rest with no vowel, `A nd`, is no word at all and joins safely), but
                    # a one-letter word before a word may be prose (`A bout of flu`): an
                    # unsafe fix.
                    at_most = Safety.UNSAFE
            elif (
                one_letter_word_before(lexicon.lang, cap, rest)
                or len(rest) < DROP_CAP_UNLISTED_REST
                or lexicon.zipf(rest) >= LEXICON_WORD
                or joined_zipf < lexicon.zipf(rest)
            ):
                # The joined form is no word of the list (a long compound:
                # `W eltjahresbestleistung`, a name: `T rulk`): joined only when
                # the capital is no word and the rest, four letters or more, is no word either
                # and no more frequent than the joined form (`E coli`, `X rays` stay).
                continue
            evidence = lexicon.evidence
        if start:
            # At a line that continues a hard-wrapped sentence (`... the USB type` / `C ones
            # can be had ...`) the capital may be a word of the sentence the line above left
            # open and the rest the word after it: joined there only when the split is no two
            # words (`_two_words`). Asked in this order so that the paragraph view is built
            # only for a split that may be two words.
            if lexicon is _UNSET:
                lexicon = document_lexicon(text)
            if lexicon is not None and vocab is None:
                vocab = word_counts(text)
            if lexicon is None or vocab is None or _two_words(lexicon, vocab, cap, rest):
                view = paragraph_view(text)
                if view.continues[view.line_at(start)]:
                    continue
        yield Hit(
            Span(start, end),
            f"drop cap split from its word: {text[start:end]} ({evidence})"
            + (" (a one-letter word before a word: unsafe fix)" if at_most else ""),
            (Edit(Span(start + 1, start + 2), ""),),
            at_most,
        )


def _two_words(lexicon: Lexicon, vocab: Counter[str], cap: str, rest: str) -> bool:
    """Whether the capital and the rest of a drop cap (`C ones`) may be two words of a
    sentence, as the lexicon and the document tell: when the rest is a word of the list and
    either the joined form is not more frequent than the rest by `DROP_CAP_WRAPPED_MARGIN`
    (`cones` is rarer than `ones`), or the document writes the rest elsewhere as a word of
    its own (`vocab`, its `word_counts`; the rest of the drop cap counts once). `Der` is far
    more frequent than `er`, and `ekämpfung` of `B ekämpfung` is no word at all.

    >>> from textclean.lexicon import load_lexicon
    >>> en, vocab = load_lexicon("en"), word_counts("C ash. C ones. W orried.")
    >>> [_two_words(en, vocab, "C", rest) for rest in ("ones", "ash", "orried")]
    [True, False, False]
    >>> _two_words(en, word_counts("C ash. Fly ash."), "C", "ash")
    True
    """
    rest_zipf = lexicon.zipf(rest)
    if rest_zipf == 0:
        return False
    return lexicon.zipf(cap + rest) < rest_zipf + DROP_CAP_WRAPPED_MARGIN or vocab[rest.casefold()] > 1


# A drop cap whose joined form is no word of the list is still joined when the rest has this
# many letters and is no word either (`E rpressungsmethoden`, `T rulk`; `E coli` stays).
DROP_CAP_UNLISTED_REST = 4
# A one-letter word before a word (`A gent`, `U na`) is a drop cap when the joined word is this
# much more frequent (Zipf: 1.5 is thirty times) than the rest alone. On every text of the
# shared corpora, a line that starts with a one-letter word and a word (`A new`, `I can`,
# `A cross`) has a joined form rarer than the rest, or at most 0.25 above it; `A bout`
# (2.35) and `A gent` (1.66) would be joined.
DROP_CAP_JOINED_MARGIN = 1.5
# At a line that continues a hard-wrapped sentence, a drop cap whose rest is a word of the list
# is joined only when the joined form is this much more frequent (Zipf) than the rest:
# `D er` (German `Der` 7.46, `er` 6.71) joins, `C ones` (`cones` 3.39, `ones` 5.07) stays.
DROP_CAP_WRAPPED_MARGIN = 0.5
