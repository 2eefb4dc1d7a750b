"""SARIF 2.1.0: validates against the official schema; rules, results, regions and fixes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import textclean
from textclean.render import sarif

SCHEMA = Path(sarif.__file__).parent / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(validator, log):
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


def test_seed_check_validates(validator, seeds_check):
    log = json.loads(sarif.render(seeds_check))
    assert _errors(validator, log) == []
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r.code for r in seeds_check.rules)
    qt = next(r for r in rules if r["id"] == "QT001")
    assert qt["shortDescription"]["text"] and qt["fullDescription"]["text"]
    assert len(run["results"]) == sum(seeds_check.remaining_per_rule.values())
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_a_schema_violation_is_caught(validator, seeds_check):
    log = json.loads(sarif.render(seeds_check))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert _errors(validator, log)


def test_fixes_replay_on_the_file(validator, seeds_check, tmp_path):
    run = json.loads(sarif.render(seeds_check))["runs"][0]
    url = next(r for r in run["results"] if r["ruleId"] == "UR001")
    (change,) = url["fixes"][0]["artifactChanges"]
    text = (tmp_path / change["artifactLocation"]["uri"]).read_text(encoding="utf-8")
    for rep in sorted(change["replacements"], key=lambda r: -r["deletedRegion"]["charOffset"]):
        start = rep["deletedRegion"]["charOffset"]
        text = text[:start] + rep["insertedContent"]["text"] + text[start + rep["deletedRegion"]["charLength"]:]
    region = url["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 51
    rules = textclean.load_rules().select(["UR001"])
    assert textclean.check_text(text, rules) == []  # the fix removes the finding


def test_jsonl_records_point_at_their_line_without_fixes(validator, examples_check):
    log = json.loads(sarif.render(examples_check))
    assert _errors(validator, log) == []
    results = [r for r in log["runs"][0]["results"]
               if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "examples/records.jsonl"]
    assert results
    for r in results:
        assert set(r["locations"][0]["physicalLocation"]["region"]) == {"startLine"}
        assert "fixes" not in r and r["message"]["text"].startswith(r["properties"]["document"] + " ")


def test_fix_run_validates(validator, seeds_fix):
    log = json.loads(sarif.render(seeds_fix))
    assert _errors(validator, log) == []
    assert log["runs"][0]["properties"]["fixesApplied"] == sum(seeds_fix.fixed_per_rule.values())
