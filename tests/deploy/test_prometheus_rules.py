"""deploy/prometheus with Prometheus' own checker: config and rules valid, alert unit tests pass."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.observability import (
    PROMETHEUS_DIR,
    as_measure,
    metric_names,
    with_subquery_step,
)


def _promtool(*args: str, cwd: Path = PROMETHEUS_DIR) -> subprocess.CompletedProcess[str]:
    assert shutil.which("promtool"), "promtool missing: .ci/run installs Debian's prometheus"
    return subprocess.run(["promtool", *args], cwd=cwd, capture_output=True, text=True)


def test_promtool_check_config() -> None:
    result = _promtool("check", "config", "prometheus.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 rule files found" in result.stdout


def test_promtool_check_rules() -> None:
    result = _promtool("check", "rules", "alerts.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 rules found" in result.stdout


def test_promtool_alert_unit_tests_pass() -> None:
    result = _promtool("test", "rules", "alerts_test.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_alert_unit_tests_fail_when_a_threshold_moves(tmp_path: Path) -> None:
    """The unit tests can fail: with the latency threshold at 40 s the firing case fails."""
    for name in ("alerts.yml", "alerts_test.yml"):
        shutil.copy(PROMETHEUS_DIR / name, tmp_path / name)
    rules = tmp_path / "alerts.yml"
    text = rules.read_text()
    assert "[5m]))) > 10" in text
    rules.write_text(text.replace("[5m]))) > 10", "[5m]))) > 40"))
    result = _promtool("test", "rules", "alerts_test.yml", cwd=tmp_path)
    assert result.returncode != 0
    assert "WirestreamEndToEndLatencyHigh" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("expr", "measure"),
    [
        ('up{job="wirestream"} == 0', 'up{job="wirestream"} == bool 0'),
        ("a > 0.01", "a > bool 0.01"),
        ("sum(x) == 0 and sum(y) > 0", "sum(x) == bool 0 and sum(y) > bool 0"),
        ('x{code!="a", le=~"1|2"} >= 3', 'x{code!="a", le=~"1|2"} >= bool 3'),
        ("a < bool 1", "a < bool 1"),
        ("deriv(s[5m:30s]) > 0", "deriv(s[5m:30s]) > bool 0"),
    ],
)
def test_as_measure_turns_filters_into_bool(expr: str, measure: str) -> None:
    assert as_measure(expr) == measure


@pytest.mark.parametrize(
    ("expr", "fine"),
    [
        ("deriv(sum(x)[5m:30s]) > 0", "deriv(sum(x)[5m:2s]) > 0"),
        ("max_over_time(x[10m]) > 0", "max_over_time(x[10m]) > 0"),
        ("a[1h:1m] + b[5m:30s]", "a[1h:2s] + b[5m:2s]"),
    ],
)
def test_with_subquery_step_changes_only_subquery_steps(expr: str, fine: str) -> None:
    assert with_subquery_step(expr, "2s") == fine


def test_metric_names_ignores_label_values() -> None:
    expr = 'sum(rate(wirestream_dead_letters_total{code="faust_thing"}[5m])) / sum(up)'
    assert metric_names(expr) == {"wirestream_dead_letters_total", "up"}
