"""deploy/compose.yaml, read structurally (no Docker engine here): every file it mounts or
builds from exists, and every port, address and version agrees with the settings, the local
broker, the Prometheus config and the Grafana provisioning."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from streams.kafka.broker import KAFKA_VERSION, container_env
from streams.settings import Settings
from tests.support.observability import ROOT

DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
DEFAULTS = Settings.model_fields
# Listener layout differs on purpose (containers and the host reach the broker by
# different names); everything else must be the local broker's settings.
LISTENER_KEYS = {
    "KAFKA_LISTENERS",
    "KAFKA_ADVERTISED_LISTENERS",
    "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
    "KAFKA_INTER_BROKER_LISTENER_NAME",
    "KAFKA_LOG_DIRS",
}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return loaded


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def _workers(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in compose["services"].items() if name.startswith("worker")}


def _mounts(service: dict[str, Any]) -> dict[str, Path]:
    """Container path -> host path of a service's bind mounts (relative to deploy/)."""
    mounts = {}
    for volume in service.get("volumes", []):
        source, target, *_ = volume.split(":")
        if source.startswith("."):
            mounts[target] = (DEPLOY / source).resolve()
    return mounts


def _host_port(service: dict[str, Any], container_port: int) -> int:
    for mapping in service["ports"]:
        host, container = mapping.split(":")
        if int(container) == container_port:
            return int(host)
    raise AssertionError(f"container port {container_port} not published")


def test_every_mounted_file_exists(compose: dict[str, Any]) -> None:
    mounted = [path for s in compose["services"].values() for path in _mounts(s).values()]
    assert len(mounted) >= 6
    for path in mounted:
        assert path.exists(), path


def test_workers_build_from_files_that_exist(compose: dict[str, Any]) -> None:
    for name, worker in _workers(compose).items():
        context = (DEPLOY / worker["build"]["context"]).resolve()
        dockerfile = context / worker["build"]["dockerfile"]
        assert dockerfile.is_file(), name
        for line in dockerfile.read_text().splitlines():
            if line.startswith("COPY "):
                for source in line.split()[1:-1]:
                    assert (context / source).exists(), f"{dockerfile}: {line}"


def test_kafka_is_the_local_brokers_version_and_settings(compose: dict[str, Any]) -> None:
    kafka = compose["services"]["kafka"]
    assert kafka["image"] == f"apache/kafka:{KAFKA_VERSION}"
    local = {k: v for k, v in container_env(9092).items() if k not in LISTENER_KEYS}
    env = {k: str(v) for k, v in kafka["environment"].items() if k not in LISTENER_KEYS}
    assert env == local
    # The host reaches it where the settings look by default (localhost:9092).
    default_port = int(DEFAULTS["broker"].default.rsplit(":", 1)[1])
    assert _host_port(kafka, default_port) == default_port
    advertised = kafka["environment"]["KAFKA_ADVERTISED_LISTENERS"]
    assert f"PLAINTEXT://localhost:{default_port}" in advertised.split(",")


def test_workers_reach_kafka_and_serve_metrics_on_the_settings_port(
    compose: dict[str, Any],
) -> None:
    workers = _workers(compose)
    assert len(workers) >= 2
    advertised = compose["services"]["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"]
    internal = {entry.split("://")[1] for entry in advertised.split(",")}
    for name, worker in workers.items():
        env = worker["environment"]
        for key in env:
            assert key.removeprefix("WIRESTREAM_").lower() in DEFAULTS, (name, key)
        assert env["WIRESTREAM_BROKER"] in internal, name
        assert int(env["WIRESTREAM_WEB_PORT"]) == DEFAULTS["web_port"].default
        assert worker["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_prometheus_scrapes_every_worker_with_the_deploy_config(compose: dict[str, Any]) -> None:
    prometheus = compose["services"]["prometheus"]
    mounts = _mounts(prometheus)
    assert mounts["/etc/prometheus/prometheus.yml"] == DEPLOY / "prometheus" / "prometheus.yml"
    config = _yaml(mounts["/etc/prometheus/prometheus.yml"])
    for rule_file in config["rule_files"]:
        assert mounts[f"/etc/prometheus/{rule_file}"] == DEPLOY / "prometheus" / rule_file
    (job,) = config["scrape_configs"]
    (discovery,) = job["file_sd_configs"]
    (targets_file,) = discovery["files"]
    targets = [
        t for group in _yaml(mounts[f"/etc/prometheus/{targets_file}"]) for t in group["targets"]
    ]
    workers = _workers(compose)
    assert sorted(targets) == sorted(
        f"{name}:{w['environment']['WIRESTREAM_WEB_PORT']}" for name, w in workers.items()
    )


def test_local_prometheus_targets_the_default_worker_port() -> None:
    config = _yaml(DEPLOY / "prometheus" / "prometheus.yml")
    (targets_file,) = config["scrape_configs"][0]["file_sd_configs"][0]["files"]
    local = _yaml(DEPLOY / "prometheus" / targets_file)
    web = DEFAULTS["web_port"].default
    assert [t for group in local for t in group["targets"]] == [f"127.0.0.1:{web}"]


def test_prometheus_image_is_the_tested_version(compose: dict[str, Any]) -> None:
    assert shutil.which("prometheus"), ".ci/run installs Debian's prometheus"
    version = subprocess.run(["prometheus", "--version"], capture_output=True, text=True)
    tested = (version.stdout + version.stderr).split()[2].split("+")[0]
    assert compose["services"]["prometheus"]["image"] == f"prom/prometheus:v{tested}"


def test_grafana_provisioning_points_at_the_mounted_dashboard_and_prometheus(
    compose: dict[str, Any],
) -> None:
    grafana = compose["services"]["grafana"]
    mounts = _mounts(grafana)
    providers = mounts["/etc/grafana/provisioning/dashboards"]
    (provider,) = _yaml(providers / "wirestream.yml")["providers"]
    dashboards = mounts[provider["options"]["path"]]
    assert (dashboards / "wirestream.json").is_file()
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home == f"{provider['options']['path']}/wirestream.json"
    datasources = mounts["/etc/grafana/provisioning/datasources"]
    (source,) = _yaml(datasources / "prometheus.yml")["datasources"]
    prometheus = compose["services"]["prometheus"]
    assert source["url"] == f"http://prometheus:{_host_port(prometheus, 9090)}"
    assert "prometheus" in compose["services"]
