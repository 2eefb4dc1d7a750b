"""`textclean suggest`: repeated site furniture becomes reviewable line rules."""

from __future__ import annotations

import json
import random

import pytest
import regex

import textclean
from tests.conftest import shared_path
from textclean.corpus.suggest import Miner, SuggestOptions, group_of, site_of, suggest_paths
from textclean.rules.testing import example_cases, run_example

NOUNS = ["ferry", "harbour", "council", "baker", "orchard", "bridge", "museum", "tide", "market",
         "lighthouse", "choir", "garden", "library", "rowing club", "school", "tram"]
VERBS = ["opened", "closed", "repaired", "visited", "praised", "painted", "moved", "measured"]
PLACES = ["near the quay", "after the storm", "on Thursday", "by the old mill", "in spring",
          "before noon", "at the fair", "along the canal"]
SECTIONS = ["Harbour News", "Weather", "Local Politics", "South Shore", "Food and Drink",
            "Arts", "Sport", "Schools"]
SYNDICATED = ("The coastal rail operator said on Monday that repairs to the sea wall would "
              "take three more weeks, and that replacement buses would run until then.")


def _sentence(rng: random.Random) -> str:
    subject, obj = rng.sample(NOUNS, 2)
    return (f"The {subject} {rng.choice(VERBS)} the {obj} {rng.choice(PLACES)}, "
            f"said a spokesperson numbered {rng.randrange(10**6)}.")


def _article(rng: random.Random, n: int = 16) -> list[str]:
    return [_sentence(rng) for _ in range(n)]


def _corpus(seed: int = 3, pages: int = 12, syndicate: bool = True):
    """Two invented sites, each with its own head, tail and middle furniture."""
    rng = random.Random(seed)
    docs = []
    for site, head, tail, middle in (
        ("harbourtimes.example", "Harbour Times | News for the bay", "Read more from {s}",
         "ADVERTISEMENT"),
        ("valleypost.example", "Valley Post Morning Edition", "Image {n} of {m}", None),
    ):
        for i in range(pages):
            body = _article(rng)
            if middle:
                body.insert(8, middle)
            if syndicate and i % 3 == 0:
                body.insert(2, SYNDICATED)
            lines = [head, *body, tail.format(s=rng.choice(SECTIONS), n=rng.randrange(1, 9),
                                              m=rng.randrange(9, 20))]
            docs.append({"id": f"{site}-{i}", "url": f"https://www.{site}/story/{i}",
                         "text": "\n\n".join(lines)})
    return docs


def _write_jsonl(path, docs):
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def _propose(docs, **options):
    miner = Miner(SuggestOptions(**options))
    for d in docs:
        miner.add(d["text"], site_of(d["url"]), d["url"])
    return miner.propose()


def _rules_of(tmp_path, proposals):
    path = tmp_path / "site-rules.yaml"
    path.write_text(proposals.to_yaml(), encoding="utf-8")
    return path, textclean.load_rules([path], defaults=False)


def test_proposes_head_tail_and_anywhere_rules_scoped_to_each_site(tmp_path):
    proposals = _propose(_corpus())
    _, rules = _rules_of(tmp_path, proposals)
    by_site = {}
    for rule in rules.all_rules:
        assert regex.fullmatch(r"ST\d{3}", rule.code)
        assert rule.safety is textclean.Safety.UNSAFE
        by_site.setdefault(rule.spec.applies_to.url[0], {})[rule.spec.position] = rule.spec
    harbour = by_site["*://harbourtimes.example/*"]
    assert harbour["head"].phrases == ["Harbour Times | News for the bay"]
    assert harbour["anywhere"].phrases == ["ADVERTISEMENT"]
    valley = by_site["*://valleypost.example/*"]
    assert valley["tail"].patterns == [r"^\s*Image \d+ of \d+\s*$"]


def test_near_variants_become_one_pattern_that_generalises(tmp_path):
    _, rules = _rules_of(tmp_path, _propose(_corpus()))
    tail = next(r for r in rules.all_rules if r.spec.position == "tail"
                and "harbourtimes" in r.spec.applies_to.url[0])
    [pattern] = tail.spec.patterns
    compiled = regex.compile(pattern)
    assert compiled.search("Read more from South Asia")  # a section never seen
    assert not compiled.search("Read more from the council's minutes.")


def test_output_passes_rules_test_and_removes_the_furniture(tmp_path, run):
    docs = _corpus()
    corpus = _write_jsonl(tmp_path / "pages.jsonl", docs)
    result = run("suggest", str(corpus), "--out", "site-rules.yaml",
                 "--near-duplicates", "dups.jsonl")
    assert result.exit_code == 0, result.output
    assert "2 site(s)" in result.output
    dups = [json.loads(line) for line in (tmp_path / "dups.jsonl").read_text().splitlines()]
    assert {"text": SYNDICATED, "documents": 8, "sites": 2} in dups
    tested = run("rules", "test", "--no-default-rules", "site-rules.yaml")
    assert tested.exit_code == 0, tested.output
    assert " 0 failed" in tested.output
    fixed = run("fix", str(corpus), "--no-default-rules", "--rules", "site-rules.yaml",
                "--unsafe-fixes", "--out", "clean.jsonl")
    assert fixed.exit_code == 0, fixed.output
    out = [json.loads(line) for line in (tmp_path / "clean.jsonl").read_text().splitlines()]
    furniture = regex.compile(r"(?m)^(Harbour Times \||Read more from|ADVERTISEMENT|Valley Post "
                              r"Morning|Image \d+ of)")
    for before, after in zip(docs, out, strict=True):
        assert not furniture.search(after["text"]), after["text"]
        article = [ln for ln in before["text"].split("\n\n") if not furniture.match(ln)]
        assert after["text"].split("\n\n") == article


def test_syndicated_prose_is_reported_never_proposed(tmp_path):
    proposals = _propose(_corpus(), max_words=40)  # long enough to be counted as a line
    text = proposals.to_yaml()
    assert "coastal rail operator" not in text.split("examples:")[0]
    _, rules = _rules_of(tmp_path, proposals)
    for rule in rules.all_rules:
        assert not textclean.check_text(SYNDICATED, [rule], url="https://harbourtimes.example/x")
    assert any("coastal rail operator" in d.text for d in proposals.near_duplicates)


def test_long_repeated_lines_are_near_duplicates_across_sites():
    proposals = _propose(_corpus())
    [dup] = [d for d in proposals.near_duplicates if "coastal rail" in d.text]
    assert dup.docs == 8 and dup.groups == 2


def test_rare_lines_and_small_sites_are_not_proposed():
    rng = random.Random(5)
    docs = [{"url": "https://tiny.example/1", "text": "Tiny Site\n\n" + _sentence(rng)},
            {"url": "https://tiny.example/2", "text": "Tiny Site\n\n" + _sentence(rng)}]
    docs += [{"url": f"https://big.example/{i}",
              "text": ("Once only\n\n" if i == 0 else "") + "\n\n".join(_article(rng))}
             for i in range(10)]
    assert _propose(docs).rules == []


def test_every_rule_has_a_checked_negative_example(tmp_path):
    _, rules = _rules_of(tmp_path, _propose(_corpus()))
    for rule in rules.all_rules:
        assert any(ex.finds == [] for ex in rule.spec.examples)
        assert any(ex.finds for ex in rule.spec.examples)
    for case in example_cases(rules.all_rules):
        run_example(case)


def test_same_input_gives_the_same_file():
    assert _propose(_corpus()).to_yaml() == _propose(_corpus()).to_yaml()


def test_memory_stays_bounded_and_frequent_furniture_survives():
    rng = random.Random(9)
    miner = Miner(SuggestOptions(max_entries=500))
    for i in range(300):
        text = "\n\n".join(["Lantern Post front page", *_article(rng, 6), "Share this story"])
        miner.add(text, "lanternpost.example", f"https://lanternpost.example/{i}")
        assert len(miner.keys) <= 500
    assert miner.prunes > 0
    phrases = [p for rule in miner.propose().rules for p in rule.get("phrases", [])]
    assert sorted(phrases) == ["Lantern Post front page", "Share this story"]


def test_groups_by_folder_field_and_url(tmp_path, run):
    rng = random.Random(2)
    for site in ("alpha", "beta"):
        folder = tmp_path / "pages" / site
        folder.mkdir(parents=True)
        for i in range(5):
            body = "\n\n".join([f"{site.title()} Weekly", *_article(rng, 5)])
            (folder / f"{i}.txt").write_text(body, encoding="utf-8")
    proposals = suggest_paths([str(tmp_path / "pages")])
    names = sorted(rule["name"] for rule in proposals.rules)
    assert names == ["folder-alpha-head-furniture", "folder-beta-head-furniture"]
    assert all("applies_to" not in rule for rule in proposals.rules)

    doc = textclean.Document("x", "t", {"url": "https://www.news.example/a",
                                        "record": {"site": "One", "domain": "d.example"}})
    assert group_of(doc, None, None) == "news.example"
    assert group_of(doc, None, "site") == "field:One"
    assert group_of(doc, None, "domain") == "d.example"
    no_url = textclean.Document("y", "t", {"url": None, "record": {"domain": "www.d.example"}})
    assert group_of(no_url, None, None) == "d.example"


def test_bad_code_prefix_is_a_usage_error(tmp_path, run):
    corpus = _write_jsonl(tmp_path / "pages.jsonl", _corpus(pages=3))
    result = run("suggest", str(corpus), "--code-prefix", "st1")
    assert result.exit_code == 2


def test_benchmark_corpus_meets_the_targets(tmp_path):
    """The numbers of benchmarks/suggest.py: >= 90% of injected lines, <= 0.5% of article lines."""
    from benchmarks import suggest as bench

    pages = bench.build_corpus(shared_path("data", "article-benchmark", "truth.jsonl"))
    assert len({p.site for p in pages}) >= 10
    path = tmp_path / "rules.yaml"
    path.write_text(bench.mine(pages, SuggestOptions()), encoding="utf-8")
    result = bench.evaluate(pages, path)
    assert result["injected_removed"] >= 0.9 * result["injected"]
    assert result["article_removed"] <= 0.005 * result["article"]
    # The same pages without furniture: nothing in the real article text looks like it.
    clean = bench.build_corpus(shared_path("data", "article-benchmark", "truth.jsonl"), inject=False)
    assert "- code:" not in bench.mine(clean, SuggestOptions())


def test_a_line_at_either_edge_gets_an_edges_rule(tmp_path):
    rng = random.Random(4)
    docs = []
    for i in range(8):
        body = _article(rng)
        lines = ["Print this page", *body] if i % 2 else [*body, "Print this page"]
        docs.append({"url": f"https://edgy.example/{i}", "text": "\n\n".join(lines)})
    _, rules = _rules_of(tmp_path, _propose(docs))
    [rule] = rules.all_rules
    assert rule.spec.position == "edges" and rule.spec.phrases == ["Print this page"]


def test_rule_file_goes_to_standard_output_without_out(tmp_path, run):
    corpus = _write_jsonl(tmp_path / "pages.jsonl", _corpus(pages=6))
    result = run("suggest", str(corpus), "--code-prefix", "HT")
    assert result.exit_code == 0
    assert "code: HT001" in result.output


def test_group_field_of_parquet_rows(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rng = random.Random(6)
    texts = ["\n\n".join(["Masthead of the week", *_article(rng, 4)]) for _ in range(6)]
    sites = ["one", "one", "one", "two", "two", "two"]
    pq.write_table(pa.table({"id": [str(i) for i in range(6)], "text": texts, "site": sites}),
                   tmp_path / "pages.parquet")
    proposals = suggest_paths([str(tmp_path / "pages.parquet")], SuggestOptions(group_field="site"))
    assert sorted(rule["name"] for rule in proposals.rules) == ["field-one-head-furniture",
                                                                "field-two-head-furniture"]
    assert all("applies_to" not in rule for rule in proposals.rules)


def _versions_corpus(seed: int = 5):
    """Issue 16, item 9: six extractor versions of each of five one-page sites (an article
    benchmark's shape), plus one site with eight different pages that share furniture."""
    rng = random.Random(seed)
    docs, article_lines = [], []
    for page in range(5):
        site = f"page{page}.example"
        title = f"The {rng.choice(NOUNS)} of {rng.choice(NOUNS)} reopens {rng.choice(PLACES)}"
        subheads = [f"Why the {rng.choice(NOUNS)} matters", f"What {rng.choice(NOUNS)} owners say"]
        caption = f"Volunteers at the {rng.choice(NOUNS)} in {2000 + page}"
        prose = [" ".join(_article(rng, 3)) for _ in range(5)]
        article_lines += [title, *subheads, caption]
        for version in range(6):
            kept = [p for i, p in enumerate(prose) if i != version % 5]
            lines = [title, caption, kept[0], subheads[0], kept[1], kept[2], subheads[1], kept[3]]
            if version % 2:
                lines = lines[1:]  # this extractor misses the title
            docs.append({"id": f"{site}-v{version}", "url": f"https://{site}/story",
                         "text": "\n\n".join(lines)})
    for i in range(8):
        lines = ["Valley Post Morning Edition", *_article(rng, 6), "Share this story"]
        for version in range(2):
            docs.append({"id": f"valley-{i}-v{version}", "url": f"https://valleypost.example/{i}",
                         "text": "\n\n".join(lines if version == 0 else lines[:-1])})
    return docs, article_lines


def test_versions_of_one_page_count_once():
    pytest.importorskip("datasketch")
    docs, article_lines = _versions_corpus()
    proposals = _propose(docs)
    proposed = [c for cands in proposals.candidates for c in cands]
    for line in article_lines:
        assert not any(regex.search(c.value, line) if c.kind != "exact" else c.value == line
                       for c in proposed), line
    phrases = {c.value for c in proposed if c.kind == "exact"}
    assert {"Valley Post Morning Edition", "Share this story"} <= phrases
    assert proposals.copies == 5 * 5 + 8  # every version after the first of a page
