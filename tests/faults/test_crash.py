"""Crash a worker mid-stream and restart it: the accounting invariant, at-least-once and
exactly-once. Figures (duplicates, rates) go to the end-of-session report."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

from streams.records.topics import CLUSTERS, EVENT_TOPICS, PROCESSED
from streams.settings import Settings
from tests.support.clusters import (
    cluster_topic,
    clusters_of_reports,
    describe_difference,
    expected_reports,
    table_changelog,
    table_of_reports,
    wait_clusters,
)
from tests.support.faults import (
    account,
    freeze_mid_transaction,
    raw_records,
    scaled,
    wait_accounted,
)
from tests.support.kafka_helpers import REPORTS, WorkerProcess, produce_raw, wait_for_count

pytestmark = [pytest.mark.faults, pytest.mark.kafka]


def crash_and_restart(
    settings: Settings,
    tmp_path: Path,
    count: int,
    stop_signal: int,
    committed_only: bool,
    check_clusters: bool = False,
) -> dict[str, object]:
    """Produce `count` articles, stop the worker half-way with `stop_signal`, restart it.

    With `committed_only` (exactly_once), the worker is killed while its open
    transactions hold outputs, and the outputs are read as a read_committed consumer.
    """
    extra: dict[str, object] = {}
    records = raw_records(count)
    keys = {key for key, _ in records if key is not None}
    produce_raw(settings, records)

    first = WorkerProcess(tmp_path / "worker.log").start()
    started = time.monotonic()
    try:
        at_stop = wait_for_count(settings, [PROCESSED], count // 2, 600, first)
        rate = at_stop / (time.monotonic() - started)
        if check_clusters and settings.runs_cluster_agent:
            # The kill must land while clusters are being written: wait for the first one
            # (the cluster agent trails the article agent by a batch or more).
            wait_for_count(settings, [CLUSTERS], 1, 600, first)
        if committed_only:
            extra["open_transaction_records_at_kill"] = freeze_mid_transaction(
                settings, first, [PROCESSED, *EVENT_TOPICS.values()]
            )
    finally:
        code = first.stop(stop_signal)
    if stop_signal == signal.SIGTERM:
        assert code == 0, first.log_tail()
    check_clusters = check_clusters and settings.runs_cluster_agent
    if check_clusters:
        # The kill landed while clusters were being written: some, not all, are out.
        extra["clusters_at_stop"] = len(cluster_topic(settings))

    second = WorkerProcess(tmp_path / "worker.log").start(wait_ready=False)
    try:
        if check_clusters:
            # Folded offline while the new worker waits to join (after a kill -9, until the
            # dead worker's session expires).
            reports = expected_reports(records)
            want_clusters, want_table = clusters_of_reports(reports), table_of_reports(reports)
            extra["clusters_final"] = len(want_clusters)
        second.wait_ready()
        wait_accounted(settings, keys, 600, second, committed_only=committed_only)
        if check_clusters:
            # The same compacted state as an uninterrupted run (the offline fold of all
            # inputs), on the cluster topic and in the table's changelog.
            extra["cluster_catch_up_s"] = round(
                wait_clusters(settings, want_clusters, 600, second), 1
            )
            table = table_changelog(settings)
            assert table == want_table, describe_difference(table, want_table)
        time.sleep(2)  # a repeat arriving late would still be counted
    finally:
        second.close()
    figures = account(settings, keys, committed_only=committed_only)
    assert figures.missing == 0, figures
    assert figures.dead_letters == 0, figures
    # Two events (a call readout and a statement) per article, each at least once.
    assert figures.event_records - figures.event_duplicates == 2 * count, figures
    # A repeat is the same record again (deterministic ids), so dropping it by event_id is safe.
    assert figures.event_ids_with_differing_repeats == 0, figures
    return figures.report(
        f"crash ({signal.Signals(stop_signal).name}, {settings.processing_guarantee}"
        f"{', read_committed' if committed_only else ''})",
        stopped_at_processed_offset=at_stop,
        first_worker_articles_per_s=round(rate),
        **extra,
    )


def test_kill_9_mid_stream_loses_nothing_at_least_once(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    """At-least-once: processed ∪ dead letters = inputs; the repeats are counted; the
    cluster topic and table end as an uninterrupted run's, though the kill hit them mid-way."""
    figures = crash_and_restart(
        kafka_settings, tmp_path, scaled(6_000), signal.SIGKILL, False, check_clusters=True
    )
    assert 0 < figures["clusters_at_stop"] < figures["clusters_final"], figures


def test_sigterm_mid_stream_repeats_at_most_the_batch_in_hand(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    """A graceful stop commits what it finished: at most the batch in flight repeats."""
    figures = crash_and_restart(kafka_settings, tmp_path, scaled(5_000), signal.SIGTERM, False)
    assert figures["duplicates"] <= 200, figures


def test_kill_9_mid_stream_repeats_nothing_with_exactly_once(
    kafka_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """exactly_once: a read_committed consumer sees each output once, processed and events."""
    monkeypatch.setenv("WIRESTREAM_PROCESSING_GUARANTEE", "exactly_once")
    settings = Settings()
    count = scaled(6_000)
    figures = crash_and_restart(settings, tmp_path, count, signal.SIGKILL, True)
    assert figures["duplicates"] == 0, figures
    assert figures["event_duplicates"] == 0, figures
    # The kill did land mid-transaction: its aborted outputs are there, and were skipped.
    uncommitted = account(settings, {k for k, _ in raw_records(count) if k is not None})
    uncommitted.report("crash (SIGKILL, exactly_once, read_uncommitted view)")
    assert uncommitted.duplicates + uncommitted.event_duplicates > 0, uncommitted


def test_exactly_once_costs_a_measured_share_of_throughput(
    kafka_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same backlog drained by one worker per guarantee, in one run; the ratio is printed."""
    count = scaled(2_500)
    rates: dict[str, float] = {}
    # Like for like: exactly-once runs the article agent only, so at-least-once does too.
    monkeypatch.setenv("WIRESTREAM_CLUSTERS", "false")
    for guarantee in ("at_least_once", "exactly_once"):
        monkeypatch.setenv("WIRESTREAM_PROCESSING_GUARANTEE", guarantee)
        prefix, group = kafka_settings.topic_prefix, kafka_settings.consumer_group
        monkeypatch.setenv("WIRESTREAM_TOPIC_PREFIX", f"{prefix}{guarantee}.")
        monkeypatch.setenv("WIRESTREAM_CONSUMER_GROUP", f"{group}-{guarantee}")
        settings = Settings()
        records = raw_records(count)
        keys = {key for key, _ in records if key is not None}
        produce_raw(settings, records)
        with WorkerProcess(tmp_path / f"{guarantee}.log") as worker:
            took = wait_accounted(settings, keys, 600, worker, committed_only=True)
        figures = account(settings, keys, committed_only=True)
        assert figures.missing == 0 and figures.duplicates == 0, figures
        rates[guarantee] = count / took
    REPORTS.append(
        f"exactly_once throughput ({count} articles, one worker, same run): "
        + json.dumps(
            {
                "at_least_once_per_s": round(rates["at_least_once"]),
                "exactly_once_per_s": round(rates["exactly_once"]),
                "ratio": round(rates["exactly_once"] / rates["at_least_once"], 2),
            }
        )
    )
