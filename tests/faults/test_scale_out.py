"""Scale-out: workers join and leave one consumer group mid-stream; nothing is lost.

Two workers share the 6-partition raw topic, a third joins, one leaves with
SIGTERM, one dies with kill -9, while a producer keeps feeding articles. Who
holds which partition comes from the group's own description (each member's
metadata names its worker's web URL); rebalances are the group generations
the workers logged.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
import time
from pathlib import Path

import orjson
import pytest

from streams.kafka.broker import free_port
from streams.kafka.clients import make_admin, make_producer
from streams.records.topics import RAW, topic_name
from streams.settings import Settings
from tests.support.clusters import (
    clusters_of_reports,
    describe_difference,
    expected_reports,
    table_changelog,
    table_of_reports,
    wait_clusters,
)
from tests.support.faults import account, raw_records, wait_accounted, wire_article
from tests.support.kafka_helpers import WorkerProcess, produce_raw

pytestmark = [pytest.mark.faults, pytest.mark.kafka]

_URL = re.compile(rb'"url":"http://[^"]*:(\d+)"')
_GENERATION = re.compile(r"Joined group '[^']+' \(generation (\d+)\)")


class Feed(threading.Thread):
    """Produces generated articles at a steady pace until stopped: the stream the group reads."""

    def __init__(self, settings: Settings, per_tick: int = 50, tick_s: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.settings, self.per_tick, self.tick_s = settings, per_tick, tick_s
        self.keys: set[bytes] = set()
        self.stopping = threading.Event()

    def run(self) -> None:
        """Send `per_tick` articles every `tick_s` seconds (idempotent producer, acks=all)."""
        producer = make_producer(self.settings)
        raw = topic_name(RAW, self.settings.topic_prefix)
        n = 0
        try:
            while not self.stopping.is_set():
                for _ in range(self.per_tick):
                    article = wire_article(n)
                    key = str(article["id"]).encode()
                    producer.send(raw, key=key, value=orjson.dumps(article))
                    self.keys.add(key)
                    n += 1
                producer.flush()
                time.sleep(self.tick_s)
        finally:
            producer.close()


def assignment(settings: Settings) -> dict[int, set[int]]:
    """Raw partitions held by each member of the group, by the member's web port."""
    # kafka-python cannot decode Faust's member metadata (it says so, harmlessly); the
    # assignment it decodes, and the metadata's JSON names the member's web URL.
    logging.getLogger("kafka.admin._groups").setLevel(logging.ERROR)
    admin = make_admin(settings)
    try:
        group = admin.describe_groups([settings.consumer_group])[settings.consumer_group]
    finally:
        admin.close()
    raw = topic_name(RAW, settings.topic_prefix)
    held: dict[int, set[int]] = {}
    for member in group["members"]:
        metadata = member["member_metadata"]
        match = _URL.search(metadata.encode("latin-1") if isinstance(metadata, str) else metadata)
        if match is None or not isinstance(member["member_assignment"], dict):
            continue
        held[int(match.group(1))] = {
            p
            for tp in member["member_assignment"]["assigned_partitions"]
            if tp["topic"] == raw
            for p in tp["partitions"]
        }
    return held


def committed(settings: Settings) -> dict[int, int]:
    """The group's committed offset of each raw partition."""
    admin = make_admin(settings)
    try:
        offsets = admin.list_group_offsets(settings.consumer_group)[settings.consumer_group]
    finally:
        admin.close()
    raw = topic_name(RAW, settings.topic_prefix)
    return {tp.partition: meta.offset for tp, meta in offsets.items() if tp.topic == raw}


def wait_processing(settings: Settings, ports: set[int], timeout: float = 180.0) -> None:
    """Wait until each worker in `ports` holds raw partitions and commits progress on them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before_held, before = assignment(settings), committed(settings)
        time.sleep(1.5)
        after_held, after = assignment(settings), committed(settings)
        advancing = {
            port
            for port, partitions in after_held.items()
            if partitions
            and partitions == before_held.get(port)
            and any(after.get(p, 0) > before.get(p, 0) for p in partitions)
        }
        if ports <= advancing:
            return
    raise AssertionError(f"workers {ports} not all processing: {assignment(settings)}")


def test_workers_join_leave_and_die_mid_stream_and_nothing_is_lost(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    settings = kafka_settings
    # WIRESTREAM_PROCESSING_GUARANTEE=exactly_once runs the same scenario with transactions.
    committed_only = settings.processing_guarantee == "exactly_once"
    produce_raw(settings, [])  # creates the topics
    ports = {name: free_port() for name in "bc"}
    ports["a"] = settings.web_port
    workers = {
        name: WorkerProcess(tmp_path / f"{name}.log", env={"WIRESTREAM_WEB_PORT": str(ports[name])})
        for name in "abc"
    }
    feed = Feed(settings)
    timeline: dict[str, int] = {}
    try:
        workers["a"].start()
        workers["b"].start()
        feed.start()
        wait_processing(settings, {ports["a"], ports["b"]})
        timeline["both_processing_at_fed"] = len(feed.keys)

        workers["c"].start()
        wait_processing(settings, {ports["c"]})
        timeline["third_processing_at_fed"] = len(feed.keys)

        assert workers["a"].stop(signal.SIGTERM) == 0, workers["a"].log_tail()
        wait_processing(settings, {ports["b"], ports["c"]})
        timeline["after_sigterm_processing_at_fed"] = len(feed.keys)

        workers["b"].stop(signal.SIGKILL)
        timeline["killed_at_fed"] = len(feed.keys)
        time.sleep(2)
        feed.stopping.set()
        feed.join(timeout=60)
        assert set(assignment(settings)) <= {ports["b"], ports["c"]}
        # The offline fold, computed while the killed worker's session runs out.
        clusters = settings.runs_cluster_agent
        reports = expected_reports(raw_records(len(feed.keys))) if clusters else []
        wait_accounted(settings, feed.keys, 600, workers["c"], committed_only=committed_only)
        if clusters:
            # Through three rebalances and a kill -9, each group's reports met on the one
            # partition that owns it: the clusters and the table are the offline fold's.
            want = clusters_of_reports(reports)
            timeline["clusters"] = len(want)
            wait_clusters(settings, want, 600, workers["c"])
            table, want_table = table_changelog(settings), table_of_reports(reports)
            assert table == want_table, describe_difference(table, want_table)
        time.sleep(2)
        assert workers["c"].alive(), workers["c"].log_tail()
    finally:
        feed.stopping.set()
        for worker in workers.values():
            if worker.alive():
                worker.stop(signal.SIGTERM, timeout=60)

    generations = {
        int(g)
        for worker in workers.values()
        for g in _GENERATION.findall(worker.log_path.read_text(errors="replace"))
    }
    figures = account(settings, feed.keys, committed_only=committed_only)
    assert figures.missing == 0, figures
    assert figures.event_records - figures.event_duplicates == 2 * len(feed.keys), figures
    # Joins of a and b, c joining, a leaving, b's session expiring: at least four generations.
    assert len(generations) >= 4, generations
    if committed_only:
        assert figures.duplicates == figures.event_duplicates == 0, figures
    figures.report(
        f"scale-out (2 workers, +1 joins, 1 SIGTERM, 1 kill -9; {settings.processing_guarantee})",
        generations=sorted(generations),
        rebalances=max(generations) - 1,
        **timeline,
    )
