"""Sets findings aside before they count: suppressions first, then the baseline.

A `Triage` is called with each document's report (and the document) as the run goes, and
marks findings `suppressed` (with the entry's reason) or `baseline`; marked findings are not
`remaining`, so they neither fail the run nor show as new in any report format. At the end,
`summary()` says what was left over: stale baseline entries and suppressions that matched
nothing. The CLI runner, the Python API and the pandera check use the same object.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from textclean.model import Document
from textclean.report.baseline import Baseline, load_baseline
from textclean.report.report import DocumentReport, FindingRecord, Report, Triage
from textclean.report.suppress import Suppression, check_expiry, record_codes


class Triager:
    """Applies suppressions, a baseline and per-record suppress fields to document reports."""

    def __init__(
        self,
        baseline: Baseline | Path | str | None = None,
        suppressions: Sequence[Suppression] | Path | str = (),
        suppress_field: str | None = None,
    ) -> None:
        """`baseline`: a Baseline or its file (or a saved JSON report); `suppressions`:
        entries or a textclean-ignore.yaml; `suppress_field`: the record field listing codes."""
        if isinstance(baseline, str | Path):
            baseline = load_baseline(Path(baseline))
        if isinstance(suppressions, str | Path):
            from textclean.report.suppress import load_file

            suppressions = load_file(Path(suppressions))
        check_expiry(suppressions)
        self.baseline = baseline
        self.suppressions = tuple(suppressions)
        self.suppress_field = suppress_field
        self._used = [0] * len(self.suppressions)

    def fresh(self) -> Triager:
        """A Triager with the same baseline and suppressions, none of them used yet."""
        baseline = None
        if self.baseline is not None:
            baseline = Baseline(self.baseline.counts, self.baseline.excerpts, self.baseline.source)
        return Triager(baseline, self.suppressions, self.suppress_field)

    def __call__(self, doc_report: DocumentReport, doc: Document | None = None) -> DocumentReport:
        if not doc_report.findings:
            return doc_report
        own = record_codes(doc.meta, self.suppress_field) if doc and self.suppress_field else ()
        path = doc_report.location[0]
        changed = False
        findings: list[FindingRecord] = []
        for f in doc_report.findings:
            marked = f if f.fixed or f.status is not None else self._mark(doc_report.id, path, f, own)
            changed = changed or marked is not f
            findings.append(marked)
        return replace(doc_report, findings=tuple(findings)) if changed else doc_report

    def _mark(self, doc_id: str, path: str, f: FindingRecord, own: tuple[str, ...]) -> FindingRecord:
        # A suppressed finding still uses up its baseline entry: it occurs, so it is not stale.
        known = self.baseline is not None and self.baseline.take(doc_id, f.rule, f.fingerprint)
        if any(f.rule.startswith(code) for code in own):
            return replace(f, status="suppressed", reason=f"record field {self.suppress_field!r}")
        for i, entry in enumerate(self.suppressions):
            if entry.matches(doc_id, path, f.rule, f.fingerprint):
                self._used[i] += 1
                return replace(f, status="suppressed", reason=entry.reason)
        return replace(f, status="baseline") if known else f

    def replay(self, doc_report: DocumentReport) -> None:
        """Count a document report this triage marked in an earlier, interrupted part of the
        run (textclean.run.state): its baseline entries are used up and its suppressions used."""
        path = doc_report.location[0]
        for f in doc_report.findings:
            if f.fixed or f.status is None:
                continue
            if self.baseline is not None:
                self.baseline.take(doc_report.id, f.rule, f.fingerprint)
            if f.status == "suppressed":
                for i, entry in enumerate(self.suppressions):
                    if entry.reason == f.reason and entry.matches(doc_report.id, path, f.rule, f.fingerprint):
                        self._used[i] += 1
                        break

    def unused(self) -> list[Suppression]:
        """Suppression entries that matched no finding so far."""
        return [e for e, n in zip(self.suppressions, self._used, strict=True) if not n]

    def summary(self) -> Triage:
        return Triage(
            baseline=self.baseline.source if self.baseline is not None else None,
            stale=self.baseline.stale() if self.baseline is not None else [],
            suppressions=len(self.suppressions),
            unused=[e.to_dict() for e in self.unused()],
        )

    def finish(self, report: Report) -> Report:
        """Put the summary on `report` (and return it)."""
        report.triage = self.summary()
        return report

    def apply(self, report: Report) -> Report:
        """A new report with this triage applied to a finished one (e.g. a saved report)."""
        out = Report(mode=report.mode, rules=report.rules, dups=report.dups)
        for entry in report.all_entries():
            out.add(self(entry))
        out.documents = report.documents  # documents without findings are not entries
        out.changed_documents = report.changed_documents
        out.quarantined, out.errors = report.quarantined, list(report.errors)
        return self.finish(out)


def triager_from_settings(
    baseline: Path | None,
    suppressions_file: Path | None,
    config_entries: Sequence[Any],
    config_where: str,
    suppress_field: str | None,
    start: Path | None = None,
) -> Triager | None:
    """The Triager the CLI options and config ask for, or None when they ask for nothing."""
    from textclean.report.suppress import find_file, load_file, parse_entry

    entries = [parse_entry(raw, f"{config_where}: suppress[{i}]") for i, raw in enumerate(config_entries)]
    path = suppressions_file or find_file(start or Path.cwd())
    if path is not None:
        entries.extend(load_file(path))
    if baseline is None and not entries and suppress_field is None:
        return None
    return Triager(baseline, entries, suppress_field)


__all__ = ["Triager", "triager_from_settings"]
