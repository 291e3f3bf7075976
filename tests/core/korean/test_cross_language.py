"""An English and a Korean report of the same call give participants with the same `country`
values (canonical English names in both), so the two reports can be joined."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from schemas import CallReadout, RawArticle
from streams.core import extract_events

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
SEED_EN = Path(__file__).resolve().parents[3] / "seeds" / "000_a3735ce1eb85095f.txt"
PUBLISHED = datetime.fromisoformat("2025-05-09T10:00:00+09:00")

# The same invented call, written once for the English and once for the Korean service.
CALL_EN = (
    "SEOUL, May 9 (Yonhap) -- South Korean Foreign Minister Seo Ji-hoon held phone talks with "
    "Chinese Foreign Minister Liu Jianqing on Thursday and discussed North Korea's latest "
    "missile launches, the foreign ministry said. Seo asked Beijing to play a constructive "
    "role, the ministry said."
)
CALL_KO = (
    "(서울=연합뉴스) 정하늘 기자 = 서지훈 외교부 장관은 8일 류젠칭 중국 외교부장과 전화 통화를 "
    "갖고 북한의 잇단 미사일 발사 문제를 논의했다고 외교부가 9일 밝혔다.\n"
    "서 장관은 통화에서 중국이 건설적 역할을 해 달라고 요청했다."
)


def _call(body: str, language: str, published: datetime = PUBLISHED) -> CallReadout:
    article = RawArticle(
        id=f"same-call-{language}", source="Yonhap", language=language, body=body,
        published_at=published,
    )  # fmt: skip
    (call,) = [e for e in extract_events(article) if isinstance(e, CallReadout)]
    return call


def _countries(call: CallReadout) -> Counter[str | None]:
    return Counter(p.country for p in call.participants)


def test_foreign_ministers_call_in_both_languages() -> None:
    english, korean = _call(CALL_EN, "en"), _call(CALL_KO, "ko")
    assert _countries(english) == _countries(korean) == Counter({"South Korea": 1, "China": 1})
    assert english.occurred_on == korean.occurred_on
    assert {p.name for p in korean.participants} == {"서지훈", "류젠칭"}


@pytest.mark.parametrize("korean_language", ["ko", "ko-KR"])
def test_the_seed_story_in_both_languages(korean_language: str) -> None:
    published = datetime.fromisoformat("2025-01-24T09:00:00+09:00")
    english = _call(SEED_EN.read_text(encoding="utf-8"), "en", published)
    korean = _call(
        (FIXTURES / "seed_ko_yonhap.txt").read_text(encoding="utf-8"), korean_language, published
    )
    assert _countries(english) == _countries(korean)
    assert english.occurred_on == korean.occurred_on
