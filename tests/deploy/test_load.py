"""deploy/load.py: its articles are valid and its bad records are dead letters with known codes."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson

from deploy.load import BAD, PHASES, articles
from streams.records.process import Outcome, SourceRecord, process_record

NOW = datetime(2026, 1, 5, tzinfo=UTC)


def _outcome(value: bytes) -> Outcome:
    return process_record(SourceRecord("raw", 0, 0, None, value), NOW)


def test_every_article_is_accepted_and_most_carry_events() -> None:
    pool = articles()
    assert len(pool) > 100
    outcomes = [_outcome(orjson.dumps({**a, "id": f"a{i}"})) for i, a in enumerate(pool)]
    assert all(o.rejection is None for o in outcomes)
    with_events = [o for o in outcomes if len(o.outputs) > 1]  # more than the processed record
    assert len(with_events) > len(pool) * 0.8


def test_bad_records_are_dead_letters_with_three_codes() -> None:
    codes = [_outcome(value).rejection for value in BAD]
    assert [c.code if c else None for c in codes] == ["invalid_json", "empty_body", "unknown_field"]


def test_phases_include_a_burst_and_a_quiet_end() -> None:
    rates = [rate for _, rate in PHASES]
    assert max(rates) >= 5 * rates[0]
    assert rates[-1] == 0
