"""Cluster reports and cluster records as bytes, and the fold of a batch of reports.

Pure, no Kafka: the worker's cluster agent reads reports from the internal topic, folds
each batch into the stored state of the reports' groups (`fold_reports`) and publishes what
changed; the offline tools and the tests call the same functions.

A group's stored state is its reports, JSON and zlib-compressed (`encode_state`): the table
value, and through the table its changelog topic.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import orjson
from pydantic import ValidationError

from schemas import ClusterRecord
from streams.core.clusters import (
    ClusteredEvent,
    GroupFold,
    Report,
    cluster_changes,
    clusters_of,
    report_of,
)
from streams.records.articles import condense_validation_error
from streams.records.codec import CONTENT_TYPE, Rejection, schema_id
from streams.records.topics import CLUSTER_REPORTS, CLUSTERS

INVALID_REPORT = "invalid_report"
# Fast enough for every batch, and JSON of reports shrinks about five times.
_ZLIB_LEVEL = 1


def encode_report(report: Report) -> bytes:
    """A report's bytes on the internal topic."""
    return orjson.dumps(report.model_dump(mode="json", exclude_none=True))


def report_record_of(event: ClusteredEvent) -> tuple[str, bytes, bytes]:
    """(topic, key, value) of the report an event sends to its cluster: keyed by its group."""
    report = report_of(event)
    return CLUSTER_REPORTS, report.group.encode(), encode_report(report)


def read_report(value: bytes | None) -> Report | Rejection:
    """A report from the internal topic, or why it is not one (never raises)."""
    if value is None:
        return Rejection(INVALID_REPORT, "report has no value (tombstone)")
    try:
        return Report.model_validate_json(value)
    except ValidationError as exc:
        return Rejection(INVALID_REPORT, condense_validation_error(exc))


def encode_cluster(record: ClusterRecord) -> bytes:
    """A cluster record's bytes on `wire.events.clusters`."""
    return orjson.dumps(record.model_dump(mode="json"))


def cluster_headers() -> list[tuple[str, bytes]]:
    """Headers of a cluster record: its schema id and content type."""
    return [
        ("schema.id", schema_id("cluster").encode()),
        ("content-type", CONTENT_TYPE.encode()),
    ]


def encode_state(reports: Iterable[Report]) -> bytes:
    """A group's reports as the table stores them."""
    payload = orjson.dumps([r.model_dump(mode="json", exclude_none=True) for r in reports])
    return zlib.compress(payload, _ZLIB_LEVEL)


def decode_state(value: bytes) -> list[Report]:
    """The reports of a stored group (the inverse of `encode_state`)."""
    return [Report.model_validate(item) for item in orjson.loads(zlib.decompress(value))]


@dataclass(frozen=True, slots=True)
class ClusterOutput:
    """One record for the cluster topic: a cluster's record, or None to retire the id."""

    topic: str
    key: bytes
    value: bytes | None
    headers: list[tuple[str, bytes]]
    event_type: str
    change: str  # created | updated | retired
    report_count: int = 0


@dataclass(slots=True)
class Folded:
    """What one batch did: records to publish, group states to store, what it counted."""

    outputs: list[ClusterOutput] = field(default_factory=list)
    states: dict[str, bytes] = field(default_factory=dict)  # group -> new stored state
    folds: dict[str, GroupFold] = field(default_factory=dict)  # group -> its fold, for a cache
    added: dict[str, int] = field(default_factory=dict)  # event type -> reports added
    unchanged: dict[str, int] = field(default_factory=dict)  # event type -> redeliveries etc.


def fold_reports(reports: Iterable[Report], stored: Mapping[str, GroupFold | None]) -> Folded:
    """Fold a batch of reports into their groups' stored folds (missing: a new group).

    Each touched group is clustered once before and once after the batch; a group that no
    report changed publishes and stores nothing.
    """
    folded = Folded()
    by_group: dict[str, list[Report]] = {}
    for report in reports:
        by_group.setdefault(report.group, []).append(report)
    for group, batch in by_group.items():
        fold = stored.get(group) or GroupFold()
        before = clusters_of(group, fold.sorted_reports())
        changed = False
        for report in batch:
            if fold.add(report):
                changed = True
                folded.added[report.event_type] = folded.added.get(report.event_type, 0) + 1
            else:
                folded.unchanged[report.event_type] = folded.unchanged.get(report.event_type, 0) + 1
        if not changed:
            continue
        ordered = fold.sorted_reports()
        changes = cluster_changes(before, clusters_of(group, ordered))
        for record in changes.changed:
            folded.outputs.append(
                ClusterOutput(
                    CLUSTERS,
                    record.cluster_id.encode(),
                    encode_cluster(record),
                    cluster_headers(),
                    record.event_type,
                    "created" if record.cluster_id in changes.created else "updated",
                    record.report_count,
                )
            )
        for retired in changes.retired:
            folded.outputs.append(
                ClusterOutput(
                    CLUSTERS, retired.encode(), None, [], before[retired].event_type, "retired"
                )
            )
        folded.states[group] = encode_state(ordered)
        folded.folds[group] = fold
    return folded


class StateCache:
    """The folds of recently touched groups, so a hot group is not decoded every batch.

    Each fold is kept with the stored bytes it stands for and used only while the table
    still holds those bytes (after a rebalance another worker may have changed the group);
    bounded, least recently used out. The table stays the truth.
    """

    def __init__(self, max_groups: int = 10_000) -> None:
        self.max_groups = max_groups
        self._folds: OrderedDict[str, tuple[bytes, GroupFold]] = OrderedDict()

    def get(self, group: str, stored: bytes | None) -> GroupFold | None:
        """The group's fold: cached if it matches `stored`, else decoded (None: new group)."""
        if stored is None:
            return None
        cached = self._folds.get(group)
        if cached is not None and cached[0] == stored:
            self._folds.move_to_end(group)
            return cached[1]
        fold = GroupFold.of(decode_state(stored))
        self.put(group, fold, stored)
        return fold

    def put(self, group: str, fold: GroupFold, stored: bytes) -> None:
        """Remember a group's fold and the bytes the table now holds for it."""
        self._folds[group] = (stored, fold)
        self._folds.move_to_end(group)
        while len(self._folds) > self.max_groups:
            self._folds.popitem(last=False)
