"""The command line: exit codes, output formats, fix destinations, JSONL round trip."""

from __future__ import annotations

import gzip
import json
import shutil

DIRTY = "Tom &amp; Jerry\n\nRead more from Europe\nPost Comment"
CLEAN = (
    "The harbour festival returned this weekend after a two-year pause, with boat races, a fish "
    "market and a night parade on the old quay, where thousands gathered despite the rain.\n"
)


def test_check_clean_exits_0(run, tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN)
    result = run("check", "a.txt")
    assert result.exit_code == 0, result.output
    assert "0 findings" in result.output


def test_check_findings_exit_1_with_locations(run, tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY)
    result = run("check", "a.txt")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "a.txt:1:5: MK001 HTML entity left as literal text [*]" in lines
    assert any(line.startswith("a.txt:4:1: BP001 ") for line in lines)


def test_fail_level_error_passes_warnings(run, tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY)
    assert run("check", "a.txt", "--fail-level", "error").exit_code == 0


def test_missing_path_exits_2(run):
    result = run("check", "nope.txt")
    assert result.exit_code == 2 and "no such file" in result.output


def test_broken_rule_file_exits_2_before_reading(run, tmp_path):
    (tmp_path / "bad.yml").write_text("code: XX001\nname: x\nsummary: s\nlevel: info\nkind: pattern\npattern: '('\n")
    result = run("check", "nope.txt", "--rules", "bad.yml")
    assert result.exit_code == 2
    assert "bad.yml:6:10: regex does not compile" in result.output


def test_check_json_report(run, tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY)
    result = run("check", "a.txt", "--format", "json", "--output", "report.json")
    assert result.exit_code == 1
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["schema_version"] == 1
    assert report["tool"]["name"] == "textclean"
    assert report["summary"]["documents"] == 1
    assert report["summary"]["found_per_rule"]["MK001"] == 1
    doc = report["documents"][0]
    assert doc["id"] == "a.txt"
    entity = next(f for f in doc["findings"] if f["rule"] == "MK001")
    assert (entity["line"], entity["col"], entity["end_line"], entity["end_col"]) == (1, 5, 1, 10)
    assert (entity["start"], entity["end"], entity["excerpt"]) == (4, 9, "&amp;")
    assert entity["fix"] == {"safety": "safe", "applied": False, "pass": None,
                             "edits": [{"start": 4, "end": 9, "replacement": "&"}]}
    assert {r["code"] for r in report["rules"]} >= {"MK001", "BP001"}


def test_fix_folder_mirrors_paths_and_keeps_input(run, tmp_path):
    src = tmp_path / "in" / "sub"
    src.mkdir(parents=True)
    (src / "a.txt").write_text(DIRTY)
    (tmp_path / "in" / "b.md").write_text(CLEAN)
    result = run("fix", "in", "--out", "out", "--report", "r.json")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "sub" / "a.txt").read_text() == "Tom & Jerry"
    assert (tmp_path / "out" / "b.md").read_text() == CLEAN
    assert (src / "a.txt").read_text() == DIRTY
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["summary"]["fixed_per_rule"] == {"BP001": 1, "BP002": 1, "MK001": 1}
    assert report["summary"]["changed_documents"] == 1


def test_fix_single_file_to_file(run, tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY)
    assert run("fix", "a.txt", "--out", "b.txt").exit_code == 0
    assert (tmp_path / "b.txt").read_text() == "Tom & Jerry"


def test_fix_refuses_to_overwrite_input(run, tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY)
    result = run("fix", "a.txt", "--out", "a.txt")
    assert result.exit_code == 2 and "--in-place" in result.output
    assert (tmp_path / "a.txt").read_text() == DIRTY


def test_fix_needs_a_destination(run, tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY)
    result = run("fix", "a.txt")
    assert result.exit_code == 2 and "--out" in result.output


def test_diff_writes_nothing(run, tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY)
    result = run("fix", "a.txt", "--diff")
    assert "-Tom &amp; Jerry\n" in result.output and "+Tom & Jerry\n" in result.output
    assert "--- a/a.txt" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert (tmp_path / "a.txt").read_text() == DIRTY


def test_in_place(run, tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY)
    assert run("fix", "a.txt", "--in-place").exit_code == 0
    assert (tmp_path / "a.txt").read_text() == "Tom & Jerry"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_unsafe_fixes_flag(run, tmp_path):
    text = "Body text here.\n\nHarbour master at the quay. Port Office / HPA\n\nMore text.\n"
    (tmp_path / "a.txt").write_text(text)
    run("fix", "a.txt", "--out", "safe.txt")
    run("fix", "a.txt", "--out", "unsafe.txt", "--unsafe-fixes")
    assert "HPA" in (tmp_path / "safe.txt").read_text()
    assert (tmp_path / "unsafe.txt").read_text() == "Body text here.\n\nMore text.\n"


def _jsonl(records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def test_jsonl_round_trip_keeps_fields_and_order(run, tmp_path):
    records = [
        {"id": "r1", "text": CLEAN, "url": "https://example.org/1", "n": 1},
        {"meta": {"a": [1, 2]}, "text": DIRTY, "id": "r2", "big": 12345678901234567890123},
        {"id": "r3", "text": "Ünïcödé &amp; more", "lang": "de"},
    ]
    (tmp_path / "in.jsonl").write_text(_jsonl(records), encoding="utf-8")
    result = run("fix", "in.jsonl", "--out", "out.jsonl")
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines[0] == json.dumps(records[0], ensure_ascii=False)  # unchanged: byte for byte
    out = [json.loads(line) for line in lines]
    assert [list(r) for r in out] == [list(r) for r in records]
    assert out[1]["text"] == "Tom & Jerry" and out[1]["big"] == records[1]["big"]
    assert out[2]["text"] == "Ünïcödé & more"


def test_jsonl_gz_and_custom_fields(run, tmp_path):
    data = _jsonl([{"key": "a", "body": DIRTY}]).encode()
    (tmp_path / "in.jsonl.gz").write_bytes(gzip.compress(data))
    result = run("check", "in.jsonl.gz", "--text-field", "body", "--id-field", "key")
    assert result.exit_code == 1
    assert "a:1:5: MK001" in result.output
    run("fix", "in.jsonl.gz", "--out", "out.jsonl.gz", "--text-field", "body")
    out = json.loads(gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes()))
    assert out == {"key": "a", "body": "Tom & Jerry"}


def test_bad_jsonl_record_quarantined(run, tmp_path):
    (tmp_path / "in.jsonl").write_text('{"id": 1, "text": "ok &amp;"}\nnot json\n{"id": 3}\n')
    result = run("fix", "in.jsonl", "--out", "out.jsonl")
    assert result.exit_code == 1
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 1
    quarantine = [json.loads(x) for x in (tmp_path / "out.jsonl.quarantine.jsonl").read_text().splitlines()]
    assert [(q["line"], q["reason"].split(":")[0]) for q in quarantine] == [(2, "not JSON"), (3, "no field 'text'")]


def test_stdin_to_stdout(run):
    result = run("fix", "-", input="Tom &amp; Jerry")
    assert result.exit_code == 0
    assert result.stdout == "Tom & Jerry"


def test_rules_list_show_test(run):
    listing = run("rules", "list")
    assert listing.exit_code == 0 and "MK001" in listing.output and "(opt-in)" in listing.output
    shown = run("rules", "show", "MK001")
    assert shown.exit_code == 0 and "why:" in shown.output and "examples:" in shown.output
    assert run("rules", "show", "ZZ999").exit_code == 2
    tested = run("rules", "test")
    assert tested.exit_code == 0, tested.output
    assert " passed, 0 failed" in tested.output


def test_rules_test_reports_failing_user_rule(run, tmp_path):
    (tmp_path / "mine.yml").write_text(
        "code: XX001\nname: mine\nsummary: s\nlevel: info\nkind: pattern\npattern: 'cat'\n"
        "examples:\n  - text: 'a dog'\n    finds: ['dog']\n"
    )
    result = run("rules", "test", "mine.yml", "--no-default-rules")
    assert result.exit_code == 1 and "FAIL" in result.output


def test_config_file_selects(run, tmp_path):
    (tmp_path / "textclean.toml").write_text('select = ["BP"]\n')
    (tmp_path / "a.txt").write_text(DIRTY)
    result = run("check", "a.txt")
    assert "MK001" not in result.output and "BP001" in result.output


def test_seeds_cli(run, tmp_path, seeds_dir):
    shutil.copytree(seeds_dir, tmp_path / "seeds")
    result = run("fix", "seeds", "--out", "clean", "--unsafe-fixes")
    assert result.exit_code == 0, result.output
    again = run("check", "clean")
    assert again.exit_code == 0, again.output


def test_fix_deletes_no_word_of_hard_wrapped_prose(run, tmp_path):
    # Issue 16, item 1: `comment.` and `photos.` end wrapped sentences, they are no widgets.
    text = "Her office did not return requests for\ncomment.\n\nResidents sent in their\nphotos.\n"
    (tmp_path / "w.txt").write_text(text)
    result = run("fix", "w.txt", "--diff")
    assert "-comment." not in result.output and "-photos." not in result.output, result.output
    assert (tmp_path / "w.txt").read_text() == text
    checked = run("check", "w.txt").output
    assert "part of a wrapped sentence: unsafe fix" in checked
