"""The producer side of ingest: pacing, delivery tracking, progress and the report on stderr.

Records are sent asynchronously; the producer's I/O thread only drops outcomes
into a queue, and the main thread counts and reports them, so the progress
bar and stderr are written from one thread.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

import click
from kafka.errors import KafkaError
from tqdm import tqdm  # type: ignore[import-untyped]

from schemas import RawArticle
from streams.records.codec import encode_article

PROG = "wirestream ingest"


class Pacer:
    """Spaces sends `1/rate` seconds apart; after a stall it restarts the schedule, never bursts."""

    def __init__(self, rate: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        if rate is not None and rate <= 0:
            raise ValueError("rate must be positive")
        self._interval = 1.0 / rate if rate else 0.0
        self._clock = clock
        self._next: float | None = None

    def delay(self) -> float:
        """Seconds to wait before the next send (0 when unpaced); books that send's slot."""
        if not self._interval:
            return 0.0
        now = self._clock()
        slot = now if self._next is None else max(self._next, now)
        self._next = slot + self._interval
        return slot - now


@dataclass
class Tally:
    """What happened to the inputs so far."""

    sent: int = 0
    rejected: int = 0
    failed: int = 0

    def summary(self, topic: str) -> str:
        """The one summary line printed at exit."""
        failed = f", {self.failed} failed" if self.failed else ""
        return f"{PROG}: {self.sent} sent, {self.rejected} rejected{failed}, topic {topic}"


class Reporter:
    """Writes `wirestream ingest: LOCATION: MESSAGE` lines and drives the progress bar."""

    def __init__(
        self, tally: Tally, stream: TextIO | None = None, progress: bool | None = None
    ) -> None:
        self.tally = tally
        self._stream = stream if stream is not None else sys.stderr
        show = self._stream.isatty() if progress is None else progress
        self._bar: Any = (
            tqdm(desc="ingest", unit=" records", file=self._stream, dynamic_ncols=True)
            if show
            else None
        )

    def error(self, location: str, message: str) -> None:
        """One problem line on stderr (above the progress bar when there is one)."""
        self._plain(f"{PROG}: {location}: {message}")

    def reject(self, location: str, message: str) -> None:
        """Report and count an input that cannot be published."""
        self.tally.rejected += 1
        self.error(location, message)
        self._refresh()

    def delivered(self, count: int = 1) -> None:
        """Count records the broker acknowledged."""
        self.tally.sent += count
        if self._bar is not None:
            self._bar.update(count)

    def failed(self, location: str, message: str, count: int = 1) -> None:
        """Report and count records the broker did not take."""
        self.tally.failed += count
        self.error(location, f"send failed: {message}")
        self._refresh()

    def info(self, message: str) -> None:
        """A status line that is not about one input."""
        self._plain(f"{PROG}: {message}")

    def close(self, topic: str) -> None:
        """Close the bar and print the summary line (always, bar or not)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        click.echo(self.tally.summary(topic), file=self._stream)

    def _plain(self, line: str) -> None:
        if self._bar is not None:
            self._bar.write(line, file=self._stream)
        else:
            click.echo(line, file=self._stream)

    def _refresh(self) -> None:
        if self._bar is not None:
            postfix = {"rejected": self.tally.rejected}
            if self.tally.failed:
                postfix["failed"] = self.tally.failed
            self._bar.set_postfix(postfix, refresh=True)


@dataclass
class Delivery:
    """The outcome of one send: pending until the broker answers."""

    location: str
    key: str
    done: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True once the broker acknowledged the record."""
        return self.done and self.error is None


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What the producer's I/O thread learned about one delivery."""

    delivery: Delivery
    error: str | None = None


class Publisher:
    """Sends RawArticles to one topic (key = id), paced, and accounts for every acknowledgment."""

    def __init__(
        self,
        producer: Any,
        topic: str,
        reporter: Reporter,
        *,
        rate: float | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self._producer = producer
        self.topic = topic
        self._reporter = reporter
        self._pacer = Pacer(rate)
        self._stop = stop if stop is not None else threading.Event()
        self._outcomes: queue.SimpleQueue[_Outcome] = queue.SimpleQueue()
        self._pending = 0

    def send(self, article: RawArticle, location: str) -> Delivery | None:
        """Queue one article for sending; None when a stop was requested while pacing."""
        delay = self._pacer.delay()
        if delay > 0 and self._stop.wait(delay):
            return None
        delivery = Delivery(location, article.id)
        try:
            future = self._producer.send(
                self.topic, key=article.id.encode("utf-8"), value=encode_article(article)
            )
        except KafkaError as exc:
            self._finish(_Outcome(delivery, describe(exc)))
            return delivery
        self._pending += 1
        future.add_callback(lambda _meta: self._outcomes.put(_Outcome(delivery)))
        future.add_errback(lambda exc: self._outcomes.put(_Outcome(delivery, describe(exc))))
        self._drain(block=False)
        return delivery

    def flush(self) -> None:
        """Wait until the broker has answered for every record sent so far, and account for it."""
        try:
            self._producer.flush()
        except KafkaError as exc:
            # The records it gave up on never get an answer; _drain counts them as failed.
            self._reporter.error(self.topic, f"flush failed: {describe(exc)}")
        self._drain(block=True)

    def _drain(self, *, block: bool) -> None:
        while self._pending:
            try:
                # After flush every future has completed, so a short wait is only a safety net.
                outcome = self._outcomes.get(timeout=5.0) if block else self._outcomes.get_nowait()
            except queue.Empty:
                if block:
                    self._abandon()
                return
            self._pending -= 1
            self._finish(outcome)

    def _abandon(self) -> None:
        """Count records the producer never answered for (flush gave up) as failed."""
        count, self._pending = self._pending, 0
        self._reporter.failed(self.topic, f"{count} record(s) never acknowledged", count)

    def _finish(self, outcome: _Outcome) -> None:
        delivery = outcome.delivery
        delivery.done = True
        delivery.error = outcome.error
        if outcome.error is None:
            self._reporter.delivered()
        else:
            self._reporter.failed(delivery.location, f"article {delivery.key}: {outcome.error}")


def describe(exc: BaseException) -> str:
    """An exception as `Type: message` on one line."""
    name = type(exc).__name__
    # kafka-python broker errors read "[Error 10] MessageSizeTooLargeError: None".
    text = " ".join(str(exc).split()).removesuffix(": None")
    if not text:
        return name
    # kafka-python errors already name their class in the message.
    return text if name in text else f"{name}: {text}"
