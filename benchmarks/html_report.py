#!/usr/bin/env python3
"""How heavy the HTML report gets on a large run, and how fast a browser opens it.

Fixes the bundled examples once (with texts kept, as an HTML output does), then repeats
their document reports under new ids up to N documents (default 10,000) and measures:
render time, page size, and in a headless Chromium: the time from navigation start until the
page's script has drawn the first page of documents (the page records it in `data-ready-ms`;
read back with `--dump-dom`), and the wall time of taking a screenshot of the page (load and
paint, browser start included) next to the same for an empty page.

Usage (from the repo root):  python3 -m benchmarks.html_report [--documents N] [--repeat R]
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textclean.render import html  # noqa: E402
from textclean.report.report import Report  # noqa: E402
from textclean.rules.loader import load_rules  # noqa: E402
from textclean.run.runner import FixOutput, RunOptions, fix_paths  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def big_report(documents: int, tmp: Path) -> Report:
    rules = load_rules().rules
    base = fix_paths([str(ROOT / "examples" / "articles"), str(ROOT / "examples" / "records.jsonl")],
                     rules, RunOptions(keep_text=True), FixOutput(out=tmp / "fixed"))
    report = Report(mode="fix", rules=base.rules)
    entries = base.entries
    for n in range(documents):
        entry = entries[n % len(entries)]
        report.add(dataclasses.replace(entry, id=f"corpus/{n:06}/{Path(entry.id).name}"))
    return report


def ready_ms(browser: str, page: Path, profile: Path) -> int:
    done = subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=600, check=True)
    found = re.search(r'data-ready-ms="(\d+)"', done.stdout[:2000])
    assert found, "the page did not finish drawing"
    return int(found.group(1))


def screenshot_seconds(browser: str, page: Path, profile: Path) -> float:
    start = time.perf_counter()
    subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={profile}.png",
                    page.as_uri()], capture_output=True, timeout=600, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        report = big_report(args.documents, tmp)
        findings = sum(len(e.findings) for e in report.entries)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            page = html.render(report)
            times.append(time.perf_counter() - start)
        path = tmp / "report.html"
        path.write_text(page, encoding="utf-8")
        print(f"documents with findings: {len(report.entries)}, findings: {findings}")
        print(f"render: median {statistics.median(times):.2f} s of {args.repeat} runs")
        print(f"page size: {len(page.encode('utf-8')) / 1e6:.1f} MB")
        browser = next((shutil.which(b) for b in ("chromium", "chromium-browser") if shutil.which(b)), None)
        if browser is None:
            print("no chromium: browser load not measured")
            return
        (tmp / "empty.html").write_text("<!DOCTYPE html><title>empty</title>", encoding="utf-8")
        ready = [ready_ms(browser, path, tmp / "p1") for _ in range(args.repeat)]
        empty = [screenshot_seconds(browser, tmp / "empty.html", tmp / "p2") for _ in range(args.repeat)]
        full = [screenshot_seconds(browser, path, tmp / "p3") for _ in range(args.repeat)]
        print(f"first page drawn after: median {statistics.median(ready)} ms of {args.repeat} loads {ready}")
        print(f"chromium screenshot, empty page: median {statistics.median(empty):.2f} s")
        print(f"chromium screenshot, report:     median {statistics.median(full):.2f} s")


if __name__ == "__main__":
    main()
