"""Compare two versions of one text: align their paragraphs and classify every difference.

    compare_texts(a, b, rules)  -> Comparison(paragraphs, alignment, differences)

Two scrapes of one story are damaged differently, and where they differ says what the damage
is. Paragraphs (the non-blank lines) are aligned on normalised text (lower-cased `\\w+`
tokens): first in order, by dynamic programming that maximises the number of matching tokens
and allows one paragraph to match two consecutive ones (a paragraph broken in two); then the
paragraphs left over are paired across the order (a paragraph one outlet moved). Inside an
aligned pair the raw texts are diffed token by token (`difflib`), and each change is
classified (`Kind`):

    spelling     one word spelt two ways: stabilizing / stabilising, canceled / cancelled
    hyphen       a compound with and without its hyphen: fivepoint / five-point
    split-word   a word split by a space: T he / The
    dash         a dash written two ways: ` — ` / ` -- `
    quote        a quote mark present in one version only, or a different quote character
    punctuation  other punctuation: [by the junta] / (by the junta)
    encoding     mojibake or a character decoded wrongly: donâ€™t / don’t
    markup       leftover markup such as a Markdown heading mark `## `
    paragraph-break  a paragraph break in one version where the other runs on
    wording      words added, dropped or changed (editing, not damage)
    only-in-one  a paragraph present in one version only, with a `Guess` of why: boilerplate,
                 caption, metadata, heading, truncation or an extra paragraph

The guesses for lone paragraphs use the rules (a boilerplate, caption or metadata finding on
the paragraph), so they say what `textclean check` would.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import ftfy
import regex

from textclean.engine.loop import check_text
from textclean.model import LineIndex, Span
from textclean.rules.kinds import Rule

MIN_SIMILARITY = 0.4  # token-sequence ratio from which two paragraphs count as one
_SHORT = 12  # words: paragraphs shorter than this are also compared on single words
_WORD = regex.compile(r"\w+")
_TOKEN = regex.compile(r"\w+|[^\w\s]")
_PARAGRAPH = regex.compile(r"[^\n]*\S[^\n]*")
_HEADING = regex.compile(r"#{1,6}[ \t]+")
_DASHES = frozenset("-‐‑‒–—―−")
_QUOTES = frozenset("'\"‘’‚‛“”„‟‹›«»`´")
_MARKUP = frozenset("#*_>")
_TERMINAL = frozenset(".!?\"'”’)]:…")
_URL = regex.compile(r"(?:https?://|www\.)\S+(?:[ \t]+\S+)?")


class Kind(StrEnum):
    """What a difference between two versions is."""

    SPELLING = "spelling"
    HYPHEN = "hyphen"
    SPLIT_WORD = "split-word"
    DASH = "dash"
    QUOTE = "quote"
    PUNCTUATION = "punctuation"
    ENCODING = "encoding"
    MARKUP = "markup"
    PARAGRAPH_BREAK = "paragraph-break"
    WORDING = "wording"
    ONLY_IN_ONE = "only-in-one"


class Guess(StrEnum):
    """Why a paragraph is in one version only (a guess, from the rules and its place)."""

    BOILERPLATE = "boilerplate"
    CAPTION = "caption"
    METADATA = "metadata"
    HEADING = "heading"
    TRUNCATION = "truncation"
    EXTRA_PARAGRAPH = "extra-paragraph"


# Rule families whose findings on a lone paragraph say what it is (STYLE.md section 7 codes).
_FAMILY_GUESS = (("MD", Guess.METADATA), ("CP", Guess.CAPTION), ("BP", Guess.BOILERPLATE))


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A non-blank line of a text: its number (0-based) and where it is."""

    index: int
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Pair:
    """Paragraphs of A and of B that are one paragraph (one or two on each side)."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    similarity: float
    moved: bool = False  # paired across the order of the two texts


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference: the text on each side ("" when absent) and where it is."""

    kind: Kind
    a: str
    b: str
    a_span: Span | None  # offsets in A; None when the difference is a paragraph of B only
    b_span: Span | None
    guess: Guess | None = None  # only-in-one: why the paragraph may be there
    note: str = ""

    @property
    def side(self) -> str | None:
        """For an only-in-one difference, the version that has the paragraph ("a" or "b")."""
        if self.kind is not Kind.ONLY_IN_ONE:
            return None
        return "a" if self.a_span is not None else "b"


@dataclass(frozen=True, slots=True)
class Comparison:
    """What `compare_texts` found: both texts' paragraphs, how they align, how they differ."""

    a: str
    b: str
    paragraphs_a: tuple[Paragraph, ...]
    paragraphs_b: tuple[Paragraph, ...]
    pairs: tuple[Pair, ...]
    differences: tuple[Difference, ...]

    def counts(self) -> dict[str, int]:
        counts = Counter(d.kind.value for d in self.differences)
        return {k.value: counts[k.value] for k in Kind if counts[k.value]}

    def to_dict(self, name_a: str = "a", name_b: str = "b") -> dict[str, Any]:
        ia, ib = LineIndex(self.a), LineIndex(self.b)

        def place(span: Span | None, index: LineIndex) -> dict[str, Any] | None:
            if span is None:
                return None
            line, col = index.line_col(span.start)
            return {"start": span.start, "end": span.end, "line": line, "col": col}

        return {
            "a": name_a,
            "b": name_b,
            "paragraphs": {"a": len(self.paragraphs_a), "b": len(self.paragraphs_b)},
            "alignment": [
                {"a": list(p.a), "b": list(p.b), "similarity": round(p.similarity, 3), "moved": p.moved}
                for p in self.pairs
            ],
            "counts": self.counts(),
            "differences": [
                {
                    "kind": d.kind.value,
                    "guess": d.guess.value if d.guess else None,
                    "note": d.note,
                    "a": d.a,
                    "b": d.b,
                    "a_at": place(d.a_span, ia),
                    "b_at": place(d.b_span, ib),
                }
                for d in self.differences
            ],
        }


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    """The non-blank lines of a text, with their spans.

    >>> [p.text for p in paragraphs("One.\\n\\n  \\nTwo\\nThree")]
    ['One.', 'Two', 'Three']
    """
    return tuple(Paragraph(i, Span(m.start(), m.end()), m.group())
                 for i, m in enumerate(_PARAGRAPH.finditer(text)))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class _Scorer:
    """Matching tokens between runs of paragraphs, cached (the DP asks for each many times)."""

    def __init__(self, pa: Sequence[Paragraph], pb: Sequence[Paragraph]) -> None:
        self.wa = [_words(p.text) for p in pa]
        self.wb = [_words(p.text) for p in pb]
        self._cache: dict[tuple[int, int, int, int], tuple[float, float]] = {}
        # Paragraphs that share no word 3-gram are not compared at all: that keeps the DP
        # near-linear on long pages (a whole-page scrape has hundreds of lines).
        index: dict[tuple[str, ...], list[int]] = {}
        for j, words in enumerate(self.wb):
            for gram in _grams(words):
                index.setdefault(gram, []).append(j)
        self.near: set[tuple[int, int]] = {
            (i, j) for i, words in enumerate(self.wa) for gram in _grams(words) for j in index.get(gram, ())
        }
        # Two short paragraphs may differ in every 3-gram (The fivepoint plan / The five-point
        # plan): those are compared when they share a word of four letters or more.
        short: dict[str, list[int]] = {}
        for j, words in enumerate(self.wb):
            if len(words) < _SHORT:
                for w in {w for w in words if len(w) >= 4}:
                    short.setdefault(w, []).append(j)
        common = max(5, len(self.wb) // 20)  # a word in more short lines than this says little
        self.near.update(
            (i, j) for i, words in enumerate(self.wa) if len(words) < _SHORT
            for w in {w for w in words if len(w) >= 4} if len(short.get(w, ())) <= common
            for j in short.get(w, ())
        )
        self.ca = [Counter(w) for w in self.wa]
        self.cb = [Counter(w) for w in self.wb]
        # and of two consecutive paragraphs, for the 2:1 and 1:2 moves
        self.ca2 = [x + y for x, y in zip(self.ca, self.ca[1:], strict=False)]
        self.cb2 = [x + y for x, y in zip(self.cb, self.cb[1:], strict=False)]

    def __call__(self, i: int, di: int, j: int, dj: int) -> tuple[float, float]:
        """(matching tokens, similarity ratio) of A[i:i+di] against B[j:j+dj]."""
        key = (i, di, j, dj)
        if key not in self._cache:
            self._cache[key] = self._score(i, di, j, dj)
        return self._cache[key]

    def _score(self, i: int, di: int, j: int, dj: int) -> tuple[float, float]:
        if not any((x, y) in self.near for x in range(i, i + di) for y in range(j, j + dj)):
            return 0.0, 0.0
        ca = self.ca[i] if di == 1 else self.ca2[i]
        cb = self.cb[j] if dj == 1 else self.cb2[j]
        size = ca.total() + cb.total()
        # The words both have (as multisets) bound the matching tokens from above: when even
        # that is too few, the sequence match cannot reach MIN_SIMILARITY.
        if not size or 2.0 * (ca & cb).total() / size < MIN_SIMILARITY:
            return 0.0, 0.0
        wa = [w for ws in self.wa[i : i + di] for w in ws]
        wb = [w for ws in self.wb[j : j + dj] for w in ws]
        matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        return float(matched), 2.0 * matched / (len(wa) + len(wb))


_MOVES = ((1, 1), (2, 1), (1, 2))


def _grams(words: Sequence[str], size: int = 3) -> set[tuple[str, ...]]:
    """The word `size`-grams of a paragraph; a shorter paragraph is one gram of all its words."""
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[k : k + size]) for k in range(len(words) - size + 1)}


def align(pa: Sequence[Paragraph], pb: Sequence[Paragraph]) -> list[Pair]:
    """Pairs of aligned paragraphs, in A's order (moved pairs after the others)."""
    score = _Scorer(pa, pb)
    n, m = len(pa), len(pb)
    near = score.near
    # best[i][j]: most matching tokens aligning A[i:] with B[j:] in order.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n and j == m:
                continue
            options: list[tuple[float, tuple[int, int]]] = []
            if i < n:
                options.append((best[i + 1][j], (1, 0)))
            if j < m:
                options.append((best[i][j + 1], (0, 1)))
            if (i, j) not in near and (i + 1, j) not in near and (i, j + 1) not in near:
                pass  # nothing in common here: only the skips
            else:
                for di, dj in _MOVES:
                    if i + di <= n and j + dj <= m:
                        matched, ratio = score(i, di, j, dj)
                        if ratio >= MIN_SIMILARITY:
                            options.append((matched + best[i + di][j + dj], (di, dj)))
            best[i][j], step[i][j] = max(options, key=lambda o: o[0])
    pairs: list[Pair] = []
    i = j = 0
    while i < n or j < m:
        di, dj = step[i][j] or (1, 1)
        if di and dj:
            pairs.append(Pair(tuple(range(i, i + di)), tuple(range(j, j + dj)), score(i, di, j, dj)[1]))
        i, j = i + di, j + dj
    pairs.extend(_moved(pairs, score, n, m))
    return pairs


def _moved(pairs: list[Pair], score: _Scorer, n: int, m: int) -> list[Pair]:
    """Pairs among the paragraphs the in-order alignment left alone, best first."""
    free_a = set(range(n)) - {i for p in pairs for i in p.a}
    free_b = set(range(m)) - {j for p in pairs for j in p.b}
    candidates = []
    near = sorted({(i, j) for i, j in score.near if i in free_a and j in free_b}
                  | {(i - 1, j) for i, j in score.near if i - 1 in free_a and j in free_b}
                  | {(i, j - 1) for i, j in score.near if i in free_a and j - 1 in free_b})
    for i, j in near:
        for di, dj in _MOVES:
            ia, jb = set(range(i, i + di)), set(range(j, j + dj))
            if ia <= free_a and jb <= free_b:
                matched, ratio = score(i, di, j, dj)
                if ratio >= MIN_SIMILARITY:
                    candidates.append((-matched, i, j, di, dj, ratio))
    out = []
    for _neg, i, j, di, dj, ratio in sorted(candidates):
        ia, jb = set(range(i, i + di)), set(range(j, j + dj))
        if ia <= free_a and jb <= free_b:
            free_a -= ia
            free_b -= jb
            out.append(Pair(tuple(sorted(ia)), tuple(sorted(jb)), ratio, moved=True))
    return sorted(out, key=lambda p: p.a)


def is_mojibake_of(bad: str, good: str) -> bool:
    """Whether `bad` is `good` mis-decoded: ftfy says so, or re-decoding gives exactly `good`.

    The second test catches spans too short for ftfy's heuristics to be sure of on their own;
    here the other version is the evidence.

    >>> is_mojibake_of("donâ€™t", "don’t"), is_mojibake_of("don’t", "donâ€™t")
    (True, False)
    """
    if bad == good or not bad.strip():
        return False
    if ftfy.fix_encoding(bad) == good:
        return True
    for encoding in ("cp1252", "latin-1"):
        try:
            if bad.encode(encoding).decode("utf-8") == good:
                return True
        except UnicodeError:
            continue
    return False


def _classify(a: str, b: str) -> Kind | None:
    """The kind of one changed run of tokens (a in A, b in B); None: not a difference."""
    if not a.strip() and not b.strip():
        return Kind.PARAGRAPH_BREAK if ("\n" in a) != ("\n" in b) else None
    if is_mojibake_of(a, b) or is_mojibake_of(b, a):
        return Kind.ENCODING
    wa, wb = _words(a), _words(b)
    if wa != wb and "".join(wa) == "".join(wb):
        return Kind.HYPHEN if _DASHES & set(a + b) or "\u00ad" in a + b else Kind.SPLIT_WORD
    if wa == wb:
        marks = set((a + b).replace(" ", "").replace("\t", "").replace("\n", ""))
        if marks <= _DASHES:
            # a hyphen inside a word against nothing or a space: a compound, not a dash
            lone_hyphen = any(x in {"-", "‐", "‑"} and y in ("", " ") for x, y in ((a, b), (b, a)))
            return Kind.HYPHEN if lone_hyphen else Kind.DASH
        if marks <= _QUOTES:
            return Kind.QUOTE
        if marks <= _MARKUP:
            return Kind.MARKUP
        return Kind.PUNCTUATION
    if len(wa) == len(wb) == 1 and wa[0].isalpha() and wb[0].isalpha():
        if wa[0] == wb[0] or difflib.SequenceMatcher(None, wa[0], wb[0]).ratio() >= 0.75:
            return Kind.SPELLING
    return Kind.WORDING


def _heading_mark(text: str) -> int:
    m = _HEADING.match(text)
    return m.end() if m else 0


def _pair_differences(a: str, b: str, a0: int, b0: int) -> list[Difference]:
    """The differences between two aligned runs of text starting at offsets a0 and b0."""
    out: list[Difference] = []
    ha, hb = _heading_mark(a), _heading_mark(b)
    if a[:ha].strip() != b[:hb].strip():
        out.append(Difference(Kind.MARKUP, a[:ha], b[:hb], Span(a0, a0 + ha), Span(b0, b0 + hb)))
    a, b, a0, b0 = a[ha:], b[hb:], a0 + ha, b0 + hb
    ta, tb = _tokens(a), _tokens(b)
    # Whitespace is not a token: the matcher would spend its time on thousands of " " in a
    # long paragraph. A line break where the other version has a space is found in the gaps.
    matcher = difflib.SequenceMatcher(None, [t[2] for t in ta], [t[2] for t in tb], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(1, i2 - i1):
                ga = Span(ta[i1 + k - 1][1], ta[i1 + k][0])
                gb = Span(tb[j1 + k - 1][1], tb[j1 + k][0])
                if ("\n" in a[ga.start : ga.end]) != ("\n" in b[gb.start : gb.end]):
                    out.append(Difference(Kind.PARAGRAPH_BREAK, a[ga.start : ga.end], b[gb.start : gb.end],
                                          Span(a0 + ga.start, a0 + ga.end), Span(b0 + gb.start, b0 + gb.end)))
            continue
        span_a, span_b = _cover(ta, i1, i2, len(a)), _cover(tb, j1, j2, len(b))
        sa, sb = a[span_a.start : span_a.end], b[span_b.start : span_b.end]
        kind = _classify(sa, sb)
        if kind is None:
            continue
        start_a, end_a, start_b, end_b = a0 + span_a.start, a0 + span_a.end, b0 + span_b.start, b0 + span_b.end
        if kind is Kind.ENCODING:
            # NOTE: `\w+` tokens take mojibake letters in (bakerâ€™ against baker’), so trim
            # what both sides share to show only the damaged characters.
            head = len(os.path.commonprefix([sa, sb]))
            tail = len(os.path.commonprefix([sa[head:][::-1], sb[head:][::-1]]))
            ta_, tb_ = sa[head : len(sa) - tail], sb[head : len(sb) - tail]
            if is_mojibake_of(ta_, tb_) or is_mojibake_of(tb_, ta_):  # else keep it whole
                sa, sb = ta_, tb_
                start_a, end_a = start_a + head, end_a - tail
                start_b, end_b = start_b + head, end_b - tail
        out.append(Difference(kind, sa, sb, Span(start_a, end_a), Span(start_b, end_b)))
    return _merge_wording(out, a, b, a0, b0)


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) of each word and each other non-space character."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _cover(tokens: Sequence[tuple[int, int, str]], i1: int, i2: int, size: int) -> Span:
    """The text span of tokens[i1:i2]; for none, the empty span where they would go."""
    if i1 < i2:
        return Span(tokens[i1][0], tokens[i2 - 1][1])
    at = tokens[i1][0] if i1 < len(tokens) else size
    return Span(at, at)


def _merge_wording(diffs: list[Difference], a: str, b: str, a0: int, b0: int) -> list[Difference]:
    """One wording difference for a rewritten stretch, not one per word that differs.

    Two wording differences merge when at most two short words (and spaces or punctuation)
    lie between them on both sides: "the", "a", "of" matching by chance.
    """
    out: list[Difference] = []
    for d in diffs:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind is Kind.WORDING and d.kind is Kind.WORDING
                and prev.a_span is not None and prev.b_span is not None
                and d.a_span is not None and d.b_span is not None):
            gap_a = a[prev.a_span.end - a0 : d.a_span.start - a0]
            gap_b = b[prev.b_span.end - b0 : d.b_span.start - b0]
            if all(len(_words(g)) <= 2 and all(len(w) <= 4 for w in _words(g)) for g in (gap_a, gap_b)):
                sa, sb = Span(prev.a_span.start, d.a_span.end), Span(prev.b_span.start, d.b_span.end)
                out[-1] = Difference(Kind.WORDING, a[sa.start - a0 : sa.end - a0],
                                     b[sb.start - b0 : sb.end - b0], sa, sb)
                continue
        out.append(d)
    return out


def _slid_quotes(diffs: list[Difference], text_a: str, text_b: str) -> list[Difference]:
    """Note the quote differences that are one quote slid across a paragraph break.

    In one version a paragraph lacks the opening quote the other version has, and the next
    paragraph starts with that quote where the other version has none: the quote slid.
    """
    out = list(diffs)
    quotes = [k for k, d in enumerate(out) if d.kind is Kind.QUOTE]
    for x, y in zip(quotes, quotes[1:], strict=False):
        first, second = out[x], out[y]
        for side in ("a", "b"):
            lost, gained = (first.a, second.a) if side == "a" else (first.b, second.b)
            kept, extra = (first.b, second.b) if side == "a" else (first.a, second.a)
            text = text_a if side == "a" else text_b
            at, to = (first.a_span, second.a_span) if side == "a" else (first.b_span, second.b_span)
            if (not lost and kept.strip() in _QUOTES and gained.strip() == kept.strip() and not extra
                    and at is not None and to is not None and _next_paragraph_starts(text, at.start, to.start)):
                note = "opening quote slid across a paragraph break"
                out[x] = Difference(first.kind, first.a, first.b, first.a_span, first.b_span, note=note)
                out[y] = Difference(second.kind, second.a, second.b, second.a_span, second.b_span, note=note)
    return out


def _next_paragraph_starts(text: str, here: int, there: int) -> bool:
    """Whether `here` starts a paragraph and `there` starts the very next one."""
    def starts_line(at: int) -> bool:
        return not text[text.rfind("\n", 0, at) + 1 : at].strip()

    between = [line for line in text[here:there].split("\n") if line.strip()]
    return here < there and starts_line(here) and starts_line(there) and len(between) == 1


def _family_guesses(text: str, rules: Sequence[Rule]) -> list[tuple[Span, Guess]]:
    found = []
    for f in check_text(text, rules):
        for prefix, guess in _FAMILY_GUESS:
            if f.rule.startswith(prefix):
                found.append((f.span, guess))
    return found


def _guess(p: Paragraph, hits: list[tuple[Span, Guess]], truncated_after: int | None) -> Guess:
    order = [g for _prefix, g in _FAMILY_GUESS]
    near = [g for span, g in hits if span.start < p.span.end and p.span.start < span.end]
    if near:
        return min(near, key=order.index)
    if _URL.fullmatch(p.text.strip()):
        return Guess.METADATA
    if truncated_after is not None and p.index > truncated_after:
        return Guess.TRUNCATION
    body = p.text.strip()
    if _heading_mark(body) or (len(_words(body)) <= 12 and body[-1:] not in _TERMINAL):
        return Guess.HEADING
    return Guess.EXTRA_PARAGRAPH


def _cut_short(paras: Sequence[Paragraph], guesses: dict[int, Guess]) -> bool:
    """Whether a text's last paragraph of prose ends mid-sentence or with an ellipsis."""
    for p in reversed(paras):
        if guesses.get(p.index) in (Guess.BOILERPLATE, Guess.METADATA, Guess.CAPTION):
            continue
        body = p.text.rstrip()
        return body.endswith(("...", "…")) or body[-1:] not in _TERMINAL
    return False


def _lone(paras: Sequence[Paragraph], used: set[int], text: str, rules: Sequence[Rule],
          other: Sequence[Paragraph], other_used: set[int], other_text: str,
          last_paired: int) -> dict[int, Guess]:
    """A guess for each paragraph of one text that the other text lacks."""
    hits = _family_guesses(text, rules)
    other_hits = _family_guesses(other_text, rules)
    other_guesses = {p.index: _guess(p, other_hits, None) for p in other if p.index not in other_used}
    truncated_after = last_paired if _cut_short(other, other_guesses) else None
    return {p.index: _guess(p, hits, truncated_after) for p in paras if p.index not in used}


def compare_texts(a: str, b: str, rules: Iterable[Rule] = ()) -> Comparison:
    """Align two versions of a text and list how they differ.

    `rules` (e.g. the default packs) let lone paragraphs be guessed as boilerplate, captions
    or metadata; without rules those guesses fall back on the paragraph's shape.

    >>> c = compare_texts("A fivepoint plan was agreed.", "A five-point plan was agreed.")
    >>> [(d.kind.value, d.a, d.b) for d in c.differences]
    [('hyphen', 'fivepoint', 'five-point')]
    """
    rules = tuple(rules)
    pa, pb = paragraphs(a), paragraphs(b)
    pairs = align(pa, pb)
    used_a = {i for p in pairs for i in p.a}
    used_b = {j for p in pairs for j in p.b}
    in_order = [p for p in pairs if not p.moved]
    last_a = max((i for p in in_order for i in p.a), default=-1)
    last_b = max((j for p in in_order for j in p.b), default=-1)
    lone_a = _lone(pa, used_a, a, rules, pb, used_b, b, last_a)
    lone_b = _lone(pb, used_b, b, rules, pa, used_a, a, last_b)

    # Walk both texts in order; a lone paragraph of B goes after the pair before it.
    events: list[tuple[float, float, list[Difference]]] = []
    for p in pairs:
        sa = Span(pa[p.a[0]].span.start, pa[p.a[-1]].span.end)
        sb = Span(pb[p.b[0]].span.start, pb[p.b[-1]].span.end)
        diffs = _pair_differences(a[sa.start : sa.end], b[sb.start : sb.end], sa.start, sb.start)
        events.append((p.a[0], p.b[0], diffs))
    for i, guess in lone_a.items():
        events.append((i, -1, [Difference(Kind.ONLY_IN_ONE, pa[i].text, "", pa[i].span, None, guess)]))
    for j, guess in lone_b.items():
        before = [p.a[-1] for p in in_order if p.b[-1] < j]
        where = (max(before) + 0.5) if before else -0.5
        events.append((where, j, [Difference(Kind.ONLY_IN_ONE, "", pb[j].text, None, pb[j].span, guess)]))
    events.sort(key=lambda e: (e[0], e[1]))
    diffs = [d for _i, _j, ds in events for d in ds]
    return Comparison(a, b, pa, pb, tuple(pairs), tuple(_slid_quotes(diffs, a, b)))
