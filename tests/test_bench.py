"""Smoke test of the benchmark: `python -m bench --quick` runs and writes complete results.

It asserts the shape of the results and that the figures are positive numbers,
never how fast anything is: speed is for the benchmark's readers to judge.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

REPO = Path(__file__).resolve().parents[1]

# Dotted paths into latest.json of figures that must be positive, finite numbers.
POSITIVE_FIGURES = [
    "classify.articles",
    "classify.end_to_end.articles_per_s",
    "classify.end_to_end.baseline_articles_per_s",
    "classify.end_to_end.ratio",
    "classify.end_to_end.cpu_ratio",
    "classify.steady_state.startup_s",
    "classify.steady_state.baseline_startup_s",
    "classify.runs.classify.wall_s",
    "classify.runs.classify.cpu_s",
    "classify.runs.classify.maxrss_kib",
    "classify.runs.passthrough.wall_s",
    "classify.runs.passthrough.maxrss_kib",
    "classify.runs.classify_startup.wall_s",
    "classify.runs.passthrough_startup.wall_s",
    "core.cold_first_call_ms",
    "core.per_kib_ratio_10k_vs_seed",
    "core.per_kib_ratio_50k_vs_seed",
    "core.baseline_per_kib_ratio_50k_vs_seed",
    "core.process_maxrss_kib",
    *(
        f"core.sizes.{size}.{key}"
        for size in ("seed", "10k", "50k")
        for key in (
            "articles",
            "mean_bytes",
            "articles_per_s",
            "p50_ms",
            "p95_ms",
            "p99_ms",
            "us_per_kib",
            "baseline_articles_per_s",
            "baseline_us_per_kib",
            "ratio_vs_baseline",
            "memory.peak_kib_max",
            "memory.peak_per_body_byte",
        )
    ),
    "adversarial.timeout_s",
    "adversarial.hostile.bytes",
    "adversarial.hostile.max_s",
    "adversarial.hostile.maxrss_kib",
    "adversarial.benign.bytes",
    "adversarial.benign.max_s",
    "adversarial.linear_extrapolation_s",
    "adversarial.ratio_vs_benign",
    "adversarial.ratio_vs_linear",
    "inputs.seed.count",
    "inputs.seed.mean_bytes",
    "inputs.10k.mean_bytes",
    "inputs.50k.mean_bytes",
    "inputs.adversarial_bytes",
    "inputs.benign_1mib_bytes",
    "machine.cores",
    "duration_s",
]

PRESENT = [
    "schema",
    "machine.cpu_model",
    "machine.python",
    "machine.date",
    "machine.pinned_cpu",
    "machine.loadavg_start",
    "machine.loadavg_end",
    "extractor.version",
    "extractor.core_sources_sha256",
    "config.quick",
    "classify.steady_state.articles_per_s",
    "classify.steady_state.ratio",
    "classify.end_to_end.extraction_share",
    "adversarial.hostile.timed_out",
    "adversarial.prefix_scaling.points",
    "adversarial.prefix_scaling.growth_exponent",
]


def _get(data: dict[str, Any], dotted: str) -> Any:
    value: Any = data
    for part in dotted.split("."):
        assert isinstance(value, dict) and part in value, f"missing key {dotted!r} (at {part!r})"
        value = value[part]
    return value


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("bench-results")
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--quiet", "--out", str(out)],
        capture_output=True,
        cwd=REPO,
        env=os.environ.copy(),
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return out, proc.stdout.decode()


def test_quick_run_writes_json_with_every_figure(bench_run: tuple[Path, str]) -> None:
    out, _ = bench_run
    data = orjson.loads((out / "latest.json").read_bytes())
    assert data["config"]["quick"] is True
    for dotted in PRESENT:
        _get(data, dotted)
    for dotted in POSITIVE_FIGURES:
        value = _get(data, dotted)
        assert isinstance(value, int | float) and not isinstance(value, bool), (dotted, value)
        assert value > 0 and math.isfinite(value), (dotted, value)
    # The inputs are what the brief says: ~2.2 KB seeds, 10/50 KB articles, a 1 MiB body.
    assert 1800 < data["inputs"]["seed"]["mean_bytes"] < 2700
    assert data["inputs"]["seed"]["distinct_bodies"] > 1
    assert 9 * 1024 < data["inputs"]["10k"]["mean_bytes"] <= 10 * 1024
    assert 45 * 1024 < data["inputs"]["50k"]["mean_bytes"] <= 50 * 1024
    assert data["inputs"]["adversarial_bytes"] == 1024 * 1024


def test_quick_run_prints_table_and_markdown(bench_run: tuple[Path, str]) -> None:
    out, stdout = bench_run
    assert "classify end-to-end" in stdout
    assert "steady-state" in stdout
    markdown = (out / "latest.md").read_text(encoding="utf-8")
    assert markdown.startswith("# wirestream benchmark")
    assert "| measurement | figure | baseline | ratio |" in markdown
    assert "core 50 KB" in markdown


@pytest.mark.kafka
def test_worker_drain_measure_runs_against_the_real_broker(kafka_bootstrap: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.worker", "--articles", "40", "--broker", kafka_bootstrap],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    match = re.fullmatch(
        r"40 articles: classify (\d+)/s, one worker draining the backlog (\d+)/s "
        r"\(worker/classify = (\d+\.\d\d)\)\n",
        result.stdout,
    )
    assert match, result.stdout
    assert int(match.group(1)) > 0 and int(match.group(2)) > 0
