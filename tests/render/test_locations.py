"""Issue 16, item 6: a finding names the file and position it is in. In a fix run the
remaining findings are in the output (file and line there); fixed ones in the input."""

from __future__ import annotations

import json

TEXT = ("Advertisement\n\nTom &amp; Jerry went to the harbour.\n\nAugust 03, 2022\n\n"
        "The festival drew a large crowd on Sunday.\n")


def _date_line(output: str) -> str:
    (line,) = [ln for ln in output.splitlines() if "title=MD002" in ln]
    return line


def test_remaining_findings_name_the_output_file(run, tmp_path):
    (tmp_path / "in.txt").write_text(TEXT, encoding="utf-8")
    result = run("fix", "in.txt", "--out", "out.txt", "--format", "github")
    out_lines = (tmp_path / "out.txt").read_text(encoding="utf-8").splitlines()
    line = _date_line(result.output)
    assert "file=out.txt," in line
    assert out_lines[2] == "August 03, 2022" and "line=3," in line


def test_console_and_sarif_agree(run, tmp_path):
    (tmp_path / "in.txt").write_text(TEXT, encoding="utf-8")
    result = run("fix", "in.txt", "--out", "out.txt", "--output-sarif", "r.sarif")
    assert "out.txt:3:1: MD002" in result.output
    sarif = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))
    (date,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "MD002"]
    location = date["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("out.txt")
    assert location["region"]["startLine"] == 3


def test_a_jsonl_record_is_located_on_its_output_line(run, tmp_path):
    records = [{"id": "a", "text": "{broken"}, {"id": "b", "text": TEXT}]
    lines = ["{not json", json.dumps(records[1])]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("fix", "in.jsonl", "--out", "out.jsonl", "--format", "github")
    line = _date_line(result.output)
    assert "file=out.jsonl,line=1," in line  # the broken line is not in the output
    report = run("fix", "in.jsonl", "--out", "o2.jsonl", "--report", "r.json")
    assert report.exit_code == 1
    saved = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    (doc,) = saved["documents"]
    assert doc["source"] == "in.jsonl:2" and doc["output"] == "o2.jsonl:1"
    rendered = run("report", "r.json", "--format", "github")
    assert "file=o2.jsonl,line=1," in _date_line(rendered.output)
