"""Writing your own rules: `rules new`, `rules test PATH`, overlap warnings, helpful errors."""

from __future__ import annotations

import pytest

AD_RULE = """\
code: US003
name: ad-line
summary: Advert label
level: warning
kind: line
phrases: [advertisement]
fix: {delete: line}
examples:
  - {text: "Hello there.\\nAdvertisement\\nBye now.", finds: [Advertisement], fixed: "Hello there.\\nBye now."}
  - {text: "An advertisement ran twice.", finds: []}
"""

BROKEN_RULE = """\
code: US004
name: cat-word
summary: s
level: info
kind: pattern
pattern: 'cat'
examples:
  - text: 'a dog and a cat'
    finds: ['dog']
"""


@pytest.mark.parametrize("kind", ["line", "pattern"])
def test_rules_new_writes_a_rule_whose_examples_pass(run, tmp_path, kind):
    made = run("rules", "new", "gazette-furniture", "--kind", kind, "--out", "mine")
    assert made.exit_code == 0, made.output
    path = tmp_path / "mine" / "gazette-furniture.yml"
    text = path.read_text()
    for field in ("code: US001", "name: gazette-furniture", "summary:", "why:", "level:", "examples:"):
        assert field in text
    tested = run("rules", "test", "mine")
    assert tested.exit_code == 0, tested.output
    assert "0 failed (1 rule(s) under mine)" in tested.output
    # Usable as written in a run.
    (tmp_path / "page.txt").write_text("More from the Harbour Gazette\n\nThe ferry runs.\n")
    assert run("check", "page.txt", "--rules", "mine").exit_code in (0, 1)


def test_line_scaffold_documents_position_and_window(run, tmp_path):
    run("rules", "new", "site-footer")
    text = (tmp_path / "site-footer.yml").read_text()
    assert "position: edges" in text and "window: 3" in text and "NON-BLANK" in text


def test_rules_new_refuses_bad_names_codes_and_overwrites(run, tmp_path):
    assert run("rules", "new", "Bad_Name").exit_code == 2
    assert run("rules", "new", "ok-name", "--code", "x1").exit_code == 2
    taken = run("rules", "new", "ok-name", "--code", "MK001")
    assert taken.exit_code == 2 and "default rule" in taken.output
    assert run("rules", "new", "ok-name").exit_code == 0
    again = run("rules", "new", "ok-name")
    assert again.exit_code == 2 and "exists" in again.output


def test_rules_test_path_runs_only_its_rules_and_shows_expected_vs_got(run, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "cat.yml").write_text(BROKEN_RULE)
    result = run("rules", "test", "mine")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "FAIL US004-1 (cat-word) mine/cat.yml"
    assert lines[1] == "  text:     'a dog and a cat'"
    assert lines[2] == "  expected: finds ['dog']"
    assert lines[3] == "  got:      finds ['cat']"
    assert lines[-1] == "0 passed, 1 failed (1 rule(s) under mine)"
    everything = run("rules", "test", "mine", "--all")
    assert everything.exit_code == 1
    passed = int(everything.stdout.splitlines()[-1].split()[0])
    assert passed > 100  # the default packs' examples ran too


def test_rules_test_warns_when_a_default_rule_shadows_a_user_rule(run, tmp_path):
    (tmp_path / "ad.yml").write_text(AD_RULE)
    result = run("rules", "test", "ad.yml")
    assert result.exit_code == 0, result.output
    assert "warning: US003 (ad-line) overlaps BP003 (advertisement-line) on its example 1" in result.stderr
    assert "--ignore BP003" in result.stderr
    alone = run("rules", "test", "ad.yml", "--no-default-rules")
    assert "overlaps" not in alone.stderr


def test_rules_test_quiet_about_rules_no_default_fixes(run, tmp_path):
    run("rules", "new", "gazette-furniture")
    result = run("rules", "test", "gazette-furniture.yml")
    assert result.exit_code == 0 and "overlaps" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-rate", "ZZ=0.5"], "unknown rule code or prefix in --max-rate / max-rate: ZZ"),
        (["--select", "BPX"], "BPX -> BP"),
        (["--ignore", "MK0001"], "MK0001 -> MK001"),
        (["--ignore", "html-entiti"], "html-entiti -> html-entity"),
    ],
)
def test_unknown_codes_are_errors_with_a_suggestion(run, tmp_path, args, message):
    (tmp_path / "a.txt").write_text("Tom &amp; Jerry\n")
    result = run("check", "a.txt", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_max_rate_in_config_rejects_unknown_codes(run, tmp_path):
    (tmp_path / "textclean.toml").write_text("[max-rate]\nQQ = 0.1\n")
    (tmp_path / "a.txt").write_text("Tom &amp; Jerry\n")
    result = run("check", "a.txt")
    assert result.exit_code == 2 and "QQ" in result.output


def test_known_max_rate_prefix_still_passes(run, tmp_path):
    (tmp_path / "a.txt").write_text("Tom &amp; Jerry\n")
    assert run("check", "a.txt", "--max-rate", "MK=1").exit_code == 0


@pytest.mark.parametrize("header", ["", "[tool.textclean]\n"])
def test_textclean_toml_takes_the_bare_table_or_tool_textclean(run, tmp_path, header):
    (tmp_path / "textclean.toml").write_text(header + 'select = ["BP"]\n')
    (tmp_path / "a.txt").write_text("Tom &amp; Jerry\n\nPost Comment\n")
    result = run("check", "a.txt")
    assert "MK001" not in result.output and "BP001" in result.output


def test_textclean_toml_mixing_both_forms_is_a_clear_error(run, tmp_path):
    (tmp_path / "textclean.toml").write_text('select = ["BP"]\n[tool.textclean]\nignore = ["MK"]\n')
    (tmp_path / "a.txt").write_text("x\n")
    result = run("check", "a.txt")
    assert result.exit_code == 2 and "top level of textclean.toml" in result.output


def test_readme_line_rule_snippet_loads_and_means_what_it_says(tmp_path):
    import re
    from pathlib import Path

    import textclean

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    snippet = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL)
                   if b.startswith("kind: line"))
    path = tmp_path / "snippet.yml"
    path.write_text("code: US009\nname: snippet\nsummary: s\nlevel: warning\n" + snippet)
    rules = textclean.load_rules([path], defaults=False)
    # Blank lines do not count: the footer is the 3rd non-blank line from the end, inside the
    # window; the same line 4th from the start is outside the head window.
    text = "One.\n\nTwo.\n\nThree.\n\nFour.\n\nMore from the Harbour Gazette\n\nSix.\n\nSeven.\n"
    assert [f.rule for f in textclean.check_text(text, rules)] == ["US009"]
    text = "One.\n\nTwo.\n\nThree.\n\nMore from the Harbour Gazette\n\nFive.\n\nSix.\n\nSeven.\n\nEight.\n"
    assert textclean.check_text(text, rules) == []
