"""The lexicon of a document's language: the last evidence for split and glued words.

    using_lexicon("auto" | "off" | LANG)   -> context manager; repairs read the setting
    document_lexicon(text)                 -> Lexicon | None for this document
    detect_language(text)                  -> a wordfreq language code or None
    load_lexicon(lang)                     -> Lexicon | None (loaded once per process)

The split-word repairs (`textclean.repairs.words`) look at the document first, then at the
corpus vocabulary (`textclean.corpus.vocab`), and only then here: a word list of the document's
language with how frequent each word is. The list is wordfreq's (by the author of ftfy:
frequencies for about 40 languages, shipped inside its wheel, no network); the language of a
document is told by pycld2 (Google's Compact Language Detector 2, its model compiled into the
extension). Nothing is read until a repair asks for a lexicon, so `import textclean` stays
as fast as it was. The first time a language is needed its list is read from wordfreq's data
folder (about 0.1-0.3 s), packed (`Lexicon`: sorted UTF-8 words in one bytes object, English
about 2.3 MB) and written to the cache folder (`textclean.rules.loader.cache_dir`: `lexicon/` under
$TEXTCLEAN_CACHE_DIR or ~/.cache/textclean, one entry per version of the list, shared by
every environment that has it); every later process maps that file into memory (`_map`,
well under a millisecond) and reads only the pages its lookups touch.

No language detected, or one wordfreq lacks: `document_lexicon` is None and the repairs fall
back to what the document and the corpus say, as they did before there was a lexicon.
"""

from __future__ import annotations

import contextvars
import functools
import gzip
import hashlib
import importlib.util
import mmap
import os
import struct
import sys
import threading
import time
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import regex

from textclean import _core
from textclean.errors import ConfigError, WriteError
from textclean.io.atomic import write_atomic

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

    Kept compact: the words' UTF-8 spellings sorted and packed into one bytes object, with an
    array of where each starts and one of its frequency, looked up by bisection (English:
    about 3 MB, where a dict of the same words took 25 MB). `pack_lexicon` builds that, `_unpack`
    reads it back from the cache file.

    >>> lex = load_lexicon("en")
    >>> lex.is_word("community"), lex.is_word("munity"), lex.zipf("startup") > 3
    (True, False, True)
    """

    __slots__ = ("lang", "_data", "_starts", "_centizipf", "_base", "_memo", "_core")

    def __init__(self, lang: str, data: bytes | mmap.mmap) -> None:
        self.lang = lang
        self._data = data
        self._starts, self._centizipf, self._base = _unpack(data)
        self._memo: dict[str, int] = {}
        self._core: _core.Lexicon | None = None

    @property
    def core(self) -> _core.Lexicon:
        """The same lexicon for the core's finders (`textclean._core.Lexicon`), which read the
        packed bytes in place: made on first use, once per language."""
        core = self._core
        if core is None:
            core = self._core = _core.Lexicon(self.lang, self._data, one_letter_words(self.lang))
        return core

    def __len__(self) -> int:
        return len(self._centizipf)

    def __contains__(self, word: str) -> bool:
        return self._lookup(word) > 0

    def _lookup(self, word: str) -> int:
        """The centi-Zipf frequency of `word` (any case), 0 when the list lacks it."""
        found = self._memo.get(word)
        if found is not None:
            return found
        # wordfreq casefolds every word it counts (`Straße` is listed as `strasse`).
        key = word.casefold().encode("utf-8", "surrogatepass")
        data, starts, base = self._data, self._starts, self._base
        lo, hi = 0, len(self._centizipf)
        while lo < hi:
            mid = (lo + hi) // 2
            if data[base + starts[mid] : base + starts[mid + 1]] < key:
                lo = mid + 1
            else:
                hi = mid
        found = 0
        if lo < len(self._centizipf) and data[base + starts[lo] : base + starts[lo + 1]] == key:
            found = self._centizipf[lo]
        if len(self._memo) >= _MEMO_MAX:
            self._memo.clear()
        self._memo[word] = found
        return found

    def zipf(self, word: str) -> float:
        """Zipf frequency of `word` (any case): 7 for "the", 3 for a word once a million, 0 unknown."""
        return self._lookup(word) / 100

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


# Words looked up are remembered (the same few recur across a corpus) up to this many.
_MEMO_MAX = 65_536

# The packed form of a lexicon: a header (magic, number of words n, bytes of words), n + 1
# uint32 start offsets into the words, n uint16 centi-Zipf frequencies, the words. Native
# byte order, which the magic names, so a cache file from another machine is rebuilt.
_MAGIC = b"TCLEX1" + (b"LE" if sys.byteorder == "little" else b"BE")
_HEADER = struct.Struct("=8sII")


def pack_lexicon(centizipf: dict[str, int]) -> bytes:
    """The packed form of `centizipf` (casefolded word -> centi-Zipf)."""
    keys = sorted((word.encode("utf-8", "surrogatepass"), zipf) for word, zipf in centizipf.items())
    starts = array("I", [0])
    at = 0
    for key, _ in keys:
        at += len(key)
        starts.append(at)
    zipfs = array("H", (zipf for _, zipf in keys))
    words = b"".join(key for key, _ in keys)
    pad = b"\0" * (len(zipfs) % 2 * 2)  # keep the words 4-aligned, like the header and starts
    return b"".join([_HEADER.pack(_MAGIC, len(keys), len(words)), starts.tobytes(),
                     zipfs.tobytes(), pad, words])


def _unpack(data: bytes | mmap.mmap) -> tuple[memoryview, memoryview, int]:
    """The start offsets, frequencies and where the words begin in packed `data`; ValueError
    when `data` is not a whole packed lexicon (a cut or foreign cache file)."""
    if len(data) < _HEADER.size:
        raise ValueError("too short")
    magic, n, size = _HEADER.unpack_from(data)
    if magic != _MAGIC:
        raise ValueError("not a packed lexicon of this byte order")
    view = memoryview(data)
    at = _HEADER.size
    starts = view[at : at + 4 * (n + 1)].cast("I")
    at += 4 * (n + 1)
    centizipf = view[at : at + 2 * n].cast("H")
    at += 2 * n + n % 2 * 2
    if len(data) != at + size or len(starts) != n + 1 or starts[n] != size:
        raise ValueError("cut or inconsistent")
    return starts, centizipf, at


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


@functools.cache
def wordfreq_lists() -> dict[str, Path]:
    """The best list of each language: `large_` where there is one, else `small_` (found
    once per process; the dict is shared, never change it)."""
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
    return frozenset(wordfreq_lists())


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
            _LEXICONS[lang] = read_lexicon(lang)
        return _LEXICONS[lang]


def read_lexicon(lang: str) -> Lexicon | None:
    """The lexicon of `lang`: from the cache folder when it holds this list packed, else read
    from wordfreq's list and packed into the cache for the next process."""
    path = wordfreq_lists().get(lang)
    if path is None:
        return None
    entry = cache_entry(lang, path)
    if entry is not None:
        try:
            return Lexicon(lang, _map(entry))
        except (OSError, ValueError):
            pass  # not there yet, cut short or foreign: build it again
    data = pack_lexicon(_read_wordfreq(path))
    if entry is not None:
        try:
            write_atomic(entry, data)
            _prune(entry.parent, lang)
        except (WriteError, OSError):
            pass  # a read-only or full cache folder only costs speed
    return Lexicon(lang, data)


def _map(entry: Path) -> bytes | mmap.mmap:
    """The bytes of a cache entry, mapped into memory where the system allows.

    Mapped, a process touches only the pages its lookups read (a few hundred of the 1,300 of
    German), instead of copying the whole entry at start. Entries are only ever replaced
    whole (`write_atomic` renames a new file over the name), so a mapped entry never
    changes under a reader. The entry's time is set when it was last used an hour ago or
    more: `_prune` keeps the entries in use.
    """
    with entry.open("rb") as f:
        st = os.fstat(f.fileno())
        if time.time() - st.st_mtime > TOUCH_AFTER:
            try:
                os.utime(f.fileno() if os.utime in os.supports_fd else entry)
            except OSError:
                pass  # a read-only cache folder: the entry may be pruned sooner
        if os.name != "posix" or st.st_size == 0:
            return f.read()  # elsewhere a mapped file cannot be replaced or removed
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


# Packed lists kept per language in the cache folder, which every environment of the user
# shares. An entry is named for the contents of the list it was packed from (`cache_entry`),
# so environments with the same wordfreq data share one entry and never rebuild each
# other's; an entry in use is touched at most once this often (seconds), and when a new one
# is written, those of the language beyond this many, least recently used first, are
# removed (left over from upgrades of wordfreq or of the packing).
CACHE_KEEP = 4
TOUCH_AFTER = 3600


def _prune(folder: Path, lang: str) -> None:
    """Remove the entries of `lang` beyond the `CACHE_KEEP` most recently used."""
    entries = []
    for entry in folder.glob(f"{lang}-*.lex"):
        try:
            entries.append((entry.stat().st_mtime_ns, entry))
        except OSError:
            pass  # removed meanwhile by another process
    entries.sort(reverse=True)
    for _, old in entries[CACHE_KEEP:]:
        old.unlink(missing_ok=True)


def cache_entry(lang: str, path: Path) -> Path | None:
    """Where the packed list of `lang` is cached; None when there is no cache folder
    (`TEXTCLEAN_CACHE_DIR=off`) or the list cannot be read.

    Named for what the list holds, not where it is installed: its file name and size and
    the gzip trailer (the CRC-32 and length of the uncompressed list, read from its last 8
    bytes), with the floor and the packed format. Two environments with the same wordfreq
    data share the entry; another version of the data, the floor or the format is another
    entry.
    """
    from textclean.rules.loader import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    try:
        with path.open("rb") as f:
            size = f.seek(0, os.SEEK_END)
            f.seek(max(0, size - 8))
            trailer = f.read(8)
    except OSError:
        return None
    stamp = f"{path.name}:{size}:{trailer.hex()}:{ZIPF_FLOOR}:{_MAGIC!r}"
    digest = hashlib.blake2b(stamp.encode(), digest_size=8).hexdigest()
    return folder / "lexicon" / f"{lang}-{digest}.lex"


def _read_wordfreq(path: Path) -> dict[str, int]:
    """The words of a wordfreq list at or above the floor, as word -> centi-Zipf."""
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
    return centizipf


def detect_language(text: str) -> str | None:
    """The language of `text` as a wordfreq code, when CLD2 is sure of it; else None.

    CLD2 reads 1,000 characters from the middle of a long text first, and the first 10,000
    when those do not decide (a middle of product names or a table). A middle that is
    plainly English by its commonest words (`plainly_english`) is English without CLD2.

    >>> detect_language("The ferry left early in the morning and the crew rested.")
    'en'
    >>> detect_language("x = 1") is None
    True
    """
    return _detect(text)[0]


def _detect(text: str) -> tuple[str | None, str | None]:
    """`detect_language(text)` and the sample of `text` that decided it (None when no
    language was detected)."""
    middle = max(0, (len(text) - _DETECT_CHARS) // 2)
    sample = text[middle : middle + _DETECT_CHARS]
    if plainly_english(sample):
        return "en", sample
    lang = cld2_language(sample)
    if lang is None and len(text) > _DETECT_CHARS:
        sample = text[: _DETECT_CHARS * 10]
        lang = cld2_language(sample)
    if lang is None and (mended := mend_for_detection(sample)) != sample:
        lang = cld2_language(mended)
    return lang, (sample if lang is not None else None)


# The artifacts the split-word repairs mend cut words in two or run two into one, and in a
# short text one such word is enough for CLD2 to be unsure (`... de mej-\norar las ...`,
# `... se llamaNeobanco ...` in a page of 130 characters). Where CLD2 is unsure, it is
# asked again about the sample with them undone the plain way: a line-end hyphen between
# lower-case letters closed, a space put between a lower-case letter (or one and a stop)
# and a capital that starts a word, a lone capital at a line start joined to its word.
@functools.cache
def _mend_patterns() -> tuple[tuple[regex.Pattern[str], str], ...]:
    """The patterns of `mend_for_detection` and what replaces each (compiled on first use)."""
    return (
        (regex.compile(r"(?<=\p{Ll})-[ \t]*\r?\n[ \t]*(?=\p{Ll})"), ""),
        (regex.compile(r"(?<=\p{Ll}[.!?]?)(?=\p{Lu}\p{Ll})"), " "),
        (regex.compile(r"(?m)^(\p{Lu}) (?=\p{Ll})"), r"\1"),
    )


def mend_for_detection(sample: str) -> str:
    """`sample` with line-end hyphens, glued words and drop caps undone for the detector.

    >>> mend_for_detection("a fin de mej-\\norar las cifras, se llamaNeobanco.Hoy\\nE ste")
    'a fin de mejorar las cifras, se llama Neobanco. Hoy\\nEste'
    """
    for pattern, replacement in _mend_patterns():
        sample = pattern.sub(replacement, sample)
    return sample


# English, most of the web's text, is told without CLD2 when a sample is plainly English:
# words English alone has (` the `, ` which ` ...; not ` in ` or ` was `, German words too)
# start this share of its spaces or more, with 60 spaces at least and 4 of these words. On the
# 3,571 documents of the shared corpora (every text of the article benchmark and of
# trafilatura-segments) CLD2 says English of every sample this takes (62% of the English
# ones); none that CLD2 gives another answer reaches 0.07. In a fix, CLD2's tables are cold
# in the cache when a document asks, and these counts cost a fraction of a call.
# tests/repairs/test_lexicon.py checks mixed samples against CLD2.
ENGLISH_SHARE = 0.12
ENGLISH_MIN_SPACES = 60
ENGLISH_MIN_WORDS = 4
ENGLISH_WORDS = (" the ", " of ", " and ", " that ", " with ", " this ", " from ", " which ",
                  " have ", " were ", " been ", " their ", " would ", " they ")


def plainly_english(sample: str) -> bool:
    """`sample` is English by its commonest words alone (`ENGLISH_SHARE`).

    The words are counted commonest first and the counting stops as soon as the answer is
    known: every count only adds to the sum and to the words present, so it is yes once
    both are reached, and no once too few words are left to count for `ENGLISH_MIN_WORDS`.
    """
    spaces = sample.count(" ")
    if spaces < ENGLISH_MIN_SPACES:
        return False
    need = ENGLISH_SHARE * spaces
    total = present = 0
    left = len(ENGLISH_WORDS)
    for word in ENGLISH_WORDS:
        left -= 1
        count = sample.count(word)
        if count:
            total += count
            present += 1
            if total >= need and present >= ENGLISH_MIN_WORDS:
                return True
        elif present + left < ENGLISH_MIN_WORDS:
            return False
    return False


def cld2_language(sample: str) -> str | None:
    """What CLD2 (pycld2) reliably says `sample` is written in, as a wordfreq language code,
    or None (not reliable, unknown, or a sample CLD2 cannot read even with its unsafe
    characters spaced out)."""
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
    code: str = details[0][1]
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


# The last document asked about, its lexicon and the sample that told its language: the
# split-word finders run one after another on the same text, and each asks.
_last: tuple[str, Lexicon | None, str | None] | None = None


def document_lexicon(text: str) -> Lexicon | None:
    """The lexicon for `text` under the current setting, or None (off, or no language)."""
    global _last
    setting = _SETTING.get()
    if setting == "off":
        return None
    if setting != "auto":
        return load_lexicon(setting)
    last = _last
    if last is not None and _same_document(last[0], last[2], text):
        return last[1]
    lang, sample = _detect(text)
    lexicon = load_lexicon(lang) if lang is not None and lang in CASED_LANGUAGES else None
    _last = (text, lexicon, sample)
    return lexicon


def _same_document(before: str, sample: str | None, text: str) -> bool:
    """`text` is `before` or a later pass of its fix, for the language: the same first 200
    characters and about the same length, or it still holds the `sample` of `before` that
    told its language. The engine fixes a document in passes, each a new string, and CLD2
    would judge each again (a pass that removes a menu at the top changes the start and the
    middle); two texts that agree this far are in one language anyway."""
    if before is text:
        return True
    if abs(len(before) - len(text)) * 10 <= len(before) and before[:200] == text[:200]:
        return True
    return sample is not None and sample in text
