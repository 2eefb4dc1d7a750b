#!/usr/bin/env python3
"""The golden record: what the engine does to every document of the reference corpora.

Usage (from the repo root)::

    python benchmarks/golden.py record            # run the engine, rewrite tests/golden/*.txt
    python benchmarks/golden.py check             # compare with the record; exit 1 on a difference
    python benchmarks/golden.py show [KEY...]     # the differing documents in full, with a diff
    python benchmarks/golden.py show --reference OTHER/.venv/bin/python   # diff against another build

The corpora are read from ``../shared`` (``--shared`` to change) and from the repository:
``article-benchmark/pairs.jsonl`` (the extractors' ``text``), ``truth.jsonl`` (the truth
bodies), ``resiliparse-tune.jsonl``, the repository's ``examples/`` and ``../shared/seeds``.
Each document runs four ways, as the CLI runs it (a record's ``url`` passed on): with the
default packs ``check``, ``fix`` (safe fixes) and ``unsafe`` (``fix --unsafe-fixes``), and
``all``: ``fix --unsafe-fixes`` with every rule, the opt-in packs (typography) included.

The record (``tests/golden/<corpus>.txt``) holds one line per document and no text of it,
only hashes, so no third-party text enters the repository::

    pairs.jsonl:17 in=… check=12/… fix.text=… fix.applied=3/… fix.remaining=9/… unsafe.text=…

``N/hash`` is a count and a hash of a list: findings (rule, span, level, message, fix),
applied fixes (rule, pass, span, edits). A fix that does not converge is ``fix.error=hash``.
An engine change that changes behaviour on purpose re-records and explains each difference.

``record`` also keeps the full results in ``.golden/`` (not committed), so that after a
change ``show`` prints, for each differing document, its input text and a unified diff of
every part that differs: output text, applied fixes, findings. Without those full results
(another machine, or the record was made elsewhere) ``--reference PYTHON`` computes them
with another build's interpreter (its own virtualenv), else only the current results show.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

import textclean
from textclean.errors import FixDidNotConverge
from textclean.io import Rejected, discover, read_items
from textclean.model import Document, Finding

ROOT = Path(__file__).resolve().parent.parent
RECORD_DIR = ROOT / "tests" / "golden"
CACHE_DIR = ROOT / ".golden"
DEFAULT_SHARED = ROOT.parent / "shared"
FIX_MODES = ("fix", "unsafe", "all")
HASH_CHARS = 12


@dataclass(frozen=True)
class Corpus:
    """A named set of inputs: paths (relative to ../shared, or to the repository with
    `in_repo`) and the field holding the text of JSONL records."""

    name: str
    paths: tuple[str, ...]
    text_field: str = "text"
    in_repo: bool = False

    def sources(self, shared: Path) -> list[Path]:
        base = ROOT if self.in_repo else shared
        return [base / p for p in self.paths]


CORPORA = (
    Corpus("pairs", ("data/article-benchmark/pairs.jsonl",)),
    Corpus("truth", ("data/article-benchmark/truth.jsonl",), text_field="truth"),
    Corpus("resiliparse", ("data/article-benchmark/resiliparse-tune.jsonl",)),
    Corpus("examples", ("examples/articles", "examples/records.jsonl"), in_repo=True),
    Corpus("seeds", ("seeds",)),
)


def corpus_named(name: str) -> Corpus:
    for corpus in CORPORA:
        if corpus.name == name:
            return corpus
    raise SystemExit(f"unknown corpus {name!r}; known: {', '.join(c.name for c in CORPORA)}")


def documents(corpus: Corpus, shared: Path) -> Iterator[tuple[str, Document]]:
    """(key, document) of every input of `corpus`, read as the CLI reads it.

    The key names the document in the record: a JSONL record by file and line (ids repeat
    across extractors), a text file by its path under the corpus folder.
    """
    for path in corpus.sources(shared):
        if not path.exists():
            raise FileNotFoundError(path)
        base = path if path.is_dir() else path.parent
        for source in discover([str(path)]):
            for item in read_items(source, corpus.text_field, "id"):
                if isinstance(item, Rejected):
                    raise ValueError(f"{source.display}: cannot read: {item.reason}")
                if source.format == "jsonl":
                    number = str(item.meta["source"]).rpartition(":")[2]
                    key = f"{path.name}:{number}"
                else:
                    assert source.path is not None
                    key = source.path.relative_to(base).as_posix()
                    if path.is_dir() and corpus.in_repo:
                        key = f"{path.name}/{key}"
                yield key, item


def _finding(f: Finding) -> list[Any]:
    fix = None
    if f.fix is not None:
        fix = [str(f.fix.safety), [[e.span.start, e.span.end, e.replacement] for e in f.fix.edits]]
    return [f.rule, f.span.start, f.span.end, str(f.level), f.message, fix]


def results(doc: Document, rules: Any, every_rule: Any) -> dict[str, Any]:
    """Everything the record hashes, for one document, in full."""
    url = doc.meta.get("url")
    out: dict[str, Any] = {}
    out["check"] = [_finding(f) for f in textclean.check_text(doc.text, rules, url=url)]
    for mode, unsafe, chosen in (("fix", False, rules), ("unsafe", True, rules), ("all", True, every_rule)):
        try:
            result = textclean.fix_text(doc.text, chosen, unsafe, url=url)
        except FixDidNotConverge as exc:
            out[mode] = {"error": str(exc)}
            continue
        out[mode] = {
            "text": result.text,
            "applied": [
                [a.finding.rule, a.pass_no, a.finding.span.start, a.finding.span.end,
                 [[e.span.start, e.span.end, e.replacement] for e in a.finding.fix.edits]]  # type: ignore[union-attr]
                for a in result.applied
            ],
            "remaining": [_finding(f) for f in result.remaining],
        }
    return out


def _hash(value: Any) -> str:
    data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else orjson.dumps(value)
    return hashlib.blake2b(data, digest_size=16).hexdigest()[:HASH_CHARS]


def _counted(items: list[Any]) -> str:
    return f"{len(items)}/{_hash(items)}"


def fields(text: str, full: dict[str, Any]) -> dict[str, str]:
    """The record's fields for one document, in order."""
    out = {"in": _hash(text), "check": _counted(full["check"])}
    for mode in FIX_MODES:
        got = full[mode]
        if "error" in got:
            out[f"{mode}.error"] = _hash(got["error"])
            continue
        out[f"{mode}.text"] = _hash(got["text"])
        out[f"{mode}.applied"] = _counted(got["applied"])
        out[f"{mode}.remaining"] = _counted(got["remaining"])
    return out


def line_of(key: str, record: dict[str, str]) -> str:
    return " ".join([key, *(f"{name}={value}" for name, value in record.items())])


def parse_line(line: str) -> tuple[str, dict[str, str]]:
    key, *parts = line.split(" ")
    return key, dict(part.split("=", 1) for part in parts)


def run_corpus(corpus: Corpus, shared: Path, only: set[str] | None = None) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(key, input text, full results) of each document of `corpus` (or of the keys in `only`)."""
    rules = textclean.load_rules()
    every_rule = rules.select([r.code for r in rules.all_rules])
    for key, doc in documents(corpus, shared):
        if only is not None and key not in only:
            continue
        yield key, doc.text, results(doc, rules, every_rule)


def record_path(corpus: Corpus) -> Path:
    return RECORD_DIR / f"{corpus.name}.txt"


def cache_path(corpus: Corpus) -> Path:
    return CACHE_DIR / f"{corpus.name}.jsonl.gz"


def read_record(corpus: Corpus) -> dict[str, dict[str, str]]:
    path = record_path(corpus)
    if not path.exists():
        return {}
    return dict(parse_line(line) for line in path.read_text(encoding="utf-8").splitlines() if line)


def read_cache(corpus: Corpus) -> dict[str, dict[str, Any]]:
    path = cache_path(corpus)
    if not path.exists():
        return {}
    with gzip.open(path, "rb") as handle:
        return {row["key"]: row["results"] for row in map(orjson.loads, handle)}


def compare(corpus: Corpus, shared: Path) -> tuple[int, list[tuple[str, list[str]]], set[str]]:
    """(documents run, [(key, differing field names)], keys of the record not run)."""
    expected = read_record(corpus)
    differing = []
    seen = set()
    for key, text, full in run_corpus(corpus, shared):
        seen.add(key)
        got = fields(text, full)
        want = expected.get(key)
        if want != got:
            names = sorted(set(got) | set(want or {}), key=_field_order)
            differing.append((key, [n for n in names if (want or {}).get(n) != got.get(n)]))
    return len(seen), differing, set(expected) - seen


def _field_order(name: str) -> tuple[int, str]:
    order = ["in", "check"] + [f"{mode}.{part}" for mode in FIX_MODES
                               for part in ("text", "applied", "remaining", "error")]
    return (order.index(name) if name in order else len(order), name)


def cmd_record(args: argparse.Namespace) -> int:
    RECORD_DIR.mkdir(parents=True, exist_ok=True)
    CACHE_DIR.mkdir(exist_ok=True)
    for corpus in _chosen(args):
        started = time.perf_counter()
        lines = []
        with gzip.open(cache_path(corpus), "wb") as cache:
            for key, text, full in run_corpus(corpus, args.shared):
                lines.append(line_of(key, fields(text, full)))
                cache.write(orjson.dumps({"key": key, "results": full}) + b"\n")
        record_path(corpus).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{corpus.name}: {len(lines)} documents recorded in {time.perf_counter() - started:.1f} s")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    failed = False
    for corpus in _chosen(args):
        started = time.perf_counter()
        total, differing, missing = compare(corpus, args.shared)
        elapsed = time.perf_counter() - started
        print(f"{corpus.name}: {len(differing)} of {total} documents differ ({elapsed:.1f} s)")
        for key, names in differing:
            print(f"  {key}: {', '.join(names)}")
        for key in sorted(missing):
            print(f"  {key}: in the record, not in the corpus")
        failed = failed or bool(differing or missing)
    if failed:
        print("`python benchmarks/golden.py show` prints the differing documents with a diff")
    return 1 if failed else 0


def cmd_dump(args: argparse.Namespace) -> int:
    """Full results of some documents as JSON lines (what `show --reference` runs)."""
    corpus = corpus_named(args.corpus[0])
    for key, _text, full in run_corpus(corpus, args.shared, set(args.keys)):
        sys.stdout.buffer.write(orjson.dumps({"key": key, "results": full}) + b"\n")
    return 0


def _reference(python: str, corpus: Corpus, shared: Path, keys: Iterable[str]) -> dict[str, Any]:
    command = [python, str(Path(__file__).resolve()), "dump", "--corpus", corpus.name,
               "--shared", str(shared), *keys]
    out = subprocess.run(command, check=True, capture_output=True).stdout
    return {row["key"]: row["results"] for row in map(orjson.loads, out.splitlines())}


def _listing(value: Any) -> list[str]:
    """A result part as lines to diff: text as its lines, lists one item a line."""
    if isinstance(value, str):
        return value.splitlines(keepends=True) or [""]
    return [json.dumps(item, ensure_ascii=False) + "\n" for item in value]


def _parts(full: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"check": full["check"]}
    for mode in FIX_MODES:
        for name, value in full[mode].items():
            out[f"{mode}.{name}"] = value
    return out


def cmd_show(args: argparse.Namespace) -> int:
    shown = 0
    for corpus in _chosen(args):
        expected = read_record(corpus)
        cached = read_cache(corpus)
        wanted = set(args.keys) if args.keys else None
        current = {}
        for key, text, full in run_corpus(corpus, args.shared, wanted):
            if fields(text, full) != expected.get(key) or (wanted and key in wanted):
                current[key] = (text, full)
        if not current:
            continue
        keys = sorted(current)[: args.limit]
        reference: dict[str, Any] = {}
        if args.reference:
            reference = _reference(args.reference, corpus, args.shared, keys)
        for key in keys:
            text, full = current[key]
            want = expected.get(key, {})
            old = reference.get(key)
            if old is None and key in cached and fields(text, cached[key]) == want:
                old = cached[key]
            print("=" * 100)
            print(f"{corpus.name} {key}: input ({len(text)} characters)")
            print("-" * 100)
            print(text)
            print("-" * 100)
            now_parts, old_parts = _parts(full), _parts(old) if old is not None else None
            got = fields(text, full)
            for name in sorted(set(got) | set(want), key=_field_order):
                if got.get(name) == want.get(name) or name == "in":
                    continue
                part = name
                print(f"[{name}] record {want.get(name)} now {got.get(name)}")
                if old_parts is None:
                    print("  (no reference results: run `record` before the change, or give --reference)")
                    for line in _listing(now_parts.get(part, [])):
                        print("  now: " + line, end="" if line.endswith("\n") else "\n")
                    continue
                diff = difflib.unified_diff(
                    _listing(old_parts.get(part, [])), _listing(now_parts.get(part, [])),
                    "record", "now", lineterm="\n",
                )
                for line in diff:
                    print(line, end="" if line.endswith("\n") else "\n")
            shown += 1
    if not shown:
        print("no document differs from the record")
    return 0


def _chosen(args: argparse.Namespace) -> list[Corpus]:
    return [corpus_named(n) for n in args.corpus] if args.corpus else list(CORPORA)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("record", "run the engine and rewrite the record (and the full results in .golden/)"),
        ("check", "compare the engine with the record; exit 1 when a document differs"),
        ("show", "print the differing documents in full with a diff of what differs"),
        ("dump", argparse.SUPPRESS),
    ):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("--corpus", action="append", help="only this corpus (repeatable): "
                         + ", ".join(c.name for c in CORPORA))
        cmd.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the ../shared folder")
        if name in ("show", "dump"):
            cmd.add_argument("keys", nargs="*", help="document keys (as in the record); default: the differing ones")
        if name == "show":
            cmd.add_argument("--limit", type=int, default=20, help="at most this many documents per corpus")
            cmd.add_argument("--reference", help="a Python interpreter of another build: its results are the 'record' side of the diff")
    args = parser.parse_args(argv)
    return {"record": cmd_record, "check": cmd_check, "show": cmd_show, "dump": cmd_dump}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
