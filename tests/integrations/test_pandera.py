"""pandera checks on pandas and polars: failing rows and rule codes in failure_cases."""

from __future__ import annotations

import pytest

import textclean

pytest.importorskip("pandera")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pandera.pandas")
pap = pytest.importorskip("pandera.polars")
from pandera.errors import SchemaError, SchemaErrors  # noqa: E402

from textclean.integrations import pandera as tp  # noqa: E402

DIRTY = "Tom &amp; Jerry\n\nPost Comment"
CLEAN = (
    "The harbour festival returned this weekend after a two-year pause, with boat races, a fish "
    "market and a night parade on the old quay, where thousands gathered despite the rain.\n"
)
ENTITY_ONLY = CLEAN.replace("rain.", "rain &amp; wind.")


def _cases(exc_info, frame_kind):
    cases = exc_info.value.failure_cases
    if frame_kind == "polars":
        return sorted(
            (row["check"], row["index"]) for row in cases.iter_rows(named=True)
        )
    return sorted((str(c), int(i)) for c, i in zip(cases["check"], cases["index"], strict=True))


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_schema_names_failing_rows_and_rule_codes(kind):
    data = {"id": [1, 2, 3], "text": [CLEAN, DIRTY, ENTITY_ONLY]}
    frame = pd.DataFrame(data) if kind == "pandas" else pl.DataFrame(data)
    with pytest.raises(SchemaErrors) as exc_info:
        tp.schema(backend=kind).validate(frame, lazy=True)
    assert _cases(exc_info, kind) == [
        ("BP001 comment-widget-line", 1),
        ("MK001 html-entity", 1),
        ("MK001 html-entity", 2),
    ]


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_text_check_in_a_user_schema(kind):
    module = pa if kind == "pandas" else pap
    data = {"body": [CLEAN, DIRTY, CLEAN], "n": [1, 2, 3]}
    frame = pd.DataFrame(data) if kind == "pandas" else pl.DataFrame(data)
    user_schema = module.DataFrameSchema({"body": module.Column(str, checks=tp.text_check())})
    with pytest.raises(SchemaErrors) as exc_info:
        user_schema.validate(frame, lazy=True)
    assert _cases(exc_info, kind) == [("textclean: a finding at or above warning", 1)]
    with pytest.raises(SchemaError):
        user_schema.validate(frame)
    clean = {"body": [CLEAN, CLEAN], "n": [1, 2]}
    frame = pd.DataFrame(clean) if kind == "pandas" else pl.DataFrame(clean)
    assert user_schema.validate(frame) is not None


def test_fail_level_error_lets_warnings_pass():
    frame = pd.DataFrame({"text": [DIRTY]})
    schema = pa.DataFrameSchema({"text": pa.Column(str, checks=tp.text_check(fail_level="error"))})
    assert schema.validate(frame) is not None
    assert tp.text_checks(fail_level="error") == []


def test_a_single_rule_check_is_named_by_its_code():
    check = tp.text_check(textclean.load_rules(select=["MK001"]))
    assert (check.name, check.error) == ("MK001", "MK001 html-entity")


def test_schema_requires_unique_ids_and_non_null_text():
    frame = pd.DataFrame({"id": [1, 1], "text": [CLEAN, None]})
    with pytest.raises(SchemaErrors) as exc_info:
        tp.schema().validate(frame, lazy=True)
    checks = set(exc_info.value.failure_cases["check"])
    assert {"field_uniqueness", "not_nullable"} <= checks


def test_non_string_values_fail():
    frame = pd.DataFrame({"text": [CLEAN, 5]}, dtype=object)
    with pytest.raises(SchemaErrors) as exc_info:
        pa.DataFrameSchema({"text": pa.Column(checks=tp.text_check())}).validate(frame, lazy=True)
    assert list(exc_info.value.failure_cases["index"]) == [1]


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_passes_in_a_dataframe_model(kind):
    module = pa if kind == "pandas" else pap

    class Articles(module.DataFrameModel):
        text: str

        @module.check("text", name="textclean")
        def text_is_clean(cls, data):
            return tp.passes(data)

    data = {"text": [CLEAN, DIRTY]}
    frame = pd.DataFrame(data) if kind == "pandas" else pl.DataFrame(data)
    with pytest.raises(SchemaErrors) as exc_info:
        Articles.validate(frame, lazy=True)
    assert _cases(exc_info, kind) == [("textclean", 1)]
