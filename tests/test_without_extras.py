"""The core works with pandas, polars, pyarrow, pandera and dask all absent.

Each test runs a fresh interpreter whose import system refuses those packages (as a machine
without the extras would), after pandera's own `tests/dask/test_dask_not_installed.py`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCKED = ("pandas", "polars", "pyarrow", "pandera", "dask", "distributed", "jsonschema", "numpy",
           "datasets", "datatrove")

BLOCKER = f"""
import importlib.abc, sys

class _Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {BLOCKED!r}:
            raise ImportError(f"{{name}} is blocked for this test")
        return None

sys.meta_path.insert(0, _Blocker())
"""


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "script.py"
    script.write_text(BLOCKER + textwrap.dedent(code))
    return subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )


def test_core_imports_and_fixes_without_extras(tmp_path):
    result = _run(
        """
        import sys
        import textclean
        rules = textclean.load_rules()
        assert textclean.fix_text("Tom &amp; Jerry", rules).text == "Tom & Jerry"
        run = textclean.fix_documents([("a", "Tom &amp; Jerry")], rules)
        assert [d.text for d in run] == ["Tom & Jerry"]
        assert textclean.check_documents([("a", "x &amp; y")], rules).documents == 1
        import textclean.cli, textclean.run.runner, textclean.io.parquet, textclean.integrations.frames
        import textclean.integrations.hf
        assert textclean.integrations.hf.fix({"text": ["x &amp; y"]})["text"] == ["x & y"]
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
        print("LOADED", loaded)
        """.replace("BLOCKED", repr(BLOCKED)),
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout


def test_cli_check_on_text_without_extras(tmp_path):
    (tmp_path / "a.txt").write_text("Tom &amp; Jerry\n")
    result = _run(
        """
        import sys
        from textclean.cli import main
        sys.argv = ["textclean", "check", "a.txt", "--format", "json", "-o", "r.json"]
        main()
        """,
        tmp_path,
    )
    assert result.returncode == 1, result.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["summary"]["found_per_rule"]["MK001"] == 1


def test_features_name_their_missing_extra(tmp_path):
    (tmp_path / "a.parquet").write_bytes(b"PAR1")
    result = _run(
        """
        import sys
        import textclean
        from textclean.errors import MissingExtraError

        def extra_of(call):
            try:
                call()
            except MissingExtraError as exc:
                return exc.extra, str(exc)
            raise AssertionError("no MissingExtraError")

        from textclean.integrations import pandera as tp
        from textclean.integrations import dask as tdask
        from textclean.io import parquet
        rules = textclean.load_rules(select=["MK001"])
        checks = [
            extra_of(lambda: tp.text_check(rules)),
            extra_of(lambda: tdask.fix_dataframe(object(), rules=rules)),
            extra_of(lambda: list(parquet.read_documents("a.parquet"))),
        ]
        for extra, message in checks:
            print(extra, "|", message)
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(" | ")[0] for line in lines] == ["pandera", "dask", "parquet"]
    assert "pip install 'textclean[pandera]'" in lines[0]


def test_cli_on_parquet_without_pyarrow_says_which_extra(tmp_path):
    (tmp_path / "a.parquet").write_bytes(b"PAR1")
    result = _run(
        """
        import sys
        from textclean.cli import main
        sys.argv = ["textclean", "check", "a.parquet"]
        main()
        """,
        tmp_path,
    )
    assert result.returncode == 2
    assert "needs the 'parquet' extra: pip install 'textclean[parquet]'" in result.stderr


def test_datatrove_steps_name_their_extra(tmp_path):
    result = _run(
        """
        from textclean.errors import MissingExtraError
        try:
            import textclean.integrations.datatrove
        except MissingExtraError as exc:
            print(exc.extra, "|", exc)
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("datatrove | ")
    assert "pip install 'textclean[datatrove]'" in result.stdout
