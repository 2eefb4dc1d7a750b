"""`--extract-metadata`: byline, date and source-URL lines move into record fields."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import textclean
from textclean.cli import main
from textclean.metadata import extract_metadata, field_value

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


def test_ledger_and_extract_metadata_refused_together(records, tmp_path):
    result = run("fix", str(records), "--out", str(tmp_path / "o.jsonl"), "--extract-metadata",
                 "--ledger", str(tmp_path / "l.jsonl"))
    assert result.exit_code == 2
    assert "--extract-metadata" in result.output


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
    assert field_value(code, line) == value
