"""Helpers every reader of raw articles shares: stable ids, validation messages, JSON type names.

They live with the records because the worker's decoder and the file readers must
agree on them: an article read from a file and the same article decoded from Kafka
get the same id and the same one-line error.
"""

from __future__ import annotations

import hashlib

from pydantic import ValidationError

DEFAULT_SOURCE = "unknown"


def derive_article_id(source: str, body: str, url: str | None = None) -> str:
    """Stable article id: sha256 prefix of source+url when there is a url, else source+body."""
    # Tagged keys so a url can never collide with a body of the same text.
    key = f"url\x00{source}\x00{url}" if url else f"body\x00{source}\x00{body}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def condense_validation_error(exc: ValidationError) -> str:
    """Pydantic's errors on one line: `field: message; field: message`."""
    parts: list[str] = []
    for error in exc.errors(include_url=False):
        field = ".".join(str(part) for part in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"].endswith("_type"):
            message += f" (got {json_type_name(error.get('input'))})"
        if field and not message.startswith(f"{field} "):
            message = f"{field}: {message}"
        parts.append(" ".join(message.split()))
    return "; ".join(parts)


def json_type_name(value: object) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
