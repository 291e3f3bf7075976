"""The worker's Kafka consumer: Faust's aiokafka consumer, minus one ack that loses records.

Faust's stream iterator, when it takes a message from an agent's queue just as
a rebalance suspends the flow (or finds a message of an older generation),
skips the message without delivering it to the agent, and then acks it
("otherwise the lag would increase"). The rebalance commits that ack; the
partition, kept or moved, is sought to the committed offset, past the message,
and the record is never processed. At-least-once broken, one record at a time:
the scale-out fault test lost three raw records this way in one of three runs
(docs/RELIABILITY.md).

`WirestreamConsumer` refuses the ack of any message the stream did not deliver.
Faust marks each message it hands an agent `tracked` (and counts it among the
unacked that a rebalance waits for); a message acked without that mark was
never processed, so its offset stays uncommitted, and the seek after the
rebalance delivers it again. Everything else is Faust's aiokafka transport,
unchanged; `WirestreamApp` uses `WirestreamTransport` for its consumer.
"""

from __future__ import annotations

from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import Message


class WirestreamConsumer(faust_aiokafka.Consumer):
    """Faust's aiokafka consumer; a message its stream skipped without delivering stays unacked."""

    def ack(self, message: Message) -> bool:
        """Mark a delivered message's offset committable; refuse one that was never delivered."""
        if not message.tracked:
            return False
        return bool(super().ack(message))


class WirestreamTransport(faust_aiokafka.Transport):
    """Faust's aiokafka transport with `WirestreamConsumer`."""

    Consumer = WirestreamConsumer
