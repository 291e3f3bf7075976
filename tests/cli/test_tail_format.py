"""`wirestream tail` formatting: pure functions, no Kafka."""

from __future__ import annotations

import base64
from typing import Any

import orjson
import pytest

from schemas import ClusterRecord, ClusterReport, EvidenceSpan, Period, Person
from streams.cli.tail_format import (
    TailRecord,
    clean,
    detect_kind,
    escape,
    format_json,
    format_text,
    preview_bytes,
    record_json,
    record_lines,
    short_name,
)
from streams.records.clusters import encode_cluster
from streams.records.codec import (
    Rejection,
    dead_letter_headers,
    encode_article,
    encode_event,
    encode_processed,
    event_headers,
)
from tests.support.samples import ARTICLE, BODY, CALL, DEAL, PROCESSED, STATEMENT


def _record(
    value: bytes | None,
    *,
    key: bytes | None = b"k",
    headers: tuple[tuple[str, bytes | None], ...] = (),
    topic: str = "p.wire.events.statement",
) -> TailRecord:
    return TailRecord(topic, 3, 17, 1_700_000_000_000, key, value, headers)


def _text(record: TailRecord, kind: Any = None, label: str | None = None) -> str:
    out = format_text(record, kind, label)
    assert out.endswith("\n")
    return out


def _assert_safe(out: str) -> None:
    """No raw control or bidi character reaches the terminal (newlines only between lines)."""
    for ch in out.replace("\n", ""):
        assert ord(ch) >= 0x20 and not 0x7F <= ord(ch) <= 0x9F, repr(out)
        assert ch not in "\u202e\u2066\u200f\ufeff", repr(out)


# --- one test per record kind -------------------------------------------------


def test_call_readout_shows_date_participants_medium_announcer() -> None:
    out = _text(_record(encode_event(CALL)), "call_readout", "call_readout")
    first, second = out.splitlines()
    assert first.startswith("call_readout/3@17  2025-05-07 phone call: ")
    assert "Marco Rubio (Secretary of State, United States)" in first
    assert "Cho Tae-yul (Foreign Minister)" in first
    assert "announced by Tammy Bruce (spokesperson)" in first
    assert second == "    topics: North Korea | agreed: close coordination"


def test_cost_sharing_deal_shows_parties_agreement_period_amounts() -> None:
    out = _text(_record(encode_event(DEAL)), "cost_sharing_deal", "cost_sharing_deal")
    first, second = out.splitlines()
    assert first == (
        "cost_sharing_deal/3@17  2025-05-07 deal: South Korea, United States"
        " - Special Measures Agreement 2026-2030 [concluded]"
    )
    assert second == "    amounts: 1,520,000,000,000 KRW (2026); 1,130,000,000 USD (equivalent)"


def test_statement_shows_speaker_title_and_quote() -> None:
    out = _text(_record(encode_event(STATEMENT)), "statement", "statement")
    assert out == (
        'statement/3@17  2025-05-07 Cho Tae-yul (Foreign Minister) [briefing]: "We agreed"\n'
    )


def test_statement_without_quote_shows_shortened_content() -> None:
    long = STATEMENT.model_copy(update={"quote": None, "content": "word " * 200})
    out = _text(_record(encode_event(long)), "statement")
    line = out.rstrip("\n")
    assert line.endswith("…") and "word word" in line
    assert len(line) < 260


def _cluster(
    event_type: str,
    actors: list[Person],
    sources: list[str],
    **fields: Any,
) -> ClusterRecord:
    reports = [
        ClusterReport(source=source, article_id=f"a{i}", event_id=f"e{i}", confidence=0.8)
        for i, source in enumerate(sources)
    ]
    values: dict[str, Any] = {
        "cluster_id": "cluster-0123456789abcdef01234567",
        "cluster_key": f"{event_type}|x#y",
        "event_type": event_type,
        "actors": actors,
        "reports": reports,
        "report_count": len(reports),
        "source_count": len({s.casefold() for s in sources}),
        "confidence": 0.99,
        "evidence": [EvidenceSpan(start=0, end=4, text="text")],
        "evidence_event_id": "e0",
        **fields,
    }
    return ClusterRecord(**values)


RUBIO = Person(name="Marco Rubio", title="Secretary of State", country_code="USA")
WANG = Person(name="Wang Yi", title="Foreign Minister", country_code="CHN")
FOUR = ["State Department", "Xinhua", "Yonhap", "Reuters"]


def _cluster_line(record: ClusterRecord | None, key: bytes = b"cluster-1") -> str:
    value = None if record is None else encode_cluster(record)
    topic = "p.wire.events.clusters"
    out = _text(TailRecord(topic, 0, 5, None, key, value, ()), "cluster", "cluster")
    assert out.count("\n") == 1  # one line per cluster
    return out.removeprefix("cluster/0@5  ").rstrip("\n")


def test_cluster_call_shows_short_names_date_and_sources() -> None:
    record = _cluster("call_readout", [RUBIO, WANG], FOUR, date="2025-10-27", medium="phone")
    assert _cluster_line(record) == (
        "call Rubio–Wang 2025-10-27 · 4 sources: State Department, Xinhua, Yonhap, Reuters"
    )


def test_cluster_inferred_date_has_a_tilde_and_reports_beyond_sources_are_counted() -> None:
    record = _cluster(
        "call_readout",
        [RUBIO, WANG],
        ["Kyodo", "kyodo", "AP"],
        date="2025-11-06",
        date_inferred=True,
    )
    assert _cluster_line(record) == "call Rubio–Wang ~2025-11-06 · 2 sources (3 reports): Kyodo, AP"
    undated = _cluster("call_readout", [RUBIO, WANG], ["AP"])
    assert _cluster_line(undated) == "call Rubio–Wang undated · 1 source: AP"


def test_cluster_deal_shows_parties_in_full_and_period() -> None:
    parties = [Person(name="South Korea"), Person(name="United States")]
    record = _cluster(
        "cost_sharing_deal",
        parties,
        ["Yonhap", "AP"],
        period=Period(start_year=2026, end_year=2030),
    )
    assert (
        _cluster_line(record) == "deal South Korea–United States 2026-2030 · 2 sources: Yonhap, AP"
    )
    loose = _cluster("cost_sharing_deal", parties, ["AP"])
    assert _cluster_line(loose) == "deal South Korea–United States period ? · 1 source: AP"


def test_cluster_statement_shows_speaker_and_shortened_quote() -> None:
    speaker = Person(name="Park Seo-yeon", title="Unification Minister", country_code="KOR")
    quote = "We will keep every channel of dialogue open " * 4
    record = _cluster(
        "statement", [speaker], ["Yonhap", "Korea Herald"], date="2026-03-12", quote=quote
    )
    line = _cluster_line(record)
    assert line.startswith('statement Park 2026-03-12 "We will keep every channel')
    assert '…" · 2 sources: Yonhap, Korea Herald' in line
    assert len(line) < 160


def test_cluster_tombstone_says_retired() -> None:
    assert _cluster_line(None, b"cluster-0123") == "retired cluster-0123"
    assert _cluster_line(None, b"\x1b[2Jx") == "retired \\x1b[2Jx"


def test_cluster_many_sources_are_cut() -> None:
    sources = [f"Agency {i}" for i in range(9)]
    line = _cluster_line(_cluster("call_readout", [RUBIO, WANG], sources, date="2025-10-27"))
    assert line.endswith("9 sources: Agency 0, Agency 1, Agency 2, Agency 3, Agency 4, Agency 5, …")


def test_cluster_is_recognized_by_content_on_another_topic() -> None:
    record = _cluster("call_readout", [RUBIO, WANG], ["AP"], date="2025-10-27")
    value = orjson.loads(encode_cluster(record))
    assert detect_kind(value) == "cluster"  # not "call_readout", though it has an event_type
    out = _text(_record(encode_cluster(record)), None, "somewhere")
    assert out == "somewhere/3@17  call Rubio–Wang 2025-10-27 · 1 source: AP\n"


@pytest.mark.parametrize(
    ("person", "short"),
    [
        ({"name": "Marco Rubio", "title": "Secretary of State"}, "Rubio"),
        ({"name": "Wang Yi", "country_code": "CHN"}, "Wang"),
        ({"name": "Cho Hyun", "country_code": "KOR"}, "Cho"),
        ({"name": "Kim Yo Jong", "country_code": "PRK"}, "Kim"),
        ({"name": "Lai Ching-te", "country_code": "TWN"}, "Lai"),
        ({"name": "Shigeru Ishiba", "country_code": "JPN"}, "Ishiba"),  # wires: given name first
        ({"name": "Wang Yi", "country": "China"}, "Wang"),  # no code: the country name
        ({"name": "Park Seo-yeon"}, "Park"),  # no country: a romanized given name
        ({"name": "Catherine Zeta-Jones"}, "Zeta-Jones"),
        ({"name": "Young Kim", "country_code": "USA"}, "Kim"),
        ({"name": "State Department", "organization": "State Department"}, "State Department"),
        ({"name": "Seoul", "organization": "South Korean government"}, "Seoul"),
        ({"name": "Putin"}, "Putin"),
        ({"name": "  "}, "?"),
        ("not a person", "not a person"),
    ],
)
def test_short_name(person: Any, short: str) -> None:
    assert short_name(person) == short


def test_processed_shows_article_counts_latency() -> None:
    out = _text(_record(encode_processed(PROCESSED)), "processed", "processed")
    assert out == (
        "processed/3@17  processed yna-1: 2 events (call_readout=1, statement=1), latency 42 ms\n"
    )


def test_processed_withdrawn_says_so() -> None:
    withdrawn = PROCESSED.model_copy(
        update={
            "event_ids": [],
            "counts": dict.fromkeys(PROCESSED.counts, 0),
            "withdrawn": "canceled",
        }
    )
    line = _text(_record(encode_processed(withdrawn)), "processed")
    assert "processed yna-1: 0 events" in line and ", withdrawn (canceled), latency 42 ms" in line


def test_processed_long_latency_in_seconds() -> None:
    slow = PROCESSED.model_copy(update={"latency_ms": 2500.0})
    assert "latency 2.50 s" in _text(_record(encode_processed(slow)), "processed")


def test_raw_article_shows_id_source_headline_body_length() -> None:
    out = _text(_record(encode_article(ARTICLE)), "raw", "raw")
    assert out == (
        f'raw/3@17  article yna-1 [Yonhap] "Rubio, Cho hold phone talks" (body {len(BODY)} chars)\n'
    )


def test_dead_letter_shows_key_error_origin_and_escaped_bytes() -> None:
    value = b'\xff\x1b[2J{"body": ""}' + b"x" * 500
    headers = tuple(
        dead_letter_headers(Rejection("invalid_utf8", "invalid UTF-8: byte 0xff"), "p.raw", 2, 9)
    )
    out = _text(_record(value, key=b"art-7", headers=headers), "dlq", "dlq")
    first, second = out.splitlines()
    assert first == "dlq/3@17  dead letter key=art-7 invalid_utf8: invalid UTF-8: byte 0xff"
    assert second.startswith(f'    from p.raw/2@9  value ({len(value)} B): \\xff\\x1b[2J{{"body"')
    assert second.endswith("…")
    assert len(second) < 200
    _assert_safe(out)


def test_dead_letter_recognized_by_headers_on_an_unknown_topic() -> None:
    headers = (("error.code", b"invalid_json"), ("error.message", b"invalid JSON"))
    out = _text(_record(b"{", key=None, headers=headers, topic="other"))
    assert out.startswith("other/3@17  dead letter key=(none) invalid_json: invalid JSON\n")
    assert "from ?/?@?" in out


def test_prefix_defaults_to_topic_name_and_kind_is_sniffed() -> None:
    out = _text(_record(encode_event(STATEMENT), topic="some.topic"))
    assert out.startswith("some.topic/3@17  2025-05-07 Cho Tae-yul (Foreign Minister) [briefing]")
    assert detect_kind(orjson.loads(encode_event(CALL))) == "call_readout"
    assert detect_kind(orjson.loads(encode_processed(PROCESSED))) == "processed"
    assert detect_kind(orjson.loads(encode_article(ARTICLE))) == "raw"
    assert detect_kind({"x": 1}) is None
    assert detect_kind([1, 2]) is None


# --- garbage must print safely -------------------------------------------------


GARBAGE: list[bytes | None] = [
    None,
    b"",
    b"\xff\xfe\x00\x01",
    b"\x1b]0;pwned\x07\x1b[2J text \xe2\x80\xae reversed",
    b"not json at all",
    b"[1, 2, 3]",
    b"null",
    b'"just a string"',
    b"123456789012345678901234567890",
    b'{"event_type": "statement", "speaker": 42, "quote": {"a": [1]}}',
    b'{"participants": "nobody", "medium": 5, "announced_by": [1], "topics": 3}',
    b'{"parties": null, "amounts": [null, 7, {"value": "lots", "currency": null}], "period": 9}',
    b'{"counts": [1], "latency_ms": "fast", "article_id": {"x": 1}, "event_ids": 4}',
    b'{"counts": {"statement": "two"}, "latency_ms": true}',
    b'{"id": null, "source": ["a"], "headline": "\\u202eevil\\u0007", "body": 12}',
    "日本語のテキスト\U0001f600".encode() * 50,
    b"\xe6\x97\xa5" * 100 + b"\xe6",  # multi-byte character cut at the preview limit
]


@pytest.mark.parametrize("value", GARBAGE)
@pytest.mark.parametrize(
    "kind",
    [None, "raw", "dlq", "processed", "call_readout", "cost_sharing_deal", "statement", "cluster"],
)
def test_garbage_never_crashes_and_is_escaped(value: bytes | None, kind: Any) -> None:
    record = _record(value, key=b"\x1b[31mkey\xff", headers=(("error.message", b"\x1b[2J"),))
    out = _text(record, kind)
    _assert_safe(out)
    assert len(out) < 1500
    line = format_json(record)
    assert line.endswith(b"\n") and b"\n" not in line[:-1]
    assert orjson.loads(line)["offset"] == 17


def test_wrong_shape_falls_back_to_generic_preview() -> None:
    out = _text(_record(b"[1, 2, 3]"), "statement", "statement")
    assert out == "statement/3@17  key=k value (9 B): [1, 2, 3]\n"
    assert _text(_record(None), "raw").endswith("key=k value: null (tombstone)\n")


def test_content_kind_wins_over_topic_kind() -> None:
    out = _text(_record(encode_event(CALL)), "statement", "statement")
    assert out.startswith("statement/3@17  2025-05-07 phone call: Marco Rubio")


def test_object_without_the_kinds_fields_is_shown_generically() -> None:
    out = _text(_record(b'{"foo": 1}'), "statement", "statement")
    assert out == 'statement/3@17  key=k value (10 B): {"foo": 1}\n'
    assert _text(_record(b""), "raw").endswith("key=k value: (empty)\n")


def test_escape_and_clean() -> None:
    assert escape("a\x1bb\u202ec\n") == "a\\x1bb\\u202ec\\n"
    assert escape("한국어 ok ‍") == "한국어 ok ‍"  # ZWJ kept, scripts need it
    assert clean("  many \n\t spaces  ") == "many spaces"
    assert clean("x" * 1000, 10) == "x" * 9 + "…"
    assert clean(None) == "null"
    assert clean({"a": 1}) == '{"a":1}'


def test_preview_bytes_keeps_utf8_and_escapes_the_rest() -> None:
    assert preview_bytes("서울 \x00".encode()) == "서울 \\x00"
    assert preview_bytes(b"\xff ok") == "\\xff ok"
    # A character cut in half by the limit is dropped, not escaped.
    assert preview_bytes("가나다".encode(), limit=4) == "가…"


# --- JSON Lines -------------------------------------------------------------------


def test_json_carries_position_key_headers_and_parsed_value() -> None:
    record = _record(encode_event(CALL), key=b"e-call", headers=tuple(event_headers(CALL)))
    data = orjson.loads(format_json(record))
    assert list(data) == [
        "topic",
        "partition",
        "offset",
        "timestamp",
        "key",
        "headers",
        "value",
        "value_encoding",
    ]
    assert data["topic"] == "p.wire.events.statement"
    assert (data["partition"], data["offset"], data["timestamp"]) == (3, 17, 1_700_000_000_000)
    assert data["key"] == "e-call"
    assert data["headers"] == {
        "schema.id": "wirestream.call_readout.v1",
        "content-type": "application/json",
    }
    assert data["value"] == CALL.model_dump(mode="json")
    assert data["value_encoding"] == "json"


def test_json_value_text_base64_and_tombstone() -> None:
    text = record_json(_record(b"plain text"))
    assert (text["value"], text["value_encoding"]) == ("plain text", "text")
    raw = b"\xff\x00binary"
    binary = record_json(_record(raw, key=b"\xffk", headers=(("h", b"\xfe"), ("n", None))))
    assert binary["value_encoding"] == "base64"
    assert base64.b64decode(binary["value"]) == raw
    assert binary["key"] == "\\xffk"
    assert binary["headers"] == {"h": "\\xfe", "n": ""}
    tombstone = record_json(_record(None, key=None))
    assert (tombstone["key"], tombstone["value"], tombstone["value_encoding"]) == (
        None,
        None,
        None,
    )
    assert record_json(TailRecord("t", 0, 0, -1, None, b"1"))["timestamp"] is None


def test_record_lines_is_a_list_of_single_lines() -> None:
    for value in (encode_event(CALL), encode_event(DEAL), encode_processed(PROCESSED)):
        lines = record_lines(_record(value))
        assert lines and all("\n" not in line for line in lines)
