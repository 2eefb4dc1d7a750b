"""The promises page (docs/promises.md, linked from the README) names, for each promise, the
tests that hold it; each named test must exist, so a renamed or deleted test cannot leave a
promise unguarded unseen."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "promises.md"
_TEST = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def _promises() -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    return re.split(r"\n- ", text)[1:]


def _defined_tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")}


def test_every_promise_names_a_test():
    promises = _promises()
    assert len(promises) >= 10
    for promise in promises:
        assert _TEST.search(promise), f"names no test: {promise[:80]}"


def test_every_named_test_exists():
    named = [m.groups() for promise in _promises() for m in _TEST.finditer(promise)]
    assert named
    for path, name in named:
        assert (ROOT / path).is_file(), path
        assert name in _defined_tests(ROOT / path), f"{path}::{name} is not a test"
