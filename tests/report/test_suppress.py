"""Suppressions: textclean-ignore.yaml, [[tool.textclean.suppress]], expiry, --suppress-field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from textclean.cli import main
from textclean.errors import ConfigError
from textclean.report.suppress import SuppressionExpired, check_expiry, load_file, parse_entry


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    (data / "archive").mkdir(parents=True)
    (data / "archive" / "old.txt").write_text("Old &amp; tired.\n", encoding="utf-8")
    (data / "new.txt").write_text("New &amp; shiny.\n", encoding="utf-8")
    return data


def test_sidecar_suppresses_by_glob_with_reason(corpus: Path) -> None:
    Path("textclean-ignore.yaml").write_text(
        "- document: 'data/archive/*'\n  rule: MK\n  reason: archived as scraped\n"
        "  expires: 2999-01-01\n", encoding="utf-8")
    code, out, _err = run("check", "data", "--select", "MK")
    assert code == 1
    assert "data/new.txt:1:5: MK001" in out and "old.txt" not in out.split("\n")[0]
    assert "1 suppressed" in out
    code, out, _err = run("check", "data", "--select", "MK", "--show-suppressed")
    assert "data/archive/old.txt:1:5: MK001 HTML entity left as literal text [suppressed: archived as scraped]" in out
    Path("textclean-ignore.yaml").write_text(
        "suppress:\n- document: 'data/*'\n  rule: '*'\n  reason: all of it\n", encoding="utf-8")
    assert run("check", "data", "--select", "MK")[0] == 0


def test_expired_suppression_fails_the_run_with_a_clear_message(corpus: Path) -> None:
    Path("textclean-ignore.yaml").write_text(
        "- document: 'data/archive/*'\n  rule: MK001\n  reason: archived as scraped\n"
        "  expires: 2020-01-31\n", encoding="utf-8")
    code, out, err = run("check", "data")
    assert code == 2
    assert out == ""
    assert "textclean-ignore.yaml:1: the suppression of MK001 in 'data/archive/*' expired on 2020-01-31" in err
    assert "renew `expires`" in err


def test_unused_suppression_is_warned_and_reported(corpus: Path) -> None:
    ignore = Path("rules-ignore.yaml")
    ignore.write_text("- document: 'data/new.txt'\n  rule: MK001\n  reason: r1\n"
                      "- document: 'nowhere/*'\n  rule: BP\n  reason: r2\n", encoding="utf-8")
    code, out, err = run("check", "data", "--select", "MK", "--suppressions", str(ignore),
                         "--output-json", "r.json", "--output-github", "gh.txt")
    assert code == 1
    assert "rules-ignore.yaml:4: suppression of BP in 'nowhere/*' matched nothing; remove it" in err
    report = json.loads(Path("r.json").read_text())
    assert report["summary"]["suppressed"] == 1
    assert [e["document"] for e in report["triage"]["unused_suppressions"]] == ["nowhere/*"]
    reasons = [f.get("reason") for d in report["documents"] for f in d["findings"]]
    assert "r1" in reasons


def test_fingerprint_narrows_a_suppression(corpus: Path) -> None:
    (corpus / "new.txt").write_text("New &amp; shiny.\nOther &amp; line.\n", encoding="utf-8")
    run("check", "data", "--select", "MK", "--output-json", "r.json")
    report = json.loads(Path("r.json").read_text())
    doc = next(d for d in report["documents"] if d["id"] == "data/new.txt")
    fp = doc["findings"][0]["fingerprint"]
    Path("textclean-ignore.yaml").write_text(
        f"- document: data/new.txt\n  rule: MK001\n  fingerprint: '{fp}'\n  reason: quoted\n",
        encoding="utf-8")
    code, out, _err = run("check", "data", "--select", "MK")
    assert "data/new.txt:2:7: MK001" in out and "data/new.txt:1:5" not in out
    assert "1 suppressed" in out


def test_config_table_and_suppress_field_for_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("textclean.toml").write_text(
        'suppress-field = "skip"\n[[suppress]]\ndocument = "r3"\nrule = "MK001"\n'
        'reason = "fixture"\nexpires = 2999-12-31\n', encoding="utf-8")
    rows = [{"id": "r1", "text": "A &amp; B", "skip": ["MK"]},
            {"id": "r2", "text": "C &amp; D", "skip": "WS,MK001"},
            {"id": "r3", "text": "E &amp; F"},
            {"id": "r4", "text": "G &amp; H"}]
    Path("d.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, out, _err = run("check", "d.jsonl", "--select", "MK", "--show-suppressed")
    assert code == 1
    assert "r1:1:3: MK001 HTML entity left as literal text [suppressed: record field 'skip']" in out
    assert "r3:1:3: MK001 HTML entity left as literal text [suppressed: fixture]" in out
    assert "3 suppressed" in out and "1 finding " in out


def test_parquet_rows_carry_their_own_codes(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table({"id": ["a", "b"], "text": ["A &amp; B", "C &amp; D"], "skip": [["MK001"], None]})
    pq.write_table(table, tmp_path / "d.parquet")
    code, out, _err = run("check", str(tmp_path / "d.parquet"), "--select", "MK", "--suppress-field", "skip")
    assert code == 1 and "b:1:3: MK001" in out and "a:1:3" not in out and "1 suppressed" in out


def test_entries_are_validated(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="needs `reason`"):
        parse_entry({"document": "a", "rule": "MK"}, "x")
    with pytest.raises(ConfigError, match="unknown key"):
        parse_entry({"document": "a", "rule": "MK", "reason": "r", "until": "2020-01-01"}, "x")
    with pytest.raises(ConfigError, match="must be a date"):
        parse_entry({"document": "a", "rule": "MK", "reason": "r", "expires": "soon"}, "x")
    entry = parse_entry({"document": "a", "rule": ["MK", "BP001"], "reason": "r", "expires": "2030-01-01"}, "x")
    assert entry.rules == ("MK", "BP001") and entry.expires == dt.date(2030, 1, 1)
    check_expiry([entry], today=dt.date(2030, 1, 1))  # the last day still holds
    with pytest.raises(SuppressionExpired, match="expired on 2030-01-01"):
        check_expiry([entry], today=dt.date(2030, 1, 2))
    bad = tmp_path / "i.yaml"
    bad.write_text("document: a\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="expected a list"):
        load_file(bad)
