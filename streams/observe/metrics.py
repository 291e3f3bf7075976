"""The worker's Prometheus metrics: every name declared here, once, and counted in one place.

Each worker serves one registry on its web port at `/metrics`: Faust's own
Prometheus monitor (names prefixed `faust_`, latencies in milliseconds) and
the project's metrics below (`wirestream_`, base units). Dashboards and
alerts use the project's metrics; Faust's are there for Faust's internals.

The registry belongs to the app (not prometheus_client's global one), so a
process may build several apps (tests do) without duplicate registrations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    Info,
    ProcessCollector,
    generate_latest,
)

from streams import __version__
from streams.core import EXTRACTOR_VERSION
from streams.records.clusters import Folded
from streams.records.codec import ERROR_CODES
from streams.records.process import Outcome, SourceRecord
from streams.records.topics import EVENT_TOPICS

# Metric names: a contract with deploy/prometheus (alerts), deploy/grafana (the dashboard)
# and `wirestream top`. prometheus_client appends `_total` to counters and `_info` to infos;
# the constants are the names as exposed.
ARTICLES_CONSUMED: Final = "wirestream_articles_consumed_total"
EVENTS_EMITTED: Final = "wirestream_events_emitted_total"
DEAD_LETTERS: Final = "wirestream_dead_letters_total"
EXTRACT_DURATION: Final = "wirestream_extract_duration_seconds"
EXTRACT_CPU: Final = "wirestream_extract_cpu_seconds_total"
EVENT_LAG: Final = "wirestream_event_lag_seconds"
CONSUMER_LAG: Final = "wirestream_consumer_lag_messages"
LAST_PROCESSED: Final = "wirestream_last_processed_timestamp_seconds"
REBALANCES: Final = "wirestream_rebalances_total"
BUILD_INFO: Final = "wirestream_build_info"
DEAD_LETTER_LIMIT_STOPS: Final = "wirestream_dead_letter_limit_stops_total"
CLUSTER_REPORTS: Final = "wirestream_cluster_reports_total"
INVALID_CLUSTER_REPORTS: Final = "wirestream_invalid_cluster_reports_total"
CLUSTERS_PUBLISHED: Final = "wirestream_clusters_published_total"
CLUSTER_SIZE: Final = "wirestream_cluster_size_reports"
GC_FROZEN: Final = "wirestream_gc_frozen_objects"
# prometheus_client's process and garbage-collector collectors (the standard names), on
# the same registry.
PROCESS_CPU: Final = "process_cpu_seconds_total"
GC_COLLECTIONS: Final = "python_gc_collections_total"
# Faust's monitor metrics carry this prefix (not the app id, which changes with the consumer
# group: a replay group would otherwise rename every Faust metric).
FAUST_PREFIX: Final = "faust"
METRICS_PATH: Final = "/metrics"

# Buckets fitted to distributions measured on the project's 2-core Xeon.
# Extraction (validate + extract + encode, wall clock): offline, 0.45/0.83/1.3/2.1 ms
# (p10/p50/p90/p99) on the invented corpus (0.5-1.5 KB), 2.4 ms on the 2.2 KB seed, ~8.5 ms
# on 10 KB, ~33 ms on 50 KB, 0.4-0.6 s on a 1 MiB body (bench/). Inside a worker sharing
# the cores (docs/dashboard.png's run: two workers, the broker, the load and Prometheus on
# 2 cores) the median stays at 1.3-1.5 ms but p95 reaches 11-35 ms and p99 22-70 ms:
# preemption and the worker's other threads. Dense from 0.25 to 5 ms, then steps through
# that tail up to the 1 MiB worst case.
EXTRACT_BUCKETS: Final = (
    0.00025,
    0.0005,
    0.001,
    0.0015,
    0.002,
    0.003,
    0.005,
    0.0075,
    0.01,
    0.015,
    0.025,
    0.035,
    0.05,
    0.075,
    0.1,
    0.25,
    0.5,
    1.0,
)
# Ingest (the raw record's timestamp) to emission (every output acknowledged). A worker
# that keeps up adds any batch wait (WIRESTREAM_BATCH_WAIT_S, 0 by default), a batch of
# extraction and the acks: tens of milliseconds at live rates (bench/results/latest.md has
# the figures); a backlog adds the queueing, up to minutes in a burst. Fine from 25 ms to 1 s, then
# coarse up to 10 min. The alert threshold (deploy/prometheus/alerts.yml: 10 s) is a
# bucket bound.
EVENT_LAG_BUCKETS: Final = (
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    0.75,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
    60.0,
    120.0,
    300.0,
    600.0,
)

# Reports per cluster at each publication: most clusters have one to a handful; a story the
# whole world reports reaches hundreds, a recurring briefing line the group cap (2,000).
CLUSTER_SIZE_BUCKETS: Final = (1, 2, 3, 4, 5, 7, 10, 15, 25, 50, 100, 250, 500, 1000, 2000)
CLUSTER_CHANGES: Final = ("created", "updated", "retired")

_EVENT_TYPE_OF_TOPIC: Final = {topic: event_type for event_type, topic in EVENT_TOPICS.items()}


@dataclass(frozen=True, slots=True)
class Tally:
    """What one outcome adds to the counters: events by type, or the dead-letter code."""

    events: Mapping[str, int]
    dead_letter_code: str | None


def tally(outcome: Outcome) -> Tally:
    """Count an outcome's events by type (and its dead-letter code) from its output records."""
    if outcome.rejection is not None:
        return Tally({}, outcome.rejection.code)
    events: dict[str, int] = {}
    for record in outcome.outputs:
        event_type = _EVENT_TYPE_OF_TOPIC.get(record.topic)
        if event_type is not None:
            events[event_type] = events.get(event_type, 0) + 1
    return Tally(events, None)


@dataclass(frozen=True, slots=True)
class TimedOutcome:
    """One raw record through `process_record`: the input, its outcome and how long it took.

    `seconds` is wall-clock time, `cpu_seconds` the CPU time of the thread that ran it: on
    a worker that shares its cores, the gap between them is time it waited to run.
    """

    source: SourceRecord
    outcome: Outcome
    seconds: float
    cpu_seconds: float


class ProjectMetrics:
    """The project's own metrics, registered in `registry`."""

    def __init__(self, registry: CollectorRegistry) -> None:
        # The standard process_* series (CPU seconds, resident memory, open fds): beside
        # extract_cpu_seconds they split the worker's CPU into extraction and the rest.
        ProcessCollector(registry=registry)
        # python_gc_*: collections per generation; a full (generation 2) one pauses the loop.
        GCCollector(registry=registry)
        self.articles_consumed = Counter(
            ARTICLES_CONSUMED.removesuffix("_total"),
            "Raw records consumed and processed (accepted or dead-lettered).",
            registry=registry,
        )
        self.events_emitted = Counter(
            EVENTS_EMITTED.removesuffix("_total"),
            "Events published and acknowledged, by event type.",
            ["event_type"],
            registry=registry,
        )
        self.dead_letters = Counter(
            DEAD_LETTERS.removesuffix("_total"),
            "Raw records dead-lettered, by error code.",
            ["code"],
            registry=registry,
        )
        self.extract_duration = Histogram(
            EXTRACT_DURATION,
            "Time to validate, extract and encode one raw record.",
            buckets=EXTRACT_BUCKETS,
            registry=registry,
        )
        self.extract_cpu = Counter(
            EXTRACT_CPU.removesuffix("_total"),
            "CPU time of the worker's thread in validate, extract and encode (the same records "
            "as extract_duration_seconds; the rest of the process CPU is the framework's).",
            registry=registry,
        )
        self.event_lag = Histogram(
            EVENT_LAG,
            "Raw record timestamp (ingest) to all its outputs acknowledged (emission).",
            buckets=EVENT_LAG_BUCKETS,
            registry=registry,
        )
        self.consumer_lag = Gauge(
            CONSUMER_LAG,
            "End offset minus the group's committed offset, per raw-topic partition.",
            ["topic", "partition"],
            registry=registry,
        )
        self.last_processed = Gauge(
            LAST_PROCESSED,
            "Unix time at which this worker last finished a batch of raw records.",
            registry=registry,
        )
        self.gc_frozen = Gauge(
            GC_FROZEN,
            "Objects alive when the worker started, exempted from garbage collections "
            "(gc.freeze: full collections then walk only what was created since).",
            registry=registry,
        )
        self.rebalances = Counter(
            REBALANCES.removesuffix("_total"),
            "Consumer group rebalances this worker took part in.",
            registry=registry,
        )
        self.dead_letter_limit_stops = Counter(
            DEAD_LETTER_LIMIT_STOPS.removesuffix("_total"),
            "Times the dead-letter limit stopped this worker, by error code (the worker then "
            "exits; it serves /metrics for WIRESTREAM_DEAD_LETTER_STOP_GRACE_S first).",
            ["code"],
            registry=registry,
        )
        self.cluster_reports = Counter(
            CLUSTER_REPORTS.removesuffix("_total"),
            "Reports the cluster agent folded, by event type and outcome: added to a cluster, "
            "or unchanged (a redelivery, or an older version of an article).",
            ["event_type", "outcome"],
            registry=registry,
        )
        self.invalid_cluster_reports = Counter(
            INVALID_CLUSTER_REPORTS.removesuffix("_total"),
            "Records on the internal report topic that were not reports (skipped, logged).",
            registry=registry,
        )
        self.clusters_published = Counter(
            CLUSTERS_PUBLISHED.removesuffix("_total"),
            "Cluster records published and acknowledged, by event type and change "
            "(created, updated, retired: a tombstone).",
            ["event_type", "change"],
            registry=registry,
        )
        self.cluster_size = Histogram(
            CLUSTER_SIZE,
            "Reports in a cluster each time its record is published, by event type.",
            ["event_type"],
            buckets=CLUSTER_SIZE_BUCKETS,
            registry=registry,
        )
        self.build_info = Info(
            BUILD_INFO.removesuffix("_info"),
            "Version of the worker and of its extractor.",
            registry=registry,
        )
        self.build_info.info({"version": __version__, "extractor_version": EXTRACTOR_VERSION})
        # Every label value exists from the start (at 0), so rate() and ratios work from
        # the first increment and panels show every type and code.
        for event_type in EVENT_TOPICS:
            self.events_emitted.labels(event_type=event_type)
            for outcome in ("added", "unchanged"):
                self.cluster_reports.labels(event_type=event_type, outcome=outcome)
            for change in CLUSTER_CHANGES:
                self.clusters_published.labels(event_type=event_type, change=change)
        for code in ERROR_CODES:
            self.dead_letters.labels(code=code)
            self.dead_letter_limit_stops.labels(code=code)
        # Children counted per record, looked up once (`labels` takes a lock and builds a key).
        self._emitted_of: dict[str, Counter] = {
            event_type: self.events_emitted.labels(event_type=event_type)
            for event_type in EVENT_TOPICS
        }
        self._dead_letters_of: dict[str, Counter] = {
            code: self.dead_letters.labels(code=code) for code in ERROR_CODES
        }

    def count_emitted(self, batch: Sequence[TimedOutcome], now: float) -> None:
        """Count a batch whose outputs are all acknowledged: the one place outcomes are counted."""
        if not batch:
            return
        events: dict[str, int] = {}
        cpu_seconds = 0.0
        for item in batch:
            self.extract_duration.observe(item.seconds)
            cpu_seconds += item.cpu_seconds
            counted = tally(item.outcome)
            if counted.dead_letter_code is not None:
                code = counted.dead_letter_code
                dead = self._dead_letters_of.get(code) or self.dead_letters.labels(code=code)
                dead.inc()
            for event_type, count in counted.events.items():
                events[event_type] = events.get(event_type, 0) + count
            if item.source.timestamp is not None:
                self.event_lag.observe(max(0.0, now - item.source.timestamp.timestamp()))
        self.articles_consumed.inc(len(batch))
        self.extract_cpu.inc(cpu_seconds)
        for event_type, count in events.items():
            emitted = self._emitted_of.get(event_type) or self.events_emitted.labels(
                event_type=event_type
            )
            emitted.inc(count)
        self.last_processed.set(now)

    def count_clusters(self, folded: Folded, invalid: int) -> None:
        """Count a cluster batch whose records are all acknowledged."""
        for event_type, count in folded.added.items():
            self.cluster_reports.labels(event_type=event_type, outcome="added").inc(count)
        for event_type, count in folded.unchanged.items():
            self.cluster_reports.labels(event_type=event_type, outcome="unchanged").inc(count)
        for output in folded.outputs:
            self.clusters_published.labels(event_type=output.event_type, change=output.change).inc()
            if output.value is not None:
                self.cluster_size.labels(event_type=output.event_type).observe(output.report_count)
        if invalid:
            self.invalid_cluster_reports.inc(invalid)

    def set_consumer_lag(self, lag: Mapping[tuple[str, int], int]) -> None:
        """Replace the lag gauges with `lag` ((topic, partition) -> messages)."""
        self.consumer_lag.clear()
        for (topic, partition), value in lag.items():
            self.consumer_lag.labels(topic=topic, partition=str(partition)).set(value)


def exposition(registry: CollectorRegistry) -> tuple[bytes, str]:
    """The registry in Prometheus' text format, and its content type."""
    return generate_latest(registry), CONTENT_TYPE_LATEST
