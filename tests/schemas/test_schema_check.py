"""The end-to-end tests' contract check: `read_topic` refuses an output record that does not
match its JSON Schema, naming the topic, the record and the field."""

from __future__ import annotations

import orjson
import pytest

from streams.records.topics import DLQ, PROCESSED, RAW
from streams.settings import Settings
from tests.support.kafka_helpers import produce_raw, read_topic

pytestmark = pytest.mark.kafka

PROCESSED_RECORD = {
    "article_id": "a1",
    "event_ids": [],
    "counts": {"call_readout": 0, "cost_sharing_deal": 0, "statement": 0},
    "extractor_version": "1.0.0",
    "processed_at": "2025-01-24T09:00:00+09:00",
    "latency_ms": 1.5,
}


def test_read_topic_checks_output_records_against_their_schema(kafka_settings: Settings) -> None:
    produce_raw(kafka_settings, [(b"a1", orjson.dumps(PROCESSED_RECORD))], PROCESSED)
    [record] = read_topic(kafka_settings, PROCESSED)
    assert record.key == b"a1"

    broken = {k: v for k, v in PROCESSED_RECORD.items() if k != "latency_ms"}
    produce_raw(kafka_settings, [(b"a2", orjson.dumps(broken))], PROCESSED)
    with pytest.raises(
        AssertionError, match=r"not a valid processed: .*'latency_ms' is a required"
    ):
        read_topic(kafka_settings, PROCESSED)


def test_read_topic_checks_dead_letter_headers_and_leaves_the_raw_topic_alone(
    kafka_settings: Settings,
) -> None:
    produce_raw(kafka_settings, [(b"k", b"not json")], RAW)
    assert [r.value for r in read_topic(kafka_settings, RAW)] == [b"not json"]
    produce_raw(kafka_settings, [(b"k", b"not json")], DLQ)  # a dead letter without headers
    with pytest.raises(AssertionError, match=r"not a valid dead_letter_headers: .*'error.code'"):
        read_topic(kafka_settings, DLQ)
