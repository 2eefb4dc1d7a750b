#!/usr/bin/env python3
"""How much the default rule packs clean real extractor output: the tables of issue 3.

Usage (from the repo root)::

    python benchmarks/quality.py                 # every table, 2 processes
    python benchmarks/quality.py --only a,b      # some tables
    python benchmarks/quality.py --unsafe        # also the scores with --unsafe-fixes

Data is read from ``../shared/data`` (``--data`` to change); nothing from it is copied.

(a) ``article-benchmark/pairs.jsonl``: shingle F1 / precision / recall (``benchmarks.metric``,
    the upstream scrapinghub metric) of each extractor's output against the human truth,
    before and after ``fix`` with the default packs (safe fixes only, as ``textclean fix``
    runs). Pages whose id starts with 0-7 are the tuning half, 8-f the validation half; the
    rules were tuned on the first only. "Mean rise" is over the 12 article extractors
    (every extractor but ``html-text``, the whole-page text).
(b) The same ``fix`` over the 181 truth bodies: F1 of the fixed truth against the truth.
(c) ``trafilatura-segments/segments.jsonl``: each segment is put on a line of its own in
    the middle of a neutral document (eight invented prose lines above and below, so rules
    scoped to the head or tail of a document cannot reach it). The segment is *flagged*
    when a default ``line`` rule or a block rule (BP016, BP017, BP019) reports a finding inside it,
    and *deleted* when the default ``fix`` removes at least half of its non-space characters. `without` segments should be
    flagged, `with` segments should not.
(e) ``article-benchmark/resiliparse-tune.jsonl``: resiliparse's output (``main_content=True``)
    on the tuning pages (ids 0-7 only; the validation half is not in ../shared), F1 / P / R
    before and after ``fix``, safe and with unsafe fixes when ``--unsafe`` is given.
(f) The learned line classifier (BP034, kind ``classifier``, opt-in: run with ``--select
    ALL,BP034``): resiliparse-tune fixed *out of fold* (``benchmarks/train_lines.py`` trains five models, each without one fold of pages,
    and each page is fixed with the model that did not see it), the article benchmark per
    half with and without the rule (the shipped model, trained on ids 0-7 only), the truth
    bodies, and the rule's cost: the CPU time of ``textclean fix pairs.jsonl --jobs 1``
    without and with ``--select ALL,BP034``, three rounds taking turns
    (``benchmarks/clf_cost.py``).
(d) ``peer-cases/*.jsonl``: every in-scope case of ftfy, unstructured and clean-text is
    run through the default ``fix``. A case *agrees* when the output equals the peer's
    expected output; it *differs deliberately* when the difference is one that textclean
    chooses (each reason is listed and checked, e.g. textclean keeps curly quotes that
    ftfy straightens, or leaves dashes that unstructured deletes); otherwise it *fails*.
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import os
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import textclean  # noqa: E402
from benchmarks.metric import corpus_scores, scores_from_tp_fp_fn, tp_fp_fn  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
WHOLE_PAGE = "html-text"
BLOCK_RULES = ("BP016", "BP017", "BP019")


def is_tune(page_id: str) -> bool:
    """The tuning half: page ids starting with 0-7."""
    return page_id[:1] in "01234567"


# --------------------------------------------------------------------------------------
# Running the engine over many texts, in worker processes
# --------------------------------------------------------------------------------------

_RULES: Any = None
_UNSAFE = False
IGNORE: list[str] = []  # rule codes or prefixes left out (ablations: --ignore)
SELECT: list[str] = []  # opt-in rule codes run as well (table (f): the classifier)
CLASSIFIER = "BP034"  # the learned line classifier's rule (kind `classifier`, opt-in)


def _init_worker(unsafe: bool, model: str | None = None) -> None:
    """Load the default rules; `model`: a model file the classifier rule uses instead of the
    shipped one (a fold's model, for out-of-fold scores)."""
    global _RULES, _UNSAFE
    _RULES = textclean.load_rules()
    if IGNORE or SELECT:
        _RULES = _RULES.select(["ALL", *SELECT] if SELECT else None, IGNORE)
    if model is not None:
        from textclean.rules.kinds.classifier import ClassifierRule

        _RULES = tuple(
            ClassifierRule(spec=r.spec.model_copy(update={"model": model}), path=r.path, line=r.line)
            if r.kind == "classifier" else r
            for r in _RULES
        )
    _UNSAFE = unsafe


def _fix_one(text: str) -> str:
    return textclean.fix_text(text, _RULES, unsafe_fixes=_UNSAFE).text


def fix_all(
    texts: Iterable[str], *, unsafe: bool = False, jobs: int = 2, model: str | None = None
) -> dict[str, str]:
    """The default `fix` of every distinct text, keyed by the text (`model`: see
    `_init_worker`)."""
    unique = sorted(set(texts), key=len, reverse=True)  # long first: better load balance
    # Load once here first: a rule error raised in a pool initializer makes the pool start
    # new workers for ever instead of failing.
    textclean.load_rules()
    if jobs <= 1:
        _init_worker(unsafe, model)
        return {t: _fix_one(t) for t in unique}
    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(unsafe, model)) as pool:
        fixed = pool.map(_fix_one, unique, chunksize=4)
    return dict(zip(unique, fixed, strict=True))


# --------------------------------------------------------------------------------------
# (a) and (b): the article benchmark
# --------------------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@dataclass(frozen=True)
class Score:
    f1: float
    precision: float
    recall: float

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> Score:
        s = corpus_scores(pairs)
        return cls(s["f1"], s["precision"], s["recall"])


HALVES: dict[str, Callable[[str], bool]] = {
    "tune (ids 0-7)": is_tune,
    "validation (ids 8-f)": lambda i: not is_tune(i),
    "all pages": lambda i: True,
}


def _score(triples: Sequence[tuple[float, float, float]]) -> Score:
    s = scores_from_tp_fp_fn(triples)
    return Score(s["f1"], s["precision"], s["recall"])


def article_scores(
    rows: Sequence[dict[str, Any]], fixed: dict[str, str]
) -> dict[str, dict[str, tuple[Score, Score]]]:
    """half -> extractor -> (score before, score after)."""
    cache: dict[tuple[str, str], tuple[float, float, float]] = {}

    def triple(pred: str, truth: str) -> tuple[float, float, float]:
        key = (pred, truth)
        if key not in cache:
            cache[key] = tp_fp_fn(pred, truth)
        return cache[key]

    out: dict[str, dict[str, tuple[Score, Score]]] = {}
    extractors = sorted({r["extractor"] for r in rows})
    for half, keep in HALVES.items():
        per: dict[str, tuple[Score, Score]] = {}
        for ex in extractors:
            sel = [r for r in rows if r["extractor"] == ex and keep(r["id"])]
            before = _score([triple(r["text"], r["truth"]) for r in sel])
            after = _score([triple(fixed[r["text"]], r["truth"]) for r in sel])
            per[ex] = (before, after)
        out[half] = per
    return out


def mean_rise(per: dict[str, tuple[Score, Score]]) -> float:
    return statistics.mean(a.f1 - b.f1 for ex, (b, a) in per.items() if ex != WHOLE_PAGE)


def summary_table(safe: dict[str, dict[str, tuple[Score, Score]]],
                  unsafe: dict[str, dict[str, tuple[Score, Score]]] | None) -> str:
    """One row per extractor: F1 before and after `fix` (all pages), ΔF1 per half, ΔR."""
    tune, val, every = (safe[h] for h in HALVES)
    head = "| extractor | F1 before | F1 after `fix` | ΔF1 | ΔF1 tune | ΔF1 validation | ΔP | ΔR |"
    rule = "|---|---|---|---|---|---|---|---|"
    if unsafe is not None:
        head += " F1 after `fix --unsafe-fixes` |"
        rule += "---|"
    lines = [head, rule]
    for ex in sorted(every, key=lambda e: -every[e][0].f1):
        b, a = every[ex]
        row = (f"| {ex} | {b.f1:.3f} | {a.f1:.3f} | {a.f1 - b.f1:+.4f} | "
               f"{tune[ex][1].f1 - tune[ex][0].f1:+.4f} | {val[ex][1].f1 - val[ex][0].f1:+.4f} | "
               f"{a.precision - b.precision:+.4f} | {a.recall - b.recall:+.4f} |")
        if unsafe is not None:
            row += f" {unsafe['all pages'][ex][1].f1:.3f} |"
        lines.append(row)
    means = " / ".join(f"{mean_rise(safe[h]):+.4f}" for h in HALVES)
    lines.append(f"\nMean F1 rise over the 12 article extractors (tune / validation / all): {means}")
    if unsafe is not None:
        means = " / ".join(f"{mean_rise(unsafe[h]):+.4f}" for h in HALVES)
        lines.append(f"With `--unsafe-fixes`: {means}")
    return "\n".join(lines)


def article_table(per: dict[str, tuple[Score, Score]], title: str) -> str:
    lines = [
        f"**{title}**",
        "",
        "| extractor | F1 before | F1 after | ΔF1 | P before | P after | R before | R after | ΔR |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    order = sorted(per, key=lambda ex: -per[ex][0].f1)
    for ex in order:
        b, a = per[ex]
        lines.append(
            f"| {ex} | {b.f1:.3f} | {a.f1:.3f} | {a.f1 - b.f1:+.4f} | {b.precision:.3f} | "
            f"{a.precision:.3f} | {b.recall:.3f} | {a.recall:.3f} | {a.recall - b.recall:+.4f} |"
        )
    lines.append(f"\nMean F1 rise over the 12 article extractors: {mean_rise(per):+.4f}")
    return "\n".join(lines)


def resiliparse_table(rows: Sequence[dict[str, Any]], fixed: dict[bool, dict[str, str]]) -> str:
    """(e): one row before `fix`, one per fix mode after it."""
    lines = ["| resiliparse-tune (ids 0-7) | F1 | P | R | ΔF1 |", "|---|---|---|---|---|"]
    before = Score.of((r["text"], r["truth"]) for r in rows)
    lines.append(f"| before | {before.f1:.4f} | {before.precision:.4f} | {before.recall:.4f} | |")
    for unsafe, out in fixed.items():
        s = Score.of((out[r["text"]], r["truth"]) for r in rows)
        label = "after `fix --unsafe-fixes`" if unsafe else "after `fix`"
        lines.append(f"| {label} | {s.f1:.4f} | {s.precision:.4f} | {s.recall:.4f} | {s.f1 - before.f1:+.4f} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# (f) the learned line classifier (BP034)
# --------------------------------------------------------------------------------------


def resiliparse_out_of_fold(data: Path, rows: Sequence[dict[str, Any]], unsafe: bool,
                            jobs: int) -> dict[str, str]:
    """`fix` of each resiliparse page with the classifier model of its fold, trained
    (`benchmarks/train_lines.py`) on the other folds' pages only."""
    import tempfile

    from benchmarks import train_lines

    trained = train_lines.train(train_lines.load_docs(data))
    fixed: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k, model in enumerate(trained.fold_models):
            path = Path(tmp) / f"fold{k}.bin"
            path.write_bytes(model)
            texts = [r["text"] for r in rows if train_lines.fold_of(r["id"]) == k]
            fixed.update(fix_all(texts, unsafe=unsafe, jobs=jobs, model=str(path)))
    return fixed


def classifier_table(data: Path, unsafe: bool, jobs: int) -> str:
    bench = data / "article-benchmark"
    rrows = read_jsonl(bench / "resiliparse-tune.jsonl")
    lines = [f"**resiliparse-tune, {CLASSIFIER} out of fold** (5 folds grouped by page: each page is "
             "fixed with a model trained without its fold's pages)", "",
             "| resiliparse-tune (ids 0-7) | F1 | P | R | ΔF1 |", "|---|---|---|---|---|"]
    before = Score.of((r["text"], r["truth"]) for r in rrows)
    lines.append(f"| before | {before.f1:.4f} | {before.precision:.4f} | {before.recall:.4f} | |")
    for u in ([False, True] if unsafe else [False]):
        label = "`fix --unsafe-fixes`" if u else "`fix`"
        without = fix_all([r["text"] for r in rrows], unsafe=u, jobs=jobs)
        SELECT[:] = [CLASSIFIER]
        oof = resiliparse_out_of_fold(data, rrows, u, jobs)
        SELECT[:] = []
        for name, out in ((f"{label} without {CLASSIFIER}", without), (f"{label} with {CLASSIFIER} (out of fold)", oof)):
            sc = Score.of((out[r["text"]], r["truth"]) for r in rrows)
            lines.append(f"| {name} | {sc.f1:.4f} | {sc.precision:.4f} | {sc.recall:.4f} | {sc.f1 - before.f1:+.4f} |")
    # The article benchmark with and without the rule (the shipped model; it never saw 8-f).
    rows = read_jsonl(bench / "pairs.jsonl")
    truths = sorted({r["truth"] for r in rows})
    without_rule = fix_all([r["text"] for r in rows] + truths, jobs=jobs)
    SELECT[:] = [CLASSIFIER]
    with_rule = fix_all([r["text"] for r in rows] + truths, jobs=jobs)
    SELECT[:] = []
    a, b = article_scores(rows, with_rule), article_scores(rows, without_rule)
    lines += ["", f"**Article benchmark, `fix` with and without {CLASSIFIER}** (shipped model)", "",
              "| half | mean rise without | mean rise with | largest fall an extractor takes from the rule |",
              "|---|---|---|---|"]
    for half in HALVES:
        worst = min((a[half][ex][1].f1 - b[half][ex][1].f1, ex) for ex in a[half])
        lines.append(f"| {half} | {mean_rise(b[half]):+.4f} | {mean_rise(a[half]):+.4f} | "
                     f"{worst[0]:+.4f} ({worst[1]}) |")
    t_with = Score.of((with_rule[t], t) for t in truths)
    t_without = Score.of((without_rule[t], t) for t in truths)
    lines.append(f"\nTruth bodies fixed, F1 against themselves: {t_with.f1:.4f} with {CLASSIFIER}, "
                 f"{t_without.f1:.4f} without.")
    # The cost: CPU time of the CLI without and with the rule, taking turns
    # (`benchmarks/clf_cost.py`, which also prints each round).
    from benchmarks import clf_cost

    load = os.getloadavg()[0]
    lines.append(f"\n{clf_cost.summary(clf_cost.interleaved(bench / 'pairs.jsonl', 3))} "
                 f"(load average {load:.1f} before).")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# (c) trafilatura segments
# --------------------------------------------------------------------------------------

# Neutral context for a segment: invented prose, long enough that head/tail windows and the
# block rules' prose detection see an ordinary article around the segment.
_CONTEXT = [
    "The harbour committee met on Tuesday evening to discuss the new ferry timetable.",
    "Members agreed that the early crossing should leave twenty minutes later in winter.",
    "Several traders asked for a longer market on Saturdays during the summer months.",
    "The committee chair said the request would be studied before the next meeting.",
    "A report on the state of the old quay walls is expected early next year.",
    "Repairs to the lighthouse steps were finished ahead of schedule and under budget.",
    "Visitors can climb to the lamp room again from the first weekend of April.",
    "The museum beside the pier will extend its opening hours during the festival.",
]


def segment_document(segment: str) -> tuple[str, int, int]:
    """The document a segment is judged in, and the segment's span in it."""
    before = "\n\n".join(_CONTEXT) + "\n\n"
    # The same order below as above: mirrored, the last context line would stand right above
    # and right below the segment, a repeat that BP033 (nearby-duplicate-line) deletes.
    after = "\n\n" + "\n\n".join(_CONTEXT) + "\n"
    return before + segment + after, len(before), len(before) + len(segment)


def _judge_segment(segment: str) -> tuple[tuple[str, ...], bool]:
    doc, start, end = segment_document(segment)
    codes = tuple(
        sorted(
            {
                f.rule
                for f in textclean.check_text(doc, _RULES)
                if f.span.start < end and f.span.end > start and _is_line_rule(f.rule)
            }
        )
    )
    fixed = textclean.fix_text(doc, _RULES).text
    # The neutral context is never changed by `fix`, so what is left of the segment is what
    # the fixed document has beyond it. Counting non-space characters keeps a segment that a
    # character repair changed (a soft hyphen removed) from counting as deleted.
    left = _ink(fixed) - _ink(doc) + _ink(segment)
    deleted = left < 0.5 * _ink(segment)
    return codes, deleted


def _ink(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


_LINE_CODES: frozenset[str] = frozenset()


def _is_line_rule(code: str) -> bool:
    return code in _LINE_CODES


def _init_segments() -> None:
    global _LINE_CODES
    _init_worker(False)
    _LINE_CODES = frozenset(
        r.code for r in _RULES if r.kind in ("line", "classifier") or r.code in BLOCK_RULES
    )


def segment_results(segments: Sequence[dict[str, Any]], jobs: int) -> list[tuple[tuple[str, ...], bool]]:
    texts = [s["segment"] for s in segments]
    if jobs <= 1:
        _init_segments()
        return [_judge_segment(t) for t in texts]
    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with ctx.Pool(jobs, initializer=_init_segments) as pool:
        return pool.map(_judge_segment, texts, chunksize=32)


def segments_table(segments: Sequence[dict[str, Any]], results: Sequence[tuple[tuple[str, ...], bool]]) -> str:
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    wrong: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for seg, (codes, deleted) in zip(segments, results, strict=True):
        label = seg["label"]
        s = stats[label]
        s[0] += 1
        s[1] += bool(codes)
        s[2] += deleted
        for code in codes:
            (wrong if label == "with" else right)[code] += 1
    lines = [
        "| label | segments | flagged by a line/block rule | share | deleted by default `fix` | share |",
        "|---|---|---|---|---|---|",
    ]
    names = {"without": "`without` (must drop)", "with": "`with` (must keep)"}
    for label in ("without", "with"):
        n, flagged, deleted = stats[label]
        lines.append(
            f"| {names[label]} | {n} | {flagged} | {flagged / n:.1%} | {deleted} | {deleted / n:.1%} |"
        )
    lines.append("")
    lines.append("Rules flagging `without` segments: " + ", ".join(f"{c} {n}" for c, n in right.most_common()))
    lines.append("")
    lines.append("Rules flagging `with` segments: " + (", ".join(f"{c} {n}" for c, n in wrong.most_common()) or "none"))
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# (d) peer cases
# --------------------------------------------------------------------------------------


def _uncurl(text: str) -> str:
    import ftfy.fixes

    return ftfy.fixes.uncurl_quotes(text)


def _ws_fold(text: str) -> str:
    return " ".join(text.split())


# Transformations textclean does not make on purpose, by peer function. Each reason comes with
# a test of the case: the difference is deliberate only if textclean's output differs from
# the expected output in exactly that way (usually: textclean leaves the input as it is).
def _unchanged(case: dict[str, Any], out: str) -> bool:
    """textclean left the text as it was (trailing blanks aside, which WS001 trims)."""
    return out == case["input"] or out == case["input"].rstrip()


DELIBERATE: dict[str, tuple[str, Callable[[dict[str, Any], str], bool]]] = {
    "unstructured.cleaners.core.clean_dashes": (
        "unstructured replaces dashes and hyphens with spaces (`Risk-factors` -> `Risk factors`); "
        "textclean keeps them: they are punctuation and compound hyphens, not damage",
        _unchanged,
    ),
    "unstructured.cleaners.core.clean_bullets": (
        "unstructured strips leading bullets; in plain text a bullet is list markup the writer "
        "chose, so textclean keeps it",
        _unchanged,
    ),
    "unstructured.cleaners.core.clean_ordered_bullets": (
        "unstructured strips `1.`/`a)` list numbers; textclean keeps list numbering",
        _unchanged,
    ),
    "unstructured.cleaners.core.group_bullet_paragraph": (
        "unstructured regroups a bulleted paragraph into a list of items (a list, not a string); "
        "textclean returns text and keeps the bullets",
        _unchanged,
    ),
    "unstructured.cleaners.core.clean_extra_whitespace": (
        "unstructured folds line breaks and space runs into one space; textclean keeps line and "
        "paragraph breaks (they carry structure) and only trims trailing blanks",
        lambda case, out: _ws_fold(out) == _ws_fold(case["expected"]),
    ),
    "unstructured.cleaners.core.replace_mime_encodings": (
        "quoted-printable (`=E2=80=99`) is a transfer encoding, decoded by the mail reader before "
        "text reaches a cleaner; textclean leaves it",
        _unchanged,
    ),
    "unstructured.cleaners.core.bytes_string_to_string": (
        "unstructured re-reads a Python bytes repr; textclean reads UTF-8 files and leaves such text",
        _unchanged,
    ),
    "unstructured.cleaners.core.group_broken_paragraphs": (
        "unstructured joins every single line break inside a paragraph; textclean joins only a "
        "blank-line break in the middle of a sentence (PB001) and keeps line breaks",
        lambda case, out: isinstance(case["expected"], str) and _ws_fold(out) == _ws_fold(case["expected"]),
    ),
    "cleantext.replace_urls": (
        "clean-text replaces URLs with a token; textclean keeps URLs (and rejoins broken ones)",
        _unchanged,
    ),
    "cleantext.normalize_whitespace": (
        "clean-text folds every space run and strips the text; textclean keeps inner spacing "
        "and paragraph breaks",
        lambda case, out: _ws_fold(out) == _ws_fold(case["expected"]),
    ),
}


def _unsplit_glued(source: str, out: str) -> str:
    """`out` with the spaces taken out again that SW006 put after a sentence stop where
    `source` has none (`vous.Pardonnez` -> `vous. Pardonnez`)."""
    def join(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        return left + right if left + right in source else m.group()

    return re.sub(r"(\w[.!?]) (\w)", join, out)


def _ftfy_reason(case: dict[str, Any], out: str) -> str | None:
    """Why textclean differs from `ftfy.fix_text` on this case, when the difference is ours."""
    expected = case["expected"]
    meta = case.get("meta") or {}
    if meta.get("expect") == "fail":
        return None  # ftfy's own known failures count as failures here too
    enc = meta.get("expected_fix_encoding")
    joined = _unsplit_glued(case["input"], out)
    if joined != out and (joined == expected or joined == enc or _uncurl(joined) == expected):
        return ("a space lost after a sentence stop (`vous.Pardonnez`) is restored (SW006, with "
                "the lexicon); ftfy leaves the words glued")
    if enc is not None and out == enc:
        return "ftfy.fix_text also straightens quotes or normalises; textclean's mojibake repair is ftfy's fix_encoding"
    if _uncurl(out) == expected or unicodedata.normalize("NFC", _uncurl(out)) == expected:
        return "ftfy.fix_text straightens curly quotes; textclean keeps them (the TY pack chooses a style)"
    if case["function"] == "ftfy.fix_text_segment" and "<" in out and "&lt;" in case["input"]:
        return "escaped markup: textclean decodes `&lt;b&gt;` and then removes the revealed tag"
    if "<" in case["input"] and "&" in case["input"] and out == html.unescape(case["input"]):
        return ("ftfy leaves entities alone in text that also holds an HTML tag (`<html>`); "
                "textclean decodes them in any text")
    if (case.get("params") or {}).get("normalization") == "NFKC" and unicodedata.normalize("NFKC", out) == expected:
        return "ftfy was asked for NFKC normalisation; textclean never folds compatibility characters (`…` stays `…`)"
    if out == case["input"] and any(0x80 <= ord(c) < 0xA0 or c == "\ufffd" for c in expected):
        return ("a reference to a C1 control or past U+10FFFF (`&#x81;`, `&#xffffffff;`) is left as "
                "written rather than decoded into an invisible or replacement character")
    if out == "\ufeff" + expected:
        return "a byte-order mark at the start of the text is kept, as the engine keeps a file's BOM"
    if case["function"] in ("ftfy.fix_text", "ftfy.fix_text_segment") and _ws_fold(out) == _ws_fold(expected):
        return "ftfy.fix_text also normalises line breaks and spaces; textclean keeps them"
    return None


def _known_failure(case: dict[str, Any], out: str) -> str | None:
    """A note for ftfy's own known failures that textclean shares (it runs ftfy's fix_encoding)."""
    import ftfy

    meta = case.get("meta") or {}
    if meta.get("expect") != "fail":
        return None
    if out == case["input"]:
        return "ftfy known failure: left unrepaired"
    if out in (ftfy.fix_encoding(case["input"]), ftfy.fix_text(case["input"])):
        return "ftfy known failure: same output as ftfy"
    return "ftfy known failure"


def _textclean_clean_reason(case: dict[str, Any], out: str) -> str | None:
    params = case.get("params") or {}
    if "lower" not in params or params.get("lower"):
        if out.lower() == case["expected"]:
            return "clean-text lowercases by default; textclean never changes case"
    if _ws_fold(out).lower() == _ws_fold(case["expected"]).lower():
        return "clean-text folds whitespace (and lowercases); textclean keeps line breaks and case"
    return None


@dataclass(frozen=True)
class PeerResult:
    peer: str
    artifact: str
    outcome: str  # agree / deliberate / fail
    reason: str
    case_id: str


def _peer_name(source: str) -> str:
    return source.split(":", 1)[0].split("/", 1)[1]


def judge_peer_case(case: dict[str, Any], out: str) -> PeerResult:
    peer = _peer_name(case["source"])
    artifact = case["artifact"]
    expected = case["expected"]
    if isinstance(expected, str) and out == expected:
        return PeerResult(peer, artifact, "agree", "", case["case_id"])
    reason: str | None = None
    fn = case["function"]
    if fn in DELIBERATE:
        text, test = DELIBERATE[fn]
        if test(case, out):
            reason = text
    elif peer == "python-ftfy":
        reason = _ftfy_reason(case, out) if isinstance(expected, str) else None
    elif fn == "cleantext.clean" and isinstance(expected, str):
        reason = _textclean_clean_reason(case, out)
    elif fn == "cleantext.fix_bad_unicode" and isinstance(expected, str):
        if out == case["input"] and "\\u" in case["input"]:
            reason = "literal `\\u2018` escapes are source code, not mojibake; textclean leaves them"
    elif fn == "unstructured.cleaners.core.replace_unicode_quotes":
        if out == case["input"]:
            reason = "cp1252 quote bytes spelt as `\\x93` text escapes are not in the text; textclean leaves them"
    elif fn == "unstructured.cleaners.core.clean":
        if _ws_fold(out) == _ws_fold(case["input"]):
            reason = "clean(bullets/dashes/extra_whitespace): the transformations above, which textclean does not make"
    if reason is not None:
        return PeerResult(peer, artifact, "deliberate", reason, case["case_id"])
    return PeerResult(peer, artifact, "fail", _known_failure(case, out) or "", case["case_id"])


def peer_cases(data: Path) -> list[dict[str, Any]]:
    cases = []
    for path in sorted((data / "peer-cases").glob("*.jsonl")):
        cases.extend(c for c in read_jsonl(path) if c.get("in_scope"))
    return cases


def peer_results(cases: Sequence[dict[str, Any]], fixed: dict[str, str]) -> list[PeerResult]:
    return [judge_peer_case(c, fixed[c["input"]]) for c in cases]


def peer_table(results: Sequence[PeerResult]) -> str:
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for r in results:
        counts[(r.peer, r.artifact)][r.outcome] += 1
    lines = ["| peer | artifact | cases | agree | differ deliberately | fail |", "|---|---|---|---|---|---|"]
    totals: Counter[str] = Counter()
    for (peer, artifact), c in sorted(counts.items()):
        n = sum(c.values())
        totals.update(c)
        lines.append(f"| {peer} | {artifact} | {n} | {c['agree']} | {c['deliberate']} | {c['fail']} |")
    n = sum(totals.values())
    lines.append(f"| **all** | | {n} | {totals['agree']} | {totals['deliberate']} | {totals['fail']} |")
    reasons = Counter(r.reason for r in results if r.outcome == "deliberate")
    lines.append("\nDeliberate differences:\n")
    for reason, k in reasons.most_common():
        lines.append(f"- {k} × {reason}")
    fails = [r for r in results if r.outcome == "fail"]
    if fails:
        lines.append("\nFailing cases: " + ", ".join(
            f"{r.peer}:{r.case_id}" + (f" ({r.reason})" if r.reason else "") for r in fails))
    return "\n".join(lines)


# --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--only", default="a,b,c,d,e,f", help="tables to print: any of a,b,c,d,e,f")
    ap.add_argument("--unsafe", action="store_true", help="also score fix --unsafe-fixes in (a)")
    ap.add_argument("--half", choices=["tune", "val", "all"], default="all",
                    help="(a): score only the tuning half (faster while tuning)")
    ap.add_argument("--ignore", default="", help="rule codes or prefixes to leave out (ablation)")
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    IGNORE[:] = [c for c in args.ignore.split(",") if c]
    if not args.data.exists():
        print(f"no data at {args.data}", file=sys.stderr)
        return 2
    started = time.monotonic()
    out: list[str] = []
    if "a" in only or "b" in only:
        rows = read_jsonl(args.data / "article-benchmark" / "pairs.jsonl")
        if args.half != "all":
            rows = [r for r in rows if is_tune(r["id"]) == (args.half == "tune")]
        truths = {r["id"]: r["truth"] for r in rows}
        modes = [False, True] if args.unsafe else [False]
        summaries: dict[bool, Any] = {}
        for unsafe in modes:
            label = "fix --unsafe-fixes" if unsafe else "fix (default: safe fixes only)"
            fixed = fix_all([r["text"] for r in rows] + list(truths.values()), unsafe=unsafe, jobs=args.jobs)
            if "a" in only:
                scores = summaries[unsafe] = article_scores(rows, fixed)
                out.append(f"### (a) Article benchmark, {label}\n")
                for half, per in scores.items():
                    if args.half != "all" and not half.startswith(args.half):
                        continue
                    out.append(article_table(per, half) + "\n")
            if "b" in only:
                s = Score.of((fixed[t], t) for t in truths.values())
                changed = sum(fixed[t] != t for t in truths.values())
                out.append(
                    f"### (b) Ground truth through {label}\n\nF1 of the fixed truth against the truth: "
                    f"{s.f1:.4f} (P {s.precision:.4f}, R {s.recall:.4f}); {changed} of {len(truths)} "
                    "truth bodies changed.\n"
                )
        if "a" in only and args.half == "all":
            out.append("### (a) Summary (all pages; the rules were tuned on ids 0-7)\n\n"
                       + summary_table(summaries[False], summaries.get(True)) + "\n")
    if "e" in only:
        path = args.data / "article-benchmark" / "resiliparse-tune.jsonl"
        rrows = read_jsonl(path)
        modes_e = [False, True] if args.unsafe else [False]
        fixed_e = {u: fix_all([r["text"] for r in rrows], unsafe=u, jobs=args.jobs) for u in modes_e}
        out.append("### (e) resiliparse, tuning pages\n\n" + resiliparse_table(rrows, fixed_e) + "\n")
    if "f" in only:
        out.append(f"### (f) The learned line classifier ({CLASSIFIER})\n\n"
                   + classifier_table(args.data, args.unsafe, args.jobs) + "\n")
    if "c" in only:
        segments = read_jsonl(args.data / "trafilatura-segments" / "segments.jsonl")
        results = segment_results(segments, args.jobs)
        out.append("### (c) trafilatura segments\n\n" + segments_table(segments, results) + "\n")
    if "d" in only:
        cases = peer_cases(args.data)
        fixed = fix_all([c["input"] for c in cases], jobs=1)
        out.append("### (d) Peer cases (in scope)\n\n" + peer_table(peer_results(cases, fixed)) + "\n")
    print("\n".join(out))
    print(f"(ran in {time.monotonic() - started:.0f} s with {args.jobs} processes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
