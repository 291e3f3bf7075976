"""Peak RSS of one worker facing a pre-filled backlog (the one-off runs in docs/RELIABILITY.md).

    KAFKA_BOOTSTRAP_SERVERS=HOST:PORT python -m tests.support.rss_probe --body-kb 8 --count 20000

Produces `count` generated articles padded to `body-kb` KiB on fresh topics,
starts a worker against that backlog and prints processed records and the
worker's VmHWM every 5 s for a minute.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path

from streams.kafka.broker import free_port


def main() -> None:
    """Run the probe against the broker in KAFKA_BOOTSTRAP_SERVERS."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--body-kb", type=int, default=8)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]
    state = Path(tempfile.mkdtemp(prefix="rss-probe-"))
    os.environ.update(
        {
            "WIRESTREAM_BROKER": os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
            "WIRESTREAM_TOPIC_PREFIX": f"rss-probe-{run}.",
            "WIRESTREAM_CONSUMER_GROUP": f"rss-probe-{run}",
            "WIRESTREAM_STATE_DIR": str(state),
            "WIRESTREAM_WEB_PORT": str(free_port()),
        }
    )
    from streams.records.topics import PROCESSED
    from streams.settings import Settings
    from tests.support.faults import peak_rss_mib, raw_records
    from tests.support.kafka_helpers import WorkerProcess, count_records, produce_raw

    settings = Settings()
    started = time.monotonic()
    for start in range(0, args.count, 5000):
        chunk = min(5000, args.count - start)
        produce_raw(settings, raw_records(chunk, start=start, body_kb=args.body_kb))
    print(f"produced {args.count} x {args.body_kb} KiB in {time.monotonic() - started:.0f} s")
    worker = WorkerProcess(state / "worker.log").start()
    assert worker.process is not None
    try:
        for tick in range(5, args.seconds + 1, 5):
            time.sleep(5)
            processed = count_records(settings, PROCESSED)
            rss = peak_rss_mib(worker.process.pid)
            print(f"t={tick}s processed={processed} VmHWM={rss:.0f} MiB", flush=True)
    finally:
        worker.stop()


if __name__ == "__main__":
    main()
