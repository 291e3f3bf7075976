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

REPO = Path(__file__).resolve().parents[2]

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
    "hostile_shapes.yardstick_s",
    "hostile_shapes.yardstick_bytes",
    "hostile_shapes.max_ratio",
    *(
        f"hostile_shapes.shapes.{shape}.{key}"
        for shape in ("capitalized_titled_sentences", "dense deal prose")
        for key in ("bytes", "seconds", "yardstick_s", "ratio", "events")
    ),
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
    "hostile_shapes.slowest",
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
        [sys.executable, "-m", "bench", "--quick", "--parts", "core", "--quiet", "--out", str(out)],
        capture_output=True,
        cwd=REPO,
        env=os.environ.copy(),
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    return out, proc.stdout.decode()


@pytest.mark.bench
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


@pytest.mark.bench
def test_quick_run_prints_table_and_markdown(bench_run: tuple[Path, str]) -> None:
    out, stdout = bench_run
    assert "classify end-to-end" in stdout
    assert "steady-state" in stdout
    assert "hostile 1 MiB 'dense deal prose': CPU s" in stdout
    markdown = (out / "latest.md").read_text(encoding="utf-8")
    assert markdown.startswith("# wirestream benchmark")
    assert "| measurement | figure | baseline | ratio |" in markdown
    assert "core 50 KB" in markdown


@pytest.mark.kafka
@pytest.mark.bench
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


@pytest.fixture(scope="module")
def e2e_run(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("bench-e2e")
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "bench", "--quick", "--parts", "e2e", "--quiet"),
            *("--broker", kafka_bootstrap, "--out", str(out)),
        ],
        capture_output=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    return {
        "data": orjson.loads((out / "latest.json").read_bytes()),
        "markdown": (out / "latest.md").read_text(encoding="utf-8"),
        "png": (out / "latest.png").read_bytes(),
        "stdout": proc.stdout.decode(),
    }


@pytest.mark.kafka
@pytest.mark.bench
def test_consume_floor_drains_the_same_topic_with_each_system(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    figures = tmp_path / "floor.json"
    command = [sys.executable, "-m", "bench.consume_floor", "--records", "600", "--rounds", "2"]
    result = subprocess.run(
        [*command, "--broker", kafka_bootstrap, "--json", str(figures)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    measured = orjson.loads(figures.read_bytes())
    assert set(measured["runs"]) == {"aiokafka", "faust", "wirestream"}
    for system, runs in measured["runs"].items():
        assert len(runs) == 2, system  # one drain per round
        # Each drain counted every record of the topic, and took CPU and time to do it.
        assert all(run["records"] == 600 and run["cpu_s"] > 0 and run["wall_s"] > 0 for run in runs)
    table = result.stdout.splitlines()
    assert table[0] == "consume only, 600 seed-size records, median of 2 rounds"
    rows = {line.split()[0]: line.split()[1:] for line in table[2:]}
    assert set(rows) == {"aiokafka", "faust", "wirestream"}
    assert rows["aiokafka"][-1] == "1.00x"
    for system, (cpu, _rate, ratio) in rows.items():
        median = measured["medians"][system]["cpu_ms_per_record"]
        assert float(cpu) == pytest.approx(median, abs=0.001), system
        floor = measured["medians"]["aiokafka"]["cpu_ms_per_record"]
        assert float(ratio.removesuffix("x")) == pytest.approx(median / floor, abs=0.01), system


@pytest.mark.kafka
@pytest.mark.bench
def test_paced_measure_splits_cpu_by_thread_and_times_every_article(kafka_bootstrap: str) -> None:
    command = [sys.executable, "-m", "bench.paced", "--rate", "40", "--articles", "60"]
    result = subprocess.run(
        [*command, "--broker", kafka_bootstrap],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    cpu, split, latency, split_latency, slowest, by_second = result.stdout.splitlines()
    match = re.fullmatch(
        r"one worker, 60 articles at 40/s: CPU (\d+\.\d\d) ms/article \(loop thread "
        r"(\d+\.\d\d), other Python threads (\d+\.\d\d), librdkafka threads (\d+\.\d\d)\)",
        cpu,
    )
    assert match, cpu
    total, *parts = (float(group) for group in match.groups())
    assert float(match.group(2)) > 0 and abs(total - sum(parts)) < 0.02
    # The worker's own extraction CPU counter: part of the loop thread's CPU, not all.
    found = re.fullmatch(
        r"loop thread: process_record (\d+\.\d\d) ms/article \(CPU time, inside the "
        r"worker\), the rest (-?\d+\.\d\d)",
        split,
    )
    assert found, split
    assert float(found.group(1)) > 0.1, split
    totals = re.fullmatch(r"latency ms: p50 (\d+), p95 (\d+), p99 (\d+)", latency)
    assert totals, latency
    # The way in (raw append -> extraction start) and the way out (-> processed append)
    # are the two parts of each article's latency: neither negative, neither above it.
    parts = re.fullmatch(
        r"latency split at the start of extraction, ms p50/p90/p99: "
        r"way in (\d+\.\d)/(\d+\.\d)/(\d+\.\d), way out (-?\d+\.\d)/(-?\d+\.\d)/(-?\d+\.\d)",
        split_latency,
    )
    assert parts, split_latency
    way_in, way_out = (float(v) for v in parts.groups()[:3]), (float(v) for v in parts.groups()[3:])
    highest = max(float(v) for v in totals.groups()) + 1  # broker timestamps are whole ms
    for share in (*way_in, *way_out):
        assert -1.0 <= share <= highest, split_latency
    # The way out holds at least the article's own extraction: never all zero.
    assert float(parts.group(4)) > 0, split_latency
    window = re.fullmatch(r"the slowest 1 % arrived (\d+)-(\d+) ms into the run", slowest)
    assert window and int(window.group(1)) <= int(window.group(2)) <= 3000, slowest
    # 60 articles at 40/s span about a second and a half: two or three seconds of figures.
    seconds = by_second.removeprefix("p50 latency ms by second of the run: ").split()
    assert 2 <= len(seconds) <= 4 and all(value.isdigit() for value in seconds), by_second


@pytest.mark.kafka
@pytest.mark.bench
def test_e2e_quick_run_measures_every_system_and_phase(e2e_run: dict[str, Any]) -> None:
    e2e = e2e_run["data"]["e2e"]
    assert e2e["config"]["quick"] is True
    systems = e2e["systems"]
    assert set(systems) == {
        "aiokafka",
        "confluent",
        "aiokafka-fanout",
        "wirestream-1",
        "wirestream-2",
        "quix",
    }
    assert systems["wirestream-2"]["members"] == 2
    phases = {"warmup", *(f"rate-{r:g}" for r in e2e["config"]["rates"]), "saturation"}
    for name, system in systems.items():
        assert set(system["phases"]) == phases, name
        for phase_name, phase in system["phases"].items():
            where = (name, phase_name)
            # Every article came out, and its latency was measured on the broker's clock.
            assert phase["missing"] == 0 and phase["outputs"] == phase["articles"], where
            assert 0 <= phase["p50_ms"] <= phase["p95_ms"] <= phase["p99_ms"], where
            assert phase["p99_ms"] <= phase["max_ms"], where
            assert phase["articles_per_s"] > 0 and phase["system_cpu_ms_per_article"] >= 0
            assert phase["generator"]["records"] == phase["articles"], where
            # Our workers and the Quix peer split their CPU in the process itself: the
            # thread's CPU in process_record, the rest the framework's; the floors do not.
            extract = phase.get("extract_cpu_ms_per_article")
            if name in ("aiokafka", "confluent", "aiokafka-fanout"):
                assert extract is None, where
            else:
                assert 0 < extract < phase["system_cpu_ms_per_article"], where
                framework = phase["framework_cpu_ms_per_article"]
                assert framework == pytest.approx(phase["system_cpu_ms_per_article"] - extract)
    # The floors copy one record per article; our worker and the Quix peer do the same
    # work: the same outputs per article (events + one processed record).
    assert systems["aiokafka"]["outputs_per_article"] == 1.0
    assert systems["confluent"]["outputs_per_article"] == 1.0
    ours = systems["wirestream-1"]["outputs_per_article"]
    assert ours > 1.0
    assert systems["quix"]["outputs_per_article"] == ours
    assert systems["wirestream-2"]["outputs_per_article"] == ours
    # The fan-out floor publishes as many records per article as our worker.
    assert systems["aiokafka-fanout"]["outputs_per_article"] == ours
    assert e2e["breakdown"]["outputs_per_article"] == ours
    for key, value in e2e["ratios"].items():
        assert isinstance(value, float) and value > 0, key
    # The broker was warmed up before the first round (one pass in a quick run); on a
    # broker the benchmark did not start its CPU is unknown.
    (warmup,) = e2e["broker"]["warmup"]
    assert warmup["pass"] == 1 and warmup["wall_s"] > 0
    assert warmup["broker_cpu_ms_per_article"] is None


@pytest.mark.kafka
@pytest.mark.bench
def test_e2e_quick_run_writes_markdown_table_and_png(e2e_run: dict[str, Any]) -> None:
    markdown = e2e_run["markdown"]
    assert "## End to end, real broker" in markdown
    assert "Command: `python -m bench --quick --parts e2e" in markdown
    for name in ("aiokafka", "confluent", "aiokafka-fanout", "wirestream-1", "quix"):
        assert f"| {name} | saturation |" in markdown
    assert "one worker / aiokafka pass-through" in markdown
    assert e2e_run["png"].startswith(b"\x89PNG\r\n\x1a\n") and len(e2e_run["png"]) > 10_000


@pytest.mark.kafka
def test_load_generator_that_cannot_keep_the_rate_is_flagged(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    from confluent_kafka.admin import AdminClient, NewTopic

    from bench.core import seed_body
    from bench.pipeline import Phase, run_generator

    topic = f"bench-loadgen-{os.urandom(4).hex()}"
    admin = AdminClient({"bootstrap.servers": kafka_bootstrap})
    admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])[topic].result()
    body = seed_body()
    lines = [orjson.dumps({"id": f"a{i}", "source": "S", "body": body}) for i in range(3000)]
    path = tmp_path / "records.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    keys = tuple(f"a{i}".encode() for i in range(3000))
    # Ten million articles/s is beyond any Python producer: the shortfall must be reported.
    summary = run_generator(kafka_bootstrap, topic, Phase("x", 1e7, path, keys), dict(os.environ))
    assert summary["records"] == 3000
    assert summary["fell_behind"] is True
    assert summary["achieved_per_s"] < 1e7 * 0.97


def test_readme_block_is_replaced_from_results_markdown(tmp_path: Path) -> None:
    from bench.readme import END, START, main

    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n## Performance\n\nintro\n\n{START}\nold table\n{END}\n\nafter\n")
    results = tmp_path / "latest.md"
    results.write_text("# wirestream benchmark\n\nMachine: m.\n\n## End to end\n\n| a |\n")
    assert main(["--readme", str(readme), "--results", str(results)]) == 0
    text = readme.read_text()
    assert "old table" not in text and "wirestream benchmark" not in text
    assert f"{START}\nMachine: m.\n\n### End to end\n\n| a |\n{END}\n\nafter\n" in text
    assert text.startswith("# x\n\n## Performance\n\nintro\n\n")
    # Run twice: same README (the block is replaced, not appended).
    assert main(["--readme", str(readme), "--results", str(results)]) == 0
    assert readme.read_text() == text


def test_readme_without_markers_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench.readme import main

    readme = tmp_path / "README.md"
    readme.write_text("# no markers\n")
    results = tmp_path / "latest.md"
    results.write_text("# wirestream benchmark\n")
    assert main(["--readme", str(readme), "--results", str(results)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs exactly one" in err
    assert readme.read_text() == "# no markers\n"


def test_rounds_merge_to_medians_and_each_ratio_is_the_median_of_paired_ratios() -> None:
    """`--rounds N`: a ratio is the median of the N per-round ratios, not a ratio of medians."""
    from bench.pipeline import latency_ratios, merge_rounds, ratios

    def system(rate: float, p50: float, behind: bool = False) -> dict[str, Any]:
        return {
            "outputs_per_article": 10.0,
            "phases": {
                "rate-200": {"offered_per_s": 200.0, "p50_ms": p50, "p99_ms": 2 * p50},
                "saturation": {"offered_per_s": 0.0, "articles_per_s": rate, "behind": behind},
            },
        }

    # Paired per round: 2.0, 0.5, 1.25 -> median 1.25; the ratio of the medians would be 1.0.
    pairs = [(400.0, 200.0), (100.0, 200.0), (500.0, 400.0)]
    rounds = []
    for ours, peer in pairs:
        systems = {"wirestream-1": system(ours, 10.0), "quix": system(peer, 20.0, behind=True)}
        rounds.append(
            {
                "systems": systems,
                "ratios": ratios(systems),
                "latency_ratios": latency_ratios(systems),
            }
        )
    merged = merge_rounds(rounds, ["wirestream-1", "quix"])
    assert merged["ratios"]["wirestream-1_vs_quix"] == 1.25
    assert merged["systems"]["wirestream-1"]["phases"]["saturation"]["articles_per_s"] == 400.0
    assert merged["systems"]["quix"]["phases"]["saturation"]["behind"] is True
    assert merged["latency_ratios"] == {
        "wirestream-1_vs_quix_rate-200_p50_ms": 0.5,
        "wirestream-1_vs_quix_rate-200_p99_ms": 0.5,
    }
    assert merged["ratios"]["wirestream-2_vs_wirestream-1"] is None
    assert len(merged["rounds"]) == 3


def test_rounds_rotate_so_every_system_runs_first_and_last_equally_often() -> None:
    from bench.pipeline import round_order

    systems = ["wirestream-1", "wirestream-2", "quix"]
    orders = [round_order(systems, index) for index in range(6)]
    assert orders[0] == systems
    for position in range(3):
        seen = [order[position] for order in orders]
        assert sorted(seen) == sorted(systems * 2), (position, orders)
    assert round_order(["a", "b"], 1) == ["b", "a"]


def test_broker_warmup_settles_once_two_passes_running_cost_about_the_same() -> None:
    from bench.pipeline import warmup_settled

    def passes(*figures: float | None) -> list[dict[str, Any]]:
        return [{"broker_cpu_ms_per_article": f} for f in figures]

    assert not warmup_settled(passes(5.1, 5.0), 0.15)  # two passes: one step is not enough
    assert not warmup_settled(passes(5.1, 3.0, 2.9), 0.15)  # still falling fast: JIT at work
    assert not warmup_settled(passes(1.27, 0.94, 0.40, 0.36), 0.15)  # one flat step only
    assert warmup_settled(passes(5.1, 3.0, 2.7, 2.6), 0.15)  # 10 % less, then 4 %: settled
    assert warmup_settled(passes(3.0, 3.4, 3.3), 0.15)  # more costly: no point waiting
    assert not warmup_settled(passes(None, None, None), 0.15)  # a broker we did not start


@pytest.mark.parametrize(
    ("figures", "expected_passes"),
    [
        ((1.38, 0.95, 0.56, 0.22, 0.2, 0.2, 0.2, 0.2, 0.2), 6),  # settles at the sixth pass
        ((0.34, 0.23, 0.22, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2), 4),  # settles at the fourth
        ((5.0, 4.0, 3.0, 2.0, 1.5, 1.0, 0.8, 0.6, 0.5), 8),  # never: stops at the most passes
        ((None,) * 9, 8),  # CPU unknown: every pass
    ],
)
def test_broker_warmup_runs_the_floor_until_settled_or_out_of_passes(
    tmp_path: Path, figures: tuple[float | None, ...], expected_passes: int
) -> None:
    from bench.pipeline import E2EConfig, Phase, warm_broker

    phases = [
        Phase(name, 0.0, tmp_path / name, ()) for name in ("warmup", "rate-200", "saturation")
    ]
    given: list[list[str]] = []

    def run_floor(floor_phases: Any) -> dict[str, Any]:
        given.append([phase.name for phase in floor_phases])
        figure = figures[len(given) - 1]
        return {
            "phases": {"saturation": {"broker_cpu_ms_per_article": figure, "cpu": {"wall_s": 1.5}}}
        }

    passes = warm_broker(run_floor, phases, E2EConfig(), lambda message: None)
    assert [p["pass"] for p in passes] == list(range(1, expected_passes + 1))
    assert [p["broker_cpu_ms_per_article"] for p in passes] == list(figures[:expected_passes])
    assert given == [["warmup", "saturation"]] * expected_passes  # no paced phase
