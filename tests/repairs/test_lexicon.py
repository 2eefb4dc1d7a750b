"""Split-word repairs on the lexicon of the document's language (textclean.lexicon)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import regex

import textclean
from textclean.corpus.vocab import build_vocabulary, using_vocabulary
from textclean.errors import ConfigError
from textclean.lexicon import detect_language, document_lexicon, load_lexicon, using_lexicon
from textclean.repairs.words import find_glued_words

# Sentences of our own, long enough for the language to be detected.
EN = "The council met on a wet Tuesday evening and argued for hours about the new harbour wall."
DE = "Der Rat traf sich an einem nassen Dienstagabend und stritt stundenlang über die neue Mauer."
FR = "Le conseil s'est réuni un mardi soir pluvieux et a débattu pendant des heures du nouveau mur."
RU = "Совет собрался дождливым вторничным вечером и несколько часов спорил о новой стене гавани."
ES = "El consejo se reunió un martes lluvioso por la tarde y discutió durante horas sobre el nuevo muro."

RULES = textclean.load_rules().select(["SW"])


def _fix(text: str, setting: str = "auto", unsafe: bool = False) -> str:
    with using_lexicon(setting):
        return textclean.fix_text(text, RULES, unsafe_fixes=unsafe).text


def _messages(text: str, setting: str = "auto") -> list[str]:
    with using_lexicon(setting):
        return [a.finding.message for a in textclean.fix_text(text, RULES).applied]


def test_language_is_detected_per_document():
    assert detect_language(EN) == "en"
    assert detect_language(DE) == "de"
    assert detect_language(FR) == "fr"
    assert detect_language("x = 1; y = 2") is None


def test_the_language_is_told_once_per_document(monkeypatch):
    import textclean.lexicon as lexicon_module

    calls: list[str] = []
    real = lexicon_module.cld2_language

    def counting(sample: str) -> str | None:
        calls.append(sample)
        return real(sample)

    monkeypatch.setattr(lexicon_module, "cld2_language", counting)
    monkeypatch.setattr(lexicon_module, "_last", None)
    body = " ".join([EN] * 30)
    with using_lexicon("auto"):
        assert document_lexicon(body) is load_lexicon("en")
        # A later pass of the fix: a menu removed at the top, the text a quarter shorter; it
        # still holds the sample that told the language, so CLD2 is not asked again.
        shorter = body[len(body) // 4 :]
        assert document_lexicon(shorter) is load_lexicon("en")
        assert len(calls) == 1
        # Another document is judged on its own.
        assert document_lexicon(" ".join([DE] * 30)) is load_lexicon("de")
        assert len(calls) == 2


# Paragraphs of our own: plain English, a German and a French one, and mixes of each.
_ENGLISH_PARAGRAPH = (
    "The harbour master said that the ferry was late again on Tuesday, and the crew waited "
    "in the rain for the last of the lorries to come off the deck. It is the third time this "
    "month that the service has been delayed, and the council has asked for a report on the "
    "state of the old pier, which was built in the last century and is now in need of repair. "
    "Most of the passengers were calm, but some of them said that they would not travel with "
    "the company again."
)
_GERMAN_PARAGRAPH = (
    "Der Hafenmeister sagte, dass die Fähre am Dienstag wieder zu spät war, und die Mannschaft "
    "wartete im Regen, bis der letzte Lastwagen vom Deck gefahren war. Es ist das dritte Mal "
    "in diesem Monat, dass der Dienst verspätet ist, und der Rat hat einen Bericht über den "
    "Zustand des alten Piers verlangt, der im letzten Jahrhundert gebaut wurde."
)
_FRENCH_PARAGRAPH = (
    "Le capitaine du port a dit que le bac était encore en retard mardi, et l'équipage a "
    "attendu sous la pluie que le dernier camion quitte le pont. C'est la troisième fois ce "
    "mois-ci que le service est retardé, et le conseil a demandé un rapport sur l'état de la "
    "vieille jetée, construite au siècle dernier et qui a besoin de réparations."
)


def _mix(other: str, english_share: float) -> str:
    """The start of `other` and of _ENGLISH_PARAGRAPH, this share of it English."""
    return (other[: int(len(other) * (1 - english_share))] + " "
            + _ENGLISH_PARAGRAPH[: int(len(_ENGLISH_PARAGRAPH) * english_share)])


@pytest.mark.parametrize(
    ("sample", "english"),
    [
        (_ENGLISH_PARAGRAPH, True),
        (_GERMAN_PARAGRAPH, False),
        (_FRENCH_PARAGRAPH, False),
        (_mix(_GERMAN_PARAGRAPH, 0.3), False),  # German to CLD2
        (_mix(_FRENCH_PARAGRAPH, 0.3), False),  # French to CLD2
        (_mix(_GERMAN_PARAGRAPH, 0.5), None),
        (_mix(_FRENCH_PARAGRAPH, 0.7), None),
        ("the " * 100, False),  # one word: no prose
        (" ".join([_ENGLISH_PARAGRAPH] * 3), True),
    ],
)
def test_plainly_english_samples_are_english_to_cld2(sample, english):
    # A sample taken for English without CLD2 is English to CLD2 as well.
    import textclean.lexicon as lexicon_module

    taken = lexicon_module.plainly_english(sample)
    if english is not None:
        assert taken is english
    if taken:
        assert lexicon_module.cld2_language(sample) == "en"


def _counted_plainly_english(sample: str) -> bool:
    """`plainly_english` as it was first written: every word counted, then compared."""
    import textclean.lexicon as lexicon_module

    spaces = sample.count(" ")
    if spaces < lexicon_module.ENGLISH_MIN_SPACES:
        return False
    counts = [sample.count(word) for word in lexicon_module.ENGLISH_WORDS]
    return (sum(counts) >= lexicon_module.ENGLISH_SHARE * spaces
            and len(counts) - counts.count(0) >= lexicon_module.ENGLISH_MIN_WORDS)


def _shared_samples(limit: int | None = None) -> list[str]:
    """The samples `_detect` gives CLD2 from the texts of the shared corpora: the middle
    1,000 characters and the first 10,000 of each (and the last 1,000, for more)."""
    from tests.conftest import shared_path

    texts = []
    for name in ("pairs.jsonl", "truth.jsonl"):
        with shared_path("data", "article-benchmark", name).open(encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
            texts += [row.get("text") or row.get("truth") or "" for row in rows]
    with shared_path("data", "trafilatura-segments", "segments.jsonl").open(encoding="utf-8") as f:
        texts += [json.loads(line)["segment"] for line in f]
    samples = set()
    for text in texts[:limit]:
        middle = max(0, (len(text) - 1000) // 2)
        samples.update((text[middle : middle + 1000], text[:10_000], text[-1000:]))
    return sorted(samples)


def test_plainly_english_stops_counting_with_the_same_answer():
    import textclean.lexicon as lexicon_module

    samples = _shared_samples(1500) + [_ENGLISH_PARAGRAPH, _GERMAN_PARAGRAPH, _mix(_GERMAN_PARAGRAPH, 0.5)]
    answers = [lexicon_module.plainly_english(s) for s in samples]
    assert answers == [_counted_plainly_english(s) for s in samples]
    assert 0 < sum(answers) < len(answers)


def test_a_language_the_lexicon_lacks_gives_no_lexicon():
    with using_lexicon("auto"):
        assert document_lexicon("12345 67890 !!!") is None


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("the com-\nmunity", "the community"),
        ("was surpr-\nised", "was surprised"),
        ("was comple-\ntely", "was completely"),
        ("some-\nthing", "something"),
        # The second part is a conjunction of some language, the closed form a word.
        ("thous-\nand", "thousand"),
        ("complet-\ned", "completed"),
        ("th-\ne", "the"),
    ],
)
def test_line_end_hyphenation_joined_on_the_lexicon(dirty, clean):
    text = f"{EN}\nIn the end {dirty} said that it would wait for the next meeting."
    assert _fix(text) == text.replace(dirty, clean)


def test_line_end_hyphenation_keeps_the_hyphen_of_a_compound():
    text = f"{EN}\nThe well-\nknown engineer and a long-\nterm plan were named."
    assert _fix(text) == text.replace("-\n", "-")


def test_a_suspended_hyphen_before_a_conjunction_stays():
    text = f"{EN}\nBoth local-\nand cloud-based storage, pre-\nor post-war, were named."
    assert _fix(text) == text


def test_line_end_hyphenation_never_crosses_a_paragraph_break():
    text = f"{EN}\nThe com-\n\nmunity hall stayed closed for the whole winter."
    assert _fix(text) == text


def test_line_end_hyphenation_in_german_and_french():
    de = f"{DE}\nDie Gemein-\nschaft hat lange gewartet."
    assert _fix(de) == de.replace("Gemein-\nschaft", "Gemeinschaft")
    fr = f"{FR}\nLa commu-\nnauté a longtemps attendu."
    assert _fix(fr) == fr.replace("commu-\nnauté", "communauté")


def test_lexicon_off_and_a_fixed_language():
    text = f"{EN}\nIn the end the heart-\nbreaking news made them tired."
    assert _fix(text, "off") == text
    assert _fix(text, "en") == text.replace("heart-\nbreaking", "heartbreaking")
    # The lexicon of another language does not know the English word (German lists
    # `heart` and `breaking`, not `heartbreaking`): two words keep their hyphen.
    assert _fix(text, "de") == text.replace("heart-\nbreaking", "heart-breaking")


def test_each_repair_names_its_evidence():
    text = f"{EN}\nIn the end the com-\nmunity waited."
    assert _messages(text) == ["word hyphenated across a line break: com-/munity (lexicon:en)"]
    text = f"{EN}\nIn the end the com-\nmunity waited. The community was tired."
    assert _messages(text) == ["word hyphenated across a line break: com-/munity (document)"]


def test_the_corpus_comes_before_the_lexicon():
    # The lexicon alone keeps `well-known`; a corpus that writes it closed wins.
    text = f"{EN}\nThe well-\nknown engineer was there."
    with using_vocabulary(build_vocabulary(["wellknown wellknown"])):
        assert _fix(text) == text.replace("well-\nknown", "wellknown")


@pytest.mark.parametrize("word", ["Worried", "Senior", "Earlier", "The"])
def test_drop_cap_joined_on_the_lexicon(word):
    text = f"{word[0]} {word[1:].lower()} council members met again.\n{EN}"
    assert _fix(text) == f"{word} council members met again.\n{EN}"


@pytest.mark.parametrize("start", ["A rose by the gate", "I am sure", "A pple"])
def test_drop_cap_left_when_the_split_is_two_words(start):
    text = f"{start} of it.\n{EN}"
    expected = text.replace("A pple", "Apple")
    assert _fix(text) == expected


def test_drop_cap_of_a_word_far_more_frequent_than_its_rest_is_an_unsafe_join():
    # `gent` is in the list, but `agent` is fifty times more frequent. A one-letter word
    # before a word may still be prose (`A bout of flu`): unsafe.
    text = f"A gent of the council members met again.\n{EN}"
    assert _fix(text, unsafe=True) == text.replace("A gent", "Agent")
    assert _fix(text) == text
    prose = f"A bout of flu kept the council members at home.\n{EN}"
    assert _fix(prose) == prose
    kept = f"A cross was raised by the gate.\n{EN}"
    assert _fix(kept) == kept  # `across` is about as frequent as `cross`


@pytest.mark.parametrize(("dirty", "clean"), [("A nd", "And"), ("A dd", "Add"), ("A ll", "All")])
def test_drop_cap_before_a_rest_with_no_vowel_is_a_safe_join(dirty, clean):
    # `nd`, `dd`, `ll` are in the English list (`2nd`, `we'll`), but no word has no vowel.
    text = f"{dirty} then the council members met again.\n{EN}"
    assert _fix(text) == text.replace(dirty, clean)


@pytest.mark.parametrize(("dirty", "clean"), [("E se día", "Ese día"), ("U nos días", "Unos días")])
def test_spanish_e_and_u_are_words_only_before_their_sounds(dirty, clean):
    text = f"{dirty} llovió sin parar.\n{ES}"
    assert _fix(text) == text.replace(dirty, clean)
    kept = f"Y e hijos vinieron también.\n{ES}"
    assert _fix(kept) == kept


@pytest.mark.parametrize(("dirty", "clean"), [("С лить", "Слить"), ("У брать", "Убрать"),
                                              ("О чистить", "Очистить")])
def test_russian_one_letter_prepositions_stand_before_no_infinitive(dirty, clean):
    text = f"{RU}\n\n{dirty} воду из кастрюли и оставить на полчаса.\n\n{RU}"
    assert _fix(text) == text.replace(dirty, clean)
    # Before a noun they are words: `С горы`, `В место` stay.
    kept = f"{RU}\n\nС горы спустились трое туристов.\n\n{RU}"
    assert _fix(kept) == kept


def test_drop_cap_of_a_name_the_list_lacks_is_joined():
    text = f"{DE}\nT rulk hat die Mühle im Dorf gekauft."
    assert _fix(text) == text.replace("T rulk", "Trulk")


def test_drop_cap_in_french():
    text = f"D epuis des années le village attend.\n{FR}"
    assert _fix(text) == text.replace("D epuis", "Depuis")


@pytest.mark.parametrize(
    ("text", "setting", "dirty", "clean"),
    [
        # Lines kept from a page, one fragment a line: the paragraph model reads the second as
        # the next piece of the first (no stop, the first line the widest of the block).
        ("Die Fähre legte am Dienstag pünktlich am alten Kai im Hafen an\n"
         "D er Kapitän grüßte jeden Gast\nAm Abend fuhr sie zurück", "de", "D er", "Der"),
        ("Die Fähre legte am Dienstag pünktlich am alten Kai im Hafen an\n"
         "K apitänin Berg grüßte jeden Gast\nAm Abend fuhr sie zurück", "de", "K apitänin", "Kapitänin"),
        ("The lamps on the pier were lit one by one as the evening came\n"
         "W orried sailors waited on the quay\nThe boats were late", "en", "W orried", "Worried"),
    ],
)
def test_drop_cap_under_an_open_line_is_joined_when_the_split_is_no_two_words(text, setting, dirty, clean):
    # `er` is a word, but `Der` is five times as frequent; `apitänin` and `orried` are none.
    from textclean.text.paragraphs import ParagraphView

    assert ParagraphView(text).continues[1]
    assert _fix(text, setting) == text.replace(dirty, clean)


# A paragraph of our own with a capital letter as a word of its sentences, each before a word
# that joins it into another (`cones`, `cash`, `Ein`).
LETTERS = (
    "Kiosks on the night ferry now sell chargers with a USB type C plug, though the type C ones "
    "with long cables cost more. The new pier was cast with Class C ash from the old power "
    "station, since fly ash makes concrete last, and the galley puts vitamin E in every "
    "breakfast juice it serves."
)


def test_a_capital_letter_word_at_the_start_of_a_wrapped_line_is_no_drop_cap():
    # Wrapped at every width from 35 to 100 columns, the paragraph keeps its words: `C ones`
    # (`cones` rarer than `ones`), `E in` (`ein` far rarer than `in`) and `C ash` (`cash` more
    # frequent than `ash`, but the paragraph writes `ash` elsewhere) stay two words wherever
    # the wrap puts them at a line's start.
    import textwrap

    at_line_start: set[str] = set()
    for width in range(35, 101):
        wrapped = textwrap.fill(LETTERS, width, break_long_words=False, break_on_hyphens=False)
        at_line_start.update(regex.findall(r"(?m)^\p{Lu} \p{Ll}+\b", wrapped))
        assert _fix(wrapped) == wrapped, width
    assert {"C ones", "C ash", "E in"} <= at_line_start
    # At the start of a paragraph the same capital is a drop cap.
    assert _fix(f"{EN}\n\nC ash prices rose on the island.") == f"{EN}\n\nCash prices rose on the island."


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("all year.The harvest", "all year. The harvest"),
        ("was it?Nobody knew", "was it? Nobody knew"),
    ],
)
def test_glued_words_split(dirty, clean):
    text = f"{EN} In the end {dirty} no more."
    assert _fix(text) == text.replace(dirty, clean)


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("the plan was SquishedThere were", "the plan was Squished There were"),
        ("the council saidThe wall", "the council said The wall"),
    ],
)
def test_camel_case_join_is_an_unsafe_split(dirty, clean):
    # A camel-case join may be a brand the lexicon lacks (`AddThis`): split only on request.
    text = f"{EN} In the end {dirty} no more."
    assert _fix(text) == text
    assert _fix(text, unsafe=True) == text.replace(dirty, clean)


@pytest.mark.parametrize(
    "piece",
    [
        "https://example.com/news/today.The-end",
        "www.example.com/About.Html",
        "she@example.com",
        "config.Load() and user.Name.first",
        "an iPhone",
        "a McDonald restaurant",
        "on YouTube",
        "with PayPal",
        "getElementById",
        "the StackAdapt office",
        "innerHTML",
        "version 2.The",
        "the value was x.Value_2",
    ],
)
def test_glued_words_left_alone(piece):
    text = f"{EN} They mentioned {piece} twice."
    assert list(find_glued_words(text)) == []


def test_glued_words_left_in_a_page_that_quotes_code():
    text = f"{EN} Call mergeAccounts, then welcomeName and mergePassword to finish."
    assert list(find_glued_words(text)) == []


def test_glued_words_left_when_the_document_repeats_them():
    text = f"{EN} The DeskWhere team and the DeskWhere app."
    assert list(find_glued_words(text)) == []


def test_glued_words_need_a_lexicon():
    text = f"{EN} It rained all year.The harvest failed."
    with using_lexicon("off"):
        assert list(find_glued_words(text)) == []


@pytest.mark.parametrize("word", ["startup", "onboard", "online", "email", "website"])
def test_a_frequent_word_is_not_hyphenated_by_one_hyphenated_spelling(word):
    hyphenated = {"startup": "start-up", "onboard": "on-board", "online": "on-line",
                  "email": "e-mail", "website": "web-site"}[word]
    text = f"{EN} The {word} grew. One {hyphenated} was mentioned, and the {word} again."
    assert _fix(text) == text


def test_a_rare_closed_form_is_still_hyphenated_on_document_evidence():
    text = f"{EN} A fivepoint plan. The five-point plan failed."
    assert _fix(text) == text.replace("fivepoint", "five-point")


@pytest.mark.parametrize("lang", ["en", "de", "ru"])
def test_the_lists_read_agree_with_wordfreq(lang):
    import wordfreq

    lexicon = load_lexicon(lang)
    assert lexicon is not None and len(lexicon) > 50_000
    words = wordfreq.top_n_list(lang, 2000)[::97] + ["zzxqv"]
    for word in words:
        expected = wordfreq.zipf_frequency(word, lang)
        assert lexicon.zipf(word) == pytest.approx(expected if expected >= 1.5 else 0, abs=0.011)


@pytest.mark.parametrize("lang", ["en", "de", "ru", "fr"])
def test_the_core_lexicon_reads_the_same_frequencies(lang):
    # The core's lexicon (the split-word finders in Rust) reads the packed list in place and
    # looks words up casefolded, as the Python one does: the same frequency for any case.
    import wordfreq

    lexicon = load_lexicon(lang)
    assert lexicon is not None
    core = lexicon.core
    assert core is lexicon.core and core.lang == lang and len(core) == len(lexicon)
    words = wordfreq.top_n_list(lang, 5000)[::7] + ["zzxqv", "", "Straße", "STRASSE", "İstanbul", "ǅemal"]
    for word in words:
        for spelling in (word, word.upper(), word.title()):
            assert core.centizipf(spelling) / 100 == lexicon.zipf(spelling), spelling


def test_the_core_lexicon_refuses_a_cut_pack():
    from textclean import _core
    from textclean.lexicon import pack_lexicon

    packed = pack_lexicon({"the": 773, "harbour": 420})
    assert _core.Lexicon("en", packed, "ai").centizipf("Harbour") == 420
    with pytest.raises(ValueError):
        _core.Lexicon("en", packed[:-1], "ai")
    with pytest.raises(ValueError):
        _core.Lexicon("en", bytearray(packed), "ai")  # a buffer that may change under it


def test_lexicon_is_loaded_once():
    assert load_lexicon("en") is load_lexicon("en")
    assert load_lexicon("xx") is None


def test_unknown_setting_is_a_config_error():
    with pytest.raises(ConfigError), using_lexicon("klingon"):
        pass


def test_import_does_not_load_the_lexicon():
    code = (
        "import sys, textclean\n"
        "print([m for m in ('wordfreq', 'pycld2', 'msgpack') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.replace("'", '"')) == []


def test_cli_lexicon_switch(tmp_path):
    from click.testing import CliRunner

    from textclean.cli import main

    src = tmp_path / "a.txt"
    src.write_text(f"{EN}\nIn the end the com-\nmunity waited.\n", encoding="utf-8")
    runner = CliRunner()
    for setting, expected in [("auto", "community"), ("en", "community"), ("off", "com-\nmunity")]:
        out = tmp_path / setting
        result = runner.invoke(main, ["fix", str(src), "--out", str(out), "--lexicon", setting])
        assert result.exit_code in (0, 1), result.output
        assert expected in out.read_text(encoding="utf-8")
    result = runner.invoke(main, ["check", str(src), "--lexicon", "klingon"])
    assert result.exit_code == 2
    assert "unknown lexicon language" in result.output


def test_packed_lists_are_cached_and_a_bad_cache_file_is_rebuilt(tmp_path, monkeypatch):
    from textclean import lexicon as lex

    monkeypatch.setenv("TEXTCLEAN_CACHE_DIR", str(tmp_path))
    first = lex.read_lexicon("en")
    (entry,) = (tmp_path / "lexicon").glob("en-*.lex")
    assert first is not None and _words(first) == _words(lex.read_lexicon("en"))
    # Cut short (copied from a full disk), written beside and renamed over it as every
    # writer does: a process that mapped the entry keeps reading the whole one.
    cut = tmp_path / "cut"
    cut.write_bytes(entry.read_bytes()[:1000])
    cut.replace(entry)
    again = lex.read_lexicon("en")
    assert again is not None and again.zipf("harbour") == first.zipf("harbour") > 3
    assert len(entry.read_bytes()) > 1000
    assert first.zipf("harbour") == again.zipf("harbour")
    monkeypatch.setenv("TEXTCLEAN_CACHE_DIR", "off")
    uncached = lex.read_lexicon("de")
    assert uncached is not None and uncached.zipf("Straße") > 4  # listed casefolded: strasse
    assert not list((tmp_path / "lexicon").glob("de-*.lex"))


def _fake_list(path, words):
    """A wordfreq list file at `path` holding `words` (one frequency bucket each, the
    commonest first), written as wordfreq writes them: a gzipped msgpack cBpack."""
    import gzip

    import msgpack

    path.parent.mkdir(parents=True, exist_ok=True)
    buckets = [[word] for word in words]
    with gzip.open(path, "wb") as f:
        f.write(msgpack.packb([{"format": "cB", "version": 1}, *buckets]))
    return path


def _env(monkeypatch, lex, path):
    """Make `path` the English list of the environment the next `_read` runs in."""
    monkeypatch.setattr(lex, "wordfreq_lists", lambda: {"en": path})


def test_environments_with_the_same_list_share_onecache_entry(tmp_path, monkeypatch):
    # Many environments (virtualenvs, worktrees) share ~/.cache/textclean, each with its own
    # install of the same wordfreq: they share one entry, packed once, whatever their number.
    import shutil

    from textclean import lexicon as lex

    monkeypatch.setenv("TEXTCLEAN_CACHE_DIR", str(tmp_path / "cache"))
    real = _fake_list(tmp_path / "real" / "large_en.msgpack.gz", ["the", "harbour", "ferry"])
    installs = []
    for i in range(lex.CACHE_KEEP + 2):
        copy = tmp_path / f"venv{i}" / real.name
        copy.parent.mkdir()
        shutil.copy(real, copy)
        installs.append(copy)
    packed = []
    monkeypatch.setattr(lex, "pack_lexicon", lambda words, real_pack=lex.pack_lexicon: packed.append(1) or real_pack(words))
    for path in installs + installs[::-1]:
        _env(monkeypatch, lex, path)
        lexicon = lex.read_lexicon("en")
        assert lexicon is not None and lexicon.zipf("harbour") > 0
    assert len(packed) == 1
    assert len(list((tmp_path / "cache" / "lexicon").glob("en-*.lex"))) == 1


def test_two_environments_writing_in_turn_do_not_evict_each_other(tmp_path, monkeypatch):
    # Two environments with different wordfreq data (two versions) use the cache in turn,
    # while other versions are written between their turns: each keeps its entry and packs
    # its list once. (Before, the entries kept were the last written: the others pushed
    # both out and they rebuilt in turn.)
    import time

    from textclean import lexicon as lex

    monkeypatch.setenv("TEXTCLEAN_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "lexicon"
    a = _fake_list(tmp_path / "a" / "large_en.msgpack.gz", ["the", "harbour"])
    b = _fake_list(tmp_path / "b" / "large_en.msgpack.gz", ["the", "ferry"])
    packed = []
    monkeypatch.setattr(lex, "pack_lexicon", lambda words, real_pack=lex.pack_lexicon: packed.append(1) or real_pack(words))
    monkeypatch.setattr(lex, "TOUCH_AFTER", -1)  # every use counts (else once an hour)
    turns, others = 4, lex.CACHE_KEEP - 2
    for turn in range(turns):
        for path, word in ((a, "harbour"), (b, "ferry")):
            _env(monkeypatch, lex, path)
            lexicon = lex.read_lexicon("en")
            assert lexicon is not None and lexicon.zipf(word) > 0
            time.sleep(0.02)  # file times are as coarse as the kernel's clock tick
        for k in range(others):
            _env(monkeypatch, lex, _fake_list(tmp_path / f"o{turn}{k}" / "large_en.msgpack.gz",
                                              ["the", f"v{turn}{k}"]))
            lex.read_lexicon("en")
            time.sleep(0.02)
    assert len(packed) == 2 + turns * others  # a and b once each
    entries = set(folder.glob("en-*.lex"))
    assert len(entries) == lex.CACHE_KEEP
    assert {lex.cache_entry("en", a), lex.cache_entry("en", b)} <= entries


def test_the_entries_kept_are_the_ones_last_used(tmp_path, monkeypatch):
    from textclean import lexicon as lex

    monkeypatch.setenv("TEXTCLEAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(lex, "TOUCH_AFTER", -1)
    folder = tmp_path / "cache" / "lexicon"
    versions = [_fake_list(tmp_path / f"v{i}" / "large_en.msgpack.gz", ["the", f"w{i}"])
                for i in range(lex.CACHE_KEEP + 2)]
    used = versions[0]
    packed = []
    monkeypatch.setattr(lex, "pack_lexicon", lambda words, real_pack=lex.pack_lexicon: packed.append(1) or real_pack(words))
    for i, path in enumerate(versions):
        _env(monkeypatch, lex, path)
        lex.read_lexicon("en")
        entry = lex.cache_entry("en", path)
        os.utime(entry, (i + 1, i + 1))  # written long ago, in this order
        _env(monkeypatch, lex, used)
        lex.read_lexicon("en")  # the first version stays in use
    entries = set(folder.glob("en-*.lex"))
    assert len(entries) == lex.CACHE_KEEP
    assert lex.cache_entry("en", used) in entries
    assert lex.cache_entry("en", versions[1]) not in entries
    assert len(packed) == len(versions)  # the one in use was never packed again


def test_acache_entry_names_the_list_it_holds(tmp_path, monkeypatch):
    from textclean import lexicon as lex

    monkeypatch.setenv("TEXTCLEAN_CACHE_DIR", str(tmp_path / "cache"))
    one = _fake_list(tmp_path / "one" / "large_en.msgpack.gz", ["the", "harbour"])
    same = _fake_list(tmp_path / "same" / "large_en.msgpack.gz", ["the", "harbour"])
    other = _fake_list(tmp_path / "other" / "large_en.msgpack.gz", ["the", "harbor"])
    small = _fake_list(tmp_path / "one" / "small_en.msgpack.gz", ["the", "harbour"])
    assert lex.cache_entry("en", one) == lex.cache_entry("en", same)
    assert len({lex.cache_entry("en", p) for p in (one, other, small)}) == 3
    floor = lex.cache_entry("en", one)
    monkeypatch.setattr(lex, "ZIPF_FLOOR", lex.ZIPF_FLOOR + 0.5)
    assert lex.cache_entry("en", one) != floor


def _words(lexicon):
    return len(lexicon), lexicon.zipf("the"), lexicon.zipf("community")


def test_german_line_end_hyphen_between_two_words_goes():
    # German writes compounds closed: `aus-\nlegen` is a line-end hyphenation of `auslegen`.
    text = f"{DE}\nDann das Blech mit Papier aus-\nlegen und den Teig verteilen."
    assert _fix(text) == text.replace("aus-\nlegen", "auslegen")


def test_short_words_cut_out_of_a_longer_one_are_joined():
    # `am` and `paró` are words, but `amparó` is far more frequent than the two side by side.
    text = f"{ES}\nEl Gobierno am-\nparó su decisión en la ley."
    assert _fix(text) == text.replace("am-\nparó", "amparó")
    kept = f"{EN}\nHer self-\nesteem grew over the years."
    assert _fix(kept) == kept.replace("self-\nesteem", "self-esteem")


def test_a_closed_form_the_list_lacks_is_joined_at_a_line_end_when_a_part_is_no_word():
    text = f"{DE}\nAngst ist ein unaus-\nweichlicher Bestandteil des Lebens."
    assert _fix(text) == text.replace("unaus-\nweichlicher", "unausweichlicher")
    # A capitalised first part the list lacks may be a name: no evidence, left alone.
    kept = f"{EN}\nThey played a Zorblat-\nstyle opening that night."
    assert _fix(kept) == kept
    # Not after a hyphen and a space inside a line: `pre- and post-war`.
    spaced = f"{EN}\nThe prices of unaus- and weichlicher goods rose."
    assert _fix(spaced) == spaced


def test_a_rare_closed_form_whose_parts_are_no_words_is_joined():
    text = f"{DE}\nDer Dienst wurde von mir nicht benut-\nzt, sagte sie."
    assert _fix(text) == text.replace("benut-\nzt", "benutzt")


def test_drop_cap_of_a_compound_the_list_lacks_is_joined():
    text = f"{DE}\nW eltjahresbestleistungsversuche gab es dieses Jahr nicht."
    assert _fix(text) == text.replace("W elt", "Welt")
    kept = f"{EN}\nE coli was found in the water."
    assert _fix(kept) == kept


def test_a_lost_space_before_a_name_after_a_stop_is_restored():
    text = f"{EN} The vote was held on Monday.Pochettino said nothing."
    assert _fix(text) == text.replace("Monday.Pochettino", "Monday. Pochettino")
    kept = f"{EN} They drank wine from St.Magdalener at dinner."
    assert _fix(kept) == kept  # `St` is too short to be the word before a lost space


def test_a_lost_space_before_an_acronym_after_a_stop_is_restored():
    text = f"{DE} Der Ausbau wurde beschlossen.EU-Mittel fließen ab dem Sommer."
    assert _fix(text) == text.replace("beschlossen.EU", "beschlossen. EU")
    kept = f"{EN} They drank wine from St.QXV at dinner."
    assert _fix(kept) == kept  # `St` is too short to be the word before a lost space


def test_camel_join_after_a_long_word_the_list_lacks_is_split():
    text = f"{DE} Angst ist ein unausweichlicherBestandteil des Lebens."
    assert _fix(text, unsafe=True) == text.replace("unausweichlicherBestandteil",
                                                   "unausweichlicher Bestandteil")


def test_glued_words_in_russian():
    # After a stop, the word before a name may be a rare inflected form.
    text = f"{RU} Мы радовались пирогу!Неспелых яблок в саду не осталось."
    assert _fix(text) == text.replace("пирогу!Неспелых", "пирогу! Неспелых")
    # A word run into one of another script, even an address; a short name after `за`.
    for dirty, clean in [("сайтаExample.ru", "сайта Example.ru"), ("заЗою", "за Зою")]:
        text = f"{RU} Читайте интервью для {dirty} сегодня."
        assert _fix(text, unsafe=True) == text.replace(dirty, clean)


def test_camel_join_inside_a_parenthesis_of_prose_is_split():
    text = f"{EN} They met (on a Monday, as theyAgreed), and left."
    assert _fix(text, unsafe=True) == text.replace("theyAgreed", "they Agreed")
    kept = f"{EN} Then call(fooBar) again."
    assert _fix(kept, unsafe=True) == kept


def test_camel_join_before_a_name_is_split_and_brands_stay():
    text = f"{EN} The court heard that the spokesmanZabihullah had left early."
    assert _fix(text, unsafe=True) == text.replace("spokesmanZabihullah", "spokesman Zabihullah")
    for brand in ("FaceTime", "PopUp"):
        kept = f"{EN} She opened {brand} on the tablet."
        assert _fix(kept, unsafe=True) == kept


def test_a_lost_space_after_an_abbreviation_is_restored():
    text = f"{EN} Tickets go on sale at 10 a.m.Friday, the office said."
    assert _fix(text) == text.replace("a.m.Friday", "a.m. Friday")
    kept = f"{EN} It was updated at 5 p.m.ET today."
    assert _fix(kept) == kept  # `ET` is no word of the list


def test_a_glued_pair_before_a_colon_is_prose_after_a_stop_or_before_a_capital():
    # A sentence end before a heading with a colon (`taza.Preparación: mezclar`), a credit
    # line run into a caption.
    text = f"{ES} Añadir sal al gusto.Preparación: mezclar todo en una taza."
    assert _fix(text) == text.replace("gusto.Preparación", "gusto. Preparación")
    text = f"{EN} The photo showed the old harbourCredit: Town Archive"
    assert _fix(text, unsafe=True) == text.replace("harbourCredit", "harbour Credit")
    # A camel-case pair before a value in lower case is the key of data (`pageType:
    # stories`); a colon inside the token is code (`std::mem.Swap`).
    for kept in (f"{EN} The page said pageType: stories and more.", f"{EN} Then call std::mem.Swap again."):
        assert _fix(kept, unsafe=True) == kept


def test_a_short_text_with_an_artifact_is_detected_from_its_mended_sample():
    from textclean.lexicon import cld2_language

    # Few words: one cut word is enough for CLD2 to be unsure of the language.
    short = "La junta votó en abril para mejorar los datos vinculados al transporte escolar"
    dirty = short.replace("mejorar", "mej-\norar")
    assert cld2_language(short) == "es" and cld2_language(dirty) is None
    assert detect_language(dirty) == "es"
    assert _fix(dirty) == short
    assert detect_language("x = 1; y = 2") is None
