"""Hugging Face `datasets`: map functions that fix or check a text column.

    from textclean.integrations import hf
    ds = ds.map(hf.fix, batched=True)                                 # default packs
    ds = ds.map(hf.fix, batched=True, num_proc=4,
                fn_kwargs={"select": ["BP", "MK"], "text_field": "content"})
    ds = hf.fix_dataset(ds, unsafe_fixes=True)                        # the same, as a call
    clean = ds.filter(lambda row: not row["textclean_rules"])         # rows nothing remains in

`fix` replaces the text column with the fixed text and `check` leaves it as it is; both add
four columns and keep every other one (`Dataset.map` merges them into the row):
`textclean_fixed` (fixes applied), `textclean_findings` (findings that remain),
`textclean_rules` (their rule codes, sorted, once each, comma-separated: `"BP001,MK001"`)
and `textclean_error` (why a row was left alone: a null or non-string text, or fixes that
did not converge; else ""). Both are strings, never null or empty lists: `datasets` fixes a
column's type from the first batch written, and a batch of nulls would fix it as null.

Both take the keyword arguments of `Options` (fix also `unsafe_fixes`). Rules are named, not
passed as objects (`rules` for extra rule files, `select`, `ignore`, `defaults`), so `datasets`
can hash the arguments for its cache and `num_proc` workers load them once each. This module does not import `datasets`; only the `*_dataset` helpers call
its `Dataset.map`, and they work with any object that has one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypedDict, Unpack

from textclean.api import check_document, fix_document
from textclean.model import Document
from textclean.report.report import DocumentReport
from textclean.rules.kinds import DEFAULT_REGEX_TIMEOUT, Rule
from textclean.rules.loader import load_rules

PREFIX = "textclean_"
COLUMNS = ("fixed", "findings", "rules", "error")


class Options(TypedDict, total=False):
    """The keyword arguments of `fix` and `check` (`fn_kwargs` of `Dataset.map`), all optional."""

    text_field: str  # the column fixed or checked (default "text")
    rules: Sequence[str]  # extra rule files or folders (default none)
    select: Sequence[str] | None  # only these rule codes or prefixes (default all)
    ignore: Sequence[str] | None  # skip these rule codes or prefixes
    defaults: bool  # with the default packs (default True)
    url_field: str  # the column of each row's URL, for rules scoped by URL (default "url")
    timeout: float  # seconds one regex may run on one row (default 2)


def fix(batch: dict[str, Any], *, unsafe_fixes: bool = False, **options: Unpack[Options]) -> dict[str, Any]:
    """Fix the `text_field` of a batch (`batched=True`) or of one row; add the count columns.

    >>> out = fix({"text": ["Tom &amp; Jerry", None], "id": [1, 2]})
    >>> out["text"], out["textclean_fixed"], out["textclean_error"]
    (['Tom & Jerry', None], [1, 0], ['', 'text is null'])
    """
    chosen, timeout = _rules(options)

    def one(doc: Document) -> tuple[str, DocumentReport]:
        return fix_document(doc, chosen, unsafe_fixes=unsafe_fixes, timeout=timeout)

    return _map(batch, options, one, replace=True)


def check(batch: dict[str, Any], **options: Unpack[Options]) -> dict[str, Any]:
    """Check the `text_field` of a batch (or one row): add the count columns, change nothing.

    >>> check({"text": ["Tom &amp; Jerry"]})["textclean_rules"]
    ['DC001,MK001']
    """
    chosen, timeout = _rules(options)

    def one(doc: Document) -> tuple[str, DocumentReport]:
        return doc.text, check_document(doc, chosen, timeout=timeout)

    return _map(batch, options, one, replace=False)


def fix_dataset(dataset: Any, *, num_proc: int | None = None, batch_size: int = 1000,
                **options: Any) -> Any:
    """`dataset.map(fix, batched=True, ...)` with `options` as fix's keyword arguments."""
    return dataset.map(fix, batched=True, batch_size=batch_size, num_proc=num_proc,
                       fn_kwargs=options, desc="textclean fix")


def check_dataset(dataset: Any, *, num_proc: int | None = None, batch_size: int = 1000,
                  **options: Any) -> Any:
    """`dataset.map(check, batched=True, ...)` with `options` as check's keyword arguments."""
    return dataset.map(check, batched=True, batch_size=batch_size, num_proc=num_proc,
                       fn_kwargs=options, desc="textclean check")


def _rules(options: Options) -> tuple[tuple[Rule, ...], float]:
    """The rules `options` name and the regex timeout (TypeError: an option `Options` lacks)."""
    unknown = sorted(set(options) - set(Options.__annotations__))
    if unknown:
        raise TypeError(f"unexpected keyword argument(s) {', '.join(map(repr, unknown))}; "
                        f"expected {', '.join(Options.__annotations__)}")
    # load_rules keeps the loaded set per process: every batch after the first reuses it.
    rules = load_rules(list(options.get("rules", ())), select=options.get("select"),
                       ignore=options.get("ignore"), defaults=options.get("defaults", True))
    return rules.rules, options.get("timeout", DEFAULT_REGEX_TIMEOUT)


def _map(batch: dict[str, Any], options: Options,
         one: Callable[[Document], tuple[str, DocumentReport]], replace: bool) -> dict[str, Any]:
    # `one` fixes or checks one row's document: (the text to write back, its report).
    text_field, url_field = options.get("text_field", "text"), options.get("url_field", "url")
    if text_field not in batch:
        raise KeyError(f"no column {text_field!r} (columns: {', '.join(batch)}); set text_field")
    values = batch[text_field]
    single = not isinstance(values, list)
    texts = [values] if single else values
    urls = batch.get(url_field)
    urls = [urls] if single else (urls or [None] * len(texts))
    out: dict[str, list[Any]] = {text_field: [], **{PREFIX + c: [] for c in COLUMNS}}
    for text, url in zip(texts, urls, strict=True):
        error = "" if isinstance(text, str) else (
            "text is null" if text is None else f"text is not a string but {type(text).__name__}"
        )
        remaining: Sequence[Any]
        if error:
            new, fixed, remaining = text, 0, ()
        else:
            meta = {"url": url} if isinstance(url, str) and url else {}
            new, report = one(Document("row", text, meta))
            error = report.error or ""
            fixed = sum(1 for f in report.findings if f.fixed)
            remaining = report.remaining
        out[text_field].append(new)
        out[PREFIX + "fixed"].append(fixed)
        out[PREFIX + "findings"].append(len(remaining))
        out[PREFIX + "rules"].append(",".join(sorted({f.rule for f in remaining})))
        out[PREFIX + "error"].append(error)
    if not replace:
        del out[text_field]
    return {k: v[0] for k, v in out.items()} if single else out
