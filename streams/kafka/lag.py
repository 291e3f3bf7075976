"""Consumer lag of the worker group on a topic (the raw topic for the metric): end offset
minus committed offset.

Faust's monitor has no lag metric (it tracks end offsets only for the partitions
a worker holds, and never the group's committed offsets), so the project asks
the broker: the partitions' end offsets and the group's committed offsets, in
two admin requests. Every worker reports the whole group's lag, so a partition
whose worker died still shows its growing lag (dashboards take the max per
partition over workers).
"""

from __future__ import annotations

from collections.abc import Mapping

from kafka import TopicPartition
from kafka.admin import OffsetSpec

from streams.kafka.clients import make_admin
from streams.records.topics import RAW, topic_name
from streams.settings import Settings


def partition_lag(
    end: Mapping[int, int], committed: Mapping[int, int], start: Mapping[int, int]
) -> dict[int, int]:
    """Lag per partition; a partition without a commit lags from its log start (new group)."""
    return {
        partition: max(0, end_offset - committed.get(partition, start.get(partition, 0)))
        for partition, end_offset in end.items()
    }


def consumer_lag(
    settings: Settings, timeout_s: float = 10.0, name: str = RAW
) -> dict[tuple[str, int], int]:
    """The group's lag on every partition of topic `name` (the raw topic by default), as
    (topic, partition) -> messages.

    `timeout_s` bounds the bootstrap too (kafka-python's own is 30 s): the worker asks from
    a thread that a stopping worker waits for, so a probe begun while the broker was away
    kept a stopped worker alive for up to 30 s.
    """
    topic = topic_name(name, settings.topic_prefix)
    timeout_ms = int(timeout_s * 1000)
    admin = make_admin(settings, request_timeout_ms=timeout_ms, bootstrap_timeout_ms=timeout_ms)
    try:
        described = admin.describe_topics([topic])
        partitions = sorted(p["partition_index"] for p in described[0]["partitions"])
        tps = [TopicPartition(topic, p) for p in partitions]
        ends = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in tps})
        starts = admin.list_partition_offsets({tp: OffsetSpec.EARLIEST for tp in tps})
        group = admin.list_group_offsets({settings.consumer_group: tps})
        committed = group.get(settings.consumer_group, {})
    finally:
        admin.close()
    lag = partition_lag(
        {tp.partition: info.offset for tp, info in ends.items()},
        {
            tp.partition: meta.offset
            for tp, meta in committed.items()
            if tp.topic == topic and meta.offset >= 0
        },
        {tp.partition: info.offset for tp, info in starts.items()},
    )
    return {(topic, partition): value for partition, value in lag.items()}
