"""Issue 16, item 10: counts that do not mislead, and where quarantined records went."""

from __future__ import annotations

import json

import pytest


def test_check_says_how_many_fixes_need_unsafe_fixes(run, tmp_path):
    (tmp_path / "a.txt").write_text("## Harbour news\n\nTom &amp; Jerry went to the harbour.\n",
                                    encoding="utf-8")
    result = run("check", "a.txt")
    assert "2 fixable with `textclean fix` ([*]), 1 of them only with --unsafe-fixes" in result.output


def test_a_run_that_reads_nothing_is_an_input_error(run, tmp_path):
    (tmp_path / "csvs").mkdir()
    (tmp_path / "csvs" / "a.csv").write_text("id,text\n1,hello\n", encoding="utf-8")
    for command in (["check", "csvs"], ["fix", "csvs", "--out", "out"]):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert "csvs: no input to read" in result.output
    assert not (tmp_path / "out").exists()


def test_an_empty_jsonl_file_is_still_an_input(run, tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert run("check", "empty.jsonl").exit_code == 0


def test_a_duplicate_text_key_is_quarantined(run, tmp_path):
    (tmp_path / "in.jsonl").write_text(
        '{"id": "a", "text": "first &amp; text", "text": "second text"}\n'
        '{"id": "b", "text": "fine &amp; well"}\n', encoding="utf-8")
    result = run("fix", "in.jsonl", "--out", "out.jsonl")
    assert result.exit_code == 1
    out = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["id"] for r in out] == ["b"]
    (entry,) = [json.loads(line) for line in (tmp_path / "out.jsonl.quarantine.jsonl").read_text().splitlines()]
    assert entry["line"] == 1 and "duplicate key 'text'" in entry["reason"]


def test_where_quarantined_records_went_is_said_and_quiet_says_nothing(run, tmp_path):
    (tmp_path / "in.jsonl").write_text('{"id": "a", "text": "ok &amp; fine"}\nnot json\n',
                                       encoding="utf-8")
    result = run("fix", "in.jsonl", "--out", "out.jsonl")
    assert "quarantine: 1 input(s) written to out.jsonl.quarantine.jsonl" in result.stderr
    quiet = run("fix", "in.jsonl", "--out", "out2.jsonl", "--quiet")
    assert quiet.exit_code == 1 and quiet.output == ""
    assert (tmp_path / "out2.jsonl.quarantine.jsonl").exists()
    unsaved = run("check", "in.jsonl")
    assert "quarantine: 1 input(s) not kept; give --quarantine FILE to keep them" in unsaved.stderr


def test_pandera_reports_one_case_for_a_cell_that_is_not_text():
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pandera")
    import pandera.pandas as pa

    from textclean.integrations.pandera import text_checks

    schema = pa.DataFrameSchema({"text": pa.Column(object, checks=text_checks())})
    frame = pd.DataFrame({"text": ["Tom &amp; Jerry", 42, "fine"]})
    with pytest.raises(pa.errors.SchemaErrors) as info:
        schema.validate(frame, lazy=True)
    cases = info.value.failure_cases
    at_42 = cases[cases["index"] == 1]
    assert len(at_42) == 1, at_42
    assert "not text" in str(at_42.iloc[0]["check"])
