"""Split-word repairs that need evidence: the document's own vocabulary first, then the corpus.

The corpus vocabulary (`textclean.vocab`) is consulted only when one is active and the
document itself has no evidence either way, so without one every repair here gives the
results it always gave.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import regex

from textclean.model import Edit, Span
from textclean.prefilter import fold
from textclean.repairs import Hit
from textclean.vocab import Vocabulary, active_vocabulary

_WORD = regex.compile(r"\p{L}+")


def _vocabulary(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in _WORD.findall(text))


def _casefolded(text: str) -> str:
    """`text.casefold()`, taken from `fold(text)` for an ASCII text (whose fold is its casefold).

    Whatever a word-counting regex finds in `text` and then casefolds is a piece of `text`,
    and `str.casefold` folds each character on its own, so the casefolded piece is a
    substring of this: a spelling missing from it has a count of 0, without counting.
    """
    return fold(text) if text.isascii() else text.casefold()


# A single capital letter, a space, and lower-case letters, at the start of a paragraph: the
# drop cap of a styled first letter that the scraper kept as its own element.
_DROP_CAP = regex.compile(r"(?m)^(?P<cap>\p{Lu})(?P<gap> )(?P<rest>\p{Ll}+)\b")
_ONE_LETTER_WORDS = frozenset("AIO")


# A line start, a character that may be upper case, a space and one that may be lower case
# (ASCII upper and lower case letters are `A-Z` and `a-z`): a stdlib regex that starts with a
# literal, so it skips through the text far faster than the `(?m)^` of `_DROP_CAP`.
_DROP_CAP_HINT = re.compile(r"\n[A-Z\x80-\U0010ffff] [a-z\x80-\U0010ffff]")


def _drop_caps(text: str) -> Iterator[regex.Match[str]]:
    """The matches of `_DROP_CAP.finditer(text)`, trying the regex only where a hint is.

    Every match is on one line and starts the line, so it is where a hint of `"\n" + text`
    starts (a hint at k in that string is the line start k of `text`), and matches on
    different lines cannot overlap. tests/repairs/test_fast_paths.py checks this against the
    regex.
    """
    for hint in _DROP_CAP_HINT.finditer("\n" + text):
        m = _DROP_CAP.match(text, hint.start())
        if m is not None:
            yield m


def find_drop_cap(text: str) -> Iterator[Hit]:
    """Find a drop cap split from its word (`T he harbour`) and join it.

    Joined only when the joined word occurs elsewhere in the document (evidence), and the
    capital is not a one-letter word itself (`A`, `I`, `O`).

    >>> t = "T he ferry left. Then the ferry came back to the pier."
    >>> [h.message for h in find_drop_cap(t)]
    ['drop cap split from its word: T he']
    """
    vocab: Counter[str] | None = None
    corpus = active_vocabulary()
    for m in _drop_caps(text):
        if m.group("cap") in _ONE_LETTER_WORDS:
            continue
        if vocab is None:
            vocab = _vocabulary(text)
        joined = (m.group("cap") + m.group("rest")).casefold()
        if vocab[joined] == 0 and (corpus is None or corpus.count(joined) == 0):
            continue
        gap = Span(m.start("gap"), m.end("gap"))
        yield Hit(
            Span(m.start(), m.end()),
            f"drop cap split from its word: {m.group()}",
            (Edit(gap, ""),),
        )


_LINE_END_HYPHEN = regex.compile(r"(?P<a>\p{L}+)(?P<gap>-[ \t]*\r?\n[ \t]*)(?P<b>\p{Ll}+)")


# A match's gap and the lower-case letter that starts its second part.
_LINE_END_HYPHEN_GATE = regex.compile(r"-[ \t]*\r?\n[ \t]*\p{Ll}")


def may_have_line_end_hyphenation(text: str) -> bool:
    """Gate for `find_line_end_hyphenation`: a hyphen, a line break, a lower-case letter."""
    return _LINE_END_HYPHEN_GATE.search(text) is not None


def find_line_end_hyphenation(text: str) -> Iterator[Hit]:
    """Find a word hyphenated across a line break (`inter-\\nnational`) and rejoin it.

    The document decides the spelling: if `international` occurs elsewhere the hyphen goes;
    if `inter-national` does, it stays. When the document is silent, the active corpus
    vocabulary decides the same way (the more frequent spelling wins). With no evidence
    either way the break is reported and left alone.

    >>> t = "An inter-\\nnational fair. The international guests came."
    >>> [h.edits[0].replacement for h in find_line_end_hyphenation(t)]
    ['']
    """
    # The document's words and hyphenated words, counted only for a spelling that its
    # casefolded text contains (`_casefolded`).
    folded: str | None = None
    vocab: Counter[str] | None = None
    hyphenated: set[str] | None = None
    corpus = active_vocabulary()
    for m in _LINE_END_HYPHEN.finditer(text):
        if folded is None:
            folded = _casefolded(text)
        a, b = m.group("a"), m.group("b")
        gap = Span(m.start("gap"), m.end("gap"))
        word = Span(m.start(), m.end())
        if (closed := (a + b).casefold()) in folded:
            if vocab is None:
                vocab = _vocabulary(text)
            has_closed = vocab[closed] > 0
        else:
            has_closed = False
        if not has_closed and (joined := f"{a}-{b}".casefold()) in folded:
            if hyphenated is None:
                hyphenated = {h.casefold() for h in _HYPHENATED_ANY.findall(text)}
            has_joined = joined in hyphenated
        else:
            has_joined = False
        if has_closed:
            yield Hit(word, f"word hyphenated across a line break: {a}-/{b}", (Edit(gap, ""),))
        elif has_joined:
            yield Hit(word, f"word hyphenated across a line break: {a}-/{b}", (Edit(gap, "-"),))
        elif (spelling := _corpus_spelling(corpus, a, b)) is not None:
            yield Hit(
                word,
                f"word hyphenated across a line break: {a}-/{b} (the corpus writes "
                f"{a}{spelling}{b})",
                (Edit(gap, spelling),),
            )
        else:
            yield Hit(word, f"possible word hyphenated across a line break: {a}-/{b}")


def _corpus_spelling(corpus: Vocabulary | None, a: str, b: str) -> str | None:
    """What goes between `a` and `b` by the corpus: "" (closed), "-" or None (no evidence)."""
    if corpus is None:
        return None
    closed = corpus.count(a + b)
    hyphenated = corpus.count(f"{a}-{b}")
    if closed and closed >= hyphenated:
        return ""
    if hyphenated:
        return "-"
    return None


# A hyphen followed by spaces inside a line (`inter- national`): what is left of a line-end
# hyphenation after the line break became a space. Suspended compounds (`pre- and post-war`)
# never join, because `preand` is no word of the document or the corpus.
_SPACED_HYPHEN = regex.compile(r"(?P<a>\p{L}+)(?P<gap>-[ \t]+)(?P<b>\p{Ll}+)")


def may_have_spaced_hyphenation(text: str) -> bool:
    """Gate for `find_spaced_hyphenation`: a letter, a hyphen and a space."""
    return "- " in text or "-\t" in text


def find_spaced_hyphenation(text: str) -> Iterator[Hit]:
    """Find a word split by a hyphen and a space (`inter- national`) and rejoin it.

    Only with evidence: the joined word (`international`) or the hyphenated one
    (`well-known`) occurs in the document or, when the document is silent, in the active
    corpus vocabulary. Without evidence nothing is reported: a hyphen before a space is
    also how suspended compounds (`pre- and post-war`) are written.

    >>> t = "An inter- national fair. The international guests came."
    >>> [h.edits[0].replacement for h in find_spaced_hyphenation(t)]
    ['']
    >>> list(find_spaced_hyphenation("Pre- and post-war prices."))
    []
    """
    # The document's words and hyphenated words, counted only for a spelling that its
    # casefolded text contains (`_casefolded`): a split word rarely has either.
    folded: str | None = None
    vocab: Counter[str] | None = None
    hyphenated: Counter[str] | None = None
    corpus = active_vocabulary()
    for start, gap_start, gap_end, end in _spaced_hyphens(text):
        if folded is None:
            folded = _casefolded(text)
        a, b = text[start:gap_start], text[gap_end:end]
        closed = joined = 0
        if (closed_key := (a + b).casefold()) in folded:
            if vocab is None:
                vocab = _vocabulary(text)
            closed = vocab[closed_key]
        if (joined_key := f"{a}-{b}".casefold()) in folded:
            if hyphenated is None:
                hyphenated = Counter(h.casefold() for h in _HYPHENATED_ANY.findall(text))
            joined = hyphenated[joined_key]
        if closed and closed >= joined:
            spelling: str | None = ""
        elif joined:
            spelling = "-"
        else:
            spelling = _corpus_spelling(corpus, a, b)
        if spelling is None:
            continue
        yield Hit(
            Span(start, end),
            f"word split by a hyphen and a space: {a}- {b}",
            (Edit(Span(gap_start, gap_end), spelling),),
        )


# The gap of a `_SPACED_HYPHEN` match and the first letter after it: it starts with a literal
# hyphen, so the regex engine skips to hyphens instead of trying a letter run at every letter.
_SPACED_HYPHEN_GAP = regex.compile(r"-[ \t]+(?=\p{Ll})")
_LOWER_AFTER = regex.compile(r"\p{Ll}+")


def _spaced_hyphens(text: str) -> Iterator[tuple[int, int, int, int]]:
    """(start, gap start, gap end, end) of each match of `_SPACED_HYPHEN.finditer(text)`.

    Found from the gap: a match's `a` is the letter run before its hyphen (from no further
    back than the end of the previous match: that is where `finditer` resumes, and a shorter
    `a` cannot end at the hyphen any other way), its `b` the lower-case run after the gap.
    tests/repairs/test_fast_paths.py checks this against the regex.
    """
    last_end = 0
    pos = 0
    while (g := _SPACED_HYPHEN_GAP.search(text, pos)) is not None:
        hyphen = g.start()
        before = _LETTERS_BEFORE.match(text, last_end, hyphen) if hyphen > last_end else None
        if before is None:
            pos = hyphen + 1
            continue
        after = _LOWER_AFTER.match(text, g.end())
        assert after is not None
        yield before.start(), hyphen, g.end(), after.end()
        last_end = pos = after.end()


_HYPHENATED_ANY = regex.compile(r"\p{L}+-\p{L}+")


_CLOSED_WORD = regex.compile(r"\b\p{L}{4,}\b")
_HYPHENATED = regex.compile(r"\b(\p{L}{2,})-(\p{L}{2,})\b")


# A hyphen with two letters or more on each side (searched from the hyphen, so it is fast),
# with the whole runs of letters before and after it as its two groups: a greedy run in a
# lookbehind is matched leftwards and takes every letter there, one in a lookahead every
# letter to its right. The match itself is the hyphen alone, so every such hyphen matches.
_COMPOUND_PARTS = regex.compile(r"-(?<=(\p{L}{2,})-)(?=(\p{L}{2,}))")
# The run of letters that ends where a reverse match is started (`_spaced_hyphens`).
_LETTERS_BEFORE = regex.compile(r"\p{L}+", regex.REVERSE)


def may_have_unhyphenated_compound(text: str) -> bool:
    """Gate for `find_unhyphenated_compound`: some `a-b` whose closed form `ab` occurs.

    Each compound the finder collects is the whole run of letters before a hyphen and the
    whole run after it, and it yields only where the closed form (casefolded) is a word of
    the text, so the folded text contains it (`prefilter.fold` is casefolding plus two
    fix-ups that keep substrings made of letters). This checks that for every hyphen with
    two letters on each side. The closed forms are folded together, joined by line breaks:
    `str.casefold` folds each character on its own and the two fix-ups cannot reach across
    a line break, so each comes out as its own fold. tests/repairs/test_fast_paths.py checks
    this against a hyphen-by-hyphen loop.
    """
    parts = _COMPOUND_PARTS.findall(text)
    if parts:
        # `fold` of the closed forms, written out: `fold` itself would replace its one-entry
        # cache of the text's fold, which the engine folds again after this gate.
        forms = "\n".join({a + b for a, b in parts}).casefold()
        if not forms.isascii():
            forms = forms.replace("i\u0307", "i").replace("\u0131", "i")
        folded = fold(text)  # the engine has usually folded this very text already
        for word in set(forms.split("\n")):
            if word in folded:
                return True
    corpus = active_vocabulary()
    if corpus is not None:
        # With a corpus vocabulary, a closed form of one of its compounds is enough.
        closed = corpus.closed_compounds()
        return any(m.group().casefold() in closed for m in _CLOSED_WORD.finditer(text))
    return False


def find_unhyphenated_compound(text: str) -> Iterator[Hit]:
    """Find a compound written without its hyphen where the document hyphenates it.

    `fivepoint` is repaired to `five-point` only when `five-point` itself occurs in the same
    document and `fivepoint` is not a word the document uses on purpose more often. When the
    document never hyphenates the word, the active corpus vocabulary can stand in: the
    corpus's most common hyphenated spelling is restored when the corpus never writes the
    closed form outside this document, and the word is in lower case (not `WiFi`, not a
    heading's `Fallout`).

    >>> t = "A fivepoint plan. The five-point plan failed."
    >>> [h.edits[0].replacement for h in find_unhyphenated_compound(t)]
    ['-']
    """
    corpus = active_vocabulary()
    if "-" not in text and corpus is None:
        return
    compounds: dict[str, tuple[int, str, str]] = {}
    for m in _HYPHENATED.finditer(text):
        a, b = m.group(1), m.group(2)
        key = (a + b).casefold()
        count = compounds.get(key, (0, a, b))[0]
        compounds[key] = (count + 1, a, b)
    corpus_closed = corpus.closed_compounds() if corpus is not None else {}
    if not compounds and not corpus_closed:
        return
    # One scan collects the closed forms and counts them, so a document with many of them
    # stays linear (an earlier version rescanned the text for each one).
    closed = [
        m
        for m in _CLOSED_WORD.finditer(text)
        if (key := m.group().casefold()) in compounds or key in corpus_closed
    ]
    closed_counts = Counter(m.group().casefold() for m in closed)
    for m in closed:
        word = m.group()
        key = word.casefold()
        if key in compounds:
            count, a, _ = compounds[key]
            if closed_counts[key] > count:
                continue  # the document prefers the closed form
            at = m.start() + len(a)
            yield Hit(
                Span(m.start(), m.end()),
                f"compound written without its hyphen: {word} (the document writes "
                f"{word[: len(a)]}-{word[len(a):]})",
                (Edit(Span(at, at), "-"),),
            )
            continue
        assert corpus is not None
        if len(key) != len(word):
            continue  # casefolding changed the length (`ß`): offsets would not line up
        if not word.islower():
            # `WiFi`, `PopUp`: a styled name. And on the article benchmark every capitalised
            # word the corpus alone would have hyphenated (`Fallout`, `Signup` in headings
            # and teasers) was written closed on purpose.
            continue
        if text[m.start() - 1 : m.start()] == "-" or text[m.end() : m.end() + 1] == "-":
            continue  # part of a compound (`inline-block`), which the vocabulary counts whole
        spelling = _corpus_compound(corpus, key, closed_counts[key])
        if spelling is None:
            continue
        # Hyphens go where the corpus spelling has them; the word keeps its own letters.
        cuts, at = [], 0
        for part in spelling.split("-")[:-1]:
            at += len(part)
            cuts.append(at)
        edits = tuple(Edit(Span(m.start() + c, m.start() + c), "-") for c in cuts)
        rebuilt = "-".join(word[i:j] for i, j in zip([0, *cuts], [*cuts, len(word)], strict=True))
        yield Hit(
            Span(m.start(), m.end()),
            f"compound written without its hyphen: {word} (the corpus writes {rebuilt})",
            edits,
        )


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
