"""The `wirestream ingest` click command: inputs in, RawArticle records on the raw topic out.

A thin shell: `inputs` and `feeds` turn paths and URLs into RawArticles,
`publish` sends them (key = article id, so re-ingesting gives the same keys)
and accounts for every acknowledgment, `follow` polls live feeds.
"""

from __future__ import annotations

import signal
import sqlite3
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from types import FrameType
from typing import Any

import click
from kafka.errors import KafkaError

from streams.cli.options import headline_option, load_settings, published_at_option
from streams.ingest.fetch import is_url
from streams.ingest.follow import FollowOptions, SeenStore, follow
from streams.ingest.inputs import InputOptions, read_inputs
from streams.ingest.publish import Publisher, Reporter, Tally, describe
from streams.ingest.readers import InputError
from streams.kafka.clients import authentication_problem, ensure_topics, make_producer
from streams.kafka.reach import reach_broker
from streams.records.topics import RAW, topic_name
from streams.settings import Settings

_PRODUCER_CLOSE_TIMEOUT = 30.0


@click.command(short_help="Publish articles to the raw topic.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH|URL|-...")
@click.option(
    "--source",
    metavar="S",
    help="Source for inputs without one; for feeds it replaces the feed's title "
    "[default: the feed title, else WIRESTREAM_DEFAULT_SOURCE].",
)
@headline_option
@published_at_option
@click.option(
    "--rate",
    type=click.FloatRange(min=0, min_open=True),
    metavar="N",
    help="Send at most N records per second.",
)
@click.option(
    "--follow",
    "follow_mode",
    is_flag=True,
    help="Poll the RSS/Atom feed URLs every --interval seconds and publish new items "
    "until SIGINT/SIGTERM. Items already published are remembered under WIRESTREAM_STATE_DIR.",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    metavar="S",
    help="With --follow: seconds between polls.",
)
@click.option(
    "--max-polls",
    type=click.IntRange(min=1),
    metavar="N",
    help="With --follow: stop after N polls (for tests and scripts).",
)
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: Sequence[str],
    source: str | None,
    headline: str | None,
    published_at: datetime | None,
    rate: float | None,
    follow_mode: bool,
    interval: float,
    max_polls: int | None,
) -> None:
    """Publish articles to the raw topic (key = article id), with a progress bar.

    PATH is a .txt file (the body), a .json file (one article or an array), a
    .jsonl file (one article per line), an RSS/Atom feed (.xml, .rss, .atom,
    or recognized by its content), a directory of those, an http(s) URL of a
    feed, or - for stdin. Bad input is reported on stderr as `location:
    message` and skipped; the rest is sent. The exit status is 1 when any
    input was rejected or any record could not be sent.

    With --follow every PATH must be a feed URL; the command runs until
    SIGINT/SIGTERM (or --max-polls), then flushes and exits 0, or 1 if a
    record could not be sent (it is retried on the next run). Rejected feed
    items are reported once and do not change the exit status.
    """
    if follow_mode:
        not_urls = [p for p in paths if not is_url(p)]
        if not_urls:
            raise click.UsageError(f"--follow takes http(s) feed URLs, not {not_urls[0]!r}")
    else:
        given = [
            name
            for name in ("interval", "max_polls")
            if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
        ]
        if given:
            raise click.UsageError(f"--{given[0].replace('_', '-')} needs --follow")
    settings = load_settings()
    topic = topic_name(RAW, settings.topic_prefix)
    store = _open_store(settings) if follow_mode else None
    producer = _connect(settings)
    options = InputOptions(
        source=source,
        default_source=settings.default_source,
        headline=headline,
        published_at=published_at,
    )
    tally = Tally()
    reporter = Reporter(tally)
    stop = threading.Event()
    publisher = Publisher(producer, topic, reporter, rate=rate, stop=stop)
    status = 0
    try:
        if store is not None:
            with _stop_on_signals(stop):
                try:
                    follow(
                        FollowOptions(paths, interval, max_polls),
                        options,
                        store,
                        publisher,
                        reporter,
                        stop,
                    )
                finally:
                    publisher.flush()
                    store.close()
            status = 1 if tally.failed else 0
        else:
            interrupted = _publish_once(paths, options, publisher, reporter)
            publisher.flush()
            status = 130 if interrupted else (1 if tally.rejected or tally.failed else 0)
    finally:
        producer.close(timeout=_PRODUCER_CLOSE_TIMEOUT)
        reporter.close(topic)
    sys.exit(status)


def _open_store(settings: Settings) -> SeenStore:
    """The follow-mode memory under the state dir, or a clean error when it cannot be opened."""
    try:
        return SeenStore.in_state_dir(settings.state_dir)
    except (OSError, sqlite3.Error) as exc:
        raise click.ClickException(
            f"cannot open the feed memory in {settings.state_dir}: {describe(exc)}"
        ) from exc


def _connect(settings: Settings) -> Any:
    """Create the topics that are missing and an idempotent producer, or fail cleanly."""
    refused = authentication_problem(settings)  # at once, not after a 30 s bootstrap timeout
    if refused is not None:
        raise click.ClickException(refused)
    problem = reach_broker(settings, say=lambda line: click.echo(line, err=True))
    if problem is not None:
        raise click.ClickException(problem)
    try:
        ensure_topics(settings)
        return make_producer(settings)
    except KafkaError as exc:
        raise click.ClickException(
            f"cannot use Kafka at {settings.broker}: {describe(exc)}"
        ) from exc


def _publish_once(
    paths: Sequence[str], options: InputOptions, publisher: Publisher, reporter: Reporter
) -> bool:
    """Send every article in `paths`; return True when interrupted by Ctrl-C."""
    stdin = click.get_binary_stream("stdin")
    try:
        for path in paths:
            for item in read_inputs([path], options, stdin):
                if isinstance(item, InputError):
                    reporter.reject(item.location, item.message)
                else:
                    publisher.send(item, path)
    except KeyboardInterrupt:
        # What was sent so far is still flushed and counted; the summary says how far it got.
        reporter.info("interrupted")
        return True
    return False


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Turn the first SIGINT/SIGTERM into `stop`; a second SIGINT interrupts as usual."""

    def handler(signum: int, _frame: FrameType | None) -> None:
        stop.set()
        if signum == signal.SIGINT:
            signal.signal(signal.SIGINT, signal.default_int_handler)

    if threading.current_thread() is not threading.main_thread():
        yield  # signals are only delivered to the main thread; nothing to install
        return
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
