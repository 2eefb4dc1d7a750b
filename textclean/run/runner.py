"""Runs over files and folders: read, check or fix, write, count. The CLI stays thin.

    check_paths(paths, rules, options)            -> Report
    fix_paths(paths, rules, options, output)      -> Report
    (either with Collaborators(mapper=..., triage=..., checkpoint=...) after them)

Inputs are streamed one source at a time and outputs written atomically per file. Inputs that
cannot be read become quarantine records (with the reason) and are counted in the report.
"""

from __future__ import annotations

import difflib
import gc
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol, TypeVar

from textclean import api
from textclean.errors import ReadError, TextcleanError, WriteError
from textclean.io import (
    Rejected,
    Source,
    SourceFormat,
    discover,
    iter_items,
    record_location,
    writer_for,
)
from textclean.io.atomic import AtomicFile, write_atomic
from textclean.io.jsonl import JsonlWriter, dumps
from textclean.io.parquet import ParquetWriter
from textclean.model import Document
from textclean.report.report import DocumentReport, Mode, Report
from textclean.rules.kinds import DEFAULT_REGEX_TIMEOUT, Rule

if TYPE_CHECKING:
    from textclean.corpus.dups import NearDuplicateIndex
    from textclean.corpus.reconcile import Reconciler
    from textclean.run.state import Checkpoint

# Longer documents are quarantined, not processed. Fixing one document of this size already
# takes seconds and ~150 MB, and 50 MB about 1 GB (benchmarks/memory.py); a news page is rarely
# 1% of it.
DEFAULT_MAX_CHARS = 5_000_000


@dataclass
class RunOptions:
    """A run's settings, plain values only. The objects a run works with are passed to
    check_paths and fix_paths apart: `Collaborators`, and their own near-duplicate index
    (check) or reconciler (fix)."""

    text_field: str = "text"
    id_field: str = "id"
    unsafe_fixes: bool = False
    timeout: float = DEFAULT_REGEX_TIMEOUT
    quarantine: Path | None = None
    keep_text: bool = False  # keep each input text in the report (for HTML diffs)
    max_chars: int = DEFAULT_MAX_CHARS  # longer documents are quarantined; 0: no limit
    # fix: move byline/date/source-URL lines of JSONL records into fields (textclean.run.metadata)
    extract_metadata: bool = False
    # How standard input (`-`) is read: auto (JSONL when its first line is a JSON object), text
    # or jsonl (textclean.io.stdin_source)
    input_format: str = "auto"


# Sets findings aside as each document is counted: suppressions and a baseline
# (textclean.report.triage.Triager; called with the document report and the document).
Triage = Callable[[DocumentReport, Document], DocumentReport]


@dataclass
class FixOutput:
    """Where fixed documents go: exactly one of out / in_place / diff / stdout."""

    out: Path | None = None
    in_place: bool = False
    diff: IO[str] | None = None  # write a unified diff here instead of files
    # `--out -`, or stdin input with no --out: the fixed text (or JSONL records) of the one
    # source goes to this stream
    stdout: IO[bytes] | None = None
    written: list[Path] = field(default_factory=list)
    # Called with (source, document, fixed text, report) for each document written out, in
    # output order; the edit ledger (textclean.run.ledger) listens here.
    on_written: Callable[[Source, Document, str, DocumentReport], None] | None = None
    # Called with (source, input, written back) for each input the run quarantined: whether
    # its bytes went to the output unchanged (in place, a kept Parquet row) or were left out.
    on_quarantined: Callable[[Source, Rejected, bool], None] | None = None


class _Quarantine:
    """Quarantine file, created on the first rejected input and committed at the end."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._file: AtomicFile | None = None

    def add(self, item: Rejected) -> None:
        if self.path is None:
            return
        if self._file is None:
            self._file = AtomicFile(self.path)
        self._file.write(dumps(item.to_dict()) + b"\n")

    def close(self) -> None:
        if self._file is not None:
            self._file.commit()

    def abort(self) -> None:
        if self._file is not None:
            self._file.abort()


def _reject(report: Report, quarantine: _Quarantine, item: Rejected) -> None:
    report.add_error(item.source, item.reason, line=item.position)
    quarantine.add(item)


class DocumentMapper(Protocol):
    """Does the per-document work of a run somewhere else (e.g. a Dask cluster).

    Each method takes the run's documents lazily and yields one result per document in the
    same order; it may read ahead. Reading, writing and the report stay in this process, so
    a mapped run writes and reports exactly what a local run does.
    """

    def check(
        self, docs: Iterable[Document], rules: Sequence[Rule], options: RunOptions
    ) -> Iterator[DocumentReport]: ...

    def fix(
        self, docs: Iterable[Document], rules: Sequence[Rule], options: RunOptions
    ) -> Iterator[tuple[str, DocumentReport]]: ...


@dataclass
class Collaborators:
    """The objects a check or fix run works with besides its settings (`RunOptions`), each
    optional: `mapper` runs the per-document work elsewhere (None: in this process);
    `triage` sets findings aside as each document is counted; `checkpoint` saves how far the
    run got and skips what a killed run did (textclean.run.state)."""

    mapper: DocumentMapper | None = None
    triage: Triage | None = None
    checkpoint: Checkpoint | None = None

    def begin(self, sources: list[Source], rules: Sequence[Rule], mode: Mode,
              options: RunOptions) -> tuple[Report, _Quarantine, Sequence[Source]]:
        """A run's report, its quarantine and the sources still to read: all of them, or with
        a checkpoint what a killed run left (its report and quarantine go on)."""
        report = Report.for_rules(rules, mode)
        quarantine = _Quarantine(options.quarantine)
        if self.checkpoint is None:
            return report, quarantine, sources
        report, quarantine = self.checkpoint.begin(sources, report, quarantine)
        return report, quarantine, self.checkpoint.pending(sources)

    def results(
        self,
        pending: Sequence[Source],
        options: RunOptions,
        mapped: Callable[[DocumentMapper, Iterable[Document]], Iterator[Any]],
        local: Callable[[Document], Any],
        writer: Callable[[], Any] = lambda: None,
    ) -> Iterator[tuple[Source, Any, Any]]:
        """(source, item, result) of the items of `pending` (without those a killed run
        completed), in input order; a Rejected item's result is None. The documents' work is
        `mapped` on the mapper (`mapper.check` or `mapper.fix`), else `local` on each one
        here. A checkpoint saves how far the run got (`writer`: the output being written)."""
        items = iter_items(pending, options.text_field, options.id_field, options.max_chars)
        mapper, checkpoint = self.mapper, self.checkpoint
        if checkpoint is not None:
            items = checkpoint.skip(items)
        if mapper is not None:
            results = _with_results(items, lambda docs: mapped(mapper, docs))
        else:
            results = _with_results(items, lambda docs: map(local, docs))
        return frozen_after_first(results if checkpoint is None else checkpoint.track(results, writer))

    def located(self, doc_report: DocumentReport, doc: Document, options: RunOptions) -> DocumentReport:
        """The report with the document's source (a JSONL record's file:line) and, when asked
        and there is something to show, its input text; then triaged."""
        source = doc.meta.get("source")
        source = None if source == doc_report.id else source
        keep = options.keep_text and bool(doc_report.findings)
        if source is not None or keep:
            doc_report = doc_report.placed(source, doc.text if keep else None)
        return doc_report if self.triage is None else self.triage(doc_report, doc)


T = TypeVar("T")


def frozen_after_first(results: Iterator[T]) -> Iterator[T]:
    """`results`, with what is alive once the first has come (the compiled rules, the
    lexicons, the parsed settings: what every document reads) frozen for the rest of the
    run (`gc.freeze`), then unfrozen. A full pass of the collector walked all of it for
    nothing, 30-50 ms each (one came every 10 MB of JSONL, fixed). A caller that froze the
    heap itself keeps its own freeze."""
    if gc.get_freeze_count():
        yield from results
        return
    try:
        for n, result in enumerate(results):
            yield result
            if n == 0:
                gc.freeze()
    finally:
        gc.unfreeze()


def _with_results(
    pairs: Iterable[tuple[Source, Any]], run: Callable[[Iterable[Document]], Iterator[Any]]
) -> Iterator[tuple[Source, Any, Any]]:
    """(source, item, result) in input order: `run` gets the documents, Rejected items pass
    by with result None. Items `run` has read ahead wait in a queue until their turn."""
    pending: deque[tuple[Source, Any]] = deque()

    def docs() -> Iterator[Document]:
        for pair in pairs:
            pending.append(pair)
            if not isinstance(pair[1], Rejected):
                yield pair[1]

    for result in run(docs()):
        while isinstance(pending[0][1], Rejected):
            yield (*pending.popleft(), None)
        yield (*pending.popleft(), result)
    while pending:  # Rejected items after the last document
        yield (*pending.popleft(), None)


def check_paths(
    paths: Iterable[str],
    rules: Sequence[Rule],
    options: RunOptions,
    using: Collaborators | None = None,
    *,
    near_duplicates: NearDuplicateIndex | None = None,
) -> Report:
    """Check every document under `paths`; return the report.

    `using`: the mapper, triager and checkpoint the run works with (`Collaborators`);
    `near_duplicates` also indexes each document for the report's near-duplicate groups
    (`dups`)."""
    using = using or Collaborators()
    sources = _sources(paths, options)
    report, quarantine, pending = using.begin(sources, rules, "check", options)
    results = using.results(pending, options,
                            mapped=lambda mapper, docs: mapper.check(docs, rules, options),
                            local=lambda doc: check_document(doc, rules, options))
    try:
        for _source, item, doc_report in results:
            if isinstance(item, Rejected):
                _reject(report, quarantine, item)
                continue
            report.add(using.located(doc_report, item, options))
            if near_duplicates is not None:
                near_duplicates.add(item.id, item.text)
    except BaseException:
        quarantine.abort()
        raise
    quarantine.close()
    if near_duplicates is not None:
        report.dups = near_duplicates.result()
    return report


def _sources(paths: Iterable[str], options: RunOptions) -> list[Source]:
    """The sources under `paths`; ReadError (exit 2) when there is none, as for a missing
    file: a run that reads nothing must not pass as a clean corpus of 0 documents."""
    paths = list(paths)
    sources = discover(paths, options.input_format)
    if not sources:
        raise ReadError(", ".join(paths), "no input to read: no .txt, .md, .jsonl, .jsonl.gz or "
                                          ".parquet file (hidden files and folders are skipped)")
    return sources


def check_document(doc: Document, rules: Sequence[Rule], options: RunOptions) -> DocumentReport:
    """One document's report (`textclean.api.check_document` with these options)."""
    return api.check_document(doc, rules, timeout=options.timeout)


def fix_document(
    doc: Document, rules: Sequence[Rule], options: RunOptions, reconciler: Reconciler | None = None
) -> tuple[str, DocumentReport]:
    """The fixed text and the document's report (`textclean.api.fix_document`; with a
    reconciler, its repairs first)."""
    if reconciler is not None:
        return reconciler.fix_document(doc, rules, unsafe_fixes=options.unsafe_fixes,
                                       timeout=options.timeout)
    return api.fix_document(doc, rules, unsafe_fixes=options.unsafe_fixes, timeout=options.timeout)


def default_quarantine(out: Path) -> Path:
    """`DEST.quarantine.jsonl` beside the output file or folder."""
    return out.parent / f"{out.name.rstrip('/')}.quarantine.jsonl"


class _Outputs:
    """Where fix_paths writes each source: the record writer (JSONL, Parquet) of the source
    being read, opened when its first item comes and committed when the next source begins,
    and the sources begun or given up so far."""

    def __init__(self, output: FixOutput, options: RunOptions, single_file: bool,
                 checkpoint: Checkpoint | None) -> None:
        self.output = output
        self.text_field = options.text_field
        self.single_file = single_file
        self.checkpoint = checkpoint
        self.current: Source | None = None
        self.abandoned: Source | None = None  # a source whose output was given up
        self.writer: JsonlWriter | ParquetWriter | None = None
        self.dest = Path()  # where `writer` writes
        self.started: set[Source] = set()

    def enter(self, source: Source) -> None:
        """The next item is of `source`: finish the previous source, open this one's writer."""
        if source is self.current:
            return
        self.finish()
        self.current = source
        self.started.add(source)
        output = self.output
        if source.format is SourceFormat.PARQUET and output.stdout is not None:
            raise WriteError(f"{source.display}: Parquet cannot be written to standard "
                             "output; give --out FILE.parquet")
        if source.format is SourceFormat.JSONL and output.stdout is not None:
            self.writer = JsonlWriter(None, self.text_field, stream=output.stdout)
            self.dest = Path()
        elif source.format.has_records and output.diff is None:
            dest = _destination(source, output, self.single_file)
            if dest is not None:
                self.writer = writer_for(source, dest, self.text_field)
                self.dest = dest
                output.written.append(dest)
                if self.checkpoint is not None:
                    self.checkpoint.opened(source, self.writer)

    def give_up(self, source: Source) -> None:
        """`source` cannot be written whole: its output (or, in place, the input itself) is
        left as it was rather than replaced by a part."""
        assert self.writer is not None
        self.writer.abort()
        if self.dest in self.output.written:
            self.output.written.remove(self.dest)
        self.writer, self.abandoned = None, source

    def finish(self) -> None:
        if self.writer is not None:
            self.writer.commit()
            self.writer = None

    def empty_jsonl(self, sources: Sequence[Source]) -> None:
        """A JSONL file with no records still gets its (empty) output: a missing file would
        look like a failed run to the next step of a pipeline."""
        output = self.output
        for source in sources:
            if source not in self.started and source.format is SourceFormat.JSONL and output.diff is None:
                dest = None if output.in_place else _destination(source, output, self.single_file)
                if dest is not None:
                    self.writer = writer_for(source, dest, self.text_field)
                    self.finish()
                    output.written.append(dest)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()


def fix_paths(
    paths: Iterable[str],
    rules: Sequence[Rule],
    options: RunOptions,
    output: FixOutput,
    using: Collaborators | None = None,
    *,
    reconciler: Reconciler | None = None,
) -> Report:
    """Fix every document under `paths` into `output`; return the report.

    `using` as for check_paths; `reconciler` first repairs what the other versions of a
    document show (textclean.corpus.reconcile; not with a mapper)."""
    using = using or Collaborators()
    checkpoint = using.checkpoint
    paths = list(paths)
    sources = _sources(paths, options)
    single_file = len(sources) == 1 and not any(Path(p).is_dir() for p in paths if p != "-")
    report, quarantine, pending = using.begin(sources, rules, "fix", options)
    outputs = _Outputs(output, options, single_file, checkpoint)
    if checkpoint is not None:
        outputs.started.update(checkpoint.done_with_items())
    results = using.results(pending, options,
                            mapped=lambda mapper, docs: mapper.fix(docs, rules, options),
                            local=lambda doc: fix_document(doc, rules, options, reconciler),
                            writer=lambda: outputs.writer)
    try:
        for source, item, fixed in results:
            outputs.enter(source)
            writer = outputs.writer
            if isinstance(item, Rejected):
                _reject(report, quarantine, item)
                kept = _keep_rejected(writer, item, output) if writer is not None else output.in_place
                if kept is None:
                    outputs.give_up(source)
                    kept = output.in_place
                if output.on_quarantined is not None and output.diff is None:
                    output.on_quarantined(source, item, kept)
                continue
            if source is outputs.abandoned:
                continue
            new_text, doc_report = fixed
            extra = None
            if options.extract_metadata and source.format is SourceFormat.JSONL and doc_report.error is None:
                from textclean.run.metadata import extract_metadata, moves_as_fixes

                extracted = extract_metadata(new_text, rules, item.meta.get("record"))
                # the move is one more pass of fixes: reports, ledger and undo see it
                doc_report = moves_as_fixes(new_text, doc_report, extracted, rules,
                                            url=item.meta.get("url"), timeout=options.timeout)
                new_text, extra = extracted.text, extracted.fields or None
            doc_report = using.located(doc_report, item, options)
            if doc_report.error is None and doc_report.remaining and output.diff is None:
                where = _output_location(source, item, output, single_file, writer, outputs.dest)
                doc_report = doc_report.written_to(where)
            report.add(doc_report)
            if doc_report.error is not None:
                # Counted as a document error by report.add(); nothing is written for it, so
                # the quarantine file keeps the input.
                raw = item.meta.get("raw") or item.text.encode("utf-8")
                display, position = record_location(item)
                failed = Rejected(display, position, doc_report.error, raw,
                                  eol=item.meta.get("eol", b"\n"), before=item.meta.get("before", b""),
                                  after=item.meta.get("after", b""))
                quarantine.add(replace(failed, source=item.meta.get("source", item.id), position=None))
                kept = output.in_place
                if writer is not None and (output.in_place or hasattr(writer, "write_kept")):
                    # in place (and a Parquet row always), the record stays as it was
                    writer.write(item, item.text)
                    kept = True
                elif writer is not None:
                    _write_blanks(writer, failed.before + failed.after)
                if output.on_quarantined is not None and output.diff is None:
                    output.on_quarantined(source, failed, kept)
                continue
            if output.diff is not None:
                _write_diff(output.diff, source, item, new_text)
            elif writer is not None:
                writer.write(item, new_text, extra)
            elif output.stdout is not None:
                output.stdout.write(new_text.encode("utf-8"))
            elif not (output.in_place and new_text == item.text):
                dest = _destination(source, output, single_file)
                if dest is not None:
                    write_atomic(dest, new_text.encode("utf-8"))
                    output.written.append(dest)
            if output.on_written is not None and output.diff is None:
                output.on_written(source, item, new_text, doc_report)
        outputs.finish()
        outputs.empty_jsonl(sources)
    except BaseException:
        outputs.abort()
        quarantine.abort()
        raise
    quarantine.close()
    return report


def _output_location(
    source: Source, doc: Document, output: FixOutput, single_file: bool, writer: Any, dest: Path
) -> str | None:
    """Where `doc` is about to be written: the file, and for a record its line (row) there."""
    name = "<stdout>" if output.stdout is not None else str(dest)
    if isinstance(writer, JsonlWriter):
        blank_lines = doc.meta.get("before", b"").count(b"\n")
        return f"{name}:{writer.lines + blank_lines + 1}"
    if isinstance(writer, ParquetWriter):
        return f"{name}:{writer.rows + 1}"
    if output.stdout is not None:
        return name
    target = _destination(source, output, single_file)
    return None if target is None else str(target)


def _keep_rejected(writer: Any, item: Rejected, output: FixOutput) -> bool | None:
    """After `item` was rejected: whether it was written to the output unchanged, or None
    when the output of the source can no longer be written whole.

    A whole-source failure (no position: binary, unreadable, broken off) never can. A Parquet
    row is kept in its place unchanged. With --out a rejected JSONL record is missing from
    the output (it is in the quarantine); in place it is written back as it was.
    """
    if item.position is None:
        return None
    if item.keep is not None and hasattr(writer, "write_kept"):
        writer.write_kept(item.keep)
        return True
    if not output.in_place:
        _write_blanks(writer, item.before + item.after)
        return False
    if item.raw is not None and hasattr(writer, "write_raw"):
        writer.write_raw(item.before + item.raw + item.eol + item.after)
        return True
    return None


def _write_blanks(writer: Any, blanks: bytes) -> None:
    """The blank lines that stood around a record left out of the output (JSONL only)."""
    if blanks and hasattr(writer, "write_raw"):
        writer.write_raw(blanks)


def _destination(source: Source, output: FixOutput, single_file: bool) -> Path | None:
    if output.in_place:
        if source.path is None:
            raise TextcleanError("--in-place cannot be used with standard input")
        return source.path
    if output.out is None:
        return None
    out = output.out
    if single_file and not (out.is_dir() or str(out).endswith(("/", "\\"))):
        dest = out
    else:
        dest = out / source.relative
    if source.path is not None and dest.resolve() == source.path.resolve():
        raise WriteError(
            f"output {dest} would overwrite the input; use --in-place to mean that"
        )
    return dest


def _write_diff(stream: IO[str], source: Source, doc: Document, new_text: str) -> None:
    if new_text == doc.text:
        return
    name = doc.id if source.format.has_records else source.display
    lines = difflib.unified_diff(
        doc.text.splitlines(keepends=True),
        new_text.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    for line in lines:
        stream.write(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
