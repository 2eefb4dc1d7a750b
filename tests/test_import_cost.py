"""A run loads only the heavy packages it needs: they are a fixed cost of every CLI call.

ftfy is imported when a line could be mojibake, ruamel.yaml when rule files are parsed (not
when the rules come from the cache). Each check runs a fresh interpreter and reads
`sys.modules`; nothing here is timed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

LAZY = ("ftfy", "ruamel")


def _loaded_after(code: str, cache: Path, watched: tuple[str, ...] = LAZY) -> list[str]:
    """Which of `watched` (packages or dotted module names) a fresh interpreter holds after `code`."""
    script = (
        "import json, sys\n"
        f"{code}\n"
        "names = set(sys.modules) | {m.split('.')[0] for m in sys.modules}\n"
        f"print(json.dumps(sorted(names & {set(watched)!r})))"
    )
    env = {**os.environ, "TEXTCLEAN_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env, timeout=120
    )
    loaded: list[str] = json.loads(out.stdout.splitlines()[-1])
    return loaded


def test_importing_the_cli_loads_neither(tmp_path):
    assert _loaded_after("import textclean, textclean.cli", tmp_path) == []


def test_cached_rules_on_plain_text_load_neither(tmp_path):
    fix = (
        "import textclean\n"
        "rules = textclean.load_rules()\n"
        "assert textclean.fix_text('Tom &amp; Jerry', rules).text == 'Tom & Jerry'"
    )
    assert _loaded_after(fix, tmp_path) == ["ruamel"]  # the first run parses the packs
    assert _loaded_after(fix, tmp_path) == []  # the second reads them from the cache


def test_mojibake_still_loads_ftfy(tmp_path):
    fix = (
        "import textclean\n"
        "rules = textclean.load_rules()\n"
        "assert textclean.fix_text('I don\\u00e2\\u20ac\\u2122t know', rules).text == 'I don\\u2019t know'"
    )
    assert "ftfy" in _loaded_after(fix, tmp_path)


# The renderers other than the default text one: imported when their format is rendered.
LAZY_MODULES = (
    "textclean.render.html",
    "textclean.render.junit",
    "textclean.render.sarif",
    "textclean.render.github",
    "textclean.render.markdown",
    "xml.etree.ElementTree",
)


def test_importing_the_cli_loads_no_renderer_but_on_use(tmp_path):
    assert _loaded_after("import textclean.cli", tmp_path, LAZY_MODULES) == []
    use = (
        "import textclean.cli\n"
        "from textclean.render import RENDERERS\n"
        "from textclean.report.report import Report\n"
        "assert RENDERERS['junit'].__name__ == 'render_junit'\n"
        "RENDERERS['junit'](Report())"
    )
    assert _loaded_after(use, tmp_path, LAZY_MODULES) == ["textclean.render.junit", "xml.etree.ElementTree"]


# The names `textclean` exports are imported on first use: the CLI runs the package's
# `__init__` too, and a command needs none of the pandas and polars helpers.
EXPORT_MODULES = ("pydantic", "textclean.api", "textclean.integrations.frames")


def test_importing_the_package_loads_its_exports_on_use(tmp_path):
    assert _loaded_after("import textclean", tmp_path, EXPORT_MODULES) == []
    use = "import textclean\nassert callable(textclean.fix_documents)"
    assert _loaded_after(use, tmp_path, EXPORT_MODULES) == ["pydantic", "textclean.api"]
    use = "from textclean import fix_series\nassert callable(fix_series)"
    assert "textclean.integrations.frames" in _loaded_after(use, tmp_path, EXPORT_MODULES)


def test_importing_the_cli_loads_no_frame_helpers(tmp_path):
    assert _loaded_after("import textclean.cli", tmp_path, EXPORT_MODULES) == ["pydantic", "textclean.api"]


def test_every_export_resolves():
    import textclean

    assert set(textclean.__all__) <= set(dir(textclean))
    for name in textclean.__all__:
        assert getattr(textclean, name) is not None
    try:
        textclean.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("an unknown name resolved")
