"""The security settings against a real SASL listener: the worker and the clients log in."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from kafka.errors import KafkaError

from streams.kafka.broker import LocalBroker
from streams.kafka.clients import authentication_problem, check_connection, make_admin
from streams.records.topics import PROCESSED
from streams.settings import Settings
from tests.conftest import free_port
from tests.support.kafka_helpers import WorkerProcess, produce_raw, read_topic, wait_for_count

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


def one_article_through_a_worker(settings: Settings, log: Path, article_id: str) -> None:
    """Produce one article with `settings`, run a worker with the same env, see it processed."""
    article = {"id": article_id, "source": "Yonhap", "body": "Seoul said on Monday it agreed."}
    with WorkerProcess(log) as worker:
        produce_raw(settings, [(article_id.encode(), orjson.dumps(article))])
        wait_for_count(settings, [PROCESSED], 1, 60, worker)
    [record] = read_topic(settings, PROCESSED)
    assert record.key == article_id.encode()


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
    one_article_through_a_worker(Settings(), tmp_path / "worker.log", "sasl-1")


def test_a_wrong_password_is_refused(
    sasl_broker: LocalBroker, sasl_bootstrap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIRESTREAM_BROKER", sasl_bootstrap)
    monkeypatch.setenv("WIRESTREAM_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("WIRESTREAM_SASL_USERNAME", USER)
    monkeypatch.setenv("WIRESTREAM_SASL_PASSWORD", "not-the-password")
    with pytest.raises(KafkaError):
        make_admin(Settings(), bootstrap_timeout_ms=4000).list_topics()
    # kafka-python only sees a timeout; the broker says why, and so does the login probe.
    assert "Invalid username or password" in sasl_broker.log_file.read_text()
    problem = authentication_problem(Settings())
    assert problem is not None and f"refused the login of SASL user {USER!r} (PLAIN)" in problem
    assert "not-the-password" not in problem


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_certificates(directory: Path, name: str) -> tuple[Path, Path]:
    """A throwaway CA and a server certificate for 127.0.0.1 signed by it: (ca.pem, server.pem)."""
    directory.mkdir(parents=True, exist_ok=True)
    ca_key, ca_pem, key, csr = (f"{name}-ca.key", f"{name}-ca.pem", f"{name}.key", f"{name}.csr")
    subject = f"/CN={name} test CA"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca_pem,
             "-days", "2", "-subj", subject, cwd=directory)  # fmt: skip
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr,
             "-subj", "/CN=127.0.0.1", cwd=directory)  # fmt: skip
    (directory / "san.cnf").write_text("subjectAltName=IP:127.0.0.1\n")
    _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{name}-ca.pem", "-CAkey",
             f"{name}-ca.key", "-CAcreateserial", "-out", f"{name}.crt", "-days", "2",
             "-extfile", "san.cnf", cwd=directory)  # fmt: skip
    keystore = directory / f"{name}.pem"
    keystore.write_text(
        (directory / f"{name}.key").read_text() + (directory / f"{name}.crt").read_text()
    )
    return directory / f"{name}-ca.pem", keystore


@pytest.fixture(scope="module")
def ssl_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A local broker that also listens with SSL: (bootstrap, CA file)."""
    certs = tmp_path_factory.mktemp("certs")
    ca, keystore = make_certificates(certs, "broker")
    broker = LocalBroker(tmp_path_factory.mktemp("ssl-broker"), Settings().cache_dir)
    state = broker.up(port=free_port(), ssl_port=free_port(), ssl_keystore=keystore)
    try:
        yield f"127.0.0.1:{state.ssl_port}", ca
    finally:
        broker.down()


def test_worker_and_clients_use_ssl_with_the_ca_file(
    kafka_settings: Settings,
    ssl_broker: tuple[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bootstrap, ca = ssl_broker
    monkeypatch.setenv("WIRESTREAM_BROKER", bootstrap)
    monkeypatch.setenv("WIRESTREAM_SECURITY_PROTOCOL", "SSL")
    monkeypatch.setenv("WIRESTREAM_SSL_CAFILE", str(ca))
    one_article_through_a_worker(Settings(), tmp_path / "worker.log", "ssl-1")


def test_a_certificate_from_another_ca_is_refused(
    ssl_broker: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bootstrap, _ = ssl_broker
    other_ca, _ = make_certificates(tmp_path, "other")
    monkeypatch.setenv("WIRESTREAM_BROKER", bootstrap)
    monkeypatch.setenv("WIRESTREAM_SECURITY_PROTOCOL", "SSL")
    monkeypatch.setenv("WIRESTREAM_SSL_CAFILE", str(other_ca))
    problem = check_connection(Settings(), timeout_s=4)
    assert problem is not None and f"cannot reach Kafka at {bootstrap} (SSL)" in problem
