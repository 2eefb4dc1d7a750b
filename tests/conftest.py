"""Shared fixtures. Data from ../shared is optional for users, mandatory in CI."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

import textclean

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


def pytest_configure(config: pytest.Config) -> None:
    # The loaded-rules cache of a test run lives in a folder of its own, shared by the xdist
    # workers and CLI subprocesses (they inherit the variable), never in the user's ~/.cache.
    if "TEXTCLEAN_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="textclean-test-cache-")
        os.environ["TEXTCLEAN_CACHE_DIR"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skip the test when it is absent, but never under CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {path} is missing: CI must run with ../shared beside the repo")
        pytest.skip(f"{path} is absent (a fresh clone without ../shared); CI runs this test")
    return path


@pytest.fixture(scope="session")
def default_rules() -> textclean.RuleSet:
    return textclean.load_rules()


@pytest.fixture(scope="session")
def all_rules() -> textclean.RuleSet:
    """Every rule, opt-in packs included."""
    rules = textclean.load_rules()
    return rules.select([r.code for r in rules.all_rules])


@pytest.fixture
def run(monkeypatch, tmp_path):
    """Invoke the CLI in a fresh working folder; returns click's Result (exit code, output)."""
    from click.testing import CliRunner

    from textclean.cli import main

    monkeypatch.chdir(tmp_path)

    def invoke(*args, input=None):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture
def run_tty(tmp_path):
    """Run the CLI in a subprocess whose stdout and stderr are a pseudo-terminal of 24x100
    (or whose stdout only is, with `stdout_tty_only=True`: stderr is then a pipe); returns
    (exit code, what the terminal showed, stderr pipe text)."""
    import os
    import pty
    import subprocess
    import sys

    def invoke(*args, env=None, stdout_tty_only=False, timeout=120):
        leader, follower = pty.openpty()
        environ = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR")}
        environ.update({"LINES": "24", "COLUMNS": "100", "TERM": "xterm"}, **(env or {}))
        proc = subprocess.Popen(
            [sys.executable, "-c", "from textclean.cli import main; main()", *args],
            cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=follower,
            stderr=subprocess.PIPE if stdout_tty_only else follower, env=environ,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: every writer closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        code = proc.wait(timeout=timeout)
        os.close(leader)
        return code, b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n"), err

    return invoke
