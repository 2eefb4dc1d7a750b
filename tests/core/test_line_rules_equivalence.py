"""The core's line-rule matching reads every default-pack pattern as Python's `regex` does.

Line patterns are written for Python's `regex` module; the core runs them in the `regex` crate
(or `fancy-regex`) after `linerules::translate`. Here each pattern runs in both engines over the
line bodies of the benchmark corpora and over hand-written tricky lines, and the character
classes the packs use are compared over every code point. A line the core hands back to Python
(a character the engines' Unicode tables do not share) is left out of the comparison: Python
decides it, so it cannot differ.
"""

from __future__ import annotations

import functools

import pytest
import regex

from benchmarks import golden
from tests.conftest import ROOT, shared_path
from textclean import _core
from textclean.rules.kinds import LineRule
from textclean.rules.loader import load_rules
from textclean.text.lines import split_lines
from textclean.text.phrases import normalise_phrase


@functools.cache
def pack_patterns() -> list[str]:
    patterns = {p for rule in load_rules() if isinstance(rule, LineRule) for p in rule.spec.patterns}
    return sorted(patterns)


def core_hits(patterns: list[str], bodies: list[str]) -> tuple[set[tuple[int, int]], set[int]]:
    """(pattern, line) hits of each pattern alone on each body, and the lines left to Python."""
    rules = _core.LineRules([([], [p], "anywhere", 3, None) for p in patterns])
    hits, deferred, timed_out = rules.find("\n".join(bodies))
    assert timed_out == []
    return set(hits), {line for _, line in deferred}


def python_hits(patterns: list[str], bodies: list[str]) -> set[tuple[int, int]]:
    out = set()
    for n, pattern in enumerate(patterns):
        compiled = regex.compile(pattern)
        out.update((n, i) for i, body in enumerate(bodies) if compiled.search(body))
    return out


def assert_same(patterns: list[str], bodies: list[str]) -> None:
    assert all("\n" not in b and "\r" not in b and b.strip() for b in bodies)
    got, deferred = core_hits(patterns, bodies)
    want = {(n, i) for n, i in python_hits(patterns, bodies) if i not in deferred}
    diff = sorted(got ^ want)
    assert not diff, "\n".join(
        f"{'core' if d in got else 'python'} only: {patterns[d[0]]!r} on {bodies[d[1]]!r}" for d in diff[:10]
    )


def test_every_pack_pattern_runs_in_rust():
    engines = {p: _core.Probe(p).engine for p in pack_patterns()}
    assert len(engines) > 300
    assert {p for p, e in engines.items() if e == "python"} == set()
    assert sum(e == "fancy" for e in engines.values()) <= 2


# Lines that tell the engines' readings apart: case folding (ß, Kelvin sign, long s, final
# sigma, dotted and dotless i), \b and \w around marks and digits, \s and \x1c-\x1f, U+0085,
# `$` before the end, Unicode letters of many scripts, and the packs' own words in odd cases.
TRICKY = [
    "SHARE", "ſhare", "Share\x1c", "\x1cshare", "share\u0085", "share\u2028", "ſhare this",
    "\u212aommentare (3)", "KOMMENTARE (3)", "kommentare\u00a0(3)", "3 Comments\u2003", "٣ comments",
    "Read more: x", "READ MORE » ab", "lesen sie auch: Straße", "LESEN SIE AUCH: STRASSE",
    "İstanbul haberleri", "ISTANBUL", "ıstanbul", "Copyright © 2024 ΣΟΦΊΑ", "copyright ǅ",
    "© Ǆungla", "Photo: AFP", "PHOTO: afp/Getty", "Foto: dpa", "Bild: Ⓚeystone",
    "Advertisement", "ADVERTISEMENT\u200b", "advertisement\u0301", "Anzeige", "ANZEIGE ",
    "12 min read", "١٢ min read", "5 minutes ago", "vor 5 Minuten", "il y a 5 minutes",
    "Follow us on Twitter", "follow US on", "Sign up for our newsletter", "SIGN UP for the daily briefing",
    "Posted on 12.03.2021", "Updated: March 3, 2022", "Published 2 hours ago", "published",
    "Veröffentlicht am 3. März", "VERÖFFENTLICHT AM 3. MÄRZ", "updated\u00a0on 2021",
    "John Smith is a reporter at The Times.", "JOHN SMITH IS A REPORTER", "éric Dupont est journaliste",
    "（记者 张三）", "(記者 王小明)", "記者・山田太郎", "기자 홍길동", "홍길동 기자",
    "Личный архив Иванова", "ЛИЧНЫЙ АРХИВ", "Фото: РИА Новости", "فيديو", "תמונה: רויטרס",
    "All rights reserved.", "ALL RIGHTS RESERVED", "Alle Rechte vorbehalten", "Tous droits réservés",
    "Click here to subscribe", "CLICK HERE", "share share share share share share share share share",
    "Tags: politics, economy", "TAGS:", "Filed under: News", "Related: something else entirely",
    "« Previous | Next »", "← Back to top", "Back to top ↑", "Skip to content", "Menu",
    "a" * 300, "Share " + "x" * 200, "Comments (12)", "comments(12)", "12 Comments", "0 comments",
    "\u0130 comments", "İ", "ı", "\u0295", "ʕ comments", "x\u0345", "K", "k", "\u212a",
]


def test_pack_patterns_agree_on_tricky_lines():
    assert_same(pack_patterns(), [b for b in TRICKY if b.strip()])


def test_pack_patterns_agree_on_the_corpora():
    bodies: set[str] = set()
    for corpus in golden.CORPORA:
        if not corpus.in_repo:
            for path in corpus.paths:
                shared_path(*path.split("/"))
        for _, doc in golden.documents(corpus, ROOT.parent / "shared"):
            bodies.update(line.body for line in split_lines(doc.text) if not line.blank and len(line.body.split()) <= 80)
    # Every body would take minutes in Python; a fixed sample of them, the same each run.
    sample = sorted(bodies, key=lambda b: hash_of(b))[:12000]
    assert len(sample) > 5000
    assert_same(pack_patterns(), sample)


def hash_of(text: str) -> str:
    import hashlib

    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


# Every code point the core reads itself (not a line break, not one it hands to Python),
# one per line between "<" and ">", so that a class is compared in one pass of each engine.
@functools.cache
def code_point_lines() -> tuple[list[int], str]:
    unknown = bytearray(0x110000)
    for lo, hi in _core.regex_unassigned():
        unknown[lo : hi + 1] = b"\x01" * (hi - lo + 1)
    points = [c for c in range(0x110000) if not unknown[c] and not 0xD800 <= c < 0xE000 and c not in (10, 13)]
    return points, "".join(f"<{chr(c)}>\n" for c in points)


def compare_classes(classes: list[str]) -> list[str]:
    """Each `class` alone between "<" and ">" over every code point, in both engines."""
    points, text = code_point_lines()
    patterns = [f"{flags}^<{body}>$" for flags, body in (split_flags(c) for c in classes)]
    hits, deferred, _ = _core.LineRules([([], [p], "anywhere", 3, None) for p in patterns]).find(text)
    assert deferred == []
    by_pattern: dict[int, set[int]] = {}
    for n, line in hits:
        by_pattern.setdefault(n, set()).add(line)
    out = []
    for n, pattern in enumerate(patterns):
        want = {m.start() // 4 for m in regex.finditer("(?m)" + pattern.replace("(?i)", ""), text, flags=flag_of(pattern))}
        got = by_pattern.get(n, set())
        if got != want:
            diff = sorted(got ^ want)[:5]
            out.append(f"{classes[n]}: {[hex(points[i]) for i in diff]}")
    return out


def split_flags(cls: str) -> tuple[str, str]:
    return ("(?i)", cls[4:]) if cls.startswith("(?i)") else ("", cls)


def flag_of(pattern: str) -> int:
    return regex.IGNORECASE if pattern.startswith("(?i)") else 0


@functools.cache
def pack_classes() -> list[str]:
    """The class escapes of the default packs' line patterns (\\w, \\p{L}, ...)."""
    found = {m for p in pack_patterns() for m in regex.findall(r"\\[pP]\{\w+\}|\\[pP]\w|\\[wWdDsS]", p)}
    return sorted(found)


def test_unicode_classes_agree_on_every_code_point():
    names = "L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp"
    scripts = "Latin Greek Cyrillic Han Hangul Hiragana Katakana Arabic Hebrew Thai Devanagari"
    classes = [rf"\p{{{n}}}" for n in (names + " " + scripts).split()]
    classes += [r"\w", r"\W", r"\d", r"\D", r"\s", r"\S", ".", r"\P{L}"]
    assert set(pack_classes()) <= set(classes), "a pack uses a class this test does not compare"
    folded = [f"(?i){c}" for c in classes + [r"[\p{Lu}\p{L}.'-]", r"[a-z]", r"[^a-z\d]"]]
    assert compare_classes(classes + folded) == []


def test_case_folding_of_pack_letters_agrees():
    letters = sorted({c for p in pack_patterns() for c in p if c.isalpha()})
    assert len(letters) > 100
    assert compare_classes(["(?i)[" + "".join(regex.escape(c) for c in letters) + "]"]) == []
    # Each letter alone, over the code points that any of them matches.
    points, _ = code_point_lines()
    union = regex.compile("(?i)[" + "".join(regex.escape(c) for c in letters) + "]")
    near = [chr(c) for c in points if union.fullmatch(chr(c))]
    patterns = ["(?i)^" + regex.escape(c) + "$" for c in letters]
    assert_same(patterns, near)


def test_a_word_boundary_agrees_next_to_every_code_point():
    assert compare_classes([r"\b\w?", r"\B.?"]) == []


def test_lines_and_phrase_keys_equal_python():
    texts = ["", "\n", "a\r\nb\rc\n\nd", "x\r", "\r\n\r\n", " \u3000\n\x1c\nz", "a\n\n"]
    for text in texts:
        want = [(line.start, line.body_end, line.end, line.blank) for line in split_lines(text)]
        assert _core.split_lines(text) == want, repr(text)
    for line in TRICKY + ["  » Read   MORE: ", "a\x1cb  c\x1f", "\x1f » x", "…", "Ǆ\u00a0ß"]:
        assert _core.phrase_key(line) == normalise_phrase(line), repr(line)


@pytest.mark.parametrize("pattern", [r"(a)\1", r"a(?i)b", r"[[:alpha:]]", r"(?x) a", r"a++"])
def test_syntax_only_python_reads_stays_in_python(pattern):
    assert _core.Probe(pattern).engine == "python"
