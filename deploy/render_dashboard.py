"""Draw the dashboard's main panels from a Prometheus as a PNG (for docs/dashboard.png).

    python -m deploy.render_dashboard --prometheus http://127.0.0.1:9090 --minutes 6

Each panel's queries are the committed dashboard's own (deploy/grafana/dashboards/
wirestream.json), with Grafana's interval variables set to --window, fetched with
Prometheus' query_range API and drawn with matplotlib, one subplot per panel.
"""

from __future__ import annotations

import argparse
import json
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt
from matplotlib.dates import DateFormatter

from deploy.grafana.dashboard import LEGEND_LABEL, committed_panels, concrete

# The panels of the picture, in reading order (titles of the committed dashboard).
MAIN_PANELS = (
    "Articles in/s",
    "Events out/s by type",
    "Dead letters/s by code",
    "Consumer lag per partition",
    "Extraction latency",
    "End-to-end latency (ingest to emission)",
)


def query_range(prometheus: str, expr: str, start: float, end: float, step: float) -> Any:
    """The matrix of a range query (a list of {metric, values})."""
    params = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": step})
    with urllib.request.urlopen(f"{prometheus}/api/v1/query_range?{params}", timeout=30) as r:
        body = json.loads(r.read())
    if body["status"] != "success":
        raise RuntimeError(f"{expr}: {body.get('error')}")
    return body["data"]["result"]


def legend(template: str, labels: dict[str, str]) -> str:
    """A series' name from the panel's legend format ({{label}} placeholders)."""
    return LEGEND_LABEL.sub(lambda m: labels.get(m.group(1), ""), template) or "value"


def _units(panel: dict[str, Any], peak: float) -> tuple[float, str]:
    """Scale and axis label for a panel's Grafana unit; latencies under a second in ms."""
    unit = panel.get("fieldConfig", {}).get("defaults", {}).get("unit", "")
    if unit == "s":
        return (1000.0, "ms") if peak < 1.0 else (1.0, "seconds")
    return 1.0, "per second" if unit == "cps" else "messages"


def draw_panel(axis: Any, panel: dict[str, Any], fetch: Any, window: str) -> None:
    """One subplot: every series of every query of the panel (all-zero series left out)."""
    lines = []
    for target in panel["targets"]:
        for series in fetch(concrete(target["expr"], window)):
            points = [(t, float(v)) for t, v in series["values"] if v != "NaN"]
            if any(value for _, value in points):  # all-zero series (codes never seen): noise
                lines.append((legend(target["legendFormat"], series["metric"]), points))
    peak = max((value for _, points in lines for _, value in points), default=0.0)
    scale, label = _units(panel, peak)
    for name, points in lines:
        axis.plot(
            [datetime.fromtimestamp(t, UTC) for t, _ in points],
            [value * scale for _, value in points],
            label=name,
        )
    axis.set_title(panel["title"], loc="left", fontsize=11)
    axis.set_ylabel(label)
    axis.set_ylim(bottom=0)
    axis.grid(alpha=0.3)
    if lines:
        axis.legend(fontsize=8, loc="upper left")
    axis.xaxis.set_major_formatter(DateFormatter("%H:%M"))  # type: ignore[no-untyped-call]


def render(prometheus: str, start: float, end: float, step: float, window: str, out: Path) -> None:
    """Query every main panel over [start, end] and save the figure to `out`."""
    panels = {panel["title"]: panel for panel in committed_panels()}
    figure, axes = plt.subplots(3, 2, figsize=(14, 11), sharex=True)
    for axis, title in zip(axes.flat, MAIN_PANELS, strict=True):
        draw_panel(
            axis, panels[title], lambda e: query_range(prometheus, e, start, end, step), window
        )
    figure.suptitle(
        f"wirestream: a real run ({(end - start) / 60:.0f} min, Kafka 4.4.0), "
        "drawn from Prometheus with the dashboard's own queries",
        fontsize=12,
    )
    figure.tight_layout()
    figure.savefig(out, dpi=90)
    plt.close(figure)


def main(argv: list[str] | None = None) -> None:
    """Command line: where Prometheus is, the time range, the output file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prometheus", default="http://127.0.0.1:9090")
    parser.add_argument("--minutes", type=float, default=10.0, help="range ending now")
    parser.add_argument("--end", type=float, help="end of the range (Unix time; default now)")
    parser.add_argument("--step", type=float, default=5.0, help="seconds between points")
    parser.add_argument("--window", default="30s", help="value of $__rate_interval")
    parser.add_argument("--out", type=Path, default=Path("docs/dashboard.png"))
    args = parser.parse_args(argv)
    end = args.end or time.time()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    render(args.prometheus, end - args.minutes * 60, end, args.step, args.window, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
