"""A killed run, a full disk or an unwritable destination never leave a partial or damaged file."""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import time
from pathlib import Path

import pytest
from reliability_support import AMP_RULE, COMMAND, SLOW_REPORT_RULE, textclean_process, write_rule

# A document the slow report-only rule needs a while for.
SLOW_TAIL = "a" * 22 + "! ab\n"
TEMP_NAME = re.compile(r"^\..+\.[0-9]+\.[A-Za-z0-9_]+\.tmp$")


def _texts(count: int) -> dict[str, str]:
    return {f"doc{i:03}.txt": f"Tom &amp; Jerry, part {i}.\n{SLOW_TAIL}" for i in range(count)}


def _fixed(text: str) -> str:
    return text.replace("&amp;", "&")


def _rules(tmp_path: Path) -> list[str]:
    write_rule(tmp_path / "slow.yml", SLOW_REPORT_RULE)
    write_rule(tmp_path / "amp.yml", AMP_RULE)
    return ["--no-default-rules", "--rules", "amp.yml", "--regex-timeout", "60"]


def _kill_when(proc: subprocess.Popen[str], ready, limit: float = 60.0) -> None:
    """SIGKILL `proc` as soon as `ready()` holds; fail if it ends first."""
    deadline = time.monotonic() + limit
    while not ready():
        assert proc.poll() is None, f"the run ended before it could be killed: {proc.communicate()}"
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL


def _visible(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]


def _hidden(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob(".*") if p.is_file()]


def test_kill_during_fix_out_leaves_only_whole_files(tmp_path):
    texts = _texts(100)
    (tmp_path / "in").mkdir()
    for name, text in texts.items():
        (tmp_path / "in" / name).write_text(text)
    args = _rules(tmp_path)
    proc = textclean_process("fix", "in", "--out", "out", *args, "--rules", "slow.yml", cwd=tmp_path)
    _kill_when(proc, lambda: (tmp_path / "out").is_dir() and len(_visible(tmp_path / "out")) >= 3)

    written = _visible(tmp_path / "out")
    assert 3 <= len(written) < len(texts), "killed mid-run"
    for path in written:
        assert path.read_text() == _fixed(texts[path.name]), f"{path.name} is partial"
    assert all(TEMP_NAME.match(name) for name in _hidden(tmp_path / "out"))
    for name, text in texts.items():
        assert (tmp_path / "in" / name).read_text() == text

    # The next run into the same folder completes it and clears what the killed one left.
    rerun = subprocess.run([*COMMAND, "fix", "in", "--out", "out", *args], cwd=tmp_path, capture_output=True)
    assert rerun.returncode in (0, 1), rerun.stderr
    assert _hidden(tmp_path / "out") == []
    assert {p.name: p.read_text() for p in _visible(tmp_path / "out")} == {
        name: _fixed(text) for name, text in texts.items()
    }


def test_kill_during_in_place_leaves_each_file_old_or_new(tmp_path):
    texts = _texts(100)
    (tmp_path / "in").mkdir()
    for name, text in texts.items():
        (tmp_path / "in" / name).write_text(text)

    def changed() -> int:
        return sum((tmp_path / "in" / name).read_text() != text for name, text in texts.items())

    args = _rules(tmp_path)
    proc = textclean_process("fix", "in", "--in-place", *args, "--rules", "slow.yml", cwd=tmp_path)
    _kill_when(proc, lambda: changed() >= 3)

    states = {name: (tmp_path / "in" / name).read_text() for name in texts}
    assert 3 <= sum(states[n] != texts[n] for n in texts) < len(texts), "killed mid-run"
    for name, text in texts.items():
        assert states[name] in (text, _fixed(text)), f"{name} is partial"
    assert all(TEMP_NAME.match(name) for name in _hidden(tmp_path / "in"))


def test_kill_during_in_place_jsonl_leaves_the_input_byte_identical(tmp_path):
    records = [{"id": str(i), "text": f"Tom &amp; Jerry {i}.\n{SLOW_TAIL}"} for i in range(100)]
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    (tmp_path / "in.jsonl").write_bytes(data)
    args = _rules(tmp_path)
    proc = textclean_process("fix", "in.jsonl", "--in-place", *args, "--rules", "slow.yml", cwd=tmp_path)
    # The output is open (as a hidden temporary file) from the first record to the last.
    _kill_when(proc, lambda: any(TEMP_NAME.match(n) for n in _hidden(tmp_path)))

    assert (tmp_path / "in.jsonl").read_bytes() == data
    leftovers = _hidden(tmp_path)
    assert leftovers and all(name.startswith(".in.jsonl.") for name in leftovers)

    rerun = subprocess.run([*COMMAND, "fix", "in.jsonl", "--in-place", *args], cwd=tmp_path, capture_output=True)
    assert rerun.returncode in (0, 1), rerun.stderr
    assert _hidden(tmp_path) == []
    assert [json.loads(line)["text"] for line in (tmp_path / "in.jsonl").read_text().splitlines()] == [
        _fixed(r["text"]) for r in records
    ]


def test_unwritable_destination_is_a_clear_error(run, tmp_path):
    (tmp_path / "a.txt").write_text("Tom &amp; Jerry.\n")
    (tmp_path / "blocker").write_text("a file where the output folder should go\n")
    result = run("fix", "a.txt", "--out", "blocker/sub/a.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot write blocker/sub/a.txt")
    assert "Traceback" not in result.output
    assert (tmp_path / "a.txt").read_text() == "Tom &amp; Jerry.\n"


def _limit_file_size() -> None:
    # A file may not grow past 64 bytes: writes beyond fail with EFBIG, as on a full disk.
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))


@pytest.mark.parametrize("mode", [["--out", "out.txt"], ["--in-place"]], ids=["out", "in-place"])
def test_full_disk_is_a_clear_error_and_the_input_is_untouched(tmp_path, mode):
    text = "Tom &amp; Jerry went to the harbour festival, where the boats raced all day.\n" * 20
    (tmp_path / "a.txt").write_text(text)
    result = subprocess.run(
        [*COMMAND, "fix", "a.txt", *mode], cwd=tmp_path, capture_output=True, text=True,
        preexec_fn=_limit_file_size,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: cannot write ")
    assert "File too large" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "a.txt").read_text() == text
    assert not (tmp_path / "out.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"], "no temporary file is left"
    assert os.stat(tmp_path / "a.txt").st_size == len(text)


def test_new_output_file_gets_umask_mode_not_0600(tmp_path):
    import os

    from textclean.io.atomic import write_atomic

    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.txt", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o644
