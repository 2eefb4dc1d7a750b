"""`benchmarks/bound.py` on a few texts, so the lower-bound script cannot rot unnoticed.

The numbers themselves are timings and are not checked here (timings live in benchmarks).
"""

from __future__ import annotations

from benchmarks import bound
from tests.conftest import shared_path


def test_bound_prints_its_table(capsys):
    pairs = shared_path("data", "article-benchmark", "pairs.jsonl")
    assert bound.main(["--pairs", str(pairs), "--limit", "12", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("12 texts of pairs.jsonl")
    rows = [line for line in out.splitlines() if line.startswith("| ") and not line.startswith("| what")]
    names = [row.split(" | ")[0][2:] for row in rows]
    assert names[:3] == ["ftfy.fix_text", "the 5x bar: ftfy.fix_text / 5", "textclean fix_text now"]
    assert names[-1] == "perfect gates, sum (a lower bound)"
    assert len([n for n in names if n.startswith("perfect gates: ")]) == 5


def test_bound_says_when_the_data_is_missing(tmp_path, capsys):
    assert bound.main(["--pairs", str(tmp_path / "absent.jsonl")]) == 2
    assert "reads ../shared/data" in capsys.readouterr().err
