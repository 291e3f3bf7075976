"""Cost-sharing deals beyond the SMA template: every trigger word and rule really fires.

Short invented texts (no third-party wording). Each new word of a deal trigger
family is checked by a text that yields a deal only through that word, so a word
added to a regex but not to `TRIGGER_WORDS` (or the reverse) fails here.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas import CostSharingDeal, RawArticle
from streams.core import extract_events
from streams.core.deals import _CONCLUDED
from streams.core.rules import TRIGGER_WORDS


def _deals(body: str, published: str = "2026-03-10") -> list[CostSharingDeal]:
    article = RawArticle(
        id="deal-test",
        source="Test Wire",
        body=body,
        published_at=datetime.fromisoformat(published).replace(hour=12, tzinfo=UTC),
    )
    return [e for e in extract_events(article) if isinstance(e, CostSharingDeal)]


def _amounts(deal: CostSharingDeal) -> list[tuple[float, str]]:
    return [(m.value, m.currency) for m in deal.amounts]


def _period(deal: CostSharingDeal) -> tuple[int, int] | None:
    return None if deal.period is None else (deal.period.start_year, deal.period.end_year)


@pytest.mark.parametrize("word", TRIGGER_WORDS["concluded"])
def test_every_concluded_trigger_is_matched_by_the_pattern(word: str) -> None:
    assert _CONCLUDED.search(f"The allies {word} notes on it.")


# NATO budgets decided with each of the new verbs; the topic is "common-funded".
@pytest.mark.parametrize(
    "verb", ["settled on", "signed off on", "decided on", "adopted", "endorsed"]
)
def test_new_concluding_verbs(verb: str) -> None:
    body = (
        f"NATO Allies {verb} a military budget of 2.2 billion euros for 2027 on Monday. "
        "The common-funded budgets are shared by a formula based on national income."
    )
    (deal,) = _deals(body)
    assert deal.parties == ["NATO Allies"]
    assert _amounts(deal) == [(2_200_000_000, "EUR")]
    assert _period(deal) == (2027, 2027)


@pytest.mark.parametrize(
    "topic",
    [
        "Each ally's share follows the agreed cost-share key.",
        "Each ally's share follows the agreed cost share key.",
        "The common budget pays for the headquarters.",
        "The common budgets pay for the headquarters.",
    ],
)
def test_nato_topic_words(topic: str) -> None:
    body = f"Allies agreed in December to raise the 2027 military budget to €2.7bn. {topic}"
    (deal,) = _deals(body)
    assert deal.parties == ["NATO Allies"]
    assert deal.agreement == "NATO common funding"
    assert _amounts(deal) == [(2_700_000_000, "EUR")]
    assert _period(deal) == (2027, 2027)


@pytest.mark.parametrize(
    "topic",
    [
        "Seoul wants to cut the cost of hosting U.S. troops.",
        "Seoul wants to cut the cost of keeping U.S. troops.",
        "The money goes to the upkeep of U.S. troops.",
    ],
)
def test_host_cost_topic_words(topic: str) -> None:
    body = (
        f"{topic} Under the deal signed in 2025, covering 2026 through 2030, "
        "Seoul pays 1.6 trillion won this year."
    )
    (deal,) = _deals(body)
    assert set(deal.parties) == {"South Korea", "United States"}
    assert _amounts(deal) == [(1_600_000_000_000, "KRW")]
    assert _period(deal) == (2026, 2030)


def test_background_deal_with_the_parties_outside_the_subject() -> None:
    body = (
        "The defense chief said South Korea should pay $9 billion a year for U.S. troops. "
        "Under the cost-sharing agreement the two allies signed in 2025, Seoul pays "
        "1.6 trillion won, or about $1.2 billion, this year."
    )
    (deal,) = _deals(body)
    assert set(deal.parties) == {"South Korea", "United States"}
    assert sorted(_amounts(deal)) == [(1_200_000_000, "USD"), (1_600_000_000_000, "KRW")]


def test_agreed_to_pay_is_a_deal_in_a_story_about_stalled_talks() -> None:
    body = (
        "Talks on the next Special Measures Agreement ended without progress on Friday. "
        "The two sides remain far apart. A new round is planned. Officials gave no date. "
        "Seoul offered a small increase. "
        "In 2004, Seoul agreed to allocate 710 billion won a year in 2005 and 2006 "
        "to support the troop presence."
    )
    (deal,) = _deals(body, "2006-08-10")
    assert _amounts(deal) == [(710_000_000_000, "KRW")]
    assert _period(deal) == (2005, 2006)


def test_list_lines_under_a_header_are_deal_amounts() -> None:
    body = (
        "Japan and the United States exchanged notes on Friday under which Japan will "
        "provide $80.5 million for the relocation of U.S. Marines to Guam.\n\n"
        "Projects to be funded this year:\n\n"
        "Item Cost\n\n"
        "Fire station: $30 million\n\n"
        "Water system: $50.5 million\n\n"
        "Total: $80.5 million\n\n"
        "Officials said more projects would follow."
    )
    (deal,) = _deals(body)
    assert sorted(_amounts(deal)) == sorted(
        [(80_500_000, "USD"), (30_000_000, "USD"), (50_500_000, "USD"), (80_500_000, "USD")]
    )


def test_budget_lines_one_after_another_stay_with_the_deal() -> None:
    body = (
        "Allies decided on the NATO budget for 2027 on Monday. "
        "It reflects new priorities. "
        "The civil budget rises to €530 million. "
        "The military budget rises to €2.8 billion. "
        "The investment programme has a ceiling of €2 billion."
    )
    (deal,) = _deals(body)
    assert sorted(_amounts(deal)) == [
        (530_000_000, "EUR"),
        (2_000_000_000, "EUR"),
        (2_800_000_000, "EUR"),
    ]


@pytest.mark.parametrize("demand", ["had sought", "floated", "pushed for", "requested"])
def test_a_demanded_amount_in_the_deal_sentence_is_left_out(demand: str) -> None:
    body = (
        "South Korea and the United States signed a cost-sharing deal on Monday under which "
        f"Seoul will pay 1.6 trillion won this year, while Washington {demand} "
        "about 5 trillion won."
    )
    (deal,) = _deals(body)
    assert _amounts(deal) == [(1_600_000_000_000, "KRW")]


@pytest.mark.parametrize("demand", ["floated", "urged", "requested", "pushes"])
def test_a_demand_sentence_near_the_deal_gives_no_amount(demand: str) -> None:
    body = (
        "Japan will not reopen its agreement on the cost of hosting U.S. troops. "
        f"U.S. officials {demand} a payment of $8bn a year. "
        "Under the current special agreement, signed in 2022, Japan pays ¥1.05tn in total."
    )
    (deal,) = _deals(body)
    assert _amounts(deal) == [(1_050_000_000_000, "JPY")]


def test_habitual_approval_is_no_deal() -> None:
    body = (
        "NATO ambassadors failed to agree on the 2027 military budget on Friday. "
        "The common-funded budgets are normally approved before Christmas."
    )
    assert _deals(body) == []


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Tokyo will pay 1.1 trillion yen over five years from fiscal 2027.", (2027, 2031)),
        ("Seoul will pay 1.6 trillion won next year, with the deal running through 2030.",
         (2027, 2030)),
        ("The pact took effect in 2022 and expires at the end of 2026.", (2022, 2026)),
        ("Tokyo pays 1.1 trillion yen from April 2022 through March 2027.", (2022, 2027)),
    ],
)  # fmt: skip
def test_period_from_a_start_or_an_end_year(text: str, period: tuple[int, int]) -> None:
    body = (
        "The two governments signed a new host-nation support agreement on Friday for "
        f"U.S. forces in Japan. {text}"
    )
    (deal,) = _deals(body)
    assert _period(deal) == period


def test_a_budget_verb_without_a_budget_is_no_deal() -> None:
    body = (
        "NATO Allies endorsed a plan to boost air defences at the summit. "
        "NATO's budget for the new headquarters was not disclosed. "
        "Officials said the Allies will pay 2 billion euros for Ukraine."
    )
    assert _deals(body) == []
