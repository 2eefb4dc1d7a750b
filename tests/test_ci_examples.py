"""The shipped pre-commit hooks and GitHub Actions example run as written."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from textclean.cli import main

ROOT = Path(__file__).resolve().parent.parent
DIRTY = "Tom &amp; Jerry\n\nRead more from Europe\nPost Comment"


def _invoke(command: str, *extra: str):
    argv = shlex.split(command)
    assert argv[0] == "textclean"
    return CliRunner().invoke(main, [*argv[1:], *extra], catch_exceptions=False)


@pytest.fixture
def hooks():
    return {h["id"]: h for h in YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())}


def test_hooks_run_on_staged_files(hooks, tmp_path, monkeypatch):
    import re

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "b.md").write_text("A short clean note about the harbour festival and its boats.\n",
                                   encoding="utf-8")
    for hook in hooks.values():
        pattern = re.compile(hook["files"])
        assert pattern.search("pages.jsonl.gz") and pattern.search("a.txt") and not pattern.search("x.py")
    assert _invoke(hooks["textclean-check"]["entry"], "a.txt", "b.md").exit_code == 1
    fixed = _invoke(hooks["textclean-fix"]["entry"], "a.txt", "b.md", "--fail-level", "error")
    assert fixed.exit_code == 0
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "Tom & Jerry"


def test_workflow_check_step_writes_what_later_steps_upload(tmp_path, monkeypatch):
    workflow = YAML(typ="safe").load((ROOT / "docs" / "ci" / "github-actions.yml").read_text())
    steps = workflow["jobs"]["textclean"]["steps"]
    check = next(s for s in steps if s.get("name") == "Check the corpus")["run"]
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "examples" / "articles", tmp_path / "data")
    result = _invoke(check)
    assert result.exit_code == 1  # the examples have boilerplate, as the gate should say
    assert result.output.startswith("::")
    uploads = [s["with"]["sarif_file"] for s in steps if "upload-sarif" in s.get("uses", "")]
    summary = next(s for s in steps if s.get("name") == "Write the step summary")["run"]
    artifact = next(s for s in steps if "upload-artifact" in s.get("uses", ""))["with"]["path"].split()
    for name in [*uploads, shlex.split(summary)[1], *artifact]:
        assert (tmp_path / name).is_file(), name
