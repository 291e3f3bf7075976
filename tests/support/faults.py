"""What the fault tests share: small generated wire articles, accounting, and measurements.

The articles are short, written here in wire style (no third-party text), and
varied by a counter so every article has its own id and its own event ids;
size does not matter to these tests, only how many records flow.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import orjson

from streams.records.topics import DLQ, EVENT_TOPICS, PROCESSED
from streams.settings import Settings
from tests.support.kafka_helpers import REPORTS, RecordCounter, WorkerProcess, read_topic

_PEOPLE = (
    ("Foreign Minister", "Park Min-jun", "South Korea"),
    ("Secretary of State", "Ellen Harper", "United States"),
    ("Foreign Minister", "Kenji Tanaka", "Japan"),
    ("Prime Minister", "Anna Lindqvist", "Sweden"),
    ("President", "Rafael Ortiz", "Chile"),
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_BODY = (
    "SEOUL, Nov. {day} (Yonhap) -- {title_a} {name_a} held phone talks with {title_b} {name_b} "
    "on {weekday} and agreed to expand cooperation on supply chains in round {n}, "
    "Yonhap reported.\n\n"
    '"We will keep working closely together on round {n}," {name_a} told reporters.'
)


_PADDING = (
    "\n\nThe talks followed a series of meetings among senior officials earlier in the year, "
    "and working-level consultations on trade, energy and shipping are to continue."
)


def wire_article(n: int, body_kb: int = 0) -> dict[str, object]:
    """Article number `n`: a short call readout with a statement, unique by `n`.

    With `body_kb`, background paragraphs pad the body to about that many KiB.
    """
    a = _PEOPLE[n % len(_PEOPLE)]
    b = _PEOPLE[(n + 1 + n // len(_PEOPLE)) % len(_PEOPLE)]
    if a == b:
        b = _PEOPLE[(n + 2) % len(_PEOPLE)]
    body = _BODY.format(
        day=10 + n % 18,
        title_a=a[0],
        name_a=a[1],
        title_b=b[0],
        name_b=b[1],
        weekday=_DAYS[n % len(_DAYS)],
        n=n,
    )
    while len(body) < body_kb * 1024:
        body += _PADDING
    return {
        "id": f"fault-{n:06d}",
        "source": "Yonhap",
        "headline": f"Talks on supply chains, round {n}",
        "published_at": "2026-11-28T09:00:00+09:00",
        "body": body,
    }


def raw_records(
    count: int, start: int = 0, body_kb: int = 0
) -> list[tuple[bytes | None, bytes | None]]:
    """(key, value) pairs of `count` generated articles, numbered from `start`."""
    return [
        (f"fault-{n:06d}".encode(), orjson.dumps(wire_article(n, body_kb)))
        for n in range(start, start + count)
    ]


@dataclass
class Accounting:
    """The DESIGN.md invariant measured on the output topics: one terminal record per input."""

    inputs: int
    processed_records: int
    dead_letters: int
    distinct_accounted: int
    missing: int
    duplicates: int
    event_records: int
    event_duplicates: int
    event_ids_with_differing_repeats: int

    def report(self, title: str, **extra: object) -> dict[str, object]:
        """Add this accounting (and `extra` figures) to the end-of-session report."""
        figures = {**asdict(self), **extra}
        REPORTS.append(f"{title}: {json.dumps(figures)}")
        return figures


def account(settings: Settings, keys: set[bytes], committed_only: bool = False) -> Accounting:
    """Count processed records, dead letters and event records against the input keys."""
    processed = read_topic(settings, PROCESSED, committed_only=committed_only)
    letters = read_topic(settings, DLQ, committed_only=committed_only)
    terminal = Counter(r.key for r in [*processed, *letters])
    events: Counter[bytes | None] = Counter()
    values: dict[bytes | None, set[bytes | None]] = {}
    for name in EVENT_TOPICS.values():
        for r in read_topic(settings, name, committed_only=committed_only):
            events[r.key] += 1
            values.setdefault(r.key, set()).add(r.value)
    return Accounting(
        inputs=len(keys),
        processed_records=len(processed),
        dead_letters=len(letters),
        distinct_accounted=len(set(terminal) & keys),
        missing=len(keys - set(terminal)),
        duplicates=sum(terminal.values()) - len(terminal),
        event_records=sum(events.values()),
        event_duplicates=sum(events.values()) - len(events),
        event_ids_with_differing_repeats=sum(len(v) > 1 for v in values.values()),
    )


def peak_rss_mib(pid: int) -> float:
    """Peak resident set size (VmHWM) of a live process, in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    assert match, status
    return int(match.group(1)) / 1024


def wait_until(
    predicate: object, timeout: float, worker: WorkerProcess | None = None, every: float = 0.5
) -> float:
    """Poll `predicate()` until true; return the seconds taken; fail on timeout or worker death."""
    assert callable(predicate)
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        if worker is not None and not worker.alive():
            raise AssertionError(f"worker died:\n{worker.log_tail()}")
        time.sleep(every)
    raise AssertionError(f"condition not met in {timeout} s")


def scaled(count: int) -> int:
    """`count` times WIRESTREAM_FAULT_SCALE (default 1): smaller runs while developing."""
    import os

    return max(100, int(count * float(os.environ.get("WIRESTREAM_FAULT_SCALE", "1"))))


def wait_accounted(
    settings: Settings,
    keys: set[bytes],
    timeout: float,
    worker: WorkerProcess,
    committed_only: bool = False,
) -> float:
    """Wait until every key has a processed record or a dead letter; return the seconds taken.

    End offsets are polled first (cheap); topics are read in full only once they could
    hold every key, so the waiting does not steal the worker's CPU.
    """
    start = time.monotonic()
    counter = RecordCounter(settings)

    def could_be_done() -> bool:
        return sum(counter.count(name) for name in (PROCESSED, DLQ)) >= len(keys)

    def done() -> bool:
        seen = {
            r.key
            for name in (PROCESSED, DLQ)
            for r in read_topic(settings, name, committed_only=committed_only)
        }
        return keys <= seen

    try:
        wait_until(could_be_done, timeout, worker)
    finally:
        counter.close()
    wait_until(done, max(1.0, timeout - (time.monotonic() - start)), worker, every=2.0)
    return time.monotonic() - start


def open_transaction_records(settings: Settings, names: list[str]) -> int:
    """Records written in transactions not yet committed: end offset minus last stable offset."""
    from kafka import TopicPartition

    from streams.kafka.clients import make_consumer
    from streams.records.topics import topic_name

    gap = 0
    ends = {}
    for isolation in ("read_uncommitted", "read_committed"):
        consumer = make_consumer(
            settings, enable_auto_commit=False, group_id=None, isolation_level=isolation
        )
        try:
            tps = [
                TopicPartition(topic_name(name, settings.topic_prefix), p)
                for name in names
                for p in range(settings.partitions)
            ]
            ends[isolation] = sum(consumer.end_offsets(tps).values())
        finally:
            consumer.close()
    gap = ends["read_uncommitted"] - ends["read_committed"]
    return gap


def freeze_mid_transaction(
    settings: Settings, worker: WorkerProcess, names: list[str], attempts: int = 200
) -> int:
    """SIGSTOP the worker at a moment its open transactions hold records; return how many.

    The frozen process cannot commit, so a kill -9 now lands mid-transaction for sure.
    """
    import random
    import signal

    assert worker.process is not None
    for _ in range(attempts):
        worker.process.send_signal(signal.SIGSTOP)
        open_records = open_transaction_records(settings, names)
        if open_records > 0:
            return open_records
        worker.process.send_signal(signal.SIGCONT)
        time.sleep(random.uniform(0.0, 0.1))
    raise AssertionError(f"no open transaction with records seen in {attempts} tries")
