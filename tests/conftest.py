"""Shared fixtures. Data from ../shared is optional for users, mandatory in CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import textclean

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


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
def seeds_dir() -> Path:
    return shared_path("seeds")
