"""Parquet (`.parquet`): streamed by row group, every other column and the schema kept.

Reading walks the file one row group at a time with `ParquetFile.iter_batches`, so memory
holds one row group, never the file. Writing keeps the input's Arrow schema (and its metadata)
and writes one output row group per input row group, with only the text column replaced. Rows
whose text is null or not a string come back as :class:`~textclean.io.Rejected` and are
counted as quarantined by the runner, as JSONL records are; unlike a JSONL line that is not a
record, such a row is still a valid row, so the writer keeps it in its place unchanged
(`ParquetWriter.write_kept`), as `fix_series` keeps such a cell.

pyarrow is the `parquet` extra: it is imported here, never by the core.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from textclean.errors import MissingExtraError, ReadError, WriteError
from textclean.io import Rejected, Source, SourceFormat
from textclean.io.atomic import AtomicFile, CommitOnExit
from textclean.model import Document

if TYPE_CHECKING:
    import pyarrow as pa

BATCH_ROWS = 8192  # rows per batch read; a row group is read in batches of this size
_KEEP = object()  # in place of a fixed text: the row's cell as it was


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise MissingExtraError("reading and writing Parquet", "parquet") from exc
    return pyarrow, pyarrow.parquet


def _row_json(batch: pa.RecordBatch, i: int) -> bytes:
    """One row as JSON bytes, for the quarantine file (values JSON cannot hold become text)."""
    import json

    row = batch.slice(i, 1).to_pylist()[0]
    return json.dumps(row, ensure_ascii=False, default=str).encode("utf-8")


def read_items(source: Source, text_field: str, id_field: str) -> Iterator[Document | Rejected]:
    """Documents for the rows of a Parquet file, in order; bad rows come back as Rejected.

    `meta` carries the row's row group and batch, so :class:`ParquetWriter` can write the
    other columns back untouched.
    """
    pa, pq = _pyarrow()
    assert source.path is not None
    try:
        pf = pq.ParquetFile(source.path)
    except (pa.ArrowException, OSError) as exc:
        yield Rejected(source.display, None, f"not a Parquet file: {exc}")
        return
    with pf:
        names = pf.schema_arrow.names
        if text_field not in names:
            yield Rejected(source.display, None, f"no column {text_field!r}")
            return
        text_type = pf.schema_arrow.field(text_field).type
        is_text = pa.types.is_string(text_type) or pa.types.is_large_string(text_type) or (
            pa.types.is_dictionary(text_type) and pa.types.is_string(text_type.value_type)
        ) or str(text_type) == "string_view"
        has_id = id_field in names
        has_url = "url" in names
        row = 0
        for group in range(pf.num_row_groups):
            for batch in pf.iter_batches(batch_size=BATCH_ROWS, row_groups=[group]):
                texts = batch.column(text_field).to_pylist()
                ids = batch.column(id_field).to_pylist() if has_id else None
                urls = batch.column("url").to_pylist() if has_url else None
                for i, text in enumerate(texts):
                    row += 1
                    rid = ids[i] if ids is not None else None
                    url = urls[i] if urls is not None else None
                    meta = {
                        "source": f"{source.display}:{row}",
                        "row_group": group,
                        "batch": batch,
                        "offset": i,
                        "url": url if isinstance(url, str) else None,
                    }
                    if text is None or not is_text:
                        reason = (
                            f"field {text_field!r} is null" if text is None
                            else f"field {text_field!r} is not a string"
                        ) + "; the row is kept unchanged"
                        yield Rejected(source.display, row, reason, _row_json(batch, i), keep=meta)
                        continue
                    doc_id = str(rid) if rid is not None else f"{source.display}:{row}"
                    yield Document(doc_id, text, MappingProxyType(meta))


def input_schema(source: Source) -> Any:
    """The Arrow schema of a Parquet source (None when it cannot be read: it is quarantined)."""
    pa, pq = _pyarrow()
    assert source.path is not None
    try:
        return pq.read_schema(source.path)
    except (pa.ArrowException, OSError):
        return None


def read_documents(
    path: str | Path,
    text_field: str = "text",
    id_field: str = "id",
    rejected: list[Rejected] | None = None,
) -> Iterator[Document]:
    """Documents of one Parquet file, for `textclean.fix_documents` and friends.

    Bad rows go to `rejected` when a list is given; otherwise the first one raises ReadError,
    so a bad row is never skipped without the caller knowing.
    """
    path = Path(path)
    source = Source(path, str(path), SourceFormat.PARQUET, Path(path.name))
    for item in read_items(source, text_field, id_field):
        if isinstance(item, Rejected):
            if rejected is None:
                raise ReadError(item.source, item.reason, item.position)
            rejected.append(item)
            continue
        yield item


class ParquetWriter(CommitOnExit):
    """Writes the documents of one input Parquet file, in order, with their fixed text.

    Documents must come from :func:`read_items` / :func:`read_documents` (their `meta` points
    at the input batch). Each input row group becomes one output row group holding the rows
    written from it; rows never written are left out. The file appears under its final name
    only on `commit()`.
    """

    def __init__(self, path: str | Path, text_field: str = "text", schema: Any = None) -> None:
        self._pa, self._pq = _pyarrow()
        self.path = Path(path)
        self.text_field = text_field
        self._schema = schema  # the input's schema; else taken from the first batch written
        self._file = AtomicFile(self.path)
        self.rows = 0  # rows written so far
        self._writer: Any = None
        self._group: int | None = None
        self._pending: list[tuple[Any, list[int], list[Any]]] = []  # (batch, rows, texts or _KEEP)

    def write(self, doc: Document, text: str, extra: dict[str, Any] | None = None) -> None:
        if extra:
            raise WriteError(f"{self.path}: Parquet output keeps the input schema; it cannot add "
                             f"fields {sorted(extra)}")
        self._add(doc.meta, text)

    def write_kept(self, meta: Any) -> None:
        """Write a row as it was in the input (a quarantined row: null or non-string text)."""
        self._add(meta, _KEEP)

    def _add(self, meta: Any, text: Any) -> None:
        self.rows += 1
        batch, offset, group = meta["batch"], meta["offset"], meta["row_group"]
        if group != self._group:
            self._flush()
            self._group = group
        if not self._pending or self._pending[-1][0] is not batch:
            self._pending.append((batch, [], []))
        self._pending[-1][1].append(offset)
        self._pending[-1][2].append(text)

    def _flush(self) -> None:
        pa = self._pa
        if not self._pending:
            return
        batches = []
        for batch, rows, texts in self._pending:
            kept = batch if len(rows) == batch.num_rows else batch.take(pa.array(rows, pa.int64()))
            if all(t is _KEEP for t in texts):
                batches.append(kept)
                continue
            index = kept.schema.get_field_index(self.text_field)
            field = kept.schema.field(index)
            if any(t is _KEEP for t in texts):  # a string column: kept cells are null
                old = kept.column(index).to_pylist()
                texts = [o if t is _KEEP else t for o, t in zip(old, texts, strict=True)]
            column = pa.array(texts, pa.string()).cast(field.type)
            batches.append(kept.set_column(index, field, column))
        table = pa.Table.from_batches(batches, schema=batches[0].schema)
        self._open(table.schema).write_table(table, row_group_size=max(table.num_rows, 1))
        self._pending = []

    def _open(self, schema: Any) -> Any:
        if self._writer is None:
            self._writer = self._pq.ParquetWriter(
                self._file.file, schema if self._schema is None else self._schema
            )
        return self._writer

    def commit(self) -> None:
        """Write what is pending and move the file to its final name.

        A file whose rows were all quarantined still gets a valid Parquet file with no rows.
        """
        self._flush()
        self._open(self._pa.schema([])).close()
        self._file.commit()

    def abort(self) -> None:
        if self._writer is not None:
            try:
                self._writer.close()
            except Exception:  # noqa: BLE001 - the file is discarded anyway
                pass
        self._file.abort()
