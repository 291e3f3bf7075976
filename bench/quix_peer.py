"""`python -m bench.quix_peer`: the same work as our worker, as a Quix Streams application.

What a user might pick instead of Faust. It reads the same raw topic, calls the
same pure `process_record` on every record, and publishes the same outputs
(events, one processed record, or one dead letter, with the same keys, bytes
and headers) to the same topics, the idiomatic Quix way: one `apply` that
expands a record into its outputs, one filtered branch per output topic.
Delivery: at-least-once (Quix's default), acks=all, commits every second, as
our worker. Runs until SIGTERM (Quix stops gracefully and commits).

With `--metrics-port` it serves, as our worker does, the records it processed and the
CPU time its thread spent in `process_record` (`wirestream_articles_consumed_total`,
`wirestream_extract_cpu_seconds_total`), so the benchmark splits each
system's CPU into the article work and the framework's, both measured in the process
itself.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, start_http_server
from quixstreams import Application, message_context
from quixstreams.models.serializers import Serializer

from streams.observe.metrics import ARTICLES_CONSUMED, EXTRACT_CPU
from streams.records.process import OutputRecord, SourceRecord, process_record
from streams.records.topics import TOPICS, topic_name

COMMIT_INTERVAL_S = 1.0  # as WIRESTREAM_COMMIT_INTERVAL_S


class OutputValue(Serializer):
    """Serializes an OutputRecord to its already-encoded value bytes."""

    def __call__(self, value: OutputRecord, ctx: Any) -> bytes:
        return value.value or b""


OutputsOf = Callable[[bytes, bytes | None, int, Any], list[Any]]


def outputs_of(consumed: Counter, extract_cpu: Counter) -> OutputsOf:
    """The `apply`: one raw record -> its output records (the same pure function as our
    worker), counting the thread's CPU time in `process_record` as our worker does."""

    def apply(value: bytes, key: bytes | None, timestamp: int, _headers: Any) -> list[Any]:
        ctx = message_context()
        source = SourceRecord(
            topic=ctx.topic,
            partition=ctx.partition,
            offset=ctx.offset,
            key=key,
            value=value,
            timestamp=datetime.fromtimestamp(timestamp / 1000, UTC) if timestamp else None,
        )
        started = time.thread_time()
        outputs = process_record(source, datetime.now(UTC)).outputs
        extract_cpu.inc(time.thread_time() - started)
        consumed.inc()
        return outputs

    return apply


def _is_for(topic: str) -> Callable[[OutputRecord], bool]:
    return lambda record: record.topic == topic


def _headers_of(record: OutputRecord, _key: Any, _ts: int, _headers: Any) -> Any:
    return record.headers


def _key_of(record: OutputRecord) -> bytes | None:
    return record.key


def build(
    broker: str, group: str, prefix: str, consumed: Counter, extract_cpu: Counter
) -> Application:
    """The Quix application for topics under `prefix`, with one branch per output topic."""
    app = Application(
        broker_address=broker,
        consumer_group=group,
        auto_offset_reset="earliest",
        commit_interval=COMMIT_INTERVAL_S,
        producer_extra_config={"acks": "all"},
        auto_create_topics=False,
        use_changelog_topics=False,
        loglevel="WARNING",
    )
    raw = app.topic(
        topic_name("wire.articles.raw", prefix),
        value_deserializer="bytes",
        key_deserializer="bytes",
    )
    outputs = app.dataframe(raw).apply(
        outputs_of(consumed, extract_cpu), expand=True, metadata=True
    )
    for spec in TOPICS:
        if spec.name == "wire.articles.raw":
            continue
        sink = app.topic(
            topic_name(spec.name, prefix), value_serializer=OutputValue(), key_serializer="bytes"
        )
        branch = outputs.filter(_is_for(spec.name))
        branch = branch.set_headers(_headers_of)
        branch.to_topic(sink, key=_key_of)
    return app


def main(argv: list[str] | None = None) -> int:
    """Run the peer until SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m bench.quix_peer", description=__doc__)
    parser.add_argument("--broker", required=True, metavar="HOST:PORT")
    parser.add_argument("--group", required=True)
    parser.add_argument("--prefix", required=True, help="topic prefix (WIRESTREAM_TOPIC_PREFIX)")
    parser.add_argument(
        "--metrics-port", type=int, default=0, help="serve /metrics on 127.0.0.1:PORT (0: none)"
    )
    args = parser.parse_args(argv)
    registry = CollectorRegistry()
    consumed = Counter(
        ARTICLES_CONSUMED.removesuffix("_total"), "Raw records processed.", registry=registry
    )
    extract_cpu = Counter(
        EXTRACT_CPU.removesuffix("_total"),
        "CPU time of the peer's thread in process_record.",
        registry=registry,
    )
    if args.metrics_port:
        start_http_server(args.metrics_port, addr="127.0.0.1", registry=registry)
    app = build(args.broker, args.group, args.prefix, consumed, extract_cpu)
    print("quix peer ready", flush=True)
    app.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
