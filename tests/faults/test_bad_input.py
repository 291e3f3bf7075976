"""Bad input at scale: over 1,000 fuzzed malformed records, through the pure core and a worker.

The records come from the hypothesis strategies of `tests/support/malformed.py`, one
per kind of malformation, each kind with the dead-letter code it must get. Through a
real worker on the real broker, interleaved with good articles: the worker never
crashes, every bad record is in the DLQ with its code and its original key and bytes,
and every good article is processed into exactly the events `process_record` (and so
`wirestream classify`) gives it. The accounting invariant of DESIGN.md holds: one
processed or dead-letter record per input.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import RawArticle
from streams.records.codec import ERROR_CODES, EXTRACTOR_FAILED, MAX_ERROR_MESSAGE
from streams.records.process import SourceRecord, process_record
from streams.records.topics import DLQ, EVENT_TOPICS, PROCESSED, RAW, topic_name
from streams.settings import Settings
from tests.support.kafka_helpers import (
    REPORTS,
    WorkerProcess,
    produce_raw,
    read_topic,
    wait_for_count,
)
from tests.support.malformed import KINDS, article_dicts, draw_examples

pytestmark = pytest.mark.faults

# A fixed seed by default, so a failure can be replayed; set WIRESTREAM_FUZZ_SEED to explore.
SEED = int(os.environ.get("WIRESTREAM_FUZZ_SEED", "20261128"))
GOOD_ARTICLES = 250
INVENTED = Path(__file__).resolve().parents[1] / "fixtures" / "invented_corpus"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def malformed_records() -> list[tuple[str, bytes | None]]:
    """(kind, value) for every malformed record, kind by kind, drawn with SEED."""
    return [
        (name, value)
        for name, kind in KINDS.items()
        for value in draw_examples(kind.strategy, kind.count, SEED)
    ]


def good_articles(count: int) -> list[dict[str, object]]:
    """`count` good articles with distinct ids, cycling through the invented corpus."""
    from streams.evaluation import doc_to_article, load_corpus

    base = [doc_to_article(doc).model_dump(mode="json") for doc in load_corpus(INVENTED)]
    return [{**base[i % len(base)], "id": f"good-{i:04d}"} for i in range(count)]


def source(value: bytes | None, key: bytes | None = b"k") -> SourceRecord:
    return SourceRecord(topic="wire.articles.raw", partition=0, offset=7, key=key, value=value)


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_of_malformed_record_gets_its_own_code(kind: str) -> None:
    expected = KINDS[kind].code
    values = draw_examples(KINDS[kind].strategy, KINDS[kind].count, SEED)
    assert len(values) == KINDS[kind].count or kind == "tombstone"
    for value in values:
        outcome = process_record(source(value), NOW)
        assert outcome.rejection is not None, f"{kind}: accepted {value[:200]!r}"
        assert outcome.rejection.code == expected, (
            f"{kind}: got {outcome.rejection.code} ({outcome.rejection.message}) "
            f"for {(value or b'')[:200]!r}"
        )
        [letter] = outcome.outputs
        assert (letter.topic, letter.key, letter.value) == (DLQ, b"k", value)


@st.composite
def mutated_articles(draw: st.DrawFn) -> bytes:
    """A valid article's bytes with random bytes flipped, inserted, deleted or duplicated."""
    data = bytearray(orjson.dumps(draw(article_dicts())))
    for _ in range(draw(st.integers(1, 8))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(("flip", "insert", "delete", "repeat")))
        if action == "flip" and where < len(data):
            data[where] ^= 1 << draw(st.integers(0, 7))
        elif action == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[where : where + draw(st.integers(1, 8))]
        else:
            data[where:where] = data[where : where + draw(st.integers(1, 64))] * 3
    return bytes(data)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.one_of(mutated_articles(), st.binary(max_size=2048), st.none()))
def test_process_record_never_raises_and_accounts_for_every_record(value: bytes | None) -> None:
    outcome = process_record(source(value), NOW)
    topics = [record.topic for record in outcome.outputs]
    if outcome.rejection is None:
        assert topics.count(PROCESSED) == 1 and DLQ not in topics
    else:
        assert topics == [DLQ]
        assert outcome.rejection.code in ERROR_CODES
        assert outcome.rejection.code != EXTRACTOR_FAILED, outcome.rejection.message  # a core bug
        assert outcome.rejection.message and "\n" not in outcome.rejection.message


@pytest.mark.kafka
def test_a_worker_dead_letters_over_a_thousand_fuzzed_records_and_keeps_the_good_ones(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    bad = malformed_records()
    assert len(bad) >= 1000
    good = good_articles(GOOD_ARTICLES)
    records: list[tuple[bytes, bytes | None]] = [
        (f"bad-{i:04d}".encode(), value) for i, (_, value) in enumerate(bad)
    ]
    records += [(str(article["id"]).encode(), orjson.dumps(article)) for article in good]
    random.Random(SEED).shuffle(records)  # good and bad interleaved, in every partition
    expected_code = {f"bad-{i:04d}".encode(): KINDS[kind].code for i, (kind, _) in enumerate(bad)}
    original = dict(records)

    started = time.monotonic()
    with WorkerProcess(tmp_path / "worker.log") as worker:
        produce_raw(kafka_settings, records)
        wait_for_count(kafka_settings, [PROCESSED, DLQ], len(records), 240, worker)
        elapsed = time.monotonic() - started
        assert worker.alive(), worker.log_tail()
        exit_code = worker.stop(signal.SIGTERM)
    assert exit_code == 0, worker.log_tail()
    assert "Traceback" not in worker.log_path.read_text(errors="replace")

    letters = read_topic(kafka_settings, DLQ)
    processed = read_topic(kafka_settings, PROCESSED)
    # The accounting invariant: exactly one processed or dead-letter record per input.
    assert len(letters) + len(processed) == len(records)
    assert Counter(r.key for r in letters) == Counter(expected_code.keys())
    raw_topic = topic_name(RAW, kafka_settings.topic_prefix).encode()
    wrong: list[str] = []
    for letter in letters:
        assert letter.key is not None
        code = letter.headers.get("error.code", b"").decode()
        if code != expected_code[letter.key]:
            wrong.append(f"{letter.key!r}: {code} instead of {expected_code[letter.key]}")
        assert letter.value == original[letter.key], f"{letter.key!r}: bytes changed"
        assert letter.headers["source.topic"] == raw_topic
        message = letter.headers["error.message"].decode()
        assert 0 < len(message) <= MAX_ERROR_MESSAGE
    assert not wrong, f"{len(wrong)} wrong codes, e.g. {wrong[:5]}"

    # Every good article: processed once, with the events process_record gives it.
    assert sorted(r.key for r in processed) == sorted(str(a["id"]).encode() for a in good)
    expected_events: dict[str, Counter[bytes]] = {}
    for article in good:
        RawArticle.model_validate(article)  # the fixtures are good input
        outcome = process_record(source(orjson.dumps(article)), NOW)
        expected_events[str(article["id"])] = Counter(
            r.value or b"" for r in outcome.outputs if r.topic != PROCESSED
        )
    seen: dict[str, Counter[bytes]] = defaultdict(Counter)
    for name in EVENT_TOPICS.values():
        for record in read_topic(kafka_settings, name):
            seen[orjson.loads(record.value or b"{}")["article_id"]][record.value or b""] += 1
    assert sum(map(len, expected_events.values())) > GOOD_ARTICLES  # events, not just records
    for article_id, events in expected_events.items():
        assert seen.get(article_id, Counter()) == events, f"{article_id}: events differ"
    assert set(seen) <= set(expected_events)

    kinds = Counter(kind for kind, _ in bad)
    REPORTS.append(
        f"fuzzed bad input (seed {SEED}): {len(bad)} malformed records of {len(kinds)} kinds "
        f"+ {len(good)} good articles through one worker in {elapsed:.1f} s: all dead-lettered "
        "with their codes, every good article's events as offline, worker alive"
    )
