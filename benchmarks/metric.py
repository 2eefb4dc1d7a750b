"""Scrapinghub article-extraction-benchmark metric, reimplemented (stdlib only).

Behaviour follows ``scrapinghub/article-extraction-benchmark:evaluate.py``:

* tokens: ``re.findall(r"\\w+", text)`` with the *stdlib* ``re`` module (Unicode
  ``\\w`` for str patterns).  The third-party ``regex`` module is deliberately not
  used: its ``\\w`` also matches combining marks (Mn/Mc), which splits tokens
  differently on e.g. Devanagari/Thai pages and would not reproduce upstream.
* shingles: all 4-token windows, counted as a multiset.  A text with 1..3
  tokens yields exactly one (shorter) shingle made of all its tokens; an empty
  (or token-less) text yields no shingles.
* per page: TP = sum(min(t, p)), FP = sum(max(0, p - t)),
  FN = sum(max(0, t - p)) over shingles, then all three divided by
  TP+FP+FN (when that is > 0) so every page weighs the same.
* precision = 1.0 if FP == FN == 0, 0.0 if TP == FP == 0, else TP/(TP+FP);
  recall likewise with FN.  In the corpus averages a page is skipped for
  precision when TP+FP == 0 (empty prediction) and for recall when TP+FN == 0
  (empty truth).  F1 = 2PR/(P+R) of the two averages (not a mean of per-page F1).
* accuracy: mean over *all* pages of ``tokens(pred) == tokens(truth)``.
"""
from __future__ import annotations

import random
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence

__all__ = [
    "tokenize",
    "shingles",
    "tp_fp_fn",
    "page_scores",
    "page_accuracy",
    "scores_from_tp_fp_fn",
    "corpus_scores",
    "bootstrap_std",
]

NGRAM_N = 4
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)

TpFpFn = tuple[float, float, float]


def tokenize(text: str | None) -> list[str]:
    """``\\w+`` tokens of *text* (None/'' -> [])."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = NGRAM_N) -> Counter:
    """Multiset of n-token shingles (tuples), as upstream ``_ngrams``."""
    tokens = tokenize(text)
    out: Counter = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        sh = tuple(tokens[i : i + n])
        if sh:
            out[sh] += 1
    return out


def tp_fp_fn(pred: str | None, truth: str | None, n: int = NGRAM_N,
             normalize: bool = True) -> TpFpFn:
    """Shingle TP/FP/FN for one page (normalised to sum 1 unless told not to)."""
    t = shingles(truth, n)
    p = shingles(pred, n)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    s = tp + fp + fn
    if normalize and s > 0:
        return tp / s, fp / s, fn / s
    return tp, fp, fn


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def page_scores(pred: str | None, truth: str | None
                ) -> tuple[float | None, float | None]:
    """(precision, recall) for one page.

    An element is ``None`` when upstream would skip this page in that average:
    precision is None for an empty prediction (TP+FP == 0), recall is None for
    an empty truth (TP+FN == 0).  Both empty -> (None, None).
    """
    tp, fp, fn = tp_fp_fn(pred, truth)
    p = _precision(tp, fp, fn) if tp + fp > 0 else None
    r = _recall(tp, fp, fn) if tp + fn > 0 else None
    return p, r


def page_accuracy(pred: str | None, truth: str | None) -> float:
    """1.0 if the ``\\w+`` token lists are identical, else 0.0."""
    return float(tokenize(pred) == tokenize(truth))


def scores_from_tp_fp_fn(triples: Sequence[TpFpFn]) -> dict[str, float]:
    """Corpus precision/recall/F1 from per-page normalised (tp, fp, fn)."""
    ps = [_precision(*x) for x in triples if x[0] + x[1] > 0]
    rs = [_recall(*x) for x in triples if x[0] + x[2] > 0]
    precision = statistics.mean(ps) if ps else 0.0
    recall = statistics.mean(rs) if rs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def corpus_scores(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Upstream metric over ``(pred, truth)`` pairs, one pair per page.

    Returns ``{"f1", "precision", "recall", "accuracy", "n_pages"}``.
    """
    triples: list[TpFpFn] = []
    acc: list[float] = []
    for pred, truth in pairs:
        triples.append(tp_fp_fn(pred, truth))
        acc.append(page_accuracy(pred, truth))
    out = scores_from_tp_fp_fn(triples)
    out["accuracy"] = statistics.mean(acc) if acc else 0.0
    out["n_pages"] = len(acc)
    return out


def bootstrap_std(pairs: Iterable[tuple[str, str]], n_bootstrap: int = 1000,
                  seed: int | None = 0) -> dict[str, float]:
    """Bootstrap std over pages (as the upstream README's ``±`` columns)."""
    pairs = list(pairs)
    triples = [tp_fp_fn(p, t) for p, t in pairs]
    acc = [page_accuracy(p, t) for p, t in pairs]
    rng = random.Random(seed)
    n = len(triples)
    vals: dict[str, list[float]] = {}
    for _ in range(n_bootstrap):
        idx = [rng.randint(0, n - 1) for _ in range(n)]
        m = scores_from_tp_fp_fn([triples[i] for i in idx])
        m["accuracy"] = statistics.mean(acc[i] for i in idx)
        for k, v in m.items():
            vals.setdefault(k, []).append(v)
    return {f"{k}_std": statistics.stdev(v) for k, v in vals.items()}
