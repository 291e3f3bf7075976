"""Pacing, the stderr report and the progress bar: no Kafka needed."""

from __future__ import annotations

import io

import pytest
from kafka.errors import MessageSizeTooLargeError

from streams.ingest.publish import Pacer, Reporter, Tally, describe


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_pacer_spaces_sends_on_a_fixed_schedule() -> None:
    clock = FakeClock()
    pacer = Pacer(4.0, clock=clock)
    delays = []
    for _ in range(4):
        delay = pacer.delay()
        delays.append(delay)
        clock.now += delay  # the caller sleeps that long, sending takes no time
    assert delays == [0.0, 0.25, 0.25, 0.25]


def test_pacer_counts_time_spent_between_sends() -> None:
    clock = FakeClock()
    pacer = Pacer(2.0, clock=clock)
    assert pacer.delay() == 0.0
    clock.now += 0.2  # reading the next input took 0.2 s of the 0.5 s slot
    assert pacer.delay() == pytest.approx(0.3)


def test_pacer_does_not_burst_after_a_stall() -> None:
    clock = FakeClock()
    pacer = Pacer(10.0, clock=clock)
    assert pacer.delay() == 0.0
    clock.now += 5.0  # e.g. follow mode sleeping between polls
    assert pacer.delay() == 0.0
    assert pacer.delay() == pytest.approx(0.1)


def test_unpaced_and_invalid_rates() -> None:
    assert Pacer(None).delay() == 0.0
    with pytest.raises(ValueError):
        Pacer(0.0)


def test_report_without_terminal_is_lines_and_one_summary() -> None:
    stream = io.StringIO()
    reporter = Reporter(Tally(), stream=stream)
    reporter.reject("a.jsonl:3", "missing body")
    reporter.delivered(12)
    reporter.failed("a.jsonl", "article x: timed out")
    reporter.close("p.wire.articles.raw")
    assert stream.getvalue().splitlines() == [
        "wirestream ingest: a.jsonl:3: missing body",
        "wirestream ingest: a.jsonl: send failed: article x: timed out",
        "wirestream ingest: 12 sent, 1 rejected, 1 failed, topic p.wire.articles.raw",
    ]


def test_progress_bar_when_asked() -> None:
    stream = io.StringIO()
    reporter = Reporter(Tally(), stream=stream, progress=True)
    reporter.delivered(3)
    reporter.reject("b.txt:1", "body is empty")
    reporter.close("t")
    output = stream.getvalue()
    assert "ingest: " in output and "records" in output and "rejected=1" in output
    assert "wirestream ingest: b.txt:1: body is empty\n" in output
    assert output.endswith("wirestream ingest: 3 sent, 1 rejected, topic t\n")


def test_describe_exceptions_on_one_line() -> None:
    assert describe(ValueError("bad\n  value")) == "ValueError: bad value"
    assert describe(TimeoutError()) == "TimeoutError"
    assert describe(MessageSizeTooLargeError()) == "[Error 10] MessageSizeTooLargeError"
