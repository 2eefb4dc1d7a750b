"""Near-duplicate groups: the index, the report's `dups` section, `check --near-duplicates`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import shared_path
from textclean.corpus.dups import (
    DuplicateGroup,
    NearDuplicateIndex,
    NearDuplicates,
    find_near_duplicates,
    iter_pairs,
    shingles,
)
from textclean.render import RENDERERS
from textclean.report.report import Report
from textclean.run.runner import RunOptions, check_paths

pytest.importorskip("datasketch")

# Invented text: a short report about a village library, in three versions, and others.
LIBRARY = (
    "The village library in Norrholm reopened on Saturday after a year of repairs to its roof. "
    "Volunteers carried back four thousand books in wooden crates, and the mayor cut a ribbon "
    "made from old catalogue cards. The reading room now has a ramp, new lamps and a corner "
    "for children, who were promised a story hour every Thursday afternoon. The librarian said "
    "the repairs cost less than planned because local carpenters worked for free on weekends."
)
LIBRARY_SCRAPED = (
    "Norrholm library reopens\n\nBy Staff\n\n" + LIBRARY.replace("four thousand", "4,000")
    + "\n\nShare this article\nSign up for our newsletter"
)
LIBRARY_SHORT = LIBRARY.rsplit(". ", 2)[0] + "."
OTHERS = [
    "Heavy rain flooded the lower town overnight, and the ferry to the islands stayed in port "
    "while engineers checked the pier for damage after the storm.",
    "A chess club for pensioners meets in the old station building, where the heating works "
    "only on Tuesdays and the tea is always too strong for most members.",
    "The council voted to paint the water tower blue, ending a debate that lasted three "
    "winters and filled more pages of the local paper than the election did.",
]


def test_shingles_ignore_case_and_punctuation():
    assert shingles("Five-point plan, agreed!") == shingles("five point PLAN agreed")
    assert shingles("") == set()
    assert shingles("two words") == {b"two words"}


def test_versions_of_one_text_group_and_others_do_not():
    docs = [("a", LIBRARY), ("x", OTHERS[0]), ("b", LIBRARY_SCRAPED), ("y", OTHERS[1]),
            ("c", LIBRARY_SHORT), ("z", OTHERS[2])]
    result = find_near_duplicates(docs)
    assert [g.documents for g in result.groups] == [("a", "b", "c")]
    assert result.documents == 6 and result.grouped_documents == 3
    assert 0.3 <= result.groups[0].similarity <= 1.0


def test_empty_documents_are_never_grouped():
    result = find_near_duplicates([("a", ""), ("b", "   \n"), ("c", "!!"), ("d", "")])
    assert result.groups == () and result.documents == 4


def test_a_weak_bridge_does_not_chain_two_groups():
    # b shares a's first half and c's second half; a and c share little directly. Plain
    # single linkage would put all three in one group through b.
    half = len(LIBRARY) // 2
    a = LIBRARY[:half] + " " + OTHERS[0]
    c = OTHERS[1] + " " + LIBRARY[half:]
    docs = [("a", a), ("c", c), ("b", LIBRARY)]
    assert find_near_duplicates([("a", a), ("c", c)], 0.25).groups == ()
    [group] = find_near_duplicates(docs, 0.25).groups
    assert group.documents in (("a", "b"), ("c", "b"))
    chained = NearDuplicateIndex(0.25, bridge_threshold=0.25)
    for doc_id, text in docs:
        chained.add(doc_id, text)
    assert [g.documents for g in chained.result().groups] == [("a", "c", "b")]


def test_a_strong_bridge_joins_two_groups():
    words = LIBRARY.split()
    a = " ".join(words[: len(words) * 2 // 3])  # the first two thirds
    c = " ".join(words[len(words) // 3 :])  # the last two thirds
    assert find_near_duplicates([("a", a), ("c", c)], 0.4).groups == ()
    result = find_near_duplicates([("a", a), ("c", c), ("b", LIBRARY)], 0.4)
    assert [g.documents for g in result.groups] == [("a", "c", "b")]


def test_a_higher_threshold_separates_looser_versions():
    docs = [("a", LIBRARY), ("b", LIBRARY_SCRAPED)]
    loose, strict = find_near_duplicates(docs, 0.3), find_near_duplicates(docs, 0.95)
    assert loose.groups and not strict.groups


def test_threshold_is_checked():
    with pytest.raises(ValueError):
        NearDuplicateIndex(0)


def test_iter_pairs():
    groups = [DuplicateGroup(("a", "b", "c"), 0.5), DuplicateGroup(("d", "e"), 0.9)]
    assert list(iter_pairs(groups)) == [("a", "b"), ("a", "c"), ("b", "c"), ("d", "e")]


def test_seeds_form_one_group(seeds_dir):
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))]
    result = find_near_duplicates(docs)
    assert [g.documents for g in result.groups] == [tuple(name for name, _ in docs)]


def test_truth_articles_do_not_group_but_the_seeds_among_them_do(seeds_dir):
    path = shared_path("data", "article-benchmark", "truth.jsonl")
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    seeds = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))]
    docs = [(r["id"], r["truth"]) for r in rows[:90]] + seeds + [(r["id"], r["truth"]) for r in rows[90:]]
    result = find_near_duplicates(docs)
    assert len(rows) == 181
    assert [g.documents for g in result.groups] == [tuple(name for name, _ in seeds)]


def test_report_round_trip_and_merge():
    dups = find_near_duplicates([("a", LIBRARY), ("b", LIBRARY_SCRAPED), ("x", OTHERS[0])])
    report = Report(documents=3, dups=dups)
    data = json.loads(RENDERERS["json"](report))
    assert data["dups"]["groups"] == [{"documents": ["a", "b"], "similarity": dups.groups[0].similarity}]
    assert Report.from_dict(data).dups == dups
    other = Report(documents=1, dups=NearDuplicates(0.3, 1))
    merged = report + other
    assert merged.dups is not None and merged.dups.documents == 4 and merged.dups.groups == dups.groups
    assert (Report(documents=1) + report).dups == dups
    assert "dups" not in Report(documents=1).to_dict()


def _library_files(folder: Path) -> None:
    folder.mkdir()
    (folder / "a.txt").write_text(LIBRARY + "\n", encoding="utf-8")
    (folder / "b.txt").write_text(LIBRARY_SCRAPED + "\n", encoding="utf-8")
    (folder / "other.txt").write_text(OTHERS[2] + "\n", encoding="utf-8")


def test_check_paths_fills_the_dups_section(tmp_path, default_rules, monkeypatch):
    _library_files(tmp_path / "news")
    monkeypatch.chdir(tmp_path)
    report = check_paths(["news"], default_rules.rules, RunOptions(), near_duplicates=NearDuplicateIndex())
    assert report.dups is not None
    assert [g.documents for g in report.dups.groups] == [("news/a.txt", "news/b.txt")]
    assert check_paths(["news"], default_rules.rules, RunOptions()).dups is None


def test_cli_near_duplicates_in_every_format(run, tmp_path):
    _library_files(tmp_path / "news")
    plain = run("check", "news")
    result = run("check", "news", "--near-duplicates")
    assert result.exit_code == plain.exit_code  # groups are information, not failures
    assert "near-duplicates: 1 group of 2 of 3 documents (threshold 0.3)" in result.output
    assert "news/a.txt, news/b.txt" in result.output
    assert "near-duplicates" not in plain.output

    data = json.loads(run("check", "news", "--near-duplicates", "--format", "json").output)
    assert [g["documents"] for g in data["dups"]["groups"]] == [["news/a.txt", "news/b.txt"]]
    strict = json.loads(run("check", "news", "--near-duplicate-threshold", "0.99", "--format", "json").output)
    assert strict["dups"]["groups"] == [] and strict["dups"]["threshold"] == 0.99

    markdown = run("check", "news", "--near-duplicates", "--format", "markdown").output
    assert "### Near-duplicate groups" in markdown and "| 1 | 2 |" in markdown
    page = run("check", "news", "--near-duplicates", "--format", "html").output
    assert 'id="dups"' in page and "news/a.txt, news/b.txt" in page
    github = run("check", "news", "--near-duplicates", "--format", "github").output
    assert "::notice title=textclean near-duplicates::1 near-duplicate group(s): news/a.txt, news/b.txt" in github
    junit = ET.fromstring(run("check", "news", "--near-duplicates", "--format", "junit").output)
    suite = junit.find("testsuite[@name='textclean.dups']")
    assert suite is not None and suite.get("tests") == "1" and suite.get("failures") == "0"
    assert suite.find("testcase/system-out").text.endswith("news/a.txt\nnews/b.txt")
    sarif = json.loads(run("check", "news", "--near-duplicates", "--format", "sarif").output)
    assert sarif["runs"][0]["properties"]["nearDuplicates"]["groups"][0]["documents"] == [
        "news/a.txt", "news/b.txt"]


def test_sarif_with_dups_validates(tmp_path, default_rules, monkeypatch):
    jsonschema = pytest.importorskip("jsonschema")
    from textclean.render import sarif

    schema = json.loads((Path(sarif.__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())
    _library_files(tmp_path / "news")
    monkeypatch.chdir(tmp_path)
    report = check_paths(["news"], default_rules.rules, RunOptions(), near_duplicates=NearDuplicateIndex())
    jsonschema.validate(json.loads(sarif.render(report)), schema)


def test_saved_report_renders_its_dups_again(run, tmp_path):
    _library_files(tmp_path / "news")
    run("check", "news", "--near-duplicates", "--output-json", "r.json")
    result = run("report", "r.json", "--format", "text")
    assert "group 1 (similarity" in result.output and "news/a.txt, news/b.txt" in result.output


def test_without_datasketch_the_error_names_the_extra(tmp_path):
    """A machine without the dups extra gets exit 2 and the pip command, not a traceback."""
    import subprocess
    import sys
    import textwrap

    (tmp_path / "a.txt").write_text(LIBRARY + "\n", encoding="utf-8")
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent("""
        import importlib.abc, sys

        class _Blocker(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("datasketch", "numpy", "scipy"):
                    raise ImportError(f"{name} is blocked for this test")
                return None

        sys.meta_path.insert(0, _Blocker())
        from textclean.cli import main
        sys.argv = ["textclean", "check", "a.txt", "--near-duplicates"]
        main()
    """))
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "pip install 'textclean[dups]'" in result.stderr
