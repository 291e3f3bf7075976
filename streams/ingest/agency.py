"""Fetched or XML documents of unknown kind into keyed items: RSS/Atom, ninjs or NewsML-G2.

A URL does not say what it serves: an agency content API answers with ninjs (a JSON item,
an array of items, or JSON Lines) or NewsML-G2 (a newsItem or a newsMessage of them), a news
site with RSS or Atom. `parse_document` tells them apart by content and reads each into the
same `ParsedFeed`, so `wirestream ingest URL`, `ingest --follow URL` and `.xml` files agree.

Every item carries the key `ingest --follow` remembers it by. An agency item's key is its id
with its version (`uri@version`, `guid@version`): a corrected version is a new item and is
published again, under the same article id, so it replaces the article's events.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Literal

import orjson

from streams.ingest.feeds import FeedItem, ParsedFeed, parse_feed
from streams.ingest.newsml import looks_like_newsml, root_element
from streams.ingest.ninjs import item_key
from streams.ingest.readers import (
    InputError,
    JsonRecord,
    build_article,
    json_records,
    newsml_articles,
)
from streams.records.articles import DEFAULT_SOURCE

DocumentKind = Literal["json", "newsml", "feed"]
_BOM = b"\xef\xbb\xbf"


def document_kind(data: bytes) -> DocumentKind:
    """JSON when the first character opens an object or array, NewsML-G2 when the root
    element is a newsItem or newsMessage, else a feed (feedparser decides the rest)."""
    if data.removeprefix(_BOM).lstrip()[:1] in (b"{", b"["):
        return "json"
    return "newsml" if looks_like_newsml(data) else "feed"


def parse_document(
    data: bytes,
    location: str,
    *,
    source: str | None = None,
    default_source: str = DEFAULT_SOURCE,
    headline: str | None = None,
    published_at: datetime | None = None,
    content_type: str | None = None,
    base_url: str | None = None,
) -> ParsedFeed:
    """Every item of a feed, ninjs or NewsML-G2 document, keyed; or why none can be read."""
    kind = document_kind(data)
    caller = {"source": source or default_source, "headline": headline}
    if kind == "newsml":
        results = newsml_articles(data, location, published_at=published_at, **caller)
        items = [FeedItem(key, result) for key, result in results]
        if len(items) == 1 and not items[0].key and isinstance(items[0].result, InputError):
            return ParsedFeed(None, (), items[0].result)  # the whole document is unreadable
        return ParsedFeed(None, tuple(items))
    if kind == "json":
        records = list(json_records(data, location))
        if len(records) == 1 and isinstance(records[0].record, InputError):
            return ParsedFeed(None, (), records[0].record)
        return ParsedFeed(
            None,
            tuple(
                FeedItem(_json_key(item), build_article(item, published_at=published_at, **caller))
                for item in records
            ),
        )
    parsed = parse_feed(
        data,
        location,
        source=source,
        default_source=default_source,
        headline=headline,
        published_at=published_at,
        content_type=content_type,
        base_url=base_url,
    )
    if parsed.error is not None and parsed.error.message.startswith("not an RSS or Atom feed"):
        root = root_element(data)
        shown = f"<{root}>" if root else "unknown"
        message = (
            "not an RSS/Atom feed, a NewsML-G2 newsItem/newsMessage nor ninjs JSON: "
            f"the root element is {shown}"
        )
        return ParsedFeed(None, (), InputError(parsed.error.location, message))
    return parsed


def _json_key(item: JsonRecord) -> str:
    """A ninjs item's `uri@version`; any other object (or error) by its location and content."""
    record: Any = item.record
    if isinstance(record, dict) and isinstance(record.get("uri"), str):
        return item_key(record)
    content = record if isinstance(record, dict) else str(record)
    digest = hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return f"sha256:{digest[:32]}"
