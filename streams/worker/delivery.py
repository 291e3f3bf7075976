"""Faust's producer and consumer as the checkpoint's two ports, and a batch of events as items.

Batches are natural (`held_batches`): a batch leaves when it is full or when
no further record is waiting, so no timer runs while the stream is idle.

The one trick is in `hold`/`release`: Faust acks each event as soon as the
agent asks for the next one, and its consumer may commit an acked
offset at any time (commit timer, rebalance, stop). The agent therefore takes
one more reference on every message of a batch (`hold`); Faust's own ack then
only drops it to one, and the checkpoint's `release`, after the outputs are
acknowledged, makes the final ack that lets Faust commit the offset. A
rebalance or a stop waits for those final acks (Faust's `wait_empty`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Coroutine, Hashable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

import faust
from aiokafka.structs import TopicPartition
from faust.types import ChannelT, EventT

from streams.kafka.outputs import AsyncProducer
from streams.observe.metrics import TimedOutcome
from streams.records.process import OutputRecord, SourceRecord, process_record
from streams.worker.checkpoint import Item
from streams.worker.stepping import step_inline

log = logging.getLogger(__name__)

# While a partial batch waits (WIRESTREAM_BATCH_WAIT_S > 0), how often it looks for more.
_WAIT_POLL_S = 0.005
# Bare loop turns a read of a waiting record may ask for before it runs as a task.
_BARE_YIELDS = 2
T = TypeVar("T")


class FaustProducer:
    """Sends outputs with the app's producer (the one Faust flushes before its commits)."""

    def __init__(self, app: faust.App, topics: Mapping[str, str]) -> None:
        self._app = app
        self._topics = topics  # DESIGN.md topic name -> name on the cluster

    async def send_all(
        self, records: Sequence[tuple[OutputRecord, str | None]]
    ) -> Awaitable[object]:
        """Hand each output to Faust's producer; resolves once the broker has acked them all."""
        acks = [
            await self._app.producer.send(
                self._topics[record.topic],
                record.key,
                record.value,
                partition=None,
                timestamp=None,
                headers=record.headers,
                transactional_id=transaction,
            )
            for record, transaction in records
        ]
        return asyncio.gather(*acks)


class LibrdkafkaProducer:
    """Sends outputs with librdkafka (at-least-once): the cheap path, off Faust's producer."""

    def __init__(self, producer: AsyncProducer, topics: Mapping[str, str]) -> None:
        self._producer = producer
        self._topics = topics  # DESIGN.md topic name -> name on the cluster

    async def send_all(
        self, records: Sequence[tuple[OutputRecord, str | None]]
    ) -> Awaitable[object]:
        """Queue the outputs; one future, resolved at the last ack (no transactions here)."""
        assert all(transaction is None for _, transaction in records), (
            "exactly-once sends go through Faust's transactional producers"
        )
        topics = self._topics
        return self._producer.send_all(
            [(topics[out.topic], out.key, out.value, out.headers) for out, _ in records]
        )


class FaustConsumer:
    """Releases held messages to Faust's consumer and commits its per-partition transactions."""

    def __init__(self, app: faust.App) -> None:
        self._app = app

    def release(self, handles: Sequence[Hashable]) -> None:
        """The final ack of each held message: Faust may now commit its offset."""
        consumer = self._app.consumer
        on_message_out = self._app.sensors.on_message_out
        for handle in handles:
            message = cast(Any, handle)
            if message.ack(consumer):
                on_message_out(message.tp, message.offset, message)

    def transaction_for(self, topic: str, partition: int) -> str:
        """The transactional id Faust opened for a source partition (as its commit names it)."""
        app = cast(Any, self._app)
        return f"{app.conf.id}-{app.assignor.group_for_topic(topic)}-{partition}"

    async def commit_transactions(self, offsets: Mapping[tuple[str, int], int]) -> None:
        """Offsets into the partitions' transactions, commit them, begin the next ones."""
        # aiokafka's TopicPartition, as on Faust's messages: aiokafka's transactional
        # producer refuses Faust's own TP tuple.
        tps = {
            TopicPartition(topic, partition): offset
            for (topic, partition), offset in offsets.items()
        }
        await self._app.consumer.transactions.commit(cast(Any, tps))


def hold(events: Sequence[EventT[bytes]]) -> None:
    """One more reference on each event's message, so only `release` makes its final ack."""
    for event in events:
        event.message.incref()


async def held_batches(
    stream: faust.StreamT[bytes], max_records: int, wait_s: float
) -> AsyncIterator[list[EventT[bytes]]]:
    """Batches of held events: one leaves when full or once no further record is waiting.

    Natural batching: at low rates a record leaves alone and at once, under a
    backlog batches fill up while the previous one is extracted. Nothing runs
    while the stream is idle (Faust's `take_events` wakes every `within`, which
    cost an idle worker 11 % of a core at 2 ms). With `wait_s` > 0 a partial
    batch first waits up to that long for more records.

    A read that was started because a record was waiting may find the queue emptied
    under it: a stop or a rebalance clears the channel queues after the fetcher stops.
    The partial batch then leaves at once (its held messages must be released for
    Faust's `wait_empty` to finish) and the read goes on as the next batch's first.
    """
    channel = stream.channel
    assert isinstance(channel, ChannelT), "an agent's stream reads a topic"
    queue = channel.queue  # what Faust's own stream iterator reads from
    loop = asyncio.get_running_loop()
    events = aiter(stream.events())
    carried: asyncio.Future[EventT[bytes]] | None = None
    while True:
        try:
            batch = [await (carried or anext(events))]
        except StopAsyncIteration:
            return
        carried = None
        hold(batch)  # before the next read, which is when Faust acks this one
        deadline = loop.time() + wait_s
        while len(batch) < max_records:
            if queue.empty():
                remaining = deadline - loop.time()
                if remaining <= 0:
                    break
                await asyncio.sleep(min(remaining, _WAIT_POLL_S))
                continue
            try:
                read = _read_inline(anext(events))
            except StopAsyncIteration:
                break  # the next read ends the batches
            if isinstance(read, asyncio.Future):  # it has to wait after all
                if not await _read_or_emptied(read, queue):
                    carried = read
                    break
                try:
                    event = read.result()
                except StopAsyncIteration:
                    break
            else:
                event = read
            hold([event])
            batch.append(event)
        yield batch


def _read_inline(read: Awaitable[T]) -> T | asyncio.Future[T]:
    """A read started because a record is waiting, run inline: its event without a task;
    if it has to wait on a future after all, a task running the rest."""
    if not isinstance(read, Coroutine):
        return asyncio.ensure_future(read)
    # Faust's stream yields a bare loop turn (`sleep(0)`) before it takes from its queue;
    # inline, that turn is skipped (the batch's reads cost microseconds, and the loop
    # gets a turn after every extraction).
    read_now, value = step_inline(read, _BARE_YIELDS)
    return cast(T, value) if read_now else asyncio.ensure_future(value)


async def _read_or_emptied(read: asyncio.Future[Any], queue: Any) -> bool:
    """Wait for `read`; False if it is still waiting once the queue is empty."""
    # A waiting record is read within two turns of the loop (Faust's stream yields once
    # before it takes from its queue); `asyncio.wait` and its timer only if not.
    for _ in range(2):
        await asyncio.sleep(0)
        if read.done():
            return True
    while True:
        done, _ = await asyncio.wait({read}, timeout=_WAIT_POLL_S)
        if done:
            return True
        if queue.empty():
            return False


async def process_events(
    events: Sequence[EventT[bytes]], cluster_reports: bool = False
) -> list[Item]:
    """Run `process_record` on each event of a batch (timed), handing the loop a turn after each."""
    items = []
    for event in events:
        items.append(_process_event(event, cluster_reports))
        # A batch of 200 takes half a second of extraction; without a turn between records
        # the loop serves nothing meanwhile, and aiokafka's fetcher, finding every raw
        # partition's buffer unread for over 100 ms, sends its next fetch for the idle
        # assignor partition alone, which the broker holds for Faust's 1.5 s fetch wait
        # (the worker then sat idle with a 1.5 s backlog at 200 articles/s).
        await asyncio.sleep(0)
    return items


def _process_event(event: EventT[bytes], cluster_reports: bool) -> Item:
    """`process_record` on one event's message, timed, paired with the message."""
    message = event.message
    source = SourceRecord(
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        key=message.key,
        value=message.value,
        timestamp=datetime.fromtimestamp(message.timestamp, UTC) if message.timestamp else None,
    )
    started, started_cpu = time.perf_counter(), time.thread_time()
    outcome = process_record(source, datetime.now(UTC), cluster_reports)
    timed = TimedOutcome(
        source, outcome, time.perf_counter() - started, time.thread_time() - started_cpu
    )
    item = Item(timed, message)
    if outcome.rejection is not None:
        log.warning(
            "dead-lettered %s[%d]@%d: %s: %s",
            message.topic,
            message.partition,
            message.offset,
            outcome.rejection.code,
            outcome.rejection.message,
        )
    return item
