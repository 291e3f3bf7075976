"""Tests for streams.kafka.reach: a missing broker is reported at once, with what to do.

Real sockets throughout: a closed port, a name under the reserved `.invalid` domain
(RFC 6761: it never resolves, with or without a DNS server), a socket that listens but
never answers, and the session's real broker. Times are asserted generously (under 10 s,
against the 30 s the client library takes by itself) and printed in the report.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams.kafka.broker import free_port
from streams.kafka.reach import broker_origin, next_step, reach_broker
from streams.settings import Settings
from tests.support.cli import REPO, SEED, wirestream
from tests.support.kafka_helpers import REPORTS

GENEROUS_S = 10.0


def _settings(broker: str | None, monkeypatch: pytest.MonkeyPatch) -> Settings:
    if broker is None:
        monkeypatch.delenv("WIRESTREAM_BROKER", raising=False)
        return Settings()
    monkeypatch.setenv("WIRESTREAM_BROKER", broker)
    return Settings()


@pytest.fixture
def silent_listener() -> Iterator[str]:
    """A port that accepts TCP connections (the kernel's backlog) and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"127.0.0.1:{sock.getsockname()[1]}"


def test_a_closed_port_is_reported_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    address = f"127.0.0.1:{free_port()}"
    settings = _settings(address, monkeypatch)
    started = time.monotonic()
    problem = reach_broker(settings)
    elapsed = time.monotonic() - started
    REPORTS.append(f"reach, closed port: reported in {elapsed:.3f} s")
    assert problem is not None and elapsed < GENEROUS_S
    assert address in problem and "connection refused" in problem
    assert "WIRESTREAM_BROKER" in problem  # where the address came from
    assert "check the address" in problem  # and what to do


def test_an_unresolvable_name_is_reported_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings("no-such-broker.invalid:9092", monkeypatch)
    started = time.monotonic()
    problem = reach_broker(settings)
    elapsed = time.monotonic() - started
    REPORTS.append(f"reach, unresolvable name: reported in {elapsed:.3f} s")
    assert problem is not None and elapsed < GENEROUS_S
    assert "'no-such-broker.invalid' does not resolve" in problem


def test_the_local_default_says_to_start_the_local_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    # Whether or not a broker runs on localhost:9092 here (the demo leaves one running),
    # the default address is named as the default, and the advice is the local broker.
    settings = _settings(None, monkeypatch)
    assert settings.broker == "localhost:9092"
    assert broker_origin(settings) == "the default"
    assert "`wirestream kafka up`" in next_step(settings)
    port = free_port()
    elsewhere = _settings(f"127.0.0.1:{port}", monkeypatch)
    assert "check the address in WIRESTREAM_BROKER" in next_step(elsewhere)
    assert f"`wirestream kafka up --port {port}`" in next_step(elsewhere)  # a local address
    remote = _settings("kafka.example.invalid:9092", monkeypatch)
    assert next_step(remote) == "check the address in WIRESTREAM_BROKER, or start that broker"


def test_several_servers_are_each_named(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = f"127.0.0.1:{free_port()}", "no-such-broker.invalid:9093"
    problem = reach_broker(_settings(f"{first},{second}", monkeypatch))
    assert problem is not None and first in problem and second in problem


def test_a_bad_address_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = reach_broker(_settings("localhost", monkeypatch))
    assert problem is not None and "localhost: not a host:port address" in problem


def test_a_silent_listener_is_waited_for_and_said_so(
    silent_listener: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines: list[str] = []
    settings = _settings(silent_listener, monkeypatch)
    started = time.monotonic()
    problem = reach_broker(settings, timeout_s=5, say=lines.append)
    elapsed = time.monotonic() - started
    REPORTS.append(f"reach, silent listener (timeout 5 s): gave up after {elapsed:.1f} s")
    assert len(lines) == 1 and "accepts connections but has not answered yet" in lines[0]
    assert problem is not None and f"cannot reach Kafka at {silent_listener}" in problem
    assert "(address from WIRESTREAM_BROKER)" in problem
    assert "did not answer within 5 s: a starting or overloaded broker" in problem
    # It kept trying past the notice instead of failing at the first refusal.
    assert elapsed >= 3.0


@pytest.mark.kafka
def test_the_real_broker_answers(kafka_settings: Settings) -> None:
    lines: list[str] = []
    assert reach_broker(kafka_settings, say=lines.append) is None
    assert lines == []


@pytest.mark.parametrize(
    "command",
    [
        ("ingest", str(SEED)),
        ("tail", "events", "--max-records", "1"),
        ("worker",),
    ],
    ids=["ingest", "tail", "worker"],
)
def test_commands_fail_fast_on_a_closed_port(command: tuple[str, ...]) -> None:
    address = f"127.0.0.1:{free_port()}"
    env = {"WIRESTREAM_BROKER": address, "WIRESTREAM_WEB_PORT": str(free_port())}
    started = time.monotonic()
    result = wirestream(*command, env=env, timeout=60)
    elapsed = time.monotonic() - started
    REPORTS.append(f"reach, `wirestream {command[0]}` on a closed port: {elapsed:.2f} s")
    assert result.returncode == 1, result.stderr
    assert f"no Kafka broker at {address} (from WIRESTREAM_BROKER)" in result.stderr
    assert "Traceback" not in result.stderr
    assert elapsed < GENEROUS_S  # the interpreter's start-up included


@pytest.mark.kafka
def test_tail_of_an_unknown_topic_lists_aliases_and_topics(kafka_settings: Settings) -> None:
    result = wirestream("tail", "no-such-topic", "--max-records", "1")
    assert result.returncode == 1
    assert "topic 'no-such-topic' does not exist" in result.stderr
    assert "aliases: raw, dlq" in result.stderr
    assert "topics on the broker:" in result.stderr


def test_the_wait_is_the_configured_timeout(
    silent_listener: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIRESTREAM_BROKER_TIMEOUT_S", "4")
    settings = _settings(silent_listener, monkeypatch)
    assert settings.broker_timeout_s == 4
    started = time.monotonic()
    problem = reach_broker(settings)
    elapsed = time.monotonic() - started
    assert problem is not None and "did not answer within 4 s" in problem
    assert 3.0 <= elapsed < GENEROUS_S


def test_faust_run_directly_fails_fast_on_a_closed_port(tmp_path: Path) -> None:
    # `faust -A streams.app worker` skips `wirestream worker`'s pre-flight; the app's own
    # first start asks the operating system before the Kafka client's 30 s bootstrap.
    address = f"127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "WIRESTREAM_BROKER": address,
        "WIRESTREAM_WEB_PORT": str(free_port()),
        "WIRESTREAM_STATE_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "faust", "-A", "streams.app", "worker", "-l", "warn"]
    started = time.monotonic()
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=env, cwd=REPO, check=False
    )
    elapsed = time.monotonic() - started
    REPORTS.append(f"reach, `faust -A streams.app worker` on a closed port: {elapsed:.2f} s")
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"Error: no Kafka broker at {address} (from WIRESTREAM_BROKER)" in result.stderr
    assert "Traceback" not in result.stderr
    assert elapsed < GENEROUS_S
