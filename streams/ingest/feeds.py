"""RSS/Atom documents into RawArticles: pure functions, no network, no files.

feedparser does the XML (every RSS and Atom dialect, broken encodings, date
formats, HTML sanitizing); this module turns its entries into RawArticles:
the item's content (or summary) as plain text, its title, link and time.
An item without text cannot be an article: it becomes an InputError that
names the feed and the item, and the other items are unaffected.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import feedparser  # type: ignore[import-untyped]
from pydantic import ValidationError

from schemas import RawArticle
from streams.ingest.readers import InputError
from streams.records.articles import DEFAULT_SOURCE, condense_validation_error, derive_article_id

FEED_SUFFIXES = (".xml", ".rss", ".atom")

# Elements that end a paragraph of running text.
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
# Elements whose content is never article text.
_INVISIBLE = frozenset({"head", "noscript", "script", "style", "template", "title"})
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_ROOTS = (b"<?xml", b"<rss", b"<feed", b"<rdf:rdf", b"<!doctype rss")
_BOM = b"\xef\xbb\xbf"
_SPACES = re.compile(r"[^\S\n]+")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed entry: the key follow mode remembers it by, and its article (or why not)."""

    key: str
    result: RawArticle | InputError


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed document: its title and items, or the error that made it unreadable."""

    title: str | None
    items: tuple[FeedItem, ...]
    error: InputError | None = None


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML fragment as a list of paragraphs."""

    def __init__(self) -> None:
        # convert_charrefs: entities arrive already unescaped in handle_data.
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._chunks: list[str] = []
        self._invisible = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE:
            self._invisible += 1
        elif tag == "br":
            self._chunks.append("\n")
        elif tag in _BLOCKS:
            self._end_paragraph()
            if tag == "pre":
                self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A self-closed <div/> or <script/> opens nothing, so only the break matters.
        if tag == "br":
            self._chunks.append("\n")
        elif tag in _BLOCKS:
            self._end_paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE:
            self._invisible = max(0, self._invisible - 1)
        elif tag in _BLOCKS:
            self._end_paragraph()
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._invisible:
            return
        # Source line breaks are layout except inside <pre>, where they are content.
        self._chunks.append(data if self._pre else _WHITESPACE.sub(" ", data))

    def close(self) -> None:
        super().close()
        self._end_paragraph()

    def _end_paragraph(self) -> None:
        lines = (_SPACES.sub(" ", line).strip() for line in "".join(self._chunks).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text:
            self.paragraphs.append(text)
        self._chunks = []


def html_to_text(html: str) -> str:
    """Visible text of HTML, entities unescaped, paragraphs separated by a blank line."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return "\n\n".join(parser.paragraphs)


def plain_text(text: str) -> str:
    """Plain text tidied like html_to_text: trimmed lines, a blank line between paragraphs."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    cleaned = ("\n".join(line.strip() for line in p.strip().split("\n")) for p in paragraphs)
    return "\n\n".join(p for p in cleaned if p)


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes of a document look like XML, RSS or Atom."""
    start = head.removeprefix(_BOM).lstrip()[:64].lower()
    return start.startswith(_FEED_ROOTS)


def parse_feed(
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
    """Parse an RSS/Atom document into one FeedItem per entry (source: `source`, else the title)."""
    headers: dict[str, str] = {}
    if content_type:
        headers["content-type"] = content_type
    if base_url:
        headers["content-location"] = base_url
    # A BytesIO, never a str: feedparser would read a str that looks like a path or URL.
    parsed: Any = feedparser.parse(io.BytesIO(data), response_headers=headers)
    feed: Mapping[str, Any] = parsed.get("feed", {})
    entries: list[Any] = list(parsed.get("entries", []))
    if not parsed.get("version") and not entries:
        reason = parsed.get("bozo_exception")
        detail = f": {_one_line(str(reason))}" if reason else ""
        return ParsedFeed(None, (), InputError(location, f"not an RSS or Atom feed{detail}"))
    title = _text_of(feed.get("title_detail"), feed.get("title")) or None
    language = _language(feed.get("language"))
    feed_source = source or title or default_source
    items = tuple(
        _item(
            entry,
            index,
            location,
            source=feed_source,
            language=language,
            headline=headline,
            published_at=published_at,
        )
        for index, entry in enumerate(entries, start=1)
    )
    return ParsedFeed(title, items)


def _item(
    entry: Mapping[str, Any],
    index: int,
    location: str,
    *,
    source: str,
    language: str | None,
    headline: str | None,
    published_at: datetime | None,
) -> FeedItem:
    """One feed entry as a RawArticle, or an InputError naming its index and guid."""
    guid = _str(entry.get("id"))
    url = _str(entry.get("link"))
    label = f"item {index}" + (f" (guid {guid})" if guid else "")
    body = _body(entry)
    if not body:
        key = guid or url or f"#{index}"
        return FeedItem(key, InputError(location, f"{label}: no text in its content or summary"))
    article_id = derive_article_id(source, body, url)
    fields: dict[str, Any] = {
        "id": article_id,
        "source": source,
        "url": url,
        "headline": _one_line(_text_of(entry.get("title_detail"), entry.get("title"))) or headline,
        "published_at": _entry_time(entry) or published_at,
        "body": body,
    }
    if language:
        fields["language"] = language
    key = guid or url or article_id
    try:
        return FeedItem(key, RawArticle.model_validate(fields))
    except ValidationError as exc:
        return FeedItem(key, InputError(location, f"{label}: {condense_validation_error(exc)}"))


def _body(entry: Mapping[str, Any]) -> str:
    """The entry's text: the first content block with text, else the summary."""
    for content in entry.get("content") or ():
        text = _text_of(content, None)
        if text:
            return text
    return _text_of(entry.get("summary_detail"), entry.get("summary"))


def _text_of(detail: Any, fallback: Any) -> str:
    """Plain text of a feedparser text construct (`*_detail`), HTML or not."""
    if isinstance(detail, Mapping):
        value = _str(detail.get("value")) or ""
        kind = _str(detail.get("type")) or "text/html"
    else:
        value = _str(fallback) or ""
        kind = "text/html"
    if kind in _HTML_TYPES:
        return html_to_text(value)
    return plain_text(value)


def _entry_time(entry: Mapping[str, Any]) -> datetime | None:
    """The entry's published (else updated) time as an aware UTC datetime."""
    for field in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(field)
        if parsed is None:
            continue
        try:
            # feedparser normalizes to UTC; a leap second (60) does not fit datetime.
            year, month, day, hour, minute, second = (int(part) for part in parsed[:6])
            return datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)
        except (TypeError, ValueError, IndexError):
            continue
    return None


def _language(value: Any) -> str | None:
    """The primary subtag of a feed's language ("en-US" → "en"), if it has one."""
    text = _str(value)
    if not text:
        return None
    primary = text.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() else None


def _str(value: Any) -> str | None:
    """A non-blank string value, else None."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def _one_line(text: str) -> str:
    """Collapse all whitespace to single spaces."""
    return " ".join(text.split())
