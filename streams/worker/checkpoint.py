"""The worker's delivery rule as one object: a batch's outputs acknowledged before its offsets go.

`Checkpoint` (after Quix Streams' `checkpointing/checkpoint.py`) owns the
order in which a batch of processed raw records becomes durable:

- at-least-once: every output of the batch is handed to the producer; when the
  broker has acknowledged all of them (and every earlier batch has been
  released), the batch's source records are *released* to the consumer, which
  is then free to commit their offsets. Nothing else releases them, so no
  commit (timer, rebalance or stop) can pass an offset whose outputs are not
  all acknowledged.
- exactly-once: every output is sent in the transaction of its *source*
  partition; once all are acknowledged, the batch's next offsets are committed
  into those same transactions (one atomic commit per partition), then the
  records are released.

Pipelining (at-least-once): `submit` returns as soon as the batch's outputs are
handed over, while up to `max_in_flight` batches wait for their
acknowledgements in background tasks, so the next batch is extracted while
the previous one's acks travel. The background task releases a batch only
after its own acks *and* the previous batch's release, so releases stay in
order. Exactly-once never pipelines: a partition's next outputs would join the
open transaction and be committed with the previous batch's offsets.

A failed send fails the batch and every later one (none is released) and is
reported to `on_failure` at once, even while the agent waits for input; the
worker exits there (fail-stop) and a restart processes the batch again.

The dead-letter limit is asked about each batch before anything of it is sent:
a batch that crosses it is neither sent nor released, the earlier batches are
drained, and `submit` raises `DeadLetterLimitCrossed`.

No Kafka or Faust here: the producer and the consumer are the two protocols
below (`streams.worker.delivery` adapts Faust's; tests drive fakes).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from streams.observe.metrics import TimedOutcome
from streams.records.process import OutputRecord
from streams.worker.dead_letter_limit import Crossing, DeadLetterLimit


class Producer(Protocol):
    """Where outputs go: `send_all` hands a batch's outputs over, with one awaitable for them."""

    async def send_all(
        self, records: Sequence[tuple[OutputRecord, str | None]]
    ) -> Awaitable[object]:
        """Hand each (record, transaction) to the client; resolves once all are acknowledged.

        The awaitable raises if the broker cannot store any of them.
        """
        ...


class Consumer(Protocol):
    """Where source records came from: releases (at-least-once) and transaction commits."""

    def release(self, handles: Sequence[Hashable]) -> None:
        """These records are done: their offsets may be committed."""
        ...

    def transaction_for(self, topic: str, partition: int) -> str:
        """The transactional id of a source partition (exactly-once)."""
        ...

    async def commit_transactions(self, offsets: Mapping[tuple[str, int], int]) -> None:
        """Commit next offsets into the open transactions of their partitions (exactly-once)."""
        ...


@dataclass(frozen=True, slots=True)
class Item:
    """One processed raw record and the consumer's handle on it."""

    processed: TimedOutcome
    handle: Hashable


class PublishFailed(RuntimeError):
    """A batch's outputs could not all be stored: nothing of it (or after it) is released."""


class DeadLetterLimitCrossed(RuntimeError):
    """A batch crossed the dead-letter limit: it was neither sent nor released."""

    def __init__(self, crossing: Crossing, batch: Sequence[Item]) -> None:
        super().__init__(crossing.message())
        self.crossing = crossing
        self.batch = batch


class Checkpoint:
    """Sends each batch's outputs and releases or commits its offsets only after all are acked."""

    def __init__(
        self,
        producer: Producer,
        consumer: Consumer,
        *,
        exactly_once: bool = False,
        max_in_flight: int = 1,
        limit: DeadLetterLimit | None = None,
        on_emitted: Callable[[Sequence[TimedOutcome]], None] = lambda batch: None,
        on_failure: Callable[[BaseException, int], None] = lambda exc, records: None,
    ) -> None:
        self._producer = producer
        self._consumer = consumer
        self._exactly_once = exactly_once
        # Exactly-once never pipelines (module docstring).
        self._max_in_flight = 0 if exactly_once else max(0, max_in_flight)
        self._limit = limit
        self._on_emitted = on_emitted
        self._on_failure = on_failure
        self._in_flight: deque[asyncio.Task[None]] = deque()
        self._last: asyncio.Task[None] | None = None
        self.failure: BaseException | None = None

    @property
    def in_flight(self) -> int:
        """Batches handed over whose release has not happened yet."""
        return sum(not task.done() for task in self._in_flight)

    async def submit(self, batch: Sequence[Item]) -> None:
        """Send a batch's outputs; return once at most `max_in_flight` batches await acks."""
        self._raise_if_failed()
        if self._limit is not None:
            crossing = self._limit.observe(
                item.processed.outcome.rejection.code
                if item.processed.outcome.rejection is not None
                else None
                for item in batch
            )
            if crossing is not None:
                await self.drain()  # earlier batches are good: let them finish
                raise DeadLetterLimitCrossed(crossing, batch)
        outputs: list[tuple[OutputRecord, str | None]] = []
        offsets: dict[tuple[str, int], int] = {}
        for item in batch:
            source = item.processed.source
            key = (source.topic, source.partition)
            offsets[key] = max(offsets.get(key, 0), source.offset + 1)
            transaction = (
                self._consumer.transaction_for(source.topic, source.partition)
                if self._exactly_once
                else None
            )
            outputs.extend((record, transaction) for record in item.processed.outcome.outputs)
        acks = await self._producer.send_all(outputs)
        task = asyncio.ensure_future(self._complete(batch, acks, offsets, self._last))
        self._last = task
        self._in_flight.append(task)
        while self._in_flight and (
            self._in_flight[0].done() or len(self._in_flight) > self._max_in_flight
        ):
            await self._settle(self._in_flight.popleft())

    async def drain(self) -> None:
        """Wait until every batch handed over is released (raises PublishFailed if one failed)."""
        while self._in_flight:
            await self._settle(self._in_flight.popleft())

    async def _settle(self, task: asyncio.Task[None]) -> None:
        """Wait for a batch's task; a failure (already reported) becomes PublishFailed."""
        if not task.done():  # most are, by now: skip `wait`'s futures and callbacks
            await asyncio.wait([task])
        self._raise_if_failed()

    def _raise_if_failed(self) -> None:
        if self.failure is not None:
            raise PublishFailed(str(self.failure)) from self.failure

    async def _complete(
        self,
        batch: Sequence[Item],
        acks: Awaitable[object],
        offsets: Mapping[tuple[str, int], int],
        previous: asyncio.Task[None] | None,
    ) -> None:
        """Acks, then the previous batch's release, then (commit and) release this one."""
        try:
            await acks  # raises if any output was not stored
            if previous is not None:
                if not previous.done():
                    await asyncio.wait([previous])
                if self.failure is not None:
                    return  # an earlier batch failed: this one is not released either
            if self._exactly_once:
                await self._consumer.commit_transactions(offsets)
        except Exception as exc:
            if self.failure is None:
                self.failure = exc
                self._on_failure(exc, len(batch))
            return
        self._consumer.release([item.handle for item in batch])
        self._on_emitted([item.processed for item in batch])
