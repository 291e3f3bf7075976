"""What `wirestream top` shows, computed from two scrapes of the workers' `/metrics` (pure).

A scrape becomes a `Snapshot` (the project's metrics only); two snapshots of one
worker become a `Delta` (counter increases, with Prometheus' reset rule); the
deltas of all workers become one `View`: rates, totals, lag and latency
percentiles interpolated in the histogram buckets as Prometheus'
`histogram_quantile` does. No I/O, no clock: the caller says when it scraped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from prometheus_client.parser import text_string_to_metric_families

from streams.observe.metrics import (
    ARTICLES_CONSUMED,
    BUILD_INFO,
    CONSUMER_LAG,
    DEAD_LETTERS,
    EVENT_LAG,
    EVENTS_EMITTED,
    EXTRACT_CPU,
    EXTRACT_DURATION,
    LAST_PROCESSED,
)

QUANTILES = (0.5, 0.95, 0.99)
Buckets = Mapping[float, float]  # upper bound (le) -> cumulative count


@dataclass(frozen=True)
class Snapshot:
    """One worker's project metrics at one scrape."""

    consumed: float = 0.0
    events: Mapping[str, float] = field(default_factory=dict)
    dead_letters: Mapping[str, float] = field(default_factory=dict)
    extract_buckets: Buckets = field(default_factory=dict)
    event_lag_buckets: Buckets = field(default_factory=dict)
    consumer_lag: Mapping[tuple[str, str], float] = field(default_factory=dict)
    last_processed: float | None = None
    version: str | None = None
    extract_cpu_seconds: float = 0.0  # the thread's CPU in `process_record` (a counter)


def parse_snapshot(text: str) -> Snapshot:
    """The project's metrics out of a Prometheus text exposition."""
    consumed = 0.0
    events: dict[str, float] = {}
    dead: dict[str, float] = {}
    extract: dict[float, float] = {}
    event_lag: dict[float, float] = {}
    lag: dict[tuple[str, str], float] = {}
    last: float | None = None
    version: str | None = None
    extract_cpu_seconds = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            name, labels, value = sample.name, sample.labels, float(sample.value)
            if name == ARTICLES_CONSUMED:
                consumed = value
            elif name == EVENTS_EMITTED:
                events[labels["event_type"]] = value
            elif name == DEAD_LETTERS:
                dead[labels["code"]] = value
            elif name == f"{EXTRACT_DURATION}_bucket":
                extract[float(labels["le"])] = value
            elif name == EXTRACT_CPU:
                extract_cpu_seconds = value
            elif name == f"{EVENT_LAG}_bucket":
                event_lag[float(labels["le"])] = value
            elif name == CONSUMER_LAG:
                lag[(labels["topic"], labels["partition"])] = value
            elif name == LAST_PROCESSED:
                last = value
            elif name == BUILD_INFO:
                version = f"{labels['version']} (extractor {labels['extractor_version']})"
    return Snapshot(
        consumed, events, dead, extract, event_lag, lag, last, version, extract_cpu_seconds
    )


def _increase(before: float, after: float) -> float:
    """A counter's increase; a smaller value means the worker restarted (Prometheus' rule)."""
    return after - before if after >= before else after


def _increases(before: Mapping[str, float], after: Mapping[str, float]) -> dict[str, float]:
    return {key: _increase(before.get(key, 0.0), value) for key, value in after.items()}


def _bucket_increases(before: Buckets, after: Buckets) -> dict[float, float]:
    reset = after.get(math.inf, 0.0) < before.get(math.inf, 0.0)
    return {le: value if reset else value - before.get(le, 0.0) for le, value in after.items()}


@dataclass(frozen=True)
class Delta:
    """What one worker did between two scrapes `seconds` apart."""

    seconds: float
    consumed: float
    events: Mapping[str, float]
    dead_letters: Mapping[str, float]
    extract_buckets: Buckets
    event_lag_buckets: Buckets


def delta(before: Snapshot, after: Snapshot, seconds: float) -> Delta:
    """The increases from `before` to `after`, scraped `seconds` apart."""
    return Delta(
        seconds,
        _increase(before.consumed, after.consumed),
        _increases(before.events, after.events),
        _increases(before.dead_letters, after.dead_letters),
        _bucket_increases(before.extract_buckets, after.extract_buckets),
        _bucket_increases(before.event_lag_buckets, after.event_lag_buckets),
    )


def histogram_quantile(q: float, buckets: Buckets) -> float | None:
    """The q-quantile of cumulative bucket counts, interpolated like Prometheus (None if empty)."""
    bounds = sorted(buckets)
    if not bounds or bounds[-1] != math.inf:
        return None
    total = buckets[math.inf]
    if total <= 0:
        return None
    rank = q * total
    previous_bound, previous_count = 0.0, 0.0
    for bound in bounds:
        count = buckets[bound]
        if count >= rank:
            if bound == math.inf:
                return previous_bound  # above the highest finite bound: that bound
            if count == previous_count:
                return bound
            return previous_bound + (bound - previous_bound) * (rank - previous_count) / (
                count - previous_count
            )
        previous_bound, previous_count = bound, count
    return previous_bound


def _sum(mappings: Iterable[Mapping[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for mapping in mappings:
        for key, value in mapping.items():
            total[key] = total.get(key, 0.0) + value
    return total


def _sum_buckets(mappings: Iterable[Buckets]) -> dict[float, float]:
    total: dict[float, float] = {}
    for mapping in mappings:
        for key, value in mapping.items():
            total[key] = total.get(key, 0.0) + value
    return total


@dataclass(frozen=True)
class View:
    """One frame of `wirestream top`: every worker together."""

    articles_per_s: float
    events_per_s: Mapping[str, float]
    dead_letters_per_s: Mapping[str, float]
    articles_total: float
    events_total: Mapping[str, float]
    dead_letters_total: Mapping[str, float]
    consumer_lag: Mapping[tuple[str, str], float]
    extract_quantiles: Mapping[float, float | None]
    event_lag_quantiles: Mapping[float, float | None]
    last_processed: float | None


def _per_second(deltas: Sequence[Delta], pick: str) -> dict[str, float]:
    return _sum({key: value / d.seconds for key, value in getattr(d, pick).items()} for d in deltas)


def build_view(pairs: Sequence[tuple[Snapshot, Snapshot, float]]) -> View:
    """The frame for (before, after, seconds apart) of every reachable worker."""
    deltas = [delta(before, after, seconds) for before, after, seconds in pairs]
    latest = [after for _, after, _ in pairs]
    lag: dict[tuple[str, str], float] = {}
    for snapshot in latest:  # every worker reports the whole group: max, not sum
        for key, value in snapshot.consumer_lag.items():
            lag[key] = max(value, lag.get(key, 0.0))
    extract = _sum_buckets(d.extract_buckets for d in deltas)
    event_lag = _sum_buckets(d.event_lag_buckets for d in deltas)
    processed = [s.last_processed for s in latest if s.last_processed is not None]
    return View(
        articles_per_s=sum(d.consumed / d.seconds for d in deltas),
        events_per_s=_per_second(deltas, "events"),
        dead_letters_per_s=_per_second(deltas, "dead_letters"),
        articles_total=sum(s.consumed for s in latest),
        events_total=_sum(s.events for s in latest),
        dead_letters_total=_sum(s.dead_letters for s in latest),
        consumer_lag=dict(sorted(lag.items(), key=lambda item: (item[0][0], int(item[0][1])))),
        extract_quantiles={q: histogram_quantile(q, extract) for q in QUANTILES},
        event_lag_quantiles={q: histogram_quantile(q, event_lag) for q in QUANTILES},
        last_processed=max(processed) if processed else None,
    )
