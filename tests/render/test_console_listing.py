"""The text report scales: a screenful on a terminal, every line when piped, --statistics."""

from __future__ import annotations

import json

DIRTY = "Tom &amp; Jerry\n\nPost Comment\nAdvertisement"


def _records(tmp_path, n=300):
    rows = [{"id": f"r{i}", "text": DIRTY} for i in range(n)]
    (tmp_path / "many.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_terminal_shows_a_screenful_then_a_count_and_where_the_rest_is(run_tty, tmp_path):
    _records(tmp_path)
    code, screen, _ = run_tty("check", "many.jsonl", "--no-progress")
    assert code == 1
    listed = [line for line in screen.splitlines() if line.startswith("r")]
    assert 10 <= len(listed) <= 24
    assert f"... {1200 - len(listed):,} more finding lines not shown; --all-findings" in screen
    assert "300 documents; 1200 findings" in screen


def test_terminal_names_the_file_holding_the_full_list(run_tty, tmp_path):
    _records(tmp_path)
    code, screen, _ = run_tty("check", "many.jsonl", "--output-text", "all.txt", "--no-progress")
    assert "more finding lines not shown; all of them are in all.txt" in screen
    written = (tmp_path / "all.txt").read_text().splitlines()
    assert sum(line.startswith("r") for line in written) == 1200


def test_all_findings_lists_everything_on_a_terminal(run_tty, tmp_path):
    _records(tmp_path, 20)
    code, screen, _ = run_tty("check", "many.jsonl", "--all-findings", "--no-progress")
    assert sum(line.startswith("r") for line in screen.splitlines()) == 80
    assert "not shown" not in screen


def test_piped_output_lists_everything(run, tmp_path):
    _records(tmp_path)
    result = run("check", "many.jsonl")
    assert sum(line.startswith("r") for line in result.stdout.splitlines()) == 1200
    assert "not shown" not in result.stdout


def test_fix_remaining_findings_are_capped_on_a_terminal(run_tty, tmp_path):
    _records(tmp_path)
    code, screen, _ = run_tty("fix", "many.jsonl", "--out", "clean.jsonl", "--report", "r.json",
                              "--no-progress")
    assert code == 0  # only DC001 (too short, info) remains, in every record
    assert "more finding lines not shown; all of them are in r.json (JSON)" in screen
    assert len((tmp_path / "clean.jsonl").read_text().splitlines()) == 300


def test_statistics_counts_per_rule(run, tmp_path):
    _records(tmp_path, 5)
    (tmp_path / "one.jsonl").write_text(json.dumps({"id": "x", "text": "Post Comment\nok"}) + "\n")
    result = run("check", "many.jsonl", "one.jsonl", "--statistics")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:4] == [  # most frequent first, then by code
        "6  BP001  [*] comment-widget-line",
        "6  DC001      too-short",
        "5  BP003  [*] advertisement-line",
        "5  MK001  [*] html-entity",
    ]
    assert lines[-1].startswith("6 documents; ")
    assert not any(line.startswith("r0:") for line in lines)


def test_fix_statistics_counts_what_remains_and_what_was_fixed(run, tmp_path):
    _records(tmp_path, 4)
    result = run("fix", "many.jsonl", "--out", "clean.jsonl", "--statistics")
    lines = result.stdout.splitlines()
    assert "4  DC001      too-short" in lines
    assert "0  MK001  [*] html-entity  (4 fixed)" in lines
