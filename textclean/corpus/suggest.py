"""Mine a corpus for site furniture and propose line rules for it (`textclean suggest`).

    mine = Miner(options); mine.add(doc, group) ...     one pass, bounded memory
    proposals = mine.propose()                          -> Proposals (rules + near-duplicates)
    suggest_paths(paths, options)                       -> Proposals, reading files and folders
    proposals.to_yaml()                                 -> a rule file for `--rules`

Generic rules cannot know that `Read more from South Asia` is one site's furniture; the
corpus can. Furniture repeats across many documents of one site, at the same place (the head
or the tail), as short lines that do not read like sentences; article lines do not repeat,
except when an agency story is syndicated, and then they are long sentences. So:

- Documents are grouped by site: the host of their `url` field, another field
  (`group_field`), or their folder.
- Each short line is counted under three keys per site: the line itself (folded like a rule
  phrase), the line with its numbers masked (`Image 3 of 12`), and its first words
  (`Read more from ...`), so near-variants are counted together. Counting keeps 64-bit
  hashes, not texts, and is lossy (Manku and Motwani): when more than `max_entries` keys are
  held, the rarest are dropped, so memory is bounded however long the stream is. Each key
  keeps a few sample lines by reservoir sampling, for the patterns and the examples.
- A key seen in at least `min_docs` documents and `min_share` of its site's documents
  becomes a phrase (the exact line) or a pattern (the masked or prefix template, when it
  has several variants). Lines that read like prose (long, or sentence punctuation away from
  the edges) are never proposed: they are reported as near-duplicates, the sign of
  syndicated text rather than of furniture.
- The rule file has one `line` rule per site and position (head, tail, edges or anywhere),
  with `applies_to` the site, codes in a user range (`ST001`...), an unsafe `delete: line`
  fix, and examples built from the corpus's own lines, each checked before it is written.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

import regex

from textclean.model import Document
from textclean.rules.kinds import RULE_ADAPTER, LineRule
from textclean.rules.schema import Example
from textclean.text.lines import split_lines
from textclean.text.phrases import normalise_phrase

# The kinds of key a line is counted under.
EXACT, DIGITS, PREFIX, PROSE = "exact", "digits", "prefix", "prose"

_DIGITS = regex.compile(r"\d+")
_SENTENCE_END = regex.compile(r"[.!?…][\"'”’)\]]*$")
_LETTER = regex.compile(r"\p{L}")
_TITLE_WORD = regex.compile(r"^[\p{Lu}\p{N}&][\p{L}\p{M}\p{N}'’&.-]*$")
_HOSTLIKE = regex.compile(r"^[\w-]+(?:\.[\w-]+)*\.\p{L}{2,}$")
_SMALL_WORDS = frozenset("a an and at by de for in of on or the to y".split())


@dataclass
class SuggestOptions:
    """How `suggest` mines and what it proposes."""

    group_field: str | None = None  # None: url host, else `domain` field, else folder
    text_field: str = "text"
    id_field: str = "id"
    min_docs: int = 3  # a line must repeat in this many documents of its site...
    min_share: float = 0.2  # ...and in this share of them
    min_group_docs: int = 3  # sites with fewer documents are not mined
    max_words: int = 12  # longer lines are prose, never furniture
    prose_words: int = 6  # a line this long ending like a sentence is prose, unless at an edge
    sentence_share: float = 0.5  # ...of at least this share of the site's documents
    window: int = 6  # non-blank lines from the top (bottom) that count as the head (tail)
    code_prefix: str = "ST"
    level: str = "warning"
    max_entries: int = 1_000_000  # keys held in memory before the rarest are pruned
    # Versions of one page (several scrapes, extractors or syndicated copies) count once: a
    # document whose prose lines nearly duplicate an earlier document's is not counted, so an
    # article's own short lines never look like furniture. Needs the dups extra; 0: off.
    copy_threshold: float = 0.3
    # Memory stays bounded: the index holds at most this many documents' signatures (about
    # 1 KB each) and then starts again, so versions further apart in the stream count apart.
    copy_window: int = 50_000
    samples: int = 6  # sample lines kept per key (reservoir)
    seed: int = 8  # for the reservoirs: the same input gives the same file


# Sentences kept per site (reservoir) for the examples, and their longest.
_EXAMPLE_SENTENCES = 4
_EXAMPLE_CHARS = 240

_NO_SAMPLES: list[str] = []  # shared by every key without samples; never appended to


class _Key:
    """Counts for one key of one site (or, for PROSE, of the whole corpus)."""

    __slots__ = (
        "group", "kind", "docs", "err", "last_doc", "occ", "head_n", "head_max", "tail_n",
        "tail_max", "samples", "seen", "groups", "plen",
    )

    def __init__(self, group: str, kind: str, err: int) -> None:
        self.group = group
        self.kind = kind
        self.docs = 0
        self.err = err  # documents it may have been seen in before it was (re)created
        self.last_doc = -1
        self.occ = 0
        self.head_n = 0
        self.head_max = 0
        self.tail_n = 0
        self.tail_max = 0
        self.samples: list[str] = _NO_SAMPLES  # none until a second document: most keys never get one
        self.seen = 0  # occurrences offered to the reservoir
        self.groups: set[str] | None = None  # PROSE keys: sites it was seen on (capped)
        self.plen = 0  # PREFIX keys: how many words the prefix has


@dataclass
class _Group:
    docs: int = 0
    url: str | None = None  # a sample URL, for examples
    prose: list[str] = field(default_factory=list)  # sample article lines (reservoir)
    prose_seen: int = 0


@dataclass(frozen=True)
class Candidate:
    """One proposed phrase or pattern, with the evidence for it."""

    group: str
    kind: str  # EXACT (a phrase) or DIGITS / PREFIX (a pattern)
    value: str  # the phrase, or the regex
    docs: int  # documents of the site it was counted in (a lower bound after pruning)
    group_docs: int
    position: str  # head, tail, edges, anywhere
    window: int
    words: int  # the longest sample line, in words
    samples: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.docs / self.group_docs if self.group_docs else 0.0


@dataclass(frozen=True)
class NearDuplicate:
    """A prose line repeated across documents: syndication, never proposed as a rule."""

    text: str
    docs: int
    groups: int


@dataclass
class Proposals:
    """What `suggest` found: rules (as dicts ready for YAML) and the near-duplicates."""

    rules: list[dict[str, Any]]
    notes: list[str]  # one comment per rule: the site and how many documents it touches
    candidates: list[list[Candidate]]  # per rule
    near_duplicates: list[NearDuplicate]
    documents: int
    groups: int
    pruned: int  # counts may be low by up to this many documents
    copies: int = 0  # documents not counted: near-duplicates of one read before
    warning: str | None = None  # e.g. copies could not be told apart (no dups extra)

    def to_yaml(self) -> str:
        """The rule file: `rules:` with one commented rule per site and position."""
        from ruamel.yaml import YAML
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        items = CommentedSeq()
        for i, (rule, note, cands) in enumerate(
            zip(self.rules, self.notes, self.candidates, strict=True)
        ):
            item = CommentedMap(rule)
            for key in ("phrases", "patterns"):
                if key in item:
                    seq = CommentedSeq(item[key])
                    for j, cand in enumerate(c for c in cands if (c.kind == EXACT) == (key == "phrases")):
                        seq.yaml_add_eol_comment(f"{cand.docs} of {cand.group_docs} documents", j)
                    item[key] = seq
            items.append(item)
            items.yaml_set_comment_before_after_key(i, before=note, indent=0)
        root = CommentedMap(rules=items)
        header = (
            f"Proposed by `textclean suggest` from {self.documents} document(s) of {self.groups} "
            "site(s).\nReview before use: every fix is unsafe (applied only with --unsafe-fixes), "
            "and the\ndocument counts are lower bounds"
            + (f" (pruned counts may be low by up to {self.pruned})" if self.pruned else "")
            + ".\nUse: textclean fix PATH --rules THIS_FILE --unsafe-fixes --out DEST"
        )
        root.yaml_set_start_comment(header)
        yaml = YAML()
        yaml.width = 100
        yaml.indent(mapping=2, sequence=4, offset=2)
        out = io.StringIO()
        yaml.dump(root, out)
        return out.getvalue()


def site_of(url: str | None) -> str | None:
    """The site a URL belongs to: its host without `www.`.

    >>> site_of("https://www.Example.com/news/1")
    'example.com'
    """
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _sentence_like(line: str, words: int, options: SuggestOptions) -> bool:
    """A sentence of some length: furniture only at an edge of most of a site's pages."""
    return words >= options.prose_words and _SENTENCE_END.search(line) is not None


class Miner:
    """Counts repeated lines per site in one pass; `propose()` turns them into rules."""

    def __init__(self, options: SuggestOptions | None = None) -> None:
        self.options = options or SuggestOptions()
        self.keys: dict[int, _Key] = {}
        self.groups: dict[str, _Group] = {}
        self.documents = 0
        self.prunes = 0
        self.copies = 0
        self._rng = random.Random(self.options.seed)
        self._versions: Any = None  # NearDuplicateIndex over prose lines, made on first use
        self.dedup_note: str | None = None  # said when copies cannot be told apart

    def _is_copy(self, text: str) -> bool:
        """Whether `text` is a version of a document counted before: its prose lines (the
        ones too long to be furniture) nearly duplicate that document's. Pages of one site
        share furniture, not prose, so they never count as copies of each other."""
        if not self.options.copy_threshold or self.dedup_note is not None:
            return False
        prose = [line.body for line in split_lines(text)
                 if len(line.body.split()) > self.options.max_words]
        if not prose:
            return False
        if self._versions is None or self._versions.documents >= self.options.copy_window:
            from textclean.corpus.dups import NearDuplicateIndex
            from textclean.errors import MissingExtraError

            try:
                self._versions = NearDuplicateIndex(self.options.copy_threshold)
            except MissingExtraError:
                self.dedup_note = ("versions of one page were each counted (install textclean[dups] "
                                   "to count near-duplicate documents once)")
                return False
        return self._versions.add(str(self.documents), "\n".join(prose)) is not None

    # --- counting -------------------------------------------------------------------------

    def add(self, text: str, group: str, url: str | None = None) -> None:
        """Count the lines of one document of site `group` (unless it is a copy of one
        counted before: see `SuggestOptions.copy_threshold`)."""
        opts = self.options
        if self._is_copy(text):
            self.documents += 1
            self.copies += 1
            return
        doc = self.documents
        self.documents += 1
        info = self.groups.get(group)
        if info is None:
            info = self.groups[group] = _Group()
        info.docs += 1
        if url and info.url is None:
            info.url = url
        lines = [line.body.strip() for line in split_lines(text) if not line.blank]
        n = len(lines)
        for i, line in enumerate(lines):
            if _LETTER.search(line) is None and _DIGITS.search(line) is None:
                continue  # `***`, `---`: nothing to name
            words = line.split()
            top, bottom = i, n - 1 - i
            if len(words) > opts.max_words:  # prose wherever it is: never furniture
                self._count(PROSE, "", " ".join(words).casefold(), line, doc, top, bottom, group)
                self._offer_prose(info, line)
                continue
            key = normalise_phrase(line)
            if not key:
                continue
            self._count(EXACT, group, key, line, doc, top, bottom)
            if _sentence_like(line, len(words), opts):
                self._offer_prose(info, line)
                continue  # sentences get no templates
            if _DIGITS.search(key):
                self._count(DIGITS, group, _DIGITS.sub("#", key), line, doc, top, bottom)
            for k in _prefix_lengths(words):
                prefix = normalise_phrase(" ".join(words[:k]))
                self._count(PREFIX, group, f"{k}\x00{prefix}", line, doc, top, bottom, plen=k)
        if len(self.keys) > opts.max_entries:
            self._prune()

    def _count(
        self, kind: str, group: str, key: str, line: str, doc: int, top: int, bottom: int,
        site: str | None = None, plen: int = 0,
    ) -> None:
        h = hash((kind, group, key))
        entry = self.keys.get(h)
        if entry is None:
            entry = self.keys[h] = _Key(group, kind, self.prunes)
            entry.plen = plen
        if entry.last_doc != doc:
            entry.last_doc = doc
            entry.docs += 1
            if site is not None:
                if entry.groups is None:
                    entry.groups = set()
                if len(entry.groups) < 64:
                    entry.groups.add(site)
        entry.occ += 1
        # An occurrence belongs to the nearer edge, if it is within the window of it; in a
        # short document the middle line is then still the head's or the tail's, not both.
        window = self.options.window
        if top < window and top <= bottom:
            entry.head_n += 1
            entry.head_max = max(entry.head_max, top)
        elif bottom < window and bottom < top:
            entry.tail_n += 1
            entry.tail_max = max(entry.tail_max, bottom)
        if entry.docs >= 2:
            # NOTE: keys seen in one document are nearly all unique article lines; keeping no
            # text for them is most of the memory saved.
            entry.seen += 1
            if entry.samples is _NO_SAMPLES:
                entry.samples = []
            self._offer(entry.samples, entry.seen, line)

    def _offer_prose(self, info: _Group, line: str) -> None:
        """Keep a few of a site's sentences, of a length fit for an example."""
        if len(line) <= _EXAMPLE_CHARS and line[:1].isalnum() and _SENTENCE_END.search(line):
            info.prose_seen += 1
            if len(info.prose) < _EXAMPLE_SENTENCES:
                info.prose.append(line)
            else:
                j = self._rng.randrange(info.prose_seen)
                if j < _EXAMPLE_SENTENCES:
                    info.prose[j] = line

    def _offer(self, samples: list[str], seen: int, line: str) -> None:
        """Reservoir sampling (Algorithm R): each of the `seen` lines is kept with equal odds."""
        k = self.options.samples
        if len(samples) < k:
            samples.append(line)
        else:
            j = self._rng.randrange(seen)
            if j < k:
                samples[j] = line

    def _prune(self) -> None:
        """Drop keys seen in no more documents than the number of prunes (lossy counting)."""
        while len(self.keys) > self.options.max_entries // 2:
            self.prunes += 1
            floor = self.prunes
            self.keys = {h: e for h, e in self.keys.items() if e.docs + e.err > floor}

    # --- proposing ------------------------------------------------------------------------

    def propose(self) -> Proposals:
        """The rules the counts support, and the repeated prose that was not proposed."""
        opts = self.options
        by_group: dict[str, list[_Key]] = {}
        near: list[NearDuplicate] = []
        for entry in self.keys.values():
            if entry.kind == PROSE:
                if entry.docs >= 2:
                    near.append(NearDuplicate(entry.samples[0], entry.docs, len(entry.groups or ())))
                continue
            by_group.setdefault(entry.group, []).append(entry)

        rules: list[dict[str, Any]] = []
        notes: list[str] = []
        cands_per_rule: list[list[Candidate]] = []
        codes = _codes(opts.code_prefix)
        order = sorted(self.groups, key=lambda g: (-self.groups[g].docs, g))
        for group in order:
            info = self.groups[group]
            if info.docs < opts.min_group_docs or group not in by_group:
                continue
            chosen, rejected = self._choose(group, info, by_group[group])
            near.extend(rejected)
            by_position: dict[str, list[Candidate]] = {}
            for cand in chosen:
                by_position.setdefault(cand.position, []).append(cand)
            for position in ("head", "tail", "edges", "anywhere"):
                cands = by_position.get(position)
                if not cands:
                    continue
                built = _build_rule(next(codes), group, position, cands, info, opts)
                if built is None:
                    continue
                rule, kept = built
                rules.append(rule)
                cands_per_rule.append(kept)
                touched = max(c.docs for c in kept)
                notes.append(
                    f"{rule['code']}: {group}, {position}: {len(kept)} line(s); the most common "
                    f"is on {touched} of {info.docs} documents ({touched / info.docs:.0%})"
                )
        near.sort(key=lambda d: (-d.docs, d.text))
        return Proposals(
            rules, notes, cands_per_rule, near, self.documents, len(self.groups), self.prunes,
            self.copies, self.dedup_note,
        )

    def _choose(
        self, group: str, info: _Group, entries: list[_Key]
    ) -> tuple[list[Candidate], list[NearDuplicate]]:
        opts = self.options
        need = max(opts.min_docs, math.ceil(opts.min_share * info.docs))
        frequent = [e for e in entries if e.docs >= need]
        chosen: list[Candidate] = []
        rejected: list[NearDuplicate] = []
        patterns: list[regex.Pattern[str]] = []
        # Templates first, the widest (most documents) first; a template whose lines are all
        # matched by one already chosen adds nothing.
        templates = [e for e in frequent if e.kind in (DIGITS, PREFIX)]
        templates.sort(key=lambda e: (-e.docs, e.kind, -e.plen, e.samples[0]))
        for entry in templates:
            variants = {normalise_phrase(s) for s in entry.samples}
            if len(variants) < 2:
                continue  # one line under another key: the exact phrase will do
            if any(p.search(s) for p in patterns for s in entry.samples):
                continue
            pattern = _template_pattern(entry)
            if pattern is None:
                continue
            compiled = regex.compile(pattern)
            if not all(compiled.search(s) for s in entry.samples):
                continue
            cand = self._candidate(group, info, entry, pattern)
            if cand is None:
                continue
            patterns.append(compiled)
            chosen.append(cand)
        exact = sorted(
            (e for e in frequent if e.kind == EXACT), key=lambda e: (-e.docs, e.samples[0])
        )
        for entry in exact:
            line = entry.samples[0]
            if any(p.search(line) for p in patterns):
                continue
            words = len(line.split())
            position = _position(entry, opts)
            # A sentence is furniture only at an edge of most of the site's pages (`© 2024 The
            # Post. All rights reserved.`); elsewhere, or rarer, it is repeated prose.
            if _sentence_like(line, words, opts) and (
                position == "anywhere" or entry.docs < opts.sentence_share * info.docs
            ):
                rejected.append(NearDuplicate(line, entry.docs, 1))
                continue
            cand = self._candidate(group, info, entry, line)
            if cand is not None:
                chosen.append(cand)
        return chosen, rejected

    def _candidate(self, group: str, info: _Group, entry: _Key, value: str) -> Candidate | None:
        position = _position(entry, self.options)
        window = {
            "head": entry.head_max + 2,
            "tail": entry.tail_max + 2,
            "edges": max(entry.head_max, entry.tail_max) + 2,
        }.get(position, 3)
        words = max(len(s.split()) for s in entry.samples)
        return Candidate(
            group, EXACT if entry.kind == EXACT else entry.kind, value, entry.docs, info.docs,
            position, window, words, tuple(sorted(set(entry.samples))),
        )


def _prefix_lengths(words: list[str]) -> range:
    """How many leading words make a prefix key: at least two (or one ending in `:`), and
    always at least one word left over to vary."""
    if len(words) < 2:
        return range(0)
    first = 1 if words[0].endswith((":", "|")) else 2
    return range(first, min(len(words), 7))


def _position(entry: _Key, options: SuggestOptions) -> str:
    if entry.head_n == entry.occ:
        return "head"
    if entry.tail_n == entry.occ:
        return "tail"
    # Each occurrence was near the head or near the tail: `edges` covers both.
    if entry.head_n + entry.tail_n == entry.occ:
        return "edges"
    return "anywhere"


def _line_pattern(core: str) -> str:
    return rf"^\s*{core}\s*$"


def _template_pattern(entry: _Key) -> str | None:
    """A regex matching every sample line of a template key, and lines like them."""
    samples = entry.samples
    if entry.kind == DIGITS:
        # The non-digit parts as in the most common sample, the numbers as \d+.
        parts = _DIGITS.split(samples[0])
        return _line_pattern(r"\d+".join(regex.escape(p, literal_spaces=True) for p in parts))
    words0 = samples[0].split()
    # Every sample shares the key's folded prefix; more shared words are chance, not template.
    n = min(_shared_prefix_words(samples), entry.plen)
    if n == 0 or n >= len(words0):
        return None
    prefix = " ".join(words0[:n])
    tails = [" ".join(s.split()[n:]) for s in samples]
    longest = max(len(t) for t in tails)
    limit = max(40, 2 * longest)
    if all(_title_case(t) for t in tails):
        tail = rf"[\p{{Lu}}\p{{N}}][\p{{L}}\p{{M}}\p{{N}} &'’.,-]{{0,{limit}}}"
    else:
        tail = rf"[^.!?]{{1,{limit}}}"
    return _line_pattern(f"(?i:{regex.escape(prefix, literal_spaces=True)}) {tail}")


def _shared_prefix_words(samples: list[str]) -> int:
    split = [[normalise_phrase(w) for w in s.split()] for s in samples]
    n = 0
    for column in zip(*split, strict=False):
        if len(set(column)) != 1:
            break
        n += 1
    return min(n, min(len(s) for s in split) - 1)


def _title_case(tail: str) -> bool:
    words = tail.split()
    return bool(words) and _TITLE_WORD.match(words[0]) is not None and all(
        _TITLE_WORD.match(w) or w.casefold() in _SMALL_WORDS for w in words
    )


def _codes(prefix: str) -> Iterator[str]:
    """ST001 ... ST999, then STA001 ... STZ999 (all selected by `--select ST`)."""
    for n in range(1, 1000):
        yield f"{prefix}{n:03d}"
    if len(prefix) < 4:
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            for n in range(1, 1000):
                yield f"{prefix}{letter}{n:03d}"
    raise ValueError(f"more rules than codes under {prefix!r}")


def _name(group: str, position: str) -> str:
    slug = regex.sub(r"[^a-z0-9]+", "-", group.casefold()).strip("-") or "site"
    return f"{slug}-{position}-furniture"


def _applies_to(group: str) -> dict[str, list[str]] | None:
    if group.startswith("folder:") or group.startswith("field:"):
        return None
    return {"url": [f"*://{group}/*", f"*://www.{group}/*"]}


def _example_url(info: _Group, group: str) -> str | None:
    if _applies_to(group) is None:
        return None
    return info.url or f"https://{group}/"


def _build_rule(
    code: str,
    group: str,
    position: str,
    cands: list[Candidate],
    info: _Group,
    opts: SuggestOptions,
) -> tuple[dict[str, Any], list[Candidate]] | None:
    """One line rule for the candidates, with examples that were checked to hold."""
    cands = sorted(cands, key=lambda c: (-c.docs, c.value))
    phrases = [c.value for c in cands if c.kind == EXACT]
    patterns = [c.value for c in cands if c.kind != EXACT]
    window = max(c.window for c in cands) if position != "anywhere" else 3
    max_words = min(opts.max_words, max(c.words for c in cands) + 2)
    top = cands[0]
    rule: dict[str, Any] = {
        "code": code,
        "name": _name(group, position),
        "summary": f"Furniture line of {group.removeprefix('folder:').removeprefix('field:')}",
        "why": (
            f"Proposed by `textclean suggest`: these lines repeat on up to {top.docs} of the "
            f"{info.docs} documents of {group}, always {_where(position, window)}, and are "
            "short lines that do not read like sentences. Review them before use."
        ),
        "level": opts.level,
        "kind": "line",
    }
    if phrases:
        rule["phrases"] = phrases
    if patterns:
        rule["patterns"] = patterns
    rule["position"] = position
    if position != "anywhere":
        rule["window"] = window
    rule["max_words"] = max_words
    applies = _applies_to(group)
    if applies is not None:
        rule["applies_to"] = applies
    rule["fix"] = {
        "delete": "line",
        "safety": "unsafe",
        "safety_note": "proposed from corpus counts: an article line that happens to match is "
                       "deleted too",
    }
    examples = _examples(rule, position, cands, info, group)
    if examples is None:
        return None
    rule["examples"] = examples
    return rule, cands


def _where(position: str, window: int) -> str:
    # The window has one line of slack over what the corpus showed.
    if position == "head":
        return f"among the first {window - 1} non-blank lines"
    if position == "tail":
        return f"among the last {window - 1} non-blank lines"
    if position == "edges":
        return f"among the first or last {window - 1} non-blank lines"
    return "anywhere in the document"


def _examples(
    rule: dict[str, Any], position: str, cands: list[Candidate], info: _Group, group: str
) -> list[dict[str, Any]] | None:
    """Positive examples (a furniture line next to an article line of the site) and negative
    ones (article lines alone), each kept only if it holds for the rule as written."""
    from textclean.rules.testing import ExampleCase, ExampleFailure, run_example

    url = _example_url(info, group)
    # Plain sentences of a readable length make the clearest examples: shortest first.
    articles = sorted({a for a in info.prose if len(a.split()) >= 6}, key=lambda a: (len(a), a))
    if not articles:
        articles = ["This sentence stands in for an article line of the site."]

    # One rule object for every check, so the engine compiles it once (its cache is keyed
    # by the rule objects), not once per example.
    compiled = LineRule(spec=RULE_ADAPTER.validate_python({**rule, "examples": []}))

    def holds(example: dict[str, Any]) -> bool:
        try:
            run_example(ExampleCase(compiled, 1, Example.model_validate(example)))
        except (ExampleFailure, ValueError):
            return False
        return True

    out: list[dict[str, Any]] = []
    for cand in cands[:3]:
        line = cand.samples[0]
        first, last = articles[0], articles[min(1, len(articles) - 1)]
        if position == "anywhere":
            text, fixed = f"{first}\n\n{line}\n\n{last}", f"{first}\n\n{last}"
        elif position == "tail":
            text, fixed = f"{first}\n\n{line}", first
        else:
            text, fixed = f"{line}\n\n{first}", first
        example: dict[str, Any] = {"text": text, "finds": [line], "fixed": fixed}
        if url:
            example["url"] = url
        if holds(example):
            out.append(example)
    if not out:
        return None
    for article in articles:
        negative: dict[str, Any] = {"text": article, "finds": []}
        if url:
            negative["url"] = url
        if holds(negative):
            out.append(negative)
            return out
    return None


# --- reading --------------------------------------------------------------------------------


def group_of(doc: Document, source_relative: PurePath | None, group_field: str | None) -> str:
    """The site of a document: `group_field` (a URL's host, a host name, or another value,
    marked `field:`), else the URL's host, else a `domain` field, else its folder (`folder:`).

    Only hosts become `applies_to` globs; rules for `field:` and `folder:` groups apply to
    every document they are run on.
    """
    record = doc.meta.get("record")
    if group_field is not None and group_field != "url":
        value = record.get(group_field) if isinstance(record, dict) else None
        if value is None and "batch" in doc.meta:  # a Parquet row: read the column
            batch = doc.meta["batch"]
            if group_field in batch.schema.names:
                value = batch.column(group_field)[doc.meta["offset"]].as_py()
        if isinstance(value, str) and value:
            if "://" in value:
                return site_of(value) or f"field:{value}"
            if _HOSTLIKE.match(value):
                return value.casefold().removeprefix("www.")
            return f"field:{value}"  # not a host: the rules cannot say `applies_to`
        return "field:(none)"
    site = site_of(doc.meta.get("url"))
    if site is not None:
        return site
    if group_field is None and isinstance(record, dict):
        domain = record.get("domain")
        if isinstance(domain, str) and domain:
            site = site_of(domain) if "://" in domain else domain.removeprefix("www.")
            if site:  # a URL without a host (`https://`) names no site: the folder does
                return site
    folder = source_relative.parent.as_posix() if source_relative is not None else "."
    return f"folder:{folder}"


def iter_documents(
    paths: Iterable[str], options: SuggestOptions
) -> Iterator[tuple[Document, PurePath]]:
    """Every readable document under `paths` with its path relative to the input root."""
    from textclean.io import discover, iter_documents

    for source, doc in iter_documents(discover(paths), options.text_field, options.id_field):
        yield doc, source.relative


def suggest_paths(paths: Iterable[str], options: SuggestOptions | None = None) -> Proposals:
    """Mine the documents under `paths` and propose rules."""
    miner = Miner(options)
    opts = miner.options
    for doc, relative in iter_documents(paths, opts):
        group = group_of(doc, relative, opts.group_field)
        miner.add(doc.text, group, doc.meta.get("url"))
    return miner.propose()


__all__ = [
    "Candidate",
    "Miner",
    "NearDuplicate",
    "Proposals",
    "SuggestOptions",
    "group_of",
    "site_of",
    "suggest_paths",
]
