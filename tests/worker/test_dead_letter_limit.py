"""The dead-letter limit as a pure policy: share over a sliding window, consecutive runs, per
code; and how it is configured (one JSON setting, unknown codes refused)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from schemas import RawArticle
from streams.kafka.lag import consumer_lag
from streams.records.codec import EXTRACTOR_FAILED, INVALID_JSON
from streams.records.topics import DLQ, PROCESSED
from streams.settings import Settings
from streams.worker.dead_letter_limit import CodeLimit, DeadLetterLimit, limit_from_settings
from tests.support.kafka_helpers import WorkerProcess, produce_raw, read_topic, wait_for_count
from tests.support.observability import scrape

F = EXTRACTOR_FAILED
LIMITS = '{"extractor_failed": {"window": 100, "max_consecutive": 5}}'
BROKEN = (sys.executable, "-m", "tests.support.broken_extractor", "worker", "--loglevel", "info")


def first_crossing(limit: DeadLetterLimit, codes: list[str | None]) -> int | None:
    """Index of the record whose batch-of-one crosses the limit (None if none does)."""
    for i, code in enumerate(codes):
        if limit.observe([code]) is not None:
            return i
    return None


def test_a_run_longer_than_max_consecutive_crosses_and_a_good_record_resets_it() -> None:
    limit = DeadLetterLimit({F: CodeLimit(window=1000, max_share=None, max_consecutive=3)})
    assert first_crossing(limit, [F, F, F, None, F, F, F, None]) is None
    crossing = limit.observe([F, F, F, F])
    assert crossing is not None and crossing.consecutive == 4 and crossing.code == F


def test_the_share_counts_only_the_last_window_records() -> None:
    # 3 of 10 allowed (0.3 x 10); a 4th inside the same 10 records crosses.
    limit = DeadLetterLimit({F: CodeLimit(window=10, max_share=0.3, max_consecutive=None)})
    spaced = [F, None, None, None] * 10  # never more than 3 in any 10 consecutive records
    assert first_crossing(limit, spaced) is None
    dense = DeadLetterLimit({F: CodeLimit(window=10, max_share=0.3, max_consecutive=None)})
    assert first_crossing(dense, [F, None, F, None, F, None, None, F]) == 7


def test_a_window_slides_old_dead_letters_out() -> None:
    limit = DeadLetterLimit({F: CodeLimit(window=4, max_share=0.5, max_consecutive=None)})
    # At most 2 of the last 4. The 3rd F comes when the 1st has left the window: no crossing
    # (counted since the start it would be 3).
    assert first_crossing(limit, [F, F, None, None, F]) is None
    assert limit.observe([F]) is None  # window: None None F F
    crossing = limit.observe([F])  # window: None F F F
    assert crossing is not None and crossing.in_window == 3 and crossing.window == 4


def test_other_codes_and_good_records_are_not_counted_for_a_limited_code() -> None:
    limit = DeadLetterLimit({F: CodeLimit(window=5, max_share=0.2, max_consecutive=1)})
    assert limit.observe([INVALID_JSON] * 50) is None
    assert limit.observe([F]) is None
    crossing = limit.observe([INVALID_JSON, F])
    assert crossing is not None and crossing.in_window == 2


def test_the_message_names_the_code_the_counts_and_the_limits() -> None:
    limit = DeadLetterLimit({F: CodeLimit(window=100, max_share=0.2, max_consecutive=5)})
    crossing = limit.observe([F] * 6)
    assert crossing is not None
    assert crossing.message() == (
        "dead-letter limit crossed for extractor_failed: 6 of the last 100 records and 6 in a "
        "row (at most 20% of the last 100 records; at most 5 in a row)"
    )


def test_by_default_the_limit_is_on_for_extractor_failures_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WIRESTREAM_DEAD_LETTER_LIMITS", raising=False)
    limit = limit_from_settings(Settings())
    assert limit is not None and limit.codes == {EXTRACTOR_FAILED}
    assert limit.observe([INVALID_JSON] * 5000) is None


def test_limits_come_from_one_json_variable_and_unknown_codes_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(
        "WIRESTREAM_DEAD_LETTER_LIMITS",
        '{"invalid_json": {"window": 10, "max_share": 0.5, "max_consecutive": null}}',
    )
    settings = Settings()
    assert settings.dead_letter_limits["invalid_json"].max_consecutive is None
    limit = limit_from_settings(settings)
    assert limit is not None and limit.codes == {INVALID_JSON}
    monkeypatch.setenv("WIRESTREAM_DEAD_LETTER_LIMITS", "{}")
    assert limit_from_settings(Settings()) is None
    monkeypatch.setenv("WIRESTREAM_DEAD_LETTER_LIMITS", '{"extractor_broke": {}}')
    with pytest.raises(ValueError, match="unknown error codes extractor_broke; the codes are"):
        limit_from_settings(Settings())


@pytest.mark.kafka
def test_a_worker_whose_extractor_fails_stops_at_the_limit_and_commits_nothing_past_it(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    """A real worker with a broken extractor: exit 70 naming the code and counts, the metric
    counts the stop, the crossing batch is not committed, and a fixed worker processes it."""
    articles = [
        RawArticle(id=f"limit-{i}", source="Yonhap", body=f"Seoul said on Monday it was ready {i}.")
        for i in range(30)
    ]
    produce_raw(kafka_settings, [(a.id.encode(), a.model_dump_json().encode()) for a in articles])
    # Five failures in a row are allowed, the sixth stops the worker; batches of at most 3.
    # Its exit leaves no group: the fixed worker joins once the broker's minimum session
    # (6 s) has passed, not the tests' 10 s.
    env = {
        "WIRESTREAM_DEAD_LETTER_LIMITS": LIMITS,
        "WIRESTREAM_DEAD_LETTER_STOP_GRACE_S": "4",
        "WIRESTREAM_BATCH_MAX_RECORDS": "3",
        "WIRESTREAM_SESSION_TIMEOUT_S": "6",
    }
    broken = WorkerProcess(tmp_path / "broken.log", env=env, command=BROKEN).start(wait_ready=False)
    assert broken.process is not None
    deadline = time.monotonic() + 90
    while "dead-letter limit crossed" not in broken.log_path.read_text(errors="replace"):
        assert broken.process.poll() is None, broken.log_tail()
        assert time.monotonic() < deadline, broken.log_tail()
        time.sleep(0.2)
    stops = scrape(f"http://127.0.0.1:{kafka_settings.web_port}/metrics")
    assert 'wirestream_dead_letter_limit_stops_total{code="extractor_failed"} 1.0' in stops
    assert broken.process.wait(timeout=60) == 70, broken.log_tail()
    log = broken.log_path.read_text(errors="replace")
    assert (
        "dead-letter limit crossed for extractor_failed: 6 of the last 100 records and 6 in a row"
        in log
    ), broken.log_tail()
    assert "stopping without committing the batch" in log

    # Sent and committed: exactly the batches before the crossing one (at most 5 records).
    letters = read_topic(kafka_settings, DLQ)
    assert 1 <= len(letters) <= 5
    assert {r.headers["error.code"] for r in letters} == {b"extractor_failed"}
    committed = len(articles) - sum(consumer_lag(kafka_settings).values())
    assert committed == len(letters), "offsets committed beyond the dead letters sent"

    # A fixed deploy (the real extractor) resumes at the crossing batch: nothing lost.
    with WorkerProcess(tmp_path / "fixed.log") as fixed:
        wait_for_count(kafka_settings, [PROCESSED], len(articles) - len(letters), 120, fixed)
    processed = {r.key for r in read_topic(kafka_settings, PROCESSED)}
    assert processed | {r.key for r in letters} == {a.id.encode() for a in articles}
