"""The Korean extractor's pure parts: money in Korean notation, dates in KST, routing, the
analyzer's bounded blocks, and small articles for each call, deal and statement rule."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from schemas import CallReadout, CostSharingDeal, RawArticle, Statement
from streams.core import extract_events
from streams.core.korean.analyzer import MAX_BLOCK, blocks, sentences
from streams.core.korean.dates import publication_date_kst, resolve_korean_date
from streams.core.korean.money import find_money, parse_korean_number
from streams.core.korean.routing import is_korean


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("1조5192억원", 1_519_200_000_000, "KRW"),
        ("9602억원", 960_200_000_000, "KRW"),
        ("9천602억 원", 960_200_000_000, "KRW"),
        ("1조 389억원", 1_038_900_000_000, "KRW"),
        ("8,695억 원", 869_500_000_000, "KRW"),
        ("10억6000만 달러", 1_060_000_000, "USD"),
        ("8억 3천만 달러", 830_000_000, "USD"),
        ("100억 달러", 10_000_000_000, "USD"),
        ("46조7천억원", 46_700_000_000_000, "KRW"),
        ("1조551억엔", 1_055_100_000_000, "JPY"),
        ("5000원", 5_000, "KRW"),
    ],
)
def test_korean_amounts_are_normalized_to_value_and_iso_currency(
    text: str, value: int, currency: str
) -> None:
    (money,) = find_money(f"분담금은 {text}으로 정해졌다")
    assert (money.value, money.currency) == (value, currency)
    assert f"분담금은 {text}으로 정해졌다"[money.start : money.end] == text


def test_a_rate_is_not_an_amount() -> None:
    assert find_money("지난해보다 13.9% 인상됐다") == []
    assert parse_korean_number("1조5192억") == 1_519_200_000_000


PUBLISHED = date(2025, 3, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("외교부는 7일 밝혔다", date(2025, 3, 7)),
        ("지난 1일 통화에서", date(2025, 3, 1)),
        ("30일 통화했다", None),  # the 30th is still ahead in March, and February has none
        ("어제(27일) 통화했다", date(2025, 3, 27)),
        ("오늘(28일) 오전", date(2025, 3, 28)),
        ("어제 오후 통화했다", date(2025, 3, 27)),
        ("전날 통화했다", date(2025, 3, 27)),
        ("현지시간 26일 회담했다", date(2025, 3, 26)),
        ("2024년 10월 4일 타결했다", date(2024, 10, 4)),
        ("10월 4일 타결했다", date(2024, 10, 4)),
        ("5일간 열렸다", None),
    ],
)
def test_korean_dates_resolve_against_the_publication_day(text: str, expected: date | None) -> None:
    assert resolve_korean_date(text, PUBLISHED) == expected


def test_a_day_still_ahead_is_in_the_previous_month() -> None:
    assert resolve_korean_date("29일 통화했다", date(2025, 4, 2)) == date(2025, 3, 29)


def test_the_publication_day_is_taken_in_kst() -> None:
    # 23:30 UTC on the 23rd is already the 24th in Seoul.
    assert publication_date_kst(datetime.fromisoformat("2025-01-23T23:30:00+00:00")) == date(
        2025, 1, 24
    )
    assert publication_date_kst(None) is None


def _article(body: str, **fields: object) -> RawArticle:
    return RawArticle(id="route", source="Yonhap", body=body, **fields)  # type: ignore[arg-type]


def test_routing_by_language_and_by_hangul_body() -> None:
    hangul = "외교부는 7일 밝혔다."
    assert is_korean(_article("Seoul said.", language="ko"))
    assert is_korean(_article("Seoul said.", language="ko-KR"))
    assert is_korean(_article(hangul))  # no language: the body decides
    assert not is_korean(_article("The ministry said on Monday (서울)."))
    assert not is_korean(_article(hangul, language="en"))  # an explicit language is respected


def test_blocks_are_bounded_and_cover_the_text() -> None:
    text = "가" * (3 * MAX_BLOCK + 7) + "\n" + "나 " * MAX_BLOCK
    spans = blocks(text)
    assert all(end - start <= MAX_BLOCK for start, end in spans)
    assert "".join(text[s:e] for s, e in spans).strip() == text.strip()


def test_sentences_keep_offsets_into_the_text_with_astral_characters() -> None:
    text = "😀 첫 문장이다. 두 번째 문장은\n    줄을 바꿔 이어진다.\n세 번째."
    found = sentences(text)
    assert [text[s.start : s.end] for s in found] == [
        "😀 첫 문장이다.",
        "두 번째 문장은\n    줄을 바꿔 이어진다.",
        "세 번째.",
    ]
    for sentence in found:
        for token in sentence.tokens:
            assert text[token.start : token.end].replace("\n", " ").strip()


def _events(body: str) -> list[object]:
    return list(
        extract_events(
            RawArticle(
                id="unit", source="Yonhap", language="ko", body=body,
                published_at=datetime.fromisoformat("2025-05-09T10:00:00+09:00"),
            )
        )
    )  # fmt: skip


def test_a_video_call_with_titles_after_names() -> None:
    (call,) = [
        e
        for e in _events("정다인 국방부 장관은 8일 톰 하워드 미국 국방장관과 화상 통화를 했다.")
        if isinstance(e, CallReadout)
    ]
    assert [(p.name, p.title, p.country) for p in call.participants] == [
        ("정다인", "장관", "South Korea"),
        ("톰 하워드", "국방장관", "United States"),
    ]
    assert call.medium == "video" and call.codes.plover_mode == "video"
    assert call.occurred_on == date(2025, 5, 8)


@pytest.mark.parametrize(
    "body",
    [
        "정다인 국방부 장관은 다음 주 톰 하워드 미국 국방장관과 통화할 예정이다.",
        "정다인 국방부 장관은 8일 톰 하워드 미국 국방장관과 서울에서 회담했다.",
        "정다인 국방부 장관은 톰 하워드 미국 국방장관과의 통화 일정을 조율하고 있다.",
    ],
)
def test_planned_calls_and_meetings_are_not_calls(body: str) -> None:
    assert not [e for e in _events(body) if isinstance(e, CallReadout)]


def test_a_demand_is_a_statement_and_never_a_deal() -> None:
    events = _events(
        "톰 하워드 미국 국방장관은 한국이 방위비 분담금으로 100억 달러를 내야 한다고 요구했다."
    )
    assert not [e for e in events if isinstance(e, CostSharingDeal)]
    (statement,) = [e for e in events if isinstance(e, Statement)]
    assert statement.speaker.name == "톰 하워드"
    assert [(a.value, a.role) for a in statement.amounts] == [(10_000_000_000, "demand")]


def test_a_media_attribution_is_not_a_statement() -> None:
    body = "교도통신은 일본 정부가 한일 회담을 추진하고 있다고 보도했다."
    assert not [e for e in _events(body) if isinstance(e, Statement)]


def test_japans_share_of_the_guam_relocation_is_a_guam_deal() -> None:
    (deal,) = [
        e
        for e in _events(
            "미일 양국은 오키나와 주둔 미 해병대 3천명을 괌으로 옮기기로 했다.\n"
            "해병대 이전 비용 가운데 일본 측 부담분은 20억달러로 정했다."
        )
        if isinstance(e, CostSharingDeal)
    ]
    assert deal.agreement == "Guam International Agreement"
    assert deal.parties == ["Japan", "United States"]
    assert [(a.value, a.currency) for a in deal.amounts] == [(2_000_000_000, "USD")]


def test_relocation_news_without_a_share_is_no_deal() -> None:
    body = "미 해병대 2천명의 괌 이전이 늦어지고 있다. 이전 대상은 1만명 가운데 2천명이다."
    assert not [e for e in _events(body) if isinstance(e, CostSharingDeal)]


def test_subjects_joined_by_wa_both_speak() -> None:
    statements = [
        e
        for e in _events("미 해병대와 일본 방위성은 공동성명에서 훈련이 시작됐다고 밝혔다.")
        if isinstance(e, Statement)
    ]
    assert sorted((s.speaker.name, s.speaker.country) for s in statements) == [
        ("미 해병대", "United States"),
        ("일본 방위성", "Japan"),
    ]


def test_a_government_speaks_through_an_unnamed_official() -> None:
    (statement,) = [
        e
        for e in _events('일본 정부 관계자는 "부담을 덜기 위한 조치"라고 말했다.')
        if isinstance(e, Statement)
    ]
    assert statement.speaker.country == "Japan"
