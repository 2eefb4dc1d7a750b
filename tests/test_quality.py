"""A small slice of `benchmarks/quality.py`, so the benchmark code cannot rot unnoticed.

The full run (`make bench-quality`) takes minutes; here each table is computed on a few
pages or cases, with the same functions.
"""

from __future__ import annotations

import itertools

import pytest

from benchmarks import quality
from benchmarks.metric import corpus_scores
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def data():
    return shared_path("data")


@pytest.fixture(scope="module")
def sample_rows(data):
    rows = quality.read_jsonl(data / "article-benchmark" / "pairs.jsonl")
    # Two tuning and two validation pages, every extractor.
    ids = sorted({r["id"] for r in rows})
    chosen = [i for i in ids if quality.is_tune(i)][:2] + [i for i in ids if not quality.is_tune(i)][:2]
    return [r for r in rows if r["id"] in chosen]


def test_article_table_on_a_few_pages(sample_rows):
    fixed = quality.fix_all([r["text"] for r in sample_rows], jobs=1)
    scores = quality.article_scores(sample_rows, fixed)
    assert set(scores) == set(quality.HALVES)
    per = scores["all pages"]
    assert len(per) == 13
    # The before column is the plain upstream metric.
    ex = "html-text"
    before = corpus_scores((r["text"], r["truth"]) for r in sample_rows if r["extractor"] == ex)
    assert per[ex][0].f1 == pytest.approx(before["f1"])
    # Whole-page text loses its menus: precision must not fall, recall must not fall by much.
    b, a = per[ex]
    assert a.precision >= b.precision and a.recall >= b.recall - 0.01
    table = quality.article_table(per, "all pages")
    assert "| html-text |" in table and "Mean F1 rise" in table


def test_fix_does_no_harm_on_truth_sample(data):
    truths = [r["truth"] for r in itertools.islice(quality.read_jsonl(data / "article-benchmark" / "truth.jsonl"), 12)]
    fixed = quality.fix_all(truths, jobs=1)
    score = quality.Score.of((fixed[t], t) for t in truths)
    assert score.f1 >= 0.995


def test_segments_flagging_on_a_few(data):
    segments = quality.read_jsonl(data / "trafilatura-segments" / "segments.jsonl")
    sample = [s for s in segments if s["label"] == "with"][:40] + [
        {"label": "without", "segment": "Schreibe einen Kommentar"},
        {"label": "without", "segment": "Teilen Sie dies mit:"},
    ]
    results = quality.segment_results(sample, jobs=1)
    assert all(not codes for (codes, _), s in zip(results, sample, strict=True) if s["label"] == "with")
    assert results[-2][0] == ("BP001",) and results[-2][1]
    assert results[-1][0] == ("BP004",)
    assert "`without` (must drop)" in quality.segments_table(sample, results)


def test_peer_cases_are_judged(data):
    cases = quality.peer_cases(data)
    assert cases and all(c["in_scope"] for c in cases)
    picked = [c for c in cases if c["artifact"] == "html_entities"][:8]
    picked += [c for c in cases if c["artifact"] == "dashes"]
    fixed = quality.fix_all([c["input"] for c in picked], jobs=1)
    results = quality.peer_results(picked, fixed)
    assert {r.outcome for r in results} <= {"agree", "deliberate", "fail"}
    dashes = [r for r in results if r.artifact == "dashes"]
    assert dashes and all(r.outcome == "deliberate" for r in dashes)
    assert "| **all** |" in quality.peer_table(results)


def test_every_peer_case_passes_but_ftfys_own_known_failures(data):
    # The default packs grow by families of lines; a peer's case is often one short line (a
    # language name, a breadcrumb, a hashtag), which a safe fix must not empty. Only the
    # cases ftfy's own tests expect to fail may fail.
    cases = quality.peer_cases(data)
    fixed = quality.fix_all([c["input"] for c in cases], jobs=1)
    fails = [r for r in quality.peer_results(cases, fixed) if r.outcome == "fail"]
    assert all(r.reason.startswith("ftfy known failure") for r in fails), [
        f"{r.peer}:{r.case_id}" for r in fails if not r.reason.startswith("ftfy known failure")]
