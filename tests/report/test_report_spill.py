"""A long run's report keeps only the last documents in memory; the rest wait on disk.

Spilling must change nothing a user sees: the same JSON (rendered whole or streamed), the
same counts, the same merge, and a report that still crosses processes (Dask pickles it).
"""

from __future__ import annotations

import pickle

import pytest

from textclean.api import check_documents
from textclean.model import Level
from textclean.render import console
from textclean.render import json as json_render
from textclean.report import report as report_module
from textclean.report.verdict import evaluate

TEXTS = [
    ("a", "Advertisement\n\nThe ferry resumed its winter timetable on Monday.\n"),
    ("b", "Too short."),
    ("c", "A clean paragraph about the harbour, long enough to pass every document check we have "
          "in the default packs, with a full stop at the end of it and nothing else to report."),
    ("d", "Share this article\n\nCouncillors  agreed the budget.   \n\n\n\nMore later\n"),
    ("e", "The caf\u00c3\u00a9 opened at dawn.\n"),
] * 7


@pytest.fixture
def spill_every_three(monkeypatch):
    monkeypatch.setattr(report_module, "SPILL_AT", 3)


def test_spilled_report_renders_the_same_json(spill_every_three):
    spilled = check_documents(TEXTS)
    assert spilled._spilled is not None and len(spilled.entries) < 3
    with pytest.MonkeyPatch.context() as m:
        m.setattr(report_module, "SPILL_AT", 10**9)
        whole = check_documents(TEXTS)
    assert whole._spilled is None
    expected = json_render.render(whole).encode("utf-8")
    assert json_render.render(spilled).encode("utf-8") == expected
    assert b"".join(json_render.chunks(spilled)) == expected
    assert b"".join(json_render.chunks(whole)) == expected
    assert spilled.documents_with_findings == whole.documents_with_findings
    assert spilled.fixable == whole.fixable
    assert [e.id for e in spilled.all_entries()] == [e.id for e in whole.entries]


def test_spilled_report_pickles_and_merges(spill_every_three):
    spilled = check_documents(TEXTS)
    again = pickle.loads(pickle.dumps(spilled))
    assert b"".join(json_render.chunks(again)) == b"".join(json_render.chunks(spilled))
    merged = spilled + again
    assert merged.documents == 2 * spilled.documents
    assert [e.id for e in merged.all_entries()] == [e.id for e in spilled.all_entries()] * 2


def test_two_readers_of_the_spill_can_interleave(spill_every_three):
    spilled = check_documents(TEXTS)
    first, second = spilled.all_entries(), spilled.all_entries()
    pairs = list(zip(first, second, strict=True))
    assert pairs and all(a.id == b.id for a, b in pairs)


def test_an_empty_report_streams_as_it_renders():
    empty = check_documents([])
    assert b"".join(json_render.chunks(empty)) == json_render.render(empty).encode("utf-8")


def test_spilled_report_prints_the_same_text(spill_every_three):
    spilled = check_documents(TEXTS)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(report_module, "SPILL_AT", 10**9)
        whole = check_documents(TEXTS)
    lines = console.render(whole).splitlines()
    assert len(lines) > len(TEXTS) and lines[-1] == console.summary(whole)  # a line per finding
    assert "".join(console.chunks(spilled)) == console.render(whole)
    assert len(list(console.chunks(spilled))) == whole.documents_with_findings + 1  # + summary


def test_cli_text_report_is_streamed_the_same_to_stdout_and_to_a_file(run, tmp_path, monkeypatch):
    monkeypatch.setattr(report_module, "SPILL_AT", 3)
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in TEXTS[:10]:
        (folder / f"{name}{len(list(folder.iterdir()))}.txt").write_text(text)
    printed = run("check", str(folder), "--output-text", str(tmp_path / "r.txt"))
    written = (tmp_path / "r.txt").read_text()
    assert printed.output == written and written.endswith(".\n") and written.count("\n") > 10


def test_spilled_batches_are_counted_without_being_read(spill_every_three, monkeypatch):
    spilled = check_documents(TEXTS)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(report_module, "SPILL_AT", 10**9)
        whole = check_documents(TEXTS)
    assert spilled.tally() == whole.tally() == report_module.Tally.of(whole.entries)
    tally = whole.tally()
    assert tally.with_remaining == sum(1 for e in whole.entries if e.remaining) > 0
    assert tally.fixable == sum(f.safety in ("safe", "unsafe") for e in whole.entries for f in e.remaining) > 0
    assert tally.lines == sum(len(console.finding_lines(e)) for e in whole.entries)
    # The summary, the counts and the exit verdict read no spilled document back.
    monkeypatch.setattr(report_module.pickle, "load", lambda *a, **k: pytest.fail("read back"))
    assert console.summary(spilled) == console.summary(whole)
    assert (spilled.documents_with_findings, spilled.document_errors, spilled.fixable) == (
        whole.documents_with_findings, whole.document_errors, whole.fixable)
    assert evaluate(spilled, Level.INFO) == evaluate(whole, Level.INFO)


@pytest.mark.parametrize("limit", [0, 1, 4, 9, 40])
def test_a_listing_cut_at_a_screenful_counts_the_rest_from_the_tallies(spill_every_three, limit):
    spilled = check_documents(TEXTS)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(report_module, "SPILL_AT", 10**9)
        whole = check_documents(TEXTS)
    expected = "".join(console.chunks(whole, limit, "see the report"))
    assert "".join(console.chunks(spilled, limit, "see the report")) == expected
    if limit < 9:
        assert "more finding line" in expected


def test_the_verdict_without_shares_counts_what_a_document_walk_counts():
    report = check_documents(TEXTS)
    for level in (Level.INFO, Level.WARNING, Level.ERROR):
        walked = sum(
            1 for e in report.all_entries() for f in e.remaining if f.level.rank >= level.rank
        )
        assert evaluate(report, level).failing == walked
    assert evaluate(report, Level.INFO).failing > evaluate(report, Level.ERROR).failing


def test_a_report_spills_when_what_it_holds_comes_to_spill_bytes(monkeypatch):
    with pytest.MonkeyPatch.context() as m:
        m.setattr(report_module, "SPILL_BYTES", 10**12)
        whole = check_documents(TEXTS)
    assert len(list(whole.batches())) == 1  # nothing spilled: only the documents in memory
    # A few documents' worth, written in batches of two.
    monkeypatch.setattr(report_module, "SPILL_BYTES", 6_000)
    monkeypatch.setattr(report_module, "SPILL_BATCH", 2)
    spilled = check_documents(TEXTS)
    sizes = [len(read()) for _tally, read in spilled.batches()]
    assert len(sizes) > 3 and max(sizes[:-1]) <= 2
    assert sum(sizes) == len(whole.entries)
    assert b"".join(json_render.chunks(spilled)) == json_render.render(whole).encode("utf-8")
    assert spilled.tally() == whole.tally()


def test_a_merged_report_counts_what_its_documents_hold(monkeypatch):
    monkeypatch.setattr(report_module, "SPILL_BYTES", 10**12)
    one = check_documents(TEXTS)
    merged = one + one
    # More than one document's worth, less than what the merged report holds: the next
    # document spills them all.
    monkeypatch.setattr(report_module, "SPILL_BYTES", 10_000)
    merged.add(one.entries[0])
    assert len(list(merged.batches())) > 1
    assert [e.id for e in merged.all_entries()] == [e.id for e in one.entries] * 2 + [one.entries[0].id]
