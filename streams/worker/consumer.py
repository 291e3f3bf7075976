"""The worker's Kafka consumer: Faust's aiokafka consumer, minus the ways it loses records.

At-least-once means an offset is committed only once every record before it was
processed. Faust's consumer breaks that at rebalances in three places, each
found by the scale-out fault test (docs/RELIABILITY.md); `WirestreamConsumer`
closes them and is otherwise Faust's aiokafka consumer, unchanged.

1. **Skipped messages are acked.** Faust's stream iterator, when it takes a
   message from an agent's queue just as a rebalance suspends the flow (or finds
   a message of an older generation), skips it without delivering it and then
   acks it. Here the ack of a message the stream never delivered (Faust marks
   each one it hands an agent `tracked`) is refused: its offset stays
   uncommitted and the seek after the rebalance delivers it again.
2. **Records fetched before a seek are delivered after it.** Faust's consumer
   thread fetches while its event loop is busy; a fetch that returned before a
   rebalance sought the partitions to their committed offsets can reach the
   stream after that seek, stamped with the new generation. Faust then takes
   the first such record's offset as the partition's read offset and drops the
   re-fetched records below it as "already read", though they were never
   processed. Here the consumer thread numbers its seeks and stamps each fetch
   with the last number; a record of a partition sought after its fetch is
   discarded (aiokafka fetches it again from the new position), and Faust's
   read offsets are not used at all (`_NoReadOffsets`): after a seek, every
   record fetched is delivered.
3. **A hole at the committed offset is committed over.** Faust's commit accepts
   acked offsets starting one above the committed one, so a single record never
   acked at the commit point is skipped. Here the commit waits until the
   record at the committed offset is acked or known to be no record at all (an
   offset the fetch jumped over: a transaction marker, an aborted or compacted
   record), which `getmany` marks as Faust's gaps from the offsets it sees.
"""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any, cast

import aiokafka
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP, Message

log = logging.getLogger(__name__)


class _NoReadOffsets(defaultdict[TP, int | None]):
    """Faust's per-partition read offsets, always unknown: no fetched record is dropped as read."""

    def __init__(self) -> None:
        super().__init__(lambda: None)

    def __getitem__(self, tp: TP) -> int | None:
        return None


class SeekLog:
    """The consumer's seeks, numbered in the order aiokafka made them; what each expects next."""

    def __init__(self) -> None:
        self._numbers = itertools.count(1)
        self.latest = 0  # the number of the last seek of any partition
        self.last: dict[TP, int] = {}  # the number of each partition's last seek
        self.next_offset: dict[TP, int] = {}  # the offset the partition's next record should have

    def sought(self, tp: TP, offset: int) -> None:
        """Partition `tp` is moved to `offset`: records fetched before now are stale."""
        number = next(self._numbers)
        self.last[tp] = number
        self.latest = number
        self.next_offset[tp] = offset


class WirestreamConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    """Faust's consumer thread; it numbers each seek and stamps each fetch with the last number."""

    def _create_worker_consumer(self, transport: Any) -> aiokafka.AIOKafkaConsumer:
        consumer = super()._create_worker_consumer(transport)
        seeks = cast(WirestreamConsumer, self.consumer).seeks
        subscription = consumer._subscription
        seek = subscription.seek

        def numbered_seek(tp: TP, offset: int) -> None:
            # Numbered first: a fetch stamped in between then looks newer than it is, and its
            # records are delivered again (a repeat) rather than dropped (a loss).
            seeks.sought(tp, offset)
            seek(tp, offset)

        subscription.seek = numbered_seek  # every seek of aiokafka's fetcher comes here
        return consumer

    async def _fetch_records(
        self,
        consumer: aiokafka.AIOKafkaConsumer,
        active_partitions: Any,
        timeout: float | None = None,
        max_records: int | None = None,
    ) -> Any:
        records = await super()._fetch_records(
            consumer, active_partitions, timeout=timeout, max_records=max_records
        )
        wirestream = cast(WirestreamConsumer, self.consumer)
        wirestream.fetched_after_seek = wirestream.seeks.latest
        return records


class WirestreamConsumer(faust_aiokafka.Consumer):
    """Faust's aiokafka consumer; never commits past a record it did not deliver and see acked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.seeks = SeekLog()  # before Faust's init, which may start the consumer thread
        self.fetched_after_seek = 0  # the seek number the last fetch came after
        super().__init__(*args, **kwargs)
        self._read_offset = _NoReadOffsets()
        self._hole_reported: dict[TP, int] = {}

    def _new_consumer_thread(self) -> WirestreamConsumerThread:
        return WirestreamConsumerThread(self, loop=self.loop, beacon=self.beacon)

    def ack(self, message: Message) -> bool:
        """Mark a delivered message's offset committable; refuse one that was never delivered."""
        if not message.tracked:
            return False
        return bool(super().ack(message))

    async def getmany(self, timeout: float) -> AsyncIterator[tuple[TP, Message]]:
        """Faust's fetch, minus records fetched before their partition's last seek; marks gaps."""
        seeks = self.seeks
        acks_enabled_for = self.app.topics.acks_enabled_for
        fetched_after: int | None = None
        stale: dict[TP, int] = {}
        try:
            async for tp, message in super().getmany(timeout):
                if not acks_enabled_for(tp.topic):
                    yield tp, message  # tables' changelogs: Faust's recovery reads them itself
                    continue
                if fetched_after is None:
                    fetched_after = self.fetched_after_seek  # stamped by this fetch
                if seeks.last.get(tp, 0) > fetched_after:
                    stale[tp] = stale.get(tp, 0) + 1
                    continue
                expected = seeks.next_offset.get(tp)
                if expected is not None and message.offset > expected:
                    self._mark_gap(tp, expected, message.offset - 1)
                seeks.next_offset[tp] = message.offset + 1
                yield tp, message
        finally:
            if stale:
                log.info("discarded records fetched before their partition's seek: %s", stale)

    def _mark_gap(self, tp: TP, first: int, last: int) -> None:
        """Offsets `first`..`last` hold no record: commits pass them once later ones are acked."""
        committed = self._committed_offset[tp]
        if committed is not None:
            first = max(first, committed)
        if first <= last:
            gap = self._gap[tp]
            gap.addi(first, last + 1)
            gap.merge_overlaps()

    def _new_offset(self, tp: TP) -> int | None:
        """Faust's next commit offset; None while the record at the committed offset is unacked."""
        acked = self._acked[tp]
        committed = self._committed_offset[tp]
        if acked and committed is not None:
            lowest = min(acked)
            gap = self._gap[tp]
            if gap:
                lowest = min(lowest, min(interval.begin for interval in gap))
            if lowest > committed:
                if self._hole_reported.get(tp) != committed:
                    self._hole_reported[tp] = committed
                    log.info(
                        "%s: not committing past %d until it is acked (lowest acked: %d)",
                        tp,
                        committed,
                        lowest,
                    )
                return None
        return super()._new_offset(tp)

    async def on_partitions_revoked(self, revoked: set[TP]) -> None:
        """Forget what was expected of revoked partitions (the next owner's seek sets it anew)."""
        for tp in revoked:
            self.seeks.next_offset.pop(tp, None)
            self._hole_reported.pop(tp, None)
        await super().on_partitions_revoked(revoked)


class WirestreamTransport(faust_aiokafka.Transport):
    """Faust's aiokafka transport with `WirestreamConsumer`."""

    Consumer = WirestreamConsumer
