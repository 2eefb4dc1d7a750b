"""Corpus vocabulary: word counts that split-word repairs use as evidence.

    build_vocabulary(texts)          -> Vocabulary   (bounded memory, one pass)
    Vocabulary.load(path) / .save(path)               (TSV: word, count)
    using_vocabulary(vocab)          -> context manager; repairs read `active_vocabulary()`

A document is often too short to say whether `fivepoint` lost a hyphen or `T he` is a drop
cap; the corpus it comes from usually can (the other scrape of the same story writes
`five-point`). The repairs in `textclean.repairs.words` look at the document first and at the
active vocabulary only when the document is silent, so a run without a vocabulary gives
exactly the results it gave before.

The vocabulary is passed to the repairs through a context variable rather than through the
engine: the engine's interface stays the one rule files see, and a run sets the vocabulary
once around its documents (`textclean fix --corpus-vocabulary`, `--vocabulary FILE`, or the
`vocabulary=` argument of `textclean.api.fix_documents`). The threads of `--jobs` run each
batch in a copy of the run's context, so they see it too (worker processes of
`ProcessMapper(threads=False)` inherit it when they are forked).
"""

from __future__ import annotations

import contextvars
import gzip
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from textclean.errors import ReadError

if TYPE_CHECKING:
    from textclean import _core

# A word is a run of letters; a compound is two or more of them joined by single hyphens.
# Both are counted casefolded. Compounds are stored with their hyphens, so one table holds
# `fivepoint` and `five-point` side by side.
_TOKEN = regex.compile(r"\p{L}+(?:-\p{L}+)*")

HEADER = "# textclean vocabulary v1: word<TAB>count (casefolded; compounds keep their hyphens)"

# About 100 bytes a Python dict entry: two million words stay well under half a gigabyte.
DEFAULT_MAX_WORDS = 2_000_000


class Vocabulary:
    """Casefolded word and compound counts of a corpus.

    >>> v = build_vocabulary(["A five-point plan.", "The five-point plan, again."])
    >>> v.count("five-point"), v.count("Plan"), v.count("fivepoint")
    (2, 2, 0)
    """

    __slots__ = ("counts", "includes_documents", "_compounds", "_core_compounds")

    def __init__(
        self, counts: Counter[str] | None = None, includes_documents: bool = False
    ) -> None:
        self.counts: Counter[str] = counts if counts is not None else Counter()
        # True when the documents being fixed were counted too (`fix --corpus-vocabulary`):
        # a word's occurrences in the document itself are then in the counts.
        self.includes_documents = includes_documents
        # closed form -> its hyphenated spellings; built on first use, in one scan
        self._compounds: dict[str, list[str]] | None = None
        # the same for the core's SW004, with the commonest spelling of each; on first use
        self._core_compounds: _core.CorpusCompounds | None = None

    def __getstate__(self) -> tuple[Counter[str], bool]:
        # The caches are left out: the core's is no Python object to pickle (a worker
        # process or a Dask task gets a vocabulary that builds them again on first use).
        return self.counts, self.includes_documents

    def __setstate__(self, state: tuple[Counter[str], bool]) -> None:
        self.__init__(*state)  # type: ignore[misc]

    def __len__(self) -> int:
        return len(self.counts)

    def __add__(self, other: Vocabulary) -> Vocabulary:
        return Vocabulary(
            self.counts + other.counts, self.includes_documents or other.includes_documents
        )

    def count(self, word: str) -> int:
        """How often `word` (any case; hyphens kept) occurs in the corpus."""
        return self.counts.get(word.casefold(), 0)

    def closed_compounds(self) -> dict[str, list[str]]:
        """Closed forms of every compound (`fivepoint` for `five-point`) and their spellings."""
        if self._compounds is None:
            compounds: dict[str, list[str]] = {}
            for w in self.counts:
                if "-" in w:
                    compounds.setdefault(w.replace("-", ""), []).append(w)
            self._compounds = compounds
        return self._compounds

    def hyphenations(self, closed: str) -> list[tuple[str, int]]:
        """Hyphenated spellings of `closed` in the corpus with their counts, most common first.

        >>> build_vocabulary(["five-point", "five-point", "fivep-oint"]).hyphenations("FivePoint")
        [('five-point', 2), ('fivep-oint', 1)]
        """
        spellings = self.closed_compounds().get(closed.casefold(), [])
        return sorted(((w, self.counts[w]) for w in spellings), key=lambda item: (-item[1], item[0]))

    def core_compounds(self) -> _core.CorpusCompounds:
        """The closed forms of the compounds with the commonest spelling of each and its count
        (`hyphenations(closed)[0]`), as the core's SW004 reads them: made on first use.

        >>> build_vocabulary(["five-point", "five-point", "fivep-oint"]).core_compounds().commonest("fivepoint")
        ('five-point', 2)
        """
        core = self._core_compounds
        if core is None:
            from textclean import _core

            counts = self.counts
            core = self._core_compounds = _core.CorpusCompounds(
                (closed, w, counts[w]) for closed, spellings in self.closed_compounds().items() for w in spellings
            )
        return core

    def save(self, path: Path, min_count: int = 1) -> int:
        """Write the words seen at least `min_count` times as TSV; returns how many."""
        from textclean.io.atomic import write_atomic

        rows = sorted(
            ((w, n) for w, n in self.counts.items() if n >= min_count),
            key=lambda item: (-item[1], item[0]),
        )
        body = "".join(f"{w}\t{n}\n" for w, n in rows)
        data = (HEADER + "\n" + body).encode("utf-8")
        if str(path).endswith(".gz"):
            data = gzip.compress(data, mtime=0)
        write_atomic(path, data)
        return len(rows)

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        """Read a file written by `save` (or `textclean vocab build`); `.gz` is decompressed."""
        try:
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            text = data.decode("utf-8")
        except (OSError, EOFError, UnicodeDecodeError) as exc:
            raise ReadError(str(path), f"cannot read vocabulary: {exc}") from exc
        counts: Counter[str] = Counter()
        for number, line in enumerate(text.splitlines(), start=1):
            if not line or line.startswith("#"):
                continue
            word, sep, count = line.rpartition("\t")
            if not sep or not count.isdigit() or not word:
                raise ReadError(str(path), f"line {number}: expected word<TAB>count, got {line!r:.60}")
            counts[word.casefold()] += int(count)
        return cls(counts)


def tokens(text: str) -> Iterator[str]:
    """The casefolded words and compounds of `text`, as the vocabulary counts them.

    >>> list(tokens("The five-point plan"))
    ['the', 'five-point', 'plan']
    """
    for m in _TOKEN.finditer(text):
        yield m.group().casefold()


class VocabularyBuilder:
    """Counts tokens document by document in bounded memory (lossy counting).

    When more than `max_words` distinct tokens are held, every token seen no more often than
    the number of prunes so far is dropped (Manku and Motwani's lossy counting, pruned by
    size rather than on a fixed schedule). Words that matter as evidence repeat, so they
    survive; a kept count is low by at most `error` (0 until the first prune).
    """

    def __init__(self, max_words: int = DEFAULT_MAX_WORDS) -> None:
        self.max_words = max_words
        self.counts: Counter[str] = Counter()
        self.error = 0
        self.documents = 0

    def add(self, text: str) -> None:
        self.counts.update(tokens(text))
        self.documents += 1
        if len(self.counts) > self.max_words:
            self._prune()

    def _prune(self) -> None:
        while len(self.counts) > self.max_words // 2:
            self.error += 1
            floor = self.error
            self.counts = Counter({w: n for w, n in self.counts.items() if n > floor})

    def vocabulary(self, includes_documents: bool = False) -> Vocabulary:
        return Vocabulary(self.counts, includes_documents)


def build_vocabulary(
    texts: Iterable[str],
    max_words: int = DEFAULT_MAX_WORDS,
    *,
    includes_documents: bool = False,
) -> Vocabulary:
    """The vocabulary of `texts`, counted in one pass.

    Say `includes_documents=True` when `texts` are (or contain) the documents the vocabulary
    will help fix, so a repair knows their own words are in the counts.
    """
    builder = VocabularyBuilder(max_words)
    for text in texts:
        builder.add(text)
    return builder.vocabulary(includes_documents)


_ACTIVE: contextvars.ContextVar[Vocabulary | None] = contextvars.ContextVar(
    "textclean_vocabulary", default=None
)


def active_vocabulary() -> Vocabulary | None:
    """The corpus vocabulary of the current run, or None (repairs use the document alone)."""
    return _ACTIVE.get()


@contextmanager
def using_vocabulary(vocab: Vocabulary | None) -> Iterator[Vocabulary | None]:
    """Make `vocab` the evidence of the split-word repairs inside the block.

    None leaves whatever is active as it is, so callers can pass their optional argument on.
    """
    if vocab is None:
        yield active_vocabulary()
        return
    token = _ACTIVE.set(vocab)
    try:
        yield vocab
    finally:
        _ACTIVE.reset(token)


__all__ = [
    "Vocabulary",
    "VocabularyBuilder",
    "active_vocabulary",
    "build_vocabulary",
    "tokens",
    "using_vocabulary",
    "vocabulary_from_paths",
]


def vocabulary_from_paths(
    paths: Iterable[str],
    text_field: str = "text",
    id_field: str = "id",
    max_words: int = DEFAULT_MAX_WORDS,
) -> VocabularyBuilder:
    """Count the vocabulary of every readable document under `paths` (files, folders).

    Unreadable inputs are skipped here; the run that uses the vocabulary reports them.
    """
    from textclean.io import discover, iter_documents

    builder = VocabularyBuilder(max_words)
    sources = discover(paths)
    if any(source.is_stdin for source in sources):
        raise ReadError("-", "a corpus vocabulary needs a second pass; standard input has none")
    for _source, doc in iter_documents(sources, text_field, id_field):
        builder.add(doc.text)
    return builder
