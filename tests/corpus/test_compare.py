"""`textclean compare`: paragraph alignment and the classified differences of two versions."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from textclean.corpus.compare import Guess, Kind, compare_texts, paragraphs

SEED_A = "000_29d5cf485a902b9e.txt"  # the Moscow Times copy
SEED_B = "001_b8b41c24772250aa.txt"  # the other outlet's copy

# What a careful reader lists reading the two seeds side by side, in A's order. Each entry is
# (kind, guess, text in A, text in B). For a lone paragraph the text is a phrase of it; for
# the other kinds it is exactly the text that differs. Edited wording (the outlets rewrote
# some sentences) is listed separately below, by a phrase each side.
SEED_DIFFERENCES = [
    (Kind.ONLY_IN_ONE, Guess.HEADING, "Russia Backs Myanmar Junta's Efforts", ""),  # the title
    (Kind.ONLY_IN_ONE, Guess.METADATA, "By AFP", ""),
    (Kind.ONLY_IN_ONE, Guess.METADATA, "August 03, 2022", ""),
    (Kind.ONLY_IN_ONE, Guess.CAPTION, "Press Office / TASS", ""),  # photo caption and credit
    (Kind.ONLY_IN_ONE, Guess.EXTRA_PARAGRAPH, "efforts to \"stabilize\" the crisis-wracked", ""),
    (Kind.PUNCTUATION, None, "[", "("),  # [by the junta] / (by the junta)
    (Kind.PUNCTUATION, None, "]", ")"),
    (Kind.SPELLING, None, "stabilizing", "stabilising"),
    (Kind.PARAGRAPH_BREAK, None, "\n\n", " "),  # A breaks "accused by rights / groups of"
    (Kind.ONLY_IN_ONE, Guess.EXTRA_PARAGRAPH, "", "said polls could only take place"),
    (Kind.ONLY_IN_ONE, Guess.EXTRA_PARAGRAPH, "", "The putsch has sparked renewed fighting"),
    (Kind.ONLY_IN_ONE, Guess.EXTRA_PARAGRAPH, "", "his counterpart Wunna Maung Lwin"),
    (Kind.ONLY_IN_ONE, Guess.EXTRA_PARAGRAPH, "", "opening new consulates"),
    (Kind.MARKUP, None, "## ", ""),  # "## 'Disappointed and disturbed'" heading mark
    (Kind.QUOTE, None, "'", ""),  # the heading's opening quote: B lost it...
    (Kind.QUOTE, None, "", "'"),  # ...to the start of the next paragraph ('ASEAN has been)
    (Kind.HYPHEN, None, "fivepoint", "five-point"),
    (Kind.DASH, None, "—", "--"),  # Hun Sen — the current ASEAN chair —
    (Kind.DASH, None, "—", "--"),
    (Kind.ONLY_IN_ONE, Guess.EXTRA_PARAGRAPH, "The junta has yet to comment", ""),
    (Kind.ONLY_IN_ONE, Guess.EXTRA_PARAGRAPH, "", "Roscosmos would build"),
    (Kind.SPELLING, None, "canceled", "cancelled"),
    (Kind.ONLY_IN_ONE, Guess.BOILERPLATE, "", "Read more from South Asia"),
    (Kind.ONLY_IN_ONE, Guess.BOILERPLATE, "", "Post Comment"),
    (Kind.ONLY_IN_ONE, Guess.METADATA, "## Original url:", ""),
    (Kind.ONLY_IN_ONE, Guess.METADATA, "themoscowtimes.com/2022/08/03", ""),
]
# Rewritten sentences: (phrase in A, phrase in B); "" when that side has nothing there.
SEED_WORDING = [
    ("nation has been in chaos since the military's power grab", ""),  # B's last paragraph
    ("a major ally and arms supplier of the isolated junta", "along with ally China"),
    ("", "and a UN expert"),
    ("since last year's coup", ""),
    ("in making your country even stronger and more prosperous", ""),
    ("is scheduled to travel", "later travelled"),
    ("refusal", "failure"),
    ("His visit comes", "ASEAN joined a chorus"),
    ("last week", "last month"),
    ("With Western governments imposing sanctions", "Isolated on the international stage"),
    ("", "agency Roscosmos"),
]


@pytest.fixture(scope="module")
def seeds_comparison(default_rules):
    from tests.conftest import shared_path

    folder = shared_path("seeds")
    a = (folder / SEED_A).read_text(encoding="utf-8")
    b = (folder / SEED_B).read_text(encoding="utf-8")
    return compare_texts(a, b, default_rules.rules)


def _matches(d, kind, guess, a, b):
    if d.kind is not kind or d.guess is not guess:
        return False
    if kind is Kind.ONLY_IN_ONE:
        return (a and a in d.a and not d.b) or (b and b in d.b and not d.a)
    return (d.a.strip(), d.b.strip()) == (a.strip(), b.strip())


def test_seeds_every_listed_difference_is_found_once_and_nothing_else(seeds_comparison):
    found = [d for d in seeds_comparison.differences if d.kind is not Kind.WORDING]
    unmatched = list(found)
    missing = []
    for expected in SEED_DIFFERENCES:
        hit = next((d for d in unmatched if _matches(d, *expected)), None)
        if hit is None:
            missing.append(expected)
        else:
            unmatched.remove(hit)
    assert not missing, f"not found: {missing}"
    assert not unmatched, f"not on the list: {[(d.kind, d.a, d.b) for d in unmatched]}"
    # and in A's reading order, as listed
    order = [next(i for i, e in enumerate(SEED_DIFFERENCES) if _matches(d, *e)) for d in found]
    assert order == sorted(order)


def test_seeds_rewritten_sentences_are_wording(seeds_comparison):
    wording = [d for d in seeds_comparison.differences if d.kind is Kind.WORDING]
    for a, b in SEED_WORDING:
        assert any(a in d.a and b in d.b for d in wording), (a, b)
    # one difference per rewritten stretch, not one per word (a few stretches split in two)
    assert len(SEED_WORDING) <= len(wording) <= len(SEED_WORDING) + 5


def test_seeds_slid_quote_is_noted(seeds_comparison):
    quotes = [d for d in seeds_comparison.differences if d.kind is Kind.QUOTE]
    assert [d.note for d in quotes] == ["opening quote slid across a paragraph break"] * 2


def test_seeds_alignment_pairs_the_broken_and_moved_paragraphs(seeds_comparison):
    c = seeds_comparison
    pa, pb = c.paragraphs_a, c.paragraphs_b

    def pair_of(phrase_a):
        return next(p for p in c.pairs if any(phrase_a in pa[i].text for i in p.a))

    broken = pair_of("accused by rights")  # A broke this paragraph in two; B moved it
    assert len(broken.a) == 2 and broken.moved and "UN expert" in pb[broken.b[0]].text
    split = pair_of("Lavrov is scheduled")  # B says it in two paragraphs
    assert len(split.b) == 2 and not split.moved
    assert pair_of("canceled").similarity > 0.9


def test_identical_texts_have_no_differences():
    text = "One paragraph here.\n\nAnother one, with — a dash.\n"
    c = compare_texts(text, text)
    assert c.differences == () and all(p.similarity == 1.0 for p in c.pairs)


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("She said she don’t know.", "She said she donâ€™t know.", Kind.ENCODING),
        ("The café opened in spring.", "The cafÃ© opened in spring.", Kind.ENCODING),
        ("The Davis Cup final is near.", "T he Davis Cup final is near.", Kind.SPLIT_WORD),
        ("A well-known singer came.", "A well known singer came.", Kind.HYPHEN),
        ("Red, blue -- and green.", "Red, blue – and green.", Kind.DASH),
        ("He said “yes” at once.", "He said \"yes\" at once.", Kind.QUOTE),
        ("Colour of the sea.", "Color of the sea.", Kind.SPELLING),
        ("We met on Monday.", "We met on Friday.", Kind.WORDING),
        ("Eggs; milk.", "Eggs, milk.", Kind.PUNCTUATION),
    ],
)
def test_one_word_level_difference(a, b, kind):
    c = compare_texts(a, b)
    kinds = {d.kind for d in c.differences}
    assert kinds == {kind}, [(d.kind, d.a, d.b) for d in c.differences]


def test_spans_point_at_the_differing_text():
    a = "First line stays.\n\nThe fivepoint plan and the canceled vote."
    b = "First line stays.\n\nThe five-point plan and the cancelled vote."
    c = compare_texts(a, b)
    for d in c.differences:
        assert a[d.a_span.start : d.a_span.end] == d.a and b[d.b_span.start : d.b_span.end] == d.b


def test_lone_paragraph_guesses_without_rules():
    article = [
        "The harbour master counted forty boats in the bay on the morning of the regatta.",
        "Wind from the west made the first race slow, and two crews gave up before noon.",
        "By evening the youngest sailor had won the cup her grandfather won in 1961, and",
    ]
    full = "\n\n".join(article[:2] + [article[2] + " the crowd cheered her all the way home."])
    cut = "\n\n".join(["Regatta day in the bay"] + article[:2] + [
        article[2].rsplit(" ", 5)[0]])  # ends mid-sentence
    c = compare_texts(cut, full)
    lone = [(d.guess, d.side) for d in c.differences if d.kind is Kind.ONLY_IN_ONE]
    assert lone == [(Guess.HEADING, "a")]
    extra = compare_texts("\n\n".join(article[:2]), "\n\n".join(article[:2]) + "\n\nA third, new paragraph follows here with words.")
    assert [(d.guess, d.side) for d in extra.differences] == [(Guess.EXTRA_PARAGRAPH, "b")]
    truncated = compare_texts(
        "\n\n".join(article[:1] + ["Wind from the west made the first"]),
        "\n\n".join(article[:1] + [article[1], "Later the harbour bar stayed open until two in the morning."]),
    )
    guesses = Counter(d.guess for d in truncated.differences if d.kind is Kind.ONLY_IN_ONE)
    assert guesses == {Guess.TRUNCATION: 1}


def test_paragraphs():
    assert [p.span.start for p in paragraphs("a\n\n b\n")] == [0, 3]


def test_cli_compare_text_and_json(run, tmp_path):
    (tmp_path / "a.txt").write_text("The fivepoint plan.\n\nShare this article\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The five-point plan.\n", encoding="utf-8")
    result = run("compare", "a.txt", "b.txt")
    assert result.exit_code == 1
    assert "fivepoint" in result.output and "five-point" in result.output and "hyphen" in result.output
    assert "\x1b[" not in result.output  # not a terminal: no colour codes
    data = json.loads(run("compare", "a.txt", "b.txt", "--format", "json").output)
    assert data["counts"] == {"hyphen": 1, "only-in-one": 1}
    lone = next(d for d in data["differences"] if d["kind"] == "only-in-one")
    assert lone["guess"] == "boilerplate" and lone["a_at"]["line"] == 3 and lone["b_at"] is None
    same = run("compare", "a.txt", "a.txt")
    assert same.exit_code == 0 and "differences: none" in same.output
    missing = run("compare", "a.txt", "nope.txt")
    assert missing.exit_code == 2


def test_a_quote_lost_mid_paragraph_is_not_a_slid_quote():
    a = 'He said "yes" then.\n\nAnd she said no more.'
    b = 'He said "yes then.\n\n"And she said no more.'
    quotes = [d for d in compare_texts(a, b).differences if d.kind is Kind.QUOTE]
    assert [(d.a, d.b) for d in quotes] == [('"', ""), ("", '"')]
    assert all(not d.note for d in quotes)
