#!/usr/bin/env python3
"""How well near-duplicate grouping puts each page's versions together (issue 9).

Usage (from the repo root)::

    python benchmarks/dups.py                     # the default threshold
    python benchmarks/dups.py --thresholds 0.2,0.3,0.5

Data: ``../shared/data/article-benchmark/pairs.jsonl`` (``--data`` to change): 13 extractors'
output of 181 news pages, 2,353 documents, ``id`` = page. The documents are streamed through
``textclean.dups.NearDuplicateIndex`` in file order; the right answer puts the versions of one
page together and nothing else.

Scored pairwise: a pair of documents is *predicted* when the grouping puts both in one group,
*true* when both are outputs of one page. Precision = predicted pairs that are true / predicted
pairs; recall = true pairs predicted / true pairs. Empty extractor outputs have no words and can
be grouped with nothing, so recall is also given over the pairs of non-empty outputs. A second
check runs the 181 truth bodies (``truth.jsonl``), all different articles: every group formed
there is a false positive.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textclean.dups import DEFAULT_THRESHOLD, NearDuplicateIndex, iter_pairs  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"


def _pairs(keys_by_page: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for keys in keys_by_page.values() for p in combinations(keys, 2)}


def score(rows: list[dict[str, str]], threshold: float) -> dict[str, float]:
    """Pairwise precision and recall of the grouping of `rows` (pairs.jsonl records)."""
    index = NearDuplicateIndex(threshold)
    by_page: dict[str, list[str]] = defaultdict(list)
    nonempty: dict[str, list[str]] = defaultdict(list)
    started = time.perf_counter()
    for row in rows:
        key = f"{row['id']}/{row['extractor']}"
        index.add(key, row["text"])
        by_page[row["id"]].append(key)
        if row["text"].strip():
            nonempty[row["id"]].append(key)
    result = index.result()
    seconds = time.perf_counter() - started
    truth, truth_nonempty = _pairs(by_page), _pairs(nonempty)
    predicted = {frozenset(p) for p in iter_pairs(result.groups)}
    hits = len(predicted & truth)
    group_of = result.group_of()
    whole = sum(1 for keys in nonempty.values()
                if all(k in group_of for k in keys) and len({id(group_of[k]) for k in keys}) == 1)
    return {
        "threshold": threshold,
        "documents": len(rows),
        "groups": len(result.groups),
        "predicted_pairs": len(predicted),
        "true_pairs": len(truth),
        "precision": hits / len(predicted) if predicted else 1.0,
        "recall": hits / len(truth) if truth else 1.0,
        "recall_nonempty": len(predicted & truth_nonempty) / len(truth_nonempty),
        "pages_whole": whole,  # pages whose non-empty outputs form exactly one group
        "pages": len(by_page),
        "seconds": seconds,
    }


def truth_groups(truths: list[dict[str, str]], threshold: float) -> int:
    """Groups formed among the truth bodies (all distinct articles): each one is wrong."""
    index = NearDuplicateIndex(threshold)
    for row in truths:
        index.add(row["id"], row["truth"])
    return len(index.result().groups)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--thresholds", default=str(DEFAULT_THRESHOLD),
                        help="comma-separated Jaccard thresholds to score")
    args = parser.parse_args(argv)
    bench = args.data / "article-benchmark"
    rows = [json.loads(line) for line in (bench / "pairs.jsonl").open(encoding="utf-8")]
    truths = [json.loads(line) for line in (bench / "truth.jsonl").open(encoding="utf-8")]
    print("| threshold | documents | groups | precision | recall | recall (non-empty) "
          "| pages whole | groups among truths | seconds |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for threshold in (float(t) for t in args.thresholds.split(",")):
        s = score(rows, threshold)
        wrong = truth_groups(truths, threshold)
        print(f"| {threshold:g} | {s['documents']:,} | {s['groups']} | {s['precision']:.4f} "
              f"| {s['recall']:.4f} | {s['recall_nonempty']:.4f} | {s['pages_whole']}/{s['pages']} "
              f"| {wrong} | {s['seconds']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
