"""Move metadata lines out of the text and into fields of the record (`--extract-metadata`).

    extract_metadata(text, rules, record) -> Extracted(text, fields, moved)

The metadata rules find the lines: line rules with an `extract` section, which names the
record's field, the label taken off the line (a regex) and whether the value is the line or a
URL (in the default packs: byline, dateline, publication-line and original-url-trailer, whose
URL may stand alone on the next line). Each found line becomes a field (`byline`, `date`,
`url`) and is removed from the text, so the text keeps the article and the record keeps the
metadata. Only rules present in `rules` take part: `--ignore MD002` keeps dates in the text.

A field the record already has is never overwritten. When the record's value is the same as
the line's, the line is still removed (it repeats the field); when it differs, the line stays
in the text, where it remains an `info` finding, and the record is left as it was.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import regex

from textclean.engine.loop import check_text
from textclean.model import Edit, Finding, Fix, Level, LineIndex, Safety, Span
from textclean.rules.kinds import DEFAULT_REGEX_TIMEOUT, Rule
from textclean.rules.kinds.line import ExtractSpec
from textclean.text.lines import line_deletion, split_lines

if TYPE_CHECKING:
    from textclean.report.report import DocumentReport

_URL = regex.compile(r"https?://\S+|www\.\S+")
_URL_LINE = regex.compile(r"^\s*(?:https?://|www\.)\S+\s*$")


@dataclass(frozen=True)
class Extracted:
    """The text without its metadata lines, the fields to add, and what was moved."""

    text: str
    fields: dict[str, str] = field(default_factory=dict)
    moved: tuple[tuple[str, str], ...] = ()  # (rule code, line text) of each removed line
    # (rule code, start, end) of each removed line in the input text
    spans: tuple[tuple[str, int, int], ...] = ()


def extract_spec(rule: Rule) -> ExtractSpec | None:
    """The rule's `extract` section: None for a rule that finds no metadata line."""
    extract = getattr(rule.spec, "extract", None)
    return extract if isinstance(extract, ExtractSpec) else None


def metadata_fields(rules: Iterable[Rule]) -> dict[str, str]:
    """rule code -> the record field its lines move into, for the metadata rules of `rules`.

    >>> import textclean
    >>> metadata_fields(textclean.load_rules())["MD001"]
    'byline'
    """
    return {r.code: spec.field for r in rules if (spec := extract_spec(r)) is not None}


@functools.cache
def _label(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern)


def field_value(extract: ExtractSpec, line: str) -> str:
    """The value a metadata line gives its field: the line without its label, or its URL.

    >>> import textclean
    >>> rules = textclean.load_rules()
    >>> field_value(extract_spec(rules["MD001"]), "By Jane Doe | Harbour Daily")
    'Jane Doe | Harbour Daily'
    >>> field_value(extract_spec(rules["MD004"]), "Updated: Nov. 19, 2024 8:03 am ET")
    'Nov. 19, 2024 8:03 am ET'
    >>> field_value(extract_spec(rules["MD003"]), "## Original url: https://example.org/a-1")
    'https://example.org/a-1'
    """
    line = line.strip()
    if extract.value == "url":
        m = _URL.search(line)
        return m.group() if m else ""
    if extract.label is not None:
        return _label(extract.label).sub("", line).strip()
    return line


def _line_index(lines: list[Any], pos: int) -> int:
    for i, line in enumerate(lines):
        if line.start <= pos < max(line.end, line.start + 1):
            return i
    return len(lines) - 1


def extract_metadata(
    text: str, rules: Iterable[Rule], record: Mapping[str, Any] | None = None
) -> Extracted:
    """Move the lines the metadata rules find into fields (see the module docstring).

    >>> import textclean
    >>> out = extract_metadata("Harbour reopens\\n\\nBy Ana Reis\\n\\nThe pier reopened on Monday.",
    ...                        textclean.load_rules())
    >>> out.text, out.fields
    ('Harbour reopens\\n\\nThe pier reopened on Monday.', {'byline': 'Ana Reis'})
    """
    record = record or {}
    specs = {r.code: spec for r in rules if (spec := extract_spec(r)) is not None}
    chosen = [r for r in rules if r.code in specs]
    if not chosen:
        return Extracted(text)
    findings: list[Finding] = [f for f in check_text(text, chosen) if f.rule in specs]
    lines = split_lines(text)
    fields: dict[str, str] = {}
    remove: dict[int, str] = {}  # line index -> rule code
    for f in sorted(findings, key=lambda f: f.span.start):
        extract = specs[f.rule]
        name = extract.field
        i = _line_index(lines, f.span.start)
        if i in remove:
            continue
        body = text[lines[i].start : lines[i].body_end]
        value = field_value(extract, body)
        extra_line: int | None = None
        if extract.value == "url" and not value:
            # `Original url:` with the address alone on the next non-blank line
            j = i + 1
            while j < len(lines) and lines[j].blank:
                j += 1
            if j < len(lines):
                nxt = text[lines[j].start : lines[j].body_end]
                if _URL_LINE.match(nxt):
                    value, extra_line = nxt.strip(), j
        if not value:
            continue
        existing = record.get(name)
        if existing not in (None, ""):
            if existing != value:
                continue  # never overwrite: the line stays and is still reported
        elif fields.setdefault(name, value) != value:
            continue  # a second, different value (an update time after the publication time)
        remove[i] = f.rule
        if extra_line is not None:
            remove[extra_line] = f.rule
    if not remove:
        return Extracted(text)
    moved = tuple((code, text[lines[i].start : lines[i].body_end]) for i, code in sorted(remove.items()))
    spans = tuple((code, lines[i].start, lines[i].body_end) for i, code in sorted(remove.items()))
    # Delete from the last line up, splitting again each time, so every deletion sees the text
    # as it is. A deletion never moves the lines above it, so their indices still hold.
    new = text
    for i in sorted(remove, reverse=True):
        current = split_lines(new)
        span = line_deletion(new, current, i)
        new = new[: span.start] + new[span.end :]
    return Extracted(new, fields, moved, spans)


def line_edits(before: str, after: str) -> list[Edit]:
    """Edits, relative to `before`, that give `after`, found line by line (`after` is
    `before` with some lines taken out, so the edits are few and whole lines).

    >>> line_edits("a\\nb\\nc\\n", "a\\nc\\n")
    [Edit(span=Span(start=2, end=4), replacement='')]
    """
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    starts = [0]
    for line in old:
        starts.append(starts[-1] + len(line))
    edits = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op != "equal":
            edits.append(Edit(Span(starts[i1], starts[i2]), "".join(new[j1:j2])))
    return edits


def moves_as_fixes(
    text: str, doc_report: DocumentReport, extracted: Extracted, rules: Sequence[Rule],
    *, url: str | None = None, timeout: float = DEFAULT_REGEX_TIMEOUT,
) -> DocumentReport:
    """The report of a fixed document whose metadata lines were then moved out of `text` (the
    fixed text): the move is one more pass whose fixes are the metadata findings, so reports,
    the HTML diff, the ledger and undo see it like any other fix; the remaining findings are
    those of the text as written. The fields are the fix's side output, in the record."""
    if extracted.text == text:
        return doc_report
    from textclean.report.report import EditRecord, FindingRecord

    edits = line_edits(text, extracted.text)
    pass_no = max((f.pass_no or 1 for f in doc_report.findings if f.fixed), default=0) + 1
    levels = {r.code: r.level for r in rules}
    fields = metadata_fields(rules)
    index = LineIndex(text)
    moved = []
    taken: set[int] = set()
    for code, start, end in extracted.spans:
        mine = tuple(e for n, e in enumerate(edits)
                     if n not in taken and e.span.start <= start < max(e.span.end, e.span.start + 1))
        taken.update(n for n, e in enumerate(edits) if e in mine)
        finding = Finding(code, Span(start, end), f"moved into the record's {fields[code]!r} field",
                          levels.get(code, Level.INFO), Fix(mine, Safety.SAFE))
        moved.append(FindingRecord.build(finding, text, index, fixed=True, pass_no=pass_no))
    rest = [e for n, e in enumerate(edits) if n not in taken]
    if rest:  # an edit no moved line starts in (a blank line taken with it): the first owns it
        first = moved[0]
        moved[0] = replace(first, edits=tuple(sorted(
            (*first.edits, *(EditRecord(e.span.start, e.span.end, e.replacement) for e in rest)),
            key=lambda e: e.start)))
    final = LineIndex(extracted.text)
    remaining = [FindingRecord.build(f, extracted.text, final)
                 for f in check_text(extracted.text, rules, url=url, timeout=timeout)]
    kept = [f for f in doc_report.findings if f.fixed]
    return replace(doc_report, findings=(*kept, *moved, *remaining), changed=True)


__all__ = ["Extracted", "extract_metadata", "extract_spec", "field_value", "line_edits",
           "metadata_fields", "moves_as_fixes"]
