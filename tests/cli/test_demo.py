"""`wirestream demo` (the README's first command after install): broker, worker, ingest, events."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from streams.cli.main import main
from streams.records.topics import EVENT_TOPICS
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "streams.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=400,
        env=env,
        cwd=ROOT,
    )


@pytest.mark.kafka
def test_demo_starts_everything_prints_the_seed_events_and_stops(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("WIRESTREAM_")},
        "WIRESTREAM_BROKER": f"127.0.0.1:{free_port()}",
        "WIRESTREAM_STATE_DIR": str(tmp_path / "state"),
        "WIRESTREAM_WEB_PORT": str(free_port()),
    }
    seed = ROOT / "seeds" / "000_a3735ce1eb85095f.txt"
    classify = run(
        "classify", str(seed), "--source", "Yonhap", "--published-at",
        "2025-01-24T09:00:00+09:00", env=env,
    )  # fmt: skip
    assert classify.returncode == 0, classify.stderr
    expected = {
        name: classify.stdout.count(f'"event_type":"{t}"') for t, name in EVENT_TOPICS.items()
    }
    try:
        demo = run("demo", env=env)
        assert demo.returncode == 0, demo.stderr + demo.stdout
        assert "started Kafka" in demo.stderr and "worker running" in demo.stderr
        for name, count in expected.items():
            assert f"{name}: {count} event(s)" in demo.stdout
        assert "Marco Rubio" in demo.stdout and "wirestream demo --stop" in demo.stderr
        again = run("demo", env=env)  # a second run reuses both and prints only its own events
        assert again.returncode == 0, again.stderr
        assert "Kafka answers" in again.stderr
        for name, count in expected.items():
            assert f"{name}: {count} event(s)" in again.stdout
    finally:
        stop = run("demo", "--stop", env=env)
    assert stop.returncode == 0
    assert "worker stopped" in stop.stderr and "local Kafka stopped" in stop.stderr


def test_outside_a_checkout_demo_says_where_seeds_are_expected_and_stop_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """seeds/ is found from the current directory (the repository root), not the install."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WIRESTREAM_STATE_DIR", str(tmp_path / "state"))
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 1
    assert f"no seeds/ directory here ({tmp_path})" in result.stderr
    assert "run from the repository root or pass --seeds" in result.stderr
    assert isinstance(result.exception, SystemExit)  # a ClickException, not a crash
    stop = CliRunner().invoke(main, ["demo", "--stop"])
    assert stop.exit_code == 0, stop.output
    assert "no background worker was running" in stop.stderr
