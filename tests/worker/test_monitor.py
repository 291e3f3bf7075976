"""streams.worker.monitor: each app gets its own registry and monitor, so apps share a process."""

from __future__ import annotations

from typing import Any, cast

from faust.sensors.prometheus import FaustMetrics, PrometheusMonitor
from faust.types import TP
from faust.types.tuples import ConsumerMessage
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from streams.observe.metrics import ARTICLES_CONSUMED, FAUST_PREFIX, exposition
from streams.settings import Settings
from streams.worker.app import create_app
from streams.worker.monitor import WirestreamMonitor


def _consumed(monitor: WirestreamMonitor) -> float:
    text = exposition(monitor.registry)[0].decode()
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == ARTICLES_CONSUMED:
                return float(sample.value)
    raise AssertionError(f"{ARTICLES_CONSUMED} missing")


def test_two_apps_in_one_process_have_separate_metrics() -> None:
    first = create_app(Settings(consumer_group="one", web_port=16001))
    second = create_app(Settings(consumer_group="two", web_port=16002))
    assert isinstance(first.monitor, WirestreamMonitor)
    assert isinstance(second.monitor, WirestreamMonitor)
    first.monitor.project.articles_consumed.inc(3)
    assert _consumed(first.monitor) == 3
    assert _consumed(second.monitor) == 0


def test_a_rebalance_is_counted_and_faust_metrics_share_the_page() -> None:
    app = create_app(Settings(consumer_group="rebalancing"))
    monitor = app.monitor
    assert isinstance(monitor, WirestreamMonitor)
    state = monitor.on_rebalance_start(app)
    monitor.on_rebalance_return(app, state)
    text = exposition(monitor.registry)[0].decode()
    assert "wirestream_rebalances_total 1.0" in text
    # Faust's monitor counted the same rebalance on the same registry, under `faust_`.
    assert "faust_total_rebalances_recovering 1.0" in text


class _Stream:
    """What the monitor reads of a Faust stream: its label and its owning task."""

    shortlabel = "Stream: Topic: wire.articles.raw"

    def __init__(self) -> None:
        self.task_owner = _Stream  # any object Faust's monitor can hold a weak reference to

    def __str__(self) -> str:
        return "stream"


def _faust_series(
    registry: CollectorRegistry,
) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Faust's series of a registry, minus timings (wall-clock) and creation stamps."""
    text = exposition(registry)[0].decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name.startswith(FAUST_PREFIX)
        and not sample.name.endswith("_created")
        and "latency" not in sample.name
        and "runtime" not in sample.name
    }


def test_the_per_record_hooks_keep_faust_s_series_across_a_rebalance() -> None:
    """Cached children, same values as Faust's own monitor, and fresh after Faust clears them."""
    faust_registry, ours_registry = CollectorRegistry(), CollectorRegistry()
    faust_monitor = PrometheusMonitor(metrics=FaustMetrics.create(faust_registry, FAUST_PREFIX))
    ours = WirestreamMonitor(ours_registry)
    stream = _Stream()

    def records(monitor: PrometheusMonitor, offsets: range) -> None:
        for offset in offsets:
            tp = TP("raw", offset % 3)
            message = ConsumerMessage(
                "raw", tp.partition, offset, 0.0, 0, [], b"k", b"v", None, 1, 1, tp
            )
            monitor.track_tp_end_offset(tp, offset + 1)
            monitor.on_message_in(tp, offset, message)
            state = monitor.on_stream_event_in(tp, offset, stream, cast(Any, None))
            monitor.on_stream_event_out(tp, offset, stream, cast(Any, None), state)
            monitor.on_message_out(tp, offset, message)

    for monitor in (faust_monitor, ours):
        records(monitor, range(0, 30))
        monitor._clear_partition_related_metrics()  # as at a rebalance's start and end
        records(monitor, range(30, 40))
    expected = _faust_series(faust_registry)
    assert expected[("faust_messages_received_per_topic_total", (("topic", "raw"),))] == 10
    assert _faust_series(ours_registry) == expected
