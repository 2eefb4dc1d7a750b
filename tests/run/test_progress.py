"""Progress bars: drawn on a terminal (a pseudo-terminal here), never in CI or into a pipe."""

from __future__ import annotations

import io
import json
import re

import pytest

from textclean.io import discover, observing, read_items
from textclean.run.progress import RunProgress, progress_wanted


def _corpus(tmp_path, n=40):
    rows = [{"id": f"r{i}", "text": f"Tom &amp; Jerry number {i}\n\nPost Comment"} for i in range(n)]
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (tmp_path / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:10]))
    return (tmp_path / "a.jsonl").stat().st_size + (tmp_path / "b.jsonl").stat().st_size


def _bar_lines(screen: str) -> list[str]:
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen).replace("\r", "\n")
    return [line for line in plain.splitlines() if " docs " in line]


def test_check_draws_documents_megabytes_and_rate_on_a_terminal(run_tty, tmp_path):
    _corpus(tmp_path)
    code, screen, _ = run_tty("check", "a.jsonl", "b.jsonl", "--statistics")
    assert code == 1
    bars = _bar_lines(screen)
    assert bars, screen
    final = bars[-1]
    assert "checking" in final and "50 docs" in final
    assert re.search(r"(\d+\.\d)/\1 kB", final), final  # every byte of the input was read
    assert re.search(r" [\d.]+ (?:[kMG]?B|bytes)/s", final), final  # the rate (slow here)
    assert "a.jsonl" in screen  # several JSONL files: a line for the one being read
    assert "comment-widget-line" in screen  # the report follows the bar


@pytest.mark.parametrize(
    ("env", "flags"),
    [({"CI": "true"}, []), ({}, ["--no-progress"]), ({"TERM": "dumb"}, [])],
)
def test_no_bar_in_ci_or_when_asked(run_tty, tmp_path, env, flags):
    _corpus(tmp_path)
    code, screen, _ = run_tty("check", "a.jsonl", "--statistics", *flags, env=env)
    assert code == 1 and "comment-widget-line" in screen
    assert not _bar_lines(screen)


def test_no_bar_when_stderr_is_not_a_terminal(run_tty, tmp_path):
    _corpus(tmp_path)
    code, screen, err = run_tty("check", "a.jsonl", "--statistics", stdout_tty_only=True)
    assert code == 1 and "comment-widget-line" in screen
    assert not _bar_lines(screen) and not _bar_lines(err)
    assert "\x1b" not in err


def test_quiet_prints_nothing_but_errors(run_tty, tmp_path):
    _corpus(tmp_path)
    code, screen, _ = run_tty("check", "a.jsonl", "--quiet", "--max-rate", "BP=0.5")
    assert code == 1 and screen.strip() == ""
    code, screen, _ = run_tty("fix", "a.jsonl", "--out", "clean.jsonl", "-q")
    assert code == 0 and screen.strip() == ""
    assert (tmp_path / "clean.jsonl").exists()
    code, screen, _ = run_tty("check", "missing.jsonl", "-q")
    assert code == 2 and "error:" in screen


@pytest.mark.parametrize(
    ("args", "verb"),
    [
        (["fix", "a.jsonl", "--out", "clean.jsonl"], "fixing"),
        (["suggest", "a.jsonl", "--out", "site.yml"], "reading"),
        (["vocab", "build", "a.jsonl", "--out", "v.tsv"], "counting"),
    ],
)
def test_long_running_commands_draw_a_bar(run_tty, tmp_path, args, verb):
    _corpus(tmp_path)
    code, screen, _ = run_tty(*args)
    assert code == 0, screen
    final = _bar_lines(screen)[-1]
    assert verb in final and "40 docs" in final


def test_fix_diff_on_a_terminal_draws_no_bar(run_tty, tmp_path):
    _corpus(tmp_path)
    code, screen, _ = run_tty("fix", "a.jsonl", "--diff")
    assert "+Tom & Jerry number 3" in screen and not _bar_lines(screen)


def test_undo_draws_a_bar(run_tty, run, tmp_path):
    _corpus(tmp_path)
    assert run("fix", "a.jsonl", "--out", "clean.jsonl", "--ledger", "l.jsonl").exit_code == 0
    code, screen, _ = run_tty("undo", "clean.jsonl", "--ledger", "l.jsonl", "--out", "back.jsonl")
    assert code == 0, screen
    final = _bar_lines(screen)[-1]
    assert "restoring" in final and "40 docs" in final
    assert (tmp_path / "back.jsonl").read_bytes() == (tmp_path / "a.jsonl").read_bytes()


def test_counts_every_document_and_byte_of_each_pass(tmp_path):
    from rich.console import Console

    total = _corpus(tmp_path)
    progress = RunProgress("checking", Console(file=io.StringIO(), force_terminal=True, width=120))
    with observing(progress):
        for _ in range(2):  # a second pass (--corpus-vocabulary) starts the bar again
            for source in discover([str(tmp_path)]):
                for _item in read_items(source):
                    pass
    progress.close()
    (task,) = progress._progress.tasks  # the per-file line is gone once the files are read
    assert task.description == "checking (pass 2)"
    assert task.total == total and task.completed == total
    assert task.fields["docs"] == 50


def test_progress_wanted_follows_the_environment(monkeypatch):
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert progress_wanted()
    assert not progress_wanted(quiet=True) and not progress_wanted(no_progress=True)
    monkeypatch.setenv("CI", "1")
    assert not progress_wanted()
