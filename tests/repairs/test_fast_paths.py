"""Fast paths of the repairs equal the plain regex scans they replace.

Each reference below is the code as it was before the fast path: the property tests run both
over texts drawn from a small alphabet rich in the characters the patterns care about.
"""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.reference import checks, layout
from tests.core.reference import compounds as ref_compounds
from tests.core.reference import dropcaps as ref_dropcaps
from tests.core.reference import hyphens as ref_hyphens
from tests.core.reference import metrics as ref_metrics
from tests.core.reference import words as ref_words
from textclean.corpus.vocab import Vocabulary, build_vocabulary, using_vocabulary
from textclean.lexicon import using_lexicon
from textclean.repairs import metrics, words

_ALPHABET = "aAbBzZéÉß- \t\r\n'\"‘’“”,.1"
# Single characters and a few longer pieces, so that blank lines and words come up often.
_PIECES = [*_ALPHABET, "ab", "Ab", "\n\n", "\r\n", "\n \n", "x- y"]
texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)

_PARAGRAPH_BREAK = regex.compile(
    r"(?P<last>[\p{L}\p{N},])(?P<gap>[ \t]*(?:\r?\n[ \t]*){2,})(?=\p{Ll}+(?![\p{Lu}\p{N}]))"
)


@settings(max_examples=1000, deadline=None)
@given(texts)
def test_paragraph_breaks_equal_the_regex(text: str) -> None:
    want = [(m.start("gap"), m.end("gap")) for m in _PARAGRAPH_BREAK.finditer(text)]
    assert list(layout._paragraph_breaks(text)) == want


_SLID_QUOTE = regex.compile(
    r"(?m)^(?P<head>[^\n'\"‘’“”]{2,200}?)(?P<close>['\"’”])(?P<gap>[ \t]*\r?\n(?:[ \t]*\r?\n)+)"
    r"(?P<open>['\"‘“])(?=\p{L})"
)


@settings(max_examples=1000, deadline=None)
@given(texts)
def test_slid_quotes_equal_the_regex(text: str) -> None:
    want = [m.span() for m in _SLID_QUOTE.finditer(text)]
    assert [m.span() for m in layout._slid_quotes(text)] == want


_DROP_CAP_PIECES = [*_PIECES, "T", "T he", "\u0130", "\u01c5", "\u2028", "\x85", "\n\u00c9 t", "\u0101"]
_DROP_CAP_CORPORA = [None, build_vocabulary(["The ab Tab", "\u00c9t"])]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_DROP_CAP_PIECES), max_size=40).map("".join), st.sampled_from(_DROP_CAP_CORPORA))
def test_drop_cap_finder_equals_the_reference(text: str, corpus: Vocabulary | None) -> None:
    # The lexicon off: every drop cap the scan finds is judged by the document and the corpus.
    with using_vocabulary(corpus), using_lexicon("off"):
        assert list(words.find_drop_cap(text)) == list(ref_dropcaps.find_drop_cap(text))


# Capitals and rests of English, German, Spanish and Russian words (one-letter words before
# words, rests without vowels, unlisted joins), line breaks, and prose to wrap them in.
_DROP_CAP_WORDS = [
    "T he", "W orried", "A rose", "A gent", "A nd", "A pple", "T rulk", "E coli", "C ones", "C ash",
    "D er", "B ekämpfung", "E se", "U na", "e hijos", "С лить", "с горы", "E in", "I can", "X rays",
    "ash", "the ferry left the quay with the", "USB type", "\n", "\n\n", " ", ". ", "ÿ", "İ",
]


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(_DROP_CAP_WORDS), max_size=14).map("".join),
    st.sampled_from(_DROP_CAP_CORPORA),
    st.sampled_from(["en", "de", "es", "ru", "auto"]),
)
def test_drop_cap_finder_equals_the_reference_with_the_lexicon(
    text: str, corpus: Vocabulary | None, setting: str
) -> None:
    with using_vocabulary(corpus), using_lexicon(setting):
        assert list(words.find_drop_cap(text)) == list(ref_dropcaps.find_drop_cap(text))


@settings(max_examples=1000, deadline=None)
@given(st.text())
def test_letter_ratio_counts_every_character(text: str) -> None:
    spaces = sum(c.isspace() for c in text)
    letters = len(regex.findall(r"\p{L}", text))
    assert ref_metrics._spaces_and_letters(text) == (spaces, letters)
    visible = float(len(text) - spaces)
    assert metrics.letter_ratio(text) == (letters / visible if visible else 1.0)
    assert metrics.char_count(text) == visible


def test_letter_ratio_examples() -> None:
    for text in ["", " ", "ab12", "é\x85 \u3000ab\u2028", "\ud800a\udc00", "\ud800\udc00x", "東京 – it’s"]:
        test_letter_ratio_counts_every_character.hypothesis.inner_test(text)  # type: ignore[attr-defined]


_LINE = regex.compile(r"(?m)^[ \t]*(?P<body>\S[^\n]*?)[ \t]*\r?$")
_LINE_PIECES = [*_PIECES, "\r\r", " \r", "\x85", "\x1c", "\xa0", "\u2028", "\x0b", "\x0c", "\r\n\r"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=40).map("".join))
def test_line_bodies_equal_the_regex(text: str) -> None:
    want = [m.span("body") for m in _LINE.finditer(text)]
    assert list(checks._line_bodies(text)) == want


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["ab", "a-b", "İ", "ı", "I", "ß", "ss", "-", " ", "ab-ab", "aİ-ıb", "abab"]), max_size=20).map("".join))
def test_unhyphenated_compound_folds_as_fold_does(text: str) -> None:
    # The core's SW004 looks for a closed form of the text's compounds in the folded text
    # first (the Python gate's test), then scans the words.
    with using_lexicon("off"):
        assert list(words.find_unhyphenated_compound(text)) == list(ref_compounds.find_unhyphenated_compound(text))


# Characters whose casefold is longer, changes a word's letters or is not a letter, and
# whitespace that `str.split()` splits at but "\n" does not.
_ODD_CASE = ["ß", "SS", "ss", "ẞ", "İ", "i\u0307", "i", "I", "ı", "ﬁ", "fi", "FI", "Σ", "σ", "ς", "\u0345", "ǰ", "ŉ"]
_ODD_SPACE = ["\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0", "\u2028", "\u3000", "\r", "\t", "\x0b", "\x0c"]


def test_casefold_keeps_whitespace_apart_from_the_rest() -> None:
    # What the fast paths below rely on: a whitespace character casefolds to itself and any
    # other character to one or more characters that are not whitespace.
    for cp in range(0x110000):
        c = chr(cp)
        folded = c.casefold()
        if c.isspace():
            assert folded == c, hex(cp)
        else:
            assert folded and not any(f.isspace() for f in folded), hex(cp)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from([*_ODD_CASE, *_ODD_SPACE, "a", "A", " ", "\n"]) | st.characters()).map("".join))
def test_casefold_folds_each_character_on_its_own(text: str) -> None:
    assert text.casefold() == "".join(c.casefold() for c in text)


def _repeated_lines_plain(text: str) -> bool:
    """`checks.may_have_repeated_lines` before its buckets."""
    keys = list(map(tuple, filter(None, map(str.split, text.casefold().split("\n")))))
    return len(set(keys)) < len(keys)


_LINE_WORDS = ["ab", "Ab", "AB", "cd", "ab cd", *_ODD_CASE]
_LINE_GAPS = [" ", "  ", *_ODD_SPACE, ""]
_lines = st.lists(
    st.tuples(st.sampled_from(_LINE_GAPS), st.sampled_from(_LINE_WORDS)).map("".join), max_size=4
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_lines, max_size=8).map("\n".join))
def test_repeated_lines_gate_equals_the_plain_set(text: str) -> None:
    assert checks.may_have_repeated_lines(text) == _repeated_lines_plain(text)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_repeated_lines_gate_equals_the_plain_set_on_any_text(text: str) -> None:
    assert checks.may_have_repeated_lines(text) == _repeated_lines_plain(text)


def test_repeated_lines_gate_examples() -> None:
    for text in [
        "", "\n", "a\na", "a b\na  b", "a b\nb a", "Straße x\nSTRASSE x", "ﬁx a\nFIX a", "İ a\ni\u0307 a",
        "ı a\ni a", "a\x1cb\na b", "a\x85b\na b", "a\u2028b\na\u3000b", "a\rb\na b\r", " a \n\ta\t",
        "a b c\na c", "a b c\na c\na b c", "x y\nx z y\nx y", "σ\nς", "Σ a\nσ a",
    ]:
        assert checks.may_have_repeated_lines(text) == _repeated_lines_plain(text), text


_COMPOUND_PIECES = ["ab", "a", "B", "cd", "abcd", "-", "--", " ", "\n", "1", "_", *_ODD_CASE, "\u0307", "ab-cd", "a-b"]
_CLOSED_PIECES = [*_COMPOUND_PIECES, "abab", "ABAB", "ab-ab", "ab-ab-ab", "ab-", "-ab", "abcd-ab", "é", "\u0301", "ǅ", "x1"]
_COMPOUND_CORPORA = [
    None,
    build_vocabulary(["no compounds"]),
    build_vocabulary(["ab-ab abcd-ab stra-sse ab-ab-ab", "a-bab abcd-ab stra-sse abcdab"]),
    build_vocabulary(["ab-ab abcd-ab ab-cd x-abcd abcd-ab ab-ab cd-cd", "abcd ab-cd"], includes_documents=True),
]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_CLOSED_PIECES), max_size=20).map("".join), st.sampled_from(_COMPOUND_CORPORA))
def test_unhyphenated_compound_equals_the_reference(text: str, corpus: Vocabulary | None) -> None:
    # The lexicon off: the document's and the corpus's compounds, and the scans.
    with using_vocabulary(corpus), using_lexicon("off"):
        assert list(words.find_unhyphenated_compound(text)) == list(ref_compounds.find_unhyphenated_compound(text))


def test_unhyphenated_compound_examples() -> None:
    for text in [
        "A fivepoint plan. The five-point plan, FivePoint.", "ab-cd-ef abcd cdef", "x-ab-cd abcd",
        "Five-Point fivepoint five-point fivepoint", "ab-cd1 abcd", "ab_cd-ef cdef", "Straße-ab strasseab",
        "1abcd abcd- abcd-ab-cd abcdab", "ss-ss ßßß ssss-ss ßßßß", "abab -abab abab- ABAB abab",
        "cdcd cdcd ab-ab abab", "abcdab abcdab", "İab-ab i\u0307abab",
    ]:
        for corpus in _COMPOUND_CORPORA:
            test_unhyphenated_compound_equals_the_reference.hypothesis.inner_test(text, corpus)  # type: ignore[attr-defined]


# Compounds of English with closed forms the lexicon knows (`online`, `startup`) or not.
_COMPOUND_WORDS = [
    "online", "on-line", "startup", "start-up", "fivepoint", "five-point", "Fivepoint", "email",
    "e-mail", "coworking", "co-working", "inline", "in-line", "-", " ", ". ", "\n",
]
_COMPOUND_WORD_CORPORA = [
    None,
    build_vocabulary(["the five-point plan, co-working, e-mail, on-line, start-up, in-line-block"]),
    build_vocabulary(["five-point co-working online coworking", "in-line"], includes_documents=True),
]


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(_COMPOUND_WORDS), max_size=14).map("".join),
    st.sampled_from(_COMPOUND_WORD_CORPORA),
    st.sampled_from(["off", "en", "de", "auto"]),
)
def test_unhyphenated_compound_equals_the_reference_with_the_lexicon(
    text: str, corpus: Vocabulary | None, setting: str
) -> None:
    with using_vocabulary(corpus), using_lexicon(setting):
        assert list(words.find_unhyphenated_compound(text)) == list(ref_compounds.find_unhyphenated_compound(text))


# Words that join to words of the text ("ab" + "cd"), case pairs whose casefold differs in
# length or is no letter (İ folds to i and a combining dot, which ends a word), and the gaps.
_SPLIT_PIECES = [
    "ab", "cd", "abcd", "ABCD", "Ab", "CD", "ab-cd", "AB-CD", "- ", "-\t", "-\n", "-\r\n", " ", "\n",
    "-", "x", "é", "É", "1", *_ODD_CASE, "\u0307", "\u0130cd", "ab\u0130", "stra", "ße", "sse",
    "and", "Or",
]
_CORPORA = [None, build_vocabulary(["abcd ab-cd straße fix", "ab-cd i\u0307cd"])]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_SPLIT_PIECES), max_size=24).map("".join), st.sampled_from(_CORPORA))
def test_split_word_finders_equal_the_plain_counts(text: str, corpus: Vocabulary | None) -> None:
    # The lexicon off: these check how the document and the corpus are counted, and the scans.
    with using_vocabulary(corpus), using_lexicon("off"):
        assert list(words.find_spaced_hyphenation(text)) == list(ref_hyphens.find_spaced_hyphenation(text))
        assert list(words.find_line_end_hyphenation(text)) == list(ref_hyphens.find_line_end_hyphenation(text))


# Words of English and German with parts that are words or not, suspended compounds, cases.
_LEXICON_PIECES = [
    "com", "munity", "well", "known", "inter", "national", "thous", "and", "Und", "Haupt", "satz",
    "aus", "legen", "üb", "erstellte", "unbudge", "ably", "self", "esteem", "con", "dados", "qx",
    "zz", "x", "ray", "Kasparov", "style", "gas", "taba", "EINSENDUNG", "ein", "sendung", "ǅ", "ß",
    "-", "- ", "-\n", "-\r\n", " -\t", "-\n ", " ", "\n", ".", "1",
]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(_LEXICON_PIECES), max_size=16).map("".join),
    st.sampled_from(_CORPORA),
    st.sampled_from(["en", "de", "es", "auto"]),
)
def test_split_word_finders_equal_the_reference_with_the_lexicon(
    text: str, corpus: Vocabulary | None, setting: str
) -> None:
    with using_vocabulary(corpus), using_lexicon(setting):
        assert list(words.find_spaced_hyphenation(text)) == list(ref_hyphens.find_spaced_hyphenation(text))
        assert list(words.find_line_end_hyphenation(text)) == list(ref_hyphens.find_line_end_hyphenation(text))


def test_split_word_finders_with_the_lexicon_examples() -> None:
    for text, setting in [
        ("A com-\nmunity, a well- known chef, a thous-\nand men, local-\nand cloud.", "en"),
        ("Ein Haupt-\nund Nebensatz, aus-\nlegen, üb-\nerstellte, EINSENDUNG, ein- sendung.", "de"),
        ("Los con-\ndados y gas- taba, Kasparov-\nstyle, unbudge-\nably, self- esteem.", "es"),
        ("The unbudge-\nably Kasparov-\nstyle x-\nray and qx-\nzz.", "en"),
    ]:
        test_split_word_finders_equal_the_reference_with_the_lexicon.hypothesis.inner_test(  # type: ignore[attr-defined]
            text, None, setting
        )


def test_split_word_finders_examples() -> None:
    for text in [
        "An inter- national fair. The international guests came.",
        "A well- known chef. The well-known chef smiled.",
        "An inter-\nnational fair. The international guests came.",
        "Stra- ße and STRASSE", "Stra- sse and Straße", "İ- cd and i\u0307cd", "ab\u0130- cd ab\u0130cd",
        "ab- cd AB-CD ab-cd abcd", "ab- cd-ef ab-cd-ef", "x-ab- cd ab-cd", "ﬁ- x and FIX and ﬁx",
    ]:
        test_split_word_finders_equal_the_plain_counts.hypothesis.inner_test(text, None)  # type: ignore[attr-defined]


_GLUED_PIECES = [
    "ab", "Cd", "CD", "a", "B", ".", "!", "?", " ", "\n", "1", "_", "é", "É", "жа", "Жа", "λα", "Λα",
    "ǅ", "ß", "a.b.", "/", "x", "\u00a0", "ª", "Ⴀ", "ⴀ",
]


_GLUED_CORPORA = [None, build_vocabulary(["abCd abcd", "жаЖа"])]


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(st.sampled_from(_GLUED_PIECES), max_size=24).map("".join),
    st.sampled_from(_GLUED_CORPORA),
    st.sampled_from(["off", "en", "ru", "auto"]),
)
def test_glued_words_equal_the_python_scan(text: str, corpus: Vocabulary | None, setting: str) -> None:
    # The pairs the core's scan (`glued_to_judge`) finds and leaves, judged by the lexicon.
    with using_vocabulary(corpus), using_lexicon(setting):
        assert list(words.find_glued_words(text)) == list(ref_words.find_glued_words(text))


def test_glued_words_examples() -> None:
    for text in [
        "It rained all year.The harvest. SquishedThere a.m.Friday McDonald iPhone",
        "x.a.m.Friday 1a.b.Cd _abCd abCd abCd mergeAccounts welcomeName likelyHungarian",
        "see https://x.org/a.Html and System.Out.println or bbc.co.Uk, Amazon.Com",
        "Ünter Straße.Öffnung сказалОн ǅabCd ªbCd",
        "x.a!Cd ⴀ.a!Cd é.a?Cd",  # after an abbreviation only a full stop turns a glued pair
        "wurde beschlossen.EU-Mittel, year.NATOs, year.AB1",  # acronyms after a stop
        "für сайтаExample.ru. x.сайтаExample.ru λαAb/c жаCd_",  # two scripts: code before the join
        "(it was onMaster), (saidThe). call(fooBar) (fooBar(x)) (abCd).",  # prose parentheses
    ]:
        for setting in ["en", "de", "ru", "auto"]:
            test_glued_words_equal_the_python_scan.hypothesis.inner_test(text, None, setting)  # type: ignore[attr-defined]


# Words of English, German and Russian that glue into pairs the lexicon splits or leaves:
# stops, camel-case joins, names, brands, function words, scripts, domains.
_GLUED_WORDS = [
    "year", ".", "The", "There", "Squished", "You", "Tube", "i", "Phone", "Stack", "Adapt", "said",
    "spokesman", "Zabihullah", "der", "Fußgängerzone", "au", "Moustoir", "за", "Зою", "конкурса",
    "Eurovision", "St", "Magdalener", "Division", "Boudreau", "beschlossen", "EU", "Amazon", "Com",
    "unausweichlicher", "Bestandteil", "A", "b", "!", "?", " ", ", ", "\n", "Mc", "Donald",
]


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(st.sampled_from(_GLUED_WORDS), max_size=12).map("".join),
    st.sampled_from(_GLUED_CORPORA),
    st.sampled_from(["en", "de", "ru", "auto"]),
)
def test_glued_words_equal_the_reference_with_the_lexicon(text: str, corpus: Vocabulary | None, setting: str) -> None:
    with using_vocabulary(corpus), using_lexicon(setting):
        assert list(words.find_glued_words(text)) == list(ref_words.find_glued_words(text))


def test_glued_words_with_the_lexicon_examples() -> None:
    for text, setting in [
        ("It rained all year.The harvest. He was SquishedThere. YouTube, iPhone, StackAdapt.", "en"),
        ("the spokesmanZabihullah said, St.Magdalener, Division.Boudreau, Amazon.Com", "en"),
        ("Die Art derFußgängerzone, beschlossen.EU-Mittel, unausweichlicherBestandteil", "de"),
        ("Он шёл заЗою до конкурсаEurovision.", "ru"),
    ]:
        test_glued_words_equal_the_reference_with_the_lexicon.hypothesis.inner_test(text, None, setting)  # type: ignore[attr-defined]
