"""SW006 of `textclean.repairs.words` as it was in Python: the glued-word scan, before the
core's `glued_to_judge` (crates/textclean-core/src/words.rs), with the candidates and the
filters that need no lexicon, and `find_glued_words` that judged them on the lexicon, before
the core's `split_glued_words` (crates/textclean-core/src/repairs/glued.rs)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from textclean.corpus.vocab import active_vocabulary
from textclean.lexicon import Lexicon, document_lexicon, lexicon_setting
from textclean.model import Edit, Safety, Span
from textclean.repairs import Hit


def script(letter: str) -> str:
    """The script of a letter of the glued pairs: "Greek", "Cyrillic" or "Latin"."""
    code = ord(letter)
    if 0x370 <= code <= 0x3FF or 0x1F00 <= code <= 0x1FFF:
        return "Greek"
    if 0x400 <= code <= 0x52F:
        return "Cyrillic"
    return "Latin"


# A word ending in lower case, a sentence stop and a capitalised word with no space between
# them (`year.The`, `Ukraine.They`, `DigiTimes.A`), or an acronym (`beschlossen.EU-Mittel`): the
# space after a stop was lost, or the line break after a paragraph.
_GLUED_STOP = regex.compile(
    r"(?<![\p{L}\p{N}_])(?P<a>\p{L}+\p{Ll})(?P<stop>[.!?])(?P<b>\p{Lu}\p{Ll}*|\p{Lu}{2,})(?![\p{L}\p{N}_])"
)
# The same after an abbreviation of single lower-case letters (`a.m.Friday`, `e.g.The`).
_GLUED_ABBREVIATION = regex.compile(
    r"(?<![\p{L}\p{N}_.])(?P<a>(?:\p{Ll}\.)+\p{Ll})(?P<stop>\.)(?P<b>\p{Lu}\p{Ll}+)(?![\p{L}\p{N}_])"
)
# Where such an abbreviation starts, matched backwards from its last letter.
_ABBREVIATION_BEFORE = regex.compile(r"(?:\p{Ll}\.)+\p{Ll}", regex.REVERSE)
# Two words run together where a space or a line break was lost (`SquishedThere`, a heading
# glued to the sentence after it): exactly two humps, each a capital or lower-case letter and
# lower-case letters, nothing glued on either side. Three humps and more are identifiers
# (`getElementById`); one lower-case letter before a capital is a brand (`iPhone`, `eBay`).
_GLUED_CAMEL = regex.compile(
    r"(?<![\p{L}\p{N}_])(?P<a>\p{L}\p{Ll}+)(?P<b>\p{Lu}\p{Ll}+)(?![\p{L}\p{N}_])"
)
# Where a glued pair turns: a lower-case letter, maybe a stop, a capital.
_HUMP = regex.compile(r"\p{Ll}[.!?]?\p{Lu}")
_CAPITAL = regex.compile(r"\p{Lu}")
# Lower- and upper-case letters of the cased scripts of the lexicon's languages (Latin and
# its extensions, Greek, Cyrillic), as stdlib classes; the extension blocks mix both cases, so
# they are in both. A hump in another cased script is not looked at: no lexicon has it.
_LOWER = "a-z\xb5\xdf-\xff\u0100-\u024f\u0370-\u03ff\u0430-\u04ff\u1e00-\u1fff"
_UPPER = "A-Z\xc0-\xde\u0100-\u024f\u0370-\u03ff\u0400-\u042f\u0460-\u04ff\u1e00-\u1fff"
# The capital of a hump: a pattern that starts with a character class is scanned by the
# stdlib engine in a tight loop, and capitals are few, so this finds humps four times faster
# than a pattern that starts at the lower-case letter (every other character).
_HUMP_HINT = re.compile(f"[{_UPPER}](?:(?<=[{_LOWER}][{_UPPER}])|(?<=[{_LOWER}][.!?][{_UPPER}]))")
_LETTERS_AFTER = regex.compile(r"\p{L}*")


# Inside a token with one of these, a glued pair is code, a URL, a path or an address.
_CODE_CHARS = frozenset("/\\@_=#<>{}[]|~$%^&*+:;()0123456789")
# After a stop these are domain names (`Amazon.Com`), not the next sentence.
_DOMAIN_ENDS = frozenset({"com", "net", "org", "gov", "edu", "info", "biz", "co", "io", "tv"})
# A capitalised left part this short is a name's prefix (`McDonald`, `LeBron`, `DiCaprio`).
_MIN_CAPITAL_LEFT = 3
# Lower-case runs into capitals (`likelyHungarian`, `mergeAccounts`; not `iPhone`, `iOS`): a
# document with this many different ones quotes code, and none of them is split.
_CAMEL_IDENTIFIERS = 3


def _glued_candidates(text: str) -> tuple[list[regex.Match[str]], int]:
    """Matches of `_GLUED_STOP` and `_GLUED_CAMEL` that turn at a hump of the text, in order,
    and how many different lower-case runs into capitals (`mergeAccounts`) the text has.

    Found from the humps (rare) rather than by running both patterns over every letter: each
    match starts at the run of letters that ends at its hump's lower-case letter. Matches
    may overlap (`DigiTimes.A` is both); the finder skips a candidate inside one it split.
    """
    out: dict[tuple[int, int], regex.Match[str]] = {}
    lower_camel: set[str] = set()
    for hint in _HUMP_HINT.finditer(text):
        turn = hint.start() - 1 if text[hint.start() - 1] in ".!?" else hint.start()
        if _HUMP.match(text, turn - 1) is None:
            continue
        before = _LETTERS_BEFORE.match(text, 0, turn)
        assert before is not None
        stop = _GLUED_STOP.match(text, before.start())
        if stop is not None and stop.start("stop") == turn:
            out.setdefault(stop.span(), stop)
        elif turn != hint.start() and len(before.group()) == 1 and text[turn - 2 : turn - 1] == ".":
            abbreviation = _ABBREVIATION_BEFORE.match(text, 0, turn)
            if abbreviation is not None:
                glued = _GLUED_ABBREVIATION.match(text, abbreviation.start())
                if glued is not None and glued.start("stop") == turn:
                    out.setdefault(glued.span(), glued)
        camel = _GLUED_CAMEL.match(text, before.start())
        if camel is not None and camel.end("a") == turn:
            out.setdefault(camel.span(), camel)
        if turn == hint.start() and len(before.group()) >= 2 and before.group().islower():
            after = _LETTERS_AFTER.match(text, turn)
            assert after is not None
            lower_camel.add(text[before.start() : after.end()])
    return sorted(out.values(), key=lambda m: m.span()), len(lower_camel)


def _token(text: str, start: int, end: int) -> str:
    """The run of non-space characters around text[start:end]."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    return text[left:right]


def _colon_of_prose(text: str, end: int) -> bool:
    """A colon that ends the token ending at or after `end` is prose: before a capital or the
    end of the line (`casa.Eugênio: Por`), not before a value in lower case (`pageType: x`)."""
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    while right < len(text) and text[right] in " \t":
        right += 1
    return right == len(text) or text[right] in "\r\n" or _CAPITAL.match(text[right]) is not None


def _prose_token(token: str, colon: bool = False) -> str:
    """`token` without the commas, semicolons and stops that end it (and colons, with
    `colon`), and a parenthesis that opens or closes it when it has no other."""
    ends = ",;.!?:" if colon else ",;.!?"
    trimmed = token.rstrip(ends)
    inner = trimmed.removeprefix("(").removesuffix(")")
    return trimmed if "(" in inner or ")" in inner else inner.rstrip(ends)


def _looks_like_code(token: str, glued: str) -> bool:
    """`token` is a URL, path, address, identifier or code rather than words in prose."""
    if any(c in _CODE_CHARS for c in token):
        return True
    # Another dot between letters besides the glued one: `System.Out.println`, `bbc.co.Uk`.
    rest = token.replace(glued, "x", 1)
    return "." in rest and _INNER_DOT.search(rest) is not None


_INNER_DOT = regex.compile(r"\p{L}\.\p{L}")




_LETTERS_BEFORE = regex.compile(r"\p{L}+", regex.REVERSE)


def glued_to_judge(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end of a, start of b, end) of each candidate `find_glued_words` judged on the
    lexicon: the loop of that finder up to its first lexicon look-up, with its last test
    (the document writes the pair again) moved up, as it needs no lexicon either."""
    candidates, lower_camel = _glued_candidates(text)
    out = []
    for m in candidates:
        a = m.group("a")
        stop = m.groupdict().get("stop") or ""
        if not stop:
            if a[0].isupper() and len(a) < _MIN_CAPITAL_LEFT:
                continue
            if a[0].islower() and lower_camel >= _CAMEL_IDENTIFIERS:
                continue
        glued = m.group()
        if not stop and script(a[-1]) != script(m.group("b")[0]):
            # A word run into one of another script: only the token up to the join counts.
            left = m.start()
            while left > 0 and not text[left - 1].isspace():
                left -= 1
            if _looks_like_code(text[left : m.end("a")], a):
                continue
        elif _looks_like_code(_prose_token(_token(text, m.start(), m.end()),
                                           bool(stop) or _colon_of_prose(text, m.end())), glued):
            continue
        if text.count(glued, 0, m.start()) or text.count(glued, m.end()):
            continue
        out.append((m.start(), m.end("a"), m.start("b"), m.end()))
    return out


GLUED_PART = 2.5
GLUED_WORD = 2.5
GLUED_WORD_BEFORE_NAME = 2.0
_MIN_WORD_BEFORE_NAME = 3
_MIN_NAME = 4
_MIN_NAME_AFTER_FUNCTION_WORD = 3
GLUED_UNLISTED_LOWER = 7
GLUED_FUNCTION_WORD = 4.5
GLUED_CAPITAL_NEXT = 5.8
_UNSET = object()


def find_glued_words(text: str) -> Iterator[Hit]:
    """The repair as the engine ran it: behind its gate (the lexicon is not off and the text
    has a pair to judge)."""
    if lexicon_setting() != "off" and glued_to_judge(text):
        yield from _find_glued_words(text)


def _find_glued_words(text: str) -> Iterator[Hit]:
    if lexicon_setting() == "off":
        return
    lexicon: Lexicon | None | object = _UNSET  # not looked up yet
    corpus = active_vocabulary()
    last_end = -1
    for start, a_end, b_start, end in glued_to_judge(text):
        if start < last_end:
            continue
        a, stop, b = text[start:a_end], text[a_end:b_start], text[b_start:end]
        glued = text[start:end]
        if corpus is not None and not stop and corpus.count(glued) > 0:
            continue
        if stop and b.lower() in _DOMAIN_ENDS:
            continue
        if lexicon is _UNSET:
            lexicon = document_lexicon(text)
        if lexicon is None:
            return
        assert isinstance(lexicon, Lexicon)
        if stop:
            if not lexicon.is_word(b, GLUED_PART) and not (
                len(a) >= _MIN_WORD_BEFORE_NAME
                and (len(b) >= _MIN_NAME or b.isupper())
                and lexicon.is_word(a, GLUED_WORD_BEFORE_NAME)
            ):
                continue
        elif a[0].islower() and script(a[-1]) != script(b[0]):
            pass
        elif not lexicon.is_word(a, GLUED_PART) and not (
            a[0].islower()
            and len(a) >= _MIN_WORD_BEFORE_NAME
            and lexicon.zipf(a) >= GLUED_WORD_BEFORE_NAME
        ) and not (
            a.islower() and len(a) >= GLUED_UNLISTED_LOWER and lexicon.is_word(b, GLUED_PART)
        ):
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
            continue
        if not stop and lexicon.zipf(a + b) >= GLUED_WORD:
            continue
        if not stop and a[0].isupper() and lexicon.zipf(b) < GLUED_CAPITAL_NEXT:
            continue
        last_end = end
        yield Hit(
            Span(start, end),
            f"words glued together: {glued} ({lexicon.evidence})"
            + ("" if stop else " (camel-case join: unsafe fix)"),
            (Edit(Span(b_start, b_start), " "),),
            at_most=None if stop else Safety.UNSAFE,
        )
