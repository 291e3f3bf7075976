"""End-to-end benchmark on a real broker: our worker, the bare-client floors and a peer.

Systems, each run on the same records, on fresh topics (6 partitions, like the
raw topic), one after another in the same run:
- `aiokafka`, `confluent`: the floor, a consume -> produce pass-through of the
  same bytes (`bench.passthrough`): what Python on Kafka can do at all here;
- `aiokafka-fanout`: the aiokafka floor publishing each record as many times as
  our worker publishes outputs per article: the client's share of our cost;
- `wirestream-1`, `wirestream-2`: the real `wirestream worker`, one process and
  two processes in one consumer group;
- `quix`: the same `process_record` in a Quix Streams application
  (`bench.quix_peer`), publishing the same outputs.

Before the first round the broker is warmed up (`warm_broker`): a fresh broker's
JIT compiler would otherwise slow whichever system ran first. Per system: start
it, wait until its consumer group is stable with every member, send a warm-up
batch and wait for its outputs, then run the phases:
each fixed offered rate (records paced by `bench.loadgen`, a separate
process), then saturation (the same generator unpaced: a burst far faster than
any system drains it, so the system works from a backlog). Each phase is
drained completely before the next starts.

Latency = the output record's broker timestamp minus the raw record's broker
timestamp, both `LogAppendTime` (set on every benchmark topic): from the
moment the article is stored in Kafka to the moment its processed record (the
last output our worker sends per article; the copy, for the floors) is
stored, on one clock (the broker's), for every system alike. The processed
record's `latency_ms` field is not used: it is stamped before the outputs are
sent and acknowledged, and the floors do not have it. Throughput = articles
/ (last output - first output) of the phase; at saturation that is the
sustained drain rate.

CPU: every thread of a system's processes (`/proc`), per phase. Our workers and the
Quix peer also count, in the process itself, the CPU time their thread spent in
`process_record` (`wirestream_extract_cpu_seconds_total` on their `/metrics`); the
rest of a system's CPU is its framework's (consume, produce, acks, event loop), both
parts measured in the same process over the same records.
"""

from __future__ import annotations

import itertools
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import orjson
from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from bench.core import percentile, seed_body, seed_variants
from streams.cli.top import metrics_url, scrape
from streams.kafka.broker import free_port
from streams.records.topics import PROCESSED, RAW, TOPICS, topic_config, topic_name
from streams.settings import Settings

T = TypeVar("T")

SYSTEMS = ("aiokafka", "wirestream-1", "confluent", "aiokafka-fanout", "wirestream-2", "quix")
FLOORS = ("aiokafka", "confluent", "aiokafka-fanout")
PASSTHROUGH_SINK = "bench.passthrough"
MAX_MESSAGE_BYTES = 8 * 1024 * 1024  # the Settings default
# A generator more than this behind its schedule, or under this share of the offered
# rate, did not offer the rate: the phase is flagged.
GENERATOR_MAX_LAG_MS = 100.0
GENERATOR_MIN_SHARE = 0.97


@dataclass(frozen=True)
class E2EConfig:
    """What the end-to-end part runs. `quick` shrinks it for the CI smoke run."""

    rates: tuple[float, ...] = (200.0, 1000.0, 5000.0)
    phase_s: float = 10.0  # a fixed-rate phase offers rate x phase_s records ...
    max_phase_records: int = 5000  # ... at most this many
    saturation_records: int = 5000
    warmup_records: int = 60
    systems: tuple[str, ...] = SYSTEMS
    partitions: int = 6
    start_timeout_s: float = 120.0
    drain_timeout_s: float = 600.0
    breakdown_records: int = 300  # process_record timed in-process on this many
    seed: int = 20250124
    quick: bool = False
    rounds: int = 1  # every system once per round, the order reversed every other round
    # Unrecorded passes of the fan-out floor before the first round, until the broker's CPU
    # per article stops falling by more than `broker_warmup_settled` two passes running (its
    # JIT is warm; four passes were not always enough: 1.38 -> 0.95 -> 0.56 -> 0.22 ms).
    broker_warmup_passes: int = 8
    broker_warmup_settled: float = 0.15

    @classmethod
    def quick_config(cls, **overrides: Any) -> E2EConfig:
        values: dict[str, Any] = {
            "rates": (100.0,),
            "phase_s": 1.0,
            "max_phase_records": 200,
            "saturation_records": 200,
            "warmup_records": 12,
            "breakdown_records": 30,
            "broker_warmup_passes": 1,
            "start_timeout_s": 90.0,
            "drain_timeout_s": 120.0,
            "quick": True,
        }
        values.update(overrides)
        return cls(**values)

    def phase_records(self, rate: float) -> int:
        return max(2, min(self.max_phase_records, round(rate * self.phase_s)))


@dataclass(frozen=True)
class Phase:
    name: str  # "warmup", "rate-200", "saturation"
    rate: float  # 0 = unpaced
    file: Path
    keys: tuple[bytes, ...]


@dataclass
class Running:
    """The processes of one system under test and where their logs go."""

    name: str
    group: str
    members: int
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)
    # Each process's /metrics port where it counts its `process_record` CPU (none: floors).
    metrics_ports: list[int] = field(default_factory=list)

    def log_tail(self, lines: int = 30) -> str:
        tails = []
        for path in self.logs:
            text = path.read_text(errors="replace").splitlines()[-lines:]
            tails.append(f"--- {path.name}\n" + "\n".join(text))
        return "\n".join(tails)

    def check_alive(self) -> None:
        for proc in self.processes:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name}: process exited with {proc.returncode}\n{self.log_tail()}"
                )

    def cpu_s(self) -> float:
        return sum(process_cpu_s(p.pid) for p in self.processes)

    def counted(self) -> tuple[float, float] | None:
        """(articles counted, CPU seconds in `process_record`) over the processes' /metrics
        (None: a system that does not count them)."""
        if not self.metrics_ports:
            return None
        scraped = [scrape_counters(port) for port in self.metrics_ports]
        return sum(c[0] for c in scraped), sum(c[1] for c in scraped)

    def settle(self, articles: int, timeout_s: float) -> tuple[float, float] | None:
        """`counted()` once `articles` are counted: a worker counts a batch when its acks
        are served, which may be just after the watcher sees its outputs."""
        deadline = time.monotonic() + timeout_s
        while True:
            counted = self.counted()
            if counted is None or counted[0] >= articles or time.monotonic() > deadline:
                return counted
            time.sleep(0.02)

    def stop(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.processes:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a live process, all threads (0 if it is gone)."""
    return stat_cpu_s(Path(f"/proc/{pid}/stat"))


def scrape_counters(port: int) -> tuple[float, float]:
    """(articles counted, CPU seconds in `process_record`) on 127.0.0.1:`port`/metrics."""
    scraped = scrape(metrics_url(f"127.0.0.1:{port}"), timeout=10.0)
    if scraped.snapshot is None:
        raise RuntimeError(f"cannot read the metrics on port {port}: {scraped.error}")
    return scraped.snapshot.consumed, scraped.snapshot.extract_cpu_seconds


def stat_cpu_s(stat: Path) -> float:
    """User + system CPU seconds from a `/proc/.../stat` file (a process or a thread; 0 if gone)."""
    try:
        fields = stat.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


# --------------------------------------------------------------------------- inputs


def make_phases(config: E2EConfig, directory: Path) -> list[Phase]:
    """Seed-size articles for every phase (distinct ids), one JSONL file per phase."""
    plan = [("warmup", 0.0, config.warmup_records)]
    plan += [(f"rate-{rate:g}", rate, config.phase_records(rate)) for rate in config.rates]
    plan.append(("saturation", 0.0, config.saturation_records))
    records = seed_variants(seed_body(), sum(n for _, _, n in plan), random.Random(config.seed))
    phases = []
    start = 0
    for name, rate, count in plan:
        phases.append(write_phase(name, rate, records[start : start + count], directory))
        start += count
    return phases


def write_phase(
    name: str, rate: float, records: Sequence[dict[str, Any]], directory: Path
) -> Phase:
    """One phase's articles as a JSONL file in `directory`, with their keys."""
    path = directory / f"{name}.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in records))
    return Phase(name, rate, path, tuple(str(r["id"]).encode() for r in records))


def breakdown(phase: Phase, limit: int) -> dict[str, float]:
    """CPU ms per article of `process_record` alone (in this process) on `limit` records."""
    from datetime import UTC, datetime

    from streams.records.process import SourceRecord, process_record

    lines = [line for line in phase.file.read_bytes().splitlines() if line][:limit]
    sources = [
        SourceRecord(RAW, 0, i, phase.keys[i], line, datetime.now(UTC))
        for i, line in enumerate(lines)
    ]
    process_record(sources[0], datetime.now(UTC))  # lazy lexicon builds are not the figure
    start_cpu = time.process_time()
    outputs = 0
    for source in sources:
        outputs += len(process_record(source, datetime.now(UTC)).outputs)
    cpu = time.process_time() - start_cpu
    return {
        "articles": len(sources),
        "process_record_cpu_ms_per_article": cpu * 1000 / len(sources),
        "outputs_per_article": outputs / len(sources),
    }


# --------------------------------------------------------------------------- broker


def create_topics(admin: AdminClient, names: dict[str, str], partitions: int) -> None:
    """Create the benchmark's topics: `names` maps DESIGN.md role -> name on the cluster."""
    specs = {spec.name: spec for spec in TOPICS}
    new = []
    for role, name in names.items():
        config = {"message.timestamp.type": "LogAppendTime"}
        if role in specs:
            config.update(topic_config(specs[role], MAX_MESSAGE_BYTES))
        new.append(NewTopic(name, num_partitions=partitions, replication_factor=1, config=config))
    for name, future in admin.create_topics(new, operation_timeout=30).items():
        try:
            future.result()
        except Exception as exc:
            raise RuntimeError(f"cannot create topic {name}: {exc}") from exc


def prime_broker(broker: str, timeout_s: float = 180.0) -> float:
    """Have a fresh broker create its offsets topic now, not inside the first system's start."""
    from confluent_kafka import Producer

    started = time.monotonic()
    topic = f"bench-prime-{os.urandom(3).hex()}"
    create_topics(AdminClient({"bootstrap.servers": broker}), {"prime": topic}, 1)
    producer = Producer({"bootstrap.servers": broker})
    producer.produce(topic, b"x")
    producer.flush(30)
    consumer = Consumer(
        {"bootstrap.servers": broker, "group.id": topic, "auto.offset.reset": "earliest"}
    )
    try:
        consumer.subscribe([topic])
        while time.monotonic() - started < timeout_s:
            msg = consumer.poll(1.0)
            if msg is not None and not msg.error():
                consumer.commit(msg, asynchronous=False)
                break
        else:
            raise RuntimeError(f"broker {broker}: no consumer group formed in {timeout_s:.0f} s")
    finally:
        consumer.close()
    return time.monotonic() - started


def warm_broker(
    run_floor: Callable[[Sequence[Phase]], dict[str, Any]],
    phases: Sequence[Phase],
    config: E2EConfig,
    log: Callable[[str], None],
) -> list[dict[str, Any]]:
    """Run the fan-out floor unrecorded until the broker's CPU per article settles.

    A freshly started broker spends up to a core compiling its hot paths in its first
    minutes of load (broker CPU per article 2-6x its warm figure): whichever system ran
    first paid for it in latency, on a 2-core machine most of all. Each pass publishes the
    warm-up and saturation phases through the fan-out floor (`run_floor`: the same produce,
    fetch and commit paths, the same record count per article as the systems); the passes'
    figures are reported, and no system's figures include them.
    """
    passes: list[dict[str, Any]] = []
    for number in range(1, config.broker_warmup_passes + 1):
        result = run_floor([phases[0], phases[-1]])  # the warm-up and saturation phases
        saturation = result["phases"]["saturation"]
        per_article = saturation["broker_cpu_ms_per_article"]
        passes.append(
            {
                "pass": number,
                "broker_cpu_ms_per_article": per_article,
                "wall_s": saturation["cpu"]["wall_s"],
            }
        )
        log(f"  broker warm-up pass {number}: broker CPU {per_article} ms/article")
        if warmup_settled(passes, config.broker_warmup_settled):
            break
    return passes


def warmup_settled(passes: Sequence[dict[str, Any]], settled: float) -> bool:
    """Whether each of the last three warm-up passes cost the broker at most `settled` less
    than the one before (one flat step was seen while the JIT still had minutes to go)."""
    if len(passes) < 3:
        return False
    figures = [p["broker_cpu_ms_per_article"] for p in passes[-3:]]
    if any(figure is None or figure <= 0 for figure in figures):
        return False  # a broker we did not start: its CPU is unknown, run every pass
    return all(b >= a * (1 - settled) for a, b in itertools.pairwise(figures))


def wait_group(admin: AdminClient, running: Running, timeout_s: float) -> None:
    """Until the system's consumer group is stable with every member holding partitions."""
    from confluent_kafka import ConsumerGroupState

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        running.check_alive()
        try:
            desc = admin.describe_consumer_groups([running.group])[running.group].result()
            assigned = [m for m in desc.members if m.assignment.topic_partitions]
            if desc.state == ConsumerGroupState.STABLE and len(assigned) == running.members:
                return
        except Exception:
            pass  # the group does not exist yet
        time.sleep(0.3)
    raise RuntimeError(
        f"{running.name}: group not stable in {timeout_s:.0f} s\n{running.log_tail()}"
    )


def end_offsets(consumer: Consumer, topic: str, partitions: int) -> int:
    """Records on `topic`: the sum of its high watermarks."""
    return sum(
        consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1]
        for p in range(partitions)
    )


def read_timestamps(broker: str, topic: str, partitions: int) -> dict[bytes, int]:
    """key -> broker timestamp (ms) of the key's first record on `topic`."""
    return read_first_per_key(broker, topic, partitions, lambda msg: msg.timestamp()[1])


def read_processed_times(
    broker: str, topic: str, partitions: int
) -> dict[bytes, tuple[int, float]]:
    """key -> (broker timestamp in ms, `latency_ms`) of the key's first processed record on
    `topic`; `latency_ms` runs from its raw record's timestamp to the start of its
    extraction (`process_record` stamps it)."""
    return read_first_per_key(
        broker,
        topic,
        partitions,
        lambda msg: (msg.timestamp()[1], float(orjson.loads(msg.value())["latency_ms"])),
    )


def read_first_per_key(
    broker: str, topic: str, partitions: int, pick: Callable[[Any], T]
) -> dict[bytes, T]:
    """key -> `pick(record)` of the key's first record on `topic`, read to the end offsets."""
    consumer = Consumer(
        {"bootstrap.servers": broker, "group.id": "bench-reader", "enable.auto.commit": False}
    )
    try:
        ends = {
            p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1]
            for p in range(partitions)
        }
        consumer.assign([TopicPartition(topic, p, 0) for p in range(partitions) if ends[p]])
        todo = {p for p, end in ends.items() if end}
        seen: dict[bytes, T] = {}
        deadline = time.monotonic() + 120
        while todo and time.monotonic() < deadline:
            for msg in consumer.consume(num_messages=1000, timeout=1.0):
                if msg.error():
                    continue
                key = msg.key() or b""
                if key not in seen:
                    seen[key] = pick(msg)
                if msg.offset() + 1 >= ends[msg.partition()]:
                    todo.discard(msg.partition())
        return seen
    finally:
        consumer.close()


# --------------------------------------------------------------------------- systems


def start_system(
    name: str, broker: str, prefix: str, workdir: Path, env_base: dict[str, str], copies: int
) -> Running:
    """Start the processes of system `name` reading `prefix`'s raw topic."""
    group = f"{prefix}group"
    py = sys.executable
    commands: list[tuple[list[str], dict[str, str]]] = []
    ports: list[int] = []
    if name in FLOORS:
        client = name.split("-")[0]
        cmd = [py, "-m", "bench.passthrough", client, "--broker", broker, "--group", group]
        cmd += ["--source", topic_name(RAW, prefix), "--sink", prefix + PASSTHROUGH_SINK]
        if name.endswith("-fanout"):
            cmd += ["--copies", str(copies)]
        commands.append((cmd, {}))
    elif name == "quix":
        cmd = [py, "-m", "bench.quix_peer", "--broker", broker, "--group", group]
        ports.append(free_port())
        commands.append(([*cmd, "--prefix", prefix, "--metrics-port", str(ports[-1])], {}))
    elif name.startswith("wirestream-"):
        for i in range(int(name.split("-")[1])):
            ports.append(free_port())
            env = {
                "WIRESTREAM_BROKER": broker,
                "WIRESTREAM_TOPIC_PREFIX": prefix,
                "WIRESTREAM_CONSUMER_GROUP": group,
                "WIRESTREAM_STATE_DIR": str(workdir / f"state-{i}"),
                "WIRESTREAM_WEB_PORT": str(ports[-1]),
                # The peers do the article work only; the cluster agent's own cost is
                # measured by `python -m bench.clusters`, against this same worker.
                "WIRESTREAM_CLUSTERS": "false",
            }
            commands.append(([py, "-m", "streams.cli", "worker"], env))
    else:
        raise ValueError(f"unknown system {name!r}; choose from {', '.join(SYSTEMS)}")
    running = Running(name, group, members=len(commands), metrics_ports=ports)
    for i, (cmd, extra) in enumerate(commands):
        log = workdir / f"{name}-{i}.log"
        with log.open("wb") as out:
            running.processes.append(
                subprocess.Popen(
                    cmd, stdout=out, stderr=subprocess.STDOUT, env={**env_base, **extra}
                )
            )
        running.logs.append(log)
    return running


def output_topic(name: str, prefix: str) -> str:
    """The topic with one record per article for system `name`."""
    return prefix + PASSTHROUGH_SINK if name in FLOORS else topic_name(PROCESSED, prefix)


def topics_for(name: str, prefix: str) -> dict[str, str]:
    if name in FLOORS:
        sink = prefix + PASSTHROUGH_SINK
        topics = {RAW: topic_name(RAW, prefix), PASSTHROUGH_SINK: sink}
        if name.endswith("-fanout"):
            topics["fanout"] = sink + ".fanout"
        return topics
    return {spec.name: topic_name(spec.name, prefix) for spec in TOPICS}


def run_generator(broker: str, topic: str, phase: Phase, env: dict[str, str]) -> dict[str, Any]:
    """Publish a phase's records with `bench.loadgen` (a separate process); its summary."""
    cmd = [sys.executable, "-m", "bench.loadgen", "--broker", broker, "--topic", topic]
    proc = subprocess.run(
        [*cmd, "--rate", str(phase.rate), str(phase.file)],
        capture_output=True,
        env=env,
        timeout=600,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"load generator failed: {proc.stderr.decode(errors='replace')[-800:]}")
    summary: dict[str, Any] = orjson.loads(proc.stdout)
    behind = phase.rate > 0 and (
        summary["achieved_per_s"] < GENERATOR_MIN_SHARE * phase.rate
        or summary["max_lag_ms"] > GENERATOR_MAX_LAG_MS
    )
    summary["fell_behind"] = bool(behind)
    return summary


def phase_stats(phase: Phase, raw_ts: dict[bytes, int], out_ts: dict[bytes, int]) -> dict[str, Any]:
    """Latency percentiles and throughput of one phase from broker timestamps."""
    done = [k for k in phase.keys if k in out_ts and k in raw_ts]
    stats: dict[str, Any] = {"articles": len(phase.keys), "outputs": len(done)}
    stats["missing"] = len(phase.keys) - len(done)
    if len(done) < 2:
        return stats
    latencies = [float(out_ts[k] - raw_ts[k]) for k in done]
    first_out = min(out_ts[k] for k in done)
    last_out = max(out_ts[k] for k in done)
    first_in = min(raw_ts[k] for k in done)
    last_in = max(raw_ts[k] for k in done)
    stats.update(
        {
            "p50_ms": percentile(latencies, 50),
            "p95_ms": percentile(latencies, 95),
            "p99_ms": percentile(latencies, 99),
            "max_ms": max(latencies),
            "articles_per_s": (len(done) - 1) / max((last_out - first_out) / 1000, 1e-3),
            "ingested_per_s": (len(done) - 1) / max((last_in - first_in) / 1000, 1e-3),
        }
    )
    return stats


def run_system(
    name: str,
    broker: str,
    phases: Sequence[Phase],
    config: E2EConfig,
    workdir: Path,
    log: Callable[[str], None],
    broker_pid: int | None,
    copies: int,
) -> dict[str, Any]:
    """Run every phase against system `name` on fresh topics; its results."""
    prefix = f"bench-{name}-{os.urandom(3).hex()}."
    admin = AdminClient({"bootstrap.servers": broker})
    create_topics(admin, topics_for(name, prefix), config.partitions)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    raw, out = topic_name(RAW, prefix), output_topic(name, prefix)
    watcher = Consumer({"bootstrap.servers": broker, "group.id": "bench-watch"})
    running = start_system(name, broker, prefix, workdir, env, copies)
    generator: dict[str, Any] = {}
    cpu: dict[str, dict[str, float]] = {}
    try:
        started = time.monotonic()
        wait_group(admin, running, config.start_timeout_s)
        startup_s = time.monotonic() - started
        expected = 0
        for phase in phases:
            cpu_before, counted_before = running.cpu_s(), running.counted()
            broker_before = process_cpu_s(broker_pid) if broker_pid else 0.0
            t0 = time.monotonic()
            generator[phase.name] = run_generator(broker, raw, phase, env)
            expected += len(phase.keys)
            deadline = time.monotonic() + config.drain_timeout_s
            while end_offsets(watcher, out, config.partitions) < expected:
                running.check_alive()
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name}: {phase.name} not drained in time")
                time.sleep(0.05)
            wall = time.monotonic() - t0
            counted_after = running.settle(expected, timeout_s=10.0)
            cpu[phase.name] = {
                "system_cpu_s": running.cpu_s() - cpu_before,
                "broker_cpu_s": (process_cpu_s(broker_pid) - broker_before) if broker_pid else 0,
                "wall_s": wall,
            }
            if counted_before is not None and counted_after is not None:
                cpu[phase.name]["extract_cpu_s"] = counted_after[1] - counted_before[1]
            log(f"  {name}: {phase.name} done in {wall:.1f} s")
        # Every record each system published, all output topics: the same work?
        published = sum(
            end_offsets(watcher, topic, config.partitions)
            for role, topic in topics_for(name, prefix).items()
            if role != RAW
        )
    finally:
        running.stop()
        watcher.close()
    raw_ts = read_timestamps(broker, raw, config.partitions)
    out_ts = read_timestamps(broker, out, config.partitions)
    result: dict[str, Any] = {
        "startup_s": startup_s,
        "members": running.members,
        "outputs_per_article": published / expected,
        "phases": {},
    }
    for phase in phases:
        stats = phase_stats(phase, raw_ts, out_ts)
        stats["offered_per_s"] = phase.rate
        stats["generator"] = generator[phase.name]
        usage = cpu[phase.name]
        stats["cpu"] = usage
        stats["system_cpu_ms_per_article"] = usage["system_cpu_s"] * 1000 / len(phase.keys)
        stats["broker_cpu_ms_per_article"] = (
            usage["broker_cpu_s"] * 1000 / len(phase.keys) if broker_pid else None
        )
        if "extract_cpu_s" in usage:
            extract = usage["extract_cpu_s"] * 1000 / len(phase.keys)
            stats["extract_cpu_ms_per_article"] = extract
            stats["framework_cpu_ms_per_article"] = stats["system_cpu_ms_per_article"] - extract
        result["phases"][phase.name] = stats
    return result


def ratios(systems: dict[str, Any]) -> dict[str, float | None]:
    """The claims: saturation throughput of one system over another, same run."""

    def sat(name: str) -> float | None:
        value = systems.get(name, {}).get("phases", {}).get("saturation", {})
        rate = value.get("articles_per_s")
        return float(rate) if rate else None

    def over(a: str, b: str) -> float | None:
        x, y = sat(a), sat(b)
        return x / y if x is not None and y else None

    def framework(name: str) -> float | None:
        value = systems.get(name, {}).get("phases", {}).get("saturation", {})
        cpu = value.get("framework_cpu_ms_per_article")
        return float(cpu) if cpu is not None else None

    ours, peer = framework("wirestream-1"), framework("quix")

    return {
        "wirestream-1_vs_aiokafka": over("wirestream-1", "aiokafka"),
        "wirestream-1_vs_aiokafka-fanout": over("wirestream-1", "aiokafka-fanout"),
        "wirestream-1_vs_confluent": over("wirestream-1", "confluent"),
        "wirestream-2_vs_wirestream-1": over("wirestream-2", "wirestream-1"),
        "wirestream-1_vs_quix": over("wirestream-1", "quix"),
        "wirestream-2_vs_aiokafka": over("wirestream-2", "aiokafka"),
        "confluent_vs_aiokafka": over("confluent", "aiokafka"),
        # Not throughput: framework CPU per article at saturation, ours over the peer's.
        "wirestream-1_vs_quix_framework_cpu": ours / peer if ours is not None and peer else None,
    }


def run_e2e(
    config: E2EConfig,
    workdir: Path,
    log: Callable[[str], None],
    broker: str | None = None,
) -> dict[str, Any]:
    """Start a broker unless one is given, run every system, return the results."""
    phases = make_phases(config, workdir)
    rules = Settings()  # the delivery rules the workers and the floors run with
    results: dict[str, Any] = {
        "config": {
            "rates": list(config.rates),
            "phase_records": {p.name: len(p.keys) for p in phases},
            "systems": list(config.systems),
            "partitions": config.partitions,
            "quick": config.quick,
            "rounds": config.rounds,
        },
        "method": {
            "latency": "output record LogAppendTime - raw record LogAppendTime (broker clock)",
            "throughput": "phase articles / (last output - first output)",
            "saturation": "unpaced burst from the load generator, drained from a backlog",
            "floor": "consume -> produce the same bytes, batches <= "
            f"{rules.batch_max_records} / {rules.batch_wait_s * 1000:g} ms, acks=all, "
            f"acks awaited per batch, commit every {rules.commit_interval_s:g} s",
        },
    }
    results["breakdown"] = breakdown(phases[-1], config.breakdown_records)
    copies = max(1, round(results["breakdown"]["outputs_per_article"]))
    broker_ctl = None
    broker_pid: int | None = None
    if broker is None:
        from streams.kafka.broker import LocalBroker

        broker_ctl = LocalBroker(workdir / "kafka", Settings().cache_dir)
        log("starting a local Kafka broker")
        state = broker_ctl.up(port=free_port())
        broker = f"127.0.0.1:{state.port}"
        broker_pid = state.pid
    results["broker"] = {"bootstrap": broker, "own": broker_ctl is not None}
    rounds: list[dict[str, Any]] = []
    try:
        results["broker"]["prime_s"] = prime_broker(broker)
        log("end-to-end: warming the broker up")

        def run_floor(floor_phases: Sequence[Phase]) -> dict[str, Any]:
            return run_system(
                "aiokafka-fanout", broker, floor_phases, config, workdir, log, broker_pid, copies
            )

        results["broker"]["warmup"] = warm_broker(run_floor, phases, config, log)
        for index in range(config.rounds):
            order = round_order(config.systems, index)
            systems: dict[str, Any] = {}
            for name in order:
                log(f"end-to-end: {name} (round {index + 1} of {config.rounds})")
                systems[name] = run_system(
                    name, broker, phases, config, workdir, log, broker_pid, copies
                )
            rounds.append(
                {
                    "order": order,
                    "systems": systems,
                    "ratios": ratios(systems),
                    "latency_ratios": latency_ratios(systems),
                }
            )
    finally:
        if broker_ctl is not None:
            broker_ctl.down()
    results.update(merge_rounds(rounds, config.systems))
    return results


def round_order(systems: Sequence[str], index: int) -> list[str]:
    """The systems' order in round `index`: rotated, so over N rounds each runs first once.

    Whoever runs first meets a fresh broker and a cold page cache (the slowest round-1
    figures of every run so far), whoever runs last a broker full of earlier topics; a
    rotation gives every system each position equally often, which reversing the order
    every other round does not for three systems and an odd number of rounds.
    """
    shift = index % len(systems) if systems else 0
    return [*systems[shift:], *systems[:shift]]


def latency_ratios(systems: dict[str, Any]) -> dict[str, float | None]:
    """Our worker's latency percentiles over the Quix peer's per paced phase (< 1: ours lower)."""
    ours = systems.get("wirestream-1", {}).get("phases", {})
    peer = systems.get("quix", {}).get("phases", {})
    out: dict[str, float | None] = {}
    for phase, stats in ours.items():
        if stats.get("offered_per_s", 0) == 0 or phase not in peer:
            continue
        for key in ("p50_ms", "p99_ms"):
            a, b = stats.get(key), peer[phase].get(key)
            out[f"wirestream-1_vs_quix_{phase}_{key}"] = a / b if a is not None and b else None
    return out


def _median(values: list[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def _merge(values: list[Any]) -> Any:
    """Field-wise median of the same structure measured in several rounds (flags: any)."""
    first = values[0]
    if isinstance(first, dict):
        return {k: _merge([v[k] for v in values if k in v]) for k in first}
    if isinstance(first, bool):
        return any(values)
    if isinstance(first, (int, float)):
        return _median([float(v) for v in values if v is not None])
    return first


def merge_rounds(rounds: list[dict[str, Any]], systems: Sequence[str]) -> dict[str, Any]:
    """Per system the field-wise median over rounds; every ratio the median of its per-round
    (paired: same round) ratios, not a ratio of medians."""

    def median_of(key: str) -> dict[str, float | None]:
        names = rounds[0][key].keys() if rounds else []
        return {
            name: _median([r[key][name] for r in rounds if r[key].get(name) is not None])
            for name in names
        }

    return {
        "rounds": rounds,
        "systems": {name: _merge([r["systems"][name] for r in rounds]) for name in systems},
        "ratios": median_of("ratios"),
        "latency_ratios": median_of("latency_ratios"),
    }
