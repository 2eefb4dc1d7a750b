"""The engine's promises, checked on arbitrary text made of the artifacts scraping leaves.

For any text and the default packs (and, separately, every pack with unsafe fixes): fixing
never raises, fixing twice changes nothing, a text no fix fires on comes back unchanged, every
reported span lies inside its text, and replaying the reported edits gives the fixed text.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textclean
from textclean.engine.loop import apply_edits
from textclean.model import FixResult, LineIndex

# Loaded once: rule loading costs far more than one example.
DEFAULT = textclean.load_rules()
EVERY = DEFAULT.select([r.code for r in DEFAULT.all_rules])

ARTIFACTS = [
    # quotes, dashes, punctuation
    "'", '"', "“", "”", "‘", "’", "«", "»", "-", "--", " -- ", "—", "–", "…", ".", ",", "!", "?",
    # line structure
    "\n", "\n\n", "\n\n\n", "\r\n", "\r", " ", "  ", "\t", "\u00a0", "\u00a0\u00a0", " \n",
    # invisible and control characters
    "\u200b", "\u200d", "\ufeff", "\u00ad", "\x00", "\x07", "\x85", "\x9c",
    # mojibake, entities, tags, markdown
    "â€™", "â€œ", "Ã©", "Ã¨", "donâ€™t", "&amp;", "&#8217;", "&lt;b&gt;", "&nbsp;", "&", "<p>",
    "</span>", "<br/>", "##", "## ", "**",
    # URLs, whole and broken
    "https://example.org/2022/08/03/a-long-slug", "https://example.org/a-very-long-\npath",
    "https://site.example/world-news-count ry-fm-a78492", "www.example.com",
    # words, split words, boilerplate and credits
    "the", "The", "ASEAN", "said", "T he", "inter-\nnational", "five-point", "fivepoint",
    "Advertisement", "Post Comment", "Read more", "Share this article", "Image 1 of 4", "1 / 8",
    "Photo: Ringo Chiu, AP", "Getty Images", "/ TASS", "By AFP", "August 03, 2022",
    "Copyright © 2019 All rights reserved.",
    # other scripts
    "東京", "Москва", "القاهرة", "שלום", "नमस्ते", "ภาษาไทย", "🙂", "e\u0301",
]

texts = st.one_of(
    st.lists(st.sampled_from(ARTIFACTS), max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(ARTIFACTS), st.text(max_size=6)), max_size=25).map("".join),
)

PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "120")), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _replay(text: str, result: FixResult) -> str:
    """Apply the reported edits pass by pass, as a reader of the report could."""
    for pass_no in range(1, result.passes + 1):
        edits = [e for a in result.applied if a.pass_no == pass_no for e in a.finding.fix.edits]
        text = apply_edits(text, edits)
    return text


def _assert_promises(text: str, rules: textclean.RuleSet, unsafe: bool) -> None:
    findings = textclean.check_text(text, rules)
    index = LineIndex(text)
    for finding in findings:
        assert 0 <= finding.span.start <= finding.span.end <= len(text), finding
        index.line_col(finding.span.end)
        if finding.fix is not None:
            for edit in finding.fix.edits:
                assert 0 <= edit.span.start <= edit.span.end <= len(text), finding

    result = textclean.fix_text(text, rules, unsafe_fixes=unsafe)  # never raises
    assert _replay(text, result) == result.text
    for finding in result.remaining:
        assert 0 <= finding.span.start <= finding.span.end <= len(result.text), finding
    if not result.applied:
        assert result.text == text
    again = textclean.fix_text(result.text, rules, unsafe_fixes=unsafe)
    assert again.text == result.text
    assert not again.applied


@PROPERTY_SETTINGS
@given(texts)
def test_default_packs_keep_their_promises(text):
    _assert_promises(text, DEFAULT, unsafe=False)


@PROPERTY_SETTINGS
@given(texts)
def test_every_pack_with_unsafe_fixes_keeps_its_promises(text):
    _assert_promises(text, EVERY, unsafe=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["The", "harbour", "festival", "returned", "with", "boats", "races", "and", "a", "parade"]), min_size=1, max_size=30).map(" ".join))
def test_text_no_fix_fires_on_is_returned_as_is(text):
    text = text + ".\n"
    fixable = [f for f in textclean.check_text(text, DEFAULT) if f.fix is not None and f.fix.safety.value == "safe"]
    result = textclean.fix_text(text, DEFAULT)
    if not fixable:
        assert result.text is text
        assert not result.applied
