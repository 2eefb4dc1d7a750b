"""Fuzz targets: bytes in, and nothing but documented outcomes out.

Each target takes arbitrary bytes and fails (raises) only when textclean breaks a promise:
an exception other than a TextcleanError, a record neither read nor rejected, a rejected
record the quarantine could not hold. The same functions run under hypothesis in `make test`
(tests/reliability/test_fuzz.py, a few seconds) and under atheris in `make fuzz`
(tests/fuzz/run_atheris.py, coverage-guided, minutes).
"""

from __future__ import annotations

import gzip
import io
import tempfile
from collections.abc import Callable
from pathlib import Path

from textclean.engine.loop import check_text, fix_text
from textclean.errors import FixDidNotConverge, TextcleanError
from textclean.io import Rejected
from textclean.io.jsonl import dumps, read_stream
from textclean.model import Document
from textclean.rules.kinds import Rule
from textclean.rules.loader import load_rules
from textclean.run.runner import FixOutput, RunOptions, check_paths, fix_paths

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 0.05  # seconds per regex: a fuzzed rule may well backtrack catastrophically
SAMPLE_TEXT = (
    "Tom &amp; Jerry donâ€™t\u200b agree.\n\nRead more\nPhoto: A. Person, AP\n"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\r\nhttps://example.org/a-b-\nc"
)


def _check_item(item: object, lines: int) -> None:
    assert isinstance(item, Document | Rejected), item
    if isinstance(item, Rejected):
        assert item.reason
        assert item.position is None or 1 <= item.position <= lines + 1, item
        dumps(item.to_dict())  # the quarantine can always hold it
    else:
        item.text.encode("utf-8")  # no lone surrogates can reach a writer
        dumps(dict(item.meta["record"]))


def fuzz_jsonl(data: bytes) -> None:
    """Read `data` as a JSONL stream: every line is a Document, a Rejected, or blank."""
    lines = data.count(b"\n") + 1
    items = list(read_stream(io.BufferedReader(io.BytesIO(data)), "fuzz.jsonl", "text", "id"))
    for item in items:
        _check_item(item, lines)
    assert len(items) <= lines


def fuzz_jsonl_gz(data: bytes) -> None:
    """Read `data` as a `.jsonl.gz` stream (mostly not gzip at all, or broken gzip): items,
    or a ReadError saying the compressed data is damaged, never another exception."""
    from textclean.errors import ReadError

    handle = gzip.GzipFile(fileobj=io.BytesIO(data))
    try:
        for item in read_stream(handle, "fuzz.jsonl.gz", "text", "id"):  # type: ignore[arg-type]
            assert isinstance(item, Document | Rejected), item
    except ReadError as exc:
        assert "fuzz.jsonl.gz: damaged compressed data" in str(exc), exc


def fuzz_jsonl_run(data: bytes) -> None:
    """Fix `data` as a JSONL file with the runner: each record is written out or quarantined."""
    with tempfile.TemporaryDirectory() as tmp:
        path, out, quarantine = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl", Path(tmp) / "q.jsonl"
        path.write_bytes(data)
        options = RunOptions(timeout=TIMEOUT, max_chars=2000, quarantine=quarantine)
        report = fix_paths([str(path)], _default_rules(), options, FixOutput(out=out))
        quarantined = quarantine.read_bytes().count(b"\n") if quarantine.exists() else 0
        assert quarantined == report.quarantined + report.document_errors
        if any(e["line"] is None for e in report.errors):  # the file as a whole was refused
            assert not out.exists()
            return
        records = sum(1 for line in data.split(b"\n") if line.rstrip(b"\r").strip())
        assert report.documents + report.quarantined == records
        written = [line for line in out.read_bytes().split(b"\n") if line.strip()]
        assert len(written) == report.documents - report.document_errors


_RULES: list[tuple[Rule, ...]] = []


def _default_rules() -> tuple[Rule, ...]:
    if not _RULES:
        _RULES.append(load_rules().rules)
    return _RULES[0]


def fuzz_rules(data: bytes) -> None:
    """Load `data` as a rule file; a rule that loads runs on sample text without raising."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.yml"
        path.write_bytes(data)
        try:
            rules = load_rules([path], defaults=False)
        except TextcleanError as exc:
            assert str(exc)
            return
    texts = [SAMPLE_TEXT] + [e.text for r in rules for e in r.spec.examples]
    for text in texts:
        check_text(text, rules, timeout=TIMEOUT)
        for unsafe in (False, True):
            try:
                fix_text(text, rules, unsafe, timeout=TIMEOUT)
            except FixDidNotConverge:
                pass  # documented: rules that fight are reported, not crashed on


def fuzz_check_text(data: bytes) -> None:
    """Check arbitrary text (decoded leniently: this target is about the engine) as a file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.txt"
        path.write_bytes(data)
        report = check_paths([str(path)], _default_rules(), RunOptions(timeout=TIMEOUT))
        assert report.documents + report.quarantined == 1


TARGETS: dict[str, Callable[[bytes], None]] = {
    "jsonl": fuzz_jsonl,
    "jsonl-gz": fuzz_jsonl_gz,
    "jsonl-run": fuzz_jsonl_run,
    "rules": fuzz_rules,
    "text": fuzz_check_text,
}


def seed_corpus(target: str) -> list[bytes]:
    """Real inputs to start from: the rule packs for `rules`, the example records otherwise."""
    if target == "rules":
        return [p.read_bytes() for p in sorted((ROOT / "textclean" / "packs").rglob("*.yml"))]
    records = (ROOT / "examples" / "records.jsonl").read_bytes()
    if target == "jsonl-gz":
        return [gzip.compress(records, mtime=0)]
    if target == "text":
        return [p.read_bytes() for p in sorted((ROOT / "examples" / "articles").rglob("*.txt"))]
    return [records, *records.splitlines(keepends=True)]


__all__ = ["TARGETS", "seed_corpus"]
