"""The seed article through `wirestream classify`, pinned field by field.

Expected values are read off the article by a person, not produced by the code.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_a3735ce1eb85095f.txt"
# The README's command, run for real.
CLASSIFY_SEED = [
    sys.executable, "-m", "streams.cli", "classify", str(SEED),
    "--published-at", "2025-01-24T09:00:00+09:00", "--source", "Yonhap",
]  # fmt: skip


@pytest.fixture(scope="module")
def events() -> list[dict[str, Any]]:
    result = subprocess.run(CLASSIFY_SEED, capture_output=True, check=True)
    assert result.stderr == b""
    return [orjson.loads(line) for line in result.stdout.splitlines()]


def _of_type(events: list[dict[str, Any]], event_type: str) -> list[dict[str, Any]]:
    return [e for e in events if e["event_type"] == event_type]


def test_exactly_one_call_readout_rubio_rutte(events: list[dict[str, Any]]) -> None:
    (call,) = _of_type(events, "call_readout")
    assert {p["name"] for p in call["participants"]} == {"Marco Rubio", "Mark Rutte"}
    rubio = next(p for p in call["participants"] if p["name"] == "Marco Rubio")
    assert rubio["title"] == "Secretary of State"
    assert rubio["country"] == "United States"
    assert call["announced_by"]["name"] == "Tammy Bruce"
    assert call["occurred_on"] == "2025-01-22"  # "on Wednesday", published Friday KST
    assert call["medium"] == "phone"
    assert call["codes"]["cameo"] == "041"
    assert call["codes"]["plover"] == "CONSULT"
    assert any("burden sharing" in t for t in call["topics"])
    assert any("Euro-Atlantic" in a for a in call["agreements"])


def test_exactly_one_cost_sharing_deal(events: list[dict[str, Any]]) -> None:
    (deal,) = _of_type(events, "cost_sharing_deal")
    assert sorted(deal["parties"]) == ["South Korea", "United States"]
    assert deal["agreement"] == "Special Measures Agreement"
    assert deal["period"] == {"start_year": 2026, "end_year": 2030}
    assert deal["status"] == "concluded"
    amounts = [
        (a["value"], a["currency"], a["year"], a["role"], a["text"]) for a in deal["amounts"]
    ]
    assert amounts == [
        (1_520_000_000_000, "KRW", 2026, "payment", "1.52 trillion won"),
        (1_060_000_000, "USD", 2026, "equivalent", "$1.06 billion"),
        (1_400_000_000_000, "KRW", 2025, "previous", "1.4 trillion won"),
    ]
    # The campaign claim of $10 billion a year is a demand, not part of the deal.
    assert all(a["value"] != 10_000_000_000 for a in deal["amounts"])
    assert deal["codes"]["cameo"] == "057"


def test_statements_by_bruce_and_trump(events: list[dict[str, Any]]) -> None:
    statements = _of_type(events, "statement")
    speakers = {s["speaker"]["name"] for s in statements}
    assert {"Tammy Bruce", "Donald Trump"} <= speakers
    readout = [s for s in statements if s["channel"] == "readout"]
    assert readout and readout[0]["speaker"]["name"] == "Tammy Bruce"
    assert readout[0]["quote"].startswith("Secretary Rubio reinforced the US commitment to NATO")
    demand = next(s for s in statements if "$10 billion" in s["content"])
    assert demand["speaker"]["name"] == "Donald Trump"
    assert demand["channel"] == "speech"
    assert [(m["value"], m["role"]) for m in demand["amounts"]] == [(10_000_000_000, "demand")]
    money_machine = next(s for s in statements if s["quote"] == "money machine")
    assert money_machine["speaker"]["name"] == "Donald Trump"  # "He also described ..."
    # "the State Department said Thursday": the Thursday before Friday's publication.
    department = next(s for s in statements if s["speaker"]["name"] == "State Department")
    assert department["occurred_on"] == "2025-01-23"
    assert department["speaker"]["organization"] == "State Department"


def test_nothing_from_the_photo_caption(events: list[dict[str, Any]]) -> None:
    body = SEED.read_text(encoding="utf-8")
    caption_end = body.index("US Secretary of State Marco Rubio and")
    for event in events:
        for span in event["evidence"]:
            assert span["start"] >= caption_end, event["event_type"]


def test_every_evidence_span_slices_back(events: list[dict[str, Any]]) -> None:
    body = SEED.read_text(encoding="utf-8")
    assert events
    for event in events:
        assert event["evidence"]
        for span in event["evidence"]:
            assert body[span["start"] : span["end"]] == span["text"]


def test_event_ids_are_unique_and_stable(events: list[dict[str, Any]]) -> None:
    ids = [e["event_id"] for e in events]
    assert len(ids) == len(set(ids))
    again = subprocess.run(CLASSIFY_SEED, capture_output=True, check=True)
    assert [orjson.loads(line)["event_id"] for line in again.stdout.splitlines()] == ids
