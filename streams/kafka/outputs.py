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
delivery callbacks inside `poll`; a daemon thread polls, collects the
callbacks' results and hands each lot of them to the event loop in one
`call_soon_threadsafe`, where each group counts its acknowledgements and its
future resolves once all are in. The first failed delivery fails the group's
future (the checkpoint then stops the worker without committing). One future
per group, not per record: a future, a callback closure and a gather entry per
record were a third of the worker's framework time per article.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import Any

from confluent_kafka import KafkaError, KafkaException, Producer

from streams.records.topics import largest_record
from streams.settings import Settings

# How long the poll thread blocks in librdkafka waiting for delivery reports (it wakes
# at once when one arrives; this only bounds how late it notices a stop).
_POLL_S = 0.1


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


class AsyncProducer:
    """`send_all` hands records to librdkafka; one future, resolved at their acknowledgements."""

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config
        self._producer: Producer | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._reports: list[tuple[_Group, KafkaError | None]] = []
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def _start(self) -> Producer:
        """Create the client and its poll thread on the first send (inside the running loop)."""
        self._loop = asyncio.get_running_loop()
        producer = Producer(self._config)
        self._producer = producer
        self._thread = threading.Thread(target=self._poll, name="wirestream-outputs", daemon=True)
        self._thread.start()
        return producer

    def send_all(self, records: Sequence[Outgoing]) -> asyncio.Future[None]:
        """Queue records; one future, resolved once all are acknowledged (failed at a refusal)."""
        producer = self._producer or self._start()
        assert self._loop is not None
        group = _Group(self._loop.create_future(), len(records))
        if not records:
            group.future.set_result(None)
            return group.future

        def delivered(error: KafkaError | None, _message: Any) -> None:
            # Runs inside poll (the poll thread) or flush; the list is looked up now, not
            # captured, because the poll thread swaps it for a fresh one on every hand-over.
            self._reports.append((group, error))

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
        return group.future

    def _poll(self) -> None:
        """Serve delivery callbacks; hand each batch of results to the loop at once."""
        assert self._producer is not None and self._loop is not None
        while not self._stopping.is_set():
            self._producer.poll(_POLL_S)
            if self._reports:
                reports, self._reports = self._reports, []
                try:
                    self._loop.call_soon_threadsafe(_resolve, reports)
                except RuntimeError:  # the loop is closed: the process is ending
                    return

    def close(self, timeout_s: float = 10.0) -> int:
        """Deliver what is queued (up to `timeout_s`), stop the poll thread; records left."""
        if self._producer is None:
            return 0
        left: int = self._producer.flush(timeout_s)
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=1.0)
        return left


def _resolve(reports: list[tuple[_Group, KafkaError | None]]) -> None:
    """On the loop: each report counts toward its group; a refusal fails the group."""
    for group, error in reports:
        group.settle(None if error is None else DeliveryFailed(f"{error.name()}: {error.str()}"))
