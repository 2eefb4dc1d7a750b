"""The line rules of the default packs in the compiled core, over one corpus.

    python benchmarks/line_rules.py                     # pairs.jsonl from ../shared
    python benchmarks/line_rules.py --corpus truth --repeat 3

Prints the CPU seconds to build the core's matcher of every default line rule, the first pass
over the corpus (which builds each rule's exact regex when a line first needs it) and the best
of `--repeat` later passes, the speed in MB/s of text, the hits, and the peak RSS. Each pass is
one `_core.LineRules.find` call per document for all line rules at once, the call the engine
makes in each fix pass; the findings Python then builds for the hits are not included.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import golden  # noqa: E402
from textclean import _core  # noqa: E402
from textclean.rules.kinds import LineRule  # noqa: E402
from textclean.rules.loader import load_rules  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="pairs", help="a corpus of benchmarks/golden.py (default: pairs)")
    parser.add_argument("--repeat", type=int, default=3, help="passes after the first (default 3)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents (default: all)")
    args = parser.parse_args(argv)
    corpus = golden.corpus_named(args.corpus)
    shared = ROOT.parent / "shared"
    if not all(p.exists() for p in corpus.sources(shared)):
        print(f"corpus {args.corpus!r} needs ../shared", file=sys.stderr)
        return 2
    texts = [doc.text for _, doc in golden.documents(corpus, shared)]
    if args.limit:
        texts = texts[: args.limit]
    megabytes = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts) / 1e6
    rules = [r for r in load_rules() if isinstance(r, LineRule)]

    start = time.process_time()
    core = _core.LineRules([r.core_spec for r in rules])
    build = time.process_time() - start

    def one_pass() -> tuple[float, int]:
        start = time.process_time()
        hits = 0
        for text in texts:
            hits += len(core.find(text)[0])
        return time.process_time() - start, hits

    first, hits = one_pass()
    best = min(one_pass()[0] for _ in range(max(1, args.repeat)))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    patterns = sum(len(r.spec.patterns) for r in rules)
    print(f"{len(rules)} line rules ({patterns} patterns), {len(texts)} documents, {megabytes:.1f} MB")
    print("| what | CPU s | MB/s |")
    print("|---|---:|---:|")
    print(f"| build the matcher | {build:.3f} | |")
    print(f"| first pass | {first:.3f} | {megabytes / first:.1f} |")
    print(f"| later pass (best of {args.repeat}) | {best:.3f} | {megabytes / best:.1f} |")
    print(f"\n{hits} (rule, line) hits per pass; peak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
