"""Backpressure: ingest far faster than one worker processes; nothing is lost and the
worker's memory stays bounded (its peak RSS is printed)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from streams.records.topics import PROCESSED
from streams.settings import Settings
from tests.support.faults import account, peak_rss_mib, raw_records, scaled, wait_accounted
from tests.support.kafka_helpers import WorkerProcess, count_records, produce_raw

pytestmark = [pytest.mark.faults, pytest.mark.kafka]

RSS_LIMIT_MIB = 300


def test_a_flood_of_10000_articles_is_processed_within_bounded_memory(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    count = scaled(10_000)
    # Memory grows with the bytes buffered, so a run with bigger articles is worth a look:
    # WIRESTREAM_FAULT_BODY_KB=8 pads each body to about 8 KiB (docs/RELIABILITY.md).
    body_kb = int(os.environ.get("WIRESTREAM_FAULT_BODY_KB", "0"))
    records = raw_records(count, body_kb=body_kb)
    keys = {key for key, _ in records if key is not None}
    with WorkerProcess(tmp_path / "worker.log") as worker:
        assert worker.process is not None
        rss_idle = peak_rss_mib(worker.process.pid)
        started = time.monotonic()
        produce_raw(kafka_settings, records)
        produced_in = time.monotonic() - started
        backlog = count - count_records(kafka_settings, PROCESSED)
        wait_accounted(kafka_settings, keys, 900, worker)
        drained_in = time.monotonic() - started
        rss_peak = peak_rss_mib(worker.process.pid)

    figures = account(kafka_settings, keys)
    assert figures.missing == 0, figures
    assert backlog > count // 4, "the ingest must outrun the worker for this test to mean much"
    figures.report(
        "backpressure (one worker)",
        raw_bytes=sum(len(value or b"") for _, value in records),
        produced_in_s=round(produced_in, 1),
        backlog_when_ingest_finished=backlog,
        drained_in_s=round(drained_in, 1),
        worker_rss_idle_mib=round(rss_idle),
        worker_peak_rss_mib=round(rss_peak),
    )
    assert rss_peak < RSS_LIMIT_MIB, f"peak RSS {rss_peak:.0f} MiB"
