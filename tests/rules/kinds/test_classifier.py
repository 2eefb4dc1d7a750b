"""The `classifier` kind: a learned line classifier's probability against two thresholds."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from pydantic import ValidationError

from textclean import _core
from textclean.engine.compiled import compile_rules
from textclean.engine.loop import fix_text
from textclean.model import Safety
from textclean.rules.kinds import RULE_ADAPTER
from textclean.rules.kinds.base import SpecProblems
from textclean.rules.kinds.classifier import ClassifierRule, model_path

# A rule of this kind as its YAML gives it (after code, name, summary and level), and what its
# rule page says it finds, in part: tests/rules/kinds/test_base.py checks every registered kind's.
EXAMPLE = {"model": "lines-v1.bin", "threshold": 0.9}
WHAT = ("classifier `lines-v1.bin` (`textclean/models/`) gives a probability of being "
        "boilerplate of at least 0.9")

HEAD = {"code": "XX001", "name": "x", "summary": "Boilerplate line", "level": "warning",
        "kind": "classifier"}
TEXT = (
    "Home\n\n"
    "The harbour committee met on Tuesday evening to discuss the new ferry timetable.\n\n"
    "Members agreed that the early crossing should leave twenty minutes later in winter.\n\n"
    "Share on Facebook\n"
    "Contact\n"
)


@pytest.fixture(scope="module")
def model_file(tmp_path_factory) -> str:
    """A model whose stage 1 scores a line by its number of words (one word: high, two to
    four: middling, prose: low) and whose stage 2 passes the line's own logit on."""
    version, bits, dense, n2 = _core.line_feature_layout()
    w1 = np.zeros((1 << bits) + dense, "<f4")
    w1[(1 << bits) + 6] = 8.0  # Dense::Words1
    w1[(1 << bits) + 7] = 1.5  # Dense::Words2to4
    w1[(1 << bits)] = -2.0  # bias
    w2 = np.zeros(n2, "<f4")
    w2[1] = 4.0  # the clamped logit / 4
    path = tmp_path_factory.mktemp("models") / "words.bin"
    path.write_bytes(b"TCLINES\x01" + struct.pack("<4I", version, bits, dense, n2)
                     + w1.tobytes() + w2.tobytes())
    return str(path)


def _rule(model: str, **fields) -> ClassifierRule:
    spec = {**HEAD, "model": model, "threshold": 0.9, "unsafe_threshold": 0.3,
            "fix": {"safety": "safe", "delete": "line"}, **fields}
    return ClassifierRule(spec=RULE_ADAPTER.validate_python(spec))


def test_safe_above_the_threshold_unsafe_between_and_the_probability_said(model_file):
    rule = _rule(model_file)
    share, footer = rule.find(TEXT)  # `Home`, above the first line of prose, is never found
    assert TEXT[share.span.start:share.span.end] == "Share on Facebook"
    assert TEXT[footer.span.start:footer.span.end] == "Contact"
    assert footer.fix is not None and footer.fix.safety is Safety.SAFE
    assert footer.message == "Boilerplate line (learned line classifier: boilerplate probability 1.00)"
    assert share.fix is not None and share.fix.safety is Safety.UNSAFE
    assert "below the safe threshold 0.9: unsafe fix" in share.message
    assert fix_text(TEXT, [rule]).text == TEXT[: -len("\nContact\n")] + "\n"
    assert fix_text(TEXT, [rule], unsafe_fixes=True).text.startswith("Home\n\n")


def test_a_wrapped_sentence_is_never_deleted_by_a_safe_fix(model_file):
    text = ("The harbour committee met on Tuesday evening to discuss the new ferry timetable.\n\n"
            "The committee will publish the full minutes of the meeting on its website for\n"
            "residents.\n")
    [finding] = _rule(model_file).find(text)
    assert text[finding.span.start:finding.span.end] == "residents."
    assert finding.fix is not None and finding.fix.safety is Safety.UNSAFE
    assert "wrapped sentence" in finding.message


def test_a_text_without_prose_is_left_alone(model_file):
    assert _rule(model_file).find("Home\n\nShare on Facebook\n") == []


def test_without_an_unsafe_threshold_only_the_safe_lines_are_found(model_file):
    rule = _rule(model_file, unsafe_threshold=None)
    assert [TEXT[f.span.start:f.span.end] for f in rule.find(TEXT)] == ["Contact"]
    assert _rule(model_file).find("") == []


def test_thresholds_and_fixes_are_validated():
    with pytest.raises(ValidationError, match="must not be above"):
        _rule("m.bin", threshold=0.5, unsafe_threshold=0.6)
    with pytest.raises(ValidationError):
        _rule("m.bin", threshold=1.5)
    with pytest.raises(ValidationError, match="deletes the line"):
        _rule("m.bin", fix={"safety": "safe", "replace": ""})


def test_a_model_that_cannot_be_loaded_is_a_problem(tmp_path):
    found: list[tuple] = []
    report = SpecProblems("XX001", lambda loc, message, warn: found.append((loc, message)))
    ClassifierRule.check(_rule("no-such-model.bin").spec, report)
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"not a model")
    ClassifierRule.check(_rule(str(bad)).spec, report)
    assert [loc for loc, _ in found] == [("model",), ("model",)]
    assert "magic" in found[1][1]


def test_the_shipped_model_loads():
    assert model_path("lines-v1.bin").is_file()
    ClassifierRule.check(_rule("lines-v1.bin").spec, SpecProblems("XX001", pytest.fail))


def test_a_line_inside_the_prose_gets_an_unsafe_fix(model_file):
    text = ("The harbour committee met on Tuesday evening to discuss the new ferry timetable.\n\n"
            "Timetable\n\n"
            "Members agreed that the early crossing should leave twenty minutes later in winter.\n")
    [finding] = _rule(model_file).find(text)
    assert text[finding.span.start:finding.span.end] == "Timetable"
    assert finding.fix is not None and finding.fix.safety is Safety.UNSAFE
    assert "inside the article's prose" in finding.message


def test_a_tail_of_single_lines_goes_in_one_pass(model_file):
    # Each line stands alone between blank lines, the last one at the end of the text: their
    # deletions share blank lines, and the shared part goes with the first, so no edit
    # overlaps another and one pass takes them all.
    text = ("The harbour committee met on Tuesday evening to discuss the new ferry timetable.\n\n"
            "Print\n\nEmail\n\nContact")
    result = fix_text(text, [_rule(model_file)])
    assert result.text.rstrip() == text.split("\n\n")[0]
    assert result.passes <= 2


def test_a_safe_pass_builds_only_the_safe_findings(model_file):
    rule = _rule(model_file)
    safe = [f for f in rule.find(TEXT) if f.fix is not None and f.fix.safety is Safety.SAFE]
    assert [TEXT[f.span.start:f.span.end] for f in safe] == ["Contact"]
    assert rule.safe_findings(TEXT) == safe
    assert rule.fix_find(Safety.SAFE) == rule.safe_findings
    assert rule.fix_find(Safety.UNSAFE) is None  # every finding has a fix such a pass applies
    assert _rule(model_file, fix=None).fix_find(Safety.SAFE) is None
    # The compiled rules keep each safety's answer for the passes.
    compiled = compile_rules([rule])
    assert compiled.fix_finds(Safety.SAFE) == {rule: rule.safe_findings}
    assert compiled.fix_finds(Safety.SAFE) is compiled.fix_finds(Safety.SAFE)
    assert compiled.fix_finds(Safety.UNSAFE) == {}


@pytest.mark.parametrize("unsafe", [False, True])
def test_fixing_reports_every_finding_as_a_pass_running_find_does(model_file, unsafe):
    # With the engine's plan, a safe pass asks the rule only for its safe findings
    # (`fix_find`) and the pass that fixes nothing for all of them; without it (`prefilter=
    # False`) every pass calls `find`: the same fixes, passes and findings left.
    texts = [TEXT, TEXT + "\nShare on Twitter\n\nPrint\n", "Home\n\n" + TEXT[6:] * 2, "Contact\n"]
    rule = _rule(model_file)
    for text in texts:
        planned = fix_text(text, [rule], unsafe)
        assert planned == fix_text(text, [rule], unsafe, prefilter=False)
    assert any(f.fix is not None and f.fix.safety is Safety.UNSAFE
               for f in fix_text(texts[1], [rule]).remaining)
