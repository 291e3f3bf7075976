"""Relative dates resolved against the publication time in the newsroom's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from streams.core.dates import local_publication_date, most_recent_weekday, resolve_date

KST = timezone(timedelta(hours=9))


def test_yonhap_dates_are_read_in_kst() -> None:
    # 23:30 UTC on Thursday is already Friday morning in Seoul.
    published = datetime(2025, 1, 23, 23, 30, tzinfo=UTC_)
    assert local_publication_date(published, "Yonhap") == date(2025, 1, 24)
    assert local_publication_date(published, "Associated Press") == date(2025, 1, 23)


UTC_ = UTC


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("Rubio spoke with Rutte on Wednesday", date(2025, 1, 24), date(2025, 1, 22)),
        ("held talks on Friday", date(2025, 1, 24), date(2025, 1, 24)),  # same day
        ("held talks on Saturday", date(2025, 1, 24), date(2025, 1, 18)),  # never the future
        ("spoke by phone yesterday", date(2024, 3, 1), date(2024, 2, 29)),
        ("On December 12, the ministers spoke", date(2012, 12, 12), date(2012, 12, 12)),
        ("on Dec. 30 the two spoke", date(2025, 1, 2), date(2024, 12, 30)),
        ("on 16 December 2020 allies agreed", date(2025, 1, 2), date(2020, 12, 16)),
    ],
)
def test_resolve_date(text: str, reference: date, expected: date) -> None:
    assert resolve_date(text, reference) == (expected, True)


def test_this_week_is_dated_but_not_to_a_day() -> None:
    assert resolve_date("during a call this week", date(2025, 1, 24)) == (None, True)
    assert resolve_date("during a call", date(2025, 1, 24)) == (None, False)
    assert resolve_date("on Monday", None) == (None, True)


def test_most_recent_weekday() -> None:
    assert most_recent_weekday(0, date(2025, 3, 4)) == date(2025, 3, 3)
    assert most_recent_weekday(1, date(2025, 3, 4)) == date(2025, 3, 4)


def test_kst_offset_is_kept_when_given() -> None:
    published = datetime(2025, 1, 24, 9, 0, tzinfo=KST)
    assert local_publication_date(published, "Yonhap") == date(2025, 1, 24)
