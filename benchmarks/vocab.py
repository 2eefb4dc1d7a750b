#!/usr/bin/env python3
"""What corpus evidence changes for the split-word repairs (SW), on real extractor output.

Usage (from the repo root)::

    python benchmarks/vocab.py

Every extractor output of ``../shared/data/article-benchmark/pairs.jsonl`` (13 extractors x
181 pages; ``--data`` to change) is fixed with the SW rules alone, once with the document as
the only evidence and once with a vocabulary counted from all 2,353 outputs (as
``fix --corpus-vocabulary`` would). Printed: how many outputs the vocabulary changes, the
upstream shingle scores of both runs against the human truth, how many changed pages score
better or worse (precision + recall of the page), and the repairs only the vocabulary made.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import textclean  # noqa: E402
from benchmarks.metric import corpus_scores, page_scores  # noqa: E402
from textclean.corpus.vocab import build_vocabulary, using_vocabulary  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    path = args.data / "article-benchmark" / "pairs.jsonl"
    if not path.exists():
        print(f"{path} is absent", file=sys.stderr)
        return 2
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rules = textclean.load_rules().select(["SW"])
    vocab = build_vocabulary((r["text"] for r in rows), includes_documents=True)
    plain, with_vocab = [], []
    only = Counter()
    better = worse = 0
    for r in rows:
        a = textclean.fix_text(r["text"], rules)
        with using_vocabulary(vocab):
            b = textclean.fix_text(r["text"], rules)
        plain.append((a.text, r["truth"]))
        with_vocab.append((b.text, r["truth"]))
        if a.text != b.text:
            before = Counter(f.finding.message for f in a.applied)
            only.update(f.finding.message for f in b.applied if f.finding.message not in before)
            pa, pb = page_scores(a.text, r["truth"]), page_scores(b.text, r["truth"])
            sa, sb = (pa[0] or 0) + (pa[1] or 0), (pb[0] or 0) + (pb[1] or 0)
            better += sb > sa
            worse += sb < sa
    changed = sum(a != b for (a, _), (b, _) in zip(plain, with_vocab, strict=True))
    s0, s1 = corpus_scores(plain), corpus_scores(with_vocab)
    print(f"{len(rows)} outputs, vocabulary of {len(vocab):,} words; {changed} changed by it "
          f"({better} pages better, {worse} worse)")
    print("| evidence | F1 | precision | recall | accuracy |")
    print("|---|---|---|---|---|")
    for label, s in (("document only", s0), ("document + corpus", s1)):
        print(f"| {label} | {s['f1']:.6f} | {s['precision']:.6f} | {s['recall']:.6f} | "
              f"{s['accuracy']:.4f} |")
    print("repairs only the vocabulary made:")
    for message, n in only.most_common():
        print(f"  {n} x {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
