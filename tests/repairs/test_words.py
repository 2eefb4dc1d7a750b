"""Split-word repairs with corpus evidence (textclean.corpus.vocab): the document first, then the corpus.

The lexicon is off here (tests/repairs/test_lexicon.py has it on): these tests are about what
the document and the corpus decide on their own.
"""

from __future__ import annotations

import pickle
import textwrap

import pytest
import regex

import textclean
from textclean.corpus.vocab import Vocabulary, build_vocabulary, using_vocabulary
from textclean.lexicon import using_lexicon
from textclean.repairs.words import (
    find_drop_cap,
    find_line_end_hyphenation,
    find_spaced_hyphenation,
    find_unhyphenated_compound,
)


@pytest.fixture(autouse=True)
def _no_lexicon():
    with using_lexicon("off"):
        yield


def _replacements(hits):
    return [[(e.span.start, e.replacement) for e in h.edits] for h in hits]


def _fix(text, code, vocab=None):
    rules = textclean.load_rules().select([code])
    with using_vocabulary(vocab):
        return textclean.fix_text(text, rules).text


CORPUS = build_vocabulary(
    [
        "The five-point plan was signed. A five-point list followed.",
        "The international fair opened; the harbour-master waved.",
        "A state-of-the-art ferry. The state-of-the-art dock.",
        "They sent an e-mail and another e-mail.",
    ]
)


def test_compound_needs_the_corpus_when_the_document_is_silent():
    text = "A fivepoint plan was agreed."
    assert list(find_unhyphenated_compound(text)) == []
    with using_vocabulary(CORPUS):
        hits = list(find_unhyphenated_compound(text))
    assert _replacements(hits) == [[(6, "-")]]
    assert "the corpus writes five-point" in hits[0].message
    assert _fix(text, "SW004", CORPUS) == "A five-point plan was agreed."


def test_a_vocabulary_pickles_without_the_cores_compounds():
    vocab = build_vocabulary(["A five-point plan.", "The five-point plan."], includes_documents=True)
    assert vocab.core_compounds().commonest("fivepoint") == ("five-point", 2)
    again = pickle.loads(pickle.dumps(vocab))
    assert again.counts == vocab.counts and again.includes_documents
    assert again.core_compounds().commonest("fivepoint") == ("five-point", 2)
    with using_vocabulary(again):
        assert _replacements(find_unhyphenated_compound("A fivepoint plan.")) == [[(6, "-")]]


def test_compound_with_several_hyphens():
    assert _fix("A stateoftheart ferry.", "SW004", CORPUS) == "A state-of-the-art ferry."
    assert _fix("Stateoftheart ferries.", "SW004", CORPUS) == "Stateoftheart ferries."


def test_compound_with_capitals_is_left_alone():
    corpus = build_vocabulary(["free wi-fi", "the wi-fi"])
    assert _fix("Free WiFi on board.", "SW004", corpus) == "Free WiFi on board."


def test_compound_left_alone_when_another_document_writes_it_closed():
    # More hyphenated than closed is not enough: the corpus must never write it closed
    # outside this document (real pages write `coworking` on purpose).
    corpus = build_vocabulary(["co-working", "co-working", "co-working", "a coworking space"])
    assert _fix("A coworking desk.", "SW004", corpus) == "A coworking desk."
    # Counted from the documents being fixed, the document's own `coworking` is allowed for.
    doc = "A coworking desk."
    corpus = build_vocabulary(["co-working", "co-working", doc], includes_documents=True)
    assert _fix(doc, "SW004", corpus) == "A co-working desk."
    other = build_vocabulary(["co-working", "a coworking space", doc], includes_documents=True)
    assert _fix(doc, "SW004", other) == doc


def test_compound_left_alone_when_the_corpus_prefers_the_closed_form():
    corpus = build_vocabulary(["online shop", "online form", "on-line order"])
    assert _fix("An online shop.", "SW004", corpus) == "An online shop."


def test_compound_left_alone_when_the_document_prefers_the_closed_form():
    corpus = build_vocabulary(["five-point"] * 2)
    text = "A fivepoint plan, a fivepoint list and a fivepoint rule."
    assert _fix(text, "SW004", corpus) == text


def test_compound_with_a_one_letter_part_is_not_restored():
    assert _fix("Send an email today.", "SW004", CORPUS) == "Send an email today."


def test_document_evidence_wins_over_the_corpus():
    # The document writes `online` more often than `on-line`: the corpus cannot overrule it.
    corpus = build_vocabulary(["on-line"] * 10)
    text = "An online shop, an online form and an on-line order."
    assert _fix(text, "SW004", corpus) == text


def test_drop_cap_joined_with_corpus_evidence():
    text = "H arbour fees rose again."
    assert list(find_drop_cap(text)) == []
    with using_vocabulary(build_vocabulary(["The harbour was busy."])):
        hits = list(find_drop_cap(text))
    assert _replacements(hits) == [[(1, "")]]


def test_no_drop_cap_inside_a_hard_wrapped_sentence():
    # `type` / `C ones`: the capital is a word of the sentence the line above left open.
    text = (
        "The new harbour docks take power from the quay, and the USB type\n"
        "C ones can be had for less if the full speed is not needed.\n"
    )
    assert textwrap.fill(text.replace("\n", " ").strip(), 64) == text.strip()
    with using_vocabulary(build_vocabulary(["Traffic cones lined the quay."])):
        hits = list(find_drop_cap(text))
        # the same capital at a paragraph's start is joined on the same evidence
        alone = list(find_drop_cap("C ones lined the quay."))
    assert hits == []
    assert _replacements(alone) == [[(1, "")]]


def test_no_drop_cap_joined_on_corpus_evidence_in_a_wrapped_paragraph():
    # Without a lexicon nothing tells whether `C ash` is two words: at a line that continues
    # the sentence above it is left, whatever the corpus says about `cash`, at every width
    # from 30 to 100 columns (`C ash` and `C ones` each start a line at some of them).
    para = (
        "The harbour board had the new quay cast with Class C ash from the old coal station, "
        "and the kiosk by the gate takes cash for the USB type C ones that fit the ferry sockets."
    )
    at_line_start: set[str] = set()
    with using_vocabulary(build_vocabulary(["Cash only.", "Traffic cones."])):
        for width in range(30, 101):
            wrapped = textwrap.fill(para, width, break_long_words=False, break_on_hyphens=False)
            at_line_start.update(regex.findall(r"(?m)^\p{Lu} \p{Ll}+\b", wrapped))
            assert list(find_drop_cap(wrapped)) == [], width
        # the same evidence joins the capital at a paragraph's start
        assert _replacements(list(find_drop_cap(f"{para}\n\nC ash only."))) == [[(len(para) + 3, "")]]
    assert at_line_start == {"C ash", "C ones"}


def test_line_end_hyphenation_decided_by_the_corpus():
    with using_vocabulary(CORPUS):
        joined = list(find_line_end_hyphenation("An inter-\nnational fair."))
        kept = list(find_line_end_hyphenation("The harbour-\nmaster waved."))
        unknown = list(find_line_end_hyphenation("A ferry-\nboat came."))
    assert _replacements(joined) == [[(8, "")]]
    assert _replacements(kept) == [[(11, "-")]]
    assert unknown[0].edits == ()  # no evidence anywhere: reported only


def test_spaced_hyphenation_with_document_and_corpus_evidence():
    assert list(find_spaced_hyphenation("An inter- national fair.")) == []
    assert _fix("An inter- national fair.", "SW005", CORPUS) == "An international fair."
    assert _fix("The harbour- master waved.", "SW005", CORPUS) == "The harbour-master waved."
    text = "The inter- and intra-national lines."
    assert _fix(text, "SW005", CORPUS) == text


@pytest.mark.parametrize(
    "text",
    [
        "A fivepoint plan. The five-point plan failed.",
        "T he ferry left. Then the ferry came back.",
        "An inter-\nnational fair. The international guests came.",
        "An inter- national fair. The international guests came.",
        "An online shop and an on-line form, then another online order.",
    ],
)
def test_an_empty_vocabulary_changes_nothing(text):
    rules = textclean.load_rules().select(["SW"])
    plain = textclean.fix_text(text, rules)
    with using_vocabulary(Vocabulary()):
        with_empty = textclean.fix_text(text, rules)
    assert with_empty.text == plain.text
    assert with_empty.applied == plain.applied


def test_an_empty_vocabulary_changes_nothing_on_real_pages():
    import json

    from tests.conftest import shared_path

    rules = textclean.load_rules().select(["SW"])
    path = shared_path("data", "article-benchmark", "pairs.jsonl")
    with path.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for _, line in zip(range(400), f, strict=False)]
    applied = 0
    for text in texts:
        plain = textclean.fix_text(text, rules)
        applied += len(plain.applied)
        with using_vocabulary(Vocabulary()):
            assert textclean.fix_text(text, rules) == plain
    assert applied > 0  # the pages do exercise the SW repairs


def test_an_error_of_the_corpus_vocabulary_reaches_the_caller():
    # The core asks Python for the corpus's counts; what Python raises is raised, not lost.
    class Broken(Vocabulary):
        def count(self, word: str) -> int:
            raise RuntimeError("broken vocabulary")

    with using_vocabulary(Broken()), pytest.raises(RuntimeError, match="broken vocabulary"):
        list(find_line_end_hyphenation("A harbour-\nmaster."))
    # A text the document decides alone never asks.
    with using_vocabulary(Broken()):
        assert len(list(find_line_end_hyphenation("An inter-\nnational, international."))) == 1
