"""Telling binary files from text by their first bytes, whatever their name says.

Scraped corpora hold gzip shards without an extension, images and PDFs saved next to the
articles, and now and then a `.txt` that is really something else. Decoding those as text would
either fail on the first invalid byte or, worse, succeed and feed noise to the rules, so they
are recognised up front and skipped with a reason.
"""

from __future__ import annotations

from pathlib import Path

SNIFF_BYTES = 8192  # how much of a file is looked at

# Magic numbers of formats that are never text.
_BINARY_MAGIC = {
    b"\x1f\x8b": "gzip data",
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PAR1": "Parquet data",
    b"BZh": "bzip2 data",
    b"\xfd7zXZ\x00": "xz data",
    b"(\xb5/\xfd": "zstd data",
    b"\x7fELF": "an ELF executable",
    b"RIFF": "a RIFF (WebP/WAV/AVI) file",
    b"OggS": "an Ogg file",
    b"SQLite format 3\x00": "an SQLite database",
}

# A share of NUL bytes above this in the sniffed head means binary data (or UTF-16 text, which
# is not UTF-8 either). Text with a stray NUL or two stays text: the rules can repair it.
_NUL_SHARE = 0.1


def binary_kind(head: bytes) -> str | None:
    """What binary format `head` (the first bytes of a file) is, or None for text.

    >>> binary_kind(b"\\x89PNG\\r\\n\\x1a\\n")
    'a PNG image'
    >>> binary_kind(b"Hello\\x00 world") is None
    True
    >>> binary_kind(b"a\\x00b\\x00c\\x00")
    'binary data (50% NUL bytes)'
    """
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            return what
    sample = head[:SNIFF_BYTES]
    if sample:
        share = sample.count(0) / len(sample)
        if share > _NUL_SHARE:
            return f"binary data ({share:.0%} NUL bytes)"
    return None


def sniff_file(path: Path) -> str | None:
    """`binary_kind` of a file's first bytes; None for text or a file that cannot be read
    (reading it later reports that error with its reason)."""
    try:
        with path.open("rb") as handle:
            return binary_kind(handle.read(SNIFF_BYTES))
    except OSError:
        return None
