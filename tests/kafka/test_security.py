"""The security settings against a real SASL listener: the worker and the clients log in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from kafka.errors import KafkaError

from streams.kafka.broker import LocalBroker
from streams.kafka.clients import make_admin
from streams.settings import Settings
from streams.topics import PROCESSED
from tests.conftest import free_port
from tests.kafka_helpers import WorkerProcess, produce_raw, read_topic, wait_for_count

pytestmark = pytest.mark.kafka

USER, PASSWORD = "ingest-svc", "s3cret-pw"


@pytest.fixture(scope="module")
def sasl_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalBroker]:
    """A second local broker that also listens with SASL_PLAINTEXT/PLAIN."""
    broker = LocalBroker(tmp_path_factory.mktemp("sasl-broker"), Settings().cache_dir)
    broker.up(port=free_port(), sasl_port=free_port(), sasl_users={USER: PASSWORD})
    try:
        yield broker
    finally:
        broker.down()


@pytest.fixture
def sasl_bootstrap(sasl_broker: LocalBroker) -> str:
    """host:port of the SASL listener."""
    state = sasl_broker.state()
    assert state is not None and state.sasl_port is not None
    return f"127.0.0.1:{state.sasl_port}"


def test_worker_and_clients_use_sasl_settings(
    kafka_settings: Settings,
    sasl_bootstrap: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = {
        "WIRESTREAM_BROKER": sasl_bootstrap,
        "WIRESTREAM_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "WIRESTREAM_SASL_MECHANISM": "PLAIN",
        "WIRESTREAM_SASL_USERNAME": USER,
        "WIRESTREAM_SASL_PASSWORD": PASSWORD,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings = Settings()
    article = {"id": "sasl-1", "source": "Yonhap", "body": "Seoul said on Monday it agreed."}
    with WorkerProcess(tmp_path / "worker.log") as worker:
        produce_raw(settings, [(b"sasl-1", orjson.dumps(article))])
        wait_for_count(settings, [PROCESSED], 1, 60, worker)
    [record] = read_topic(settings, PROCESSED)
    assert record.key == b"sasl-1"


def test_a_wrong_password_is_refused(
    sasl_broker: LocalBroker, sasl_bootstrap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIRESTREAM_BROKER", sasl_bootstrap)
    monkeypatch.setenv("WIRESTREAM_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("WIRESTREAM_SASL_USERNAME", USER)
    monkeypatch.setenv("WIRESTREAM_SASL_PASSWORD", "not-the-password")
    with pytest.raises(KafkaError):
        make_admin(Settings(), bootstrap_timeout_ms=4000).list_topics()
    # The client only sees a timeout; the broker says why.
    assert "Invalid username or password" in sasl_broker.log_file.read_text()
