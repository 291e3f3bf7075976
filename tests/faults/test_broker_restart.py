"""Stop the broker mid-stream and start it again: the worker rides through by itself.

This test runs its own broker (not the session's), since it stops it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams.kafka.broker import LocalBroker, free_port
from streams.records.topics import PROCESSED
from streams.settings import Settings
from tests.support.faults import account, raw_records, scaled, wait_accounted
from tests.support.kafka_helpers import (
    RecordCounter,
    WorkerProcess,
    produce_raw,
    wait_for_count,
)

pytestmark = [pytest.mark.faults, pytest.mark.kafka]

OUTAGE_S = 10.0


@pytest.fixture
def own_broker(tmp_path: Path, kafka_settings: Settings) -> Iterator[LocalBroker]:
    """A broker of this test's own, on a free port, stopped at the end whatever happens."""
    broker = LocalBroker(data_dir=tmp_path / "kafka", cache_dir=kafka_settings.cache_dir)
    broker.up(port=free_port())
    try:
        yield broker
    finally:
        broker.down()


def test_broker_stopped_and_restarted_mid_stream_loses_nothing(
    own_broker: LocalBroker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = own_broker.state().port  # type: ignore[union-attr]
    monkeypatch.setenv("WIRESTREAM_BROKER", own_broker.bootstrap())
    # The article path rides through the outage; the cluster agent's own faults are
    # tests/faults/test_crash.py's and test_scale_out.py's (and it would only slow this).
    monkeypatch.setenv("WIRESTREAM_CLUSTERS", "false")
    settings = Settings()
    count = scaled(4_000)
    records = raw_records(count)
    keys = {key for key, _ in records if key is not None}
    produce_raw(settings, records)

    with WorkerProcess(tmp_path / "worker.log") as worker:
        at_stop = wait_for_count(settings, [PROCESSED], count // 4, 600, worker)
        stopped = time.monotonic()
        own_broker.down()
        stop_took = time.monotonic() - stopped
        time.sleep(OUTAGE_S)
        assert worker.alive(), worker.log_tail()
        restarting = time.monotonic()
        own_broker.up(port=port)
        back = time.monotonic()
        deadline = back + 300
        with RecordCounter(settings) as counter:
            before = counter.count(PROCESSED)
            while counter.count(PROCESSED) <= before:
                assert worker.alive(), worker.log_tail()
                assert time.monotonic() < deadline, worker.log_tail()
                time.sleep(0.25)
        recovered_after = time.monotonic() - back
        wait_accounted(settings, keys, 600, worker)
        time.sleep(2)
        assert worker.alive(), worker.log_tail()

    figures = account(settings, keys)
    assert figures.missing == 0, figures
    assert figures.event_records - figures.event_duplicates == 2 * count, figures
    figures.report(
        "broker stopped and restarted mid-stream",
        processed_offset_at_stop=at_stop,
        broker_stop_s=round(stop_took, 1),
        outage_s=round(back - stopped, 1),
        broker_start_s=round(back - restarting, 1),
        worker_processing_again_after_s=round(recovered_after, 1),
    )
