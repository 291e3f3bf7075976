"""IPTC ninjs items (versions 1.x, 2.x, 3.x) to RawArticle fields.

ninjs is the JSON news format most agency APIs deliver (AP, Reuters, dpa, NTB, TT). An
item is recognised by content: a JSON object with a `uri` and no `body` of our own
format. Each item is checked against IPTC's official JSON Schema of its major version
(1.6, 2.2 or 3.1, shipped in `ninjs_schemas/` with their MIT license); an item that
fails is rejected with the field and the schema's complaint.

Mapping (the same for every version; 3.x spells the names in camelCase):
- `id`: `uri` (the same item in a new `version` keeps its id, so a correction replaces
  the article's events instead of adding an article); `meta.version`: `version`;
- `published_at`: `versioncreated`, else `firstcreated`;
- `headline`: the `main` headline of `headlines` (2.x/3.x), else `headline` (1.x);
- `language`; `source`: `copyrightholder`, else the first named `infosources` entry
  (`infosource` in 1.x), else the caller's `--source`;
- `body`: plain text when the item has it (`body_text`; a `text/plain` body of
  `bodies`), else its HTML/XHTML converted by `markup.html_to_text` (paragraphs kept);
- `meta`: urgency, pubStatus, slugline, subject and place names.
An item whose `pubstatus` is `canceled` or `withheld` is read like any other, `pub_status`
in `meta` saying so (its body: its text, else its headline, else one line naming the
status); the worker gives it no events and a processed record marked `withdrawn`.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft7Validator, Draft202012Validator
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from schemas import WITHDRAWN_STATUSES
from streams.ingest.markup import html_to_text, withdrawn_body

SCHEMA_FILES = {
    "1": "ninjs-schema_1.6.json",
    "2": "ninjs-schema_2.2.json",
    "3": "ninjs-schema_3.1.json",
}
# Keys only ninjs 3.x writes in camelCase.
_CAMEL_KEYS = ("versionCreated", "firstCreated", "pubStatus", "copyrightHolder", "copyrightNotice")
_PLAIN_TYPES = ("text/plain", "")
_MARKUP_TYPES = ("text/html", "application/xhtml+xml", "application/xhtml", "text/xhtml")


def looks_like_ninjs(record: dict[str, Any]) -> bool:
    """Whether a JSON object is a ninjs item rather than one of our RawArticle records."""
    return "uri" in record and "body" not in record


def item_key(record: dict[str, Any]) -> str:
    """What `ingest --follow` remembers an item by: `uri@version` (else `@versionCreated`),
    so a corrected version is new while the same version polled again is not."""
    version = _get(record, "version") or _get(record, "versioncreated") or ""
    return f"{record.get('uri')}@{version}"


def major_version(record: dict[str, Any]) -> str:
    """The ninjs major version of an item: from its `$schema`, else from how it is written."""
    declared = str(record.get("$schema", ""))
    for major in ("1", "2", "3"):
        if f"ninjs-schema_{major}." in declared or f"/ninjs/{major}." in declared:
            return major
    if any(key in record for key in _CAMEL_KEYS):
        return "3"
    if "bodies" in record or "headlines" in record:
        return "2"
    return "1"


def _no_download(uri: str) -> Resource:
    """A schema the official ones refer to by URL (GeoJSON for places): never fetched (no
    network at run time); it accepts anything, so those members go unchecked."""
    return Resource.from_contents({}, default_specification=DRAFT202012)


@cache
def _validator(major: str) -> Validator:
    text = resources.files("streams.ingest").joinpath("ninjs_schemas", SCHEMA_FILES[major])
    schema = json.loads(text.read_text(encoding="utf-8"))
    kind = Draft7Validator if major == "1" else Draft202012Validator
    # attrs' keyword, which mypy does not see through
    registry: Registry[Any] = Registry(retrieve=_no_download)  # type: ignore[call-arg]
    return kind(schema, registry=registry)


def schema_problem(record: dict[str, Any], major: str) -> str | None:
    """The first way the item breaks its version's official schema (field path first)."""
    errors = sorted(_validator(major).iter_errors(record), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    error = errors[0]
    where = "/".join(str(p) for p in error.absolute_path) or "(the item)"
    message = error.message if len(error.message) <= 200 else error.message[:197] + "..."
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"not a valid ninjs {SCHEMA_FILES[major][13:-5]} item: {where}: {message}{more}"


def _get(record: dict[str, Any], name: str) -> Any:
    """A field by its 1.x/2.x lowercase name or its 3.x camelCase name."""
    if name in record:
        return record[name]
    for key, value in record.items():
        if key.lower() == name:
            return value
    return None


def _body(record: dict[str, Any]) -> str | None:
    for key in ("body_text", "body_main"):
        if isinstance(record.get(key), str) and record[key].strip():
            return str(record[key])
    bodies = record.get("bodies")
    if isinstance(bodies, list):
        entries = [b for b in bodies if isinstance(b, dict) and isinstance(b.get("value"), str)]
        for entry in entries:
            kind = str(_get(entry, "contenttype") or "").lower()
            if kind in _PLAIN_TYPES and entry["value"].strip():
                return str(entry["value"])
        for entry in entries:
            kind = str(_get(entry, "contenttype") or "").lower()
            if kind in _MARKUP_TYPES or entry.get("role") in ("html", "xhtml", "richtext"):
                return html_to_text(entry["value"])
    for key in ("body_xhtml", "body_html", "body_richtext"):
        if isinstance(record.get(key), str) and record[key].strip():
            return html_to_text(record[key])
    return None


def _headline(record: dict[str, Any]) -> str | None:
    headlines = record.get("headlines")
    if isinstance(headlines, list):
        named = [h for h in headlines if isinstance(h, dict) and isinstance(h.get("value"), str)]
        main = [h for h in named if h.get("role") == "main"] or named
        if main:
            return str(main[0]["value"])
    for key in ("headline", "headline_main"):
        if isinstance(record.get(key), str):
            return str(record[key])
    return None


def _names(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    out = []
    for item in items:
        name = item.get("name") or item.get("literal") if isinstance(item, dict) else None
        if isinstance(name, str) and name not in out:
            out.append(name)
    return out


def ninjs_fields(record: dict[str, Any]) -> dict[str, Any] | str:
    """RawArticle fields of one ninjs item, or why it cannot be one."""
    major = major_version(record)
    problem = schema_problem(record, major)
    if problem is not None:
        return problem
    # The schemas allow exactly "usable", "withheld" and "canceled".
    status = str(_get(record, "pubstatus") or "")
    body = _body(record)
    if status in WITHDRAWN_STATUSES:
        body = withdrawn_body(body, _headline(record), status)
    if body is None or not body.strip():
        return "ninjs item has no text body (body_text, bodies or body_html/body_xhtml)"
    urgency = _get(record, "urgency")
    fields: dict[str, Any] = {
        "id": str(record["uri"]),
        "headline": _headline(record),
        "published_at": _get(record, "versioncreated") or _get(record, "firstcreated"),
        "body": body,
        "meta": {
            "format": f"ninjs {major}",
            "version": None if _get(record, "version") is None else str(_get(record, "version")),
            "urgency": urgency if isinstance(urgency, int) else None,
            "pub_status": status or None,
            "slugline": _get(record, "slugline"),
            "subjects": _names(record.get("subjects")),
            "places": _names(record.get("places") or record.get("place")),
        },
    }
    # The copyright holder, else the first named info source (the party that supplied it).
    holder = _get(record, "copyrightholder")
    sources = _names(_get(record, "infosources") or _get(record, "infosource"))
    if isinstance(holder, str) and holder.strip():
        fields["source"] = holder
    elif sources:
        fields["source"] = sources[0]
    if isinstance(record.get("language"), str):
        fields["language"] = record["language"]
    return fields
