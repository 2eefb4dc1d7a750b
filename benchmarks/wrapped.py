#!/usr/bin/env python3
"""Do safe fixes delete words from hard-wrapped prose? (issue 16, item 1)

Usage (from the repo root)::

    python benchmarks/wrapped.py                               # this build
    python benchmarks/wrapped.py --reference OTHER/.venv/bin/python   # next to another build

Plain text wrapped at a fixed width (e-mail, PDF-to-text, `fold`) has lines that are pieces of
a sentence; a line rule that judges such a piece on its own may delete it (`comment.` is a
comment-widget label on its own line). This takes the 181 truth bodies of
``../shared/data/article-benchmark/truth.jsonl`` (``--data`` to change), wraps every paragraph
line at a width drawn from 60-78 columns (seeded, so every run and every build sees the same
text), and runs the default ``fix`` (safe fixes only) over the wrapped and the unwrapped body.

A document *loses words* when a word that the fix keeps in the unwrapped body is missing from
the fixed wrapped body (as multisets of whitespace-separated words). The table also counts the
documents whose fix removes any word at all (the unwrapped column is the rules' ordinary
work on the truth bodies), names the rules whose fixes took the lost words, and scores the fixed
bodies, unwrapped and wrapped, against the truth with the article benchmark's metric (issue 17's
do-no-harm bar: F1 at least 0.998 in both).

``--reference PYTHON`` runs this same script with another build's interpreter (its own
virtualenv, e.g. one of ``main``) and prints its counts beside this build's. Nothing of the
data is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

# NOTE: the repository root is not put on sys.path: under --reference the other build's
# interpreter must import its own textclean, not this checkout's.
ROOT = Path(__file__).resolve().parent.parent
# The metric module sits beside this script and imports nothing of textclean.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from metric import corpus_scores  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
WIDTHS = (60, 78)
SEED = 16


def wrap(text: str, rng: random.Random, widths: tuple[int, int] = WIDTHS) -> str:
    """Every non-blank line of `text` wrapped at a width drawn from `widths` (inclusive).

    Words are never broken, at hyphens or otherwise; blank lines and line order are kept, so
    the paragraphs stay where they were.

    >>> wrap("one two three four\\n\\nfive", random.Random(0), (9, 9))
    'one two\\nthree\\nfour\\n\\nfive'
    """
    out = []
    for line in text.split("\n"):
        if not line.strip():
            out.append(line)
            continue
        width = rng.randint(*widths)
        out.append("\n".join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)))
    return "\n".join(out)


def lost_words(kept: str, got: str) -> Counter[str]:
    """The words of `kept` missing from `got`, counted (multisets of whitespace-separated words).

    >>> sorted(lost_words("a b b c", "a b c d").elements())
    ['b']
    """
    return Counter(kept.split()) - Counter(got.split())


def _words_gone(text: str, start: int, end: int, replacement: str) -> Counter[str]:
    """The words of `text` that replacing text[start:end] by `replacement` removes or changes
    (the edit widened to the whole words it touches).

    >>> sorted(_words_gone("say “Rukban is", 4, 5, "").elements())
    ['“Rukban']
    """
    s, e = start, end
    while s > 0 and not text[s - 1].isspace():
        s -= 1
    while e < len(text) and not text[e].isspace():
        e += 1
    return lost_words(text[s:e], text[s:start] + replacement + text[end:e])


def measure(data: Path) -> dict[str, Any]:
    import textclean
    from textclean.errors import FixDidNotConverge

    rules = textclean.load_rules()
    rng = random.Random(SEED)
    docs = 0
    removed_plain = removed_wrapped = losing = lost_total = 0
    by_rule: Counter[str] = Counter()
    losers: list[str] = []
    pairs_plain: list[tuple[str, str]] = []
    pairs_wrapped: list[tuple[str, str]] = []
    with (data / "article-benchmark" / "truth.jsonl").open(encoding="utf-8") as fh:
        for row in fh:
            record = json.loads(row)
            body = record["truth"]
            wrapped = wrap(body, rng)
            docs += 1
            try:
                plain = textclean.fix_text(body, rules)
                folded = textclean.fix_text(wrapped, rules)
            except FixDidNotConverge:
                losers.append(f"{record['id'][:12]} (did not converge)")
                losing += 1
                pairs_plain.append(("", body))
                pairs_wrapped.append(("", body))
                continue
            pairs_plain.append((plain.text, body))
            pairs_wrapped.append((folded.text, body))
            removed_plain += bool(lost_words(body, plain.text))
            removed_wrapped += bool(lost_words(wrapped, folded.text))
            lost = lost_words(plain.text, folded.text)
            if not lost:
                continue
            losing += 1
            lost_total += sum(lost.values())
            rules_here = set()
            for applied in folded.applied:
                finding = applied.finding
                assert finding.fix is not None
                source = folded.pass_texts[applied.pass_no - 1]
                for edit in finding.fix.edits:
                    if _words_gone(source, edit.span.start, edit.span.end, edit.replacement) & lost:
                        rules_here.add(finding.rule)
            by_rule.update(rules_here)
            losers.append(f"{record['id'][:12]} ({sum(lost.values())} words; {', '.join(sorted(rules_here)) or '?'})")
    return {
        "documents": docs,
        "removed_plain": removed_plain,
        "removed_wrapped": removed_wrapped,
        "losing": losing,
        "lost_words": lost_total,
        "by_rule": dict(by_rule),
        "losers": losers,
        "f1_plain": round(corpus_scores(pairs_plain)["f1"], 4),
        "f1_wrapped": round(corpus_scores(pairs_wrapped)["f1"], 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--reference", help="another build's Python interpreter: its counts are shown beside")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    truth = args.data / "article-benchmark" / "truth.jsonl"
    if not truth.is_file():
        print(f"no {truth}: the article benchmark is needed (see ../shared/data/README.md)", file=sys.stderr)
        return 2
    now = measure(args.data)
    if args.json:
        print(json.dumps(now))
        return 0
    columns = [("this build", now)]
    if args.reference:
        out = subprocess.run(
            [args.reference, __file__, "--json", "--data", str(args.data)],
            check=True, capture_output=True, text=True,
        ).stdout
        columns.insert(0, ("reference", json.loads(out)))
    n = now["documents"]
    print(f"{n} truth bodies, each paragraph line wrapped at {WIDTHS[0]}-{WIDTHS[1]} columns (seed {SEED}); default fix (safe fixes)\n")
    print("| | " + " | ".join(name for name, _ in columns) + " |")
    print("|---|" + "---|" * len(columns))
    rows = [
        ("documents whose fix removes a word, unwrapped", "removed_plain"),
        ("documents whose fix removes a word, wrapped", "removed_wrapped"),
        ("**documents losing words to wrapping**", "losing"),
        ("words lost to wrapping", "lost_words"),
        ("F1 of the fixed bodies against the truth, unwrapped", "f1_plain"),
        ("F1 of the fixed bodies against the truth, wrapped", "f1_wrapped"),
    ]
    for label, key in rows:
        print(f"| {label} | " + " | ".join(str(c[key]) for _, c in columns) + " |")
    for name, counts in columns:
        if counts["losers"]:
            rules = ", ".join(f"{r} {k}" for r, k in sorted(counts["by_rule"].items(), key=lambda x: (-x[1], x[0])))
            print(f"\n{name}: rules taking the lost words (documents): {rules or 'none'}")
            for line in counts["losers"]:
                print(f"- {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
