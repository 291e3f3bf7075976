"""Helpers for the observability tests: a real Prometheus, a worker under known load, and the
dashboard's and alert rules' own queries read from the files in deploy/."""

from __future__ import annotations

import os
import re
import subprocess
import time
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import yaml

from deploy.grafana.dashboard import committed_panels, concrete
from streams.records.topics import DLQ, EVENT_TOPICS, PROCESSED
from streams.settings import Settings
from tests.support.kafka_helpers import WorkerProcess, count_records, produce_raw, wait_for_count

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS_DIR = ROOT / "deploy" / "prometheus"
DASHBOARD_JSON = ROOT / "deploy" / "grafana" / "dashboards" / "wirestream.json"
SEED = ROOT / "seeds" / "000_a3735ce1eb85095f.txt"
__all__ = ["concrete"]  # the tests take it from here, with the other query helpers


# --- the queries, from the files themselves ------------------------------------------


def dashboard_queries(path: Path = DASHBOARD_JSON) -> list[tuple[str, str]]:
    """(panel title, PromQL expression) of every target of every panel of the dashboard."""
    return [
        (panel["title"], target["expr"])
        for panel in committed_panels(path)
        for target in panel.get("targets", [])
    ]


def alert_expressions(path: Path = PROMETHEUS_DIR / "alerts.yml") -> list[tuple[str, str]]:
    """(alert name, expression) of every alerting rule in the rules file."""
    rules = yaml.safe_load(path.read_text())
    return [
        (rule["alert"], rule["expr"])
        for group in rules["groups"]
        for rule in group["rules"]
        if "alert" in rule
    ]


_COMPARISON = re.compile(r"==|!=|>=|<=|>|<")


_SUBQUERY = re.compile(r"\[(\w+):(\w+)\]")


def with_subquery_step(expr: str, step: str) -> str:
    """`expr` with every subquery's resolution set to `step` ([5m:30s] -> [5m:2s]).

    A subquery returns points only at multiples of its step, so a rule's 30 s step
    would make a test wait a minute for two of them; the metrics and arithmetic stay.
    """
    return _SUBQUERY.sub(lambda match: f"[{match.group(1)}:{step}]", expr)


def as_measure(expr: str) -> str:
    """The alert expression with every comparison made `bool`: a 0/1 series even when quiet.

    An alert expression returns nothing while the alert is not firing, so "it returns data"
    is checked on this form: the same metrics and arithmetic, the filter turned into 0/1.
    Comparisons inside label matchers ({code!="x"}) and strings are left alone.
    """
    out: list[str] = []
    depth = 0
    quote = ""
    i = 0
    while i < len(expr):
        char = expr[i]
        if quote:
            out.append(char)
            if char == quote and expr[i - 1] != "\\":
                quote = ""
            i += 1
            continue
        if char in "\"'`":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and (match := _COMPARISON.match(expr, i)):
            operator = match.group()
            out.append(operator)
            i += len(operator)
            if not expr[i:].lstrip().startswith("bool"):
                out.append(" bool")
            continue
        out.append(char)
        i += 1
    return "".join(out)


METRIC_NAME = re.compile(r"\b(?:wirestream|faust)_[a-z_]+\b|\bup\b")


def metric_names(expr: str) -> set[str]:
    """The metric names an expression reads (project, Faust, and Prometheus' `up`)."""
    without_strings = re.sub(r'"[^"]*"', '""', expr)
    return set(METRIC_NAME.findall(without_strings))


# --- a real Prometheus ---------------------------------------------------------------


class PrometheusServer:
    """Prometheus (the Debian package's binary) on a loopback port, with a temporary TSDB.

    Its configuration is deploy/prometheus/prometheus.yml itself, with a 1 s scrape and
    evaluation interval, the rules file by absolute path, and the targets file in the
    temporary directory, so tests add workers with `set_targets`.
    """

    def __init__(self, workdir: Path, port: int) -> None:
        self.workdir = workdir
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.targets_path = workdir / "targets.yml"
        self.log_path = workdir / "prometheus.log"
        self.process: subprocess.Popen[bytes] | None = None

    def config(self) -> dict[str, Any]:
        """deploy/prometheus/prometheus.yml, adapted to the test as the docstring says."""
        config: dict[str, Any] = yaml.safe_load((PROMETHEUS_DIR / "prometheus.yml").read_text())
        config["global"].update(scrape_interval="1s", scrape_timeout="1s", evaluation_interval="1s")
        config["rule_files"] = [str(PROMETHEUS_DIR / name) for name in config["rule_files"]]
        for job in config["scrape_configs"]:
            for discovery in job.get("file_sd_configs", []):
                discovery["files"] = [str(self.targets_path)]
                discovery["refresh_interval"] = "1s"
        return config

    def start(self, timeout: float = 60.0) -> PrometheusServer:
        """Start Prometheus and wait until it reports ready."""
        self.set_targets([])
        config_path = self.workdir / "prometheus.yml"
        config_path.write_text(yaml.safe_dump(self.config()))
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                "prometheus",
                f"--config.file={config_path}",
                f"--storage.tsdb.path={self.workdir / 'data'}",
                f"--web.listen-address=127.0.0.1:{self.port}",
                "--log.level=warn",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"prometheus exited:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/-/ready", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"prometheus not ready in {timeout} s:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        """Stop Prometheus (SIGTERM, then SIGKILL)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def set_targets(self, targets: list[str]) -> None:
        """Scrape exactly these host:port targets (Prometheus picks the file up by itself)."""
        partial = self.targets_path.with_suffix(".tmp")
        partial.write_text(yaml.safe_dump([{"targets": targets}] if targets else []))
        os.replace(partial, self.targets_path)

    def api(self, path: str, **params: str) -> Any:
        """GET an HTTP API endpoint and return its `data` (fails on an API error)."""
        query = urllib.parse.urlencode(params)
        with urllib.request.urlopen(f"{self.url}/api/v1/{path}?{query}", timeout=10) as response:
            body = orjson.loads(response.read())
        assert body["status"] == "success", body
        return body["data"]

    def query(self, expr: str) -> list[dict[str, Any]]:
        """The result vector of an instant query (now)."""
        data = self.api("query", query=expr)
        assert data["resultType"] == "vector", (expr, data)
        result: list[dict[str, Any]] = data["result"]
        return result

    def value(self, expr: str) -> float:
        """The value of a query that returns exactly one series."""
        (sample,) = self.query(expr)
        return float(sample["value"][1])

    def without_data(self, exprs: list[str]) -> list[str]:
        """The expressions whose result vector is empty."""
        return [expr for expr in exprs if not self.query(expr)]

    def wait_for_data(self, exprs: list[str], timeout: float) -> list[str]:
        """Poll until every expression returns data; return those that still do not."""
        deadline = time.monotonic() + timeout
        missing = self.without_data(exprs)
        while missing and time.monotonic() < deadline:
            time.sleep(1.0)
            missing = self.without_data(missing)
        return missing


# --- a worker under known load -------------------------------------------------------

# Bad raw records, one per dead-letter code the test expects (the codes are the contract).
BAD_RECORDS: tuple[tuple[str, bytes], ...] = (
    ("invalid_json", b"{not json"),
    ("invalid_json", b"<rss>feed mistaken for an article</rss>"),
    ("not_an_object", b"[1, 2, 3]"),
    ("empty_body", b'{"source": "Yonhap", "body": "   "}'),
    ("missing_body", b'{"source": "Yonhap", "headline": "no body"}'),
    ("invalid_utf8", b'{"source": "Yonhap", "body": "caf\xe9"}'),
)


def seed_article(article_id: str) -> bytes:
    """The seed article as a RawArticle JSON record with the given id."""
    return orjson.dumps(
        {
            "id": article_id,
            "source": "Yonhap",
            "published_at": "2025-01-24T09:00:00+09:00",
            "body": SEED.read_text(encoding="utf-8"),
        }
    )


@dataclass
class ObservedWorker:
    """A real worker on the session broker, and what was fed to it so far."""

    settings: Settings
    worker: WorkerProcess
    articles: int = 0
    seeds: int = 0
    dead_letters: Counter[str] = field(default_factory=Counter)

    @property
    def target(self) -> str:
        """host:port of its web server, as Prometheus scrapes it."""
        return f"127.0.0.1:{self.settings.web_port}"

    @property
    def metrics_url(self) -> str:
        """Its /metrics URL."""
        return f"http://{self.target}/metrics"

    def feed(self, seeds: int, bad: int = 0, timeout: float = 120.0) -> None:
        """Publish `seeds` copies of the seed and the first `bad` bad records; wait for all."""
        records: list[tuple[bytes | None, bytes | None]] = []
        for _ in range(seeds):
            article_id = f"seed-{uuid.uuid4().hex[:12]}"
            records.append((article_id.encode(), seed_article(article_id)))
        for code, value in BAD_RECORDS[:bad]:
            records.append((f"bad-{uuid.uuid4().hex[:8]}".encode(), value))
            self.dead_letters[code] += 1
        produce_raw(self.settings, records)
        self.articles += len(records)
        self.seeds += seeds
        wait_for_count(self.settings, [PROCESSED, DLQ], self.articles, timeout, self.worker)

    def events_on_topics(self) -> dict[str, int]:
        """How many records each event topic holds: what the worker really emitted."""
        return {
            event_type: count_records(self.settings, topic)
            for event_type, topic in EVENT_TOPICS.items()
        }


def scrape(url: str, timeout: float = 5.0) -> str:
    """The text of one /metrics scrape."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        text: str = response.read().decode()
        return text
