"""The engine on Dask: a lazy DataFrame adapter, and a cluster mapper for the CLI runner.

    fix_dataframe(ddf, column, rules)    -> lazy Dask DataFrame: column fixed + textclean_findings
    check_dataframe(ddf, column, rules)  -> lazy Dask DataFrame: + textclean_findings
    report(ddf)                          -> one Report: per-partition Reports merged with `+`
    DaskMapper(address)                  -> runs `textclean check/fix --scheduler ADDRESS`

Both run the same per-document functions as a local run (`textclean.api`), so the output and
the report are the same, in the same order. Rules travel to the workers once: as one graph
key for the DataFrame adapter (a worker keeps the unpickled RuleSet in memory for every
partition) and as one broadcast future for the mapper.

Bad rows are data, never exceptions: a null or non-string text gets a `rejected` findings
JSON and keeps its value, and `report()` counts it as quarantined, whichever partition it is
in. dask and distributed are the `dask` extra, imported inside the functions.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from textclean import api
from textclean.api import RulesLike, resolve_rules
from textclean.errors import MissingExtraError
from textclean.integrations.frames import add_rows, check_row, fix_row
from textclean.model import Document
from textclean.report.report import DocumentReport, Mode, Report, RuleInfo
from textclean.rules.kinds import DEFAULT_REGEX_TIMEOUT, Rule
from textclean.run.parallel import batch_documents

if TYPE_CHECKING:
    from textclean.run.runner import RunOptions

FINDINGS = "textclean_findings"
_ATTRS_KEY = "textclean"  # in the meta frame's attrs: the rules and mode, for report()


def _dask() -> tuple[Any, Any, Any]:
    try:
        import dask
        import dask.dataframe as dd
        import pandas as pd
    except ImportError as exc:
        raise MissingExtraError("textclean.integrations.dask", "dask") from exc
    return dask, dd, pd


def _shipped(dask: Any, rules: tuple[Rule, ...]) -> Any:
    """The rules as one named graph key, so each worker unpickles them once, not per task."""
    blob = pickle.dumps(rules)
    name = "textclean-rules-" + hashlib.sha256(blob).hexdigest()[:16]
    return dask.delayed(rules, name=name, pure=True, traverse=False)


def _rows(part: Any, column: str, id_column: str | None, url_column: str | None) -> Iterator[tuple[str, Any, str | None]]:
    ids = part[id_column] if id_column is not None else part.index
    urls = part[url_column] if url_column is not None and url_column in part.columns else None
    url_values = urls if urls is not None else [None] * len(part)
    for doc_id, value, url in zip(ids, part[column], url_values, strict=True):
        yield str(doc_id), value, url if isinstance(url, str) else None


def _fix_partition(
    part: Any, rules: tuple[Rule, ...], column: str, id_column: str | None,
    url_column: str | None, unsafe_fixes: bool, timeout: float,
) -> Any:
    import pandas as pd

    texts: list[Any] = []
    cells: list[str] = []
    for doc_id, value, url in _rows(part, column, id_column, url_column):
        text, cell = fix_row(doc_id, value, rules, unsafe_fixes=unsafe_fixes, timeout=timeout, url=url)
        texts.append(text)
        cells.append(cell)
    return part.assign(**{
        column: pd.Series(texts, index=part.index, dtype=part[column].dtype),
        FINDINGS: pd.Series(cells, index=part.index, dtype=str),
    })


def _check_partition(
    part: Any, rules: tuple[Rule, ...], column: str, id_column: str | None,
    url_column: str | None, timeout: float,
) -> Any:
    import pandas as pd

    cells = [
        check_row(doc_id, value, rules, timeout=timeout, url=url)
        for doc_id, value, url in _rows(part, column, id_column, url_column)
    ]
    return part.assign(**{FINDINGS: pd.Series(cells, index=part.index, dtype=str)})


def _with_meta(ddf: Any, chosen: tuple[Rule, ...], mode: Mode) -> Any:
    _, _, pd = _dask()
    meta = ddf._meta.assign(**{FINDINGS: pd.Series([], dtype=str)})
    meta.attrs[_ATTRS_KEY] = {"rules": tuple(RuleInfo.of(r) for r in chosen), "mode": mode}
    return meta


def fix_dataframe(
    ddf: Any,
    column: str = "text",
    rules: RulesLike = None,
    unsafe_fixes: bool = False,
    *,
    id_column: str | None = None,
    url_column: str | None = "url",
    timeout: float = DEFAULT_REGEX_TIMEOUT,
) -> Any:
    """A lazy Dask DataFrame with `column` fixed and a `textclean_findings` JSON column.

    Row ids in the findings are `id_column`'s values, or the index labels. Rows keep their
    partitions and order; every other column is untouched. Computing it and calling
    :func:`report` on it both run the fixes, so `persist()` it first when you want both.
    """
    dask, _, _ = _dask()
    chosen = resolve_rules(rules)
    return ddf.map_partitions(
        _fix_partition, _shipped(dask, chosen), column, id_column, url_column, unsafe_fixes,
        timeout, meta=_with_meta(ddf, chosen, "fix"),
    )


def check_dataframe(
    ddf: Any,
    column: str = "text",
    rules: RulesLike = None,
    *,
    id_column: str | None = None,
    url_column: str | None = "url",
    timeout: float = DEFAULT_REGEX_TIMEOUT,
) -> Any:
    """A lazy Dask DataFrame with a `textclean_findings` JSON column; the text is unchanged."""
    dask, _, _ = _dask()
    chosen = resolve_rules(rules)
    return ddf.map_partitions(
        _check_partition, _shipped(dask, chosen), column, id_column, url_column, timeout,
        meta=_with_meta(ddf, chosen, "check"),
    )


def _partition_report(findings: Any, mode: Mode) -> Report:
    return add_rows(Report(mode=mode), findings)


def report(ddf: Any, rules: RulesLike = None) -> Report:
    """One Report for a frame from :func:`fix_dataframe` or :func:`check_dataframe`.

    Each partition's findings become a Report on the workers; they are merged with `+` in
    partition order, so documents are listed as a local run lists them. The rules listed are
    those the frame was made with (kept in its meta), unless `rules` is given.
    """
    dask, _, _ = _dask()
    info = ddf._meta.attrs.get(_ATTRS_KEY, {})
    mode: Mode = info.get("mode", "fix")
    infos = (
        tuple(RuleInfo.of(r) for r in resolve_rules(rules))
        if rules is not None or "rules" not in info
        else info["rules"]
    )
    parts = [dask.delayed(_partition_report)(p, mode) for p in ddf[FINDINGS].to_delayed()]
    total = sum(dask.compute(*parts), Report(mode=mode))
    total.rules = infos
    return total


# -- the CLI's --scheduler: documents read here, checked or fixed on the cluster ----------


def _fix_batch(
    rules: tuple[Rule, ...], batch: list[tuple[str, str, str | None]], unsafe_fixes: bool,
    timeout: float,
) -> list[tuple[str | None, DocumentReport]]:
    """Each document's fixed text (None when unchanged: the client has it) and report."""
    out: list[tuple[str | None, DocumentReport]] = []
    for doc_id, text, url in batch:
        doc = Document(doc_id, text, {"url": url})
        try:
            fixed, report = api.fix_document(doc, rules, unsafe_fixes=unsafe_fixes, timeout=timeout)
            out.append((None if fixed == text else fixed, report))
        except Exception as exc:  # noqa: BLE001 - one document's failure is reported, not fatal
            out.append((None, DocumentReport(doc_id, (), False, f"internal error: {exc!r}")))
    return out


def _check_batch(
    rules: tuple[Rule, ...], batch: list[tuple[str, str, str | None]], timeout: float
) -> list[DocumentReport]:
    out = []
    for doc_id, text, url in batch:
        doc = Document(doc_id, text, {"url": url})
        try:
            out.append(api.check_document(doc, rules, timeout=timeout))
        except Exception as exc:  # noqa: BLE001 - one document's failure is reported, not fatal
            out.append(DocumentReport(doc_id, (), False, f"internal error: {exc!r}"))
    return out


class DaskMapper:
    """Sends a run's documents to a `distributed` scheduler in batches, results in order.

    Reading, writing, quarantine and the report stay in the client process (the runner), so
    a run on a cluster writes byte for byte what a local run writes. At most `window`
    batches are in flight, which keeps the client's memory bounded on any corpus. A batch
    whose worker dies (after distributed's own retries) comes back as one document error
    per document, so nothing is lost.
    """

    def __init__(
        self, address: Any, *, batch_docs: int = 128, batch_chars: int = 2_000_000,
        window: int | None = None,
    ) -> None:
        self.address = address  # a scheduler address, or a distributed.Client to reuse
        self.batch_docs = batch_docs
        self.batch_chars = batch_chars
        self.window = window

    def check(
        self, docs: Iterable[Document], rules: Sequence[Rule], options: RunOptions
    ) -> Iterator[DocumentReport]:
        def failed(doc: Document, reason: str) -> DocumentReport:
            return DocumentReport(doc.id, (), False, reason)

        for _doc, report in self._map(docs, rules, _check_batch, (options.timeout,), failed):
            yield report

    def fix(
        self, docs: Iterable[Document], rules: Sequence[Rule], options: RunOptions
    ) -> Iterator[tuple[str, DocumentReport]]:
        def failed(doc: Document, reason: str) -> tuple[str, DocumentReport]:
            return doc.text, DocumentReport(doc.id, (), False, reason)

        results = self._map(docs, rules, _fix_batch, (options.unsafe_fixes, options.timeout), failed)
        for doc, (text, report) in results:
            yield (doc.text if text is None else text), report

    def _client(self) -> tuple[Any, bool]:
        try:
            import distributed
        except ImportError as exc:
            raise MissingExtraError("--scheduler", "dask") from exc
        if isinstance(self.address, distributed.Client):
            return self.address, False
        return distributed.Client(self.address, set_as_default=False), True  # type: ignore[no-untyped-call]

    def _map(self, docs: Iterable[Document], rules: Sequence[Rule], task: Any,
             args: tuple[Any, ...], failed: Any) -> Iterator[tuple[Document, Any]]:
        """Each document with its result, in input order."""
        client, owned = self._client()
        try:
            [shipped] = client.scatter([tuple(rules)], broadcast=True, hash=False)
            window = self.window or 2 * max(sum(client.nthreads().values()), 1)
            in_flight: deque[tuple[list[Document], Any]] = deque()

            def results(batch: list[Document], future: Any) -> Iterator[tuple[Document, Any]]:
                try:
                    out = future.result()
                except Exception as exc:  # noqa: BLE001 - a lost worker: report, don't drop
                    out = [failed(doc, f"worker failed: {exc!r}") for doc in batch]
                finally:
                    future.release()
                return zip(batch, out, strict=True)

            for batch in batch_documents(docs, self.batch_docs, self.batch_chars):
                payload = [(d.id, d.text, d.meta.get("url")) for d in batch]
                in_flight.append((batch, client.submit(task, shipped, payload, *args, pure=False)))
                if len(in_flight) >= window:
                    yield from results(*in_flight.popleft())
            while in_flight:
                yield from results(*in_flight.popleft())
        finally:
            if owned:
                client.close()
