"""Strict validation of the record contracts (schema v1, schemas/records.py).

Every rejection test checks that validation fails for exactly one reason and that the
error names the offending field, either in its location ("statement.confidence") or in
its message ("end (3) must be greater than start (5)"): downstream teams read these
messages in the dead-letter headers, so they must say what is wrong.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError

from schemas import (
    MAX_BODY_BYTES,
    CallReadout,
    CostSharingDeal,
    EventBase,
    EventCodes,
    EvidenceSpan,
    Money,
    Period,
    Person,
    RawArticle,
    Statement,
    parse_event,
)

# --------------------------------------------------------------------------------------
# A small invented article and one valid event of each type built by hand on top of it.
# --------------------------------------------------------------------------------------

BODY = (
    "VALLETTA, March 4 -- Interior Minister Orla Brennwick held a phone call with her "
    "Finnish counterpart Tapio Ruusula on Tuesday, the ministry said.\n"
    "The two countries signed a Special Measures Agreement on Monday under which the host "
    "will pay 2.4 billion euros in 2027 toward the upkeep of the visiting garrison.\n"
    '"We are pleased with the outcome," Brennwick said.'
)
KST = timezone(timedelta(hours=9))
PUBLISHED = datetime(2026, 3, 4, 15, 30, tzinfo=KST)


def span(fragment: str, body: str = BODY) -> EvidenceSpan:
    """Evidence for the first occurrence of `fragment` in `body`."""
    start = body.index(fragment)
    return EvidenceSpan(start=start, end=start + len(fragment), text=fragment)


def envelope(event_type: str, event_id: str) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "event_type": event_type,
        "schema_version": 1,
        "article_id": "test-article-001",
        "source": "Test Wire",
        "headline": "Ministers talk by phone",
        "published_at": PUBLISHED,
        "occurred_on": date(2026, 3, 3),
        "confidence": 0.9,
        "extractor_version": "1.0.0",
    }


def make_call() -> CallReadout:
    return CallReadout(
        **envelope("call_readout", "call_readout-0123456789abcdef01234567"),
        evidence=[span("held a phone call with her Finnish counterpart Tapio Ruusula")],
        codes=EventCodes(cameo="041", plover="CONSULT", plover_mode="phone"),
        participants=[
            Person(name="Orla Brennwick", title="Interior Minister", country="Malta"),
            Person(name="Tapio Ruusula", title="Interior Minister", country="Finland"),
        ],
        medium="phone",
        announced_by=Person(name="Interior Ministry", organization="Interior Ministry"),
        topics=["border cooperation"],
        agreements=["to meet in person next month"],
    )


def make_deal() -> CostSharingDeal:
    return CostSharingDeal(
        **envelope("cost_sharing_deal", "cost_sharing_deal-89abcdef0123456789abcdef"),
        evidence=[span("The two countries signed a Special Measures Agreement")],
        codes=EventCodes(cameo="057", plover="AGREE"),
        parties=["Malta", "Finland"],
        agreement="Special Measures Agreement",
        period=Period(start_year=2027, end_year=2031),
        amounts=[
            Money(
                value=2_400_000_000.0,
                currency="EUR",
                text="2.4 billion euros",
                year=2027,
                role="payment",
            )
        ],
        status="concluded",
    )


def make_statement() -> Statement:
    content = '"We are pleased with the outcome," Brennwick said.'
    return Statement(
        **envelope("statement", "statement-fedcba9876543210fedcba98"),
        evidence=[span(content)],
        codes=EventCodes(cameo="010"),
        speaker=Person(name="Orla Brennwick", title="Interior Minister"),
        quote="We are pleased with the outcome",
        content=content,
        channel=None,
    )


EVENT_MAKERS: dict[str, Callable[[], EventBase]] = {
    "call_readout": make_call,
    "cost_sharing_deal": make_deal,
    "statement": make_statement,
}


def dumped(event_type: str) -> dict[str, Any]:
    """A valid event of this type as plain JSON data, ready to be broken."""
    data: dict[str, Any] = json.loads(EVENT_MAKERS[event_type]().model_dump_json())
    return data


def valid_article(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "test-article-001",
        "source": "Test Wire",
        "url": "https://wire.example/a/1",
        "headline": "Ministers talk by phone",
        "published_at": PUBLISHED,
        "language": "en",
        "body": BODY,
    }
    data.update(overrides)
    return data


# --------------------------------------------------------------------------------------
# Assertion helper
# --------------------------------------------------------------------------------------


def assert_rejected(build: Callable[[], object], field: str) -> ValidationError:
    """`build()` fails validation with exactly one error, and that error names `field`."""
    with pytest.raises(ValidationError) as caught:
        build()
    err = caught.value
    errors = err.errors(include_url=False)
    assert len(errors) == 1, f"expected one error about {field!r}, got: {err}"
    (error,) = errors
    in_loc = field in [str(part) for part in error["loc"]]
    in_msg = re.search(rf"(?<![\w]){re.escape(field)}(?![\w])", error["msg"]) is not None
    assert in_loc or in_msg, f"error does not name {field!r}: loc={error['loc']} msg={error['msg']}"
    assert field in str(err), f"printed error does not name {field!r}: {err}"
    return err


# --------------------------------------------------------------------------------------
# Positive: the hand-built events are valid and round-trip through JSON
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("event_type", sorted(EVENT_MAKERS))
def test_round_trip_through_json(event_type: str) -> None:
    event = EVENT_MAKERS[event_type]()
    assert event.event_type == event_type
    parsed = parse_event(event.model_dump_json())
    assert type(parsed) is type(event)
    assert parsed == event
    assert parsed.model_dump_json() == event.model_dump_json()


@pytest.mark.parametrize("event_type", sorted(EVENT_MAKERS))
def test_round_trip_with_body_checks_evidence(event_type: str) -> None:
    event = EVENT_MAKERS[event_type]()
    assert parse_event(event.model_dump_json(), body=BODY) == event
    assert parse_event(event.model_dump(mode="json"), body=BODY) == event
    assert parse_event(event.model_dump_json().encode("utf-8"), body=BODY) == event
    for evidence in event.evidence:
        assert BODY[evidence.start : evidence.end] == evidence.text


@pytest.mark.parametrize("event_type", sorted(EVENT_MAKERS))
def test_round_trip_from_python_dump(event_type: str) -> None:
    event = EVENT_MAKERS[event_type]()
    assert parse_event(event.model_dump()) == event


def test_round_trip_keeps_money_and_period_exact() -> None:
    deal = make_deal()
    parsed = parse_event(deal.model_dump_json())
    assert isinstance(parsed, CostSharingDeal)
    assert parsed.amounts[0].value == 2_400_000_000
    assert parsed.amounts[0].currency == "EUR"
    assert parsed.period == Period(start_year=2027, end_year=2031)
    assert parsed.published_at == PUBLISHED
    assert parsed.published_at is not None and parsed.published_at.utcoffset() == timedelta(hours=9)


def test_schema_version_is_one_and_fixed() -> None:
    assert make_statement().schema_version == 1
    data = dumped("statement")
    data["schema_version"] = 2
    assert_rejected(lambda: parse_event(data), "schema_version")


def test_raw_article_round_trip() -> None:
    article = RawArticle(**valid_article())
    assert RawArticle.model_validate_json(article.model_dump_json()) == article
    minimal = RawArticle(id="x", source="Test Wire", body="Something happened.")
    assert minimal.language == "en"
    assert minimal.url is None and minimal.headline is None and minimal.published_at is None


# --------------------------------------------------------------------------------------
# Event envelope rejections
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("tag", ["meeting", "Statement", "call-readout", "", "statements"])
def test_unknown_event_type_rejected(tag: str) -> None:
    data = dumped("statement")
    data["event_type"] = tag
    assert_rejected(lambda: parse_event(data), "event_type")
    assert_rejected(lambda: parse_event(json.dumps(data)), "event_type")


def test_missing_event_type_rejected() -> None:
    data = dumped("statement")
    del data["event_type"]
    assert_rejected(lambda: parse_event(data), "event_type")


@pytest.mark.parametrize("event_type", sorted(EVENT_MAKERS))
def test_unknown_extra_field_rejected(event_type: str) -> None:
    data = dumped(event_type)
    data["sentiment"] = "positive"
    assert_rejected(lambda: parse_event(data), "sentiment")


def test_unknown_extra_field_in_nested_records_rejected() -> None:
    data = dumped("call_readout")
    data["participants"][0]["nickname"] = "OB"
    assert_rejected(lambda: parse_event(data), "nickname")
    data = dumped("cost_sharing_deal")
    data["amounts"][0]["exchange_rate"] = 1.1
    assert_rejected(lambda: parse_event(data), "exchange_rate")
    data = dumped("statement")
    data["evidence"][0]["paragraph"] = 3
    assert_rejected(lambda: parse_event(data), "paragraph")
    data = dumped("statement")
    data["codes"]["gdelt"] = "010"
    assert_rejected(lambda: parse_event(data), "gdelt")


def test_unknown_extra_field_in_raw_article_rejected() -> None:
    assert_rejected(lambda: RawArticle(**valid_article(author="Someone")), "author")


@pytest.mark.parametrize("confidence", [1.0000001, 1.5, 2, 100.0])
def test_confidence_above_one_rejected(confidence: float) -> None:
    data = dumped("statement")
    data["confidence"] = confidence
    assert_rejected(lambda: parse_event(data), "confidence")


def test_confidence_below_zero_rejected() -> None:
    data = dumped("call_readout")
    data["confidence"] = -0.01
    assert_rejected(lambda: parse_event(data), "confidence")


@pytest.mark.parametrize("confidence", [0, 0.0, 0.5, 1, 1.0])
def test_confidence_bounds_accepted(confidence: float) -> None:
    data = dumped("statement")
    data["confidence"] = confidence
    assert parse_event(data).confidence == confidence


def test_empty_evidence_rejected() -> None:
    data = dumped("statement")
    data["evidence"] = []
    assert_rejected(lambda: parse_event(data), "evidence")


@pytest.mark.parametrize("cameo", ["41", "0411", "041"])
def test_cameo_code_accepted(cameo: str) -> None:
    data = dumped("call_readout")
    data["codes"]["cameo"] = cameo
    assert parse_event(data).codes.cameo == cameo


@pytest.mark.parametrize("cameo", ["", "4", "04111", "O41", "consult"])
def test_bad_cameo_code_rejected(cameo: str) -> None:
    data = dumped("call_readout")
    data["codes"]["cameo"] = cameo
    assert_rejected(lambda: parse_event(data), "cameo")


# --------------------------------------------------------------------------------------
# Evidence spans
# --------------------------------------------------------------------------------------


def test_evidence_span_outside_body_rejected() -> None:
    data = dumped("statement")
    tail = BODY[-5:]
    # A span of the right length whose end runs past the body.
    data["evidence"] = [{"start": len(BODY) - 4, "end": len(BODY) + 1, "text": tail}]
    err = assert_rejected(lambda: parse_event(data, body=BODY), "evidence")
    assert "outside the body" in str(err)
    # Without the body there is nothing to check against: the same record is accepted.
    assert parse_event(data).evidence[0].end == len(BODY) + 1


def test_evidence_span_far_outside_body_rejected() -> None:
    data = dumped("call_readout")
    data["evidence"] = [{"start": 10_000, "end": 10_005, "text": "phone"}]
    assert_rejected(lambda: parse_event(json.dumps(data), body=BODY), "evidence")


def test_evidence_span_ending_exactly_at_body_end_accepted() -> None:
    data = dumped("statement")
    data["evidence"] = [{"start": len(BODY) - 5, "end": len(BODY), "text": BODY[-5:]}]
    assert parse_event(data, body=BODY).evidence[0].end == len(BODY)


def test_evidence_text_not_matching_body_rejected() -> None:
    data = dumped("statement")
    good = span("Brennwick said.")
    data["evidence"] = [{"start": good.start, "end": good.end, "text": "Ruusula's said."}]
    assert len("Ruusula's said.") == good.end - good.start
    err = assert_rejected(lambda: parse_event(data, body=BODY), "evidence")
    assert "does not match" in str(err)


def test_evidence_text_off_by_one_rejected() -> None:
    data = dumped("cost_sharing_deal")
    good = span("2.4 billion euros")
    data["evidence"] = [{"start": good.start + 1, "end": good.end + 1, "text": good.text}]
    assert_rejected(lambda: parse_event(data, body=BODY), "evidence")


def test_second_evidence_span_is_checked_too() -> None:
    data = dumped("call_readout")
    data["evidence"].append({"start": 0, "end": 4, "text": "ROME"})
    err = assert_rejected(lambda: parse_event(data, body=BODY), "evidence")
    assert "evidence[1]" in str(err)


@pytest.mark.parametrize(("start", "end"), [(5, 3), (5, 5), (0, 0)])
def test_evidence_end_not_after_start_rejected(start: int, end: int) -> None:
    with pytest.raises(ValidationError):
        EvidenceSpan(start=start, end=end, text="ab")
    assert_rejected(lambda: EvidenceSpan(start=start, end=end, text="ab"), "end")
    data = dumped("statement")
    data["evidence"] = [{"start": start, "end": end, "text": "ab"}]
    err = assert_rejected(lambda: parse_event(data), "end")
    assert "start" in str(err)


def test_evidence_length_must_match_text() -> None:
    assert_rejected(lambda: EvidenceSpan(start=0, end=4, text="VALLETTA"), "text")


def test_evidence_negative_start_rejected() -> None:
    assert_rejected(lambda: EvidenceSpan(start=-1, end=2, text="abc"), "start")


def test_evidence_empty_text_rejected() -> None:
    assert_rejected(lambda: EvidenceSpan(start=0, end=1, text=""), "text")


def test_evidence_uses_character_offsets_not_bytes() -> None:
    body = "Ministerin Größe-Ünal sagte: 한국 😀 said."
    ev = span("said", body)
    data = dumped("statement")
    data["evidence"] = [ev.model_dump()]
    assert parse_event(data, body=body).evidence[0] == ev
    byte_start = len(body[: ev.start].encode("utf-8"))
    data["evidence"] = [{"start": byte_start, "end": byte_start + 4, "text": "said"}]
    assert_rejected(lambda: parse_event(data, body=body), "evidence")


# --------------------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------------------


def money(**overrides: Any) -> Money:
    data: dict[str, Any] = {"value": 1_000_000.0, "currency": "USD", "text": "$1 million"}
    data.update(overrides)
    return Money(**data)


@pytest.mark.parametrize("value", [-1, -0.01, -1e12, -5e-324])
def test_negative_money_value_rejected(value: float) -> None:
    assert_rejected(lambda: money(value=value), "value")


def test_negative_money_value_inside_event_rejected() -> None:
    data = dumped("cost_sharing_deal")
    data["amounts"][0]["value"] = -2_400_000_000
    err = assert_rejected(lambda: parse_event(data), "value")
    assert "amounts" in str(err)


def test_zero_money_value_accepted() -> None:
    assert money(value=0).value == 0


@pytest.mark.parametrize(
    "currency", ["usd", "Usd", "US", "USDX", "US$", "$", "", " USD", "USD ", "U5D", "ÉUR", "₩"]
)
def test_bad_currency_code_rejected(currency: str) -> None:
    assert_rejected(lambda: money(currency=currency), "currency")


def test_bad_currency_code_inside_event_rejected() -> None:
    data = dumped("cost_sharing_deal")
    data["amounts"][0]["currency"] = "euro"
    assert_rejected(lambda: parse_event(data), "currency")


@pytest.mark.parametrize("currency", ["USD", "KRW", "JPY", "EUR", "CHF"])
def test_iso_currency_codes_accepted(currency: str) -> None:
    assert money(currency=currency).currency == currency


def test_money_text_required_and_non_empty() -> None:
    assert_rejected(lambda: money(text=""), "text")


@pytest.mark.parametrize("year", [1899, 2201])
def test_money_year_out_of_range_rejected(year: int) -> None:
    assert_rejected(lambda: money(year=year), "year")


def test_money_unknown_role_rejected() -> None:
    assert_rejected(lambda: money(role="bribe"), "role")


# --------------------------------------------------------------------------------------
# Period, call readout, statement, deal specifics
# --------------------------------------------------------------------------------------


def test_period_end_before_start_rejected() -> None:
    err = assert_rejected(lambda: Period(start_year=2026, end_year=2025), "end_year")
    assert "start_year" in str(err)


def test_period_end_before_start_inside_event_rejected() -> None:
    data = dumped("cost_sharing_deal")
    data["period"] = {"start_year": 2031, "end_year": 2027}
    assert_rejected(lambda: parse_event(data), "end_year")


def test_single_year_period_accepted() -> None:
    assert Period(start_year=2026, end_year=2026).end_year == 2026


@pytest.mark.parametrize("participants", [1, 0])
def test_call_readout_needs_two_participants(participants: int) -> None:
    data = dumped("call_readout")
    data["participants"] = data["participants"][:participants]
    assert_rejected(lambda: parse_event(data), "participants")


def test_call_readout_one_participant_rejected_by_constructor() -> None:
    event = make_call()
    fields = event.model_dump()
    fields["participants"] = fields["participants"][:1]
    assert_rejected(lambda: CallReadout(**fields), "participants")


def test_call_readout_bad_medium_rejected() -> None:
    data = dumped("call_readout")
    data["medium"] = "carrier pigeon"
    assert_rejected(lambda: parse_event(data), "medium")


def test_person_needs_a_name() -> None:
    assert_rejected(lambda: Person(name=""), "name")
    data = dumped("statement")
    data["speaker"]["name"] = ""
    assert_rejected(lambda: parse_event(data), "name")


def test_statement_needs_content() -> None:
    data = dumped("statement")
    data["content"] = ""
    assert_rejected(lambda: parse_event(data), "content")


def test_statement_bad_channel_rejected() -> None:
    data = dumped("statement")
    data["channel"] = "carrier pigeon"
    assert_rejected(lambda: parse_event(data), "channel")


def test_deal_needs_parties_and_a_known_status() -> None:
    data = dumped("cost_sharing_deal")
    data["parties"] = []
    assert_rejected(lambda: parse_event(data), "parties")
    data = dumped("cost_sharing_deal")
    data["status"] = "rumoured"
    assert_rejected(lambda: parse_event(data), "status")


def test_records_are_frozen() -> None:
    event = make_statement()
    with pytest.raises(ValidationError):
        event.confidence = 0.1  # type: ignore[misc]


# --------------------------------------------------------------------------------------
# RawArticle body
# --------------------------------------------------------------------------------------


def article_with_body(body: str) -> RawArticle:
    return RawArticle(**valid_article(body=body))


def test_max_body_bytes_is_one_mebibyte() -> None:
    assert MAX_BODY_BYTES == 1024 * 1024


# Pieces whose UTF-8 sizes are 1, 2, 3 and 4 bytes.
UNITS = [("a", 1), ("é", 2), ("한", 3), ("😀", 4)]


def exactly_one_mib(unit: str, size: int) -> str:
    """A body of exactly MAX_BODY_BYTES UTF-8 bytes made mostly of `unit`."""
    count, remainder = divmod(MAX_BODY_BYTES, size)
    body = unit * count + "a" * remainder
    assert len(body.encode("utf-8")) == MAX_BODY_BYTES
    return body


@pytest.mark.parametrize(("unit", "size"), UNITS)
def test_body_of_exactly_one_mebibyte_accepted(unit: str, size: int) -> None:
    body = exactly_one_mib(unit, size)
    assert article_with_body(body).body == body


@pytest.mark.parametrize(("unit", "size"), UNITS)
def test_body_one_byte_over_one_mebibyte_rejected(unit: str, size: int) -> None:
    body = exactly_one_mib(unit, size) + "a"
    assert len(body.encode("utf-8")) == MAX_BODY_BYTES + 1
    err = assert_rejected(lambda: article_with_body(body), "body")
    assert str(MAX_BODY_BYTES + 1) in str(err)


@pytest.mark.parametrize(("unit", "size"), UNITS[1:])
def test_body_over_limit_by_one_multibyte_character_rejected(unit: str, size: int) -> None:
    body = exactly_one_mib(unit, size) + unit
    assert len(body.encode("utf-8")) == MAX_BODY_BYTES + size
    assert_rejected(lambda: article_with_body(body), "body")


def test_body_limit_counts_bytes_not_characters() -> None:
    # Far fewer than 1 Mi characters, but more than 1 MiB of UTF-8.
    body = "한" * (MAX_BODY_BYTES // 3 + 1)
    assert len(body) < MAX_BODY_BYTES < len(body.encode("utf-8"))
    assert_rejected(lambda: article_with_body(body), "body")


def test_body_limit_applies_to_json_input() -> None:
    data = valid_article(body=exactly_one_mib("😀", 4))
    raw = json.dumps({**data, "published_at": PUBLISHED.isoformat()}, ensure_ascii=False)
    assert RawArticle.model_validate_json(raw).body == data["body"]
    data["body"] += "a"
    raw = json.dumps({**data, "published_at": PUBLISHED.isoformat()})
    assert_rejected(lambda: RawArticle.model_validate_json(raw), "body")


@pytest.mark.parametrize("body", ["", " ", "   \n\t  ", "\r\n", "\u00a0\u2003\u3000", "\n" * 1000])
def test_empty_or_whitespace_body_rejected(body: str) -> None:
    err = assert_rejected(lambda: article_with_body(body), "body")
    assert "empty" in str(err)


def test_missing_body_rejected() -> None:
    data = valid_article()
    del data["body"]
    assert_rejected(lambda: RawArticle(**data), "body")


@pytest.mark.parametrize("field", ["id", "source"])
def test_raw_article_id_and_source_required_non_empty(field: str) -> None:
    assert_rejected(lambda: RawArticle(**valid_article(**{field: ""})), field)
