"""The wirestream Grafana dashboard, generated from code: `python -m deploy.grafana.dashboard`.

Built with grafana-foundation-sdk (Grafana's own typed builders for its dashboard
schema) rather than kept as hand-edited JSON: every panel is a few lines here,
queries are plain strings a reviewer can read, and the JSON Grafana loads
(`deploy/grafana/dashboards/wirestream.json`) is its output, committed so that
Grafana provisioning needs no Python; a test regenerates it and fails on drift.
Every query names only metrics from `streams.observe.metrics` (or Prometheus' `up`), and a
test evaluates each one against a real Prometheus scraping a real worker.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from grafana_foundation_sdk.builders import stat, table, timeseries
from grafana_foundation_sdk.builders.dashboard import Dashboard, DatasourceVariable, Row
from grafana_foundation_sdk.builders.prometheus import Dataquery
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models.dashboard import DataSourceRef
from grafana_foundation_sdk.models.prometheus import PromQueryFormat

from streams.observe.metrics import (
    ARTICLES_CONSUMED,
    BUILD_INFO,
    CLUSTER_REPORTS,
    CLUSTER_SIZE,
    CLUSTERS_PUBLISHED,
    CONSUMER_LAG,
    DEAD_LETTERS,
    EVENT_LAG,
    EVENTS_EMITTED,
    EXTRACT_CPU,
    EXTRACT_DURATION,
    INVALID_CLUSTER_REPORTS,
    LAST_PROCESSED,
    PROCESS_CPU,
    REBALANCES,
)

DASHBOARD_PATH = Path(__file__).resolve().parent / "dashboards" / "wirestream.json"
UID = "wirestream"
JOB = 'job="wirestream"'
DATASOURCE = DataSourceRef(type_val="prometheus", uid="${datasource}")
QUANTILES = (0.5, 0.95, 0.99)
# A label placeholder in a legend ("{{event_type}}"): Grafana fills it from each series.
LEGEND_LABEL = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _query(expr: str, legend: str, ref: str = "A") -> Dataquery:
    """A Prometheus range query with its legend."""
    return Dataquery().expr(expr).legend_format(legend).ref_id(ref).datasource(DATASOURCE)


def _rate(metric: str, by: str = "") -> str:
    """Per-second rate of a counter summed over workers (optionally by a label)."""
    grouping = f" by ({by})" if by else ""
    return f"sum{grouping} (rate({metric}[$__rate_interval]))"


def _quantile(histogram: str, q: float) -> str:
    """The q-quantile of a histogram over every worker's observations."""
    return f"histogram_quantile({q}, sum by (le) (rate({histogram}_bucket[$__rate_interval])))"


def _timeseries(title: str, unit: str, description: str, *queries: Dataquery) -> Any:
    panel = (
        timeseries.Panel()
        .title(title)
        .description(description)
        .unit(unit)
        .datasource(DATASOURCE)
        .height(8)
        .span(12)
        .fill_opacity(10)
        .min(0)
    )
    for query in queries:
        panel = panel.with_target(query)
    return panel


def _percentiles(
    title: str,
    histogram: str,
    description: str,
    unit: str = "s",
    quantiles: tuple[float, ...] = QUANTILES,
) -> Any:
    queries = [
        _query(_quantile(histogram, q), f"p{round(q * 100)}", chr(ord("A") + i))
        for i, q in enumerate(quantiles)
    ]
    return _timeseries(title, unit, description, *queries)


def build() -> dict[str, Any]:
    """The dashboard as Grafana's JSON model (a plain dict)."""
    dashboard = (
        Dashboard("wirestream")
        .uid(UID)
        .description(
            "Wire articles in, typed events out: throughput, latency, lag, errors, clusters."
        )
        .tags(["wirestream", "kafka", "faust"])
        .refresh("10s")
        .time("now-30m", "now")
        .timezone("browser")
        .with_variable(DatasourceVariable("datasource").label("Prometheus").type("prometheus"))
        .with_row(Row("Throughput"))
        .with_panel(
            _timeseries(
                "Articles in/s",
                "cps",
                "Raw records consumed and processed per second, all workers.",
                _query(_rate(ARTICLES_CONSUMED), "articles/s"),
            )
        )
        .with_panel(
            _timeseries(
                "Events out/s by type",
                "cps",
                "Events published and acknowledged per second, by event type.",
                _query(_rate(EVENTS_EMITTED, "event_type"), "{{event_type}}"),
            )
        )
        .with_panel(
            _timeseries(
                "Dead letters/s by code",
                "cps",
                "Raw records sent to the dead-letter topic per second, by error.code.",
                _query(_rate(DEAD_LETTERS, "code"), "{{code}}"),
            )
        )
        .with_panel(
            _timeseries(
                "Consumer lag per partition",
                "short",
                "End offset minus the group's committed offset on the raw topic "
                "(every worker reports the group; max over workers).",
                _query(f"max by (topic, partition) ({CONSUMER_LAG})", "{{topic}} [{{partition}}]"),
            )
        )
        .with_row(Row("Latency"))
        .with_panel(
            _percentiles(
                "Extraction latency",
                EXTRACT_DURATION,
                "Validate, extract and encode one raw record (extract_duration_seconds).",
            )
        )
        .with_panel(
            _percentiles(
                "End-to-end latency (ingest to emission)",
                EVENT_LAG,
                "Raw record timestamp to all its outputs acknowledged "
                "(wirestream_event_lag_seconds); alert above 10 s at p99.",
            )
        )
        .with_row(Row("Workers"))
        .with_panel(
            stat.Panel()
            .title("Workers up")
            .description("Workers Prometheus scrapes successfully, of those it should.")
            .datasource(DATASOURCE)
            .height(6)
            .span(4)
            .with_target(_query(f"sum(up{{{JOB}}})", "up"))
            .with_target(_query(f"count(up{{{JOB}}})", "expected", "B"))
        )
        .with_panel(
            stat.Panel()
            .title("Since last batch")
            .description("Seconds since the most recent batch finished on any worker.")
            .unit("s")
            .datasource(DATASOURCE)
            .height(6)
            .span(4)
            .with_target(_query(f"time() - max({LAST_PROCESSED})", "seconds"))
        )
        .with_panel(
            _timeseries(
                "Rebalances",
                "short",
                "Consumer-group rebalances each worker took part in.",
                _query(
                    f"sum by (instance) (increase({REBALANCES}[$__rate_interval]))", "{{instance}}"
                ),
            )
            .span(8)
            .height(6)
        )
        .with_panel(
            table.Panel()
            .title("Build info")
            .description("Worker and extractor version of every worker.")
            .datasource(DATASOURCE)
            .height(6)
            .span(8)
            .with_target(
                _query(f"max by (instance, version, extractor_version) ({BUILD_INFO})", "")
                .instant()
                .format(PromQueryFormat.TABLE)
            )
        )
        .with_panel(
            _timeseries(
                "CPU per worker: extraction and all threads",
                "percentunit",
                "Share of a core each worker used in validate + extract + encode "
                "(wirestream_extract_cpu_seconds_total) and in all its threads "
                "(process_cpu_seconds_total); the gap is the framework (consume, produce, "
                "acks). A worker whose extraction nears 100 % is bound by its one thread: "
                "more workers (and partitions) drain more.",
                _query(
                    f"sum by (instance) (rate({EXTRACT_CPU}[$__rate_interval]))",
                    "{{instance}} extraction",
                ),
                _query(
                    f"sum by (instance) (rate({PROCESS_CPU}{{{JOB}}}[$__rate_interval]))",
                    "{{instance}} all threads",
                    "B",
                ),
            ).span(24)
        )
        .with_row(Row("Clusters"))
        .with_panel(
            _timeseries(
                "Cluster reports/s by outcome",
                "cps",
                "Reports the cluster agent folded per second: added to a cluster, or unchanged "
                "(a redelivery, or an older version of an article). Invalid: records on the "
                "internal report topic that are not reports, skipped (a bug: should stay at 0).",
                _query(_rate(CLUSTER_REPORTS, "outcome"), "{{outcome}}"),
                _query(_rate(INVALID_CLUSTER_REPORTS), "invalid", "B"),
            ).span(8)
        )
        .with_panel(
            _timeseries(
                "Clusters published/s by type and change",
                "cps",
                "Cluster records published on wire.events.clusters and acknowledged per "
                "second, by event type and change (created, updated, retired: a tombstone).",
                _query(
                    _rate(CLUSTERS_PUBLISHED, "event_type, change"), "{{event_type}} {{change}}"
                ),
            ).span(8)
        )
        .with_panel(
            _percentiles(
                "Reports per cluster",
                CLUSTER_SIZE,
                "Reports in a cluster each time its record is published: 1 for an event one "
                "article tells, more as other articles and wires report it.",
                unit="short",
                quantiles=(0.5, 0.95),
            ).span(8)
        )
    )
    encoded = json.dumps(dashboard.build(), cls=JSONEncoder, sort_keys=True)
    model: dict[str, Any] = json.loads(encoded)
    return model


# Grafana's interval variables; outside Grafana (tests, the docs picture) they need a window.
GRAFANA_INTERVALS = ("$__rate_interval", "$__interval", "$__range")


def concrete(expr: str, window: str) -> str:
    """A panel query with Grafana's interval variables replaced by `window` (e.g. "1m")."""
    for variable in GRAFANA_INTERVALS:
        expr = expr.replace(variable, window)
    return expr


def committed_panels(path: Path = DASHBOARD_PATH) -> list[dict[str, Any]]:
    """The panels of the committed dashboard JSON (what Grafana loads)."""
    panels: list[dict[str, Any]] = json.loads(path.read_text())["panels"]
    return panels


def render() -> str:
    """The dashboard JSON as committed: sorted keys, two-space indent, final newline."""
    return json.dumps(build(), indent=2, sort_keys=True) + "\n"


def main() -> None:
    """Write the dashboard JSON (or check it with --check: exit 1 when it differs)."""
    text = render()
    if "--check" in sys.argv[1:]:
        if DASHBOARD_PATH.read_text() != text:
            sys.exit(f"{DASHBOARD_PATH} is stale: run python -m deploy.grafana.dashboard")
        return
    DASHBOARD_PATH.write_text(text)
    print(f"wrote {DASHBOARD_PATH}")


if __name__ == "__main__":
    main()
