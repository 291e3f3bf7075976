"""The topics of the pipeline, as data: names from DESIGN.md, roles and per-topic config.

Every program that creates or names a topic (the worker, ingest, tail, the
tests) reads this table, so a name or a size limit is written down once.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas import EventType

RAW = "wire.articles.raw"
DLQ = "wire.articles.dlq"
PROCESSED = "wire.articles.processed"
EVENT_TOPICS: dict[EventType, str] = {
    "call_readout": "wire.events.call_readout",
    "cost_sharing_deal": "wire.events.cost_sharing_deal",
    "statement": "wire.events.statement",
}
# One record per real-world event (streams/core/clusters.py), key = cluster id, compacted.
CLUSTERS = "wire.events.clusters"
# Internal: the worker's repartition topic, one report per event keyed by its cluster group,
# so that all reports of a cluster meet on one partition. Not a contract.
CLUSTER_REPORTS = "wire.events.clusters.reports"


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """One topic: its DESIGN.md name and whether it must carry records of a few MiB."""

    name: str
    description: str
    large_records: bool = False
    # Compacted: the latest record of each key is the state (a null value deletes it).
    compacted: bool = False
    # The worker's own plumbing: created with the others, but no contract (no schema).
    internal: bool = False


TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(RAW, "RawArticle JSON, key = article id", large_records=True),
    TopicSpec(DLQ, "rejected raw records, original bytes and key", large_records=True),
    TopicSpec(PROCESSED, "one ProcessedRecord per accepted article, key = article id"),
    *(
        TopicSpec(name, f"{event_type} events, key = event_id")
        for event_type, name in EVENT_TOPICS.items()
    ),
    TopicSpec(
        CLUSTERS,
        "one ClusterRecord per real-world event, key = cluster_id; compacted, a null value "
        "retires a cluster whose reports joined another",
        compacted=True,
    ),
    TopicSpec(
        CLUSTER_REPORTS,
        "internal repartition topic: one report per event, key = its cluster group",
        internal=True,
    ),
)
# The topics that are a contract with other programs (schemas, AsyncAPI channels).
PUBLIC_TOPICS: tuple[TopicSpec, ...] = tuple(spec for spec in TOPICS if not spec.internal)


# The record type each topic carries: the name of its JSON Schema in schemas/json/ and of its
# AsyncAPI message (streams.contracts generates both from this table and TOPICS).
RECORD_TYPES: dict[str, str] = {
    RAW: "raw_article",
    DLQ: "dead_letter",
    PROCESSED: "processed",
    **{name: event_type for event_type, name in EVENT_TOPICS.items()},
    CLUSTERS: "cluster",
}


def topic_name(name: str, prefix: str) -> str:
    """The topic's name on the cluster: the DESIGN.md name behind the deployment prefix."""
    return f"{prefix}{name}"


# A dead letter is a raw record plus its error headers, so its topic takes a little more.
DEAD_LETTER_HEADROOM = 64 * 1024


def largest_record(max_message_bytes: int) -> int:
    """The largest record any project topic accepts (a dead letter of a maximal raw record)."""
    return max_message_bytes + DEAD_LETTER_HEADROOM


def topic_config(spec: TopicSpec, max_message_bytes: int) -> dict[str, str]:
    """Broker-side topic config: large records on the raw and dead-letter topics only,
    compaction where the topic holds state."""
    config: dict[str, str] = {}
    if spec.compacted:
        config["cleanup.policy"] = "compact"
    if spec.large_records:
        limit = largest_record(max_message_bytes) if spec.name == DLQ else max_message_bytes
        config["max.message.bytes"] = str(limit)
    return config
