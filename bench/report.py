"""The benchmark's reports: a text table for stdout, markdown, and the JSON files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from bench.core import KIB, ratio


def _f(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def report_rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(measurement, figure, baseline, ratio) rows shared by the text and markdown reports."""
    rows: list[tuple[str, str, str, str]] = []
    cl = results["classify"]
    e2e, steady = cl["end_to_end"], cl["steady_state"]
    n = cl["articles"]
    rows.append(
        (
            f"classify end-to-end, {n} seed articles (articles/s, startup included)",
            _f(e2e["articles_per_s"]),
            _f(e2e["baseline_articles_per_s"]),
            f"{e2e['ratio']:.2f}x slower",
        )
    )
    rows.append(
        (
            "classify steady-state (articles/s, startup subtracted)",
            _f(steady["articles_per_s"]),
            _f(steady["baseline_articles_per_s"]),
            "n/a" if steady["ratio"] is None else f"{steady['ratio']:.2f}x slower",
        )
    )
    rows.append(
        (
            "classify wall / CPU time (s)",
            f"{cl['runs']['classify']['wall_s']:.2f} / {cl['runs']['classify']['cpu_s']:.2f}",
            f"{cl['runs']['passthrough']['wall_s']:.2f} / {cl['runs']['passthrough']['cpu_s']:.2f}",
            f"{e2e['cpu_ratio']:.2f}x CPU",
        )
    )
    rows.append(
        (
            "interpreter startup (s): --help vs pass-through on empty file",
            f"{steady['startup_s']:.3f}",
            f"{steady['baseline_startup_s']:.3f}",
            f"{ratio(steady['startup_s'], steady['baseline_startup_s']):.2f}x",
        )
    )
    classify_rss = cl["runs"]["classify"]["maxrss_kib"]
    passthrough_rss = cl["runs"]["passthrough"]["maxrss_kib"]
    rows.append(
        (
            "classify peak RSS (MiB)",
            _f(classify_rss / KIB),
            _f(passthrough_rss / KIB),
            f"{ratio(classify_rss, passthrough_rss):.2f}x",
        )
    )
    core = results["core"]
    for name, label in (("seed", "seed-size"), ("10k", "10 KB"), ("50k", "50 KB")):
        s = core["sizes"][name]
        rows.append(
            (
                f"core {label} ({s['articles']} x {s['mean_bytes'] / KIB:.1f} KiB): articles/s",
                _f(s["articles_per_s"]),
                _f(s["baseline_articles_per_s"]),
                f"{s['ratio_vs_baseline']:.1f}x",
            )
        )
        rows.append(
            (
                f"core {label}: latency p50 / p95 / p99 (ms)",
                f"{s['p50_ms']:.2f} / {s['p95_ms']:.2f} / {s['p99_ms']:.2f}",
                "",
                "",
            )
        )
        rows.append(
            (
                f"core {label}: time per KiB (us)",
                _f(s["us_per_kib"]),
                _f(s["baseline_us_per_kib"], 2),
                f"{s['ratio_vs_baseline']:.1f}x",
            )
        )
        mem = s["memory"]
        rows.append(
            (
                f"core {label}: tracemalloc peak per call (KiB, max of {mem['sampled_articles']})",
                _f(mem["peak_kib_max"]),
                _f(s["mean_bytes"] / KIB) + " (body)",
                f"{mem['peak_per_body_byte']:.1f}x body",
            )
        )
    rows.append(
        (
            "core per-KiB time, 50 KB vs seed-size (1.0 = linear)",
            f"{core['per_kib_ratio_50k_vs_seed']:.2f}",
            f"{core['baseline_per_kib_ratio_50k_vs_seed']:.2f}",
            "",
        )
    )
    rows.append(
        (
            "core per-KiB time, 10 KB vs seed-size (1.0 = linear)",
            f"{core['per_kib_ratio_10k_vs_seed']:.2f}",
            "",
            "",
        )
    )
    adv = results["adversarial"]
    hostile, benign = adv["hostile"], adv["benign"]
    bound = ">= " if hostile["timed_out"] else ""
    benign_bound = ">= " if benign["timed_out"] else ""
    rows.append(
        (
            f"adversarial 1 MiB: seconds (max of {adv['repeats']}) vs benign 1 MiB",
            f"{bound}{hostile['max_s']:.2f}",
            f"{benign_bound}{benign['max_s']:.2f}",
            f"{bound}{adv['ratio_vs_benign']:.1f}x",
        )
    )
    rows.append(
        (
            "adversarial 1 MiB vs linear extrapolation of seed us/KiB (s)",
            f"{bound}{hostile['max_s']:.2f}",
            f"{adv['linear_extrapolation_s']:.2f}",
            f"{bound}{adv['ratio_vs_linear']:.1f}x",
        )
    )
    for point in adv["prefix_scaling"]["points"]:
        mark = ">= " if point["timed_out"] else ""
        rows.append(
            (
                f"adversarial first {point['kib']} KiB: seconds vs linear extrapolation",
                f"{mark}{point['seconds']:.3f}",
                f"{point['linear_extrapolation_s']:.3f}",
                f"{mark}{point['ratio_vs_linear']:.1f}x",
            )
        )
    exponent = adv["prefix_scaling"]["growth_exponent"]
    if exponent is not None:
        rows.append(
            (
                "adversarial growth exponent from prefixes (1 = linear); projected 1 MiB (s)",
                f"{exponent:.2f}",
                "1.00",
                f"~{adv['prefix_scaling']['projected_1mib_s']:,.0f} s",
            )
        )
    rows.append(
        (
            "adversarial / benign 1 MiB peak RSS (MiB; at the kill if timed out)",
            bound + _f(hostile["maxrss_kib"] / KIB),
            _f(benign["maxrss_kib"] / KIB),
            f"{ratio(hostile['maxrss_kib'], benign['maxrss_kib']):.2f}x",
        )
    )
    rows += hostile_shape_rows(results)
    return rows


def hostile_shape_rows(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """One row per hostile 1 MiB shape: CPU seconds vs 1 MiB of wire prose (if measured)."""
    shapes = results.get("hostile_shapes")
    if not shapes:
        return []  # results from before the shapes were benchmarked
    rows = [
        (
            f"hostile 1 MiB {name!r}: CPU s (fastest of {shapes['repeats']}) vs wire prose",
            f"{shape['seconds']:.3f}",
            f"{shape['yardstick_s']:.3f}",
            f"{shape['ratio']:.2f}x",
        )
        for name, shape in shapes["shapes"].items()
    ]
    slowest = shapes["shapes"][shapes["slowest"]]
    rows.append(
        (
            f"hostile 1 MiB, slowest shape ({shapes['slowest']!r}); largest ratio",
            f"{slowest['seconds']:.3f}",
            f"{shapes['yardstick_s']:.3f}",
            f"{shapes['max_ratio']:.2f}x",
        )
    )
    return rows


HEADERS = ("measurement", "figure", "baseline", "ratio")
E2E_HEADERS = (
    "system",
    "phase",
    "offered/s (generator)",
    "articles/s",
    "latency p50 / p95 / p99 ms",
    "CPU ms/article (system / broker)",
    "flags",
)


def _flags(phase: dict[str, Any]) -> str:
    flags = []
    if phase["generator"]["fell_behind"]:
        flags.append("generator behind")
    if phase["missing"]:
        flags.append(f"{phase['missing']} missing")
    out, ingested = phase.get("articles_per_s", 0.0), phase.get("ingested_per_s", 0.0)
    if phase["offered_per_s"] == 0 and out >= 0.9 * ingested:
        flags.append("kept pace with the burst: lower bound")
    elif phase["offered_per_s"] and out < 0.9 * ingested:
        flags.append("did not keep up")
    return ", ".join(flags)


def e2e_rows(e2e: dict[str, Any]) -> list[tuple[str, ...]]:
    """One row per system and phase of the end-to-end part."""
    rows: list[tuple[str, ...]] = []
    for name, system in e2e["systems"].items():
        for phase_name, phase in system["phases"].items():
            if phase_name == "warmup":
                continue
            offered = "max" if phase["offered_per_s"] == 0 else f"{phase['offered_per_s']:,.0f}"
            achieved = phase["generator"]["achieved_per_s"]
            broker = phase["broker_cpu_ms_per_article"]
            rows.append(
                (
                    name,
                    phase_name,
                    f"{offered} ({achieved:,.0f})",
                    _f(phase.get("articles_per_s"), 0),
                    " / ".join(_f(phase.get(k), 0) for k in ("p50_ms", "p95_ms", "p99_ms")),
                    f"{phase['system_cpu_ms_per_article']:.2f} / "
                    + ("n/a" if broker is None else f"{broker:.2f}"),
                    _flags(phase),
                )
            )
    return rows


FRAMEWORK_CPU_RATIO = "wirestream-1_vs_quix_framework_cpu"
FRAMEWORK_CPU_LABEL = "framework CPU ms/article at saturation, one worker / Quix peer"

RATIO_LABELS = {
    "wirestream-1_vs_aiokafka": "one worker / aiokafka pass-through (target >= 0.5)",
    "wirestream-1_vs_confluent": "one worker / confluent-kafka pass-through",
    "wirestream-1_vs_aiokafka-fanout": "one worker / aiokafka fan-out (same outputs per article)",
    "wirestream-2_vs_wirestream-1": "two workers / one worker (target >= 1.8)",
    "wirestream-1_vs_quix": "one worker / Quix Streams peer (target >= 1.1)",
    "wirestream-2_vs_aiokafka": "two workers / aiokafka pass-through",
    "confluent_vs_aiokafka": "confluent-kafka / aiokafka pass-through",
}


def e2e_notes(e2e: dict[str, Any]) -> list[str]:
    b = e2e["breakdown"]
    notes = [f"{key}: {value}" for key, value in e2e["method"].items()]
    notes.append(
        f"process_record alone (in the benchmark process, {b['articles']} seed articles): "
        f"{b['process_record_cpu_ms_per_article']:.2f} CPU ms/article, "
        f"{b['outputs_per_article']:.1f} output records/article (a reference: the split below "
        "is measured inside each system's own processes)"
    )
    split = []
    for name, system in e2e["systems"].items():
        saturation = system["phases"]["saturation"]
        total = saturation["system_cpu_ms_per_article"]
        extract = saturation.get("extract_cpu_ms_per_article")
        if extract is None:
            split.append(f"{name} {total:.2f} (client only)")
        else:
            framework = saturation["framework_cpu_ms_per_article"]
            split.append(f"{name} {total:.2f} = process_record {extract:.2f} + {framework:.2f}")
    notes.append(
        "CPU ms/article at saturation, all threads, split by the CPU time each process's own "
        "thread spent in process_record (wirestream_extract_cpu_seconds_total); the rest is "
        "framework (consume, produce, acks, event loop): " + "; ".join(split)
    )
    notes.append(
        "output records per article: "
        + ", ".join(f"{n} {s['outputs_per_article']:.1f}" for n, s in e2e["systems"].items())
    )
    warmup = e2e.get("broker", {}).get("warmup", [])
    if warmup:
        figures = " -> ".join(_f(w["broker_cpu_ms_per_article"], 2) for w in warmup)
        notes.append(
            f"broker warmed up before the first round by {len(warmup)} unrecorded pass(es) of "
            f"the fan-out floor; broker CPU ms/article at saturation per pass: {figures}"
        )
    notes.append(
        "startup until the group is stable (s): "
        + ", ".join(f"{n} {s['startup_s']:.1f}" for n, s in e2e["systems"].items())
    )
    return notes


def _paired(e2e: dict[str, Any]) -> str:
    rounds = e2e.get("config", {}).get("rounds", 1)
    return "same run" if rounds == 1 else f"median of {rounds} paired rounds"


def _latency_rows(e2e: dict[str, Any]) -> list[tuple[str, float | None]]:
    """(label, value) of our one worker's latency over the Quix peer's, per paced phase."""
    rows = []
    for key, value in e2e.get("latency_ratios", {}).items():
        phase, percentile, _unit = key.removeprefix("wirestream-1_vs_quix_").rsplit("_", 2)
        rows.append(
            (f"one worker / Quix peer, {phase} latency {percentile} (target <= 1.0)", value)
        )
    return rows


def _latency_markdown(e2e: dict[str, Any]) -> list[str]:
    rows = _latency_rows(e2e)
    if not rows:
        return []
    return [
        f"| ratio (latency, {_paired(e2e)}) | value |",
        "|---|--:|",
        *(f"| {label} | {_f(value, 2)} |" for label, value in rows),
        "",
    ]


def render_e2e_markdown(e2e: dict[str, Any]) -> list[str]:
    out = [
        "## End to end, real broker",
        "",
        "| " + " | ".join(E2E_HEADERS) + " |",
        "|---|---|--:|--:|--:|--:|---|",
        *("| " + " | ".join(row) + " |" for row in e2e_rows(e2e)),
        "",
        f"| ratio (saturation articles/s, {_paired(e2e)}) | value |",
        "|---|--:|",
        *(f"| {label} | {_f(e2e['ratios'].get(key), 2)} |" for key, label in RATIO_LABELS.items()),
        "",
        *_latency_markdown(e2e),
        f"| ratio (CPU, {_paired(e2e)}) | value |",
        "|---|--:|",
        f"| {FRAMEWORK_CPU_LABEL} | {_f(e2e['ratios'].get(FRAMEWORK_CPU_RATIO), 2)} |",
        "",
        *(f"- {note}" for note in e2e_notes(e2e)),
        "",
    ]
    return out


def render_e2e_text(e2e: dict[str, Any]) -> str:
    rows = [E2E_HEADERS, *e2e_rows(e2e)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(E2E_HEADERS))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines += [f"{label}: {_f(e2e['ratios'].get(key), 2)}" for key, label in RATIO_LABELS.items()]
    lines += [f"{label}: {_f(value, 2)}" for label, value in _latency_rows(e2e)]
    lines.append(f"{FRAMEWORK_CPU_LABEL}: {_f(e2e['ratios'].get(FRAMEWORK_CPU_RATIO), 2)}")
    return "\n".join(lines + e2e_notes(e2e)) + "\n"


def _notes(results: dict[str, Any]) -> list[str]:
    m, cl, core = results["machine"], results["classify"], results["core"]
    notes = [
        f"machine: {m['cpu_model']}, {m['cores']} cores, Python {m['python']}, {m['date']}; "
        f"pinned to CPU {m['pinned_cpu']}; load average {m['loadavg_start'][0]:.2f} -> "
        f"{m['loadavg_end'][0]:.2f}",
        f"extractor {results['extractor']['version']} "
        f"(streams/core sha256 {results['extractor']['core_sources_sha256']})",
        f"every figure is the median of {results['config']['repeats']} repeats, interleaved with "
        "its baseline; ratio = median of the per-repeat ratios",
        "classify baseline: the same subprocess machinery running a JSON pass-through "
        "(orjson parse + RawArticle validation + orjson dump); end-to-end includes interpreter "
        "startup, steady-state subtracts it",
        f"share of classify wall time beyond the pass-through (extraction + event output): "
        f"{cl['end_to_end']['extraction_share'] * 100:.0f}%",
        f"core baseline: {core['baseline']}",
        f"core cold first call: {core['cold_first_call_ms']:.1f} ms; events per article: "
        + ", ".join(f"{name} {s['events_per_article']:.1f}" for name, s in core["sizes"].items()),
        "pinning: the benchmark process is pinned with sched_setaffinity and every child "
        "inherits it; children are forked by a small spawner interpreter, so their wall time, "
        "CPU time and peak RSS (wait4) are their own",
    ]
    problems = [
        f"classify {name}: exit {run['returncodes']}: {run['stderr_sample'][:200]!r}"
        for name, run in cl["runs"].items()
        if run["returncodes"] != [0] or run["timed_out"]
    ]
    problems += [
        f"core {name}: {s['errors']} extractor errors, first: {s['first_error'][:200]}"
        for name, s in core["sizes"].items()
        if s["errors"]
    ]
    for name in ("hostile", "benign"):
        adv = results["adversarial"][name]
        if adv["timed_out"]:
            problems.append(f"adversarial {name}: timed out; its figure is a lower bound")
        if adv["failed"]:
            problems.append(f"adversarial {name}: child failed: {adv['stderr_sample'][:200]!r}")
    return notes + [f"WARNING: {p}" for p in problems]


def render_text(results: dict[str, Any]) -> str:
    core = _render_core_text(results) if "core" in results else ""
    return core + (render_e2e_text(results["e2e"]) if "e2e" in results else "")


def _render_core_text(results: dict[str, Any]) -> str:
    rows = [HEADERS, *report_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]

    def line(row: Sequence[str]) -> str:
        first = row[0].ljust(widths[0])
        rest = "  ".join(cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True))
        return f"{first}  {rest}".rstrip()

    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    body = [line(rows[0]), rule, *(line(r) for r in rows[1:]), rule]
    return "\n".join(body + _notes(results)) + "\n"


def render_markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    out = [
        "# wirestream benchmark",
        "",
        f"Machine: {m['cpu_model']}, {m['cores']} cores, Python {m['python']}, {m['date']}; "
        f"load average {m['loadavg_start'][0]:.2f} -> {m['loadavg_end'][0]:.2f}. "
        f"Command: `{results.get('command', 'python -m bench')}`.",
        "",
    ]
    if "core" in results:
        out += _render_core_markdown(results)
    if "e2e" in results:
        out += render_e2e_markdown(results["e2e"])
    return "\n".join(out)


def _render_core_markdown(results: dict[str, Any]) -> list[str]:
    rows = report_rows(results)
    return [
        "## Core and classify",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|---|--:|--:|--:|",
        *("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows),
        "",
        *(f"- {note}" for note in _notes(results)),
        "",
    ]


def write_results(results: dict[str, Any], out_dir: Path) -> list[Path]:
    """latest.json, latest.md and (with the end-to-end part) latest.png in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / "latest.json"
    md_path = out_dir / "latest.md"
    json_path.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2) + b"\n")
    md_path.write_text(render_markdown(results), encoding="utf-8")
    written = [json_path, md_path]
    if "e2e" in results:
        from bench.plot import write_plot

        written.append(write_plot(results["e2e"], out_dir / "latest.png"))
    return written
