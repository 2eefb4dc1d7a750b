"""The block finders of the core equal plain Python versions of them on random texts.

The finders (`delete_navigation_block`, `delete_page_chrome`) run in the compiled core. The
references below are plain Python code written straight from their docstrings: `fold_label`
with its regex, `_is_marker` with its list of stripped words, and the two finders asking every
question of every line afresh, with the deletion helpers the Python finders had. The
property tests run both over lines and texts drawn from marker words, edge punctuation,
sentence ends and odd whitespace (\\x1c-\\x1f are whitespace to `str.split` but not to the
regex's \\s; \\u00a0, \\u2028, \\u0085 and tabs are whitespace to both).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from textclean.model import Edit, Span
from textclean.repairs import Hit, blocks
from textclean.rules.loader import load_rules
from textclean.text import lines as lines_module
from textclean.text.lines import Line, split_lines
from textclean.text.paragraphs import ParagraphView
from textclean.text.phrases import fold_label

_SPACES = regex.compile(r"\s+")
_EDGE = " \t\u00a0:|•·»«›‹>–—-_*#=~.,;!?()[]{}\"'“”‘’…→←▶►✕×/\\+"
_STOP = regex.compile(r"[.!?…。！？]")


def _marker_sets(markers: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    phrases = frozenset(_fold_label(m) for m in markers)
    return phrases, frozenset(p for p in phrases if " " not in p)


def _words(body: str) -> int:
    return len(body.split())


def _at_most(body: str, words: int) -> bool:
    return len(body.split(None, words)) <= words


def _deletion(lines: list[Line], first: int, last: int) -> Span:
    start, end = lines[first].start, lines[last].end
    prev_blank = first == 0 or lines[first - 1].blank
    next_blank = last + 1 < len(lines) and lines[last + 1].blank
    if prev_blank and next_blank:
        end = lines[last + 1].end
    elif last == len(lines) - 1:
        j = first - 1
        while j >= 0 and lines[j].blank:
            j -= 1
        if j < 0:
            start = 0
        else:
            start = lines[j].end if lines[last].end > lines[last].body_end else lines[j].body_end
    return Span(start, end)


def _early(text: str, span: Span) -> Span:
    for brk in ("\r\n", "\n", "\r"):
        if text.endswith(brk, span.start, span.end) and text.endswith(brk, 0, span.start):
            return Span(span.start - len(brk), span.end - len(brk))
    return span


def _groups(indices: list[int], content: list[int]) -> list[list[int]]:
    position = {line: k for k, line in enumerate(content)}
    groups: list[list[int]] = []
    for i in indices:
        if groups and position[i] == position[groups[-1][-1]] + 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _hit(text: str, lines: list[Line], group: list[int], message: str) -> Hit:
    first, last = group[0], group[-1]
    span = Span(lines[first].start, lines[last].body_end)
    return Hit(span, message, (Edit(_early(text, _deletion(lines, first, last)), ""),))


def _footer_hit(text: str, lines: list[Line], group: list[int], message: str) -> Hit:
    hit = _hit(text, lines, group, message)
    span = hit.edits[0].span
    if span.start == 0:
        return hit
    return Hit(hit.span, message, (Edit(Span(span.start - 1, span.end), text[span.start - 1]),))


def _sentence(body: str) -> bool:
    return lines_module.SENTENCE_END.search(body) is not None


def _fold_label(line: str) -> str:
    core = line.lstrip(_EDGE + "¡¿").rstrip(_EDGE + "。")
    return _SPACES.sub(" ", core).casefold().strip()


def _is_marker(body: str, phrases: frozenset[str], single: frozenset[str]) -> bool:
    key = _fold_label(body)
    if not key:
        return False
    if key in phrases:
        return True
    words = [w.strip(_EDGE) for w in key.split(" ")]
    return len(words) > 1 and all(w in single for w in words if w) and any(words)


def _reference_navigation_block(
    text: str, *, markers: list[str] | None = None, min_lines: int = 3, max_words: int = 6,
    min_markers: int = 3, min_share: float = 0.3, head_min_lines: int = 0,
    head_min_markers: int = 1, prose_words: int = 10,
) -> Iterator[Hit]:
    if not markers:
        return
    phrases, single = _marker_sets(tuple(markers))
    lines = split_lines(text)
    content = [i for i, line in enumerate(lines) if not line.blank]
    wrapped = ParagraphView(text).wrapped  # a piece of a wrapped sentence is prose

    def short(i: int) -> bool:
        body = lines[i].body
        return _at_most(body, max_words) and not _sentence(body) and not wrapped[i]

    def marker(i: int) -> bool:
        return _is_marker(lines[i].body, phrases, single)

    # The first piece of a wrapped sentence bounds the header only when a line that would be
    # short is such a piece (as recorded in the golden record).
    pieces = any(_at_most(lines[i].body, max_words) and not _sentence(lines[i].body) and wrapped[i]
                 for i in content)
    taken: set[int] = set()
    hits: list[Hit] = []
    if head_min_lines > 0:
        first = None
        for k, i in enumerate(content):
            body = lines[i].body
            if (_words(body) >= prose_words and _sentence(body)) or (pieces and wrapped[i]):
                first = k
                break
        if first is not None:
            head = [i for i in content[:first] if short(i)]
            marked = sum(1 for i in head if marker(i))
            if len(head) >= head_min_lines and marked >= head_min_markers:
                for group in _groups(head, content):
                    hits.append(_hit(text, lines, group, f"page header above the first paragraph: "
                                                          f"{len(head)} short lines, {marked} navigation labels"))
                taken.update(head)

    def judge(run: list[int]) -> None:
        if len(run) < min_lines or run[0] in taken:
            return
        marked = sum(1 for i in run if marker(i))
        if marked < min_markers or marked < min_share * len(run):
            return
        hits.append(_hit(text, lines, run, f"navigation block: {len(run)} short lines, {marked} of them navigation labels"))

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
    phrases, single = _marker_sets(tuple(markers))
    lines = split_lines(text)
    content = [i for i, line in enumerate(lines) if not line.blank]
    at_most, words = _at_most, _words
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
        score = n if n >= prose_words and _STOP.search(body) else -line_penalty
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
        edges, edges_single = _marker_sets(tuple(markers) + tuple(edge_markers))
        headings = [regex.compile(p) for p in edge_patterns or ()]

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
        edits = (_hit(text, lines, head, "").edits[0], _footer_hit(text, lines, tail, "").edits[0])
        span = Span(lines[head[0]].start, lines[head[-1]].body_end)
        yield Hit(span, f"page header ({len(head)} lines) and footer ({len(tail)} lines) "
                        "outside the main text block", edits)
    elif head:
        yield _hit(text, lines, head, f"page header outside the main text block ({len(head)} lines)")
    if tail:
        yield _footer_hit(text, lines, tail, f"page footer outside the main text block ({len(tail)} lines)")


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
_PUNCT = list("»«|•·:-_*#=~.,;!?()[]{}\"'“”‘’…→/\\+") + ["—", "–", "▶", "✕", "×", "。", "！", "¡", "¿"]
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
    assert fold_label(line) == _fold_label(line)


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
            assert c in lines_module.NOT_REGEX_SPACE, hex(ord(c))


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
