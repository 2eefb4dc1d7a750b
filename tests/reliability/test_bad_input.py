"""Bad input never crashes a run and is never lost: it is quarantined, counted and reported."""

from __future__ import annotations

import base64
import gzip
import json

import pytest
from reliability_support import fixed_rules, read_jsonl

GOOD_1 = {"id": "g1", "text": "Tom &amp; Jerry went to the harbour festival on Sunday.", "n": 1}
GOOD_2 = {"id": "g2", "text": "A quiet record that no rule should touch at all, kept byte for byte."}
BAD_UTF8 = b'{"id": "u", "text": "caf\xe9 au lait"}'
BAD_LINES = [
    (b"{not json at all", "not JSON"),
    (b'["an", "array"]', "not a JSON object"),
    (b'{"id": "x", "body": "no text field"}', "no field 'text'"),
    (b'{"id": "y", "text": 42}', "field 'text' is not a string"),
    (BAD_UTF8, "invalid UTF-8"),
]


def _mixed_jsonl() -> bytes:
    """GOOD_1, then each bad line, then GOOD_2: the bad ones are lines 2 to 6."""
    lines = [json.dumps(GOOD_1).encode()] + [line for line, _ in BAD_LINES] + [json.dumps(GOOD_2).encode()]
    return b"\n".join(lines) + b"\n"


def test_fix_quarantines_each_bad_jsonl_record_and_keeps_the_rest_in_order(run, tmp_path):
    (tmp_path / "in.jsonl").write_bytes(_mixed_jsonl())
    result = run("fix", "in.jsonl", "--out", "out.jsonl", "--report", "r.json")
    assert result.exit_code == 1, result.output

    out = read_jsonl(tmp_path / "out.jsonl")
    assert [r["id"] for r in out] == ["g1", "g2"]
    assert out[0] == {**GOOD_1, "text": "Tom & Jerry went to the harbour festival on Sunday."}
    quarantine = read_jsonl(tmp_path / "out.jsonl.quarantine.jsonl")
    assert [q["line"] for q in quarantine] == [2, 3, 4, 5, 6]
    for record, (_, reason) in zip(quarantine, BAD_LINES, strict=True):
        assert record["source"] == "in.jsonl"
        assert record["reason"].startswith(reason), record
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["summary"]["quarantined"] == 5
    assert report["summary"]["documents"] == 2


def test_quarantine_option_names_the_file(run, tmp_path):
    (tmp_path / "in.jsonl").write_bytes(_mixed_jsonl())
    result = run("fix", "in.jsonl", "--out", "out.jsonl", "--quarantine", "bad/q.jsonl")
    assert result.exit_code == 1
    assert len(read_jsonl(tmp_path / "bad" / "q.jsonl")) == 5
    assert not (tmp_path / "out.jsonl.quarantine.jsonl").exists()


def test_check_counts_and_quarantines_bad_records_too(run, tmp_path):
    (tmp_path / "in.jsonl").write_bytes(_mixed_jsonl())
    result = run("check", "in.jsonl", "--quarantine", "q.jsonl", "--format", "json", "-o", "r.json")
    assert result.exit_code == 1
    assert [q["line"] for q in read_jsonl(tmp_path / "q.jsonl")] == [2, 3, 4, 5, 6]
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["summary"]["quarantined"] == 5
    assert report["summary"]["documents"] == 2
    # Without --quarantine the records are still counted, and still fail the run.
    result = run("check", "in.jsonl", "--fail-level", "error")
    assert result.exit_code == 1


def test_invalid_utf8_line_is_quarantined_with_its_raw_bytes(run, tmp_path):
    (tmp_path / "in.jsonl").write_bytes(_mixed_jsonl())
    run("fix", "in.jsonl", "--out", "out.jsonl")
    (record,) = [q for q in read_jsonl(tmp_path / "out.jsonl.quarantine.jsonl") if q["line"] == 6]
    assert base64.b64decode(record["raw_base64"]) == BAD_UTF8
    assert record["offset"] == BAD_UTF8.index(b"\xe9")
    assert "\ufffd" not in (tmp_path / "out.jsonl").read_text(encoding="utf-8")


def test_invalid_utf8_text_file_is_quarantined_never_replaced(run, tmp_path):
    (tmp_path / "in").mkdir()
    data = "Première ligne.\n".encode() + b"Deuxi\xe8me ligne, en Latin-1.\n"
    (tmp_path / "in" / "latin1.txt").write_bytes(data)
    (tmp_path / "in" / "fine.txt").write_text("Tom &amp; Jerry.\n")
    result = run("fix", "in", "--out", "out")
    assert result.exit_code == 1
    assert not (tmp_path / "out" / "latin1.txt").exists()
    assert (tmp_path / "out" / "fine.txt").read_text() == "Tom & Jerry.\n"
    (record,) = read_jsonl(tmp_path / "out.quarantine.jsonl")
    assert record["source"].endswith("latin1.txt")
    assert base64.b64decode(record["raw_base64"]) == data
    assert record["offset"] == data.index(b"\xe8")
    assert "line 2" in record["reason"]


def test_binary_files_in_a_folder_are_skipped_and_reported(run, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "shard-0001").write_bytes(gzip.compress(b'{"text": "hidden shard"}\n'))
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "paper.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (folder / "misnamed.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "utf16.txt").write_bytes("A UTF-16 file, which is not text here".encode("utf-16-le"))
    (folder / "records.jsonl").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (folder / "notes.csv").write_text("a,b\n1,2\n")  # text of another kind: not an input
    (folder / "article.txt").write_text("Tom &amp; Jerry.\n")

    result = run("fix", "in", "--out", "out", "--report", "r.json")
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in (tmp_path / "out").rglob("*")) == ["article.txt"]
    report = json.loads((tmp_path / "r.json").read_text())
    skipped = {e["source"].split("/")[-1]: e["reason"] for e in report["errors"]}
    assert set(skipped) == {
        "shard-0001", "photo.png", "paper.pdf", "misnamed.txt", "utf16.txt", "records.jsonl"
    }
    assert all(reason.startswith("binary file (") for reason in skipped.values()), skipped
    assert "gzip" in skipped["shard-0001"] and "PNG" in skipped["misnamed.txt"]
    assert report["summary"]["documents"] == 1


BODY = "The harbour festival returned this weekend after a two-year pause, with boat races."
# Distinct lines: a long line repeated right below itself is BP033's (nearby-duplicate-line).
BODY2 = "Crowds lined the quay from early morning, and the cafes ran out of bread by noon."
BODY3 = "The council said the festival would return next summer with a longer programme."
EDGE_SHAPES = {
    "empty.txt": b"",
    "newline-only.txt": b"\n",
    "empty-lines.txt": f"{BODY}\n\n{BODY2}\n\n{BODY3}\n".encode(),
    "no-final-newline.txt": f"{BODY}\n\n{BODY2}".encode(),
    "bom.txt": b"\xef\xbb\xbf" + f"{BODY}\n".encode(),
    "crlf.txt": f"{BODY}\r\n\r\n{BODY2}\r\n".encode(),
    "cr-only.txt": f"{BODY}\r{BODY2}\r".encode(),
    "nul.txt": f"{BODY}\x00 and more after a NUL byte.\n".encode(),
}


@pytest.mark.parametrize("ignore", [(), ("--ignore", "EN003")], ids=["default", "no-EN003"])
def test_edge_shaped_files_come_back_byte_identical(run, tmp_path, ignore):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in EDGE_SHAPES.items():
        (folder / name).write_bytes(data)
    result = run("fix", "in", "--out", "out", "--unsafe-fixes", "--report", "r.json", *ignore)
    assert result.exit_code in (0, 1), result.output
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["summary"]["quarantined"] == 0
    fixed = {name for name, rules in fixed_rules(tmp_path / "r.json").items() if rules}
    # EN003 removes the NUL byte (a control character); nothing else fires on these shapes.
    assert fixed == (set() if ignore else {"nul.txt"})
    for name, data in EDGE_SHAPES.items():
        out = (tmp_path / "out" / name).read_bytes()
        assert out == (data.replace(b"\x00", b"") if name in fixed else data), name


def test_jsonl_with_crlf_bom_and_no_final_newline_is_byte_identical(run, tmp_path):
    data = b"\xef\xbb\xbf" + json.dumps(GOOD_2).encode() + b"\r\n" + json.dumps({**GOOD_2, "id": "g3"}).encode()
    (tmp_path / "in.jsonl").write_bytes(data)
    result = run("fix", "in.jsonl", "--out", "out.jsonl")
    assert result.exit_code in (0, 1), result.output
    assert (tmp_path / "out.jsonl").read_bytes() == data


def _blank_lines_jsonl(middle: bytes) -> bytes:
    """Blank lines before, between and after records; `middle` is the second record's line."""
    return b"\n  \n" + json.dumps(GOOD_2).encode() + b"\n\r\n\t\n" + middle + b"\n\n" + json.dumps(
        {**GOOD_2, "id": "g3"}
    ).encode() + b"\n\n \n"


def test_jsonl_blank_lines_are_kept_where_they_were(run, tmp_path):
    quiet = json.dumps({**GOOD_2, "id": "g2b"}).encode()
    (tmp_path / "in.jsonl").write_bytes(_blank_lines_jsonl(quiet))
    assert run("fix", "in.jsonl", "--out", "out.jsonl").exit_code == 0
    assert (tmp_path / "out.jsonl").read_bytes() == _blank_lines_jsonl(quiet)
    # A fixed record keeps the blank lines around it too.
    (tmp_path / "in.jsonl").write_bytes(_blank_lines_jsonl(json.dumps(GOOD_1).encode()))
    assert run("fix", "in.jsonl", "--out", "out.jsonl").exit_code == 0
    fixed = json.dumps({**GOOD_1, "text": GOOD_1["text"].replace("&amp;", "&")}, separators=(",", ":"))
    assert (tmp_path / "out.jsonl").read_bytes() == _blank_lines_jsonl(fixed.encode())


def test_jsonl_blank_lines_next_to_an_unreadable_record(run, tmp_path):
    data = _blank_lines_jsonl(b"{not json at all")
    (tmp_path / "in.jsonl").write_bytes(data)
    assert run("fix", "in.jsonl", "--in-place").exit_code == 1
    # In place the bad line is written back where it was, and every blank line with it.
    assert (tmp_path / "in.jsonl").read_bytes() == data
    # With --out the bad line is in the quarantine, not the output; the blank lines stay.
    assert run("fix", "in.jsonl", "--out", "out.jsonl").exit_code == 1
    assert (tmp_path / "out.jsonl").read_bytes() == data.replace(b"{not json at all\n", b"")


def test_unreadable_first_and_last_records_keep_their_blank_lines_and_line_ends(run, tmp_path):
    good = json.dumps(GOOD_2).encode()
    data = b"\n \r\n{bad start\r\n\n" + good + b"\r\n\t\n[1, 2]\r\n\n{bad end"
    (tmp_path / "in.jsonl").write_bytes(data)
    assert run("fix", "in.jsonl", "--in-place").exit_code == 1
    assert (tmp_path / "in.jsonl").read_bytes() == data  # each line back with its own ending
    assert run("fix", "in.jsonl", "--out", "out.jsonl").exit_code == 1
    assert (tmp_path / "out.jsonl").read_bytes() == b"\n \r\n\n" + good + b"\r\n\t\n\n"


def test_a_quarantined_document_leaves_its_blank_lines_in_the_output(run, tmp_path):
    long = json.dumps({"id": "long", "text": "word " * 100}).encode()
    data = json.dumps(GOOD_2).encode() + b"\n\n" + long + b"\n \n" + json.dumps({**GOOD_2, "id": "g3"}).encode()
    (tmp_path / "in.jsonl").write_bytes(data)
    assert run("fix", "in.jsonl", "--out", "out.jsonl", "--max-chars", "200").exit_code == 1
    assert (tmp_path / "out.jsonl").read_bytes() == data.replace(long + b"\n", b"")
    assert run("fix", "in.jsonl", "--in-place", "--max-chars", "200").exit_code == 1
    assert (tmp_path / "in.jsonl").read_bytes() == data


def test_document_over_max_chars_is_quarantined_and_the_run_goes_on(run, tmp_path):
    long_text = "word " * 100
    records = [GOOD_1, {"id": "long", "text": long_text}, GOOD_2]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (tmp_path / "long.txt").write_text(long_text)
    (tmp_path / "huge.txt").write_text("x" * 2000)  # over 4 bytes per allowed character
    result = run("fix", "in.jsonl", "long.txt", "huge.txt", "--out", "out", "--max-chars", "200")
    assert result.exit_code == 1, result.output
    assert [r["id"] for r in read_jsonl(tmp_path / "out" / "in.jsonl")] == ["g1", "g2"]
    assert not (tmp_path / "out" / "long.txt").exists()
    quarantine = {(q["source"], q["line"]): q for q in read_jsonl(tmp_path / "out.quarantine.jsonl")}
    assert set(quarantine) == {("in.jsonl", 2), ("long.txt", None), ("huge.txt", None)}
    assert quarantine["in.jsonl", 2]["reason"] == "too long: 500 characters, more than --max-chars 200"
    assert json.loads(quarantine["in.jsonl", 2]["raw"])["id"] == "long"
    assert quarantine["huge.txt", None]["reason"].startswith("too long: 2000 bytes")
    # 0 lifts the limit.
    assert run("check", "long.txt", "--max-chars", "0", "--select", "MK").exit_code == 0


def test_in_place_keeps_unreadable_records_where_they_were(run, tmp_path):
    data = _mixed_jsonl()
    (tmp_path / "in.jsonl").write_bytes(data)
    result = run("fix", "in.jsonl", "--in-place")
    assert result.exit_code == 1
    lines = (tmp_path / "in.jsonl").read_bytes().splitlines()
    assert lines[1:6] == [line for line, _ in BAD_LINES]
    assert json.loads(lines[0])["text"] == "Tom & Jerry went to the harbour festival on Sunday."
    assert json.loads(lines[6]) == GOOD_2


@pytest.mark.parametrize("mode", [["--out", "out.jsonl.gz"], ["--in-place"]], ids=["out", "in-place"])
def test_a_source_that_breaks_off_is_never_written_in_part(run, tmp_path, mode):
    body = b"".join(json.dumps({"id": str(i), "text": f"Tom &amp; Jerry {i}"}).encode() + b"\n" for i in range(3000))
    data = gzip.compress(body)[:-400]  # a truncated download
    (tmp_path / "in.jsonl.gz").write_bytes(data)
    result = run("fix", "in.jsonl.gz", *mode, "--report", "r.json", "--ledger", "l.jsonl")
    # Issue 16, item 5: a damaged input is an input error (exit 2), said, never a short file.
    assert result.exit_code == 2, result.output
    assert "in.jsonl.gz: damaged compressed data after line " in result.output
    assert ", the last one read" in result.output
    assert (tmp_path / "in.jsonl.gz").read_bytes() == data
    assert not (tmp_path / "out.jsonl.gz").exists()
    assert not (tmp_path / "l.jsonl").exists() and not (tmp_path / "r.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_check_on_a_truncated_gzip_is_an_input_error(run, tmp_path):
    body = b"".join(json.dumps({"id": str(i), "text": f"Tom &amp; Jerry {i}"}).encode() + b"\n" for i in range(3000))
    (tmp_path / "in.jsonl.gz").write_bytes(gzip.compress(body)[:-400])
    result = run("check", "in.jsonl.gz")
    assert result.exit_code == 2
    assert "damaged compressed data" in result.output and "fixable" not in result.output


def test_empty_jsonl_gets_an_empty_output(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.jsonl").write_bytes(b"")
    (tmp_path / "in" / "blank.jsonl").write_bytes(b"\n \n\r\n")
    result = run("fix", "in", "--out", "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "empty.jsonl").read_bytes() == b""
    assert (tmp_path / "out" / "blank.jsonl").read_bytes() == b""  # blank lines hold no record
