"""Small pieces every command shares: settings as a clean CLI error, option parsing, stdout."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import BinaryIO

import click
from pydantic import ValidationError

from streams.records.articles import condense_validation_error
from streams.settings import Settings, get_settings


def load_settings() -> Settings:
    """The settings, or a clean usage error when the environment holds a bad value."""
    try:
        return get_settings()
    except ValidationError as exc:
        raise click.ClickException(
            f"bad WIRESTREAM_* setting: {condense_validation_error(exc)}"
        ) from exc


def parse_published_at(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> datetime | None:
    """--published-at as ISO 8601; a time without offset is taken as UTC."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 date/time (e.g. 2025-05-10T09:30:00+09:00)"
        ) from exc
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def silence_stdout(out: BinaryIO) -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
    except (OSError, ValueError):
        pass


# Options that classify and ingest share, declared once.
published_at_option = click.option(
    "--published-at",
    callback=parse_published_at,
    metavar="ISO",
    help="Publication time for inputs without one (ISO 8601; no offset means UTC).",
)
headline_option = click.option("--headline", metavar="H", help="Headline for inputs without one.")
