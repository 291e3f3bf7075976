"""The Faust app: raw articles in, events, processed records and dead letters out.

Run it with `wirestream worker` or `faust -A streams.worker.app worker`. Everything the
agent does per record is `streams.records.process.process_record` (pure); this
module only wires it to Kafka:

- The agent reads the raw topic in small batches (`take_events`), publishes
  each record's outputs with Faust's producer and waits for the broker to
  acknowledge the whole batch before the batch's offsets can be committed;
  Faust also flushes that producer before every commit. If outputs cannot
  be stored the worker exits at once without committing (fail-stop).
  Together: at-least-once, never a committed offset whose outputs were lost.
- Agent concurrency stays 1. faust-streaming can commit past an in-flight
  message when an agent's concurrency is above 1 (faust-streaming issue
  #606); parallelism comes from partitions and more worker processes instead.
- A new consumer group (`WIRESTREAM_CONSUMER_GROUP`) starts from the earliest
  offset, which is how a replay after an extractor upgrade works.
- exactly_once: each output is sent in the Kafka transaction of its *source*
  partition (faust's own `TransactionManager.send` picks it from the output
  topic's partition, which no transaction covers here), and the agent commits
  the batch's offsets into those same transactions itself, right after the
  batch, instead of Faust's timer: a timer commit could land mid-batch and
  commit outputs whose offsets it does not commit. See docs/RELIABILITY.md.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import faust
from faust.types import TP, EventT

from streams.kafka.clients import ensure_topics, faust_credentials
from streams.kafka.reach import nothing_listens
from streams.observe.metrics import TimedOutcome
from streams.records.process import SourceRecord, process_record
from streams.records.topics import RAW, TOPICS, largest_record, topic_config, topic_name
from streams.settings import Settings, get_settings
from streams.worker.monitor import install_metrics

log = logging.getLogger(__name__)

# Exit status of a worker that could not store a batch's outputs (EX_SOFTWARE would
# suggest a bug; EX_TEMPFAIL says "try again", which a restart does).
EXIT_PUBLISH_FAILED = 75
FETCH_BYTES_PER_PARTITION = 1024 * 1024
# exactly_once: the agent commits after each batch; Faust's own commit timer and
# commit-every-N are pushed out of reach (a week, 2**31 records) so they never fire mid-batch.
_NEVER_S = 7 * 24 * 3600.0
_NEVER_RECORDS = 2**31


class WirestreamApp(faust.App):
    """faust.App that creates the pipeline's topics (with their size limits) before starting."""

    wirestream_settings: Settings

    async def on_first_start(self) -> None:
        """Create missing topics first, so nothing is auto-created with broker defaults."""
        Path(self.conf.datadir).mkdir(parents=True, exist_ok=True)  # Faust makes one level only
        # `faust -A streams.app worker` run directly skips `wirestream worker`'s pre-flight:
        # without this its client would wait out a 30 s bootstrap timeout on a closed port.
        problem = await asyncio.to_thread(nothing_listens, self.wirestream_settings)
        if problem is not None:
            # Nothing has started yet, so nothing is lost by leaving at once; an exception
            # here would only become Faust's traceback and a worker that never stops.
            print(f"Error: {problem}", file=sys.stderr, flush=True)
            os._exit(1)
        await super().on_first_start()
        created = await asyncio.to_thread(ensure_topics, self.wirestream_settings)
        if created:
            log.info("created topics: %s", ", ".join(created))


def create_app(settings: Settings) -> WirestreamApp:
    """The Faust app for `settings`, with its topics and the article agent attached."""
    exactly_once = settings.processing_guarantee == "exactly_once"
    app = WirestreamApp(
        settings.consumer_group,
        broker=[f"kafka://{server}" for server in settings.broker.split(",")],
        broker_credentials=faust_credentials(settings),
        processing_guarantee=settings.processing_guarantee,
        store="memory://",
        datadir=str(settings.state_dir / "faust" / "{conf.name}"),
        web_port=settings.web_port,
        web_bind=settings.web_host,
        web_host=settings.web_host,
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        consumer_auto_offset_reset="earliest",
        broker_commit_interval=_NEVER_S if exactly_once else settings.commit_interval_s,
        broker_commit_every=_NEVER_RECORDS if exactly_once else 10_000,
        broker_session_timeout=settings.session_timeout_s,
        broker_heartbeat_interval=settings.session_timeout_s / 10,
        producer_max_request_size=largest_record(settings.max_message_bytes),
        # Per-partition fetch size: what the consumer fetches ahead, six partitions at a
        # time, so it sets the worker's memory under a backlog (8 MiB: 280 MiB peak with
        # 8 KiB articles; 1 MiB: 104 MiB). A larger record still comes whole (KIP-74).
        consumer_max_fetch_size=FETCH_BYTES_PER_PARTITION,
        producer_acks=-1,
        key_serializer="raw",
        value_serializer="raw",
    )
    app.wirestream_settings = settings
    monitor = install_metrics(app, settings)
    raw_spec = next(spec for spec in TOPICS if spec.name == RAW)
    raw_topic = app.topic(
        topic_name(RAW, settings.topic_prefix),
        partitions=settings.partitions,
        replicas=settings.replication_factor,
        config=topic_config(raw_spec, settings.max_message_bytes),
        key_serializer="raw",
        value_serializer="raw",
    )
    # Outputs go straight to Faust's producer (the one it flushes before each commit):
    # its channel-level send costs about as much as the extraction itself.
    outputs = {spec.name: topic_name(spec.name, settings.topic_prefix) for spec in TOPICS}

    async def publish_batch(events: Sequence[EventT[bytes]]) -> None:
        """Process a batch and publish its outputs; exit at once if they cannot be stored."""
        try:
            await _publish(events)
        except Exception as exc:
            # Faust acks a batch even when its body raises, and would then commit past
            # outputs that were never stored. Fail-stop instead: exit without committing,
            # so a restarted worker processes the batch again (at-least-once).
            log.critical(
                "could not publish the outputs of %d raw records (%s: %s); exiting without "
                "committing their offsets, they are processed again on restart",
                len(events),
                type(exc).__name__,
                exc,
            )
            logging.shutdown()
            os._exit(EXIT_PUBLISH_FAILED)

    async def _publish(events: Sequence[EventT[bytes]]) -> None:
        """Process a batch of raw records and wait until every output is acknowledged."""
        pending = []
        processed = []
        next_offsets: dict[TP, int] = {}
        for event in events:
            message = event.message
            next_offsets[message.tp] = max(next_offsets.get(message.tp, 0), message.offset + 1)
            transaction = (
                _transactional_id(message.topic, message.partition) if exactly_once else None
            )
            source = SourceRecord(
                topic=message.topic,
                partition=message.partition,
                offset=message.offset,
                key=message.key,
                value=message.value,
                timestamp=datetime.fromtimestamp(message.timestamp, UTC)
                if message.timestamp
                else None,
            )
            started = time.perf_counter()
            outcome = process_record(source, datetime.now(UTC))
            processed.append(TimedOutcome(source, outcome, time.perf_counter() - started))
            if outcome.rejection is not None:
                log.warning(
                    "dead-lettered %s[%d]@%d: %s: %s",
                    message.topic,
                    message.partition,
                    message.offset,
                    outcome.rejection.code,
                    outcome.rejection.message,
                )
            for record in outcome.outputs:
                pending.append(
                    await app.producer.send(
                        outputs[record.topic],
                        record.key,
                        record.value,
                        partition=None,
                        timestamp=None,
                        headers=record.headers,
                        transactional_id=transaction,
                    )
                )
        await asyncio.gather(*pending)  # raises if any send failed
        if exactly_once:
            # Offsets and outputs of this batch commit atomically, per source partition.
            await app.consumer.transactions.commit(next_offsets)
        monitor.on_batch_emitted(processed)

    def _transactional_id(topic: str, partition: int) -> str:
        """The transactional id Faust opened for a source partition (as its commit names it)."""
        return f"{app.conf.id}-{app.assignor.group_for_topic(topic)}-{partition}"

    @app.agent(raw_topic, name="process_articles", concurrency=1)
    async def process_articles(stream: faust.StreamT[bytes]) -> None:
        """Turn every raw record into events + one processed record, or one dead letter."""
        # take_events exists on faust.Stream; the StreamT protocol does not declare it.
        # A batch amortizes one round of broker acknowledgements; its wait bounds latency.
        batches = stream.take_events(  # type: ignore[attr-defined]
            settings.batch_max_records, within=settings.batch_wait_s
        )
        async for batch in batches:
            await publish_batch(batch)

    return app


app = create_app(get_settings())
