"""`wirestream top`: a live terminal view of one or more workers' `/metrics` (for ops without
Grafana). The numbers come from `streams.observe.top_model` (pure); this module scrapes and
draws."""

from __future__ import annotations

import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

import click
from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.table import Table
from rich.text import Text

from streams.cli.options import load_settings
from streams.observe.metrics import METRICS_PATH
from streams.observe.top_model import QUANTILES, Snapshot, View, build_view, parse_snapshot


@dataclass(frozen=True)
class Scrape:
    """One worker's scrape: its snapshot and when it was taken, or why it failed."""

    url: str
    at: float
    snapshot: Snapshot | None
    error: str | None = None


def metrics_url(target: str) -> str:
    """A worker URL from `host:port`, `http://host:port` or a full `/metrics` URL."""
    url = target if "://" in target else f"http://{target}"
    if url.rstrip("/").endswith(METRICS_PATH):
        return url
    return url.rstrip("/") + METRICS_PATH


def scrape(url: str, timeout: float) -> Scrape:
    """Fetch and parse one worker's metrics; an unreachable worker is an error, not a crash."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            text = response.read().decode()
        return Scrape(url, time.monotonic(), parse_snapshot(text))
    except Exception as exc:  # URLError, timeouts, a page that is not an exposition
        reason = getattr(exc, "reason", None) or exc
        return Scrape(url, time.monotonic(), None, f"{type(exc).__name__}: {reason}")


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.1f} ms"


def _rate(value: float) -> str:
    return f"{value:,.1f}/s"


def render(view: View | None, workers: Sequence[Scrape], now: float) -> RenderableType:
    """The frame: worker status, throughput, events, dead letters, lag, latency."""
    status = Table(title="workers", title_justify="left", expand=False)
    status.add_column("worker")
    status.add_column("state")
    for worker in workers:
        if worker.snapshot is None:
            status.add_row(worker.url, Text(f"unreachable: {worker.error}", style="red"))
        else:
            status.add_row(worker.url, Text(f"up {worker.snapshot.version or ''}", style="green"))
    if view is None:
        return Group(status, Text("no worker answered", style="bold red"))

    throughput = Table(title="throughput", title_justify="left")
    for column in ("", "per second", "total"):
        throughput.add_column(column, justify="right" if column else "left")
    throughput.add_row("articles in", _rate(view.articles_per_s), f"{view.articles_total:,.0f}")
    events_total = sum(view.events_total.values())
    events_rate = sum(view.events_per_s.values())
    throughput.add_row("events out", _rate(events_rate), f"{events_total:,.0f}")
    for event_type in sorted(view.events_total):
        throughput.add_row(
            f"  {event_type}",
            _rate(view.events_per_s.get(event_type, 0.0)),
            f"{view.events_total[event_type]:,.0f}",
        )
    dead_total = sum(view.dead_letters_total.values())
    throughput.add_row(
        "dead letters", _rate(sum(view.dead_letters_per_s.values())), f"{dead_total:,.0f}"
    )
    for code in sorted(view.dead_letters_total):
        if view.dead_letters_total[code]:
            throughput.add_row(
                f"  {code}",
                _rate(view.dead_letters_per_s.get(code, 0.0)),
                f"{view.dead_letters_total[code]:,.0f}",
            )

    latency = Table(title="latency", title_justify="left")
    latency.add_column("")
    for q in QUANTILES:
        latency.add_column(f"p{round(q * 100)}", justify="right")
    latency.add_row("extraction", *(_ms(view.extract_quantiles[q]) for q in QUANTILES))
    latency.add_row("ingest to emission", *(_ms(view.event_lag_quantiles[q]) for q in QUANTILES))

    lag = Table(title="consumer lag", title_justify="left")
    lag.add_column("topic")
    lag.add_column("partition", justify="right")
    lag.add_column("messages", justify="right")
    for (topic, partition), value in view.consumer_lag.items():
        lag.add_row(topic, partition, f"{value:,.0f}")
    lag.add_row("total", "", f"{sum(view.consumer_lag.values()):,.0f}", style="bold")

    since = "never" if view.last_processed is None else f"{now - view.last_processed:,.1f} s ago"
    return Group(status, throughput, latency, lag, Text(f"last batch finished: {since}"))


def frame(before: Sequence[Scrape], after: Sequence[Scrape], now: float) -> RenderableType:
    """Draw the frame for two rounds of scrapes of the same workers."""
    pairs = [
        (first.snapshot, second.snapshot, max(second.at - first.at, 1e-9))
        for first, second in zip(before, after, strict=True)
        if first.snapshot is not None and second.snapshot is not None
    ]
    view = build_view(pairs) if pairs else None
    return render(view, after, now)


@click.command(short_help="Live view of the workers' metrics (throughput, lag, latency).")
@click.argument("workers", nargs=-1, metavar="[WORKER]...")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=2.0,
    show_default=True,
    help="Seconds between scrapes (rates are over this window).",
)
@click.option("--once", is_flag=True, help="Draw one frame (two scrapes) and exit.")
@click.option("--timeout", type=float, default=2.0, show_default=True, help="Per-scrape timeout.")
def top(workers: Sequence[str], interval: float, once: bool, timeout: float) -> None:
    """Show throughput in and out, events by type, dead letters, lag and latency percentiles.

    WORKER is host:port or a /metrics URL; the default is this machine's worker
    (WIRESTREAM_WEB_HOST:WIRESTREAM_WEB_PORT). Unreachable workers are shown as
    such and the others are still shown. With --once, exits 1 if none answered.
    """
    if not workers:
        settings = load_settings()
        workers = (f"{settings.web_host}:{settings.web_port}",)
    urls = [metrics_url(worker) for worker in workers]
    console = Console()
    before = [scrape(url, timeout) for url in urls]
    if once:
        time.sleep(interval)
        after = [scrape(url, timeout) for url in urls]
        console.print(frame(before, after, time.time()))
        sys.exit(0 if any(s.snapshot is not None for s in after) else 1)
    try:
        with Live(console=console, auto_refresh=False, screen=False) as live:
            while True:
                time.sleep(interval)
                after = [scrape(url, timeout) for url in urls]
                live.update(frame(before, after, time.time()), refresh=True)
                before = after
    except KeyboardInterrupt:
        pass
