"""Command-line inputs of `wirestream ingest` into one stream of RawArticle | InputError.

`.txt`, `.json`, `.jsonl` and stdin are read by `streams.ingest.readers` (the same
parser `wirestream classify` uses, so both commands accept the same files).
This module adds what only ingest takes: RSS/Atom feeds, as files (`.xml`,
`.rss`, `.atom`, or any file or stdin whose content starts like XML) and as
http(s) URLs, and directories that mix feeds with the other kinds. XML files and URLs
may as well hold NewsML-G2, and URLs ninjs JSON: `streams.ingest.agency` tells them
apart by content.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from streams.ingest.agency import parse_document
from streams.ingest.feeds import FEED_SUFFIXES, looks_like_feed
from streams.ingest.fetch import FetchError, fetch_feed, is_url
from streams.ingest.newsml import ROOT_SEARCH_BYTES, looks_like_newsml
from streams.ingest.readers import (
    STDIN,
    STDIN_NAME,
    SUFFIXES,
    ArticleOrError,
    InputError,
    files_under,
    read_articles,
)

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

INGEST_SUFFIXES = SUFFIXES + FEED_SUFFIXES


@dataclass(frozen=True, slots=True)
class InputOptions:
    """Metadata the user gave for inputs that do not carry their own (the CLI flags)."""

    source: str | None
    default_source: str
    headline: str | None = None
    published_at: datetime | None = None


def read_inputs(
    paths: tuple[str, ...] | list[str], options: InputOptions, stdin: BinaryIO
) -> Iterator[ArticleOrError]:
    """Every article (or input error) in `paths`, in order: files, dirs, feeds, URLs or `-`."""
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(stdin, options)
        elif is_url(path):
            yield from _read_url(path, options)
        elif Path(path).is_dir():
            yield from _read_dir(Path(path), path, options)
        else:
            yield from _read_file(Path(path), path, options)


def feed_articles(
    data: bytes,
    location: str,
    options: InputOptions,
    *,
    content_type: str | None = None,
    base_url: str | None = None,
) -> Iterator[ArticleOrError]:
    """The items of one feed, ninjs or NewsML-G2 document (or the one error that makes it
    unreadable), told apart by content (`streams.ingest.agency`)."""
    parsed = parse_document(
        data,
        location,
        source=options.source,
        default_source=options.default_source,
        headline=options.headline,
        published_at=options.published_at,
        content_type=content_type,
        base_url=base_url,
    )
    if parsed.error is not None:
        yield parsed.error
        return
    # An empty feed is like an empty .jsonl file: nothing to send, nothing wrong.
    for item in parsed.items:
        yield item.result


def _read_url(url: str, options: InputOptions) -> Iterator[ArticleOrError]:
    """Fetch a URL once (no conditional GET: a one-shot ingest publishes all it finds)."""
    try:
        response = fetch_feed(url)
    except FetchError as exc:
        yield InputError(url, str(exc))
        return
    yield from feed_articles(
        response.body,
        url,
        options,
        content_type=response.content_type,
        base_url=response.url,
    )


def _read_dir(root: Path, name: str, options: InputOptions) -> Iterator[ArticleOrError]:
    """Every input file below `root` (hidden ones skipped), in sorted relative-path order."""
    files = files_under(root, INGEST_SUFFIXES)
    if not files:
        yield InputError(name, "directory has no .txt, .json, .jsonl, .xml, .rss or .atom files")
    for file in files:
        yield from _read_file(file, str(file), options)


def _read_file(file: Path, name: str, options: InputOptions) -> Iterator[ArticleOrError]:
    """One file: a feed by suffix or by content, else what `streams.ingest.readers` makes of it."""
    suffix = file.suffix.lower()
    if suffix in SUFFIXES:
        yield from _read_with_readers(name, options)
        return
    try:
        if suffix not in FEED_SUFFIXES:
            with file.open("rb") as stream:
                head = stream.read(ROOT_SEARCH_BYTES)
                if not (looks_like_feed(head) or looks_like_newsml(head)):
                    shown = f"'{suffix}'" if suffix else "(no suffix)"
                    yield InputError(
                        name,
                        f"unsupported file type {shown}: expected .txt, .json, .jsonl, "
                        "an RSS/Atom feed, NewsML-G2 XML, a URL, or - for stdin",
                    )
                    return
        data = file.read_bytes()
    except OSError as exc:
        yield InputError(name, f"cannot read file: {exc.strerror or exc}")
        return
    yield from feed_articles(data, name, options)


def _read_with_readers(
    path: str, options: InputOptions, stdin: BinaryIO | None = None
) -> Iterator[ArticleOrError]:
    """Delegate to the shared classify/ingest reader, with the user's metadata."""
    yield from read_articles(
        path,
        source=options.source or options.default_source,
        headline=options.headline,
        published_at=options.published_at,
        stdin=stdin,
    )


def _read_stdin(stdin: BinaryIO, options: InputOptions) -> Iterator[ArticleOrError]:
    """Stdin: a feed when it starts like XML, else JSON Lines or a text body (as classify)."""
    head = b""
    for line in stdin:
        head += line
        if line.strip().removeprefix(b"\xef\xbb\xbf").strip():
            break
    if looks_like_feed(head):
        yield from feed_articles(head + stdin.read(), STDIN_NAME, options)
        return
    replay = io.BufferedReader(_Replay(head, stdin))
    yield from _read_with_readers(STDIN, options, stdin=replay)


class _Replay(io.RawIOBase):
    """A raw stream that yields the bytes already read for sniffing, then the rest of `rest`."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            count = min(len(view), len(self._head))
            view[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        # read1 returns what is available now, so a slow pipe is not held to a full buffer.
        read1 = getattr(self._rest, "read1", None)
        data: bytes = read1(len(view)) if read1 is not None else self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)
