"""Plain text and Markdown files: one file, one document."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from types import MappingProxyType

from textclean.io import Rejected, Source
from textclean.model import Document

# Magic numbers of files that are not text whatever their name says.
_BINARY_MAGIC = {
    b"\x1f\x8b": "gzip data",
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PAR1": "Parquet data",
}


def decode(data: bytes, display: str) -> str | Rejected:
    """Bytes -> text, strictly: invalid UTF-8 is rejected with its position, never replaced."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return Rejected(display, None, f"binary file ({what}), skipped")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected(
            display, None,
            f"invalid UTF-8 at byte {exc.start}: {data[exc.start:exc.end]!r}",
            data,
        )


def read_items(source: Source) -> Iterator[Document | Rejected]:
    """One Document for the file (a leading BOM stays part of the text), or a Rejected."""
    if source.path is None:
        data = sys.stdin.buffer.read()
    else:
        data = source.path.read_bytes()
    text = decode(data, source.display)
    if isinstance(text, Rejected):
        yield text
        return
    yield Document(source.display, text, MappingProxyType({"source": source.display}))
