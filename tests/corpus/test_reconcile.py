"""`fix --reconcile`: versions of one text repair each other, with the evidence recorded."""

from __future__ import annotations

import json
import shutil

import pytest

import textclean
from textclean import api
from textclean.corpus.reconcile import LOST_HYPHEN, MOJIBAKE_SPAN, SLID_QUOTE, Reconciler
from textclean.model import Document

pytest.importorskip("datasketch")

SEED_A = "000_29d5cf485a902b9e.txt"
SEED_B = "001_b8b41c24772250aa.txt"

# Invented: one short notice, told twice; the second paragraph carries the damage under test.
OPENING = (
    "The county fair opened on Friday with a parade of tractors, a brass band from the "
    "mill town and more stalls than the showground has held since it was built.\n\n"
)
CLOSING = (
    "\n\nOrganisers expect about twenty thousand visitors over the weekend, weather "
    "permitting, and have added a second car park beside the river for the crowds."
)


def _version(middle: str) -> str:
    return OPENING + middle + CLOSING


def _fixed(docs, rules):
    reconciler = Reconciler.from_documents(docs)
    return {d.id: reconciler.fix_document(d, rules.rules) for d in docs}, reconciler


def _records(report, rule):
    return [f for f in report.findings if f.rule == rule]


def test_lost_hyphen_is_restored_from_the_other_version(default_rules):
    a = Document("a", _version("Judges used a threepoint scale for the pies this year."))
    b = Document("b", _version("Judges used a three-point scale for the pies this year."))
    # The document alone has no evidence, so the rules leave it (SW004 needs the hyphenated
    # form in the same document).
    alone, _ = api.fix_document(a, default_rules.rules)
    assert "threepoint" in alone
    fixed, reconciler = _fixed([a, b], default_rules)
    text, report = fixed["a"]
    assert "three-point scale" in text and "threepoint" not in text
    [record] = _records(report, LOST_HYPHEN)
    assert record.fixed and record.pass_no == 1 and record.excerpt == "threepoint"
    assert "as b: “" in record.message and "three-point scale" in record.message
    assert fixed["b"][0] == api.fix_document(b, default_rules.rules)[0]  # b had nothing to take
    assert [g.documents for g in reconciler.groups.groups] == [("a", "b")]


def test_mojibake_span_is_replaced_from_the_other_version(default_rules):
    a = Document("a", _version("Stalls sold jam, cider and the baker’s famous crème buns."))
    b = Document("b", _version("Stalls sold jam, cider and the bakerâ€™s famous crème buns."))
    fixed, _ = _fixed([a, b], default_rules)
    text, report = fixed["b"]
    assert "baker’s famous crème buns" in text
    [record] = _records(report, MOJIBAKE_SPAN)
    assert record.excerpt == "â€™" and "as a: “" in record.message
    assert _records(fixed["a"][1], MOJIBAKE_SPAN) == []


def test_slid_quote_is_moved_back(default_rules):
    a = Document("a", _version("'Best in show'\n\nThe prize went to a goat named Clover again."))
    b = Document("b", _version("Best in show'\n\n'The prize went to a goat named Clover again."))
    fixed, _ = _fixed([a, b], default_rules)
    text, report = fixed["b"]
    assert "'Best in show'\n\nThe prize went" in text
    [record] = _records(report, SLID_QUOTE)
    assert record.fixed and [(e.start, e.end, e.replacement) for e in record.edits] == [
        (len(OPENING), len(OPENING), "'"),
        (b.text.index("'The prize"), b.text.index("'The prize") + 1, ""),
    ]


def test_spelling_dash_and_wording_variants_are_left_alone(default_rules):
    a = Document("a", _version("The mayor praised the organisers — and the colour of the tents."))
    b = Document("b", _version("The mayor praised the organizers -- and the color of the big tents."))
    fixed, _ = _fixed([a, b], default_rules)
    for doc in (a, b):
        text, report = fixed[doc.id]
        assert not [f for f in report.findings if f.rule.startswith("RC")]
        assert text == api.fix_document(doc, default_rules.rules)[0]


@pytest.mark.parametrize(
    ("here", "there"),
    [
        # inside a URL: an address is never rewritten on another version's say-so
        ("More on the plan at example.org/fivepoint/plan this year.",
         "More on the plan at example.org/five-point/plan this year."),
        # a space against a hyphen may be either spelling: not evidence of damage
        ("The well known baker won again this year.", "The well-known baker won again this year."),
    ],
)
def test_hyphens_that_are_not_evidence(default_rules, here, there):
    a = Document("a", _version(here))
    b = Document("b", _version(there))
    fixed, reconciler = _fixed([a, b], default_rules)
    assert reconciler.groups.groups  # the versions are grouped; the hyphen is just not taken
    assert _records(fixed["a"][1], LOST_HYPHEN) == []


def test_conflicting_versions_change_nothing(default_rules):
    a = Document("a", _version("Judges used a threepoint scale for the pies this year."))
    b = Document("b", _version("Judges used a three-point scale for the pies this year."))
    c = Document("c", _version("Judges used a threep-oint scale for the pies this year."))
    fixed, reconciler = _fixed([a, b, c], default_rules)
    assert [g.documents for g in reconciler.groups.groups] == [("a", "b", "c")]
    assert _records(fixed["a"][1], LOST_HYPHEN) == []


def test_a_document_without_versions_is_fixed_as_usual(default_rules):
    lone = Document("x", "A fivepoint plan. The five-point plan failed.\n\n\n\nEnd.")
    reconciler = Reconciler.from_documents([lone])
    assert reconciler.fix_document(lone, default_rules.rules) == api.fix_document(
        lone, default_rules.rules)


@pytest.fixture
def seeds(seeds_dir, tmp_path):
    shutil.copytree(seeds_dir, tmp_path / "seeds")
    return tmp_path / "seeds"


def test_seeds_reconcile_fivepoint_and_leave_spelling(run, seeds, tmp_path):
    result = run("fix", "seeds", "--reconcile", "--out", "fixed", "--ledger", "ledger.jsonl",
                 "--report", "report.json")
    assert result.exit_code in (0, 1), result.output
    a = (tmp_path / "fixed" / SEED_A).read_text(encoding="utf-8")
    b = (tmp_path / "fixed" / SEED_B).read_text(encoding="utf-8")
    assert "fivepoint" not in a and a.count("five-point peace plan") == 2
    assert "stabilizing the situation" in a and "stabilising the situation" in b
    assert "it canceled the results" in a and "it cancelled the results" in b
    assert "Hun Sen — the current" in a and "Hun Sen -- the current" in b
    assert "'Disappointed and disturbed'\n\nASEAN has been" in b

    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert [g["documents"] for g in report["dups"]["groups"]] == [[f"seeds/{SEED_A}", f"seeds/{SEED_B}"]]
    findings = {d["id"]: d["findings"] for d in report["documents"]}
    [hyphen] = [f for f in findings[f"seeds/{SEED_A}"] if f["rule"] == LOST_HYPHEN]
    assert hyphen["excerpt"] == "fivepoint" and hyphen["fix"]["applied"] and hyphen["fix"]["pass"] == 1
    assert f"seeds/{SEED_B}" in hyphen["message"] and "a five-point peace plan" in hyphen["message"]
    [quote] = [f for f in findings[f"seeds/{SEED_B}"] if f["rule"] == SLID_QUOTE]
    assert f"seeds/{SEED_A}" in quote["message"] and quote["line"] == 23
    assert {r["code"] for r in report["rules"]} >= {LOST_HYPHEN, MOJIBAKE_SPAN, SLID_QUOTE}

    ledger = [json.loads(line) for line in (tmp_path / "ledger.jsonl").read_text().splitlines()]
    rules = {e["rule"] for entry in ledger for e in entry["edits"]}
    assert {LOST_HYPHEN, SLID_QUOTE} <= rules
    undo = run("undo", "fixed", "--ledger", "ledger.jsonl", "--out", "restored")
    assert undo.exit_code == 0, undo.output
    for name in (SEED_A, SEED_B):
        assert (tmp_path / "restored" / name).read_bytes() == (seeds / name).read_bytes()

    again = run("fix", "fixed", "--reconcile", "--out", "twice", "--format", "json")
    assert json.loads(again.output)["summary"]["changed_documents"] == 0


def test_without_reconcile_the_seeds_get_no_rc_findings(run, seeds, tmp_path):
    run("fix", "seeds", "--out", "fixed", "--report", "report.json")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert "dups" not in report
    assert not [f for d in report["documents"] for f in d["findings"] if f["rule"].startswith("RC")]


def test_reconcile_usage_errors(run, seeds):
    assert run("fix", "-", "--reconcile", input="text").exit_code == 2
    assert run("fix", "seeds", "--reconcile", "--diff", "--jobs", "2").exit_code == 2


def test_the_reconciling_repairs_are_rule_files_with_codes_of_their_own():
    from textclean.corpus.reconcile import RULE_INFOS, SPECS

    assert set(SPECS) == {"lost-hyphen", "mojibake-span", "slid-quote"}
    codes = [r.code for r in RULE_INFOS]
    assert len(set(codes)) == 3 and not set(codes) & set(textclean.load_rules().codes)
    assert all(r.why and r.summary and r.safety == "safe" for r in RULE_INFOS)
