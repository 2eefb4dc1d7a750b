"""SW004 of `textclean.repairs.words` as it was in Python, before the core's
`restore_compound_hyphen` (crates/textclean-core/src/repairs/compounds.rs):
`find_unhyphenated_compound` behind its gate `may_have_unhyphenated_compound`, with the scans
the core did for them written as the regexes they replaced.

One change: a cut that falls past the end of the closed word (a casefolding that lengthens it:
`ßßßß` for `ssssss-ss`) is no seam, and no hit; the Python code inserted a hyphen past the word,
even past the end of the text, where the core cannot point."""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterator

import regex

from textclean.corpus.vocab import Vocabulary, active_vocabulary
from textclean.lexicon import Lexicon, document_lexicon
from textclean.model import Edit, Span
from textclean.repairs import Hit

LEXICON_FREQUENT = 2.5
_CLOSED_WORD = regex.compile(r"\b\p{L}{4,}\b")
_HYPHENATED = regex.compile(r"\b(\p{L}{2,})-(\p{L}{2,})\b")
_LETTERS_AFTER = regex.compile(r"\p{L}+")
_LETTERS_BEFORE = regex.compile(r"\p{L}+", regex.REVERSE)


def fold(text: str) -> str:
    """`str.casefold`, and both `İ` (U+0130, which casefolds to `i` + combining dot) and `ı`
    (U+0131) folded to a plain `i`, as Python's `regex` matches them to `i` under `(?i)`."""
    folded = text.casefold()
    if not folded.isascii():
        folded = folded.replace("i\u0307", "i").replace("\u0131", "i")
    return folded


def closed_compounds(text: str, corpus_forms: Container[str] | None = None) -> list[tuple[int, int, int, int, int]]:
    """(start, end, hyphenated, first part, closed) of each closed word that may be a compound
    written without its hyphen, in text order."""
    compounds: dict[str, tuple[int, str, str]] = {}
    for m in _HYPHENATED.finditer(text):
        a, b = m.group(1), m.group(2)
        key = (a + b).casefold()
        count = compounds.get(key, (0, a, b))[0]
        compounds[key] = (count + 1, a, b)
    corpus_closed = corpus_forms or {}
    closed = [
        m
        for m in _CLOSED_WORD.finditer(text)
        if (key := m.group().casefold()) in compounds or key in corpus_closed
    ]
    counts = Counter(m.group().casefold() for m in closed)
    out = []
    for m in closed:
        key = m.group().casefold()
        count, a, _ = compounds.get(key, (0, "", ""))
        out.append((m.start(), m.end(), count, len(a), counts[key]))
    return out


def may_have_unhyphenated_compound(text: str) -> bool:
    """Some `a-b` (whole runs of two letters or more) whose folded closed form occurs in the
    folded text; with a corpus vocabulary, also a closed form of one of its compounds."""
    folded: str | None = None
    tried: set[str] = set()
    for m in regex.finditer(r"-(?<=\p{L}\p{L}-)\p{L}\p{L}", text):
        at = m.start()
        before = _LETTERS_BEFORE.match(text, 0, at)
        after = _LETTERS_AFTER.match(text, at + 1)
        if before is None or after is None:
            continue
        word = fold(before.group() + after.group())
        if word in tried:
            continue
        tried.add(word)
        if folded is None:
            folded = fold(text)
        if word in folded:
            return True
    corpus = active_vocabulary()
    if corpus is not None:
        return bool(closed_compounds(text, corpus.closed_compounds()))
    return False


def find_unhyphenated_compound(text: str) -> Iterator[Hit]:
    """The repair as the engine ran it: nothing when the gate is shut."""
    if may_have_unhyphenated_compound(text):
        yield from _find_unhyphenated_compound(text)


_UNSET = object()


def _find_unhyphenated_compound(text: str) -> Iterator[Hit]:
    corpus = active_vocabulary()
    if "-" not in text and corpus is None:
        return
    closed = closed_compounds(text, corpus.closed_compounds() if corpus is not None else None)
    lexicon: Lexicon | None | object = _UNSET  # not looked up yet
    for start, end, hyphenated, first_part, closed_count in closed:
        word = text[start:end]
        if hyphenated:
            if closed_count > hyphenated:
                continue  # the document prefers the closed form
            if lexicon is _UNSET:
                lexicon = document_lexicon(text)
            if _frequent_word(lexicon, word):  # type: ignore[arg-type]
                continue
            if first_part > len(word):
                continue  # the one change (see above)
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
            continue
        if not word.islower():
            continue
        if text[start - 1 : start] == "-" or text[end : end + 1] == "-":
            continue
        spelling = _corpus_compound(corpus, key, closed_count)
        if spelling is None:
            continue
        if lexicon is _UNSET:
            lexicon = document_lexicon(text)
        if _frequent_word(lexicon, word):  # type: ignore[arg-type]
            continue
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
    return lexicon is not None and lexicon.zipf(word) >= LEXICON_FREQUENT


def _corpus_compound(corpus: Vocabulary, closed: str, in_document: int) -> str | None:
    spellings = corpus.hyphenations(closed)
    if not spellings:
        return None
    spelling, count = spellings[0]
    if any(len(part) < 2 for part in spelling.split("-")):
        return None
    own = in_document if corpus.includes_documents else 0
    if corpus.count(closed) > own or count < in_document:
        return None
    return spelling
