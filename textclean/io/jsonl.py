"""JSON Lines (`.jsonl`, `.jsonl.gz`): one object per line, every field kept, order kept."""

from __future__ import annotations

import dataclasses
import functools
import gzip
import json
import re
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, cast

import orjson

from textclean.errors import ReadError
from textclean.io import Rejected, Source
from textclean.io.atomic import AtomicFile
from textclean.io.sniff import SNIFF_BYTES, binary_kind
from textclean.model import Document


def _open(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    # A larger buffer than the default 8 KiB, which holds a record or two of web text: fewer
    # reads to split a large file into lines.
    return path.open("rb", buffering=1 << 18)


_LONG_NUMBER = re.compile(rb"\d{19,}")
_BOM = b"\xef\xbb\xbf"  # a UTF-8 byte order mark, which some tools put before line 1


def loads(line: bytes) -> Any:
    """One JSONL line parsed: orjson's strictness, with integers beyond 64 bits kept exact.

    >>> loads(b'{"n": 123456789012345678901234567890, "f": 1.5}')["n"]
    123456789012345678901234567890
    """
    # NOTE: orjson turns integers beyond 64 bits into floats, losing digits; the standard
    # library keeps them exactly, so a record with a float and a long digit run is parsed
    # again by it (a record without floats has every number exact already). orjson parses
    # first: it is the stricter parser (no NaN, no lone surrogates, a depth limit), so both
    # paths accept exactly the same lines.
    record = orjson.loads(line)
    if _has_float(record) and _LONG_NUMBER.search(line):
        return json.loads(line)
    return record


def _has_float(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values() if not isinstance(v, str))
    if isinstance(value, list):
        return any(_has_float(v) for v in value if not isinstance(v, str))
    return isinstance(value, float)


def _duplicate_key(body: bytes, key: str) -> bool:
    """Whether the top-level object of a JSON line (a record) has `key` more than once."""
    try:
        pairs = json.loads(body, object_pairs_hook=lambda items: items)  # objects as (key, value) lists
    except (ValueError, RecursionError):  # orjson read it (its depth limit is higher): take that
        return False
    return sum(1 for k, _value in pairs if k == key) > 1


def dumps(obj: Any) -> bytes:
    """One compact JSON line (no newline). Integers beyond 64 bits are kept exactly."""
    try:
        return orjson.dumps(obj)
    except TypeError:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_items(source: Source, text_field: str, id_field: str) -> Iterator[Document | Rejected]:
    """Documents for the records of a JSONL file (or standard input); bad records come back
    as Rejected."""
    if source.path is None:
        stream = source.stream if source.stream is not None else sys.stdin.buffer
        yield from read_stream(stream, source.display, text_field, id_field)
        return
    with _open(source.path) as handle:
        yield from read_stream(handle, source.display, text_field, id_field)


def read_stream(
    handle: IO[bytes], display: str, text_field: str, id_field: str
) -> Iterator[Document | Rejected]:
    """Documents for the records of an open JSONL stream; bad records come back as Rejected.

    A record that cannot be a document is Rejected with its 1-based line number and the
    reason. A stream that breaks off (a truncated or corrupt `.gz`, a read error) raises
    ReadError naming the file and the last line read: the input is damaged, so the run stops
    (exit 2) rather than count what it read as the whole file.
    """
    number = 0
    # Blank lines hold no record but are kept: those before a record travel with it (its
    # meta's "before", or a Rejected's), those after the last record of the file with that
    # record ("after"). So the last item is held back until the next record, or the end,
    # shows which.
    held: Document | Rejected | None = None
    blanks = b""
    try:
        what = binary_kind(handle.peek(SNIFF_BYTES)[:SNIFF_BYTES])  # type: ignore[attr-defined]
        if what is not None:
            yield Rejected(display, None, f"binary file ({what}), skipped")
            return
        for number, raw in enumerate(handle, start=1):
            if raw.isspace():  # blank (`not raw.strip()`, without copying the line)
                blanks += raw
                continue
            item = _record(raw, number, display, text_field, id_field)
            if blanks:
                item = _with_blanks(item, before=blanks)
                blanks = b""
            if held is not None:
                yield held
            held = item
        if held is not None:
            yield _with_blanks(held, after=blanks) if blanks else held
    except (OSError, EOFError, zlib.error) as exc:
        what = "damaged compressed data" if display.endswith(".gz") else "read error"
        where = f"after line {number}, the last one read" if number else "before the first line"
        raise ReadError(display, f"{what} {where}: {exc}; nothing was written for it") from exc


def _with_blanks(item: Document | Rejected, *, before: bytes = b"", after: bytes = b"") -> Document | Rejected:
    if isinstance(item, Rejected):
        return dataclasses.replace(item, before=item.before + before, after=item.after + after)
    meta = dict(item.meta)
    meta["before"] = meta.get("before", b"") + before
    meta["after"] = meta.get("after", b"") + after
    return Document(item.id, item.text, MappingProxyType(meta))


@functools.lru_cache(maxsize=16)
def _quoted(field: str) -> bytes:
    """The field name as a JSON string, encoded: how a record's key looks in its line."""
    return json.dumps(field).encode("utf-8")


def _record(
    raw: bytes, number: int, display: str, text_field: str, id_field: str
) -> Document | Rejected:
    """The document (or Rejected) for one line that is not blank."""
    line = raw.rstrip(b"\r\n")
    eol = raw[len(line) :]
    body = line[3:] if number == 1 and line.startswith(_BOM) else line
    try:
        # NOTE: orjson refuses any line that is not UTF-8 as a whole, so the line is decoded
        # here only when it was refused, to tell bad UTF-8 (and where) from bad JSON.
        record = loads(body)
    except (ValueError, RecursionError) as exc:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as bad:
            offset = bad.start + len(line) - len(body)
            return Rejected(display, number, f"invalid UTF-8 at byte {offset}", line, offset=offset, eol=eol)
        return Rejected(display, number, f"not JSON: {exc}", line, eol=eol)
    if not isinstance(record, dict):
        return Rejected(display, number, f"not a JSON object but {type(record).__name__}", line, eol=eol)
    if text_field not in record:
        return Rejected(display, number, f"no field {text_field!r}", line, eol=eol)
    if body.count(_quoted(text_field)) > 1 and _duplicate_key(body, text_field):
        return Rejected(display, number, f"duplicate key {text_field!r}: which one is the text "
                        "is not known (JSON parsers keep the last)", line, eol=eol)
    text = record[text_field]
    if not isinstance(text, str):
        return Rejected(display, number, f"field {text_field!r} is not a string", line, eol=eol)
    rid = record.get(id_field)
    doc_id = str(rid) if rid is not None else f"{display}:{number}"
    url = record.get("url")
    meta = {
        "source": f"{display}:{number}",
        "record": record,
        "raw": line,
        "eol": eol,  # the line's own terminator, kept for unchanged records
        "url": url if isinstance(url, str) else None,
    }
    return Document(doc_id, text, MappingProxyType(meta))


class JsonlWriter:
    """Writes one output line per input record, in order; unchanged records byte for byte."""

    def __init__(self, path: Path | None, text_field: str, stream: IO[bytes] | None = None) -> None:
        """Writes to `path` atomically, or with path None to `stream` (`fix --out -`)."""
        self.text_field = text_field
        self.lines = 0  # line breaks written so far: the next record is on line lines + 1
        self._file: Any = AtomicFile(path) if path is not None else _StreamSink(stream)
        self._gz: gzip.GzipFile | None = None
        if path is not None and path.name.endswith(".gz"):
            # mtime=0 keeps the output byte-identical between runs.
            self._gz = gzip.GzipFile(fileobj=self._file.file, mode="wb", mtime=0)

    def write(self, doc: Document, text: str, extra: dict[str, Any] | None = None) -> None:
        if text == doc.text and not extra:
            data = doc.meta["raw"]
        else:
            record = dict(doc.meta["record"])
            record[self.text_field] = text
            if extra:
                record.update(extra)
            data = dumps(record)
        out = self._gz or self._file
        meta = doc.meta
        eol = meta.get("eol", b"\n")
        before, after = meta.get("before"), meta.get("after")
        chunk = (before or b"") + data + eol + (after or b"") if before or after else data + eol
        out.write(chunk)
        self.lines += chunk.count(b"\n")

    def write_raw(self, raw: bytes) -> None:
        """Write input bytes as they were (an unreadable record kept by an in-place run, or
        the blank lines around a record left out of the output)."""
        out = self._gz or self._file
        out.write(raw)
        self.lines += raw.count(b"\n")

    def flushed(self) -> tuple[Path, Path, int]:
        """(destination, temporary file, bytes in it): the output so far, flushed to the
        temporary file (textclean.run.state links it to resume a killed run)."""
        self._file.file.flush()
        return self._file.path, self._file.tmp, self._file.file.tell()

    def commit(self) -> None:
        if self._gz is not None:
            self._gz.close()
        self._file.commit()

    def abort(self) -> None:
        self._file.abort()


class _StreamSink:
    """An output stream in place of an AtomicFile: written through, nothing to commit."""

    def __init__(self, stream: IO[bytes] | None) -> None:
        assert stream is not None
        self.file = stream

    def write(self, data: bytes) -> None:
        self.file.write(data)

    def commit(self) -> None:
        self.file.flush()

    def abort(self) -> None:
        self.file.flush()
