"""Records checked against the committed JSON Schemas (schemas/json) with the jsonschema library.

`read_topic` runs every record a test reads from an output topic through
`assert_output_record`, so each end-to-end test also checks the published contract.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import orjson
from jsonschema import Draft202012Validator

from streams.records.topics import CLUSTERS, DLQ, RAW, RECORD_TYPES

SCHEMAS_DIR = Path(__file__).resolve().parents[2] / "schemas" / "json"
# Records already checked, by `where` (topic partition@offset): tests that poll a topic
# re-read it many times, and each record needs checking once.
_CHECKED: set[str] = set()


@cache
def validator(name: str) -> Draft202012Validator:
    """A draft 2020-12 validator (with format checks) for schemas/json/<name>.json."""
    schema = json.loads((SCHEMAS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(name: str, instance: object) -> list[str]:
    """Why `instance` does not match schema `name`, one line per error (empty when it does)."""
    errors = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def assert_matches(name: str, instance: object, where: str) -> None:
    """Fail, saying where and why, unless `instance` matches schema `name`."""
    errors = schema_errors(name, instance)
    assert not errors, f"{where}: not a valid {name}: " + "; ".join(errors[:5])


def assert_output_record(
    topic: str, value: bytes | None, headers: Mapping[str, bytes], where: str
) -> None:
    """A record on an output topic (DESIGN name) matches its schema; dead letters by headers."""
    if topic == RAW or topic not in RECORD_TYPES or where in _CHECKED:
        return  # the raw topic holds whatever producers sent, bad records included
    if topic == DLQ:
        decoded = {key: raw.decode("utf-8") for key, raw in headers.items()}
        assert_matches("dead_letter_headers", decoded, where)
    elif value is None:
        # Only the compacted cluster topic has tombstones (a retired cluster id).
        assert topic == CLUSTERS, f"{where}: no value"
    else:
        assert_matches(RECORD_TYPES[topic], orjson.loads(value), where)
    _CHECKED.add(where)
