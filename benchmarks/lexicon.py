#!/usr/bin/env python3
"""What the lexicon (textclean.lexicon) repairs, what it breaks, and what it costs: issue 18.

Usage (from the repo root)::

    python benchmarks/lexicon.py                   # every table
    python benchmarks/lexicon.py --cases 300 --skip-speed

Clean documents: the truth bodies of ``article-benchmark/truth.jsonl`` (161 English, 2 German,
3 Russian, 5 Portuguese, 2 Italian; the others in languages not measured here; the one
Russian page of 53,372 characters cut into pieces of at most 10,000 at paragraph breaks:
``pieces``), and the "with" segments of each ``trafilatura-segments`` page joined by line
breaks into one document (100 characters or more), kept for the languages other than
English as pycld2 tells them. Nothing from them is copied. Each document is in the tune half or the held-out half (``split_of``: the page id, or a hash
of the segment page's name, starting with 0-7 or 8-f); cases are drawn and reported per half.

(a) Injection: one artifact is made in a clean document at one eligible place (``sites``),
    and the case counts as repaired when ``fix(dirty) == fix(clean)`` with the default packs
    (safe fixes, as ``textclean fix`` runs), with the lexicon on (``auto``) and off. Every
    place of a half is a case once, in a seeded order, up to ``--cases`` (a word hyphenated
    at another cut is the same place). The places are where scraped text has the artifact,
    chosen by the text alone, never by what the repair does there:
    ``hyphen``: a word of 6+ lower-case letters inside a line becomes ``ab-\\ncd`` (cut at a
    random place, 2+ letters each side);
    ``drop cap``: a space after the first letter of a capitalised word of 3+ letters that
    starts a line, or that starts a sentence inside a line (after a word of two letters or
    more ending in lower case and ``. ! ?``), which the case first makes the start of a
    paragraph (the clean text of the case has the paragraph break there too: any sentence
    may start a paragraph, where the styled first letter is);
    ``stop``: the space after ``. ! ?`` between a word of two letters or more ending in lower
    case and a capital is dropped (``year.The``; not after an abbreviation of one letter,
    ``40 g.``), inside a line, or the line break after such a sentence at the end of a line
    before one that starts with a capital (a paragraph boundary lost in extraction; the
    clean text of the case has a space there, which is what a repair can give back);
    ``camel``: the space between a lower-case word and a capitalised word inside a line is
    dropped (``saidThe``, ``inLondon``), or the line break between a line that ends in such a
    word and one that starts with a capitalised word (a heading or a list item without a
    stop run into the next block), or the stop and the space between a sentence that ends in
    such a word and the next (the last word of a phrase run into the first of the next; the
    clean text of these two has a space there).
    The last column counts each kind of place on its own.
(b) Clean documents: how many words of the clean text the fix changes, with the lexicon off
    and on (a word is a run of letters; clean and fixed texts are compared as word
    sequences), and the first few changes.
(c) Cost: CPU time of ``textclean fix`` (the CLI, as ``benchmarks/speed.py`` runs it) over a
    JSONL of every extractor output of ``pairs.jsonl``: as before the lexicon (``--lexicon
    off --ignore SW006``), with the lexicon off, and on (after one untimed run of each), in
    rounds of one run of each (each round starting with the next variant): best and median
    of the runs, and the median of each round's ratio to the run before the lexicon of the
    same round (a load that changes from round to round moves both alike); then the same
    fix in one fresh process per round (``interleaved_times``), each text fixed before the
    lexicon and with it one right after the other, the median of those processes' ratios
    with the lowest and highest; every run and the load average before and after;
    language detection alone; loading the English list in a fresh process; the import time
    of textclean.
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
from collections.abc import Iterator
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import textclean  # noqa: E402
from textclean.lexicon import detect_language, using_lexicon  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
LANGS = ("en", "de", "fr", "es", "ru", "pt", "it", "pl", "nl")
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
            out[lang, split_of(r["id"])].extend(pieces(text))
    return out


# A document longer than this is cut (`pieces`); a piece is at most `PIECE_CHARS` long.
LONG_DOCUMENT = 25_000
PIECE_CHARS = 10_000


def pieces(text: str) -> list[str]:
    """`text`, or when it is longer than `LONG_DOCUMENT` characters, its paragraphs gathered
    into pieces of at most `PIECE_CHARS` (a paragraph longer than that is a piece of its
    own). Only the Russian page of 53,372 characters is that long (the next is 20,477): each
    of its cases costs the fix of a page of usual length instead of five."""
    if len(text) <= LONG_DOCUMENT:
        return [text]
    out: list[str] = []
    for paragraph in text.split("\n\n"):
        if out and len(out[-1]) + 2 + len(paragraph) <= PIECE_CHARS:
            out[-1] += "\n\n" + paragraph
        else:
            out.append(paragraph)
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


# `sites` lists every eligible place of a kind in a clean document, each with how the case is
# made there: (site type, offset, the clean text of the case, a function of the rng giving the
# dirty text). Where the artifact needs the text around it changed first (a sentence start made
# a paragraph start for a drop cap, a line break made a space for a lost space), the clean
# text of the case is the document with that change, and the dirty text has the artifact on top.
_HYPHEN_WORD = regex.compile(r"(?<=[ \t])\p{Ll}{6,}(?=[ \t,.;:])")
_DROP_CAP_WORD = regex.compile(r"(?m)^\p{Lu}\p{Ll}{2,}\b")
# A sentence start inside a line: after a word of two letters or more ending in lower case and
# a stop (one lower-case letter before a stop is an abbreviation: `40 g.`, `u. a.`).
_SENTENCE_START = regex.compile(r"(?<=\p{L}\p{Ll}[.!?]) (?=\p{Lu}\p{Ll}{2,}\b)")
_STOP = regex.compile(r"(?<=\p{L}\p{Ll}[.!?]) (?=\p{Lu})")
# A line that ends with such a sentence before one that starts with a capital: a paragraph
# boundary, where a lost line break makes `year.The`.
_STOP_LINE = regex.compile(r"(?<=\p{L}\p{Ll}[.!?])[ \t]*\n+[ \t]*(?=\p{Lu})")
# A lower-case word (not after a letter or punctuation: `l'Europe`, `e-Mail`) before a
# capitalised one: inside a line (`saidThe`, `inLondon`), across a line break (a heading or
# a list item without a stop run into the next block: `Unsere GeschichteDie`), or across a
# sentence end whose stop and space are both gone.
_LOWER_WORD = r"(?<=(?<![\p{L}\p{P}])\p{Ll}\p{L}*\p{Ll})"
_CAMEL = regex.compile(_LOWER_WORD + r" (?=\p{Lu}\p{Ll}+\b)")
_CAMEL_LINE = regex.compile(_LOWER_WORD + r"[ \t]*\n+[ \t]*(?=\p{Lu}\p{Ll}+\b)")
_CAMEL_SENTENCE = regex.compile(_LOWER_WORD + r"[.!?] (?=\p{Lu}\p{Ll}+\b)")


def _paragraph_break(text: str) -> str:
    """How `text` separates its paragraphs: a blank line where it has one, else a line break."""
    return "\n\n" if "\n\n" in text else "\n"


def sites(kind: str, text: str) -> list[tuple[str, int, regex.Match[str]]]:
    """Every eligible place of `kind` in `text`: (site type, offset, match), in order."""
    if kind == "hyphen":
        found = [("in a line", m) for m in _HYPHEN_WORD.finditer(text)]
    elif kind == "drop cap":
        found = [("line start", m) for m in _DROP_CAP_WORD.finditer(text)]
        found += [("sentence start", m) for m in _SENTENCE_START.finditer(text)]
    elif kind == "stop":
        found = [("in a line", m) for m in _STOP.finditer(text)]
        found += [("line break", m) for m in _STOP_LINE.finditer(text)]
    else:
        found = [("in a line", m) for m in _CAMEL.finditer(text)]
        found += [("line break", m) for m in _CAMEL_LINE.finditer(text)]
        found += [("sentence end", m) for m in _CAMEL_SENTENCE.finditer(text)]
    return sorted(((site, m.start(), m) for site, m in found), key=lambda s: s[1])


def make_case(kind: str, text: str, site: str, m: regex.Match[str], rng: random.Random) -> tuple[str, str]:
    """The clean text and the dirty text of the case at `m` (a match of `sites`)."""
    a, b = m.start(), m.end()
    if kind == "hyphen":
        word = m.group()
        cut = rng.randint(2, len(word) - 2)
        return text, text[:a] + word[:cut] + "-\n" + word[cut:] + text[b:]
    if kind == "drop cap":
        if site == "sentence start":
            # The sentence made the start of a paragraph, the place of a drop cap.
            sep = _paragraph_break(text)
            text = text[:a] + sep + text[b:]
            a += len(sep)
        return text, text[: a + 1] + " " + text[a + 1 :]
    if site == "line break":
        # The clean text has the line break as a space (what `fix` gives back at best); the
        # dirty one has lost it.
        return text[:a] + " " + text[b:], text[:a] + text[b:]
    if site == "sentence end":
        # The stop gone too: a heading or a list item without one run into the next block.
        return text[:a] + " " + text[b:], text[:a] + text[b:]
    return text, text[:a] + text[b:]


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
                    langs: tuple[str, ...] = LANGS, kinds: tuple[str, ...] = KINDS,
                    with_off: bool = True) -> Iterator[str]:
    """The lines of table (a), each as soon as it is measured, then the misses listed."""
    rules = textclean.load_rules()
    cache: dict[tuple[str, bool, str], str] = {}

    def fixed(text: str, setting: str, unsafe: bool) -> str:
        key = (setting, unsafe, text)
        if key not in cache:
            with using_lexicon(setting):
                cache[key] = textclean.fix_text(text, rules, unsafe_fixes=unsafe).text
        return cache[key]

    yield ("| language | kind | split | documents | places | cases | repaired, lexicon on | lexicon off "
           "| lexicon on, by place |")
    yield "|---|---|---|---:|---:|---:|---:|---:|---|"
    listed: list[str] = []
    for lang in langs:
        for kind in kinds:
            for split in SPLITS:
                pool = docs.get((lang, split), [])
                if not pool:
                    continue
                unsafe = kind in UNSAFE_KINDS
                rng = random.Random(f"{seed}:{lang}:{kind}:{split}")
                # Every place of the half once (a word hyphenated at another cut is the same
                # place), drawn in a seeded order: all of them when there are `cases` or fewer.
                places = [(doc, site, m) for doc, text in enumerate(pool)
                          for site, _, m in sites(kind, text)]
                rng.shuffle(places)
                on = off = shown = 0
                by_site: dict[str, list[int]] = defaultdict(lambda: [0, 0])
                drawn = places[:cases]
                for doc, site, m in drawn:
                    clean, dirty = make_case(kind, pool[doc], site, m, rng)
                    ok = fixed(dirty, "auto", unsafe) == fixed(clean, "auto", unsafe)
                    on += ok
                    by_site[site][0] += ok
                    by_site[site][1] += 1
                    if with_off:
                        off += fixed(dirty, "off", unsafe) == fixed(clean, "off", unsafe)
                    if not ok and shown < misses and split == "tune":
                        shown += 1
                        listed.append(f"{lang} {kind} ({site}): " + _around(
                            dirty, clean, fixed(dirty, "auto", unsafe), fixed(clean, "auto", unsafe)))
                if drawn:
                    made = len(drawn)
                    name = f"{kind} (unsafe fixes)" if unsafe else kind
                    each = "; ".join(f"{site} {k}/{n}" for site, (k, n) in sorted(by_site.items()))
                    yield (f"| {lang} | {name} | {split} | {len(pool)} | {len(places)} | {made} | "
                           f"{on / made:.1%} | {f'{off / made:.1%}' if with_off else '-'} | {each} |")
    if listed:
        yield ""
        yield from listed


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


def interleaved_times(corpus: Path) -> dict[str, float]:
    """CPU seconds of fixing every text of `corpus` (JSONL) as the packs were before the
    lexicon (lexicon off, SW006 left out) and with the lexicon (auto), in this process: each
    text is fixed by both, one right after the other, which of the two first alternating
    from text to text. A change of the machine's load then falls on both alike, where whole
    runs seconds apart each meet another load. Run in a fresh process (`--interleaved-child`),
    so the lexicon is loaded and its lookups remembered afresh, as in one run of the CLI; the
    rules of both are compiled before the timing starts."""
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    variants = {"before": (textclean.load_rules(ignore=["SW006"]), "off"),
                "auto": (textclean.load_rules(), "auto")}
    for rules, _ in variants.values():
        with using_lexicon("off"):
            textclean.fix_text("Warm up.", rules)
    spent = dict.fromkeys(variants, 0.0)
    order = list(variants)
    for i, text in enumerate(texts):
        for name in order if i % 2 == 0 else order[::-1]:
            rules, setting = variants[name]
            with using_lexicon(setting):
                start = time.process_time()
                textclean.fix_text(text, rules)
                spent[name] += time.process_time() - start
    return spent


def _spread(ratios: list[float]) -> str:
    """The median of `ratios` (each a time over the time before the lexicon) as a change in
    percent, with the lowest and the highest."""
    low, mid, high = min(ratios), statistics.median(ratios), max(ratios)
    return f"{mid - 1:+.1%} ({low - 1:+.1%}, {high - 1:+.1%})"


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
        load_middle = os.getloadavg()
        # The same fix text by text, both variants in one process (`interleaved_times`).
        interleaved = [json.loads(subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--interleaved-child", str(corpus)],
            capture_output=True, text=True, check=True).stdout) for _ in range(repeats)]
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
    # The ratio of each round (auto over before, the two runs seconds apart) and its median:
    # a load that changes between rounds moves both runs of a round alike.
    names = list(variants)
    for name in names[1:]:
        ratios = [t / b for t, b in zip(times[name], times[names[0]], strict=True)]
        lines.append(f"| the same, {name} over before in each round, median of {repeats} "
                     f"(lowest, highest) | {_spread(ratios)} |")
    ratios = [run["auto"] / run["before"] for run in interleaved]
    lines.append(f"| the same in one process, text by text, both variants in turn, --lexicon auto "
                 f"over before, median of {repeats} processes (lowest, highest) | {_spread(ratios)} |")
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
    lines.append("- in one process, text by text (before, auto): "
                 + ", ".join(f"{run['before']:.2f} / {run['auto']:.2f}" for run in interleaved))
    lines.append("load average (1, 5, 15 min) before the runs: "
                 + ", ".join(f"{x:.2f}" for x in load_before)
                 + "; after the CLI runs: " + ", ".join(f"{x:.2f}" for x in load_middle)
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
    ap.add_argument("--skip-off", action="store_true", help="leave out the lexicon-off column of (a)")
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--only-speed", action="store_true")
    ap.add_argument("--interleaved-child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.interleaved_child:
        print(json.dumps(interleaved_times(args.interleaved_child)))
        return
    if not args.only_speed:
        docs = segment_documents()
        for key, texts in truth_documents().items():
            docs[key] = texts + docs.get(key, [])
        print("documents:", {f"{lang} {split}": len(docs.get((lang, split), []))
                             for lang in LANGS for split in SPLITS})
        print("\n(a) injected artifacts repaired exactly, fix(dirty) == fix(clean)\n")
        langs = tuple(args.langs.split(","))
        kinds = tuple(args.kinds.split(","))
        for line in injection_table(docs, args.cases, args.seed, args.misses, langs, kinds,
                                    not args.skip_off):
            print(line, flush=True)
        if not args.skip_clean:
            print("\n(b) clean documents: words of the clean text that the fix changes\n")
            print("\n".join(clean_table(docs, args.show)))
    if not args.skip_speed:
        print("\n(c) cost\n")
        print("\n".join(speed_table(args.repeats)))


if __name__ == "__main__":
    main()
