"""The gated engine finds exactly what the plain engine finds, and each gate is conservative.

The equivalence tests run both engines over real text: the seeds, examples/ and the article
benchmark's extractor outputs and ground truths. The unit tests pin down the pieces: literal
extraction (including a property test against the `regex` module itself), case folding over
every code point, the mojibake signature, the repair gates, the scanners and the caches, and
the core's lines, phrase keys and word limits against Python's.
"""

from __future__ import annotations

import json
import string
import subprocess
import sys

import ftfy
import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import textclean
from tests.conftest import EXAMPLES, shared_path
from tests.core.reference.metrics import _letters
from textclean import _core
from textclean.compiled import (
    CompiledRules,
    ScannerKind,
    _all_literals,
    _Haystack,
    compile_rules,
    hyperscan_available,
    make_scanner,
)
from textclean.engine import check_text, fix_text
from textclean.kinds import _EDGE, _SPACES, normalise_phrase
from textclean.metrics import char_count, word_count, word_count_upto
from textclean.prefilter import END, Literals, fold, required_literals
from textclean.repairs import REPAIRS, blocks, encoding
from textclean.repairs.encoding import find_mojibake, looks_bad
from textclean.text.lines import LINE_PATTERN as _LINE
from textclean.text.lines import Line as _Line
from textclean.text.lines import split_lines

SCANNERS = [ScannerKind.PYTHON] + ([ScannerKind.HYPERSCAN] if hyperscan_available() else [])
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


def _assert_same_check(texts: list[str], rules: tuple[textclean.Rule, ...], kind: ScannerKind) -> None:
    compiled = compile_rules(rules, kind)
    for i, text in enumerate(texts):
        plain = check_text(text, rules, prefilter=False)
        assert check_text(text, compiled) == plain, f"text {i} ({kind})"


def _assert_same_fix(texts: list[str], rules: tuple[textclean.Rule, ...], kind: ScannerKind) -> None:
    compiled = compile_rules(rules, kind)
    for i, text in enumerate(texts):
        for unsafe in (False, True):
            plain = fix_text(text, rules, unsafe, prefilter=False)
            assert fix_text(text, compiled, unsafe) == plain, f"text {i} unsafe={unsafe} ({kind})"


@pytest.fixture(scope="module")
def rule_sets(all_rules, default_rules) -> dict[str, tuple[textclean.Rule, ...]]:
    return {"default": default_rules.rules, "all": all_rules.rules}


# --- the gated engine against the plain one, on real text ---------------------------------


@pytest.mark.parametrize("kind", SCANNERS)
def test_same_findings_and_fixes_on_examples_and_seeds(kind, rule_sets, seeds_dir):
    texts = _local_texts() + [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    for rules in rule_sets.values():
        _assert_same_check(texts, rules, kind)
        _assert_same_fix(texts, rules, kind)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_same_findings_on_every_benchmark_text(chunk, default_rules):
    """Every extractor output and every ground truth, each scanner on half of them."""
    rows = _pairs()[chunk::CHUNKS]
    truths = {row["truth"] for row in rows}
    texts = [row["text"] for row in rows] + sorted(truths)
    for k, kind in enumerate(SCANNERS):
        _assert_same_check(texts[k :: len(SCANNERS)], default_rules.rules, kind)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_same_fixes_on_benchmark_sample(chunk, rule_sets):
    rows = _pairs()[chunk * 2 :: CHUNKS * 8]
    texts = [row["text"] for row in rows] + [row["truth"] for row in rows[:2]]
    for kind in SCANNERS:
        for rules in rule_sets.values():
            _assert_same_fix(texts, rules, kind)


def test_gates_skip_most_rules_on_a_clean_text(default_rules):
    """Not a speed test: on clean prose the plan leaves out most rules, or gating is broken."""
    text = "The council met on Tuesday and agreed the budget for the coming year.\n"
    planned = compile_rules(default_rules.rules).plan(text)
    assert len(planned) < len(default_rules.rules) // 2


# --- literal extraction ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern, strings, folded",
    [
        ("abc", {"abc"}, False),
        (r"(?i)^\W*(?:read|see) more\b", {"read more", "see more"}, True),
        (r"\w+@\w+\.com", {".com"}, False),
        (r"colou?r", {"color", "colour"}, False),
        (r"</?(?i:p|br)>", {"<"}, False),  # caseless literals need no folded text
        (r"(?<=\S)[ \t]+(?=\r?\n|\Z)", {" \n", " \r\n", "\t\n", "\t\r\n", " " + END, "\t" + END}, False),
        (r"x$", {"x\n", "x" + END}, False),
        (r"&(?:amp|lt|#[0-9]{2,7});", {"&"}, False),
        (r"(?i)copyright|©", {"copyright", "©"}, True),
        (r"a(?=bc)", {"abc"}, False),
    ],
)
def test_required_literals(pattern, strings, folded):
    lits = required_literals(pattern)
    assert lits is not None
    assert (set(lits.strings), lits.folded) == (strings, folded)


@pytest.mark.parametrize(
    "pattern",
    [
        r"(\w)\1",  # a backreference alone
        r"(?x) a b c",  # verbose: whitespace means nothing
        r"(?:foo){e<=1}",  # fuzzy matching
        r"(?V1)[[a-z]--[aeiou]]x",  # version 1 set operations
        r"\w+",  # nothing literal
        r"a?",  # can match the empty string
        r"(?(1)a|b)",  # conditional
        r"\L<words>",  # named list
        r"[^a]",
    ],
)
def test_no_literals_when_unsure(pattern):
    assert required_literals(pattern) is None


ALPHABET = "aAbB- \n\r\u2028İ"
FLAGS = [0, regex.IGNORECASE, regex.MULTILINE, regex.IGNORECASE | regex.MULTILINE, regex.WORD, regex.DOTALL]
_atom = st.one_of(
    st.sampled_from(["a", "b", "A", "-", " ", "\\n", ".", "\\w", "\\s", "[ab]", "[^a]", "\\b", "^", "$", "\\Z"]),
)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, children).map("".join),
        st.tuples(children, children).map(lambda t: f"(?:{t[0]}|{t[1]})"),
        st.tuples(children, st.sampled_from(["*", "+", "?", "{2}", "{1,3}", "*?"])).map(
            lambda t: f"(?:{t[0]}){t[1]}"
        ),
        children.map(lambda c: f"(?={c})"),
        children.map(lambda c: f"(?<={c})" if "*" not in c and "+" not in c and "{" not in c else c),
        children.map(lambda c: f"(?i:{c})"),
    )


PATTERNS = st.recursive(_atom, _combine, max_leaves=8)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PATTERNS, st.text(alphabet=ALPHABET, max_size=12), st.sampled_from(FLAGS))
def test_literals_never_miss_a_match(pattern, text, flags):
    """Whenever `regex` finds a match, the text holds one of the required literals."""
    try:
        compiled = regex.compile(pattern, flags)
    except regex.error:
        return
    lits = required_literals(pattern, flags)
    if lits is not None and compiled.search(text):
        assert lits.test(text), (pattern, text, lits)


def test_fold_matches_case_insensitive_regex_over_every_code_point():
    """A character `regex` matches case-insensitively to printable ASCII folds to it."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for flags in (regex.IGNORECASE, regex.IGNORECASE | regex.FULLCASE):
        for char in string.printable:
            pattern = regex.compile(regex.escape(char), flags)
            for m in pattern.finditer(everything):
                assert fold(m.group()) == fold(char), (char, m.group(), flags)


def test_folded_non_ascii_literals_of_the_packs_are_caseless(all_rules):
    """Non-ASCII characters in folded literals are matched only by themselves."""
    chars = {
        c
        for lits in _all_literals(CompiledRules(all_rules.rules, ScannerKind.PYTHON).gates)
        if lits.folded
        for s in lits.strings
        for c in s
        if not c.isascii() and c != END
    }
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for char in chars:
        found = {m.group() for m in regex.finditer(regex.escape(char), everything, regex.I)}
        assert {fold(f) for f in found} == {fold(char)}, char


# --- the line table, metrics and the mojibake signature ---------------------------------------


def _split_lines_by_regex(text: str) -> list[_Line]:
    lines = []
    for m in _LINE.finditer(text):
        if m.start() == len(text) and lines:
            break
        body = m.group("body")
        lines.append(_Line(m.start(), m.end("body"), m.end(), not body.strip(), body))
        if m.end() >= len(text):
            break
    return lines


@given(st.text(alphabet="ab \n\t\x0c\r", max_size=20))
def test_fast_line_split_equals_the_regex_split(text):
    assert split_lines(text) == _split_lines_by_regex(text)
    assert all(line.body == text[line.start : line.body_end] for line in split_lines(text))


@given(st.text(alphabet="ab \n\r\x0c\x1c\u2028\u3000é", max_size=20))
def test_block_finders_share_one_split_and_the_core_splits_the_same(text):
    assert blocks._lines(text) is split_lines(text)
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


GATE_ALPHABET = "ab A-'\"“‘’\n\t:/w.…"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=GATE_ALPHABET, max_size=40))
def test_repair_gates_are_false_only_where_the_finder_finds_nothing(text):
    for name, repair in REPAIRS.items():
        if repair.gate is not None and repair.finder is not None and not repair.gate(text):
            assert list(repair.finder(text)) == [], name


def test_repair_gates_on_real_text():
    texts = _local_texts() + [row["text"] for row in _pairs()[::3]]
    for name, repair in REPAIRS.items():
        if repair.gate is None or repair.finder is None:
            continue
        for text in texts:
            if not repair.gate(text):
                assert list(repair.finder(text)) == [], name


# --- scanners and caches ----------------------------------------------------------------------


@pytest.mark.skipif(not hyperscan_available(), reason="the fast extra (hyperscan) is not installed")
def test_hyperscan_and_python_scanners_agree(all_rules):
    gates = CompiledRules(all_rules.rules, ScannerKind.PYTHON).gates
    literals = _all_literals(gates)
    python = make_scanner(gates, ScannerKind.PYTHON)
    hyperscan = make_scanner(gates, ScannerKind.HYPERSCAN)
    texts = _local_texts() + [row["text"] for row in _pairs()[::5]] + ["", "\x00", "a\ud800b"]
    python_test, hyperscan_test = python.tester(literals), hyperscan.tester(literals)
    for text in texts:
        python_hay, hyperscan_hay = _Haystack(text + END, python), _Haystack(text + END, hyperscan)
        for k, lits in enumerate(literals):
            assert python_test(python_hay, k) == hyperscan_test(hyperscan_hay, k), (lits, text[:60])


def test_literals_test_appends_the_end_marker():
    assert Literals(frozenset({"x" + END}), False).test("abx")
    assert not Literals(frozenset({"x" + END}), False).test("xab")


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


def test_without_hyperscan_the_python_scanner_is_used(tmp_path):
    """The `fast` extra is optional: blocked, the same rules run on the pure-Python scanner."""
    script = tmp_path / "script.py"
    script.write_text(
        "import importlib.abc, sys\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'hyperscan':\n"
        "            raise ImportError('blocked')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import textclean\n"
        "from textclean.compiled import compile_rules\n"
        "rules = textclean.load_rules().rules\n"
        "print(compile_rules(rules).scanner.kind)\n"
        "print(textclean.fix_text('Tom &amp; Jerry', rules).text)\n"
    )
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["python", "Tom & Jerry"]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t\x0b\x0c\r\x1c\x1d\x85\xa0\u2028\u3000aBß»:-İ", max_size=15))
def test_phrase_key_fast_path_is_the_regex_key(line):
    assert normalise_phrase(line) == _SPACES.sub(" ", line.strip(_EDGE)).casefold().strip()


@given(st.text(alphabet="ab \n\t\u3000\x1c", max_size=12), st.integers(0, 6))
def test_at_most_words_is_the_word_count_bound(text, words):
    assert blocks._at_most(text, words) == (len(text.split()) <= words)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n\r\t\u3000\x1c\x85", max_size=200), st.integers(1, 12))
def test_core_word_limits_are_python_word_counts(text, words):
    """A line rule with `max_words` looks at the lines `str.split()` counts within it."""
    found = _core.LineRules([([], ["."], "anywhere", 3, words)]).find(text)
    lines = split_lines(text)
    assert found == ([(0, i) for i, line in enumerate(lines) if not line.blank and len(line.body.split()) <= words], [], [])
