"""Broken rule files stop the load, each problem reported as file:line:col: message."""

from __future__ import annotations

import pytest

import textclean
from textclean.errors import ConfigError, RuleError

GOOD = """\
code: XX001
name: good-rule
summary: a good rule
level: info
kind: pattern
pattern: 'x+'
"""


def _problems(tmp_path, text, name="rule.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        textclean.load_rules([path], defaults=False)
    return [str(p) for p in info.value.problems]


def test_good_rule_loads(tmp_path):
    (tmp_path / "good.yml").write_text(GOOD)
    rules = textclean.load_rules([tmp_path], defaults=False)
    assert rules.codes == ("XX001",)


def test_yaml_syntax_error(tmp_path):
    problems = _problems(tmp_path, "code: XX001\nname: [unclosed\n")
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path}/rule.yml:") or "rule.yml:" in problems[0]
    assert "YAML error" in problems[0]


def test_unknown_field_points_at_key(tmp_path):
    problems = _problems(tmp_path, GOOD + "sumary: typo\n")
    assert problems == [f"{tmp_path / 'rule.yml'}:7:1: unknown field 'sumary'"]


def test_missing_field(tmp_path):
    problems = _problems(tmp_path, GOOD.replace("summary: a good rule\n", ""))
    assert any("missing required field 'summary'" in p for p in problems)


def test_wrong_type_points_at_value(tmp_path):
    problems = _problems(tmp_path, GOOD.replace("level: info", "level: loud"))
    assert len(problems) == 1
    assert ":4:8: level:" in problems[0]


def test_bad_regex_points_at_pattern(tmp_path):
    problems = _problems(tmp_path, GOOD.replace("'x+'", "'(unclosed'"))
    assert len(problems) == 1 and ":6:10: regex does not compile" in problems[0]


def test_unknown_repair(tmp_path):
    text = GOOD.replace("kind: pattern\npattern: 'x+'\n", "kind: repair\nrepair: make_it_nice\n")
    problems = _problems(tmp_path, text)
    assert len(problems) == 1 and "unknown repair 'make_it_nice'" in problems[0]


def test_unknown_kind(tmp_path):
    problems = _problems(tmp_path, GOOD.replace("kind: pattern", "kind: magic"))
    assert problems == [f"{tmp_path / 'rule.yml'}:5:7: unknown kind 'magic'; "
                        "expected one of: pattern, swap, line, repair, metric"]


def test_duplicate_code_across_files(tmp_path):
    (tmp_path / "a.yml").write_text(GOOD)
    (tmp_path / "b.yml").write_text(GOOD.replace("good-rule", "other-rule"))
    with pytest.raises(RuleError) as info:
        textclean.load_rules([tmp_path], defaults=False)
    assert "duplicate rule code XX001" in str(info.value)


def test_duplicate_key_rejected(tmp_path):
    problems = _problems(tmp_path, GOOD + "level: error\n")
    assert len(problems) == 1 and "rule.yml:7:" in problems[0]


def test_python_tag_rejected(tmp_path):
    problems = _problems(tmp_path, GOOD + "why: !!python/object/apply:os.system ['echo hi']\n")
    assert "tag" in problems[0] and ":7:" in problems[0]


def test_alias_bomb_rejected_quickly(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    problems = _problems(tmp_path, bomb)
    assert "anchors are not allowed" in problems[0] and ":1:" in problems[0]


def test_all_problems_reported_at_once(tmp_path):
    (tmp_path / "a.yml").write_text(GOOD.replace("level: info", "level: loud"))
    (tmp_path / "b.yml").write_text(GOOD.replace("XX001", "XX002").replace("'x+'", "'['"))
    with pytest.raises(RuleError) as info:
        textclean.load_rules([tmp_path], defaults=False)
    assert len(info.value.problems) == 2


def test_list_file_positions(tmp_path):
    text = "rules:\n  - " + GOOD.replace("\n", "\n    ").rstrip() + "\n  - code: XX002\n    name: b\n"
    problems = _problems(tmp_path, text)
    assert problems == [f"{tmp_path / 'rule.yml'}:8:5: missing required field 'kind' "
                        "(one of: pattern, swap, line, repair, metric)"]


def test_unsafe_fix_needs_note(tmp_path):
    problems = _problems(tmp_path, GOOD + "fix: {replace: '', safety: unsafe}\n")
    assert "safety_note" in problems[0]


def test_select_and_ignore_by_prefix():
    rules = textclean.load_rules(select=["BP", "EN001"], ignore=["BP002"])
    assert "EN001" in rules.codes and "BP001" in rules.codes and "BP002" not in rules.codes
    assert not any(c.startswith("WS") for c in rules.codes)


def test_opt_in_only_when_selected():
    assert not any(c.startswith("TY") for c in textclean.load_rules().codes)
    assert not any(c.startswith("TY") for c in textclean.load_rules(select=["ALL"]).codes)
    assert "TY001" in textclean.load_rules(select=["TY"]).codes


def test_unknown_selector_is_an_error():
    with pytest.raises(ConfigError):
        textclean.load_rules(select=["ZZ9"])
