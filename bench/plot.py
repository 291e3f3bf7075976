"""The benchmark's PNG: throughput and p99 latency against offered rate, per system."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_plot(e2e: dict[str, Any], path: Path) -> Path:
    """Two panels (articles/s, p99 latency vs offered rate); saturation as dashed lines."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    for index, (name, system) in enumerate(e2e["systems"].items()):
        color = f"C{index}"
        points = sorted(
            (phase["offered_per_s"], phase)
            for key, phase in system["phases"].items()
            if key.startswith("rate-") and "articles_per_s" in phase
        )
        xs = [x for x, _ in points]
        left.plot(xs, [p["articles_per_s"] for _, p in points], "o-", color=color, label=name)
        right.plot(xs, [p["p99_ms"] for _, p in points], "o-", color=color, label=name)
        saturation = system["phases"].get("saturation", {}).get("articles_per_s")
        if saturation:
            left.axhline(saturation, color=color, linestyle="--", linewidth=1)
    rates = e2e["config"]["rates"]
    left.plot(rates, rates, ":", color="grey", label="offered")
    left.set(
        xscale="log",
        yscale="log",
        xlabel="offered rate (articles/s)",
        ylabel="articles/s out",
        title="Throughput (dashed: saturation)",
    )
    right.set(
        xscale="log",
        yscale="log",
        xlabel="offered rate (articles/s)",
        ylabel="p99 ingest-to-output latency (ms)",
        title="p99 latency",
    )
    right.axhline(100, color="grey", linestyle=":", linewidth=1)
    from matplotlib.ticker import NullFormatter

    for ax in (left, right):
        ax.set_xticks(rates, [f"{rate:,.0f}" for rate in rates])
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
