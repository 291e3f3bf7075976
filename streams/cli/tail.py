"""The `wirestream tail` click command: follow one topic (or the three event topics) and print.

Tail reads with manually assigned partitions: it never joins a consumer
group and never commits offsets, so it cannot disturb the workers. How a
record is printed lives in `streams.cli.tail_format` (pure functions).
"""

from __future__ import annotations

import os
import select
import signal
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any, BinaryIO, Final

import click
from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from streams.cli.options import load_settings, silence_stdout
from streams.cli.tail_format import Kind, TailRecord, format_json, format_text
from streams.kafka.clients import authentication_problem, make_consumer
from streams.kafka.reach import reach_broker
from streams.records.topics import CLUSTERS, DLQ, EVENT_TOPICS, PROCESSED, RAW, topic_name

METADATA_WAIT_SECONDS: Final = 5.0  # how long a topic may take to show up in metadata
POLL_MS: Final = 500

KIND_BY_NAME: Final[dict[str, Kind]] = {
    RAW: "raw",
    DLQ: "dlq",
    PROCESSED: "processed",
    **{name: event_type for event_type, name in EVENT_TOPICS.items()},
    CLUSTERS: "cluster",
}
ALIASES: Final[dict[str, tuple[str, ...]]] = {
    **{kind: (name,) for name, kind in KIND_BY_NAME.items()},
    "events": tuple(EVENT_TOPICS.values()),
    "clusters": (CLUSTERS,),
}


@dataclass(frozen=True, slots=True)
class Target:
    """A topic to follow: its name on the cluster, its kind and its short label."""

    topic: str
    kind: Kind | None
    label: str


def resolve_topic(name: str, prefix: str) -> list[Target]:
    """The topics TOPIC stands for: an alias, a DESIGN.md name (prefixed) or a literal name."""
    if name in ALIASES:
        design_names = list(ALIASES[name])
    elif name in KIND_BY_NAME:
        design_names = [name]
    else:
        # Any other name is taken as the topic's full name on the cluster.
        bare = name.removeprefix(prefix) if prefix else name
        kind = KIND_BY_NAME.get(bare)
        return [Target(name, kind, kind or name)]
    return [
        Target(topic_name(design, prefix), KIND_BY_NAME[design], KIND_BY_NAME[design])
        for design in design_names
    ]


class _Stop(BaseException):
    """Raised by the signal handler to leave the read loop (a BaseException, like
    KeyboardInterrupt, so no `except Exception` inside the client can swallow it)."""


class _Signals:
    """SIGINT/SIGTERM handling: stop at once, except while a record is being written."""

    def __init__(self) -> None:
        self.requested = False
        self.deferred = False

    def __call__(self, _signum: int, _frame: FrameType | None) -> None:
        """Note the request; raise unless a record is half written (then stop right after)."""
        self.requested = True
        if not self.deferred:
            raise _Stop

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Handle SIGINT and SIGTERM for the duration of the block."""
        previous = {sig: signal.signal(sig, self) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _partitions(
    consumer: KafkaConsumer, targets: list[Target], given: str, broker: str
) -> list[TopicPartition]:
    """Every partition of the targets, waiting briefly for metadata; a missing topic is an error."""
    deadline = time.monotonic() + METADATA_WAIT_SECONDS
    found: dict[str, set[int]] = {}
    while True:
        for target in targets:
            if target.topic not in found:
                partitions = consumer.partitions_for_topic(target.topic)
                if partitions:
                    found[target.topic] = set(partitions)
        missing = [t.topic for t in targets if t.topic not in found]
        if not missing or time.monotonic() >= deadline:
            break
        time.sleep(0.25)
    if missing:
        names = ", ".join(repr(m) for m in missing)
        existing = sorted(t for t in consumer.topics() if not t.startswith("__"))
        raise click.ClickException(
            f"topic {names} does not exist on {broker} (TOPIC was {given!r}); aliases: "
            f"{', '.join(ALIASES)}; topics on the broker: {', '.join(existing) or 'none'}"
        )
    return [TopicPartition(t.topic, p) for t in targets for p in sorted(found[t.topic])]


def _reader_gone(out: BinaryIO) -> bool:
    """True when stdout is a pipe whose reader has closed it (the next write would fail)."""
    try:
        fd = out.fileno()
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):
            return False
        poller = select.poll()
        poller.register(fd, 0)  # POLLERR and POLLHUP are always reported
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # no fileno, or no poll() on this platform
        return False


def to_tail_record(record: Any) -> TailRecord:
    """A kafka-python ConsumerRecord as the formatter's TailRecord."""
    return TailRecord(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        timestamp=record.timestamp,
        key=record.key,
        value=record.value,
        headers=tuple(record.headers or ()),
    )


def _follow(
    consumer: KafkaConsumer,
    targets: list[Target],
    out: BinaryIO,
    signals: _Signals,
    *,
    as_json: bool,
    max_records: int | None,
    idle_timeout: float | None,
) -> None:
    """Poll and print until N records, S idle seconds or a stop signal."""
    by_topic = {t.topic: t for t in targets}
    printed = 0
    last_seen = time.monotonic()
    while max_records is None or printed < max_records:
        timeout_ms = POLL_MS
        if idle_timeout is not None:
            left = idle_timeout - (time.monotonic() - last_seen)
            if left <= 0:
                return
            timeout_ms = max(1, min(POLL_MS, int(left * 1000)))
        batch = consumer.poll(timeout_ms=timeout_ms)
        if not batch and _reader_gone(out):
            # `tail | head -1`: stop when the reader leaves, not at the next record.
            raise BrokenPipeError
        for records in batch.values():
            for raw in records:
                record = to_tail_record(raw)
                target = by_topic.get(record.topic)
                if as_json:
                    line = format_json(record)
                else:
                    kind = target.kind if target else None
                    label = target.label if target else None
                    line = format_text(record, kind, label).encode("utf-8", "backslashreplace")
                signals.deferred = True
                out.write(line)
                out.flush()
                signals.deferred = False
                printed += 1
                last_seen = time.monotonic()
                if signals.requested or (max_records is not None and printed >= max_records):
                    return


@click.command(short_help="Follow a topic and print its records.")
@click.argument("topic")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines, one object per record.")
@click.option(
    "--from-beginning", is_flag=True, help="Start at the oldest record, not at new records only."
)
@click.option(
    "--max-records",
    type=click.IntRange(min=1),
    metavar="N",
    help="Exit after printing N records.",
)
@click.option(
    "--idle-timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="S",
    help="Exit after S seconds without a new record.",
)
def tail(
    topic: str,
    as_json: bool,
    from_beginning: bool,
    max_records: int | None,
    idle_timeout: float | None,
) -> None:
    """Follow TOPIC and print its records as they arrive, until Ctrl-C.

    TOPIC is an alias (raw, dlq, processed, call_readout, cost_sharing_deal,
    statement, events for all three event topics, or clusters for
    wire.events.clusters) or a DESIGN.md name such as wire.events.statement;
    both get WIRESTREAM_TOPIC_PREFIX prepended. Any other name is used as the
    full topic name.

    Each record prints as `label/partition@offset  text`, the text chosen by
    the kind of record. With --json each record is one JSON object:
    topic, partition, offset, timestamp (ms since the epoch), key, headers
    (name to text), value and value_encoding: "json" when the value is JSON
    (value is then the parsed JSON), "text" when it is other UTF-8 text,
    "base64" when it is not UTF-8, null for a tombstone. Invalid UTF-8 in keys
    and headers is written as \\xNN.

    Tail never joins a consumer group nor commits offsets. It says on stderr
    which topics and partitions it follows once it is reading.
    """
    settings = load_settings()
    refused = authentication_problem(settings)  # at once, not after a 30 s bootstrap timeout
    if refused is not None:
        raise click.ClickException(refused)
    problem = reach_broker(settings, say=lambda line: click.echo(line, err=True))
    if problem is not None:
        raise click.ClickException(problem)
    targets = resolve_topic(topic, settings.topic_prefix)
    out = click.get_binary_stream("stdout")
    signals = _Signals()
    consumer: KafkaConsumer | None = None
    try:
        with signals.installed():
            try:
                consumer = make_consumer(
                    settings,
                    group_id=None,
                    enable_auto_commit=False,
                    allow_auto_create_topics=False,  # tailing a typo must not create it
                    client_id="wirestream-tail",
                )
                partitions = _partitions(consumer, targets, topic, settings.broker)
                consumer.assign(partitions)
                if from_beginning:
                    consumer.seek_to_beginning(*partitions)
                else:
                    consumer.seek_to_end(*partitions)
                for tp in partitions:  # resolve the start offsets now, before saying "tailing"
                    consumer.position(tp)
                names = ", ".join(t.topic for t in targets)
                start = "from the beginning" if from_beginning else "new records only"
                click.echo(f"tailing {names} ({len(partitions)} partitions, {start})", err=True)
                _follow(
                    consumer,
                    targets,
                    out,
                    signals,
                    as_json=as_json,
                    max_records=max_records,
                    idle_timeout=idle_timeout,
                )
            except (_Stop, KeyboardInterrupt):
                pass  # SIGINT/SIGTERM: a normal way to stop following
            finally:
                signals.deferred = True  # no signal may interrupt the cleanup
                if consumer is not None:
                    consumer.close(autocommit=False)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as Unix tools do.
        silence_stdout(out)
        sys.exit(1)
    except KafkaError as exc:
        raise click.ClickException(f"Kafka at {settings.broker}: {exc}") from exc
