"""`fix --reconcile`: repair each version of a text with evidence from its other versions.

    reconciler = Reconciler.from_paths(paths)   # groups near-duplicates, keeps their texts
    reconciler.fix_document(doc, rules)         -> (fixed text, DocumentReport)

Two scrapes of one story are rarely damaged in the same places, so where one version shows
damage the other often shows the intact text. For each document in a near-duplicate group
(`textclean.corpus.dups`), the other versions are compared with it (`textclean.corpus.compare`), and only
the differences that are damage on this side and intact on the other are repaired:

    lost-hyphen       fivepoint -> five-point, where another version writes five-point
    mojibake-span     donâ€™t -> don’t, where another version has don’t and re-decoding
                      the damaged text gives exactly that
    slid-quote        an opening quote that slid into the next paragraph goes back,
                      where another version has it in its place

Their codes, levels and descriptions are rule files (`kind: evidence`) in
textclean/packs/_reconcile, shown in reports next to the YAML rules.

Spelling variants (stabilize / stabilising), dashes, punctuation and wording are editorial
choices, not damage, and are left alone. When two versions give conflicting evidence for one
place, nothing is changed there. Each finding's message names the version and quotes the text
that is its evidence.

The reconciling edits are pass 1 of the document's fix; the rules then run on the result, as
in any `fix`, from pass 2 on. So the findings flow through the report, the HTML diff and the
edit ledger like any other (and `textclean undo` restores the input).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import regex
from ruamel.yaml import YAML

from textclean import api
from textclean.corpus.compare import Difference, Kind, compare_texts, is_mojibake_of
from textclean.corpus.dups import DEFAULT_THRESHOLD, NearDuplicateIndex, NearDuplicates
from textclean.engine.loop import apply_edits
from textclean.io import Rejected, discover, iter_items
from textclean.model import Document, Edit, Finding, Fix, Level, LineIndex, Safety, Span
from textclean.report.report import DocumentReport, FindingRecord, Report, RuleInfo
from textclean.rules.kinds import DEFAULT_REGEX_TIMEOUT, Rule
from textclean.rules.loader import default_rules_dir
from textclean.rules.schema import EvidenceSpec


def evidence_specs() -> dict[str, EvidenceSpec]:
    """The rule files of the reconciling repairs (packs/_reconcile), by their `evidence`."""
    yaml = YAML(typ="safe", pure=True)
    specs = [EvidenceSpec.model_validate(yaml.load(path.read_text(encoding="utf-8")))
             for path in sorted((default_rules_dir() / "_reconcile").glob("*.yml"))]
    return {spec.evidence: spec for spec in specs}


SPECS = evidence_specs()
LOST_HYPHEN = SPECS["lost-hyphen"].code
MOJIBAKE_SPAN = SPECS["mojibake-span"].code
SLID_QUOTE = SPECS["slid-quote"].code
# Shown in reports next to the YAML rules.
RULE_INFOS = tuple(
    RuleInfo(s.code, s.name, s.level.value, s.summary,
             (s.fix.safety if s.fix else Safety.SAFE).value, (s.why or "").strip())
    for s in sorted(SPECS.values(), key=lambda s: s.code)
)
CONTEXT = 30  # characters of evidence quoted on each side of the other version's text
# Other versions a document is compared with (the first in reading order): a story syndicated
# a hundred times would otherwise cost a hundred comparisons per copy.
MAX_VERSIONS = 8


def _evidence(other: Document, span: Span | None) -> str:
    """The other version's text around `span`, quoted, for the finding's message."""
    if span is None:
        return f"{other.id}"
    text = other.text
    start, end = max(0, span.start - CONTEXT), min(len(text), span.end + CONTEXT)
    piece = " ".join(text[start:end].split())
    return f"{other.id}: “{'…' if start else ''}{piece}{'…' if end < len(text) else ''}”"


_CLOSED = regex.compile(r"\w+")
_HYPHENATED = regex.compile(r"\w+(?:-\w+)+")


def _in_url(text: str, span: Span) -> bool:
    """Whether `span` sits in a URL-like run of text (a slug hyphenates every word)."""
    start, end = span.start, span.end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    chunk = text[start:end]
    return "/" in chunk or "www." in chunk


def _lost_hyphen(d: Difference, doc: Document, other: Document) -> bool:
    """A closed compound here, the same letters hyphenated there, neither inside a URL."""
    return (d.kind is Kind.HYPHEN and d.a_span is not None and d.b_span is not None
            and _CLOSED.fullmatch(d.a) is not None and _HYPHENATED.fullmatch(d.b) is not None
            and d.a == d.b.replace("-", "")
            and not _in_url(doc.text, d.a_span) and not _in_url(other.text, d.b_span))


def _finding(evidence: str, span: Span, message: str, edits: tuple[Edit, ...]) -> Finding:
    """A finding of the reconciling repair `evidence`, with its rule file's code, level and
    fix safety."""
    spec = SPECS[evidence]
    return Finding(spec.code, span, message, Level(spec.level),
                   Fix(edits, spec.fix.safety if spec.fix else Safety.SAFE))


def _findings_from(doc: Document, other: Document) -> list[Finding]:
    """The repairs that `other` is evidence for in `doc`."""
    diffs = compare_texts(doc.text, other.text).differences
    out: list[Finding] = []
    for d in diffs:
        if d.a_span is None:
            continue
        if _lost_hyphen(d, doc, other):
            out.append(_finding(
                "lost-hyphen", d.a_span,
                f"compound without its hyphen: {d.a} -> {d.b}, as {_evidence(other, d.b_span)}",
                (Edit(d.a_span, d.b),)))
        elif d.kind is Kind.ENCODING and d.a and is_mojibake_of(d.a, d.b):
            out.append(_finding(
                "mojibake-span", d.a_span, f"mojibake: {d.a} -> {d.b}, as {_evidence(other, d.b_span)}",
                (Edit(d.a_span, d.b),)))
    out.extend(_slid_quotes(diffs, other))
    return out


def _slid_quotes(diffs: Sequence[Difference], other: Document) -> list[Finding]:
    """RC003 for each quote `compare` noted as slid, when this document is the one it slid in."""
    slid = [d for d in diffs if d.kind is Kind.QUOTE and d.note and d.a_span is not None]
    out: list[Finding] = []
    for lost, gained in zip(slid, slid[1:], strict=False):
        quote = lost.b.strip()
        if lost.a or not quote or gained.a.strip() != quote or gained.b:
            continue  # the other version is the damaged one, or these are not one quote
        assert lost.a_span is not None and gained.a_span is not None
        edits = (Edit(Span(lost.a_span.start, lost.a_span.start), quote), Edit(gained.a_span, ""))
        out.append(_finding(
            "slid-quote", gained.a_span,
            f"opening quote {quote} slid across a paragraph break; moved back, as "
            f"{_evidence(other, lost.b_span)}",
            edits))
    return out


def _consistent(findings: Iterable[Finding]) -> list[Finding]:
    """The findings whose edits agree: duplicates (two versions, same evidence) kept once,
    and every finding that overlaps a different one dropped (the versions disagree)."""
    unique: dict[tuple[tuple[int, int, str], ...], Finding] = {}
    for f in findings:
        assert f.fix is not None
        key = tuple((e.span.start, e.span.end, e.replacement) for e in f.fix.edits)
        unique.setdefault(key, f)
    chosen = list(unique.values())

    def clash(f: Finding, g: Finding) -> bool:
        assert f.fix is not None and g.fix is not None
        return any(e.span.overlaps(x.span) or (e.span == x.span)
                   for e in f.fix.edits for x in g.fix.edits)

    keep = [f for f in chosen if not any(g is not f and clash(f, g) for g in chosen)]
    return sorted(keep, key=lambda f: (f.fix.edits[0].span.start if f.fix else 0, f.rule))


@dataclass
class Reconciler:
    """The near-duplicate groups of a run and the input texts of their members."""

    groups: NearDuplicates
    texts: dict[str, str]

    def __post_init__(self) -> None:
        self._group_of = self.groups.group_of()  # once: evidence() asks for every document

    def evidence(self, doc: Document) -> list[Finding]:
        """The reconciling findings for `doc`, from every other version in its group."""
        group = self._group_of.get(doc.id)
        if group is None:
            return []
        others = [i for i in group.documents if i != doc.id and i in self.texts][:MAX_VERSIONS]
        found: list[Finding] = []
        for other_id in others:
            found.extend(_findings_from(doc, Document(other_id, self.texts[other_id])))
        return _consistent(found)

    def fix_document(
        self, doc: Document, rules: Sequence[Rule], *, unsafe_fixes: bool = False,
        timeout: float = DEFAULT_REGEX_TIMEOUT,
    ) -> tuple[str, DocumentReport]:
        """Pass 1: the reconciling edits; then the rules' fixes (`textclean.api.fix_document`
        with these settings), from pass 2 on."""
        findings = self.evidence(doc)
        if not findings:
            return api.fix_document(doc, rules, unsafe_fixes=unsafe_fixes, timeout=timeout)
        edits = [e for f in findings if f.fix for e in f.fix.edits]
        reconciled = apply_edits(doc.text, sorted(edits, key=lambda e: (e.span.start, e.span.end)))
        text, report = api.fix_document(replace(doc, text=reconciled), rules,
                                        unsafe_fixes=unsafe_fixes, timeout=timeout)
        if report.error is not None:
            return doc.text, report
        index = LineIndex(doc.text)
        first = tuple(FindingRecord.build(f, doc.text, index, fixed=True, pass_no=1) for f in findings)
        later = tuple(replace(r, pass_no=r.pass_no + 1) if r.fixed and r.pass_no else r
                      for r in report.findings)
        return text, replace(report, findings=first + later, changed=True)

    @classmethod
    def from_documents(cls, docs: Iterable[Document], threshold: float = DEFAULT_THRESHOLD) -> Reconciler:
        """Group `docs` (read once, held in memory: for a library call on a list)."""
        docs = list(docs)
        index = NearDuplicateIndex(threshold)
        for doc in docs:
            index.add(doc.id, doc.text)
        groups = index.result()
        grouped = groups.group_of()
        return cls(groups, {d.id: d.text for d in docs if d.id in grouped})

    @classmethod
    def from_paths(cls, paths: Sequence[str], threshold: float = DEFAULT_THRESHOLD, *,
                   text_field: str = "text", id_field: str = "id", max_chars: int = 0) -> Reconciler:
        """Read the inputs twice: once to group them, once to keep the grouped texts (records'
        `text_field` and `id_field`; documents longer than `max_chars` are left out, as a run
        quarantines them).

        Only the texts of documents that have another version are held in memory.
        """

        def items() -> Iterable[tuple[object, Document | Rejected]]:
            return iter_items(discover(paths), text_field, id_field, max_chars)

        index = NearDuplicateIndex(threshold)
        for _source, item in items():
            if not isinstance(item, Rejected):
                index.add(item.id, item.text)
        groups = index.result()
        grouped = groups.group_of()
        texts: dict[str, str] = {}
        if grouped:
            for _source, item in items():
                if not isinstance(item, Rejected) and item.id in grouped:
                    texts[item.id] = item.text
        return cls(groups, texts)

    def annotate(self, report: Report) -> None:
        """Give a fix run's report the groups it used and the RC rules' descriptions."""
        report.dups = self.groups
        known = {r.code for r in report.rules}
        report.rules = tuple(sorted((*report.rules, *(r for r in RULE_INFOS if r.code not in known)),
                                    key=lambda r: r.code))
