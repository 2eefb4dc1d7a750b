"""Reading and writing documents, one module per format, chosen by file suffix.

    read_items(source, options) -> Iterator[Item]       (a Document, or a Rejected input)
    iter_items(sources, ..., max_chars)                 -> (source, item) of every source, in order
    iter_documents(sources, ...)                        -> (source, document), unreadable skipped
    writer_for(source, dest)    -> a writer with write(item, text) and close()

Every writer is atomic: output goes to a temporary file in the destination folder and is
renamed over the final name only when complete, so a killed run leaves no partial file.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from textclean.errors import ReadError
from textclean.io.sniff import sniff_file
from textclean.model import Document

TEXT_SUFFIXES = (".txt", ".md", ".text", ".markdown")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet",)
STDIN = "-"


class SourceFormat(StrEnum):
    """How a source is read (and written back)."""

    TEXT = "text"  # one document per file (or standard input)
    JSONL = "jsonl"  # one record per line
    PARQUET = "parquet"  # one record per row
    BINARY = "binary"  # a binary file found in a folder: reported, never read
    UNDO = "undo"  # a fixed file `textclean undo` restores: read by undo itself

    @property
    def has_records(self) -> bool:
        """Whether the source holds records (documents with ids and other fields)."""
        return self in (SourceFormat.JSONL, SourceFormat.PARQUET)


BINARY = SourceFormat.BINARY


def format_of(path: Path) -> SourceFormat | None:
    """The format of a path, from its suffix (None: not an input)."""
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return SourceFormat.JSONL
    if name.endswith(PARQUET_SUFFIXES):
        return SourceFormat.PARQUET
    if name.endswith(TEXT_SUFFIXES):
        return SourceFormat.TEXT
    return None


@dataclass(frozen=True)
class Rejected:
    """An input that could not become a document: it is quarantined, never dropped silently."""

    source: str  # display path
    position: int | None  # 1-based record (line) number, or None for a whole file
    reason: str
    raw: bytes | None = None  # the bytes as read, for the quarantine file
    offset: int | None = None  # byte offset of the problem in `raw` (invalid UTF-8)
    # Around a JSONL line: its own terminator, and the blank lines before and after it, so
    # the line goes back where it was in place and the blank lines stay with --out.
    eol: bytes = b"\n"
    before: bytes = b""
    after: bytes = b""
    # What a writer needs to write the input back unchanged in its place (a Parquet row's
    # `meta`); None when it cannot be (a line that is not JSON stays out of a JSONL output).
    keep: Any = None

    def to_dict(self) -> dict[str, object]:
        import base64

        out: dict[str, object] = {"source": self.source, "line": self.position, "reason": self.reason}
        if self.offset is not None:
            out["offset"] = self.offset
        if self.raw is not None:
            try:
                out["raw"] = self.raw.decode("utf-8")
            except UnicodeDecodeError:
                out["raw_base64"] = base64.b64encode(self.raw).decode("ascii")
        return out


@dataclass(frozen=True)
class Source:
    """One input file: where it is, how to show it, and where its output goes (relative)."""

    path: Path | None  # None for stdin
    display: str
    format: SourceFormat
    relative: Path  # path under the output folder
    # Standard input: the stream to read (its first bytes may have been read to tell the format).
    stream: Any = field(default=None, compare=False, repr=False)

    @property
    def is_stdin(self) -> bool:
        return self.path is None


INPUT_FORMATS = ("auto", "text", "jsonl")  # how standard input is read (--input-format)


class _Prefixed(io.RawIOBase):
    """`rest` with `prefix` (bytes already read from it) put back in front."""

    def __init__(self, prefix: bytes, rest: Any) -> None:
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read1(len(buffer)) if hasattr(self._rest, "read1") else self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _looks_like_jsonl(line: bytes) -> bool:
    import orjson

    try:
        return isinstance(orjson.loads(line.removeprefix(b"\xef\xbb\xbf")), dict)
    except orjson.JSONDecodeError:
        return False


def stdin_source(input_format: str = "auto") -> Source:
    """The source for standard input read as `input_format`.

    `auto` reads up to the first line that is not blank: when that line is a JSON object the
    stream is JSONL (and a note says so on stderr), otherwise plain text. The bytes read to
    tell are put back in front of the stream.
    """
    stream: Any = sys.stdin.buffer
    if input_format == "auto":
        head = b""
        line = b""
        while not line.strip():
            line = stream.readline()
            head += line
            if not line:
                break
        fmt = SourceFormat.JSONL if line.strip() and _looks_like_jsonl(line) else SourceFormat.TEXT
        stream = _Prefixed(head, stream)
        if fmt is SourceFormat.JSONL:
            sys.stderr.write("textclean: reading standard input as JSONL (its first line is a JSON "
                             "object); --input-format text reads it as plain text\n")
    else:
        fmt = SourceFormat(input_format)
        stream = _Prefixed(b"", stream)
    name = "stdin.jsonl" if fmt is SourceFormat.JSONL else "stdin.txt"
    return Source(None, "<stdin>", fmt, Path(name), stream=io.BufferedReader(stream))


def discover(paths: Iterable[str], stdin_format: str = "auto") -> list[Source]:
    """Expand files and folders (recursively) into sources, in a stable order.

    Files given by name must have a known suffix; in folders, files with other suffixes and
    hidden files or folders are skipped, except binary files (gzip, PNG, PDF...), which become
    sources of format BINARY so the run reports them by path. `-` is standard input, read as
    `stdin_format` (see `stdin_source`).
    """
    paths = list(paths)
    sources: list[Source] = []
    several = len(paths) > 1
    for raw in paths:
        if raw == STDIN:
            sources.append(stdin_source(stdin_format))
            continue
        path = Path(raw)
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                rel = file.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or not file.is_file():
                    continue
                fmt = format_of(file)
                if fmt is None:
                    # Binary files are reported as skipped: a gzip shard without its extension
                    # is data the user expects to see processed. Other files are not inputs.
                    if sniff_file(file) is None:
                        continue
                    fmt = BINARY
                out_rel = Path(path.name) / rel if several else rel
                sources.append(Source(file, str(file), fmt, out_rel))
        elif path.is_file():
            fmt = format_of(path)
            if fmt is None:
                raise ReadError(
                    raw, "unknown file type; expected .txt, .md, .jsonl, .jsonl.gz or .parquet"
                )
            sources.append(Source(path, raw, fmt, Path(path.name)))
        else:
            raise ReadError(raw, "no such file or folder")
    if _observer is not None:
        _observer.sources(sources)
    return sources


class ReadObserver(Protocol):
    """Told what a run reads (textclean.run.progress draws a progress bar from it)."""

    def sources(self, sources: Sequence[Source]) -> None:
        """A new pass over these sources begins (discover() found them)."""

    def item(self, source: Source, item: object) -> None:
        """One document (or Rejected input) of `source` was read."""

    def done(self, source: Source, items: int = 0) -> None:
        """`source` was read to its end; `items` documents of it were read without item()."""


# NOTE: a plain global, not a ContextVar: a --jobs run reads its inputs in the process pool's
# feeder thread, which would not see a context set in the main thread.
_observer: ReadObserver | None = None


@contextmanager
def observing(observer: ReadObserver | None) -> Iterator[None]:
    """Tell `observer` about every discover() and every item read, inside the block."""
    global _observer
    previous, _observer = _observer, observer
    try:
        yield
    finally:
        _observer = previous


def notify_sources(sources: Sequence[Source]) -> None:
    """For readers that do not use discover() (undo): a pass over `sources` begins."""
    if _observer is not None:
        _observer.sources(sources)


def notify_done(source: Source, items: int = 0) -> None:
    """For readers that do not use read_items() (undo): `source`, holding `items`
    documents, was read to its end."""
    if _observer is not None:
        _observer.done(source, items)


def _observed(
    items: Iterator[Document | Rejected], source: Source, observer: ReadObserver
) -> Iterator[Document | Rejected]:
    for item in items:
        observer.item(source, item)
        yield item
    observer.done(source)


def read_items(
    source: Source, text_field: str = "text", id_field: str = "id"
) -> Iterator[Document | Rejected]:
    """Documents (or Rejected inputs) of one source, in order."""
    items = _read_items(source, text_field, id_field)
    observer = _observer
    return items if observer is None else _observed(items, source, observer)


def _read_items(source: Source, text_field: str, id_field: str) -> Iterator[Document | Rejected]:
    if source.format is SourceFormat.BINARY:
        assert source.path is not None
        what = sniff_file(source.path) or "binary data"
        return iter([Rejected(source.display, None, f"binary file ({what}), skipped")])
    if source.format is SourceFormat.JSONL:
        from textclean.io import jsonl

        return jsonl.read_items(source, text_field, id_field)
    if source.format is SourceFormat.PARQUET:
        from textclean.io import parquet

        return parquet.read_items(source, text_field, id_field)
    from textclean.io import text

    return text.read_items(source)


def iter_items(
    sources: Iterable[Source], text_field: str = "text", id_field: str = "id", max_chars: int = 0
) -> Iterator[tuple[Source, Document | Rejected]]:
    """(source, item) for every document of `sources` in order, a document longer than
    `max_chars` characters (0: no limit) and a source that cannot be read as a Rejected."""
    for source in sources:
        try:
            if _file_too_long(source, max_chars):
                assert source.path is not None
                size = source.path.stat().st_size
                reason = f"too long: {size} bytes, more than --max-chars {max_chars} characters"
                yield source, Rejected(source.display, None, reason)
                continue
            for item in read_items(source, text_field, id_field):
                yield source, _within_limit(item, max_chars)
        except OSError as exc:
            yield source, Rejected(source.display, None, f"cannot read: {exc.strerror or exc}")


def iter_documents(
    sources: Iterable[Source], text_field: str = "text", id_field: str = "id"
) -> Iterator[tuple[Source, Document]]:
    """(source, document) for every document of `sources` that can be read, in order. What
    cannot be read is skipped: for a pass that only learns from the corpus (a vocabulary,
    `suggest`); the run that reads the same inputs reports it."""
    for source in sources:
        try:
            for item in read_items(source, text_field, id_field):
                if not isinstance(item, Rejected):
                    yield source, item
        except (OSError, EOFError):
            continue


def _file_too_long(source: Source, max_chars: int) -> bool:
    # UTF-8 takes at most 4 bytes a character, so a text file this big is too long unread.
    return bool(max_chars) and source.format is SourceFormat.TEXT and source.path is not None and (
        source.path.stat().st_size > 4 * max_chars
    )


def _within_limit(item: Document | Rejected, max_chars: int) -> Document | Rejected:
    """The item, or a Rejected for a document longer than `max_chars` (0: no limit)."""
    if isinstance(item, Rejected) or not max_chars or len(item.text) <= max_chars:
        return item
    display, position = record_location(item)
    return Rejected(
        display,
        position,
        f"too long: {len(item.text)} characters, more than --max-chars {max_chars}",
        item.meta.get("raw"),
        eol=item.meta.get("eol", b"\n"),
        before=item.meta.get("before", b""),
        after=item.meta.get("after", b""),
        keep=item.meta if "batch" in item.meta else None,  # a Parquet row stays in place
    )


def record_location(item: Document) -> tuple[str, int | None]:
    """(file, 1-based record number) of a JSONL or Parquet record; (id, None) for a file."""
    where = str(item.meta.get("source", item.id))
    display, _, number = where.rpartition(":")
    if display and number.isdigit():
        return display, int(number)
    return where, None


def writer_for(source: Source, dest: Path, text_field: str = "text") -> Any:
    """The record writer for a JSONL or Parquet source (same format as the input), or None
    for text files, which are written whole."""
    if source.format is SourceFormat.JSONL:
        from textclean.io.jsonl import JsonlWriter

        return JsonlWriter(dest, text_field)
    if source.format is SourceFormat.PARQUET:
        from textclean.io.parquet import ParquetWriter, input_schema

        return ParquetWriter(dest, text_field, input_schema(source))
    return None
