"""Shared fixtures. Services that tests need are real and session-scoped.

Kafka: `KAFKA_BOOTSTRAP_SERVERS` when set; else testcontainers' Kafka module
when a Docker engine answers; else the project's own local KRaft broker
(`wirestream kafka up`), started on a free port in a temporary data dir and
stopped at the end of the session. Each test gets a unique topic prefix and
consumer group, so tests never see each other's records.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings as hypothesis_settings

from streams.kafka.broker import free_port
from streams.settings import Settings

if TYPE_CHECKING:
    from tests.support.observability import ObservedWorker, PrometheusServer

__all__ = ["free_port"]  # tests import it from here

# No wall-clock deadline per hypothesis example. Hypothesis's default fails any example
# that takes over 200 ms, and one slow spell of a shared machine (or the core's first call
# building its tables) is enough; tests that care about cost assert ratios instead
# (tests/support/growth.py). Every @settings(...) in the tests inherits this profile.
hypothesis_settings.register_profile("wirestream", deadline=None)
hypothesis_settings.load_profile("wirestream")


def _docker_answers() -> bool:
    """True when a Docker engine answers a ping (never true on the project's CI machine)."""
    try:
        import docker  # testcontainers' dependency

        client = docker.from_env(timeout=3)
        client.ping()
        return True
    except Exception:
        return False


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the figures the Kafka tests measured (e.g. duplicates after a restart)."""
    from tests.support.kafka_helpers import REPORTS

    if REPORTS:
        terminalreporter.section("measured by the Kafka tests")
        for line in REPORTS:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Bootstrap servers of a real Kafka broker for the whole test session."""
    configured = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if configured:
        yield configured
        return
    if _docker_answers():
        # testcontainers' KafkaContainer targets Confluent images; the official Apache
        # image runs the same broker settings as the local one (container_env).
        from testcontainers.core.container import DockerContainer
        from testcontainers.core.waiting_utils import wait_for_logs

        from streams.kafka.broker import KAFKA_VERSION, container_env

        port = free_port()
        container = DockerContainer(f"apache/kafka:{KAFKA_VERSION}").with_bind_ports(9092, port)
        for key, value in container_env(port).items():
            container = container.with_env(key, value)
        with container:
            wait_for_logs(container, "Kafka Server started", timeout=120)
            yield f"127.0.0.1:{port}"
        return
    from streams.kafka.broker import LocalBroker

    data_dir = tmp_path_factory.mktemp("kafka")
    broker = LocalBroker(data_dir=data_dir, cache_dir=Settings().cache_dir)
    broker.up(port=free_port())
    try:
        yield broker.bootstrap()
    finally:
        broker.down()


@pytest.fixture
def kafka_settings(
    kafka_bootstrap: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """Settings for one test: the session broker, a unique topic prefix and group.

    They are exported as WIRESTREAM_* variables too, so CLI commands and worker
    processes started by the test use the same ones.
    """
    unique = uuid.uuid4().hex[:10]
    env = {
        "WIRESTREAM_BROKER": kafka_bootstrap,
        "WIRESTREAM_TOPIC_PREFIX": f"test-{unique}.",
        "WIRESTREAM_CONSUMER_GROUP": f"wirestream-test-{unique}",
        "WIRESTREAM_STATE_DIR": str(tmp_path / "state"),
        "WIRESTREAM_WEB_PORT": str(free_port()),
        # A killed worker's partitions move on after 10 s instead of 30 s.
        "WIRESTREAM_SESSION_TIMEOUT_S": "10",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return Settings()


@pytest.fixture(scope="session")
def prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrometheusServer]:
    """A real Prometheus (deploy/prometheus/prometheus.yml, 1 s scrapes) for the session."""
    from tests.support.observability import PrometheusServer

    server = PrometheusServer(tmp_path_factory.mktemp("prometheus"), free_port()).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def observed_worker(
    kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ObservedWorker]:
    """A real worker on its own topics and web port, fed seeds and bad records (see feed)."""
    from tests.support.kafka_helpers import WorkerProcess
    from tests.support.observability import BAD_RECORDS, ObservedWorker

    workdir = tmp_path_factory.mktemp("observed")
    unique = uuid.uuid4().hex[:10]
    env = {
        "WIRESTREAM_BROKER": kafka_bootstrap,
        "WIRESTREAM_TOPIC_PREFIX": f"obs-{unique}.",
        "WIRESTREAM_CONSUMER_GROUP": f"wirestream-obs-{unique}",
        "WIRESTREAM_STATE_DIR": str(workdir / "state"),
        "WIRESTREAM_WEB_PORT": str(free_port()),
        "WIRESTREAM_LAG_INTERVAL_S": "1",
    }
    settings = Settings(**{key.removeprefix("WIRESTREAM_").lower(): v for key, v in env.items()})
    with WorkerProcess(workdir / "worker.log", env) as worker:
        observed = ObservedWorker(settings, worker)
        observed.feed(seeds=20, bad=len(BAD_RECORDS))
        yield observed
