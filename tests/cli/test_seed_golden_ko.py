"""The seed story in Korean (written for this project in Yonhap's Korean style from
seeds/000_a3735ce1eb85095f.txt) through `wirestream classify`, pinned field by field.

The file carries no `language`: its Hangul body routes it to the Korean extractor. Expected
values are read off the article by a person, not produced by the code.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

SEED_KO = Path(__file__).resolve().parents[1] / "fixtures" / "articles" / "seed_ko_yonhap.txt"
CLASSIFY = [
    sys.executable, "-m", "streams.cli", "classify", str(SEED_KO),
    "--published-at", "2025-01-24T09:00:00+09:00", "--source", "Yonhap",
]  # fmt: skip


@pytest.fixture(scope="module")
def events() -> list[dict[str, Any]]:
    result = subprocess.run(CLASSIFY, capture_output=True, check=True)
    assert result.stderr == b""
    return [orjson.loads(line) for line in result.stdout.splitlines()]


def _of_type(events: list[dict[str, Any]], event_type: str) -> list[dict[str, Any]]:
    return [e for e in events if e["event_type"] == event_type]


def test_exactly_one_call_between_rubio_and_rutte(events: list[dict[str, Any]]) -> None:
    (call,) = _of_type(events, "call_readout")
    people = {p["name"]: p for p in call["participants"]}
    assert set(people) == {"마코 루비오", "마크 뤼터"}  # Hangul, as written
    assert people["마코 루비오"]["country"] == "United States"
    assert people["마코 루비오"]["title"] == "국무장관"
    assert people["마크 뤼터"]["organization"] == "NATO"
    assert call["medium"] == "phone"
    assert call["occurred_on"] == "2025-01-22"  # "지난 22일", not the 23일 of the announcement
    assert call["announced_by"]["organization"] == "State Department"
    assert call["codes"] == {"cameo": "041", "plover": "CONSULT", "plover_mode": "phone"}


def test_exactly_one_deal_with_korean_amounts(events: list[dict[str, Any]]) -> None:
    (deal,) = _of_type(events, "cost_sharing_deal")
    assert deal["parties"] == ["South Korea", "United States"]
    assert deal["agreement"] == "Special Measures Agreement"
    assert deal["period"] == {"start_year": 2026, "end_year": 2030}
    assert deal["codes"]["cameo"] == "057"
    amounts = [(a["value"], a["currency"], a["text"], a["role"]) for a in deal["amounts"]]
    assert amounts == [
        (1_519_200_000_000, "KRW", "1조5192억원", "payment"),
        (1_060_000_000, "USD", "10억6000만 달러", "equivalent"),
        (1_402_800_000_000, "KRW", "1조4028억원", "previous"),
    ]
    # "8.3% 늘어난다" is a rate, and Trump's "100억 달러" a demand: neither is in the deal.
    assert all(a["currency"] in ("KRW", "USD") and a["value"] > 10**9 for a in deal["amounts"])


def test_the_statements_and_their_speakers(events: list[dict[str, Any]]) -> None:
    statements = _of_type(events, "statement")
    speakers = {s["speaker"]["name"] for s in statements}
    assert speakers == {"미 국무부", "태미 브루스", "도널드 트럼프"}
    department = next(s for s in statements if s["speaker"]["name"] == "미 국무부")
    assert department["speaker"]["organization"] == "State Department"
    assert department["speaker"]["country"] == "United States"
    demand = [a for s in statements for a in s["amounts"] if a["text"] == "100억 달러"]
    assert demand == [
        {"value": 10_000_000_000, "currency": "USD", "text": "100억 달러", "year": None,
         "role": "demand"}
    ]  # fmt: skip
    release = [s for s in statements if s["channel"] == "written_statement"]
    assert [s["speaker"]["name"] for s in release] == ["태미 브루스"]  # "보도자료에서"


def test_every_evidence_span_slices_the_body(events: list[dict[str, Any]]) -> None:
    body = SEED_KO.read_text(encoding="utf-8")
    assert events
    for event in events:
        assert event["evidence"]
        for span in event["evidence"]:
            assert body[span["start"] : span["end"]] == span["text"]
