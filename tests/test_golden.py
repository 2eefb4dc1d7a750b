"""The engine against the golden record (`tests/golden/`, written by `benchmarks/golden.py`).

The record holds, for every document of the reference corpora, hashes of what `check`, `fix`
and `fix --unsafe-fixes` (default packs) and an unsafe fix with every rule give: the output
text, the applied fixes and the findings. A change to the engine that changes any of them on
purpose re-records (`python benchmarks/golden.py record`) and says why each difference is
better; `python benchmarks/golden.py show` prints the differing documents with a diff.
"""

from __future__ import annotations

import pytest

from benchmarks import golden
from tests.conftest import ROOT, shared_path


@pytest.mark.parametrize("corpus", golden.CORPORA, ids=lambda c: c.name)
def test_engine_reproduces_the_golden_record(corpus):
    if not corpus.in_repo:
        for path in corpus.paths:
            shared_path(*path.split("/"))
    total, differing, missing = golden.compare(corpus, ROOT.parent / "shared")
    assert total > 0
    assert not missing, f"documents in the record but not in {corpus.name}: {sorted(missing)[:10]}"
    assert not differing, (
        f"{len(differing)} of {total} {corpus.name} documents differ from the golden record "
        f"(`python benchmarks/golden.py show --corpus {corpus.name}`): "
        + "; ".join(f"{key}: {', '.join(names)}" for key, names in differing[:10])
    )


def test_the_record_has_one_line_per_document_and_no_text():
    for corpus in golden.CORPORA:
        lines = golden.record_path(corpus).read_text(encoding="utf-8").splitlines()
        keys = [line.split(" ", 1)[0] for line in lines]
        assert len(keys) == len(set(keys)), corpus.name
        for line in lines:
            key, fields = golden.parse_line(line)
            assert set(fields) >= {"in", "check"}
            for value in fields.values():
                count, _, digest = value.rpartition("/")
                assert len(digest) == golden.HASH_CHARS and (count == "" or count.isdigit())


def test_a_changed_result_is_a_difference(monkeypatch):
    corpus = golden.corpus_named("examples")
    real = golden.results

    def one_finding_less(doc, rules, every_rule):
        out = real(doc, rules, every_rule)
        out["check"] = out["check"][1:]
        return out

    monkeypatch.setattr(golden, "results", one_finding_less)
    total, differing, _ = golden.compare(corpus, ROOT.parent / "shared")
    flagged = {key for key, names in differing if names == ["check"]}
    assert flagged and len(flagged) < total  # documents with findings differ, clean ones not
