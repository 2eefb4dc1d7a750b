#!/usr/bin/env python3
"""What the lexicon (textclean.lexicon) repairs, what it breaks, and what it costs: issue 18.

Usage (from the repo root)::

    python benchmarks/lexicon.py                   # every table
    python benchmarks/lexicon.py --cases 300 --skip-speed

Clean documents: the truth bodies of ``article-benchmark/truth.jsonl`` (161 English, 2 German,
3 Russian; the others in languages not measured here), and
the "with" segments of each ``trafilatura-segments`` page joined by line breaks into one
document (100 characters or more), kept for German, French, Spanish and Russian as pycld2
tells them. Nothing from them is copied. Few as its documents are (4), Russian has more text
than Spanish and French together (the truth bodies: 7,963 words in the tune half, 1,228
held out), so it is measured in (a) as well.

Each document is in the tune half or the held-out half (``split_of``: the page id, or a hash
of the segment page's name, starting with 0-7 or 8-f); cases are drawn and reported per half.

(a) Injection: one artifact is made in a clean document at a random eligible place (seeded;
    each place once, however its word is cut: a half with fewer places has fewer cases),
    and the case counts as repaired when ``fix(dirty) == fix(clean)`` with the default packs
    (safe fixes, as ``textclean fix`` runs), with the lexicon on (``auto``) and off. Kinds:
    ``hyphen``: a word of 6+ lower-case letters inside a line becomes ``ab-\\ncd`` (cut at a
    random place, 2+ letters each side); ``drop cap``: a line that starts with a capitalised
    word of 3+ letters gets a space after its first letter; ``stop``: the space after
    ``. ! ?`` between a word of two letters or more ending in lower case and a capital
    is dropped (``year.The``; not after an abbreviation of one letter, ``40 g.``); ``camel``:
    the space between a lower-case word and a capitalised word inside a line is dropped
    (``saidThe``, ``inLondon``).
(b) Clean documents: how many words of the clean text the fix changes, with the lexicon off
    and on (a word is a run of letters; clean and fixed texts are compared as word
    sequences), and the first few changes.
(c) Cost: CPU time of ``textclean fix`` (the CLI, as ``benchmarks/speed.py`` runs it) over a
    JSONL of every extractor output of ``pairs.jsonl``: as before the lexicon (``--lexicon
    off --ignore SW006``), with the lexicon off, and on (after one untimed run of each), best
    and median of the runs, every run and the load average before and after; language detection alone; loading the
    English list in a fresh process; the import time of textclean.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import textclean  # noqa: E402
from textclean.lexicon import detect_language, using_lexicon  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
LANGS = ("en", "de", "fr", "es", "ru")
KINDS = ("hyphen", "drop cap", "stop", "camel")
WORD = regex.compile(r"\p{L}+")


SPLITS = ("tune", "held-out")


def split_of(key: str) -> str:
    """"tune" for a page whose key (an article-benchmark id, or the blake2b hex digest of a
    segment page's name) starts with 0-7, else "held-out": the rules are tuned on the first
    half only, and the second is reported on its own."""
    return "tune" if key[0] in "01234567" else "held-out"


Docs = dict[tuple[str, str], list[str]]  # (language, split) -> clean documents


def truth_documents() -> Docs:
    """The truth bodies of the article benchmark by language (most are English; a few pages
    are Portuguese, Russian, German ... and count for their own language, or not at all)."""
    out: Docs = defaultdict(list)
    for line in (DATA / "article-benchmark" / "truth.jsonl").open():
        r = json.loads(line)
        text = r["truth"]
        if text.strip() and (lang := detect_language(text)) in LANGS:
            out[lang, split_of(r["id"])].append(text)
    return out


def segment_documents() -> Docs:
    pages: dict[str, list[str]] = defaultdict(list)
    for line in (DATA / "trafilatura-segments" / "segments.jsonl").open():
        r = json.loads(line)
        if r["label"] == "with":
            pages[r["page"]].append(r["segment"])
    out: Docs = defaultdict(list)
    for page, segments in pages.items():
        doc = "\n".join(segments)
        if len(doc) >= 100:
            lang = detect_language(doc)
            if lang in LANGS and lang != "en":  # English has the truth bodies
                key = hashlib.blake2b(page.encode(), digest_size=8).hexdigest()
                out[lang, split_of(key)].append(doc)
    return out


# `inject` makes the dirty text at a random eligible place of these, or returns None.
_HYPHEN_WORD = regex.compile(r"(?<=[ \t])\p{Ll}{6,}(?=[ \t,.;:])")
_DROP_CAP_WORD = regex.compile(r"(?m)^\p{Lu}\p{Ll}{2,}\b")
# After a word of two letters or more: one lower-case letter before a stop is an
# abbreviation (`40 g.`, `u. a.`), not the end of a sentence whose space could be lost.
_STOP = regex.compile(r"(?<=\p{L}\p{Ll}[.!?]) (?=\p{Lu})")
_CAMEL = regex.compile(r"(?<=(?<![\p{L}\p{P}])\p{Ll}\p{L}*\p{Ll}) (?=\p{Lu}\p{Ll}+\b)")


def _choose(rng: random.Random, pattern: regex.Pattern[str], text: str) -> regex.Match[str] | None:
    matches = list(pattern.finditer(text))
    return rng.choice(matches) if matches else None


def inject(kind: str, text: str, rng: random.Random) -> tuple[str, int] | None:
    """The dirty text and the place (offset in `text`) of the artifact, or None."""
    if kind == "hyphen":
        m = _choose(rng, _HYPHEN_WORD, text)
        if m is None:
            return None
        word = m.group()
        cut = rng.randint(2, len(word) - 2)
        return text[: m.start()] + word[:cut] + "-\n" + word[cut:] + text[m.end() :], m.start()
    if kind == "drop cap":
        m = _choose(rng, _DROP_CAP_WORD, text)
        if m is None:
            return None
        return text[: m.start() + 1] + " " + text[m.start() + 1 :], m.start()
    pattern = _STOP if kind == "stop" else _CAMEL
    m = _choose(rng, pattern, text)
    if m is None:
        return None
    return text[: m.start()] + text[m.end() :], m.start()


# A camel-case split (`saidThe`) is an unsafe fix of SW006 (a brand the lexicon lacks looks the
# same), so that kind is measured as `textclean fix --unsafe-fixes` repairs it.
UNSAFE_KINDS = frozenset({"camel"})


def _around(dirty: str, clean: str, fixed_dirty: str, fixed_clean: str) -> str:
    """Where the two fixes differ, with some context: for the listing of misses."""
    import difflib

    sm = difflib.SequenceMatcher(a=fixed_clean, b=fixed_dirty, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            return f"{fixed_clean[max(0, i1 - 30) : i2 + 30]!r} -> {fixed_dirty[max(0, j1 - 30) : j2 + 30]!r}"
    return "(same)"


def injection_table(docs: Docs, cases: int, seed: int, misses: int = 0,
                    langs: tuple[str, ...] = LANGS, kinds: tuple[str, ...] = KINDS) -> list[str]:
    rules = textclean.load_rules()
    cache: dict[tuple[str, bool, str], str] = {}

    def fixed(text: str, setting: str, unsafe: bool) -> str:
        key = (setting, unsafe, text)
        if key not in cache:
            with using_lexicon(setting):
                cache[key] = textclean.fix_text(text, rules, unsafe_fixes=unsafe).text
        return cache[key]

    rows = ["| language | kind | split | documents | cases | repaired, lexicon on | lexicon off |",
            "|---|---|---|---:|---:|---:|---:|"]
    listed: list[str] = []
    for lang in langs:
        for kind in kinds:
            for split in SPLITS:
                pool = docs.get((lang, split), [])
                if not pool:
                    continue
                unsafe = kind in UNSAFE_KINDS
                rng = random.Random(f"{seed}:{lang}:{kind}:{split}")
                on = off = made = tries = shown = 0
                seen: set[tuple[int, int]] = set()
                while made < cases and tries < cases * 20:
                    tries += 1
                    doc = rng.randrange(len(pool))
                    clean = pool[doc]
                    injected = inject(kind, clean, rng)
                    # One case per place: a word hyphenated at another cut is the same place
                    # (a small sample would otherwise count one word many times over).
                    if injected is None or (doc, injected[1]) in seen:
                        continue
                    dirty = injected[0]
                    seen.add((doc, injected[1]))
                    made += 1
                    ok = fixed(dirty, "auto", unsafe) == fixed(clean, "auto", unsafe)
                    on += ok
                    off += fixed(dirty, "off", unsafe) == fixed(clean, "off", unsafe)
                    if not ok and shown < misses and split == "tune":
                        shown += 1
                        listed.append(f"{lang} {kind}: " + _around(
                            dirty, clean, fixed(dirty, "auto", unsafe), fixed(clean, "auto", unsafe)))
                if made:
                    name = f"{kind} (unsafe fixes)" if unsafe else kind
                    rows.append(f"| {lang} | {name} | {split} | {len(pool)} | {made} | "
                                f"{on / made:.1%} | {off / made:.1%} |")
    return rows + ([""] + listed if listed else [])


def clean_table(docs: Docs, show: int) -> list[str]:
    import difflib

    rules = textclean.load_rules()
    rows = ["| language | documents | words | words the fix changes, lexicon off | lexicon on |",
            "|---|---:|---:|---:|---:|"]
    examples: list[str] = []
    for lang in LANGS:
        words = 0
        changed = {"off": 0, "auto": 0}
        pool = [text for split in SPLITS for text in docs.get((lang, split), [])]
        for text in pool:
            clean = WORD.findall(text)
            words += len(clean)
            for setting in changed:
                with using_lexicon(setting):
                    out = WORD.findall(textclean.fix_text(text, rules).text)
                if out == clean:
                    continue
                for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=clean, b=out).get_opcodes():
                    if tag != "equal":
                        changed[setting] += max(i2 - i1, j2 - j1)
                        if len(examples) < show:
                            examples.append(f"{lang}, lexicon {setting}: "
                                            f"{' '.join(clean[i1:i2])!r} -> {' '.join(out[j1:j2])!r}")
        rows.append(f"| {lang} | {len(pool)} | {words} | {changed['off']} | {changed['auto']} |")
    return rows + [""] + examples


def _child_cpu(args: list[str]) -> float:
    """CPU seconds (user + system) of a child process running `args`."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1: findings remain, as usual for a fix
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _python_seconds(code: str) -> float:
    """What a fresh interpreter prints for `code` (a time it measured itself)."""
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout)


def speed_table(repeats: int) -> list[str]:
    import tempfile

    rows_in = [json.loads(line) for line in (DATA / "article-benchmark" / "pairs.jsonl").open()]
    rows_in = [{"id": f"{r['id']}-{r['extractor']}", "text": r["text"]} for r in rows_in if r["text"]]
    mb = sum(len(r["text"].encode()) for r in rows_in) / 1e6
    cli = [sys.executable, "-c", "from textclean.cli import main; main()", "fix"]
    # The fix of `benchmarks/speed.py` (the CLI over a JSONL corpus of the pairs' texts), as
    # the packs were before the lexicon (no SW006, no lexicon), with the lexicon off, and on.
    variants = {
        "before the lexicon (--lexicon off --ignore SW006)": ["--lexicon", "off", "--ignore", "SW006"],
        "--lexicon off": ["--lexicon", "off"],
        "--lexicon auto (the default)": [],
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows_in),
                          encoding="utf-8")
        out = Path(tmp) / "out.jsonl"
        # One untimed run of each first: it fills the rules cache and packs any list the cache
        # folder lacks (after a change of the code, the first run compiles the rules again).
        for extra in variants.values():
            _child_cpu([*cli, str(corpus), "--out", str(out), *extra])
        order = list(variants.items())
        for round_no in range(repeats):
            # Each round starts with another variant, so none always runs first or last.
            shift = round_no % len(order)
            for name, extra in order[shift:] + order[:shift]:
                times[name].append(_child_cpu([*cli, str(corpus), "--out", str(out), *extra]))
    load_after = os.getloadavg()
    best = {name: min(t) for name, t in times.items()}
    base = best[next(iter(variants))]
    texts = [r["text"] for r in rows_in]
    start = time.process_time()
    for t in texts:
        detect_language(t)
    detect = time.process_time() - start
    load = min(_python_seconds("import time; from textclean.lexicon import load_lexicon; "
                               "t = time.process_time(); load_lexicon('en'); "
                               "print(time.process_time() - t)") for _ in range(3))
    imports = [
        min(_python_seconds(f"import time; t = time.perf_counter(); {code}; "
                            "print(time.perf_counter() - t)") for _ in range(5))
        for code in ("import textclean", "import textclean, wordfreq, pycld2")
    ]
    lines = ["| measure | value |", "|---|---:|"]
    for name, value in best.items():
        lines.append(f"| `textclean fix` of pairs.jsonl ({len(texts)} texts, {mb:.1f} MB), "
                     f"{name}, CPU s (best of {repeats}) | {value:.2f} ({value / base - 1:+.1%}) |")
    medians = {name: statistics.median(t) for name, t in times.items()}
    base_median = medians[next(iter(variants))]
    for name, value in medians.items():
        lines.append(f"| the same, {name}, CPU s (median of {repeats}) | {value:.2f} "
                     f"({value / base_median - 1:+.1%}) |")
    lines += [
        f"| language detection alone, every text, CPU s | {detect:.3f} |",
        f"| loading the English list, once per process, CPU s (best of 3) | {load:.2f} |",
        f"| `import textclean`, s (best of 5) | {imports[0]:.3f} |",
        f"| `import textclean, wordfreq, pycld2`, s (best of 5) | {imports[1]:.3f} |",
        "",
        "every run, CPU s, round by round (one of each variant per round, each round starting"
        " with the next variant):",
    ]
    lines += [f"- {name}: {', '.join(f'{t:.2f}' for t in runs)}" for name, runs in times.items()]
    lines.append("load average (1, 5, 15 min) before the runs: "
                 + ", ".join(f"{x:.2f}" for x in load_before)
                 + "; after: " + ", ".join(f"{x:.2f}" for x in load_after))
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=300, help="cases per language, kind and split (tune, held-out)")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--repeats", type=int, default=3, help="timed runs of each speed row")
    ap.add_argument("--show", type=int, default=15, help="changed words listed in (b)")
    ap.add_argument("--misses", type=int, default=0, help="misses listed per language and kind in (a)")
    ap.add_argument("--langs", default=",".join(LANGS), help="languages of (a), comma-separated")
    ap.add_argument("--kinds", default=",".join(KINDS), help="kinds of (a), comma-separated")
    ap.add_argument("--skip-clean", action="store_true", help="leave out (b)")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--only-speed", action="store_true")
    args = ap.parse_args()
    if not args.only_speed:
        docs = segment_documents()
        for key, texts in truth_documents().items():
            docs[key] = texts + docs.get(key, [])
        print("documents:", {f"{lang} {split}": len(docs.get((lang, split), []))
                             for lang in LANGS for split in SPLITS})
        print("\n(a) injected artifacts repaired exactly, fix(dirty) == fix(clean)\n")
        langs = tuple(args.langs.split(","))
        kinds = tuple(args.kinds.split(","))
        print("\n".join(injection_table(docs, args.cases, args.seed, args.misses, langs, kinds)))
        if not args.skip_clean:
            print("\n(b) clean documents: words of the clean text that the fix changes\n")
            print("\n".join(clean_table(docs, args.show)))
    if not args.skip_speed:
        print("\n(c) cost\n")
        print("\n".join(speed_table(args.repeats)))


if __name__ == "__main__":
    main()
