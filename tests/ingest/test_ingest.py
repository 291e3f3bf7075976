"""`wirestream ingest PATH...` as a real process against the real broker."""

from __future__ import annotations

import shutil
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from kafka import TopicPartition
from kafka.admin import NewTopic

from schemas import RawArticle
from streams.ingest.feeds import parse_feed
from streams.kafka.clients import make_admin, make_consumer
from streams.records.articles import derive_article_id
from streams.records.codec import encode_article
from streams.records.topics import RAW, topic_name
from streams.settings import Settings
from tests.support.ingest import (
    FEEDS,
    FeedScript,
    articles_by_key,
    raw_records,
    rss,
    run_ingest,
    serve,
    summary,
)

pytestmark = pytest.mark.kafka

BODY = "SEOUL, May 4 (Test Wire) -- The ministry said talks on {} would resume next week."


def _line(record: dict[str, object]) -> bytes:
    return orjson.dumps(record) + b"\n"


def _mixed_dir(root: Path) -> dict[str, str]:
    """A directory of .txt/.json/.jsonl inputs; returns the expected id → body."""
    (root / "nested").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "call.txt").write_text(BODY.format("fisheries"), encoding="utf-8")
    (root / "one.json").write_bytes(
        orjson.dumps({"id": "json-1", "source": "Desk", "body": BODY.format("ports")})
    )
    (root / "nested" / "more.jsonl").write_bytes(
        _line({"source": "Desk", "url": "https://t.example.test/2", "body": BODY.format("rail")})
        + b"\n"
        + _line({"source": "Desk", "body": BODY.format("grain")})
    )
    (root / ".hidden" / "skip.jsonl").write_bytes(_line({"source": "Desk", "body": "hidden"}))
    (root / "notes.md").write_text("not an input", encoding="utf-8")
    return {
        derive_article_id("Test Wire", BODY.format("fisheries")): BODY.format("fisheries"),
        "json-1": BODY.format("ports"),
        derive_article_id("Desk", BODY.format("rail"), "https://t.example.test/2"): BODY.format(
            "rail"
        ),
        derive_article_id("Desk", BODY.format("grain")): BODY.format("grain"),
    }


def test_directory_of_txt_json_jsonl_lands_on_raw_topic_keyed_by_id(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    expected = _mixed_dir(tmp_path / "in")
    args = (
        str(tmp_path / "in"),
        "--source",
        "Test Wire",
        "--headline",
        "Talks resume",
        "--published-at",
        "2031-05-04T09:00:00",
    )
    result = run_ingest(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [summary(kafka_settings, 4, 0)]

    records = raw_records(kafka_settings)
    articles = articles_by_key(records)
    assert {k.decode(): a.body for k, a in articles.items()} == expected
    txt = articles[derive_article_id("Test Wire", BODY.format("fisheries")).encode()]
    assert (txt.source, txt.headline) == ("Test Wire", "Talks resume")
    assert txt.published_at == datetime(2031, 5, 4, 9, 0, tzinfo=UTC)
    # A record's own source wins over --source.
    assert articles[b"json-1"].source == "Desk"

    again = run_ingest(*args)
    assert again.returncode == 0, again.stderr
    records = raw_records(kafka_settings)
    assert len(records) == 8
    # Re-ingesting gives the same keys and the same bytes, so downstream can deduplicate.
    assert Counter(r.key for r in records) == {k.encode(): 2 for k in expected}
    by_key: dict[bytes | None, set[bytes | None]] = {}
    for r in records:
        by_key.setdefault(r.key, set()).add(r.value)
    assert all(len(values) == 1 for values in by_key.values())


def test_bad_lines_are_reported_counted_and_the_rest_is_sent(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        _line({"source": "Desk", "body": BODY.format("energy")})
        + b'{"source": "Desk", "body": \n'
        + _line({"source": "Desk", "headline": "no body"})
        + _line({"source": "Desk", "body": BODY.format("water")})
    )
    result = run_ingest(str(path))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"wirestream ingest: {path}:2: invalid JSON")
    assert lines[1] == f"wirestream ingest: {path}:3: missing body"
    assert lines[-1] == summary(kafka_settings, 2, 2)
    bodies = sorted(a.body for a in articles_by_key(raw_records(kafka_settings)).values())
    assert bodies == sorted([BODY.format("energy"), BODY.format("water")])


def test_missing_file_and_unsupported_file_are_rejected(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(BODY.format("roads"), encoding="utf-8")
    other = tmp_path / "notes.md"
    other.write_text("# not an article", encoding="utf-8")
    result = run_ingest(str(tmp_path / "absent.json"), str(other), str(good))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    absent = tmp_path / "absent.json"
    assert lines[0] == f"wirestream ingest: {absent}: cannot read file: No such file or directory"
    assert lines[1].startswith(f"wirestream ingest: {other}: unsupported file type '.md'")
    assert lines[-1] == summary(kafka_settings, 1, 2)


def test_stdin_json_lines_text_and_feed(kafka_settings: Settings) -> None:
    jsonl = _line({"source": "Desk", "body": BODY.format("trade")}) + b"not json\n"
    result = run_ingest("-", stdin=jsonl)
    assert result.returncode == 1
    error, last = result.stderr.splitlines()
    assert error.startswith("wirestream ingest: <stdin>:2: invalid JSON: ")
    assert last == summary(kafka_settings, 1, 1)

    text = run_ingest("-", "--source", "Pipe Wire", stdin=BODY.format("health").encode())
    assert text.returncode == 0, text.stderr

    feed = run_ingest("-", stdin=rss(("s-1", "Piped feed item text.")))
    assert feed.returncode == 0, feed.stderr

    articles = articles_by_key(raw_records(kafka_settings))
    assert sorted(a.body for a in articles.values()) == sorted(
        [BODY.format("trade"), BODY.format("health"), "Piped feed item text."]
    )
    [piped] = [a for a in articles.values() if a.body == BODY.format("health")]
    assert piped.id == derive_article_id("Pipe Wire", BODY.format("health"))
    [item] = [a for a in articles.values() if a.source == "Loopback Wire"]
    assert item.url == "https://loop.example.test/s-1"


def test_rss_and_atom_files(kafka_settings: Settings, tmp_path: Path) -> None:
    rss_path, atom_path = FEEDS / "wire.rss", FEEDS / "wire.atom"
    # A feed is recognized by its content too, whatever the file is called.
    sniffed = tmp_path / "northgate-feed"
    shutil.copy(atom_path, sniffed)
    result = run_ingest(str(rss_path), str(atom_path), str(sniffed))
    assert result.returncode == 1  # the RSS photo item has no text
    assert result.stderr.splitlines() == [
        f"wirestream ingest: {rss_path}: item 3 (guid harbor-2031-0412-photo): "
        "no text in its content or summary",
        summary(kafka_settings, 6, 1),
    ]
    records = raw_records(kafka_settings)
    expected = [
        item.result
        for path in (rss_path, atom_path)
        for item in parse_feed(path.read_bytes(), str(path)).items
        if isinstance(item.result, RawArticle)
    ]
    # Exactly the parser's articles, byte for byte; the sniffed copy repeats the Atom keys.
    assert Counter((r.key, r.value) for r in records) == Counter(
        {(a.id.encode(), encode_article(a)): 1 for a in expected[:2]}
        | {(a.id.encode(), encode_article(a)): 2 for a in expected[2:]}
    )
    [call] = [a for a in articles_by_key(records).values() if a.url and a.url.endswith("call")]
    assert call.published_at == datetime(2031, 4, 12, 0, 30, tzinfo=UTC)
    assert "&" in call.body and "&amp;" not in call.body and "<p>" not in call.body


def test_feed_url_is_fetched_once(kafka_settings: Settings) -> None:
    script = FeedScript([('"v1"', rss(("u-1", "First item."), ("u-2", "Second item.")))])
    with serve(script) as url:
        result = run_ingest(url, "--source", "URL Desk")
    assert result.returncode == 0, result.stderr
    assert len(script.requests) == 1
    articles = articles_by_key(raw_records(kafka_settings))
    assert {a.source for a in articles.values()} == {"URL Desk"}
    assert sorted(a.body for a in articles.values()) == ["First item.", "Second item."]


def test_unreachable_url_is_a_rejected_input(kafka_settings: Settings) -> None:
    script = FeedScript([404])
    with serve(script) as url:
        result = run_ingest(url)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"wirestream ingest: {url}: HTTP 404 Not Found",
        summary(kafka_settings, 0, 1),
    ]


def test_rate_paces_sending(kafka_settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "ten.jsonl"
    path.write_bytes(b"".join(_line({"source": "Desk", "body": BODY.format(i)}) for i in range(10)))
    result = run_ingest(str(path), "--rate", "20")
    assert result.returncode == 0, result.stderr
    stamps = _timestamps(kafka_settings, expect=10)
    # 10 records at 20/s: the first and last sends are 9 intervals (0.45 s) apart.
    assert max(stamps) - min(stamps) >= 400


def test_send_failure_is_reported_counted_and_fails_the_exit(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    # A raw topic created beforehand with a tiny record limit: the broker refuses big records.
    admin = make_admin(kafka_settings)
    try:
        admin.create_topics(
            [
                NewTopic(
                    topic_name(RAW, kafka_settings.topic_prefix),
                    1,
                    1,
                    topic_configs={"max.message.bytes": "2000"},
                )
            ]
        )
    finally:
        admin.close()
    # Bigger than the producer's batch size, so it travels alone and fails alone.
    big_body = BODY.format("x" * 20000)
    path = tmp_path / "two.jsonl"
    path.write_bytes(
        _line({"id": "small", "source": "Desk", "body": BODY.format("small")})
        + _line({"id": "big", "source": "Desk", "body": big_body})
    )
    result = run_ingest(str(path))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == summary(kafka_settings, 1, 0, failed=1)
    [failure] = [line for line in lines if "send failed" in line]
    assert failure.startswith(f"wirestream ingest: {path}: send failed: article big: ")
    assert "MessageSizeTooLarge" in failure
    assert [r.key for r in raw_records(kafka_settings)] == [b"small"]


def _timestamps(settings: Settings, expect: int, timeout: float = 30.0) -> list[int]:
    """Producer timestamps (ms) of the raw topic's records."""
    full = topic_name(RAW, settings.topic_prefix)
    consumer = make_consumer(settings, enable_auto_commit=False, group_id=None)
    try:
        partitions = consumer.partitions_for_topic(full) or set()
        tps = [TopicPartition(full, p) for p in sorted(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        stamps: list[int] = []
        deadline = time.monotonic() + timeout
        while len(stamps) < expect and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                stamps.extend(r.timestamp for r in batch)
        assert len(stamps) == expect
        return stamps
    finally:
        consumer.close()
