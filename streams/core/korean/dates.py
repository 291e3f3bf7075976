"""Dates in Korean copy, resolved against the publication date in KST.

Korean wire copy dates events by the day of the month alone ("7일", "지난 1일"): the day
is in the publication's month, or in the previous month when that day is still ahead.
"어제(9일)" and "오늘(28일)" give the day in brackets; bare 어제/전날 are the day before,
오늘/이날 the publication day. "현지시간 26일" is the day where it happened, as written.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from streams.core.dates import MAX_YEAR, MIN_YEAR

KST = ZoneInfo("Asia/Seoul")

_FULL = re.compile(r"(?<!\d)((?:19|20)\d\d)년\s?(\d{1,2})월\s?(\d{1,2})일(?!간)")
_MONTH_DAY = re.compile(r"(?<![\d.])(\d{1,2})월\s?(\d{1,2})일(?!간)")
# Government releases: "9.2.(화)".
_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?\([월화수목금토일]\)")
_DAY = re.compile(r"(?<![\d.,~∼\-])(\d{1,2})일(?!간|째|부터\s?\d|\s?동안)")
_RELATIVE = re.compile(r"(어제|어젯밤|전날|그제|그저께|오늘|이날|금일)(?!\s?\(\d)")
_RELATIVE_DAYS = {"어제": 1, "어젯밤": 1, "전날": 1, "그제": 2, "그저께": 2}


def publication_date_kst(published_at: datetime | None) -> date | None:
    """The publication date in Seoul (naive times are taken as KST), or None."""
    if published_at is None:
        return None
    try:
        local = (
            published_at.astimezone(KST).date()
            if published_at.tzinfo is not None
            else published_at.date()
        )
    except (OverflowError, ValueError):
        return None
    if not MIN_YEAR + 1 <= local.year <= MAX_YEAR - 1:
        return None
    return local


def _day_in_month(day: int, reference: date) -> date | None:
    """The day of the month in the reference month, or the previous month when ahead."""
    month_start = reference.replace(day=1)
    try:
        candidate = month_start.replace(day=day)
    except ValueError:
        candidate = None
    if candidate is None or candidate > reference:
        previous = month_start - timedelta(days=1)
        try:
            return previous.replace(day=day)
        except ValueError:
            return None
    return candidate


def _month_day(month: int, day: int, reference: date) -> date | None:
    try:
        candidate = date(reference.year, month, day)
        if candidate > reference:
            candidate = date(reference.year - 1, month, day)
    except ValueError:
        return None
    return candidate


def resolve_korean_date(text: str, reference: date | None) -> date | None:
    """The date a past event in `text` happened, or None when undated or unresolvable."""
    if reference is None:
        full = _FULL.search(text)
        if full:
            try:
                return date(int(full[1]), int(full[2]), int(full[3]))
            except ValueError:
                return None
        return None
    candidates: list[tuple[int, date | None]] = []
    full = _FULL.search(text)
    if full:
        try:
            candidates.append((full.start(), date(int(full[1]), int(full[2]), int(full[3]))))
        except ValueError:
            candidates.append((full.start(), None))
    for pattern in (_MONTH_DAY, _DOTTED):
        found = pattern.search(text)
        if found and not (full and full.start() <= found.start() < full.end()):
            candidates.append((found.start(), _month_day(int(found[1]), int(found[2]), reference)))
    day = _DAY.search(text)
    if day and not any(pos <= day.start() < pos + 12 for pos, _ in candidates):
        candidates.append((day.start(), _day_in_month(int(day[1]), reference)))
    relative = _RELATIVE.search(text)
    if relative:
        back = _RELATIVE_DAYS.get(relative[1], 0)
        candidates.append((relative.start(), reference - timedelta(days=back)))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])[1]
