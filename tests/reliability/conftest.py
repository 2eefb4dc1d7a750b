"""Fixtures for the reliability tests: the CLI in-process."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from textclean.cli import main


@pytest.fixture
def run(monkeypatch, tmp_path):
    """Invoke the CLI in-process with `tmp_path` as the working folder."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, input: str | bytes | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke
