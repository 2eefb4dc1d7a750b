"""`benchmarks/line_rules.py` on the bundled examples, so the script cannot rot unnoticed."""

from __future__ import annotations

from benchmarks import line_rules


def test_line_rules_benchmark_prints_its_table(capsys):
    assert line_rules.main(["--corpus", "examples", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "| build the matcher |" in out and "| later pass (best of 1) |" in out
    assert "line rules (" in out and "hits per pass" in out
