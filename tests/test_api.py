"""The documents API: streaming check/fix over Documents or (id, text) pairs."""

from __future__ import annotations

from types import MappingProxyType

import pytest

import textclean
from textclean.api import FixedDocument

DIRTY = "Tom &amp; Jerry\n\nPost Comment"
CLEAN = (
    "The harbour festival returned this weekend after a two-year pause, with boat races, a fish "
    "market and a night parade on the old quay, where thousands gathered despite the rain.\n"
)


def test_check_documents_counts_each_document(default_rules):
    report = textclean.check_documents([("a", DIRTY), ("b", CLEAN)], default_rules)
    assert report.mode == "check"
    assert report.documents == 2
    assert [e.id for e in report.entries if e.findings] == ["a"]
    assert report.found_per_rule["MK001"] == 1
    assert {r.code for r in report.rules} == set(default_rules.codes)


def test_check_documents_matches_check_text(default_rules):
    report = textclean.check_documents([textclean.Document("x", DIRTY)], default_rules)
    expected = textclean.check_text(DIRTY, default_rules)
    assert [(f.rule, f.start, f.end) for f in report.entries[0].findings] == [
        (f.rule, f.span.start, f.span.end) for f in expected
    ]


def test_fix_documents_is_lazy_and_fills_the_report_as_it_goes(default_rules):
    pulled = []

    def docs():
        for i, text in enumerate([DIRTY, CLEAN, DIRTY]):
            pulled.append(i)
            yield (f"d{i}", text)

    run = textclean.fix_documents(docs(), default_rules)
    assert pulled == [] and run.report.documents == 0
    first = next(iter(run))
    assert isinstance(first, FixedDocument)
    assert pulled == [0] and run.report.documents == 1
    assert first.text == textclean.fix_text(DIRTY, default_rules).text
    assert first.changed and first.id == "d0"
    rest = list(run)
    assert [f.id for f in rest] == ["d1", "d2"]
    assert rest[0].text == CLEAN and not rest[0].changed
    assert run.report.documents == 3 and run.report.changed_documents == 2
    assert run.report.mode == "fix"


def test_fix_documents_unsafe_fixes_flag(all_rules):
    text = "Scones\nWe use cookies. Accept all cookies\nMix the flour"
    safe = next(iter(textclean.fix_documents([("a", text)], all_rules)))
    unsafe = next(iter(textclean.fix_documents([("a", text)], all_rules, unsafe_fixes=True)))
    assert "cookies" in safe.text
    assert "cookies" not in unsafe.text


def test_run_drains_and_returns_the_report(default_rules):
    report = textclean.fix_documents([("a", DIRTY)], default_rules).run()
    assert report.documents == 1 and report.fixed_per_rule["MK001"] == 1


def test_reports_of_shards_merge_to_the_whole(default_rules):
    docs = [(str(i), DIRTY if i % 2 else CLEAN) for i in range(6)]
    whole = textclean.check_documents(docs, default_rules)
    parts = textclean.check_documents(docs[:3], default_rules) + textclean.check_documents(
        docs[3:], default_rules
    )
    assert parts.to_dict() == whole.to_dict()


def test_rules_default_to_the_default_packs():
    report = textclean.check_documents([("a", DIRTY)])
    assert {r.code for r in report.rules} == set(textclean.load_rules().codes)


def test_document_meta_url_reaches_the_rules(default_rules):
    doc = textclean.Document("a", DIRTY, MappingProxyType({"url": "https://example.com/x"}))
    assert textclean.check_documents([doc], default_rules).documents == 1


@pytest.mark.parametrize("bad", [("a", None), ("a", 3), "just text", ("a", "b", "c")])
def test_bad_items_raise_type_error(default_rules, bad):
    with pytest.raises(TypeError, match="Document or an \\(id, text\\) pair"):
        textclean.check_documents([bad], default_rules)
