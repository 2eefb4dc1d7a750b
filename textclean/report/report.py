"""The report of a run: counts per rule and level, and per document its findings.

One model, many renderings (`textclean.render`). Reports from files, shards or Dask
partitions merge with `+` (datatrove `Stats.__add__`). `to_dict()` is the versioned JSON
schema; `from_dict()` reads it back, so a saved report can be re-rendered.

Offsets in a finding record are code points. For a `check` run they point into the input.
For a `fix` run, a fixed finding (`fixed: true`) points into the text as it was at the start
of its `pass` (pass 1 is the input), and a remaining finding points into the output.
"""

from __future__ import annotations

import functools
import gc
import pickle
import tempfile
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from textclean._version import __version__
from textclean.corpus.dups import NearDuplicates
from textclean.model import Finding, FixResult, Level, LineIndex, pickled_by_fields, set_by_slots
from textclean.report.diffview import DIFF_CONTEXT, Segment, elide, mark_spans, replay_edits
from textclean.report.fingerprint import fingerprint
from textclean.rules.kinds import Rule

SCHEMA_VERSION = 1
EXCERPT_WIDTH = 80
_EXCERPT_HALF = EXCERPT_WIDTH // 2 - 1  # `Finding.excerpt`'s halves of a long excerpt
# A report keeps at most SPILL_AT documents with findings in memory, and fewer when they come
# to SPILL_BYTES (as `_held_bytes` estimates them: documents kept with their text, many
# findings); older ones wait in a temporary file, so a run's memory does not grow with the
# corpus. (Peak RSS of `fix` over 100 MB of benchmarks/speed.py's web text against 10 MB: at
# 1,000 documents, 1.02x, with --jobs 2 1.08x; at 5,000, once 1.37x. Held by size alone,
# which spared the 10 MB run (about 5.9 MB of reports) its spill: 4 MB, 1.03x to 1.04x and
# 1.08x to 1.10x; 6 MB, 1.05x and 1.10x; 8 MB, 1.07x to 1.14x without --jobs: the held
# reports leave the heap fragmented when they are spilled.)
SPILL_AT = 1_000
SPILL_BYTES = 8 << 20
# The spilled documents are written (and read back, one batch in memory at a time) in
# batches of this many.
SPILL_BATCH = 1_000
# What a held document costs, measured on the reports of a `fix` over web text: about 600
# bytes a finding (the record, its edits, excerpt and fingerprint), 300 for the document.
_BYTES_PER_FINDING = 600
_BYTES_PER_DOCUMENT = 300
Mode = Literal["check", "fix"]


@set_by_slots
@pickled_by_fields
@dataclass(frozen=True, slots=True)
class EditRecord:
    start: int
    end: int
    replacement: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}


@set_by_slots
@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FindingRecord:
    """A finding as the report shows it: located by line:col, with its excerpt and fix."""

    rule: str
    level: Level
    message: str
    start: int
    end: int
    line: int
    col: int
    end_line: int
    end_col: int
    excerpt: str
    safety: str | None = None  # None: no fix offered
    fixed: bool = False
    pass_no: int | None = None  # the pass that applied the fix (fix runs)
    edits: tuple[EditRecord, ...] = ()
    fingerprint: str = ""  # textclean.report.fingerprint; "" in reports saved before it existed
    # None: counts as found. "baseline": known from the baseline (--baseline), "suppressed":
    # skipped by a suppression whose reason is `reason`. Either way not `remaining`.
    status: str | None = None
    reason: str | None = None

    @classmethod
    def build(
        cls,
        finding: Finding,
        text: str,
        index: LineIndex,
        *,
        fixed: bool = False,
        pass_no: int | None = None,
    ) -> FindingRecord:
        """The record of `finding` in `text`, whose line index is `index`."""
        return _records((finding,), text, index, fixed, pass_no)[0]

    @property
    def headline(self) -> str:
        """The message, then the excerpt unless the message already quotes it (one-line reports)."""
        piece = self.excerpt.strip()
        if not piece or piece in self.message:
            return self.message
        return f"{self.message}: {self.excerpt}"

    def to_dict(self) -> dict[str, Any]:
        safety = self.safety
        out: dict[str, Any] = {
            "rule": self.rule,
            "level": self.level._value_,  # `.value`, without the enum's descriptor call
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line,
            "end_col": self.end_col,
            "excerpt": self.excerpt,
            "fix": None if safety is None else {
                "safety": safety,
                "applied": self.fixed,
                "pass": self.pass_no,
                "edits": [e.to_dict() for e in self.edits],
            },
        }
        # Then, each only when present (a reader takes a missing key for None):
        if self.fingerprint:
            out["fingerprint"] = self.fingerprint
        if self.status is not None:
            out["status"] = self.status
            if self.reason is not None:
                out["reason"] = self.reason
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FindingRecord:
        fix = d.get("fix") or {}
        return cls(
            rule=d["rule"],
            level=Level(d["level"]),
            message=d["message"],
            start=d["start"],
            end=d["end"],
            line=d["line"],
            col=d["col"],
            end_line=d["end_line"],
            end_col=d["end_col"],
            excerpt=d["excerpt"],
            safety=fix.get("safety"),
            fixed=bool(fix.get("applied", False)),
            pass_no=fix.get("pass"),
            edits=tuple(EditRecord(**e) for e in fix.get("edits", ())),
            fingerprint=d.get("fingerprint", ""),
            status=d.get("status"),
            reason=d.get("reason"),
        )


@set_by_slots
@pickled_by_fields
@dataclass(frozen=True, slots=True)
class DocumentReport:
    """What one document showed: its findings (fixed and remaining) and any error."""

    id: str
    findings: tuple[FindingRecord, ...] = ()
    changed: bool = False
    error: str | None = None
    # Where the document came from when that is not its id: "pages.jsonl:17" for a JSONL
    # record (file and 1-based line). None for a text file, whose id is its path.
    source: str | None = None
    # The input text, kept only when asked (`--include-text`, or an HTML report in the same
    # run) so the default JSON report stays small; the HTML diff replays the edits on it.
    text: str | None = None
    # Where a fix run wrote the fixed text, when findings remain in it: a path, or
    # "out.jsonl:3" for a record (file and 1-based line or row). Remaining findings are
    # located there (`where`); fixed ones in the input.
    output: str | None = None

    @property
    def remaining(self) -> tuple[FindingRecord, ...]:
        """Findings neither fixed nor set aside by the baseline or a suppression."""
        return tuple(f for f in self.findings if not f.fixed and f.status is None)

    @property
    def set_aside(self) -> tuple[FindingRecord, ...]:
        """Findings the baseline absorbed or a suppression skipped (`status` is set)."""
        return tuple(f for f in self.findings if f.status is not None)

    @property
    def location(self) -> tuple[str, int | None]:
        """(file, record line) of the document; the record line is None for a text file."""
        if self.source is None:
            return self.id, None
        path, sep, number = self.source.rpartition(":")
        if sep and number.isdigit():
            return path, int(number)
        return self.source, None

    def where(self, finding: FindingRecord) -> tuple[str, int | None]:
        """(file, record line) of the file `finding` is in: the output for a finding that
        remains after a fix run that wrote one, else the input (`location`)."""
        if finding.fixed or self.output is None:
            return self.location
        if self.source is None:  # a whole file
            return self.output, None
        path, sep, number = self.output.rpartition(":")
        if sep and number.isdigit():
            return path, int(number)
        return self.output, None

    @property
    def remaining_per_level(self) -> dict[str, int]:
        """Remaining findings per level, every level present (error, warning, info)."""
        counts = Counter(f.level.value for f in self.remaining)
        return {lvl.value: counts.get(lvl.value, 0) for lvl in (Level.ERROR, Level.WARNING, Level.INFO)}

    @property
    def remaining_codes(self) -> tuple[str, ...]:
        """The rule codes of the remaining findings, sorted, each once."""
        return tuple(sorted({f.rule for f in self.remaining}))

    @property
    def fixed_count(self) -> int:
        return sum(1 for f in self.findings if f.fixed)

    def segments(self, context: int | None = DIFF_CONTEXT) -> list[Segment]:
        """The text as segments for a diff view (empty when the text was not kept).

        A fix run replays the applied edits pass by pass, so each change is labelled with the
        rule that made it; a check run changes nothing and marks each remaining finding.
        Unchanged stretches longer than `context` lines on each side are elided.
        """
        if self.text is None:
            return []
        applied = [f for f in self.findings if f.fixed]
        if applied:
            by_pass: dict[int, list[tuple[str, int, int, str]]] = {}
            for f in applied:
                by_pass.setdefault(f.pass_no or 1, []).extend(
                    (f.rule, e.start, e.end, e.replacement) for e in f.edits
                )
            segments = replay_edits(self.text, [by_pass[k] for k in sorted(by_pass)])
        else:
            segments = mark_spans(self.text, [(f.rule, f.start, f.end) for f in self.remaining])
        return segments if context is None else elide(segments, context)

    def to_dict(self) -> dict[str, Any]:
        # Keys in this order; an optional one only when present (a reader takes a missing
        # key for None).
        out: dict[str, Any] = {"id": self.id, "changed": self.changed}
        if self.source is not None:
            out["source"] = self.source
        if self.error:
            out["error"] = self.error
        out["findings"] = [f.to_dict() for f in self.findings]
        if self.output is not None:
            out["output"] = self.output
        if self.text is not None:
            out["text"] = self.text
        return out

    def placed(self, source: str | None, text: str | None) -> DocumentReport:
        """This report with its document's `source` and kept input `text` (`replace`, spelt
        out: the runner calls it for every document)."""
        return DocumentReport(self.id, self.findings, self.changed, self.error, source, text,
                              self.output)

    def written_to(self, output: str | None) -> DocumentReport:
        """This report with where a fix run wrote the fixed text (`output`)."""
        return DocumentReport(self.id, self.findings, self.changed, self.error, self.source,
                              self.text, output)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocumentReport:
        return cls(
            id=d["id"],
            findings=tuple(FindingRecord.from_dict(f) for f in d.get("findings", ())),
            changed=bool(d.get("changed", False)),
            error=d.get("error"),
            source=d.get("source"),
            text=d.get("text"),
            output=d.get("output"),
        )


def _records(
    findings: Iterable[Finding], text: str, index: LineIndex, fixed: bool, pass_no: int | None
) -> list[FindingRecord]:
    """`FindingRecord.build` of each of `findings` (all in `text`), in one loop: the many
    findings of a run each cost a call less, and the names the loop reads are found once."""
    # `index.line_col` of both ends and `finding.excerpt(text, EXCERPT_WIDTH)`, spelt out.
    starts = index.starts
    new, edit_record, hash_of = FindingRecord, EditRecord, fingerprint
    out: list[FindingRecord] = []
    append = out.append
    for finding in findings:
        span = finding.span
        start, end = span.start, span.end
        line = bisect_right(starts, start)
        end_line = bisect_right(starts, end, line - 1)
        piece = text[start:end]
        if len(piece) > EXCERPT_WIDTH:
            piece = piece[:_EXCERPT_HALF] + "…" + piece[-_EXCERPT_HALF:]
        fix = finding.fix
        safety = None
        edits: tuple[EditRecord, ...] = ()
        if fix is not None:
            safety = fix.safety._value_  # `.value`, without the enum's descriptor call
            fix_edits = fix.edits
            if len(fix_edits) == 1:  # most fixes
                e = fix_edits[0]
                at = e.span
                edits = (edit_record(at.start, at.end, e.replacement),)
            else:
                edits = tuple([edit_record(e.span.start, e.span.end, e.replacement) for e in fix_edits])
        rule = finding.rule
        # NOTE: positional, in field order: keywords cost a third of the call.
        append(new(
            rule, finding.level, finding.message, start, end, line, start - starts[line - 1] + 1,
            end_line, end - starts[end_line - 1] + 1, piece, safety, fixed, pass_no, edits,
            hash_of(rule, text, start, end),
        ))
    return out


def document_report_from_check(doc_id: str, text: str, findings: Sequence[Finding]) -> DocumentReport:
    if not findings:
        return DocumentReport(doc_id)
    index = LineIndex(text)
    return DocumentReport(doc_id, tuple(_records(findings, text, index, False, None)))


def document_report_from_fix(doc_id: str, result: FixResult) -> DocumentReport:
    # The line index of a pass's text, made when a record needs it (the final text is the
    # last pass text).
    texts = result.pass_texts
    indexes: dict[int, LineIndex] = {}

    def index_of(n: int) -> LineIndex:
        index = indexes.get(n)
        if index is None:
            index = indexes[n] = LineIndex(texts[n])
        return index

    records: list[FindingRecord] = []
    applied = result.applied
    # The applied fixes come pass by pass: each pass's are built together, on its text.
    first, count = 0, len(applied)
    while first < count:
        pass_no = applied[first].pass_no
        last = first + 1
        while last < count and applied[last].pass_no == pass_no:
            last += 1
        records += _records([a.finding for a in applied[first:last]], texts[pass_no - 1],
                            index_of(pass_no - 1), True, pass_no)
        first = last
    if result.remaining:
        final = index_of(len(texts) - 1) if texts and texts[-1] is result.text else LineIndex(result.text)
        records += _records(result.remaining, result.text, final, False, None)
    return DocumentReport(doc_id, tuple(records), changed=result.changed)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str
    name: str
    level: str
    summary: str
    safety: str | None
    why: str = ""  # the rule's `why`, for SARIF rule descriptions and the HTML tooltip

    @classmethod
    def of(cls, rule: Rule) -> RuleInfo:
        return cls(rule.code, rule.name, rule.level.value, rule.spec.summary,
                   rule.safety.value if rule.safety else None, (rule.spec.why or "").strip())

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "level": self.level,
                "summary": self.summary, "safety": self.safety, "why": self.why}


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class RuleStat:
    """One row of a per-rule table: counts, plus the shares that charts draw."""

    code: str
    name: str
    level: str
    summary: str
    why: str
    safety: str | None
    found: int
    fixed: int
    remaining: int
    documents: int  # documents with remaining findings of this rule
    document_share: float  # documents / all documents
    bar_percent: float  # found, as a percentage of the most-found rule (chart bar length)


@dataclass
class Triage:
    """What the baseline and the suppressions set aside in a run (`textclean.report.triage`).

    The counts of absorbed and suppressed findings are the report's own (`Report.absorbed`,
    `Report.suppressed`); this holds what is left over: baseline entries that no longer
    occur (`stale`: the file can shrink) and suppression entries that matched nothing.
    """

    baseline: str | None = None  # the baseline file or saved report used, if any
    stale: list[dict[str, Any]] = field(default_factory=list)  # document, rule, fingerprint, count, excerpt
    suppressions: int = 0  # suppression entries in force
    unused: list[dict[str, Any]] = field(default_factory=list)  # suppression entries, as written

    def to_dict(self) -> dict[str, Any]:
        return {"baseline": self.baseline, "stale": list(self.stale),
                "suppressions": self.suppressions, "unused_suppressions": list(self.unused)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Triage:
        return cls(d.get("baseline"), list(d.get("stale", [])), d.get("suppressions", 0),
                   list(d.get("unused_suppressions", [])))

    def __add__(self, other: Triage) -> Triage:
        """Shards of one run: an entry is stale (or unused) only if it is in every shard."""

        def both(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> list[dict[str, Any]]:
            keys = {repr(sorted(x.items())) for x in b}
            return [x for x in a if repr(sorted(x.items())) in keys]

        return Triage(self.baseline or other.baseline, both(self.stale, other.stale),
                      max(self.suppressions, other.suppressions), both(self.unused, other.unused))


@dataclass
class Report:
    """Counts and per-document findings of one run (or of several, merged with `+`)."""

    mode: Mode = "check"
    rules: tuple[RuleInfo, ...] = ()
    documents: int = 0
    changed_documents: int = 0
    quarantined: int = 0
    entries: list[DocumentReport] = field(default_factory=list)  # documents with findings/errors
    found_per_rule: Counter[str] = field(default_factory=Counter)
    fixed_per_rule: Counter[str] = field(default_factory=Counter)
    remaining_per_rule: Counter[str] = field(default_factory=Counter)
    remaining_per_level: Counter[str] = field(default_factory=Counter)
    documents_per_rule: Counter[str] = field(default_factory=Counter)  # remaining, by document
    errors: list[dict[str, Any]] = field(default_factory=list)  # quarantined/skipped inputs
    # Groups of near-duplicate documents (`check --near-duplicates`, `fix --reconcile`);
    # None when the run did not look for them.
    dups: NearDuplicates | None = None
    # Findings set aside (`FindingRecord.status`): absorbed by the baseline, or suppressed.
    absorbed: int = 0
    suppressed: int = 0
    # What the baseline and suppressions left over; None when the run used neither.
    triage: Triage | None = None
    # Documents moved out of `entries` into a temporary file once it held SPILL_BYTES or
    # SPILL_AT of them; `all_entries()` reads them back, in order, before `entries`.
    _spilled: _SpillFile | None = field(default=None, repr=False, compare=False)
    # The estimated size of `entries` (`_held_bytes`), which decides when they are spilled.
    _held: int = field(default=0, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.entries:  # a report made with its documents (`from_dict`, `+`): counted too
            self._held = sum(_held_bytes(e) for e in self.entries)

    @property
    def has_entries(self) -> bool:
        """Has any document findings or an error?"""
        return self._spilled is not None or bool(self.entries)

    def all_entries(self) -> Iterator[DocumentReport]:
        """Every document with findings or an error, in run order (spilled ones first)."""
        if self._spilled is not None:
            yield from self._spilled
        yield from self.entries

    @classmethod
    def for_rules(cls, rules: Iterable[Rule], mode: Mode = "check") -> Report:
        return cls(mode=mode, rules=tuple(RuleInfo.of(r) for r in rules))

    def add(self, doc: DocumentReport) -> None:
        """Count one document (call once per document, with or without findings)."""
        self.documents += 1
        self.changed_documents += doc.changed
        if doc.findings or doc.error:
            self.entries.append(doc)
            self._held += _held_bytes(doc)
            if self._held >= SPILL_BYTES or len(self.entries) >= SPILL_AT:
                if self._spilled is None:
                    self._spilled = _SpillFile()
                entries = self.entries
                for at in range(0, len(entries), SPILL_BATCH):  # read back a batch at a time
                    self._spilled.extend(entries[at : at + SPILL_BATCH])
                self.entries = []
                self._held = 0
        if not doc.findings:
            return
        seen: set[str] = set()
        found, fixed = self.found_per_rule, self.fixed_per_rule
        remaining, per_level = self.remaining_per_rule, self.remaining_per_level
        for f in doc.findings:
            rule = f.rule
            found[rule] += 1
            if f.fixed:
                fixed[rule] += 1
            elif f.status == "baseline":
                self.absorbed += 1
            elif f.status is not None:
                self.suppressed += 1
            else:
                remaining[rule] += 1
                per_level[f.level._value_] += 1  # `.value`, read directly
                seen.add(rule)
        per_document = self.documents_per_rule
        for code in seen:
            per_document[code] += 1

    def add_error(self, source: str, reason: str, **extra: Any) -> None:
        """Count an input that could not be processed (quarantined or skipped)."""
        self.quarantined += 1
        self.errors.append({"source": source, "reason": reason, **extra})

    def batches(self) -> Iterator[tuple[Tally, Callable[[], list[DocumentReport]]]]:
        """`all_entries()` in batches, each with its tally and a function that reads it (a
        spilled batch from disk), for a reader that may not need every document."""
        if self._spilled is not None:
            yield from self._spilled.batches()
        entries = self.entries
        yield Tally.of(entries), lambda: entries

    def tally(self) -> Tally:
        """The counts of `Tally` over every document with findings or an error (the spilled
        ones from their tallies, not read back)."""
        total = Tally.of(self.entries)
        return total if self._spilled is None else self._spilled.tally + total

    @property
    def documents_with_findings(self) -> int:
        return self.tally().with_remaining

    @property
    def document_errors(self) -> int:
        return self.tally().errors

    def failing(self, fail_level: Level) -> int:
        """Remaining findings at or above `fail_level`."""
        return sum(n for lvl, n in self.remaining_per_level.items() if Level(lvl).rank >= fail_level.rank)

    @property
    def fixable(self) -> int:
        """Remaining findings with a safe or unsafe fix, which `textclean fix` can apply."""
        return self.tally().fixable

    def rule_stats(self) -> list[RuleStat]:
        """One row per rule of the run (and per code found outside it, e.g. TC001), by code."""
        infos = {r.code: r for r in self.rules}
        codes = sorted(set(infos) | set(self.found_per_rule) | set(self.remaining_per_rule))
        top = max(self.found_per_rule.values(), default=0)
        rows = []
        for code in codes:
            info = infos.get(code) or RuleInfo(code, "", "", "", None)
            found = self.found_per_rule.get(code, 0)
            documents = self.documents_per_rule.get(code, 0)
            rows.append(RuleStat(
                code=code, name=info.name, level=info.level, summary=info.summary, why=info.why,
                safety=info.safety, found=found, fixed=self.fixed_per_rule.get(code, 0),
                remaining=self.remaining_per_rule.get(code, 0), documents=documents,
                document_share=documents / self.documents if self.documents else 0.0,
                bar_percent=round(100 * found / top, 1) if top else 0.0,
            ))
        return rows

    def remaining_by_rule(self) -> dict[str, list[tuple[DocumentReport, tuple[FindingRecord, ...]]]]:
        """For each rule code, the documents with remaining findings of it and those findings."""
        out: dict[str, list[tuple[DocumentReport, tuple[FindingRecord, ...]]]] = {}
        for entry in self.all_entries():
            per_rule: dict[str, list[FindingRecord]] = {}
            for f in entry.remaining:
                per_rule.setdefault(f.rule, []).append(f)
            for code, found in per_rule.items():
                out.setdefault(code, []).append((entry, tuple(found)))
        return {code: out[code] for code in sorted(out)}

    def remaining_by_level(self) -> list[tuple[DocumentReport, FindingRecord]]:
        """Every remaining finding, errors first, then warnings, then info; else in run order."""
        pairs = [(e, f) for e in self.all_entries() for f in e.remaining]
        pairs.sort(key=lambda pair: -pair[1].level.rank)  # stable: run order within a level
        return pairs

    def top_documents(self, n: int) -> list[DocumentReport]:
        """The `n` documents with the most remaining findings (errors count first)."""
        ranked = [e for e in self.all_entries() if e.remaining]
        ranked.sort(key=lambda e: tuple(-c for c in e.remaining_per_level.values()) + (-len(e.remaining),))
        return ranked[:n]

    def __add__(self, other: Report) -> Report:
        if not isinstance(other, Report):
            return NotImplemented
        rules = {r.code: r for r in self.rules}
        rules.update({r.code: r for r in other.rules})
        return Report(
            mode=self.mode if self.mode == other.mode else "fix",
            rules=tuple(rules[c] for c in sorted(rules)),
            documents=self.documents + other.documents,
            changed_documents=self.changed_documents + other.changed_documents,
            quarantined=self.quarantined + other.quarantined,
            entries=[*self.all_entries(), *other.all_entries()],
            found_per_rule=self.found_per_rule + other.found_per_rule,
            fixed_per_rule=self.fixed_per_rule + other.fixed_per_rule,
            remaining_per_rule=self.remaining_per_rule + other.remaining_per_rule,
            remaining_per_level=self.remaining_per_level + other.remaining_per_level,
            documents_per_rule=self.documents_per_rule + other.documents_per_rule,
            errors=self.errors + other.errors,
            dups=self.dups + other.dups if self.dups and other.dups else self.dups or other.dups,
            absorbed=self.absorbed + other.absorbed,
            suppressed=self.suppressed + other.suppressed,
            triage=self.triage + other.triage if self.triage and other.triage
            else self.triage or other.triage,
        )

    def __radd__(self, other: Any) -> Report:
        if other == 0:  # sum(reports)
            return self
        return NotImplemented

    def to_dict(self, documents: bool = True) -> dict[str, Any]:
        """The versioned JSON form; without `documents`, the document list is left empty
        (the JSON renderer streams it instead)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "textclean", "version": __version__},
            "mode": self.mode,
            "rules": [r.to_dict() for r in self.rules],
            "summary": {
                "documents": self.documents,
                "documents_with_findings": self.documents_with_findings,
                "changed_documents": self.changed_documents,
                "document_errors": self.document_errors,
                "quarantined": self.quarantined,
                "found_per_rule": dict(sorted(self.found_per_rule.items())),
                "fixed_per_rule": dict(sorted(self.fixed_per_rule.items())),
                "remaining_per_rule": dict(sorted(self.remaining_per_rule.items())),
                "remaining_per_level": {
                    lvl.value: self.remaining_per_level.get(lvl.value, 0)
                    for lvl in (Level.ERROR, Level.WARNING, Level.INFO)
                },
                "documents_per_rule": dict(sorted(self.documents_per_rule.items())),
                **({"absorbed_by_baseline": self.absorbed, "suppressed": self.suppressed}
                   if self.triage is not None else {}),
            },
            "documents": [e.to_dict() for e in self.all_entries()] if documents else [],
            "errors": list(self.errors),
            **({"dups": self.dups.to_dict()} if self.dups is not None else {}),
            **({"triage": self.triage.to_dict()} if self.triage is not None else {}),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        if d.get("schema_version") != SCHEMA_VERSION:
            raise ValueError(f"unsupported report schema_version {d.get('schema_version')!r}")
        s = d["summary"]
        return cls(
            mode=d["mode"],
            rules=tuple(RuleInfo(**r) for r in d["rules"]),
            documents=s["documents"],
            changed_documents=s["changed_documents"],
            quarantined=s.get("quarantined", 0),
            entries=[DocumentReport.from_dict(e) for e in d["documents"]],
            found_per_rule=Counter(s["found_per_rule"]),
            fixed_per_rule=Counter(s["fixed_per_rule"]),
            remaining_per_rule=Counter(s["remaining_per_rule"]),
            remaining_per_level=Counter({k: v for k, v in s["remaining_per_level"].items() if v}),
            documents_per_rule=Counter(s.get("documents_per_rule", {})),
            errors=list(d.get("errors", [])),
            dups=NearDuplicates.from_dict(d["dups"]) if d.get("dups") is not None else None,
            absorbed=s.get("absorbed_by_baseline", 0),
            suppressed=s.get("suppressed", 0),
            triage=Triage.from_dict(d["triage"]) if d.get("triage") is not None else None,
        )


def _held_bytes(doc: DocumentReport) -> int:
    """About how much memory a document report holds (`SPILL_BYTES`): its findings, and its
    kept input text."""
    text = doc.text
    return (_BYTES_PER_DOCUMENT + _BYTES_PER_FINDING * len(doc.findings)
            + (len(text) if text is not None else 0))


@dataclass(frozen=True, slots=True)
class Tally:
    """What the end of a run counts over its documents with findings: kept per spilled batch,
    so the summary, the exit code and a listing cut at a screenful do not read the spilled
    documents back (each reading unpickles all of them)."""

    with_remaining: int = 0  # documents with remaining findings
    errors: int = 0  # documents with an error
    fixable: int = 0  # remaining findings with a safe or unsafe fix
    unsafe: int = 0  # of those, the unsafe ones
    lines: int = 0  # finding lines a console listing prints (remaining findings and errors)
    lines_set_aside: int = 0  # and the set-aside findings it adds with --show-suppressed

    @classmethod
    def of(cls, entries: Iterable[DocumentReport]) -> Tally:
        with_remaining = errors = fixable = unsafe = lines = set_aside = 0
        for e in entries:
            remaining = 0
            for f in e.findings:
                if f.fixed:
                    continue
                if f.status is not None:
                    set_aside += 1
                    continue
                remaining += 1
                if f.safety == "safe":
                    fixable += 1
                elif f.safety == "unsafe":
                    fixable += 1
                    unsafe += 1
            with_remaining += remaining > 0
            errors += bool(e.error)
            lines += remaining + bool(e.error)
        return cls(with_remaining, errors, fixable, unsafe, lines, set_aside)

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(a + b for a, b in zip(self._values(), other._values(), strict=True)))

    def _values(self) -> tuple[int, ...]:
        return (self.with_remaining, self.errors, self.fixable, self.unsafe, self.lines,
                self.lines_set_aside)


class _SpillFile:
    """Documents pickled in batches to an anonymous temporary file, read back in order; the
    `Tally` of each batch stays in memory."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # removed by the OS when closed or at exit
        self._offsets: list[int] = []  # where each batch starts
        self._tallies: list[Tally] = []
        self.tally = Tally()

    def extend(self, entries: list[DocumentReport]) -> None:
        self._offsets.append(self._file.seek(0, 2))
        pickle.dump(entries, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        batch = Tally.of(entries)
        self._tallies.append(batch)
        self.tally += batch

    def _read(self, offset: int) -> list[DocumentReport]:
        self._file.seek(offset)
        # Unpickling makes many small objects, none of them in a cycle: the collector would
        # run over and over while they are made (and walk the whole heap now and then) to
        # find nothing.
        enabled = gc.isenabled()
        gc.disable()
        try:
            batch: list[DocumentReport] = pickle.load(self._file)
        finally:
            if enabled:
                gc.enable()
        return batch

    def batches(self) -> Iterator[tuple[Tally, Callable[[], list[DocumentReport]]]]:
        """Each batch's tally, with a function that reads the batch back."""
        for offset, tally in zip(self._offsets, self._tallies, strict=True):
            yield tally, functools.partial(self._read, offset)

    def __getstate__(self) -> list[DocumentReport]:
        return list(self)  # a report crossing processes (Dask) carries its documents

    def __setstate__(self, entries: list[DocumentReport]) -> None:
        self.__init__()  # type: ignore[misc]
        if entries:
            self.extend(entries)

    def __iter__(self) -> Iterator[DocumentReport]:
        for offset in self._offsets:  # each iterator keeps its own place, so two may interleave
            yield from self._read(offset)
