"""Parquet in and out: streamed by row group, every column, the schema and the order kept."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from textclean.cli import main
from textclean.io import Source, SourceFormat, discover, format_of
from textclean.io.parquet import ParquetWriter, read_documents, read_items

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

DIRTY = "Tom &amp; Jerry\n\nPost Comment"
CLEAN = (
    "The harbour festival returned this weekend after a two-year pause, with boat races, a fish "
    "market and a night parade on the old quay, where thousands gathered despite the rain.\n"
)


def _table(texts, extra_rows=None):
    n = len(texts)
    return pa.table(
        {
            "id": pa.array([f"r{i}" for i in range(n)]),
            "text": pa.array(texts, pa.string()),
            "score": pa.array([i * 0.5 for i in range(n)], pa.float32()),
            "tags": pa.array([[f"t{i}"] for i in range(n)], pa.list_(pa.string())),
        },
        metadata={"producer": "test"},
    )


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    def invoke(*args):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_suffix_is_parquet(tmp_path):
    path = tmp_path / "x.parquet"
    pq.write_table(_table([CLEAN]), path)
    assert format_of(path) is SourceFormat.PARQUET
    assert [s.format for s in discover([str(tmp_path)])] == ["parquet"]


def test_read_items_in_order_with_bad_rows_rejected(tmp_path):
    path = tmp_path / "in.parquet"
    pq.write_table(_table([DIRTY, None, CLEAN, DIRTY]), path, row_group_size=2)
    source = Source(path, "in.parquet", SourceFormat.PARQUET, path.relative_to(tmp_path))
    items = list(read_items(source, "text", "id"))
    assert [type(i).__name__ for i in items] == ["Document", "Rejected", "Document", "Document"]
    assert [i.id for i in items if hasattr(i, "id")] == ["r0", "r2", "r3"]
    rejected = items[1]
    assert (rejected.position, rejected.reason) == (2, "field 'text' is null; the row is kept unchanged")
    assert json.loads(rejected.raw)["id"] == "r1"
    assert [i.meta["row_group"] for i in items if hasattr(i, "meta")] == [0, 1, 1]


def test_non_string_column_and_missing_column_are_rejected(tmp_path):
    path = tmp_path / "nums.parquet"
    pq.write_table(pa.table({"text": [1, 2]}), path)
    source = Source(path, "nums.parquet", SourceFormat.PARQUET, path.relative_to(tmp_path))
    reasons = [i.reason for i in read_items(source, "text", "id")]
    assert reasons == ["field 'text' is not a string; the row is kept unchanged"] * 2
    assert [i.reason for i in read_items(source, "body", "id")] == ["no column 'body'"]


def test_read_documents_raises_on_a_bad_row_unless_collected(tmp_path):
    from textclean.errors import ReadError

    path = tmp_path / "in.parquet"
    pq.write_table(_table([CLEAN, None]), path)
    with pytest.raises(ReadError, match="in.parquet:2: field 'text' is null"):
        list(read_documents(path))
    rejected = []
    assert [d.id for d in read_documents(path, rejected=rejected)] == ["r0"]
    assert len(rejected) == 1


def test_cli_fix_round_trip_keeps_schema_columns_order_and_row_groups(run, tmp_path):
    texts = [DIRTY, CLEAN, None, DIRTY, CLEAN, DIRTY, "Caf\u00e9 &amp; bar"]
    pq.write_table(_table(texts), tmp_path / "in.parquet", row_group_size=3)
    result = run("fix", "in.parquet", "--out", "out.parquet", "--report", "r.json")
    assert result.exit_code == 1  # one row quarantined
    out = pq.ParquetFile(tmp_path / "out.parquet")
    assert out.schema_arrow == pq.read_schema(tmp_path / "in.parquet")
    assert out.schema_arrow.metadata[b"producer"] == b"test"
    # One output row group per input row group; the row with a null text stays in its place.
    assert [out.metadata.row_group(i).num_rows for i in range(out.num_row_groups)] == [3, 3, 1]
    table = out.read()
    assert table.column("id").to_pylist() == ["r0", "r1", "r2", "r3", "r4", "r5", "r6"]
    assert table.column("score").to_pylist() == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
    assert table.column("tags").to_pylist()[3] == ["t3"]
    fixed = table.column("text").to_pylist()
    assert fixed[1] == CLEAN and fixed[4] == CLEAN and fixed[2] is None
    assert "&amp;" not in fixed[0] and "Post Comment" not in fixed[0]
    assert fixed[3] == fixed[5] == fixed[0] and fixed[6].startswith("Caf\u00e9 & bar")
    quarantine = [json.loads(line) for line in (tmp_path / "out.parquet.quarantine.jsonl").read_text().splitlines()]
    assert [(q["line"], q["reason"]) for q in quarantine] == [
        (3, "field 'text' is null; the row is kept unchanged")]
    assert json.loads(quarantine[0]["raw"])["id"] == "r2"
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["summary"]["documents"] == 6 and report["summary"]["quarantined"] == 1
    assert report["errors"][0]["reason"].endswith("the row is kept unchanged")
    # Fixing the output again changes nothing.
    again = run("fix", "out.parquet", "--out", "again.parquet")
    assert again.exit_code in (0, 1)
    assert pq.read_table(tmp_path / "again.parquet") == table


def test_cli_check_parquet_reports_row_ids(run, tmp_path):
    pq.write_table(_table([CLEAN, DIRTY]), tmp_path / "in.parquet")
    result = run("check", "in.parquet", "--format", "json", "-o", "r.json")
    assert result.exit_code == 1
    report = json.loads((tmp_path / "r.json").read_text())
    assert [d["id"] for d in report["documents"] if d["findings"]] == ["r1"]


def test_dictionary_encoded_text_column_round_trips(run, tmp_path):
    table = pa.table({"text": pa.array([DIRTY, CLEAN]).dictionary_encode()})
    pq.write_table(table, tmp_path / "d.parquet")
    assert run("fix", "d.parquet", "--out", "o.parquet").exit_code in (0, 1)
    out = pq.read_table(tmp_path / "o.parquet")
    assert out.schema == pq.read_schema(tmp_path / "d.parquet")
    assert out.column("text").to_pylist()[1] == CLEAN


def test_all_rows_quarantined_still_writes_a_valid_empty_file(tmp_path):
    path = tmp_path / "in.parquet"
    pq.write_table(_table([None]), path)
    writer = ParquetWriter(tmp_path / "o.parquet", "text", pq.read_schema(path))
    writer.commit()
    out = pq.read_table(tmp_path / "o.parquet")
    assert out.num_rows == 0 and out.schema == pq.read_schema(path)


def test_abort_leaves_no_file(tmp_path):
    pq.write_table(_table([DIRTY]), tmp_path / "in.parquet")
    writer = ParquetWriter(tmp_path / "o.parquet", "text")
    for doc in read_documents(tmp_path / "in.parquet"):
        writer.write(doc, doc.text)
    writer.abort()
    assert list(tmp_path.iterdir()) == [tmp_path / "in.parquet"]


def test_not_a_parquet_file_is_quarantined(run, tmp_path):
    (tmp_path / "bad.parquet").write_bytes(b"not parquet at all")
    result = run("check", "bad.parquet")
    assert result.exit_code == 1


def test_rows_whose_text_is_not_a_string_stay_in_place(run, tmp_path):
    """Issue 16, item 3: 3 rows in, 3 rows out, whatever their text column holds."""
    pq.write_table(pa.table({"id": ["a", "b", "c"], "text": [7, None, 9]}), tmp_path / "nums.parquet")
    pq.write_table(_table([DIRTY, None, CLEAN]), tmp_path / "nulls.parquet")
    for name in ("nums", "nulls"):
        result = run("fix", f"{name}.parquet", "--out", f"{name}.out.parquet", "--report", f"{name}.json")
        assert result.exit_code == 1, result.output
        before, after = pq.read_table(tmp_path / f"{name}.parquet"), pq.read_table(tmp_path / f"{name}.out.parquet")
        assert after.num_rows == before.num_rows == 3
        assert after.column("id") == before.column("id")
        assert after.schema == before.schema
    assert pq.read_table(tmp_path / "nums.out.parquet").column("text").to_pylist() == [7, None, 9]
    assert pq.read_table(tmp_path / "nulls.out.parquet").column("text").to_pylist()[1:] == [None, CLEAN]
    assert json.loads((tmp_path / "nums.json").read_text())["summary"]["quarantined"] == 3


def test_a_fix_with_kept_rows_is_undone_exactly(run, tmp_path):
    table = _table([DIRTY, None, CLEAN, DIRTY])
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=2)
    run("fix", "in.parquet", "--out", "out.parquet", "--ledger", "l.jsonl")
    result = run("undo", "out.parquet", "--ledger", "l.jsonl", "--out", "back.parquet")
    assert result.exit_code == 0, result.output
    assert pq.read_table(tmp_path / "back.parquet").equals(table)
