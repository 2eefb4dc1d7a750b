#!/usr/bin/env python3
"""How fast could `textclean fix` be with perfect gates? A lower bound next to ftfy.fix_text.

The engine spends most of its time proving that rules do not match: gates, scans, line
tables, and the rules that run and find nothing. This script asks what is left if all of
that cost nothing: it times, in one process over the same texts,

- `ftfy.fix_text` on every text (the peer of issue 6's 5x bar), and the engine as it is;
- only the rule calls that return a finding, in every pass of every text (a perfect gate
  would run exactly these and no other);
- the per-document work no gate removes: parsing and writing the JSONL record, the core's
  one call that matches every pattern and line rule, the line table the block finders
  share, and the report records of the document's findings.

Their sum is what a fix run would cost with gates that are free and never wrong. If that
sum is near ftfy's time / 5, no gating scheme written in Python reaches the 5x bar with these
rules; only moving the per-line work into compiled code would. CPU time, best of --repeat
runs each, so other work on the machine moves the numbers less (it still moves them: read
the ratios, which come from one run).

Usage (from the repo root):
    python benchmarks/bound.py                 # all pairs.jsonl texts, best of 3
    python benchmarks/bound.py --limit 600 --repeat 2
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT.parent / "shared" / "data" / "article-benchmark" / "pairs.jsonl"


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """The least CPU time of `repeat` runs of `work`."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS, help="pairs.jsonl (default: ../shared)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N texts (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (default 3)")
    args = parser.parse_args(argv)
    if not args.pairs.exists():
        print(f"no {args.pairs}: this benchmark reads ../shared/data", file=sys.stderr)
        return 2

    import ftfy

    import textclean.engine.loop as engine
    from textclean.engine.compiled import compile_rules
    from textclean.report.report import document_report_from_fix
    from textclean.rules.loader import load_rules
    from textclean.text.lines import split_lines

    records = open(args.pairs, "rb").read().splitlines()  # noqa: SIM115 - read whole, once
    if args.limit:
        records = records[: args.limit]
    docs = [orjson.loads(line) for line in records]
    texts = [(d["text"], d.get("url")) for d in docs]
    rules = compile_rules(load_rules().rules)

    def fix_all() -> list[object]:
        return [engine.fix_text(t, rules, url=u) for t, u in texts]

    ftfy_s = best_of(args.repeat, lambda: [ftfy.fix_text(t) for t, _ in texts])
    fix_s = best_of(args.repeat, fix_all)

    # Only the rule calls that find something, timed one by one inside the real fix loop.
    found = [0.0]
    plain_run = engine.run_plan

    def timed_run(plan, text, url, timeout):  # type: ignore[no-untyped-def]
        out = []
        for rule, find in plan:
            start = time.perf_counter()
            got = plain_run([(rule, find)], text, url, timeout)
            if got:
                found[0] += time.perf_counter() - start
            out.extend(got)
        return out

    finding_s = float("inf")
    engine.run_plan = timed_run  # type: ignore[assignment]
    try:
        for _ in range(args.repeat):
            found[0] = 0.0
            fix_all()
            finding_s = min(finding_s, found[0])
    finally:
        engine.run_plan = plain_run  # type: ignore[assignment]

    masks = rules.masks()

    def scan() -> None:
        for text, _ in texts:
            rules.scan.find(text, *masks)

    results = fix_all()
    floor = {
        "rule calls that find something": finding_s,
        "JSONL record parsed and written": best_of(
            args.repeat, lambda: [orjson.dumps({"id": 1, "text": orjson.loads(r)["text"]}) for r in records]
        ),
        "the core's pattern and line rule matching": best_of(args.repeat, scan),
        # A new string each time: split_lines keeps the last text it split.
        "line table": best_of(args.repeat, lambda: [split_lines(t + " ") for t, _ in texts]),
        "report records": best_of(
            args.repeat, lambda: [document_report_from_fix(str(i), r) for i, r in enumerate(results)]  # type: ignore[arg-type]
        ),
    }
    n = len(texts)

    def ms(seconds: float) -> str:
        return f"{1000 * seconds / n:.3f}"

    bound = sum(floor.values())
    print(f"{n} texts of {args.pairs.name}, CPU ms per document (best of {args.repeat})\n")
    print("| what | ms/doc | x ftfy.fix_text |")
    print("|---|---:|---:|")
    print(f"| ftfy.fix_text | {ms(ftfy_s)} | 1.00 |")
    print(f"| the 5x bar: ftfy.fix_text / 5 | {ms(ftfy_s / 5)} | 5.00 |")
    print(f"| textclean fix_text now | {ms(fix_s)} | {ftfy_s / fix_s:.2f} |")
    for name, seconds in floor.items():
        print(f"| perfect gates: {name} | {ms(seconds)} | |")
    print(f"| perfect gates, sum (a lower bound) | {ms(bound)} | {ftfy_s / bound:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
