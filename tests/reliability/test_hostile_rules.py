"""Rules that would hang, fight, or smuggle in YAML tricks: caught, reported, never fatal."""

from __future__ import annotations

import json
import re
import time

import pytest
from reliability_support import SLOW_RULE, fixed_rules, read_jsonl, write_rule

import textclean
import textclean.run.runner
from textclean.rules.kinds import compile_regex

SLOW_TEXT = "a" * 40 + "!\na\n"
LOCATION = re.compile(r"^(?P<file>[^:\n]+\.yml):(?P<line>\d+):(?P<col>\d+): ", re.M)


def test_catastrophic_regex_times_out_and_the_run_finishes(run, tmp_path):
    write_rule(tmp_path / "slow.yml", SLOW_RULE)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a-slow.txt").write_text(SLOW_TEXT)
    (tmp_path / "in" / "b-fine.txt").write_text("Tom &amp; Jerry.\n")
    result = run(
        "fix", "in", "--out", "out", "--rules", "slow.yml", "--regex-timeout", "0.2",
        "--report", "r.json",
    )
    # The load-time lint names the rule and the shape of the problem.
    assert "warning: " in result.stderr and "XX001: regex may backtrack catastrophically" in result.stderr
    assert "(a|aa)+" in result.stderr
    assert result.exit_code == 1, result.output
    assert (tmp_path / "out" / "a-slow.txt").read_bytes() == SLOW_TEXT.encode()
    assert (tmp_path / "out" / "b-fine.txt").read_text() == "Tom & Jerry.\n"
    docs = {d["id"].split("/")[-1]: d for d in json.loads((tmp_path / "r.json").read_text())["documents"]}
    (timeout,) = [f for f in docs["a-slow.txt"]["findings"] if f["rule"] == "TC001"]
    assert timeout["level"] == "error" and "XX001" in timeout["message"]
    assert fixed_rules(tmp_path / "r.json")["a-slow.txt"] == []


def test_check_reports_the_timeout_too(run, tmp_path):
    write_rule(tmp_path / "slow.yml", SLOW_RULE)
    (tmp_path / "slow.txt").write_text(SLOW_TEXT)
    result = run("check", "slow.txt", "--rules", "slow.yml", "--no-default-rules", "--regex-timeout", "0.1")
    assert result.exit_code == 1
    assert "TC001" in result.stdout


SLOW_LINE_RULE = """\
code: XX003
name: slow-line
summary: a line pattern that backtracks exponentially
level: warning
kind: line
patterns: ['(?x)(a|aa)+$']
"""
# (?x): verbose syntax, which only Python's `regex` reads, so the rule runs there, with its
# time budget; without it the pattern runs in the core's `regex` crate, in linear time.
SLOW = "(?x)(a|aa)+$"


def _seconds_per_search(pattern: str, text: str) -> float:
    start = time.perf_counter()
    assert compile_regex(pattern).search(text) is None
    return time.perf_counter() - start


def test_line_rule_budget_covers_the_whole_document(tmp_path):
    """A line rule searches line by line; the timeout bounds the document, not each line."""
    rules = textclean.load_rules([write_rule(tmp_path / "slow-line.yml", SLOW_LINE_RULE)], defaults=False)
    # Pick a line length whose single search takes a measurable while, then a budget that
    # one line fits in four times over but the whole document (50 lines) does not.
    n = 14
    assert rules.rules[0].engine == "python"
    while _seconds_per_search(SLOW, "a" * n + "!") < 0.005:
        n += 1
    per_line = _seconds_per_search(SLOW, "a" * n + "!")
    text = ("a" * n + "!\n") * 50 + "a\n"  # the last line matches, if the search gets there
    findings = textclean.check_text(text, rules, timeout=4 * per_line)
    assert [f.rule for f in findings] == ["TC001"]


def test_a_backtracking_line_pattern_runs_in_linear_time_in_the_core(tmp_path):
    """The same pattern as the `regex` crate reads it: no backtracking, so no timeout."""
    rule = SLOW_LINE_RULE.replace(SLOW, "(a|aa)+$")
    rules = textclean.load_rules([write_rule(tmp_path / "fast-line.yml", rule)], defaults=False)
    assert rules.rules[0].engine == "rust"
    text = ("a" * 40 + "!\n") * 50 + "a\n"
    start = time.process_time()
    findings = textclean.check_text(text, rules, timeout=0.5)
    assert [(f.rule, f.span.start) for f in findings] == [("XX003", len(text) - 2)]
    assert time.process_time() - start < 0.5


def test_a_look_around_pattern_past_its_backtrack_limit_is_a_timeout(tmp_path):
    """fancy-regex (look-around) backtracks; past its step limit the rule reports TC001."""
    # Its regex-crate gate `^(?:a|aa)+c` matches the line; the exact search never can.
    rule = SLOW_LINE_RULE.replace(SLOW, "^(?:(?=a)a|(?=a)aa)+(?!c)c")
    rules = textclean.load_rules([write_rule(tmp_path / "fancy-line.yml", rule)], defaults=False)
    assert rules.rules[0].engine == "fancy"
    findings = textclean.check_text("a" * 60 + "c\nfine\n", rules)
    assert [f.rule for f in findings] == ["TC001"]
    assert "XX003" in findings[0].message


HOSTILE_YAML = {
    "python-tag": (
        "code: XX009\nname: evil\nsummary: runs a command\nlevel: info\nkind: pattern\n"
        "pattern: !!python/object/apply:os.system ['echo owned']\n",
        (6, 10), "YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed",
    ),
    "duplicate-key": (
        "code: XX009\nname: twice\nsummary: s\nlevel: info\nkind: pattern\npattern: 'a'\npattern: 'b'\n",
        (7, 1), 'found duplicate key "pattern"',
    ),
    "alias-bomb": (
        "a: &a ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']\n"
        + "".join(
            f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        (1, 4), "YAML anchors are not allowed",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_YAML))
def test_hostile_yaml_is_rejected_at_load_before_any_input_is_read(run, tmp_path, monkeypatch, case):
    text, (line, col), message = HOSTILE_YAML[case]
    write_rule(tmp_path / "hostile.yml", text)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Tom &amp; Jerry.\n")

    def no_reading(*args, **kwargs):
        raise AssertionError("an input was looked at although the rules are broken")

    monkeypatch.setattr(textclean.run.runner, "discover", no_reading)
    result = run("fix", "in", "--out", "out", "--rules", "hostile.yml")
    assert result.exit_code == 2
    found = LOCATION.search(result.stderr)
    assert found is not None, result.stderr
    assert (found["file"], int(found["line"]), int(found["col"])) == ("hostile.yml", line, col)
    assert message in result.stderr
    assert "nothing was read" in result.stderr
    assert not (tmp_path / "out").exists()


FIGHT_RULES = """\
rules:
  - code: XX011
    name: british-spelling
    summary: prefers colour
    level: warning
    kind: swap
    swap: {color: colour}
    fix: {safety: safe}
  - code: XX012
    name: american-spelling
    summary: prefers color
    level: warning
    kind: swap
    swap: {colour: color}
    fix: {safety: safe}
"""


def test_fighting_rules_stop_at_the_pass_limit_naming_both(run, tmp_path):
    write_rule(tmp_path / "fight.yml", FIGHT_RULES)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "fight.txt").write_text("The colour of the sea.\n")
    (tmp_path / "in" / "calm.txt").write_text("Tom &amp; Jerry.\n")
    records = [{"id": "r1", "text": "Grey colour."}, {"id": "r2", "text": "Tom &amp; Jerry."}]
    (tmp_path / "in" / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))

    result = run("fix", "in", "--out", "out", "--rules", "fight.yml", "--report", "r.json")
    assert result.exit_code == 1, result.output
    assert not (tmp_path / "out" / "fight.txt").exists()
    assert (tmp_path / "out" / "calm.txt").read_text() == "Tom & Jerry.\n"
    assert [r["id"] for r in read_jsonl(tmp_path / "out" / "records.jsonl")] == ["r2"]
    report = json.loads((tmp_path / "r.json").read_text())
    errors = [d["error"] for d in report["documents"] if d.get("error")]
    assert len(errors) == 2
    for error in errors:
        assert "did not converge after 10 passes" in error
        assert "XX011" in error and "XX012" in error
    # The documents that could not be fixed wait in the quarantine, as they were.
    quarantined = read_jsonl(tmp_path / "out.quarantine.jsonl")
    assert sorted(q.get("raw", "") for q in quarantined) == sorted(
        ["The colour of the sea.\n", json.dumps(records[0])]
    )
