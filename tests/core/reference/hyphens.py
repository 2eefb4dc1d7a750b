"""The hyphen repairs of `textclean.repairs.words` as they were in Python, before the core's
SW003 and SW005 (crates/textclean-core/src/repairs/hyphens.rs): `find_line_end_hyphenation`
and `find_spaced_hyphenation` with the document, the corpus vocabulary and the lexicon."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import regex

from textclean.corpus.vocab import Vocabulary, active_vocabulary
from textclean.lexicon import Lexicon, document_lexicon
from textclean.model import Edit, Span
from textclean.repairs import Hit

LEXICON_WORD = 2.5
_WORD = regex.compile(r"\p{L}+")


def word_counts(text: str) -> Counter[str]:
    return Counter(map(str.casefold, _WORD.findall(text)))


LINE_END_HYPHEN = regex.compile(r"(?P<a>\p{L}+)(?P<gap>-[ \t]*\r?\n[ \t]*)(?P<b>\p{Ll}+)")
SPACED_HYPHEN = regex.compile(r"(?P<a>\p{L}+)(?P<gap>-[ \t]+)(?P<b>\p{Ll}+)")
HYPHENATED_ANY = regex.compile(r"\p{L}+-\p{L}+")
CONJUNCTIONS = frozenset({
    "and", "or", "nor", "und", "oder", "bzw", "sowie", "et", "ou", "y", "o", "e", "u",
    "of", "i", "lub", "oraz", "dan", "atau", "и", "или", "ed",
})
LEXICON_SPLIT_WORD = 1.5
CLOSED_COMPOUNDING = frozenset({"de", "nl", "sv", "da", "nb", "fi", "is"})
LEXICON_PART = 3.0
LEXICON_COMPOUND = 3.5
LEXICON_CLOSED_MARGIN = 2.5
ZIPF_PER_BILLION = 9.0


def spelling_by_counts(closed: int, hyphenated: int) -> str | None:
    if closed and closed >= hyphenated:
        return ""
    if hyphenated:
        return "-"
    return None


def corpus_spelling(corpus: Vocabulary | None, a: str, b: str) -> str | None:
    if corpus is None:
        return None
    return spelling_by_counts(corpus.count(a + b), corpus.count(f"{a}-{b}"))


def lexicon_spelling(lexicon: Lexicon, a: str, b: str, line_end: bool = False) -> str | None:
    if len(a) < 2:
        return None
    closed = lexicon.zipf(a + b)
    parts_are_words = lexicon.is_word(a, LEXICON_PART) and lexicon.is_word(b, LEXICON_PART)
    closed_compounding = lexicon.lang in CLOSED_COMPOUNDING
    if parts_are_words and not closed_compounding:
        if closed >= LEXICON_COMPOUND or (
            closed >= LEXICON_SPLIT_WORD
            and closed >= lexicon.zipf(a) + lexicon.zipf(b) - ZIPF_PER_BILLION + LEXICON_CLOSED_MARGIN
        ):
            return ""
        return "-"
    if closed >= LEXICON_SPLIT_WORD:
        return ""
    if line_end and (a.islower() or closed_compounding):
        if not parts_are_words or (closed_compounding and len(a) < 3):
            return ""
    if parts_are_words:
        return "-"
    return None


def find_line_end_hyphenation(text: str) -> Iterator[Hit]:
    vocab: Counter[str] | None = None
    hyphenated: set[str] | None = None
    corpus = active_vocabulary()
    asked, lexicon = False, None
    for m in LINE_END_HYPHEN.finditer(text):
        if vocab is None:
            vocab = word_counts(text)
            hyphenated = {h.casefold() for h in HYPHENATED_ANY.findall(text)}
        assert hyphenated is not None
        a, b = m.group("a"), m.group("b")
        gap = Span(m.start("gap"), m.end("gap"))
        word = Span(m.start(), m.end())
        message = f"word hyphenated across a line break: {a}-/{b}"
        if vocab[(a + b).casefold()] > 0:
            yield Hit(word, f"{message} (document)", (Edit(gap, ""),))
        elif b.casefold() in CONJUNCTIONS:
            spelling = corpus_spelling(corpus, a, b)
            if spelling == "":
                yield Hit(word, f"{message} (the corpus writes {a}{b})", (Edit(gap, ""),))
                continue
            if spelling is not None:
                continue
            if not asked:
                asked, lexicon = True, document_lexicon(text)
            if (
                lexicon is not None
                and lexicon.is_word(a + b, LEXICON_WORD)
                and lexicon_spelling(lexicon, a, b) == ""
            ):
                yield Hit(word, f"{message} ({lexicon.evidence})", (Edit(gap, ""),))
        elif f"{a}-{b}".casefold() in hyphenated:
            yield Hit(word, f"{message} (document)", (Edit(gap, "-"),))
        elif (spelling := corpus_spelling(corpus, a, b)) is not None:
            yield Hit(word, f"{message} (the corpus writes {a}{spelling}{b})", (Edit(gap, spelling),))
        else:
            if not asked:
                asked, lexicon = True, document_lexicon(text)
            if lexicon is not None:
                spelling = lexicon_spelling(lexicon, a, b, line_end=True)
                if spelling is not None:
                    yield Hit(word, f"{message} ({lexicon.evidence})", (Edit(gap, spelling),))
                    continue
            yield Hit(word, f"possible {message}")


def find_spaced_hyphenation(text: str) -> Iterator[Hit]:
    vocab: Counter[str] | None = None
    hyphenated: Counter[str] | None = None
    corpus = active_vocabulary()
    asked, lexicon = False, None
    for m in SPACED_HYPHEN.finditer(text):
        if vocab is None:
            vocab = word_counts(text)
            hyphenated = Counter(h.casefold() for h in HYPHENATED_ANY.findall(text))
        assert hyphenated is not None
        a, b = m.group("a"), m.group("b")
        closed, joined = vocab[(a + b).casefold()], hyphenated[f"{a}-{b}".casefold()]
        spelling, evidence = spelling_by_counts(closed, joined), "document"
        if spelling is None:
            spelling, evidence = corpus_spelling(corpus, a, b), "corpus"
        if spelling is None:
            if not asked:
                asked, lexicon = True, document_lexicon(text)
            if lexicon is None or lexicon_spelling(lexicon, a, b) != "":
                continue
            spelling, evidence = "", lexicon.evidence
        yield Hit(
            Span(m.start(), m.end()),
            f"word split by a hyphen and a space: {a}- {b} ({evidence})",
            (Edit(Span(m.start("gap"), m.end("gap")), spelling),),
        )
