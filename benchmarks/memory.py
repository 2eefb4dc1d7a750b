#!/usr/bin/env python3
"""Peak memory (RSS) and wall time of `textclean fix` on one huge single-line document.

Each run is a fresh `textclean fix FILE --out OUT` process with the default packs; its peak
RSS comes from the kernel (`os.wait4`), so it covers the whole process: Python, the rules,
the read, the fix and the write. The document is generated prose with no line break.

Usage (from the repo root):
    python3 -m benchmarks.memory                      # 1, 5 and 50 MB with the default limit
    python3 -m benchmarks.memory --sizes 50 --no-limit  # also 50 MB with --max-chars 0 (slow)

A document over --max-chars (default 5,000,000 characters) is quarantined instead of fixed:
the 50 MB row shows what that costs, and the --no-limit rows what it saves.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = [sys.executable, "-c", "from textclean.cli import main; main()"]
SENTENCES = [
    "The minister said on Tuesday that the talks, held in the capital, would resume next week.",
    "Officials declined to comment on the report, which was first published by a local paper.",
    "Prices rose by 4.2% in June, the fastest pace in a decade, according to official figures.",
    "Residents told reporters they had not been warned before the water supply was cut off.",
]


def make_document(path: Path, chars: int) -> None:
    """Write `chars` characters of prose on one line (no line break at all)."""
    unit = " ".join(SENTENCES) + " "
    with path.open("w", encoding="utf-8") as handle:
        left = chars
        while left > 0:
            piece = unit[:left]
            handle.write(piece)
            left -= len(piece)


def measure(args: list[str], cwd: Path) -> dict[str, object]:
    """Run textclean once; its exit code, wall time and peak RSS in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen([*COMMAND, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if "Traceback" in stderr:
        raise SystemExit(f"textclean {' '.join(args)} crashed; nothing measured:\n{stderr}")
    return {
        "exit": os.waitstatus_to_exitcode(status),
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux reports KiB
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,5,50", help="document sizes in MB (millions of characters)")
    parser.add_argument("--no-limit", action="store_true", help="also run each size with --max-chars 0")
    parser.add_argument("--json", action="store_true", help="print one JSON object per run")
    options = parser.parse_args(argv)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baseline = folder / "tiny.txt"
        baseline.write_text(SENTENCES[0] + "\n", encoding="utf-8")
        rows.append({"size_mb": 0, "limit": "default", **measure(["fix", "tiny.txt", "--out", "out0.txt"], folder)})
        for size in [float(s) for s in options.sizes.split(",")]:
            doc = folder / f"doc-{size:g}mb.txt"
            make_document(doc, int(size * 1_000_000))
            limits = [("default", [])] + ([("none", ["--max-chars", "0"])] if options.no_limit else [])
            for label, extra in limits:
                out = folder / f"out-{size:g}-{label}.txt"
                result = measure(["fix", doc.name, "--out", out.name, *extra], folder)
                result["output_written"] = out.exists()
                rows.append({"size_mb": size, "limit": label, **result})
                out.unlink(missing_ok=True)
            doc.unlink()

    if options.json:
        for row in rows:
            print(json.dumps(row))
    else:
        print(f"{'size MB':>8} {'limit':>8} {'exit':>5} {'seconds':>8} {'peak RSS MB':>12}  output")
        for row in rows:
            written = "written" if row.get("output_written") else "-"
            print(f"{row['size_mb']:>8g} {row['limit']:>8} {row['exit']:>5} {row['seconds']:>8} "
                  f"{row['peak_rss_mb']:>12}  {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
