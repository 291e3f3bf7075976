"""`wirestream demo`: the whole pipeline on this machine, in one command.

It starts the local broker (when WIRESTREAM_BROKER is the local default and
nothing answers there), starts a worker in the background, ingests `seeds/`
with `wirestream ingest`, waits for the worker to process it and prints the
events this run produced on each event topic. `wirestream demo --stop` stops
the background worker and the local broker. Every step is one of the real
commands, so what the demo shows is what they do.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
from kafka import TopicPartition

from streams.cli.options import load_settings
from streams.cli.tail import to_tail_record
from streams.cli.tail_format import TailRecord, format_text
from streams.kafka.broker import BrokerError, LocalBroker
from streams.kafka.clients import ensure_topics, make_consumer
from streams.kafka.reach import reach_broker
from streams.records.topics import EVENT_TOPICS, PROCESSED, topic_name
from streams.settings import Settings

# Relative: the repository's seeds/, found from the current directory (the repository root).
SEEDS_DIR = Path("seeds")
# The seed article is a Yonhap story published on this morning (KST).
SEED_SOURCE = "Yonhap"
SEED_PUBLISHED_AT = "2025-01-24T09:00:00+09:00"
LOCAL_HOSTS = ("localhost", "127.0.0.1")
WORKER_READY_S = 120.0
PROCESS_WAIT_S = 120.0


def _say(text: str) -> None:
    click.echo(click.style("==> ", fg="cyan", bold=True) + text, err=True)


class BackgroundWorker:
    """A `wirestream worker` process detached from the terminal, found again by its pid file."""

    def __init__(self, state_dir: Path) -> None:
        self.pid_file = state_dir / "demo-worker.pid"
        self.log_file = state_dir / "demo-worker.log"

    def pid(self) -> int | None:
        """The pid of the running background worker, if any."""
        try:
            pid = int(self.pid_file.read_text().strip())
            os.kill(pid, 0)
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError):
            return None
        return pid if b"worker" in cmdline else None

    def start(self) -> int:
        """Start the worker (unless running) and wait until Faust says it is ready."""
        running = self.pid()
        if running is not None:
            return running
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "streams.cli", "worker", "--loglevel", "info"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid_file.write_text(f"{process.pid}\n")
        deadline = time.monotonic() + WORKER_READY_S
        while time.monotonic() < deadline:
            text = self.log_file.read_bytes()[offset:].decode(errors="replace")
            if "[^Worker]: Ready" in text:
                return process.pid
            if process.poll() is not None:
                tail = "\n".join(text.splitlines()[-15:])
                raise click.ClickException(f"the worker exited while starting:\n{tail}")
            time.sleep(0.3)
        raise click.ClickException(f"the worker was not ready in time; see {self.log_file}")

    def stop(self) -> bool:
        """SIGTERM the worker and wait for its graceful stop; False when none was running."""
        pid = self.pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True


def _end_offsets(settings: Settings, names: list[str]) -> dict[TopicPartition, int]:
    """The current end offset of every partition of the named topics."""
    consumer = make_consumer(settings, group_id=None, enable_auto_commit=False)
    try:
        tps = [
            TopicPartition(topic_name(name, settings.topic_prefix), partition)
            for name in names
            for partition in sorted(
                consumer.partitions_for_topic(topic_name(name, settings.topic_prefix)) or ()
            )
        ]
        return dict(consumer.end_offsets(tps))
    finally:
        consumer.close()


def _read_since(settings: Settings, start: dict[TopicPartition, int]) -> list[TailRecord]:
    """Every record after the given offsets, up to the current ends."""
    consumer = make_consumer(settings, group_id=None, enable_auto_commit=False)
    try:
        tps = list(start)
        consumer.assign(tps)
        for tp, offset in start.items():
            consumer.seek(tp, offset)
        ends = consumer.end_offsets(tps)
        records: list[TailRecord] = []
        deadline = time.monotonic() + 30
        while any(consumer.position(tp) < ends[tp] for tp in tps):
            if time.monotonic() > deadline:
                break
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(to_tail_record(r) for r in batch)
        return records
    finally:
        consumer.close()


def _wait_for_processed(settings: Settings, before: dict[TopicPartition, int], count: int) -> int:
    """Wait until `count` new processed records appeared; return how many did."""
    deadline = time.monotonic() + PROCESS_WAIT_S
    new = 0
    while time.monotonic() < deadline:
        now = _end_offsets(settings, [PROCESSED])
        new = sum(offset - before.get(tp, 0) for tp, offset in now.items())
        if new >= count:
            break
        time.sleep(0.5)
    return new


def _ensure_broker(settings: Settings) -> None:
    """Use the configured broker; start the local one when it is on this machine and silent."""
    # With the configured security settings, not a plaintext probe of the first server.
    problem = reach_broker(settings, timeout_s=3)
    if problem is None:
        _say(f"Kafka answers at {settings.broker}")
        return
    host, _, port = settings.broker.rpartition(":")
    if host not in LOCAL_HOSTS or "," in settings.broker or not port.isdigit():
        raise click.ClickException(problem)
    broker = LocalBroker(settings.state_dir / "kafka", settings.cache_dir)
    if not broker.jars_present():
        _say("fetching Apache Kafka from Maven Central (first run only)...")
    try:
        state = broker.up(port=int(port))
    except BrokerError as exc:
        raise click.ClickException(str(exc)) from exc
    _say(f"started Kafka {state.version} on 127.0.0.1:{state.port} (log {broker.log_file})")


def _stop(settings: Settings) -> None:
    """Stop the background worker and the local broker."""
    worker = BackgroundWorker(settings.state_dir)
    _say("worker stopped" if worker.stop() else "no background worker was running")
    broker = LocalBroker(settings.state_dir / "kafka", settings.cache_dir)
    _say("local Kafka stopped" if broker.down() else "local Kafka was not running")


@click.command(short_help="Run the whole pipeline locally on seeds/ and print the events.")
@click.option("--stop", is_flag=True, help="Stop the demo's background worker and local broker.")
@click.option(
    "--seeds",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    show_default="seeds/ in the current directory",
    help="Directory of articles to ingest.",
)
def demo(stop: bool, seeds: Path | None) -> None:
    """Start Kafka and a worker, ingest seeds/, print the events; `--stop` stops it all."""
    settings = load_settings()
    if stop:
        _stop(settings)
        return
    if seeds is None:
        if not SEEDS_DIR.is_dir():
            raise click.ClickException(
                f"no {SEEDS_DIR}/ directory here ({Path.cwd()}); "
                "run from the repository root or pass --seeds"
            )
        seeds = SEEDS_DIR
    _ensure_broker(settings)
    ensure_topics(settings)
    worker = BackgroundWorker(settings.state_dir)
    pid = worker.start()
    _say(f"worker running (pid {pid}, log {worker.log_file})")

    event_topics = list(EVENT_TOPICS.values())
    before_events = _end_offsets(settings, event_topics)
    before_processed = _end_offsets(settings, [PROCESSED])
    articles = sum(1 for p in seeds.rglob("*") if p.suffix in (".txt", ".json") and p.is_file())
    _say(f"wirestream ingest {seeds}")
    ingest = subprocess.run(
        [
            sys.executable,
            "-m",
            "streams.cli",
            "ingest",
            str(seeds),
            "--source",
            SEED_SOURCE,
            "--published-at",
            SEED_PUBLISHED_AT,
        ],
        check=False,
    )
    if ingest.returncode != 0:
        raise click.ClickException("ingest failed (see above)")
    processed = _wait_for_processed(settings, before_processed, articles)
    if processed < articles:
        raise click.ClickException(f"the worker processed {processed}/{articles} in time")
    records = _read_since(settings, before_events)
    for name in event_topics:
        full = topic_name(name, settings.topic_prefix)
        mine = [r for r in records if r.topic == full]
        click.echo(click.style(f"\n{full}: {len(mine)} event(s)", bold=True))
        for record in sorted(mine, key=lambda r: (r.partition, r.offset)):
            click.echo(format_text(record), nl=False)
    click.echo()
    _say("follow live events:  wirestream tail events")
    _say("stop everything:     wirestream demo --stop")
