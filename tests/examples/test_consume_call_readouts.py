"""The downstream examples against the real broker: they read the call readouts the worker's
own code publishes, parse each one, and report a bad record without stopping."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from streams.cli.schemas import load_seed
from streams.evaluation import doc_to_article, load_corpus
from streams.kafka.clients import ensure_topics, make_producer
from streams.records.codec import encode_article
from streams.records.process import OutputRecord, SourceRecord, process_record
from streams.records.topics import EVENT_TOPICS, RAW, topic_name
from streams.settings import Settings
from tests.support.cli import SEED

pytestmark = pytest.mark.kafka

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CALLS = EVENT_TOPICS["call_readout"]
NOT_A_CALL = b'{"event_type": "call_readout", "participants": "nobody"}'


def call_readout_records() -> list[OutputRecord]:
    """The call readouts the worker publishes for the seed and the invented corpus."""
    articles = [load_seed(SEED)] + [
        doc_to_article(doc) for doc in load_corpus(ROOT / "tests" / "fixtures" / "invented_corpus")
    ]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    records = []
    for offset, article in enumerate(articles):
        source = SourceRecord(RAW, 0, offset, article.id.encode(), encode_article(article), now)
        records += [r for r in process_record(source, now).outputs if r.topic == CALLS]
    return records


def expected_line(value: bytes) -> str:
    """What the examples print for a call readout: id, date, medium, participants."""
    call = orjson.loads(value)
    who = " and ".join(person["name"] for person in call["participants"])
    medium = call["medium"]
    return f"{call['event_id']}\t{call['occurred_on']}\t{medium}\t{who}"


@pytest.fixture
def published_calls(kafka_settings: Settings) -> list[OutputRecord]:
    """Call readouts on the test's call_readout topic, plus one bad record among them."""
    records = call_readout_records()
    # A record as a later v1 release may write it: one optional field more (schemas/README.md).
    later = orjson.loads(records[-1].value or b"")
    records[-1] = OutputRecord(CALLS, records[-1].key, orjson.dumps({**later, "sentiment": 0.2}))
    ensure_topics(kafka_settings)
    producer = make_producer(kafka_settings)
    try:
        full = topic_name(CALLS, kafka_settings.topic_prefix)
        futures = [
            producer.send(full, key=r.key, value=r.value, headers=r.headers) for r in records
        ]
        futures.append(producer.send(full, key=b"bad", value=NOT_A_CALL))
        producer.flush()
        for future in futures:
            future.get(timeout=30)
    finally:
        producer.close()
    return records


@pytest.mark.parametrize("example", ["consume_call_readouts.py", "consume_call_readouts_json.py"])
def test_example_prints_every_call_readout_and_reports_the_bad_record(
    published_calls: list[OutputRecord], example: str, kafka_settings: Settings
) -> None:
    prefix = kafka_settings.topic_prefix
    assert len(published_calls) >= 20
    total = len(published_calls) + 1
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / example), "--max-records", str(total), "--timeout", "30"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )  # broker and topic prefix come from WIRESTREAM_BROKER / WIRESTREAM_TOPIC_PREFIX
    assert result.returncode == 0, result.stderr
    printed = sorted(result.stdout.splitlines())
    assert printed == sorted(expected_line(r.value or b"") for r in published_calls)
    assert "\tphone\tMarco Rubio and Mark Rutte" in result.stdout  # the seed's call
    [complaint] = result.stderr.splitlines()
    assert f"{topic_name(CALLS, prefix)} " in complaint and "not a call readout" in complaint


def test_the_plain_json_example_needs_no_project_code() -> None:
    source = (EXAMPLES / "consume_call_readouts_json.py").read_text()
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert imports == [
        "import argparse",
        "import json",
        "import os",
        "import sys",
        "from kafka import KafkaConsumer",
    ]
