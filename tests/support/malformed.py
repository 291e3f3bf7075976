"""Hypothesis strategies for malformed raw records, one per kind, each with the code it must get.

The expected `error.code` of a record follows from how the record was made (the
`KINDS` table), never from running the codec: a truncated JSON text is invalid
JSON whatever the codec thinks. Every strategy yields the raw value (bytes, or
None for a tombstone) exactly as a producer would put it on the raw topic.
"""

from __future__ import annotations

import json
import random
import string
from dataclasses import dataclass
from typing import Any

import orjson
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from schemas import MAX_BODY_BYTES
from tests.support.hostile_xml import ENTITY_DOCUMENTS, deeply_nested

# orjson's documented nesting limit: 1024 levels parse, 1025 do not.
MAX_DEPTH = 1024
FIELDS = ("id", "source", "url", "headline", "published_at", "language", "body")
SOURCES = ("Yonhap", "Reuters", "Kyodo", "AP", "State Department")
# Invented wire sentences (ASCII and not), for the articles the malformations start from.
SENTENCES = (
    "Foreign Minister Kim Sung-hwan said on Monday the talks went well.",
    "Secretary of State Dana Whitcombe held a phone call with her Japanese counterpart.",
    '"We will keep working together," the ministry said in a statement.',
    "Seoul agreed to pay 1.52 trillion won (US$1.06 billion) in 2026.",
    "Le ministre a déclaré que l'accord était « historique ».",
    "外務省は火曜日に声明を発表した。",
    "대변인은 브리핑에서 그렇게 말했다.",
)
# Characters str.strip() removes, control characters among them: a body of only these is blank.
BLANK = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u2028\u2029\u3000"
# Byte sequences that are never UTF-8 next to ASCII: bytes UTF-8 never uses, an overlong
# encoding, a UTF-16 surrogate, a lone continuation byte, cut multi-byte sequences.
NOT_UTF8 = (b"\xff", b"\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\x80", b"\xbf", b"\xc3",
            b"\xe2\x82", b"\xf0\x9f\x98", b"\xf5\x80\x80\x80")  # fmt: skip
# First characters that cannot start a JSON text (not { [ " - digit t f n or whitespace).
NOT_JSON_START = "".join(
    c for c in string.printable if c not in '{["-0123456789tfn' and not c.isspace()
)


def article_dicts(ascii_only: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Valid RawArticle dicts: an id, a source, one to four invented sentences, maybe more."""
    sentences = [s for s in SENTENCES if s.isascii()] if ascii_only else list(SENTENCES)
    return st.fixed_dictionaries(
        {
            "id": st.text(string.ascii_letters + string.digits + "-", min_size=1, max_size=24),
            "source": st.sampled_from(SOURCES),
            "body": st.lists(st.sampled_from(sentences), min_size=1, max_size=4).map(" ".join),
        },
        optional={
            "headline": st.sampled_from(sentences),
            "url": st.just("https://example.invalid/a/1"),
            "published_at": st.just("2025-01-24T09:00:00+09:00"),
            "language": st.sampled_from(("en", "ko", "ja")),
        },
    )


def _dumps(data: object) -> bytes:
    return orjson.dumps(data)


def _truncated(article: dict[str, Any], cut: int) -> bytes:
    # A proper prefix of a JSON object text is never valid JSON; cut between characters
    # so the bytes stay UTF-8 and only the JSON is wrong.
    text = _dumps(article).decode()
    return text[: 1 + cut % (len(text) - 1)].encode()


def _nested(depth: int, opener: str) -> str:
    closer = {"[": "]", '{"a":': "}"}[opener]
    inner = "1" if opener != "[" else ""
    return opener * depth + inner + closer * depth


def _with_field(article: dict[str, Any], name: str, raw_json: str) -> bytes:
    """The article's JSON with field `name` set to the JSON text `raw_json` (not re-encoded)."""
    rest = {k: v for k, v in article.items() if k != name}
    head = _dumps(rest).decode()[:-1]
    separator = "," if rest else ""
    return f"{head}{separator}{json.dumps(name)}:{raw_json}}}".encode()


def _huge_text(unit: str, extra: int) -> str:
    """`unit` repeated to just over the 1 MiB body limit (in UTF-8 bytes)."""
    return unit * (MAX_BODY_BYTES // len(unit.encode()) + 1 + extra)


# Sizes up to 64 KiB from a seeded PRNG: hypothesis' own binary() and text() stay near a
# few bytes, and drawing every byte through hypothesis would be slow.
random_bytes = st.builds(
    lambda key, size: random.Random(key).randbytes(size),
    st.integers(0, 2**32),
    st.integers(0, 65536),
)
random_printable = st.builds(
    lambda key, size: "".join(random.Random(key).choices(string.printable, k=size)),
    st.integers(0, 2**32),
    st.integers(0, 65536),
)
# Letters, marks, digits, punctuation, symbols: no spaces or controls (which JSON escapes).
non_blank_char = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S"))
int64 = st.integers(-(2**63), 2**63 - 1)  # orjson writes no wider integers
wrong_for_str = st.one_of(
    int64,
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.lists(int64, max_size=3),
    st.dictionaries(st.text(max_size=3), int64, max_size=2),
)
wrong_for_datetime = st.one_of(
    st.text(string.ascii_letters + " ", min_size=1, max_size=20),  # "yesterday", "soon"
    st.booleans(),
    st.lists(int64, max_size=2),
    st.dictionaries(st.text(max_size=3), int64, max_size=2),
)


@st.composite
def wrong_type(draw: st.DrawFn) -> bytes:
    """One field of a valid article given a value of the wrong type (or an empty id)."""
    article = draw(article_dicts())
    name = draw(st.sampled_from(FIELDS))
    if name == "published_at":
        value = draw(wrong_for_datetime)
    elif name == "id":
        value = draw(st.one_of(wrong_for_str, st.just("")))
    elif name in ("url", "headline", "language"):
        value = draw(st.one_of(wrong_for_str, st.none()) if name == "language" else wrong_for_str)
    else:  # source, body (a null body is a missing body, not a wrong type)
        value = draw(wrong_for_str)
    return _dumps({**article, name: value})


@st.composite
def raw_control_character(draw: st.DrawFn) -> bytes:
    """An unescaped control character (U+0000-U+001F) inside the body string."""
    article = draw(article_dicts(ascii_only=True))
    control = chr(draw(st.integers(0, 0x1F)))
    text = _dumps(article).decode()
    start = text.index('"body":"') + len('"body":"')
    end = text.index('"', start)
    where = draw(st.integers(start, end))
    return (text[:where] + control + text[where:]).encode()


@st.composite
def invalid_utf8(draw: st.DrawFn) -> bytes:
    """A valid ASCII article JSON with a byte sequence that is never UTF-8 put in somewhere."""
    article = draw(article_dicts(ascii_only=True))
    text = json.dumps(article, ensure_ascii=True).encode()
    where = draw(st.integers(0, len(text)))
    return text[:where] + draw(st.sampled_from(NOT_UTF8)) + text[where:]


@st.composite
def binary_garbage(draw: st.DrawFn) -> bytes:
    """Random bytes with at least one byte (0xF8-0xFF) that UTF-8 never uses."""
    noise = draw(random_bytes)
    where = draw(st.integers(0, len(noise)))
    return noise[:where] + bytes([draw(st.integers(0xF8, 0xFF))]) + noise[where:]


@st.composite
def huge_number(draw: st.DrawFn) -> bytes:
    """A number beyond double range (1e309 and up, or 309+ digits) somewhere in the text."""
    mantissa = draw(st.integers(1, 9))
    number = draw(
        st.one_of(
            st.integers(309, 99_999).map(lambda e: f"{mantissa}e{e}"),
            st.integers(309, 2000).map(lambda n: str(mantissa) + "0" * n),
        )
    )
    sign = draw(st.sampled_from(("", "-")))
    where = draw(st.sampled_from(("top", "body", "headline", "nested")))
    if where == "top":
        return f"{sign}{number}".encode()
    article = draw(article_dicts())
    if where == "nested":
        return _with_field(article, "headline", f'{{"x":[{sign}{number}]}}')
    return _with_field(article, where, f"{sign}{number}")


@st.composite
def huge_finite_number_field(draw: st.DrawFn) -> bytes:
    """A finite number with 20 to 300 digits (more than 64 bits) as a string field."""
    digits = draw(st.integers(20, 300))
    article = draw(article_dicts())
    name = draw(st.sampled_from(("id", "source", "body", "headline", "url")))
    return _with_field(article, name, "9" * digits)


@st.composite
def unknown_field(draw: st.DrawFn) -> bytes:
    """A valid article plus a field schema v1 does not have."""
    article = draw(article_dicts())
    name = draw(st.text(min_size=1, max_size=30).filter(lambda n: n not in (*FIELDS, "meta")))
    value = draw(st.one_of(st.none(), st.text(max_size=50), int64, st.booleans()))
    return _dumps({**article, name: value})


# The agency metadata an article from ninjs or NewsML-G2 carries (schemas.ArticleMeta).
META_FIELDS = ("format", "version", "urgency", "pub_status", "slugline", "subjects", "places")
wrong_for_int = st.one_of(
    st.text(string.ascii_letters, min_size=1, max_size=10),  # "high": not a number at all
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()),
    st.lists(int64, max_size=3),
    st.dictionaries(st.text(max_size=3), int64, max_size=2),
)
wrong_for_list = st.one_of(int64, st.text(max_size=10), st.lists(int64, min_size=1, max_size=3))


@st.composite
def wrong_meta(draw: st.DrawFn) -> bytes:
    """A valid article whose agency `meta` has the wrong shape: not an object, without its
    `format`, or with one member of the wrong type."""
    article = draw(article_dicts())
    meta: Any = {"format": draw(st.sampled_from(("ninjs 2", "ninjs 3", "NewsML-G2")))}
    shape = draw(st.sampled_from(("not an object", "no format", "wrong member")))
    if shape == "not an object":
        meta = draw(st.one_of(int64, st.text(max_size=20), st.lists(int64, max_size=3)))
    elif shape == "no format":
        meta = draw(st.sampled_from(({}, {"format": ""}, {"version": "2", "urgency": 3})))
    else:
        name = draw(st.sampled_from(META_FIELDS))
        wrong = {"urgency": wrong_for_int, "subjects": wrong_for_list, "places": wrong_for_list}
        meta[name] = draw(wrong.get(name, wrong_for_str))
    return _dumps({**article, "meta": meta})


@st.composite
def unknown_meta_member(draw: st.DrawFn) -> bytes:
    """A valid article whose agency `meta` holds a member ArticleMeta does not have."""
    article = draw(article_dicts())
    name = draw(st.text(min_size=1, max_size=20).filter(lambda n: n not in META_FIELDS))
    value = draw(st.one_of(st.none(), st.text(max_size=30), int64))
    return _dumps({**article, "meta": {"format": "ninjs 2", name: value}})


@st.composite
def hostile_xml_sent_raw(draw: st.DrawFn) -> bytes:
    """A hostile NewsML-G2 document (tests/support/hostile_xml.py) put on the raw topic by a
    producer that skipped ingest: it is not JSON, so it must be a dead letter like any. (The
    1 MiB ones stay out: records that size are the other kinds' business here.)"""
    document = draw(st.sampled_from((*ENTITY_DOCUMENTS, deeply_nested(5_000))))
    lead = draw(st.text(" \n\t", max_size=8)).encode()
    return draw(st.sampled_from((b"", b"\xef\xbb\xbf"))) + lead + document


@st.composite
def huge_unknown_field(draw: st.DrawFn) -> bytes:
    """A valid article plus an unknown field holding a string over 1 MiB."""
    article = draw(article_dicts())
    huge = _huge_text(draw(non_blank_char), draw(st.integers(0, 4096)))
    return _dumps({**article, "attachment": huge})


@st.composite
def huge_body(draw: st.DrawFn) -> bytes:
    """A body just over 1 MiB of UTF-8 (1- to 4-byte characters)."""
    article = draw(article_dicts())
    return _dumps({**article, "body": _huge_text(draw(non_blank_char), draw(st.integers(0, 4096)))})


@st.composite
def missing_body(draw: st.DrawFn) -> bytes:
    article = draw(article_dicts())
    without = {k: v for k, v in article.items() if k != "body"}
    return _dumps(draw(st.sampled_from((without, {**without, "body": None}))))


@st.composite
def blank_body(draw: st.DrawFn) -> bytes:
    """A body of nothing but whitespace and control characters that strip() removes."""
    article = draw(article_dicts())
    return _dumps({**article, "body": draw(st.text(BLANK, min_size=0, max_size=200))})


@st.composite
def deep_nesting_in_field(draw: st.DrawFn) -> bytes:
    """A field holding arrays or objects nested up to the parser's limit (so it parses)."""
    article = draw(article_dicts())
    depth = draw(st.integers(1, MAX_DEPTH - 1))
    opener = draw(st.sampled_from(("[", '{"a":')))
    name = draw(st.sampled_from(("headline", "body", "source")))
    return _with_field(article, name, _nested(depth, opener))


@dataclass(frozen=True)
class Kind:
    """One kind of malformed record: the code it must get, how to make it, how many."""

    code: str
    strategy: st.SearchStrategy[bytes | None]
    count: int


KINDS: dict[str, Kind] = {
    "truncated JSON": Kind(
        "invalid_json", st.builds(_truncated, article_dicts(), st.integers(0, 10**6)), 90
    ),
    "nesting beyond the parser's limit": Kind(
        "invalid_json",
        st.builds(_nested, st.integers(MAX_DEPTH + 1, 20_000), st.sampled_from(("[", '{"a":'))).map(
            str.encode
        ),
        60,
    ),
    "nested arrays, no object": Kind(
        "not_an_object",
        st.builds(_nested, st.integers(1, MAX_DEPTH), st.just("[")).map(str.encode),
        40,
    ),
    "deep nesting inside a field": Kind("invalid_field", deep_nesting_in_field(), 70),
    "body over 1 MiB": Kind("body_too_large", huge_body(), 25),
    "unknown field holding over 1 MiB": Kind("unknown_field", huge_unknown_field(), 10),
    "raw control character in a string": Kind("invalid_json", raw_control_character(), 90),
    "body of control characters and spaces": Kind("empty_body", blank_body(), 60),
    "invalid UTF-8": Kind("invalid_utf8", invalid_utf8(), 100),
    "binary garbage": Kind("invalid_utf8", binary_garbage(), 100),
    "ASCII garbage": Kind(
        "invalid_json",
        st.builds(
            lambda first, rest: (first + rest).encode(),
            st.sampled_from(NOT_JSON_START),
            st.one_of(st.text(string.printable, max_size=50), random_printable),
        ),
        70,
    ),
    "JSON that is not an object": Kind(
        "not_an_object",
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(-(2**63), 2**64 - 1),
            st.floats(allow_nan=False, allow_infinity=False),
            st.text(max_size=200),
            st.lists(st.text(max_size=20), max_size=5),
        ).map(_dumps),
        70,
    ),
    "wrong field types": Kind("invalid_field", wrong_type(), 130),
    "number beyond double range": Kind("invalid_json", huge_number(), 60),
    "64-bit-plus number as a string field": Kind("invalid_field", huge_finite_number_field(), 40),
    "unknown field": Kind("unknown_field", unknown_field(), 60),
    "agency meta of the wrong shape": Kind("invalid_field", wrong_meta(), 40),
    "unknown member in agency meta": Kind("unknown_field", unknown_meta_member(), 20),
    "hostile XML instead of JSON": Kind("invalid_json", hostile_xml_sent_raw(), 10),
    "no body": Kind("missing_body", missing_body(), 40),
    "tombstone": Kind("missing_body", st.none(), 1),
}


def draw_examples(strategy: st.SearchStrategy[Any], count: int, random_seed: int) -> list[Any]:
    """Up to `count` examples of `strategy` (fewer only when its space is smaller)."""
    examples: list[Any] = []

    @settings(
        max_examples=count,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @seed(random_seed)
    @given(strategy)
    def collect(example: Any) -> None:
        examples.append(example)

    collect()
    return examples
