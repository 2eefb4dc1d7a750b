"""The core's generated tables (crates/textclean-core/src/tables.rs) match this Python.

The character classes, case folds, entity table and badness triggers are read from the Python
side (`regex`, `str`, `html`, ftfy); a new release of any of them that changes a table must
regenerate it, or the core and the Python reference would part.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_generated_tables_are_current():
    script = ROOT / "crates" / "textclean-core" / "gen_tables.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
