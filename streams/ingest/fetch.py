"""HTTP(S) GET of a feed, with the conditional headers follow mode needs.

Only the URLs the user names are fetched. Every failure (DNS, refused
connection, timeout, HTTP error status, oversized body) becomes a FetchError
with a one-line message, so a caller can report it and carry on.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from streams import __version__

USER_AGENT = f"wirestream/{__version__} (+feed ingest)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
DEFAULT_TIMEOUT = 20.0
# Far above any real feed; only there so a runaway response cannot exhaust memory.
MAX_FEED_BYTES = 64 * 1024 * 1024


class FetchError(Exception):
    """A feed could not be fetched; the message says why, on one line."""


@dataclass(frozen=True, slots=True)
class FeedResponse:
    """A fetched feed (status 200) or a not-modified answer (status 304, empty body)."""

    status: int
    body: bytes
    url: str
    etag: str | None
    last_modified: str | None
    content_type: str | None

    @property
    def not_modified(self) -> bool:
        """True when the server answered 304: nothing changed since the validators were issued."""
        return self.status == 304


def is_url(value: str) -> bool:
    """True for an http:// or https:// URL (the only remote inputs ingest accepts)."""
    return urllib.parse.urlsplit(value).scheme.lower() in ("http", "https")


def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> FeedResponse:
    """GET `url`, sending If-None-Match / If-Modified-Since when validators are given."""
    if not is_url(url):
        raise FetchError("not an http(s) URL")
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_FEED_BYTES + 1)
            if len(body) > MAX_FEED_BYTES:
                raise FetchError(f"feed is over {MAX_FEED_BYTES} bytes")
            return FeedResponse(
                status=response.status,
                body=body,
                url=response.geturl(),
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                content_type=response.headers.get("Content-Type"),
            )
    except urllib.error.HTTPError as exc:
        # urllib treats every non-2xx status as an error, 304 included.
        if exc.code == 304:
            return FeedResponse(
                status=304,
                body=b"",
                url=url,
                etag=exc.headers.get("ETag") or etag,
                last_modified=exc.headers.get("Last-Modified") or last_modified,
                content_type=None,
            )
        raise FetchError(f"HTTP {exc.code} {exc.reason}".rstrip()) from exc
    except urllib.error.URLError as exc:
        raise FetchError(f"cannot fetch: {_reason(exc.reason)}") from exc
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise FetchError(f"cannot fetch: {_reason(exc)}") from exc


def _reason(reason: object) -> str:
    """A readable one-line reason from a socket or HTTP exception."""
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    text = " ".join(str(reason).split())
    return text or type(reason).__name__
