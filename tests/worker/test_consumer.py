"""The worker's consumer (streams/worker/consumer.py): Faust's, minus four ways to lose records.

The broker-level check is tests/faults/test_scale_out.py, where records were lost
at rebalances; here, each rule on Faust's own message and consumer objects and on
Faust's own drain loop over scripted fetches.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import pytest
from aiokafka import TopicPartition
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP, Message
from faust.types.tuples import ConsumerMessage
from mode import Service

from streams.records.topics import RAW, topic_name
from streams.settings import Settings
from streams.worker.app import create_app
from streams.worker.consumer import WirestreamConsumer, WirestreamConsumerThread


def test_the_worker_consumes_through_the_wirestream_consumer(tmp_path: Path) -> None:
    async def consumer_type() -> type:
        return type(create_app(Settings(state_dir=tmp_path, consumer_group="type")).consumer)

    assert asyncio.run(consumer_type()) is WirestreamConsumer


def test_a_message_the_stream_skipped_without_delivering_is_not_acked(tmp_path: Path) -> None:
    """Faust's stream acks a message it skipped at a rebalance; committed, it would be lost."""
    settings = Settings(state_dir=tmp_path, consumer_group="acks")

    async def acks() -> tuple[bool, bool, bool, list[int]]:
        app = create_app(settings)
        consumer = app.consumer
        raw = topic_name(RAW, settings.topic_prefix)
        app.topics.acking_topics.add(raw)  # as Faust's conductor does once the agent starts
        tp = TP(raw, 0)

        def message(offset: int) -> ConsumerMessage:
            return ConsumerMessage(raw, 0, offset, 0.0, 0, [], b"k", b"v", None, 1, 1, tp)

        skipped, delivered = message(7), message(8)
        delivered.tracked = True  # what the stream does to each message it hands an agent
        return (
            skipped.ack(consumer),
            delivered.ack(consumer),
            skipped.acked,
            list(consumer._acked[tp]),
        )

    skipped_acked, delivered_acked, skipped_marked, committable = asyncio.run(acks())
    assert (skipped_acked, delivered_acked) == (False, True)
    assert not skipped_marked  # a later delivery of the same message can still be acked
    assert committable == [8]


# What the drain sees is scripted: each fetch is a list of offsets on one raw partition,
# and a fetch may carry a rebalance's seek to the committed offset, taken while it was
# under way (the records it returns were fetched from the position before that seek).
Fetch = tuple[int | None, list[int]]  # (committed offset the seek moves to, or None; offsets)


def drain(tmp_path: Path, fetches: list[Fetch], acked: list[int]) -> tuple[list[int], int | None]:
    """Run Faust's own drain loop over scripted fetches with the worker's consumer.

    Returns the offsets delivered to the agent's callback (in order), and the offset a
    commit would go to once the offsets in `acked` (each delivered) are acked.
    """
    settings = Settings(state_dir=tmp_path, consumer_group="drain")

    async def run() -> tuple[list[int], int | None]:
        app = create_app(settings)
        consumer = cast(WirestreamConsumer, app.consumer)
        raw = topic_name(RAW, settings.topic_prefix)
        app.topics.acking_topics.add(raw)
        tp = TP(raw, 0)
        committed_to = 0
        delivered: list[Message] = []
        script = list(fetches)
        fetcher = Service()

        async def callback(message: Message) -> None:
            delivered.append(message)

        async def seek_to_committed(self: object) -> dict[TP, int]:
            consumer.seeks.sought(tp, committed_to)  # what aiokafka's seek does through the thread
            return {tp: committed_to}

        async def scripted_getmany(self: object, timeout: float) -> AsyncIterator[tuple[TP, Any]]:
            nonlocal committed_to
            if not script:
                fetcher._stopped.set()
                return
            seek, offsets = script.pop(0)
            consumer.fetched_after_seek = consumer.seeks.latest  # the thread's stamp on a fetch
            if seek is not None:
                committed_to = seek
                await consumer.perform_seek()  # the rebalance's seek, after this fetch returned
            for offset in offsets:
                message = ConsumerMessage(raw, 0, offset, 0.0, 0, [], b"k", b"v", None, 1, 1, tp)
                yield tp, message

        consumer.callback = callback
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(faust_aiokafka.Consumer, "getmany", scripted_getmany)
            patch.setattr(faust_aiokafka.Consumer, "seek_to_committed", seek_to_committed)
            await consumer._drain_messages(fetcher)
        for message in delivered:
            if message.offset in acked:
                message.tracked = True  # the stream delivered it to the agent
                message.ack(consumer)
        return [m.offset for m in delivered], consumer._new_offset(tp)

    return asyncio.run(run())


def test_records_fetched_before_a_rebalance_seek_are_fetched_again_not_dropped(
    tmp_path: Path,
) -> None:
    """The scale-out loss: a fetch under way at the seek to 10 returns 11 afterwards.

    Faust took 11 as read and then dropped the re-fetched 10 as already read, so 10 was
    never processed, and a commit after 11's ack went to 12.
    """
    delivered, commit_to = drain(tmp_path, [(10, [11]), (None, [10, 11, 12])], acked=[10, 11, 12])
    assert delivered == [10, 11, 12]
    assert commit_to == 13


def test_no_commit_passes_the_committed_offset_while_its_record_is_unacked(
    tmp_path: Path,
) -> None:
    """Delivered 10, 11, 12 after a seek to 10; 11 and 12 acked, 10 still in the agent."""
    delivered, commit_to = drain(tmp_path, [(10, []), (None, [10, 11, 12])], acked=[11, 12])
    assert delivered == [10, 11, 12]
    assert commit_to is None  # Faust's own rule would commit 13, past the unprocessed 10


def test_offsets_the_fetch_jumped_over_are_committed_past(tmp_path: Path) -> None:
    """No record at 10 (a transaction marker) nor at 13-14 (aborted): commits go past them."""
    delivered, commit_to = drain(tmp_path, [(10, []), (None, [11, 12, 15])], acked=[11, 12, 15])
    assert delivered == [11, 12, 15]
    assert commit_to == 16


def test_the_consumer_thread_numbers_each_seek_and_stamps_each_fetch(tmp_path: Path) -> None:
    """The wiring the stale-record rule rests on, on Faust's thread and aiokafka's consumer."""
    settings = Settings(state_dir=tmp_path, consumer_group="seeks")

    async def stamps() -> tuple[int, int, int, int]:
        app = create_app(settings)
        consumer = cast(WirestreamConsumer, app.consumer)
        thread = consumer._thread
        assert isinstance(thread, WirestreamConsumerThread)
        kafka = thread._create_worker_consumer(app.transport)
        tp = TopicPartition(topic_name(RAW, settings.topic_prefix), 3)
        kafka._subscription.assign_from_user({tp})
        kafka._subscription.seek(tp, 42)
        first = consumer.seeks.last[tp]
        kafka._subscription.seek(tp, 40)
        consumer.stop_flow()  # the fetch then returns at once, with nothing
        await thread._fetch_records(kafka, {tp}, timeout=0)
        return (
            first,
            consumer.seeks.last[tp],
            consumer.seeks.next_offset[tp],
            consumer.fetched_after_seek,
        )

    first, second, expected, stamp = asyncio.run(stamps())
    assert 0 < first < second
    assert expected == 40
    assert stamp == second


@pytest.mark.parametrize(("configured", "expected"), [(None, 100), (250, 250)])
def test_an_empty_fetch_waits_at_the_broker_as_configured_not_faust_s_1500_ms(
    tmp_path: Path, configured: int | None, expected: int
) -> None:
    """A fetch for idle partitions alone would hold records behind it for Faust's 1.5 s."""
    overrides = {} if configured is None else {"fetch_max_wait_ms": configured}
    settings = Settings(state_dir=tmp_path, consumer_group="wait", **overrides)

    async def fetch_wait_ms() -> int:
        app = create_app(settings)
        thread = cast(WirestreamConsumer, app.consumer)._thread
        kafka = thread._create_worker_consumer(app.transport)
        return int(kafka._fetch_max_wait_ms)  # what aiokafka's fetcher is built with at start

    assert asyncio.run(fetch_wait_ms()) == expected


def test_a_record_never_acked_while_later_ones_are_is_fetched_again(tmp_path: Path) -> None:
    """Commits wait at the hole; once it outlasts `rewind_after_s`, the partition is sought back."""
    settings = Settings(state_dir=tmp_path, consumer_group="rewind")

    async def rewind() -> tuple[int | None, int | None, list[dict[TP, int]]]:
        app = create_app(settings)
        consumer = cast(WirestreamConsumer, app.consumer)
        raw = topic_name(RAW, settings.topic_prefix)
        app.topics.acking_topics.add(raw)
        tp = TP(raw, 0)
        consumer._committed_offset[tp] = 10  # as the last commit (or a rebalance's seek) left it
        sought: list[dict[TP, int]] = []

        async def seek_wait(self: object, partitions: dict[TP, int]) -> None:
            sought.append(dict(partitions))

        for offset in (11, 12):  # 10 went to the stream and was never processed
            message = ConsumerMessage(raw, 0, offset, 0.0, 0, [], b"k", b"v", None, 1, 1, tp)
            message.tracked = True
            message.ack(consumer)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(faust_aiokafka.Consumer, "seek_wait", seek_wait)
            first = consumer._new_offset(tp)  # held, not yet sought back
            await asyncio.sleep(0)
            held = list(sought)
            consumer.rewind_after_s = 0.0
            second = consumer._new_offset(tp)  # still held, and now sought back to 10
            await asyncio.sleep(0.05)
        assert held == []
        return first, second, sought

    first, second, sought = asyncio.run(rewind())
    assert (first, second) == (None, None)
    assert [list(partitions.values()) for partitions in sought] == [[10]]


def test_resuming_a_flow_that_is_not_suspended_keeps_the_queued_records(tmp_path: Path) -> None:
    """Table recovery resumes the flow twice; Faust cleared records queued in between."""
    settings = Settings(state_dir=tmp_path, consumer_group="flow")

    async def queued() -> tuple[int, int]:
        app = create_app(settings)
        flow = app.flow_control
        queue = app.FlowControlQueue(maxsize=10, clear_on_resume=True)  # as an agent channel has
        flow.resume()  # recovery's first resume, before the seek to the committed offsets
        queue.put_nowait("a record delivered after the seek")
        flow.resume()  # recovery's second resume, after it
        kept = queue.qsize()
        flow.suspend()  # a rebalance
        flow.resume()  # what was queued before the seek is stale: cleared, as in Faust
        return kept, queue.qsize()

    assert asyncio.run(queued()) == (1, 0)


def _worker_consumer(tmp_path: Path, group: str) -> WirestreamConsumer:
    """The worker app's consumer (call inside a running loop)."""
    app = create_app(Settings(state_dir=tmp_path, consumer_group=group))
    return cast(WirestreamConsumer, app.consumer)


def test_a_record_handed_over_without_waiting_takes_no_task_of_its_own(tmp_path: Path) -> None:
    """Faust ran each hand-over in `wait_first` (four tasks a record); it now runs inline."""
    runners: list[asyncio.Task[Any] | None] = []

    async def run() -> asyncio.Task[Any] | None:
        consumer = _worker_consumer(tmp_path, "inline")

        async def hand_over() -> None:
            runners.append(asyncio.current_task())

        await consumer._hand_over(hand_over())
        await consumer._hand_over(hand_over())
        return asyncio.current_task()

    caller = asyncio.run(run())
    assert runners == [caller, caller]


def test_a_hand_over_that_waits_finishes_once_its_wait_is_over(tmp_path: Path) -> None:
    """A full queue or paused flow makes the hand-over wait; it resumes where it stopped."""

    async def run() -> list[str]:
        consumer = _worker_consumer(tmp_path, "waits")
        room = asyncio.Event()
        steps: list[str] = []

        async def hand_over() -> None:
            steps.append("waits")
            await room.wait()
            steps.append("delivered")

        asyncio.get_running_loop().call_later(0.05, room.set)
        await consumer._hand_over(hand_over())
        return steps

    assert asyncio.run(run()) == ["waits", "delivered"]


@pytest.mark.parametrize("waits_on", ["a future", "the next turn of the loop"])
def test_a_waiting_hand_over_is_cancelled_when_the_flow_is_suspended(
    tmp_path: Path, waits_on: str
) -> None:
    """As in Faust's drain: a rebalance suspends the flow and the waiting record is dropped."""

    async def run() -> tuple[list[str], bool]:
        consumer = _worker_consumer(tmp_path, "suspended")
        never = asyncio.Event()
        steps: list[str] = []

        async def hand_over() -> None:
            steps.append("waits")
            try:
                if waits_on == "a future":
                    await never.wait()
                else:  # no future to cancel: only the error thrown into it stops it
                    while not never.is_set():
                        await asyncio.sleep(0)
                steps.append("delivered")
            except asyncio.CancelledError:
                steps.append("cancelled")
                raise

        asyncio.get_running_loop().call_later(0.05, consumer.suspend_flow.set)
        await asyncio.wait_for(consumer._hand_over(hand_over()), timeout=5)
        for _ in range(3):  # the losing hand-over's cancellation is delivered
            await asyncio.sleep(0)
        return list(steps), never.is_set()

    steps, woke = asyncio.run(run())
    assert steps == ["waits", "cancelled"]
    assert not woke


def test_a_waiting_hand_over_s_error_reaches_the_drain(tmp_path: Path) -> None:
    """An error raised after the wait propagates, as it did through `wait_first`."""

    async def run() -> None:
        consumer = _worker_consumer(tmp_path, "error")

        async def hand_over() -> None:
            await asyncio.sleep(0.01)
            raise ValueError("undecodable record")

        await consumer._hand_over(hand_over())

    with pytest.raises(ValueError, match="undecodable record"):
        asyncio.run(run())
