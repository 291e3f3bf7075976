"""The local broker (`wirestream kafka up|down|status`) as a person uses it: real JVM and ports."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from kafka.admin import NewTopic

from streams.kafka.broker import KAFKA_VERSION, LocalBroker, answers
from streams.settings import Settings
from tests.conftest import free_port
from tests.support.cli import wirestream

pytestmark = pytest.mark.kafka


def test_up_status_down_and_restart_on_another_port_keeps_the_data(tmp_path: Path) -> None:
    data_dir = tmp_path / "broker"
    port = free_port()
    up = wirestream("kafka", "up", "--port", str(port), "--data-dir", str(data_dir))
    assert up.returncode == 0, up.stderr
    assert f"Kafka {KAFKA_VERSION} started on 127.0.0.1:{port}" in up.stdout
    broker = LocalBroker(data_dir, Settings().cache_dir)
    try:
        assert answers(f"127.0.0.1:{port}")
        again = wirestream("kafka", "up", "--port", str(port), "--data-dir", str(data_dir))
        assert again.returncode == 0 and "already running" in again.stdout
        status = wirestream("kafka", "status", "--data-dir", str(data_dir))
        assert status.returncode == 0 and "answering" in status.stdout
        assert broker.log_file.exists() and "Kafka Server started" in broker.log_file.read_text()

        from kafka import KafkaAdminClient

        admin = KafkaAdminClient(bootstrap_servers=f"127.0.0.1:{port}")
        admin.create_topics([NewTopic("kept.across.restarts", 2, 1)])
        admin.close()

        down = wirestream("kafka", "down", "--data-dir", str(data_dir))
        assert down.returncode == 0 and "stopped" in down.stdout
        assert not answers(f"127.0.0.1:{port}", timeout=1)
        stopped = wirestream("kafka", "status", "--data-dir", str(data_dir))
        assert stopped.returncode == 1 and "not running" in stopped.stdout

        new_port = free_port()
        broker.up(port=new_port)
        admin = KafkaAdminClient(bootstrap_servers=f"127.0.0.1:{new_port}")
        assert "kept.across.restarts" in admin.list_topics()
        admin.close()
    finally:
        broker.down()
    assert wirestream("kafka", "down", "--data-dir", str(data_dir)).stdout.strip() == (
        "Kafka was not running"
    )


def test_a_taken_port_is_a_clear_message_not_a_traceback(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = wirestream("kafka", "up", "--port", str(port), "--data-dir", str(tmp_path))
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is taken" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_java_is_a_clear_message(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path / "empty-bin"), "JAVA_HOME": ""}
    result = wirestream(
        "kafka", "up", "--port", str(free_port()), "--data-dir", str(tmp_path), env=env
    )
    assert result.returncode == 1
    assert "Java not found" in result.stderr and "Traceback" not in result.stderr


def test_missing_maven_is_a_clear_message_when_the_jars_are_not_cached(tmp_path: Path) -> None:
    java = shutil.which("java")
    assert java is not None, "these tests need a JDK"
    java_home = Path(java).resolve().parents[1]
    env = {
        "PATH": str(tmp_path / "empty-bin"),
        "JAVA_HOME": str(java_home),
        "WIRESTREAM_CACHE_DIR": str(tmp_path / "empty-cache"),
    }
    result = wirestream(
        "kafka", "up", "--port", str(free_port()), "--data-dir", str(tmp_path / "d"), env=env
    )
    assert result.returncode == 1
    assert "Maven (mvn) not found" in result.stderr and "Traceback" not in result.stderr


def test_the_container_broker_gets_the_same_settings_as_the_local_one() -> None:
    """Where Docker exists, the fixture runs apache/kafka with this environment."""
    from streams.kafka.broker import container_env

    env = container_env(45678)
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"
    assert env["KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"] == "1"
    assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == "1@127.0.0.1:9093"
    assert env["KAFKA_ADVERTISED_LISTENERS"] == "PLAINTEXT://127.0.0.1:45678"
    assert env["KAFKA_LISTENERS"].startswith("PLAINTEXT://0.0.0.0:9092")
    assert all(key.startswith("KAFKA_") and key == key.upper() for key in env)
