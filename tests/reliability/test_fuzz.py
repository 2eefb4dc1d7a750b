"""The fuzz targets of tests/fuzz, run briefly under hypothesis (longer: `make fuzz`).

Inputs are raw bytes, mutations of real inputs (the rule packs, the example records), and
structured records and rules built from the fields textclean knows, so that the short run
still reaches past the first parse error.
"""

from __future__ import annotations

import json
import os

from fuzz.targets import TARGETS, seed_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck)
)


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed with a few bytes replaced, inserted or deleted, or two seeds spliced."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["replace", "insert", "delete", "splice"]))
        at = draw(st.integers(0, len(data)))
        if op == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.sampled_from([b"\n", b"\r", b"\x00", b"\xff", b'"', b"{", b"}",
                                                b"\\u", b"\\ud800", b"&", b"*a", b"&a ", b"!!", b"9" * 25]))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        else:
            other = draw(st.sampled_from(seeds))
            data[at:] = other[draw(st.integers(0, len(other))):]
    return bytes(data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30) | st.integers(min_value=10**19, max_value=10**30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
records = st.dictionaries(
    st.sampled_from(["id", "text", "url", "title", "n"]), json_values | st.text(max_size=60), max_size=5
)
jsonl_lines = st.lists(
    st.one_of(
        records.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
        st.binary(max_size=40),
        st.sampled_from([b"", b" ", b"\r", b"[]", b"null", b'"text"', b'{"text": null}', b"\xef\xbb\xbf{}"]),
    ),
    max_size=8,
).map(b"\n".join)


@FUZZ_SETTINGS
@given(st.one_of(st.binary(max_size=300), mutated(seed_corpus("jsonl")), jsonl_lines))
def test_jsonl_reader_never_raises(data):
    TARGETS["jsonl"](data)


@FUZZ_SETTINGS
@given(st.one_of(st.binary(max_size=200), mutated(seed_corpus("jsonl-gz"))))
def test_gzip_jsonl_reader_raises_only_a_read_error(data):
    TARGETS["jsonl-gz"](data)


@settings(max_examples=max(EXAMPLES // 5, 10), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(jsonl_lines, mutated(seed_corpus("jsonl"))))
def test_runner_accounts_for_every_jsonl_record(data):
    TARGETS["jsonl-run"](data)


rule_fields = st.fixed_dictionaries(
    {},
    optional={
        "code": st.sampled_from(["XX001", "XX1", "xx001", "BP001"]) | st.text(max_size=6),
        "name": st.sampled_from(["fuzz-rule", "Fuzz Rule", ""]),
        "summary": st.text(max_size=20),
        "level": st.sampled_from(["error", "warning", "info", "fatal", 3]),
        "kind": st.sampled_from(["pattern", "swap", "line", "repair", "metric", "python"]),
        "pattern": st.sampled_from(["a+", "(a|aa)+$", r"(\w+\s?)*$", "(", r"(?P<x>b)", "[", r"\1"])
        | st.text(max_size=12),
        "group": st.sampled_from([0, 1, "x", -1, 99]),
        "swap": st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=3),
        "phrases": st.lists(st.text(max_size=10), max_size=3),
        "patterns": st.lists(st.sampled_from(["^Ad$", "(a+)+b", "(", "x"]), max_size=3),
        "position": st.sampled_from(["head", "tail", "edges", "anywhere", "middle"]),
        "window": st.integers(-2, 2000),
        "repair": st.sampled_from(["rejoin_broken_url", "find_mojibake", "find_repeated_lines", "nope"]),
        "params": st.dictionaries(st.sampled_from(["min_words", "min_length", "x"]), json_values, max_size=2),
        "metric": st.sampled_from(["letter_share", "chars", "nope"]),
        "min": st.floats(allow_nan=False) | st.integers(),
        "fix": st.fixed_dictionaries(
            {},
            optional={
                "safety": st.sampled_from(["safe", "unsafe", "display-only", "maybe"]),
                "safety_note": st.text(max_size=10),
                "replace": st.sampled_from(["", r"\1", r"\g<x>", "\\", "x"]) | st.text(max_size=5),
                "repair": st.sampled_from(["unescape_html", "strip_tag", "nope"]),
                "delete": st.sampled_from(["line", "word"]),
            },
        ),
        "examples": st.lists(
            st.fixed_dictionaries(
                {"text": st.text(max_size=20)},
                optional={"finds": st.lists(st.text(max_size=5), max_size=2), "fixed": st.text(max_size=20)},
            ),
            max_size=2,
        ),
        "applies_to": st.fixed_dictionaries({"url": st.lists(st.text(max_size=8), max_size=2)}),
    },
)


def _as_yaml(rule: dict) -> bytes:
    # JSON is YAML; one rule per file, or a list under `rules:`.
    return json.dumps(rule, ensure_ascii=False).encode("utf-8", "surrogatepass")


@FUZZ_SETTINGS
@given(
    st.one_of(
        st.binary(max_size=200),
        mutated(seed_corpus("rules")),
        rule_fields.map(_as_yaml),
        st.lists(rule_fields, max_size=3).map(lambda rules: _as_yaml({"rules": rules})),
    )
)
def test_rule_loader_never_raises_and_loaded_rules_run(data):
    TARGETS["rules"](data)
