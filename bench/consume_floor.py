"""`python -m bench.consume_floor [--records N] [--rounds R]`: what consuming alone costs a record.

The worker's framework time per article (its CPU beyond `process_record`) has a
consume side and a send side. This measures the consume side on its own, in
the same run, three ways over the same topic of seed-size raw records:

- `aiokafka`: a bare `AIOKafkaConsumer` reading in batches of up to 200 (the
  client Faust runs, with nothing around it): the floor;
- `faust`: a plain Faust app whose one agent iterates its stream and does
  nothing else (Faust's consumer thread, conductor, stream and default monitor);
- `wirestream`: the worker's own consume path, the same app class, consumer,
  flow control and monitor as `wirestream worker`, reading natural batches
  (`held_batches`) and releasing each at once: no extraction, no sends.

Each runs in a process of its own, with a fresh consumer group, from the first
record to the last (startup excluded); CPU is the process's, all its threads.
The systems alternate in rounds (the order rotated each round) and each figure
is the median of its rounds. It starts its own local broker unless `--broker`
is given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import orjson
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic

from bench.core import seed_body, seed_variants
from bench.worker import broker_for
from streams.kafka.broker import free_port

SYSTEMS = ("aiokafka", "faust", "wirestream")
PARTITIONS = 6
FETCH_BYTES = 1024 * 1024  # as the worker's per-partition fetch size
BATCH = 200  # as WIRESTREAM_BATCH_MAX_RECORDS


def process_cpu_s() -> float:
    """CPU seconds of this process so far, every thread."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Span:
    """CPU and wall time from the first record counted to the last."""

    def __init__(self, records: int, result: Path) -> None:
        self.records = records
        self.result = result
        self.seen = 0
        self._start: tuple[float, float] | None = None

    def count(self, records: int = 1) -> bool:
        """Count records; True once all have been seen (then `report` says the figures)."""
        if self._start is None:
            self._start = (process_cpu_s(), time.monotonic())
        self.seen += records
        return self.seen >= self.records

    def report(self) -> None:
        """Write the span to the result file and leave at once (no graceful stop to time)."""
        assert self._start is not None
        cpu, wall = process_cpu_s() - self._start[0], time.monotonic() - self._start[1]
        # A file, not stdout: Faust's worker sends stdout to its log.
        self.result.write_text(json.dumps({"records": self.seen, "cpu_s": cpu, "wall_s": wall}))
        os._exit(0)


async def _drain_aiokafka(broker: str, topic: str, span: Span) -> None:
    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=broker,
        group_id=f"floor-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=FETCH_BYTES,
    )
    await consumer.start()
    while True:
        fetched = await consumer.getmany(timeout_ms=1000, max_records=BATCH)
        records = sum(len(batch) for batch in fetched.values())
        # Empty fetches (the group still joining) do not start the span.
        if records and span.count(records):
            span.report()


def _faust_app(broker: str, topic: str, span: Span, workdir: Path, ours: bool) -> Any:
    """A Faust app draining `topic`: plain Faust, or the worker's app class and consume path."""
    import faust

    group = f"floor-{uuid.uuid4().hex[:8]}"
    options: dict[str, Any] = {
        "broker": f"kafka://{broker}",
        "consumer_auto_offset_reset": "earliest",
        "consumer_max_fetch_size": FETCH_BYTES,
        "web_port": free_port(),
        "datadir": str(workdir / group),
        "topic_partitions": PARTITIONS,
        "key_serializer": "raw",
        "value_serializer": "raw",
    }
    if not ours:
        app = faust.App(group, **options)
        source = app.topic(topic, key_serializer="raw", value_serializer="raw")

        @app.agent(source, concurrency=1)
        async def drain(stream: Any) -> None:
            async for _event in stream.events():
                if span.count():
                    span.report()

        return app

    from streams.settings import Settings
    from streams.worker.app import WirestreamApp
    from streams.worker.delivery import FaustConsumer, held_batches
    from streams.worker.monitor import install_metrics

    settings = Settings(broker=broker, consumer_group=group, topic_prefix=f"{group}.")
    app = WirestreamApp(group, **options)
    app.wirestream_settings = settings
    install_metrics(app, settings)
    source = app.topic(topic, key_serializer="raw", value_serializer="raw")
    releases = FaustConsumer(app)

    @app.agent(source, concurrency=1)
    async def drain_batches(stream: Any) -> None:
        async for batch in held_batches(stream, BATCH, 0.0):
            releases.release([event.message for event in batch])
            if span.count(len(batch)):
                span.report()

    return app


def run_child(system: str, broker: str, topic: str, records: int, workdir: Path) -> None:
    """Drain `records` records of `topic` with `system`; write the span and exit."""
    span = Span(records, workdir / f"{system}.json")
    if system == "aiokafka":
        asyncio.run(_drain_aiokafka(broker, topic, span))
        return
    import faust

    app = _faust_app(broker, topic, span, workdir, ours=system == "wirestream")
    faust.Worker(app, loglevel="warning", quiet=True).execute_from_commandline()


def fill_topic(broker: str, topic: str, records: int) -> None:
    """`records` seed-size raw records on a new topic of `PARTITIONS` partitions."""
    admin = AdminClient({"bootstrap.servers": broker})
    admin.create_topics([NewTopic(topic, PARTITIONS, 1)])[topic].result()
    producer = Producer({"bootstrap.servers": broker, "linger.ms": 5})
    bodies = [orjson.dumps(r) for r in seed_variants(seed_body(), 1000, random.Random(7))]
    for i in range(records):
        producer.produce(topic, bodies[i % len(bodies)], f"floor-{i}".encode())
        if i % 1000 == 0:
            producer.poll(0)
    if producer.flush(60):
        raise RuntimeError(f"could not fill {topic}: records left unsent")


def measure(
    broker: str, records: int, rounds: int, workdir: Path, systems: tuple[str, ...] = SYSTEMS
) -> dict[str, Any]:
    """Each system drains the same topic `rounds` times (order rotated); medians per system."""
    topic = f"floor-{uuid.uuid4().hex[:8]}"
    fill_topic(broker, topic, records)
    runs: dict[str, list[dict[str, float]]] = {system: [] for system in systems}
    for round_index in range(rounds):
        order = systems[round_index % len(systems) :] + systems[: round_index % len(systems)]
        for system in order:
            cmd = [sys.executable, "-m", "bench.consume_floor", "--child", system]
            cmd += ["--broker", broker, "--topic", topic, "--records", str(records)]
            cmd += ["--workdir", str(workdir)]
            result = workdir / f"{system}.json"
            result.unlink(missing_ok=True)
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
            if done.returncode != 0 or not result.exists():
                raise RuntimeError(f"{system} failed ({done.returncode}): {done.stderr[-2000:]}")
            runs[system].append(json.loads(result.read_text()))
    medians = {
        system: {
            "cpu_ms_per_record": statistics.median(1000 * r["cpu_s"] / r["records"] for r in rs),
            "records_per_s": statistics.median(r["records"] / r["wall_s"] for r in rs),
        }
        for system, rs in runs.items()
    }
    return {"records": records, "rounds": rounds, "runs": runs, "medians": medians}


def render(result: dict[str, Any]) -> str:
    """The medians as a table, each system's CPU against the bare client's."""
    medians = result["medians"]
    floor = medians.get("aiokafka", {}).get("cpu_ms_per_record")
    lines = [
        f"consume only, {result['records']} seed-size records, median of {result['rounds']} rounds",
        f"{'system':<12} {'CPU ms/record':>14} {'records/s':>10} {'vs aiokafka':>12}",
    ]
    for system, figures in medians.items():
        cpu = figures["cpu_ms_per_record"]
        ratio = f"{cpu / floor:.2f}x" if floor else "n/a"
        lines.append(f"{system:<12} {cpu:>14.3f} {figures['records_per_s']:>10.0f} {ratio:>12}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Run the measurement (or, with --child, one system's drain) and print it."""
    parser = argparse.ArgumentParser(prog="python -m bench.consume_floor", description=__doc__)
    parser.add_argument("--records", type=int, default=20_000, metavar="N")
    parser.add_argument("--rounds", type=int, default=3, metavar="R")
    parser.add_argument("--broker", metavar="HOST:PORT", help="use this broker, start none")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    parser.add_argument("--child", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--topic", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        run_child(args.child, args.broker, args.topic, args.records, args.workdir)
        return
    with tempfile.TemporaryDirectory(prefix="wirestream-floor-") as tmp:
        workdir = Path(tmp)
        with broker_for(args.broker, workdir) as broker:
            result = measure(broker, args.records, args.rounds, workdir)
    print(render(result))
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
