"""The core's pattern-rule matching finds what Python's `regex` finds with `finditer`.

Pattern rules are written for Python's `regex` module; the core runs each in the `regex` crate
or `fancy-regex` (`patternrules::translate_text`), and hands back to Python a pattern neither
reads the same way, or a text holding a character the engines' Unicode tables do not share.
Here every pattern rule of the packs runs in both engines over whole documents of the
benchmark corpora (as they are, with CRLF line ends, and with whitespace made untidy so the
whitespace rules have something to find), over hand-written edge cases and over random text;
the spans (match start, group start, group end) must be the same code-point offsets.
"""

from __future__ import annotations

import functools
import hashlib

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import golden
from tests.conftest import ROOT, shared_path
from textclean import _core
from textclean.rules.kinds import PatternRule, PatternRules, SwapRule
from textclean.rules.kinds.pattern import CoreTemplate, core_template
from textclean.rules.loader import load_rules

# (pattern, group), or (pattern, group, template as the core expands it)
Spec = tuple[str, int] | tuple[str, int, CoreTemplate | None]


@functools.cache
def pack_rules() -> list[PatternRule]:
    rules = load_rules()
    pool = rules.all_rules or rules.rules  # the opt-in rules too
    return sorted((r for r in pool if isinstance(r, PatternRule)), key=lambda r: r.code)


def pack_specs() -> list[Spec]:
    return [r.core_spec for r in pack_rules()]


def python_matches(spec: Spec, text: str) -> list[tuple[int, int, int]]:
    pattern, group = spec[0], spec[1]
    out = []
    for m in regex.finditer(pattern, text):
        start, end = m.span(group)
        if start >= 0:
            out.append((m.start(), start, end))
    return out


def python_expanded(spec: Spec, text: str) -> list[str]:
    """The rule's template expanded by Python's `regex` on each match."""
    pattern, group, template = spec  # type: ignore[misc]
    assert template is not None
    written = "".join(f"{piece}\\g<{number}>" for piece, number in template[0]) + template[1]
    return [m.expand(written) for m in regex.finditer(pattern, text) if m.span(group)[0] >= 0]


def assert_same(specs: list[Spec], texts: list[str]) -> int:
    """Both engines on every text; the number of (rule, text) pairs the core decided."""
    core = _core.PatternRules(specs)
    decided = 0
    for text in texts:
        hits, python, timed_out = core.find(text)
        assert timed_out == [], (timed_out, text[:80])
        got = {n: matches for n, matches, _ in hits}
        news = {n: new for n, _, new in hits if new is not None}
        for n, spec in enumerate(specs):
            if n in python:
                continue
            decided += 1
            want = python_matches(spec, text)
            assert got.get(n, []) == want, f"{spec[0]!r} on {text[:200]!r}"
            if n in news:
                assert news[n] == python_expanded(spec, text), f"{spec[0]!r} on {text[:200]!r}"
    return decided


def test_pack_patterns_run_in_rust():
    engines = dict(zip([r.code for r in pack_rules()], _core.PatternRules(pack_specs()).engines(), strict=True))
    assert len(engines) >= 14
    assert {code for code, e in engines.items() if e == "python"} == set()
    assert {r.code: r.engine for r in pack_rules()} == engines


# Texts that tell the engines' readings apart: CRLF and lone CR, the BOM, zero-width and C1
# characters, non-breaking spaces, astral characters and combining marks next to the rules'
# characters (offsets are code points, not bytes or UTF-16 units), Markdown marks, quotes,
# year ranges and letters of other scripts next to apostrophes.
EDGE_CASES = [
    "",
    "\n",
    "\r\n\r\n",
    "a",
    "\ufeff\n\nTitle\n",
    "\ufeff",
    "\n \n\t\nBody",
    "Body  \nmore\t\r\nend \u00a0",
    "Body\n\n\n\nnext\r\n\r\n\r\n\r\nlast\n\n",
    "Body\r\n \r\n\r\n",
    "Body\n\u00a0\n\n",
    "end\r",
    "a\r\rb\r\n\r\n\r\nc",
    "𝔘𝔫𝔦 \n\n\n😀  \u00a0x 😀\u00a0\u00a0y",
    "e\u0301 \u00a0 \u0301x",
    "## Heading\n###### six\n####### seven\n#no\n  # indented",
    "# 😀 astral heading",
    "zero\u200bwidth\u2060and\ufeffbom, Lati\u200cn and Ελλ\u200dηνικά, a\u200db",
    "\u200c\u200d\ufffc\ufff9\u206a",
    "ctrl\x00\x07\x0b\x0c\x0e\x1f\x7f and tab\tnewline\n",
    "c1 \x80\x85\x9f\x9f and \x80",
    "soft\u00adhy\u00adphen",
    'He said "hello there" and "x" then ""',
    '"quoted at start" "😀 astral quote"',
    "'word' don't l'été ὁ'ὁ 日本'語 İ'ı",
    "1998-2004, 2020-2021, 1400-1500, 12020-2021, 2020-20211, 1999–2000, 1999-2000-2001",
    "a -- b, a--b, 😀 -- 😀, -- start",
    "x \u00a0 y, x\u00a0\u00a0y, x  y, x \u00a0\u00a0 \u00a0y",
    "\u2028line\u2029sep\x85nel \n",
    "Straße ΣΟΦΊΑ ǅ \u0130stanbul \u0131 \u212a",
]


def test_pack_patterns_agree_on_edge_cases():
    texts = EDGE_CASES + [t.replace("\n", "\r\n") for t in EDGE_CASES]
    assert assert_same(pack_specs(), texts) > len(texts) * 10


def test_a_lone_surrogate_leaves_every_rule_to_python():
    rules = pack_rules()
    matcher = PatternRules(rules)
    text = "a\ud800  \nb\u200bc\n\n\n"
    found = matcher.find(text)
    assert set(found) == set(range(len(rules)))
    for n, rule in enumerate(rules):
        assert found[n].findings(text) == rule.python_find(text, 2.0)


def untidy(text: str) -> str:
    """`text` with what the whitespace and markup rules look for: trailing spaces, blank-line
    runs, non-breaking spaces, a leading blank line and a heading mark."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        if i % 7 == 1:
            line += " \t"
        if i % 11 == 2:
            line = line.replace(" ", " \u00a0", 1)
        if i % 13 == 3:
            line = "## " + line
        out.append(line)
        if i % 5 == 4:
            out.append("  ")
    return "\n \n" + "\n".join(out) + "\n\n\n"


def hash_of(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


@functools.cache
def corpus_sample() -> list[str]:
    texts: set[str] = set()
    for corpus in golden.CORPORA:
        if not corpus.in_repo:
            for path in corpus.paths:
                shared_path(*path.split("/"))
        for _, doc in golden.documents(corpus, ROOT.parent / "shared"):
            texts.add(doc.text)
    # A fixed sample, the same each run: every document would take minutes in Python.
    return sorted(texts, key=hash_of)[:250]


def test_pack_patterns_agree_on_the_corpora():
    sample = corpus_sample()
    assert len(sample) >= 200
    assert assert_same(pack_specs(), sample) > len(sample) * 10


def test_pack_patterns_agree_on_untidy_corpus_text():
    sample = corpus_sample()[:120]
    texts = [untidy(t) for t in sample] + [t.replace("\n", "\r\n") for t in sample[:60]]
    assert assert_same(pack_specs(), texts) > len(texts) * 10


ALPHABET = "ab A'\"-#\t\n\r\u00a0\u200b\u200c\ufeff\x01\x85\u00ad19 20😀\u0301é.Ωİ"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_pack_patterns_agree_on_random_text(text):
    assert_same(pack_specs(), [text])


# Patterns of user rule files: the syntax each engine reads, groups by number and by name.
USER_PATTERNS: list[tuple[str, int, str]] = [
    (r"\bcolour\b", 0, "rust"),
    (r"(?i)\bteh\b", 0, "rust"),
    (r"(\d+)\s*(?:km|kilometres)", 1, "rust"),
    (r"(?m)^\s*[-*]\s+$", 0, "rust"),
    # one-character look-arounds at the edges: consumed, in the regex crate
    (r"(?<=\d) (?=%)", 0, "rust"),
    (r"\w+(?=:)", 0, "rust"),
    (r"(?<![\w@])@\w+", 0, "rust"),
    (r"(?<=\s)(\d)(\d*)(?=%)", 2, "rust"),  # the pattern's own groups, by number
    (r"(?<=\d\d) (?=%)", 0, "fancy"),
    (r"\w+(?=: )", 0, "fancy"),
    (r"(?<=a)b|c", 0, "rust"),
    (r"(a)|(?<=b)c", 0, "fancy"),  # alternatives with a group of their own
    (r"x$", 0, "python"),  # `$` before a final "\n" in Python only
    (r"(a)\1", 0, "python"),
    (r"a*", 0, "python"),  # an empty match
    (r"(?r)ab", 0, "python"),
    (r"(?x) a b ", 0, "python"),
]
USER_TEXTS = [
    "The colour of teh TEH sky, 12 km and 3kilometres, 50 %, 7 %.\n- \n * \nNote: x\n@me a@b",
    "colour\r\ncolourful\r\n  -  \r\n",
    "x\n",
    "aa ab ab",
    "rates 12% and 7%, 100%% 5 %",
]


@pytest.mark.parametrize(("pattern", "group", "engine"), USER_PATTERNS)
def test_user_patterns_take_the_engine_that_reads_them(pattern, group, engine):
    core = _core.PatternRules([(pattern, group)])
    assert core.engines() == [engine]
    if engine != "python":
        assert assert_same([(pattern, group)], USER_TEXTS) == len(USER_TEXTS)


def test_named_groups_and_swap_rules_match_as_in_python(tmp_path):
    (tmp_path / "km.yml").write_text(
        "code: XX001\nname: km\nsummary: km\nlevel: info\nkind: pattern\n"
        "pattern: '(?P<n>\\d+)\\s*km'\ngroup: n\nfix:\n  replace: '\\g<n> km'\n  safety: safe\n"
        "examples:\n  - {text: '5km', finds: ['5']}\n",
        encoding="utf-8",
    )
    (tmp_path / "swap.yml").write_text(
        "code: XX002\nname: swap\nsummary: swap\nlevel: info\nkind: swap\nignore_case: true\n"
        "swap: {colour: color, 'e-mail': email}\nfix:\n  safety: safe\n"
        "examples:\n  - {text: 'Colour', finds: ['Colour']}\n",
        encoding="utf-8",
    )
    rules = load_rules([tmp_path], defaults=False).rules
    assert len(rules) == 2
    text = "5km and 12  km; COLOUR, colourful, E-Mail, ſcolour 😀colour"
    for rule in rules:
        assert isinstance(rule, PatternRule | SwapRule)
        assert rule.engine in ("rust", "fancy")
        assert rule.find(text) == rule.python_find(text, 2.0)
        assert rule.find(text)


# Templates with group references the core expands: by number, by name, a group that took no
# part in the match (empty, as in Python), and literal text around them.
TEMPLATES = [
    (r"(\r?\n)(?:[ \t]*\r?\n){2,}", 0, r"\1\1"),
    (r"(?P<n>\d+)\s*(km)", 0, r"<\g<n>|\2|\g<0>>"),
    (r"(a)|(b)", 0, r"[\1\2]"),
    (r"(a)(b)", 2, r"“\g<1>”"),
]


@pytest.mark.parametrize(("pattern", "group", "template"), TEMPLATES)
def test_the_core_expands_templates_as_python_does(pattern, group, template):
    spec = (pattern, group, core_template(regex.compile(pattern), template))
    assert spec[2] is not None
    texts = [*USER_TEXTS, "ab 12km\n\n\n\nba\r\n\r\n \r\n5 km b"]
    assert assert_same([spec], texts) == len(texts)
    found = [news for text in texts for _, _, news in _core.PatternRules([spec]).find(text)[0]]
    assert found and all(news is not None for news in found)


@given(st.text(alphabet="ab\\g<>12n0x9", max_size=12))
@settings(max_examples=300, deadline=None)
def test_core_templates_read_as_python_reads_them(template):
    compiled = regex.compile(r"(?P<n>a)(b)?")
    read = core_template(compiled, template)
    if read is None:
        return
    written = "".join(f"{piece}\\g<{number}>" for piece, number in read[0]) + read[1]
    for text in ("ab", "a"):
        m = compiled.match(text)
        assert m is not None
        assert m.expand(written) == m.expand(template)
