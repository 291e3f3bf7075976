"""Resolving relative dates ("on Wednesday", "yesterday", "May 12") against the
publication time, in the newsroom's own time zone.

Reports are in the past tense, so a weekday means the most recent such day on
or before the publication date, never a future one.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from streams.core.lexicon import MONTHS, WEEKDAYS, source_time_zone

MIN_YEAR, MAX_YEAR = 1900, 2200  # the year range the record schemas accept
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_RELATIVE = re.compile(r"\b(yesterday|today|earlier today|this week|last week)\b", re.IGNORECASE)
_MONTH_DAY = re.compile(
    r"\b(" + "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True)) + r")"
    r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20)\d\d)\b)?"
    r"|\b(\d{1,2})\s+(" + "|".join(re.escape(m) for m in MONTHS if not m.endswith(".")) + r")"
    r"(?:\s+((?:19|20)\d\d))?\b"
)


def local_publication_date(published_at: datetime | None, source: str) -> date | None:
    """The publication date as the newsroom saw it (Yonhap: KST), or None when unknown."""
    if published_at is None:
        return None
    zone_name = source_time_zone(source)
    local = published_at.date()
    # A naive time is taken as written, in the newsroom's own clock.
    if published_at.tzinfo is not None and zone_name is not None:
        try:
            local = published_at.astimezone(ZoneInfo(zone_name)).date()
        except (OverflowError, ValueError):
            return None
    # Dates far outside wire-news history are treated as unknown rather than
    # resolved into years no record can hold.
    if not MIN_YEAR + 1 <= local.year <= MAX_YEAR - 1:
        return None
    return local


def most_recent_weekday(weekday: int, on_or_before: date) -> date:
    """The latest date with this weekday (0 = Monday) that is not after `on_or_before`."""
    return on_or_before - timedelta(days=(on_or_before.weekday() - weekday) % 7)


def _month_day(month: int, day: int, year: int | None, reference: date) -> date | None:
    try:
        if year is not None:
            return date(year, month, day)
        candidate = date(reference.year, month, day)
        if candidate > reference:
            candidate = date(reference.year - 1, month, day)
        return candidate
    except ValueError:
        return None


def resolve_date(text: str, reference: date | None) -> tuple[date | None, bool]:
    """The date a past event in `text` happened, and whether the text dated it at all.

    Returns (date or None, mentioned). "this week" is dated (mentioned) but not
    to a single day, so it yields (None, True).
    """
    if reference is None:
        return None, bool(_WEEKDAY.search(text) or _RELATIVE.search(text))
    weekday = _WEEKDAY.search(text)
    if weekday:
        return most_recent_weekday(WEEKDAYS[weekday.group(1)], reference), True
    explicit = _MONTH_DAY.search(text)
    if explicit:
        if explicit.group(1):
            month, day, year = MONTHS[explicit.group(1)], int(explicit.group(2)), explicit.group(3)
        else:
            month, day, year = MONTHS[explicit.group(5)], int(explicit.group(4)), explicit.group(6)
        resolved = _month_day(month, day, int(year) if year else None, reference)
        if resolved is not None:
            return resolved, True
    relative = _RELATIVE.search(text)
    if relative:
        word = relative.group(1).lower()
        if word == "yesterday":
            return reference - timedelta(days=1), True
        if word in ("today", "earlier today"):
            return reference, True
        return None, True
    return None, False
