"""A compiled ruleset: each rule behind a prefilter, so a text is scanned once for what can fire.

    compile_rules(rules).plan(text) -> [(rule, find)]   only the rules that may match `text`

`engine.check_text` runs the plan instead of every rule. The gate of each kind:

- `pattern`: the literals every match contains (`prefilter.required_literals`), in the text;
- `swap`: its keys, in the text;
- `line`: a line can match only if it is eligible (position, window) and short enough
  (`max_words`), so the literals of its patterns (and the longest word of each phrase) are
  looked for in those lines only; the rule then gets the parts that can match and a line
  table shared by every line rule of the text;
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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import regex

from textclean.kinds import LineRule, LineTable, PatternRule, RepairRule, Rule, SwapRule
from textclean.model import Finding
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
    literals: Literals | None  # the rule can match only if one of these is in those lines
    phrases: Literals | None  # the phrases can match only if one of these is
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
        gate = _LineGate(_tier(spec.max_words), combine(parts), phrases, has_phrases, patterns)
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


def _line_haystacks(table: LineTable, whole: _Haystack, scanner: Scanner) -> dict[int | None, _Haystack]:
    """Per tier, the non-blank lines with at most that many words, each followed by `END`.

    Without "\\r" the lines are exactly the text's "\\n"-separated pieces, and folding works
    line by line, so the folded tiers are cut from the folded text: one fold per text.
    """
    bounded = [bound for bound in _TIERS if bound is not None]
    limit = max(bounded)
    chosen: dict[int | None, list[int]] = {bound: [] for bound in _TIERS}
    everything = chosen[None]
    for i in table.content:
        everything.append(i)
        # At most limit + 1 pieces: enough to tell the tiers apart without splitting it all.
        words = len(table.body(i).split(None, limit))
        for bound in bounded:
            if words <= bound:
                chosen[bound].append(i)
    glue = END + "\n"
    folded_lines = None
    if "\r" not in table.text and any(chosen.values()):
        folded_lines = whole.folded[: -len(END)].split("\n")
    out = {}
    for bound, indexes in chosen.items():
        hay = _Haystack(glue.join([table.body(i) for i in indexes]) + END, scanner)
        if folded_lines is not None:
            hay.preset_folded(glue.join([folded_lines[i] for i in indexes]) + END)
        out[bound] = hay
    return out


class _Haystack:
    """A text and its folded copy (made on first use), with memoised literal tests.

    The text given ends with `END`, which literals use for the end of the text."""

    __slots__ = ("text", "_folded", "_seen", "_scanner", "_found")

    def __init__(self, text: str, scanner: Scanner) -> None:
        self.text = text
        self._folded: str | None = None
        self._seen: dict[Literals, bool] = {}
        self._scanner = scanner
        self._found: Any = None

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded

    def preset_folded(self, folded: str) -> None:
        """Use `folded` as fold(text), cut from a larger folded text."""
        self._folded = folded

    def has(self, literals: Literals | None) -> bool:
        if literals is None:
            return True
        hit = self._seen.get(literals)
        if hit is None:
            hit = self._seen[literals] = self._scanner.has(self, literals)
        return hit


class Scanner:
    """Pure Python: `in` for each literal, stopping at the first one found."""

    kind = ScannerKind.PYTHON
    whole_text_is_cheap = False  # True: testing the whole text first is worth it

    def has(self, haystack: _Haystack, literals: Literals) -> bool:
        text = haystack.folded if literals.folded else haystack.text
        for s in literals.strings:
            if s in text:
                return True
        return False


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

    def has(self, haystack: _Haystack, literals: Literals) -> bool:
        found = haystack._found
        if found is None:
            found = haystack._found = {}
        present = found.get(literals.folded)
        if present is None:
            text = haystack.folded if literals.folded else haystack.text
            present = found[literals.folded] = self._scan(text, literals.folded)
        ids = self._ids
        for s in literals.strings:
            i = ids.get((s, literals.folded))
            if i is None:
                if s in (haystack.folded if literals.folded else haystack.text):
                    return True
            elif i in present:
                return True
        return False


class _GatedPattern:
    """A line pattern that searches a line only when the line holds one of its literals."""

    __slots__ = ("pattern", "literals", "folded")

    def __init__(
        self, pattern: regex.Pattern[str], literals: Literals | None, folded: dict[str, str]
    ) -> None:
        self.pattern = pattern
        self.literals = literals
        self.folded = folded  # line -> fold(line + END), shared by the text's line patterns

    def search(self, string: str, *, timeout: float | None = None) -> Any:
        literals = self.literals
        if literals is not None:
            if literals.folded:
                haystack = self.folded.get(string)
                if haystack is None:
                    haystack = self.folded[string] = fold(string + END)
            else:
                haystack = string + END
            for s in literals.strings:
                if s in haystack:
                    break
            else:
                return None
        return self.pattern.search(string, timeout=timeout)


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
            out.extend(lit for lit in (gate.lines.literals, gate.lines.phrases) if lit)
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


class CompiledRules:
    """Rules with their prefilters, in the order given."""

    def __init__(self, rules: Iterable[Rule], scanner: ScannerKind | str | None = None) -> None:
        self.rules = tuple(rules)
        self.gates = tuple(gate_for(rule) for rule in self.rules)
        self.scanner = make_scanner(self.gates, scanner)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def plan(self, text: str) -> list[tuple[Rule, Find]]:
        """The rules that may fire on `text`, each with the call that finds its findings.

        A rule is left out only when its gate proves it cannot match.
        """
        whole = _Haystack(text + END, self.scanner)
        table: LineTable | None = None
        haystacks: dict[int | None, _Haystack] = {}
        folded_lines: dict[str, str] = {}
        out: list[tuple[Rule, Find]] = []
        for gate in self.gates:
            rule = gate.rule
            if not whole.has(gate.literals):
                continue
            if gate.test is not None and not gate.test(text):
                continue
            lines = gate.lines
            if lines is None:
                out.append((rule, rule.find))
                continue
            if table is None:
                table = LineTable(text)
            if self.scanner.whole_text_is_cheap:
                hay = whole  # one Hyperscan pass has already found every literal in the text
            else:
                # Looking in the short lines only is much cheaper than in the whole text.
                if not haystacks:
                    haystacks = _line_haystacks(table, whole, self.scanner)
                hay = haystacks[lines.tier]
                if hay.text == END:
                    continue
            if not hay.has(lines.literals):
                continue
            phrases = lines.has_phrases and hay.has(lines.phrases)
            patterns = tuple(
                _GatedPattern(p, lit, folded_lines) for p, lit in lines.patterns if hay.has(lit)
            )
            if not phrases and not patterns:
                continue
            find = functools.partial(rule.find, table=table, phrases=phrases, patterns=patterns)
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
    "HyperscanScanner",
    "RuleGate",
    "Scanner",
    "ScannerKind",
    "compile_rules",
    "gate_for",
    "hyperscan_available",
    "make_scanner",
]
