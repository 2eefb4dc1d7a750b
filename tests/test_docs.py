"""The documentation site: generated pages are current, it builds without warnings, and every
link and anchor in the built site resolves."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("docs_generate", ROOT / "docs" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_pages_are_current():
    # A fresh interpreter: what other tests of this worker imported or patched cannot leak
    # into the generated help texts.
    result = subprocess.run([sys.executable, str(ROOT / "docs" / "generate.py"), "--check"],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_rule_has_a_page_with_the_ruff_outline(all_rules):
    for rule in all_rules.all_rules:
        page = (ROOT / "docs" / "rules" / f"{rule.code}.md").read_text(encoding="utf-8")
        assert page.splitlines()[2] == f"# {rule.code} {rule.name}"
        for heading in ("## What it finds", "## Examples", "## Fix safety", "## Rule file"):
            assert heading in page, (rule.code, heading)
        if rule.spec.why:
            assert "## Why is this bad?" in page
        index = (ROOT / "docs" / "rules" / "index.md").read_text(encoding="utf-8")
        assert f"[{rule.code}]({rule.code}.md)" in index


def test_cli_page_lists_every_command():
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in ("textclean check", "textclean fix", "textclean rules new", "textclean rules test",
                    "textclean vocab build", "textclean undo", "textclean suggest"):
        assert f"`{command}`" in page
    assert "--statistics" in page and "--no-progress" in page


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def test_site_builds_strict_and_its_links_resolve(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    parsed: dict[Path, _Links] = {}
    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        parsed[page] = parser
    assert len(parsed) > 60
    broken = []
    for page, parser in parsed.items():
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "mailto:", "data:")):
                continue
            base = site if parts.path.startswith("/") else page.parent  # 404.html links from /
            target = page if not parts.path else (base / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {link}")
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else set()
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    assert not broken, broken[:20]
