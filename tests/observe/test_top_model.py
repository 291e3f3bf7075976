"""streams.observe.top_model: rates, totals, lag and percentiles from two hand-written scrapes."""

from __future__ import annotations

import math

import pytest

from streams.observe.top_model import build_view, histogram_quantile, parse_snapshot

BEFORE = """\
# TYPE wirestream_articles_consumed_total counter
wirestream_articles_consumed_total 100.0
# TYPE wirestream_events_emitted_total counter
wirestream_events_emitted_total{event_type="statement"} 400.0
wirestream_events_emitted_total{event_type="call_readout"} 50.0
# TYPE wirestream_dead_letters_total counter
wirestream_dead_letters_total{code="invalid_json"} 2.0
wirestream_dead_letters_total{code="empty_body"} 0.0
# TYPE wirestream_extract_duration_seconds histogram
wirestream_extract_duration_seconds_bucket{le="0.001"} 20.0
wirestream_extract_duration_seconds_bucket{le="0.003"} 90.0
wirestream_extract_duration_seconds_bucket{le="0.01"} 100.0
wirestream_extract_duration_seconds_bucket{le="+Inf"} 100.0
wirestream_extract_duration_seconds_count 100.0
wirestream_extract_duration_seconds_sum 0.2
# TYPE wirestream_extract_cpu_seconds_total counter
wirestream_extract_cpu_seconds_total 0.15
# TYPE wirestream_consumer_lag_messages gauge
wirestream_consumer_lag_messages{partition="0",topic="raw"} 12.0
wirestream_consumer_lag_messages{partition="1",topic="raw"} 3.0
"""

# 10 s later: 50 more articles (200 events, 40 + 160), 5 more invalid_json; 50 more extract
# observations: 10 under 1 ms, 30 in (1, 3] ms, 10 in (3, 10] ms.
AFTER = """\
# TYPE wirestream_articles_consumed_total counter
wirestream_articles_consumed_total 150.0
# TYPE wirestream_events_emitted_total counter
wirestream_events_emitted_total{event_type="statement"} 560.0
wirestream_events_emitted_total{event_type="call_readout"} 90.0
# TYPE wirestream_dead_letters_total counter
wirestream_dead_letters_total{code="invalid_json"} 7.0
wirestream_dead_letters_total{code="empty_body"} 0.0
# TYPE wirestream_extract_duration_seconds histogram
wirestream_extract_duration_seconds_bucket{le="0.001"} 30.0
wirestream_extract_duration_seconds_bucket{le="0.003"} 130.0
wirestream_extract_duration_seconds_bucket{le="0.01"} 150.0
wirestream_extract_duration_seconds_bucket{le="+Inf"} 150.0
wirestream_extract_duration_seconds_count 150.0
wirestream_extract_duration_seconds_sum 0.35
# TYPE wirestream_extract_cpu_seconds_total counter
wirestream_extract_cpu_seconds_total 0.27
# TYPE wirestream_consumer_lag_messages gauge
wirestream_consumer_lag_messages{partition="0",topic="raw"} 4.0
wirestream_consumer_lag_messages{partition="1",topic="raw"} 0.0
# TYPE wirestream_last_processed_timestamp_seconds gauge
wirestream_last_processed_timestamp_seconds 1700000000.0
# TYPE wirestream_build_info gauge
wirestream_build_info{extractor_version="1.0.0",version="0.1.0"} 1.0
"""


def test_one_worker_over_ten_seconds() -> None:
    view = build_view([(parse_snapshot(BEFORE), parse_snapshot(AFTER), 10.0)])
    assert view.articles_per_s == 5.0
    assert view.events_per_s == {"statement": 16.0, "call_readout": 4.0}
    assert view.dead_letters_per_s == {"invalid_json": 0.5, "empty_body": 0.0}
    assert view.articles_total == 150
    assert view.dead_letters_total == {"invalid_json": 7.0, "empty_body": 0.0}
    assert view.consumer_lag == {("raw", "0"): 4.0, ("raw", "1"): 0.0}
    assert view.last_processed == 1_700_000_000.0
    # 50 observations in the window: rank 25 lies in (1, 3] ms, the 15th of 30 there:
    # 1 + 2 * 15/30 = 2 ms. p95: rank 47.5, the 7.5th of 10 in (3, 10]: 3 + 7 * 0.75 = 8.25 ms.
    assert view.extract_quantiles[0.5] == pytest.approx(0.002)
    assert view.extract_quantiles[0.95] == pytest.approx(0.00825)
    assert view.event_lag_quantiles[0.5] is None  # no event-lag histogram scraped


def test_the_extraction_cpu_is_its_counter_not_the_wall_clock_histogram() -> None:
    """`python -m bench` and `bench.paced` split a worker's CPU with it."""
    assert parse_snapshot(BEFORE).extract_cpu_seconds == 0.15
    assert parse_snapshot(AFTER).extract_cpu_seconds == 0.27
    assert parse_snapshot("").extract_cpu_seconds == 0.0


def test_two_workers_add_rates_and_take_the_max_lag() -> None:
    before, after = parse_snapshot(BEFORE), parse_snapshot(AFTER)
    view = build_view([(before, after, 10.0), (before, after, 5.0)])
    assert view.articles_per_s == 5.0 + 10.0
    assert view.events_per_s["statement"] == 16.0 + 32.0
    assert view.articles_total == 300
    assert view.consumer_lag[("raw", "0")] == 4.0  # the same partition, seen by both


def test_a_restarted_worker_counts_from_zero() -> None:
    restarted = BEFORE.replace("consumed_total 100.0", "consumed_total 8.0")
    view = build_view([(parse_snapshot(AFTER), parse_snapshot(restarted), 4.0)])
    assert view.articles_per_s == 2.0  # 8 articles since the restart, not 8 - 150


@pytest.mark.parametrize(
    ("q", "buckets", "expected"),
    [
        (0.5, {1.0: 10.0, 2.0: 20.0, math.inf: 20.0}, 1.0),
        (0.75, {1.0: 10.0, 2.0: 20.0, math.inf: 20.0}, 1.5),
        (0.5, {1.0: 0.0, math.inf: 10.0}, 1.0),  # all above the last bound: that bound
        (0.25, {4.0: 8.0, math.inf: 8.0}, 1.0),  # first bucket interpolates from 0
        (0.5, {1.0: 0.0, math.inf: 0.0}, None),  # nothing observed
        (0.5, {1.0: 3.0}, None),  # no +Inf bucket: not a histogram
    ],
)
def test_histogram_quantile_like_prometheus(
    q: float, buckets: dict[float, float], expected: float | None
) -> None:
    assert histogram_quantile(q, buckets) == expected
