"""Invented wire articles that report the same real-world events, for the cluster tests.

Every text below was written for this file in wire style (no third-party text). The
people are public figures or invented officials; the quotes and the deal of this file
are invented. Each article names both participants of a call in full at first mention,
as wires do, so the reports agree on their actors even without canonical actor ids.

Groups of articles (each a list of `RawArticle`, built by `articles(...)`):

- `FOUR_WIRES_CALL`: one Rubio-Wang phone call on Monday 2025-10-27, told by a State
  Department readout, a Chinese foreign ministry readout, Yonhap and Reuters;
- `SECOND_CALL`: a second Rubio-Wang call two days later (Wednesday 2025-10-29);
- `UNDATED_CALL_NEAR` / `UNDATED_CALL_FAR`: the same pair's call told without a date,
  published the day after the first call / nine days after it;
- `SAME_QUOTE`: one statement quoted word for word by two agencies;
- `DEAL_WITH_PERIOD` / `DEAL_WITHOUT_PERIOD`: one invented cost-sharing deal, told with its
  period by two agencies and without it by a third;
- `corrected(article, version, body)`: the same article id as a newer (or older) version.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from schemas import ArticleMeta, RawArticle

Spec = dict[str, Any]

FOUR_WIRES_CALL: list[Spec] = [
    {
        "id": "clu-state-rubio-wang-1027",
        "source": "U.S. Department of State",
        "published_at": "2025-10-27T17:40:00-04:00",
        "headline": "Secretary Rubio's Call with Chinese Foreign Minister Wang Yi",
        "body": (
            "The following is attributable to the Office of the Spokesperson:\n\n"
            "Secretary of State Marco Rubio spoke by phone today with Chinese Foreign "
            "Minister Wang Yi. The Secretary and the Foreign Minister reviewed preparations "
            "for the coming meeting of their leaders and discussed trade and regional security."
        ),
    },
    {
        "id": "clu-mfa-wang-rubio-1027",
        "source": "Ministry of Foreign Affairs of the People's Republic of China",
        "published_at": "2025-10-28T08:15:00+08:00",
        "headline": "Wang Yi Holds a Phone Call with U.S. Secretary of State Marco Rubio",
        "body": (
            "On October 27, 2025, Chinese Foreign Minister Wang Yi held a phone call with "
            "U.S. Secretary of State Marco Rubio at the request of the U.S. side. The two "
            "sides exchanged views on the relationship between the two countries and on "
            "the preparations for the meeting of the two heads of state."
        ),
    },
    {
        "id": "clu-yonhap-rubio-wang-1027",
        "source": "Yonhap",
        "published_at": "2025-10-28T09:30:00+09:00",
        "headline": "Rubio, Wang hold phone talks ahead of summit",
        "body": (
            "SEOUL, Oct. 28 (Yonhap) -- U.S. Secretary of State Marco Rubio and Chinese "
            "Foreign Minister Wang Yi held phone talks on Monday, days before the leaders of "
            "the two countries are due to meet on the margins of a regional forum in "
            "Gyeongju, the State Department said."
        ),
    },
    {
        "id": "clu-reuters-rubio-wang-1027",
        "source": "Reuters",
        "published_at": "2025-10-27T21:05:00+00:00",
        "headline": "US top diplomat Rubio speaks with China's Wang before summit",
        "body": (
            "WASHINGTON, Oct 27 (Reuters) - U.S. Secretary of State Marco Rubio spoke by "
            "telephone with Chinese Foreign Minister Wang Yi on Monday, a State Department "
            "spokesperson said, as the two governments prepared for a meeting between "
            "their presidents later this week."
        ),
    },
]

SECOND_CALL: list[Spec] = [
    {
        "id": "clu-reuters-rubio-wang-1029",
        "source": "Reuters",
        "published_at": "2025-10-29T20:10:00+00:00",
        "headline": "Rubio, Wang speak again as summit nears",
        "body": (
            "WASHINGTON, Oct 29 (Reuters) - U.S. Secretary of State Marco Rubio spoke by "
            "phone with Chinese Foreign Minister Wang Yi on Wednesday, their second call "
            "this week, to settle the last details of the leaders' meeting."
        ),
    },
]

UNDATED_CALL_NEAR: list[Spec] = [
    {
        "id": "clu-herald-rubio-wang-undated",
        "source": "Korea Herald",
        "published_at": "2025-10-28T14:00:00+09:00",
        "headline": "Washington, Beijing top diplomats talk ahead of summit",
        "body": (
            "U.S. Secretary of State Marco Rubio and Chinese Foreign Minister Wang Yi have "
            "held phone talks to prepare for the meeting of their leaders, according to "
            "officials in Washington."
        ),
    },
]

UNDATED_CALL_FAR: list[Spec] = [
    {
        "id": "clu-kyodo-rubio-wang-undated",
        "source": "Kyodo",
        "published_at": "2025-11-06T11:00:00+09:00",
        "headline": "Rubio, Wang talk by phone on follow-up to summit",
        "body": (
            "U.S. Secretary of State Marco Rubio and Chinese Foreign Minister Wang Yi have "
            "held phone talks on carrying out what their leaders agreed, according to "
            "officials in Washington."
        ),
    },
]

SAME_QUOTE: list[Spec] = [
    {
        "id": "clu-yonhap-quote-0312",
        "source": "Yonhap",
        "published_at": "2026-03-12T15:20:00+09:00",
        "headline": "Minister vows firm response to border provocations",
        "body": (
            "SEOUL, March 12 (Yonhap) -- Unification Minister Park Seo-yeon said Thursday, "
            '"We will keep every channel of dialogue open while answering any '
            'provocation firmly." She spoke during a visit to a border observation post.'
        ),
    },
    {
        "id": "clu-herald-quote-0312",
        "source": "Korea Herald",
        "published_at": "2026-03-12T18:05:00+09:00",
        "headline": "Park keeps door to dialogue open",
        "body": (
            '"We will keep every channel of dialogue open while answering any provocation '
            'firmly," Unification Minister Park Seo-yeon said Thursday at a border '
            "observation post north of Seoul."
        ),
    },
]

DEAL_WITH_PERIOD: list[Spec] = [
    {
        "id": "clu-yonhap-deal-2031",
        "source": "Yonhap",
        "published_at": "2030-11-20T10:00:00+09:00",
        "headline": "S. Korea, U.S. sign new defense cost-sharing deal",
        "body": (
            "SEOUL, Nov. 20 (Yonhap) -- South Korea and the United States signed a new "
            "Special Measures Agreement on Thursday, under which Seoul will pay 1.9 trillion "
            "won in 2031 for the upkeep of American troops, the foreign ministry said. The "
            "deal covers the five years from 2031 to 2035."
        ),
    },
    {
        "id": "clu-ap-deal-2031",
        "source": "AP",
        "published_at": "2030-11-20T03:00:00+00:00",
        "headline": "South Korea agrees to pay more for US troops",
        "body": (
            "SEOUL, South Korea (AP) - South Korea and the United States signed a five-year "
            "defense cost-sharing agreement on Thursday that raises Seoul's payment for the "
            "U.S. troops stationed there to 1.9 trillion won in 2031. The Special Measures "
            "Agreement runs from 2031 through 2035."
        ),
    },
]

DEAL_WITHOUT_PERIOD: list[Spec] = [
    {
        "id": "clu-herald-deal-background",
        "source": "Korea Herald",
        "published_at": "2031-02-03T09:00:00+09:00",
        "headline": "USFK workers' pay talks to start",
        "body": (
            "Under the Special Measures Agreement that South Korea and the United States "
            "signed in November, Seoul pays 1.9 trillion won this year toward the cost of "
            "keeping American troops in the country."
        ),
    },
]


def article(spec: Spec, *, version: str | None = None, body: str | None = None) -> RawArticle:
    """The RawArticle of a spec (optionally as another version, with another body)."""
    meta = ArticleMeta(format="ninjs 2", version=version) if version is not None else None
    published = spec["published_at"]
    return RawArticle(
        id=spec["id"],
        source=spec["source"],
        headline=spec.get("headline"),
        published_at=datetime.fromisoformat(published) if published else None,
        body=body if body is not None else spec["body"],
        meta=meta,
    )


def articles(*groups: list[Spec]) -> list[RawArticle]:
    """The articles of several groups, in order."""
    return [article(spec) for group in groups for spec in group]


# A correction of SECOND_CALL's Reuters story: the call was on Tuesday, not Wednesday.
SECOND_CALL_CORRECTED_BODY = SECOND_CALL[0]["body"].replace("on Wednesday", "on Tuesday")
