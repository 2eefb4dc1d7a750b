"""Atomic file output: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Self

from textclean.errors import WriteError


def _write_error(path: Path, exc: OSError) -> WriteError:
    return WriteError(f"cannot write {path}: {exc.strerror or exc}")


class CommitOnExit:
    """A `with` block for a writer: `commit()` when the block ends cleanly, else `abort()`."""

    def commit(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: Any, *rest: Any) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


_BUFFER = 1 << 18


def _umask() -> int:
    # os.umask can only be read by setting it; set it back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class AtomicFile(CommitOnExit):
    """A binary file that appears under `path` only when `commit()` is called.

    A crash or `kill -9` before then leaves at most a hidden `.name.PID.*.tmp` file; the final
    name never holds a partial file, and an existing file there is replaced in one step. The
    next run that writes into the same folder removes such leftovers of dead processes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_temp_files(path.parent.resolve())
            fd, tmp = tempfile.mkstemp(
                prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
            )
        except OSError as exc:
            raise _write_error(path, exc) from exc
        self._tmp = Path(tmp)
        # A larger buffer than the default 8 KiB: a record or a report entry is often as
        # long as that, so most writes were a system call each.
        self.file: IO[bytes] = os.fdopen(fd, "wb", buffering=_BUFFER)

    @property
    def tmp(self) -> Path:
        """The temporary file being written (its final name comes on `commit()`)."""
        return self._tmp

    @contextlib.contextmanager
    def _abort_on_error(self) -> Iterator[None]:
        """An OSError inside discards the temporary file and becomes a WriteError."""
        try:
            yield
        except OSError as exc:
            self.abort()
            raise _write_error(self.path, exc) from exc

    def write(self, data: bytes) -> None:
        # NOTE: `_abort_on_error` spelt out: a context manager per record cost more than the
        # write itself.
        try:
            self.file.write(data)
        except OSError as exc:
            self.abort()
            raise _write_error(self.path, exc) from exc

    def commit(self) -> None:
        with self._abort_on_error():
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            if self.path.exists():
                mode = self.path.stat().st_mode & 0o7777
            else:
                # mkstemp creates 0600; a new output gets what open() would give it.
                mode = 0o666 & ~_umask()
            os.chmod(self._tmp, mode)
            os.replace(self._tmp, self.path)

    def abort(self) -> None:
        try:
            self.file.close()
        except OSError:
            pass
        self._tmp.unlink(missing_ok=True)


_TEMP_NAME = re.compile(r"^\..+\.(?P<pid>[0-9]+)\.[A-Za-z0-9_]+\.tmp$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


@functools.lru_cache(maxsize=1024)
def remove_stale_temp_files(folder: Path) -> int:
    """Remove the temporary files that killed runs left in `folder`; how many were removed.

    Only names of the form AtomicFile makes (`.name.PID.random.tmp`) whose process is gone
    are removed, so a run writing into the same folder at the same time keeps its own. Done
    once per folder per process (the cache), as listing a big folder for every file is slow.
    """
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        m = _TEMP_NAME.match(entry.name)
        if m is None or int(m.group("pid")) == os.getpid() or _alive(int(m.group("pid"))):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass  # gone already, or not ours to remove: harmless either way
    return removed


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically."""
    with AtomicFile(path) as f:
        f.write(data)
