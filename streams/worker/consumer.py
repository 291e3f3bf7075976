"""The worker's Kafka consumer: Faust's aiokafka consumer, minus the ways it loses records.

At-least-once means an offset is committed only once every record before it was
processed. Faust breaks that at rebalances in four places, each found by the
scale-out fault test (docs/RELIABILITY.md). `WirestreamConsumer` (Faust's aiokafka
consumer otherwise) closes the first three, `KeepQueuedFlowControl` the fourth.

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
   record), which `getmany` marks as Faust's gaps from the offsets it sees. If
   later records are acked while it is not for `REWIND_AFTER_S`, the record was
   handed to the stream and never processed, with no rebalance coming to
   deliver it again: the consumer seeks the partition back to it.
4. **A second resume of the flow empties the agents' queues.** Faust's flow
   control clears every agent's queue each time the flow is resumed, and a
   rebalance's table recovery resumes it twice: once before it seeks the
   partitions to their committed offsets and once after. Records delivered in
   between were cleared, never processed, and no seek followed (the first
   records of a partition a worker had just taken over; found by the scale-out
   test with rule 3 holding the commit at them). `KeepQueuedFlowControl` clears
   the queues only when the flow resumes from a suspension.

Faust's drain loop (`_drain_messages`) is also replaced here, for speed, not
safety: Faust hands each fetched record to the conductor inside `wait_first`
(four tasks, an `asyncio.wait` and three cancellations a record, racing the
hand-over against a suspended flow), which was most of what consuming cost
the worker per record. `WirestreamConsumer` runs the hand-over directly and
falls back to Faust's race only when it has to wait (flow control, a full
queue): the same outcome, without the tasks when nothing waits. It keeps
Faust's loop otherwise, minus the read offsets (rule 2).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Coroutine
from typing import Any, cast

import aiokafka
from faust.transport.consumer import CONSUMER_FETCHING
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP, Message
from mode import ServiceT
from mode.utils.queues import FlowControlEvent

from streams.worker.stepping import step_inline

log = logging.getLogger(__name__)

# How long commits may wait at a record that later acks show was never processed before
# the consumer fetches it again (commits are tried every WIRESTREAM_COMMIT_INTERVAL_S).
REWIND_AFTER_S = 3.0


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
        settings = getattr(self.app, "wirestream_settings", None)
        if settings is not None:  # read by aiokafka's fetcher when the consumer starts
            consumer._fetch_max_wait_ms = settings.fetch_max_wait_ms
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
        # Per partition held at a hole: (the committed offset, when first or last rewound).
        self._holes: dict[TP, tuple[int, float]] = {}
        self.rewind_after_s = REWIND_AFTER_S
        self._rewinds: set[asyncio.Future[None]] = set()

    async def _drain_messages(self, fetcher: ServiceT) -> None:
        """Faust's drain loop: fetch, hand each record to the conductor (see the module doc)."""
        deliver = self.callback
        consumer_should_stop = self._stopped.is_set
        fetcher_should_stop = cast(Any, fetcher)._stopped.is_set
        commit_every = self._commit_every
        yield_every = 100  # as Faust: a long fetch still lets the loop run now and then
        since_yield = 0
        try:
            while not (consumer_should_stop() or fetcher_should_stop()):
                self.diag.set_flag(CONSUMER_FETCHING)
                fetched = self.getmany(timeout=1.0)
                await self.sleep(0)  # as Faust: getmany may return at once, time after time
                if not self.should_stop:
                    async for _tp, message in fetched:
                        since_yield += 1
                        if since_yield > yield_every:
                            await asyncio.sleep(0)
                            since_yield = 0
                        if commit_every is not None and self._n_acked >= commit_every:
                            self._n_acked = 0
                            await self.commit()
                        await self._hand_over(deliver(message))
                self.diag.unset_flag(CONSUMER_FETCHING)
        except self.consumer_stopped_errors:
            if self.transport.app.should_stop:
                log.info("Broker stopped consumer, shutting down...")
                return
            raise
        except asyncio.CancelledError:
            if self.transport.app.should_stop:
                log.info("Consumer shutting down for user cancel.")
                return
            raise
        except Exception as exc:
            log.exception("Drain messages raised: %r", exc)
            raise
        finally:
            self.diag.unset_flag(CONSUMER_FETCHING)

    async def _hand_over(self, delivery: Awaitable[Any]) -> None:
        """Run a record's hand-over; if it has to wait, race the rest against a suspended flow."""
        if not isinstance(delivery, Coroutine):  # not steppable: Faust's way throughout
            await self.wait_first(delivery, self.suspend_flow.wait())
            return
        delivered, rest = step_inline(delivery)
        if delivered:
            return  # without waiting: the usual case, and no task was made
        # As Faust: a suspended flow (a rebalance) cancels a hand-over that waits.
        await self.wait_first(rest, self.suspend_flow.wait())

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
                self._hold_at_hole(tp, committed, lowest)
                return None
        self._holes.pop(tp, None)
        return super()._new_offset(tp)

    def _hold_at_hole(self, tp: TP, committed: int, lowest: int) -> None:
        """Commits of `tp` wait at `committed`; if they still wait after a while, fetch it again.

        Later records being acked while the one at the committed offset is not means it
        was handed to the stream and never processed (and no rebalance's seek is coming
        to deliver it again): the consumer seeks the partition back to it. The records
        after it are then processed again, repeats as after any rewind.
        """
        now = time.monotonic()
        hole = self._holes.get(tp)
        if hole is None or hole[0] != committed:
            self._holes[tp] = (committed, now)
            log.info(
                "%s: not committing past %d until it is acked (lowest acked: %d)",
                tp,
                committed,
                lowest,
            )
        elif now - hole[1] >= self.rewind_after_s:
            self._holes[tp] = (committed, now)
            log.warning(
                "%s: the record at %d was never acked while later ones were (lowest acked: %d);"
                " fetching the partition again from %d",
                tp,
                committed,
                lowest,
                committed,
            )
            task = asyncio.ensure_future(self._rewind(tp, committed))
            self._rewinds.add(task)
            task.add_done_callback(self._rewinds.discard)

    async def _rewind(self, tp: TP, offset: int) -> None:
        """Seek `tp` back to `offset` in the consumer thread (records after it come again)."""
        try:
            await self.seek_wait({tp: offset})
        except Exception as exc:  # revoked meanwhile: its next owner starts from the commit
            log.warning("%s: could not seek back to %d: %r", tp, offset, exc)

    async def on_partitions_revoked(self, revoked: set[TP]) -> None:
        """Forget what was expected of revoked partitions (the next owner's seek sets it anew)."""
        for tp in revoked:
            self.seeks.next_offset.pop(tp, None)
            self._holes.pop(tp, None)
        await super().on_partitions_revoked(revoked)


class KeepQueuedFlowControl(FlowControlEvent):
    """Faust's flow control; resuming a flow that is not suspended leaves the queues alone."""

    def resume(self) -> None:
        """Resume the flow; clear the queues only if it was suspended (rule 4 above)."""
        if self.is_active():
            return  # the queues hold records delivered since the last seek: keep them
        super().resume()


class WirestreamTransport(faust_aiokafka.Transport):
    """Faust's aiokafka transport with `WirestreamConsumer`."""

    Consumer = WirestreamConsumer
