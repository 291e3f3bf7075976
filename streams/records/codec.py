"""Bytes to records and back, for the stream: pure functions, no Kafka.

`decode_raw_article` turns the value of a raw-topic record into a RawArticle
or a `Rejection` with a stable `error.code` (the dead-letter header), so the
worker never raises on input. `encode_*` produce the exact bytes written to
the output topics; `wirestream classify` prints the same bytes per event.

Unknown fields are rejected (`unknown_field`): schema v1 is a closed contract,
and a producer that adds a field expects it to be carried, which we cannot do.
A record without `id` gets the same derived id the ingest would give it; a
record without `source` is rejected, since the source decides date resolution.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import orjson
from pydantic import ValidationError

from schemas import MAX_BODY_BYTES, SCHEMA_VERSION, Event, ProcessedRecord, RawArticle
from streams.records.articles import condense_validation_error, derive_article_id, json_type_name

CONTENT_TYPE: Final = "application/json"
SCHEMA_NAMESPACE: Final = "wirestream"

# error.code values on the dead-letter topic; a contract for DLQ consumers.
INVALID_UTF8: Final = "invalid_utf8"
INVALID_JSON: Final = "invalid_json"
NOT_AN_OBJECT: Final = "not_an_object"
MISSING_BODY: Final = "missing_body"
EMPTY_BODY: Final = "empty_body"
BODY_TOO_LARGE: Final = "body_too_large"
UNKNOWN_FIELD: Final = "unknown_field"
INVALID_FIELD: Final = "invalid_field"
EXTRACTOR_FAILED: Final = "extractor_failed"
ERROR_CODES: Final = (
    INVALID_UTF8,
    INVALID_JSON,
    NOT_AN_OBJECT,
    MISSING_BODY,
    EMPTY_BODY,
    BODY_TOO_LARGE,
    UNKNOWN_FIELD,
    INVALID_FIELD,
    EXTRACTOR_FAILED,
)
MAX_ERROR_MESSAGE: Final = 500


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a raw record cannot be processed: a stable code and a readable message."""

    code: str
    message: str


def schema_id(record_type: str) -> str:
    """The schema id carried in the `schema.id` header, e.g. `wirestream.call_readout.v1`."""
    return f"{SCHEMA_NAMESPACE}.{record_type}.v{SCHEMA_VERSION}"


def decode_raw_article(value: bytes | None) -> RawArticle | Rejection:
    """Validate a raw-topic value into a RawArticle, or say (code, message) why not."""
    if value is None:
        return Rejection(MISSING_BODY, "record has no value (tombstone)")
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejection(
            INVALID_UTF8, f"invalid UTF-8: byte 0x{value[exc.start]:02x} at byte offset {exc.start}"
        )
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        return Rejection(INVALID_JSON, f"invalid JSON: {exc}")
    if not isinstance(data, dict):
        return Rejection(NOT_AN_OBJECT, f"expected a JSON object, got {json_type_name(data)}")
    body = data.get("body")
    if body is None:
        return Rejection(MISSING_BODY, "missing body")
    if isinstance(body, str):
        if not body.strip():
            return Rejection(EMPTY_BODY, "body is empty")
        size = len(body.encode("utf-8", "surrogatepass"))
        if size > MAX_BODY_BYTES:
            return Rejection(
                BODY_TOO_LARGE, f"body is {size} bytes, over the {MAX_BODY_BYTES}-byte limit"
            )
    if data.get("id") is None and isinstance(body, str) and isinstance(data.get("source"), str):
        url = data.get("url")
        data["id"] = derive_article_id(data["source"], body, url if isinstance(url, str) else None)
    try:
        return RawArticle.model_validate(data)
    except ValidationError as exc:
        unknown = [e for e in exc.errors(include_url=False) if e["type"] == "extra_forbidden"]
        code = UNKNOWN_FIELD if unknown and len(unknown) == exc.error_count() else INVALID_FIELD
        return Rejection(code, condense_validation_error(exc))


def encode_event(event: Event) -> bytes:
    """The event's JSON bytes, exactly as `wirestream classify` prints them (minus newline)."""
    return orjson.dumps(event.model_dump(mode="json"))


def encode_processed(record: ProcessedRecord) -> bytes:
    """The processed record's JSON bytes (`withdrawn` only when set: every other record is
    byte for byte what it was before the field existed)."""
    if record.withdrawn is None:
        return orjson.dumps(record.model_dump(mode="json", exclude={"withdrawn"}))
    return orjson.dumps(record.model_dump(mode="json"))


def encode_article(article: RawArticle) -> bytes:
    """A RawArticle's JSON bytes as ingest publishes them (nulls kept, so fields are explicit;
    but an article without agency metadata has no `meta` key, byte for byte as before it)."""
    if article.meta is None:
        return orjson.dumps(article.model_dump(mode="json", exclude={"meta"}))
    return orjson.dumps(article.model_dump(mode="json"))


def event_headers(event: Event) -> list[tuple[str, bytes]]:
    """Headers of an event record: its schema id and content type."""
    return [
        ("schema.id", schema_id(event.event_type).encode()),
        ("content-type", CONTENT_TYPE.encode()),
    ]


def dead_letter_headers(
    rejection: Rejection, topic: str, partition: int, offset: int
) -> list[tuple[str, bytes]]:
    """Headers of a dead letter: why it was rejected and where it came from."""
    message = rejection.message
    if len(message) > MAX_ERROR_MESSAGE:
        message = message[: MAX_ERROR_MESSAGE - 1] + "…"
    return [
        ("error.code", rejection.code.encode()),
        ("error.message", message.encode("utf-8", "replace")),
        ("source.topic", topic.encode()),
        ("source.partition", str(partition).encode()),
        ("source.offset", str(offset).encode()),
    ]
