"""JSONL records keep their numbers exactly, whichever parser reads them."""

from __future__ import annotations

import json

import pytest

from textclean.io.jsonl import dumps, loads


@pytest.mark.parametrize(
    "line",
    [
        b'{"id": 1, "n": 123456789012345678901234567890, "x": 0.5, "text": "a"}',
        b'{"id": 1, "deep": [{"n": -98765432109876543210, "f": 1.25}], "text": "a"}',
        b'{"id": 1, "n": 1234567890123456789, "text": "digits 12345678901234567890 in text"}',
        b'{"id": 1, "x": 0.1, "y": 2.5e-8, "text": "no long runs"}',
        b'{"id": 1, "n": 42, "text": "plain"}',
    ],
)
def test_numbers_are_read_exactly(line):
    assert loads(line) == json.loads(line)
    assert json.loads(dumps(loads(line))) == json.loads(line)


def test_an_integer_beyond_64_bits_is_not_rounded():
    record = loads(b'{"n": 123456789012345678901234567890, "f": 1.5}')
    assert record["n"] == 123456789012345678901234567890 and isinstance(record["n"], int)


def test_orjson_stays_the_judge_of_what_is_valid():
    with pytest.raises(ValueError):
        loads(b'{"n": NaN, "m": 123456789012345678901}')
