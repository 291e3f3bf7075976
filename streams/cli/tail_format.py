"""How `wirestream tail` prints a record: pure functions, no Kafka.

Readable mode gives one to three lines per record, chosen by the record's kind
(the topic it came from, else a guess from its content). Every string taken
from a record is made terminal-safe (control, bidi and other invisible
characters escaped) and shortened, and a value that does not fit its kind
falls back to a generic escaped preview: formatting never raises.

JSON mode gives one object per record:
`{"topic", "partition", "offset", "timestamp", "key", "headers", "value",
"value_encoding"}`. `timestamp` is milliseconds since the epoch (null when the
broker has none); `key` and header values are UTF-8 text, with invalid bytes
written as `\\xNN`; a null header value becomes "". `value` is the parsed JSON
when the bytes are JSON (`value_encoding` "json"), else the UTF-8 text ("text"),
else base64 of the bytes ("base64"); a tombstone has value and value_encoding
null. When a header name repeats, the last value wins.
"""

from __future__ import annotations

import base64
import codecs
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import orjson

Kind = Literal[
    "raw", "dlq", "processed", "call_readout", "cost_sharing_deal", "statement", "cluster"
]
KINDS: Final[tuple[Kind, ...]] = (
    "raw",
    "dlq",
    "processed",
    "call_readout",
    "cost_sharing_deal",
    "statement",
    "cluster",
)
EVENT_KINDS: Final[tuple[Kind, ...]] = ("call_readout", "cost_sharing_deal", "statement")
_EVENT_KIND_BY_NAME: Final[dict[str, Kind]] = {kind: kind for kind in EVENT_KINDS}

PREVIEW_BYTES: Final = 120  # bytes of a dead letter's or unknown record's value shown
NAME_LIMIT: Final = 60
TEXT_LIMIT: Final = 160
INDENT: Final = "    "

# C0/C1 controls, DEL, zero-width space, bidi controls, line/paragraph separators, BOM
# and lone surrogates: anything that could move the cursor, hide or reorder text.
# (ZWJ/ZWNJ stay: scripts and emoji need them.)
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
_NAMED_ESCAPES: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


@dataclass(frozen=True, slots=True)
class TailRecord:
    """One consumed record: where it sits, and its raw key, value and headers."""

    topic: str
    partition: int
    offset: int
    timestamp: int | None
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes | None], ...] = ()


class _NotJson:
    """Marker: the value is not JSON."""


NOT_JSON: Final = _NotJson()


def _escape_char(match: re.Match[str]) -> str:
    """The escape sequence for one unsafe character."""
    char = match.group()
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """Text with every control or invisible formatting character written as an escape."""
    return _UNSAFE.sub(_escape_char, text)


def shorten(text: str, limit: int) -> str:
    """Text cut to at most `limit` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


def clean(value: object, limit: int = TEXT_LIMIT) -> str:
    """Any JSON value as one safe line: whitespace collapsed, escaped, at most ~`limit` chars."""
    text = value if isinstance(value, str) else _compact(value)
    cut = len(text) > limit * 4  # bound the work on huge strings (a 1 MiB body)
    collapsed = " ".join(text[: limit * 4].split())
    if cut and len(collapsed) < limit:
        collapsed += "…"
    elif cut:
        collapsed = collapsed[: limit - 1].rstrip() + "…"
    else:
        collapsed = shorten(collapsed, limit)
    return escape(collapsed)


def _compact(value: object) -> str:
    """A non-string value as compact JSON (or repr, should it not be JSON)."""
    if value is None:
        return "null"
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return repr(value)


def preview_bytes(data: bytes, limit: int = PREVIEW_BYTES) -> str:
    """The first `limit` bytes as safe text: UTF-8 where valid, `\\xNN` for other bytes."""
    head = data[:limit]
    decoder = codecs.getincrementaldecoder("utf-8")(errors="backslashreplace")
    # final=False drops a multi-byte character cut in half at the end, instead of escaping it.
    text = decoder.decode(head, final=len(data) <= limit)
    return escape(text) + ("…" if len(data) > limit else "")


def parse_json(value: bytes | None) -> Any:
    """The value's JSON, or NOT_JSON when it is absent or not valid UTF-8 JSON."""
    if value is None:
        return NOT_JSON
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        return NOT_JSON


def _header(headers: Sequence[tuple[str, bytes | None]], name: str) -> str | None:
    """The last value of header `name`, decoded leniently, or None if absent."""
    found: str | None = None
    for key, raw in headers:
        if key == name:
            found = "" if raw is None else raw.decode("utf-8", "backslashreplace")
    return found


def detect_kind(value: Any, headers: Sequence[tuple[str, bytes | None]] = ()) -> Kind | None:
    """Guess a record's kind from its content when its topic does not say."""
    if _header(headers, "error.code") is not None:
        return "dlq"
    if not isinstance(value, dict):
        return None
    if "cluster_id" in value and "reports" in value:  # before event_type: a cluster has one
        return "cluster"
    event_type = value.get("event_type")
    if isinstance(event_type, str) and event_type in _EVENT_KIND_BY_NAME:
        return _EVENT_KIND_BY_NAME[event_type]
    if "article_id" in value and "counts" in value:
        return "processed"
    if "body" in value:
        return "raw"
    return None


# --- readable lines per kind -------------------------------------------------


def _items(value: object) -> list[Any]:
    """A JSON list as a list; a single value as a one-item list; null as empty."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _person(value: object) -> str:
    """`Name (title, organization)` from a Person object (or whatever stands in its place)."""
    if not isinstance(value, dict):
        return clean(value, NAME_LIMIT)
    name = clean(value.get("name") or "?", NAME_LIMIT)
    where = value.get("organization") or value.get("country")
    extras = [clean(v, NAME_LIMIT) for v in (value.get("title"), where) if v]
    return f"{name} ({', '.join(extras)})" if extras else name


def _date(event: dict[str, Any]) -> str:
    """The event's date, or `undated`."""
    occurred = event.get("occurred_on")
    return clean(occurred, 20) if occurred else "undated"


def _number(value: object) -> str:
    """A number with thousands separators (integral values without decimals)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return clean(value, 30)
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


def _money(value: object) -> str:
    """`1,520,000,000,000 KRW (2026, payment)` from a Money object."""
    if not isinstance(value, dict):
        return clean(value, NAME_LIMIT)
    amount = f"{_number(value.get('value'))} {clean(value.get('currency') or '?', 10)}"
    notes = [clean(v, 20) for v in (value.get("year"), value.get("role")) if v is not None]
    return f"{amount} ({', '.join(notes)})" if notes else amount


def _period(value: object) -> str | None:
    """`2026-2030` (or `2026`) from a Period object."""
    if not isinstance(value, dict):
        return None if value is None else clean(value, 30)
    start, end = value.get("start_year"), value.get("end_year")
    if start == end:
        return clean(start, 10)
    return f"{clean(start, 10)}-{clean(end, 10)}"


def _call_readout(event: dict[str, Any]) -> list[str]:
    """A call: date, medium, participants, who announced it; topics and agreements below."""
    medium = event.get("medium")
    what = f"{clean(medium, 20)} call" if medium else "call"
    people = ", ".join(_person(p) for p in _items(event.get("participants"))) or "?"
    line = f"{_date(event)} {what}: {people}"
    if event.get("announced_by"):
        line += f"; announced by {_person(event['announced_by'])}"
    lines = [line]
    topics = [clean(t, NAME_LIMIT) for t in _items(event.get("topics"))]
    agreements = [clean(a, NAME_LIMIT) for a in _items(event.get("agreements"))]
    details = []
    if topics:
        details.append("topics: " + "; ".join(topics))
    if agreements:
        details.append("agreed: " + "; ".join(agreements))
    if details:
        lines.append(shorten(" | ".join(details), 2 * TEXT_LIMIT))
    return lines


def _cost_sharing_deal(event: dict[str, Any]) -> list[str]:
    """A deal: parties, agreement, period and status; amounts with currency below."""
    parties = ", ".join(clean(p, NAME_LIMIT) for p in _items(event.get("parties"))) or "?"
    line = f"{_date(event)} deal: {parties}"
    if event.get("agreement"):
        line += f" - {clean(event['agreement'], NAME_LIMIT)}"
    period = _period(event.get("period"))
    if period:
        line += f" {period}"
    if event.get("status"):
        line += f" [{clean(event['status'], 30)}]"
    amounts = [_money(m) for m in _items(event.get("amounts"))]
    return [line, "amounts: " + "; ".join(amounts)] if amounts else [line]


def _statement(event: dict[str, Any]) -> list[str]:
    """A statement: speaker with title, then the quote (or the attributed sentence)."""
    line = f"{_date(event)} {_person(event.get('speaker'))}"
    if event.get("channel"):
        line += f" [{clean(event['channel'], 30)}]"
    quote = event.get("quote")
    said = f'"{clean(quote)}"' if quote else clean(event.get("content") or "")
    return [f"{line}: {said}"]


# Countries whose names are written family name first in wire copy ("Wang Yi", "Cho Hyun"):
# the short name of such an actor is the first word, of others the last.
FAMILY_NAME_FIRST_CODES: Final = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK"})
# The same by the `country` name, for actors without a country_code (older records).
FAMILY_NAME_FIRST_COUNTRIES: Final = frozenset(
    {"china", "taiwan", "hong kong", "macau", "macao", "south korea", "north korea", "korea"}
)
# A romanized Korean or Chinese given name after the family name: "Seo-yeon", "Ching-te"
# (a Western double surname capitalizes both halves: "Zeta-Jones").
_HYPHENATED_GIVEN_NAME: Final = re.compile(r"[A-Z][a-z]+-[a-z]+")
_EVENT_WORDS: Final = {
    "call_readout": "call",
    "cost_sharing_deal": "deal",
    "statement": "statement",
}
CLUSTER_SOURCES_SHOWN: Final = 6
CLUSTER_QUOTE_LIMIT: Final = 80


def _family_name_first(person: dict[str, Any], words: list[str]) -> bool:
    code = person.get("country_code")
    if isinstance(code, str):
        return code in FAMILY_NAME_FIRST_CODES
    country = person.get("country")
    if isinstance(country, str) and country.casefold() in FAMILY_NAME_FIRST_COUNTRIES:
        return True
    return _HYPHENATED_GIVEN_NAME.fullmatch(words[-1]) is not None


def short_name(person: object) -> str:
    """An actor as a headline names it: a person's family name, an institution in full."""
    if not isinstance(person, dict):
        return clean(person, NAME_LIMIT)
    name = person.get("name")
    if not isinstance(name, str) or not name.strip():
        return "?"
    words = name.split()
    # An institution (its organization, no title: "State Department", "Seoul") keeps its name.
    institution = person.get("title") is None and person.get("organization") is not None
    if institution or len(words) == 1:
        return clean(name, NAME_LIMIT)
    return clean(words[0] if _family_name_first(person, words) else words[-1], NAME_LIMIT)


def _cluster_sources(record: dict[str, Any]) -> str:
    """`4 sources: A, B, C, D` (each source once, as the listed reports name them)."""
    seen: dict[str, str] = {}
    for report in _items(record.get("reports")):
        source = report.get("source") if isinstance(report, dict) else None
        if isinstance(source, str) and source.casefold() not in seen:
            seen[source.casefold()] = clean(source, 40)
    count = record.get("source_count")
    if not isinstance(count, int) or isinstance(count, bool):
        count = len(seen)
    names = list(seen.values())
    shown = ", ".join(names[:CLUSTER_SOURCES_SHOWN])
    if len(names) > CLUSTER_SOURCES_SHOWN or count > len(names):
        shown += ", …"
    text = f"{count} source{'' if count == 1 else 's'}"
    reports = record.get("report_count")
    if isinstance(reports, int) and not isinstance(reports, bool) and reports != count:
        text += f" ({reports} reports)"
    return f"{text}: {shown}" if shown else text


def _cluster(record: dict[str, Any]) -> list[str]:
    """A cluster: `call Rubio–Wang 2025-10-27 · 4 sources: State Department, Xinhua, ...`."""
    event_type = record.get("event_type")
    word = (
        _EVENT_WORDS.get(event_type, clean(event_type, 30)) if isinstance(event_type, str) else "?"
    )
    deal = event_type == "cost_sharing_deal"
    actors = _items(record.get("actors"))
    # Deal parties are countries or alliances: in full ("South Korea", not "Korea").
    names = [
        clean(a.get("name") or "?", NAME_LIMIT) if deal and isinstance(a, dict) else short_name(a)
        for a in actors
    ]
    line = f"{word} {'–'.join(names) or '?'}"
    if deal:
        line += f" {_period(record.get('period')) or 'period ?'}"
    else:
        day = record.get("date")
        when = clean(day, 20) if day else "undated"
        line += f" {'~' if day and record.get('date_inferred') else ''}{when}"
    quote = record.get("quote")
    if event_type == "statement" and quote:
        line += f' "{clean(quote, CLUSTER_QUOTE_LIMIT)}"'
    return [f"{line} · {_cluster_sources(record)}"]


def _retired_cluster(record: TailRecord) -> list[str]:
    """A cluster topic tombstone: the cluster's reports joined another cluster."""
    return [f"retired {_key(record.key)}"]


def _processed(record: dict[str, Any]) -> list[str]:
    """A processed record: article id, events by type, withdrawn or not, latency."""
    counts = record.get("counts")
    if isinstance(counts, dict):
        parts = [f"{clean(k, 30)}={clean(v, 10)}" for k, v in sorted(counts.items())]
        numbers = [v for v in counts.values() if isinstance(v, int)]
        total = sum(numbers) if len(numbers) == len(counts) else None
    else:
        parts, total = ([clean(counts, 60)] if counts is not None else []), None
    if total is None:
        total = len(_items(record.get("event_ids")))
    events = f"{total} event{'' if total == 1 else 's'}"
    if parts:
        events += f" ({', '.join(parts)})"
    line = f"processed {clean(record.get('article_id') or '?', NAME_LIMIT)}: {events}"
    if record.get("withdrawn") is not None:
        line += f", withdrawn ({clean(record['withdrawn'], 20)})"
    latency = record.get("latency_ms")
    if isinstance(latency, int | float) and not isinstance(latency, bool):
        shown = f"{latency:.0f} ms" if latency < 1000 else f"{latency / 1000:.2f} s"
        line += f", latency {shown}"
    elif latency is not None:
        line += f", latency {clean(latency, 20)}"
    return [line]


def _raw(article: dict[str, Any]) -> list[str]:
    """A raw article: id, source, headline, body length."""
    line = f"article {clean(article.get('id') or '?', NAME_LIMIT)}"
    line += f" [{clean(article.get('source') or '?', NAME_LIMIT)}]"
    if article.get("headline"):
        line += f' "{clean(article["headline"], 100)}"'
    body = article.get("body")
    size = f"{len(body):,} chars" if isinstance(body, str) else "missing" if body is None else "?"
    return [f"{line} (body {size})"]


def _key(key: bytes | None) -> str:
    """The record key as safe text."""
    return "(none)" if key is None else preview_bytes(key, NAME_LIMIT)


def _value_preview(value: bytes | None) -> str:
    """`value (N B): <escaped first bytes>` or `value: null (tombstone)`."""
    if value is None:
        return "value: null (tombstone)"
    if not value:
        return "value: (empty)"
    return f"value ({len(value):,} B): {preview_bytes(value)}"


def _dead_letter(record: TailRecord) -> list[str]:
    """A dead letter: key and error on one line; its origin and the first bytes below."""
    headers = record.headers
    code = _header(headers, "error.code")
    message = _header(headers, "error.message")
    first = f"dead letter key={_key(record.key)} {escape(shorten(code or '?', 40))}"
    if message:
        first += f": {clean(message)}"
    origin = "/".join(
        escape(shorten(_header(headers, f"source.{part}") or "?", 100))
        for part in ("topic", "partition")
    )
    offset = escape(shorten(_header(headers, "source.offset") or "?", 30))
    return [first, f"from {origin}@{offset}  {_value_preview(record.value)}"]


def _generic(record: TailRecord) -> list[str]:
    """Any record: its key and an escaped preview of the value."""
    return [f"key={_key(record.key)} {_value_preview(record.value)}"]


_BY_KIND: Final[dict[Kind, Callable[[dict[str, Any]], list[str]]]] = {
    "raw": _raw,
    "processed": _processed,
    "call_readout": _call_readout,
    "cost_sharing_deal": _cost_sharing_deal,
    "statement": _statement,
    "cluster": _cluster,
}
# A value shows in its kind's form only if it has at least one of these; else generically.
_ESSENTIAL: Final[dict[Kind, tuple[str, ...]]] = {
    "raw": ("id", "body", "headline"),
    "processed": ("article_id",),
    "call_readout": ("participants",),
    "cost_sharing_deal": ("parties", "amounts"),
    "statement": ("speaker", "content"),
    "cluster": ("cluster_id", "reports"),
}


def record_lines(record: TailRecord, kind: Kind | None = None) -> list[str]:
    """The readable lines of a record (without prefix); never raises on bad content."""
    try:
        if kind == "dlq" or (kind is None and _header(record.headers, "error.code") is not None):
            return _dead_letter(record)
        if kind == "cluster" and record.value is None:
            return _retired_cluster(record)
        value = parse_json(record.value)
        # What the content says it is wins over the topic (an event on the wrong topic).
        kind = detect_kind(value) or kind
        if (
            kind in _BY_KIND
            and isinstance(value, dict)
            and any(value.get(field) is not None for field in _ESSENTIAL[kind])
        ):
            return _BY_KIND[kind](value)
    except Exception:  # a value that does not fit its kind: show it raw instead
        pass
    return _generic(record)


def format_text(record: TailRecord, kind: Kind | None = None, label: str | None = None) -> str:
    """The readable form of a record: `label/partition@offset  text`, newline-terminated."""
    where = f"{escape(label or record.topic)}/{record.partition}@{record.offset}"
    first, *rest = record_lines(record, kind)
    return "".join([f"{where}  {first}\n", *(f"{INDENT}{line}\n" for line in rest)])


# --- JSON Lines -------------------------------------------------------------


def _text(data: bytes) -> str:
    """Bytes as UTF-8 text, with invalid bytes written as `\\xNN`."""
    return data.decode("utf-8", "backslashreplace")


def record_json(record: TailRecord) -> dict[str, Any]:
    """The JSON object of a record (see the module docstring for the encodings)."""
    value: Any
    encoding: str | None
    if record.value is None:
        value, encoding = None, None
    else:
        parsed = parse_json(record.value)
        if parsed is not NOT_JSON:
            value, encoding = parsed, "json"
        else:
            try:
                value, encoding = record.value.decode("utf-8"), "text"
            except UnicodeDecodeError:
                value, encoding = base64.b64encode(record.value).decode("ascii"), "base64"
    return {
        "topic": record.topic,
        "partition": record.partition,
        "offset": record.offset,
        "timestamp": record.timestamp
        if record.timestamp is not None and record.timestamp >= 0
        else None,
        "key": None if record.key is None else _text(record.key),
        "headers": {name: "" if raw is None else _text(raw) for name, raw in record.headers},
        "value": value,
        "value_encoding": encoding,
    }


def format_json(record: TailRecord) -> bytes:
    """The record as one JSON Lines line (UTF-8, newline-terminated)."""
    return orjson.dumps(record_json(record), option=orjson.OPT_APPEND_NEWLINE)
