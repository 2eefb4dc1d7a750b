"""Per finder and metric: the Python reference against the compiled core, over one corpus.

    python benchmarks/repairs_rust.py                       # pairs.jsonl from ../shared
    python benchmarks/repairs_rust.py --corpus truth --repeat 3

Each row runs the Python reference (tests/core/reference/, the code before the port) and the
package's version (the core behind its thin Python wrapper, Hit objects included) over every
document of the corpus, in this one process, and prints the CPU seconds of each (best of
`--repeat`), the speed-up, and the count of hits (or the sum of the metric) on both sides,
which must agree. "core call" is the bare `textclean._core` call without the wrapper.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import golden  # noqa: E402
from tests.core.reference import checks as ref_checks  # noqa: E402
from tests.core.reference import encoding as ref_encoding  # noqa: E402
from tests.core.reference import layout as ref_layout  # noqa: E402
from tests.core.reference import markup as ref_markup  # noqa: E402
from tests.core.reference import metrics as ref_metrics  # noqa: E402
from textclean import _core  # noqa: E402
from textclean.repairs import checks, encoding, layout, markup, metrics  # noqa: E402
from textclean.repairs.core import core_finder  # noqa: E402

Row = tuple[str, Callable[[str], Any], Callable[[str], Any], Callable[[str], Any] | None]


def _count(fn: Callable[[str], Any]) -> Callable[[str], Any]:
    return lambda text: len(list(fn(text)))


def _bare(name: str) -> Callable[[str], Any]:
    finder = core_finder(name)
    return lambda text: len(finder.find(text))


ROWS: list[Row] = [
    ("rejoin_broken_url", _count(ref_layout.find_broken_url), _count(layout.find_broken_url), _bare("rejoin_broken_url")),
    ("join_broken_paragraph", _count(ref_layout.find_broken_paragraph), _count(layout.find_broken_paragraph),
     _bare("join_broken_paragraph")),
    ("move_slid_quote", _count(ref_layout.find_slid_quote), _count(layout.find_slid_quote), _bare("move_slid_quote")),
    ("flag_unbalanced_quotes", _count(ref_layout.find_unbalanced_quotes), _count(layout.find_unbalanced_quotes),
     _bare("flag_unbalanced_quotes")),
    ("flag_repeated_lines", _count(ref_checks.find_repeated_lines), _count(checks.find_repeated_lines),
     _bare("flag_repeated_lines")),
    ("flag_truncated_ending", _count(ref_checks.find_truncated_ending), _count(checks.find_truncated_ending),
     _bare("flag_truncated_ending")),
    ("decode_html_entities", _count(ref_markup.find_html_entities), _count(markup.find_html_entities),
     _bare("decode_html_entities")),
    ("unescape_html (transform)", lambda t: len(ref_encoding.unescape_html(t)), lambda t: len(encoding.unescape_html(t)),
     lambda t: len(_core.unescape_html(t))),
    ("mojibake trigger scan (gate)", ref_encoding.may_have_mojibake, _core.has_mojibake_trigger, None),
    ("fix_mojibake (ftfy behind the scan)", _count(ref_encoding.find_mojibake), _count(encoding.find_mojibake), None),
    *[
        (f"metric {name}", getattr(ref_metrics, name), metrics.METRICS[name], lambda t, n=name: _core.metric(n, t))
        for name in metrics.METRICS
    ],
    ("metric word_count_upto 25", lambda t: ref_metrics.word_count_upto(t, 25), lambda t: metrics.word_count_upto(t, 25),
     lambda t: _core.word_count_upto(t, 25.0)),
]


def _time(fn: Callable[[str], Any], texts: list[str], repeat: int) -> tuple[float, float]:
    # CPU time of this process, not wall time: on a shared machine the wall clock also
    # counts the time other processes hold the cores, which is noise for this comparison.
    best, total = float("inf"), 0.0
    for _ in range(repeat):
        start = time.process_time()
        total = sum(float(fn(text)) for text in texts)
        best = min(best, time.process_time() - start)
    return best, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="pairs", help="a corpus of benchmarks/golden.py (default: pairs)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the ../shared folder")
    parser.add_argument("--repeat", type=int, default=1, help="runs per side; the best is kept")
    args = parser.parse_args(argv)
    corpus = golden.corpus_named(args.corpus)
    texts = [doc.text for _, doc in golden.documents(corpus, args.shared)]
    size = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts)
    print(f"{len(texts)} documents of {corpus.name}, {size / 1e6:.1f} MB; CPU seconds, best of {args.repeat}\n")
    print("| finder / metric | Python s | Rust s | speed-up | core call s | hits or sum (both) |")
    print("|---|---:|---:|---:|---:|---:|")
    py_total = rust_total = 0.0
    for name, python, rust, bare in ROWS:
        py_s, py_sum = _time(python, texts, args.repeat)
        rust_s, rust_sum = _time(rust, texts, args.repeat)
        bare_s = f"{_time(bare, texts, args.repeat)[0]:.3f}" if bare is not None else "-"
        agree = f"{rust_sum:g}" if py_sum == rust_sum else f"DIFFER: {py_sum:g} vs {rust_sum:g}"
        print(f"| {name} | {py_s:.3f} | {rust_s:.3f} | {py_s / rust_s:.1f}x | {bare_s} | {agree} |")
        py_total += py_s
        rust_total += rust_s
    print(f"| **all rows** | {py_total:.3f} | {rust_total:.3f} | {py_total / rust_total:.1f}x | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
