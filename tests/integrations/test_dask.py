"""Dask: the DataFrame adapter and `--scheduler` give what a local run gives, in order."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

import textclean
from textclean.cli import main
from textclean.integrations import frames

dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")
pytest.importorskip("distributed")
from textclean.integrations import dask as tdask  # noqa: E402

pytestmark = pytest.mark.xdist_group("dask")

DIRTY = "Tom &amp; Jerry\n\nPost Comment"
CLEAN = (
    "The harbour festival returned this weekend after a two-year pause, with boat races, a fish "
    "market and a night parade on the old quay, where thousands gathered despite the rain.\n"
)


def _cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _frame(n=12):
    texts = [[DIRTY, CLEAN, "x&amp;y\u200bz", None, 7][i % 5] for i in range(n)]
    return pd.DataFrame(
        {"id": [f"d{i}" for i in range(n)], "text": pd.Series(texts, dtype=object), "n": range(n)}
    )


def test_fix_dataframe_equals_local_with_bad_rows_in_several_partitions(dask_client, default_rules):
    import dask

    df = _frame()
    # Keep the object column as it is (dask would turn it into strings, 7 into "7").
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_pandas(df, npartitions=3)
    fixed = tdask.fix_dataframe(ddf, "text", default_rules, id_column="id").persist()
    out = fixed.compute(scheduler=dask_client.get)
    local = textclean.fix_series(df.set_index("id")["text"], default_rules)
    assert list(out["id"]) == list(df["id"]) and list(out["n"]) == list(df["n"])
    assert list(out["text"]) == list(local["text"])
    assert list(out[tdask.FINDINGS]) == list(local["findings"])
    report = tdask.report(fixed)
    expected = frames.report(local["findings"], default_rules)
    assert report.to_dict() == expected.to_dict()
    # The bad rows sit in all three partitions and every one of them is reported.
    assert [e["source"] for e in report.errors] == ["d3", "d4", "d8", "d9"]


def test_check_dataframe_changes_nothing_and_reports(dask_client, default_rules):
    ddf = dd.from_pandas(_frame(6), npartitions=2)
    checked = tdask.check_dataframe(ddf, rules=default_rules)
    out = checked.compute()
    assert list(out["text"].fillna("-")) == list(ddf["text"].compute().fillna("-"))
    report = tdask.report(checked)
    # dask's string conversion made 7 the text "7"; the null is still a bad row.
    assert report.mode == "check" and report.documents == 5 and report.quarantined == 1


def test_rules_travel_once_as_one_graph_key(default_rules):
    ddf = dd.from_pandas(_frame(8), npartitions=4)
    graph = dict(tdask.fix_dataframe(ddf, rules=default_rules).__dask_graph__())
    names = [k[0] if isinstance(k, tuple) else k for k in graph]
    rule_keys = [n for n in names if str(n).startswith("textclean-rules-")]
    assert len(rule_keys) == 1


def _local_and_cluster(tmp_path, dask_client, inputs, *extra):
    address = dask_client.scheduler.address
    for name, more in (("local", ()), ("cluster", ("--scheduler", address))):
        _cli("fix", *inputs, "--out", tmp_path / name, "--report", tmp_path / f"{name}.json",
             *extra, *more)
    # remaining findings name the output file they are in, under each run's --out
    reports = [json.loads((tmp_path / f"{n}.json").read_text().replace(str(tmp_path / n), "OUT"))
               for n in ("local", "cluster")]
    files = [sorted(p.relative_to(tmp_path / n) for p in (tmp_path / n).rglob("*") if p.is_file())
             for n in ("local", "cluster")]
    assert files[0] == files[1] and files[0]
    for rel in files[0]:
        assert (tmp_path / "local" / rel).read_bytes() == (tmp_path / "cluster" / rel).read_bytes(), rel
    assert reports[0] == reports[1]
    return reports[0]


def test_cli_scheduler_fix_equals_local_on_seeds(tmp_path, dask_client, seeds_dir):
    report = _local_and_cluster(tmp_path, dask_client, [seeds_dir])
    assert report["summary"]["changed_documents"] == 2


def test_cli_scheduler_reports_bad_records_from_every_batch(tmp_path, dask_client):
    lines = []
    for i in range(90):
        if i % 30 == 7:
            lines.append(b"{not json")
        elif i % 30 == 19:
            lines.append(json.dumps({"id": i, "text": None}).encode())
        else:
            lines.append(json.dumps({"id": i, "text": DIRTY if i % 2 else CLEAN}).encode())
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    report = _local_and_cluster(tmp_path, dask_client, [tmp_path / "in"])
    assert [e["line"] for e in report["errors"]] == [8, 20, 38, 50, 68, 80]
    assert report["summary"]["documents"] == 84


def test_cli_scheduler_fix_equals_local_on_article_pairs(tmp_path, dask_client, seeds_dir):
    # seeds_dir skips without ../shared (and fails under CI); pairs.jsonl sits beside it.
    pairs = seeds_dir.parent / "data" / "article-benchmark" / "pairs.jsonl"
    (tmp_path / "in").mkdir()
    shutil.copy(pairs, tmp_path / "in" / "pairs.jsonl")
    _local_and_cluster(tmp_path, dask_client, [tmp_path / "in"])
