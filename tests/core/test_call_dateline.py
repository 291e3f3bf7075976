"""A wire dateline dates the filing, not the call (streams/core/calls.py `_date_text`)."""

from __future__ import annotations

from datetime import date

import pytest

from schemas import CallReadout, RawArticle
from streams.core import extract_events

PUBLISHED = "2025-10-28T07:00:00+08:00"  # a Tuesday in Beijing


def _call_date(body: str) -> date | None:
    article = RawArticle(id="dateline", source="Xinhua", published_at=PUBLISHED, body=body)
    (call,) = [e for e in extract_events(article) if isinstance(e, CallReadout)]
    return call.occurred_on


@pytest.mark.parametrize(
    "dateline",
    ["BEIJING, Oct. 28 (Xinhua) -- ", "BEIJING, Oct 28 (Reuters) - ", "BEIJING, Oct. 28 -- "],
)
def test_an_explicit_date_after_the_dateline_is_the_calls(dateline: str) -> None:
    body = (
        f"{dateline}Chinese Foreign Minister Wang Yi held a phone call with U.S. Secretary "
        "of State Marco Rubio on Oct. 26, exchanging views on bilateral relations."
    )
    assert _call_date(body) == date(2025, 10, 26)


def test_a_weekday_after_the_dateline_is_resolved_before_publication() -> None:
    body = (
        "BEIJING, Oct. 28 (Xinhua) -- Chinese Foreign Minister Wang Yi held a phone call with "
        "U.S. Secretary of State Marco Rubio on Sunday at the request of the U.S. side."
    )
    assert _call_date(body) == date(2025, 10, 26)


def test_a_call_dated_only_by_the_dateline_is_undated() -> None:
    body = (
        "BEIJING, Oct. 28 (Xinhua) -- Chinese Foreign Minister Wang Yi held a phone call with "
        "U.S. Secretary of State Marco Rubio, exchanging views on bilateral relations."
    )
    assert _call_date(body) is None
