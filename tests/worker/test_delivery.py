"""Natural batches (`held_batches`) over a real Faust channel's queue, with a stand-in stream:
what leaves together, when a partial batch waits, and that every message is held once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import faust
import pytest

from streams.worker.delivery import held_batches


@dataclass
class FakeMessage:
    """Counts the references the batching takes (Faust's Message.incref)."""

    refs: int = 0

    def incref(self) -> None:
        self.refs += 1


@dataclass
class FakeEvent:
    number: int
    message: FakeMessage = field(default_factory=FakeMessage)


class FakeStream:
    """What `held_batches` uses of a Faust stream: its channel and `events()` reading its queue."""

    def __init__(self, channel: Any) -> None:
        self.channel = channel

    async def events(self) -> AsyncIterator[FakeEvent]:
        while True:
            yield await self.channel.queue.get()


def run(test: Callable[[Any], Coroutine[Any, Any, None]]) -> None:
    async def with_channel() -> None:
        app = faust.App("held-batches-test", broker="memory://")
        await test(app.channel())

    asyncio.run(with_channel())


def put(channel: Any, numbers: range) -> list[FakeEvent]:
    events = [FakeEvent(n) for n in numbers]
    for event in events:
        channel.queue.put_nowait(event)
    return events


def numbers(batch: list[Any]) -> list[int]:
    return [event.number for event in batch]


def test_what_is_waiting_leaves_together_and_each_message_is_held_once() -> None:
    async def scenario(channel: Any) -> None:
        batches = held_batches(FakeStream(channel), 10, 0.0)  # type: ignore[arg-type]
        waiting = put(channel, range(3))
        assert numbers(await anext(batches)) == [0, 1, 2]
        assert [event.message.refs for event in waiting] == [1, 1, 1]

    run(scenario)


def test_a_backlog_leaves_in_full_batches_then_the_rest() -> None:
    async def scenario(channel: Any) -> None:
        batches = held_batches(FakeStream(channel), 10, 0.0)  # type: ignore[arg-type]
        put(channel, range(25))
        sizes = [len(await anext(batches)) for _ in range(3)]
        assert sizes == [10, 10, 5]

    run(scenario)


def test_without_a_wait_a_lone_record_leaves_before_the_next_arrives() -> None:
    async def scenario(channel: Any) -> None:
        batches = held_batches(FakeStream(channel), 10, 0.0)  # type: ignore[arg-type]
        put(channel, range(1))
        first = asyncio.ensure_future(anext(batches))
        await asyncio.sleep(0.05)
        assert first.done() and numbers(first.result()) == [0]
        put(channel, range(1, 3))
        assert numbers(await anext(batches)) == [1, 2]

    run(scenario)


def test_with_a_wait_a_partial_batch_takes_what_arrives_within_it() -> None:
    async def scenario(channel: Any) -> None:
        batches = held_batches(FakeStream(channel), 10, 0.5)  # type: ignore[arg-type]
        put(channel, range(2))
        pending = asyncio.ensure_future(anext(batches))
        await asyncio.sleep(0.05)
        assert not pending.done(), "a partial batch left before its wait"
        put(channel, range(2, 3))
        assert numbers(await pending) == [0, 1, 2]

    run(scenario)


def test_with_a_wait_the_record_that_fills_the_batch_sends_it_at_once() -> None:
    async def scenario(channel: Any) -> None:
        batches = held_batches(FakeStream(channel), 3, 60.0)  # type: ignore[arg-type]
        put(channel, range(2))
        pending = asyncio.ensure_future(anext(batches))
        await asyncio.sleep(0.05)
        put(channel, range(2, 4))
        batch = await asyncio.wait_for(pending, timeout=5)
        assert numbers(batch) == [0, 1, 2]

    run(scenario)


def test_records_waiting_behind_the_first_are_read_without_a_task_each() -> None:
    """A task per record read into a batch cost about 1.4 % of the loop at saturation; a
    read of a waiting record runs inline, Faust's loop turn before each take included."""

    async def scenario(channel: Any) -> None:
        readers: list[asyncio.Task[Any] | None] = []

        class FaustLikeStream(FakeStream):
            async def events(self) -> AsyncIterator[FakeEvent]:
                while True:
                    await asyncio.sleep(0)  # as Faust's iterator, before it takes a record
                    event = await self.channel.queue.get()
                    readers.append(asyncio.current_task())
                    yield event

        batches = held_batches(FaustLikeStream(channel), 10, 0.0)  # type: ignore[arg-type]
        put(channel, range(5))
        assert numbers(await anext(batches)) == [0, 1, 2, 3, 4]
        assert readers == [asyncio.current_task()] * 5

    run(scenario)


def test_a_queue_emptied_under_a_read_lets_the_partial_batch_leave() -> None:
    """A stop clears the channel queue after a read started: the held batch must still
    leave (Faust's stop waits for its release), and the read becomes the next batch's."""

    async def scenario(channel: Any) -> None:
        gate = asyncio.Event()

        class SlowStream(FakeStream):
            async def events(self) -> AsyncIterator[FakeEvent]:
                yield await self.channel.queue.get()
                while True:
                    await gate.wait()  # Faust's iterator awaits before it takes a record
                    yield await self.channel.queue.get()

        batches = held_batches(SlowStream(channel), 10, 0.0)  # type: ignore[arg-type]
        first = put(channel, range(2))  # 1 is seen waiting, so a read starts and blocks
        got = asyncio.ensure_future(anext(batches))
        await asyncio.sleep(0.02)
        channel.queue.clear()  # the stop's clear, while the read is blocked
        batch = await asyncio.wait_for(got, timeout=5)
        assert numbers(batch) == [0] and first[0].message.refs == 1
        gate.set()
        put(channel, range(2, 3))  # the carried read takes the next record
        assert numbers(await asyncio.wait_for(anext(batches), timeout=5)) == [2]

    run(scenario)


@dataclass
class RawMessage:
    """What `process_events` reads of a Faust message."""

    offset: int
    value: bytes
    topic: str = "wire.articles.raw"
    partition: int = 0
    key: bytes = b"k"
    timestamp: float = 1_700_000_000.0


@dataclass
class RawEvent:
    message: RawMessage


def test_processing_a_batch_gives_the_loop_a_turn_after_every_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A batch of 200 is half a second of extraction: the fetcher's and the acks' callbacks
    # must run meanwhile (a loop blocked that long stalled aiokafka's fetches for 1.5 s).
    from streams.worker import delivery

    processed: list[int] = []
    real_process_record = delivery.process_record

    def counting_process_record(source: Any, now: Any, cluster_reports: bool = False) -> Any:
        processed.append(source.offset)
        return real_process_record(source, now, cluster_reports)

    monkeypatch.setattr(delivery, "process_record", counting_process_record)

    async def scenario() -> None:
        seen: list[int] = []  # records processed so far, each time another task ran

        async def other_task() -> None:
            while True:
                seen.append(len(processed))
                await asyncio.sleep(0)

        events = [RawEvent(RawMessage(offset, b"not json")) for offset in range(5)]
        watcher = asyncio.ensure_future(other_task())
        await asyncio.sleep(0)
        items = await delivery.process_events(events)
        watcher.cancel()
        assert [item.processed.source.offset for item in items] == [0, 1, 2, 3, 4]
        assert all(item.processed.outcome.rejection is not None for item in items)
        assert items[0].handle is events[0].message
        # The other task ran after each record, not only before and after the batch.
        assert {1, 2, 3, 4} <= set(seen)

    asyncio.run(scenario())


def test_a_processed_record_carries_its_wall_time_and_its_thread_cpu_time_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # wirestream_extract_cpu_seconds_total (and the benchmark's framework figure) rely on
    # `cpu_seconds` being the thread's CPU alone: time spent waiting must not count.
    from streams.worker import delivery

    real_process_record = delivery.process_record

    def waiting_then_working(source: Any, now: Any, cluster_reports: bool = False) -> Any:
        if source.offset == 0:
            time.sleep(0.05)  # waiting: wall time, next to no CPU
        else:
            started = time.thread_time()
            while time.thread_time() - started < 0.02:  # working: CPU time
                pass
        return real_process_record(source, now, cluster_reports)

    monkeypatch.setattr(delivery, "process_record", waiting_then_working)
    events = [RawEvent(RawMessage(offset, b"not json")) for offset in range(2)]
    waited, worked = (item.processed for item in asyncio.run(delivery.process_events(events)))
    assert waited.seconds >= 0.05
    assert waited.cpu_seconds < 0.025
    assert worked.cpu_seconds >= 0.02
    assert worked.seconds >= worked.cpu_seconds * 0.99
