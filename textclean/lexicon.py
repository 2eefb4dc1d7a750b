"""The lexicon of a document's language: the last evidence for split and glued words.

    using_lexicon("auto" | "off" | LANG)   -> context manager; repairs read the setting
    document_lexicon(text)                 -> Lexicon | None for this document
    detect_language(text)                  -> a wordfreq language code or None
    load_lexicon(lang)                     -> Lexicon | None (loaded once per process)

The split-word repairs (`textclean.repairs.words`) look at the document first, then at the
corpus vocabulary (`textclean.vocab`), and only then here: a word list of the document's
language with how frequent each word is. The list is wordfreq's (by the author of ftfy:
frequencies for about 40 languages, shipped inside its wheel, no network); the language of a
document is told by pycld2 (Google's Compact Language Detector 2, its model compiled into the
extension). Nothing is read until a repair asks for a lexicon, so `import textclean` stays
as fast as it was; each language's list is read once per process, straight from wordfreq's
data folder (about 0.1 s and 25 MB for English), and kept as a dict from word to its Zipf
frequency in centi-units.

No language detected, or one wordfreq lacks: `document_lexicon` is None and the repairs fall
back to what the document and the corpus say, as they did before there was a lexicon.
"""

from __future__ import annotations

import contextvars
import gzip
import importlib.util
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import regex

from textclean.errors import ConfigError

# Words at least this frequent are kept (Zipf scale: 1.5 is about once in 30 million words).
# Lower than every threshold the repairs use, so the floor never decides on its own.
ZIPF_FLOOR = 1.5

# "auto" detects each document's language; "off" turns lexicon evidence off; anything else
# is a wordfreq language code used for every document.
_SETTING: contextvars.ContextVar[str] = contextvars.ContextVar("textclean_lexicon", default="auto")

# Language codes of CLD2 that wordfreq spells otherwise.
_CLD2_TO_WORDFREQ = {
    "iw": "he",
    "no": "nb",
    "nn": "nb",
    "tl": "fil",
    "hr": "sh",
    "sr": "sh",
    "bs": "sh",
    "zh-Hant": "zh",
    "in": "id",
}

# Characters CLD2 rejects as input (it wants valid UTF-8 without C0/C1 controls); compiled on
# first use, which is rare.
_CLD2_UNSAFE = r"[\p{Cc}\p{Cs}--[\n\t]]"

# CLD2 is sure of a language from a few hundred characters, and its time grows with the length:
# a long text is judged by this many from its middle (away from a page's menus and footer).
# NOTE: a document is judged as one language; a German page quoting English is German.
_DETECT_CHARS = 1_000


class Lexicon:
    """The words of one language with their frequencies (wordfreq's list, Zipf >= floor).

    >>> lex = load_lexicon("en")
    >>> lex.is_word("community"), lex.is_word("munity"), lex.zipf("startup") > 3
    (True, False, True)
    """

    __slots__ = ("lang", "_centizipf")

    def __init__(self, lang: str, centizipf: dict[str, int]) -> None:
        self.lang = lang
        self._centizipf = centizipf

    def __len__(self) -> int:
        return len(self._centizipf)

    def __contains__(self, word: str) -> bool:
        return word.lower() in self._centizipf

    def zipf(self, word: str) -> float:
        """Zipf frequency of `word` (any case): 7 for "the", 3 for a word once a million, 0 unknown."""
        return self._centizipf.get(word.lower(), 0) / 100

    def is_word(self, word: str, min_zipf: float = 3.0) -> bool:
        """`word` is a word of the language at least as frequent as `min_zipf`.

        One letter is a word only when the language has it as one (`a` in English, `y` in
        Spanish): every letter is frequent in the list, as an initial or a list marker.
        """
        if len(word) == 1:
            return word.lower() in one_letter_words(self.lang)
        return self.zipf(word) >= min_zipf

    @property
    def evidence(self) -> str:
        """How a finding names this lexicon as its evidence: `lexicon:en`."""
        return f"lexicon:{self.lang}"


# The one-letter words of a language, as they stand alone between spaces (French `l` and `d`
# are frequent in the list only because elisions are split off, so they are not here).
_ONE_LETTER = {
    "en": "ai",
    "fr": "aày",
    "es": "aeouy",
    "it": "aeèio",
    "pt": "aàeéo",
    "ca": "aeio",
    "nl": "u",
    "sv": "iå",
    "da": "i",
    "nb": "iå",
    "pl": "aiouwz",
    "cs": "aiksuvz",
    "sk": "aiksuvoz",
    "sl": "aikosvz",
    "hu": "a",
    "ro": "aoș",
    "ru": "авикосуя",
    "uk": "авзійоуя",
    "bg": "аиувся",
}


def one_letter_words(lang: str) -> str:
    """The letters that are words on their own in `lang` (lower case)."""
    return _ONE_LETTER.get(lang, "")


_LEXICONS: dict[str, Lexicon | None] = {}
_LOCK = threading.Lock()


def _data_dir() -> Path | None:
    """wordfreq's folder of word lists, found without importing wordfreq.

    Importing wordfreq costs about 0.3 s (it loads langcodes' tables) and the lists need none
    of it: each is a gzipped msgpack file `large_<lang>.msgpack.gz` (or `small_`) in its
    `data` folder. tests/repairs/test_lexicon.py checks the lists read here against
    `wordfreq.zipf_frequency`.
    """
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _list_paths() -> dict[str, Path]:
    """The best list of each language: `large_` where there is one, else `small_`."""
    data = _data_dir()
    paths: dict[str, Path] = {}
    if data is None:
        return paths
    for size in ("small", "large"):  # large last, so it wins
        for path in data.glob(f"{size}_*.msgpack.gz"):
            paths[path.name[len(size) + 1 : -len(".msgpack.gz")]] = path
    return paths


def available_languages() -> frozenset[str]:
    """The languages wordfreq has a word list for."""
    return frozenset(_list_paths())


# Languages whose words the split-word repairs can judge: written in a cased alphabet (Latin,
# Greek, Cyrillic), where drop caps, line-end hyphens and glued capitals occur. The others of
# wordfreq (Arabic, Chinese, Hebrew, Hindi, Japanese, Korean ...) would cost a list load per
# process for nothing.
CASED_LANGUAGES = frozenset(
    "bg ca cs da de el en es fi fil fr hu id is it lt lv mk ms nb nl pl pt ro ru sh sk sl sv "
    "tr uk vi".split()
)


def load_lexicon(lang: str) -> Lexicon | None:
    """The lexicon of `lang` (a wordfreq code), read once per process; None if there is none."""
    lexicon = _LEXICONS.get(lang, _LEXICONS)
    if lexicon is not _LEXICONS:
        return lexicon  # type: ignore[return-value]
    with _LOCK:
        if lang not in _LEXICONS:
            _LEXICONS[lang] = _read(lang)
        return _LEXICONS[lang]


def _read(lang: str) -> Lexicon | None:
    path = _list_paths().get(lang)
    if path is None:
        return None
    import msgpack

    # A cBpack (wordfreq's `read_cBpack`) is a header and a list of buckets: bucket i holds
    # the words of frequency 10 ** (-i / 100), so Zipf (log10 of the frequency per billion
    # words) is 9 - i / 100.
    with gzip.open(path, "rb") as f:
        data = msgpack.load(f, raw=False)
    header, buckets = data[0], data[1:]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ConfigError(f"{path}: not a wordfreq word list (header {header!r:.80})")
    last = int(round((9 - ZIPF_FLOOR) * 100))
    centizipf: dict[str, int] = {}
    # Rarest first, so that a word listed twice keeps its higher frequency.
    for i in range(min(last, len(buckets) - 1), -1, -1):
        if buckets[i]:
            centizipf.update(dict.fromkeys(buckets[i], 900 - i))
    return Lexicon(lang, centizipf)


def detect_language(text: str) -> str | None:
    """The language of `text` as a wordfreq code, when CLD2 is sure of it; else None.

    CLD2 reads 1,000 characters from the middle of a long text first, and the first 10,000
    when those do not decide (a middle of product names or a table).

    >>> detect_language("The ferry left early in the morning and the crew rested.")
    'en'
    >>> detect_language("x = 1") is None
    True
    """
    middle = max(0, (len(text) - _DETECT_CHARS) // 2)
    lang = _cld2(text[middle : middle + _DETECT_CHARS])
    if lang is None and len(text) > _DETECT_CHARS:
        lang = _cld2(text[: _DETECT_CHARS * 10])
    return lang


def _cld2(sample: str) -> str | None:
    import pycld2

    try:
        reliable, _, details = pycld2.detect(sample)
    except (pycld2.error, UnicodeEncodeError, ValueError):
        try:
            reliable, _, details = pycld2.detect(regex.sub(_CLD2_UNSAFE, " ", sample, flags=regex.V1))
        except (pycld2.error, UnicodeEncodeError, ValueError):
            return None
    if not reliable:
        return None
    code = details[0][1]
    if code in ("un", "xxx"):
        return None
    return _CLD2_TO_WORDFREQ.get(code, code)


def check_setting(setting: str) -> str:
    """`setting` if it is "auto", "off" or a language wordfreq has; else a ConfigError."""
    if setting in ("auto", "off"):
        return setting
    if setting not in available_languages():
        known = ", ".join(sorted(available_languages()))
        raise ConfigError(f"unknown lexicon language {setting!r} (known: auto, off, {known})")
    return setting


@contextmanager
def using_lexicon(setting: str) -> Iterator[None]:
    """Set how the repairs find a document's lexicon: "auto", "off" or a language code."""
    token = _SETTING.set(check_setting(setting))
    try:
        yield
    finally:
        _SETTING.reset(token)


def lexicon_setting() -> str:
    """The setting in force: "auto" unless `using_lexicon` says otherwise."""
    return _SETTING.get()


# The last document asked about and its lexicon: the split-word finders run one after another
# on the same text, and each asks.
_last: tuple[str, Lexicon | None] | None = None


def document_lexicon(text: str) -> Lexicon | None:
    """The lexicon for `text` under the current setting, or None (off, or no language)."""
    global _last
    setting = _SETTING.get()
    if setting == "off":
        return None
    if setting != "auto":
        return load_lexicon(setting)
    last = _last
    if last is not None and _same_document(last[0], text):
        return last[1]
    lang = detect_language(text)
    lexicon = load_lexicon(lang) if lang in CASED_LANGUAGES else None
    _last = (text, lexicon)
    return lexicon


def _same_document(before: str, text: str) -> bool:
    """`text` is `before` or a later pass of its fix: the same first 200 characters and about
    the same length. The engine fixes a document in passes, each a new string, and CLD2 would
    judge each again; two texts that agree this far are in one language anyway."""
    if before is text:
        return True
    return (
        abs(len(before) - len(text)) * 10 <= len(before)
        and before[:200] == text[:200]
    )
