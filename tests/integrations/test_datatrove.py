"""textclean's datatrove steps in a real datatrove pipeline (the local executor)."""

from __future__ import annotations

import gzip
import json

import pytest

import textclean

pytest.importorskip("datatrove")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from textclean.integrations.datatrove import TextcleanFilter, TextcleanFormatter  # noqa: E402

LONG = ("The harbour festival returned this weekend after a two-year pause, with boat races, a "
        "fish market and a night parade on the old quay, where thousands gathered.")
RECORDS = [
    {"id": "a", "text": f"Tom &amp; Jerry\n\n{LONG}\n\nPost Comment", "metadata": {"url": "https://x.org/a"}},
    {"id": "b", "text": "Too short.", "metadata": {}},
    {"id": "c", "text": LONG, "metadata": {}},
]


def _read_jsonl_gz(folder):
    rows = []
    for path in sorted(folder.rglob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle)
    return rows


def test_formatter_and_filter_in_a_local_pipeline(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "part.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(raw)),
            TextcleanFormatter(),
            TextcleanFilter(select=["DC001"], level="info", exclusion_writer=JsonlWriter(str(tmp_path / "dropped"))),
            JsonlWriter(str(tmp_path / "clean")),
        ],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    )
    stats = executor.run()
    kept = {row["id"]: row for row in _read_jsonl_gz(tmp_path / "clean")}
    dropped = _read_jsonl_gz(tmp_path / "dropped")
    assert sorted(kept) == ["a", "c"]
    assert kept["a"]["text"] == textclean.fix_text(RECORDS[0]["text"], textclean.load_rules()).text
    assert kept["a"]["text"].startswith("Tom & Jerry") and "Post Comment" not in kept["a"]["text"]
    assert kept["c"]["text"] == LONG
    assert kept["a"]["metadata"]["textclean_fixed"] == 2
    assert [row["id"] for row in dropped] == ["b"]
    assert dropped[0]["metadata"]["filter_reason"] == "textclean_DC001"
    # Per-rule counts land in datatrove's own stats (merged over tasks).
    def step(cls):
        return next(s.stats for s in stats.stats if s.name.endswith(cls.name))

    formatter = step(TextcleanFormatter)
    assert formatter["fixed_MK001"].total == 1 and formatter["fixed_BP001"].total == 1
    assert formatter["changed"].total == 1 and formatter["total"].total == 3
    filtered = step(TextcleanFilter)
    assert filtered["dropped_textclean_DC001"].total == 1 and filtered["found_DC001"].total == 1
    saved = json.loads((tmp_path / "logs" / "stats.json").read_text())
    assert any("fixed_MK001" in step["stats"] for step in saved)


def test_steps_run_on_documents_directly():
    docs = [Document(text="x &amp; y", id="1"), Document(text="Fine.", id="2")]
    formatter = TextcleanFormatter(select=["MK"])
    out = list(formatter.run(iter(docs)))
    assert [d.text for d in out] == ["x & y", "Fine."]
    assert formatter.format("a &lt; b") == "a < b"
    keep = TextcleanFilter(select=["MK"], level="warning")
    assert keep.filter(Document(text="a &amp; b", id="3")) == (False, "textclean_MK001")
    assert keep.filter(Document(text="a and b", id="4")) is True
    with pytest.raises(ValueError, match="level"):
        TextcleanFilter(level="fatal")
