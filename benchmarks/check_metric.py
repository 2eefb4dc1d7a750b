#!/usr/bin/env python3
"""Recompute the article-extraction-benchmark scores from pairs.jsonl with
benchmarks.metric and compare them with the upstream published table.

Usage (from the repo root):  python3 -m benchmarks.check_metric [--data DIR] [--bootstrap N]
Exits 1 if any extractor differs from the published F1/P/R/accuracy at 3 decimals.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.metric import bootstrap_std, corpus_scores  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "article-benchmark"

# pairs.jsonl extractor name -> names used in the published tables
ALIASES = {
    "newspaper": ["newspaper4k", "newspaper"],
    "readability": ["readability", "readability-lxml"],
}
RUN_ORDER = ["latest", "previous_not_rerun", "initial_nov2019", "earlier_apr2021"]
KEYS = ["f1", "precision", "recall", "accuracy"]


def find_published(rows, extractor, version):
    names = ALIASES.get(extractor, [extractor])
    cands = [r for r in rows if r["extractor"] in names and r["version"] == version]
    cands.sort(key=lambda r: RUN_ORDER.index(r["run"]) if r["run"] in RUN_ORDER else 99)
    return cands[0] if cands else None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--bootstrap", type=int, default=0,
                    help="also print bootstrap std with N resamples (0 = off)")
    args = ap.parse_args(argv)

    pairs = defaultdict(list)
    versions = {}
    with (args.data / "pairs.jsonl").open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            pairs[d["extractor"]].append((d["text"], d["truth"]))
            versions[d["extractor"]] = d["version"]
    with (args.data / "published-results.jsonl").open(encoding="utf-8") as f:
        published = [json.loads(line) for line in f]

    results = []
    for ex, pp in pairs.items():
        results.append((ex, corpus_scores(pp), find_published(published, ex, versions[ex]), pp))
    results.sort(key=lambda x: -x[1]["f1"])

    hdr = (f"{'extractor':<16} {'version':<9} {'pages':>5}  "
           f"{'F1':>5} {'pub':>5}  {'P':>5} {'pub':>5}  {'R':>5} {'pub':>5}  "
           f"{'acc':>5} {'pub':>5}  {'run':<18} match")
    print(hdr)
    print("-" * len(hdr))
    n_ok = 0
    for ex, m, pub, pp in results:
        cells = []
        ok = pub is not None
        for k in KEYS:
            mine = round(m[k], 3)
            ref = pub[k] if pub else None
            if ref is None or abs(mine - ref) > 1e-9:
                ok = False
            cells.append(f"{m[k]:5.3f} {ref if ref is not None else float('nan'):5.3f}")
        n_ok += ok
        print(f"{ex:<16} {versions[ex]:<9} {m['n_pages']:>5}  " + "  ".join(cells)
              + f"  {pub['run'] if pub else '-':<18} {'OK' if ok else 'MISMATCH'}")
        if args.bootstrap:
            s = bootstrap_std(pp, args.bootstrap)
            ps = "  ".join(f"{k}={s[k + '_std']:.3f}/{pub[k + '_std'] if pub else float('nan'):.3f}"
                           for k in KEYS)
            print(f"{'':<16} bootstrap std (ours/published): {ps}")
    print(f"\n{n_ok}/{len(results)} extractors match the published F1/P/R/accuracy to 3 decimals")
    return 0 if n_ok == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
