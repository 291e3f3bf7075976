"""streams.observe.metrics: what one outcome counts (pure), and a real worker's counters after
N articles with known event counts (exact)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from streams.observe.metrics import (
    ARTICLES_CONSUMED,
    BUILD_INFO,
    DEAD_LETTERS,
    EVENT_LAG,
    EVENTS_EMITTED,
    EXTRACT_CPU,
    EXTRACT_DURATION,
    GC_COLLECTIONS,
    GC_FROZEN,
    LAST_PROCESSED,
    REBALANCES,
    ProjectMetrics,
    TimedOutcome,
    exposition,
    tally,
)
from streams.records.codec import EXTRACTOR_FAILED, INVALID_JSON, Rejection
from streams.records.process import Outcome, OutputRecord, SourceRecord, process_record
from streams.records.topics import DLQ, EVENT_TOPICS, PROCESSED, RAW, topic_name
from tests.support.observability import BAD_RECORDS, ObservedWorker, scrape, seed_article

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def _samples(text: str) -> Samples:
    """Every sample of an exposition as {(name, sorted labels): value}."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _value(
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return samples[(name, tuple(sorted(labels.items())))]


def test_tally_counts_events_by_type_from_the_outputs() -> None:
    outputs = [
        OutputRecord(EVENT_TOPICS["statement"], b"s1", b"{}"),
        OutputRecord(EVENT_TOPICS["statement"], b"s2", b"{}"),
        OutputRecord(EVENT_TOPICS["call_readout"], b"c1", b"{}"),
        OutputRecord(PROCESSED, b"a", b"{}"),
    ]
    counted = tally(Outcome(outputs))
    assert counted.events == {"statement": 2, "call_readout": 1}
    assert counted.dead_letter_code is None


def test_tally_of_a_dead_letter_is_its_code_and_no_events() -> None:
    outcome = Outcome([OutputRecord(DLQ, b"k", b"x")], rejection=Rejection(INVALID_JSON, "bad"))
    counted = tally(outcome)
    assert counted.events == {}
    assert counted.dead_letter_code == INVALID_JSON


def test_count_emitted_on_a_batch_by_hand() -> None:
    registry = CollectorRegistry()
    metrics = ProjectMetrics(registry)
    ingested = NOW - timedelta(seconds=3)
    seed = SourceRecord("raw", 0, 0, b"s", seed_article("s"), timestamp=ingested)
    bad = SourceRecord("raw", 0, 1, b"b", b"{not json", timestamp=None)
    batch = [
        TimedOutcome(seed, process_record(seed, NOW), 0.004, 0.003),
        TimedOutcome(bad, process_record(bad, NOW), 0.0002, 0.0001),
        TimedOutcome(bad, Outcome([], rejection=Rejection(EXTRACTOR_FAILED, "bug")), 0.3, 0.25),
    ]
    metrics.count_emitted(batch, NOW.timestamp())
    samples = _samples(exposition(registry)[0].decode())
    assert _value(samples, ARTICLES_CONSUMED) == 3
    # The seed: one call, one deal (tests/cli/test_seed_golden.py pins both), and statements.
    assert _value(samples, EVENTS_EMITTED, event_type="call_readout") == 1
    assert _value(samples, EVENTS_EMITTED, event_type="cost_sharing_deal") == 1
    assert _value(samples, EVENTS_EMITTED, event_type="statement") >= 2
    assert _value(samples, DEAD_LETTERS, code="invalid_json") == 1
    assert _value(samples, DEAD_LETTERS, code="extractor_failed") == 1
    assert _value(samples, DEAD_LETTERS, code="empty_body") == 0  # present from the start
    # Durations 0.0002, 0.004 and 0.3 s fall in the buckets <= 0.00025, <= 0.005 and <= 0.5.
    assert _value(samples, f"{EXTRACT_DURATION}_bucket", le="0.00025") == 1
    assert _value(samples, f"{EXTRACT_DURATION}_bucket", le="0.003") == 1
    assert _value(samples, f"{EXTRACT_DURATION}_bucket", le="0.005") == 2
    assert _value(samples, f"{EXTRACT_DURATION}_bucket", le="0.25") == 2
    assert _value(samples, f"{EXTRACT_DURATION}_bucket", le="0.5") == 3
    assert _value(samples, f"{EXTRACT_DURATION}_sum") == pytest.approx(0.3042)
    # CPU time is summed apart from the wall-clock histogram: 0.003 + 0.0001 + 0.25.
    assert _value(samples, EXTRACT_CPU) == pytest.approx(0.2531)
    # The process's own CPU, to split against it: this test process has used some.
    assert _value(samples, "process_cpu_seconds_total") > 0
    # Event lag only where the record has a timestamp: one observation of 3 s.
    assert _value(samples, f"{EVENT_LAG}_count") == 1
    assert _value(samples, f"{EVENT_LAG}_sum") == pytest.approx(3.0)
    assert _value(samples, f"{EVENT_LAG}_bucket", le="2.5") == 0
    assert _value(samples, f"{EVENT_LAG}_bucket", le="5.0") == 1
    assert _value(samples, LAST_PROCESSED) == NOW.timestamp()
    assert _value(samples, BUILD_INFO, version="0.1.0", extractor_version="1.0.0") == 1


def test_consumer_lag_gauges_are_replaced_not_accumulated() -> None:
    registry = CollectorRegistry()
    metrics = ProjectMetrics(registry)
    metrics.set_consumer_lag({("raw", 0): 5, ("raw", 1): 7})
    metrics.set_consumer_lag({("raw", 1): 2})
    lag = {
        labels: value
        for (name, labels), value in _samples(exposition(registry)[0].decode()).items()
        if name == "wirestream_consumer_lag_messages"
    }
    assert lag == {(("partition", "1"), ("topic", "raw")): 2}


def test_every_buckets_list_is_increasing() -> None:
    from streams.observe.metrics import EVENT_LAG_BUCKETS, EXTRACT_BUCKETS

    for buckets in (EXTRACT_BUCKETS, EVENT_LAG_BUCKETS):
        assert list(buckets) == sorted(set(buckets))


def _counted(observed_worker: ObservedWorker, timeout: float = 30.0) -> Samples:
    """The worker's samples once it has counted every article fed to it.

    A batch is counted when its acknowledgements reach the worker, a moment after its
    outputs are readable on the broker (which is what `feed` waits for). A batch never
    counted (never released, so never committed) fails here.
    """
    deadline = time.monotonic() + timeout
    while True:
        samples = _samples(scrape(observed_worker.metrics_url))
        consumed = samples.get((ARTICLES_CONSUMED, ()), 0.0)
        if consumed >= observed_worker.articles or time.monotonic() > deadline:
            return samples
        time.sleep(0.1)


@pytest.mark.kafka
def test_real_worker_counters_equal_the_known_counts(observed_worker: ObservedWorker) -> None:
    observed_worker.feed(seeds=7, bad=len(BAD_RECORDS))
    samples = _counted(observed_worker)
    emitted = observed_worker.events_on_topics()
    assert _value(samples, ARTICLES_CONSUMED) == observed_worker.articles
    # One call and one deal per seed copy (pinned by the seed's golden test) ...
    assert _value(samples, EVENTS_EMITTED, event_type="call_readout") == observed_worker.seeds
    assert emitted["call_readout"] == observed_worker.seeds
    assert _value(samples, EVENTS_EMITTED, event_type="cost_sharing_deal") == observed_worker.seeds
    # ... and every counter equals what the event topics on the broker hold.
    for event_type, count in emitted.items():
        assert _value(samples, EVENTS_EMITTED, event_type=event_type) == count, event_type
    assert emitted["statement"] > 0
    for code, count in observed_worker.dead_letters.items():
        assert _value(samples, DEAD_LETTERS, code=code) == count, code
    assert sum(value for (name, _), value in samples.items() if name == DEAD_LETTERS) == sum(
        observed_worker.dead_letters.values()
    )
    assert _value(samples, f"{EXTRACT_DURATION}_count") == observed_worker.articles
    # Every produced record carries a timestamp, so every one has an ingest-to-emission lag.
    assert _value(samples, f"{EVENT_LAG}_count") == observed_worker.articles
    assert _value(samples, REBALANCES) >= 1
    # The start-up heap was exempted from collections once the worker started (a worker
    # holds ~100,000 objects then), after a full collection the standard series count.
    assert _value(samples, GC_FROZEN) > 10_000
    assert _value(samples, GC_COLLECTIONS, generation="2") >= 1
    # Faust's own monitor is on the same page, under the fixed `faust_` prefix (the cluster
    # agent's reports are messages too, so count the raw topic's).
    raw = topic_name(RAW, observed_worker.settings.topic_prefix)
    received = "faust_messages_received_per_topic_total"
    assert _value(samples, received, topic=raw) == observed_worker.articles
