"""`wirestream ingest --follow`: real processes polling a loopback feed server, real broker."""

from __future__ import annotations

import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from streams.ingest.follow import SeenStore
from streams.settings import Settings
from tests.conftest import free_port
from tests.support.ingest import (
    HANG,
    REPO,
    FeedScript,
    articles_by_key,
    cli_env,
    ingest_command,
    last_modified,
    raw_records,
    rss,
    run_ingest,
    serve,
    summary,
    wait_for,
)

A = ("a", "PORT CITY, May 5 (Loop) -- Item A text.")
B = ("b", "PORT CITY, May 5 (Loop) -- Item B text.")
C = ("c", "PORT CITY, May 5 (Loop) -- Item C text.")
D = ("d", "PORT CITY, May 5 (Loop) -- Item D text.")


def _guid_counts(settings: Settings) -> Counter[str]:
    """Each loopback item's guid (from its url) counted over every raw record."""
    records = raw_records(settings)
    articles = articles_by_key(records)
    return Counter((articles[r.key].url or "").rsplit("/", 1)[-1] for r in records if r.key)


@pytest.mark.kafka
def test_follow_conditional_get_new_items_only_and_restart(kafka_settings: Settings) -> None:
    script = FeedScript(
        [
            ('"v1"', rss(B, A)),  # poll 1: first sight, everything is new
            ('"v1"', rss(B, A)),  # poll 2: unchanged → 304
            ('"v2"', rss(C, B, A)),  # poll 3: gained C
            ('"v3"', rss(D, C, B, A)),  # after restart: gained D
        ]
    )
    with serve(script) as url:
        first = run_ingest("--follow", url, "--interval", "0.2", "--max-polls", "3")
        assert first.returncode == 0, first.stderr
        assert first.stderr.splitlines() == [summary(kafka_settings, 3, 0)]
        assert _guid_counts(kafka_settings) == {"a": 1, "b": 1, "c": 1}

        assert len(script.requests) == 3
        assert "If-None-Match" not in script.requests[0]
        # The second poll was conditional, and the server answered 304.
        assert script.requests[1]["If-None-Match"] == '"v1"'
        assert script.requests[1]["If-Modified-Since"] == last_modified('"v1"')
        assert script.requests[2]["If-None-Match"] == '"v1"'

        # A new process with the same state dir: validators and seen items survive.
        second = run_ingest("--follow", url, "--interval", "0.2", "--max-polls", "1")
        assert second.returncode == 0, second.stderr
        assert second.stderr.splitlines() == [summary(kafka_settings, 1, 0)]
        assert script.requests[3]["If-None-Match"] == '"v2"'
        assert _guid_counts(kafka_settings) == {"a": 1, "b": 1, "c": 1, "d": 1}

    store = SeenStore.in_state_dir(kafka_settings.state_dir)
    try:
        assert store.validators(url) == ('"v3"', last_modified('"v3"'))
        assert store.unseen(url, ["a", "b", "c", "d", "e"]) == {"e"}
    finally:
        store.close()


@pytest.mark.kafka
def test_follow_retries_after_errors_and_reports_textless_items_once(
    kafka_settings: Settings,
) -> None:
    textless = "<item><guid isPermaLink='false'>pic</guid><description>&lt;img/&gt;"
    feed = rss(B, A).replace(b"</channel>", textless.encode() + b"</description></item></channel>")
    # No validators at all: every poll is a full 200, so only the seen store prevents repeats.
    script = FeedScript([500, (None, feed)])
    dead = f"http://127.0.0.1:{free_port()}/feed.rss"
    with serve(script) as url:
        result = run_ingest("--follow", url, dead, "--interval", "0.1", "--max-polls", "3")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    server_error = f"{url}: HTTP 500 Internal Server Error (retrying in the next poll)"
    textless_item = f"{url}: item 3 (guid pic): no text in its content or summary"
    assert lines.count(f"wirestream ingest: {server_error}") == 1
    assert lines.count(f"wirestream ingest: {textless_item}") == 1
    refused = [line for line in lines if line.startswith(f"wirestream ingest: {dead}: ")]
    assert len(refused) == 3
    assert all("cannot fetch: Connection refused" in line for line in refused)
    assert lines[-1] == summary(kafka_settings, 2, 1)
    assert len(script.requests) == 3
    assert _guid_counts(kafka_settings) == {"a": 1, "b": 1}


@pytest.mark.kafka
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_follow_runs_until_signalled_then_flushes_and_exits_zero(
    kafka_settings: Settings, signum: signal.Signals
) -> None:
    # Poll 3 never gets an answer: a signal must not wait for the fetch to time out.
    script = FeedScript([('"v1"', rss(B, A)), ('"v1"', rss(B, A)), HANG])
    with serve(script) as url:
        process = subprocess.Popen(
            ingest_command("--follow", url, "--interval", "0.2"),
            cwd=REPO,
            env=cli_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            # Several polls in: it keeps running; now it waits for the hanging poll.
            assert wait_for(lambda: len(script.requests) >= 3), "follow never polled 3 times"
            assert process.poll() is None
            signalled = time.monotonic()
            process.send_signal(signum)
            _, stderr = process.communicate(timeout=60)
            assert time.monotonic() - signalled < 10
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode == 0, stderr
    assert stderr.splitlines() == [summary(kafka_settings, 2, 0)]
    assert _guid_counts(kafka_settings) == {"a": 1, "b": 1}
    assert [r.get("If-None-Match") for r in script.requests] == [None, '"v1"', '"v1"']


def test_follow_needs_urls(tmp_path: Path) -> None:
    result = run_ingest("--follow", str(tmp_path))
    assert result.returncode == 2
    assert "--follow takes http(s) feed URLs" in result.stderr


def test_interval_needs_follow(tmp_path: Path) -> None:
    result = run_ingest(str(tmp_path), "--max-polls", "2")
    assert result.returncode == 2
    assert "--max-polls needs --follow" in result.stderr


def test_seen_store_survives_reopening(tmp_path: Path) -> None:
    store = SeenStore.in_state_dir(tmp_path / "state")
    try:
        assert store.validators("u") == (None, None)
        store.mark_seen("u", ["x", "y"])
        store.mark_seen("u", ["x"])  # idempotent
        store.set_validators("u", '"e1"', "Mon, 05 May 2031 10:00:00 GMT")
        store.set_validators("u", '"e2"', None)
    finally:
        store.close()
    reopened = SeenStore.in_state_dir(tmp_path / "state")
    try:
        assert reopened.validators("u") == ('"e2"', None)
        assert reopened.unseen("u", ["x", "y", "z"]) == {"z"}
        # Seen items are per feed URL.
        assert reopened.unseen("other", ["x"]) == {"x"}
    finally:
        reopened.close()
