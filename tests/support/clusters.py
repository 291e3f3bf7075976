"""What the cluster tests share: the clusters a set of raw records must end as, and readers
of the compacted cluster topic and of the cluster table's changelog.

The expectation is computed offline with the same pure functions the worker runs
(extract, report, fold), from all the inputs at once, so it says what any order of
delivery, any number of repeats and any crash must converge to.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import orjson
from kafka import TopicPartition

from schemas import RawArticle
from streams.core import extract_events
from streams.core.clusters import GroupFold, Report, cluster_all, report_of
from streams.kafka.clients import make_consumer
from streams.kafka.lag import consumer_lag
from streams.records.clusters import encode_cluster, encode_state
from streams.records.topics import CLUSTER_REPORTS, CLUSTERS
from streams.settings import Settings
from tests.support.faults import wait_until
from tests.support.kafka_helpers import WorkerProcess, read_topic

TABLE_CHANGELOG = "{group}-clusters-changelog"


def expected_reports(records: Iterable[tuple[bytes | None, bytes | None]]) -> list[Report]:
    """The reports of every event of the raw records (valid articles only)."""
    reports: list[Report] = []
    for _key, value in records:
        if value is None:
            continue
        article = RawArticle.model_validate_json(value)
        reports.extend(report_of(event) for event in extract_events(article))
    return reports


def expected_clusters(records: Iterable[tuple[bytes | None, bytes | None]]) -> dict[bytes, bytes]:
    """cluster id -> the record's bytes the cluster topic must end with."""
    return clusters_of_reports(expected_reports(records))


def expected_table(records: Iterable[tuple[bytes | None, bytes | None]]) -> dict[bytes, bytes]:
    """group -> the stored state the cluster table must end with."""
    return table_of_reports(expected_reports(records))


def clusters_of_reports(reports: list[Report]) -> dict[bytes, bytes]:
    """cluster id -> record bytes, folded offline from every report at once."""
    return {cid.encode(): encode_cluster(record) for cid, record in cluster_all(reports).items()}


def table_of_reports(reports: list[Report]) -> dict[bytes, bytes]:
    """group -> stored state bytes, folded offline from every report at once."""
    folds: dict[str, GroupFold] = {}
    for report in reports:
        folds.setdefault(report.group, GroupFold()).add(report)
    return {group.encode(): encode_state(f.sorted_reports()) for group, f in folds.items()}


def compacted(records: Iterable[tuple[bytes | None, bytes | None]]) -> dict[bytes, bytes]:
    """The latest value of each key, as compaction leaves it (a null value deletes)."""
    latest: dict[bytes, bytes | None] = {}
    for key, value in records:
        assert key is not None, "a compacted topic's record has no key"
        latest[key] = value
    return {key: value for key, value in latest.items() if value is not None}


def cluster_topic(settings: Settings) -> dict[bytes, bytes]:
    """The cluster topic's compacted state (every record is checked against its schema)."""
    return compacted((r.key, r.value) for r in read_topic(settings, CLUSTERS))


def table_changelog(settings: Settings) -> dict[bytes, bytes]:
    """The cluster table's compacted state, read from its changelog topic."""
    topic = TABLE_CHANGELOG.format(group=settings.consumer_group)
    consumer = make_consumer(settings, enable_auto_commit=False, group_id=None)
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        if not tps:
            return {}
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        ends = consumer.end_offsets(tps)
        pairs: list[tuple[bytes | None, bytes | None]] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(consumer.position(tp) < ends[tp] for tp in tps):
            for batch in consumer.poll(timeout_ms=500).values():
                pairs.extend((r.key, r.value) for r in batch)
        return compacted(pairs)
    finally:
        consumer.close()


def reports_lag(settings: Settings) -> int:
    """Reports on the internal topic the cluster agent's group has not committed yet."""
    return sum(consumer_lag(settings, name=CLUSTER_REPORTS).values())


def describe_difference(got: dict[bytes, bytes], want: dict[bytes, bytes]) -> str:
    """A short account of how two compacted states differ, for assertion messages."""
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    differ = sorted(k for k in set(got) & set(want) if got[k] != want[k])
    lines = [f"{len(got)} keys, {len(want)} expected"]
    lines += [f"missing {k!r}" for k in missing[:3]]
    lines += [f"unexpected {k!r}" for k in extra[:3]]
    for key in differ[:2]:
        a, b = orjson.loads(got[key]) if got[key][:1] == b"{" else got[key], want[key]
        lines.append(f"differs {key!r}: got {str(a)[:300]} want {str(b)[:300]}")
    return "; ".join(lines)


def wait_clusters(
    settings: Settings, want: dict[bytes, bytes], timeout: float, worker: WorkerProcess
) -> float:
    """Wait until the cluster topic's compacted state is `want`; return the seconds taken."""
    start = time.monotonic()
    try:
        wait_until(lambda: cluster_topic(settings) == want, timeout, worker, every=2.0)
    except AssertionError as exc:
        raise AssertionError(
            f"{exc}: {describe_difference(cluster_topic(settings), want)}"
        ) from exc
    return time.monotonic() - start
