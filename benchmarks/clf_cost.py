#!/usr/bin/env python3
"""What the learned line classifier (BP034, opt-in) adds to `textclean fix`'s time.

Runs the CLI, `textclean fix pairs.jsonl --jobs 1`, without and with `--select ALL,BP034`,
taking turns (without, with, without, with, ...) so that other work on the machine falls
on both alike, and measures each run's CPU time (user + system of the child process, from
`resource.getrusage`), which moves less than wall time on a shared machine. Prints each
round's ratio, then the median and the best-of times: issue 17's bar is a rise of at most 15%.

`--per-document` times `fix_text` in one process instead, each document fixed without and
with the rule back to back: less noisy on a shared machine, but it leaves out what the CLI
adds (reading, writing, the report, which has the rule's findings to write too).

Usage (from the repo root):
    python benchmarks/clf_cost.py                 # 3 rounds over all of pairs.jsonl
    python benchmarks/clf_cost.py --rounds 5 --limit 800
    python benchmarks/clf_cost.py --per-document --rounds 3
    python benchmarks/clf_cost.py --record-outputs before.txt   # then, after a change:
    python benchmarks/clf_cost.py --check-outputs before.txt    # exit 1 if any output differs

`--record-outputs` / `--check-outputs` time nothing: they fix every document of pairs.jsonl
and resiliparse-tune.jsonl with `--select ALL,BP034`, safe fixes and unsafe, and write (or
compare with) one line per document and mode: hashes of the output text, the fixes applied
and the findings left. A change meant to make the rule cheaper must leave them all the same.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT.parent / "shared" / "data" / "article-benchmark" / "pairs.jsonl"
TUNE = PAIRS.with_name("resiliparse-tune.jsonl")
CLASSIFIER = "BP034"  # the learned line classifier's rule (kind `classifier`, opt-in)


def fix_cpu_seconds(pairs: Path, options: list[str], out: Path) -> float:
    """CPU time (user + system) of one `textclean fix pairs --jobs 1` run with `options`."""
    cmd = [sys.executable, "-c", "from textclean.cli import main; main()", "fix", str(pairs),
           "--jobs", "1", "--fail-level", "error", "--out", str(out), *options]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def interleaved(pairs: Path, rounds: int) -> list[tuple[float, float]]:
    """`(without, with)` CPU seconds of `rounds` rounds, the two runs of a round back to back."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        for _ in range(rounds):
            off = fix_cpu_seconds(pairs, [], out)
            on = fix_cpu_seconds(pairs, ["--select", f"ALL,{CLASSIFIER}"], out)
            times.append((off, on))
    return times


def per_document(pairs: Path, rounds: int, limit: int) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """`(without, with)` CPU seconds of `rounds` rounds of `fix_text` in this process, each
    document fixed without and with the rule back to back (which goes first alternates), so
    that the machine's load falls on both alike: less noisy than whole runs, but without
    what the CLI adds (reading, writing, the report). Also `(without, with)` summed over the
    documents of each one's least time over the rounds: what a document costs when nothing
    else on the machine got in its way."""
    import orjson

    import textclean
    from textclean.engine.compiled import compile_rules
    from textclean.engine.loop import fix_text

    docs = []
    with pairs.open("rb") as handle:
        for line in handle:
            record = orjson.loads(line)
            if record.get("text"):
                docs.append((record["text"], record.get("url")))
            if limit and len(docs) >= limit:
                break
    rules = textclean.load_rules()
    off, on = compile_rules(rules.rules), compile_rules(rules.select(["ALL", CLASSIFIER], None).rules)
    times = []
    least = {False: [float("inf")] * len(docs), True: [float("inf")] * len(docs)}
    for _ in range(rounds):
        spent = {False: 0.0, True: 0.0}
        for k, (text, url) in enumerate(docs):
            for with_rule in (k % 2 == 0, k % 2 != 0):
                started = time.thread_time()
                fix_text(text, on if with_rule else off, url=url)
                took = time.thread_time() - started
                spent[with_rule] += took
                least[with_rule][k] = min(least[with_rule][k], took)
        times.append((spent[False], spent[True]))
    return times, (sum(least[False]), sum(least[True]))


def outputs(corpora: list[Path]) -> list[str]:
    """One line per document and mode (`fix`, `unsafe`) of `fix_text` with `--select
    ALL,BP034`: the document's place, then hashes of the output text, of the fixes applied
    (rule, pass, span, edits) and of the findings left (rule, span, level, message, fix)."""
    import orjson

    import textclean
    from textclean.engine.compiled import compile_rules
    from textclean.engine.loop import fix_text
    from textclean.errors import FixDidNotConverge

    def digest(value: object) -> str:
        return hashlib.blake2b(orjson.dumps(value), digest_size=10).hexdigest()

    def edits(fix: object) -> list[object]:
        return [] if fix is None else [[e.span.start, e.span.end, e.replacement] for e in fix.edits]  # type: ignore[attr-defined]

    rules = compile_rules(textclean.load_rules().select(["ALL", CLASSIFIER], None).rules)
    lines = []
    for corpus in corpora:
        with corpus.open("rb") as handle:
            for number, line in enumerate(handle, 1):
                record = orjson.loads(line)
                text, url = record.get("text") or "", record.get("url")
                for mode, unsafe in (("fix", False), ("unsafe", True)):
                    try:
                        result = fix_text(text, rules, unsafe, url=url)
                    except FixDidNotConverge as exc:
                        lines.append(f"{corpus.name}:{number} {mode} error={digest(str(exc))}")
                        continue
                    applied = [[a.finding.rule, a.pass_no, a.finding.span.start, a.finding.span.end,
                                edits(a.finding.fix)] for a in result.applied]
                    left = [[f.rule, f.span.start, f.span.end, str(f.level), f.message,
                             f.fix and str(f.fix.safety), edits(f.fix)] for f in result.remaining]
                    lines.append(f"{corpus.name}:{number} {mode} text={digest(result.text)} "
                                 f"applied={len(applied)}/{digest(applied)} left={len(left)}/{digest(left)}")
    return lines


def check_outputs(record: Path, corpora: list[Path]) -> int:
    """Compare `outputs` with the lines `record` holds: print each difference, exit 1 if any."""
    old = record.read_text(encoding="utf-8").splitlines()
    new = outputs(corpora)
    differ = [(a, b) for a, b in zip(old, new, strict=False) if a != b]
    for a, b in differ[:20]:
        print(f"- {a}\n+ {b}")
    if len(old) != len(new):
        print(f"{len(old)} lines recorded, {len(new)} now")
    print(f"{len(new)} outputs (documents x modes), {len(differ)} differ")
    return 1 if differ or len(old) != len(new) else 0


def summary(times: list[tuple[float, float]]) -> str:
    """One line: the best times of each and the median of the rounds' ratios."""
    best_off, best_on = min(t[0] for t in times), min(t[1] for t in times)
    ratio = statistics.median(on / off for off, on in times)
    return (f"CPU time, `textclean fix pairs.jsonl --jobs 1`, {len(times)} rounds taking turns: "
            f"best {best_off:.2f} s without, {best_on:.2f} s with `--select ALL,{CLASSIFIER}`; "
            f"median ratio {ratio - 1:+.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS, help="pairs.jsonl (default: ../shared)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of (without, with) (default 3)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N records (default: all)")
    parser.add_argument("--per-document", action="store_true",
                        help="time fix_text in this process, each document without and with the rule in turn")
    parser.add_argument("--record-outputs", type=Path, metavar="FILE",
                        help=f"write the hashes of every output with `--select ALL,{CLASSIFIER}` to FILE, time nothing")
    parser.add_argument("--check-outputs", type=Path, metavar="FILE",
                        help="compare the outputs with those FILE records; exit 1 if any differs")
    args = parser.parse_args(argv)
    if not args.pairs.exists():
        print(f"no {args.pairs}: this benchmark reads ../shared/data", file=sys.stderr)
        return 2
    corpora = [args.pairs, *([TUNE] if TUNE.exists() else [])]
    if args.record_outputs:
        args.record_outputs.write_text("\n".join(outputs(corpora)) + "\n", encoding="utf-8")
        return 0
    if args.check_outputs:
        return check_outputs(args.check_outputs, corpora)
    pairs = args.pairs
    with tempfile.TemporaryDirectory() as tmp:
        if args.limit:
            pairs = Path(tmp) / "pairs.jsonl"
            with args.pairs.open("rb") as src:
                pairs.write_bytes(b"".join(line for _, line in zip(range(args.limit), src, strict=False)))
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        least = None
        if args.per_document:
            times, least = per_document(args.pairs, args.rounds, args.limit)
        else:
            times = interleaved(pairs, args.rounds)
    print("| round | without (s CPU) | with (s CPU) | rise |")
    print("|---|---:|---:|---:|")
    for k, (off, on) in enumerate(times, 1):
        print(f"| {k} | {off:.2f} | {on:.2f} | {on / off - 1:+.1%} |")
    if args.per_document:
        ratio = statistics.median(on / off for off, on in times)
        print(f"CPU time of `fix_text` per document, {len(times)} rounds, without and with "
              f"`{CLASSIFIER}` in turn: median ratio {ratio - 1:+.1%}")
        if least is not None:
            print(f"each document's least time over the rounds, summed: {least[0]:.2f} s without, "
                  f"{least[1]:.2f} s with: {least[1] / least[0] - 1:+.1%}")
    else:
        print(summary(times))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
