"""`python -m bench.clusters`: the cluster agent's cost, measured against the worker without it.

Three measurements, one broker, one run (each figure beside its baseline):

1. **Pipeline pair.** The same backlog of N generated wire articles (every event told by
   three agencies) drained by one worker with clustering off (`WIRESTREAM_CLUSTERS=false`)
   and by one with it on (article and cluster agents in one process): events/s from
   "ready" until every event is out and, with clustering, every report is folded; the
   worker's resident memory at the end.
2. **Cluster agent at scale.** M clusters (default 100,000) of two reports each, put
   straight on the internal report topic, folded by a worker running only the cluster
   agent (`WIRESTREAM_AGENTS=clusters`): reports/s, and the memory the worker grew by
   (resident set after "ready" vs after the last report) per 100,000 clusters, with the
   table's size on disk.
3. **Recovery.** That worker is stopped, one more report is put on a stored cluster, and
   a worker is started again: with its state directory kept (the baseline: RocksDB
   already holds the table) and with it deleted (the table is rebuilt from its changelog
   topic). Each time is from process start until the cluster updated by the new report is
   on `wire.events.clusters`; the difference is the recovery of M clusters.

It starts its own local broker unless `--broker` is given. Figures are printed and, with
`--json PATH`, written as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from kafka import TopicPartition

from bench.worker import broker_for
from streams.kafka.broker import free_port

SOURCES = ("Yonhap", "Reuters", "AFP")
_PEOPLE = (
    ("Foreign Minister", "Han Ji-woo"),
    ("Secretary of State", "Laura Whitfield"),
    ("Foreign Minister", "Daisuke Mori"),
    ("Prime Minister", "Ingrid Solberg"),
    ("President", "Tomas Arriaga"),
    ("Defense Minister", "Oh Seung-ho"),
    ("Chancellor", "Markus Feldmann"),
)
_BODY = (
    "SEOUL, Dec. 2 ({source}) -- {title_a} {name_a} held phone talks with {title_b} {name_b} "
    "on {weekday} and agreed to widen cooperation on critical minerals, item {event}.\n\n"
    '"We agreed to work together on minerals item {event}," {name_a} told reporters.'
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def wire_article(n: int) -> dict[str, Any]:
    """Article `n`: event `n // 3` (a call and a statement) as told by agency `n % 3`."""
    event = n // len(SOURCES)
    a = _PEOPLE[event % len(_PEOPLE)]
    b = _PEOPLE[(event + 1 + event // len(_PEOPLE)) % len(_PEOPLE)]
    if a == b:
        b = _PEOPLE[(event + 2) % len(_PEOPLE)]
    source = SOURCES[n % len(SOURCES)]
    body = _BODY.format(
        source=source,
        title_a=a[0],
        name_a=a[1],
        title_b=b[0],
        name_b=b[1],
        weekday=_WEEKDAYS[event % len(_WEEKDAYS)],
        event=event,
    )
    return {
        "id": f"bench-clu-{n:07d}",
        "source": source,
        "headline": f"Minerals talks, item {event}",
        "published_at": "2026-12-04T09:00:00+09:00",
        "body": body,
    }


def synthetic_reports(
    clusters: int, per_cluster: int, first: int = 0
) -> Iterator[tuple[bytes, bytes]]:
    """(group, report bytes) of calls `first`..`clusters - 1`, each told by `per_cluster`
    sources.

    Each report is a real one (extracted from a generated article) with its actors, ids
    and date varied, so its size and shape are what the worker sends.
    """
    from schemas import RawArticle
    from streams.core import extract_events
    from streams.core.clusters import report_of
    from streams.records.clusters import encode_report

    events = extract_events(RawArticle.model_validate(wire_article(0)))
    template = next(report_of(e) for e in events if e.event_type == "call_readout")
    first_day = date(2026, 1, 1)
    for c in range(first, clusters):
        day = first_day + timedelta(days=c % 300)
        actors = [
            template.actors[0].model_copy(update={"actor_id": f"person:bench-a-{c}"}),
            template.actors[1].model_copy(update={"actor_id": f"person:bench-b-{c}"}),
        ]
        group = f"call_readout|person:bench-a-{c}+person:bench-b-{c}"
        for r in range(per_cluster):
            report = template.model_copy(
                update={
                    "event_id": f"call_readout-bench-{c}-{r}",
                    "cluster_key": f"{group}#{day.isoformat()}",
                    "article_id": f"bench-{c}-{r}",
                    "source": SOURCES[r % len(SOURCES)],
                    "published_at": datetime(day.year, day.month, day.day, 9 + r, tzinfo=UTC),
                    "occurred_on": day,
                    "actors": actors,
                }
            )
            yield group.encode(), encode_report(report)


# --------------------------------------------------------------------------- plumbing


@dataclass
class Worker:
    """One `wirestream worker` process with its own log, state directory and web port."""

    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    ready_after_s: float = 0.0
    _log: Any = field(default=None, repr=False)

    def start(self) -> Worker:
        """Start the process and wait until Faust says it is ready."""
        self._log = self.log_path.open("wb")
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streams.cli", "worker"],
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        while b"[^Worker]: Ready" not in self.log_path.read_bytes():
            self.check_alive()
            time.sleep(0.05)
        self.ready_after_s = time.perf_counter() - self.started_at
        return self

    def check_alive(self) -> None:
        """Stop the benchmark with the log's tail if the worker died."""
        assert self.process is not None
        if self.process.poll() is not None:
            tail = self.log_path.read_text(errors="replace")[-3000:]
            raise SystemExit(f"worker exited ({self.process.returncode}); log tail:\n{tail}")

    def rss_kib(self) -> int:
        """The worker's resident set now (KiB, from /proc)."""
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        """SIGTERM, and wait for a clean exit."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=120)
        if self._log is not None:
            self._log.close()


def settings_for(env: dict[str, str]) -> Any:
    """The Settings a worker with `env` reads (broker, prefix, group)."""
    from streams.settings import Settings

    return Settings(
        broker=env["WIRESTREAM_BROKER"],
        topic_prefix=env["WIRESTREAM_TOPIC_PREFIX"],
        consumer_group=env["WIRESTREAM_CONSUMER_GROUP"],
    )


def end_offsets(env: dict[str, str], names: list[str]) -> dict[TopicPartition, int]:
    """The end offset of every partition of the (prefixed) topics `names`."""
    from streams.kafka.clients import make_consumer
    from streams.records.topics import topic_name

    settings = settings_for(env)
    consumer = make_consumer(settings, group_id=None, enable_auto_commit=False)
    try:
        tps = [
            TopicPartition(topic_name(name, settings.topic_prefix), p)
            for name in names
            for p in consumer.partitions_for_topic(topic_name(name, settings.topic_prefix)) or ()
        ]
        return dict(consumer.end_offsets(tps)) if tps else {}
    finally:
        consumer.close()


def produce(env: dict[str, str], name: str, records: Iterator[tuple[bytes, bytes]]) -> int:
    """Send `records` (key, value) to the (prefixed) topic `name`; return how many."""
    from streams.kafka.clients import ensure_topics, make_producer
    from streams.records.topics import topic_name

    settings = settings_for(env)
    ensure_topics(settings)
    producer = make_producer(settings, linger_ms=20, batch_size=256 * 1024)
    topic = topic_name(name, settings.topic_prefix)
    count = 0
    try:
        for key, value in records:
            producer.send(topic, key=key, value=value)
            count += 1
        producer.flush()
    finally:
        producer.close()
    return count


def wait_caught_up(worker: Worker, env: dict[str, str], name: str, timeout_s: float) -> float:
    """Wait until the worker's group has committed the end of topic `name`; seconds taken."""
    from streams.kafka.lag import consumer_lag

    started = time.perf_counter()
    while time.perf_counter() - started < timeout_s:
        worker.check_alive()
        if not any(consumer_lag(settings_for(env), name=name).values()):
            return time.perf_counter() - started
        time.sleep(0.25)
    raise SystemExit(f"{name} not drained within {timeout_s:.0f} s; see {worker.log_path}")


def new_env(broker: str, workdir: Path, name: str, **extra: str) -> dict[str, str]:
    """A worker environment with its own topics, group, state directory and port."""
    unique = uuid.uuid4().hex[:8]
    return {
        **os.environ,
        "WIRESTREAM_BROKER": broker,
        "WIRESTREAM_TOPIC_PREFIX": f"bench-{name}-{unique}.",
        "WIRESTREAM_CONSUMER_GROUP": f"bench-{name}-{unique}",
        "WIRESTREAM_STATE_DIR": str(workdir / f"state-{name}"),
        "WIRESTREAM_WEB_PORT": str(free_port()),
        **extra,
    }


def dir_kib(path: Path) -> int:
    """Total size of the files under `path`, KiB."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) // 1024


# --------------------------------------------------------------------------- measurements


def measure_pipeline(articles: int, broker: str, workdir: Path) -> dict[str, Any]:
    """The same backlog drained with clustering off, on in one worker, and on with the
    cluster agent in a second process: events/s and memory."""
    from streams.records.topics import CLUSTER_REPORTS, EVENT_TOPICS, PROCESSED, RAW

    raws = [
        (str(a["id"]).encode(), orjson.dumps(a)) for a in (wire_article(n) for n in range(articles))
    ]
    result: dict[str, Any] = {"articles": articles}
    runs: tuple[tuple[str, list[dict[str, str]]], ...] = (
        ("without_clusters", [{"WIRESTREAM_CLUSTERS": "false"}]),
        ("with_clusters", [{"WIRESTREAM_AGENTS": "all"}]),
        ("with_clusters_split", [{"WIRESTREAM_AGENTS": "articles"}, {}]),
    )
    for label, extras in runs:
        env = new_env(broker, workdir, label)
        produce(env, RAW, iter(raws))
        workers: list[Worker] = []
        try:
            for i, extra in enumerate(extras):
                own = {"WIRESTREAM_STATE_DIR": f"{env['WIRESTREAM_STATE_DIR']}-{i}"}
                if i:  # the second process: the cluster agent alone, its own Faust app
                    own |= {
                        "WIRESTREAM_AGENTS": "clusters",
                        "WIRESTREAM_CONSUMER_GROUP": f"{env['WIRESTREAM_CONSUMER_GROUP']}-clusters",
                        "WIRESTREAM_WEB_PORT": str(free_port()),
                    }
                workers.append(Worker({**env, **extra, **own}, workdir / f"{label}-{i}.log"))
            for worker in workers:
                worker.start()
            started = time.perf_counter()
            wait_caught_up(workers[0], env, RAW, 1800)
            if label != "without_clusters":
                wait_caught_up(workers[-1], workers[-1].env, CLUSTER_REPORTS, 1800)
            took = time.perf_counter() - started
            rss = sum(worker.rss_kib() for worker in workers)
        finally:
            for worker in workers:
                worker.stop()
        events = sum(end_offsets(env, list(EVENT_TOPICS.values())).values())
        assert sum(end_offsets(env, [PROCESSED]).values()) >= articles
        result[label] = {
            "processes": len(workers),
            "seconds": round(took, 2),
            "articles_per_s": round(articles / took, 1),
            "events": events,
            "events_per_s": round(events / took, 1),
            "rss_mib": round(rss / 1024, 1),
        }
    off = result["without_clusters"]
    for label, _ in runs[1:]:
        assert result[label]["events"] == off["events"], "the same articles, the same events"
        result[f"events_per_s_ratio_{label}_vs_without"] = round(
            result[label]["events_per_s"] / off["events_per_s"], 3
        )
    return result


def _cluster_appears(
    env: dict[str, str],
    cluster_id: bytes,
    since: dict[TopicPartition, int],
    reports: int,
    worker: Worker,
    timeout_s: float,
) -> float:
    """Wait until `cluster_id` is written after `since` with `reports` reports; its time."""
    from streams.kafka.clients import make_consumer

    consumer = make_consumer(settings_for(env), group_id=None, enable_auto_commit=False)
    try:
        consumer.assign(list(since))
        for tp, offset in since.items():
            consumer.seek(tp, offset)
        deadline = time.perf_counter() + timeout_s
        while time.perf_counter() < deadline:
            worker.check_alive()
            for batch in consumer.poll(timeout_ms=200).values():
                for message in batch:
                    if message.key != cluster_id or message.value is None:
                        continue
                    if len(orjson.loads(message.value)["reports"]) == reports:
                        return time.perf_counter() - worker.started_at
        raise SystemExit(f"cluster {cluster_id!r} not updated within {timeout_s:.0f} s")
    finally:
        consumer.close()


def measure_scale(
    clusters: int, broker: str, workdir: Path, store: str, recovery: bool = True
) -> dict[str, Any]:
    """Fold `clusters` x 2 reports with the cluster agent alone; then time its recovery."""
    from streams.core.clusters import Report, cluster_all
    from streams.records.clusters import encode_report, read_report
    from streams.records.topics import CLUSTER_REPORTS, CLUSTERS

    per_cluster = 2
    label = store.removesuffix("://")
    env = new_env(
        broker,
        workdir,
        f"scale-{label}",
        WIRESTREAM_AGENTS="clusters",
        WIRESTREAM_TABLE_STORE=store,
    )
    produce(env, CLUSTER_REPORTS, iter(()))  # the topics, before the worker subscribes
    worker = Worker(env, workdir / f"scale-{label}.log").start()
    try:
        time.sleep(3.0)  # the table's partitions assigned and (empty) recovery done
        idle_kib = worker.rss_kib()
        # Two halves, the memory read after each: what the second half adds is what more
        # clusters cost, apart from what any busy worker holds (caches, buffers, arenas).
        half = clusters // 2
        produced_at = time.perf_counter()
        reports = produce(env, CLUSTER_REPORTS, synthetic_reports(half, per_cluster))
        fold_s = time.perf_counter() - produced_at
        fold_s += wait_caught_up(worker, env, CLUSTER_REPORTS, 3600)
        half_kib = worker.rss_kib()
        produced_at = time.perf_counter()
        reports += produce(env, CLUSTER_REPORTS, synthetic_reports(clusters, per_cluster, half))
        fold_s += time.perf_counter() - produced_at
        fold_s += wait_caught_up(worker, env, CLUSTER_REPORTS, 3600)
        end_kib = worker.rss_kib()
    finally:
        worker.stop()
    state_dir = Path(env["WIRESTREAM_STATE_DIR"])
    result: dict[str, Any] = {
        "store": store,
        "clusters": clusters,
        "reports": reports,
        "reports_per_s": round(reports / fold_s, 1),
        "clusters_per_s": round(clusters / fold_s, 1),
        "rss_idle_mib": round(idle_kib / 1024, 1),
        "rss_after_half_mib": round(half_kib / 1024, 1),
        "rss_end_mib": round(end_kib / 1024, 1),
        "rss_growth_mib_per_100k_clusters": round(
            (end_kib - half_kib) / 1024 * 100_000 / (clusters - half), 1
        ),
        "state_dir_mib": round(dir_kib(state_dir) / 1024, 1),
    }
    if not recovery:
        return result

    # One more report (a third source) on the last cluster, then a restart, twice.
    last = [
        (group, read_report(value))
        for group, value in synthetic_reports(clusters, per_cluster + 1, first=clusters - 1)
    ]
    last_group, third = last[-1]
    assert isinstance(third, Report), third
    (cluster_id,) = cluster_all(r for _, r in last if isinstance(r, Report))
    for label, wipe in (("state_kept", False), ("from_changelog", True)):
        if wipe:
            shutil.rmtree(state_dir)
        since = end_offsets(env, [CLUSTERS])
        extra_report = third.model_copy(
            update={"event_id": f"{third.event_id}-{label}", "article_id": f"{label}-article"}
        )
        produce(env, CLUSTER_REPORTS, iter([(last_group, encode_report(extra_report))]))
        expected_reports = per_cluster + (2 if wipe else 1)
        worker = Worker(env, workdir / f"recover-{label}.log").start()
        try:
            result[f"restart_{label}_s"] = round(
                _cluster_appears(env, cluster_id.encode(), since, expected_reports, worker, 1800),
                2,
            )
        finally:
            worker.stop()
    result["recovery_from_changelog_s"] = round(
        result["restart_from_changelog_s"] - result["restart_state_kept_s"], 2
    )
    return result


def main(argv: list[str] | None = None) -> None:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.clusters",
        description="The cluster agent's throughput, memory and table recovery, each beside "
        "its baseline measured in the same run.",
    )
    parser.add_argument("--articles", type=int, default=3000, metavar="N", help="pipeline pair")
    parser.add_argument("--clusters", type=int, default=100_000, metavar="M", help="scale run")
    parser.add_argument(
        "--memory-store",
        action="store_true",
        help="also fold the scale run with the in-memory table store (memory://)",
    )
    parser.add_argument("--broker", metavar="HOST:PORT", help="use this broker, start none")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wirestream-bench-clusters-") as tmp:
        workdir = Path(tmp)
        with broker_for(args.broker, workdir) as broker:
            figures = {
                "pipeline": measure_pipeline(args.articles, broker, workdir),
                "scale": measure_scale(args.clusters, broker, workdir, "rocksdb://"),
            }
            if args.memory_store:
                figures["scale_memory"] = measure_scale(
                    args.clusters, broker, workdir, "memory://", recovery=False
                )
    print(render(figures))
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


def render(figures: dict[str, Any]) -> str:
    """The figures as a few readable lines."""
    p, s = figures["pipeline"], figures["scale"]
    lines = [f"pipeline, {p['articles']} articles (3 agencies per event), same run:"]
    for label, title in (
        ("without_clusters", "one worker, without clusters"),
        ("with_clusters", "one worker, both agents"),
        ("with_clusters_split", "article worker + cluster worker"),
    ):
        run = p[label]
        ratio = p.get(f"events_per_s_ratio_{label}_vs_without")
        lines.append(
            f"  {title + ':':34} {run['events_per_s']:.0f} events/s "
            f"({run['articles_per_s']:.0f} articles/s), RSS {run['rss_mib']} MiB"
            + (f", {ratio}x without" if ratio is not None else "")
        )
    return "\n".join(
        [
            *lines,
            f"cluster agent alone, {s['clusters']} clusters x 2 reports ({s['store']}):",
            f"  {s['reports_per_s']:.0f} reports/s ({s['clusters_per_s']:.0f} clusters/s)",
            f"  memory: RSS {s['rss_idle_mib']} MiB idle, {s['rss_after_half_mib']} MiB after "
            f"half, {s['rss_end_mib']} MiB at the end: "
            f"+{s['rss_growth_mib_per_100k_clusters']} MiB per 100,000 more clusters; "
            f"state on disk {s['state_dir_mib']} MiB",
            f"  restart to first updated cluster: {s['restart_state_kept_s']} s with the "
            f"state kept, {s['restart_from_changelog_s']} s rebuilt from the changelog "
            f"(recovery of {s['clusters']} clusters: {s['recovery_from_changelog_s']} s)",
            *(
                [
                    f"cluster agent alone, in-memory table: {m['reports_per_s']:.0f} reports/s, "
                    f"+{m['rss_growth_mib_per_100k_clusters']} MiB per 100,000 clusters"
                ]
                if (m := figures.get("scale_memory"))
                else []
            ),
        ]
    )


if __name__ == "__main__":
    main()
