"""deploy/grafana: the committed dashboard is the generator's output, and provisioning fits it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from deploy.grafana import dashboard
from streams.observe import metrics
from tests.support.observability import DASHBOARD_JSON, ROOT, dashboard_queries, metric_names

PROVISIONING = ROOT / "deploy" / "grafana" / "provisioning"
# The panels the issue asks for, by title.
PANELS = {
    "Articles in/s",
    "Events out/s by type",
    "Dead letters/s by code",
    "Extraction latency",
    "End-to-end latency (ingest to emission)",
    "Consumer lag per partition",
    "Rebalances",
    "Workers up",
    "Build info",
}
# The cluster agent's row: its panels and the metrics they read, all four of its metrics.
CLUSTER_PANELS = {
    "Cluster reports/s by outcome",
    "Clusters published/s by type and change",
    "Reports per cluster",
}
CLUSTER_METRICS = {
    metrics.CLUSTER_REPORTS,
    metrics.INVALID_CLUSTER_REPORTS,
    metrics.CLUSTERS_PUBLISHED,
    f"{metrics.CLUSTER_SIZE}_bucket",
}


def test_committed_dashboard_is_the_generated_one() -> None:
    assert DASHBOARD_JSON.read_text() == dashboard.render(), (
        "deploy/grafana/dashboards/wirestream.json is stale: python -m deploy.grafana.dashboard"
    )


def test_check_mode_fails_on_drift(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "wirestream.json"
    stale.write_text(DASHBOARD_JSON.read_text().replace("Articles in/s", "Articles/s"))
    monkeypatch.setattr(dashboard, "DASHBOARD_PATH", stale)
    monkeypatch.setattr(sys, "argv", ["dashboard", "--check"])
    try:
        dashboard.main()
    except SystemExit as exc:
        assert "stale" in str(exc.code)
    else:
        raise AssertionError("--check passed a stale dashboard")


def test_the_generator_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "deploy.grafana.dashboard", "--check"], cwd=ROOT, capture_output=True
    )
    assert result.returncode == 0, result.stderr


def test_the_dashboard_has_the_panels_the_issue_asks_for() -> None:
    titles = {panel["title"] for panel in json.loads(DASHBOARD_JSON.read_text())["panels"]}
    assert titles >= PANELS


def test_the_clusters_row_reads_every_cluster_metric() -> None:
    rows: dict[str, list[dict[str, object]]] = {}
    row = ""
    for panel in json.loads(DASHBOARD_JSON.read_text())["panels"]:
        if panel["type"] == "row":
            row = panel["title"]
        else:
            rows.setdefault(row, []).append(panel)
    assert {panel["title"] for panel in rows["Clusters"]} == CLUSTER_PANELS
    read = {
        name
        for title, expr in dashboard_queries()
        if title in CLUSTER_PANELS
        for name in metric_names(expr)
    }
    assert read == CLUSTER_METRICS


def test_every_query_reads_declared_metrics_only() -> None:
    declared = {
        value for name, value in vars(metrics).items() if name.isupper() and isinstance(value, str)
    }
    for title, expr in dashboard_queries():
        for name in metric_names(expr):
            base = name.removesuffix("_bucket")
            assert name == "up" or base in declared, (title, name)


def test_panels_use_the_datasource_variable_and_it_is_provisioned() -> None:
    model = json.loads(DASHBOARD_JSON.read_text())
    (variable,) = model["templating"]["list"]
    assert (variable["name"], variable["query"]) == ("datasource", "prometheus")
    for panel in model["panels"]:
        for target in panel.get("targets", []):
            assert target["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
    datasources = yaml.safe_load((PROVISIONING / "datasources" / "prometheus.yml").read_text())
    (source,) = datasources["datasources"]
    assert source["type"] == "prometheus"
    scrape = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
    assert source["jsonData"]["timeInterval"] == scrape["global"]["scrape_interval"]
