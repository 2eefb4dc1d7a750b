"""Atomic file output: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Any

from textclean.errors import WriteError


class AtomicFile:
    """A binary file that appears under `path` only when `commit()` is called.

    A crash or `kill -9` before then leaves at most a hidden `.name.*.tmp` file; the final
    name never holds a partial file, and an existing file there is replaced in one step.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as exc:
            raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from exc
        self._tmp = Path(tmp)
        self.file: IO[bytes] = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        try:
            self.file.write(data)
        except OSError as exc:
            self.abort()
            raise WriteError(f"cannot write {self.path}: {exc.strerror or exc}") from exc

    def commit(self) -> None:
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            if self.path.exists():
                os.chmod(self._tmp, self.path.stat().st_mode & 0o7777)
            os.replace(self._tmp, self.path)
        except OSError as exc:
            self.abort()
            raise WriteError(f"cannot write {self.path}: {exc.strerror or exc}") from exc

    def abort(self) -> None:
        try:
            self.file.close()
        except OSError:
            pass
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically."""
    with AtomicFile(path) as f:
        f.write(data)
