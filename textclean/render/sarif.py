"""SARIF 2.1.0, for code-scanning views (GitHub code scanning, VS Code SARIF viewer, ...).

One run; `tool.driver.rules` lists every rule of the run with its summary and why; each
remaining finding is a result with `ruleId`, `level` (error, warning, note), a message and a
physical location whose region is line:col in code points (`columnKind`). A finding with a
fix carries a `fixes` entry whose replacements are the fix's edits as character offsets; its
description says whether the fix is safe, unsafe or display-only.

A JSONL record is located on its line in the file (its id and line:col inside the text are in
the message and `properties`); offsets inside a JSON string are not offsets in the file, so
such results carry no `fixes`. Findings fixed in a `fix` run are not results (the run's
`properties` count them), and the remaining ones are located in the fixed text: SARIF is
meant for `check`.

With a baseline (`--baseline`) every result has a `baselineState`: `new` for a finding the
baseline did not know, `unchanged` for one it absorbed, and `absent` (a `pass` result with no
region) for a baseline entry no longer found. A suppressed finding is a result with a
`suppressions` entry (`external`, the entry's reason as justification). Every result carries
its fingerprint in `partialFingerprints`. The output validates against the official schema, vendored in
`schemas/sarif-schema-2.1.0.json` and checked in the tests.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import orjson

from textclean._version import __version__
from textclean.report.report import DocumentReport, FindingRecord, Report, RuleStat

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/textclean/"
FINGERPRINT_KEY = "textcleanFinding/v1"  # textclean.report.fingerprint, with the document in the location
_LEVEL = {"error": "error", "warning": "warning", "info": "note", "": "warning"}


def artifact_uri(path: str) -> str:
    """A path as a relative URI reference (percent-encoded, forward slashes).

    >>> artifact_uri("news/a b#1.txt")
    'news/a%20b%231.txt'
    """
    return quote(path.replace("\\", "/"), safe="/:")


def _rule(stat: RuleStat) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": stat.code,
        "shortDescription": {"text": stat.summary or stat.code},
        "fullDescription": {"text": stat.why or stat.summary or stat.code},
        "help": {"text": f"{stat.summary} See `textclean rules show {stat.code}`.".strip()},
        "defaultConfiguration": {"level": _LEVEL[stat.level]},
        "properties": {"fixSafety": stat.safety or "none"},
    }
    if stat.name:
        rule["name"] = stat.name
    return rule


def _result(
    doc: DocumentReport, f: FindingRecord, rule_index: dict[str, int], baseline: bool = False
) -> dict[str, Any]:
    path, record = doc.where(f)
    uri = artifact_uri(path)
    result: dict[str, Any] = {"ruleId": f.rule}
    if f.rule in rule_index:
        result["ruleIndex"] = rule_index[f.rule]
    result["level"] = _LEVEL[f.level.value]
    if record is None:
        result["message"] = {"text": f.headline}
        region = {"startLine": f.line, "startColumn": f.col, "endLine": f.end_line,
                  "endColumn": f.end_col, "snippet": {"text": f.excerpt}}
    else:
        result["message"] = {"text": f"{doc.id} {f.line}:{f.col}: {f.headline}"}
        region = {"startLine": record}
    result["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}]
    if f.edits and record is None:
        result["fixes"] = [{
            "description": {"text": f"{f.safety} fix: {f.message}"},
            "artifactChanges": [{
                "artifactLocation": {"uri": uri},
                "replacements": [
                    {"deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                     "insertedContent": {"text": e.replacement}}
                    for e in f.edits
                ],
            }],
        }]
    if f.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    if f.status is not None and f.status != "baseline":
        result["suppressions"] = [{"kind": "external", "justification": f.reason or ""}]
    if baseline:
        result["baselineState"] = "unchanged" if f.status == "baseline" else "new"
    result["properties"] = {"document": doc.id, "textLine": f.line, "textColumn": f.col,
                            "fixSafety": f.safety or "none"}
    return result


def _absent(entry: dict[str, Any], rule_index: dict[str, int]) -> dict[str, Any]:
    """A baseline entry no finding of this run matched: fixed since the baseline."""
    document, _sep, number = entry["document"].rpartition(":")
    uri = artifact_uri(document if number.isdigit() and document else entry["document"])
    result: dict[str, Any] = {"ruleId": entry["rule"]}
    if entry["rule"] in rule_index:
        result["ruleIndex"] = rule_index[entry["rule"]]
    result.update({
        "kind": "pass",
        "level": "none",
        "message": {"text": f"{entry['document']}: {entry['rule']} no longer found "
                            f"({entry['count']}x in the baseline): {entry['excerpt']}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
        "partialFingerprints": {FINGERPRINT_KEY: entry["fingerprint"]},
        "baselineState": "absent",
        "properties": {"document": entry["document"], "count": entry["count"]},
    })
    return result


def to_sarif(report: Report) -> dict[str, Any]:
    """The SARIF log as a dict."""
    stats = report.rule_stats()
    rule_index = {s.code: i for i, s in enumerate(stats)}
    baseline = report.triage is not None and report.triage.baseline is not None
    results = [_result(doc, f, rule_index, baseline) for doc in report.all_entries()
               for f in doc.findings if not f.fixed]
    if report.triage is not None:
        results += [_absent(entry, rule_index) for entry in report.triage.stale]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "textclean",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [_rule(s) for s in stats],
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "mode": report.mode,
            "documents": report.documents,
            "documentsWithFindings": report.documents_with_findings,
            "changedDocuments": report.changed_documents,
            "fixesApplied": sum(report.fixed_per_rule.values()),
            "documentErrors": report.document_errors,
            "quarantined": report.quarantined,
            **({"nearDuplicates": report.dups.to_dict()} if report.dups is not None else {}),
            **({"absorbedByBaseline": report.absorbed, "suppressed": report.suppressed,
                "unusedSuppressions": report.triage.unused} if report.triage is not None else {}),
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report) -> str:
    return orjson.dumps(to_sarif(report), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
