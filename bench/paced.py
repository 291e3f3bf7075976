"""`python -m bench.paced [--rate R] [--articles N]`: one worker at a paced rate, thread by thread.

Starts one `wirestream worker`, warms it up, then publishes N seed-size
articles at R articles/s (`bench.loadgen`, a process of its own) and reports:

- the worker's CPU per article, split by thread (from `/proc/PID/task`): the
  event loop's thread (extraction, the delivery loop and the delivery reports), its
  other Python threads (Faust's aiokafka consumer) and librdkafka's own threads;
- how much of the loop thread's CPU was `process_record` itself (the worker's
  own `wirestream_extract_cpu_seconds_total`, read from its `/metrics`): the rest
  is the framework's share at this rate;
- the latency of each article, its processed record's broker timestamp minus its
  raw record's (`LogAppendTime` on both topics), as percentiles and per second
  of the run, so a worker that takes its input in lumps shows as a sawtooth;
- that latency split in two at the start of the article's extraction (the
  processed record's `latency_ms`, stamped there): the way in (fetch, hand-over,
  waiting behind earlier articles) and the way out (its extraction, the rest of
  its batch's, the send and the broker's append); and when the slowest 1 % of
  the articles arrived, which tells a steady tail from a lump at one moment.

The end-to-end benchmark (`python -m bench`) compares systems; this one looks
inside ours at one rate. It starts its own local broker unless `--broker` is given.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
import uuid
from pathlib import Path

from confluent_kafka.admin import AdminClient

from bench.core import percentile, seed_body, seed_variants
from bench.pipeline import (
    create_topics,
    read_processed_times,
    read_timestamps,
    run_generator,
    scrape_counters,
    stat_cpu_s,
    write_phase,
)
from bench.worker import broker_for, processed_counter, running_worker
from streams.kafka.broker import free_port
from streams.records.topics import PROCESSED, RAW, TOPICS, topic_name

WARMUP_ARTICLES = 20


def thread_cpu_s(pid: int) -> dict[str, float]:
    """CPU seconds per thread group of a live process: loop thread, other Python, librdkafka."""
    groups = {"loop thread": 0.0, "other Python threads": 0.0, "librdkafka threads": 0.0}
    for tid in os.listdir(f"/proc/{pid}/task"):
        task = Path(f"/proc/{pid}/task/{tid}")
        try:
            name = (task / "comm").read_text().strip()
        except OSError:  # the thread ended meanwhile
            continue
        seconds = stat_cpu_s(task / "stat")
        if int(tid) == pid:
            groups["loop thread"] += seconds
        elif name.startswith("rdk:"):
            groups["librdkafka threads"] += seconds
        else:
            groups["other Python threads"] += seconds
    return groups


def measure(rate: float, count: int, broker: str, workdir: Path) -> dict[str, object]:
    """Run one worker through a warm-up and `count` articles at `rate`; its figures."""
    unique = uuid.uuid4().hex[:8]
    prefix = f"paced-{unique}."
    web_port = free_port()
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "WIRESTREAM_BROKER": broker,
        "WIRESTREAM_TOPIC_PREFIX": prefix,
        "WIRESTREAM_CONSUMER_GROUP": f"paced-{unique}",
        "WIRESTREAM_STATE_DIR": str(workdir / "state"),
        "WIRESTREAM_WEB_PORT": str(web_port),
        "WIRESTREAM_CLUSTERS": "false",  # the article path, as in `python -m bench`
    }
    create_topics(
        AdminClient({"bootstrap.servers": broker}),
        {spec.name: topic_name(spec.name, prefix) for spec in TOPICS},
        partitions=6,
    )
    records = seed_variants(seed_body(), WARMUP_ARTICLES + count, random.Random(20251206))
    warmup = write_phase("warmup", 0.0, records[:WARMUP_ARTICLES], workdir)
    paced = write_phase(f"rate-{rate:g}", rate, records[WARMUP_ARTICLES:], workdir)
    raw, processed = topic_name(RAW, prefix), topic_name(PROCESSED, prefix)

    log_path = workdir / "worker.log"
    with running_worker(env, log_path) as worker, processed_counter(env) as processed_count:
        run_generator(broker, raw, warmup, env)
        while processed_count() < WARMUP_ARTICLES:
            time.sleep(0.05)
        time.sleep(1.0)  # the warm-up's acknowledgements and commit settle
        before = thread_cpu_s(worker.pid)
        _, extract_before = scrape_counters(web_port)
        generator = run_generator(broker, raw, paced, env)
        while processed_count() < WARMUP_ARTICLES + count:
            if worker.poll() is not None:
                raise SystemExit(f"worker exited; see {log_path}")
            time.sleep(0.05)
        after = thread_cpu_s(worker.pid)
        _, extract_after = scrape_counters(web_port)

    raw_ts = read_timestamps(broker, raw, 6)
    out = read_processed_times(broker, processed, 6)  # key -> (timestamp, wait to extraction)
    arrivals = sorted((raw_ts[key], out[key][0] - raw_ts[key], out[key][1]) for key in paced.keys)
    latencies = [latency for _, latency, _ in arrivals]
    first = arrivals[0][0]
    by_second: dict[int, list[int]] = {}
    for arrived, latency, _ in arrivals:
        by_second.setdefault((arrived - first) // 1000, []).append(latency)
    slowest = sorted(arrivals, key=lambda row: row[1])[-max(1, len(arrivals) // 100) :]
    way_in = [wait for _, _, wait in arrivals]
    way_out = [latency - wait for _, latency, wait in arrivals]
    return {
        "articles": count,
        "rate": rate,
        "generator_fell_behind": generator["fell_behind"],
        "cpu_ms_per_article": {
            group: 1000 * (after[group] - before[group]) / count for group in before
        },
        "process_record_ms_per_article": 1000 * (extract_after - extract_before) / count,
        "latency_ms": {q: percentile(latencies, q) for q in (50, 95, 99)},
        "way_in_ms": {q: percentile(way_in, q) for q in (50, 90, 99)},
        "way_out_ms": {q: percentile(way_out, q) for q in (50, 90, 99)},
        "slowest_arrived_ms": (
            min(arrived for arrived, _, _ in slowest) - first,
            max(arrived for arrived, _, _ in slowest) - first,
        ),
        "p50_ms_by_second": [percentile(v, 50) for _, v in sorted(by_second.items())],
    }


def main(argv: list[str] | None = None) -> None:
    """Run the measurement and print it."""
    parser = argparse.ArgumentParser(prog="python -m bench.paced", description=__doc__)
    parser.add_argument("--rate", type=float, default=200.0, metavar="R")
    parser.add_argument("--articles", type=int, default=2000, metavar="N")
    parser.add_argument("--broker", metavar="HOST:PORT", help="use this broker, start none")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wirestream-paced-") as tmp:
        workdir = Path(tmp)
        with broker_for(args.broker, workdir) as broker:
            result = measure(args.rate, args.articles, broker, workdir)
    cpu = result["cpu_ms_per_article"]
    latency = result["latency_ms"]
    assert isinstance(cpu, dict) and isinstance(latency, dict)
    print(
        f"one worker, {args.articles} articles at {args.rate:g}/s: CPU "
        f"{sum(cpu.values()):.2f} ms/article ("
        + ", ".join(f"{group} {ms:.2f}" for group, ms in cpu.items())
        + ")"
    )
    extract_ms = result["process_record_ms_per_article"]
    assert isinstance(extract_ms, float)
    print(
        f"loop thread: process_record {extract_ms:.2f} ms/article (CPU time, inside the "
        f"worker), the rest {cpu['loop thread'] - extract_ms:.2f}"
    )
    behind = result["generator_fell_behind"]
    print(
        f"latency ms: p50 {latency[50]:.0f}, p95 {latency[95]:.0f}, p99 {latency[99]:.0f}"
        + ("  [the load generator fell behind its schedule]" if behind else "")
    )
    way_in, way_out = result["way_in_ms"], result["way_out_ms"]
    assert isinstance(way_in, dict) and isinstance(way_out, dict)
    print(
        "latency split at the start of extraction, ms p50/p90/p99: way in "
        + "/".join(f"{way_in[q]:.1f}" for q in (50, 90, 99))
        + ", way out "
        + "/".join(f"{way_out[q]:.1f}" for q in (50, 90, 99))
    )
    slowest = result["slowest_arrived_ms"]
    assert isinstance(slowest, tuple)
    earliest, latest = slowest
    print(f"the slowest 1 % arrived {earliest:.0f}-{latest:.0f} ms into the run")
    by_second = result["p50_ms_by_second"]
    assert isinstance(by_second, list)
    print("p50 latency ms by second of the run: " + " ".join(f"{ms:.0f}" for ms in by_second))


if __name__ == "__main__":
    main()
