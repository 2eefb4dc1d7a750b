"""Hard-wrapped prose keeps its words (issue 16, item 1): any paragraph of the article
benchmark's truth bodies, wrapped at any width from 40 to 100 columns, keeps every word that
the default safe fix keeps in the same paragraph unwrapped."""

from __future__ import annotations

import functools
import json
import textwrap
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textclean
from tests.conftest import shared_path


@functools.cache
def _paragraphs() -> tuple[str, ...]:
    path = shared_path("data", "article-benchmark", "truth.jsonl")
    out = []
    with path.open(encoding="utf-8") as fh:
        for row in fh:
            for para in json.loads(row)["truth"].split("\n"):
                if len(para.split()) >= 2:
                    out.append(para.strip())
    return tuple(out)


@functools.cache
def _rules() -> textclean.RuleSet:
    return textclean.load_rules()


def _words(text: str) -> Counter[str]:
    return Counter(text.split())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**9), st.integers(40, 100))
def test_a_wrapped_paragraph_keeps_the_words_the_unwrapped_one_keeps(pick, width):
    paragraphs = _paragraphs()
    para = paragraphs[pick % len(paragraphs)]
    wrapped = "\n".join(textwrap.wrap(para, width, break_long_words=False, break_on_hyphens=False))
    kept = textclean.fix_text(para, _rules()).text
    got = textclean.fix_text(wrapped, _rules()).text
    assert not (_words(kept) - _words(got)), (width, wrapped, got)


def test_every_paragraph_wrapped_at_the_edge_widths_keeps_its_words():
    # The same, exhaustively at 40 and 100 columns: the narrowest and widest wraps.
    lost = []
    for para in _paragraphs():
        kept = _words(textclean.fix_text(para, _rules()).text)
        for width in (40, 100):
            wrapped = "\n".join(textwrap.wrap(para, width, break_long_words=False, break_on_hyphens=False))
            if kept - _words(textclean.fix_text(wrapped, _rules()).text):
                lost.append((width, para[:60]))
    assert not lost
