"""A compiled ruleset: each rule behind a prefilter, so a text is scanned once for what can fire.

    compile_rules(rules).plan(text) -> [(rule, find)]   only the rules that may match `text`

`engine.check_text` runs the plan instead of every rule. The gate of each kind:

- `pattern`: the literals every match contains (`prefilter.required_literals`), in the text;
- `swap`: its keys, in the text;
- `line`: none here: the core matches every line rule of the plan in one pass over the text
  (`kinds.LineRules`), and only the rules it found something for are planned;
- `repair`: the repair's own `gate` (a cheap test its module defines next to its regex);
- `metric`: none, it always runs.

A rule with no gate always runs. Literals are found by a :class:`Scanner`: plain `in` tests in
pure Python, or one Hyperscan pass over the text for all of them when the optional `fast`
extra is installed. Both answer "which literals occur" identically, so the choice changes
speed, never findings. Compiled rulesets are cached per process, keyed by the rules.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import regex

from textclean.kinds import (
    DEFAULT_REGEX_TIMEOUT,
    LineFound,
    LineRule,
    PatternRule,
    RepairRule,
    Rule,
    SwapRule,
    line_rules,
)
from textclean.model import Finding, Safety
from textclean.prefilter import END, Literals, fold, required_literals
from textclean.repairs import REPAIRS
from textclean.rules import backtracking_risk

Find = Callable[..., list[Finding]]
SCANNER_ENV = "TEXTCLEAN_SCANNER"  # "python" or "hyperscan"; default: hyperscan if installed


class ScannerKind(StrEnum):
    """How literals are looked for: both give the same answers."""

    PYTHON = "python"
    HYPERSCAN = "hyperscan"


@dataclass(frozen=True, slots=True)
class RuleGate:
    """How to tell, from a text, whether `rule` can fire on it."""

    rule: Rule
    literals: Literals | None = None  # the rule can match only if one of these is in the text
    test: Callable[[str], bool] | None = None  # or only if this says it may


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
    if isinstance(rule, RepairRule):
        repair = REPAIRS.get(rule.spec.repair)
        return RuleGate(rule, test=repair.gate if repair is not None else None)
    return RuleGate(rule)


class _Haystack:
    """A text and its folded copy (made on first use), and what a scanner found in them.

    The text given ends with `END`, which literals use for the end of the text."""

    __slots__ = ("text", "_source", "_folded", "_scanner", "answers")

    def __init__(self, text: str, scanner: Scanner, *, source: str | None = None) -> None:
        self.text = text
        self._source = source  # the text before END, when the caller has it as one string
        self._folded: str | None = None
        self._scanner = scanner
        # A scanner that answers many literal sets at once keeps them here, by set number.
        self.answers: list[bool | None] | None = None

    @property
    def folded(self) -> str:
        if self._folded is None:
            # fold() remembers its last text, so the repair gates that fold the same text
            # get this fold for free.
            source = self._source
            self._folded = fold(source) + END if source is not None else fold(self.text)
        return self._folded


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
                found = self._scan(text, folded)
                for i in found:
                    for n in of_id.get(i, ()):
                        answers[n] = True
                hit = answers[k]
            return hit  # type: ignore[return-value]

        return test


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
    """What the gates work out about one text (its literal hits), shared by every plan over
    that text: a fix pass plans its fixing rules and, when nothing is left to fix, the
    report-only rules over the same index."""

    __slots__ = ("text", "whole", "hits")

    def __init__(self, text: str, scanner: Scanner, n_literals: int) -> None:
        self.text = text
        self.whole = _Haystack(text + END, scanner, source=text)
        # By literal-set number; shared with the haystack, so a scan's answers land here.
        self.hits: list[bool | None] = [None] * n_literals
        self.whole.answers = self.hits


class CompiledRules:
    """Rules with their prefilters, in the order given."""

    def __init__(self, rules: Iterable[Rule], scanner: ScannerKind | str | None = None) -> None:
        self.rules = tuple(rules)
        self.gates = tuple(gate_for(rule) for rule in self.rules)
        self.scanner = make_scanner(self.gates, scanner)
        # Every distinct literal set gets a number, so a text's answers are kept in a list.
        numbers: dict[Literals, int] = {}
        self._keys = tuple(
            -1 if g.literals is None else numbers.setdefault(g.literals, len(numbers))
            for g in self.gates
        )
        self.literals = tuple(numbers)
        self._test = self.scanner.tester(self.literals)
        self._fix_masks: dict[Safety, tuple[tuple[bool, ...], tuple[bool, ...]]] = {}
        # What `plan` goes through for a `select` mask: the selected gates, unpacked, and the
        # mask of the line rules it selects.
        self._steps: dict[
            tuple[bool, ...] | None, tuple[list[tuple[Any, ...]], list[bool] | None]
        ] = {}
        # The line rules, matched by the core; each rule's number among them, or -1.
        lines = [r for r in self.rules if isinstance(r, LineRule)]
        self.line_rules = line_rules(tuple(lines)) if lines else None
        numbers_of_lines = iter(range(len(lines)))
        self._line_number = tuple(
            next(numbers_of_lines) if isinstance(r, LineRule) else -1 for r in self.rules
        )

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

    def _steps_for(
        self, select: tuple[bool, ...] | None
    ) -> tuple[list[tuple[Any, ...]], list[bool] | None]:
        steps = self._steps.get(select)
        if steps is None:
            chosen = [n for n in range(len(self.rules)) if select is None or select[n]]
            plan = [
                (self.gates[n].rule, self._keys[n], self.gates[n].test, self._line_number[n])
                for n in chosen
            ]
            mask: list[bool] | None = None
            if self.line_rules is not None:
                mask = [False] * len(self.line_rules.rules)
                for n in chosen:
                    if self._line_number[n] >= 0:
                        mask[self._line_number[n]] = True
                if not any(mask):
                    mask = None
            steps = self._steps[select] = (plan, mask)
        return steps

    def plan(
        self, text: str | TextIndex, select: Sequence[bool] | None = None
    ) -> list[tuple[Rule, Find]]:
        """The rules that may fire on `text`, each with the call that finds its findings.

        A rule is left out only when its gate proves it cannot match (or `select`, one flag
        per rule, leaves it out); a line rule, when the core found nothing for it. Give a
        `TextIndex` to share the work with other plans.
        """
        index = self.index(text) if isinstance(text, str) else text
        text = index.text
        whole = index.whole
        known = index.hits
        test = self._test
        if select is not None and not isinstance(select, tuple):
            select = tuple(select)
        steps, line_mask = self._steps_for(select)
        lines_found = (
            self.line_rules.find(text, line_mask)
            if line_mask is not None and self.line_rules is not None
            else {}
        )
        out: list[tuple[Rule, Find]] = []
        for rule, k, gate_test, line_number in steps:
            if line_number >= 0:
                found = lines_found.get(line_number)
                if found is not None:
                    out.append((rule, _found_findings(found)))
                continue
            if k >= 0:  # the literal gate, inlined: this runs for every rule of every pass
                hit = known[k]
                if hit is None:
                    hit = known[k] = test(whole, k)
                if not hit:
                    continue
            if gate_test is not None and not gate_test(text):
                continue
            out.append((rule, rule.find))
        return out


def _found_findings(found: LineFound) -> Find:
    def find(text: str, *, timeout: float = DEFAULT_REGEX_TIMEOUT) -> list[Finding]:
        return found.findings(text, timeout)

    return find


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
