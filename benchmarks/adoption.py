#!/usr/bin/env python3
"""What baselines, fingerprints and resume state cost: the same run with and without them.

In one process, on one generated JSONL corpus (prose records, a third of them with entities,
mojibake, stray spaces and a footer line), the best of `--repeat` CPU times (this process's
`time.process_time`, so other load on a shared machine counts less than in wall time; the runs
are interleaved round by round) of:

    check, no fingerprints      FindingRecord fingerprints replaced by "" (the cost floor)
    check                       as shipped: every finding fingerprinted
    check --baseline            with a baseline of the same corpus (every finding absorbed)
    check + suppressions        ten suppression entries, one of which matches
    fix --out, no fingerprints  the fix floor
    fix --out                   no checkpoint
    fix --out, resumable        with the state and journal a killed run would resume from,
                                saved every 1,000 documents or 2 seconds (the defaults)

Usage (from the repo root):  python3 -m benchmarks.adoption [--records 3000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from textclean.report import report as report_module
from textclean.report.baseline import Baseline
from textclean.report.suppress import parse_entry
from textclean.report.triage import Triager
from textclean.rules.loader import load_rules
from textclean.run.runner import Collaborators, FixOutput, RunOptions, check_paths, fix_paths
from textclean.run.state import Checkpoint, rules_hash, state_dir

PROSE = ("The council met on Tuesday to discuss the new budget, which includes funds for "
         "schools, roads and the library. Residents asked questions for two hours. ")
DIRT = ["Tom &amp; Jerry", "caf\u00c3\u00a9 au lait", "two  spaces\u00a0 here", "\n\nShare this article\n"]


def make_corpus(path: Path, records: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(records):
            text = PROSE * 6
            if i % 3 == 0:
                text = DIRT[i % 4] + " " + text + DIRT[(i + 1) % 4]
            f.write(json.dumps({"id": f"r{i}", "text": text}) + "\n")


def timed(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def no_fingerprints(fn: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        with mock.patch.object(report_module, "fingerprint", lambda *a: ""):
            return fn()
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rules = load_rules().rules
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus.jsonl"
        make_corpus(corpus, args.records)
        paths = [str(corpus)]

        def check(triage: Triager | None = None) -> object:
            return check_paths(paths, rules, RunOptions(), Collaborators(triage=triage))

        baseline = Baseline.from_report(check())
        entries = [parse_entry({"document": f"x{i}*", "rule": "BP", "reason": "bench"}, "bench")
                   for i in range(9)]
        entries.append(parse_entry({"document": "r1*", "rule": "WS", "reason": "bench"}, "bench"))

        def fix(resumable: bool) -> object:
            out = root / "out.jsonl"
            checkpoint = None
            if resumable:
                checkpoint = Checkpoint(state_dir(out), "fix", rules_hash(rules, {}))
            result = fix_paths(paths, rules, RunOptions(), FixOutput(out=out), Collaborators(checkpoint=checkpoint))
            if checkpoint is not None:
                checkpoint.complete()
            return result

        runs: list[tuple[str, Callable[[], object]]] = [
            ("check, no fingerprints", no_fingerprints(check)),
            ("check", check),
            ("check --baseline", lambda: check(Triager(baseline).fresh())),
            ("check + 10 suppressions", lambda: check(Triager(None, entries))),
            ("fix --out, no fingerprints", no_fingerprints(lambda: fix(False))),
            ("fix --out", lambda: fix(False)),
            ("fix --out, resumable", lambda: fix(True)),
        ]
        times: dict[str, list[float]] = {name: [] for name, _ in runs}
        for _ in range(args.repeat):
            for name, fn in runs:
                times[name].append(timed(fn))
        rows = [(name, min(times[name])) for name, _ in runs]
        findings = sum(baseline.counts.values())
    print(f"{args.records} records, {findings} findings, best of {args.repeat} (CPU seconds)\n")
    print("| run | CPU seconds | vs the same run without fingerprints |\n|---|---:|---:|")
    floor = {"check": rows[0][1], "fix": rows[4][1]}
    for name, seconds in rows:
        base = floor[name.split()[0].rstrip(",")]
        print(f"| {name} | {seconds:.2f} | {seconds / base - 1:+.1%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
