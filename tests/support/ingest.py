"""Helpers for the ingest tests: run the real CLI, serve feeds on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import orjson

from schemas import RawArticle
from streams.records.topics import RAW, topic_name
from streams.settings import Settings
from tests.support.kafka_helpers import Record, read_topic

REPO = Path(__file__).resolve().parents[2]
FEEDS = REPO / "tests" / "fixtures" / "feeds"


def cli_env() -> dict[str, str]:
    """The test's environment (WIRESTREAM_* from kafka_settings) with loopback off any proxy."""
    env = dict(os.environ)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def ingest_command(*args: str) -> list[str]:
    """argv of `wirestream ingest ARGS` run from this checkout."""
    return [sys.executable, "-m", "streams.cli", "ingest", *args]


def run_ingest(
    *args: str, stdin: bytes = b"", timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `wirestream ingest` as a real process and wait for it."""
    return subprocess.run(
        ingest_command(*args),
        input=stdin.decode("utf-8"),
        capture_output=True,
        text=True,
        cwd=REPO,
        env=cli_env(),
        timeout=timeout,
        check=False,
    )


def summary(settings: Settings, sent: int, rejected: int, failed: int = 0) -> str:
    """The summary line ingest prints last."""
    topic = topic_name(RAW, settings.topic_prefix)
    failed_part = f", {failed} failed" if failed else ""
    return f"wirestream ingest: {sent} sent, {rejected} rejected{failed_part}, topic {topic}"


def raw_records(settings: Settings) -> list[Record]:
    """Everything on the test's raw topic now."""
    return read_topic(settings, RAW)


def articles_by_key(records: list[Record]) -> dict[bytes, RawArticle]:
    """Validate every raw record as a RawArticle whose id is the record key."""
    found: dict[bytes, RawArticle] = {}
    for record in records:
        assert record.key is not None and record.value is not None
        article = RawArticle.model_validate_json(record.value)
        assert record.key == article.id.encode()
        # Published with every field explicit (nulls kept), as encode_article writes them;
        # `meta` only when the article came from an agency format and carries some.
        keys = set(orjson.loads(record.value))
        absent = {"meta"} if article.meta is None else set()
        assert keys == set(RawArticle.model_fields) - absent
        found[record.key] = article
    return found


HANG = "hang"


@dataclass
class FeedScript:
    """What a loopback feed server answers: the Nth GET gets `versions[N]` (the last repeats).

    A version is (etag, body), an int HTTP error status, or HANG (no answer until the
    server stops). With an etag, a request whose If-None-Match equals the current
    version's etag gets 304.
    """

    versions: list[tuple[str | None, bytes] | int | str]
    requests: list[dict[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    released: threading.Event = field(default_factory=threading.Event)

    def answer(self, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            index = min(len(self.requests), len(self.versions) - 1)
            self.requests.append(headers)
        version = self.versions[index]
        if version == HANG:
            self.released.wait(120)
            return 503, {}, b"stopped"
        if isinstance(version, int | str):
            return version, {}, b"broken"
        etag, body = version
        response_headers = {"Content-Type": "application/rss+xml; charset=utf-8"}
        if etag is not None:
            response_headers["ETag"] = etag
            response_headers["Last-Modified"] = last_modified(etag)
            if headers.get("If-None-Match") == etag:
                return 304, response_headers, b""
        return 200, response_headers, body


def last_modified(etag: str) -> str:
    """A Last-Modified date derived from an etag, so tests can predict it."""
    return formatdate(1_900_000_000 + sum(etag.encode()), usegmt=True)


@contextmanager
def serve(script: FeedScript) -> Iterator[str]:
    """Serve `script` at http://127.0.0.1:PORT/feed.rss from a thread; yield the URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = script.answer({k: v for k, v in self.headers.items()})
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feed.rss"
    finally:
        script.released.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def rss(*items: tuple[str, str], title: str = "Loopback Wire") -> bytes:
    """An RSS 2.0 document with (guid, body text) items, newest first as feeds list them."""
    entries = "".join(
        f"<item><title>Item {guid}</title><guid isPermaLink='false'>{guid}</guid>"
        f"<link>https://loop.example.test/{guid}</link>"
        f"<pubDate>Mon, 05 May 2031 10:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;{text}&lt;/p&gt;</description></item>"
        for guid, text in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://loop.example.test/</link>"
        f"<description>test</description>{entries}</channel></rss>"
    ).encode()


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Poll `condition` until true or `timeout` seconds passed."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()
