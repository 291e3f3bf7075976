"""Records checked against the committed JSON Schemas (schemas/json) with the jsonschema library.

`read_topic` runs every record a test reads from an output topic through
`OutputRecordChecks` (one record: `assert_output_record`), so each end-to-end test
also checks the published contract.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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


def schema_failure(name: str, instance: object, where: str) -> str | None:
    """Where and why `instance` does not match schema `name` (None when it does)."""
    errors = schema_errors(name, instance)
    return f"{where}: not a valid {name}: " + "; ".join(errors[:5]) if errors else None


def assert_matches(name: str, instance: object, where: str) -> None:
    """Fail, saying where and why, unless `instance` matches schema `name`."""
    failure = schema_failure(name, instance, where)
    assert failure is None, failure


def output_record_failure(
    topic: str, value: bytes | None, headers: Mapping[str, bytes], where: str
) -> str | None:
    """Why a record on output topic `topic` (DESIGN name) fails its schema, or None if it
    matches (dead letters are checked by their headers)."""
    if topic == DLQ:
        try:
            instance: object = {key: raw.decode("utf-8") for key, raw in headers.items()}
        except UnicodeDecodeError as exc:
            return f"{where}: a dead-letter header is not UTF-8: {exc}"
        name = "dead_letter_headers"
    elif value is None:
        # Only the compacted cluster topic has tombstones (a retired cluster id).
        return None if topic == CLUSTERS else f"{where}: no value"
    else:
        try:
            instance = orjson.loads(value)
        except orjson.JSONDecodeError as exc:
            return f"{where}: not JSON: {exc}"
        name = RECORD_TYPES[topic]
    return schema_failure(name, instance, where)


def _checked_by_schema(topic: str) -> bool:
    # The raw topic holds whatever producers sent, bad records included.
    return topic != RAW and topic in RECORD_TYPES


def assert_output_record(
    topic: str, value: bytes | None, headers: Mapping[str, bytes], where: str
) -> None:
    """A record on an output topic (DESIGN name) matches its schema; dead letters by headers."""
    if not _checked_by_schema(topic) or where in _CHECKED:
        return
    failure = output_record_failure(topic, value, headers, where)
    assert failure is None, failure
    _CHECKED.add(where)


Item = tuple[bytes | None, dict[str, bytes], str]  # value, headers, where

# A topic read in full (a fault test's 10,000 events) is checked in worker processes, this
# many records at a time: jsonschema takes 0.1-0.4 ms a record, in pure Python, and a
# 2-core machine has a second core for it. Fewer records are checked here.
CHUNK = 500
_pool: ProcessPoolExecutor | None = None
_pool_broken = False


def _failures(topic: str, items: list[Item]) -> list[str]:
    """The failure of each item of `items` that fails (see `output_record_failure`)."""
    return [
        failure
        for value, headers, where in items
        if (failure := output_record_failure(topic, value, headers, where)) is not None
    ]


def _worker_pool() -> ProcessPoolExecutor | None:
    """The processes that check chunks of records (started at the first one; None on 1 core)."""
    global _pool
    workers = os.cpu_count() or 1
    if _pool_broken:
        return None
    if _pool is None and workers > 1:
        # spawn, not fork: this process runs Kafka clients' threads.
        _pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    return _pool


def _no_pool() -> None:
    """Check everything in this process from now on (a worker process died)."""
    global _pool_broken
    _pool_broken = True


class OutputRecordChecks:
    """Every record read from one output topic, checked against its schema as it is read.

    `add` each record; `finish` fails with the first failing record's reason, in the order
    they were added (as `assert_output_record` would have, one by one). Records already
    checked are skipped; full chunks go to worker processes while the reading goes on.
    """

    def __init__(self, topic: str) -> None:
        self.topic = topic
        self.pending: list[Item] = []
        self.sent: list[tuple[Future[list[str]], list[Item]]] = []

    def add(self, value: bytes | None, headers: Mapping[str, bytes], where: str) -> None:
        if not _checked_by_schema(self.topic) or where in _CHECKED:
            return
        self.pending.append((value, dict(headers), where))
        pool = _worker_pool() if len(self.pending) >= CHUNK else None
        if pool is not None:
            try:
                future = pool.submit(_failures, self.topic, self.pending)
            except BrokenProcessPool:
                _no_pool()  # the records are checked here
                return
            self.sent.append((future, self.pending))
            self.pending = []

    def finish(self) -> None:
        failures: list[str] = []
        for future, items in self.sent:
            try:
                failures += future.result()
            except BrokenProcessPool:
                _no_pool()
                failures += _failures(self.topic, items)  # checked here instead
        failures += _failures(self.topic, self.pending)
        assert not failures, failures[0]
        _CHECKED.update(where for _, items in self.sent for _, _, where in items)
        _CHECKED.update(where for _, _, where in self.pending)
        self.sent, self.pending = [], []
