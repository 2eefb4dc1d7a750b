#!/usr/bin/env python3
"""How well `textclean suggest` finds site furniture: the numbers of issue 8.

Usage (from the repo root)::

    python benchmarks/suggest.py                    # print the table
    python benchmarks/suggest.py --write-corpus c.jsonl --write-rules r.yaml

The corpus is built from ``../shared/data/article-benchmark/truth.jsonl`` (``--data`` to
change; nothing from it is copied into the repo). The 181 human-checked article bodies are
dealt, in id order, to 12 invented sites (about 15 pages each, each page getting a URL on its
site). Each site has its own furniture, invented here: head lines (mastheads, breadcrumbs,
reading times), tail lines (section links, newsletter prompts, copyright lines, tag lists,
comment counters) and lines in the middle (advertisement markers, related-story links); many
vary from page to page (`Read more from Weather` / `Read more from Harbour`). Each site puts
each of its lines on a page with its own probability, between 0.6 and 1.0, and has one rare
line (probability 0.1: a corrections note, a live-blog marker) that too few pages carry to
be told from prose, which `suggest` should miss. Two invented news paragraphs are "syndicated":
each is put in the middle of several pages of several sites, as an agency story would be.
They count as article lines: a rule that deletes them is a false positive.

`suggest` (default options) mines the corpus, its rules are applied alone (`fix` with
`--rules` and `--unsafe-fixes`, no default packs), and the table says which share of the
injected lines is deleted (target at least 90%) and which share of the article lines
(target at most 0.5%). The held-out row mines the first half of each site's pages and
applies the rules to the other half.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textclean.corpus.suggest import Miner, SuggestOptions  # noqa: E402
from textclean.engine.loop import fix_text  # noqa: E402
from textclean.rules.loader import load_rules  # noqa: E402

DATA = ROOT.parent / "shared" / "data"

SECTIONS = ["Harbour", "Weather", "Local Politics", "Schools", "Sport", "Food and Drink",
            "Arts", "Business", "Science", "Travel"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
TAGS = ["ferries", "tides", "council", "budget", "markets", "rowing", "bakeries", "museums",
        "rail", "gardens", "bridges", "festivals"]

# (name, host): invented sites.
SITES = [
    ("The Lantern Post", "lanternpost.example"),
    ("Quayside Courier", "quaysidecourier.example"),
    ("Northbank Herald", "northbankherald.example"),
    ("Millbrook Daily", "millbrookdaily.example"),
    ("The Tidewater Ledger", "tidewaterledger.example"),
    ("Fenwick Observer", "fenwickobserver.example"),
    ("Copper Hill Times", "copperhilltimes.example"),
    ("Eastmere Gazette", "eastmeregazette.example"),
    ("The Saltmarsh Record", "saltmarshrecord.example"),
    ("Brackenford Bulletin", "brackenfordbulletin.example"),
    ("Orchard Valley News", "orchardvalleynews.example"),
    ("The Wexley Chronicle", "wexleychronicle.example"),
]


def _head_styles(site: str, rng: random.Random) -> list:
    return [
        lambda r: f"{site} | Independent local news since {1890 + rng.randrange(100)}",
        lambda r: f"Home › {r.choice(SECTIONS)}",
        lambda r: f"{r.randrange(2, 15)} min read",
        lambda r: "Listen to this article",
        lambda r: f"Last updated: {r.randrange(1, 29)} {r.choice(MONTHS)} 2024",
        lambda r: f"You are reading: {r.choice(SECTIONS)}",
        lambda r: f"{site} Morning Edition",
    ]


def _tail_styles(site: str, rng: random.Random) -> list:
    return [
        lambda r: f"Read more from {r.choice(SECTIONS)}",
        lambda r: f"Get {site} delivered to your inbox every morning",
        lambda r: f"© 2024 {site}. All rights reserved.",
        lambda r: "Share on Facebook · Share on X · Email this story",
        lambda r: f"Filed under {r.choice(SECTIONS)}",
        lambda r: f"Tags: {', '.join(r.sample(TAGS, 3))}",
        lambda r: f"Comments ({r.randrange(0, 250)})",
        lambda r: f"Back to {site} front page",
        lambda r: "Tell us what you think: letters welcome",
    ]


def _middle_styles(site: str, rng: random.Random) -> list:
    return [
        lambda r: "ADVERTISEMENT",
        lambda r: "Story continues below the advertisement",
        lambda r: f"Related: {r.choice(SECTIONS)} coverage from {site}",
        lambda r: "Continue reading",
    ]


# Invented agency paragraphs, put into pages of several sites (syndication).
SYNDICATED = [
    "The regional ferry operator said on Tuesday that crossings would resume once the storm "
    "had passed, adding that no passengers had been hurt.",
    "Officials at the port authority told reporters that the new timetable would take effect "
    "next month, after a review of the winter schedule.",
]


@dataclass
class Page:
    id: str
    url: str
    site: str
    article: list[str]  # non-blank article lines (truth + syndicated)
    furniture: list[str]  # injected lines
    text: str


RARE = [
    lambda r: f"Correction: an earlier version of this story misnamed the {r.choice(SECTIONS)} desk.",
    lambda r: "Live coverage of this story has now ended",
    lambda r: f"This story was first published in our {r.choice(SECTIONS)} newsletter",
]


@dataclass
class Site:
    name: str
    host: str
    head: list = field(default_factory=list)  # (style, probability)
    tail: list = field(default_factory=list)
    middle: list = field(default_factory=list)
    rare: list = field(default_factory=list)


def _sites(rng: random.Random, names: list[tuple[str, str]]) -> list[Site]:
    sites = []
    for name, host in names:
        site = Site(name, host)
        odds = lambda styles: [(s, rng.uniform(0.6, 1.0)) for s in styles]  # noqa: E731
        site.head = odds(rng.sample(_head_styles(name, rng), rng.randrange(2, 4)))
        site.tail = odds(rng.sample(_tail_styles(name, rng), rng.randrange(2, 5)))
        site.middle = odds(rng.sample(_middle_styles(name, rng), rng.randrange(0, 2)))
        site.rare = [(rng.choice(RARE), 0.1)]
        sites.append(site)
    return sites


def _page(rng: random.Random, i: int, page_id: str, paragraphs: list[str], site: Site,
          inject: bool = True) -> Page:
    furniture: list[str] = []
    body = list(paragraphs)
    head: list[str] = []
    tail: list[str] = []
    if inject:
        # Syndication: each agency paragraph goes to every 7th page (several sites).
        for k, para in enumerate(SYNDICATED):
            if (i + 3 * k) % 7 == 0 and len(body) > 2:
                body.insert(len(body) // 2, para)
        for style, p in site.middle + site.rare:
            if rng.random() < p and len(body) > 2:
                line = style(rng)
                body.insert(rng.randrange(1, len(body) - 1), line)
                furniture.append(line)
        head = [style(rng) for style, p in site.head if rng.random() < p]
        tail = [style(rng) for style, p in site.tail if rng.random() < p]
        furniture += head + tail
    lines = head + body + tail
    article = [line for line in body if line not in furniture]
    url = f"https://www.{site.host}/{rng.choice(SECTIONS).casefold().replace(' ', '-')}/{page_id[:12]}"
    return Page(page_id, url, site.host, article, furniture, "\n\n".join(lines))


def _truth_rows(truth_path: Path) -> list[dict]:
    return sorted(
        (json.loads(line) for line in truth_path.open(encoding="utf-8")), key=lambda r: r["id"]
    )


def build_corpus(truth_path: Path, seed: int = 8, inject: bool = True) -> list[Page]:
    """The truth pages dealt to the 12 sites, with furniture (or, `inject=False`, without)."""
    rng = random.Random(seed)
    rows = _truth_rows(truth_path)
    sites = _sites(rng, SITES)
    pages = []
    for i, row in enumerate(rows):
        paragraphs = [p.strip() for p in row["truth"].split("\n") if p.strip()]
        pages.append(_page(rng, i, row["id"], paragraphs, sites[i % len(sites)], inject))
    return pages


def stream_corpus(truth_path: Path, documents: int, site_pages: int = 20,
                  seed: int = 8) -> Iterator[Page]:
    """`documents` pages for a memory and speed run: each has 12 truth paragraphs drawn at
    random, each made unique with the page number (the worst case for counting: no article
    line ever repeats), on documents / site_pages invented sites whose pages are interleaved
    through the stream (the worst case for pruning)."""
    rng = random.Random(seed)
    pool = [p.strip() for row in _truth_rows(truth_path) for p in row["truth"].split("\n")
            if len(p.split()) >= 4]
    n_sites = max(1, documents // site_pages)
    names = [(f"Site Number {k}", f"site{k}.example") for k in range(n_sites)]
    sites = _sites(rng, names)
    for i in range(documents):
        paragraphs = [f"{para} ({i})" for para in rng.sample(pool, 12)]
        yield _page(rng, i, f"{i:012d}", paragraphs, sites[i % n_sites])


def mine(pages: list[Page], options: SuggestOptions) -> str:
    miner = Miner(options)
    for page in pages:
        miner.add(page.text, page.site, page.url)
    return miner.propose().to_yaml()


def evaluate(pages: list[Page], rules_path: Path) -> dict[str, float]:
    rules = load_rules([rules_path], defaults=False).rules
    injected = removed_injected = article = removed_article = 0
    for page in pages:
        fixed = fix_text(page.text, rules, unsafe_fixes=True, url=page.url).text
        left = Counter(line.strip() for line in fixed.split("\n") if line.strip())
        for group, is_furniture in ((page.furniture, True), (page.article, False)):
            want = Counter(group)
            for line, n in want.items():
                gone = max(0, n - left[line])
                left[line] -= min(n, left[line])
                if is_furniture:
                    injected += n
                    removed_injected += gone
                else:
                    article += n
                    removed_article += gone
    return {
        "pages": len(pages),
        "injected": injected,
        "injected_removed": removed_injected,
        "article": article,
        "article_removed": removed_article,
    }


def run_scale(truth: Path, documents: int, max_entries: int) -> None:
    """Stream `documents` pages through the miner; print speed, memory and what was found."""
    import resource

    options = SuggestOptions(max_entries=max_entries)
    miner = Miner(options)
    start = time.perf_counter()
    most = 0
    for page in stream_corpus(truth, documents):
        miner.add(page.text, page.site, page.url)
        most = max(most, len(miner.keys))
    mined = time.perf_counter() - start
    start = time.perf_counter()
    proposals = miner.propose()
    proposed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sites = {c[0].group for c in proposals.candidates}
    print(f"| {documents:,} | {len(miner.groups):,} | {max_entries:,} | {most:,} | "
          f"{miner.prunes} | {documents / mined:,.0f} | {proposed:.1f} | {peak_mb:,.0f} | "
          f"{len(sites):,} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--write-corpus", type=Path, help="also write the corpus as JSONL")
    parser.add_argument("--write-rules", type=Path, help="also write the proposed rules")
    parser.add_argument("--scale", type=int, metavar="N",
                        help="instead: stream N generated pages (20 per site) and print speed "
                             "and peak memory")
    parser.add_argument("--max-entries", type=int, default=SuggestOptions.max_entries)
    args = parser.parse_args(argv)
    truth = args.data / "article-benchmark" / "truth.jsonl"
    if not truth.exists():
        print(f"{truth} is absent", file=sys.stderr)
        return 2
    if args.scale:
        print("| documents | sites | max entries | most keys held | prunes | docs/s mining | "
              "propose s | peak RSS MB | sites with rules |")
        print("|---|---|---|---|---|---|---|---|---|")
        run_scale(truth, args.scale, args.max_entries)
        return 0
    pages = build_corpus(truth)
    if args.write_corpus:
        with args.write_corpus.open("w", encoding="utf-8") as f:
            for p in pages:
                f.write(json.dumps({"id": p.id, "url": p.url, "text": p.text}, ensure_ascii=False) + "\n")
    options = SuggestOptions()
    import tempfile

    rows = []
    by_site: dict[str, list[Page]] = {}
    for p in pages:
        by_site.setdefault(p.site, []).append(p)
    first = [p for ps in by_site.values() for p in ps[: len(ps) // 2]]
    second = [p for ps in by_site.values() for p in ps[len(ps) // 2 :]]
    clean = build_corpus(truth, inject=False)
    with tempfile.TemporaryDirectory() as tmp:
        for label, mined, applied in (
            ("all pages (mined and applied)", pages, pages),
            ("held out (mined on half, applied to the other)", first, second),
            ("no furniture injected (false positives only)", clean, clean),
        ):
            start = time.perf_counter()
            text = mine(mined, options)
            seconds = time.perf_counter() - start
            path = Path(tmp) / "rules.yaml"
            path.write_text(text, encoding="utf-8")
            if args.write_rules and mined is pages:
                args.write_rules.write_text(text, encoding="utf-8")
            n_rules = len(load_rules([path], defaults=False).all_rules)
            rows.append((label, n_rules, seconds, evaluate(applied, path)))
    print(f"corpus: {len(pages)} pages, {len(by_site)} sites; options: min_docs={options.min_docs} "
          f"min_share={options.min_share} max_words={options.max_words}")
    print("| run | rules | mine s | injected lines removed | article lines removed |")
    print("|---|---|---|---|---|")
    for label, n_rules, seconds, r in rows:
        inj = (f"{r['injected_removed']}/{r['injected']} = "
               f"{r['injected_removed'] / r['injected']:.1%}" if r["injected"] else "-")
        art = r["article_removed"] / r["article"]
        print(f"| {label} | {n_rules} | {seconds:.2f} | {inj} | "
              f"{r['article_removed']}/{r['article']} = {art:.2%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
