"""The learned line classifier's features and scorer in the core (`_core.line_features`,
`_core.LineModel`)."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from textclean import _core
from textclean.text.lines import split_lines

TEXT = (
    "Home | News | Sport\n\n"
    "The harbour committee met on Tuesday evening to discuss the new ferry timetable.\n"
    "Members agreed that the early crossing should leave twenty minutes later.\n\n"
    "Share this article\n"
)


def _rows(text: str) -> tuple[list[int], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    lines, (indptr, index, value, context) = _core.line_features(text)
    return (
        lines,
        np.frombuffer(indptr, "<u4"),
        np.frombuffer(index, "<u4"),
        np.frombuffer(value, "<f4"),
        np.frombuffer(context, "<f4").reshape(-1, 5),
    )


def test_one_row_per_non_blank_line():
    lines, indptr, index, value, context = _rows(TEXT)
    assert lines == [i for i, line in enumerate(split_lines(TEXT)) if not line.blank]
    assert len(indptr) == len(lines) + 1 and indptr[-1] == len(index) == len(value)
    version, bits, dense, stage2 = _core.line_feature_layout()
    assert index.max() < (1 << bits) + dense
    assert context.shape == (len(lines), 5)
    assert context[1, 0] == 1.0  # the long sentence is prose
    assert context[0, 0] == 0.0


def test_features_are_the_same_on_every_call():
    a = _core.line_features(TEXT)
    assert a == _core.line_features(TEXT)


def _model(stage1: dict[int, float], stage2: dict[int, float]) -> bytes:
    version, bits, dense, n2 = _core.line_feature_layout()
    w1 = np.zeros((1 << bits) + dense, "<f4")
    for k, v in stage1.items():
        w1[k] = v
    w2 = np.zeros(n2, "<f4")
    for k, v in stage2.items():
        w2[k] = v
    return b"TCLINES\x01" + struct.pack("<4I", version, bits, dense, n2) + w1.tobytes() + w2.tobytes()


def test_the_scorer_reads_both_stages():
    _, bits, _, _ = _core.line_feature_layout()
    prose = (1 << bits) + 36  # Dense::Prose
    # Stage 1: prose lines score low; stage 2: the line's own logit (feature 1) decides.
    model = _core.LineModel(_model({(1 << bits): 2.0, prose: -4.0}, {1: 8.0}))
    scores = {i: p for i, p, _ in model.score(TEXT)}
    assert scores[0] > 0.9 and scores[5] > 0.9
    assert 2 not in scores and 3 not in scores  # lines of prose are never scored
    assert [i for i, _, _ in model.score(TEXT, 0.5)] == [0, 5]
    assert [zone for _, _, zone in model.score(TEXT)] == [0, 2]  # head, tail
    # The second-stage features from the logits, as the training script computes them.
    x = np.frombuffer(_core.line_stage2(TEXT, np.array([1, -1, -1, 1], "<f4").tobytes()), "<f4")
    assert x.shape == (4 * 22,) and x[0] == 1.0 and x[1] == 0.25


def test_the_closure_finds_what_scoring_again_finds():
    _, bits, _, _ = _core.line_feature_layout()
    prose = (1 << bits) + 36  # Dense::Prose
    model = _core.LineModel(_model({(1 << bits): 2.0, prose: -4.0}, {1: 8.0}))
    first = model.score(TEXT, 0.5)
    assert model.score(TEXT, 0.5) == first  # the second call takes the lines' sums from the memo
    # The head line is never given; the tail line is, and deleting it finds nothing more.
    found = model.found(TEXT, 0.5, 0.9, 4)
    assert [t[:3] for t in found] == [t for t in first if t[2] != 0] == [first[-1]]
    # With its place, as line_places gives it.
    assert [t[3:] for t in found] == _core.line_places(TEXT, [first[-1][0]])
    without_tail = "".join(line.body + "\n" for line in split_lines(TEXT)[:4])
    assert [i for i, _, _ in model.score(without_tail, 0.5)] == [0]
    # A lower safe threshold than the line's probability: the same.
    assert [t[:3] for t in model.found(TEXT, 0.5, 0.5, 4)] == [first[-1]]


@pytest.mark.parametrize("threshold", [0.5, 0.999])
def test_a_safe_pass_is_given_the_lines_a_safe_fix_deletes(threshold):
    _, bits, _, _ = _core.line_feature_layout()
    prose = (1 << bits) + 36  # Dense::Prose
    weights = _model({(1 << bits): 2.0, prose: -4.0}, {1: 8.0})
    text = TEXT + "\nPrint\n\nContact"  # the last line's deletion goes back to the one before
    whole = _core.LineModel(weights).found(text, 0.5, threshold, 4)
    assert len(whole) == 3
    safe = [t for t in whole if t[1] >= threshold and t[2] == 2 and not t[7]]
    # Asked first for the safe lines, then for all (a fix pass, then the pass that fixes
    # nothing), or the other way round: the same lines and places as the whole answer's.
    model = _core.LineModel(weights)
    assert model.found(text, 0.5, threshold, 4, safe_only=True) == safe
    assert model.found(text, 0.5, threshold, 4) == whole
    assert model.found(text, 0.5, threshold, 4, safe_only=True) == safe


def test_bad_model_files_are_errors():
    with pytest.raises(ValueError, match="magic"):
        _core.LineModel(b"not a model")
    with pytest.raises(ValueError, match="length"):
        _core.LineModel(_model({}, {})[:-4])
    with pytest.raises(ValueError, match="one logit per"):
        _core.line_stage2(TEXT, b"\0\0\0\0")
