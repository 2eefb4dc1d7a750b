"""The core's finders give exactly what their Python reference gives.

Every finder ported to Rust runs in both forms over every document of the benchmark corpora
(pairs.jsonl, truth.jsonl, resiliparse-tune.jsonl under ../shared/data/article-benchmark, the
seeds and the bundled examples) and over random texts drawn from the characters the finders
care about; any difference in spans, messages or edits fails.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import golden
from tests.conftest import ROOT, shared_path
from tests.core.reference import checks as ref_checks
from tests.core.reference import compounds as ref_compounds
from tests.core.reference import duplicates as ref_duplicates
from tests.core.reference import encoding as ref_encoding
from tests.core.reference import layout as ref_layout
from tests.core.reference import markup as ref_markup
from tests.core.reference import metrics as ref_metrics
from tests.core.reference import words as ref_words
from textclean.repairs import Hit, checks, duplicates, encoding, layout, markup, metrics, words

Finder = Callable[..., Iterator[Hit]]

# repair name -> (the package's finder, which runs in the core; the Python reference)
PORTED: dict[str, tuple[Finder, Finder]] = {
    "rejoin_broken_url": (layout.find_broken_url, ref_layout.find_broken_url),
    "join_broken_paragraph": (layout.find_broken_paragraph, ref_layout.find_broken_paragraph),
    "move_slid_quote": (layout.find_slid_quote, ref_layout.find_slid_quote),
    "flag_unbalanced_quotes": (layout.find_unbalanced_quotes, ref_layout.find_unbalanced_quotes),
    "flag_repeated_lines": (checks.find_repeated_lines, ref_checks.find_repeated_lines),
    "flag_truncated_ending": (checks.find_truncated_ending, ref_checks.find_truncated_ending),
    "delete_nearby_duplicate_line": (
        duplicates.find_nearby_duplicate_lines, ref_duplicates.find_nearby_duplicate_lines
    ),
    "decode_html_entities": (markup.find_html_entities, ref_markup.find_html_entities),
    # The split-word repairs with the default evidence: the document and the lexicon (auto).
    "restore_compound_hyphen": (words.find_unhyphenated_compound, ref_compounds.find_unhyphenated_compound),
    "split_glued_words": (words.find_glued_words, ref_words.find_glued_words),
    # Mojibake stays ftfy's; the core finds the lines it runs on (those with a trigger).
    "fix_mojibake": (encoding.find_mojibake, ref_encoding.find_mojibake),
    "fix_mojibake lines": (encoding.lines_that_look_bad, ref_encoding._lines_that_look_bad),
}
# Parameters other than the defaults, so that the code behind them is compared too.
PARAMS: dict[str, list[dict[str, Any]]] = {
    "join_broken_paragraph": [{}, {"min_words_before": 0, "min_words_after": 0}],
    "flag_repeated_lines": [{}, {"min_words": 1}],
    "delete_nearby_duplicate_line": [{}, {"min_words": 0, "window": 1}, {"min_words": 3, "window": 0}],
    "fix_mojibake": [{}, {"min_length": 3}],
}


@functools.cache
def corpus_texts(name: str) -> list[tuple[str, str]]:
    corpus = golden.corpus_named(name)
    return [(key, doc.text) for key, doc in golden.documents(corpus, ROOT.parent / "shared")]


def differences(name: str, texts: list[tuple[str, str]]) -> list[str]:
    rust, python = PORTED[name]
    out = []
    for params in PARAMS.get(name, [{}]):
        for key, text in texts:
            got, want = list(rust(text, **params)), list(python(text, **params))
            if got != want:
                out.append(f"{key} {params or ''}: core {got[:3]} != reference {want[:3]}")
    return out


@pytest.mark.parametrize("name", sorted(PORTED))
@pytest.mark.parametrize("corpus", [c.name for c in golden.CORPORA])
def test_core_finder_equals_the_reference_on_the_corpora(corpus, name):
    c = golden.corpus_named(corpus)
    if not c.in_repo:
        for path in c.paths:
            shared_path(*path.split("/"))
    texts = corpus_texts(corpus)
    assert texts
    diff = differences(name, texts)
    assert not diff, f"{len(diff)} of {len(texts)} documents differ: " + "\n".join(diff[:5])


def test_core_mojibake_scan_equals_the_reference_on_ftfy_cases():
    """pairs.jsonl holds almost no mojibake; ftfy's own test inputs are nearly all mojibake."""
    path = shared_path("data", "peer-cases", "ftfy.jsonl")
    with path.open(encoding="utf-8") as handle:
        texts = [(f"ftfy.jsonl:{n}", json.loads(line)["input"]) for n, line in enumerate(handle, 1)]
    assert differences("fix_mojibake", texts) == []
    assert differences("fix_mojibake lines", texts) == []
    assert [encoding.unescape_html(t) for _, t in texts] == [ref_encoding.unescape_html(t) for _, t in texts]


# Characters the finders' patterns care about, with non-ASCII letters, digits and spaces of
# every kind Python and the `regex` module tell apart, and pieces of what each finder looks for.
_ALPHABET = "aAbBzZéÉßǅ1٣½- \t\r\n'\"‘’“”,.!?;:#*•/&%=_~h\x85\xa0\u2028\u3000\x1c"
_COMMON = [*_ALPHABET, "ab", "Ab", "\n\n", "\r\n", "\n \n", " word", "eZ"]
_PIECES: dict[str, list[str]] = {
    "rejoin_broken_url": [
        "https://",
        "http://a.b/",
        "www.",
        "x.org/",
        "-a1",
        "pic.tw.com/",
        " https://a.org/b-",
        "\nwww.x.org/a1",
        " c1\n",
    ],
    "join_broken_paragraph": [
        " two words, and more",
        "\n\n",
        " \n\t\n ",
        "aB",
        "a1",
        "\n\n- ",
        "ab c d",
        "\n\nab cd ef gh",
    ],
    "move_slid_quote": [
        "\nHead'\n\n'Ab",
        "\nNews”\n\n“Ab",
        '\nNews"\n \n"é',
        "\nHead’\r\n\n‘a",
        "\n\n'",
        "\n\n‘",
        "\n\n“",
        "x,'",
    ],
    "flag_unbalanced_quotes": ['"', ' "', '\n"'],
    "flag_repeated_lines": ["\nab ab", "\n AB  ab \r", "\nStraße x", "\nSTRASSE X", "\n\xa0ab", "\x0b"],
    "flag_truncated_ending": ["...", "…", " ...", "a…\n", "1...", "\nAll..."],
    "delete_nearby_duplicate_line": [
        "\na b c d e f g h",
        "\nA B, C D E F G H!",
        "\n  • a b c d",
        "\nİ ß ǅ x_y ̇ z",
        "\ni̇ ss ǆ x_y z",
        "\nab ab",
        "\n\n",
    ],
    "decode_html_entities": [
        "&amp;",
        "&#8217;",
        "&#0065;",
        "&#x81;",
        "&#0;",
        "&#1;",
        "&#13;",
        "&#150;",
        "&#xFFFE;",
        "&#99999999;",
        "&#xD800;",
        "&#x110000;",
        "&EACUTE;",
        "&AMP;",
        "&Amp;",
        "&notreal;",
        "&not",
        "&a;",
        "&;",
        "&#;",
        "&#x;",
        "&",
        ";",
        "#",
        "x41",
    ],
    "fix_mojibake": [
        "donâ€™t",
        "Ã©",
        "Ã",
        "â€",
        "Â\xa0",
        "вЂ",
        "ÐµÑ‚",
        "ΒΓ",
        "╬",
        "“",
        "é",
        "\x80",
        "\x93",
        "\ufffd",
        "Ã\n©",
    ],
}
_PIECES["fix_mojibake lines"] = _PIECES["fix_mojibake"]
_PIECES["restore_compound_hyphen"] = ["five-point", "fivepoint", "FivePoint", "on-line", "online", "ss-ss", "ßß"]
_PIECES["split_glued_words"] = ["year.The", "There", "said", "Squished", "YouTube", "Amazon.Com", "a.m.Friday"]


def texts(name: str) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_COMMON + _PIECES.get(name, [])), max_size=50).map("".join)


@pytest.mark.parametrize("name", sorted(PORTED))
def test_core_finder_equals_the_reference_on_random_text(name):
    @settings(max_examples=1500, deadline=None, derandomize=True)
    @given(texts(name))
    def check(text: str) -> None:
        assert differences(name, [("random", text)]) == []

    check()


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(texts("decode_html_entities"))
def test_core_unescape_html_equals_the_reference(text):
    assert encoding.unescape_html(text) == ref_encoding.unescape_html(text)


def test_core_unescape_html_decodes_every_entity_as_the_reference():
    import html.entities

    import ftfy.chardata

    names = [f"&{k}" for k in html.entities.html5 if k.endswith(";")] + list(ftfy.chardata.HTML_ENTITIES)
    refs = [f"&#{n};" for n in range(0, 0x11000)] + [f"&#x{n:x};" for n in range(0xFFF0, 0x110010)]
    for entity in names + refs:
        assert encoding.unescape_html(entity) == ref_encoding.unescape_html(entity), entity


def metric_differences(texts: list[tuple[str, str]]) -> list[str]:
    out = []
    for key, text in texts:
        for name, fn in metrics.METRICS.items():
            got, want = fn(text), getattr(ref_metrics, name)(text)  # the reference of the same name
            if got != want:
                out.append(f"{key} {name}: core {got!r} != reference {want!r}")
        for bound in (25, 2.5, 0):
            got, want = metrics.word_count_upto(text, bound), ref_metrics.word_count_upto(text, bound)
            if got != want:
                out.append(f"{key} word_count_upto {bound}: core {got!r} != reference {want!r}")
    return out


@pytest.mark.parametrize("corpus", [c.name for c in golden.CORPORA])
def test_core_metrics_equal_the_reference_on_the_corpora(corpus):
    c = golden.corpus_named(corpus)
    if not c.in_repo:
        for path in c.paths:
            shared_path(*path.split("/"))
    texts = corpus_texts(corpus)
    diff = metric_differences(texts)
    assert not diff, f"{len(diff)} differences: " + "\n".join(diff[:5])


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.text() | texts("metrics"))
def test_core_metrics_equal_the_reference_on_random_text(text):
    assert metric_differences([("random", text)]) == []


def test_a_lone_surrogate_reads_as_a_replacement_character():
    text = "It was accused \ud800 by rights\n\ngroups of arming the military."
    assert [h.span for h in layout.find_broken_paragraph(text)] == [
        h.span for h in ref_layout.find_broken_paragraph(text)
    ]
    assert metric_differences([("surrogates", "ab\ud800é1 \udc00")]) == []
    for text in ["donâ€™t \ud800", "\ud800\udc00 Ã©", "Ã\ud800©"]:
        assert list(encoding.find_mojibake(text)) == list(ref_encoding.find_mojibake(text))
