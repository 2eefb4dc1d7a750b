"""Docstring examples in the package are tests too (repairs carry one each, as ftfy's do)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import textclean

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(textclean.__path__, "textclean.")
    if not m.name.startswith("textclean.integrations")
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_every_repair_has_a_doctest():
    from textclean.repairs import REPAIRS

    for repair in REPAIRS.values():
        fn = repair.finder or repair.transform
        assert ">>>" in (fn.__doc__ or ""), f"{repair.name} has no doctest"
