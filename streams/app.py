"""The Faust app: raw articles in, events, processed records and dead letters out.

Run it with `wirestream worker` or `faust -A streams.app worker`. Everything the
agent does per record is `streams.processing.process_record` (pure); this
module only wires it to Kafka:

- The agent reads the raw topic in small batches (`take_events`), publishes
  each record's outputs and waits for the broker to acknowledge the whole
  batch before the batch's offsets can be committed. Faust also flushes the
  producer before every commit. Together: at-least-once, never a committed
  offset whose outputs were lost.
- Agent concurrency stays 1. faust-streaming can commit past an in-flight
  message when an agent's concurrency is above 1 (faust-streaming issue
  #606); parallelism comes from partitions and more worker processes instead.
- A new consumer group (`WIRESTREAM_CONSUMER_GROUP`) starts from the earliest
  offset, which is how a replay after an extractor upgrade works.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import faust
from faust.types import EventT

from streams.kafka.clients import ensure_topics, faust_credentials
from streams.processing import SourceRecord, process_record
from streams.settings import Settings, get_settings
from streams.topics import DLQ, EVENT_TOPICS, PROCESSED, RAW, TOPICS, topic_config, topic_name

log = logging.getLogger(__name__)

# Records per batch and the longest a partial batch waits: large enough to
# amortize one round of broker acknowledgements, small enough to keep latency low.
BATCH_SIZE = 200
BATCH_WITHIN_S = 0.05


class WirestreamApp(faust.App):
    """faust.App that creates the pipeline's topics (with their size limits) before starting."""

    wirestream_settings: Settings

    async def on_first_start(self) -> None:
        """Create missing topics first, so nothing is auto-created with broker defaults."""
        Path(self.conf.datadir).mkdir(parents=True, exist_ok=True)  # Faust makes one level only
        await super().on_first_start()
        created = await asyncio.to_thread(ensure_topics, self.wirestream_settings)
        if created:
            log.info("created topics: %s", ", ".join(created))


def create_app(settings: Settings) -> WirestreamApp:
    """The Faust app for `settings`, with its topics and the article agent attached."""
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
        broker_session_timeout=settings.session_timeout_s,
        broker_heartbeat_interval=settings.session_timeout_s / 10,
        producer_max_request_size=settings.max_message_bytes,
        consumer_max_fetch_size=settings.max_message_bytes,
        producer_acks=-1,
        key_serializer="raw",
        value_serializer="raw",
    )
    app.wirestream_settings = settings
    specs = {spec.name: spec for spec in TOPICS}

    def topic(name: str) -> Any:
        """The Faust topic for a DESIGN.md name, with the prefix and per-topic config."""
        return app.topic(
            topic_name(name, settings.topic_prefix),
            partitions=settings.partitions,
            replicas=settings.replication_factor,
            config=topic_config(specs[name], settings.max_message_bytes),
            key_serializer="raw",
            value_serializer="raw",
        )

    raw_topic = topic(RAW)
    outputs = {name: topic(name) for name in (DLQ, PROCESSED, *EVENT_TOPICS.values())}

    async def publish_batch(events: Sequence[EventT[bytes]]) -> None:
        """Process a batch of raw records and wait until every output is acknowledged."""
        pending = []
        for event in events:
            message = event.message
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
            outcome = process_record(source, datetime.now(UTC))
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
                    await outputs[record.topic].send(
                        key=record.key, value=record.value, headers=record.headers
                    )
                )
        # Raises if any send failed: the worker stops before committing those offsets,
        # and the records are processed again on restart (at-least-once).
        await asyncio.gather(*pending)

    @app.agent(raw_topic, name="process_articles", concurrency=1)
    async def process_articles(stream: faust.StreamT[bytes]) -> None:
        """Turn every raw record into events + one processed record, or one dead letter."""
        # take_events exists on faust.Stream; the StreamT protocol does not declare it.
        batches = stream.take_events(BATCH_SIZE, within=BATCH_WITHIN_S)  # type: ignore[attr-defined]
        async for batch in batches:
            await publish_batch(batch)

    return app


app = create_app(get_settings())
