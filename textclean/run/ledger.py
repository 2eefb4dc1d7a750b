"""The edit ledger of a fix run, and `undo`, which uses it to give the inputs back.

`textclean fix --ledger FILE` writes one JSON line per changed document::

    {"ledger": 2, "kind": "document", "id": "rec-004", "source": "pages.jsonl:4",
     "output": "pages.jsonl", "format": "jsonl", "line": 3, "field": "text",
     "line_style": "spaced", "record_sha256": "…",
     "before_sha256": "…", "after_sha256": "…",
     "edits": [{"rule": "UR001", "pass": 1, "start": 120, "end": 121, "before": " ",
                "after": ""}, …]}

and one line per input the run quarantined and did not write to its output::

    {"ledger": 2, "kind": "record", "source": "pages.jsonl:2", "output": "pages.jsonl",
     "format": "jsonl", "after": 1, "blank_bytes": 0, "raw": "{not json", "eol": "\r\n",
     "reason": "not JSON: …"}
    {"ledger": 2, "kind": "file", "source": "in/c.txt", "output": "c.txt", "format": "text",
     "written": false, "raw": "…", "reason": "regex timeout …"}

`output` is the file's path relative to `--out` (the folder layout `fix` writes). `line` is
the 0-based number of the record among the records (non-blank lines, Parquet rows) of the
output file; a quarantined record goes back after `after` of them and `blank_bytes` bytes of
the blank lines that follow. Each edit's offsets are code points in the text as it was at the
start of its pass (pass 1 is the input), which is how the engine applies them. The hashes are
SHA-256 of the document text in UTF-8: `undo` refuses a document whose text no longer hashes
to `after_sha256` (it was edited after the run) and checks that what it rebuilt hashes to
`before_sha256`. A `file` entry is an input the run could not read as a whole (binary,
unreadable, too long) or whose one document failed; `raw` (or `raw_base64`) holds its bytes
when they were read, and any `document` entries for its output no longer count.

A JSONL record that `fix` changed is written back in orjson's compact form, so its line may
differ from the input line in more than the text. `line_style` says which standard
serialisation reproduces the input line exactly (then undo rewrites the line that way); when
none does, `raw_line` keeps the input line itself. `fields_before` names the fields
`--extract-metadata` set, each with its value before (`{"absent": true}`, or `{"value": null}`),
so undo puts the record's fields back too. Unchanged documents and records are
written back byte for byte by `fix` and need no entry; each line keeps its own terminator
(`\n`, `\r\n` or none at the end of the file), and undo keeps it too. For `.jsonl.gz` the
decompressed content comes back byte for byte (compression settings are not part of the
data); a Parquet file is written again with every value restored exactly, but its bytes depend
on the writer.

Undo is all or nothing: every document is checked and the restored files are built in a
staging folder first; only when nothing was refused are they moved under the destination.
With `partial=True` the refused documents are written as they are in the fixed files, and
the summary names them.

Version 1 ledgers (before line endings and quarantined records were kept) are refused with a
message saying so.

The ledger is built from the run's report (the applied edits with their passes), replayed on
the input text; nothing is fixed twice, and a replay that does not give the written text
stops the run, since the ledger could not undo it.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson

from textclean import io
from textclean.engine.loop import apply_edits
from textclean.errors import TextcleanError
from textclean.io import Rejected, Source, SourceFormat
from textclean.io.atomic import AtomicFile
from textclean.io.jsonl import dumps
from textclean.model import Document, Edit, Span
from textclean.report.report import DocumentReport

LEDGER_VERSION = 2


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
    """Writes the ledger as `fix` writes documents: `__call__` is `FixOutput.on_written` and
    `quarantined` is `FixOutput.on_quarantined`."""

    def __init__(self, path: Path, text_field: str, id_field: str = "id",
                 metadata_fields: Mapping[str, str] | None = None) -> None:
        self.path = path
        self.text_field = text_field
        self.id_field = id_field
        # rule code -> record field, for the metadata rules of the run
        # (textclean.run.metadata.metadata_fields): the fields --extract-metadata may set
        self.metadata_fields = metadata_fields or {}
        self.documents = 0  # changed documents recorded
        self._file = AtomicFile(path)
        self._lines: dict[Path, int] = {}  # records written so far per output file

    def _next_line(self, source: Source) -> int:
        line = self._lines.get(source.relative, 0)
        self._lines[source.relative] = line + 1
        return line

    def _write(self, entry: dict[str, Any]) -> None:
        self._file.write(dumps({"ledger": LEDGER_VERSION, **entry}) + b"\n")

    def __call__(self, source: Source, doc: Document, new_text: str, doc_report: DocumentReport) -> None:
        line = self._next_line(source)
        if new_text == doc.text:
            return
        entry: dict[str, Any] = {
            "kind": "document",
            "id": doc.id,
            "source": doc.meta.get("source", doc.id),
            "output": source.relative.as_posix(),
            "format": source.format,
        }
        if source.format.has_records:
            entry["line"] = line
            entry["field"] = self.text_field
            if not doc.id.startswith(f"{source.display}:"):  # the id came from the record
                entry["id_field"] = self.id_field
        if source.format is SourceFormat.JSONL:
            moved = _moved_fields(doc_report, doc.meta["record"], self.metadata_fields)
            if moved:
                entry["fields_before"] = moved
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
        self._write(entry)
        self.documents += 1

    def quarantined(self, source: Source, item: Rejected, written: bool) -> None:
        """Record an input the run quarantined; `written`: its bytes are in the output as
        they were (in place, or a kept Parquet row)."""
        output = source.relative.as_posix()
        if item.position is not None and source.format.has_records:
            if written:
                self._next_line(source)
                return
            entry: dict[str, Any] = {
                "kind": "record", "source": f"{item.source}:{item.position}", "output": output,
                "format": source.format, "after": self._lines.get(source.relative, 0),
                "blank_bytes": len(item.before), "eol": item.eol.decode("latin-1"),
            }
        else:
            entry = {"kind": "file", "source": item.source, "output": output,
                     "format": source.format, "written": written}
        if not written and item.raw is not None:
            try:
                entry["raw"] = item.raw.decode("utf-8")
            except UnicodeDecodeError:
                entry["raw_base64"] = base64.b64encode(item.raw).decode("ascii")
        entry["reason"] = item.reason
        self._write(entry)

    def commit(self) -> None:
        self._file.commit()

    def abort(self) -> None:
        self._file.abort()


def _moved_fields(
    doc_report: DocumentReport, record: dict[str, Any], fields: Mapping[str, str]
) -> dict[str, Any]:
    """The record fields `--extract-metadata` set (the fixes of the metadata rules, whose
    codes `fields` maps to their field), each with its value before: absent (recorded as
    {"absent": true}), null or "". A field that had a value was kept."""
    out: dict[str, Any] = {}
    for f in doc_report.findings:
        name = fields.get(f.rule)
        if f.fixed and name is not None and name not in out:
            if name not in record:
                out[name] = {"absent": True}
            elif record[name] in (None, ""):
                out[name] = {"value": record[name]}
    return out


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
        version = entry.get("ledger") if isinstance(entry, dict) else None
        if version == 1:
            raise LedgerError(
                f"{path} is a version 1 ledger, written by an older textclean; it did not keep "
                "line endings or quarantined records, so this version cannot undo it exactly. "
                "Undo with the textclean that wrote it, or re-run the fix to get a version "
                f"{LEDGER_VERSION} ledger"
            )
        if version != LEDGER_VERSION or entry.get("kind") not in ("document", "record", "file"):
            raise LedgerError(f"{path}:{number}: not a textclean ledger entry (version {LEDGER_VERSION})")
        entries.append(entry)
    return entries


class _Refused(Exception):
    """One document undo cannot restore (collected; raised as LedgerError at the end)."""


def _undo_entry(text: str, entry: dict[str, Any], where: str) -> str:
    if sha256(text) != entry["after_sha256"]:
        raise _Refused(f"{where}: the fixed text has changed since the fix run")
    try:
        before = undo_edits(text, [LedgerEdit.from_dict(e) for e in entry["edits"]])
    except LedgerError as exc:
        raise _Refused(f"{where}: {exc}") from None
    if sha256(before) != entry["before_sha256"]:
        raise _Refused(f"{where}: undoing the edits did not give the original text")
    return before


def _raw(entry: dict[str, Any]) -> bytes | None:
    if "raw" in entry:
        return str(entry["raw"]).encode("utf-8")
    if "raw_base64" in entry:
        return base64.b64decode(entry["raw_base64"])
    return None


class _Undo:
    """One undo run: restores each file into a staging folder, collecting refusals."""

    def __init__(self, partial: bool) -> None:
        self.partial = partial
        self.refused: list[str] = []
        self.skipped: list[str] = []
        self.documents = 0

    def refuse(self, reason: str) -> None:
        self.refused.append(reason)

    def text_file(self, path: Path, target: Path, entry: dict[str, Any], shown: str) -> None:
        data = path.read_bytes()
        where = f"{entry['source']} ({shown})"
        try:
            restored = _undo_entry(data.decode("utf-8"), entry, where).encode("utf-8")
        except UnicodeDecodeError:
            self.refuse(f"{where}: the fixed file is no longer UTF-8")
            restored = data
        except _Refused as exc:
            self.refuse(str(exc))
            restored = data
        else:
            self.documents += 1
        _write_file(target, restored)

    def jsonl_file(self, path: Path, target: Path, docs: list[dict[str, Any]],
                   records: list[dict[str, Any]], shown: str) -> None:
        by_line = {e["line"]: e for e in docs}
        pending = sorted(records, key=lambda e: e["after"])  # stable: ledger order kept
        pending.reverse()  # pop() = next
        seen = 0  # records (non-blank lines) read
        blank = 0  # bytes of blank lines since the last record written
        with _sink(target) as sink:

            def put_back() -> None:
                nonlocal blank
                while pending and pending[-1]["after"] == seen and pending[-1]["blank_bytes"] == blank:
                    entry = pending.pop()
                    raw = _raw(entry)
                    if raw is None:
                        self.refuse(f"{entry['source']}: quarantined without its bytes; cannot put back")
                        continue
                    sink.write(raw + entry["eol"].encode("latin-1"))
                    blank = 0

            put_back()
            for number, line in enumerate(_read_lines(path), start=1):
                if not line.strip():
                    sink.write(line)
                    blank += len(line)
                    put_back()
                    continue
                entry = by_line.pop(seen, None)
                seen += 1
                blank = 0
                if entry is not None:
                    line = self._jsonl_line(line, entry, f"{shown}:{number}")
                sink.write(line)
                put_back()
        for entry in by_line.values():
            self.refuse(f"{entry['source']} (id {entry['id']}): {shown} has {seen} record(s), "
                        f"not its record {entry['line'] + 1}")
        for entry in pending:
            self.refuse(f"{entry['source']}: the quarantined record has no place in {shown} "
                        "(its blank lines or records changed since the fix run)")

    def _jsonl_line(self, line: bytes, entry: dict[str, Any], at: str) -> bytes:
        body = line.rstrip(b"\r\n")
        eol = line[len(body):]
        where = f"{entry['source']} (id {entry['id']}, now {at})"
        try:
            record = json.loads(body)  # the standard library keeps long integers exact
        except ValueError:
            record = None
        field = entry["field"]
        if not isinstance(record, dict) or not isinstance(record.get(field), str):
            self.refuse(f"{where}: no longer a record with a text field {field!r}")
            return line
        if "id_field" in entry and str(record.get(entry["id_field"])) != entry["id"]:
            self.refuse(f"{where}: holds another record (id {record.get(entry['id_field'])})")
            return line
        try:
            record[field] = _undo_entry(record[field], entry, where)
        except _Refused as exc:
            self.refuse(str(exc))
            return line
        for name, before in entry.get("fields_before", {}).items():  # --extract-metadata
            if before.get("absent"):
                record.pop(name, None)
            else:
                record[name] = before["value"]
        restored = (entry["raw_line"].encode("utf-8") if "raw_line" in entry
                    else LineStyle(entry["line_style"]).dumps(record))
        if _sha256_bytes(restored) != entry["record_sha256"]:
            self.refuse(f"{where}: the restored record line differs from the input line")
            return line
        self.documents += 1
        return restored + eol

    def parquet_file(self, path: Path, target: Path, docs: list[dict[str, Any]], shown: str) -> None:
        from textclean.io import Rejected, writer_for
        from textclean.io.parquet import read_items

        field = docs[0]["field"]
        id_field = next((e["id_field"] for e in docs if "id_field" in e), "id")
        by_line = {e["line"]: e for e in docs}
        source = Source(path, str(path), SourceFormat.PARQUET, Path(path.name))
        writer = writer_for(source, target, field)
        try:
            row = 0
            for item in read_items(source, field, id_field):
                if isinstance(item, Rejected):
                    if item.keep is None:
                        raise LedgerError(f"{shown}: cannot be read: {item.reason}")
                    writer.write_kept(item.keep)
                    if by_line.pop(row, None) is not None:
                        self.refuse(f"{shown}: row {row + 1}: {item.reason}")
                    row += 1
                    continue
                entry = by_line.pop(row, None)
                text = item.text
                if entry is not None:
                    where = f"{entry['source']} (id {entry['id']}, now {shown} row {row + 1})"
                    try:
                        if "id_field" in entry and item.id != entry["id"]:
                            raise _Refused(f"{where}: holds another row (id {item.id})")
                        text = _undo_entry(text, entry, where)
                        self.documents += 1
                    except _Refused as exc:
                        self.refuse(str(exc))
                writer.write(item, text)
                row += 1
            writer.commit()
        except BaseException:
            writer.abort()
            raise
        for entry in by_line.values():
            self.refuse(f"{entry['source']} (id {entry['id']}): {shown} has {row} row(s), "
                        f"not its row {entry['line'] + 1}")


def _read_lines(path: Path) -> Iterator[bytes]:
    opener: Callable[..., Any] = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        yield from handle


class _sink:  # noqa: N801 - used as a context manager, like open()
    """A staged output file, gzip-compressed when its name ends in .gz (mtime 0)."""

    def __init__(self, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        self._file = target.open("wb")
        self._gz = gzip.GzipFile(fileobj=self._file, mode="wb", mtime=0) if target.name.endswith(".gz") else None

    def write(self, data: bytes) -> None:
        (self._gz or self._file).write(data)

    def __enter__(self) -> _sink:
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._gz is not None:
            self._gz.close()
        self._file.close()


def _copy(path: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)


def _write_file(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


@dataclass(frozen=True, slots=True)
class UndoSummary:
    documents: int  # documents restored from ledger entries
    files: int  # files written under the destination
    refused: tuple[str, ...] = ()  # with partial=True: documents written as they are in FIXED
    skipped: tuple[str, ...] = ()  # inputs the fix run skipped whole and never wrote


def _outputs(fixed: Path, ledger: Path, by_output: dict[str, Any], dest: Path) -> dict[str, tuple[Path | None, Path]]:
    """{output name: (its file under FIXED or None when missing, its path under dest)}."""
    if fixed.is_file():
        if fixed.name in by_output or not by_output:
            key = fixed.name
        elif len(by_output) == 1:
            key = next(iter(by_output))  # `fix one-file --out other-name`
        else:
            raise LedgerError(f"{ledger} covers several files ({', '.join(sorted(by_output))}); give the folder")
        return {key: (fixed, dest)}
    if not fixed.is_dir():
        raise LedgerError(f"{fixed}: no such file or folder")
    files: dict[str, tuple[Path | None, Path]] = {}
    for path in sorted(p for p in fixed.rglob("*") if p.is_file()):
        rel = path.relative_to(fixed).as_posix()
        files[rel] = (path, dest / rel)
    for rel in sorted(set(by_output) - set(files)):
        files[rel] = (None, dest / rel)
    return files


def undo_paths(fixed: Path, ledger: Path, dest: Path, partial: bool = False) -> UndoSummary:
    """Rebuild the inputs of a fix run from its output `fixed` and its ledger into `dest`.

    `fixed` is the run's `--out` (a file or a folder). For a folder every file under it is
    written to the same place under `dest`: restored when the ledger has entries for it,
    copied otherwise (`fix` wrote it unchanged). Records and files the run quarantined are
    put back from the ledger. Every document is checked before anything is written under
    `dest`; LedgerError lists every refused one. With `partial`, the others are restored and
    the refused ones are written as they are in `fixed` (named in the summary).
    """
    entries = read_ledger(ledger)
    by_output: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for entry in entries:
        by_output.setdefault(entry["output"], {"document": [], "record": [], "file": []})[entry["kind"]].append(entry)
    files = _outputs(fixed, ledger, by_output, dest)
    if dest.resolve() == fixed.resolve():
        raise LedgerError("the destination must differ from the fixed files")
    dest.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{dest.name}.undo-", dir=dest.parent))
    try:
        run = _Undo(partial)
        staged: list[tuple[Path, Path]] = []  # (staged file, final path)
        tree = stage / "tree"  # for a folder: the restored folder, renamed into place whole
        # The progress bar (textclean.run.progress) counts files and bytes; undo reads them itself.
        sources = {rel: Source(path or fixed / rel, rel, SourceFormat.UNDO, Path(rel)) for rel, (path, _) in files.items()}
        io.notify_sources(list(sources.values()))
        for rel, (path, target) in sorted(files.items()):
            before = run.documents
            kinds = by_output.get(rel, {"document": [], "record": [], "file": []})
            shown = str(path) if path is not None else str(fixed / rel)
            # the same name as the target: it says whether to compress
            at = tree / target.relative_to(dest) if target != dest else stage / dest.name
            if kinds["file"]:  # the run did not write this input whole; documents void
                file_entry = kinds["file"][-1]
                raw = None if file_entry["written"] else _raw(file_entry)
                if raw is not None:
                    _write_file(at, raw)
                    run.documents += 1
                elif file_entry["written"] and path is not None:
                    _copy(path, at)
                else:
                    run.skipped.append(f"{file_entry['source']}: {file_entry['reason']}")
                    continue
            elif path is None:
                for entry in kinds["document"] + kinds["record"]:
                    run.refuse(f"{entry['source']}: {shown} is missing (the ledger lists it)")
                continue
            elif kinds["document"] and kinds["document"][0].get("format") == "parquet":
                run.parquet_file(path, at, kinds["document"], shown)
            elif kinds["record"] or (kinds["document"] and "line" in kinds["document"][0]):
                run.jsonl_file(path, at, kinds["document"], kinds["record"], shown)
            elif kinds["document"]:
                if len(kinds["document"]) != 1:
                    raise LedgerError(f"{ledger} has {len(kinds['document'])} entries for the text file {rel}")
                run.text_file(path, at, kinds["document"][0], shown)
            else:
                _copy(path, at)
            io.notify_done(sources[rel], run.documents - before)
            staged.append((at, target))
        if run.refused and not partial:
            listed = "\n  ".join(run.refused)
            raise LedgerError(f"undo refused {len(run.refused)} document(s); nothing was written "
                              f"(--partial restores the others):\n  {listed}")
        if fixed.is_dir() and not dest.exists():
            tree.mkdir(exist_ok=True)
            os.rename(tree, dest)  # the whole folder appears at once
        else:
            for at, target in staged:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(at, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return UndoSummary(run.documents, len(staged), tuple(run.refused), tuple(run.skipped))
