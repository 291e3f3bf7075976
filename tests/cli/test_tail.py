"""`wirestream tail`: topic resolution (pure) and the real command against a real broker."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import orjson
import pytest

from streams.cli.tail import Target, resolve_topic
from streams.kafka.clients import ensure_topics, make_producer
from streams.records.codec import Rejection, dead_letter_headers
from streams.records.topics import CLUSTERS, DLQ, EVENT_TOPICS, PROCESSED, RAW, topic_name
from streams.settings import Settings
from tests.support.cli import wirestream_bytes
from tests.support.kafka_helpers import produce_raw
from tests.support.samples import CALL, DEAL, STATEMENT

REPO = Path(__file__).resolve().parents[2]
STATEMENTS = EVENT_TOPICS["statement"]


# --- topic names (no Kafka) -------------------------------------------------------


def test_aliases_and_design_names_get_the_prefix() -> None:
    assert resolve_topic("raw", "p.") == [Target(f"p.{RAW}", "raw", "raw")]
    assert resolve_topic("dlq", "p.") == [Target(f"p.{DLQ}", "dlq", "dlq")]
    assert resolve_topic(PROCESSED, "") == [Target(PROCESSED, "processed", "processed")]
    assert resolve_topic(STATEMENTS, "p.") == [Target(f"p.{STATEMENTS}", "statement", "statement")]
    assert resolve_topic("cost_sharing_deal", "p.")[0].topic == "p.wire.events.cost_sharing_deal"


def test_events_alias_means_the_three_event_topics() -> None:
    targets = resolve_topic("events", "p.")
    assert [t.topic for t in targets] == [f"p.{name}" for name in EVENT_TOPICS.values()]
    assert [t.kind for t in targets] == ["call_readout", "cost_sharing_deal", "statement"]


def test_clusters_alias_means_the_cluster_topic() -> None:
    assert resolve_topic("clusters", "p.") == [Target(f"p.{CLUSTERS}", "cluster", "cluster")]
    assert resolve_topic(CLUSTERS, "p.") == [Target(f"p.{CLUSTERS}", "cluster", "cluster")]
    assert resolve_topic(f"p.{CLUSTERS}", "p.")[0].kind == "cluster"
    assert CLUSTERS not in [t.topic for t in resolve_topic("events", "")]


def test_other_names_are_taken_literally() -> None:
    assert resolve_topic("p.wire.articles.raw", "p.") == [
        Target("p.wire.articles.raw", "raw", "raw")
    ]
    assert resolve_topic("something.else", "p.") == [
        Target("something.else", None, "something.else")
    ]


# --- the real command ---------------------------------------------------------------


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return wirestream_bytes("tail", *args, timeout=timeout)


class _Tail:
    """A `wirestream tail` subprocess whose stderr is read line by line in the background."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streams.cli", "tail", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=REPO,
            env=dict(os.environ),
        )
        self.stderr_lines: queue.Queue[bytes] = queue.Queue()
        self.stderr_seen: list[bytes] = []
        assert self.proc.stderr is not None
        threading.Thread(target=self._pump, args=(self.proc.stderr,), daemon=True).start()

    def _pump(self, stream: IO[bytes]) -> None:
        for line in stream:
            self.stderr_lines.put(line)

    def wait_for_stderr(self, needle: bytes, timeout: float = 30) -> bytes:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.stderr_lines.get(timeout=0.2)
            except queue.Empty:
                assert self.proc.poll() is None, f"tail exited early: {self.stderr_seen}"
                continue
            self.stderr_seen.append(line)
            if needle in line:
                return line
        raise AssertionError(f"no {needle!r} on stderr within {timeout}s: {self.stderr_seen}")

    def finish(self, timeout: float = 60) -> tuple[int, bytes, bytes]:
        assert self.proc.stdout is not None
        out = self.proc.stdout.read()
        code = self.proc.wait(timeout=timeout)
        while not self.stderr_lines.empty():
            self.stderr_seen.append(self.stderr_lines.get())
        return code, out, b"".join(self.stderr_seen)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def tails() -> Any:
    started: list[_Tail] = []

    def start(*args: str) -> _Tail:
        tail = _Tail(*args)
        started.append(tail)
        return tail

    yield start
    for tail in started:
        tail.kill()


def _lines(out: bytes) -> list[str]:
    assert out == b"" or out.endswith(b"\n")
    return out.decode().splitlines()


def _records(prefix: str, n: int) -> list[tuple[bytes | None, bytes | None]]:
    return [
        (
            f"{prefix}-{i}".encode(),
            orjson.dumps({"id": f"{prefix}-{i}", "source": "T", "body": "b"}),
        )
        for i in range(n)
    ]


@pytest.mark.kafka
def test_from_beginning_max_records_prints_exactly_n(kafka_settings: Settings) -> None:
    ensure_topics(kafka_settings)
    produce_raw(kafka_settings, _records("a", 5))
    result = _run("raw", "--from-beginning", "--max-records", "3")
    assert result.returncode == 0, result.stderr
    lines = _lines(result.stdout)
    assert len(lines) == 3
    assert all(line.startswith("raw/") and " article a-" in line for line in lines)
    assert b"tailing " in result.stderr and b"Traceback" not in result.stderr


@pytest.mark.kafka
def test_json_output_carries_key_headers_value(kafka_settings: Settings) -> None:
    ensure_topics(kafka_settings)
    headers = dead_letter_headers(Rejection("invalid_utf8", "invalid UTF-8"), "x.raw", 1, 2)
    producer = make_producer(kafka_settings)
    try:
        dlq = topic_name(DLQ, kafka_settings.topic_prefix)
        producer.send(dlq, key=b"bad-1", value=b"\xff\xfe", headers=headers).get(timeout=30)
        producer.send(dlq, key=b"bad-2", value=b'{"id": 1}', headers=headers).get(timeout=30)
    finally:
        producer.close()
    result = _run("dlq", "--from-beginning", "--json", "--max-records", "2")
    assert result.returncode == 0, result.stderr
    records = sorted(
        (orjson.loads(line) for line in result.stdout.splitlines()), key=lambda r: r["key"]
    )
    assert [r["key"] for r in records] == ["bad-1", "bad-2"]
    for record in records:
        assert set(record) >= {"topic", "partition", "offset", "timestamp", "key", "headers"}
        assert record["topic"] == dlq
        assert isinstance(record["timestamp"], int)
        assert record["headers"] == {
            "error.code": "invalid_utf8",
            "error.message": "invalid UTF-8",
            "source.topic": "x.raw",
            "source.partition": "1",
            "source.offset": "2",
        }
    assert (records[0]["value"], records[0]["value_encoding"]) == ("//4=", "base64")
    assert (records[1]["value"], records[1]["value_encoding"]) == ({"id": 1}, "json")


@pytest.mark.kafka
def test_idle_timeout_exits_zero_on_a_quiet_topic(kafka_settings: Settings) -> None:
    ensure_topics(kafka_settings)
    started = time.monotonic()
    result = _run("processed", "--idle-timeout", "1.5")
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    assert elapsed < 30


@pytest.mark.kafka
def test_idle_timeout_after_the_last_record(kafka_settings: Settings) -> None:
    ensure_topics(kafka_settings)
    produce_raw(kafka_settings, _records("i", 2))
    result = _run("raw", "--from-beginning", "--idle-timeout", "2")
    assert result.returncode == 0, result.stderr
    assert len(_lines(result.stdout)) == 2


@pytest.mark.kafka
def test_new_records_only_by_default(kafka_settings: Settings, tails: Any) -> None:
    ensure_topics(kafka_settings)
    produce_raw(kafka_settings, _records("old", 3))
    tail = tails("raw", "--max-records", "1", "--idle-timeout", "30")
    started = tail.wait_for_stderr(b"tailing ")
    assert b"6 partitions" in started and b"new records only" in started
    produce_raw(kafka_settings, _records("new", 1))
    code, out, err = tail.finish()
    assert code == 0, err
    lines = _lines(out)
    assert len(lines) == 1
    assert "article new-0" in lines[0]


@pytest.mark.kafka
def test_events_alias_reads_the_three_event_topics(kafka_settings: Settings) -> None:
    from streams.records.codec import encode_event

    ensure_topics(kafka_settings)
    for event in (CALL, DEAL, STATEMENT):
        produce_raw(
            kafka_settings,
            [(event.event_id.encode(), encode_event(event))],
            name=EVENT_TOPICS[event.event_type],
        )
    result = _run("events", "--from-beginning", "--max-records", "3")
    assert result.returncode == 0, result.stderr
    assert b"18 partitions" in result.stderr
    text = result.stdout.decode()
    first_lines = sorted(line for line in text.splitlines() if not line.startswith(" "))
    assert len(first_lines) == 3
    assert first_lines[0].startswith("call_readout/") and "phone call: Marco Rubio" in text
    assert first_lines[1].startswith("cost_sharing_deal/") and "1,520,000,000,000 KRW" in text
    assert first_lines[2].startswith("statement/") and '"We agreed"' in text


@pytest.mark.kafka
def test_clusters_prints_one_line_per_cluster_and_retired_tombstones(
    kafka_settings: Settings,
) -> None:
    from streams.core import extract_events
    from streams.core.clusters import cluster_all, report_of
    from streams.records.clusters import encode_cluster
    from tests.support.cluster_articles import FOUR_WIRES_CALL, articles

    reports = [report_of(e) for a in articles(FOUR_WIRES_CALL) for e in extract_events(a)]
    (call,) = [c for c in cluster_all(reports).values() if c.event_type == "call_readout"]
    records = [(call.cluster_id.encode(), encode_cluster(call)), (b"cluster-gone", None)]
    produce_raw(kafka_settings, records, name=CLUSTERS)
    result = _run("clusters", "--from-beginning", "--max-records", "2")
    assert result.returncode == 0, result.stderr
    lines = _lines(result.stdout)  # two keys, maybe two partitions: in any order
    assert len(lines) == 2 and all(line.startswith("cluster/") for line in lines)
    assert any("  call Rubio–Wang 2025-10-27 · 4 sources: " in line for line in lines)
    assert any(line.endswith("  retired cluster-gone") for line in lines)


@pytest.mark.kafka
def test_design_name_is_accepted(kafka_settings: Settings) -> None:
    from streams.records.codec import encode_event

    ensure_topics(kafka_settings)
    produce_raw(kafka_settings, [(b"s", encode_event(STATEMENT))], name=STATEMENTS)
    result = _run(STATEMENTS, "--from-beginning", "--max-records", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith("statement/")


@pytest.mark.kafka
def test_unknown_topic_exits_one_naming_it(kafka_settings: Settings) -> None:
    ensure_topics(kafka_settings)
    missing = f"{kafka_settings.topic_prefix}no.such.topic"
    result = _run(missing, "--idle-timeout", "1")
    assert result.returncode == 1
    assert result.stdout == b""
    err = result.stderr.decode()
    assert missing in err and "does not exist" in err
    assert "Traceback" not in err


@pytest.mark.kafka
def test_alias_whose_topic_is_missing_exits_one(kafka_settings: Settings) -> None:
    # No ensure_topics: the prefixed topics do not exist (and tail must not create them).
    result = _run("statement", "--idle-timeout", "1")
    assert result.returncode == 1
    assert topic_name(STATEMENTS, kafka_settings.topic_prefix) in result.stderr.decode()
    again = _run("statement", "--idle-timeout", "1")
    assert again.returncode == 1


@pytest.mark.kafka
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_stops_cleanly(kafka_settings: Settings, tails: Any, sig: signal.Signals) -> None:
    ensure_topics(kafka_settings)
    tail = tails("raw")
    tail.wait_for_stderr(b"tailing ")
    tail.proc.send_signal(sig)
    code, _out, err = tail.finish(timeout=30)
    assert code == 0, err
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err


@pytest.mark.kafka
def test_reader_going_away_stops_tail_quietly(kafka_settings: Settings, tails: Any) -> None:
    """`wirestream tail raw --from-beginning | head -1` ends soon after head exits."""
    ensure_topics(kafka_settings)
    produce_raw(kafka_settings, _records("p", 2))
    tail = tails("raw", "--from-beginning")
    tail.wait_for_stderr(b"tailing ")
    assert tail.proc.stdout is not None
    assert tail.proc.stdout.readline().startswith(b"raw/")
    tail.proc.stdout.close()
    code = tail.proc.wait(timeout=30)
    assert code == 1  # as `wirestream classify` does on a broken pipe
    assert tail.proc.stderr is not None
    time.sleep(0.2)  # let the stderr reader drain what is left
    while not tail.stderr_lines.empty():
        tail.stderr_seen.append(tail.stderr_lines.get())
    assert b"Traceback" not in b"".join(tail.stderr_seen)
