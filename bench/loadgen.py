"""`python -m bench.loadgen`: publish pre-generated records at a fixed offered rate.

Runs in its own process so that producing never competes with the measuring
process's event loop. Records are read into memory before the clock starts;
record i is due at `start + i / rate` and is sent once due (rate 0: as fast as
the client goes, for the saturation phase). A generator that cannot keep the
schedule is detected, never hidden: it reports the rate it really achieved and
how far behind schedule it fell, and the benchmark flags the phase.

Prints one JSON object: records, offered and achieved rate, max lag behind
schedule (ms), and wall time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import orjson
from confluent_kafka import Producer

# Sends are checked against the schedule every SLICE records at most; the producer
# batches for up to LINGER_MS, far below the latencies the benchmark reports.
LINGER_MS = 2
SLICE = 64


def read_records(path: Path) -> list[tuple[bytes, bytes]]:
    """(key, value) pairs from a JSONL file of RawArticles: key = the article id."""
    records = []
    for line in path.read_bytes().splitlines():
        if line.strip():
            records.append((str(orjson.loads(line)["id"]).encode(), line))
    return records


def publish(
    broker: str, topic: str, records: list[tuple[bytes, bytes]], rate: float
) -> dict[str, float]:
    """Send `records` to `topic` at `rate` per second (0: unpaced), wait for every ack."""
    producer = Producer(
        {
            "bootstrap.servers": broker,
            "acks": "all",
            "linger.ms": LINGER_MS,
            "queue.buffering.max.messages": 1_000_000,
            "queue.buffering.max.kbytes": 1_048_576,
        }
    )
    failures: list[str] = []

    def on_delivery(err: object, _msg: object) -> None:
        if err is not None:
            failures.append(str(err))

    max_lag = 0.0
    start = time.perf_counter()
    i = 0
    n = len(records)
    while i < n:
        now = time.perf_counter()
        if rate > 0:
            due = start + i / rate
            if due > now:
                time.sleep(due - now)
                now = time.perf_counter()
            max_lag = max(max_lag, now - due)
            # Everything due by now, at most SLICE records at a time.
            last = min(n, i + SLICE, int((now - start) * rate) + 1)
        else:
            last = min(n, i + SLICE)
        for key, value in records[i:last]:
            while True:
                try:
                    producer.produce(topic, value=value, key=key, on_delivery=on_delivery)
                    break
                except BufferError:
                    producer.poll(0.01)
        producer.poll(0)
        i = last
    sent_s = time.perf_counter() - start
    remaining = producer.flush(120)
    if remaining or failures:
        raise SystemExit(
            f"load generator: {remaining} records unsent, {len(failures)} failed: {failures[:1]}"
        )
    return {
        "records": n,
        "offered_per_s": rate,
        "achieved_per_s": (n - 1) / sent_s if n > 1 and sent_s > 0 else 0.0,
        "max_lag_ms": max_lag * 1000,
        "send_s": sent_s,
        "wall_s": time.perf_counter() - start,
    }


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, publish, print the summary as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.loadgen", description=__doc__)
    parser.add_argument("--broker", required=True, metavar="HOST:PORT")
    parser.add_argument("--topic", required=True)
    parser.add_argument("--rate", type=float, default=0.0, help="records/s; 0 = unpaced")
    parser.add_argument("file", type=Path, help="JSONL of RawArticles")
    args = parser.parse_args(argv)
    summary = publish(args.broker, args.topic, read_records(args.file), args.rate)
    sys.stdout.buffer.write(orjson.dumps(summary) + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
