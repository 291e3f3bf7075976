"""The worker's metrics on Faust: one Monitor, one registry, one `/metrics` page per app.

`install_metrics` does what `faust.sensors.prometheus.setup_prometheus_sensors`
does (Faust's metrics in a registry, a monitor, a `/metrics` page) with two
differences: the registry is the app's own, not prometheus_client's global
one (a second app in the same process registers cleanly), and the monitor is
`WirestreamMonitor`, Faust's Prometheus monitor plus the project's metrics,
so one page serves both.

Faust calls four monitor hooks per raw record (and one per fetched partition);
its Prometheus monitor looks up a labelled child (`labels(...)`: a lock, a
tuple of strings, a dict) in each, and renormalizes the stream's name with a
regex per event: 35 us a record, most of the monitor's cost. `WirestreamMonitor`
keeps the same series with the same values, looking each child up once; the
cache is dropped whenever Faust removes partition series (at a rebalance).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from typing import Any, cast
from weakref import WeakKeyDictionary

import faust
from aiohttp.web import Response
from faust import web
from faust.sensors.monitor import Monitor
from faust.sensors.prometheus import FaustMetrics, PrometheusMonitor
from faust.types import TP, AppT, EventT, Message, StreamT
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
        # Labelled children of Faust's metrics, by (metric name, label values).
        self._labelled: dict[tuple[str, tuple[object, ...]], Any] = {}
        self._stream_series: WeakKeyDictionary[StreamT[Any], Any] = WeakKeyDictionary()

    def _child(self, metric: Any, **labels: object) -> Any:
        """`metric.labels(**labels)`, looked up once until Faust next removes series."""
        key = (metric._name, tuple(labels.values()))
        child = self._labelled.get(key)
        if child is None:
            child = self._labelled[key] = metric.labels(**labels)
        return child

    def _clear_partition_related_metrics(self) -> None:
        """Faust removes its per-topic and per-partition series: forget their children too."""
        super()._clear_partition_related_metrics()
        self._labelled.clear()

    # The per-record hooks: Faust's `Monitor` bookkeeping, then the same Prometheus
    # updates as `PrometheusMonitor`'s, through the cached children.

    def on_message_in(self, tp: TP, offset: int, message: Message) -> None:
        """A record is handed to the streams (Faust's metrics for it, children cached)."""
        Monitor.on_message_in(self, tp, offset, message)
        metrics = self._metrics
        metrics.messages_received.inc()
        metrics.active_messages.inc()
        self._child(metrics.messages_received_per_topics, topic=tp.topic).inc()
        self._child(
            metrics.messages_received_per_topics_partition, topic=tp.topic, partition=tp.partition
        ).set(offset)

    def on_stream_event_in(
        self, tp: TP, offset: int, stream: StreamT[Any], event: EventT[Any]
    ) -> dict[str, Any] | None:
        """A stream starts on an event (its series named once per stream, not per event)."""
        state: dict[str, Any] | None = Monitor.on_stream_event_in(self, tp, offset, stream, event)
        metrics = self._metrics
        metrics.total_events.inc()
        metrics.total_active_events.inc()
        series = self._stream_series.get(stream)
        if series is None:
            label = f"stream.{self._stream_label(stream)}.events"
            series = self._stream_series[stream] = metrics.total_events_per_stream.labels(
                stream=label
            )
        series.inc()
        return state

    def track_tp_end_offset(self, tp: TP, offset: int) -> None:
        """A partition's end offset, as Faust's monitor records it (child cached)."""
        Monitor.track_tp_end_offset(self, tp, offset)
        self._child(
            self._metrics.topic_partition_end_offset, topic=tp.topic, partition=tp.partition
        ).set(offset)

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
