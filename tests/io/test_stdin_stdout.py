"""Standard input and output (issue 16, item 4): JSONL on stdin is read as JSONL, and
`--out -` writes the fixed stream to standard output while reports go to stderr or files."""

from __future__ import annotations

import json

import pytest

RECORDS = (
    '{"id": "a", "text": "Caf\\u00e9 &quot;Nord&quot; is open."}\n'
    '{"id": "b", "text": "Nothing to fix here."}\n'
)


def test_jsonl_on_stdin_is_read_as_jsonl_and_said_so(run):
    result = run("fix", "-", input=RECORDS)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [json.loads(line)["text"] for line in lines] == ['Caf\u00e9 "Nord" is open.', "Nothing to fix here."]
    assert lines[1] == '{"id": "b", "text": "Nothing to fix here."}'  # unchanged: byte for byte
    assert "reading standard input as JSONL" in result.stderr


def test_input_format_text_reads_jsonl_as_plain_text(run):
    result = run("fix", "-", "--input-format", "text", input='{"text": "a &amp; b"}\n')
    assert result.stdout == '{"text": "a & b"}\n'
    assert "JSONL" not in result.stderr


def test_input_format_jsonl_quarantines_lines_that_are_not_records(run):
    result = run("check", "-", "--input-format", "jsonl", input="plain words\n")
    assert result.exit_code == 1
    assert "not JSON" in result.output


def test_plain_text_on_stdin_stays_text(run):
    result = run("fix", "-", input="{braces} open a text &amp; more\n")
    assert result.stdout == "{braces} open a text & more\n"


def test_check_reads_jsonl_on_stdin(run):
    result = run("check", "-", "--format", "json", input=RECORDS)
    report = json.loads(result.stdout)
    assert report["summary"]["documents"] == 2
    (doc,) = [d for d in report["documents"] if d["id"] == "a"]
    assert "MK001" in {f["rule"] for f in doc["findings"]}


@pytest.mark.parametrize("name", ["in.jsonl", "in.jsonl.gz"])
def test_out_dash_writes_the_fixed_records_to_stdout(run, tmp_path, name):
    import gzip

    data = RECORDS.encode()
    (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    result = run("fix", name, "--out", "-", "--report", "r.json")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists()
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "b"]
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["documents"] == 2


def test_out_dash_for_a_text_file_and_the_report_goes_to_stderr(run, tmp_path):
    (tmp_path / "a.txt").write_text("Tom &amp; Jerry\n\nPost Comment\n", encoding="utf-8")
    result = run("fix", "a.txt", "--out", "-")
    assert result.stdout == "Tom & Jerry\n"
    assert "1 document" in result.stderr
    assert not (tmp_path / "-").exists()


def test_out_dash_needs_one_input_file(run, tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("x\n", encoding="utf-8")
    result = run("fix", "d", "--out", "-")
    assert result.exit_code == 2 and "--out -" in result.output
    assert run("fix", "-", "--out", "-", "--ledger", "l.jsonl", input="x").exit_code == 2
