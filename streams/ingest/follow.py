"""`wirestream ingest --follow`: poll feeds, publish only items never published before.

A followed URL may serve RSS/Atom or an agency format (ninjs JSON, NewsML-G2 XML), told
apart by content (`streams.ingest.agency`); an agency item is remembered by its id and
version, so a corrected version is published again and replaces the article's events.

Each poll is a conditional GET (If-None-Match / If-Modified-Since from the last
good response), so an unchanged feed costs a 304 and publishes nothing. What
has been published is remembered per feed URL in a SQLite file under the state
dir, so a restart does not publish the feed again.

An item is remembered only once the broker acknowledged it, and a feed's
validators are saved only when every new item of that response got through:
a record that failed to send is retried on the next poll (or run) instead of
being lost behind a 304. A rejected item (no text) is remembered too, so it is
reported once rather than on every poll.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from streams.ingest.agency import parse_document
from streams.ingest.feeds import FeedItem
from streams.ingest.fetch import FeedResponse, FetchError, fetch_feed
from streams.ingest.inputs import InputOptions
from streams.ingest.publish import Delivery, Publisher, Reporter
from streams.ingest.readers import InputError

STORE_NAME = "ingest-follow.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    checked_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS seen (
    url TEXT NOT NULL,
    item_key TEXT NOT NULL,
    first_seen REAL NOT NULL,
    PRIMARY KEY (url, item_key)
) WITHOUT ROWID;
"""

Fetcher = Callable[..., FeedResponse]


class SeenStore:
    """Per feed URL: the item keys already published and the last response's validators."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A generous lock timeout: two followers may share one state dir.
        self._db = sqlite3.connect(path, timeout=30.0)
        with self._db:
            self._db.executescript(_SCHEMA)

    @classmethod
    def in_state_dir(cls, state_dir: Path) -> SeenStore:
        """The store in the configured state dir."""
        return cls(state_dir / STORE_NAME)

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """The (ETag, Last-Modified) of the feed's last fully published response."""
        row = self._db.execute(
            "SELECT etag, last_modified FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Remember the validators to send on the next poll of `url`."""
        with self._db:
            self._db.execute(
                "INSERT INTO feeds (url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, checked_at = excluded.checked_at",
                (url, etag, last_modified, time.time()),
            )

    def unseen(self, url: str, keys: Iterable[str]) -> set[str]:
        """The keys among `keys` not yet remembered for `url`."""
        query = "SELECT 1 FROM seen WHERE url = ? AND item_key = ?"
        return {key for key in keys if self._db.execute(query, (url, key)).fetchone() is None}

    def mark_seen(self, url: str, keys: Iterable[str]) -> None:
        """Remember `keys` as published for `url`."""
        now = time.time()
        with self._db:
            self._db.executemany(
                "INSERT OR IGNORE INTO seen (url, item_key, first_seen) VALUES (?, ?, ?)",
                ((url, key, now) for key in keys),
            )

    def close(self) -> None:
        """Close the database."""
        self._db.close()


@dataclass(frozen=True, slots=True)
class FollowOptions:
    """How to poll: the feeds, the pause between polls, and an optional poll budget."""

    urls: Sequence[str]
    interval: float
    max_polls: int | None = None


def follow(
    options: FollowOptions,
    inputs: InputOptions,
    store: SeenStore,
    publisher: Publisher,
    reporter: Reporter,
    stop: threading.Event,
    fetch: Fetcher = fetch_feed,
) -> int:
    """Poll every feed until `stop` is set or the poll budget is spent; return the polls made."""
    polls = 0
    while not stop.is_set():
        for url in options.urls:
            if stop.is_set():
                break
            poll_feed(url, inputs, store, publisher, reporter, stop, fetch)
        polls += 1
        if options.max_polls is not None and polls >= options.max_polls:
            break
        stop.wait(options.interval)
    return polls


def poll_feed(
    url: str,
    inputs: InputOptions,
    store: SeenStore,
    publisher: Publisher,
    reporter: Reporter,
    stop: threading.Event,
    fetch: Fetcher = fetch_feed,
) -> None:
    """One conditional GET of `url`; publish its new items; errors are reported, never raised."""
    etag, last_modified = store.validators(url)
    response = _fetch_until_stopped(fetch, url, etag, last_modified, stop)
    if isinstance(response, FetchError):
        reporter.error(url, f"{response} (retrying in the next poll)")
        return
    if response is None or response.not_modified:
        return
    parsed = parse_document(
        response.body,
        url,
        source=inputs.source,
        default_source=inputs.default_source,
        headline=inputs.headline,
        published_at=inputs.published_at,
        content_type=response.content_type,
        base_url=response.url,
    )
    if parsed.error is not None:
        reporter.error(parsed.error.location, f"{parsed.error.message} (retrying in the next poll)")
        return
    new = store.unseen(url, (item.key for item in parsed.items))
    rejected: list[str] = []
    sent: list[tuple[str, Delivery]] = []
    complete = True
    for item in _unique(parsed.items):
        if item.key not in new:
            continue
        if isinstance(item.result, InputError):
            reporter.reject(item.result.location, item.result.message)
            rejected.append(item.key)
            continue
        delivery = publisher.send(item.result, url)
        if delivery is None:
            complete = False  # stopped while pacing: the rest waits for the next run
            break
        sent.append((item.key, delivery))
    publisher.flush()
    store.mark_seen(url, rejected + [key for key, delivery in sent if delivery.ok])
    if complete and all(delivery.ok for _, delivery in sent):
        store.set_validators(url, response.etag, response.last_modified)


def _fetch_until_stopped(
    fetch: Fetcher, url: str, etag: str | None, last_modified: str | None, stop: threading.Event
) -> FeedResponse | FetchError | None:
    """Run one fetch, but give up waiting (None) as soon as a stop is requested."""
    # A blocking socket read outlives a signal handler; in a daemon thread it cannot delay exit.
    outcome: list[FeedResponse | FetchError | BaseException] = []

    def run() -> None:
        try:
            outcome.append(fetch(url, etag=etag, last_modified=last_modified))
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, name=f"fetch {url}", daemon=True)
    worker.start()
    while worker.is_alive():
        if stop.wait(0.05):
            return None
    worker.join()
    [result] = outcome
    if isinstance(result, FeedResponse | FetchError):
        return result
    raise result


def _unique(items: Iterable[FeedItem]) -> Iterable[FeedItem]:
    """Items with a key not met before in this document (a feed may repeat an entry)."""
    keys: set[str] = set()
    for item in items:
        if item.key not in keys:
            keys.add(item.key)
            yield item
