"""The block finders' shared per-text facts and fast paths equal the plain code they replace.

The references below are the code as it was before: `fold_label` with its regex always run,
`_is_marker` with its list of stripped words, and the two finders asking every question of
every line afresh. The property tests run both over lines and texts drawn from marker words,
edge punctuation, sentence ends and odd whitespace (\\x1c-\\x1f are whitespace to `str.split`
but not to the regex's \\s; \\u00a0, \\u2028, \\u0085 and tabs are whitespace to both).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from textclean.model import Span
from textclean.repairs import Hit, blocks
from textclean.rules import load_rules
from textclean.text import lines as lines_module
from textclean.text.lines import split_lines
from textclean.text.paragraphs import ParagraphView

_SPACES = regex.compile(r"\s+")


def _sentence(body: str) -> bool:
    return lines_module.SENTENCE_END.search(body) is not None


def _fold_label(line: str) -> str:
    return _SPACES.sub(" ", line.strip(blocks._EDGE)).casefold().strip()


def _is_marker(body: str, phrases: frozenset[str], single: frozenset[str]) -> bool:
    key = _fold_label(body)
    if not key:
        return False
    if key in phrases:
        return True
    words = [w.strip(blocks._EDGE) for w in key.split(" ")]
    return len(words) > 1 and all(w in single for w in words if w) and any(words)


def _reference_navigation_block(
    text: str, *, markers: list[str] | None = None, min_lines: int = 3, max_words: int = 6,
    min_markers: int = 3, min_share: float = 0.3, head_min_lines: int = 0,
    head_min_markers: int = 1, prose_words: int = 10,
) -> Iterator[Hit]:
    if not markers:
        return
    phrases, single = blocks._marker_sets(tuple(markers))
    lines = split_lines(text)
    content = [i for i, line in enumerate(lines) if not line.blank]
    wrapped = ParagraphView(text).wrapped  # a piece of a wrapped sentence is prose

    def short(i: int) -> bool:
        body = lines[i].body
        return blocks._at_most(body, max_words) and not _sentence(body) and not wrapped[i]

    def marker(i: int) -> bool:
        return _is_marker(lines[i].body, phrases, single)

    # The first piece of a wrapped sentence bounds the header only when a line that would be
    # short is such a piece (as recorded in the golden record).
    pieces = any(blocks._at_most(lines[i].body, max_words) and not _sentence(lines[i].body) and wrapped[i]
                 for i in content)
    taken: set[int] = set()
    hits: list[Hit] = []
    if head_min_lines > 0:
        first = None
        for k, i in enumerate(content):
            body = lines[i].body
            if (blocks._words(body) >= prose_words and _sentence(body)) or (pieces and wrapped[i]):
                first = k
                break
        if first is not None:
            head = [i for i in content[:first] if short(i)]
            marked = sum(1 for i in head if marker(i))
            if len(head) >= head_min_lines and marked >= head_min_markers:
                for group in blocks._groups(head, content):
                    hits.append(blocks._hit(text, lines, group, f"page header above the first paragraph: "
                                                          f"{len(head)} short lines, {marked} navigation labels"))
                taken.update(head)

    def judge(run: list[int]) -> None:
        if len(run) < min_lines or run[0] in taken:
            return
        marked = sum(1 for i in run if marker(i))
        if marked < min_markers or marked < min_share * len(run):
            return
        hits.append(blocks._hit(text, lines, run, f"navigation block: {len(run)} short lines, {marked} of them navigation labels"))

    run: list[int] = []
    for i in content:
        if short(i):
            run.append(i)
            continue
        judge(run)
        run = []
    judge(run)
    yield from sorted(hits, key=lambda h: h.span.start)


def _reference_page_chrome(
    text: str, *, markers: list[str] | None = None, min_markers: int = 5, max_words: int = 6,
    prose_words: int = 8, line_penalty: int = 5, min_short_share: float = 0.0,
    min_block_words: int = 0, edge_markers: list[str] | None = None,
    edge_patterns: list[str] | None = None,
) -> Iterator[Hit]:
    if not markers or max(text.count("\n"), text.count("\r")) + 1 < min_markers:
        return
    phrases, single = blocks._marker_sets(tuple(markers))
    lines = split_lines(text)
    content = [i for i, line in enumerate(lines) if not line.blank]
    at_most, words = blocks._at_most, blocks._words
    marked = sum(
        1 for i in content if at_most(lines[i].body, max_words) and _is_marker(lines[i].body, phrases, single)
    )
    if marked < min_markers:
        return
    if min_short_share > 0:
        short = sum(
            1 for i in content if at_most(lines[i].body, max_words) and not _sentence(lines[i].body)
        )
        if short < min_short_share * len(content):
            return
    best = current = 0
    best_start = best_end = start = 0
    found = False
    for k, i in enumerate(content):
        body = lines[i].body
        n = words(body)
        score = n if n >= prose_words and blocks._STOP.search(body) else -line_penalty
        if current <= 0:
            current, start = score, k
        else:
            current += score
        if current > best:
            best, best_start, best_end, found = current, start, k, True
    if not found:
        return
    if min_block_words and sum(words(lines[i].body) for i in content[best_start : best_end + 1]) < min_block_words:
        return
    head, tail = content[:best_start], content[best_end + 1 :]
    if edge_markers is not None:
        edges, edges_single = blocks._marker_sets(tuple(markers) + tuple(edge_markers))
        headings = blocks._patterns(tuple(edge_patterns or ()))

        def label(body: str) -> bool:
            if not at_most(body, max_words):
                return False
            if _is_marker(body, edges, edges_single):
                return True
            key = _fold_label(body)
            return any(p.fullmatch(key) for p in headings)

        labelled = [k for k, i in enumerate(content) if label(lines[i].body)]
        last_head = max((k for k in labelled if k < best_start), default=-1)
        first_tail = min((k for k in labelled if k > best_end), default=len(content))
        head, tail = content[: last_head + 1], content[first_tail:]
    if head and tail:
        edits = (blocks._hit(text, lines, head, "").edits[0], blocks._footer_hit(text, lines, tail, "").edits[0])
        span = Span(lines[head[0]].start, lines[head[-1]].body_end)
        yield Hit(span, f"page header ({len(head)} lines) and footer ({len(tail)} lines) "
                        "outside the main text block", edits)
    elif head:
        yield blocks._hit(text, lines, head, f"page header outside the main text block ({len(head)} lines)")
    if tail:
        yield blocks._footer_hit(text, lines, tail, f"page footer outside the main text block ({len(tail)} lines)")


def _params(code: str) -> dict:
    rule = next(r for r in load_rules().rules if r.code == code)
    return dict(rule.spec.params)


# The packs' own parameters, and small ones under which short texts make findings.
BP016, BP017, BP019 = _params("BP016"), _params("BP017"), _params("BP019")
_SMALL_NAV = {**BP016, "min_lines": 2, "min_markers": 1, "min_share": 0.2, "head_min_lines": 2, "prose_words": 3}
_SMALL_CHROME = {**BP019, "min_markers": 2, "min_short_share": 0.3, "min_block_words": 4, "prose_words": 3}

_ODD_SPACE = ["\x1c", "\x1d", "\x1e", "\x1f", "\u00a0", "\u2028", "\u0085", "\t", "\u3000", "\x0b", "\x0c"]
_WORDS = ["home", "Home", "NEWS", "contact", "Us", "sport", "share", "this", "more", "from", "the",
          "Times", "ẞTRASSE", "ǅ", "ﬁ", "e-mail", "u.s.", "google+", "x", "The", "pier", "opened"]
_PUNCT = list("»«|•·:-_*#=~.,;!?()[]{}\"'“”‘’…→/\\+") + ["—", "–", "▶", "✕", "×", "。", "！"]
_PIECES = [*_WORDS, *_PUNCT, *_ODD_SPACE, " ", " ", "  ", "\r"]
lines_ = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)
# Whole texts: lines (some long prose-like ones) joined by mixed terminators and blank lines.
_PROSE = "The pier opened in May after five years of repair work on the old quay."
_LINE_PIECES = [*_WORDS, "Contact us", "Privacy policy", "About us", "Share this",
                "More from the Harbour Times", "Facebook Twitter Email", _PROSE, _PROSE + "”",
                "It cost a lot", ""]
_line = st.one_of(st.sampled_from(_LINE_PIECES), lines_)
_text_lines = st.lists(st.tuples(_line, st.sampled_from(["\n", "\n", "\n\n", "\r\n", "\r", " \n"])), max_size=30)
texts = _text_lines.map(lambda parts: "".join(line + end for line, end in parts)).flatmap(
    lambda t: st.sampled_from([t, t.rstrip("\r\n")])
)


@settings(max_examples=2000, deadline=None)
@given(lines_)
def test_fold_label_equals_the_regex_fold(line: str) -> None:
    assert blocks.fold_label(line) == _fold_label(line)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, ".", "…", "。", "？", "”", "’", "»", ")", "]", '"', "'", "\n", " "]),
                max_size=10).map("".join))
def test_is_sentence_equals_the_regex_search(body: str) -> None:
    assert lines_module.ends_sentence(body) == _sentence(body)


def test_rstrip_strips_what_the_regex_calls_space_and_only_four_more() -> None:
    # `ends_sentence` strips the line's end with str.rstrip() and falls back to the regex when
    # what it stripped holds a character the regex's \s does not match.
    space = regex.compile(r"\s")
    for c in map(chr, range(sys.maxunicode + 1)):
        if space.match(c):
            assert c.isspace(), hex(ord(c))
        elif c.isspace():
            assert c in lines_module._NOT_REGEX_SPACE, hex(ord(c))


def test_only_the_space_is_printable_whitespace() -> None:
    # fold_label skips the regex for printable strings without two spaces in a row: that is
    # exact when no character the regex's \s matches, bar the space, is printable.
    space = regex.compile(r"\s")
    for c in map(chr, range(sys.maxunicode + 1)):
        if space.match(c):
            assert c == " " or not c.isprintable(), hex(ord(c))


@settings(max_examples=2000, deadline=None)
@given(lines_, st.sampled_from([BP016["markers"], BP019["markers"], [*BP019["markers"], *BP019["edge_markers"]],
                                ["home", "»", "u.s.", "contact us"]]))
def test_is_marker_key_equals_the_plain_test(line: str, markers: list[str]) -> None:
    phrases, single = blocks._marker_sets(tuple(markers))
    want = _is_marker(line, phrases, single)
    assert blocks._is_marker(line, phrases, single) == want
    assert blocks._is_marker_key(blocks.fold_label(line), phrases, single) == want


@settings(max_examples=1000, deadline=None)
@given(texts, st.integers(0, 8), st.integers(-2, 12))
def test_facts_equal_the_per_line_questions(text: str, words: int, prose_words: int) -> None:
    facts = blocks._Facts(text, split_lines(text))
    lines = split_lines(text)
    assert facts.content == [i for i, line in enumerate(lines) if not line.blank]
    phrases, single = blocks._marker_sets(tuple(BP016["markers"]))
    for i in facts.content:
        body = lines[i].body
        fits = blocks._at_most(body, words)
        assert facts.at_most(words)[i] == fits
        assert facts.short(words)[i] == (fits and not _sentence(body))
        assert facts.keys(words)[i] == (_fold_label(body) if fits else None)
        assert facts.markers(words, phrases, single)[i] == (fits and _is_marker(body, phrases, single))
        assert facts.words()[i] == len(body.split())


@settings(max_examples=1200, deadline=None)
@given(texts)
def test_finders_equal_the_plain_finders(text: str) -> None:
    # In the order of a pass, on one text object: the later finders reuse the facts.
    cases = [
        (blocks.find_navigation_block, _reference_navigation_block, BP016),
        (blocks.find_navigation_block, _reference_navigation_block, _SMALL_NAV),
        (blocks.find_page_chrome, _reference_page_chrome, BP019),
        (blocks.find_page_chrome, _reference_page_chrome, _SMALL_CHROME),
        (blocks.find_page_chrome, _reference_page_chrome, {**_SMALL_CHROME, "edge_markers": None}),
        (blocks.find_page_chrome, _reference_page_chrome, BP017),
    ]
    for fast, plain, params in cases:
        assert list(fast(text, **params)) == list(plain(text, **params))


def test_finders_equal_the_plain_finders_on_whole_pages() -> None:
    nav = "Home\nNews\nSearch\nContact us\nFacebook\nTwitter\n"
    body = "The harbour reopened on Monday after three weeks of repairs to the quay.\n\n" * 6
    foot = "Share this\nMore from the Harbour Times\nNew ferry timetable starts in May\nPrivacy policy\nAbout us"
    for text in [nav + "Harbour reopens\n\n" + body + foot, nav + body, body + foot,
                 (nav + body + foot).replace("\n", "\r\n"), nav.replace("\n", "\u2028\n") + body + foot]:
        for fast, plain, params in [
            (blocks.find_navigation_block, _reference_navigation_block, BP016),
            (blocks.find_page_chrome, _reference_page_chrome, BP019),
            (blocks.find_page_chrome, _reference_page_chrome, BP017),
        ]:
            want = list(plain(text, **params))
            assert list(fast(text, **params)) == want
        if text.startswith("Home"):
            assert list(blocks.find_page_chrome(text, **BP019)), text  # the cases make findings


def test_facts_are_kept_for_one_text_object_only() -> None:
    text = "Home\nNews\nContact us\n\n" + "The harbour reopened on Monday after three weeks of repairs."
    assert blocks._facts(text) is blocks._facts(text)
    other = "".join([text])  # equal, maybe the same object
    same = blocks._facts(other)
    assert same.text is other and same.content == blocks._facts(text).content
    changed = text.replace("News", "Eggs")
    assert blocks._facts(changed).text is changed
