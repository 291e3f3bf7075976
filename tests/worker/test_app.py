"""The Faust worker against the real broker: same events as classify, dead letters, accounting,
fail-stop (crashes, restarts and scale-out are in tests/faults). Each test runs real
`wirestream worker` processes on its own topics and group."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import orjson
import pytest

from schemas import MAX_BODY_BYTES, ProcessedRecord
from streams.records.topics import DLQ, EVENT_TOPICS, PROCESSED, RAW
from streams.settings import Settings
from tests.conftest import free_port
from tests.support.cli import wirestream_bytes
from tests.support.kafka_helpers import (
    WorkerProcess,
    produce_raw,
    read_topic,
    wait_for_count,
    wait_for_keys,
)

pytestmark = pytest.mark.kafka

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_a3735ce1eb85095f.txt"
INVENTED = ROOT / "tests" / "fixtures" / "invented_corpus"
INVENTED_KO = ROOT / "tests" / "fixtures" / "invented_corpus_ko"
TERMINAL = [PROCESSED, DLQ]


def invented_articles(*corpora: Path) -> list[dict[str, object]]:
    """The project's invented corpus as RawArticle dicts (written by us, in wire style)."""
    from streams.evaluation import doc_to_article, load_corpus

    return [
        doc_to_article(doc).model_dump(mode="json")
        for doc in load_corpus(*(corpora or (INVENTED,)))
    ]


def varied_articles(count: int) -> list[dict[str, object]]:
    """`count` good articles with distinct ids, cycling through the invented corpus."""
    base = invented_articles()
    return [{**base[i % len(base)], "id": f"{base[i % len(base)]['id']}-{i}"} for i in range(count)]


def event_values(settings: Settings) -> Counter[bytes]:
    """Every record value on the three event topics."""
    values: Counter[bytes] = Counter()
    for name in EVENT_TOPICS.values():
        values.update(r.value or b"" for r in read_topic(settings, name))
    return values


def test_stream_emits_exactly_what_classify_prints(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    """Seed + invented corpora, English and Korean (+ the dev corpus when present):
    ingest → worker == classify."""
    articles = invented_articles(INVENTED, INVENTED_KO)
    corpus_dirs = [d for d in kafka_settings.corpus_dir if d.is_dir()]
    if corpus_dirs:
        from streams.evaluation import doc_to_article, load_corpus

        articles += [doc_to_article(d).model_dump(mode="json") for d in load_corpus(*corpus_dirs)]
    batch = tmp_path / "articles.jsonl"
    batch.write_bytes(b"".join(orjson.dumps(a) + b"\n" for a in articles))
    seed_flags = ["--source", "Yonhap", "--published-at", "2025-01-24T09:00:00+09:00"]

    expected: Counter[bytes] = Counter()
    for args in ([str(SEED), *seed_flags], [str(batch)]):
        result = wirestream_bytes("classify", *args)
        assert result.returncode == 0, result.stderr.decode()
        expected.update(result.stdout.splitlines())
    assert len(expected) > 300

    with WorkerProcess(tmp_path / "worker.log") as worker:
        for args in ([str(SEED), *seed_flags], [str(batch)]):
            result = wirestream_bytes("ingest", *args)
            assert result.returncode == 0, result.stderr.decode()
        wait_for_count(kafka_settings, [PROCESSED], len(articles) + 1, 120, worker)
        wait_for_count(
            kafka_settings, list(EVENT_TOPICS.values()), sum(expected.values()), 60, worker
        )
        assert event_values(kafka_settings) == expected

    processed = [
        ProcessedRecord.model_validate_json(r.value or b"")
        for r in read_topic(kafka_settings, PROCESSED)
    ]
    assert len(processed) == len(articles) + 1
    assert len({p.article_id for p in processed}) == len(articles) + 1
    assert sum(len(p.event_ids) for p in processed) == sum(expected.values())
    assert all(0 <= p.latency_ms < 300_000 for p in processed)
    assert read_topic(kafka_settings, DLQ) == []


def bad_records() -> list[tuple[str, bytes | None]]:
    """One raw value per dead-letter reason (expected error.code first)."""
    good = {"id": "bad", "source": "Yonhap", "body": "Seoul said on Monday it was ready."}
    return [
        ("invalid_json", b'{"id": "broken", "body": "unterminated'),
        ("not_an_object", b'[{"body": "an array is not an article"}]'),
        ("missing_body", orjson.dumps({"id": "nobody", "source": "Yonhap"})),
        ("empty_body", orjson.dumps({**good, "body": "   "})),
        ("body_too_large", orjson.dumps({**good, "body": "x" * (MAX_BODY_BYTES + 10)})),
        ("invalid_utf8", b'{"id": "latin1", "source": "Yonhap", "body": "S\xe9oul"}'),
        ("invalid_field", orjson.dumps({**good, "published_at": ["2025", "01"]})),
        ("unknown_field", orjson.dumps({**good, "urgency": "flash"})),
    ]


def test_bad_records_land_in_the_dlq_and_the_good_ones_around_them_are_processed(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    good = varied_articles(len(bad_records()) + 1)
    records: list[tuple[bytes | None, bytes | None]] = []
    for i, (code, value) in enumerate(bad_records()):
        records.append((str(good[i]["id"]).encode(), orjson.dumps(good[i])))
        records.append((f"bad-{code}".encode(), value))
    records.append((str(good[-1]["id"]).encode(), orjson.dumps(good[-1])))

    with WorkerProcess(tmp_path / "worker.log") as worker:
        produce_raw(kafka_settings, records)
        wait_for_count(kafka_settings, TERMINAL, len(records), 120, worker)
        assert worker.alive(), worker.log_tail()

    letters = {r.key: r for r in read_topic(kafka_settings, DLQ)}
    assert len(letters) == len(bad_records())
    for code, value in bad_records():
        letter = letters[f"bad-{code}".encode()]
        assert letter.headers["error.code"] == code.encode()
        assert letter.value == value, f"{code}: the dead letter must carry the original bytes"
        assert letter.headers["error.message"]
        assert letter.headers["source.topic"] == f"{kafka_settings.topic_prefix}{RAW}".encode()
        assert int(letter.headers["source.partition"]) in range(kafka_settings.partitions)
        assert int(letter.headers["source.offset"]) >= 0
    processed_ids = {r.key for r in read_topic(kafka_settings, PROCESSED)}
    assert processed_ids == {str(a["id"]).encode() for a in good}


def test_accounting_2000_mixed_records_each_yield_exactly_one_terminal_record(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    bad = [value for _, value in bad_records() if value is None or len(value) < 10_000]
    good = iter(varied_articles(1800))
    records: list[tuple[bytes | None, bytes | None]] = []
    for i in range(2000):
        if i % 10 == 3:
            records.append((f"bad-{i}".encode(), bad[i % len(bad)]))
        else:
            article = next(good)
            records.append((str(article["id"]).encode(), orjson.dumps(article)))
    produce_raw(kafka_settings, records)

    with WorkerProcess(tmp_path / "worker.log") as worker:
        wait_for_count(kafka_settings, TERMINAL, 2000, 300, worker)
        time.sleep(2)  # anything beyond 2000 would be a double count; give it a chance to show

    processed = read_topic(kafka_settings, PROCESSED)
    letters = read_topic(kafka_settings, DLQ)
    assert len(processed) + len(letters) == 2000
    assert len(letters) == 200
    assert Counter(r.key for r in processed) == Counter(
        k for k, v in records if k and b"bad" not in k
    )
    offsets = sorted(
        (int(r.headers["source.partition"]), int(r.headers["source.offset"])) for r in letters
    )
    assert len(set(offsets)) == 200


def test_faust_command_line_runs_the_same_worker(kafka_settings: Settings, tmp_path: Path) -> None:
    """`faust -A streams.worker.app worker` is the same app as `wirestream worker`."""
    [article] = varied_articles(1)
    faust_worker = WorkerProcess(tmp_path / "faust.log", command=WorkerProcess.FAUST)
    with faust_worker as worker:
        produce_raw(kafka_settings, [(str(article["id"]).encode(), orjson.dumps(article))])
        wait_for_count(kafka_settings, [PROCESSED], 1, 60, worker)
    [record] = read_topic(kafka_settings, PROCESSED)
    assert record.key == str(article["id"]).encode()


def test_worker_without_kafka_says_so_in_one_line(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "WIRESTREAM_BROKER": f"127.0.0.1:{free_port()}",
        "WIRESTREAM_STATE_DIR": str(tmp_path),
        "WIRESTREAM_WEB_PORT": str(free_port()),  # a demo worker may hold the default
    }
    result = subprocess.run(
        [sys.executable, "-m", "streams.cli", "worker"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "no Kafka broker at 127.0.0.1:" in result.stderr
    assert "wirestream kafka up" in result.stderr and "Traceback" not in result.stderr


def test_a_second_worker_on_the_same_web_port_says_so(kafka_settings: Settings) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", kafka_settings.web_port))
        taken.listen()
        result = subprocess.run(
            [sys.executable, "-m", "streams.cli", "worker"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 1
    assert f"web port 127.0.0.1:{kafka_settings.web_port} is in use" in result.stderr
    assert "WIRESTREAM_WEB_PORT" in result.stderr and "Traceback" not in result.stderr


def test_exactly_once_commits_with_each_batch_not_on_faust_timers(tmp_path: Path) -> None:
    """exactly_once: Faust's commit timer would commit a transaction mid-batch; it is off."""
    from streams.worker.app import create_app

    eos = create_app(
        Settings(processing_guarantee="exactly_once", state_dir=tmp_path, consumer_group="eos")
    )
    alo = create_app(Settings(state_dir=tmp_path, consumer_group="alo"))
    assert eos.conf.processing_guarantee.value == "exactly_once"
    assert eos.conf.broker_commit_interval > 24 * 3600 and eos.conf.broker_commit_every > 10**9
    assert alo.conf.broker_commit_interval == Settings().commit_interval_s


def test_the_agent_runs_with_concurrency_one() -> None:
    """Concurrency above 1 can commit past an in-flight message (faust-streaming #606)."""
    from streams.worker.app import app

    agents = {agent.name.rsplit(".", 1)[-1]: agent.concurrency for agent in app.agents.values()}
    assert agents == {"process_articles": 1, "cluster_reports": 1}


def test_when_outputs_cannot_be_stored_the_worker_stops_without_committing(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    """Fail-stop: a broker refusing the outputs makes the worker exit, and nothing is lost."""
    from kafka.admin import ConfigResource, ConfigResourceType, NewTopic

    from streams.kafka.clients import make_admin

    processed_topic = f"{kafka_settings.topic_prefix}{PROCESSED}"
    admin = make_admin(kafka_settings)
    try:
        # Too small for any processed record: every send to it is refused by the broker.
        admin.create_topics(
            [NewTopic(processed_topic, 6, 1, topic_configs={"max.message.bytes": "64"})]
        )
        articles = varied_articles(50)
        produce_raw(kafka_settings, [(str(a["id"]).encode(), orjson.dumps(a)) for a in articles])

        # A fail-stop exit leaves no group: the next worker joins once the failed one's
        # session has expired, the broker's minimum (6 s) here instead of the tests' 10 s.
        failing = WorkerProcess(
            tmp_path / "failing.log", env={"WIRESTREAM_SESSION_TIMEOUT_S": "6"}
        ).start(wait_ready=False)
        assert failing.process is not None
        assert failing.process.wait(timeout=120) == 75, failing.log_tail()
        assert "exiting without committing" in failing.log_path.read_text()

        admin.alter_configs(
            [
                ConfigResource(
                    ConfigResourceType.TOPIC, processed_topic, {"max.message.bytes": "1048588"}
                )
            ]
        )
    finally:
        admin.close()
    with WorkerProcess(tmp_path / "worker.log") as worker:
        wait_for_keys(
            kafka_settings, PROCESSED, {str(a["id"]).encode() for a in articles}, 120, worker
        )
    keys = Counter(r.key for r in read_topic(kafka_settings, PROCESSED))
    assert set(keys) == {str(a["id"]).encode() for a in articles}


def test_a_raw_record_at_the_size_limit_still_fits_the_dead_letter_topic(
    kafka_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dead letter is the raw record plus headers: its topic has headroom for them."""
    limit = 2 * 1024 * 1024
    monkeypatch.setenv("WIRESTREAM_MAX_MESSAGE_BYTES", str(limit))
    settings = Settings()
    # Invalid JSON, as large as the raw topic accepts (less the record's own framing).
    value = b"{" + b"x" * (limit - 100)
    with WorkerProcess(tmp_path / "worker.log") as worker:
        produce_raw(settings, [(b"huge", value)])
        wait_for_count(settings, [DLQ], 1, 120, worker)
    [letter] = read_topic(settings, DLQ)
    assert letter.value == value and letter.headers["error.code"] == b"invalid_json"


def test_a_batch_leaves_when_full_or_when_its_wait_ends(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    """WIRESTREAM_BATCH_MAX_RECORDS and WIRESTREAM_BATCH_WAIT_S reach the agent.

    With a 60 s wait (the longest allowed), a partial batch is held (by default it would leave
    as soon as no further record waits); the record that fills the batch sends all of it."""
    articles = varied_articles(5)
    records = [(str(a["id"]).encode(), orjson.dumps(a)) for a in articles]
    env = {"WIRESTREAM_BATCH_MAX_RECORDS": "5", "WIRESTREAM_BATCH_WAIT_S": "60"}
    with WorkerProcess(tmp_path / "worker.log", env=env) as worker:
        produce_raw(kafka_settings, records[:4])
        time.sleep(5)
        assert read_topic(kafka_settings, PROCESSED) == [], "a partial batch left before its wait"
        produce_raw(kafka_settings, records[4:])
        wait_for_count(kafka_settings, [PROCESSED], 5, 60, worker)
    keys = sorted(r.key or b"" for r in read_topic(kafka_settings, PROCESSED))
    assert keys == sorted(key for key, _ in records)
