"""Hostile agency input: XML bombs, external entities, huge and deeply nested documents,
and fuzzed NewsML-G2 and ninjs. Each gives a clear error (or an article), never an
exception, and never stops the good inputs next to it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import RawArticle
from streams.ingest.newsml import MAX_DOCUMENT_BYTES
from streams.ingest.readers import InputError, read_articles
from tests.support.hostile_xml import (
    BILLION_LAUGHS,
    EXTERNAL_ENTITY,
    HOSTILE_DOCUMENTS,
    deeply_nested,
)

AGENCY = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "agency"
SEED_XML = (AGENCY / "seed.newsml.xml").read_bytes()
SEED_NINJS = orjson.loads((AGENCY / "seed.ninjs2.json").read_bytes())


def _read_bytes(data: bytes, tmp_path: Path, name: str = "doc.xml") -> list[object]:
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_articles(str(path)))


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    (result,) = _read_bytes(BILLION_LAUGHS, tmp_path)
    assert isinstance(result, InputError)
    assert result.message.startswith("refused XML: DTDForbidden")


def test_external_entities_are_refused_and_nothing_is_read(tmp_path: Path) -> None:
    (result,) = _read_bytes(EXTERNAL_ENTITY, tmp_path)
    assert isinstance(result, InputError) and "refused XML" in result.message
    assert "root:" not in result.message  # /etc/passwd was never opened into the text


# What each hostile document must give: the start of its error, or the article's body.
OUTCOMES = {
    "billion laughs": "refused XML: DTDForbidden",
    "quadratic blowup": "refused XML: DTDForbidden",
    "external entity": "refused XML: DTDForbidden",
    "external DTD": "refused XML: DTDForbidden",
    "100,000 levels deep": "body: deep text",
    "over 1 MiB of text": "body: body is 1052999 bytes, over the 1048576-byte limit",
}


@pytest.mark.parametrize("name", list(HOSTILE_DOCUMENTS))
def test_a_hostile_document_never_stops_the_good_ones_beside_it(tmp_path: Path, name: str) -> None:
    (tmp_path / "a_seed.xml").write_bytes(SEED_XML)
    (tmp_path / "b_hostile.xml").write_bytes(HOSTILE_DOCUMENTS[name])
    (tmp_path / "c_seed.json").write_bytes(orjson.dumps(SEED_NINJS))
    first, hostile, last = read_articles(str(tmp_path))
    assert isinstance(first, RawArticle) and isinstance(last, RawArticle)
    expected = OUTCOMES[name]
    if expected.startswith("body: deep text"):
        assert isinstance(hostile, RawArticle) and hostile.body == "deep text"
    else:
        assert isinstance(hostile, InputError) and "b_hostile.xml" in hostile.location
        assert hostile.message.startswith(expected.removeprefix("body: ")), hostile.message


def test_a_huge_body_is_refused_by_the_article_limit(tmp_path: Path) -> None:
    paragraph = b"<p>" + b"The ministry said the talks went well. " * 200 + b"</p>\n"
    body = paragraph * 160  # about 1.2 MiB of text
    data = SEED_XML.replace(b"<body.content>", b"<body.content>" + body, 1)
    (result,) = _read_bytes(data, tmp_path)
    assert isinstance(result, InputError) and "over the 1048576-byte limit" in result.message


def test_a_document_over_the_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    data = SEED_XML + b"<!--" + b"x" * MAX_DOCUMENT_BYTES + b"-->"
    (result,) = _read_bytes(data, tmp_path)
    assert isinstance(result, InputError) and "-byte limit" in result.message


def test_deep_nesting_does_not_exhaust_the_stack(tmp_path: Path) -> None:
    depth = 100_000
    nested = b"<div>" * depth + b"deep text" + b"</div>" * depth
    data = SEED_XML.replace(b"<body.content>", b"<body.content><p>" + nested + b"</p>", 1)
    (result,) = _read_bytes(data, tmp_path)
    assert isinstance(result, RawArticle) and result.body.startswith("deep text\n\n")
    (alone,) = _read_bytes(deeply_nested(depth), tmp_path, "alone.xml")
    assert isinstance(alone, RawArticle) and alone.body == "deep text"


def test_truncated_xml_names_the_problem(tmp_path: Path) -> None:
    (result,) = _read_bytes(SEED_XML[: len(SEED_XML) // 2], tmp_path)
    assert isinstance(result, InputError) and result.message.startswith("invalid XML:")


@settings(max_examples=150)
@given(st.integers(0, len(SEED_XML)), st.binary(max_size=40), st.integers(0, 60))
def test_fuzzed_newsml_never_raises(at: int, junk: bytes, cut: int) -> None:
    data = SEED_XML[:at] + junk + SEED_XML[at + cut :]
    for result in read_articles("-", stdin=io.BytesIO(data)):
        assert isinstance(result, RawArticle | InputError)


_VALUES = st.one_of(
    st.none(), st.integers(-(2**53), 2**53), st.text(max_size=20),
    st.lists(st.integers(-9, 9), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)  # fmt: skip


@settings(max_examples=150)
@given(st.sampled_from(sorted(SEED_NINJS)), _VALUES)
def test_fuzzed_ninjs_never_raises(key: str, value: object) -> None:
    item = {**SEED_NINJS, key: value}
    line = json.dumps(item).encode() + b"\n"
    (result,) = read_articles("-", stdin=io.BytesIO(line))
    assert isinstance(result, RawArticle | InputError)
    if isinstance(result, InputError):
        assert result.message  # a reason, never an empty line
