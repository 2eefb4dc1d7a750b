"""Documents in, reports out: the library API for ETL code.

    check_documents(docs, rules)               -> Report
    fix_documents(docs, rules, unsafe_fixes)   -> FixRun: iterate FixedDocuments, then .report

Both take any iterable of :class:`~textclean.model.Document` or ``(id, text)`` pairs and stream
it: one document is in memory at a time (plus the report, which keeps only the findings). The
CLI runner (`textclean.run.runner`) and the Dask and dataframe adapters call the same per-document
functions, so every way of running textclean gives the same report for the same input.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from textclean.corpus.vocab import Vocabulary, using_vocabulary
from textclean.engine.loop import check_text, fix_text
from textclean.errors import FixDidNotConverge
from textclean.lexicon import check_setting as check_lexicon_setting
from textclean.lexicon import using_lexicon
from textclean.model import Document
from textclean.report.report import (
    DocumentReport,
    Report,
    document_report_from_check,
    document_report_from_fix,
)
from textclean.rules.kinds import DEFAULT_REGEX_TIMEOUT, Rule
from textclean.rules.loader import RuleSet, load_rules

if TYPE_CHECKING:
    from textclean.report.triage import Triager as Triage

DocumentLike: TypeAlias = Document | tuple[str, str]

RulesLike: TypeAlias = RuleSet | Iterable[Rule] | None


def resolve_rules(rules: RulesLike) -> tuple[Rule, ...]:
    """The rules to run: the default packs for None, else the given RuleSet or rules."""
    if rules is None:
        return load_rules().rules
    if isinstance(rules, RuleSet):
        return rules.rules
    return tuple(rules)


def as_document(item: DocumentLike) -> Document:
    """A Document as is, or one made from an ``(id, text)`` pair.

    Raises TypeError for anything else, so a bad item is never checked as if it were text.
    """
    if isinstance(item, Document):
        return item
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], str):
        return Document(str(item[0]), item[1])
    raise TypeError(f"expected a Document or an (id, text) pair, got {item!r:.80}")


def check_document(
    doc: Document, rules: Iterable[Rule], *, timeout: float = DEFAULT_REGEX_TIMEOUT
) -> DocumentReport:
    """The report of one document's findings; the text is not changed."""
    findings = check_text(doc.text, rules, url=doc.meta.get("url"), timeout=timeout)
    return document_report_from_check(doc.id, doc.text, findings)


def fix_document(
    doc: Document,
    rules: Iterable[Rule],
    *,
    unsafe_fixes: bool = False,
    timeout: float = DEFAULT_REGEX_TIMEOUT,
) -> tuple[str, DocumentReport]:
    """The fixed text and the document's report.

    Fixes that do not converge leave the document unchanged and say so in the report's
    `error` (a finding is a value, and so is a document that could not be fixed).
    """
    try:
        result = fix_text(
            doc.text, rules, unsafe_fixes, url=doc.meta.get("url"), timeout=timeout
        )
    except FixDidNotConverge as exc:
        return doc.text, DocumentReport(doc.id, (), False, str(exc))
    return result.text, document_report_from_fix(doc.id, result)


def check_documents(
    docs: Iterable[DocumentLike],
    rules: RulesLike = None,
    *,
    timeout: float = DEFAULT_REGEX_TIMEOUT,
    triage: Triage | None = None,
) -> Report:
    """Check every document and return one report.

    `triage` (a `textclean.report.triage.Triager`: a baseline, suppressions) marks the findings it
    sets aside; they are not `remaining`, and the report's `triage` lists what is left over.

    >>> report = check_documents([("a", "Tom &amp; Jerry"), ("b", "Fine text.")])
    >>> report.documents, report.found_per_rule["MK001"], report.found_per_rule["DC001"]
    (2, 1, 2)
    """
    chosen = resolve_rules(rules)
    report = Report.for_rules(chosen, "check")
    for item in docs:
        doc = as_document(item)
        doc_report = check_document(doc, chosen, timeout=timeout)
        report.add(doc_report if triage is None else triage(doc_report, doc))
    if triage is not None:
        triage.finish(report)
    return report


@dataclass(frozen=True, slots=True)
class FixedDocument:
    """One document after fixing: the input, the new text, and what was found and changed."""

    doc: Document
    text: str
    report: DocumentReport

    @property
    def id(self) -> str:
        return self.doc.id

    @property
    def changed(self) -> bool:
        return self.text != self.doc.text


class FixRun:
    """A lazy fix run: iterating it fixes one document at a time (`fix_documents` makes one).

    `report` grows as documents are yielded and is complete once the iteration ends, so a
    pipeline can write each fixed document out and read the report at the end without
    holding the corpus in memory. A run can be iterated once.

    `vocabulary` (`textclean.corpus.vocab`) is corpus evidence for the split-word repairs (SW),
    used where a document alone cannot decide; `lexicon` ("auto", "off" or a language code,
    `textclean.lexicon`) is the last evidence, after the document and the vocabulary.

    >>> run = fix_documents([("a", "Tom &amp; Jerry")])
    >>> [fixed.text for fixed in run]
    ['Tom & Jerry']
    >>> run.report.changed_documents
    1
    """

    def __init__(
        self,
        docs: Iterable[DocumentLike],
        rules: RulesLike = None,
        *,
        unsafe_fixes: bool = False,
        timeout: float = DEFAULT_REGEX_TIMEOUT,
        vocabulary: Vocabulary | None = None,
        triage: Triage | None = None,
        lexicon: str = "auto",
    ) -> None:
        self.rules = resolve_rules(rules)
        self.triage = triage
        self.unsafe_fixes = unsafe_fixes
        self.timeout = timeout
        self.vocabulary = vocabulary
        self.lexicon = check_lexicon_setting(lexicon)
        self.report = Report.for_rules(self.rules, "fix")
        self._docs = iter(docs)

    def __iter__(self) -> Iterator[FixedDocument]:
        return self

    def __next__(self) -> FixedDocument:
        try:
            doc = as_document(next(self._docs))
        except StopIteration:
            if self.triage is not None and self.report.triage is None:
                self.triage.finish(self.report)
            raise
        with using_vocabulary(self.vocabulary), using_lexicon(self.lexicon):
            text, doc_report = fix_document(
                doc, self.rules, unsafe_fixes=self.unsafe_fixes, timeout=self.timeout
            )
        if self.triage is not None:
            doc_report = self.triage(doc_report, doc)
        self.report.add(doc_report)
        return FixedDocument(doc, text, doc_report)

    def run(self) -> Report:
        """Fix the documents not yet iterated, dropping their texts; return the report."""
        for _ in self:
            pass
        return self.report


# Fix documents lazily: iterate the run for FixedDocuments, then read its `report`. The
# function-style name the docs use, for the class itself: one signature, one set of defaults.
fix_documents = FixRun
