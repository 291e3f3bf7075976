"""Input parsing for the offline CLI: files, directories and stdin into RawArticles.

No Kafka here. Every problem becomes an `InputError` that names the file and
the line, and a bad record never stops the good records after it: callers get
one stream of articles-or-errors and decide how to report them.

Accepted inputs:
- `.txt`: the whole file is the body; source, headline and published_at come
  from the caller (the CLI flags).
- `.json`: one RawArticle object, or a JSON array of them.
- `.jsonl`: one RawArticle object per line; blank lines are skipped.
- IPTC ninjs items (1.x, 2.x, 3.x) wherever a RawArticle object may stand: a JSON
  object with a `uri` and no `body` is read as ninjs (`streams.ingest.ninjs`).
- `.xml`: an IPTC NewsML-G2 newsItem or newsMessage (`streams.ingest.newsml`; RSS and
  Atom feeds are read by `wirestream ingest`).
- `-`: stdin, read as JSON Lines when the first non-blank line is a whole JSON
  object, as one JSON document (a pretty-printed object, an array) when it opens
  one, as NewsML-G2 when it starts with `<`, else as the text body.
- a directory: every `*.txt`, `*.json`, `*.jsonl`, `*.xml` below it, in sorted order
  (hidden files and directories are skipped).

In JSON records the caller's source/headline/published_at only fill fields
that are missing or null; a record's own values win. A record without an `id`
gets a stable one (`derive_article_id`), as the ingest does (DESIGN.md).
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, TypeAlias

import orjson
from pydantic import ValidationError

from schemas import MAX_BODY_BYTES, RawArticle
from streams.ingest.newsml import MAX_DOCUMENT_BYTES, newsml_items
from streams.ingest.ninjs import looks_like_ninjs, ninjs_fields
from streams.records.articles import (
    DEFAULT_SOURCE,
    condense_validation_error,
    derive_article_id,
    json_type_name,
)

STDIN = "-"
STDIN_NAME = "<stdin>"
SUFFIXES = (".txt", ".json", ".jsonl")
NEWSML_SUFFIXES = (".xml",)

_BOM = b"\xef\xbb\xbf"
# A UTF-8 file may carry a BOM; allow for it before declaring a body too big.
_MAX_TEXT_FILE_BYTES = MAX_BODY_BYTES + len(_BOM)
_JSON_WS = " \t\r\n"
# A JSON document on stdin (not JSON Lines) is held whole; an agency API's page of items fits.
MAX_JSON_DOCUMENT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class InputError:
    """One rejected input: where it is (`path:LINE`, or `path`) and what is wrong."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


ArticleOrError: TypeAlias = RawArticle | InputError


@dataclass(frozen=True, slots=True)
class _Defaults:
    """Caller-supplied metadata for inputs that do not carry their own."""

    source: str
    headline: str | None
    published_at: datetime | None


def read_articles(
    path: str,
    *,
    source: str | None = None,
    headline: str | None = None,
    published_at: datetime | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[ArticleOrError]:
    """Yield a RawArticle or an InputError for every record in `path` (a file, dir or `-`)."""
    defaults = _Defaults(source or DEFAULT_SOURCE, headline, published_at)
    if path == STDIN:
        yield from _read_stream(stdin if stdin is not None else sys.stdin.buffer, defaults)
        return
    root = Path(path)
    if root.is_dir():
        files = files_under(root, SUFFIXES + NEWSML_SUFFIXES)
        if not files:
            yield InputError(path, "directory has no .txt, .json, .jsonl or .xml files")
        for file in files:
            yield from _read_file(file, str(file), defaults)
        return
    yield from _read_file(root, path, defaults)


def files_under(root: Path, suffixes: tuple[str, ...] = SUFFIXES) -> list[Path]:
    """Every file below `root` with one of `suffixes`, hidden ones skipped, by relative path."""
    found = [
        p
        for p in root.rglob("*")
        if p.suffix.lower() in suffixes
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
        and p.is_file()
    ]
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _read_file(file: Path, name: str, defaults: _Defaults) -> Iterator[ArticleOrError]:
    """Dispatch one file on its suffix; any OS error becomes one InputError."""
    suffix = file.suffix.lower()
    if suffix in NEWSML_SUFFIXES:
        try:
            data = file.read_bytes()
        except OSError as exc:
            yield InputError(name, f"cannot read file: {exc.strerror or exc}")
            return
        yield from _newsml(data, name, defaults)
        return
    if suffix not in SUFFIXES:
        shown = f"'{suffix}'" if suffix else "(no suffix)"
        yield InputError(
            name,
            f"unsupported file type {shown}: expected .txt, .json, .jsonl or NewsML-G2 .xml "
            "(or - for stdin)",
        )
        return
    try:
        if suffix == ".jsonl":
            # Streamed line by line: a JSON Lines file may be far larger than memory.
            with file.open("rb") as stream:
                yield from _read_jsonl(stream, name, defaults)
            return
        if suffix == ".txt":
            size = file.stat().st_size
            if size > _MAX_TEXT_FILE_BYTES:
                yield InputError(
                    f"{name}:1", f"body is {size} bytes, over the {MAX_BODY_BYTES}-byte limit"
                )
                return
        data = file.read_bytes()
    except OSError as exc:
        yield InputError(name, f"cannot read file: {exc.strerror or exc}")
        return
    if suffix == ".txt":
        yield _text_article(data, name, defaults)
    else:
        yield from _read_json_document(data, name, defaults)


def _read_stream(stream: BinaryIO, defaults: _Defaults) -> Iterator[ArticleOrError]:
    """Read stdin: JSON (Lines, or one document), NewsML-G2 XML, else a text body."""
    lines = iter(stream)
    head: list[bytes] = []
    for raw in lines:
        head.append(raw)
        if raw.strip().removeprefix(_BOM).strip():
            break
    first = b"".join(head).removeprefix(_BOM).lstrip()
    if first.startswith(b"{") and _is_json(first):
        # One object per line: streamed, so a JSON Lines pipe may be far larger than memory.
        yield from _read_jsonl(itertools.chain(head, lines), STDIN_NAME, defaults)
        return
    if first.startswith((b"{", b"[")):
        yield from _read_json_stream(head, lines, defaults)
        return
    if first.startswith(b"<"):
        data = b"".join(head) + stream.read(MAX_DOCUMENT_BYTES + 1 - len(b"".join(head)))
        yield from _newsml(data, STDIN_NAME, defaults)
        return
    # Read at most one byte past the limit so a runaway pipe cannot exhaust memory.
    data = b"".join(head)
    if len(data) <= _MAX_TEXT_FILE_BYTES:
        data += stream.read(_MAX_TEXT_FILE_BYTES + 1 - len(data))
    if len(data) > _MAX_TEXT_FILE_BYTES:
        yield InputError(f"{STDIN_NAME}:1", f"body is over the {MAX_BODY_BYTES}-byte limit")
        return
    yield _text_article(data, STDIN_NAME, defaults)


def _read_json_stream(
    head: list[bytes], lines: Iterator[bytes], defaults: _Defaults
) -> Iterator[ArticleOrError]:
    """Stdin whose first line opens JSON but does not close it: one document spread over
    lines (a pretty-printed ninjs item, an array of items), or JSON Lines whose first line
    is broken; read whole up to `MAX_JSON_DOCUMENT_BYTES` (past that, as JSON Lines, line
    by line) and told apart by `json_records`."""
    size = sum(len(line) for line in head)
    for line in lines:
        head.append(line)
        size += len(line)
        if size > MAX_JSON_DOCUMENT_BYTES:
            yield from _read_jsonl(itertools.chain(head, lines), STDIN_NAME, defaults)
            return
    for item in json_records(b"".join(head), STDIN_NAME):
        yield _build_item(item, defaults)


def _is_json(line: bytes) -> bool:
    """Whether one line holds a whole JSON value."""
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


def _is_json_object(line: bytes) -> bool:
    """Whether one line holds a whole JSON object (a line of JSON Lines, never a line of a
    pretty-printed document, whose lines are members, brackets or values with commas)."""
    return line.lstrip().startswith(b"{") and _is_json(line)


def _text_article(data: bytes, name: str, defaults: _Defaults) -> ArticleOrError:
    """A plain-text input: the whole content is the body, metadata from the caller."""
    text = _decode(data, name)
    if isinstance(text, InputError):
        return text
    return _build({"body": text}, f"{name}:1", defaults)


def _read_json_document(data: bytes, name: str, defaults: _Defaults) -> Iterator[ArticleOrError]:
    """A `.json` file: one article object, or an array of them."""
    for item in json_document_records(data, name):
        yield _build_item(item, defaults)


@dataclass(frozen=True, slots=True)
class JsonRecord:
    """One object of a JSON input (or why it is not one), where it is, and how to name it."""

    location: str
    record: dict[str, Any] | InputError
    label: str = ""  # "item N" in an array: errors say it, a line alone being ambiguous there


def json_document_records(data: bytes, name: str) -> Iterator[JsonRecord]:
    """The objects of one JSON document: a single object, or an array of them."""
    text = _decode(data, name)
    if isinstance(text, InputError):
        yield JsonRecord(name, text)
        return
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        location = f"{name}:{exc.lineno}"
        yield JsonRecord(
            location, InputError(location, f"invalid JSON: {exc.msg} (column {exc.colno})")
        )
        return
    if isinstance(doc, dict):
        yield JsonRecord(f"{name}:{_line_of(text, _skip_ws(text, 0))}", doc)
        return
    if not isinstance(doc, list):
        message = f"expected a JSON object or an array of objects, got {json_type_name(doc)}"
        yield JsonRecord(f"{name}:1", InputError(f"{name}:1", message))
        return
    lines = _array_item_lines(text, len(doc))
    for index, (item, line) in enumerate(zip(doc, lines, strict=True), start=1):
        location = f"{name}:{line}"
        if not isinstance(item, dict):
            message = f"item {index}: expected a JSON object, got {json_type_name(item)}"
            yield JsonRecord(location, InputError(location, message))
            continue
        yield JsonRecord(location, item, f"item {index}")


def _read_jsonl(lines: Iterable[bytes], name: str, defaults: _Defaults) -> Iterator[ArticleOrError]:
    """One article per line; blank lines are skipped, bad lines reported and passed over."""
    for item in json_lines_records(lines, name):
        yield _build_item(item, defaults)


def json_lines_records(lines: Iterable[bytes], name: str) -> Iterator[JsonRecord]:
    """The object on each non-blank line of JSON Lines (or why a line holds none)."""
    offset = 0
    for lineno, raw in enumerate(lines, start=1):
        start = offset
        offset += len(raw)
        if lineno == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
            start += len(_BOM)
        if not raw.strip():
            continue
        location = f"{name}:{lineno}"
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            # orjson also rejects bad UTF-8; decode only on failure to say where it is.
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as bad:
                yield JsonRecord(location, InputError(location, _utf8_message(raw, bad, start)))
                continue
            message = f"invalid JSON: {exc.msg} (column {exc.colno})"
            yield JsonRecord(location, InputError(location, message))
            continue
        if not isinstance(record, dict):
            message = f"expected a JSON object, got {json_type_name(record)}"
            yield JsonRecord(location, InputError(location, message))
            continue
        yield JsonRecord(location, record)


def json_records(data: bytes, name: str) -> Iterator[JsonRecord]:
    """The objects of JSON bytes of either shape: one JSON document (an object or an array,
    pretty-printed or not) when the bytes parse as one; else JSON Lines when any line holds a
    whole object (so a broken line costs only itself); else the document's one error."""
    try:
        orjson.loads(data.removeprefix(_BOM))
    except orjson.JSONDecodeError:
        lines = data.splitlines(keepends=True)
        if any(_is_json_object(line.removeprefix(_BOM)) for line in lines):
            yield from json_lines_records(lines, name)
            return
    yield from json_document_records(data, name)


def build_article(
    item: JsonRecord,
    *,
    source: str | None = None,
    headline: str | None = None,
    published_at: datetime | None = None,
) -> ArticleOrError:
    """One JSON record (ours or a ninjs item) as a RawArticle, the caller's metadata filling in."""
    return _build_item(item, _Defaults(source or DEFAULT_SOURCE, headline, published_at))


def _build_item(item: JsonRecord, defaults: _Defaults) -> ArticleOrError:
    if isinstance(item.record, InputError):
        return item.record
    result = _build(item.record, item.location, defaults)
    if item.label and isinstance(result, InputError):
        return InputError(result.location, f"{item.label}: {result.message}")
    return result


def newsml_articles(
    data: bytes,
    name: str,
    *,
    source: str | None = None,
    headline: str | None = None,
    published_at: datetime | None = None,
) -> Iterator[tuple[str, ArticleOrError]]:
    """(key, RawArticle or why not) for every newsItem of a NewsML-G2 document; the key is
    what `ingest --follow` remembers an item by (`newsml.newsml_items`)."""
    defaults = _Defaults(source or DEFAULT_SOURCE, headline, published_at)
    yield from _keyed_newsml(data, name, defaults)


def _newsml(data: bytes, name: str, defaults: _Defaults) -> Iterator[ArticleOrError]:
    for _key, result in _keyed_newsml(data, name, defaults):
        yield result


def _keyed_newsml(
    data: bytes, name: str, defaults: _Defaults
) -> Iterator[tuple[str, ArticleOrError]]:
    for index, (key, result) in enumerate(newsml_items(data.removeprefix(_BOM)), start=1):
        location = f"{name}:item {index}"
        if isinstance(result, str):
            yield key, InputError(name if not key else location, result)
        else:
            yield key, _build(result, location, defaults)


def _build(record: dict[str, Any], location: str, defaults: _Defaults) -> ArticleOrError:
    """Validate one record as a RawArticle, filling defaults and a derived id."""
    if looks_like_ninjs(record):
        converted = ninjs_fields(record)
        if isinstance(converted, str):
            return InputError(location, converted)
        record = converted
    body = record.get("body")
    if body is None:
        return InputError(location, "missing body")
    fields = dict(record)
    if fields.get("source") is None:
        fields["source"] = defaults.source
    if fields.get("headline") is None and defaults.headline is not None:
        fields["headline"] = defaults.headline
    if fields.get("published_at") is None and defaults.published_at is not None:
        fields["published_at"] = defaults.published_at
    if fields.get("id") is None:
        url = fields.get("url")
        # str() so a mistyped field still gets an id and only its own error is reported.
        fields["id"] = derive_article_id(
            str(fields["source"]), str(body), None if url is None else str(url)
        )
    try:
        return RawArticle.model_validate(fields)
    except ValidationError as exc:
        return InputError(location, condense_validation_error(exc))


def _decode(data: bytes, name: str) -> str | InputError:
    """Decode a whole file as UTF-8 (BOM dropped), or say where the first bad byte is."""
    skipped = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[skipped:].decode("utf-8")
    except UnicodeDecodeError as exc:
        line = 1 + data.count(b"\n", 0, skipped + exc.start)
        return InputError(f"{name}:{line}", _utf8_message(data[skipped:], exc, skipped))


def _utf8_message(data: bytes, exc: UnicodeDecodeError, base: int) -> str:
    """Describe a decoding failure by the bad byte and its offset in the file."""
    return f"invalid UTF-8: byte 0x{data[exc.start]:02x} at byte offset {base + exc.start}"


def _skip_ws(text: str, pos: int) -> int:
    """Index of the first non-whitespace character at or after `pos`."""
    while pos < len(text) and text[pos] in _JSON_WS:
        pos += 1
    return pos


def _line_of(text: str, pos: int) -> int:
    """1-based line number of character `pos`."""
    return 1 + text.count("\n", 0, pos)


def _array_item_lines(text: str, count: int) -> list[int]:
    """Start line of each item of a top-level JSON array (already known to be valid)."""
    decoder = json.JSONDecoder()
    starts: list[int] = []
    try:
        pos = _skip_ws(text, 0) + 1  # past the "["
        for _ in range(count):
            pos = _skip_ws(text, pos)
            starts.append(pos)
            _, pos = decoder.raw_decode(text, pos)
            pos = _skip_ws(text, pos) + 1  # past the "," (or the closing "]")
    except ValueError:
        # Both parsers agree on valid JSON, so this is unexpected; never fail over a line number.
        return [1] * count
    newlines = [m.start() for m in re.finditer("\n", text)]
    return [1 + bisect.bisect_left(newlines, start) for start in starts]
