"""Split-word repairs that need evidence from the document's own vocabulary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import regex

from textclean.model import Edit, Span
from textclean.prefilter import fold
from textclean.repairs import Hit

_WORD = regex.compile(r"\p{L}+")


def _vocabulary(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in _WORD.findall(text))


# A single capital letter, a space, and lower-case letters, at the start of a paragraph: the
# drop cap of a styled first letter that the scraper kept as its own element.
_DROP_CAP = regex.compile(r"(?m)^(?P<cap>\p{Lu})(?P<gap> )(?P<rest>\p{Ll}+)\b")
_ONE_LETTER_WORDS = frozenset("AIO")


def find_drop_cap(text: str) -> Iterator[Hit]:
    """Find a drop cap split from its word (`T he harbour`) and join it.

    Joined only when the joined word occurs elsewhere in the document (evidence), and the
    capital is not a one-letter word itself (`A`, `I`, `O`).

    >>> t = "T he ferry left. Then the ferry came back to the pier."
    >>> [h.message for h in find_drop_cap(t)]
    ['drop cap split from its word: T he']
    """
    vocab: Counter[str] | None = None
    for m in _DROP_CAP.finditer(text):
        if m.group("cap") in _ONE_LETTER_WORDS:
            continue
        if vocab is None:
            vocab = _vocabulary(text)
        joined = (m.group("cap") + m.group("rest")).casefold()
        if vocab[joined] == 0:
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
    if `inter-national` does, it stays. With no evidence either way the break is reported
    and left alone.

    >>> t = "An inter-\\nnational fair. The international guests came."
    >>> [h.edits[0].replacement for h in find_line_end_hyphenation(t)]
    ['']
    """
    vocab: Counter[str] | None = None
    hyphenated: set[str] | None = None
    for m in _LINE_END_HYPHEN.finditer(text):
        if vocab is None:
            vocab = _vocabulary(text)
            hyphenated = {
                h.casefold() for h in regex.findall(r"\p{L}+-\p{L}+", text)
            }
        assert hyphenated is not None
        a, b = m.group("a"), m.group("b")
        gap = Span(m.start("gap"), m.end("gap"))
        word = Span(m.start(), m.end())
        if vocab[(a + b).casefold()] > 0:
            yield Hit(word, f"word hyphenated across a line break: {a}-/{b}", (Edit(gap, ""),))
        elif f"{a}-{b}".casefold() in hyphenated:
            yield Hit(word, f"word hyphenated across a line break: {a}-/{b}", (Edit(gap, "-"),))
        else:
            yield Hit(word, f"possible word hyphenated across a line break: {a}-/{b}")


_CLOSED_WORD = regex.compile(r"\b\p{L}{4,}\b")
_HYPHENATED = regex.compile(r"\b(\p{L}{2,})-(\p{L}{2,})\b")


# A hyphen with two letters on each side (searched from the hyphen, so it is fast), and the
# letters around it.
_INNER_HYPHEN = regex.compile(r"-(?<=\p{L}\p{L}-)\p{L}\p{L}")
_LETTERS_BEFORE = regex.compile(r"\p{L}+", regex.REVERSE)
_LETTERS_AFTER = regex.compile(r"\p{L}+")


def may_have_unhyphenated_compound(text: str) -> bool:
    """Gate for `find_unhyphenated_compound`: some `a-b` whose closed form `ab` occurs.

    Each compound the finder collects is the whole run of letters before a hyphen and the
    whole run after it, and it yields only where the closed form (casefolded) is a word of
    the text, so the folded text contains it (`prefilter.fold` is casefolding plus two
    fix-ups that keep substrings made of letters). This checks that for every hyphen with
    two letters on each side.
    """
    folded: str | None = None
    for m in _INNER_HYPHEN.finditer(text):
        at = m.start()
        before = _LETTERS_BEFORE.match(text, 0, at)
        after = _LETTERS_AFTER.match(text, at + 1)
        if before is None or after is None:
            continue
        if folded is None:
            folded = fold(text)  # the engine has usually folded this very text already
        if fold(before.group() + after.group()) in folded:
            return True
    return False


def find_unhyphenated_compound(text: str) -> Iterator[Hit]:
    """Find a compound written without its hyphen where the document hyphenates it.

    `fivepoint` is repaired to `five-point` only when `five-point` itself occurs in the same
    document and `fivepoint` is not a word the document uses on purpose more often.

    >>> t = "A fivepoint plan. The five-point plan failed."
    >>> [h.edits[0].replacement for h in find_unhyphenated_compound(t)]
    ['-']
    """
    if "-" not in text:
        return
    compounds: dict[str, tuple[int, str, str]] = {}
    for m in _HYPHENATED.finditer(text):
        a, b = m.group(1), m.group(2)
        key = (a + b).casefold()
        count = compounds.get(key, (0, a, b))[0]
        compounds[key] = (count + 1, a, b)
    if not compounds:
        return
    # One scan collects the closed forms and counts them, so a document with many of them
    # stays linear (an earlier version rescanned the text for each one).
    closed = [m for m in _CLOSED_WORD.finditer(text) if m.group().casefold() in compounds]
    closed_counts = Counter(m.group().casefold() for m in closed)
    for m in closed:
        word = m.group()
        count, a, _ = compounds[word.casefold()]
        if closed_counts[word.casefold()] > count:
            continue  # the document prefers the closed form
        at = m.start() + len(a)
        yield Hit(
            Span(m.start(), m.end()),
            f"compound written without its hyphen: {word} (the document writes "
            f"{word[: len(a)]}-{word[len(a):]})",
            (Edit(Span(at, at), "-"),),
        )
