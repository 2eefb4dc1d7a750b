#!/usr/bin/env python3
"""Train the learned line classifier (rule kind `classifier`, `textclean/models/lines-v1.bin`).

Usage (from the repo root)::

    python benchmarks/train_lines.py                # train, choose thresholds, write the model
    python benchmarks/train_lines.py --out x.bin    # write elsewhere
    python benchmarks/train_lines.py --check        # retrain and compare with the shipped bytes

Data is read from ``../shared/data`` (``--data``), the tuning halves only:

- ``article-benchmark/pairs.jsonl`` and ``resiliparse-tune.jsonl``, pages whose id starts with
  0-7: every extractor's output, each non-blank line labelled boilerplate when its words are
  not in the page's truth (``line_labels``), and the truth bodies of those pages (every line
  kept);
- ``trafilatura-segments/segments.jsonl``, pages whose name hashes to 0-7
  (``benchmarks.lexicon.split_of``): each segment on a line of its own inside the neutral
  document of ``benchmarks/quality.py`` (c), `without` boilerplate, `with` kept. The labels are
  noisy (a `without` segment may be a date or a teaser), so they weigh half.

Features are the core's (``textclean._core.line_features``, the function inference calls), so
training and inference hash identically. Stage 1 is a logistic regression over the sparse
features (full-batch Adam, L2, a fixed number of steps: no randomness at all); stage 2 a
logistic regression over ``_core.line_stage2`` (the logits of a line, its neighbours and its
document), fitted by Newton's method on *out-of-fold* stage-1 logits: the pages are split into
``FOLDS`` groups by a hash of their id, and a page's logits come from the stage-1 model trained
on the other groups. The same data gives the same model bytes.

The thresholds written into the boilerplate pack's rule are chosen here, on the tuning half,
from out-of-fold probabilities of the tune truth bodies: the safe threshold is the lowest at
which the rule's safe fixes (lines after the main prose, not in a wrapped sentence) lose at
most ``SAFE_LOSS`` of the truth words, as written and hard-wrapped at 72 columns. The unsafe
one is ``UNSAFE_THRESHOLD``; what deleting every line that reaches it loses is reported. The validation half (ids 8-f) is never read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import struct
import sys
import textwrap
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import regex

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textclean import _core  # noqa: E402
from textclean.rules.kinds.classifier import TAIL  # noqa: E402
from textclean.text.lines import split_lines  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "textclean" / "models" / "lines-v1.bin"
MAGIC = b"TCLINES\x01"
FOLDS = 5
STEPS = 120  # full-batch Adam steps of stage 1
LEARNING_RATE = 0.05
L2 = 1e-4  # per example, stage 1
L2_STAGE2 = 1e-3
SEGMENT_WEIGHT = 0.5
SAFE_LOSS = 0.001  # share of the tune truth words a safe deletion may lose
UNSAFE_THRESHOLD = 0.5  # the lower end of the unsafe band (its truth loss is reported)
WORD = regex.compile(r"\w+")
SHORT_LINE = 8  # words: a truth line this short is a subhead or a list item

# The neutral document of benchmarks/quality.py (c), the segments' context.
from benchmarks.quality import segment_document  # noqa: E402


def is_tune(page_id: str) -> bool:
    return page_id[:1] in "01234567"


def segment_is_tune(page: str) -> bool:
    """The tuning half of the segments, as `benchmarks/lexicon.py` splits them."""
    from benchmarks.lexicon import split_of

    return split_of(hashlib.blake2b(page.encode(), digest_size=8).hexdigest()) == "tune"


# --------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------


class Truth:
    """A truth body's words, for asking whether a line's words are in it."""

    def __init__(self, truth: str) -> None:
        words = WORD.findall(truth)
        self.shingles = {tuple(words[i : i + 4]) for i in range(len(words) - 3)}
        # The short lines of the truth (subheads, list items), each as its words.
        self.short = [
            " " + " ".join(w) + " "
            for w in (WORD.findall(line) for line in truth.splitlines())
            if 0 < len(w) <= SHORT_LINE
        ]
        self.text = truth

    def has_line(self, body: str) -> bool:
        """Whether the line is article text: most of its 4-word shingles are in the truth;
        a line of three words or fewer must be (a piece of) a short line of the truth, a
        subhead or a list item, not just words that occur somewhere in it (`Share`, `Email`);
        a line without a word must be in the truth as written."""
        words = WORD.findall(body)
        if not words:
            return body.strip() in self.text
        if len(words) < 4:
            key = " " + " ".join(words) + " "
            return any(key in line for line in self.short)
        grams = [tuple(words[i : i + 4]) for i in range(len(words) - 3)]
        return sum(g in self.shingles for g in grams) * 2 >= len(grams)


def line_labels(text: str, truth: Truth) -> list[int]:
    """1 (boilerplate) or 0 (article) for each non-blank line of `text`."""
    return [int(not truth.has_line(line.body)) for line in split_lines(text) if not line.blank]


# --------------------------------------------------------------------------------------
# The training set
# --------------------------------------------------------------------------------------


@dataclass
class Doc:
    text: str
    group: str  # pages of one group are in one fold
    labels: np.ndarray  # per non-blank line: 1 boilerplate, 0 article
    weights: np.ndarray  # per non-blank line: 0 = not a training example
    kind: str  # "extract", "truth" or "segment"
    page: str = ""


@dataclass
class Matrix:
    """The stage-1 features of many documents, stacked (CSR)."""

    indptr: np.ndarray
    index: np.ndarray
    value: np.ndarray
    doc_rows: list[tuple[int, int]] = field(default_factory=list)  # per doc: rows [a, b)

    @property
    def rows(self) -> int:
        return len(self.indptr) - 1

    def row_ids(self) -> np.ndarray:
        return np.repeat(np.arange(self.rows, dtype=np.int64), np.diff(self.indptr))


def featurise(docs: Sequence[Doc]) -> Matrix:
    indptrs, indexes, values, doc_rows = [], [], [], []
    offset = rows = 0
    for doc in docs:
        _, (indptr, index, value, _context) = _core.line_features(doc.text)
        ip = np.frombuffer(indptr, "<u4").astype(np.int64)
        indptrs.append(ip[1:] + offset)
        indexes.append(np.frombuffer(index, "<u4"))
        values.append(np.frombuffer(value, "<f4"))
        n = len(ip) - 1
        if n != len(doc.labels):
            raise AssertionError("one label per non-blank line")
        doc_rows.append((rows, rows + n))
        rows += n
        offset += int(ip[-1])
    return Matrix(
        np.concatenate([np.zeros(1, np.int64), *indptrs]),
        np.concatenate(indexes).astype(np.int64),
        np.concatenate(values).astype(np.float64),
        doc_rows,
    )


def _texts(rows: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        out.setdefault(r["text"], r)
    return out


def load_docs(data: Path) -> list[Doc]:
    """The tuning halves as labelled documents, in a fixed order."""
    bench = data / "article-benchmark"
    rows = [json.loads(line) for name in ("pairs.jsonl", "resiliparse-tune.jsonl")
            for line in (bench / name).open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if is_tune(r["id"]) and r["text"].strip()]
    truths = {r["id"]: Truth(r["truth"]) for r in rows}
    docs = []
    for text, r in sorted(_texts(rows).items(), key=lambda kv: (kv[1]["id"], kv[1]["extractor"], kv[0])):
        labels = np.array(line_labels(text, truths[r["id"]]), np.float64)
        docs.append(Doc(text, r["id"], labels, np.ones_like(labels), "extract", r["id"]))
    for page, truth in sorted(truths.items()):
        n = sum(not line.blank for line in split_lines(truth.text))
        docs.append(Doc(truth.text, page, np.zeros(n), np.ones(n), "truth", page))
    segments = [json.loads(line) for line in
                (data / "trafilatura-segments" / "segments.jsonl").open(encoding="utf-8") if line.strip()]
    for seg in segments:
        if not segment_is_tune(seg["page"]) or "\n" in seg["segment"].strip():
            continue
        doc, start, _end = segment_document(seg["segment"])
        lines = [line for line in split_lines(doc) if not line.blank]
        labels = np.zeros(len(lines))
        weights = np.zeros(len(lines))
        at = next(k for k, line in enumerate(lines) if line.start <= start < line.end or line.start >= start)
        labels[at] = float(seg["label"] == "without")
        weights[at] = SEGMENT_WEIGHT
        docs.append(Doc(doc, "segment:" + seg["page"], labels, weights, "segment", seg["page"]))
    return docs


def fold_of(group: str) -> int:
    return int(hashlib.sha1(group.encode()).hexdigest()[:8], 16) % FOLDS


# --------------------------------------------------------------------------------------
# Logistic regressions
# --------------------------------------------------------------------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def stage1_logits(m: Matrix, w: np.ndarray) -> np.ndarray:
    return np.bincount(m.row_ids(), weights=w[m.index] * m.value, minlength=m.rows)


def train_stage1(m: Matrix, y: np.ndarray, sw: np.ndarray, dim: int, steps: int = STEPS) -> np.ndarray:
    """Weights (float32) of a logistic regression on the rows with weight > 0: full-batch
    Adam with L2, a fixed number of steps, so the result depends on the data only."""
    keep = sw > 0
    rows = m.row_ids()
    sel = keep[rows]
    index, value, rows = m.index[sel], m.value[sel], rows[sel]
    remap = np.cumsum(keep) - 1  # old row -> new row
    rows = remap[rows]
    y, sw = y[keep], sw[keep]
    n = len(y)
    total = sw.sum() or 1.0
    w = np.zeros(dim)
    mom = np.zeros(dim)
    vel = np.zeros(dim)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        z = np.bincount(rows, weights=w[index] * value, minlength=n)
        g = (_sigmoid(z) - y) * sw / total
        grad = np.bincount(index, weights=value * g[rows], minlength=dim) + L2 * w
        mom = b1 * mom + (1 - b1) * grad
        vel = b2 * vel + (1 - b2) * grad * grad
        w -= LEARNING_RATE * (mom / (1 - b1**t)) / (np.sqrt(vel / (1 - b2**t)) + eps)
    return w.astype(np.float32)


def train_stage2(x: np.ndarray, y: np.ndarray, sw: np.ndarray, iters: int = 25) -> np.ndarray:
    """Newton's method on a small dense logistic regression (L2, bias unpenalised)."""
    keep = sw > 0
    x, y, sw = x[keep], y[keep], sw[keep]
    d = x.shape[1]
    w = np.zeros(d)
    reg = np.full(d, L2_STAGE2 * sw.sum())
    reg[0] = 0.0
    for _ in range(iters):
        p = _sigmoid(x @ w)
        grad = x.T @ ((p - y) * sw) + reg * w
        hess = (x * (p * (1 - p) * sw)[:, None]).T @ x + np.diag(reg) + 1e-9 * np.eye(d)
        w -= np.linalg.solve(hess, grad)
    return w.astype(np.float32)


def stage2_matrix(docs: Sequence[Doc], m: Matrix, z: np.ndarray) -> np.ndarray:
    _, _, _, n2 = _core.line_feature_layout()
    parts = []
    for doc, (a, b) in zip(docs, m.doc_rows, strict=True):
        x = _core.line_stage2(doc.text, z[a:b].astype("<f4").tobytes())
        parts.append(np.frombuffer(x, "<f4").reshape(b - a, n2))
    return np.concatenate(parts).astype(np.float64)


def model_bytes(w1: np.ndarray, w2: np.ndarray) -> bytes:
    version, bits, dense, n2 = _core.line_feature_layout()
    assert w1.shape == ((1 << bits) + dense,) and w2.shape == (n2,)
    return (MAGIC + struct.pack("<4I", version, bits, dense, n2)
            + w1.astype("<f4").tobytes() + w2.astype("<f4").tobytes())


# --------------------------------------------------------------------------------------
# Training, out of fold
# --------------------------------------------------------------------------------------


@dataclass
class Trained:
    model: bytes  # the final model (stage 1 on every page, stage 2 on out-of-fold logits)
    fold_models: list[bytes]  # fold k's model never saw a page of fold k
    folds: np.ndarray  # per doc
    oof: np.ndarray  # per row: probability from the model of the row's own fold


def train(docs: Sequence[Doc], *, log: bool = False, steps: int = STEPS) -> Trained:
    _, bits, dense, _ = _core.line_feature_layout()
    dim = (1 << bits) + dense
    started = time.monotonic()
    m = featurise(docs)
    y = np.concatenate([d.labels for d in docs])
    sw = np.concatenate([d.weights for d in docs])
    folds = np.array([fold_of(d.group) for d in docs])
    row_fold = np.concatenate([np.full(b - a, folds[k]) for k, (a, b) in enumerate(m.doc_rows)])
    if log:
        print(f"{len(docs)} documents, {m.rows} lines ({int((sw > 0).sum())} labelled, "
              f"{y[sw > 0].mean():.1%} boilerplate), {len(m.index)} features "
              f"({time.monotonic() - started:.0f} s)", file=sys.stderr)
    z_oof = np.zeros(m.rows)
    w1_folds = []
    for k in range(FOLDS):
        w1 = train_stage1(m, y, np.where(row_fold == k, 0.0, sw), dim, steps)
        w1_folds.append(w1)
        z = stage1_logits(m, w1.astype(np.float64))
        z_oof[row_fold == k] = z[row_fold == k]
        if log:
            print(f"fold {k}: stage 1 trained ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    x2 = stage2_matrix(docs, m, z_oof.astype(np.float32))
    w2 = train_stage2(x2, y, sw)
    w1 = train_stage1(m, y, sw, dim, steps)
    fold_models = []
    oof = np.zeros(m.rows)
    for k in range(FOLDS):
        w2k = train_stage2(x2, y, np.where(row_fold == k, 0.0, sw))
        fold_models.append(model_bytes(w1_folds[k], w2k))
        oof[row_fold == k] = _sigmoid(x2[row_fold == k] @ w2k.astype(np.float64))
    if log:
        print(f"trained ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    return Trained(model_bytes(w1, w2), fold_models, folds, oof)


def auc(y: np.ndarray, p: np.ndarray) -> float:
    order = np.argsort(p, kind="stable")
    ranks = np.empty(len(p))
    ranks[order] = np.arange(1, len(p) + 1)
    pos = y == 1
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)) if n1 and n0 else float("nan")


# --------------------------------------------------------------------------------------
# Thresholds
# --------------------------------------------------------------------------------------


def wrap_text(text: str, width: int = 72) -> str:
    """The text hard-wrapped: each paragraph line folded at `width` columns."""
    return "\n".join(textwrap.fill(line, width) if line.strip() else line for line in text.split("\n"))


def truth_loss(texts: Sequence[str], models: Sequence[_core.LineModel], threshold: float,
               *, safe: bool = True) -> float:
    """Share of the words of `texts` in lines that reach `threshold` and that a safe fix
    deletes (after the main prose, not pieces of a hard-wrapped sentence), or with `safe`
    false any fix, each text scored by its own model."""
    from textclean.text.paragraphs import ParagraphView

    lost = total = 0
    for text, model in zip(texts, models, strict=True):
        lines = split_lines(text)
        total += sum(len(WORD.findall(line.body)) for line in lines)
        wrapped = ParagraphView(text).wrapped
        for i, _p, zone in model.score(text, threshold):
            if not safe or (not wrapped[i] and zone == TAIL):
                lost += len(WORD.findall(lines[i].body))
    return lost / max(total, 1)


def choose_thresholds(docs: Sequence[Doc], trained: Trained) -> tuple[float, float, dict[str, float]]:
    """(safe, unsafe, what was measured), from the tune truth bodies, each scored by the fold
    model that did not see its page, as written and hard-wrapped."""
    models = [_core.LineModel(b) for b in trained.fold_models]
    truths = [(d.text, models[trained.folds[k]]) for k, d in enumerate(docs) if d.kind == "truth"]
    texts = [t for t, _ in truths] + [wrap_text(t) for t, _ in truths]
    per = [m for _, m in truths] * 2
    grid = [round(0.5 + 0.01 * k, 2) for k in range(50)]

    safe = next((t for t in grid if truth_loss(texts, per, t) <= SAFE_LOSS), 0.99)
    unsafe = min(UNSAFE_THRESHOLD, safe)
    measured = {
        "truth words lost at safe (safe fixes)": truth_loss(texts, per, safe),
        "truth words lost at unsafe (every fix)": truth_loss(texts, per, unsafe, safe=False),
    }
    return safe, unsafe, measured


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="retrain and compare with --out's bytes")
    args = ap.parse_args(argv)
    docs = load_docs(args.data)
    trained = train(docs, log=True)
    y = np.concatenate([d.labels for d in docs])
    sw = np.concatenate([d.weights for d in docs])
    kinds = np.concatenate([[d.kind] * len(d.labels) for d in docs])
    for kind in ("extract", "segment"):
        sel = (sw > 0) & (kinds == kind)
        print(f"out-of-fold line AUC, {kind}: {auc(y[sel], trained.oof[sel]):.3f}")
    safe, unsafe, measured = choose_thresholds(docs, trained)
    print(f"thresholds: safe {safe:.2f}, unsafe {unsafe:.2f}; "
          + ", ".join(f"{k} {v:.4%}" for k, v in measured.items()))
    print(f"model: {len(trained.model)} bytes, sha256 {hashlib.sha256(trained.model).hexdigest()[:16]}")
    if args.check:
        same = args.out.read_bytes() == trained.model
        print(f"same bytes as {args.out}" if same else "DIFFERENT bytes")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(trained.model)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
