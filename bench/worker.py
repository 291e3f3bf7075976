"""`python -m bench.worker [--articles N]`: one worker draining a backlog vs `classify`, same run.

Publishes N articles (the invented corpus, cycled with distinct ids) to the raw
topic, then times one `wirestream worker` from "ready" until every article has
its processed record, and times `wirestream classify` on the same articles in
the same run. The claim is the ratio: how much of the offline extractor's speed
survives Kafka, Faust and the output topics. It starts its own local broker
unless `--broker` is given. A first measure; the full pipeline benchmark
(offered rates, latency percentiles, the bare-client floor) builds on it.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson

from streams.kafka.broker import free_port

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "invented_corpus"


def _articles(count: int) -> list[bytes]:
    """`count` JSON articles with distinct ids, cycling through the invented corpus."""
    from streams.evaluation import doc_to_article, load_corpus

    base = [doc_to_article(doc).model_dump(mode="json") for doc in load_corpus(CORPUS)]
    return [
        orjson.dumps({**base[i % len(base)], "id": f"{base[i % len(base)]['id']}-{i}"})
        for i in range(count)
    ]


@contextmanager
def processed_counter(env: dict[str, str]) -> Iterator[Callable[[], int]]:
    """A function counting the records on the processed topic (sum of end offsets).

    One client for the whole wait: a new one per poll (every 50 ms) added a connection,
    a metadata request and a group-less consumer's set-up to the broker's load while the
    worker was being measured.
    """
    from streams.records.topics import PROCESSED
    from streams.settings import Settings
    from tests.support.kafka_helpers import RecordCounter

    settings = Settings(
        broker=env["WIRESTREAM_BROKER"], topic_prefix=env["WIRESTREAM_TOPIC_PREFIX"]
    )
    with RecordCounter(settings) as counter:
        yield lambda: counter.count(PROCESSED)


@contextmanager
def running_worker(env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A `wirestream worker` run with `env`, yielded once it is ready; stopped (SIGTERM) after."""
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "streams.cli", "worker"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        while b"[^Worker]: Ready" not in log_path.read_bytes():
            if worker.poll() is not None:
                raise SystemExit(f"worker exited; see {log_path}")
            time.sleep(0.05)
        yield worker
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)


def measure(count: int, broker: str, workdir: Path) -> dict[str, float]:
    """Classify and worker drain times for `count` articles, and their ratio."""
    unique = uuid.uuid4().hex[:8]
    env = {
        **os.environ,
        "WIRESTREAM_BROKER": broker,
        "WIRESTREAM_TOPIC_PREFIX": f"bench-{unique}.",
        "WIRESTREAM_CONSUMER_GROUP": f"bench-{unique}",
        "WIRESTREAM_STATE_DIR": str(workdir / "state"),
        "WIRESTREAM_WEB_PORT": str(free_port()),
        "WIRESTREAM_CLUSTERS": "false",  # classify does not cluster either
    }
    batch = workdir / "articles.jsonl"
    batch.write_bytes(b"".join(line + b"\n" for line in _articles(count)))
    cli = [sys.executable, "-m", "streams.cli"]

    started = time.perf_counter()
    subprocess.run([*cli, "classify", str(batch)], env=env, stdout=subprocess.DEVNULL, check=True)
    classify_s = time.perf_counter() - started

    subprocess.run([*cli, "ingest", str(batch)], env=env, check=True, stderr=subprocess.DEVNULL)
    with running_worker(env, workdir / "worker.log"), processed_counter(env) as processed:
        started = time.perf_counter()
        while processed() < count:
            time.sleep(0.05)
        worker_s = time.perf_counter() - started
    return {
        "articles": count,
        "classify_articles_per_s": count / classify_s,
        "worker_articles_per_s": count / worker_s,
        "worker_vs_classify": classify_s / worker_s,
    }


@contextmanager
def broker_for(given: str | None, workdir: Path) -> Iterator[str]:
    """`given` (HOST:PORT), or a local broker started under `workdir` and stopped after."""
    if given is not None:
        yield given
        return
    from streams.kafka.broker import LocalBroker
    from streams.settings import Settings

    broker_ctl = LocalBroker(workdir / "kafka", Settings().cache_dir)
    try:
        yield f"127.0.0.1:{broker_ctl.up(port=free_port()).port}"
    finally:
        broker_ctl.down()


def main(argv: list[str] | None = None) -> None:
    """Run the measurement and print it."""
    parser = argparse.ArgumentParser(prog="python -m bench.worker", description=__doc__)
    parser.add_argument("--articles", type=int, default=5000, metavar="N")
    parser.add_argument("--broker", metavar="HOST:PORT", help="use this broker, start none")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wirestream-bench-") as tmp:
        workdir = Path(tmp)
        with broker_for(args.broker, workdir) as broker:
            result = measure(args.articles, broker, workdir)
    print(
        f"{result['articles']:.0f} articles: classify {result['classify_articles_per_s']:.0f}/s, "
        f"one worker draining the backlog {result['worker_articles_per_s']:.0f}/s "
        f"(worker/classify = {result['worker_vs_classify']:.2f})"
    )


if __name__ == "__main__":
    main()
