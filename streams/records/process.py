"""One raw record in, the records to publish out: the worker's logic, with no Kafka in it.

`process_record` is what the Faust agent calls for every message on the raw
topic. It never raises on input: a record it cannot accept becomes exactly one
dead letter (original key and bytes untouched, reason in the headers), an
accepted article becomes its events plus exactly one processed record (an article its
agency withdrew, pubStatus canceled/withheld, becomes no events and a processed record
marked `withdrawn`). That
is the accounting invariant of DESIGN.md, and it holds here, in a pure
function that tests can drive without a broker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from schemas import ProcessedRecord, RawArticle
from streams.core import EXTRACTOR_VERSION, extract_events
from streams.records.clusters import report_record_of
from streams.records.codec import (
    CONTENT_TYPE,
    EXTRACTOR_FAILED,
    Rejection,
    dead_letter_headers,
    decode_raw_article,
    encode_event,
    encode_processed,
    event_headers,
    schema_id,
)
from streams.records.topics import DLQ, EVENT_TOPICS, PROCESSED


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A record as read from the raw topic (the parts the worker uses)."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    timestamp: datetime | None = None


@dataclass(frozen=True, slots=True)
class OutputRecord:
    """A record to publish: `topic` is the DESIGN.md name (the worker adds the prefix)."""

    topic: str
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one raw record produced: its output records and, when rejected, why."""

    outputs: list[OutputRecord]
    rejection: Rejection | None = None
    article: RawArticle | None = None


def process_record(record: SourceRecord, now: datetime, cluster_reports: bool = False) -> Outcome:
    """Validate, extract and route one raw record; `now` stamps the processed record.

    With `cluster_reports`, each event also sends its report to the internal topic the
    cluster agent reads (keyed by the event's cluster group).
    """
    decoded = decode_raw_article(record.value)
    if isinstance(decoded, Rejection):
        return _dead_letter(record, decoded)
    try:
        # A withdrawn agency item is not read for events: its processed record says why.
        events = [] if decoded.withdrawn else extract_events(decoded)
    except Exception as exc:  # a core bug must cost one article, never the worker
        rejection = Rejection(EXTRACTOR_FAILED, f"extractor failed: {type(exc).__name__}: {exc}")
        return _dead_letter(record, rejection)
    outputs = [
        OutputRecord(
            EVENT_TOPICS[event.event_type],
            event.event_id.encode(),
            encode_event(event),
            event_headers(event),
        )
        for event in events
    ]
    if cluster_reports:
        for event in events:
            topic, key, value = report_record_of(event)
            outputs.append(OutputRecord(topic, key, value))
    counts = {event_type: 0 for event_type in EVENT_TOPICS}
    for event in events:
        counts[event.event_type] += 1
    processed = ProcessedRecord(
        article_id=decoded.id,
        event_ids=[event.event_id for event in events],
        counts=counts,
        extractor_version=EXTRACTOR_VERSION,
        processed_at=now,
        latency_ms=_latency_ms(record.timestamp, now),
        withdrawn=decoded.withdrawn,
    )
    outputs.append(
        OutputRecord(
            PROCESSED,
            decoded.id.encode(),
            encode_processed(processed),
            [
                ("schema.id", schema_id("processed").encode()),
                ("content-type", CONTENT_TYPE.encode()),
            ],
        )
    )
    return Outcome(outputs, article=decoded)


def _dead_letter(record: SourceRecord, rejection: Rejection) -> Outcome:
    """The one dead letter for a rejected record: its own key and bytes, the reason in headers."""
    headers = dead_letter_headers(rejection, record.topic, record.partition, record.offset)
    letter = OutputRecord(DLQ, record.key, record.value, headers)
    return Outcome([letter], rejection=rejection)


def _latency_ms(produced_at: datetime | None, now: datetime) -> float:
    """Milliseconds from the raw record's timestamp to now (0 when unknown or clock skewed)."""
    if produced_at is None:
        return 0.0
    return max(0.0, (now - produced_at).total_seconds() * 1000.0)
