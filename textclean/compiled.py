"""A compiled ruleset: each rule behind a prefilter, so a text is scanned once for what can fire.

    compile_rules(rules).plan(text) -> [(rule, find)]   only the rules that may match `text`

`engine.check_text` runs the plan instead of every rule. The gate of each kind:

- `pattern`: the literals every match contains (`prefilter.required_literals`), in the text;
- `swap`: its keys, in the text;
- `line`: the literals of its patterns and the longest word of each phrase, in the text;
  then the lines that can match: those whose phrase key (worked out once per text, for
  short lines only) is one of its phrases, and those of at most `max_words` words (rounded
  up to a tier: 8, 30, any) that hold a literal of one of its patterns. The rule runs on
  those lines only, with a line table shared by every line rule of the text;
- `repair`: the repair's own `gate` (a cheap test its module defines next to its regex);
- `metric`: none, it always runs.

A rule with no gate always runs. Literals are found by a :class:`Scanner`: plain `in` tests in
pure Python, or one Hyperscan pass over the text for all of them when the optional `fast`
extra is installed. Both answer "which literals occur" identically, so the choice changes
speed, never findings. Compiled rulesets are cached per process, keyed by the rules.
"""

from __future__ import annotations

import bisect
import functools
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import accumulate
from typing import Any

import regex

from textclean.kinds import (
    _EDGE,
    _SEPARATORS,
    LineRule,
    LineTable,
    PatternRule,
    RepairRule,
    Rule,
    SwapRule,
)
from textclean.model import Finding, Safety
from textclean.prefilter import END, Literals, combine, fold, fold_literal, required_literals
from textclean.repairs import REPAIRS
from textclean.rules import backtracking_risk

Find = Callable[..., list[Finding]]
SCANNER_ENV = "TEXTCLEAN_SCANNER"  # "python" or "hyperscan"; default: hyperscan if installed


class ScannerKind(StrEnum):
    """How literals are looked for: both give the same answers."""

    PYTHON = "python"
    HYPERSCAN = "hyperscan"


@dataclass(frozen=True, slots=True)
class _LineGate:
    tier: int | None  # the rule looks at lines of at most this many words (None: any)
    literals: Literals | None  # the rule can match only if one of these is in the text
    has_phrases: bool
    patterns: tuple[tuple[regex.Pattern[str], Literals | None], ...]


@dataclass(frozen=True, slots=True)
class RuleGate:
    """How to tell, from a text, whether `rule` can fire on it."""

    rule: Rule
    literals: Literals | None = None  # the rule can match only if one of these is in the text
    test: Callable[[str], bool] | None = None  # or only if this says it may
    lines: _LineGate | None = None  # line rules: gates on their eligible lines


def _phrase_literals(rule: LineRule) -> Literals | None:
    """Each phrase's longest word, folded. A line whose phrase key equals a phrase contains
    every word of it (the key is the line case-folded, with whitespace collapsed and edge
    punctuation stripped), so the line contains that word too."""
    words: set[str] = set()
    for phrase in rule.phrase_set:
        longest = max(phrase.split(" "), key=len)
        literal = fold_literal(longest) if longest else None
        if literal is None:
            return None
        words.add(literal)
    return Literals(frozenset(words), True) if words else None


def _literals_of(pattern: str, flags: int = 0) -> Literals | None:
    """A pattern's prefilter; none for a pattern that may backtrack catastrophically.

    NOTE: such a pattern can run past its time budget on a text it cannot match; skipping it
    there would hide the TC001 timeout finding the plain engine reports, so it always runs.
    """
    if backtracking_risk(pattern):
        return None
    return required_literals(pattern, flags)


def gate_for(rule: Rule) -> RuleGate:
    """The prefilter of one rule, derived from its spec (never from a list of known rules)."""
    if isinstance(rule, PatternRule):
        return RuleGate(rule, literals=_literals_of(rule.spec.pattern))
    if isinstance(rule, SwapRule):
        keys = [regex.escape(k) for k in rule.spec.swap]
        flags = regex.IGNORECASE if rule.spec.ignore_case else 0
        return RuleGate(rule, literals=required_literals("|".join(keys), flags))
    if isinstance(rule, LineRule):
        spec = rule.spec
        patterns = tuple((p, _literals_of(p.pattern, p.flags)) for p in rule.compiled)
        has_phrases = bool(rule.phrase_set)
        phrases = _phrase_literals(rule) if has_phrases else None
        parts = [lit for _, lit in patterns] + ([phrases] if has_phrases else [])
        gate = _LineGate(_tier(spec.max_words), combine(parts), has_phrases, patterns)
        return RuleGate(rule, lines=gate)
    if isinstance(rule, RepairRule):
        repair = REPAIRS.get(rule.spec.repair)
        return RuleGate(rule, test=repair.gate if repair is not None else None)
    return RuleGate(rule)


# Line haystacks are built for a few word limits only: a rule whose lines may have up to
# `max_words` words looks in the lines of the smallest tier at least that long, a superset.
_TIERS = (8, 30, None)


def _tier(max_words: int | None) -> int | None:
    for bound in _TIERS:
        if bound is None or (max_words is not None and max_words <= bound):
            return bound
    return None  # pragma: no cover - the last tier is None


class _Tier:
    """The non-blank lines of a text with at most so many words: one haystack of them all
    (each line followed by `END`), and where each line starts in it, to map literal hits
    back to lines."""

    __slots__ = ("table", "hay", "indexes", "starts", "folded_starts")

    def __init__(
        self,
        table: LineTable,
        indexes: list[int],
        folded_lines: list[str],
        scanner: Scanner,
        same_lengths: bool = False,
    ) -> None:
        self.table = table
        self.indexes = indexes
        lines = table.lines
        bodies = [lines[i].body for i in indexes]
        self.starts = _starts(bodies)
        self.folded_starts = self.starts if same_lengths else _starts(folded_lines)
        self.hay = _Haystack(_GLUE.join(bodies) + END, scanner)
        self.hay.preset_folded(_GLUE.join(folded_lines) + END)

    def lines_with(self, literals: Literals, strings: Iterable[str] | None = None) -> set[int]:
        """Table indexes of the lines that contain one of `literals` (of which only `strings`
        need looking for, when the caller knows the others occur in no line)."""
        text = self.hay.folded if literals.folded else self.hay.text
        starts = self.folded_starts if literals.folded else self.starts
        found: set[int] = set()
        last = len(starts) - 1
        for s in literals.strings if strings is None else strings:
            at = text.find(s)
            while at != -1:
                k = bisect.bisect_right(starts, at) - 1
                found.add(self.indexes[k])
                if k == last:
                    break
                at = text.find(s, starts[k + 1])  # one hit per line is enough
        return found


def _keyed(
    table: LineTable, max_words: int | None, whole: _Haystack | None = None
) -> dict[str, list[int]]:
    """Table indexes of the non-blank lines of at most `max_words` words, by phrase key.

    The keys (`normalise_phrase`) are cut from one casefold of the whole text when that gives
    the same: no "\\r" (so lines are the "\\n"-pieces) and no \\x1c-\\x1f (which only
    `str.split` takes for whitespace). Casefolding commutes with stripping edge punctuation
    and splitting on whitespace (checked over every code point in tests/test_prefilter.py).
    """
    keys: dict[str, list[int]] = {}
    text = table.text
    lines = table.content if max_words is None else table.short_lines(max_words)
    if "\r" in text or any(c in text for c in _SEPARATORS):
        for i in lines:
            keys.setdefault(table.key(i), []).append(i)
        return keys
    if whole is not None and not any(c in text for c in _DOTTED_I):
        folded = _folded_lines(whole)  # fold() is casefold() when no dotted/dotless i is near
    else:
        folded = text.casefold().split("\n")
    for i in lines:
        keys.setdefault(" ".join(folded[i].strip(_EDGE).split()), []).append(i)
    return keys


# `fold` differs from `str.casefold` only around these: İ (which casefolds to i + U+0307),
# a combining dot above, and ı.
_DOTTED_I = ("\u0130", "\u0307", "\u0131")


def _folded_lines(whole: _Haystack) -> list[str]:
    """The folded text (without END) split at "\n", once per haystack (do not change it)."""
    lines = whole.folded_lines
    if lines is None:
        lines = whole.folded_lines = whole.folded[: -len(END)].split("\n")
    return lines


_GLUE = END + "\n"


def _starts(lines: list[str]) -> list[int]:
    """Where each line starts in `_GLUE.join(lines)`."""
    starts = list(accumulate(map(len, lines), initial=0))
    starts.pop()
    glue = len(_GLUE)
    return [at + k * glue for k, at in enumerate(starts)]


def _tier_lines(table: LineTable, whole: _Haystack, scanner: Scanner, bound: int | None) -> _Tier:
    """The non-blank lines with at most `bound` words (any, for None), as one haystack.

    Without "\\r" the lines are exactly the text's "\\n"-separated pieces, and folding works
    line by line, so the folded lines are cut from the folded text: one fold per text.
    """
    if bound is None:
        indexes = table.content
    else:
        indexes = table.short_lines(bound)  # counts kept in the table: the rules use them again
    if "\r" not in table.text:
        all_folded = _folded_lines(whole)
        folded = [all_folded[i] for i in indexes]
    else:
        folded = [fold(table.body(i)) for i in indexes]
    # Casefolding never shortens a character; only the "i" + U+0307 pair becomes one "i" in
    # `fold`. With no U+0307 in the text and the same total length, every line folds to a
    # line of its own length, so the folded lines start where the lines do.
    same = len(whole.folded) == len(whole.text) and "\u0307" not in whole.text
    return _Tier(table, indexes, folded, scanner, same)


class _Haystack:
    """A text and its folded copy (made on first use), and what a scanner found in them.

    The text given ends with `END`, which literals use for the end of the text."""

    __slots__ = ("text", "_source", "_folded", "_scanner", "answers", "folded_lines", "found")

    def __init__(self, text: str, scanner: Scanner, *, source: str | None = None) -> None:
        self.text = text
        self._source = source  # the text before END, when the caller has it as one string
        self._folded: str | None = None
        self._scanner = scanner
        # A scanner that answers many literal sets at once keeps them here, by set number.
        self.answers: list[bool | None] | None = None
        self.folded_lines: list[str] | None = None  # see _folded_lines
        # A Hyperscan scan's database ids found in the text, by kind (folded or not).
        self.found: dict[bool, set[int]] = {}

    @property
    def folded(self) -> str:
        if self._folded is None:
            # fold() remembers its last text, so the repair gates that fold the same text
            # get this fold for free.
            source = self._source
            self._folded = fold(source) + END if source is not None else fold(self.text)
        return self._folded

    def preset_folded(self, folded: str) -> None:
        """Use `folded` as fold(text), cut from a larger folded text."""
        self._folded = folded


class Scanner:
    """Pure Python: `in` for each literal, stopping at the first one found."""

    kind = ScannerKind.PYTHON
    whole_text_is_cheap = False  # True: testing the whole text first is worth it

    def tester(self, literals: Sequence[Literals]) -> Callable[[_Haystack, int], bool]:
        """A test of "does the haystack hold one of these literals?" for literal sets known in
        advance, each named by its number in `literals`."""
        table = [(lit.folded, tuple(lit.strings)) for lit in literals]

        def test(haystack: _Haystack, k: int) -> bool:
            folded, strings = table[k]
            text = haystack.folded if folded else haystack.text
            for s in strings:
                if s in text:
                    return True
            return False

        return test

    def line_strings(self, haystack: _Haystack, literals: Literals) -> list[str] | None:
        """The strings of `literals` worth looking for in the lines (None: all of them)."""
        return None


class HyperscanScanner(Scanner):
    """Hyperscan: one pass over a text finds every literal of every rule at once.

    Texts and literals are compared as UTF-8 bytes. A literal starts with an ASCII or a lead
    byte, never a continuation byte, so a byte match is always a match of whole characters.
    """

    kind = ScannerKind.HYPERSCAN
    whole_text_is_cheap = True

    def __init__(self, literals: Iterable[Literals]) -> None:
        import hyperscan

        self._hs = hyperscan
        self._ids: dict[tuple[str, bool], int] = {}
        for lit in literals:
            for s in lit.strings:
                # NOTE: the binding passes literals as C strings, so one with a NUL byte is
                # looked for with `in` instead.
                if "\x00" not in s:
                    self._ids.setdefault((s, lit.folded), len(self._ids))
        self._db = {}
        for folded in (False, True):
            entries = [(i, s) for (s, f), i in self._ids.items() if f is folded]
            if not entries:
                continue
            db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            db.compile(
                expressions=[s.encode("utf-8", "surrogatepass") for _, s in entries],
                ids=[i for i, _ in entries],
                elements=len(entries),
                flags=hyperscan.HS_FLAG_SINGLEMATCH,
                literal=True,
            )
            self._db[folded] = db
        self._local = threading.local()  # scratch space is per thread
        self._line_plans: dict[Literals, list[tuple[str, int | None]]] = {}

    def _scan(self, text: str, folded: bool) -> set[int]:
        db = self._db.get(folded)
        found: set[int] = set()
        if db is None:
            return found
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = {f: self._hs.Scratch(d) for f, d in self._db.items()}

        def on_match(i: int, start: int, end: int, flags: int, context: object) -> None:
            found.add(i)

        db.scan(
            text.encode("utf-8", "surrogatepass"),
            match_event_handler=on_match,
            scratch=scratch[folded],
        )
        return found

    def _plan_for(self, literals: Literals) -> tuple[frozenset[int], tuple[str, ...]]:
        """The database ids of `literals`, and those looked for with `in` instead."""
        ids = [self._ids.get((s, literals.folded)) for s in literals.strings]
        return (
            frozenset(i for i in ids if i is not None),
            tuple(s for s, i in zip(literals.strings, ids, strict=True) if i is None),
        )

    def tester(self, literals: Sequence[Literals]) -> Callable[[_Haystack, int], bool]:
        """The test; its first call on a haystack answers every literal set of the same kind
        (folded or not) from one scan, into the haystack's `answers` when it has them."""
        table = [(lit.folded, *self._plan_for(lit)) for lit in literals]
        # By kind: the literal-set numbers, and for each database id the sets it is in.
        numbers: dict[bool, list[int]] = {False: [], True: []}
        sets_of: dict[bool, dict[int, list[int]]] = {False: {}, True: {}}
        for k, (folded, ids, _) in enumerate(table):
            numbers[folded].append(k)
            for i in ids:
                sets_of[folded].setdefault(i, []).append(k)

        def test(haystack: _Haystack, k: int) -> bool:
            folded = table[k][0]
            answers = haystack.answers
            if answers is None:
                answers = haystack.answers = [None] * len(table)
            hit = answers[k]
            if hit is None:
                text = haystack.folded if folded else haystack.text
                for n in numbers[folded]:
                    others = table[n][2]
                    answers[n] = any(s in text for s in others) if others else False
                of_id = sets_of[folded]
                found = haystack.found[folded] = self._scan(text, folded)
                for i in found:
                    for n in of_id.get(i, ()):
                        answers[n] = True
                hit = answers[k]
            return hit  # type: ignore[return-value]

        return test

    def line_strings(self, haystack: _Haystack, literals: Literals) -> list[str] | None:
        """The strings of `literals` that can occur in a line of `haystack`'s text, once the
        tester has scanned it for their kind (else None: all of them).

        A string that holds neither END nor a line break and that the scan did not find in
        the whole text is in none of its lines: each line, and each line's fold when the
        lines are cut from the folded text, is a piece of it. (With END or a break, a string
        can match where a line's end meets END in a tier's haystack.)
        """
        found = haystack.found.get(literals.folded)
        if found is None:
            return None
        plan = self._line_plans.get(literals)
        if plan is None:
            plan = self._line_plans[literals] = [
                (s, None if END in s or "\n" in s else self._ids.get((s, literals.folded)))
                for s in literals.strings
            ]
        return [s for s, i in plan if i is None or i in found]


def hyperscan_available() -> bool:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


def _all_literals(gates: Iterable[RuleGate]) -> list[Literals]:
    out: list[Literals] = []
    for gate in gates:
        if gate.literals is not None:
            out.append(gate.literals)
        if gate.lines is not None:
            if gate.lines.literals is not None:
                out.append(gate.lines.literals)
            out.extend(lit for _, lit in gate.lines.patterns if lit)
    return out


def make_scanner(gates: Iterable[RuleGate], kind: ScannerKind | str | None = None) -> Scanner:
    """The scanner for these gates: `kind`, else $TEXTCLEAN_SCANNER, else the fastest there."""
    kind = kind or os.environ.get(SCANNER_ENV) or None
    if kind is None:
        kind = ScannerKind.HYPERSCAN if hyperscan_available() else ScannerKind.PYTHON
    kind = ScannerKind(kind)
    if kind is ScannerKind.HYPERSCAN:
        literals = _all_literals(gates)
        if literals:
            return HyperscanScanner(literals)
    return Scanner()


class TextIndex:
    """What the gates work out about one text (its literal hits, line table, tiers and phrase
    keys), shared by every plan over that text: a fix pass plans its fixing rules and, when
    nothing is left to fix, the report-only rules over the same index."""

    __slots__ = ("text", "whole", "hits", "table", "tiers", "keyed")

    def __init__(self, text: str, scanner: Scanner, n_literals: int) -> None:
        self.text = text
        self.whole = _Haystack(text + END, scanner, source=text)
        # By literal-set number; shared with the haystack, so a scan's answers land here.
        self.hits: list[bool | None] = [None] * n_literals
        self.whole.answers = self.hits
        self.table: LineTable | None = None
        self.tiers: dict[int | None, _Tier] = {}
        self.keyed: dict[str, list[int]] | None = None


@dataclass(frozen=True, slots=True)
class _GateKeys:
    """A gate's literal sets as numbers into `CompiledRules.literals` (-1: no literals)."""

    whole: int
    lines: int
    patterns: tuple[int, ...]


class CompiledRules:
    """Rules with their prefilters, in the order given."""

    def __init__(self, rules: Iterable[Rule], scanner: ScannerKind | str | None = None) -> None:
        self.rules = tuple(rules)
        self.gates = tuple(gate_for(rule) for rule in self.rules)
        self.scanner = make_scanner(self.gates, scanner)
        # Every distinct literal set gets a number, so a text's answers are kept in a list.
        numbers: dict[Literals, int] = {}

        def number(lit: Literals | None) -> int:
            return -1 if lit is None else numbers.setdefault(lit, len(numbers))

        self._keys = tuple(
            _GateKeys(
                number(g.literals),
                number(g.lines.literals) if g.lines else -1,
                tuple(number(lit) for _, lit in g.lines.patterns) if g.lines else (),
            )
            for g in self.gates
        )
        self.literals = tuple(numbers)
        self._test = self.scanner.tester(self.literals)
        self._fix_masks: dict[Safety, tuple[tuple[bool, ...], tuple[bool, ...]]] = {}
        # What `plan` goes through for a `select` mask: the selected gates, unpacked.
        self._steps: dict[tuple[bool, ...] | None, list[tuple[Any, ...]]] = {}
        # Phrase keys are worked out for the lines short enough for some phrase rule.
        limits = [r.spec.max_words for r in self.rules if isinstance(r, LineRule) and r.phrase_set]
        self._phrase_words = None if None in limits else max(limits, default=0)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def fix_masks(self, allow: Safety) -> tuple[tuple[bool, ...], tuple[bool, ...]]:
        """Two `select` masks for `plan`: the rules with a fix at least as safe as `allow`
        (they run in every fix pass), and the others (they only report)."""
        masks = self._fix_masks.get(allow)
        if masks is None:
            fix = tuple(r.safety is not None and r.safety.rank >= allow.rank for r in self.rules)
            masks = self._fix_masks[allow] = (fix, tuple(not f for f in fix))
        return masks

    def index(self, text: str) -> TextIndex:
        """A fresh index of `text` for `plan` (worked out lazily, as the gates ask)."""
        return TextIndex(text, self.scanner, len(self.literals))

    def _has(self, index: TextIndex, k: int) -> bool:
        if k < 0:
            return True
        hit = index.hits[k]
        if hit is None:
            hit = index.hits[k] = self._test(index.whole, k)
        return hit

    def plan(self, text: str | TextIndex, select: Sequence[bool] | None = None) -> list[tuple[Rule, Find]]:
        """The rules that may fire on `text`, each with the call that finds its findings.

        A rule is left out only when its gate proves it cannot match (or `select`, one flag
        per rule, leaves it out). Give a `TextIndex` to share the work with other plans.
        """
        index = self.index(text) if isinstance(text, str) else text
        text = index.text
        whole = index.whole
        has = self._has
        known = index.hits
        test = self._test
        cheap = self.scanner.whole_text_is_cheap
        out: list[tuple[Rule, Find]] = []
        if select is not None and not isinstance(select, tuple):
            select = tuple(select)
        steps = self._steps.get(select)
        if steps is None:
            steps = self._steps[select] = [
                (self._keys[n], gate.rule, self._keys[n].whole, gate.test, gate.lines)
                for n, gate in enumerate(self.gates)
                if select is None or select[n]
            ]
        for keys, rule, k, gate_test, lines in steps:
            if k >= 0:  # `has`, inlined: this runs for every rule of every pass
                hit = known[k]
                if hit is None:
                    hit = known[k] = test(whole, k)
                if not hit:
                    continue
            if gate_test is not None and not gate_test(text):
                continue
            if lines is None:
                out.append((rule, rule.find))
                continue
            if cheap and not has(index, keys.lines):
                continue  # one Hyperscan pass has already found every literal in the text
            table = index.table
            if table is None:
                table = index.table = LineTable(text)
            tier = index.tiers.get(lines.tier)
            if tier is None:
                tier = index.tiers[lines.tier] = _tier_lines(table, whole, self.scanner, lines.tier)
            if not tier.indexes:
                continue
            # The lines that can match: those whose phrase key is a phrase, and those that
            # hold a literal of a pattern (any line, for a pattern without literals).
            assert isinstance(rule, LineRule)
            candidates: set[int] | None = set()
            phrases = False
            if lines.has_phrases:
                keyed = index.keyed
                if keyed is None:
                    keyed = index.keyed = _keyed(table, self._phrase_words, whole)
                hits = keyed.keys() & rule.phrase_set
                if hits:
                    phrases = True
                    candidates.update(i for key in hits for i in keyed[key])  # type: ignore[union-attr]
            # Each pattern runs only on the lines that hold one of its literals.
            patterns: list[regex.Pattern[str]] = []
            pattern_lines: list[set[int] | None] = []
            for (pattern, lit), k in zip(lines.patterns, keys.patterns, strict=True):
                if lit is None:
                    patterns.append(pattern)
                    pattern_lines.append(None)
                    candidates = None
                    continue
                if cheap and not has(index, k):
                    continue
                found = tier.lines_with(lit, self.scanner.line_strings(whole, lit))
                if found:
                    patterns.append(pattern)
                    pattern_lines.append(found)
                    if candidates is not None:
                        candidates |= found
            if not phrases and not patterns:
                continue
            find = functools.partial(
                rule.find, table=table, phrases=phrases, patterns=patterns, candidates=candidates,
                pattern_lines=pattern_lines,
            )
            out.append((rule, find))
        return out


@functools.lru_cache(maxsize=32)
def _compiled(rules: tuple[Rule, ...], scanner: str | None) -> CompiledRules:
    return CompiledRules(rules, scanner)


def compile_rules(
    rules: Iterable[Rule] | CompiledRules, scanner: ScannerKind | str | None = None
) -> CompiledRules:
    """The compiled ruleset for `rules`, built once per process and reused."""
    if isinstance(rules, CompiledRules) and (scanner is None or rules.scanner.kind == scanner):
        return rules
    return _compiled(tuple(rules), str(scanner) if scanner else None)


__all__ = [
    "CompiledRules",
    "TextIndex",
    "HyperscanScanner",
    "RuleGate",
    "Scanner",
    "ScannerKind",
    "compile_rules",
    "gate_for",
    "hyperscan_available",
    "make_scanner",
]
