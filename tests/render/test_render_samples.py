"""reports/ holds a sample of each format, rendered from examples/; this keeps them current.

Run `make samples` (TEXTCLEAN_UPDATE_SAMPLES=1) to write them again after changing rules or
renderers. Nothing in them is volatile: ids are relative paths and no timestamps are written.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from textclean.cli import main

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "reports"
INPUTS = ["examples/articles", "examples/records.jsonl"]
UPDATE = bool(os.environ.get("TEXTCLEAN_UPDATE_SAMPLES"))

CHECK_SAMPLES = {
    "json": "sample-check.json",
    "text": "sample-check.txt",
    "sarif": "sample-check.sarif",
    "junit": "sample-check.junit.xml",
    "github": "sample-check.github.txt",
    "markdown": "sample-check.md",
}
FIX_SAMPLES = {"html": "sample-fix.html", "markdown": "sample-fix.md", "json": "sample-fix.json"}
LEDGER_SAMPLE = "sample-fix.ledger.jsonl"


def render_samples(dest: Path) -> None:
    """Render every sample into `dest`, running the CLI from the repository root."""
    runner = CliRunner()
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        args = ["check", *INPUTS, "--fail-level", "error"]
        for fmt, name in CHECK_SAMPLES.items():
            args += [f"--output-{fmt}", str(dest / name)]
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        # The fix run writes a relative `fixed/`, which the report names as the output of the
        # remaining findings: run it beside a copy of the inputs.
        work = dest / "work"
        for path in INPUTS:
            (work / path).parent.mkdir(parents=True, exist_ok=True)
            (shutil.copytree if (ROOT / path).is_dir() else shutil.copyfile)(ROOT / path, work / path)
        os.chdir(work)
        args = ["fix", *INPUTS, "--out", "fixed", "--fail-level", "error",
                "--ledger", str(dest / LEDGER_SAMPLE)]
        for fmt, name in FIX_SAMPLES.items():
            args += [f"--output-{fmt}", str(dest / name)]
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("samples")
    render_samples(dest)
    return dest


def test_samples_are_current(rendered):
    stale = []
    for name in [*CHECK_SAMPLES.values(), *FIX_SAMPLES.values(), LEDGER_SAMPLE]:
        fresh = (rendered / name).read_bytes()
        for machine_path in (str(ROOT), str(rendered)):  # nothing machine-specific
            assert machine_path.encode() not in fresh, f"{name} holds the path {machine_path}"
        if UPDATE:
            REPORTS.mkdir(exist_ok=True)
            shutil.copyfile(rendered / name, REPORTS / name)
        elif not (REPORTS / name).is_file() or (REPORTS / name).read_bytes() != fresh:
            stale.append(name)
    assert not stale, f"reports/ is stale ({', '.join(stale)}): run `make samples`"


@pytest.mark.parametrize("fmt", sorted(set(CHECK_SAMPLES) - {"json"}))
def test_saved_json_report_re_renders_the_same(rendered, tmp_path, fmt):
    """`textclean report sample-check.json --format F` gives the sample of format F."""
    result = CliRunner().invoke(main, ["report", str(rendered / CHECK_SAMPLES["json"]), "--format", fmt,
                                       "-o", str(tmp_path / "again")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again").read_bytes() == (rendered / CHECK_SAMPLES[fmt]).read_bytes()


def test_saved_fix_report_re_renders_the_html(rendered, tmp_path):
    """The fix run's JSON keeps the texts (an HTML output was asked for), so diffs survive."""
    result = CliRunner().invoke(main, ["report", str(rendered / FIX_SAMPLES["json"]), "--format", "html",
                                       "-o", str(tmp_path / "again.html")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again.html").read_bytes() == (rendered / FIX_SAMPLES["html"]).read_bytes()
