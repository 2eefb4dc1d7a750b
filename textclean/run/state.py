"""Resumable runs: a small state beside the output, so a killed run continues where it was.

`fix --out DEST` (and `check` writing a report file) keeps `DEST.textclean-state/`:

    state.json     inputs (path, size, hash of the first and last 64 KiB), the hash of the
                   rules and of the options that shape the output, how far the run got: the
                   inputs completed and, inside a plain JSONL input, the records completed and
                   the bytes of its output written for them
    journal.jsonl  what the completed part added to the report and the quarantine file,
                   in order (one line per document report, skipped input or quarantine line)
    partial        a hard link to the temporary output of the JSONL input in progress

A checkpoint is taken every `EVERY_ITEMS` documents or `EVERY_SECONDS` seconds, whichever
comes first (the environment variables TEXTCLEAN_CHECKPOINT_ITEMS and _SECONDS change them) (and the state is replaced atomically, so a kill at any moment leaves the last
one). `--resume` checks the inputs and rules against it and refuses if anything changed,
replays the journal into the report and the quarantine file, copies the partial output, and
skips what was done, so the output and every report are byte for byte those of a run that
was never interrupted. Completed runs remove the folder.

Inside an input, resuming at a record needs the output to be the input's bytes so far: plain
JSONL. A gzip-compressed JSONL or a Parquet input in progress is done again from its start
(its earlier inputs are still skipped).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from textclean._version import __version__
from textclean.errors import TextcleanError, WriteError
from textclean.io import Rejected, Source, SourceFormat

FORMAT_VERSION = 1
EVERY_ITEMS = 1000
EVERY_SECONDS = 2.0
_SAMPLE = 64 * 1024


class ResumeError(TextcleanError):
    """The state does not match this run: the inputs or the rules changed since."""


def state_dir(output: Path) -> Path:
    """`DEST.textclean-state` beside the output file or folder."""
    return output.parent / f"{output.name.rstrip('/')}.textclean-state"


def input_hash(path: Path) -> tuple[int, str]:
    """(size, hash of the size and the first and last 64 KiB): cheap on a 200 GB input, and
    it changes whenever a file grows, shrinks or is rewritten at either end."""
    size = path.stat().st_size
    digest = hashlib.blake2b(str(size).encode(), digest_size=12)
    with path.open("rb") as f:
        digest.update(f.read(_SAMPLE))
        if size > _SAMPLE:
            f.seek(max(_SAMPLE, size - _SAMPLE))
            digest.update(f.read())
    return size, digest.hexdigest()


def rules_hash(rules: Iterable[Any], settings: dict[str, Any]) -> str:
    """A hash of the rules (each one's full spec) and of the settings that shape the output."""
    from pydantic import BaseModel

    from textclean.rules.schema import spec_json

    digest = hashlib.blake2b(__version__.encode(), digest_size=12)
    for rule in sorted(rules, key=lambda r: r.code):
        digest.update(rule.code.encode())
        # spec_json needs no pydantic serializer built (model_dump_json would build one per
        # model: most of a cached run's start-up saving).
        spec = rule.spec
        digest.update(spec_json(spec) if isinstance(spec, BaseModel) else repr(spec).encode())
    digest.update(orjson.dumps(settings, default=str, option=orjson.OPT_SORT_KEYS))
    return digest.hexdigest()


class Checkpoint:
    """The runner's hooks (`RunOptions.checkpoint`): what to skip, what to journal, when to save.

    `begin()` once with the run's sources, report and quarantine; `pending()` gives the sources
    still to read and `skip()` drops the items already done of the first of them; `track()`
    wraps the run's results and saves the state between items; `opened()` is called with each
    record writer. `complete()` removes the state after a successful run.
    """

    def __init__(self, folder: Path, mode: str, rules: str, *, resume: bool = False,
                 on_replay: Callable[[Any], None] | None = None) -> None:
        self.folder = folder
        self.mode = mode
        self.rules = rules
        self.resume = resume
        self.on_replay = on_replay  # e.g. the Triager, to use up its baseline entries again
        self.resumed_from: dict[str, Any] | None = None
        self._sources: list[Source] = []
        self._inputs: list[list[Any]] = []
        self._done = 0  # sources before this index are complete
        self._records = 0  # items of source `_done` complete
        self._partial_bytes = 0  # output bytes of source `_done` for those items
        self._empty: set[int] = set()  # complete sources that had no items
        self._journal: Any = None
        self._report: Any = None
        self._writer: Any = None
        self._last = time.monotonic()
        self._since = 0
        # How often to save: tests and very slow runs may ask for more often.
        self.every_items = int(os.environ.get("TEXTCLEAN_CHECKPOINT_ITEMS", EVERY_ITEMS))
        self.every_seconds = float(os.environ.get("TEXTCLEAN_CHECKPOINT_SECONDS", EVERY_SECONDS))

    # -- start -----------------------------------------------------------------------------

    def begin(self, sources: Sequence[Source], report: Any, quarantine: Any) -> tuple[Any, Any]:
        """Check and load the state; return the report and quarantine to use (journaling)."""
        self._sources = list(sources)
        self._inputs = [self._input(s) for s in self._sources]
        try:
            return self._begin(report, quarantine)
        except OSError as exc:
            output = self.folder.parent / self.folder.name.removesuffix(".textclean-state")
            raise WriteError(f"cannot write {output}: its run state {self.folder.name}: "
                             f"{exc.strerror or exc}") from exc

    def _begin(self, report: Any, quarantine: Any) -> tuple[Any, Any]:
        state_file = self.folder / "state.json"
        journal = self.folder / "journal.jsonl"
        if self.resume and state_file.is_file():
            state = orjson.loads(state_file.read_bytes())
            self._check(state)
            self.resumed_from = state
            self._done, self._records = state["done"], state["records"]
            self._partial_bytes = state["partial_bytes"]
            self._empty = set(state["empty"])
            with journal.open("r+b") as f:
                f.truncate(state["journal_bytes"])
        elif self.folder.exists():  # an interrupted run's state, not resumed: start over
            shutil.rmtree(self.folder)
        self._report = _JournaledReport.wrap(report, self)
        quarantine = _JournaledQuarantine.wrap(quarantine, self)
        if self.resumed_from is not None:
            self._replay(journal, quarantine)
            self._journal = journal.open("ab")
        else:
            # Kept in memory until the first save: a run that ends (or fails) before then
            # leaves nothing beside its output.
            self._journal = io.BytesIO()
        self._source_journal = self._journal.tell()
        return self._report, quarantine

    def _input(self, source: Source) -> list[Any]:
        if source.path is None:
            raise TextcleanError("a resumable run cannot read standard input")
        try:
            size, digest = input_hash(source.path)
        except OSError as exc:  # the run quarantines it; a resume must see the same
            return [source.display, None, f"unreadable: {exc.strerror or exc}"]
        return [source.display, size, digest]

    def _check(self, state: dict[str, Any]) -> None:
        if state.get("textclean_state") != FORMAT_VERSION or state.get("mode") != self.mode:
            raise ResumeError(f"{self.folder}: not the state of a `{self.mode}` run of this version")
        if state["rules"] != self.rules:
            raise ResumeError("cannot resume: the rules or the options changed since the "
                              "interrupted run; start again without --resume")
        old = {i[0]: i for i in state["inputs"]}
        new = {i[0]: i for i in self._inputs}
        for name in sorted(set(old) | set(new)):
            if name not in new:
                raise ResumeError(f"cannot resume: input {name} is gone since the interrupted run")
            if name not in old:
                raise ResumeError(f"cannot resume: input {name} is new since the interrupted run")
            if old[name] != new[name]:
                raise ResumeError(f"cannot resume: input {name} changed since the interrupted "
                                  f"run (size {old[name][1]} -> {new[name][1]}, or its content)")
        if [i[0] for i in state["inputs"]] != [i[0] for i in self._inputs]:
            raise ResumeError("cannot resume: the inputs are in another order")

    def _replay(self, journal: Path, quarantine: Any) -> None:
        from textclean.report.report import DocumentReport

        report = self._report
        with journal.open("rb") as f:
            for line in f:
                entry = orjson.loads(line)
                if "d" in entry:
                    doc = DocumentReport.from_dict(entry["d"])
                    if self.on_replay is not None:
                        self.on_replay(doc)
                    report.add(doc, journal=False)
                elif "e" in entry:
                    report.add_error(**entry["e"], journal=False)
                else:
                    quarantine.add_line(entry["q"].encode("utf-8"))

    # -- during the run --------------------------------------------------------------------

    def pending(self, sources: Sequence[Source]) -> list[Source]:
        """The sources still to read (the one in progress first)."""
        return list(sources[self._done :])

    def done_with_items(self) -> list[Source]:
        """Complete sources that had items (their outputs are written), and the one in
        progress when it is resumed at a record (its output is, or will be, written)."""
        done = [s for i, s in enumerate(self._sources[: self._done]) if i not in self._empty]
        if self._records and self._done < len(self._sources) and self._resumable(self._sources[self._done]):
            done.append(self._sources[self._done])
        return done

    def skip(self, items: Iterable[tuple[Source, Any]]) -> Iterator[tuple[Source, Any]]:
        """`items` without the ones of the source in progress that were done."""
        if self.resumed_from is None or not self._records:
            yield from items
            return
        first = self._sources[self._done] if self._done < len(self._sources) else None
        left = self._records if self._resumable(first) else 0
        if not left:
            self._records = self._partial_bytes = 0
            yield from items
            return
        rest = False  # has an item of `first` been left to do?
        for pair in items:
            if pair[0] is first:
                if left:
                    left -= 1
                    continue
                rest = True
            elif not rest and not left:
                self._finish_partial()
                rest = True
            yield pair
        if not rest and not left:
            self._finish_partial()

    def _finish_partial(self) -> None:
        """Every item of the source in progress was done: its output is the partial one."""
        from textclean.io.atomic import AtomicFile

        raw = self.resumed_from.get("partial_dest") if self.resumed_from else None
        if raw is None:  # a check writes no output
            return
        dest = Path(raw)
        with AtomicFile(dest) as out, (self.folder / "partial").open("rb") as f:
            left = self._partial_bytes
            while left:
                chunk = f.read(min(left, 1 << 20))
                if not chunk:
                    raise ResumeError("the partial output is shorter than the state says")
                out.write(chunk)
                left -= len(chunk)

    def _resumable(self, source: Source | None) -> bool:
        """Can a run resume inside `source`? A check, always (it writes no output); a fix
        when the output is the bytes so far: plain JSONL."""
        if source is None:
            return False
        return self.mode == "check" or (source.format is SourceFormat.JSONL and not source.display.endswith(".gz"))

    def opened(self, source: Source, writer: Any) -> None:
        """A record writer was made for `source`: give it the partial output when resuming."""
        self._writer = writer
        if self._records and source is self._sources[self._done] and self.resumed_from is not None:
            partial = self.folder / "partial"
            with partial.open("rb") as f:
                left = self._partial_bytes
                while left:
                    chunk = f.read(min(left, 1 << 20))
                    if not chunk:
                        raise ResumeError(f"{partial}: the partial output is shorter than the state says")
                    writer.write_raw(chunk)
                    left -= len(chunk)

    def track(self, results: Iterable[tuple[Source, Any, Any]], writer: Callable[[], Any] = lambda: None
              ) -> Iterator[tuple[Source, Any, Any]]:
        """The run's results, unchanged; between two items (the first one's work all done)
        the state is saved now and then."""
        index = {id(s): i for i, s in enumerate(self._sources)}
        for source, item, result in results:
            i = index[id(source)]
            if i != self._done:
                self._empty.update(range(self._done + (1 if self._records else 0), i))
                self._done, self._records = i, 0
                self._source_journal = self._journal.tell()  # where its entries start
            yield source, item, result
            self._records += 1
            self._since += 1
            if self._since >= self.every_items or time.monotonic() - self._last >= self.every_seconds:
                self.save(writer())

    def save(self, writer: Any = None) -> None:
        """Write the state: the journal so far, the partial output, how far the run got."""
        try:
            self._save(writer)
        except OSError as exc:
            raise WriteError(f"cannot write the run state {self.folder}: {exc.strerror or exc}") from exc

    def _save(self, writer: Any) -> None:
        if isinstance(self._journal, io.BytesIO):
            self.folder.mkdir(parents=True, exist_ok=True)
            journal = (self.folder / "journal.jsonl").open("wb")
            journal.write(self._journal.getvalue())
            self._journal = journal
        self._journal.flush()
        os.fsync(self._journal.fileno())
        partial_bytes, partial_dest = 0, None
        source = self._sources[self._done] if self._done < len(self._sources) else None
        records = self._records
        if records and self.mode == "fix" and self._resumable(source):
            if writer is None or writer is not self._writer:
                records = 0
            else:
                partial_dest, tmp, partial_bytes = writer.flushed()
                self._link_partial(tmp)
        elif records and not self._resumable(source):
            records = 0  # done again from its start on resume
        journal_bytes = self._journal.tell()
        if not records:  # the source in progress is done again: so are its journal entries
            journal_bytes = self._source_journal
        state = {
            "textclean_state": FORMAT_VERSION, "mode": self.mode, "rules": self.rules,
            "inputs": self._inputs, "done": self._done, "records": records,
            "partial_bytes": partial_bytes, "partial_dest": str(partial_dest) if partial_dest else None,
            "empty": sorted(self._empty),
            "journal_bytes": journal_bytes,
        }
        from textclean.io.atomic import write_atomic

        write_atomic(self.folder / "state.json", orjson.dumps(state))
        self._last, self._since = time.monotonic(), 0

    def _link_partial(self, tmp: Path) -> None:
        partial = self.folder / "partial"
        if not (partial.exists() and os.path.samefile(partial, tmp)):
            link = self.folder / "partial.new"
            link.unlink(missing_ok=True)
            os.link(tmp, link)
            os.replace(link, partial)

    def write(self, entry: dict[str, Any]) -> None:
        try:
            self._journal.write(orjson.dumps(entry, option=orjson.OPT_APPEND_NEWLINE))
        except OSError as exc:
            raise WriteError(f"cannot write the run state {self.folder}: {exc.strerror or exc}") from exc

    def complete(self) -> None:
        """The run finished: the state is no longer needed."""
        if self._journal is not None:
            try:
                self._journal.close()
            except OSError:
                pass  # removed next anyway
        shutil.rmtree(self.folder, ignore_errors=True)

    def close(self) -> None:
        """The run stopped with an error: keep the state (saved as far as it is sound)."""
        if self._journal is not None and not self._journal.closed:
            self._journal.close()


class _JournaledReport:
    """Builds the journaling subclass of the run's Report lazily (report.py stays unaware)."""

    @staticmethod
    def wrap(report: Any, checkpoint: Checkpoint) -> Any:
        from textclean.report.report import Report

        class JournaledReport(Report):
            def add(self, doc: Any, journal: bool = True) -> None:
                if journal:
                    checkpoint.write({"d": doc.to_dict()})
                super().add(doc)

            def add_error(self, source: str, reason: str, journal: bool = True, **extra: Any) -> None:
                if journal:
                    checkpoint.write({"e": {"source": source, "reason": reason, **extra}})
                super().add_error(source, reason, **extra)

        out = JournaledReport(mode=report.mode, rules=report.rules)
        return out


class _JournaledQuarantine:
    @staticmethod
    def wrap(quarantine: Any, checkpoint: Checkpoint) -> Any:
        from textclean.io.atomic import AtomicFile
        from textclean.io.jsonl import dumps

        class JournaledQuarantine(type(quarantine)):  # type: ignore[misc]
            _file: AtomicFile | None
            path: Path | None
            def add(self, item: Rejected) -> None:
                checkpoint.write({"q": dumps(item.to_dict()).decode("utf-8")})
                super().add(item)

            def add_line(self, line: bytes) -> None:
                """A line of the quarantine file as the interrupted run wrote it."""
                if self.path is None:
                    return
                if self._file is None:
                    self._file = AtomicFile(self.path)
                self._file.write(line + b"\n")

        out = JournaledQuarantine(quarantine.path)
        return out
