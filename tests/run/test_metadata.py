"""`--extract-metadata`: byline, date and source-URL lines move into record fields."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import textclean
from textclean.cli import main
from textclean.run.metadata import extract_metadata, extract_spec, field_value

BODY = "The harbour reopened on Monday after three weeks of repairs to the quay."

RECORDS = [
    {
        "id": "r1",
        "text": f"Harbour reopens\n\nBy Ana Reis\n\nMarch 4, 2024\n\n{BODY}\n\nOriginal url:\n\nhttps://example.org/harbour-reopens-a1",
    },
    {
        "id": "r2",
        "url": "https://example.org/already-known",
        "text": f"{BODY}\n\nSource url: https://example.org/a-different-page",
    },
    {
        "id": "r3",
        "byline": "Desk",
        "text": f"By Desk\n\n{BODY}\n\nPublished 10:32 PM EST Mar 4, 2024",
    },
    {"id": "r4", "text": BODY},
]


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def records(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return path


def test_fields_are_moved_out_of_the_text(records, tmp_path):
    out = tmp_path / "out.jsonl"
    run("fix", str(records), "--out", str(out), "--extract-metadata")
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert got[0] == {
        "id": "r1",
        "text": f"Harbour reopens\n\n{BODY}",
        "byline": "Ana Reis",
        "date": "March 4, 2024",
        "url": "https://example.org/harbour-reopens-a1",
    }


def test_existing_fields_are_never_overwritten(records, tmp_path):
    out = tmp_path / "out.jsonl"
    run("fix", str(records), "--out", str(out), "--extract-metadata")
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # A different URL stays in the text (and is still reported); the field is kept.
    assert got[1]["url"] == "https://example.org/already-known"
    assert "Source url: https://example.org/a-different-page" in got[1]["text"]
    # The same byline as the field is removed from the text; the field is unchanged.
    assert got[2]["byline"] == "Desk" and "By Desk" not in got[2]["text"]
    assert got[2]["date"] == "10:32 PM EST Mar 4, 2024"
    assert got[3] == RECORDS[3]


def test_without_the_flag_metadata_stays_in_the_text(records, tmp_path):
    out = tmp_path / "out.jsonl"
    run("fix", str(records), "--out", str(out))
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert "By Ana Reis" in got[0]["text"] and "byline" not in got[0]


def test_text_files_keep_their_lines(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(f"By Ana Reis\n\n{BODY}\n", encoding="utf-8")
    out = tmp_path / "out"
    run("fix", str(src), "--out", str(out), "--extract-metadata")
    assert (out).read_text(encoding="utf-8") == f"By Ana Reis\n\n{BODY}\n"


def test_the_move_is_a_fix_the_ledger_can_undo(records, tmp_path):
    """Issue 16, item 8: the move goes through the report, the ledger and undo."""
    data = records.read_bytes().replace(b'"id": "r4"', b'"id": "r4", "byline": null')
    records.write_bytes(data)
    out, ledger = tmp_path / "o.jsonl", tmp_path / "l.jsonl"
    result = run("fix", str(records), "--out", str(out), "--extract-metadata", "--ledger", str(ledger))
    assert result.exit_code in (0, 1), result.output
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["byline"] == "Ana Reis"
    back = tmp_path / "back.jsonl"
    undone = run("undo", str(out), "--ledger", str(ledger), "--out", str(back))
    assert undone.exit_code == 0, undone.output
    assert back.read_bytes() == data


def test_moved_lines_are_fixed_findings_not_remaining_ones(records, tmp_path):
    report_path = tmp_path / "r.json"
    run("fix", str(records), "--out", str(tmp_path / "o.jsonl"), "--extract-metadata",
        "--report", str(report_path), "--include-text")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    r1 = next(d for d in report["documents"] if d["id"] == "r1")
    moved = [f for f in r1["findings"] if f["rule"].startswith("MD")]
    assert {f["rule"] for f in moved} == {"MD001", "MD002", "MD003"}
    assert all(f["fix"] and f["fix"]["applied"] for f in moved), moved
    # r3's byline repeats the record's field: moved; its stamp is moved into `date`
    r3 = next(d for d in report["documents"] if d["id"] == "r3")
    assert not [f for f in r3["findings"] if f["rule"].startswith("MD") and not f["fix"]["applied"]]
    # every remaining finding points into the text as written
    fixed = {json.loads(line)["id"]: json.loads(line)["text"]
             for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()}
    for doc in report["documents"]:
        for f in doc["findings"]:
            if not (f["fix"] and f["fix"]["applied"]):
                assert fixed[doc["id"]][f["start"]:f["end"]] == f["excerpt"] or "…" in f["excerpt"]


def test_ignored_rules_take_no_part():
    rules = textclean.load_rules().select(None, ["MD002"])
    out = extract_metadata(f"By Ana Reis\n\nMarch 4, 2024\n\n{BODY}", rules)
    assert out.fields == {"byline": "Ana Reis"}
    assert out.text == f"March 4, 2024\n\n{BODY}"


def test_two_different_dates_keep_the_second_in_the_text():
    text = f"Published March 4, 2024 10:00\n\nUpdated March 5, 2024 09:00\n\n{BODY}"
    out = extract_metadata(text, textclean.load_rules())
    assert out.fields == {"date": "March 4, 2024 10:00"}
    assert out.text == f"Updated March 5, 2024 09:00\n\n{BODY}"


def test_prose_is_never_taken_for_a_byline():
    text = f"By the time the ferry left, the pier was empty.\n\n{BODY}"
    assert extract_metadata(text, textclean.load_rules()).text == text


@pytest.mark.parametrize(
    ("code", "line", "value"),
    [
        ("MD001", "BY JANE DOE", "JANE DOE"),
        ("MD001", "Von Anna Schmidt", "Anna Schmidt"),
        ("MD004", "Veröffentlicht am 16.08.2024", "16.08.2024"),
        ("MD003", "Original url: https://example.org/x", "https://example.org/x"),
        ("MD002", "  4 March 2024 ", "4 March 2024"),
    ],
)
def test_field_values(code, line, value):
    assert field_value(extract_spec(textclean.load_rules()[code]), line) == value


def test_a_rule_file_of_ones_own_extracts_into_its_field(tmp_path):
    (tmp_path / "photo.yml").write_text(
        "code: XP001\nname: photo-credit\nsummary: Photo credit line\nlevel: info\nkind: line\n"
        "patterns: ['(?i)^photo:\\s+\\S']\nextract:\n  field: photographer\n  label: '(?i)^photo:\\s+'\n",
        encoding="utf-8")
    rules = textclean.load_rules([tmp_path / "photo.yml"], defaults=False)
    out = extract_metadata(f"Photo: Ana Reis\n\n{BODY}", rules)
    assert (out.text, out.fields) == (BODY, {"photographer": "Ana Reis"})


def test_an_extract_label_that_is_no_regex_is_a_rule_error(tmp_path):
    (tmp_path / "bad.yml").write_text(
        "code: XP002\nname: bad-label\nsummary: s\nlevel: info\nkind: line\nphrases: [x]\n"
        "extract:\n  field: f\n  label: '(unclosed'\n", encoding="utf-8")
    with pytest.raises(textclean.RuleError, match="label is not a valid regex"):
        textclean.load_rules([tmp_path / "bad.yml"], defaults=False)
