"""The worker's per-record logic, without Kafka: routing, dead letters, accounting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson
import pytest

import streams.records.process as processing
from schemas import MAX_BODY_BYTES, ProcessedRecord, RawArticle, parse_event
from streams.core import extract_events
from streams.records.codec import ERROR_CODES, decode_raw_article, encode_event
from streams.records.process import SourceRecord, process_record
from streams.records.topics import DLQ, EVENT_TOPICS, PROCESSED, RAW

NOW = datetime(2025, 1, 24, 3, 0, tzinfo=UTC)
BODY = (
    "SEOUL, Jan. 22 (Yonhap) -- South Korean Foreign Minister Cho Tae-yul held a phone call "
    "with Japanese Foreign Minister Takeshi Iwaya on Wednesday, the foreign ministry said.\n\n"
    '"We agreed to keep in close touch," Cho told reporters after the call.'
)
GOOD = {"id": "a1", "source": "Yonhap", "published_at": "2025-01-22T18:00:00+09:00", "body": BODY}


def record(value: bytes | None, key: bytes | None = b"k", offset: int = 7) -> SourceRecord:
    return SourceRecord(RAW, 3, offset, key, value, NOW - timedelta(milliseconds=250))


def test_good_article_gives_its_events_and_one_processed_record() -> None:
    outcome = process_record(record(orjson.dumps(GOOD)), NOW)
    expected = extract_events(RawArticle.model_validate(GOOD))
    assert outcome.rejection is None
    assert expected, "the fixture article must yield events"
    events, processed = outcome.outputs[:-1], outcome.outputs[-1]
    assert [o.value for o in events] == [encode_event(e) for e in expected]
    assert [o.topic for o in events] == [EVENT_TOPICS[e.event_type] for e in expected]
    assert [o.key for o in events] == [e.event_id.encode() for e in expected]
    for output, event in zip(events, expected, strict=True):
        headers = dict(output.headers)
        assert headers["schema.id"] == f"wirestream.{event.event_type}.v1".encode()
        assert headers["content-type"] == b"application/json"
        parse_event(orjson.loads(output.value or b""), body=BODY)
    assert processed.topic == PROCESSED and processed.key == b"a1"
    record_ = ProcessedRecord.model_validate_json(processed.value or b"")
    assert record_.event_ids == [e.event_id for e in expected]
    assert sum(record_.counts.values()) == len(expected)
    assert set(record_.counts) == set(EVENT_TOPICS)
    assert record_.latency_ms == pytest.approx(250.0)
    assert record_.processed_at == NOW


BAD_INPUTS: list[tuple[str, bytes | None]] = [
    ("invalid_json", b'{"id": "x", "body": '),
    ("not_an_object", b'["a", "list"]'),
    ("not_an_object", b'"just a string"'),
    ("missing_body", orjson.dumps({"id": "x", "source": "Yonhap"})),
    ("missing_body", None),
    ("empty_body", orjson.dumps({"id": "x", "source": "Yonhap", "body": " \n\t "})),
    (
        "body_too_large",
        orjson.dumps({"id": "x", "source": "Yonhap", "body": "a" * (MAX_BODY_BYTES + 1)}),
    ),
    ("invalid_utf8", b'{"id": "x", "source": "Yonhap", "body": "caf\xe9"}'),
    ("invalid_field", orjson.dumps({"id": 5, "source": "Yonhap", "body": BODY})),
    ("invalid_field", orjson.dumps({"id": "x", "source": "Yonhap", "body": ["not", "text"]})),
    ("invalid_field", orjson.dumps({**GOOD, "published_at": "yesterday"})),
    ("invalid_field", orjson.dumps({"id": "x", "body": BODY})),  # no source
    ("unknown_field", orjson.dumps({**GOOD, "priority": "urgent"})),
]


@pytest.mark.parametrize(("code", "value"), BAD_INPUTS)
def test_bad_input_is_one_dead_letter_with_its_code_and_original_bytes(
    code: str, value: bytes | None
) -> None:
    outcome = process_record(record(value, key=b"orig-key", offset=41), NOW)
    assert outcome.rejection is not None and outcome.rejection.code == code
    assert code in ERROR_CODES
    [letter] = outcome.outputs
    assert letter.topic == DLQ
    assert letter.key == b"orig-key"
    assert letter.value == value  # untouched, byte for byte (None stays a tombstone)
    headers = dict(letter.headers)
    assert headers["error.code"] == code.encode()
    assert headers["error.message"]
    assert headers["source.topic"] == RAW.encode()
    assert headers["source.partition"] == b"3"
    assert headers["source.offset"] == b"41"


def test_error_messages_name_the_problem() -> None:
    unknown = decode_raw_article(orjson.dumps({**GOOD, "priority": "urgent"}))
    assert not isinstance(unknown, RawArticle) and "priority" in unknown.message
    wrong = decode_raw_article(orjson.dumps({**GOOD, "published_at": "yesterday"}))
    assert not isinstance(wrong, RawArticle) and "published_at" in wrong.message
    bad_byte = decode_raw_article(b'{"body": "caf\xe9"}')
    assert not isinstance(bad_byte, RawArticle) and "0xe9" in bad_byte.message


def test_record_without_id_gets_the_ingest_id() -> None:
    from streams.records.articles import derive_article_id

    article = decode_raw_article(orjson.dumps({"source": "Yonhap", "body": BODY}))
    assert isinstance(article, RawArticle)
    assert article.id == derive_article_id("Yonhap", BODY)


def test_extractor_crash_dead_letters_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(_article: RawArticle) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(processing, "extract_events", explode)
    outcome = process_record(record(orjson.dumps(GOOD)), NOW)
    assert outcome.rejection is not None and outcome.rejection.code == "extractor_failed"
    assert "boom" in outcome.rejection.message
    assert [o.topic for o in outcome.outputs] == [DLQ]


def test_long_error_messages_are_truncated_in_the_header() -> None:
    value = orjson.dumps({**{f"extra_{i}": i for i in range(200)}, **GOOD})
    [letter] = process_record(record(value), NOW).outputs
    assert len(dict(letter.headers)["error.message"].decode()) <= 500


def test_accounting_in_memory_every_input_yields_exactly_one_terminal_record() -> None:
    inputs = [orjson.dumps({**GOOD, "id": f"a{i}"}) for i in range(30)] + [v for _, v in BAD_INPUTS]
    terminal = 0
    for offset, value in enumerate(inputs):
        outcome = process_record(record(value, offset=offset), NOW)
        terminal += sum(o.topic in (PROCESSED, DLQ) for o in outcome.outputs)
    assert terminal == len(inputs)


@pytest.mark.parametrize("status", ["canceled", "withheld"])
def test_a_withdrawn_article_gives_no_events_and_a_processed_record_saying_so(
    status: str,
) -> None:
    meta = {"format": "ninjs 2", "version": "3", "pub_status": status}
    outcome = process_record(record(orjson.dumps({**GOOD, "meta": meta}), key=b"a1"), NOW)
    assert outcome.rejection is None
    [processed] = outcome.outputs  # no event records: the same body usable gives events
    assert extract_events(RawArticle.model_validate(GOOD))
    assert processed.topic == PROCESSED and processed.key == b"a1"
    value = orjson.loads(processed.value or b"")
    assert value["withdrawn"] == status and value["event_ids"] == []
    assert set(value["counts"].values()) == {0}


def test_the_withdrawn_field_is_absent_unless_withdrawn() -> None:
    usable = {"format": "NewsML-G2", "pub_status": "usable"}
    for article in (GOOD, {**GOOD, "meta": usable}):
        *events, processed = process_record(record(orjson.dumps(article)), NOW).outputs
        assert events and "withdrawn" not in orjson.loads(processed.value or b"")
