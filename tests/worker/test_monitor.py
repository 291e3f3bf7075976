"""streams.worker.monitor: each app gets its own registry and monitor, so apps share a process."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from streams.observe.metrics import ARTICLES_CONSUMED, exposition
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
