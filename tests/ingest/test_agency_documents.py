"""Agency documents of unknown kind (a URL's answer, a followed feed, stdin, an .xml file):
told apart by content, every item keyed by id and version. No Kafka here; the broker path
of `ingest URL` and `ingest --follow URL` is in test_agency_ingest.py."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import orjson
import pytest

from schemas import RawArticle
from streams.ingest.agency import document_kind, parse_document
from streams.ingest.feeds import ParsedFeed
from streams.ingest.newsml import ROOT_SEARCH_BYTES, looks_like_newsml, root_element
from streams.ingest.readers import InputError, read_articles
from tests.support.ingest import rss

AGENCY = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "agency"
SEED_ID = "urn:newsml:yna.co.kr:20250124:AEN20250124000451315"
NINJS2: dict[str, Any] = orjson.loads((AGENCY / "seed.ninjs2.json").read_bytes())
NINJS3: dict[str, Any] = orjson.loads((AGENCY / "seed.ninjs3.json").read_bytes())
NEWSML = (AGENCY / "seed.newsml.xml").read_bytes()
PRETTY = (AGENCY / "seed.ninjs2.json").read_bytes()  # pretty-printed, as agency APIs answer


def _articles(parsed: ParsedFeed) -> list[RawArticle]:
    return [item.result for item in parsed.items if isinstance(item.result, RawArticle)]


def _prefixed(document: bytes) -> bytes:
    """The same newsItem with the NAR namespace on a prefix (`nar:newsItem`) and a long
    licence comment before it: the root element is what counts, not the first bytes."""
    body = document.split(b"?>", 1)[1]
    body = body.replace(
        b"<newsItem ", b'<nar:newsItem xmlns:nar="http://iptc.org/std/nar/2006-10-01/" '
    )
    body = body.replace(b"</newsItem>", b"</nar:newsItem>")
    licence = b"<!-- " + b"Licensed to the desk. " * 300 + b"-->\n"
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + licence + body


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PRETTY, "json"),
        (b"\xef\xbb\xbf  [" + orjson.dumps(NINJS2) + b"]", "json"),
        (orjson.dumps(NINJS2) + b"\n" + orjson.dumps(NINJS3) + b"\n", "json"),
        (NEWSML, "newsml"),
        (_prefixed(NEWSML), "newsml"),
        (b"<newsMessage xmlns='http://iptc.org/std/nar/2006-10-01/'/>", "newsml"),
        (rss(("a", "Text.")), "feed"),
        (b"<html><body>not a feed</body></html>", "feed"),
    ],
    ids=["pretty", "bom-array", "json-lines", "newsml", "prefixed", "message", "rss", "html"],
)
def test_documents_are_told_apart_by_content(data: bytes, kind: str) -> None:
    assert document_kind(data) == kind


def test_the_root_element_is_found_past_the_prolog_and_only_there() -> None:
    prolog = b'<?xml version="1.0"?>\n<!-- <newsItem> in a comment -->\n'
    prolog += b'<!DOCTYPE x [<!ENTITY a "<b>">]>\n'
    assert root_element(prolog + b"<rss version='2.0'>") == "rss"
    assert not looks_like_newsml(prolog + b"<rss version='2.0'><newsItem/></rss>")
    assert root_element(_prefixed(NEWSML)) == "nar:newsItem"
    # A prolog that never ends has no root; past ROOT_SEARCH_BYTES nothing is looked for.
    assert root_element(b"<!DOCTYPE [" + b"]" * ROOT_SEARCH_BYTES) is None
    assert root_element(b"<?xml " + b"?" * ROOT_SEARCH_BYTES) is None
    assert root_element(b" " * ROOT_SEARCH_BYTES + b"<newsItem/>") is None


def test_a_prefixed_newsitem_reads_like_the_plain_one(tmp_path: Path) -> None:
    path = tmp_path / "prefixed.xml"
    path.write_bytes(_prefixed(NEWSML))
    (prefixed,) = read_articles(str(path))
    (plain,) = read_articles(str(AGENCY / "seed.newsml.xml"))
    assert isinstance(prefixed, RawArticle) and prefixed == plain
    (fetched,) = _articles(parse_document(_prefixed(NEWSML), "https://wire.example.test/item"))
    assert fetched == plain


def test_ninjs_items_are_keyed_by_uri_and_version() -> None:
    corrected = {**NINJS2, "version": "3", "headlines": [{"role": "main", "value": "Corrected"}]}
    other = {**NINJS2, "uri": "urn:test:other", "version": "1"}
    array = orjson.dumps([NINJS2, corrected, other, {**NINJS2, "urgency": "high"}])
    parsed = parse_document(array, "https://wire.example.test/api/items", source="Caller")
    assert parsed.error is None
    assert [item.key for item in parsed.items] == [
        f"{SEED_ID}@2",
        f"{SEED_ID}@3",
        "urn:test:other@1",
        f"{SEED_ID}@2",  # the bad item keeps its item's key: reported once when followed
    ]
    first, second, third = _articles(parsed)
    # A corrected version is a new item under the same article id: it replaces, never adds.
    assert first.id == second.id == SEED_ID and third.id == "urn:test:other"
    assert (second.headline, second.meta and second.meta.version) == ("Corrected", "3")
    error = parsed.items[3].result
    assert isinstance(error, InputError)
    assert error.message.startswith("item 4: not a valid ninjs 2.2 item: urgency: 'high'")


def test_ninjs_json_lines_and_a_single_pretty_item_from_a_url() -> None:
    lines = orjson.dumps(NINJS3) + b"\n\n" + orjson.dumps({**NINJS3, "uri": "urn:test:2"}) + b"\n"
    assert [a.id for a in _articles(parse_document(lines, "u"))] == [SEED_ID, "urn:test:2"]
    (item,) = parse_document(PRETTY, "u").items
    assert item.key == f"{SEED_ID}@2" and isinstance(item.result, RawArticle)
    # Broken JSON is one error naming its line, not a line-by-line cascade.
    broken = parse_document(PRETTY[: len(PRETTY) // 2], "u")
    assert broken.items == () and broken.error is not None
    assert broken.error.message.startswith("invalid JSON")


def test_newsml_message_items_are_keyed_by_guid_and_version() -> None:
    item = NEWSML.split(b"?>", 1)[1]
    corrected = item.replace(b'version="4"', b'version="5"')
    other = item.replace(SEED_ID.encode(), b"urn:test:newsml:2")
    message = (
        b'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>'
        + item
        + corrected
        + other
        + b"</itemSet></newsMessage>"
    )
    parsed = parse_document(message, "https://wire.example.test/g2")
    assert [i.key for i in parsed.items] == [f"{SEED_ID}@4", f"{SEED_ID}@5", "urn:test:newsml:2@4"]
    assert [a.id for a in _articles(parsed)] == [SEED_ID, SEED_ID, "urn:test:newsml:2"]


def test_an_unreadable_document_is_one_error_naming_its_root() -> None:
    parsed = parse_document(b"<?xml version='1.0'?><inventory><part/></inventory>", "u")
    assert parsed.items == () and parsed.error is not None
    assert parsed.error.message == (
        "not an RSS/Atom feed, a NewsML-G2 newsItem/newsMessage nor ninjs JSON: "
        "the root element is <inventory>"
    )
    bomb = parse_document(b"<!DOCTYPE x [<!ENTITY a 'b'>]><newsItem guid='g'/>", "u")
    assert bomb.error is not None and bomb.error.message.startswith("refused XML")


def test_stdin_takes_a_pretty_printed_item_and_an_array() -> None:
    (single,) = read_articles("-", stdin=io.BytesIO(PRETTY))
    assert isinstance(single, RawArticle) and single.id == SEED_ID
    array = orjson.dumps([NINJS2, {**NINJS3, "uri": "urn:test:3"}], option=orjson.OPT_INDENT_2)
    results = list(read_articles("-", stdin=io.BytesIO(array)))
    assert [r.id for r in results if isinstance(r, RawArticle)] == [SEED_ID, "urn:test:3"]
    # Our own records too: an array of RawArticles on stdin is no longer one text body.
    ours = orjson.dumps([{"source": "Desk", "body": "One."}, {"source": "Desk", "body": "Two."}])
    read = list(read_articles("-", stdin=io.BytesIO(ours)))
    assert [r.body for r in read if isinstance(r, RawArticle)] == ["One.", "Two."]


def test_stdin_json_lines_still_stream_and_report_per_line() -> None:
    lines = orjson.dumps(NINJS2) + b"\n{broken\n" + orjson.dumps({**NINJS2, "uri": "urn:t:9"})
    results = list(read_articles("-", stdin=io.BytesIO(lines)))
    assert isinstance(results[0], RawArticle) and isinstance(results[2], RawArticle)
    assert isinstance(results[1], InputError) and results[1].location == "<stdin>:2"


def test_a_broken_pretty_document_on_stdin_is_one_error_with_its_line() -> None:
    (error,) = read_articles("-", stdin=io.BytesIO(PRETTY.replace(b'"type":', b'"type"', 1)))
    assert isinstance(error, InputError)
    assert error.location == "<stdin>:3" and error.message.startswith("invalid JSON")


def test_json_lines_with_a_broken_first_line_lose_only_that_line() -> None:
    lines = b'{"uri": "urn:t:1", "vers\n' + orjson.dumps(NINJS2) + b"\n"
    for results in (
        list(read_articles("-", stdin=io.BytesIO(lines))),
        [i.result for i in parse_document(lines, "<stdin>").items],
    ):
        assert isinstance(results[0], InputError) and results[0].location == "<stdin>:1"
        assert isinstance(results[1], RawArticle) and results[1].id == SEED_ID
