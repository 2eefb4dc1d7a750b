"""The edit ledger: `fix --ledger` records every edit; `undo` restores the inputs exactly."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from textclean.cli import main
from textclean.run.ledger import LedgerEdit, LineStyle, read_ledger, sha256, undo_edits

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

RECORDS = [
    {"id": "a", "n": 12345678901234567890123, "text": "Tom &amp; Jerry\n\nPost Comment", "tags": ["x"]},
    {"id": "b", "text": "Already fine, nothing to do here at all.", "score": 0.5},
    {"id": "c", "text": "Caf\u00e9 &quot;Nord&quot;\u00a0\u00a0\u00a0open", "lang": "fr"},
]


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    def invoke(*args):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def _round_trip(run, inputs, *extra):
    fixed = run("fix", *inputs, "--out", "fixed", "--ledger", "ledger.jsonl", *extra)
    assert fixed.exit_code in (0, 1), fixed.output
    undone = run("undo", "fixed", "--ledger", "ledger.jsonl", "--out", "restored")
    assert undone.exit_code == 0, undone.output
    return undone


def test_seeds_round_trip_byte_for_byte(run, tmp_path, seeds_dir):
    shutil.copytree(seeds_dir, tmp_path / "seeds")
    undone = _round_trip(run, ["seeds"], "--unsafe-fixes")
    for path in sorted((tmp_path / "seeds").glob("*.txt")):
        fixed = (tmp_path / "fixed" / path.name).read_bytes()
        assert fixed != path.read_bytes()  # the seeds do get fixed
        assert (tmp_path / "restored" / path.name).read_bytes() == path.read_bytes()
    assert "restored 2 document(s)" in undone.output


def test_ledger_entries_say_what_changed(run, tmp_path, seeds_dir):
    shutil.copytree(seeds_dir, tmp_path / "seeds")
    run("fix", "seeds", "--out", "fixed", "--ledger", "ledger.jsonl", "--report", "report.json")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    fixed_edits = {
        doc["id"]: sorted(
            (f["rule"], f["fix"]["pass"], e["start"], e["end"], e["replacement"])
            for f in doc["findings"] if f["fix"] and f["fix"]["applied"] for e in f["fix"]["edits"]
        )
        for doc in report["documents"]
    }
    entries = read_ledger(tmp_path / "ledger.jsonl")
    assert len(entries) == 2
    for entry in entries:
        before = (tmp_path / entry["source"]).read_text(encoding="utf-8")
        after = (tmp_path / "fixed" / entry["output"]).read_text(encoding="utf-8")
        assert (entry["before_sha256"], entry["after_sha256"]) == (sha256(before), sha256(after))
        assert sorted((e["rule"], e["pass"], e["start"], e["end"], e["after"]) for e in entry["edits"]) == (
            fixed_edits[entry["id"]]
        )
        for e in entry["edits"]:
            if e["pass"] == 1:  # pass-1 offsets point into the input
                assert before[e["start"] : e["end"]] == e["before"]


@pytest.mark.parametrize("style", list(LineStyle))
def test_jsonl_round_trip_in_each_line_style(run, tmp_path, style):
    data = b"".join(style.dumps(r) + b"\n" for r in RECORDS)
    (tmp_path / "in.jsonl").write_bytes(data)
    _round_trip(run, ["in.jsonl"])
    assert (tmp_path / "fixed").read_bytes() != data
    assert (tmp_path / "restored").read_bytes() == data
    entries = read_ledger(tmp_path / "ledger.jsonl")
    assert [e["id"] for e in entries] == ["a", "c"]
    # record c has non-ASCII text, so only its own style reproduces its line
    assert entries[1]["line_style"] == style.value


def test_jsonl_with_blank_lines_round_trips(run, tmp_path):
    data = b"\n" + b"\n\n".join(json.dumps(r).encode() for r in RECORDS) + b"\n \n"
    (tmp_path / "in.jsonl").write_bytes(data)
    _round_trip(run, ["in.jsonl"])
    assert (tmp_path / "fixed").read_bytes().count(b"\n") == data.count(b"\n")
    assert (tmp_path / "restored").read_bytes() == data


def test_jsonl_with_an_unusual_layout_keeps_the_raw_line(run, tmp_path):
    lines = [b'{ "id" : "a",  "text" : "Tom &amp; Jerry" }', b'{"id":"b","text":"fine text"}']
    data = b"\n".join(lines) + b"\n"
    (tmp_path / "in.jsonl").write_bytes(data)
    _round_trip(run, ["in.jsonl"])
    assert (tmp_path / "restored").read_bytes() == data
    (entry,) = read_ledger(tmp_path / "ledger.jsonl")
    assert entry["raw_line"] == lines[0].decode() and "line_style" not in entry


def test_examples_folder_and_gzip_round_trip(run, tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(EXAMPLES / "articles", root / "articles")
    with gzip.open(root / "records.jsonl.gz", "wb") as out:
        out.write((EXAMPLES / "records.jsonl").read_bytes())
    _round_trip(run, ["corpus"], "--unsafe-fixes")
    for path in sorted((root / "articles").iterdir()):
        assert (tmp_path / "restored" / "articles" / path.name).read_bytes() == path.read_bytes()
    with gzip.open(root / "records.jsonl.gz") as a, gzip.open(tmp_path / "restored" / "records.jsonl.gz") as b:
        assert a.read() == b.read()


def test_single_file_written_under_another_name(run, tmp_path):
    (tmp_path / "page.txt").write_text("Tom &amp; Jerry\n", encoding="utf-8")
    result = run("fix", "page.txt", "--out", "clean.txt", "--ledger", "l.jsonl")
    assert result.exit_code == 0
    assert run("undo", "clean.txt", "--ledger", "l.jsonl", "--out", "back.txt").exit_code == 0
    assert (tmp_path / "back.txt").read_bytes() == b"Tom &amp; Jerry\n"


def test_undo_refuses_a_document_edited_after_the_run(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Tom &amp; Jerry\n", encoding="utf-8")
    run("fix", "in", "--out", "fixed", "--ledger", "ledger.jsonl")
    (tmp_path / "fixed" / "a.txt").write_text("Tom & Jerry, edited\n", encoding="utf-8")
    result = run("undo", "fixed", "--ledger", "ledger.jsonl", "--out", "restored")
    assert result.exit_code == 2
    assert "has changed since the fix run" in result.output
    assert not (tmp_path / "restored" / "a.txt").exists()


def test_undo_reports_a_file_missing_from_the_fixed_folder(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Tom &amp; Jerry\n", encoding="utf-8")
    run("fix", "in", "--out", "fixed", "--ledger", "ledger.jsonl")
    (tmp_path / "fixed" / "a.txt").unlink()
    result = run("undo", "fixed", "--ledger", "ledger.jsonl", "--out", "restored")
    assert result.exit_code == 2 and "fixed/a.txt is missing" in result.output


def test_in_place_fix_can_be_undone(run, tmp_path):
    (tmp_path / "in").mkdir()
    original = "\n\nTom &amp; Jerry  \n\n\n\nPost Comment"
    (tmp_path / "in" / "a.txt").write_text(original, encoding="utf-8")
    run("fix", "in", "--in-place", "--ledger", "ledger.jsonl")
    assert (tmp_path / "in" / "a.txt").read_text(encoding="utf-8") != original
    assert run("undo", "in", "--ledger", "ledger.jsonl", "--out", "restored").exit_code == 0
    assert (tmp_path / "restored" / "a.txt").read_text(encoding="utf-8") == original


def test_ledger_needs_somewhere_written(run, tmp_path):
    (tmp_path / "a.txt").write_text("Tom &amp; Jerry\n", encoding="utf-8")
    result = run("fix", "a.txt", "--diff", "--ledger", "l.jsonl")
    assert result.exit_code == 2 and "--ledger needs --out" in result.output


def test_not_a_ledger_is_an_error(run, tmp_path):
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "l.jsonl").write_text(json.dumps({"id": "a"}) + "\n", encoding="utf-8")
    result = run("undo", "a.txt", "--ledger", "l.jsonl", "--out", "b.txt")
    assert result.exit_code == 2 and "not a textclean ledger entry" in result.output


def test_undo_edits_checks_the_text_it_replaces():
    edits = [LedgerEdit("MK001", 1, 4, 9, "&amp;", "&"), LedgerEdit("WS001", 2, 5, 6, " ", "")]
    assert undo_edits("Tom &Jerry", edits) == "Tom &amp; Jerry"
    with pytest.raises(Exception, match="does not match"):
        undo_edits("Tom +Jerry", edits[:1])


def test_ledger_lines_are_compact_json(run, tmp_path):
    (tmp_path / "a.txt").write_text("Tom &amp; Jerry\n", encoding="utf-8")
    run("fix", "a.txt", "--out", "b.txt", "--ledger", "l.jsonl")
    (line,) = (tmp_path / "l.jsonl").read_bytes().splitlines()
    entry = orjson.loads(line)
    assert entry["edits"] == [{"rule": "MK001", "pass": 1, "start": 4, "end": 9, "before": "&amp;", "after": "&"}]


def test_parquet_values_round_trip(run, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({
        "id": ["a", "b", "c"],
        "text": [r["text"] for r in RECORDS],
        "n": [1, 2, 3],
    })
    pq.write_table(table, tmp_path / "in.parquet")
    _round_trip(run, ["in.parquet"])
    assert pq.read_table(tmp_path / "fixed").column("text").to_pylist() != table.column("text").to_pylist()
    restored = pq.read_table(tmp_path / "restored")
    assert restored.equals(table)
    assert [e["format"] for e in read_ledger(tmp_path / "ledger.jsonl")] == ["parquet", "parquet"]


def test_records_written_back_in_place_keep_their_place(run, tmp_path):
    """An in-place run writes back the lines it could not read; undo counts them, so each
    fixed record is found at its own line."""
    lines = [LineStyle.COMPACT.dumps(r) + b"\n" for r in RECORDS]
    data = b"".join([b"{broken\n", lines[0], lines[1], b"\n", b"[1, 2]\n", lines[2]])
    (tmp_path / "in.jsonl").write_bytes(data)
    assert run("fix", "in.jsonl", "--in-place", "--ledger", "ledger.jsonl").exit_code == 1
    assert (tmp_path / "in.jsonl").read_bytes() != data
    result = run("undo", "in.jsonl", "--ledger", "ledger.jsonl", "--out", "restored.jsonl")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "restored.jsonl").read_bytes() == data


# Issue 16, item 2: undo is byte-exact and all-or-nothing.


def test_jsonl_with_crlf_no_final_newline_and_a_quarantined_record_round_trips(run, tmp_path):
    data = (
        b'{"id":"a","text":"Tom &amp; Jerry"}\r\n'
        b"{not json at all\r\n"
        b"\r\n"
        b'{"id":"b","text":"Fine as it is."}\r\n'
        b'{"id":"c","text":"Caf\xc3\xa9 &quot;Nord&quot;"}'
    )
    (tmp_path / "in.jsonl").write_bytes(data)
    fixed = run("fix", "in.jsonl", "--out", "fixed.jsonl", "--ledger", "ledger.jsonl")
    assert fixed.exit_code == 1  # a record was quarantined
    assert b"not json" not in (tmp_path / "fixed.jsonl").read_bytes()
    undone = run("undo", "fixed.jsonl", "--ledger", "ledger.jsonl", "--out", "restored.jsonl")
    assert undone.exit_code == 0, undone.output
    assert (tmp_path / "restored.jsonl").read_bytes() == data


def test_a_record_that_timed_out_is_restored_too(run, tmp_path, monkeypatch):
    from textclean.run import runner

    real = runner.fix_document

    def fails_on_b(doc, rules, options, reconciler=None):
        text, report = real(doc, rules, options, reconciler)
        if doc.id == "b":
            from dataclasses import replace

            report = replace(report, error="regex timeout (simulated)")
        return text, report

    monkeypatch.setattr(runner, "fix_document", fails_on_b)
    data = b"".join(LineStyle.SPACED.dumps(r) + b"\n" for r in RECORDS)
    (tmp_path / "in.jsonl").write_bytes(data)
    _round_trip(run, ["in.jsonl"])
    assert (tmp_path / "restored").read_bytes() == data


def _two_fixed_files(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Tom &amp; Jerry\n", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("Caf\u00e9 &quot;Nord&quot;\n", encoding="utf-8")
    (tmp_path / "in" / "c.txt").write_text("Nothing to fix here.\n", encoding="utf-8")
    assert run("fix", "in", "--out", "fixed", "--ledger", "ledger.jsonl").exit_code == 0


def test_undo_is_all_or_nothing(run, tmp_path):
    _two_fixed_files(run, tmp_path)
    (tmp_path / "fixed" / "b.txt").write_text("edited by hand\n", encoding="utf-8")
    result = run("undo", "fixed", "--ledger", "ledger.jsonl", "--out", "restored")
    assert result.exit_code == 2
    assert "b.txt" in result.output and "has changed since the fix run" in result.output
    assert not (tmp_path / "restored").exists()  # not even a.txt, which could be restored


def test_undo_partial_restores_the_others_and_names_the_refused(run, tmp_path):
    _two_fixed_files(run, tmp_path)
    (tmp_path / "fixed" / "a.txt").write_text("edited by hand\n", encoding="utf-8")
    result = run("undo", "fixed", "--ledger", "ledger.jsonl", "--out", "restored", "--partial")
    assert result.exit_code == 1
    assert "a.txt" in result.output and "refused 1 document" in result.output
    assert (tmp_path / "restored" / "b.txt").read_bytes() == (tmp_path / "in" / "b.txt").read_bytes()
    assert (tmp_path / "restored" / "c.txt").read_bytes() == (tmp_path / "in" / "c.txt").read_bytes()
    # a refused document is written as it is now
    assert (tmp_path / "restored" / "a.txt").read_bytes() == b"edited by hand\n"


def test_undo_names_the_edited_jsonl_record(run, tmp_path):
    data = b"".join(LineStyle.COMPACT.dumps(r) + b"\n" for r in RECORDS)
    (tmp_path / "in.jsonl").write_bytes(data)
    run("fix", "in.jsonl", "--out", "fixed.jsonl", "--ledger", "ledger.jsonl")
    lines = (tmp_path / "fixed.jsonl").read_bytes().splitlines(keepends=True)
    record = json.loads(lines[2])
    record["text"] += " edited"
    lines[2] = LineStyle.COMPACT.dumps(record) + b"\n"
    (tmp_path / "fixed.jsonl").write_bytes(b"".join(lines))
    result = run("undo", "fixed.jsonl", "--ledger", "ledger.jsonl", "--out", "restored.jsonl")
    assert result.exit_code == 2
    assert "in.jsonl:3" in result.output and "fixed.jsonl:3" in result.output
    assert "in.jsonl:1" not in result.output
    assert not (tmp_path / "restored.jsonl").exists()


def test_a_version_1_ledger_is_refused_with_a_clear_message(run, tmp_path):
    (tmp_path / "a.txt").write_text("Tom & Jerry\n", encoding="utf-8")
    entry = {"ledger": 1, "id": "a.txt", "source": "a.txt", "output": "a.txt", "format": "text",
             "before_sha256": sha256("Tom &amp; Jerry\n"), "after_sha256": sha256("Tom & Jerry\n"),
             "edits": [{"rule": "MK001", "pass": 1, "start": 4, "end": 9, "before": "&amp;", "after": "&"}]}
    (tmp_path / "l.jsonl").write_text(json.dumps(entry) + "\n", encoding="utf-8")
    result = run("undo", "a.txt", "--ledger", "l.jsonl", "--out", "b.txt")
    assert result.exit_code == 2
    assert "version 1" in result.output and "re-run" in result.output


def test_quarantined_text_files_come_back_and_skipped_binaries_are_named(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Tom &amp; Jerry\n", encoding="utf-8")
    (tmp_path / "in" / "latin1.txt").write_bytes(b"Caf\xe9 cr\xe8me\r\n")  # not UTF-8
    (tmp_path / "in" / "pic.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert run("fix", "in", "--out", "fixed", "--ledger", "ledger.jsonl").exit_code == 1
    assert not (tmp_path / "fixed" / "latin1.txt").exists()
    result = run("undo", "fixed", "--ledger", "ledger.jsonl", "--out", "restored")
    assert result.exit_code == 0, result.output
    for name in ("a.txt", "latin1.txt"):
        assert (tmp_path / "restored" / name).read_bytes() == (tmp_path / "in" / name).read_bytes()
    assert "not restored: in/pic.txt: binary file" in result.stderr
    assert not [p for p in tmp_path.iterdir() if ".undo-" in p.name]  # no staging left behind
