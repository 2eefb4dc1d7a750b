"""`--jobs N`: the same output and report as one process, in input order, with bounded read-ahead."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import textclean
from tests.conftest import EXAMPLES
from textclean.cli import main
from textclean.model import Document
from textclean.run.parallel import ProcessMapper, default_jobs
from textclean.run.runner import Collaborators, FixOutput, RunOptions, check_paths, fix_paths

# Report fields that differ between any two runs (when, how long), not between job counts.
_VOLATILE = ("started", "finished", "elapsed", "duration", "seconds", "created")


def _stable(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in _VOLATILE}


def _records(n: int) -> list[dict[str, object]]:
    """Records with something to fix in most of them, a few broken ones and long ones."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((EXAMPLES / "articles").glob("*.txt"))]
    out: list[dict[str, object]] = []
    for i in range(n):
        text = texts[i % len(texts)]
        if i % 5 == 0:
            text = f"Tom &amp; Jerry, take {i}\n\nRead more from Europe\n" + text
        out.append({"id": f"r{i}", "url": f"https://example.org/{i}", "text": text})
    return out


@pytest.fixture
def corpus(tmp_path):
    lines = [json.dumps(r, ensure_ascii=False) for r in _records(90)]
    lines.insert(17, "{not json")  # quarantined, in place
    lines.insert(40, json.dumps({"id": "no-text"}))
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copytree(EXAMPLES / "articles", tmp_path / "articles")
    return tmp_path


def _run(tmp_path, *args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_fix_with_jobs_writes_and_reports_what_one_process_does(corpus, monkeypatch, jobs):
    monkeypatch.chdir(corpus)
    one = _run(corpus, "fix", "in.jsonl", "articles", "--out", "one", "--report", "one.json")
    many = _run(corpus, "fix", "in.jsonl", "articles", "--out", "many", "--report", "many.json",
                "--jobs", jobs)
    assert one.exit_code == many.exit_code == 1  # quarantined records
    # remaining findings name the file they are in, under --out (and the note names the
    # quarantine file beside it)
    assert one.output.replace("one/", "many/").replace("one.quarantine", "many.quarantine") == many.output
    for path in sorted((corpus / "one").rglob("*")):
        if path.is_file():
            twin = corpus / "many" / path.relative_to(corpus / "one")
            assert twin.read_bytes() == path.read_bytes(), path.name
    assert (corpus / "one.quarantine.jsonl").read_bytes() == (corpus / "many.quarantine.jsonl").read_bytes()
    first = json.loads((corpus / "one.json").read_text().replace('"one/', '"many/'))
    second = json.loads((corpus / "many.json").read_text())
    assert _stable(first) == _stable(second)
    assert first["documents"] and [d["id"] for d in first["documents"]] == [d["id"] for d in second["documents"]]


def test_check_with_jobs_reports_what_one_process_does(corpus, monkeypatch):
    monkeypatch.chdir(corpus)
    one = _run(corpus, "check", "in.jsonl", "--format", "json", "-o", "one.json")
    many = _run(corpus, "check", "in.jsonl", "--format", "json", "-o", "many.json", "--jobs", "2")
    assert one.exit_code == many.exit_code
    assert _stable(json.loads((corpus / "one.json").read_text())) == _stable(
        json.loads((corpus / "many.json").read_text())
    )


@pytest.mark.parametrize("threads", [False, True], ids=["processes", "threads"])
def test_small_batches_keep_order(corpus, monkeypatch, threads):
    """Many small batches, a narrow window: results still come back in input order, from
    worker processes and from threads alike."""
    monkeypatch.chdir(corpus)
    rules = textclean.load_rules().rules
    (corpus / "a").mkdir()
    (corpus / "b").mkdir()
    plain = fix_paths(["in.jsonl"], rules, RunOptions(), FixOutput(out=Path("a/out.jsonl")))
    mapper = ProcessMapper(2, batch_docs=3, window=2, threads=threads)
    mapped = fix_paths(["in.jsonl"], rules, RunOptions(), FixOutput(out=Path("b/out.jsonl")),
                       Collaborators(mapper=mapper))
    assert (corpus / "a/out.jsonl").read_bytes() == (corpus / "b/out.jsonl").read_bytes()
    # remaining findings name the output they are in: a/ and b/
    first = json.loads(json.dumps(plain.to_dict()).replace('"a/out', '"b/out'))
    assert _stable(first) == _stable(json.loads(json.dumps(mapped.to_dict())))
    mapper = ProcessMapper(2, batch_docs=4, threads=threads)
    checked = check_paths(["in.jsonl"], rules, RunOptions(), Collaborators(mapper=mapper))
    assert _stable(checked.to_dict()) == _stable(check_paths(["in.jsonl"], rules, RunOptions()).to_dict())


def test_read_ahead_is_bounded():
    """The mapper pulls at most `window` batches ahead of what it has handed back."""
    pulled = 0

    def docs():
        nonlocal pulled
        for i in range(200):
            pulled += 1
            yield Document(f"d{i}", f"Line {i} &amp; more.\n")

    mapper = ProcessMapper(2, batch_docs=5, window=3)
    rules = textclean.load_rules(select=["MK001"]).rules
    handed = 0
    for _ in mapper.check(docs(), rules, RunOptions()):
        handed += 1
        # window batches in flight, plus the batch being filled
        assert pulled - handed <= (3 + 1) * 5
    assert handed == pulled == 200


def test_jobs_zero_means_every_cpu_and_scheduler_excludes_jobs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert default_jobs() >= 1
    (tmp_path / "a.txt").write_text("Tom &amp; Jerry\n")
    result = _run(tmp_path, "check", "a.txt", "--jobs", "0")
    assert result.exit_code == 1 and "MK001" in result.output
    clash = CliRunner().invoke(main, ["check", "a.txt", "--jobs", "2", "--scheduler", "tcp://x:1"])
    assert clash.exit_code == 2 and "--jobs" in clash.output


def test_mapper_rejects_no_jobs():
    with pytest.raises(ValueError):
        ProcessMapper(0)


@pytest.mark.parametrize("lexicon", ["off", "en"])
def test_jobs_threads_keep_the_runs_lexicon_setting(tmp_path, monkeypatch, lexicon):
    """`--lexicon` is a context variable of the run: each thread's batch runs in a copy of
    the main thread's context, so a split the lexicon decides comes out as with one thread."""
    monkeypatch.chdir(tmp_path)
    text = ("The harbour com-\nmunity met on the quay at dawn to talk about the ferries and "
            "the tide tables for the coming week.\n")
    records = [{"id": f"d{i}", "text": text} for i in range(24)]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    outs = []
    for jobs in ("1", "2"):
        _run(tmp_path, "fix", "in.jsonl", "--out", f"out{jobs}.jsonl", "--lexicon", lexicon, "--jobs", jobs)
        outs.append([json.loads(line)["text"] for line in (tmp_path / f"out{jobs}.jsonl").read_text().splitlines()])
    assert outs[0] == outs[1]
    joined = all("community" in t for t in outs[0])
    assert joined == (lexicon == "en")
