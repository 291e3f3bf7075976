"""The Faust app: raw articles in, events, processed records and dead letters out.

Run it with `wirestream worker` or `faust -A streams.worker.app worker`. Everything the
agent does per record is `streams.records.process.process_record` (pure); this
module only wires it to Kafka:

- The agent is a thin loop: it reads the raw topic in natural batches
  (`held_batches`: a batch leaves when full or when nothing more is waiting),
  runs `process_record` on each record and hands the batch to the checkpoint
  (`streams.worker.checkpoint`), which owns the delivery rule: a batch's
  offsets may be committed only after the broker has acknowledged all of its
  outputs. Up to `WIRESTREAM_MAX_BATCHES_IN_FLIGHT`
  batches await their acknowledgements while the next one is extracted. If
  outputs cannot be stored the worker exits at once without committing
  (fail-stop, exit 75). Together: at-least-once, never a committed offset
  whose outputs were lost.
- The dead-letter limit (`WIRESTREAM_DEAD_LETTER_LIMITS`) stops the worker
  (exit 70) without sending or committing the batch that crosses it.
- Agent concurrency stays 1. faust-streaming can commit past an in-flight
  message when an agent's concurrency is above 1 (faust-streaming issue
  #606); parallelism comes from partitions and more worker processes instead.
- A new consumer group (`WIRESTREAM_CONSUMER_GROUP`) starts from the earliest
  offset, which is how a replay after an extractor upgrade works.
- exactly_once: each output is sent in the Kafka transaction of its *source*
  partition (faust's own `TransactionManager.send` picks it from the output
  topic's partition, which no transaction covers here), and the agent commits
  the batch's offsets into those same transactions itself (the checkpoint),
  right after the batch, instead of Faust's timer: a timer commit could land mid-batch and
  commit outputs whose offsets it does not commit. See docs/RELIABILITY.md.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

import faust
from faust.types import TransportT
from mode.utils.objects import cached_property
from mode.utils.queues import FlowControlEvent

from streams.kafka.clients import ensure_topics, faust_credentials
from streams.kafka.outputs import AsyncProducer, librdkafka_config
from streams.kafka.reach import nothing_listens
from streams.records.topics import RAW, TOPICS, largest_record, topic_config, topic_name
from streams.settings import Settings, get_settings
from streams.worker.checkpoint import Checkpoint, DeadLetterLimitCrossed
from streams.worker.clusters import attach_cluster_agent
from streams.worker.consumer import KeepQueuedFlowControl, WirestreamTransport
from streams.worker.dead_letter_limit import limit_from_settings
from streams.worker.delivery import (
    FaustConsumer,
    FaustProducer,
    LibrdkafkaProducer,
    held_batches,
    process_events,
)
from streams.worker.heap import freeze_startup_heap
from streams.worker.monitor import WirestreamMonitor, install_metrics

log = logging.getLogger(__name__)

# Exit status of a worker that could not store a batch's outputs (EX_SOFTWARE would
# suggest a bug; EX_TEMPFAIL says "try again", which a restart does).
EXIT_PUBLISH_FAILED = 75
# Exit status of a worker stopped by the dead-letter limit: EX_SOFTWARE, since the usual
# cause is an extractor that fails on everything (a bad deploy); a restart alone repeats it.
EXIT_DEAD_LETTER_LIMIT = 70
FETCH_BYTES_PER_PARTITION = 1024 * 1024
# exactly_once: the agent commits after each batch; Faust's own commit timer and
# commit-every-N are pushed out of reach (a week, 2**31 records) so they never fire mid-batch.
_NEVER_S = 7 * 24 * 3600.0
_NEVER_RECORDS = 2**31


class WirestreamApp(faust.App):
    """faust.App that creates the pipeline's topics (with their size limits) before starting
    and, once started, exempts its start-up heap from garbage collections."""

    wirestream_settings: Settings

    def _new_transport(self) -> TransportT:
        # Faust's aiokafka transport without its ways to lose records (streams/worker/consumer.py).
        return WirestreamTransport(self.conf.broker_consumer, self)

    @cached_property
    def flow_control(self) -> FlowControlEvent:
        """Faust's flow control of the agents' queues, minus clearing them when already flowing."""
        return KeepQueuedFlowControl(loop=self.loop)

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

    async def on_started(self) -> None:
        """Start as Faust does, then take the start-up heap out of the collector's scans."""
        await super().on_started()
        frozen = freeze_startup_heap()  # why: streams/worker/heap.py
        if isinstance(self.monitor, WirestreamMonitor):
            self.monitor.project.gc_frozen.set(frozen)
        log.info("exempted %d start-up objects from garbage collections (gc.freeze)", frozen)


def _fail_stop(exc: BaseException, records: int) -> NoReturn:
    """Exit at once without committing: a restarted worker processes the batch again."""
    # Faust acks a batch even when its body raises, and would then commit past outputs
    # that were never stored; the checkpoint never releases them, and exiting here keeps
    # any later commit from happening (at-least-once).
    log.critical(
        "could not publish the outputs of %d raw records (%s: %s); exiting without "
        "committing their offsets, they are processed again on restart",
        records,
        type(exc).__name__,
        exc,
    )
    logging.shutdown()
    os._exit(EXIT_PUBLISH_FAILED)


def create_app(settings: Settings) -> WirestreamApp:
    """The Faust app for `settings`, with its topics and the article agent attached."""
    exactly_once = settings.processing_guarantee == "exactly_once"
    app = WirestreamApp(
        settings.consumer_group,
        broker=[f"kafka://{server}" for server in settings.broker.split(",")],
        broker_credentials=faust_credentials(settings),
        processing_guarantee=settings.processing_guarantee,
        # The cluster table's store (streams/worker/clusters.py); nothing else keeps state.
        store=settings.table_store,
        # One directory per web port: workers sharing a host (and a state dir) each need
        # their own RocksDB files (a table partition's database is locked by one process),
        # and a worker restarted on its port finds its table there.
        datadir=str(settings.state_dir / "faust" / "{conf.name}" / f"port-{settings.web_port}"),
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
    topics = {spec.name: topic_name(spec.name, settings.topic_prefix) for spec in TOPICS}
    # at-least-once: outputs go through librdkafka (streams/kafka/outputs.py), a fraction of
    # aiokafka's per-record cost. exactly-once: through Faust's transactional producers, the
    # ones its consumer commits offsets with.
    outputs = AsyncProducer(librdkafka_config(settings))
    checkpoint = Checkpoint(
        FaustProducer(app, topics) if exactly_once else LibrdkafkaProducer(outputs, topics),
        FaustConsumer(app),
        exactly_once=exactly_once,
        max_in_flight=settings.max_batches_in_flight,
        limit=limit_from_settings(settings),
        on_emitted=monitor.on_batch_emitted,
        on_failure=_fail_stop,
    )

    async def stop_at_limit(crossed: DeadLetterLimitCrossed) -> NoReturn:
        """Stop without committing the batch that crossed the limit; exit after the grace."""
        sources = [item.processed.source for item in crossed.batch]
        where = ", ".join(sorted({f"{s.topic}[{s.partition}]@{s.offset}" for s in sources[:1]}))
        log.critical(
            "%s; stopping without committing the batch of %d raw records from %s, which a "
            "fixed worker processes again (WIRESTREAM_DEAD_LETTER_LIMITS)",
            crossed.crossing.message(),
            len(crossed.batch),
            where,
        )
        monitor.project.dead_letter_limit_stops.labels(code=crossed.crossing.code).inc()
        if not exactly_once:
            await app.consumer.commit()  # the batches before it are released: keep their work
        # /metrics keeps serving meanwhile, so Prometheus records the stop (and the alert fires).
        await asyncio.sleep(settings.dead_letter_stop_grace_s)
        logging.shutdown()
        os._exit(EXIT_DEAD_LETTER_LIMIT)

    if settings.runs_cluster_agent:
        attach_cluster_agent(app, settings, monitor, outputs, _fail_stop)
    if not settings.runs_article_agent:
        return app

    @app.agent(raw_topic, name="process_articles", concurrency=1)
    async def process_articles(stream: faust.StreamT[bytes]) -> None:
        """Turn every raw record into events + one processed record, or one dead letter."""
        # Each message is held until the checkpoint releases it (streams.worker.delivery).
        batches = held_batches(stream, settings.batch_max_records, settings.batch_wait_s)
        try:
            async for batch in batches:
                try:
                    await checkpoint.submit(await process_events(batch, settings.clusters))
                except DeadLetterLimitCrossed as crossed:
                    await stop_at_limit(crossed)
                except Exception as exc:
                    _fail_stop(exc, len(batch))
        finally:
            # A graceful stop (SIGTERM, rebalance) finishes the batches in flight, so their
            # offsets are released before Faust's last commit.
            try:
                await checkpoint.drain()
            except Exception as exc:
                _fail_stop(exc, checkpoint.in_flight)

    return app


app = create_app(get_settings())
