"""A progress bar for long runs (rich.progress), drawn from what textclean.io reads.

    with run_progress("fixing", enabled=progress_wanted(quiet, no_progress)):
        fix_paths(...)

It shows documents read, megabytes of input read out of the total, MB/s and the time left;
for several JSONL or Parquet files, a second line for the file being read. It is drawn on
standard error, and only when that is a terminal and `CI` is not set, so logs and pipes
stay clean (as pip and cargo do). Inputs read twice (--corpus-vocabulary, --reconcile)
start the bar again for the second pass.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from textclean.io import Source, observing
from textclean.model import Document

_REFRESH = 0.1  # seconds between updates of the bar (a run reads thousands of documents a second)


def progress_wanted(quiet: bool = False, no_progress: bool = False) -> bool:
    """Whether to draw a progress bar: not asked away, standard error a terminal, not in CI."""
    if quiet or no_progress or os.environ.get("CI"):
        return False
    return sys.stderr.isatty() and os.environ.get("TERM") != "dumb"


class RunProgress:
    """A textclean.io ReadObserver that draws the bar."""

    def __init__(self, verb: str, console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        self.verb = verb
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[docs]:>9,} docs"),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            refresh_per_second=5,
            # Standard output stays the program's own (a diff or fixed text may go there).
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._main: Any = None
        self._file: Any = None
        self._sizes: dict[Source, int] = {}
        self._several = False
        self._passes = 0
        self._current: Source | None = None
        self._credited = 0  # bytes of the current source counted so far
        self._done_bytes = 0  # bytes of the sources finished in this pass
        self._docs = 0
        self._last = 0.0
        self._file_docs_base = 0
        self._progress.start()

    # ReadObserver
    def sources(self, sources: Sequence[Source]) -> None:
        self._flush()
        self._passes += 1
        self._sizes = {s: _size(s) for s in sources}
        known = all(s.path is not None for s in sources)
        total = sum(self._sizes.values()) if known else None
        description = self.verb if self._passes == 1 else f"{self.verb} (pass {self._passes})"
        if self._main is not None:
            self._progress.remove_task(self._main)
        self._drop_file()
        self._main = self._progress.add_task(description, total=total, docs=0)
        self._several = sum(s.format.has_records for s in sources) > 1
        self._current, self._credited, self._done_bytes, self._docs = None, 0, 0, 0

    def item(self, source: Source, item: object) -> None:
        if source is not self._current:
            self._switch(source)
        self._docs += 1
        size = self._sizes.get(source, 0)
        # Input bytes behind the item: a JSONL record's line, else the text's length (a
        # compressed file is credited up to its size, then snaps to it when it ends).
        if isinstance(item, Document):
            raw = item.meta.get("raw")
            nbytes = len(raw) + 1 if isinstance(raw, bytes) else len(item.text)
        else:
            nbytes = 0
        self._credited = min(self._credited + nbytes, size) if size else self._credited + nbytes
        now = time.monotonic()
        if now - self._last >= _REFRESH:
            self._last = now
            self._flush()

    def done(self, source: Source, items: int = 0) -> None:
        if source is not self._current:
            self._switch(source)
        self._docs += items
        self._credited = self._sizes.get(source, self._credited) or self._credited
        self._flush()

    # ---
    def _switch(self, source: Source) -> None:
        """Close the books of the previous source (its whole size counts) and start `source`."""
        if self._current is not None:
            self._done_bytes += self._sizes.get(self._current, 0) or self._credited
        self._current, self._credited = source, 0
        self._drop_file()
        if self._several and source.format.has_records:
            self._file = self._progress.add_task(
                f"  {source.display}", total=self._sizes.get(source) or None, docs=0
            )
            self._file_docs_base = self._docs
        self._flush()

    def _drop_file(self) -> None:
        if self._file is not None:
            self._progress.remove_task(self._file)
            self._file = None

    def _flush(self) -> None:
        if self._main is None:
            return
        self._progress.update(self._main, completed=self._done_bytes + self._credited, docs=self._docs)
        if self._file is not None:
            self._progress.update(self._file, completed=self._credited,
                                  docs=self._docs - self._file_docs_base)

    def close(self) -> None:
        """Draw the final state and stop (the bar stays on the screen); safe to call twice."""
        if self._progress.live.is_started:
            self._flush()
            self._drop_file()
            self._progress.stop()


def _size(source: Source) -> int:
    try:
        return source.path.stat().st_size if source.path is not None else 0
    except OSError:
        return 0


@contextmanager
def run_progress(verb: str, enabled: bool) -> Iterator[RunProgress | None]:
    """A RunProgress observing every read inside the block (None, and nothing drawn, when not
    `enabled`); it is closed when the block ends, or earlier with close()."""
    if not enabled:
        yield None
        return
    progress = RunProgress(verb)
    try:
        with observing(progress):
            yield progress
    finally:
        progress.close()
