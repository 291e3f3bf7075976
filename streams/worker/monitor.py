"""The worker's metrics on Faust: one Monitor, one registry, one `/metrics` page per app.

`install_metrics` does what `faust.sensors.prometheus.setup_prometheus_sensors`
does (Faust's metrics in a registry, a monitor, a `/metrics` page) with two
differences: the registry is the app's own, not prometheus_client's global
one (a second app in the same process registers cleanly), and the monitor is
`WirestreamMonitor`, Faust's Prometheus monitor plus the project's metrics,
so one page serves both.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from typing import Any, cast

import faust
from aiohttp.web import Response
from faust import web
from faust.sensors.prometheus import FaustMetrics, PrometheusMonitor
from faust.types import AppT
from prometheus_client import CollectorRegistry

from streams.kafka.lag import consumer_lag
from streams.observe.metrics import (
    FAUST_PREFIX,
    METRICS_PATH,
    ProjectMetrics,
    TimedOutcome,
    exposition,
)
from streams.settings import Settings

log = logging.getLogger(__name__)


class WirestreamMonitor(PrometheusMonitor):
    """Faust's Prometheus monitor plus the project's metrics (`streams.observe.metrics`)."""

    def __init__(self, registry: CollectorRegistry, **kwargs: Any) -> None:
        super().__init__(metrics=FaustMetrics.create(registry, FAUST_PREFIX), **kwargs)
        self.registry = registry
        self.project = ProjectMetrics(registry)

    def on_rebalance_start(self, app: AppT) -> dict[str, Any]:
        """Count the rebalance, then let Faust's monitor do its part."""
        self.project.rebalances.inc()
        state: dict[str, Any] = super().on_rebalance_start(app)
        return state

    def on_batch_emitted(self, batch: Sequence[TimedOutcome]) -> None:
        """A batch's outputs are all acknowledged: count its articles, events and dead letters."""
        self.project.count_emitted(batch, time.time())


def install_metrics(app: faust.App, settings: Settings) -> WirestreamMonitor:
    """Give `app` its registry, monitor, `/metrics` page and consumer-lag timer."""
    monitor = WirestreamMonitor(CollectorRegistry(auto_describe=True))
    app.monitor = monitor

    @app.page(METRICS_PATH)
    async def metrics_page(view: web.View, request: web.Request) -> web.Response:
        body, content_type = exposition(monitor.registry)
        # aiohttp's Response as Faust's own page builds it: the header as prometheus_client
        # gives it (with its charset), which Faust's `view.bytes` would refuse.
        return cast(web.Response, Response(body=body, headers={"Content-Type": content_type}))

    @app.timer(settings.lag_interval_s)  # type: ignore[untyped-decorator]
    async def refresh_consumer_lag() -> None:
        """Ask the broker for the group's lag on the raw topic (off the event loop)."""
        try:
            lag = await asyncio.to_thread(consumer_lag, settings)
        except Exception as exc:  # a slow or restarting broker must not stop the worker
            log.warning("consumer lag not refreshed: %s: %s", type(exc).__name__, exc)
            return
        monitor.project.set_consumer_lag(lag)

    return monitor
