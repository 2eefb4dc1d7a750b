"""The HTML report in a real headless Chromium: it loads cleanly, shows the rules and diffs.

`make test` installs the Debian package `chromium` when it is missing; this test skips, saying
why, only when no Chromium binary can be found. It saves a screenshot, which `make samples`
(TEXTCLEAN_UPDATE_SAMPLES=1) copies to reports/sample-report.png.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from textclean.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "reports" / "sample-report.png"
OPEN_DOC = "examples/articles/01_harbour_festival.txt"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
    "--virtual-time-budget=5000",
]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no Chromium on PATH (`make test` installs the Debian package chromium)")


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """The HTML report of a fix run over examples/, with the texts for diffs."""
    dest = tmp_path_factory.mktemp("html")
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, [
            "fix", "examples/articles", "examples/records.jsonl", "--out", str(dest / "fixed"),
            "--output-html", str(dest / "report.html"), "--fail-level", "error",
        ], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return dest / "report.html"


def _run(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=180, check=False)


def test_loads_without_console_messages_and_shows_the_rules(page, tmp_path):
    url = page.as_uri() + "#doc=" + quote(OPEN_DOC, safe="")
    done = _run(["--dump-dom", url], tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    # Any console message (a script error, a blocked request under the page's CSP, a
    # console.error) is logged as ":CONSOLE"; a clean page logs none.
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    assert 'data-ready="1"' in dom and "data-errors" not in dom.split(">", 2)[1]
    for code in ("BP001", "MK001", "UR001", "QT001", "EN001"):
        assert f'<span class="tag">{code}</span>' in dom
    # The linked document is open: its findings table and the labelled diff are drawn.
    assert re.search(r'<tr class="detail">', dom)
    assert re.search(r'<del title="SW001[^"]*">', dom) and "<ins" in dom


def test_screenshot(page, tmp_path):
    shot = tmp_path / "report.png"
    url = page.as_uri() + "#doc=" + quote(OPEN_DOC, safe="")
    done = _run([f"--screenshot={shot}", "--window-size=1280,2600", url], tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
    if os.environ.get("TEXTCLEAN_UPDATE_SAMPLES") or not SCREENSHOT.exists():
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)


def test_check_run_marks_findings_in_the_text(tmp_path):
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, [
            "check", "examples/records.jsonl", "--output-html", str(tmp_path / "check.html"),
            "--fail-level", "error",
        ], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    done = _run(["--dump-dom", (tmp_path / "check.html").as_uri() + "#doc=rec-002"], tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-2000:]
    assert [line for line in done.stderr.splitlines() if ":CONSOLE" in line] == []
    marks = re.findall(r'<mark title="([A-Z]{2}\d{3}) [^"]*">', done.stdout)
    assert {"EN001", "MK001", "MK002"} <= set(marks)
