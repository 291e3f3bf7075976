"""The cluster agent: reports in, one compacted record per real-world event out (a Faust table).

The article agent sends every event's report to the internal topic
`wire.events.clusters.reports`, keyed by its cluster *group* (streams/core/clusters.py), so
all reports of one group meet on one partition, and one worker owns each group at a time.
This agent keeps each group's reports in the Faust table `clusters` (group -> its reports,
compressed; RocksDB through rocksdict, or memory; changelog topic
`<consumer group>-clusters-changelog`) and, per batch of reports:

1. folds the batch into the stored groups (`streams.records.clusters.fold_reports`, pure);
2. sends the changed cluster records and the tombstones of retired clusters to
   `wire.events.clusters` and waits for the broker's acknowledgements;
3. writes every group the batch touched to the table, changed or not (each write on the
   partition its reports came from: that is the changelog partition Faust recovers it
   from) and waits for the broker to acknowledge those changelog records
   (`ClusterTable.changelog_stored`);
4. only then releases the batch's messages, so their offsets may be committed.

A crash anywhere before 4 redelivers the batch: folding a report again changes nothing,
and the records sent again are the same bytes (a record is a pure function of its
reports), so the topic and the table end as an uninterrupted run would leave them.
A failed send or write stops the worker without committing (like the article agent).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, cast

import faust
from faust.types import EventT
from faust.types.tuples import FutureMessage

from streams.core.clusters import Report
from streams.kafka.outputs import AsyncProducer
from streams.records.clusters import StateCache, fold_reports, read_report
from streams.records.codec import Rejection
from streams.records.topics import CLUSTER_REPORTS, CLUSTERS, topic_name
from streams.settings import Settings
from streams.worker.delivery import FaustConsumer, held_batches
from streams.worker.monitor import WirestreamMonitor

log = logging.getLogger(__name__)

TABLE_NAME = "clusters"


class ClusterTable(faust.Table):  # type: ignore[type-arg]
    """Faust's table; the agent can wait until the broker holds every changelog write so far.

    Faust sends a table write's changelog record through its producer buffer, and its
    `producer.flush()` returns once that buffer has sent nothing for 0.1 s, not when it is
    empty: under load (a buffer of hundreds, a slow send) a write could still be waiting
    there when the agent released the batch's reports and their offsets were committed.
    A kill -9 then lost the write, and the worker that took the partition over folded
    newer reports onto a state without those reports (the scale-out test: a group one
    report short). Each changelog send's future resolves at the broker's acknowledgement;
    the agent waits for them instead.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._changelog_sends: list[FutureMessage] = []

    def send_changelog(self, *args: Any, **kwargs: Any) -> FutureMessage:
        """Faust's changelog send, its future kept until `changelog_stored`."""
        future = super().send_changelog(*args, **kwargs)
        self._changelog_sends.append(future)
        return future

    async def changelog_stored(self) -> int:
        """Wait for the acknowledgement of every changelog write made so far; how many."""
        sends, self._changelog_sends = self._changelog_sends, []
        await asyncio.gather(*sends)  # a refused record raises here (the agent fail-stops)
        return len(sends)


def _stored_states(
    stream: Any, table: Any, event_of: dict[str, EventT[bytes]]
) -> dict[str, bytes | None]:
    """The stored state of each group (None: a new group), read from the table."""
    states: dict[str, bytes | None] = {}
    for group, event in event_of.items():
        # Faust's RocksDB store reads a key from the partition of the *current event* only
        # (one database per partition): read each group under an event of its own partition.
        stream._set_current_event(event)
        states[group] = table.get(group.encode())
    return states


def attach_cluster_agent(
    app: faust.App,
    settings: Settings,
    monitor: WirestreamMonitor,
    outputs: AsyncProducer,
    fail_stop: Callable[[BaseException, int], NoReturn],
) -> None:
    """Add the cluster table and the agent that folds reports into it to `app`."""
    reports_topic = app.topic(
        topic_name(CLUSTER_REPORTS, settings.topic_prefix),
        partitions=settings.partitions,
        replicas=settings.replication_factor,
        key_serializer="raw",
        value_serializer="raw",
    )
    table = app.tables.add(
        ClusterTable(
            app,
            name=TABLE_NAME,
            default=None,
            beacon=app.tables.beacon,
            partitions=settings.partitions,
            # bytes in and out (Faust's "raw" codec): the values are encode_state's.
            key_type=bytes,
            value_type=bytes,
            help="Cluster group -> its reports (zlib JSON), see streams/worker/clusters.py.",
        )
    )
    assert isinstance(table, ClusterTable)
    clusters_topic = topic_name(CLUSTERS, settings.topic_prefix)
    cache = StateCache()
    consumer = FaustConsumer(app)

    async def fold_batch(stream: faust.StreamT[bytes], batch: Sequence[EventT[bytes]]) -> None:
        reports: list[tuple[Report, EventT[bytes]]] = []
        invalid = 0
        for event in batch:
            report = read_report(event.message.value)
            if isinstance(report, Rejection):
                invalid += 1
                message = event.message
                log.warning(
                    "skipped %s[%d]@%d: %s: %s",
                    message.topic,
                    message.partition,
                    message.offset,
                    report.code,
                    report.message,
                )
                continue
            reports.append((report, event))
        last_event_of = {report.group: event for report, event in reports}
        stored = _stored_states(stream, table, last_event_of)
        folds = {group: cache.get(group, state) for group, state in stored.items()}
        folded = fold_reports((report for report, _ in reports), folds)
        sends = [(clusters_topic, out.key, out.value, out.headers) for out in folded.outputs]
        await outputs.send_all(sends)
        for group, event in last_event_of.items():
            # Every group the batch touched is written, changed or not: RocksDB keeps a write
            # at once but the changelog gets it only at the flush below, so a crash between
            # the two leaves the changelog behind the disk, and only the redelivered batch,
            # which finds nothing to change, can send the stored state again.
            state = folded.states.get(group, stored[group])
            if state is None:
                continue
            # The write goes to the changelog partition of the event's partition.
            stream._set_current_event(event)  # type: ignore[attr-defined]
            table[group.encode()] = state
            if group in folded.states:
                cache.put(group, folded.folds[group], state)
        if batch:
            # Back to the event Faust last yielded: its iterator acks the stream's current
            # event on the next read, and that must be this one, not a group's last.
            stream._set_current_event(batch[-1])  # type: ignore[attr-defined]
        if last_event_of:
            await app.producer.flush()  # hand the buffered writes over now, not at its pace
            await table.changelog_stored()  # the changelog is durable before the offsets move
        monitor.project.count_clusters(folded, invalid)

    @app.agent(reports_topic, name="cluster_reports", concurrency=1)
    async def cluster_reports(stream: faust.StreamT[bytes]) -> None:
        """Fold each batch of reports into the table and publish the clusters it changed."""
        batches = held_batches(stream, settings.cluster_batch_max_records, 0.0)
        async for batch in batches:
            try:
                await fold_batch(stream, batch)
            except Exception as exc:
                fail_stop(exc, len(batch))
            consumer.release([cast(Any, event.message) for event in batch])
