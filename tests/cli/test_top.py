"""`wirestream top` against a real worker's /metrics, and with a worker that does not answer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from streams.cli.top import metrics_url
from tests.conftest import free_port
from tests.support.observability import ObservedWorker

TOP = (sys.executable, "-m", "streams.cli", "top")


def test_metrics_url_forms() -> None:
    assert metrics_url("127.0.0.1:6066") == "http://127.0.0.1:6066/metrics"
    assert metrics_url("http://w1:6066/") == "http://w1:6066/metrics"
    assert metrics_url("http://w1:6066/metrics") == "http://w1:6066/metrics"


@pytest.mark.kafka
def test_top_once_shows_a_real_worker_and_flags_a_dead_one(observed_worker: ObservedWorker) -> None:
    dead = f"127.0.0.1:{free_port()}"
    result = subprocess.run(
        [*TOP, "--once", "--interval", "0.5", observed_worker.target, dead],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"http://{dead}/metrics" in out and "unreachable" in out
    assert "up 0.1.0 (extractor 1.0.0)" in out
    # Totals as the worker counted them: articles, and the dead letters by code.
    articles_row = next(line for line in out.splitlines() if "articles in" in line)
    assert f"{observed_worker.articles:,}" in articles_row
    for code, count in observed_worker.dead_letters.items():
        row = next(line for line in out.splitlines() if f" {code} " in line)
        assert row.rstrip(" │").endswith(f"{count:,}"), row
    lag_rows = [line for line in out.splitlines() if "wire.articles.raw" in line]
    assert len(lag_rows) == observed_worker.settings.partitions
    assert "ingest to emission" in out


def test_top_once_fails_when_no_worker_answers() -> None:
    dead = f"127.0.0.1:{free_port()}"
    result = subprocess.run(
        [*TOP, "--once", "--interval", "0.1", dead],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 1
    assert "unreachable" in result.stdout
    assert "no worker answered" in result.stdout
