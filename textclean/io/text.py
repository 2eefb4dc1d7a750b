"""Plain text and Markdown files: one file, one document."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

from textclean.errors import ReadError
from textclean.io import Rejected, Source
from textclean.io.sniff import SNIFF_BYTES, binary_kind
from textclean.model import Document


def decode(data: bytes, display: str) -> str | Rejected:
    """Bytes -> text, strictly: invalid UTF-8 is rejected with its position, never replaced.

    Binary data (by magic number, or mostly NUL bytes) is rejected as skipped; the raw bytes
    of a binary file are not copied to the quarantine, the path is enough to find it.
    """
    what = binary_kind(data[:SNIFF_BYTES])
    if what is not None:
        return Rejected(display, None, f"binary file ({what}), skipped")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Rejected(
            display, None,
            f"invalid UTF-8 at byte {exc.start} (line {line}): {data[exc.start:exc.end]!r}",
            data,
            offset=exc.start,
        )


def read_text(path: str) -> str:
    """The whole text of a file or of standard input ("-"); ReadError when it cannot be read
    or is not text (`decode`)."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror or exc}") from exc
    text = decode(data, path)
    if isinstance(text, Rejected):
        raise ReadError(path, text.reason)
    return text


def read_items(source: Source) -> Iterator[Document | Rejected]:
    """One Document for the file (a leading BOM stays part of the text), or a Rejected."""
    if source.path is None:
        data = (source.stream if source.stream is not None else sys.stdin.buffer).read()
    else:
        data = source.path.read_bytes()
    text = decode(data, source.display)
    if isinstance(text, Rejected):
        yield text
        return
    yield Document(source.display, text, MappingProxyType({"source": source.display}))
