"""The ETL page (docs/etl.md, moved there from the README) runs as written: its ```python
blocks, in order, in one namespace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "docs" / "etl.md"
SECTION = "## ETL"


def _etl_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    section = text[start : end if end != -1 else len(text)]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def test_the_etl_section_has_examples():
    assert len(_etl_blocks()) >= 5


def test_etl_examples_run_as_written(tmp_path, monkeypatch, capsys):
    for module in ("pandas", "polars", "pyarrow", "pandera", "dask", "datasets", "datatrove"):
        pytest.importorskip(module)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "readme"}
    for number, block in enumerate(_etl_blocks(), start=1):
        exec(compile(block, f"docs/etl.md ETL block {number}", "exec"), namespace)  # noqa: S102
    out = capsys.readouterr().out
    # The printed results the page's comments promise.
    assert "a1 True 'Tom & Jerry'" in out
    assert "x & y" in out
    assert "[{'id': 'p1', 'text': 'Fish & chips', 'lang': 'en'}]" in out
    assert "MK001 html-entity" in out
    assert "['Tom & Jerry', 'x & y', 'ok']" in out
    assert "Tom & Jerry 2" in out
    assert "['x & y', 'Tom & Jerry']" in out
