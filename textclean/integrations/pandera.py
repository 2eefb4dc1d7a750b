"""pandera checks for a text column, on the pandas and the polars backends.

    text_check(rules, fail_level)   -> one Check: a row fails on any finding at or above the level
    text_checks(rules, fail_level)  -> one Check per rule, named by its code, after `not-text`
    schema(text_column, id_column)  -> a ready DataFrameSchema using text_checks
    passes(data, rules, fail_level) -> the boolean result, for `@pa.check` methods of a model

The checks are vectorised: they receive the whole column (a pandas Series, or pandera's
`PolarsData` for polars) and answer one boolean per row, so pandera's `failure_cases` give the
failing rows' index. pandera names a failure by its check, not by the row, so `text_checks`
makes one check per rule: with `lazy=True`, each failure case then says which rule (`MK001
html-entity`) failed on which row. Running each rule on its own costs no more than running
them together, since every rule reads the text once either way.

Following STYLE.md, this is the only place findings become pandera `SchemaError`s. Nulls are
left to the schema's `nullable`; a value that is not a string fails (in `text_checks`, once:
the `not-text` check, and no rule's).

`triage=` (a `textclean.report.triage.Triager`: a baseline and suppressions) lets a table with known
findings pass while new ones fail. A row is named by its pandas index label (polars: its row
number, from 0), as a document is by its id, so make the baseline from the same names, e.g.
`Baseline.from_report(check_documents(zip(map(str, df.index), df["text"])))`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any, Literal

from textclean.api import RulesLike, resolve_rules
from textclean.engine.loop import check_text
from textclean.errors import MissingExtraError
from textclean.model import Level
from textclean.rules.kinds import DEFAULT_REGEX_TIMEOUT, Rule

Backend = Literal["pandas", "polars"]


def _pandera(backend: Backend | None = None) -> Any:
    name = {"polars": "pandera.polars", "pandas": "pandera.pandas"}.get(backend or "", "pandera")
    try:
        import pandera.api.checks  # noqa: F401 - the Check class both backends share

        return importlib.import_module(name)
    except ImportError as exc:
        raise MissingExtraError("textclean.integrations.pandera", "pandera") from exc


def _level(fail_level: Level | str) -> Level:
    return fail_level if isinstance(fail_level, Level) else Level(fail_level)


def _judge(
    rules: Sequence[Rule], fail_level: Level, timeout: float, *, non_text: bool | None = False,
    triage: Any = None,
) -> Callable[[Any, Any], bool | None]:
    """A per-value verdict: True clean, False failing, None for a null (the schema decides).
    A value that is not a string gets `non_text` (None: left to the not-text check). Called
    with the value and the row's name (its index label or number), which `triage` needs."""
    cache: dict[str, bool] = {}

    def ok(value: Any, key: Any = None) -> bool | None:
        if value is None:
            return None
        if not isinstance(value, str):
            from textclean.integrations.frames import is_null

            return None if is_null(value) else non_text
        if triage is not None:  # the verdict depends on the row's name: no cache
            from textclean.api import check_document
            from textclean.model import Document

            doc_report = triage(check_document(Document(str(key), value), rules, timeout=timeout))
            return not any(f.level.rank >= fail_level.rank for f in doc_report.remaining)
        verdict = cache.get(value)
        if verdict is None:
            findings = check_text(value, rules, timeout=timeout)
            verdict = not any(f.level.rank >= fail_level.rank for f in findings)
            if len(cache) < 65536:  # duplicates are common in scraped columns; memory stays bounded
                cache[value] = verdict
        return verdict

    return ok


def _apply(data: Any, ok: Callable[..., bool | None]) -> Any:
    """Run the verdict over a pandas Series or pandera's PolarsData; return pandera's shape.
    `ok` gets each value and the row's name (pandas index label, polars row number)."""
    lazyframe = getattr(data, "lazyframe", None)
    if lazyframe is not None:  # polars backend: PolarsData(lazyframe, key)
        import polars as pl

        key = data.key
        row = iter(range(1 << 62))  # row numbers across batches

        return lazyframe.select(
            pl.col(key).map_batches(
                lambda s: pl.Series(s.name, [ok(v, next(row)) for v in s], dtype=pl.Boolean),
                return_dtype=pl.Boolean,
            )
        )
    # pandas backend: a Series; nulls get True, pandera drops them when ignore_na is set.
    import pandas as pd

    verdicts = [True if (r := ok(v, k)) is None else r for k, v in data.items()]
    return pd.Series(verdicts, index=data.index, dtype=bool)


def passes(
    data: Any,
    rules: RulesLike = None,
    fail_level: Level | str = Level.WARNING,
    *,
    timeout: float = DEFAULT_REGEX_TIMEOUT,
    triage: Any = None,
) -> Any:
    """One boolean per row: True when the text has no finding at or above `fail_level`
    (not counting findings a `triage` baseline or suppression sets aside).

    For `@pa.check("text")` methods of a DataFrameModel (pandas Series or polars PolarsData).
    """
    fresh = triage.fresh() if triage is not None else None
    return _apply(data, _judge(resolve_rules(rules), _level(fail_level), timeout, triage=fresh))


def text_check(
    rules: RulesLike = None,
    fail_level: Level | str = Level.WARNING,
    *,
    timeout: float = DEFAULT_REGEX_TIMEOUT,
    triage: Any = None,
) -> Any:
    """One pandera Check failing the rows that have a finding at or above `fail_level`
    (findings a `triage` baseline or suppression sets aside do not count).

    Works in a `DataFrameSchema` of either backend (`pandera.pandas` or `pandera.polars`).
    Given a single rule (e.g. `load_rules(select=["MK001"])`), the check is named by its code.
    """
    return _text_check(rules, fail_level, timeout=timeout, non_text=False, triage=triage)


def _text_check(rules: RulesLike, fail_level: Level | str, *, timeout: float, non_text: bool | None,
                triage: Any = None) -> Any:
    _pandera()
    from pandera.api.checks import Check

    chosen = resolve_rules(rules)
    level = _level(fail_level)
    ok = _judge(chosen, level, timeout, non_text=non_text)
    if len(chosen) == 1:
        rule = chosen[0]
        name, error = rule.code, f"{rule.code} {rule.name}"
    else:
        name, error = "textclean", f"textclean: a finding at or above {level.value}"
    if triage is not None:  # each validation starts with the whole baseline again
        return Check(lambda data: _apply(data, _judge(chosen, level, timeout, non_text=non_text,
                                                      triage=triage.fresh())),
                     name=name, error=error)
    return Check(lambda data: _apply(data, ok), name=name, error=error)


def text_checks(
    rules: RulesLike = None,
    fail_level: Level | str = Level.WARNING,
    *,
    timeout: float = DEFAULT_REGEX_TIMEOUT,
    triage: Any = None,
) -> list[Any]:
    """One pandera Check per rule that can fail at `fail_level`, each named by its rule code,
    after one `not-text` check that fails a value that is not a string (none at all when no
    rule can fail).

    Rules below the level cannot fail (except by a regex timeout, which the TC001 error of
    any rule's own check reports), so they get no check. A value that is not text fails the
    `not-text` check once, not every rule's.
    """
    level = _level(fail_level)
    checks = [
        _text_check([rule], level, timeout=timeout, non_text=None, triage=triage)
        for rule in resolve_rules(rules)
        if rule.level.rank >= level.rank
    ]
    return [not_text_check(), *checks] if checks else []


def not_text_check() -> Any:
    """A pandera Check failing the values that are neither null nor a string."""
    _pandera()
    from pandera.api.checks import Check

    def ok(value: Any, key: Any = None) -> bool | None:
        if value is None or isinstance(value, str):
            return None
        from textclean.integrations.frames import is_null

        return None if is_null(value) else False

    return Check(lambda data: _apply(data, ok), name="not-text",
                 error="not-text: the value is not text (a string), so no rule can read it")


def schema(
    text_column: str = "text",
    id_column: str | None = "id",
    rules: RulesLike = None,
    fail_level: Level | str = Level.WARNING,
    *,
    backend: Backend = "pandas",
    timeout: float = DEFAULT_REGEX_TIMEOUT,
    triage: Any = None,
) -> Any:
    """A DataFrameSchema for a corpus table: a non-null string text column checked rule by
    rule, and (unless `id_column` is None) a unique, non-null id column of any type.

    Other columns are allowed. `backend="polars"` returns a `pandera.polars` schema.
    """
    pa = _pandera(backend)
    columns = {
        text_column: pa.Column(
            str, checks=text_checks(rules, fail_level, timeout=timeout, triage=triage), nullable=False
        )
    }
    if id_column is not None:
        columns[id_column] = pa.Column(None, unique=True, nullable=False)
    return pa.DataFrameSchema(columns, name="textclean")
