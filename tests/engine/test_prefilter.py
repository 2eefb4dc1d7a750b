"""The planned engine finds exactly what running every rule finds, and each gate is conservative.

The equivalence tests run both over real text: the seeds, examples/ and the article
benchmark's extractor outputs and ground truths. The unit tests pin down the pieces: the
compound gate's case folding over every code point, the mojibake signature, the repair gates,
the caches, and the core's lines, phrase keys and word limits against Python's.
"""

from __future__ import annotations

import json

import ftfy
import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import textclean
from tests.conftest import EXAMPLES, shared_path
from tests.core.reference.compounds import fold
from tests.core.reference.metrics import _letters
from textclean import _core
from textclean.engine.compiled import compile_rules
from textclean.engine.loop import check_text, fix_text
from textclean.repairs import encoding
from textclean.repairs.encoding import find_mojibake, looks_bad
from textclean.repairs.metrics import char_count, word_count, word_count_upto
from textclean.text.lines import split_by_pattern, split_lines
from textclean.text.phrases import normalise_phrase

PAIRS = ("data", "article-benchmark", "pairs.jsonl")
CHUNKS = 8  # the benchmark texts are split so pytest-xdist can spread them


def _pairs() -> list[dict[str, str]]:
    with shared_path(*PAIRS).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _local_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((EXAMPLES / "articles").glob("*.txt"))]
    with (EXAMPLES / "records.jsonl").open(encoding="utf-8") as handle:
        texts += [json.loads(line)["text"] for line in handle if line.strip()]
    return texts


def _assert_same_check(texts: list[str], rules: tuple[textclean.Rule, ...]) -> None:
    compiled = compile_rules(rules)
    for i, text in enumerate(texts):
        plain = check_text(text, rules, prefilter=False)
        assert check_text(text, compiled) == plain, f"text {i}"


def _assert_same_fix(texts: list[str], rules: tuple[textclean.Rule, ...]) -> None:
    compiled = compile_rules(rules)
    for i, text in enumerate(texts):
        for unsafe in (False, True):
            plain = fix_text(text, rules, unsafe, prefilter=False)
            assert fix_text(text, compiled, unsafe) == plain, f"text {i} unsafe={unsafe}"


@pytest.fixture(scope="module")
def rule_sets(all_rules, default_rules) -> dict[str, tuple[textclean.Rule, ...]]:
    return {"default": default_rules.rules, "all": all_rules.rules}


# --- the gated engine against the plain one, on real text ---------------------------------


def test_same_findings_and_fixes_on_examples_and_seeds(rule_sets, seeds_dir):
    texts = _local_texts() + [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    for rules in rule_sets.values():
        _assert_same_check(texts, rules)
        _assert_same_fix(texts, rules)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_same_findings_on_every_benchmark_text(chunk, default_rules):
    """Every extractor output and every ground truth."""
    rows = _pairs()[chunk::CHUNKS]
    truths = {row["truth"] for row in rows}
    _assert_same_check([row["text"] for row in rows] + sorted(truths), default_rules.rules)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_same_fixes_on_benchmark_sample(chunk, rule_sets):
    rows = _pairs()[chunk * 2 :: CHUNKS * 8]
    texts = [row["text"] for row in rows] + [row["truth"] for row in rows[:2]]
    for rules in rule_sets.values():
        _assert_same_fix(texts, rules)


def test_gates_skip_most_rules_on_a_clean_text(default_rules):
    """Not a speed test: on clean prose the plan leaves out most rules, or gating is broken."""
    text = "The council met on Tuesday and agreed the budget for the coming year.\n"
    planned = compile_rules(default_rules.rules).plan(text)
    assert len(planned) < len(default_rules.rules) // 2


# --- the line table, metrics and the mojibake signature ---------------------------------------


@given(st.text(alphabet="ab \n\t\x0c\r", max_size=20))
def test_fast_line_split_equals_the_regex_split(text):
    assert split_lines(text) == split_by_pattern(text)
    assert all(line.body == text[line.start : line.body_end] for line in split_lines(text))


@given(st.text(alphabet="ab \n\r\x0c\x1c\u2028\u3000é", max_size=20))
def test_the_core_splits_lines_as_python_does(text):
    want = [(line.start, line.body_end, line.end, line.blank) for line in split_lines(text)]
    assert _core.split_lines(text) == want


def test_letter_and_char_counts_are_exact():
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert _letters(everything) == len(regex.findall(r"\p{L}", everything))
    assert char_count(everything) == sum(1 for c in everything if not c.isspace())
    assert _letters("ab\ud800é1") == 3  # a lone surrogate does not break the count


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aB İı ß\t\x0b\x1c\x1f\x85\xa0\u2028\u3000»•.-:Éé\u0307ﬃǅ", max_size=40))
def test_core_phrase_keys_equal_normalise_phrase(line):
    assert _core.phrase_key(line) == normalise_phrase(line)


def test_fold_is_casefold_but_for_the_dotted_and_dotless_i():
    dotted_i = ("\u0130", "\u0307", "\u0131")
    for c in range(0x110000):
        if not 0xD800 <= c < 0xE000 and chr(c) not in dotted_i:
            assert fold(chr(c)) == chr(c).casefold(), hex(c)


@given(st.text(alphabet="ab 1_.\n", max_size=40), st.integers(min_value=1, max_value=6))
def test_word_count_up_to_a_bound_is_exact_below_it(text, bound):
    full = word_count(text)
    assert word_count_upto(text, bound) == (full if full < bound else bound)


def _ftfy_inputs() -> list[str]:
    with shared_path("data", "peer-cases", "ftfy.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line)["input"] for line in handle]


def test_looks_bad_is_ftfy_is_bad():
    texts = _ftfy_inputs() + [row["text"] for row in _pairs()]
    lines = [line for text in texts for line in text.splitlines(keepends=True)]
    for line in lines:
        assert looks_bad(line) == ftfy.badness.is_bad(line), repr(line)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ \n.Ã©â€™Â\xa0ÐµÑ‚“”é╬", max_size=30))
def test_looks_bad_is_ftfy_is_bad_on_random_text(text):
    assert looks_bad(text) == ftfy.badness.is_bad(text)


# The characters of ftfy's badness regex that its two-character triggers are made of (the
# Windows-1251 and -1253 sequences, a letter then a curly quote, box drawing), with everyday
# letters of the same scripts.
PAIR_ALPHABET = "aZ \n.вЂВГРСЃ¦‚Ђ“”‘’ΒΓΞΟ€™é═Ãü"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=PAIR_ALPHABET, max_size=24))
def test_looks_bad_is_ftfy_is_bad_around_pair_triggers(text):
    assert looks_bad(text) == ftfy.badness.is_bad(text)


def test_looks_bad_is_ftfy_is_bad_on_every_pair_of_its_characters():
    """Every two- and three-character string over the regex's own characters (and a letter, a
    space, a line break) gets ftfy's answer: a trigger pair that missed a match would show."""
    chars = sorted({c for c in ftfy.badness.BADNESS_RE.pattern if ord(c) > 0x7F} | set("a \n"))
    for a in chars:
        for b in chars:
            assert looks_bad(a + b) == ftfy.badness.is_bad(a + b), repr(a + b)
            for c in "aВΒ ":
                assert looks_bad(a + b + c) == ftfy.badness.is_bad(a + b + c), repr(a + b + c)


def test_mojibake_finder_is_unchanged_by_its_signature(monkeypatch):
    """Hits with the signature equal hits with ftfy run on every non-ASCII line (as before)."""
    texts = _ftfy_inputs() + [row["text"] for row in _pairs()[::4]]
    gated = [list(find_mojibake(text)) for text in texts]
    monkeypatch.setattr(encoding, "looks_bad", lambda line: not line.isascii())
    assert [list(find_mojibake(text)) for text in texts] == gated


# --- caches ----------------------------------------------------------------------


def test_compiled_rules_are_cached(default_rules):
    assert compile_rules(default_rules.rules) is compile_rules(list(default_rules.rules))
    compiled = compile_rules(default_rules.rules)
    assert compile_rules(compiled) is compiled


def test_load_rules_is_cached_and_sees_edits(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rule = (
        "code: XX001\nname: x\nsummary: first\nlevel: info\nkind: pattern\npattern: 'zz'\n"
        "examples:\n  - {text: 'a', finds: []}\n"
    )
    path = tmp_path / "x.yml"
    path.write_text(rule)
    first = textclean.load_rules([path], defaults=False)
    assert textclean.load_rules([path], defaults=False).rules[0] is first.rules[0]
    path.write_text(rule.replace("first", "again"))  # same size class, same second
    assert textclean.load_rules([path], defaults=False).rules[0].spec.summary == "again"


# The phrase key as defined (normalise_phrase's docstring): the framing punctuation stripped
# from both ends, every run of whitespace (regex's \s) one space, casefolded.
PHRASE_EDGE = " \t\u00a0:|•·»«›‹>–—-_*#=~.,;!?()[]{}\"'“”‘’…→←▶►"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t\x0b\x0c\r\x1c\x1d\x85\xa0\u2028\u3000aBß»:-İ", max_size=15))
def test_phrase_key_fast_path_is_the_regex_key(line):
    key = regex.sub(r"\s+", " ", line.strip(PHRASE_EDGE)).casefold().strip()
    assert normalise_phrase(line) == key


def test_the_phrase_key_strips_the_framing_punctuation():
    assert normalise_phrase(PHRASE_EDGE + "Read\u3000 MORE" + PHRASE_EDGE[::-1]) == "read more"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n\r\t\u3000\x1c\x85", max_size=200), st.integers(1, 12))
def test_core_word_limits_are_python_word_counts(text, words):
    """A line rule with `max_words` looks at the lines `str.split()` counts within it."""
    found = _core.LineRules([([], ["."], "anywhere", 3, words)]).find(text)
    lines = split_lines(text)
    assert found == ([(0, i) for i, line in enumerate(lines) if not line.blank and len(line.body.split()) <= words], [], [])
