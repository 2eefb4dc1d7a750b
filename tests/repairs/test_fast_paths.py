"""Fast paths of the repairs equal the plain regex scans they replace.

Each reference below is the code as it was before the fast path: the property tests run both
over texts drawn from a small alphabet rich in the characters the patterns care about.
"""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from textclean import metrics
from textclean.prefilter import fold
from textclean.repairs import checks, layout, words

_ALPHABET = "aAbBzZéÉß- \t\r\n'\"‘’“”,.1"
# Single characters and a few longer pieces, so that blank lines and words come up often.
_PIECES = [*_ALPHABET, "ab", "Ab", "\n\n", "\r\n", "\n \n", "x- y"]
texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)

_SPACED_HYPHEN = regex.compile(r"(?P<a>\p{L}+)(?P<gap>-[ \t]+)(?P<b>\p{Ll}+)")


@settings(max_examples=1000, deadline=None)
@given(texts)
def test_spaced_hyphens_equal_the_regex(text: str) -> None:
    want = [(m.start(), m.start("gap"), m.end("gap"), m.end()) for m in _SPACED_HYPHEN.finditer(text)]
    assert list(words._spaced_hyphens(text)) == want


def test_spaced_hyphens_examples() -> None:
    for text in ["inter- national", "foo- barBaz- qux", "a- b- c", "x - foo- bar", "-- a", "é-\t ß"]:
        want = [(m.start(), m.start("gap"), m.end("gap"), m.end()) for m in _SPACED_HYPHEN.finditer(text)]
        assert list(words._spaced_hyphens(text)) == want, text


_PARAGRAPH_BREAK = regex.compile(
    r"(?P<last>[\p{L}\p{N},])(?P<gap>[ \t]*(?:\r?\n[ \t]*){2,})(?=\p{Ll}+(?![\p{Lu}\p{N}]))"
)


@settings(max_examples=1000, deadline=None)
@given(texts)
def test_paragraph_breaks_equal_the_regex(text: str) -> None:
    want = [(m.start("gap"), m.end("gap")) for m in _PARAGRAPH_BREAK.finditer(text)]
    assert list(layout._paragraph_breaks(text)) == want


_SLID_QUOTE = regex.compile(
    r"(?m)^(?P<head>[^\n'\"‘’“”]{2,200}?)(?P<close>['\"’”])(?P<gap>[ \t]*\r?\n(?:[ \t]*\r?\n)+)"
    r"(?P<open>['\"‘“])(?=\p{L})"
)


@settings(max_examples=1000, deadline=None)
@given(texts)
def test_slid_quotes_equal_the_regex(text: str) -> None:
    want = [m.span() for m in _SLID_QUOTE.finditer(text)]
    assert [m.span() for m in layout._slid_quotes(text)] == want


_DROP_CAP = regex.compile(r"(?m)^(?P<cap>\p{Lu})(?P<gap> )(?P<rest>\p{Ll}+)\b")
_DROP_CAP_PIECES = [*_PIECES, "T", "T he", "\u0130", "\u01c5", "\u2028", "\x85", "\n\u00c9 t", "\u0101"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_DROP_CAP_PIECES), max_size=40).map("".join))
def test_drop_caps_equal_the_regex(text: str) -> None:
    want = [m.span() for m in _DROP_CAP.finditer(text)]
    assert [m.span() for m in words._drop_caps(text)] == want


@settings(max_examples=1000, deadline=None)
@given(st.text())
def test_letter_ratio_counts_every_character(text: str) -> None:
    spaces = sum(c.isspace() for c in text)
    letters = len(regex.findall(r"\p{L}", text))
    assert metrics._spaces_and_letters(text) == (spaces, letters)
    visible = float(len(text) - spaces)
    assert metrics.letter_ratio(text) == (letters / visible if visible else 1.0)
    assert metrics.char_count(text) == visible


def test_letter_ratio_examples() -> None:
    for text in ["", " ", "ab12", "é\x85 \u3000ab\u2028", "\ud800a\udc00", "\ud800\udc00x", "東京 – it’s"]:
        test_letter_ratio_counts_every_character.hypothesis.inner_test(text)  # type: ignore[attr-defined]


_LINE = regex.compile(r"(?m)^[ \t]*(?P<body>\S[^\n]*?)[ \t]*\r?$")
_LINE_PIECES = [*_PIECES, "\r\r", " \r", "\x85", "\x1c", "\xa0", "\u2028", "\x0b", "\x0c", "\r\n\r"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=40).map("".join))
def test_line_bodies_equal_the_regex(text: str) -> None:
    want = [m.span("body") for m in _LINE.finditer(text)]
    assert list(checks._line_bodies(text)) == want


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["ab", "a-b", "İ", "ı", "I", "ß", "ss", "-", " ", "ab-ab", "aİ-ıb"]), max_size=20).map("".join))
def test_unhyphenated_compound_gate_folds_as_fold_does(text: str) -> None:
    want = any(
        fold(m.group(1) + m.group(2)) in fold(text)
        for m in regex.finditer(r"(?<!\p{L})(?=(\p{L}*\p{L}\p{L})-(\p{L}\p{L}\p{L}*))", text)
    )
    assert words.may_have_unhyphenated_compound(text) == want
