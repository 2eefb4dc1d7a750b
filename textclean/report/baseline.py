"""Baselines: the findings a corpus already had, so a gate fails only on new ones.

    textclean baseline DATA --out .textclean-baseline.json   # save what is there today
    textclean check DATA --baseline .textclean-baseline.json # fail only on findings not in it
    textclean baseline DATA --out .textclean-baseline.json --shrink   # drop what was fixed

A finding is known when its document id, rule code and fingerprint (`textclean.report.fingerprint`:
the matched text and its same-line neighbourhood, never a line number) are in the baseline.
Entries carry a count, so a baseline with two identical findings in a document absorbs two,
and a third is new. A saved JSON report (`--output-json`, `fix --report`) works as a baseline
too: its remaining findings are the entries.

The baseline file is JSON, sorted so that it diffs well under version control::

    {"textclean_baseline": 1, "findings": [
      {"document": "news/a.txt", "rule": "MK001", "fingerprint": "9f…", "count": 1,
       "excerpt": "&amp;"}, ...]}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textclean.errors import ReadError

FORMAT_VERSION = 1
Key = tuple[str, str, str]  # document id, rule code, fingerprint


@dataclass
class Baseline:
    """Known findings, counted by (document, rule, fingerprint); `take` uses them up."""

    counts: Counter[Key] = field(default_factory=Counter)
    excerpts: dict[Key, str] = field(default_factory=dict)
    source: str | None = None  # the file it was read from
    _left: Counter[Key] = field(default_factory=Counter, repr=False)

    def __post_init__(self) -> None:
        self._left = Counter(self.counts)

    def __len__(self) -> int:
        return sum(self.counts.values())

    def add(self, document: str, rule: str, fingerprint: str, excerpt: str = "") -> None:
        key = (document, rule, fingerprint)
        self.counts[key] += 1
        self._left[key] += 1
        self.excerpts.setdefault(key, excerpt)

    def take(self, document: str, rule: str, fingerprint: str) -> bool:
        """Is this finding known? If so, one of its entries is used up."""
        key = (document, rule, fingerprint)
        if self._left.get(key, 0) > 0:
            self._left[key] -= 1
            return True
        return False

    def stale(self) -> list[dict[str, Any]]:
        """Entries (or parts of their counts) no finding of the run used: the fixed ones."""
        return [self._entry(key, n) for key, n in sorted(self._left.items()) if n > 0]

    def _entry(self, key: Key, count: int) -> dict[str, Any]:
        document, rule, fp = key
        return {"document": document, "rule": rule, "fingerprint": fp, "count": count,
                "excerpt": self.excerpts.get(key, "")}

    def to_dict(self) -> dict[str, Any]:
        return {"textclean_baseline": FORMAT_VERSION,
                "findings": [self._entry(key, n) for key, n in sorted(self.counts.items())]}

    def save(self, path: Path) -> None:
        """Write the baseline file (atomically), one entry per line."""
        import orjson

        from textclean.io.atomic import write_atomic

        lines = [orjson.dumps(entry) for entry in self.to_dict()["findings"]]
        body = b",\n".join(b"  " + line for line in lines)
        head = b'{"textclean_baseline": %d, "findings": [\n' % FORMAT_VERSION
        write_atomic(path, head + body + (b"\n" if lines else b"") + b"]}\n")

    @classmethod
    def from_findings(cls, entries: Iterable[Any]) -> Baseline:
        """The baseline of a run's remaining findings (an iterable of DocumentReports)."""
        baseline = cls()
        for doc in entries:
            for f in doc.findings:
                if not f.fixed:  # set-aside findings are still there, so they stay known
                    baseline.add(doc.id, f.rule, f.fingerprint, f.excerpt)
        return baseline

    @classmethod
    def from_report(cls, report: Any) -> Baseline:
        """The baseline of a Report (`textclean.check_documents`, a CLI run)."""
        return cls.from_findings(report.all_entries())

    def shrunk(self, current: Baseline) -> Baseline:
        """This baseline without what `current` (the findings of today) no longer has.

        Never adds: a finding new since the baseline stays new.
        """
        kept = self.counts & current.counts
        return Baseline(kept, {k: self.excerpts.get(k, "") for k in kept}, self.source)


def load_baseline(path: Path) -> Baseline:
    """A baseline file, or a saved JSON report used as one."""
    import orjson

    try:
        data = orjson.loads(path.read_bytes())
    except OSError as exc:
        raise ReadError(str(path), f"cannot read baseline: {exc.strerror or exc}") from exc
    except orjson.JSONDecodeError as exc:
        raise ReadError(str(path), f"baseline is not JSON: {exc}") from exc
    if isinstance(data, dict) and data.get("textclean_baseline") == FORMAT_VERSION:
        baseline = Baseline(source=str(path))
        try:
            for e in data["findings"]:
                key = (str(e["document"]), str(e["rule"]), str(e["fingerprint"]))
                baseline.counts[key] += int(e.get("count", 1))
                baseline.excerpts.setdefault(key, str(e.get("excerpt", "")))
        except (KeyError, TypeError, ValueError) as exc:
            raise ReadError(str(path), f"not a textclean baseline: bad entry ({exc})") from exc
        baseline._left = Counter(baseline.counts)
        return baseline
    if isinstance(data, dict) and "schema_version" in data and "documents" in data:
        from textclean.report.report import DocumentReport

        try:
            docs = [DocumentReport.from_dict(d) for d in data["documents"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise ReadError(str(path), f"not a textclean JSON report: {exc}") from exc
        if any(not f.fingerprint for d in docs for f in d.findings):
            raise ReadError(str(path), "this report has no finding fingerprints (saved by an "
                                       "older textclean); run the check again to save one")
        baseline = Baseline.from_findings(docs)
        baseline.source = str(path)
        return baseline
    raise ReadError(str(path), "neither a textclean baseline (`textclean baseline --out`) nor a "
                               "JSON report (`--output-json`)")
