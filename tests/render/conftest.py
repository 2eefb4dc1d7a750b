"""Reports with real findings for the renderer tests: the seeds, and the bundled examples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from textclean.report.report import Report
from textclean.run.runner import FixOutput, RunOptions, check_paths, fix_paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def seeds_check(seeds_dir, default_rules, tmp_path, monkeypatch) -> Report:
    """A check run over a copy of the seeds, ids relative (`seeds/000_….txt`), texts kept."""
    shutil.copytree(seeds_dir, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return check_paths(["seeds"], default_rules.rules, RunOptions(keep_text=True))


@pytest.fixture
def seeds_fix(seeds_dir, default_rules, tmp_path, monkeypatch) -> Report:
    shutil.copytree(seeds_dir, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    output = FixOutput(out=tmp_path / "fixed")
    return fix_paths(["seeds"], default_rules.rules, RunOptions(keep_text=True, unsafe_fixes=True), output)


@pytest.fixture
def examples_check(default_rules, monkeypatch) -> Report:
    """A check run over examples/ (text files and JSONL records), from the repository root."""
    monkeypatch.chdir(ROOT)
    return check_paths(["examples/articles", "examples/records.jsonl"], default_rules.rules,
                       RunOptions(keep_text=True))
