"""Corpus vocabularies: counting, files, the run context, and `fix --corpus-vocabulary`."""

from __future__ import annotations

import json

import pytest

import textclean
from tests.conftest import shared_path
from textclean.corpus.vocab import (
    Vocabulary,
    VocabularyBuilder,
    active_vocabulary,
    build_vocabulary,
    using_vocabulary,
    vocabulary_from_paths,
)
from textclean.errors import ReadError

SEED0 = "000_29d5cf485a902b9e.txt"
SEED1 = "001_b8b41c24772250aa.txt"


def test_counts_words_and_compounds_casefolded():
    vocab = build_vocabulary(["The Five-Point plan.", "the five-point PLAN; fivepoint"])
    assert vocab.count("five-point") == 2
    assert vocab.count("FIVEPOINT") == 1
    assert vocab.count("the") == 2
    assert vocab.hyphenations("fivepoint") == [("five-point", 2)]
    assert vocab.hyphenations("plan") == []


@pytest.mark.parametrize("name", ["v.tsv", "v.tsv.gz"])
def test_save_and_load_round_trip(tmp_path, name):
    vocab = build_vocabulary(["a five-point plan", "a plan"])
    path = tmp_path / name
    assert vocab.save(path, min_count=2) == 2  # `a` and `plan`
    loaded = Vocabulary.load(path)
    assert loaded.counts == {"a": 2, "plan": 2}


def test_load_names_the_bad_line(tmp_path):
    path = tmp_path / "v.tsv"
    path.write_text("# header\nword\t3\nbroken line\n", encoding="utf-8")
    with pytest.raises(ReadError, match="line 3"):
        Vocabulary.load(path)


def test_builder_memory_is_bounded_and_keeps_frequent_words():
    builder = VocabularyBuilder(max_words=50)
    for i in range(2000):
        unique = "".join("abcdefghij"[int(d)] for d in f"{i:05d}")
        builder.add(f"harbour ferry q{unique}")
        assert len(builder.counts) <= 50
    assert builder.error > 0
    vocab = builder.vocabulary()
    # a kept count is low by at most `error`
    assert 2000 - builder.error <= vocab.count("harbour") <= 2000


def test_using_vocabulary_nests_and_restores():
    outer, inner = Vocabulary(), Vocabulary()
    assert active_vocabulary() is None
    with using_vocabulary(outer):
        with using_vocabulary(None):
            assert active_vocabulary() is outer  # None passes the active one on
        with using_vocabulary(inner):
            assert active_vocabulary() is inner
        assert active_vocabulary() is outer
    assert active_vocabulary() is None


def test_vocabulary_from_jsonl_field(tmp_path):
    path = tmp_path / "docs.jsonl"
    rows = [{"id": 1, "body": "five-point plan"}, {"id": 2, "body": "five-point list"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    builder = vocabulary_from_paths([str(path)], text_field="body")
    assert builder.documents == 2
    assert builder.vocabulary().count("five-point") == 2


def test_fix_documents_takes_a_vocabulary():
    docs = [("a", "A fivepoint plan was agreed.")]
    plain = [d.text for d in textclean.fix_documents(docs)]
    vocab = build_vocabulary(["the five-point plan"])
    with_vocab = [d.text for d in textclean.fix_documents(docs, vocabulary=vocab)]
    assert plain == ["A fivepoint plan was agreed."]
    assert with_vocab == ["A five-point plan was agreed."]


def _seed_corpus(tmp_path):
    """Seed 000 without its own `five-point` line, beside seed 001 (which writes it)."""
    seeds = shared_path("seeds")
    lines = (seeds / SEED0).read_text(encoding="utf-8").split("\n")
    kept = [line for line in lines if "five-point" not in line]
    assert len(kept) == len(lines) - 1
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / SEED0).write_text("\n".join(kept), encoding="utf-8")
    (corpus / SEED1).write_bytes((seeds / SEED1).read_bytes())
    return corpus


def test_fix_with_corpus_vocabulary_repairs_fivepoint(run, tmp_path):
    corpus = _seed_corpus(tmp_path)
    plain = run("fix", str(corpus), "--out", "plain")
    assert plain.exit_code in (0, 1)
    assert "a fivepoint peace plan" in (tmp_path / "plain" / SEED0).read_text(encoding="utf-8")
    for jobs in ("1", "2"):
        out = f"with-{jobs}"
        result = run("fix", str(corpus), "--out", out, "--corpus-vocabulary", "-j", jobs)
        assert result.exit_code in (0, 1), result.output
        fixed = (tmp_path / out / SEED0).read_text(encoding="utf-8")
        assert "a five-point peace plan" in fixed and "fivepoint" not in fixed


def test_vocab_build_then_fix_with_the_file(run, tmp_path):
    corpus = _seed_corpus(tmp_path)
    built = run("vocab", "build", str(corpus / SEED1), "--out", "seed1.tsv")
    assert built.exit_code == 0, built.output
    assert "1 document(s)" in built.output
    result = run("fix", str(corpus / SEED0), "--diff", "--vocabulary", "seed1.tsv")
    assert "+ASEAN has been growing increasingly frustrated at Myanmar's lack of progress on a " \
           "five-point peace plan" in result.output


def test_the_seeds_run_together_fix_fivepoint(run, tmp_path):
    seeds = shared_path("seeds")
    result = run("fix", str(seeds), "--out", "out", "--corpus-vocabulary")
    assert result.exit_code in (0, 1), result.output
    assert "five-point peace plan agreed" in (tmp_path / "out" / SEED0).read_text(encoding="utf-8")


def test_corpus_vocabulary_refuses_stdin(run):
    result = run("fix", "-", "--corpus-vocabulary", input="A fivepoint plan.")
    assert result.exit_code == 2
    assert "standard input" in result.output


def test_vocabulary_cannot_reach_a_dask_scheduler(run, tmp_path):
    (tmp_path / "a.txt").write_text("A fivepoint plan.", encoding="utf-8")
    result = run("fix", "a.txt", "--diff", "--corpus-vocabulary", "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 2
    assert "scheduler" in result.output
