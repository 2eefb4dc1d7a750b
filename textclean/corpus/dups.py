"""Near-duplicate documents: group the versions of one text across a corpus.

    index = NearDuplicateIndex(threshold=0.3)
    for doc in docs: index.add(doc.id, doc.text)     # streaming: texts are not kept
    index.result()                                     -> NearDuplicates (groups of ids)

Scraped corpora hold the same story many times: syndicated copies, several extractors' output
of one page. Each document becomes the set of its word 3-shingles (`\\w+` tokens, lower-cased,
as the benchmark metric of ``../shared/data/README.md`` tokenises), summarised by a MinHash
signature; an LSH index (`datasketch`) proposes candidates, and a candidate whose estimated
Jaccard similarity reaches the threshold is a link. A new document joins the group it has the
strongest link to; it bridges two existing groups only with links of at least
`BRIDGE_THRESHOLD` to both. Plain single linkage chains: two whole-page scrapes of one site
share enough furniture (menus, footers) to link two different stories and every version of
both, which cost 8 points of precision on the article benchmark (`benchmarks/dups.py`).

Memory: one 128-value signature (512 bytes) per document, plus the LSH buckets; no text.
`datasketch` (and numpy) come with the `dups` extra and are imported only when an index is
made, so the core imports without them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import regex

DEFAULT_THRESHOLD = 0.3
BRIDGE_THRESHOLD = 0.5  # a document links two existing groups only this similar to both
SHINGLE_WORDS = 3
NUM_PERM = 128
# The LSH bands are tuned to miss few pairs at the threshold (false negatives weigh more than
# false positives), since every candidate is checked against its estimated similarity anyway.
_LSH_WEIGHTS = (0.2, 0.8)
_SEED = 1  # fixed, so a run gives the same groups every time

_WORD = regex.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of `size`-word shingles of a text (lower-cased `\\w+` tokens, UTF-8).

    A text shorter than `size` words is one shingle of all its words; an empty one has none.

    >>> sorted(shingles("The cat, the CAT sat.", 2))
    [b'cat sat', b'cat the', b'the cat']
    """
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) < size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Documents that are versions of one text, in the order they were read."""

    documents: tuple[str, ...]
    similarity: float  # the weakest link that joined the group (estimated Jaccard, 0..1)

    def to_dict(self) -> dict[str, Any]:
        return {"documents": list(self.documents), "similarity": self.similarity}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DuplicateGroup:
        return cls(tuple(d["documents"]), float(d["similarity"]))


@dataclass(frozen=True, slots=True)
class NearDuplicates:
    """The `dups` section of a report: the groups found among `documents` indexed documents.

    Reports of shards merge with `+`; groups are not joined across shards (each shard was
    indexed on its own).
    """

    threshold: float
    documents: int
    groups: tuple[DuplicateGroup, ...] = ()

    @property
    def grouped_documents(self) -> int:
        return sum(len(g.documents) for g in self.groups)

    def group_of(self) -> dict[str, DuplicateGroup]:
        """Each grouped document id -> its group."""
        return {doc_id: g for g in self.groups for doc_id in g.documents}

    def __add__(self, other: NearDuplicates) -> NearDuplicates:
        if not isinstance(other, NearDuplicates):
            return NotImplemented
        return NearDuplicates(min(self.threshold, other.threshold),
                              self.documents + other.documents, self.groups + other.groups)

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "shingle_words": SHINGLE_WORDS,
            "documents": self.documents,
            "grouped_documents": self.grouped_documents,
            "groups": [g.to_dict() for g in self.groups],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> NearDuplicates:
        return cls(float(d["threshold"]), int(d["documents"]),
                   tuple(DuplicateGroup.from_dict(g) for g in d.get("groups", ())))


def _require_datasketch() -> Any:
    try:
        import datasketch
    except ImportError as exc:
        from textclean.errors import MissingExtraError

        raise MissingExtraError("near-duplicate detection", "dups") from exc
    return datasketch


class NearDuplicateIndex:
    """A streaming near-duplicate index: `add` documents one at a time, then `result()`.

    >>> index = NearDuplicateIndex(threshold=0.5)
    >>> index.add("a", "the quick brown fox jumps over the lazy dog near the river bank")
    >>> index.add("b", "The quick brown fox jumps over the lazy dog near the river bank!")
    'a'
    >>> index.add("c", "an entirely different sentence about tax policy in the north")
    >>> [g.documents for g in index.result().groups]
    [('a', 'b')]
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, *, num_perm: int = NUM_PERM,
                 shingle_words: int = SHINGLE_WORDS, bridge_threshold: float = BRIDGE_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        datasketch = _require_datasketch()
        import numpy

        self._numpy = numpy
        self._minhash = datasketch.MinHash
        self.threshold = threshold
        self.bridge_threshold = max(threshold, bridge_threshold)
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        self._template = datasketch.MinHash(num_perm=num_perm, seed=_SEED)  # permutations, once
        self._lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=num_perm, weights=_LSH_WEIGHTS)
        self._ids: list[str] = []
        self._signatures: list[Any] = []  # uint32 arrays (the hash values fit in 32 bits)
        self._parent: list[int] = []
        self._links: dict[int, float] = {}  # root -> weakest link of its group
        self.documents = 0

    def signature(self, text: str) -> Any | None:
        """The MinHash values of a text's shingles, or None when it has no words."""
        grams = shingles(text, self.shingle_words)
        if not grams:
            return None
        m = self._minhash(num_perm=self.num_perm, seed=_SEED, scheme=self._template.scheme,
                          permutations=self._template.permutations)
        m.update_batch(grams)
        return m

    def add(self, doc_id: str, text: str) -> str | None:
        """Index one document and link it to the documents it nearly duplicates; return the
        first document of the group it joined (None: it is like no earlier document)."""
        self.documents += 1
        m = self.signature(text)
        if m is None:  # no words: nothing to compare (an empty extraction)
            return None
        key = len(self._ids)
        values = m.hashvalues.astype(self._numpy.uint32)
        self._ids.append(doc_id)
        self._signatures.append(values)
        self._parent.append(key)
        best: dict[int, tuple[float, int]] = {}  # group root -> (strongest link, member)
        for other in self._lsh.query(m):
            similarity = float(self._numpy.count_nonzero(values == self._signatures[other])) / self.num_perm
            if similarity >= self.threshold:
                root = self._find(other)
                best[root] = max(best.get(root, (0.0, other)), (similarity, other))
        links = sorted(best.values(), reverse=True)
        for n, (similarity, other) in enumerate(links):
            # The document joins the group it is most like. It bridges two groups only on a
            # strong link: a weak one is typically page furniture that two whole-page scrapes
            # of one site share, and would join two stories (single linkage's chaining).
            if n == 0 or similarity >= self.bridge_threshold:
                self._union(key, other, similarity)
        self._lsh.insert(key, m, check_duplication=False)
        root = self._find(key)
        return None if root == key else self._ids[root]

    def _find(self, key: int) -> int:
        parent = self._parent
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def _union(self, a: int, b: int, similarity: float) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return
        weakest = min(similarity, self._links.pop(ra, 1.0), self._links.pop(rb, 1.0))
        root, child = min(ra, rb), max(ra, rb)  # the earlier document is the root
        self._parent[child] = root
        self._links[root] = weakest

    def result(self) -> NearDuplicates:
        """The groups of two or more documents, each in reading order, by first member."""
        members: dict[int, list[str]] = {}
        for key, doc_id in enumerate(self._ids):
            members.setdefault(self._find(key), []).append(doc_id)
        groups = tuple(
            DuplicateGroup(tuple(ids), round(self._links.get(root, 1.0), 4))
            for root, ids in sorted(members.items())
            if len(ids) > 1
        )
        return NearDuplicates(self.threshold, self.documents, groups)


def find_near_duplicates(
    docs: Iterable[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD
) -> NearDuplicates:
    """Group `(id, text)` pairs whose shingle sets are similar (see `NearDuplicateIndex`)."""
    index = NearDuplicateIndex(threshold)
    for doc_id, text in docs:
        index.add(doc_id, text)
    return index.result()


def iter_pairs(groups: Iterable[DuplicateGroup]) -> Iterator[tuple[str, str]]:
    """Every unordered pair of documents put in one group (for pairwise precision/recall)."""
    for g in groups:
        docs = g.documents
        for i, a in enumerate(docs):
            for b in docs[i + 1 :]:
                yield a, b
