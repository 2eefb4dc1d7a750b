#!/usr/bin/env python3
"""How well near-duplicate grouping puts each page's versions together (issue 9).

Usage (from the repo root)::

    python benchmarks/dups.py                     # the default threshold
    python benchmarks/dups.py --thresholds 0.2,0.3,0.5
    python benchmarks/dups.py --reconcile-pages 30   # also judge fix --reconcile's repairs

Data: ``../shared/data/article-benchmark/pairs.jsonl`` (``--data`` to change): 13 extractors'
output of 181 news pages, 2,353 documents, ``id`` = page. The documents are streamed through
``textclean.corpus.dups.NearDuplicateIndex`` in file order; the right answer puts the versions of one
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
import random
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textclean.corpus.dups import DEFAULT_THRESHOLD, NearDuplicateIndex, iter_pairs  # noqa: E402
from textclean.corpus.reconcile import SLID_QUOTE, Reconciler  # noqa: E402
from textclean.model import Document  # noqa: E402

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


def reconcile_edits(rows: list[dict[str, str]], pages: int) -> Counter[tuple[str, str]]:
    """Run `fix --reconcile`'s evidence over the first `pages` pages and judge each repair.

    A repair *agrees* with the page's truth when the truth holds the repaired text more often
    than the damaged text, *disagrees* when less often, and is *undecided* otherwise. Slid
    quotes (RC003) are counted, not judged.
    """
    chosen = sorted({row["id"] for row in rows})[:pages]
    wanted = set(chosen)
    docs = [Document(f"{row['id']}/{row['extractor']}", row["text"]) for row in rows if row["id"] in wanted]
    truth = {row["id"]: row["truth"] for row in rows}
    reconciler = Reconciler.from_documents(docs)
    verdicts: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        for finding in reconciler.evidence(doc):
            assert finding.fix is not None
            if finding.rule == SLID_QUOTE:
                verdicts[(finding.rule, "not judged")] += 1
                continue
            text = truth[doc.id.split("/")[0]]
            before = doc.text[finding.span.start : finding.span.end]
            after = finding.fix.edits[0].replacement
            good, bad = text.count(after), text.count(before)
            verdicts[(finding.rule, "agrees" if good > bad else "disagrees" if bad > good else "undecided")] += 1
    return verdicts


_COMPOUND = regex.compile(r"\b(\p{Ll}{2,})-(\p{Ll}{2,})\b")
_NON_ASCII_WORD = regex.compile(r"\w*[’‘“”é][\w’]*")
_OPENING = ("“", '"', "'", "‘")


def _damaged(text: str, rng: random.Random) -> tuple[str, set[tuple[str, str]], int]:
    """The text with lost hyphens, mojibake words and one slid quote injected.

    Returns the damaged text, the (damaged, original) pairs of the hyphen and mojibake
    injections, and 1 when a quote was slid.
    """
    pairs: set[tuple[str, str]] = set()
    compounds = sorted({m.group() for m in _COMPOUND.finditer(text)})
    for word in rng.sample(compounds, min(2, len(compounds))):
        closed = word.replace("-", "")
        if not regex.search(rf"\b{closed}\b", text):  # the closed form is not already a word
            text = regex.sub(rf"\b{regex.escape(word)}\b", closed, text, count=1)
            pairs.add((closed, word))
    words = sorted({m.group() for m in _NON_ASCII_WORD.finditer(text)})
    for word in rng.sample(words, min(2, len(words))):
        try:
            bad = word.encode("utf-8").decode("cp1252")
        except UnicodeDecodeError:
            continue
        text = text.replace(word, bad, 1)
        pairs.add((bad, word))
    paragraphs = text.split("\n\n")
    slid = 0
    starts = [k for k in range(len(paragraphs) - 1)
              if paragraphs[k][:1] in _OPENING and paragraphs[k + 1][:1].isalpha()]
    if starts:
        k = rng.choice(starts)
        quote = paragraphs[k][0]
        paragraphs[k], paragraphs[k + 1] = paragraphs[k][1:], quote + paragraphs[k + 1]
        slid = 1
    return "\n\n".join(paragraphs), pairs, slid


def _edited(text: str) -> str:
    """The text as another outlet edits it: -ise spellings, ` -- ` dashes, a paragraph cut."""
    text = regex.sub(r"\b(\p{Ll}{3,})iz(e|es|ed|ing|ation)\b", r"\1is\2", text)
    text = text.replace(" — ", " -- ")
    paragraphs = text.split("\n\n")
    if len(paragraphs) > 4:
        del paragraphs[len(paragraphs) // 2]
    return "\n\n".join(paragraphs)


def reconcile_injected(truths: list[dict[str, str]]) -> dict[str, int]:
    """Two versions of each truth body: one damaged, one edited; how much reconcile repairs.

    Version A carries injected damage (`_damaged`), version B only editorial differences
    (`_edited`). A repair is right when it turns an injected damaged form back into its
    original (or moves the slid quote back in A); every repair in B is wrong.
    """
    counts = Counter()
    for row in truths:
        rng = random.Random(row["id"])
        damaged, pairs, slid = _damaged(row["truth"], rng)
        a, b = Document("a", damaged), Document("b", _edited(row["truth"]))
        counts["injected"] += len(pairs) + slid
        reconciler = Reconciler.from_documents([a, b])
        counts["grouped"] += bool(reconciler.groups.groups)
        for doc in (a, b):
            for f in reconciler.evidence(doc):
                assert f.fix is not None
                before = doc.text[f.span.start : f.span.end]
                after = f.fix.edits[0].replacement
                # compare shows only the damaged characters of a mojibake word (â€™ of donâ€™t)
                right = doc is a and ((f.rule == SLID_QUOTE and slid) or any(
                    before in bad and bad.replace(before, after, 1) == good for bad, good in pairs))
                counts["right" if right else "wrong"] += 1
    counts["pages"] = len(truths)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--thresholds", default=str(DEFAULT_THRESHOLD),
                        help="comma-separated Jaccard thresholds to score")
    parser.add_argument("--reconcile-pages", type=int, default=0, metavar="N",
                        help="also judge the fix --reconcile repairs on the first N pages (slow: "
                             "about 0.5 s per document on 2 cores)")
    parser.add_argument("--reconcile-injected", action="store_true",
                        help="also measure fix --reconcile on two invented versions of each "
                             "truth body: one with injected damage, one with editorial changes")
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
    if args.reconcile_injected:
        c = reconcile_injected(truths)
        print(f"\nfix --reconcile on {c['pages']} truth bodies, each as a damaged and an edited "
              f"version ({c['grouped']} pairs grouped): {c['injected']} injected damages, "
              f"{c['right']} repaired right, {c['wrong']} repairs wrong")
    if args.reconcile_pages:
        started = time.perf_counter()
        verdicts = reconcile_edits(rows, args.reconcile_pages)
        print(f"\nfix --reconcile on the first {args.reconcile_pages} pages "
              f"({time.perf_counter() - started:.0f} s):\n")
        print("| rule | verdict | repairs |\n|---|---|---:|")
        for (rule, verdict), n in sorted(verdicts.items()):
            print(f"| {rule} | {verdict} | {n} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
