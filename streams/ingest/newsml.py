"""IPTC NewsML-G2 documents (`newsItem`, or a `newsMessage` of them) to RawArticle fields.

XML from outside is untrusted: it is parsed with defusedxml, which refuses DTDs, entity
declarations (so no "billion laughs" expansion) and external entities, and documents
over `MAX_DOCUMENT_BYTES` are refused before parsing. The text walk is iterative, so
deep nesting cannot exhaust the stack.

Mapping:
- `id`: the item's `guid` (a new `version` of the same guid is a correction of the same
  article); `meta.version`: `version`;
- `published_at`: `itemMeta/versionCreated`, else `contentMeta/contentCreated`;
- `headline`: `contentMeta/headline`; `language`: `contentMeta/language/@tag`, else
  `xml:lang`; `source`: `rightsInfo/copyrightHolder/name`, else the provider's literal
  or name, else the caller's `--source`;
- `body`: the first text content of `contentSet`: NITF or XHTML in `inlineXML`
  (NITF's `body.content` when it has one: the headline and byline of `body.head` are
  not article text) converted by `markup.element_to_text`, else `inlineData` as plain
  text;
- `meta`: urgency, pubStatus, slugline, subject names, located/place names.
An item whose pubStatus is `stat:canceled` or `stat:withheld` is read like any other, with
`pub_status` in `meta` (its body: its text, else its headline, else one line naming the
status); the worker gives it no events and a processed record marked `withdrawn`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from schemas import WITHDRAWN_STATUSES
from streams.ingest.markup import element_to_text, join_paragraphs, local_name, withdrawn_body

ROOT_NAMES = frozenset({"newsItem", "newsMessage"})
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024  # a message of several 1 MiB articles, with markup
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# What may stand before an XML document's root element: the declaration, processing
# instructions, comments and a doctype (with its internal subset), with whitespace between.
_PROLOG = re.compile(
    # Possessive quantifiers: a doctype that never closes costs one pass, not quadratic time.
    rb"\s*+(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*+(?:\[[^\]]*+\])?+[^>]*+>)",
    re.DOTALL | re.IGNORECASE,
)
_ROOT = re.compile(rb"\s*<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)")
# How far into a document its root element is looked for (a long licence comment fits).
ROOT_SEARCH_BYTES = 64 * 1024


def root_element(data: bytes) -> str | None:
    """The qualified name of an XML document's root element (`nar:newsItem`), if it has one."""
    head = data[:ROOT_SEARCH_BYTES].removeprefix(b"\xef\xbb\xbf")
    position = 0
    while (match := _PROLOG.match(head, position)) is not None:
        position = match.end()
    name = _ROOT.match(head, position)
    return name.group(1).decode("ascii") if name else None


def looks_like_newsml(head: bytes) -> bool:
    """Whether a document's root element is a NewsML-G2 newsItem or newsMessage (any prefix)."""
    name = root_element(head)
    return name is not None and name.rpartition(":")[2] in ROOT_NAMES


def _child(element: Element, *path: str) -> Element | None:
    """The first descendant along `path` of local names (namespaces ignored)."""
    current: Element | None = element
    for name in path:
        if current is None:
            return None
        current = next((c for c in current if local_name(str(c.tag)) == name), None)
    return current


def _children(element: Element | None, name: str) -> list[Element]:
    return [] if element is None else [c for c in element if local_name(str(c.tag)) == name]


def _attribute(element: Element | None, name: str) -> str | None:
    # Never `element or ...`: an element without children is false.
    return None if element is None else element.get(name)


def _text(element: Element | None) -> str | None:
    if element is None:
        return None
    text = " ".join("".join(element.itertext()).split())
    return text or None


def parse_newsml(data: bytes) -> Iterator[dict[str, Any] | str]:
    """RawArticle fields of every newsItem in the document, or why one (or all) cannot be."""
    for _key, result in newsml_items(data):
        yield result


def newsml_items(data: bytes) -> Iterator[tuple[str, dict[str, Any] | str]]:
    """Every newsItem as (key, fields or why not); the key is `guid@version`, so a corrected
    version is a new item to `ingest --follow`, and "" for an error of the whole document."""
    if len(data) > MAX_DOCUMENT_BYTES:
        yield "", f"XML document is {len(data)} bytes, over the {MAX_DOCUMENT_BYTES}-byte limit"
        return
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        yield "", f"refused XML: {type(exc).__name__} ({exc}); DTDs and entities are not accepted"
        return
    except ParseError as exc:
        yield "", f"invalid XML: {exc}"
        return
    name = local_name(str(root.tag))
    if name == "newsItem":
        items = [root]
    elif name == "newsMessage":
        items = [e for e in root.iter() if local_name(str(e.tag)) == "newsItem"]
        if not items:
            yield "", "newsMessage holds no newsItem"
            return
    else:
        reason = f"not a NewsML-G2 document: the root element is <{name}>, not newsItem/newsMessage"
        yield "", reason
        return
    for index, item in enumerate(items, start=1):
        guid = item.get("guid")
        key = f"{guid}@{item.get('version') or ''}" if guid else f"#{index}"
        yield key, _item_fields(item)


def _item_fields(item: Element) -> dict[str, Any] | str:
    guid = item.get("guid")
    if not guid:
        return "newsItem has no guid"
    item_meta = _child(item, "itemMeta")
    content_meta = _child(item, "contentMeta")
    status = _attribute(_child(item, "itemMeta", "pubStatus"), "qcode")
    status = (status or "").rsplit(":", 1)[-1].lower()
    status = "canceled" if status == "cancelled" else status  # IPTC spells it with one l
    body = _body(item)
    if status in WITHDRAWN_STATUSES:
        headline = _text(_child(item, "contentMeta", "headline"))
        body = withdrawn_body(body, headline, status)
    if body is None:
        return f"newsItem {guid} has no text body (inlineXML or inlineData in contentSet)"
    urgency = _text(_child(item, "contentMeta", "urgency"))
    language = _attribute(_child(item, "contentMeta", "language"), "tag")
    fields: dict[str, Any] = {
        "id": guid,
        "headline": _text(_child(item, "contentMeta", "headline")),
        "published_at": _text(_child(item, "itemMeta", "versionCreated"))
        or _text(_child(item, "contentMeta", "contentCreated")),
        "body": body,
        "language": language or item.get(_XML_LANG) or "en",
        "meta": {
            "format": "NewsML-G2",
            "version": item.get("version"),
            "urgency": int(urgency) if urgency and urgency.isdigit() else None,
            "pub_status": status or None,
            "slugline": _text(_child(item, "contentMeta", "slugline")),
            "subjects": [
                n for s in _children(content_meta, "subject") if (n := _text(_child(s, "name")))
            ],
            "places": [
                n
                for tag in ("located", "place")
                for s in _children(content_meta, tag)
                if (n := _text(_child(s, "name")))
            ],
        },
    }
    source = _text(_child(item, "rightsInfo", "copyrightHolder", "name"))
    provider = _child(item_meta, "provider") if item_meta is not None else None
    if source is None and provider is not None:
        source = provider.get("literal") or _text(_child(provider, "name"))
    if source:
        fields["source"] = source
    return fields


def _body(item: Element) -> str | None:
    content = _child(item, "contentSet")
    if content is None:
        return None
    for part in content:
        kind = local_name(str(part.tag))
        if kind == "inlineXML":
            markup = next(iter(part), None)
            if markup is None:
                continue
            main = next(
                (e for e in markup.iter() if local_name(str(e.tag)) == "body.content"), None
            )
            text = element_to_text(main if main is not None else markup)
        elif kind == "inlineData":
            text = join_paragraphs((part.text or "").split("\n\n"))
        else:
            continue
        if text.strip():
            return text
    return None
