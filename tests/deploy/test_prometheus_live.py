"""Every dashboard query and every alert expression, evaluated by a real Prometheus scraping a
real worker while articles flow through the real broker: each must return data.

The queries come from the committed dashboard JSON and the rules file themselves, so a panel or
an alert that reads a metric nobody exports fails here.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.grafana.dashboard import LEGEND_LABEL, committed_panels
from tests.support.observability import (
    ObservedWorker,
    PrometheusServer,
    alert_expressions,
    as_measure,
    concrete,
    dashboard_queries,
    metric_names,
    with_subquery_step,
)

pytestmark = pytest.mark.kafka

# Grafana's $__rate_interval for a 1 s scrape is 4 scrapes; 15 s keeps several samples per
# window on a slow machine.
WINDOW = "15s"


@pytest.fixture(scope="module")
def scraped(
    prometheus: PrometheusServer, observed_worker: ObservedWorker
) -> Iterator[PrometheusServer]:
    """Prometheus scraping the observed worker while more articles flow through it."""
    prometheus.set_targets([observed_worker.target])
    # The lag-growing rule's 30 s subquery needs the lag gauge scraped over a minute or so;
    # meanwhile feed the worker in waves, so rates and latency histograms move.
    missing = prometheus.wait_for_data(['up{job="wirestream"} == 1'], timeout=60)
    assert not missing, "Prometheus never scraped the worker"
    for _ in range(3):
        observed_worker.feed(seeds=5, bad=2)
    yield prometheus
    prometheus.set_targets([])  # no scraping for the rest of the session


def test_every_panel_query_returns_data(scraped: PrometheusServer) -> None:
    queries = dashboard_queries()
    assert len(queries) >= 12
    exprs = [concrete(expr, WINDOW) for _, expr in queries]
    missing = scraped.wait_for_data(exprs, timeout=90)
    titles = {concrete(expr, WINDOW): title for title, expr in queries}
    assert not missing, [f"{titles[m]}: {m}" for m in missing]


def test_every_alert_expression_returns_data(scraped: PrometheusServer) -> None:
    alerts = alert_expressions()
    assert {name for name, _ in alerts} == {
        "WirestreamWorkerDown",
        "WirestreamNoThroughput",
        "WirestreamLagGrowing",
        "WirestreamDeadLetterRatioHigh",
        "WirestreamEndToEndLatencyHigh",
        "WirestreamDeadLetterLimitStop",
        "WirestreamInvalidClusterReports",
    }
    # The lag-growing rule's 30 s subquery step, made 2 s: two points in seconds, not a minute.
    measures = {with_subquery_step(as_measure(expr), "2s"): name for name, expr in alerts}
    assert any("[5m:2s]" in measure for measure in measures)
    missing = scraped.wait_for_data(list(measures), timeout=120)
    assert not missing, [f"{measures[m]}: {m}" for m in missing]


def test_every_legend_names_labels_of_its_series(scraped: PrometheusServer) -> None:
    """A legend's {{label}} is a label the query's series carry: a typo in a `by` clause or a
    legend (one series without the label) would still return data, but not this."""
    checked = 0
    for panel in committed_panels():
        for target in panel.get("targets", []):
            labels = set(LEGEND_LABEL.findall(target.get("legendFormat", "")))
            if not labels:
                continue
            series = scraped.query(concrete(target["expr"], WINDOW))
            assert series, panel["title"]
            for one in series:
                assert labels <= one["metric"].keys(), (panel["title"], one["metric"])
            checked += 1
    assert checked >= 6


def test_the_cluster_panels_show_what_the_cluster_agent_did(scraped: PrometheusServer) -> None:
    """The worker runs the cluster agent (its default): copies of the seed meet in clusters,
    so clusters are created and then updated, and some hold several reports; none is invalid."""
    expected = [
        'sum(wirestream_cluster_reports_total{outcome="added"}) > 0',
        'sum(wirestream_clusters_published_total{change="created"}) > 0',
        'sum(wirestream_clusters_published_total{change="updated"}) > 0',
        "histogram_quantile(0.99, sum by (le) (wirestream_cluster_size_reports_bucket)) > 1",
        "sum(wirestream_invalid_cluster_reports_total) == 0",
    ]
    missing = scraped.wait_for_data(expected, timeout=60)
    assert not missing, [(m, scraped.query(m.rsplit(" ", 2)[0])) for m in missing]


def test_every_metric_the_queries_read_is_exported(scraped: PrometheusServer) -> None:
    names: set[str] = set()
    for _, expr in [*dashboard_queries(), *alert_expressions()]:
        names |= metric_names(expr)
    assert "wirestream_consumer_lag_messages" in names
    missing = scraped.wait_for_data([f'count({{__name__="{n}"}})' for n in sorted(names)], 30)
    assert not missing


def test_the_check_fails_for_a_metric_nobody_exports(scraped: PrometheusServer) -> None:
    """The check above can fail: a query of a metric no worker exports returns nothing."""
    bogus = concrete("sum(rate(wirestream_articles_ingested_total[$__rate_interval]))", WINDOW)
    assert scraped.without_data([bogus, "sum(up)"]) == [bogus]


def test_rules_are_loaded_and_healthy_and_quiet(scraped: PrometheusServer) -> None:
    groups = scraped.api("rules")["groups"]
    rules = [rule for group in groups for rule in group["rules"]]
    assert {rule["name"] for rule in rules} == {name for name, _ in alert_expressions()}
    for rule in rules:
        assert rule["health"] in {"ok", "unknown"}, rule
    # A healthy worker draining its input: none of the alerts fires (dead letters are
    # far above 1 % here, but the rule waits 5 minutes before firing).
    assert all(rule["state"] != "firing" for rule in rules), rules


def test_prometheus_counts_what_the_worker_processed(
    scraped: PrometheusServer, observed_worker: ObservedWorker
) -> None:
    expected = float(observed_worker.articles)
    missing = scraped.wait_for_data(
        [f"sum(wirestream_articles_consumed_total) == {expected}"], timeout=30
    )
    assert not missing, scraped.query("sum(wirestream_articles_consumed_total)")


def test_consumer_lag_drains_to_zero_on_every_partition(
    scraped: PrometheusServer, observed_worker: ObservedWorker
) -> None:
    partitions = observed_worker.settings.partitions
    missing = scraped.wait_for_data(
        [f"count(max by (partition) (wirestream_consumer_lag_messages) == 0) == {partitions}"],
        timeout=60,
    )
    assert not missing, scraped.query("wirestream_consumer_lag_messages")


def test_render_dashboard_draws_the_main_panels_from_prometheus(
    scraped: PrometheusServer, tmp_path: Path
) -> None:
    import matplotlib.pyplot as plt

    from deploy.render_dashboard import MAIN_PANELS, draw_panel, query_range, render

    end = time.time()
    start = end - 120

    def fetch(expr: str) -> object:
        return query_range(scraped.url, expr, start, end, 2.0)

    panels = {panel["title"]: panel for panel in committed_panels()}
    figure, axes = plt.subplots(len(MAIN_PANELS))
    for axis, title in zip(axes, MAIN_PANELS, strict=True):
        draw_panel(axis, panels[title], fetch, WINDOW)
        if title != "Consumer lag per partition":  # lag is 0 once drained: nothing to draw
            assert axis.lines, f"{title}: no series drawn"
    plt.close(figure)
    out = tmp_path / "dashboard.png"
    render(scraped.url, start, end, 2.0, WINDOW, out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 20_000
