"""The `textclean._core` module against its type stub and the repair registry."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from textclean import _core
from textclean.repairs import REPAIRS


def test_the_stub_names_every_function_of_the_module():
    stub = (ROOT / "textclean" / "_core.pyi").read_text(encoding="utf-8")
    in_stub = set(re.findall(r"^(?:def|class) (\w+)", stub, re.MULTILINE))
    assert in_stub == {n for n in dir(_core) if not n.startswith("_")}


def test_every_core_finder_is_a_registered_repair():
    assert set(_core.finder_names()) <= set(REPAIRS)


def test_unknown_finders_and_parameters_are_errors():
    with pytest.raises(ValueError, match="no finder named"):
        _core.Finder("no_such_repair")
    with pytest.raises(ValueError, match="takes no parameter"):
        _core.Finder("rejoin_broken_url", [("min_words", 1)])
    with pytest.raises(ValueError, match="no metric named"):
        _core.metric("no_such_metric", "text")
