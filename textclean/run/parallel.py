"""`--jobs N`: the per-document work of a run on N threads (or processes), results in input order.

    ProcessMapper(jobs)                 -> a `runner.DocumentMapper`: check(docs, ...) / fix(docs, ...)
    ProcessMapper(jobs, threads=False)  -> the same on worker processes

The runner keeps reading, writing, the quarantine and the report in the main thread, and
hands the documents to a mapper; this one sends them in batches to a pool of threads of this
process (the compiled core releases the GIL while it works on a text, and every default rule
but ftfy's mojibake repair runs there), or of worker processes, and yields the results in the
order the documents came in. Threads share the compiled rules; a worker process receives the
rules once (the pool's initializer) and compiles them once (`compile_rules` caches per
process; where workers are forked, the main process compiles them just before, and the
workers inherit them compiled), so nothing is re-validated per document. Each batch runs in
a copy of the submitting thread's context, so the run's `--lexicon` and corpus vocabulary
(context variables) hold in every thread. At most `window` batches are in flight, so memory
stays bounded however large the input is: reading waits for the slowest batch.

The output and the report are the same as with one process: the same per-document functions
(`textclean.api`) run on the same documents, and the results are put back in input order.
"""

from __future__ import annotations

import contextvars
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from textclean import api
from textclean.engine.compiled import compile_rules
from textclean.model import Document
from textclean.report.report import DocumentReport
from textclean.rules.kinds import Rule

if TYPE_CHECKING:
    from textclean.run.runner import RunOptions

# What a worker gets per document: id, text and URL, not the whole input record.
_Payload = tuple[str, str, "str | None"]

_RULES: tuple[Rule, ...] = ()  # set in each worker by _init_worker


def _init_worker(rules: tuple[Rule, ...]) -> None:
    global _RULES
    _RULES = rules
    compile_rules(rules)  # compile once, before the first batch


def _document(payload: _Payload) -> Document:
    doc_id, text, url = payload
    return Document(doc_id, text, {"url": url})


def _check_batch(payloads: list[_Payload], timeout: float) -> list[DocumentReport]:
    return [api.check_document(_document(p), _RULES, timeout=timeout) for p in payloads]


def _fix_batch(
    payloads: list[_Payload], unsafe_fixes: bool, timeout: float
) -> list[tuple[str | None, DocumentReport]]:
    out: list[tuple[str | None, DocumentReport]] = []
    for p in payloads:
        text, report = api.fix_document(
            _document(p), _RULES, unsafe_fixes=unsafe_fixes, timeout=timeout
        )
        out.append((None if text == p[1] else text, report))  # unchanged: send nothing back
    return out


def default_jobs() -> int:
    """The processes `--jobs 0` means: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def batch_documents(
    docs: Iterable[Document], max_docs: int, max_chars: int
) -> Iterator[list[Document]]:
    """Group documents in order; a batch closes at `max_docs` documents or `max_chars`
    characters of text, whichever comes first (shared by the process pool and Dask)."""
    batch: list[Document] = []
    size = 0
    for doc in docs:
        batch.append(doc)
        size += len(doc.text)
        if len(batch) >= max_docs or size >= max_chars:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


class ProcessMapper:
    """Runs a run's documents on `jobs` threads of this process (`threads=False`: worker
    processes), in batches, in input order.

    A batch closes at `batch_docs` documents or `batch_chars` characters, whichever comes
    first; `window` batches at most are in flight (default: 2 per worker), so the main
    thread holds at most window x batch_chars characters of text besides its output.

    The output is the same either way. Threads pay where the work releases the GIL (the core's
    matching does; ftfy's mojibake repair, the one default repair in Python, does not) and
    share one copy of the rules and of the lazy automata's states; `benchmarks/speed.py`
    measures both ("--jobs 2" and "2 processes" rows). `--jobs` uses threads: on 2 cores over
    10 MB the two are as fast within the noise of a shared machine (7 December, late night:
    threads ahead in two `make bench` runs of three, 1.27-1.57x one thread against 1.31-1.45x,
    and 1.42x both in 4 rounds taking turns), and threads take about half the peak memory
    (257-263 against 460-470 MB).
    """

    def __init__(
        self,
        jobs: int,
        *,
        batch_docs: int = 64,
        batch_chars: int = 500_000,
        window: int | None = None,
        threads: bool = True,
    ) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.jobs = jobs
        self.batch_docs = batch_docs
        self.batch_chars = batch_chars
        self.window = window or 2 * jobs
        self.threads = threads

    def check(
        self, docs: Iterable[Document], rules: Sequence[Rule], options: RunOptions
    ) -> Iterator[DocumentReport]:
        for _batch, results in self._map(docs, rules, _check_batch, (options.timeout,)):
            yield from results

    def fix(
        self, docs: Iterable[Document], rules: Sequence[Rule], options: RunOptions
    ) -> Iterator[tuple[str, DocumentReport]]:
        args = (options.unsafe_fixes, options.timeout)
        for batch, results in self._map(docs, rules, _fix_batch, args):
            for doc, (text, report) in zip(batch, results, strict=True):
                yield (doc.text if text is None else text), report

    def _map(
        self, docs: Iterable[Document], rules: Sequence[Rule], task: Any, args: tuple[Any, ...]
    ) -> Iterator[tuple[list[Document], list[Any]]]:
        # NOTE: "fork" starts workers without re-importing textclean; where it is missing
        # (macOS, Windows) the default start method pickles the rules into each worker.
        pool: Executor
        if self.threads:
            _init_worker(tuple(rules))  # the threads share this process's rules
            pool = ThreadPoolExecutor(self.jobs)
        else:
            methods = multiprocessing.get_all_start_methods()
            fork = "fork" in methods
            if fork:
                # Compiled here once, before the fork: every worker inherits the compiled
                # rules (its initializer finds them cached) instead of compiling its own.
                _init_worker(tuple(rules))
            context = multiprocessing.get_context("fork" if fork else None)
            pool = ProcessPoolExecutor(
                self.jobs, mp_context=context, initializer=_init_worker, initargs=(tuple(rules),)
            )
        in_flight: deque[tuple[list[Document], Future[list[Any]]]] = deque()
        try:
            for batch in batch_documents(docs, self.batch_docs, self.batch_chars):
                payload = [(d.id, d.text, d.meta.get("url")) for d in batch]
                if self.threads:
                    # A copy of this thread's context per batch (one context cannot be
                    # entered by two threads at once); a forked process has its own.
                    future = pool.submit(contextvars.copy_context().run, task, payload, *args)
                else:
                    future = pool.submit(task, payload, *args)
                in_flight.append((batch, future))
                if len(in_flight) >= self.window:
                    batch_done, future = in_flight.popleft()
                    yield batch_done, future.result()
            while in_flight:
                batch_done, future = in_flight.popleft()
                yield batch_done, future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


__all__ = ["ProcessMapper", "default_jobs"]
