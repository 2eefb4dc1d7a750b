"""JSON Lines (`.jsonl`, `.jsonl.gz`): one object per line, every field kept, order kept."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

import orjson

from textclean.io import Rejected, Source
from textclean.io.atomic import AtomicFile
from textclean.model import Document


def _open(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


_LONG_NUMBER = re.compile(rb"\d{19,}")


def _loads(line: bytes) -> Any:
    # NOTE: orjson turns integers beyond 64 bits into floats, losing digits; the standard
    # library keeps them exactly, so lines with long digit runs take the slow path.
    if _LONG_NUMBER.search(line):
        return json.loads(line)
    return orjson.loads(line)


def dumps(obj: Any) -> bytes:
    """One compact JSON line (no newline). Integers beyond 64 bits are kept exactly."""
    try:
        return orjson.dumps(obj)
    except TypeError:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_items(source: Source, text_field: str, id_field: str) -> Iterator[Document | Rejected]:
    """Documents for the records of a JSONL file; bad records come back as Rejected."""
    assert source.path is not None
    with _open(source.path) as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip(b"\r\n")
            if not line.strip():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Rejected(source.display, number, f"invalid UTF-8 at byte {exc.start}", line)
                continue
            try:
                record = _loads(line)
            except ValueError as exc:
                yield Rejected(source.display, number, f"not JSON: {exc}", line)
                continue
            if not isinstance(record, dict):
                yield Rejected(source.display, number, f"not a JSON object but {type(record).__name__}", line)
                continue
            if text_field not in record:
                yield Rejected(source.display, number, f"no field {text_field!r}", line)
                continue
            text = record[text_field]
            if not isinstance(text, str):
                yield Rejected(source.display, number, f"field {text_field!r} is not a string", line)
                continue
            rid = record.get(id_field)
            doc_id = str(rid) if rid is not None else f"{source.display}:{number}"
            url = record.get("url")
            meta = {
                "source": f"{source.display}:{number}",
                "record": record,
                "raw": line,
                "url": url if isinstance(url, str) else None,
            }
            yield Document(doc_id, text, MappingProxyType(meta))


class JsonlWriter:
    """Writes one output line per input record, in order; unchanged records byte for byte."""

    def __init__(self, path: Path, text_field: str) -> None:
        self.text_field = text_field
        self._file = AtomicFile(path)
        self._gz: IO[bytes] | None = None
        if path.name.endswith(".gz"):
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
        out.write(data + b"\n")

    def commit(self) -> None:
        if self._gz is not None:
            self._gz.close()
        self._file.commit()

    def abort(self) -> None:
        self._file.abort()
