"""One invented article and a record of every type made from it (formatting and tail tests)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from schemas import (
    CallReadout,
    CostSharingDeal,
    EventCodes,
    EvidenceSpan,
    Money,
    Period,
    Person,
    ProcessedRecord,
    RawArticle,
    Statement,
)

BODY = 'Rubio and Cho held phone talks. "We agreed," Cho said. Seoul will pay 1.52 trillion won.'
PUBLISHED = datetime(2025, 5, 10, 9, 30, tzinfo=UTC)


def _envelope(event_id: str) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "article_id": "yna-1",
        "source": "Yonhap",
        "headline": "Rubio, Cho hold phone talks",
        "published_at": PUBLISHED,
        "occurred_on": date(2025, 5, 7),
        "confidence": 0.9,
        "evidence": [EvidenceSpan(start=0, end=5, text="Rubio")],
        "extractor_version": "1.0.0",
    }


CALL = CallReadout(
    **_envelope("e-call"),
    codes=EventCodes(cameo="041", plover="CONSULT", plover_mode="phone"),
    participants=[
        Person(name="Marco Rubio", title="Secretary of State", country="United States"),
        Person(name="Cho Tae-yul", title="Foreign Minister"),
    ],
    medium="phone",
    announced_by=Person(name="Tammy Bruce", title="spokesperson"),
    topics=["North Korea"],
    agreements=["close coordination"],
)
DEAL = CostSharingDeal(
    **_envelope("e-deal"),
    codes=EventCodes(cameo="057"),
    parties=["South Korea", "United States"],
    agreement="Special Measures Agreement",
    period=Period(start_year=2026, end_year=2030),
    amounts=[
        Money(value=1520000000000, currency="KRW", text="1.52 trillion won", year=2026),
        Money(value=1.13e9, currency="USD", text="$1.13 billion", role="equivalent"),
    ],
    status="concluded",
)
STATEMENT = Statement(
    **_envelope("e-stmt"),
    codes=EventCodes(cameo="010"),
    speaker=Person(name="Cho Tae-yul", title="Foreign Minister"),
    quote="We agreed",
    content='"We agreed," Cho said.',
    channel="briefing",
)
ARTICLE = RawArticle(id="yna-1", source="Yonhap", headline="Rubio, Cho hold phone talks", body=BODY)
PROCESSED = ProcessedRecord(
    article_id="yna-1",
    event_ids=["e-call", "e-stmt"],
    counts={"call_readout": 1, "statement": 1},
    extractor_version="1.0.0",
    processed_at=PUBLISHED,
    latency_ms=42.4,
)
