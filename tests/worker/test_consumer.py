"""The worker's consumer (streams/worker/consumer.py): Faust's, minus the ack of skipped messages.

The broker-level check is tests/faults/test_scale_out.py, where records were lost
when a rebalance began as the stream took them; here, the rule on Faust's own
message and consumer objects.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from faust.types import TP
from faust.types.tuples import ConsumerMessage

from streams.records.topics import RAW, topic_name
from streams.settings import Settings
from streams.worker.app import create_app
from streams.worker.consumer import WirestreamConsumer


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
