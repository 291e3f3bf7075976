"""Helpers for tests against the real broker: read topics, produce raw bytes, run workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from kafka import TopicPartition

from streams.kafka.clients import ensure_topics, make_consumer, make_producer
from streams.records.topics import topic_name
from streams.settings import Settings
from tests.support.schema_check import OutputRecordChecks

# Figures that tests measure (duplicates after a restart, ...), printed at the end of the
# session by tests/conftest.py so they show in every CI log, not only on failure.
REPORTS: list[str] = []


@dataclass(frozen=True)
class Record:
    """One consumed record, with the fields tests look at."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: dict[str, bytes]


def read_topic(
    settings: Settings,
    name: str,
    *,
    expect: int | None = None,
    timeout: float = 30.0,
    committed_only: bool = False,
) -> list[Record]:
    """Every record on topic `name` (DESIGN name; the prefix is added), from the beginning.

    With `expect`, waits up to `timeout` seconds for at least that many records;
    without, reads what is there now (up to the end offsets at call time).
    """
    full = topic_name(name, settings.topic_prefix)
    isolation = "read_committed" if committed_only else "read_uncommitted"
    consumer = make_consumer(
        settings, enable_auto_commit=False, group_id=None, isolation_level=isolation
    )
    try:
        deadline = time.monotonic() + timeout
        partitions: set[int] | None = None
        while partitions is None and time.monotonic() < deadline:
            partitions = consumer.partitions_for_topic(full)
            if partitions is None:
                time.sleep(0.2)
        if not partitions:
            return []
        tps = [TopicPartition(full, p) for p in sorted(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        ends = consumer.end_offsets(tps)
        records: list[Record] = []
        checks = OutputRecordChecks(name)
        while time.monotonic() < deadline:
            if expect is None and all(consumer.position(tp) >= ends[tp] for tp in tps):
                break  # at the end already (an empty topic): no poll to sit through
            batch = consumer.poll(timeout_ms=500)
            for tp_records in batch.values():
                for r in tp_records:
                    records.append(
                        Record(
                            r.topic,
                            r.partition,
                            r.offset,
                            r.key,
                            r.value,
                            {k: v for k, v in r.headers},
                        )
                    )
                    checks.add(r.value, records[-1].headers, f"{full} {r.partition}@{r.offset}")
            if expect is not None and len(records) >= expect:
                break
        checks.finish()
        return records
    finally:
        consumer.close()


def produce_raw(
    settings: Settings, records: list[tuple[bytes | None, bytes | None]], name: str = ""
) -> None:
    """Send (key, value) byte pairs to a topic (the raw topic by default) and wait for acks."""
    from streams.records.topics import RAW

    ensure_topics(settings)  # the local broker does not auto-create topics
    producer = make_producer(settings)
    try:
        full = topic_name(name or RAW, settings.topic_prefix)
        futures = [producer.send(full, key=key, value=value) for key, value in records]
        producer.flush()
        for future in futures:
            future.get(timeout=30)
    finally:
        producer.close()


class WorkerProcess:
    """A real `wirestream worker` process, with its log in a file the test can show."""

    WIRESTREAM = (sys.executable, "-m", "streams.cli", "worker", "--loglevel", "info")
    FAUST = (sys.executable, "-m", "faust", "-A", "streams.worker.app", "worker", "-l", "info")

    def __init__(
        self,
        log_path: Path,
        env: dict[str, str] | None = None,
        command: tuple[str, ...] = WIRESTREAM,
    ) -> None:
        self.log_path = log_path
        self.command = command
        self.env = {**os.environ, **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None
        self.log_offset = 0  # where the log of the process started last begins

    def start(self, timeout: float = 90.0, wait_ready: bool = True) -> WorkerProcess:
        """Start the worker and (unless told not to) wait until Faust reports it ready."""
        self.log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            list(self.command),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=self.env,
        )
        log.close()
        return self.wait_ready(timeout) if wait_ready else self

    def wait_ready(self, timeout: float = 90.0) -> WorkerProcess:
        """Wait until Faust reports the worker started last ready; fail if it exits first."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log_path.read_bytes()[self.log_offset :].decode(errors="replace")
            if "[^Worker]: Ready" in text:
                return self
            if self.process.poll() is not None:
                raise AssertionError(f"worker exited with {self.process.returncode}:\n{text}")
            time.sleep(0.2)
        raise AssertionError(f"worker not ready in {timeout} s:\n{self.log_tail()}")

    def alive(self) -> bool:
        """True while the process runs."""
        return self.process is not None and self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60.0) -> int:
        """Send `sig` and wait for the process to exit; return its exit code."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=timeout)

    def log_tail(self, lines: int = 40) -> str:
        """The end of the worker's log, for assertion messages."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> WorkerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker if it still runs: SIGTERM, then SIGKILL after 30 s."""
        if self.alive():
            try:
                self.stop(signal.SIGTERM, timeout=30)
            except subprocess.TimeoutExpired:
                self.stop(signal.SIGKILL)


class RecordCounter:
    """Counts the records on topics through one consumer, for loops that ask every 0.5 s.

    A new client per question costs a connection and a metadata request each time (about
    0.1 s of this process's CPU, taken from the worker under test on a small machine).
    """

    def __init__(self, settings: Settings) -> None:
        self.prefix = settings.topic_prefix
        self.consumer = make_consumer(settings, enable_auto_commit=False, group_id=None)
        self.partitions: dict[str, list[TopicPartition]] = {}

    def count(self, name: str) -> int:
        """How many records topic `name` holds (sum of end offsets; never compacted here)."""
        full = topic_name(name, self.prefix)
        tps = self.partitions.get(full)
        if tps is None:
            tps = [TopicPartition(full, p) for p in self.consumer.partitions_for_topic(full) or ()]
            if not tps:
                return 0  # not created yet: ask for its partitions again next time
            self.partitions[full] = tps
        return sum(self.consumer.end_offsets(tps).values())

    def close(self) -> None:
        self.consumer.close()

    def __enter__(self) -> RecordCounter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def count_records(settings: Settings, name: str) -> int:
    """How many records topic `name` holds (sum of end offsets; topics here are never compacted)."""
    with RecordCounter(settings) as counter:
        return counter.count(name)


def wait_for_count(
    settings: Settings, names: list[str], target: int, timeout: float, worker: WorkerProcess
) -> int:
    """Wait until topics `names` together hold `target` records; fail if the worker dies."""
    deadline = time.monotonic() + timeout
    total = 0
    with RecordCounter(settings) as counter:
        while time.monotonic() < deadline:
            total = sum(counter.count(name) for name in names)
            if total >= target:
                return total
            if not worker.alive():
                raise AssertionError(f"worker died at {total}/{target}:\n{worker.log_tail()}")
            time.sleep(0.5)
    raise AssertionError(f"only {total}/{target} records after {timeout} s:\n{worker.log_tail()}")


def wait_for_keys(
    settings: Settings, name: str, keys: set[bytes], timeout: float, worker: WorkerProcess
) -> list[Record]:
    """Wait until topic `name` holds a record for every key in `keys` (repeats allowed)."""
    deadline = time.monotonic() + timeout
    records: list[Record] = []
    while time.monotonic() < deadline:
        records = read_topic(settings, name)
        missing = keys - {r.key for r in records if r.key is not None}
        if not missing:
            return records
        if not worker.alive():
            raise AssertionError(f"worker died, {len(missing)} keys missing:\n{worker.log_tail()}")
        time.sleep(1.0)
    raise AssertionError(f"{len(missing)} of {len(keys)} keys missing after {timeout} s")
