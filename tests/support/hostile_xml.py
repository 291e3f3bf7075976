"""Hostile XML in the shape of NewsML-G2 (all text invented): entity expansion (billion
laughs, quadratic blowup), external entities, very deep nesting and documents over 1 MiB.
Ingest must refuse or read each with a clear message and no crash
(tests/ingest/test_agency_hostile.py); sent raw to the topic, past ingest, each is a dead
letter and the worker goes on (tests/faults/test_bad_input.py, via tests/support/malformed.py)."""

from __future__ import annotations

NAR = "http://iptc.org/std/nar/2006-10-01/"


def news_item(inline_data: str, guid: str = "urn:test:hostile:1", doctype: str = "") -> bytes:
    """A minimal newsItem whose plain-text body is `inline_data` (markup and entities kept)."""
    return (
        f'<?xml version="1.0"?>\n{doctype}<newsItem xmlns="{NAR}" guid="{guid}" version="1">'
        f"<contentSet><inlineData>{inline_data}</inlineData></contentSet></newsItem>\n"
    ).encode()


BILLION_LAUGHS = news_item(
    "&lol9;",
    doctype=(
        '<!DOCTYPE newsItem [\n <!ENTITY lol "lol">\n'
        + "".join(
            f' <!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">\n'
            for n in range(1, 10)
        )
        + "]>\n"
    ),
)
QUADRATIC_BLOWUP = news_item(
    "&big;" * 2000, doctype=f'<!DOCTYPE newsItem [<!ENTITY big "{"B" * 50_000}">]>\n'
)
EXTERNAL_ENTITY = news_item(
    "&secret;", doctype='<!DOCTYPE newsItem [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
)
EXTERNAL_DTD = news_item("text", doctype='<!DOCTYPE newsItem SYSTEM "http://127.0.0.1:9/x.dtd">\n')


def deeply_nested(depth: int) -> bytes:
    """An NITF-like body nested `depth` elements deep inside inlineXML."""
    nested = "<div>" * depth + "deep text" + "</div>" * depth
    return (
        f'<newsItem xmlns="{NAR}" guid="urn:test:deep" version="1"><contentSet>'
        f'<inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml">'
        f"<body><p>{nested}</p></body></html></inlineXML></contentSet></newsItem>"
    ).encode()


def over_a_mebibyte(extra: int = 0) -> bytes:
    """A well-formed newsItem whose text is just over 1 MiB (the article body limit)."""
    return news_item("The ministry said the talks went well. " * (27_000 + extra))


HOSTILE_DOCUMENTS: dict[str, bytes] = {
    "billion laughs": BILLION_LAUGHS,
    "quadratic blowup": QUADRATIC_BLOWUP,
    "external entity": EXTERNAL_ENTITY,
    "external DTD": EXTERNAL_DTD,
    "100,000 levels deep": deeply_nested(100_000),
    "over 1 MiB of text": over_a_mebibyte(),
}
# The ones that attack the parser with a DTD (expansion, external entities, a remote DTD).
ENTITY_DOCUMENTS = (BILLION_LAUGHS, QUADRATIC_BLOWUP, EXTERNAL_ENTITY, EXTERNAL_DTD)
