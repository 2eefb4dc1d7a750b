#!/usr/bin/env python3
"""Throughput and peak memory of textclean next to its peers, measured side by side in one run.

The corpus is the `text` field of every record of ../shared/data/article-benchmark/pairs.jsonl,
repeated (ids made unique) until the texts add up to at least --size-mb MB of UTF-8, written to
a temporary folder as JSONL. Every row runs in its own process over that same file; the parent
measures wall time (process start to exit: reading, the work, writing), CPU time (user +
system of the process and the children it reaped) and peak RSS, the sum over the row's
process tree sampled every 50 ms (so a pool's workers count too). MB/s and docs/s are text MB
and documents over those times. On a machine shared with other work, wall time depends on
the load; CPU time much less, so single-process rows compare by CPU.

Before the rows, one untimed `textclean check` of the first record fills the rules cache (as
any first run does for a user), so no row pays for parsing the rule files.

Every row runs as on a user's install, where Python modules have their bytecode: textclean's
own sources (an editable install has none) are byte-compiled once before the rows, and the
children run without PYTHONDONTWRITEBYTECODE (a sandbox may set it), so no row, textclean's or
a peer's, compiles Python sources on every start. The third-party packages of both
virtualenvs were byte-compiled by pip when they were installed.

Rows: textclean check and fix (default packs), fix with --jobs 2 (threads) and on 2 processes,
fix with no rules at all (the Python share: reading, result objects, writing, the report), fix
on Dask with two worker processes; peers doing comparable work per document (ftfy.fix_text,
plsfix (ftfy's fixes in Rust), clean-text's clean(), unstructured's cleaners, datatrove's C4 /
Gopher / FineWeb quality filters); and floors: orjson read + write of the same file, and an RE2
set of the rules' patterns that RE2 accepts. Peers run in their own virtualenv
(`make bench` builds benchmarks/.venv-peers) so their dependencies never touch textclean's.

The memory column reruns textclean fix (and --jobs 2) on a corpus 10x larger; --skip-10x
leaves it out (1 GB takes a while).

Usage (from the repo root):
    python benchmarks/speed.py                     # 100 MB, plus the 10x memory rows
    python benchmarks/speed.py --size-mb 5 --skip-10x
    python benchmarks/speed.py --skip-10x --skip datatrove,dask   # the quicker rows only
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT.parent / "shared" / "data" / "article-benchmark" / "pairs.jsonl"
PEERS_PYTHON = ROOT / "benchmarks" / ".venv-peers" / "bin" / "python"
TEXTCLEAN = [sys.executable, "-c", "from textclean.cli import main; main()"]
MB = 1_000_000

# --- the work of each row, run in a child process --------------------------------------------
# Each child reads the corpus JSONL, does its work per document and writes one JSONL line per
# document (peers) or runs textclean itself; it prints nothing the parent needs.

PEER_CODE = {
    "ftfy": (
        "import ftfy\n"
        "def work(text):\n"
        "    return ftfy.fix_text(text)\n"
    ),
    "clean-text": (
        "import warnings; warnings.filterwarnings('ignore')\n"
        "from cleantext import clean\n"
        "def work(text):\n"
        "    return clean(text)\n"
    ),
    "unstructured": (
        "from unstructured.cleaners.core import (clean_dashes, clean_extra_whitespace,\n"
        "    group_broken_paragraphs, replace_unicode_quotes)\n"
        "def work(text):\n"
        "    text = group_broken_paragraphs(text)\n"
        "    return clean_extra_whitespace(replace_unicode_quotes(clean_dashes(text)))\n"
    ),
    "datatrove": (
        "from datatrove.data import Document\n"
        "from datatrove.pipeline.filters import (C4QualityFilter, FineWebQualityFilter,\n"
        "    GopherQualityFilter)\n"
        "FILTERS = [C4QualityFilter(), GopherQualityFilter(), FineWebQualityFilter()]\n"
        "def work(text):\n"
        "    doc = Document(text=text, id='x')\n"
        "    return [str(f.filter(doc)) for f in FILTERS]\n"
    ),
    "plsfix": (
        "from plsfix import fix_text\n"
        "def work(text):\n"
        "    return fix_text(text)\n"
    ),
    "orjson": (
        "def work(text):\n"
        "    return text\n"
    ),
}

PEER_LOOP = """
import sys, orjson
{code}
with open(sys.argv[1], "rb") as src, open(sys.argv[2], "wb") as dst:
    for line in src:
        record = orjson.loads(line)
        dst.write(orjson.dumps({{"id": record["id"], "out": work(record["text"])}}) + b"\\n")
"""

RE2_LOOP = """
import sys, orjson, re2, json
patterns = json.load(open(sys.argv[2]))
options = re2.Options()
options.max_mem = 1 << 28
scanner = re2.Set.SearchSet(options)
accepted = 0
for pattern in patterns:
    try:
        scanner.Add(pattern)
        accepted += 1
    except Exception:
        pass
scanner.Compile()
hits = 0
with open(sys.argv[1], "rb") as src:
    for line in src:
        hits += bool(scanner.Match(orjson.loads(line)["text"]))
print(json.dumps({"accepted": accepted, "of": len(patterns), "documents_with_hits": hits}))
"""

DASK_RUN = """
import sys
from pathlib import Path
from distributed import Client, LocalCluster
import textclean
from textclean.integrations.dask import DaskMapper
from textclean.run.runner import Collaborators, FixOutput, RunOptions, fix_paths

if __name__ == "__main__":
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        rules = textclean.load_rules().rules
        fix_paths([sys.argv[1]], rules, RunOptions(), FixOutput(out=Path(sys.argv[2])),
                  Collaborators(mapper=DaskMapper(client)))
"""


PROCESSES_RUN = """
import sys
from pathlib import Path
import textclean
from textclean.run.parallel import ProcessMapper
from textclean.run.runner import Collaborators, FixOutput, RunOptions, fix_paths

rules = textclean.load_rules().rules
fix_paths([sys.argv[1]], rules, RunOptions(), FixOutput(out=Path(sys.argv[2])),
          Collaborators(mapper=ProcessMapper(2, threads=False)))
"""


class _Skipped(Exception):
    pass


# Rows --skip can leave out (textclean fix always runs: every ratio is to it).
SKIPPABLE = ("check", "jobs2", "processes2", "python-share", "dask", "ftfy", "plsfix", "clean-text", "unstructured", "datatrove", "orjson", "re2")


@dataclass
class Row:
    name: str
    does: str
    seconds: float | None = None  # wall
    cpu: float | None = None  # user + system, the row's processes together
    peak_mb: float | None = None
    note: str = ""
    peak_10x_mb: float | None = None


@dataclass
class Run:
    seconds: float
    cpu: float
    peak_mb: float
    stdout: str


def _tree_rss(proc: object) -> int:
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]  # type: ignore[attr-defined]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def child_env() -> dict[str, str]:
    """The environment of every measured process: ours, but with bytecode written and read as
    on a user's machine (without PYTHONDONTWRITEBYTECODE, which a sandbox may set)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_textclean(cwd: Path) -> None:
    """Byte-compile the textclean package the rows import, run from `cwd` as they are (an
    editable install has no bytecode of its own until a run writes it), so that no row
    compiles its sources."""
    subprocess.run(
        [sys.executable, "-c",
         "import compileall, os, textclean; "
         "compileall.compile_dir(os.path.dirname(textclean.__file__), quiet=1)"],
        check=True, cwd=cwd, env=child_env(),
    )


def measure(command: list[str], cwd: Path) -> Run:
    """Run `command`: wall seconds, CPU seconds of it and the children it waited for, the peak
    RSS of its process tree in MB, and its stdout."""
    import psutil

    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    start = time.perf_counter()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen(command, cwd=cwd, stdout=stdout, stderr=stderr, env=child_env())
        watched = psutil.Process(proc.pid)
        peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss(watched))
            time.sleep(0.05)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # textclean exits 1 when findings remain
        tail = err.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"{command[:4]} failed ({proc.returncode}):\n{tail}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, peak / MB, out.read_text(encoding="utf-8", errors="replace"))


def make_corpus(folder: Path, size_mb: float) -> tuple[Path, Path, int, int]:
    """corpus.jsonl (id, text) and corpus.txt (the texts, blank-line separated)."""
    import orjson

    with PAIRS.open("rb") as handle:
        texts = [orjson.loads(line)["text"] for line in handle]
    texts = [t for t in texts if t]
    target = size_mb * MB
    jsonl, txt = folder / "corpus.jsonl", folder / "corpus.txt"
    size = docs = 0
    with jsonl.open("wb") as out, txt.open("w", encoding="utf-8") as plain:
        while size < target:
            for text in texts:
                out.write(orjson.dumps({"id": f"d{docs}", "text": text}) + b"\n")
                plain.write(text + "\n\n")
                size += len(text.encode("utf-8"))
                docs += 1
                if size >= target:
                    break
    return jsonl, txt, size, docs


def rule_patterns(folder: Path) -> Path:
    """The default packs' patterns (of pattern and line rules), as a JSON list."""
    import textclean

    patterns: list[str] = []
    for rule in textclean.load_rules().rules:
        spec = rule.spec
        if rule.kind == "pattern":
            patterns.append("(?m)" + spec.pattern)
        elif rule.kind == "line":
            patterns.extend("(?m)" + p for p in spec.patterns)
    path = folder / "patterns.json"
    path.write_text(json.dumps(patterns), encoding="utf-8")
    return path


def run_rows(
    folder: Path, jsonl: Path, txt: Path, peers: Path | None, skip: frozenset[str] = frozenset()
) -> tuple[list[Row], dict[str, str]]:
    rows: list[Row] = []
    notes: dict[str, str] = {}

    def skipped(key: str, name: str) -> bool:
        if key in skip:
            rows.append(Row(name, "", note="skipped (--skip)"))
            return True
        return False

    def measured(row: Row, command: list[str]) -> Run:
        run = measure(command, folder)
        row.seconds, row.cpu, row.peak_mb = run.seconds, run.cpu, run.peak_mb
        return run

    def textclean_row(name: str, does: str, args: list[str]) -> Row:
        row = Row(name, does)
        measured(row, [*TEXTCLEAN, *args])
        return row

    # Untimed: load the default packs once, so that the rules cache (textclean.rules.loader,
    # kept per build of textclean and working folder) holds them, as it does for a user after
    # the first run. The first row would otherwise parse and validate every rule file (seconds)
    # after any change to the code, and check, which comes first, looked slower than fix.
    compile_textclean(folder)
    first = folder / "warm.jsonl"
    with jsonl.open("rb") as src:
        first.write_bytes(src.readline())
    measure([*TEXTCLEAN, "check", str(first), "--format", "json", "-o", "warm.json"], folder)
    if not skipped("check", "textclean check"):
        rows.append(textclean_row("textclean check", "all default rules, report", ["check", str(jsonl), "--format", "json", "-o", "check.json"]))
    rows.append(textclean_row("textclean fix", "all default rules, fix + report", ["fix", str(jsonl), "--out", "fixed.jsonl", "--report", "fix.json"]))
    if not skipped("jobs2", "textclean fix --jobs 2"):
        rows.append(textclean_row("textclean fix --jobs 2", "same, 2 threads in one process", ["fix", str(jsonl), "--out", "fixed2.jsonl", "--report", "fix2.json", "--jobs", "2"]))
    if not skipped("processes2", "textclean fix, 2 processes"):
        # What --jobs 2 would give on worker processes (ProcessMapper(threads=False)).
        script = folder / "processes_run.py"
        script.write_text(PROCESSES_RUN, encoding="utf-8")
        row = Row("textclean fix, 2 processes", "same, 2 worker processes")
        measured(row, [sys.executable, str(script), str(jsonl), "fixed-processes.jsonl"])
        rows.append(row)
    if not skipped("python-share", "textclean fix, no rules (Python share)"):
        # The same run with no rule at all: reading and parsing the JSONL, the per-document
        # result objects, the writer and the report. What is left once the core is free.
        rows.append(textclean_row(
            "textclean fix, no rules (Python share)", "read, result objects, write, report",
            ["fix", str(jsonl), "--out", "fixed0.jsonl", "--report", "fix0.json", "--no-default-rules"],
        ))
    try:
        if skipped("dask", "textclean fix on Dask"):
            raise _Skipped
        import distributed  # noqa: F401

        import textclean.integrations.dask  # noqa: F401

        script = folder / "dask_run.py"
        script.write_text(DASK_RUN, encoding="utf-8")
        row = Row("textclean fix on Dask", "same, LocalCluster 2 worker processes")
        measured(row, [sys.executable, str(script), str(jsonl), "fixed-dask.jsonl"])
        rows.append(row)
    except _Skipped:
        pass
    except ImportError as exc:
        rows.append(Row("textclean fix on Dask", "", note=f"not available: {exc}"))

    peer_rows = [
        ("ftfy.fix_text", "ftfy", "mojibake + its other fixes"),
        ("plsfix.fix_text", "plsfix", "ftfy's fixes, in Rust (mojibake alone)"),
        ("clean-text clean()", "clean-text", "ftfy, ASCII, lower-case, whitespace"),
        ("unstructured cleaners", "unstructured", "4 cleaners"),
        ("datatrove C4+Gopher+FineWeb", "datatrove", "3 quality filters (no fix)"),
        ("orjson read+write (floor)", "orjson", "parse + serialise only"),
    ]
    for name, key, does in peer_rows:
        if skipped(key, name):
            continue
        row = Row(name, does)
        if peers is None:
            row.note = "not available: no peers virtualenv (run `make bench`)"
        else:
            script = folder / f"peer_{key}.py"
            script.write_text(PEER_LOOP.format(code=PEER_CODE[key]), encoding="utf-8")
            try:
                measured(row, [str(peers), str(script), str(jsonl), f"peer_{key}.jsonl"])
            except RuntimeError as exc:
                row.note = f"failed: {str(exc).splitlines()[-1][:80]}"
        rows.append(row)

    patterns = rule_patterns(folder)
    row = Row("RE2 set, rule patterns (floor)", "")
    if "re2" in skip:
        row.note = "skipped (--skip)"
    elif peers is None:
        row.note = "not available: no peers virtualenv"
    else:
        script = folder / "re2_scan.py"
        script.write_text(RE2_LOOP, encoding="utf-8")
        run = measured(row, [str(peers), str(script), str(jsonl), str(patterns)])
        info = json.loads(run.stdout.strip().splitlines()[-1])
        row.does = f"{info['accepted']} of {info['of']} patterns (RE2 lacks lookaround)"
    rows.append(row)
    return rows, notes


def memory_rows(folder: Path, size_mb: float, rows: list[Row]) -> float:
    """Rerun textclean fix (1 and 2 jobs) on a corpus 10x larger; peak RSS into the rows."""
    big = folder / "big"
    big.mkdir()
    jsonl, _txt, size, _docs = make_corpus(big, size_mb * 10)
    (big / "corpus.txt").unlink()
    # Untimed, as for the other rows: the rules cache is kept per working folder, and a run
    # that missed it would parse and validate every rule file, which the 1x rows did not.
    first = big / "warm.jsonl"
    with jsonl.open("rb") as src:
        first.write_bytes(src.readline())
    measure([*TEXTCLEAN, "check", str(first), "--format", "json", "-o", "warm.json"], big)
    for row in rows:
        if row.note:
            continue  # skipped or not available
        if row.name == "textclean fix":
            args = ["fix", str(jsonl), "--out", "fixed.jsonl", "--report", "fix.json"]
        elif row.name == "textclean fix --jobs 2":
            args = ["fix", str(jsonl), "--out", "fixed2.jsonl", "--report", "fix2.json", "--jobs", "2"]
        else:
            continue
        row.peak_10x_mb = measure([*TEXTCLEAN, *args], big).peak_mb
    return size


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def table(rows: list[Row], size: int, docs: int) -> str:
    """One Markdown table. Ratios compare each row with textclean fix: by CPU time (what the
    work costs, whatever else the machine runs) and by wall time (what a user waits)."""
    fix = next(r for r in rows if r.name == "textclean fix")
    lines = [
        "| row | work per document | MB/s wall | docs/s wall | MB/s CPU | x fix (CPU) "
        "| x fix (wall) | peak RSS MB | at 10x corpus |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if r.seconds is None or r.cpu is None:
            lines.append(f"| {r.name} | {r.note} | | | | | | | |")
            continue
        ten = f"{r.peak_10x_mb:.0f} MB ({r.peak_10x_mb / r.peak_mb:.2f}x)" if r.peak_10x_mb else ""
        assert fix.seconds and fix.cpu
        lines.append(
            f"| {r.name} | {r.does} | {size / MB / r.seconds:.2f} | {docs / r.seconds:.0f} "
            f"| {size / MB / r.cpu:.2f} | {fix.cpu / r.cpu:.2f} | {fix.seconds / r.seconds:.2f} "
            f"| {r.peak_mb:.0f} | {ten} |"
        )
    return "\n".join(lines)


def summary(rows: list[Row]) -> str:
    """The ratios issue 19 sets bars on, from the rows above (CPU time for single-process rows,
    wall time for --jobs 2, whose point is to use both cores)."""
    by = {r.name: r for r in rows if r.cpu}
    fix = by["textclean fix"]
    out = []

    def ratio(name: str, text: str, bar: str, wall: bool = False) -> None:
        r = by.get(name)
        if r is None:
            return
        value = (r.seconds / fix.seconds) if wall else (r.cpu / fix.cpu)
        out.append(f"- {text}: {value:.2f}x (bar {bar})")

    ratio("ftfy.fix_text", "textclean fix vs ftfy.fix_text, CPU", "10x")
    if "textclean check" in by and "ftfy.fix_text" in by:
        check = by["textclean check"]
        out.append(f"- textclean check vs ftfy.fix_text, CPU: {by['ftfy.fix_text'].cpu / check.cpu:.2f}x (bar 20x)")
    ratio("unstructured cleaners", "textclean fix vs unstructured's 4 cleaners, CPU", "above 1x")
    jobs = by.get("textclean fix --jobs 2")
    processes = by.get("textclean fix, 2 processes")
    if jobs is not None:
        out.append(f"- --jobs 2 (threads) vs one thread, wall: {fix.seconds / jobs.seconds:.2f}x (bar 1.8x)")
    if processes is not None:
        than = "" if jobs is None else (
            f"; processes {'ahead of' if processes.seconds < jobs.seconds else 'not ahead of'} threads in this run")
        out.append(f"- 2 processes vs one, wall: {fix.seconds / processes.seconds:.2f}x "
                   f"(--jobs uses threads{than})")
    if "textclean fix, no rules (Python share)" in by:
        share = by["textclean fix, no rules (Python share)"]
        out.append(f"- Python share (no rules) of textclean fix's CPU: {100 * share.cpu / fix.cpu:.0f}%")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=float, default=100.0, help="corpus size in MB of text (default 100)")
    parser.add_argument("--skip-10x", action="store_true", help="leave out the 10x memory rows")
    parser.add_argument("--peers-python", type=Path, default=PEERS_PYTHON, help="python of the peers virtualenv")
    parser.add_argument("--json", type=Path, default=None, help="also write the measurements here")
    parser.add_argument(
        "--skip", default="", metavar="ROWS",
        help=f"comma-separated rows to leave out, of: {', '.join(SKIPPABLE)} (datatrove takes longest)",
    )
    args = parser.parse_args()
    skip = frozenset(filter(None, (k.strip() for k in args.skip.split(","))))
    if skip - set(SKIPPABLE):
        parser.error(f"--skip: unknown rows {', '.join(sorted(skip - set(SKIPPABLE)))}; rows: {', '.join(SKIPPABLE)}")
    if not PAIRS.exists():
        raise SystemExit(f"{PAIRS} is missing: the benchmark needs ../shared beside the repo")
    # Absolute, not resolved: the rows run in a temporary folder, and resolving the venv's
    # python symlink would leave the virtualenv for the interpreter it links to.
    peers_python = args.peers_python.absolute()
    peers = peers_python if peers_python.exists() else None

    folder = Path(tempfile.mkdtemp(prefix="textclean-speed-"))
    load_before = os.getloadavg()
    try:
        jsonl, txt, size, docs = make_corpus(folder, args.size_mb)
        rows, _ = run_rows(folder, jsonl, txt, peers, skip)
        big_size = None if args.skip_10x else memory_rows(folder, args.size_mb, rows)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    load_after = os.getloadavg()

    print(f"textclean speed, {datetime.date.today().isoformat()}: {size / MB:.1f} MB of text, "
          f"{docs} documents (pairs.jsonl `text`, repeated)"
          + (f"; memory rerun on {big_size / MB:.0f} MB" if big_size else ""))
    print(f"machine: {os.cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; load average (1 min) {load_before[0]:.1f} "
          f"before, {load_after[0]:.1f} after")
    print()
    print(table(rows, size, docs))
    print()
    print(summary(rows))
    if args.json:
        args.json.write_text(json.dumps({
            "date": datetime.date.today().isoformat(), "size_bytes": size, "documents": docs,
            "load": [load_before, load_after], "rows": [r.__dict__ for r in rows],
        }, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
