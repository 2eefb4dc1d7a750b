"""benchmarks/train_lines.py: labels, and the same model bytes from the same data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from benchmarks import train_lines
from textclean import _core

PROSE = [
    "The harbour committee met on Tuesday evening to discuss the new ferry timetable.",
    "Members agreed that the early crossing should leave twenty minutes later in winter.",
    "Several traders asked for a longer market on Saturdays during the summer months.",
]
FRAME = ["Home | News | Sport", "Share this story", "Read more", "Sign in to comment"]


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _data(root: Path) -> Path:
    pairs = []
    for k, page in enumerate(["0a", "1b", "2c", "3d", "9e"]):  # 9e: validation, never read
        truth = "\n\n".join(PROSE[k % 3:] + PROSE[: k % 3])
        text = FRAME[k % 4] + "\n\n" + truth + "\n\n" + FRAME[(k + 1) % 4]
        pairs.append({"id": page, "extractor": "x", "text": text, "truth": truth})
    _write(root / "article-benchmark" / "pairs.jsonl", pairs)
    _write(root / "article-benchmark" / "resiliparse-tune.jsonl", pairs[:2])
    segments = [{"page": f"page{k}.html", "label": "without" if k % 2 else "with",
                 "segment": FRAME[k % 4] if k % 2 else PROSE[k % 3]} for k in range(12)]
    _write(root / "trafilatura-segments" / "segments.jsonl", segments)
    return root


def test_a_line_is_boilerplate_when_its_words_are_not_in_the_truth():
    truth = train_lines.Truth("Ferry times\n\nThe ferry leaves the harbour at nine every morning in "
                              "summer.\n\nThe market opens on Saturday morning.")
    text = ("Share this\nThe ferry leaves the harbour at nine every morning in summer.\n"
            "The market opens on Saturday morning, she said.\nnine\nFerry times")
    # `nine` is a word of the truth but no short line of it; `Ferry times` is a subhead
    assert train_lines.line_labels(text, truth) == [1, 0, 0, 1, 0]
    assert train_lines.line_labels("***\nMenu", truth) == [1, 1]


def test_the_same_data_gives_the_same_model_bytes(tmp_path):
    docs = train_lines.load_docs(_data(tmp_path))
    assert {d.page for d in docs if d.kind != "segment"} == {"0a", "1b", "2c", "3d"}
    first = train_lines.train(docs, steps=5)
    second = train_lines.train(train_lines.load_docs(tmp_path), steps=5)
    assert first.model == second.model and first.fold_models == second.fold_models
    model = _core.LineModel(first.model)  # the core reads what the script writes
    scored = model.score("Home | News | Sport\n\n" + PROSE[0])
    assert [i for i, _, _ in scored] == [0]  # the line of prose is not scored
    assert np.isfinite([p for _, p, _ in scored]).all()
