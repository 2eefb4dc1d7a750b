#!/usr/bin/env python3
"""Where `textclean check` and `textclean fix` spend their time, per stage and per rule.

Over the texts of ../shared/data/article-benchmark/pairs.jsonl, in one process, CPU time
(`time.process_time`, best of --repeat), through the public engine:

- stages of a check: the core's one `Scan.find` with every rule flagged, the plan (that scan,
  the Python gates and dispatch), the findings (each planned rule's find), sorting, and the
  document report;
- a fix: the whole `fix_text`, its passes and core scans per document;
- each rule alone: a core rule (line, pattern, core finder) as one `Scan.find` with only its
  flag set, less the same call with no flag set (what every call pays: crossing into the
  core, splitting lines); a Python repair as its gate plus its find on the texts the gate lets
  through; a metric as its find.

Per-rule times do not add up to the scan: rules run together share the line table and the
literal scans. They show which rules cost most on their own.

Usage (from the repo root):
    python benchmarks/rule_times.py                  # every text, best of 3
    python benchmarks/rule_times.py --limit 500 --repeat 1 --top 20
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import textclean  # noqa: E402
from benchmarks.bound import PAIRS, best_of  # noqa: E402
from textclean.api import check_document  # noqa: E402
from textclean.engine.compiled import compile_rules  # noqa: E402
from textclean.engine.loop import check_text, fix_text  # noqa: E402
from textclean.model import Document  # noqa: E402
from textclean.report.report import document_report_from_check  # noqa: E402


def load_texts(limit: int | None) -> list[str]:
    texts = []
    with PAIRS.open("rb") as handle:
        for line in handle:
            text = orjson.loads(line).get("text")
            if text:
                texts.append(text)
            if limit and len(texts) >= limit:
                break
    return texts


def stage_rows(texts: Sequence[str], repeat: int) -> list[tuple[str, float]]:
    rules = textclean.load_rules().rules
    compiled = compile_rules(rules)
    masks = compiled.masks()
    scan = compiled.scan

    def scan_all() -> None:
        for t in texts:
            scan.find(t, *masks)

    def plan_all() -> None:
        for t in texts:
            compiled.plan(t)

    plans = [compiled.plan(t) for t in texts]

    def findings_all() -> None:
        for t, plan in zip(texts, plans, strict=True):
            for _rule, find in plan:
                find(t)

    found = [check_text(t, compiled) for t in texts]

    def reports_all() -> None:
        for n, (t, f) in enumerate(zip(texts, found, strict=True)):
            document_report_from_check(str(n), t, f)

    def check_all() -> None:
        for n, t in enumerate(texts):
            check_document(Document(str(n), t), rules)

    def fix_all() -> None:
        for t in texts:
            fix_text(t, compiled)

    rows = [
        ("check: core Scan.find, every rule", best_of(repeat, scan_all)),
        ("check: plan (scan + gates + dispatch)", best_of(repeat, plan_all)),
        ("check: findings of the planned rules", best_of(repeat, findings_all)),
        ("check: document reports", best_of(repeat, reports_all)),
        ("check: api.check_document, whole", best_of(repeat, check_all)),
        ("fix: engine.fix_text, whole", best_of(repeat, fix_all)),
    ]
    return rows


def rule_rows(texts: Sequence[str], repeat: int) -> list[tuple[str, str, float, int]]:
    """(code, how it runs, seconds, texts it found something in), slowest first."""
    rules = textclean.load_rules().rules
    compiled = compile_rules(rules)
    scan = compiled.scan
    n = len(rules)
    none = compiled.masks([False] * n)

    def scan_with(masks: tuple[list[bool], list[bool], list[bool]]) -> Callable[[], None]:
        def work() -> None:
            for t in texts:
                scan.find(t, *masks)

        return work

    base = best_of(repeat, scan_with(none))
    rows = []
    for i, rule in enumerate(rules):
        select = [j == i for j in range(n)]
        masks = compiled.masks(select)
        if any(any(m) for m in masks):
            # (a line rule also pays the line split, which the call with no flag skips)
            seconds = best_of(repeat, scan_with(masks)) - base
            hits = sum(1 for t in texts if compiled.plan(t, select))
            rows.append((rule.code, f"core {rule.kind}", seconds, hits))
            continue
        gate = compiled._gates[i]

        def python_rule(rule: textclean.Rule = rule, gate: Callable[[str], bool] | None = gate) -> int:
            hits = 0
            for t in texts:
                if gate is None or gate(t):
                    hits += bool(rule.find(t))
            return hits

        seconds = best_of(repeat, python_rule)
        rows.append((rule.code, f"python {rule.kind}" + (" + gate" if gate else ""), seconds, python_rule()))
    rows.sort(key=lambda r: -r[2])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="the first N texts only")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--top", type=int, default=25, help="rules to list (default 25)")
    parser.add_argument("--skip-rules", action="store_true", help="stages only")
    args = parser.parse_args()
    texts = load_texts(args.limit)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"{len(texts)} texts, {mb:.1f} MB of UTF-8; CPU seconds, best of {args.repeat}")
    print()
    print("| stage | CPU s | MB/s |")
    print("|---|---:|---:|")
    for name, seconds in stage_rows(texts, args.repeat):
        print(f"| {name} | {seconds:.3f} | {mb / seconds:.1f} |")
    if args.skip_rules:
        return
    rows = rule_rows(texts, args.repeat)
    total = sum(r[2] for r in rows)
    print()
    print("| rule | runs as | CPU s alone | share of the sum | texts with findings |")
    print("|---|---|---:|---:|---:|")
    for code, how, seconds, hits in rows[: args.top]:
        print(f"| {code} | {how} | {seconds:.3f} | {100 * seconds / total:.0f}% | {hits} |")
    print(f"| (all {len(rows)} rules) | | {total:.3f} | 100% | |")


if __name__ == "__main__":
    main()
