"""The checkpoint with a fake producer and consumer: every ordering of acknowledgements,
failures and rebalances, at-least-once (pipelined and not) and exactly-once. No broker: the
fakes record what the checkpoint did and when (the broker tests in test_app.py and
tests/faults drive the same object through Faust)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable, Coroutine, Hashable, Mapping, Sequence
from typing import Any

import pytest

from streams.observe.metrics import TimedOutcome
from streams.records.codec import EXTRACTOR_FAILED, Rejection
from streams.records.process import Outcome, OutputRecord, SourceRecord
from streams.worker.checkpoint import (
    Checkpoint,
    DeadLetterLimitCrossed,
    Item,
    PublishFailed,
)
from streams.worker.dead_letter_limit import CodeLimit, DeadLetterLimit

RAW = "wire.articles.raw"


class FakeProducer:
    """Each record sent gets a future the test resolves (ack) or fails, in any order."""

    def __init__(self) -> None:
        self.sent: list[tuple[OutputRecord, str | None, asyncio.Future[object]]] = []
        self.log: list[tuple[str, Any]] | None = None

    async def send_all(
        self, records: Sequence[tuple[OutputRecord, str | None]]
    ) -> Awaitable[object]:
        futures = []
        for record, transaction in records:
            future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
            self.sent.append((record, transaction, future))
            if self.log is not None:
                self.log.append(("send", record.key))
            futures.append(future)
        return asyncio.gather(*futures)

    def ack(self, index: int) -> None:
        self.sent[index][2].set_result(None)

    def fail(self, index: int) -> None:
        self.sent[index][2].set_exception(RuntimeError(f"output {index} refused"))


class FakeConsumer:
    """Records releases and transaction commits; `revoke` waits like Faust's wait_empty."""

    def __init__(self, log: list[tuple[str, Any]]) -> None:
        self.log = log
        self.held: set[Hashable] = set()
        self.released: list[Hashable] = []
        self.commit_error: Exception | None = None

    def hold(self, handles: Sequence[Hashable]) -> None:
        self.held.update(handles)

    def release(self, handles: Sequence[Hashable]) -> None:
        assert set(handles) <= self.held, "released a record that was never held"
        self.held.difference_update(handles)
        self.released.extend(handles)
        self.log.append(("release", tuple(handles)))

    def transaction_for(self, topic: str, partition: int) -> str:
        return f"txn-{topic}-{partition}"

    async def commit_transactions(self, offsets: Mapping[tuple[str, int], int]) -> None:
        await asyncio.sleep(0)
        if self.commit_error is not None:
            raise self.commit_error
        self.log.append(("commit", dict(offsets)))

    async def revoke(self) -> None:
        """A rebalance: returns once every held record is released (Faust's wait_empty)."""
        while self.held:
            await asyncio.sleep(0)


def outcome_for(key: str, outputs: int, code: str | None = None) -> Outcome:
    if code is not None:
        return Outcome(
            [OutputRecord("wire.articles.dlq", key.encode(), b"x")], Rejection(code, "x")
        )
    return Outcome(
        [
            OutputRecord("wire.events.statement", f"{key}/{i}".encode(), b"{}")
            for i in range(outputs)
        ]
    )


def batch(
    name: str, offsets: Sequence[int], outputs: int = 2, partition: int = 0, code: str | None = None
) -> list[Item]:
    """Items with handles `name:offset`, each with `outputs` outputs (or one dead letter)."""
    return [
        Item(
            TimedOutcome(
                SourceRecord(RAW, partition, offset, None, b"{}"),
                outcome_for(f"{name}:{offset}", outputs, code),
                0.001,
                0.001,
            ),
            f"{name}:{offset}",
        )
        for offset in offsets
    ]


class Harness:
    """A checkpoint wired to the fakes, with everything it reports collected."""

    def __init__(self, **options: Any) -> None:
        self.log: list[tuple[str, Any]] = []
        self.producer = FakeProducer()
        self.consumer = FakeConsumer(self.log)
        self.emitted: list[list[int]] = []
        self.failures: list[tuple[str, int]] = []
        self.checkpoint = Checkpoint(
            self.producer,
            self.consumer,
            on_emitted=lambda done: self.emitted.append([p.source.offset for p in done]),
            on_failure=lambda exc, n: self.failures.append((str(exc), n)),
            **options,
        )

    async def submit(self, items: list[Item]) -> None:
        self.consumer.hold([item.handle for item in items])
        await self.checkpoint.submit(items)

    def releases(self) -> list[tuple[Hashable, ...]]:
        return [entry for kind, entry in self.log if kind == "release"]


async def settle() -> None:
    """Let every ready task run (the checkpoint's background completions)."""
    for _ in range(10):
        await asyncio.sleep(0)


def run(test: Callable[[], Coroutine[Any, Any, None]]) -> None:
    asyncio.run(test())


def test_a_batch_is_released_only_when_every_output_is_acked_in_any_order() -> None:
    for order in itertools.permutations(range(4)):

        async def scenario(order: tuple[int, ...] = order) -> None:
            h = Harness(max_in_flight=1)
            await h.submit(batch("a", [0, 1]))  # 4 outputs
            assert len(h.producer.sent) == 4
            for i, index in enumerate(order):
                assert h.releases() == [], f"released after {i} of 4 acks ({order})"
                h.producer.ack(index)
                await settle()
            assert h.releases() == [("a:0", "a:1")]
            assert h.emitted == [[0, 1]]

        run(scenario)


def test_pipelined_batches_are_released_in_order_whatever_the_ack_order() -> None:
    """Batch b's acks may all come first; it still waits for batch a's release."""
    for order in itertools.permutations(range(4)):

        async def scenario(order: tuple[int, ...] = order) -> None:
            h = Harness(max_in_flight=2)
            await h.submit(batch("a", [0], outputs=2))
            await h.submit(batch("b", [1], outputs=2))  # returns before any ack: pipelined
            assert len(h.producer.sent) == 4 and h.releases() == []
            for index in order:
                h.producer.ack(index)
                await settle()
                released = h.releases()
                if ("b:1",) in released:
                    assert released.index(("a:0",)) < released.index(("b:1",))
            assert h.releases() == [("a:0",), ("b:1",)]
            assert h.emitted == [[0], [1]]

        run(scenario)


def test_submit_returns_once_at_most_max_in_flight_batches_await_acks() -> None:
    async def scenario() -> None:
        h = Harness(max_in_flight=1)
        await h.submit(batch("a", [0], outputs=1))
        third = asyncio.ensure_future(h.submit(batch("b", [1], outputs=1)))
        await settle()
        assert not third.done(), "two batches in flight with max_in_flight=1"
        assert len(h.producer.sent) == 2, "the next batch is sent while the previous one waits"
        h.producer.ack(0)
        await settle()
        assert third.done() and h.releases() == [("a:0",)]
        assert h.checkpoint.in_flight == 1

    run(scenario)


def test_without_pipelining_submit_waits_for_its_own_release() -> None:
    async def scenario() -> None:
        h = Harness(max_in_flight=0)
        submitted = asyncio.ensure_future(h.submit(batch("a", [0, 1], outputs=1)))
        await settle()
        assert not submitted.done()
        h.producer.ack(1)
        await settle()
        assert not submitted.done()
        h.producer.ack(0)
        await settle()
        assert submitted.done() and h.releases() == [("a:0", "a:1")]

    run(scenario)


def test_a_failed_output_releases_nothing_of_its_batch_or_any_later_one() -> None:
    """Every position of the failing output among two pipelined batches, every ack order."""
    for failing in range(4):
        for order in itertools.permutations([i for i in range(4) if i != failing]):

            async def scenario(failing: int = failing, order: tuple[int, ...] = order) -> None:
                h = Harness(max_in_flight=2)
                await h.submit(batch("a", [0], outputs=2))
                await h.submit(batch("b", [1], outputs=2))
                h.producer.fail(failing)
                for index in order:
                    h.producer.ack(index)
                await settle()
                released = [handle for entry in h.releases() for handle in entry]
                if failing < 2:  # batch a failed: nothing at all
                    assert released == []
                else:  # batch b failed: a (all acked) goes, b does not
                    assert released == ["a:0"]
                assert len(h.failures) == 1 and "refused" in h.failures[0][0]
                with pytest.raises(PublishFailed):
                    await h.checkpoint.submit(batch("c", [2]))
                assert len(h.producer.sent) == 4, "nothing is sent after a failure"

            run(scenario)


def test_a_failure_is_reported_at_once_even_when_no_batch_follows() -> None:
    async def scenario() -> None:
        h = Harness(max_in_flight=1)
        await h.submit(batch("a", [0], outputs=3))
        h.producer.ack(0)
        h.producer.fail(2)
        await settle()
        assert h.failures == [("output 2 refused", 1)]
        with pytest.raises(PublishFailed):
            await h.checkpoint.drain()

    run(scenario)


def test_a_rebalance_waits_for_in_flight_acks_without_another_submit() -> None:
    """Faust's wait_empty needs the releases; they come from the acks, not from the next batch."""
    for order in itertools.permutations(range(3)):

        async def scenario(order: tuple[int, ...] = order) -> None:
            h = Harness(max_in_flight=2)
            await h.submit(batch("a", [0], outputs=1))
            await h.submit(batch("b", [1, 2], outputs=1))
            revoke = asyncio.ensure_future(h.consumer.revoke())
            for index in order[:-1]:
                h.producer.ack(index)
                await settle()
                assert not revoke.done(), "a rebalance finished with outputs unacknowledged"
            h.producer.ack(order[-1])
            await settle()
            assert revoke.done()
            assert h.releases() == [("a:0",), ("b:1", "b:2")]

        run(scenario)


def test_a_rebalance_with_a_failed_batch_never_sees_its_release() -> None:
    async def scenario() -> None:
        h = Harness(max_in_flight=1)
        await h.submit(batch("a", [0], outputs=2))
        revoke = asyncio.ensure_future(h.consumer.revoke())
        h.producer.ack(0)
        h.producer.fail(1)
        await settle()
        assert not revoke.done() and h.releases() == [] and h.failures
        revoke.cancel()

    run(scenario)


def test_exactly_once_sends_in_the_source_transaction_and_commits_after_every_ack() -> None:
    for order in itertools.permutations(range(4)):

        async def scenario(order: tuple[int, ...] = order) -> None:
            h = Harness(exactly_once=True, max_in_flight=3)
            items = batch("a", [4], outputs=2, partition=0) + batch(
                "a", [7], outputs=2, partition=3
            )
            submitted = asyncio.ensure_future(h.submit(items))
            await settle()
            assert [t for _, t, _ in h.producer.sent] == [f"txn-{RAW}-0"] * 2 + [f"txn-{RAW}-3"] * 2
            for index in order:
                assert not any(kind == "commit" for kind, _ in h.log)
                assert not submitted.done(), "exactly-once never pipelines"
                h.producer.ack(index)
                await settle()
            assert submitted.done()
            kinds = [kind for kind, _ in h.log]
            assert kinds == ["commit", "release"], "offsets commit before the records are released"
            assert h.log[0][1] == {(RAW, 0): 5, (RAW, 3): 8}

        run(scenario)


def test_exactly_once_with_a_failed_output_or_commit_commits_and_releases_nothing() -> None:
    async def failed_output() -> None:
        h = Harness(exactly_once=True)
        submitted = asyncio.ensure_future(h.submit(batch("a", [0], outputs=2)))
        await settle()
        h.producer.ack(0)
        h.producer.fail(1)
        await settle()
        with pytest.raises(PublishFailed):
            await submitted
        assert h.log == [] and len(h.failures) == 1

    async def failed_commit() -> None:
        h = Harness(exactly_once=True)
        h.consumer.commit_error = RuntimeError("fenced")
        submitted = asyncio.ensure_future(h.submit(batch("a", [0], outputs=1)))
        await settle()
        h.producer.ack(0)
        await settle()
        with pytest.raises(PublishFailed, match="fenced"):
            await submitted
        assert h.releases() == [] and h.failures == [("fenced", 1)]

    run(failed_output)
    run(failed_commit)


def test_a_batch_that_crosses_the_dead_letter_limit_is_neither_sent_nor_released() -> None:
    async def scenario() -> None:
        limit = DeadLetterLimit({EXTRACTOR_FAILED: CodeLimit(100, None, 2)})
        h = Harness(max_in_flight=2, limit=limit)
        await h.submit(batch("a", [0, 1], code=EXTRACTOR_FAILED))  # 2 in a row: at the limit
        crossing = asyncio.ensure_future(h.submit(batch("b", [2], code=EXTRACTOR_FAILED)))
        await settle()
        assert len(h.producer.sent) == 2, "the crossing batch's dead letter was sent"
        assert not crossing.done(), "the batches before it are drained first"
        h.producer.ack(0)
        h.producer.ack(1)
        await settle()
        with pytest.raises(DeadLetterLimitCrossed) as crossed:
            await crossing
        assert crossed.value.crossing.code == EXTRACTOR_FAILED
        assert crossed.value.crossing.consecutive == 3
        assert [i.handle for i in crossed.value.batch] == ["b:2"]
        assert h.releases() == [("a:0", "a:1")] and "b:2" in h.consumer.held

    run(scenario)


def test_dead_letters_of_codes_without_a_limit_flow_through() -> None:
    async def scenario() -> None:
        limit = DeadLetterLimit({EXTRACTOR_FAILED: CodeLimit(10, 0.1, 1)})
        h = Harness(max_in_flight=0, limit=limit)
        for offset in range(5):
            submitted = asyncio.ensure_future(h.submit(batch("a", [offset], code="invalid_json")))
            await settle()
            h.producer.ack(offset)
            await submitted
        assert len(h.releases()) == 5

    run(scenario)
