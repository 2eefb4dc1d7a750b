"""Prefilters: which rules can fire on a text, decided by one scan for required literals.

Most of the time a rule spends on a document goes into proving that it does not match. A
prefilter answers that question cheaply: at load time each rule's regex (or phrase list, or
swap map) is reduced to a set of literals of which *every* match must contain at least one
(`required_literals`). A document is scanned once for all the literals of all the rules
(:class:`LiteralScanner`), and the exact `regex` matching then runs only for the rules whose
literals occur. The idea is the one behind Google Code Search's trigram index and the
literal "prefilters" of RE2 and Hyperscan, cut down to what textclean's rule packs need.

A prefilter must be conservative: it may let a rule run that then finds nothing, never skip a
rule that would have found something. Whatever the extractor does not understand (backreferences,
verbose patterns, fuzzy matching, set operations, ...) gives *no* prefilter, and the rule always
runs. `tests/test_prefilter.py` runs the gated and the plain engine side by side over real
documents and checks that they agree finding for finding.

Case-insensitive literals are compared against `fold(text)` (:func:`fold`), which is
`str.casefold` plus two fix-ups for the dotted and dotless i; the test suite checks, over every
code point, that a character the `regex` module matches case-insensitively to an ASCII literal
character folds to that same character.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import regex

# Limits that keep extraction cheap and the literal sets small. Past them the extractor forgets
# what it knew (an exact set becomes "unknown"), which is always safe.
_MAX_SET = 64  # strings in an exact or required set
_MAX_CLASS = 32  # characters a character class may expand to
_MAX_REPEAT = 4  # counted repeats expanded into exact strings

# Escapes that match one character of a class we do not enumerate.
_CLASS_ESCAPES = frozenset("dDwWsShHvVX")
# Zero-width escapes: word boundaries, string anchors, \K, \G.
_ZERO_WIDTH_ESCAPES = frozenset("bBAZGKmM")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "e": "\x1b"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_QUANTIFIER = regex.compile(r"\{(\d*)(?:(,)(\d*))?\}")
_FLAGS = regex.compile(r"((?:V[01]|[a-zA-Z])*)(?:-([a-zA-Z]+))?([:)])")
# `w` (WORD) is left out: it makes `$` match before \r, \x85, \u2028 and more.
_PLAIN_FLAGS = frozenset("imsuafrbe")


def fold(text: str) -> str:
    """Fold `text` so that a case-insensitive ASCII literal can be found with `in`.

    `str.casefold` does nearly all of it. The `regex` module also matches `i` to `İ`
    (U+0130, which casefolds to `i` + combining dot) and `I` to `ı` (U+0131, which folds to
    itself), so both become a plain `i`. Replacing can only create occurrences of an ASCII
    literal, never destroy one, so the fold stays conservative.

    >>> fold("SHARE this İt")
    'share this it'
    """
    global _LAST_FOLD
    last = _LAST_FOLD
    if last[0] is text:
        return last[1]
    folded = text.casefold()
    if not folded.isascii():
        folded = folded.replace("i\u0307", "i").replace("\u0131", "i")
    _LAST_FOLD = (text, folded)
    return folded


# The last text folded and its fold: the engine and a repair gate often fold the same text.
# One tuple, replaced whole, so threads never see a text with another text's fold.
_LAST_FOLD: tuple[str | None, str] = (None, "")


def _fold_safe(c: str) -> bool:
    """True when every character `regex` matches to `c` case-insensitively folds to fold(c).

    Checked over every code point for printable ASCII (tests/test_prefilter.py). Other
    characters qualify only when they have no case at all (a symbol such as `©`) and are
    assigned in Python's Unicode database, whose case pairs Unicode keeps stable.
    """
    if c.isascii():
        return c.isprintable() or c in "\t\n\r"
    return (
        unicodedata.category(c) != "Cn"
        and c.casefold() == c
        and c.lower() == c
        and c.upper() == c
        and c.title() == c
    )


class _GiveUp(Exception):
    """The pattern uses syntax the extractor does not model: no prefilter for this rule."""


class _FoldRestart(Exception):
    """Case-insensitivity appeared mid-pattern: extract again in fold mode."""


END = "\uffff"  # stands for the end of the text in literals: haystacks end with it

_NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Info:
    """What is known about the strings a piece of a pattern matches.

    `exact`: every string it can match (None: too many or unknown). `required`: strings of
    which every match contains at least one (None: nothing is required). `prefix`/`suffix`:
    strings every non-empty match starts/ends with. `empty`: it may match the empty string
    (True when unsure). `cont`: strings the text continues with where it starts matching,
    whatever it matches (a lookahead's content, `END` for `\\Z`). `zero`: zero-width.
    """

    exact: frozenset[str] | None
    required: frozenset[str] | None
    prefix: frozenset[str] | None = None
    suffix: frozenset[str] | None = None
    empty: bool = True
    cont: frozenset[str] | None = None
    zero: bool = False


_EMPTY = _Info(frozenset({""}), None, zero=True)  # anchors, word boundaries, comments
_UNKNOWN = _Info(None, None)  # consumes something we do not enumerate, maybe nothing
_ANY_CHAR = _Info(None, None, empty=False)  # one character we do not enumerate


def _zero(required: frozenset[str] | None, cont: frozenset[str] | None) -> _Info:
    return _Info(frozenset({""}), required, cont=cont, zero=True)


def _exact(exact: frozenset[str] | None, required: frozenset[str] | None, **known: Any) -> _Info:
    """An _Info whose prefix, suffix and continuation follow from `exact` when it is known."""
    if exact is not None:
        nonempty = exact - {""}
        if "" not in exact:
            required = _better(required, exact)
            known.update(empty=False, cont=exact)
        if nonempty:
            known.update(prefix=nonempty, suffix=nonempty)
    return _Info(exact, required, **known)


def _chars(chars: Iterable[str]) -> _Info:
    exact = frozenset(chars)
    if not exact or "" in exact:
        return _ANY_CHAR
    return _exact(exact, exact)


def _union(sets: Iterable[frozenset[str] | None]) -> frozenset[str] | None:
    out: set[str] = set()
    for x in sets:
        if x is None:
            return None
        out |= x
    return frozenset(out) if len(out) <= _MAX_SET else None


def _product(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    if a is None or b is None or len(a) * len(b) > _MAX_SET:
        return None
    return frozenset(x + y for x in a for y in b)


# Characters common in prose: a literal of one of these alone says little about a text.
_COMMON = frozenset(string.ascii_letters + string.digits + " \t\n\r.,;:'\"-()!?")


def _strength(literal: str) -> int:
    """How telling it is that a text contains `literal`: roughly its length, but one rare
    character (`&`, `<`, `©`) tells as much as a short word."""
    if len(literal) == 1 and literal not in _COMMON:
        return 3
    return len(literal)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The better of two required sets: the weakest literal stronger (up to a point, where
    longer stops paying), then fewer literals, since each costs one search, then longer."""
    if a is None or "" in a:
        return b if b is not None and "" not in b else None
    if b is None or "" in b:
        return a
    score_a = (min(min(map(_strength, a)), 4), -len(a), min(map(len, a)))
    score_b = (min(min(map(_strength, b)), 4), -len(b), min(map(len, b)))
    return b if score_b > score_a else a


def _edge(items: Sequence[_Info], attr: str) -> frozenset[str] | None:
    """Prefix (attr="prefix") or suffix of the non-empty matches of a concatenation."""
    acc: set[str] = set()
    for item in items if attr == "prefix" else reversed(items):
        if item.zero:
            continue
        edge = getattr(item, attr)
        if edge is None:
            return None
        acc |= edge
        if not item.empty:
            break
    return frozenset(acc) if acc and len(acc) <= _MAX_SET else None


def _continuation(items: Sequence[_Info]) -> frozenset[str] | None:
    """What the text continues with where a concatenation starts matching."""
    acc: set[str] = set()
    for item in items:
        if item.zero:
            if item.cont is not None:
                return frozenset(acc | item.cont)
            continue  # `\\b`, `^`: no constraint, look further
        if not item.empty:
            return frozenset(acc | item.cont) if item.cont is not None else None
        if item.prefix is None:
            return None
        acc |= item.prefix  # it matched something, or nothing and the next item decides
    return None


def _sequence(items: Sequence[_Info]) -> _Info:
    """A concatenation: the product of exact sets, and the best required set among its parts,
    runs of consecutive exact parts, and the seams between a part and what follows it."""
    exact: frozenset[str] | None = frozenset({""})
    best: frozenset[str] | None = None
    run: frozenset[str] | None = frozenset({""})
    for k, item in enumerate(items):
        best = _better(best, item.required)
        if exact is not None:
            exact = _product(exact, item.exact)
        # A seam: a non-empty part ends with its suffix, and the text goes on with what the
        # next part (skipping zero-width parts that say nothing) starts with.
        if not item.zero and not item.empty and item.suffix is not None:
            for nxt in items[k + 1 :]:
                if nxt.cont is not None:
                    best = _better(best, _product(item.suffix, nxt.cont))
                    break
                if not nxt.zero:
                    break
        if item.exact is None:
            best = _better(best, run)
            run = frozenset({""})
            continue
        grown = _product(run, item.exact)
        if grown is None:
            best = _better(best, run)
            grown = item.exact
        run = grown
    best = _better(best, run)
    if exact is not None:
        best = _better(best, exact)
    zero = all(item.zero for item in items)
    return _exact(
        exact,
        best,
        prefix=_edge(items, "prefix"),
        suffix=_edge(items, "suffix"),
        empty=all(item.empty for item in items),
        cont=_continuation(items),
        zero=zero,
    )


def _alternation(branches: Sequence[_Info]) -> _Info:
    exact = _union(b.exact for b in branches)
    required = _union(b.required for b in branches)
    if required is not None and "" in required:
        required = None
    return _exact(
        exact,
        required,
        prefix=_union(b.prefix for b in branches if not b.zero),
        suffix=_union(b.suffix for b in branches if not b.zero),
        empty=any(b.empty for b in branches),
        cont=_union(b.cont for b in branches),
        zero=all(b.zero for b in branches),
    )


def _repeat(item: _Info, low: int, high: int | None) -> _Info:
    exact: frozenset[str] | None = None
    if item.exact is not None and high is not None and high <= _MAX_REPEAT:
        strings: set[str] = set()
        for count in range(low, high + 1):
            power: frozenset[str] | None = frozenset({""})
            for _ in range(count):
                power = _product(power, item.exact)
            if power is None or len(strings) + len(power) > _MAX_SET:
                strings = set()
                break
            strings |= power
        exact = frozenset(strings) if strings else None
    if high == 0:
        return _EMPTY
    return _exact(
        exact,
        item.required if low >= 1 else None,
        prefix=item.prefix,
        suffix=item.suffix,
        empty=item.empty or low == 0,
        cont=item.cont if low >= 1 else None,
        zero=item.zero,
    )


class _Parser:
    """A recursive-descent reader of `regex` (version 0) syntax that computes `_Info`.

    In fold mode every literal character is case-folded and must be ASCII; a non-ASCII
    character becomes unknown, because its case-insensitive matches are not modelled.
    """

    def __init__(self, pattern: str, fold_case: bool) -> None:
        self.p = pattern
        self.i = 0
        self.fold = fold_case

    def parse(self) -> _Info:
        info = self._alternation()
        if self.i != len(self.p):
            raise _GiveUp(f"unbalanced ')' at {self.i}")
        return info

    def _peek(self, n: int = 1) -> str:
        return self.p[self.i : self.i + n]

    def _alternation(self) -> _Info:
        branches = [self._sequence()]
        while self._peek() == "|":
            self.i += 1
            branches.append(self._sequence())
        return branches[0] if len(branches) == 1 else _alternation(branches)

    def _sequence(self) -> _Info:
        items: list[_Info] = []
        while self.i < len(self.p) and self._peek() not in ("|", ")"):
            atom = self._atom()
            items.append(self._quantified(atom))
        return _sequence(items)

    def _quantified(self, atom: _Info) -> _Info:
        c = self._peek()
        if c in ("*", "+", "?"):
            self.i += 1
            low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
        elif c == "{":
            m = _QUANTIFIER.match(self.p, self.i)
            if m is None or not (m.group(1) or m.group(3)):
                # `{e<=1}` is fuzzy matching and `{foo}` a literal brace: neither is modelled.
                raise _GiveUp("brace that is not a counted repeat")
            self.i = m.end()
            low = int(m.group(1) or 0)
            high = int(m.group(3)) if m.group(3) else (None if m.group(2) else low)
        else:
            return atom
        if self._peek() in ("?", "+"):
            self.i += 1  # lazy or possessive: the same strings can match
        if self._peek() in ("*", "+", "?", "{"):
            raise _GiveUp("stacked quantifiers")
        return _repeat(atom, low, high)

    def _literal(self, c: str) -> _Info:
        if self.fold:
            if not _fold_safe(c):
                return _ANY_CHAR
            return _chars({fold(c)})
        return _chars({c})

    def _atom(self) -> _Info:
        c = self.p[self.i]
        if c == "(":
            return self._group()
        if c == "[":
            return self._class()
        if c == "\\":
            return self._escape()
        self.i += 1
        if c == "^":
            return _EMPTY
        if c == "$":
            return _zero(None, frozenset({END, "\n"}))  # the end, or a newline next
        if c == ".":
            return _ANY_CHAR
        if c in "*+?{":
            raise _GiveUp(f"quantifier {c!r} with nothing to repeat")
        return self._literal(c)

    def _group(self) -> _Info:
        p = self.p
        self.i += 1
        if self._peek() != "?":
            return self._close(self._alternation())
        self.i += 1
        c = self._peek()
        if c == "#":
            end = p.find(")", self.i)
            if end < 0:
                raise _GiveUp("unterminated comment")
            self.i = end + 1
            return _EMPTY
        if c in (":", ">", "|"):
            self.i += 1
            return self._close(self._alternation())
        if c in ("=", "!") or self._peek(2) in ("<=", "<!"):
            positive = c == "=" or self._peek(2) == "<="
            self.i += 1 if c in ("=", "!") else 2
            inner = self._close(self._alternation())
            if not positive:
                return _EMPTY
            # Zero-width, but what a positive lookaround sees is in the text all the same,
            # and a lookahead says what the text continues with.
            return _zero(inner.required, inner.cont if c == "=" else None)
        if c == "P" and self._peek(2) == "P<" or c == "<":
            end = p.find(">", self.i)
            if end < 0:
                raise _GiveUp("unterminated group name")
            self.i = end + 1
            return self._close(self._alternation())
        if c == "P" and self._peek(2) == "P=":
            end = p.find(")", self.i)
            if end < 0:
                raise _GiveUp("unterminated backreference")
            self.i = end + 1
            return _UNKNOWN
        m = _FLAGS.match(p, self.i)
        if m is None:
            # Conditionals, recursion and other group syntax we do not model.
            raise _GiveUp(f"group syntax (?{c} not modelled")
        on, off, end = m.group(1), m.group(2) or "", m.group(3)
        if "V1" in on or set(on.replace("V0", "")) - _PLAIN_FLAGS or set(off) - _PLAIN_FLAGS:
            # Verbose (x), locale (L) and version 1 change what the syntax means.
            raise _GiveUp(f"flags (?{on}) not modelled")
        if "i" in on and not self.fold:
            raise _FoldRestart
        self.i = m.end()
        if end == ")":
            return _EMPTY
        return self._close(self._alternation())

    def _close(self, info: _Info) -> _Info:
        if self._peek() != ")":
            raise _GiveUp("unterminated group")
        self.i += 1
        return info

    def _escape(self) -> _Info:
        p = self.p
        if self.i + 1 >= len(p):
            raise _GiveUp("trailing backslash")
        c = p[self.i + 1]
        self.i += 2
        if c == "Z":
            return _zero(None, frozenset({END}))
        if c in _ZERO_WIDTH_ESCAPES:
            return _EMPTY
        if c in _CLASS_ESCAPES:
            return _ANY_CHAR
        if c in "pPN":
            if self._peek() == "{":
                end = p.find("}", self.i)
                if end < 0:
                    raise _GiveUp("unterminated \\p{...}")
                self.i = end + 1
            else:
                self.i += 1
            return _ANY_CHAR
        if c.isdigit() or c == "g":
            # A backreference (or an octal escape): it consumes something we do not know.
            if c == "g":
                end = p.find(">", self.i)
                if end < 0:
                    raise _GiveUp("bad \\g")
                self.i = end + 1
            else:
                while self._peek().isdigit():
                    self.i += 1
            return _UNKNOWN
        char = self._escaped_char(c)
        return self._literal(char)

    def _escaped_char(self, c: str) -> str:
        if c in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[c]
        if c in _HEX_ESCAPES:
            if c == "x" and self._peek() == "{":
                end = self.p.find("}", self.i)
                digits = self.p[self.i + 1 : end] if end > 0 else ""
                self.i = end + 1 if end > 0 else self.i
            else:
                digits = self.p[self.i : self.i + _HEX_ESCAPES[c]]
                self.i += len(digits)
            try:
                return chr(int(digits, 16))
            except ValueError:
                raise _GiveUp("bad hex escape") from None
        if c.isalnum():
            raise _GiveUp(f"escape \\{c} not modelled")
        return c  # an escaped punctuation character stands for itself

    def _class(self) -> _Info:
        """A character class: the set of characters it matches, when small and plain."""
        p = self.p
        self.i += 1
        negated = self._peek() == "^"
        if negated:
            self.i += 1
        chars: set[str] = set()
        known = not negated
        first = True
        while True:
            if self.i >= len(p):
                raise _GiveUp("unterminated character class")
            c = p[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            if c == "[":
                raise _GiveUp("nested set or POSIX class")
            if c == "\\":
                e = p[self.i + 1 : self.i + 2]
                self.i += 2
                if e in _CLASS_ESCAPES or e in ("p", "P", "N"):
                    if e in "pPN":
                        if self._peek() == "{":
                            end = p.find("}", self.i)
                            if end < 0:
                                raise _GiveUp("unterminated \\p{...}")
                            self.i = end + 1
                        else:
                            self.i += 1
                    known = False
                    continue
                if e == "b":
                    char = "\b"
                else:
                    char = self._escaped_char(e)
            else:
                char = c
                self.i += 1
            if self._peek() == "-" and self.p[self.i + 1 : self.i + 2] not in ("]", ""):
                self.i += 1
                hi = p[self.i]
                if hi == "\\":
                    e = p[self.i + 1 : self.i + 2]
                    self.i += 2
                    if e in _CLASS_ESCAPES or e in "pPN":
                        raise _GiveUp("range to a class escape")
                    hi = self._escaped_char(e)
                elif hi == "[":
                    raise _GiveUp("nested set in a range")
                else:
                    self.i += 1
                if ord(hi) < ord(char):
                    raise _GiveUp("reversed range")
                if ord(hi) - ord(char) >= _MAX_CLASS:
                    known = False
                    continue
                chars.update(chr(o) for o in range(ord(char), ord(hi) + 1))
            else:
                chars.add(char)
        if not known or len(chars) > _MAX_CLASS:
            return _ANY_CHAR
        if self.fold:
            if not all(_fold_safe(ch) for ch in chars):
                return _ANY_CHAR
            return _chars({fold(ch) for ch in chars})
        return _chars(chars)


@dataclass(frozen=True, slots=True)
class Literals:
    """A prefilter: a text can match only if it contains one of `strings`.

    With `folded`, the strings are case-folded and are looked for in `fold(text)`. A string
    may end in `END`, which stands for the end of the text: haystacks end with it.
    """

    strings: frozenset[str]
    folded: bool

    def test(self, text: str) -> bool:
        """True when `text` contains one of the literals (so a match is possible)."""
        haystack = text + END
        if self.folded:
            haystack = fold(haystack)
        return any(s in haystack for s in self.strings)


def required_literals(pattern: str, flags: int = 0) -> Literals | None:
    r"""Literals every match of `pattern` contains at least one of, or None if unknown.

    >>> sorted(required_literals(r"(?i)^\W*(?:read|see) more\b").strings)
    ['read more', 'see more']
    >>> required_literals(r"\w+@\w+").strings
    frozenset({'@'})
    >>> required_literals(r"(\w)\1") is None
    True
    """
    try:
        compiled = regex.compile(pattern, flags)
    except regex.error:
        return None
    flags = compiled.flags
    if flags & (regex.VERBOSE | regex.LOCALE | regex.VERSION1 | regex.WORD):
        return None
    fold_case = bool(flags & regex.IGNORECASE)
    for _attempt in range(2):
        try:
            info = _Parser(pattern, fold_case).parse()
            break
        except _FoldRestart:
            fold_case = True
        except (_GiveUp, IndexError, ValueError):
            return None
    else:  # pragma: no cover - the second attempt never restarts
        return None
    required = info.required
    if not required or "" in required:
        return None
    return _literals(required, fold_case)


def _caseless(literal: str) -> bool:
    """True when case-insensitive matching can only match `literal` to itself."""
    return all(c == END or (_fold_safe(c) and fold(c) == c and not c.isalpha()) for c in literal)


def _literals(strings: frozenset[str], folded: bool) -> Literals:
    """A `Literals`, searched in the text as is when no literal has a cased character."""
    if folded and all(_caseless(s) for s in strings):
        folded = False  # `<` or `&#` need no folded copy of the text
    return Literals(_minimal(strings), folded)


def _minimal(strings: frozenset[str]) -> frozenset[str]:
    """Drop literals that contain another one: if `ab` occurs, so does `a`."""
    ordered = sorted(strings, key=len)
    kept: list[str] = []
    for s in ordered:
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


__all__ = ["END", "Literals", "fold", "required_literals"]
