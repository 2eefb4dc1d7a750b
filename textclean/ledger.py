"""The edit ledger of a fix run, and `undo`, which uses it to give the inputs back.

`textclean fix --ledger FILE` writes one JSON line per changed document::

    {"ledger": 1, "id": "rec-004", "source": "pages.jsonl:4", "output": "pages.jsonl",
     "format": "jsonl", "index": 3, "field": "text", "line_style": "spaced",
     "record_sha256": "…",
     "before_sha256": "…", "after_sha256": "…",
     "edits": [{"rule": "UR001", "pass": 1, "start": 120, "end": 121, "before": " ",
                "after": ""}, …]}

`output` is the file's path relative to `--out` (the folder layout `fix` writes), `index` the
0-based record (row) number in a JSONL or Parquet output, and each edit's offsets are code
points in the text
as it was at the start of its pass (pass 1 is the input), which is how the engine applies
them. The hashes are SHA-256 of the document text in UTF-8: `undo` refuses a document whose
text no longer hashes to `after_sha256` (it was edited after the run) and checks that what it
rebuilt hashes to `before_sha256`.

A JSONL record that `fix` changed is written back in orjson's compact form, so its line may
differ from the input line in more than the text. `line_style` says which standard
serialisation reproduces the input line exactly (then undo rewrites the line that way); when
none does, `raw_line` keeps the input line itself. Unchanged documents and records are
written back byte for byte by `fix` and need no entry. For `.jsonl.gz` the decompressed
content comes back byte for byte (compression settings are not part of the data); a Parquet
file is written again with every value restored exactly, but its bytes depend on the writer.

The ledger is built from the run's report (the applied edits with their passes), replayed on
the input text; nothing is fixed twice, and a replay that does not give the written text
stops the run, since the ledger could not undo it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson

from textclean.engine import apply_edits
from textclean.errors import TextcleanError
from textclean.io import Source
from textclean.io.atomic import AtomicFile
from textclean.io.jsonl import dumps
from textclean.model import Document, Edit, Span
from textclean.report import DocumentReport

LEDGER_VERSION = 1


class LedgerError(TextcleanError):
    """A ledger cannot be written or applied (exit 2): it does not match the files given."""


class LineStyle(StrEnum):
    """A standard JSON serialisation that reproduces a JSONL input line byte for byte."""

    COMPACT = "compact"  # separators "," and ":", UTF-8 kept (orjson, or json with both set)
    COMPACT_ASCII = "compact-ascii"  # as above, non-ASCII escaped as \\uXXXX
    SPACED = "spaced"  # Python json.dumps(ensure_ascii=False): ", " and ": "
    SPACED_ASCII = "spaced-ascii"  # Python json.dumps() defaults

    def dumps(self, record: Any) -> bytes:
        ascii_only = self in (LineStyle.COMPACT_ASCII, LineStyle.SPACED_ASCII)
        separators = (",", ":") if self in (LineStyle.COMPACT, LineStyle.COMPACT_ASCII) else (", ", ": ")
        return json.dumps(record, ensure_ascii=ascii_only, separators=separators).encode("utf-8")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class LedgerEdit:
    """One applied edit: `before` (text[start:end] at the start of pass `pass_no`) -> `after`."""

    rule: str
    pass_no: int
    start: int
    end: int
    before: str
    after: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "pass": self.pass_no, "start": self.start, "end": self.end,
                "before": self.before, "after": self.after}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LedgerEdit:
        return cls(d["rule"], d["pass"], d["start"], d["end"], d["before"], d["after"])


def ledger_edits(before: str, doc_report: DocumentReport, after: str) -> list[LedgerEdit]:
    """The applied edits of a fix run's document report, with the text each one replaced.

    Raises LedgerError when replaying them on `before` does not give `after`.
    """
    by_pass: dict[int, list[tuple[str, int, int, str]]] = {}
    for f in doc_report.findings:
        if f.fixed:
            by_pass.setdefault(f.pass_no or 1, []).extend(
                (f.rule, e.start, e.end, e.replacement) for e in f.edits
            )
    text = before
    out: list[LedgerEdit] = []
    for pass_no in sorted(by_pass):
        edits = sorted(by_pass[pass_no], key=lambda e: (e[1], e[2]))
        out.extend(LedgerEdit(rule, pass_no, s, e, text[s:e], r) for rule, s, e, r in edits)
        text = apply_edits(text, [Edit(Span(s, e), r) for _rule, s, e, r in edits])
    if text != after:
        raise LedgerError(
            f"{doc_report.id}: the report's edits do not reproduce the fixed text; "
            "the ledger would not undo it"
        )
    return out


def undo_edits(text: str, edits: list[LedgerEdit]) -> str:
    """The text before `edits`, given the text after them (last pass first).

    Raises LedgerError when an edit's `after` text is not where the ledger says.

    >>> undo_edits("a & b", [LedgerEdit("MK001", 1, 2, 7, "&amp;", "&")])
    'a &amp; b'
    """
    passes = sorted({e.pass_no for e in edits}, reverse=True)
    for pass_no in passes:
        parts: list[str] = []
        pos = 0  # in the text after this pass
        delta = 0  # how much earlier edits of the pass moved later offsets
        for e in sorted((e for e in edits if e.pass_no == pass_no), key=lambda e: (e.start, e.end)):
            at = e.start + delta
            if text[at : at + len(e.after)] != e.after or at < pos:
                raise LedgerError(f"edit {e.rule} of pass {pass_no} at {e.start} does not match the text")
            parts.append(text[pos:at])
            parts.append(e.before)
            pos = at + len(e.after)
            delta += len(e.after) - (e.end - e.start)
        parts.append(text[pos:])
        text = "".join(parts)
    return text


def _line_style(record: Any, raw: bytes) -> LineStyle | None:
    for style in LineStyle:
        try:
            if style.dumps(record) == raw:
                return style
        except (TypeError, ValueError):
            return None
    return None


class LedgerWriter:
    """Writes the ledger as `fix` writes documents (a `FixOutput.on_written` callback)."""

    def __init__(self, path: Path, text_field: str, id_field: str = "id") -> None:
        self.path = path
        self.text_field = text_field
        self.id_field = id_field
        self.documents = 0  # changed documents recorded
        self._file = AtomicFile(path)
        self._index: dict[Path, int] = {}  # records written so far per output file

    def __call__(self, source: Source, doc: Document, new_text: str, doc_report: DocumentReport) -> None:
        index = self._index.get(source.relative, 0)
        self._index[source.relative] = index + 1
        if new_text == doc.text:
            return
        entry: dict[str, Any] = {
            "ledger": LEDGER_VERSION,
            "id": doc.id,
            "source": doc.meta.get("source", doc.id),
            "output": source.relative.as_posix(),
            "format": source.format,
        }
        if source.format in ("jsonl", "parquet"):
            entry["index"] = index
            entry["field"] = self.text_field
            if not doc.id.startswith(f"{source.display}:"):  # the id came from the record
                entry["id_field"] = self.id_field
        if source.format == "jsonl":
            raw: bytes = doc.meta["raw"]
            style = _line_style(doc.meta["record"], raw)
            if style is not None:
                entry["line_style"] = style.value
            else:
                entry["raw_line"] = raw.decode("utf-8")
            entry["record_sha256"] = _sha256_bytes(raw)
        entry["before_sha256"] = sha256(doc.text)
        entry["after_sha256"] = sha256(new_text)
        entry["edits"] = [e.to_dict() for e in ledger_edits(doc.text, doc_report, new_text)]
        self._file.write(dumps(entry) + b"\n")
        self.documents += 1

    def commit(self) -> None:
        self._file.commit()

    def abort(self) -> None:
        self._file.abort()


def read_ledger(path: Path) -> list[dict[str, Any]]:
    """The entries of a ledger file; LedgerError names the first bad line."""
    entries = []
    try:
        lines = path.read_bytes().splitlines()
    except OSError as exc:
        raise LedgerError(f"cannot read ledger {path}: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise LedgerError(f"{path}:{number}: not JSON: {exc}") from exc
        if not isinstance(entry, dict) or entry.get("ledger") != LEDGER_VERSION:
            raise LedgerError(f"{path}:{number}: not a textclean ledger entry (version {LEDGER_VERSION})")
        entries.append(entry)
    return entries


def _undo_entry(text: str, entry: dict[str, Any]) -> str:
    where = entry["source"]
    if sha256(text) != entry["after_sha256"]:
        raise LedgerError(f"{where}: the fixed text has changed since the fix run; cannot undo")
    before = undo_edits(text, [LedgerEdit.from_dict(e) for e in entry["edits"]])
    if sha256(before) != entry["before_sha256"]:
        raise LedgerError(f"{where}: undoing the edits did not give the original text")
    return before


def _undo_text_file(data: bytes, entry: dict[str, Any]) -> bytes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LedgerError(f"{entry['source']}: fixed file is not UTF-8: {exc}") from exc
    return _undo_entry(text, entry).encode("utf-8")


def _jsonl_lines(path: Path) -> Iterator[bytes]:
    opener: Callable[..., Any] = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        for line in handle:
            yield line.rstrip(b"\r\n")


class _Matcher:
    """Pairs the ledger entries of one JSONL or Parquet output with its records, in order.

    An entry's `index` is where `fix` wrote the record. An in-place run also writes back, as
    they were, records it could not read or fix; those only ever move a record later, so an
    entry is looked for at its index and after it, and a record is taken for it only when its
    text hashes to the entry's `after_sha256` (and its id matches, when the record has one).
    """

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.pending = sorted(entries, key=lambda e: e["index"], reverse=True)  # pop() = next
        self.shift = 0  # records written back in place before the next entry's record

    def match(self, position: int, text: str | None, record_id: str | None) -> dict[str, Any] | None:
        if not self.pending or position < self.pending[-1]["index"] + self.shift:
            return None
        entry = self.pending[-1]
        same_id = "id_field" not in entry or record_id == entry["id"]
        if text is not None and same_id and sha256(text) == entry["after_sha256"]:
            return self.pending.pop()
        self.shift += 1
        return None

    def check_done(self, path: Path) -> None:
        if self.pending:
            first = self.pending[-1]
            raise LedgerError(f"{first['source']}: its fixed record (number {first['index'] + 1}) "
                              f"is not in {path}")


def _parse_record(line: bytes, entry: dict[str, Any] | None) -> tuple[Any, str | None, str | None]:
    """(record, text, id) of a fixed JSONL line; Nones when it is not a record (written back
    raw in place) or has no text field."""
    if entry is None:
        return None, None, None
    try:
        record = json.loads(line)  # the standard library keeps long integers exact
    except ValueError:
        return None, None, None
    if not isinstance(record, dict) or not isinstance(record.get(entry["field"]), str):
        return None, None, None
    rid = record.get(entry["id_field"]) if "id_field" in entry else None
    return record, record[entry["field"]], None if rid is None else str(rid)


def _undo_jsonl_line(record: dict[str, Any], entry: dict[str, Any]) -> bytes:
    field = entry["field"]
    record[field] = _undo_entry(record[field], entry)
    restored = entry["raw_line"].encode("utf-8") if "raw_line" in entry else LineStyle(entry["line_style"]).dumps(record)
    if _sha256_bytes(restored) != entry["record_sha256"]:
        raise LedgerError(f"{entry['source']}: the restored record line differs from the input line")
    return restored


def _undo_jsonl_file(path: Path, dest: Path, entries: list[dict[str, Any]]) -> int:
    matcher = _Matcher(entries)
    out = AtomicFile(dest)
    gz = gzip.GzipFile(fileobj=out.file, mode="wb", mtime=0) if dest.name.endswith(".gz") else None
    sink = gz or out.file
    try:
        count = 0
        for position, line in enumerate(_jsonl_lines(path)):
            upcoming = matcher.pending[-1] if matcher.pending else None
            record, text, rid = _parse_record(line, upcoming)
            entry = matcher.match(position, text, rid)
            sink.write((line if entry is None else _undo_jsonl_line(record, entry)) + b"\n")
            count += entry is not None
        matcher.check_done(path)
        if gz is not None:
            gz.close()
        out.commit()
    except BaseException:
        out.abort()
        raise
    return count


def _undo_parquet_file(path: Path, dest: Path, entries: list[dict[str, Any]]) -> int:
    from textclean.io import Rejected, writer_for
    from textclean.io.parquet import read_items

    field = entries[0]["field"]
    id_field = next((e["id_field"] for e in entries if "id_field" in e), "id")
    matcher = _Matcher(entries)
    source = Source(path, str(path), "parquet", Path(path.name))
    writer = writer_for(source, dest, field)
    try:
        count = 0
        for position, doc in enumerate(read_items(source, field, id_field)):
            if isinstance(doc, Rejected):
                raise LedgerError(f"{path}: row {position + 1} cannot be read: {doc.reason}")
            entry = matcher.match(position, doc.text, doc.id)
            writer.write(doc, doc.text if entry is None else _undo_entry(doc.text, entry))
            count += entry is not None
        matcher.check_done(path)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return count


@dataclass(frozen=True, slots=True)
class UndoSummary:
    documents: int  # documents restored from ledger entries
    files: int  # files written under the destination


def undo_paths(fixed: Path, ledger: Path, dest: Path) -> UndoSummary:
    """Rebuild the inputs of a fix run from its output `fixed` and its ledger into `dest`.

    `fixed` is the run's `--out` (a file or a folder). For a folder every file under it is
    written to the same place under `dest`: restored when the ledger has entries for it,
    copied otherwise (`fix` wrote it unchanged).
    """
    entries = read_ledger(ledger)
    by_output: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_output.setdefault(entry["output"], []).append(entry)
    if fixed.is_file():
        if fixed.name in by_output or not by_output:
            key = fixed.name
        elif len(by_output) == 1:
            key = next(iter(by_output))  # `fix one-file --out other-name`
        else:
            raise LedgerError(f"{ledger} covers several files ({', '.join(sorted(by_output))}); give the folder")
        files = {key: (fixed, dest)}
    elif fixed.is_dir():
        files = {}
        for path in sorted(p for p in fixed.rglob("*") if p.is_file()):
            rel = path.relative_to(fixed).as_posix()
            files[rel] = (path, dest / rel)
        missing = sorted(set(by_output) - set(files))
        if missing:
            raise LedgerError(f"{fixed} has no {missing[0]}, which the ledger lists")
    else:
        raise LedgerError(f"{fixed}: no such file or folder")
    if dest.resolve() == fixed.resolve():
        raise LedgerError("the destination must differ from the fixed files")
    documents = 0
    for rel, (path, target) in files.items():
        found = by_output.get(rel, [])
        if not found:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        elif found[0].get("format") == "parquet":
            documents += _undo_parquet_file(path, target, found)
        elif "index" in found[0]:
            documents += _undo_jsonl_file(path, target, found)
        else:
            if len(found) != 1:
                raise LedgerError(f"{ledger} has {len(found)} entries for the text file {rel}")
            with AtomicFile(target) as out:
                out.write(_undo_text_file(path.read_bytes(), found[0]))
            documents += 1
    return UndoSummary(documents, len(files))
