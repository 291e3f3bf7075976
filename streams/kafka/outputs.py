"""The worker's output producer: librdkafka (confluent-kafka) behind asyncio futures.

Why not Faust's producer: an article yields about ten output records, and each
send through Faust and aiokafka costs tens of microseconds of Python (the
pure-Python murmur2 partitioner, record and header encoding, the accumulator,
the sender coroutine): measured, the largest share of the worker's framework
time per article. librdkafka does all of that in C, off the event loop: a send
here is one `produce` call, and partitioning is librdkafka's `murmur2_random`,
the Java client's default (the same key lands on the same partition as with
any Java or aiokafka producer).

Acknowledgements: `send_all` hands a group of records over (a batch's ten or
two thousand outputs) and returns one future for the group. librdkafka runs
delivery callbacks inside `poll`, which is served on the event loop itself
while any record awaits its report (`poll(0)` every millisecond; the loop gets
a turn after every extraction). Each callback settles its group; the group's
future resolves once all are in, and the first failed delivery fails it (the
checkpoint then stops the worker without committing). One future per group,
not per record: a future, a callback closure and a gather entry per record were
a third of the worker's framework time per article.

Why not a thread that polls: a delivery callback is Python, and librdkafka
calls it with the GIL taken afresh for each report. Ten reports per article,
each wanting the GIL from a loop thread that holds it for a whole extraction,
made the loop wait for the poll thread, and the poll thread for the loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from confluent_kafka import KafkaError, KafkaException, Producer

from streams.records.topics import largest_record
from streams.settings import Settings

# How often the loop serves delivery reports while records await theirs (librdkafka
# acknowledges a local broker's acks=all in a few milliseconds).
_POLL_INTERVAL_S = 0.001


def librdkafka_config(settings: Settings) -> dict[str, Any]:
    """librdkafka options for the outputs: acks=all, the Java partitioner, the security settings."""
    config: dict[str, Any] = {
        "bootstrap.servers": settings.broker,
        "client.id": "wirestream-outputs",
        "acks": "all",
        "partitioner": "murmur2_random",
        # Outputs leave as soon as the previous request returns: no added wait at low rates,
        # and a backlog still makes large requests (records accumulate meanwhile).
        "linger.ms": 0,
        "message.max.bytes": largest_record(settings.max_message_bytes),
        "security.protocol": settings.security_protocol,
    }
    if settings.security_protocol.startswith("SASL_"):
        config["sasl.mechanisms"] = settings.sasl_mechanism
        config["sasl.username"] = settings.sasl_username or ""
        config["sasl.password"] = (
            settings.sasl_password.get_secret_value() if settings.sasl_password else ""
        )
    if settings.security_protocol.endswith("SSL") and settings.ssl_cafile is not None:
        config["ssl.ca.location"] = str(settings.ssl_cafile)
    return config


class DeliveryFailed(RuntimeError):
    """The broker did not store an output record."""


# One record for `send_all`: (topic, key, value, headers). A plain tuple, not a NamedTuple:
# ten are built per article, and a NamedTuple's `__new__` cost about 1 % of the loop thread.
Outgoing = tuple[str, bytes | None, bytes | None, Sequence[tuple[str, bytes]]]


class _Group:
    """A group of records sent together: counts their acknowledgements (on the loop)."""

    __slots__ = ("future", "pending")

    def __init__(self, future: asyncio.Future[None], pending: int) -> None:
        self.future = future
        self.pending = pending

    def settle(self, error: BaseException | None) -> None:
        """One record's outcome: the first failure fails the group, the last ack resolves it."""
        self.pending -= 1
        if self.future.done():
            return
        if error is not None:
            self.future.set_exception(error)
        elif self.pending == 0:
            self.future.set_result(None)


def _settle(group: _Group, error: KafkaError | None) -> None:
    """One delivery report for `group`: an ack, or a refusal that fails the group."""
    group.settle(None if error is None else DeliveryFailed(f"{error.name()}: {error.str()}"))


class AsyncProducer:
    """`send_all` hands records to librdkafka; one future, resolved at their acknowledgements.

    Use it from one event loop: the delivery reports are served there.
    """

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config
        self._producer: Producer | None = None
        self._unreported = 0  # records handed over whose delivery report was not served yet
        self._serving: asyncio.Task[None] | None = None

    def send_all(self, records: Sequence[Outgoing]) -> asyncio.Future[None]:
        """Queue records; one future, resolved once all are acknowledged (failed at a refusal)."""
        if self._producer is None:
            self._producer = Producer(self._config)
        producer = self._producer
        loop = asyncio.get_running_loop()
        group = _Group(loop.create_future(), len(records))
        if not records:
            group.future.set_result(None)
            return group.future

        def delivered(error: KafkaError | None, _message: Any) -> None:
            # Runs inside poll or flush, on the loop.
            self._unreported -= 1
            _settle(group, error)

        for topic, key, value, headers in records:
            try:
                producer.produce(topic, value, key, headers=list(headers), on_delivery=delivered)
            except BufferError:
                # The local queue is full (a broker far behind): wait for room, as aiokafka's
                # send would, then queue it.
                producer.flush(1.0)
                producer.produce(topic, value, key, headers=list(headers), on_delivery=delivered)
            except KafkaException as exc:
                group.settle(DeliveryFailed(f"{topic}: {exc}"))
                continue
            self._unreported += 1
        if self._unreported and (self._serving is None or self._serving.done()):
            self._serving = loop.create_task(self._serve_reports())
        return group.future

    async def _serve_reports(self) -> None:
        """Serve delivery reports on the loop while any record awaits its report."""
        producer = self._producer
        assert producer is not None
        while self._unreported > 0:
            producer.poll(0)
            if self._unreported > 0:
                await asyncio.sleep(_POLL_INTERVAL_S)

    def close(self, timeout_s: float = 10.0) -> int:
        """Deliver what is queued (up to `timeout_s`, on the loop's thread); records left."""
        if self._producer is None:
            return 0
        left: int = self._producer.flush(timeout_s)
        return left
