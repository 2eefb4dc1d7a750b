"""Resumable runs: SIGKILL a fix or check at several points, resume, compare byte for byte."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from textclean.cli import main

COMMAND = [sys.executable, "-c", "from textclean.cli import main; main()"]
RECORDS = 1500
FILES = 40
ENV = {**os.environ, "TEXTCLEAN_CHECKPOINT_ITEMS": "20", "TEXTCLEAN_CHECKPOINT_SECONDS": "0.2"}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("resume")
    data = root / "data"
    data.mkdir()
    for i in range(FILES):
        (data / f"doc{i:02}.txt").write_text(
            f"Story {i} &amp; more\n\n\nIt was   a day.\u00a0Share this\n", encoding="utf-8")
    with (root / "big.jsonl").open("w", encoding="utf-8") as f:
        for i in range(RECORDS):
            if i == 700:
                f.write("{not json\n")  # quarantined
            text = f"Record {i}: caf\u00c3\u00a9 &amp; tea.\n\nRead more" if i % 3 else f"Clean record {i}."
            f.write(json.dumps({"id": f"r{i}", "text": text, "n": i}) + "\n")
            if i % 500 == 0:
                f.write("\n")  # blank lines are kept
    (root / "empty.jsonl").write_bytes(b"")
    return root


def _fix_args(out: str) -> list[str]:
    return ["fix", "big.jsonl", "data", "empty.jsonl", "--out", out, "--report", f"{out}.json",
            "--output-sarif", f"{out}.sarif", "--output-markdown", f"{out}.md", "--fail-level", "error"]


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _outputs(root: Path, out: str) -> dict[str, bytes]:
    """The files of run `out`, named and written as if the run had been `ref` (reports name
    the output files, so the output's name is the one difference allowed)."""
    return {k.replace(out, "ref", 1): v.replace(out.encode(), b"ref")
            for k, v in _tree(root).items() if k.startswith(out)}


def _kill_when(args: list[str], cwd: Path, ready: Callable[[dict[str, Any]], bool], state: Path) -> bool:
    """Start the run, SIGKILL it once its saved state satisfies `ready`; False if it ended first."""
    proc = subprocess.Popen([*COMMAND, *args], cwd=cwd, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while proc.poll() is None:
            try:
                saved = json.loads((state / "state.json").read_bytes())
            except (OSError, ValueError):
                saved = None
            if saved is not None and ready(saved):
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return True
            time.sleep(0.01)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _resume(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *args, "--resume"], cwd=cwd, env=ENV, capture_output=True, text=True)


@pytest.fixture(scope="module")
def reference(inputs: Path) -> dict[str, bytes]:
    result = subprocess.run([*COMMAND, *_fix_args("ref")], cwd=inputs, env=ENV, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr  # the quarantined record fails the run
    assert not (inputs / "ref.textclean-state").exists(), "a finished run leaves no state"
    tree = {k: v for k, v in _tree(inputs).items() if k.startswith("ref")}
    assert "ref.quarantine.jsonl" in tree and "ref/empty.jsonl" in tree
    return tree


POINTS = {
    "early in the JSONL": lambda s: s["done"] == 0 and s["records"] >= 100,
    "late in the JSONL": lambda s: s["done"] == 0 and s["records"] >= 1200,
    "inside the folder": lambda s: s["done"] >= 10,
}


@pytest.mark.parametrize("point", list(POINTS))
def test_killed_fix_resumes_to_identical_output_and_reports(inputs: Path, reference: dict[str, bytes], point: str) -> None:
    out = f"out-{point.replace(' ', '-')}"
    killed = _kill_when(_fix_args(out), inputs, POINTS[point], inputs / f"{out}.textclean-state")
    if not killed:
        pytest.skip("the run finished before the kill point (machine too fast for this size)")
    result = _resume(_fix_args(out), inputs)
    assert result.returncode == 1, result.stderr
    got = _outputs(inputs, out)
    assert sorted(got) == sorted(reference)
    for name, data in reference.items():
        assert got[name] == data, f"{name} differs after resuming ({point})"


def test_killed_twice_still_identical(inputs: Path, reference: dict[str, bytes]) -> None:
    out = "o2x-resumed"
    state = inputs / f"{out}.textclean-state"
    if not _kill_when(_fix_args(out), inputs, POINTS["early in the JSONL"], state):
        pytest.skip("the run finished before the first kill point")
    args = [*_fix_args(out), "--resume"]
    if not _kill_when(args, inputs, lambda s: s["done"] > 0 or s["records"] >= 900, state):
        pytest.skip("the resumed run finished before the second kill point")
    assert _resume(_fix_args(out), inputs).returncode == 1
    got = _outputs(inputs, out)
    for name, data in reference.items():
        if got[name] != data:
            at = next(i for i, (x, y) in enumerate(zip(got[name], data, strict=False)) if x != y)
            raise AssertionError(f"{name} at {at}: {got[name][at - 300:at + 100]!r} != {data[at - 300:at + 100]!r}")
    assert got == reference


def test_killed_check_resumes_to_identical_reports(inputs: Path) -> None:
    # A baseline of the JSONL alone, for one rule: the resumed run must use up the entries of
    # the records done before the kill again, or they would show as stale.
    made = subprocess.run([*COMMAND, "baseline", "big.jsonl", "--select", "MK", "--out", "bl.json"],
                          cwd=inputs, env=ENV, capture_output=True)
    assert made.returncode == 0, made.stderr

    def check_args(prefix: str) -> list[str]:
        return ["check", "big.jsonl", "data", "-o", f"{prefix}c.json", "--format", "json",
                "--output-junit", f"{prefix}c.xml", "--output-github", f"{prefix}c.gh",
                "--baseline", "bl.json"]

    args = check_args("")
    ref = subprocess.run([*COMMAND, *check_args("ref-")], cwd=inputs, env=ENV, capture_output=True)
    assert ref.returncode == 1, ref.stderr
    if not _kill_when(args, inputs, lambda s: s["records"] >= 600, inputs / "c.json.textclean-state"):
        pytest.skip("the check finished before the kill point")
    assert _resume(args, inputs).returncode == 1
    for name in ("c.json", "c.xml", "c.gh"):
        assert (inputs / name).read_bytes() == (inputs / f"ref-{name}").read_bytes(), name
    summary = json.loads((inputs / "c.json").read_bytes())
    assert summary["summary"]["absorbed_by_baseline"] > 0 and summary["triage"]["stale"] == []


def test_resume_refuses_changed_inputs_or_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textclean.run.state import Checkpoint, ResumeError, state_dir

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.jsonl").write_text("".join(json.dumps({"id": i, "text": "x &amp; y"}) + "\n" for i in range(30)))
    monkeypatch.setenv("TEXTCLEAN_CHECKPOINT_ITEMS", "5")
    # A run stopped by an error after some checkpoints keeps its state (like a kill would).
    original = Checkpoint.complete
    monkeypatch.setattr(Checkpoint, "complete", lambda self: None)
    runner = CliRunner()
    assert runner.invoke(main, ["fix", "a.jsonl", "--out", "o.jsonl"]).exit_code == 0
    monkeypatch.setattr(Checkpoint, "complete", original)
    assert (state_dir(Path("o.jsonl")) / "state.json").is_file()
    result = runner.invoke(main, ["fix", "a.jsonl", "--out", "o.jsonl", "--resume", "--select", "MK"])
    assert result.exit_code == 2
    assert "the rules or the options changed" in result.stderr
    with (tmp_path / "a.jsonl").open("a") as f:
        f.write(json.dumps({"id": 99, "text": "more"}) + "\n")
    result = runner.invoke(main, ["fix", "a.jsonl", "--out", "o.jsonl", "--resume"])
    assert result.exit_code == 2
    assert "input a.jsonl changed since the interrupted run" in result.stderr
    assert isinstance(result.exception, SystemExit)
    assert issubclass(ResumeError, Exception)
    result = runner.invoke(main, ["fix", "a.jsonl", "--diff", "--resume"])
    assert result.exit_code == 2 and "--resume needs an output" in result.stderr


@pytest.mark.parametrize("mode", ["check", "fix"])
def test_stop_right_after_the_last_record_of_an_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    """The state says every record of the first input is done and nothing of the next: the
    resumed run writes the first input's output from the partial file and goes on."""
    from textclean.run.state import Checkpoint

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TEXTCLEAN_CHECKPOINT_ITEMS", "1")
    for name, n in (("a.jsonl", 5), ("b.jsonl", 4)):
        Path(name).write_text("".join(json.dumps({"id": f"{name}{i}", "text": f"x &amp; {i}"}) + "\n"
                                      for i in range(n)), encoding="utf-8")
    out = ["--out", "o"] if mode == "fix" else []
    report = ["--output-json", "r.json"]
    runner = CliRunner()
    code = 1 if mode == "check" else 0  # a fix repairs every finding
    assert runner.invoke(main, [mode, "a.jsonl", "b.jsonl", *out, *report, "--select", "MK"]).exit_code == code
    want = {p: Path(p).read_bytes() for p in ("r.json", "o/a.jsonl", "o/b.jsonl") if Path(p).exists()}
    for p in want:
        Path(p).unlink()
    save = Checkpoint.save

    def stop_after_first_input(self: Checkpoint, writer: Any = None) -> None:
        save(self, writer)
        if self._done == 0 and self._records == 5:
            raise KeyboardInterrupt  # like a kill: nothing after this save happens

    monkeypatch.setattr(Checkpoint, "save", stop_after_first_input)
    runner.invoke(main, [mode, "a.jsonl", "b.jsonl", *out, *report, "--select", "MK"])
    monkeypatch.setattr(Checkpoint, "save", save)
    assert not Path("r.json").exists()
    result = runner.invoke(main, [mode, "a.jsonl", "b.jsonl", *out, *report, "--select", "MK", "--resume"])
    assert result.exit_code == code, result.output
    assert {p: Path(p).read_bytes() for p in want} == want


def test_results_freeze_the_heap_after_the_first_and_unfreeze_at_the_end():
    """The run's results are unchanged; from the second on, what was alive after the first is
    frozen (the collector skips it), and the end of the run unfreezes it."""
    import gc

    from textclean.run.runner import frozen_after_first

    seen = []
    for n in frozen_after_first(iter(range(3))):
        seen.append((n, gc.get_freeze_count() > 0))
    assert seen == [(0, False), (1, True), (2, True)]
    assert gc.get_freeze_count() == 0
