"""Canonical actors (issue 17): actor_id, country_code and sector on every Person and deal
party, unified across one article. Invented wire-style sentences."""

from __future__ import annotations

from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import CallReadout, CostSharingDeal, Person, RawArticle, Statement
from schemas.records import Sector
from streams.core.actors import (
    ArticleActors,
    country_code,
    institution_actor,
    party_actor,
    person_sector,
    slug,
    title_sector,
)
from streams.core.actors_data import SECTORS
from streams.core.mentions import Entity
from streams.core.pipeline import extract_events


def _people(body: str, language: str = "en", article_id: str = "a1") -> list[Person]:
    """Every Person of the article's events, in order."""
    people: list[Person] = []
    article = RawArticle(id=article_id, source="Yonhap", body=body, language=language)
    for event in extract_events(article):
        if isinstance(event, CallReadout):
            people.extend(event.participants)
            if event.announced_by is not None:
                people.append(event.announced_by)
        elif isinstance(event, Statement):
            people.append(event.speaker)
        elif isinstance(event, CostSharingDeal):
            people.extend(event.party_actors)
    return people


def _ids_of(people: list[Person], *names: str) -> set[str | None]:
    return {p.actor_id for p in people if p.name in names}


RUBIO = (
    "Secretary Rubio spoke by phone with Japanese Foreign Minister Takeshi Iwaya on Monday, "
    "the State Department said. Marco Rubio said the two allies would keep in close touch. "
    '"We stand together," Rubio said.'
)


def test_one_person_however_written() -> None:
    people = _people(RUBIO)
    assert {p.name for p in people} >= {"Rubio", "Takeshi Iwaya"}
    assert _ids_of(people, "Rubio", "Marco Rubio") == {"person:marco-rubio"}
    assert _ids_of(people, "Takeshi Iwaya") == {"person:takeshi-iwaya"}


def test_only_a_surname_gives_the_surname() -> None:
    people = _people('"We stand together," Secretary Halvorsen said on Monday.')
    assert _ids_of(people, "Halvorsen") == {"person:halvorsen"}


def test_a_surname_two_full_names_share_stays_a_surname() -> None:
    anna = Entity(kind="person", name="Anna Lindqvist", surname="Lindqvist")
    erik = Entity(kind="person", name="Erik Lindqvist", surname="Lindqvist")
    bare = Entity(kind="person", name="Lindqvist", surname="Lindqvist")
    actors = ArticleActors([anna, erik, bare], "")
    assert actors.of(anna).actor_id == "person:anna-lindqvist"
    assert actors.of(erik).actor_id == "person:erik-lindqvist"
    assert actors.of(bare).actor_id == "person:lindqvist"
    alone = ArticleActors([anna, bare], "")
    assert alone.of(bare).actor_id == "person:anna-lindqvist"


def test_metonyms_are_their_government() -> None:
    body = (
        "Seoul said on Tuesday it would raise the issue. South Korea said it had protested. "
        "The South Korean government said it regretted the move."
    )
    people = _people(body)
    assert {p.name for p in people} >= {"Seoul", "South Korea"}
    assert {p.actor_id for p in people} == {"gov:KOR"}
    assert {(p.country_code, p.sector) for p in people} == {("KOR", "government")}


def test_one_ministry_however_written() -> None:
    body = (
        "The Chinese Foreign Ministry said on Friday it opposed the drills. China's foreign "
        "ministry said separately that it had lodged a protest."
    )
    people = _people(body)
    assert len(people) == 2
    assert {p.actor_id for p in people} == {"org:foreign-ministry:CHN"}
    assert {p.sector for p in people} == {"diplomatic"}


def test_seats_and_international_bodies() -> None:
    body = (
        "The Kremlin said on Monday it had no comment. NATO Secretary General Mark Rutte said "
        "allies would meet. The Pentagon said the deployment was routine."
    )
    by_name = {p.name: p for p in _people(body)}
    assert by_name["Kremlin"].actor_id == "org:presidency:RUS"
    assert by_name["Pentagon"].actor_id == "org:defense-ministry:USA"
    assert by_name["Pentagon"].sector == "military"
    assert by_name["Mark Rutte"].sector == "international_organization"
    assert by_name["Mark Rutte"].actor_id == "person:mark-rutte"


@pytest.mark.parametrize(
    ("name", "country", "actor_id", "sector"),
    [
        ("Japanese government", None, "gov:JPN", "government"),
        ("Trump administration", "United States", "gov:USA", "government"),
        ("Trump administration", None, "org:trump-administration", "government"),
        ("U.S. military", None, "org:armed-forces:USA", "military"),
        ("China coast guard", None, "org:coast-guard:CHN", "military"),
        ("Unification Ministry", None, "org:unification-ministry:KOR", "government"),
        ("White House", "United States", "org:presidency:USA", "government"),
        ("Presidential Office", "South Korea", "org:presidency:KOR", "government"),
        ("Foreign Ministry", None, "org:foreign-ministry", "diplomatic"),
        (
            "Ministry of Agrarian Policy",
            "Ukraine",
            "org:ministry-of-agrarian-policy:UKR",
            "government",
        ),
        ("Defense Acquisition Program Administration", None, None, None),
        (
            "International Atomic Energy Agency",
            None,
            "org:international-atomic-energy-agency",
            None,
        ),
    ],
)
def test_institutions(
    name: str, country: str | None, actor_id: str | None, sector: str | None
) -> None:
    actor = institution_actor(name, country)
    if actor_id is None:
        assert not actor.actor_id.startswith("gov:")  # an agency, not a leader's government
    else:
        assert actor.actor_id == actor_id
    assert sector is None or actor.sector == sector


@pytest.mark.parametrize(
    ("title", "organization", "sector"),
    [
        ("Foreign Minister", None, "diplomatic"),
        ("Secretary of State", None, "diplomatic"),
        ("Ambassador to Japan", None, "diplomatic"),
        ("Foreign Ministry Spokesperson", None, "diplomatic"),
        ("Defense Minister", None, "military"),
        ("Lieutenant General", None, "military"),
        ("Chairman of the Joint Chiefs of Staff and General", None, "military"),
        ("President", None, "government"),
        ("Prime Minister", None, "government"),
        ("Deputy Prime Minister and Foreign Minister", None, "diplomatic"),
        ("Senator", None, "legislature"),
        ("Lawmaker", None, "legislature"),
        ("Presidential Candidate", None, "party_candidate"),
        ("Spokesperson", "Defense Ministry", "military"),
        ("Spokesperson", "State Department", "diplomatic"),
        ("Secretary General", "NATO", "international_organization"),
        ("Minister", None, "government"),
        ("국방장관", None, "military"),
        ("외교부장", None, "diplomatic"),
        ("대변인", "Foreign Ministry", "diplomatic"),
        (None, None, "other"),
        ("Professor", None, "other"),
    ],
)
def test_sector_of_a_person(title: str | None, organization: str | None, sector: str) -> None:
    assert person_sector(title, organization, None) == sector


def test_the_sector_set_is_the_schema_one() -> None:
    assert set(SECTORS) == set(get_args(Sector))
    assert len(SECTORS) == 7
    assert title_sector("Counterpart") is None


def test_deal_party_actors_follow_the_parties() -> None:
    body = (
        "South Korea and the United States signed the 12th Special Measures Agreement on "
        "Monday, under which Seoul will pay 1.52 trillion won in 2026, the Foreign Ministry said."
    )
    deals = [
        e
        for e in extract_events(RawArticle(id="d1", source="Yonhap", body=body))
        if isinstance(e, CostSharingDeal)
    ]
    assert deals
    deal = deals[0]
    assert [p.name for p in deal.party_actors] == deal.parties
    assert {p.actor_id for p in deal.party_actors} == {"gov:KOR", "gov:USA"}
    assert party_actor("NATO Allies").actor_id == "org:nato"
    assert party_actor("NATO Allies").sector == "international_organization"


def test_korean_article() -> None:
    body = (
        "윤병세 외교부 장관은 8일 존 케리 미국 국무장관과 전화 통화를 하고 북한 문제를 "
        '논의했다고 외교부가 밝혔다. 윤 장관은 "한미 동맹은 굳건하다"고 말했다. 중국 외교부는 '
        '"대화를 지지한다"고 밝혔다.'
    )
    people = _people(body, language="ko")
    by_id = {p.actor_id: p for p in people}
    assert "person:윤병세" in by_id
    assert by_id["person:윤병세"].country_code == "KOR"
    assert by_id["person:존-케리"].country_code == "USA"
    assert by_id["person:존-케리"].sector == "diplomatic"
    assert by_id["org:foreign-ministry:KOR"].name == "외교부"
    assert by_id["org:foreign-ministry:CHN"].sector == "diplomatic"


def test_country_codes_and_slugs() -> None:
    assert country_code("South Korea") == "KOR"
    assert country_code("Seoul") == "KOR"
    assert country_code("Russia") == "RUS"
    assert country_code("Taiwan") == "TWN"
    assert country_code("Atlantis") is None
    assert slug("José Ramos-Horta") == "jose-ramos-horta"
    assert slug("Prime Minister's Office") == "prime-ministers-office"
    assert slug("마크 뤼터") == "마크-뤼터"


_NAMES = st.sampled_from(["Rubio", "Secretary Rubio", "Marco Rubio", "Seoul", "Beijing"])


@settings(max_examples=25, deadline=None)
@given(speakers=st.lists(_NAMES, min_size=1, max_size=5), article_id=st.text(min_size=1))
def test_actor_ids_are_deterministic(speakers: list[str], article_id: str) -> None:
    body = " ".join(f'"Point {i} stands," {s} said on Monday.' for i, s in enumerate(speakers))
    first = [p.actor_id for p in _people(body, article_id="fixed")]
    assert first == [p.actor_id for p in _people(body, article_id="fixed")]
    # Nothing article-specific: another article id gives the same actors.
    assert first == [p.actor_id for p in _people(body, article_id=article_id)]
    if "Marco Rubio" in speakers:
        assert "person:rubio" not in first
