"""Hostile and random input to the Korean extractor: any Unicode never raises, Korean wire-like
bodies give events whose evidence slices back out of the body, ids are deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import RawArticle
from streams.core import extract_events
from tests.core.test_properties import check_events, check_text_fields

hangul = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
unicode_chars = st.characters(exclude_categories=("Cs",))
# Jamo, compatibility jamo, halfwidth forms, hanja, fullwidth punctuation: the scripts and
# marks Korean copy mixes in, plus anything else.
korean_marks = st.sampled_from(
    list("각ㄱㅏㅎ　「」『』【】《》〈〉“”‘’·…∼~%（）王毅美韓北中日\u200b\ufeff")
)
random_text = st.text(alphabet=st.one_of(hangul, unicode_chars, korean_marks), max_size=40)

# Invented phrases: names with titles after them, bodies, verbs, calls, amounts, dates.
SUBJECTS = (
    "서지훈 외교부 장관은",
    "마이클 하딩 미국 국무장관이",
    "류젠칭(劉建清) 중국 외교부장은",
    "외교부는",
    "미 국방부가",
    "일본 외무성은",
    "대통령실 관계자는",
    "한 권한대행은",
    "두 장관은",
    "교도통신은",
    "조 장관은",
    "미국은",
)
MIDDLES = (
    "7일 하딩 장관과 전화 통화를 갖고",
    "어제(9일) 화상 회담을 열고",
    "지난 1일 통화에서",
    "오늘(28일) 통화할 예정이라며",
    "2026∼2030년에 적용되는 제12차 방위비분담특별협정(SMA)을 타결했고",
    "분담금은 1조5192억원(약 10억6000만 달러)으로 13.9% 인상된",
    "100억 달러를 내야 한다고 주장하며",
    "현지시간 26일 회담에서",
    '"북한의 도발은 용납할 수 없다"',
)
VERBS = ("고 밝혔다.", "라고 말했다.", "고 강조했습니다.", "에 따르면", "고 전했다.", "했다.", "")
GAPS = (" ", "", "\n", "\n    ", "  ", "\u3000")


def slot(options: tuple[str, ...]) -> st.SearchStrategy[str]:
    listed = st.sampled_from(options)
    return st.one_of(
        listed, listed, listed, random_text, st.tuples(listed, random_text).map("".join)
    )


sentence = st.tuples(
    slot(SUBJECTS), st.sampled_from(GAPS), slot(MIDDLES), st.sampled_from(GAPS), slot(VERBS)
).map("".join)
bodies = (
    st.lists(st.one_of(sentence, sentence, random_text), min_size=1, max_size=25)
    .map("\n".join)
    .filter(str.strip)
)
COMMON = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@COMMON
@given(body=st.text(alphabet=st.one_of(hangul, unicode_chars, korean_marks), min_size=1,
                    max_size=2_000).filter(str.strip))  # fmt: skip
def test_any_unicode_body_never_raises_in_the_korean_extractor(body: str) -> None:
    article = RawArticle(id="ko-unicode", source="Test Wire", language="ko", body=body)
    check_events(article, extract_events(article))


@COMMON
@given(body=bodies, language=st.sampled_from(["ko", "ko-KR", None]))
def test_korean_wire_like_bodies_give_valid_evidence(body: str, language: str | None) -> None:
    fields = {"language": language} if language else {}  # None: routed by the Hangul body
    article = RawArticle(
        id="ko-wire", source="Yonhap", body=body, published_at="2025-05-09T10:00:00+09:00",
        **fields,
    )  # fmt: skip
    events = extract_events(article)
    check_events(article, events)
    check_text_fields(article, events)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=bodies)
def test_korean_event_ids_are_deterministic(body: str) -> None:
    article = RawArticle(id="ko-ids", source="Yonhap", language="ko", body=body)
    first = [e.event_id for e in extract_events(article)]
    again = RawArticle(id="ko-ids", source="Yonhap", language="ko", body=body)
    assert first == [e.event_id for e in extract_events(again)]
