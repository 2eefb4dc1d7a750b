"""textclean.integrations.hf with the real `datasets` library: Dataset.map keeps fields and adds counts."""

from __future__ import annotations

import pytest

import textclean
import textclean.integrations.hf

datasets = pytest.importorskip("datasets")

ROWS = [
    {"id": "a", "text": "Tom &amp; Jerry\n\nPost Comment\nThe end of the story.", "lang": "en"},
    {"id": "b", "text": "A clean sentence that needs nothing at all.", "lang": "en"},
    {"id": "c", "text": None, "lang": "fr"},
]


def test_map_fix_batched_keeps_fields_and_adds_counts():
    ds = datasets.Dataset.from_list(ROWS)
    fixed = ds.map(textclean.integrations.hf.fix, batched=True, batch_size=2)
    assert fixed.column_names == ["id", "text", "lang", "textclean_fixed", "textclean_findings",
                                  "textclean_rules", "textclean_error"]
    rows = fixed.to_list()
    assert [r["id"] for r in rows] == ["a", "b", "c"] and [r["lang"] for r in rows] == ["en", "en", "fr"]
    rules = textclean.load_rules()
    expected = textclean.fix_text(ROWS[0]["text"], rules)
    assert rows[0]["text"] == expected.text
    assert rows[0]["textclean_fixed"] == len(expected.applied) > 0
    assert rows[0]["textclean_findings"] == len(expected.remaining)
    assert rows[0]["textclean_rules"] == ",".join(sorted({f.rule for f in expected.remaining}))
    assert rows[0]["textclean_error"] == rows[1]["textclean_error"] == ""
    assert rows[1]["text"] == ROWS[1]["text"] and rows[1]["textclean_fixed"] == 0
    assert rows[2]["text"] is None and rows[2]["textclean_error"] == "text is null"


def test_map_check_changes_nothing_and_filter_on_rules():
    ds = datasets.Dataset.from_list(ROWS[:2])
    checked = ds.map(textclean.integrations.hf.check, batched=True, fn_kwargs={"select": ["MK", "BP"]})
    assert checked["text"] == ds["text"]
    assert checked["textclean_rules"] == ["BP001,MK001", ""]
    clean = checked.filter(lambda row: not row["textclean_rules"])
    assert clean["id"] == ["b"]


def test_not_batched_rows_and_other_text_field():
    ds = datasets.Dataset.from_list([{"body": "x &amp; y", "url": "https://example.org/a"}])
    fixed = ds.map(textclean.integrations.hf.fix, fn_kwargs={"text_field": "body", "select": ["MK"]})
    assert fixed[0]["body"] == "x & y" and fixed[0]["textclean_fixed"] == 1
    assert fixed[0]["url"] == "https://example.org/a"


def test_fix_dataset_helper_with_unsafe_fixes_and_workers():
    ds = datasets.Dataset.from_list(ROWS[:2] * 3)
    safe = textclean.integrations.hf.fix_dataset(ds, select=["BP", "MK"])
    unsafe = textclean.integrations.hf.fix_dataset(ds, select=["BP", "MK"], unsafe_fixes=True, num_proc=2,
                                      batch_size=2)
    assert safe["text"][0] == "Tom & Jerry\n\nThe end of the story."
    assert unsafe["text"] == safe["text"]  # no unsafe rule fires here; the workers agree
    assert unsafe["textclean_fixed"] == safe["textclean_fixed"]


def test_missing_text_column_names_the_columns():
    ds = datasets.Dataset.from_list([{"content": "x"}])
    with pytest.raises(KeyError, match="content"):
        ds.map(textclean.integrations.hf.fix, batched=True)
