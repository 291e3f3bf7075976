"""The lexicons compiled once into Aho-Corasick automata, and whole-word lookup over them.

`lexicon_data` holds the tables; this module turns them into two automata (one
case-sensitive for names of countries, institutions and outlets, one over
ASCII-lowercased text for titles and roles) and answers "which lexicon phrases
occur where" in a single pass over an article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal, NamedTuple

import ahocorasick

from streams.core import lexicon_data as data

Kind = Literal[
    "country",
    "multilateral",
    "institution",
    "media",
    "title",
    "honorific",
    "nonofficial",
    "month",
    "weekday",
]

MONTHS: dict[str, int] = {
    name: i + 1
    for i, names in enumerate(
        [
            ("January", "Jan."),
            ("February", "Feb."),
            ("March", "Mar."),
            ("April", "Apr."),
            ("May",),
            ("June", "Jun."),
            ("July", "Jul."),
            ("August", "Aug."),
            ("September", "Sept.", "Sep."),
            ("October", "Oct."),
            ("November", "Nov."),
            ("December", "Dec."),
        ]
    )
    for name in names
}
WEEKDAYS: dict[str, int] = {
    day: i
    for i, day in enumerate(
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    )
}

# Capitalized words that are never part of a person's name in wire copy:
# sentence openers, function words, and the heads of names of things.
NON_NAME_WORDS: frozenset[str] = frozenset(
    """
    The A An In On At As By For From Of To With Without After Before During Under Over Between
    Among Amid Against About Above Below Into Onto Upon Via Per Since Until While Whereas When
    Where Which Who Whom Whose What Why How If Unless Although Though Because So Yet But And Or Nor
    Not No Yes He She It They We You I His Her Its Their Our Your My Him Them Us Me This That These
    Those There Here Then Now Also Still Even Only Just Both Either Neither Each Every All Any Some
    Many Much More Most Few Several Other Another Such Same Last Next First Second Third Final New
    Old Former Late Early Meanwhile However Moreover Furthermore Separately Earlier Later Today
    Yesterday Tomorrow Tonight According Asked Under Following Regarding Despite Including Like
    Unlike Within Throughout Through Toward Towards Outside Inside Near Nearly Around Across
    Agreement Agreements Alliance Council Command Forces Force Army Navy Marine Marines Corps Air
    Department Ministry Office Service Services Agency Committee Commission Party Assembly
    Parliament Congress Senate House Court Bank University Institute Center Centre Group Company
    Corporation Corp Inc Ltd Co News Press Times Herald Post Daily Journal Tribune Program
    Programme Summit Exercise Exercises Shield Strait Sea Ocean Peninsula Island Islands Province
    City County District Region State States Republic Kingdom Union Nations Organization
    Organisation Treaty Atlantic Pacific Indo-Pacific Euro-Atlantic Security Defense Defence
    Foreign Affairs National International Global Central Federal Joint Chiefs Staff Combined
    Special Measures Act Law Day Week Month Year Government Administration Cabinet Embassy
    Consulate Mission Headquarters Base Bases Camp Fort Station Facility Range Ministers Leaders
    Officials Spokesperson Secretary Minister President Premier Chancellor Ambassador General
    FM PM Bureau Politburo Presidium Secretariat
    Director Chairman Chief Aide Deputy Vice Senior Under Assistant Principal Prime Acting
    Development Cooperation Environment Education Health Finance Interior Culture Agriculture
    Transport Infrastructure Digital Climate Tourism Commerce Industry Planning Communications
    Information Humanitarian Coordination Migration Refugees Welfare Veterans Homeland
    Interim Electronics Motor Motors Holdings Securities Futures Industries Energy Airlines
    Chemical Steel Telecom Capital Partners Investments Fund Funds Market Markets Exchange Index
    Stock Stocks Shares Economy Trade Tariff Tariffs War Crisis Talks Meeting Conference Forum
    Dialogue Statement Readout Release Briefing Communique Declaration Resolution Resolutions
    Initiative Plan Strategy Policy Budget Budgets Deal Pact Accord Accords Framework Fiscal
    Christmas Easter Good Friday Chuseok Lunar Olympics Games Cup Championship Competition Best
    Warrior Squad Soldiers Soldier Troops Division Brigade Battalion Regiment Fleet Squadron Wing
    Live Fire Details Outcome Key Important Read Source Copyright Photo Image Video Watch Editor
    Prosecutors Police Court Judge Justice Supreme Constitutional Democratic Republican Liberal
    Conservative Labour Labor Workers People Peoples Public Private Royal Imperial Holy Saint St
    North South East West Northern Southern Eastern Western Korean Asian European African American
    """.split()
)


class LexMatch(NamedTuple):
    """One lexicon phrase found in the text: its span, kind and canonical value."""

    start: int
    end: int
    kind: Kind
    value: str
    country: str | None = None


def _ascii_lower_table() -> dict[int, int]:
    return {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


ASCII_LOWER = _ascii_lower_table()


def _build(entries: Iterable[tuple[str, tuple[Kind, str, str | None]]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for phrase, payload in entries:
        if phrase:
            automaton.add_word(phrase, (len(phrase), *payload))
    automaton.make_automaton()
    return automaton


def _cased_entries() -> Iterable[tuple[str, tuple[Kind, str, str | None]]]:
    # Later kinds win on identical phrases: an institution beats a country alias.
    yield from ((a, ("country", c, c)) for a, c in data.COUNTRY_ALIASES.items())
    yield from ((a, ("multilateral", c, None)) for a, c in data.MULTILATERAL_BODIES.items())
    yield from ((a, ("institution", n, c)) for a, (n, c) in data.INSTITUTIONS.items())
    yield from ((a, ("media", a, None)) for a in data.MEDIA_OUTLETS)
    yield from ((m, ("month", m, None)) for m in MONTHS)
    yield from ((d, ("weekday", d, None)) for d in WEEKDAYS)


# Titles whose plural names several holders at once ("Presidents X of A and Y of B",
# "Foreign Ministers X and Y"); the plural matches with the singular as its value.
_PLURAL_HEADS = frozenset(
    {"president", "minister", "secretary", "chancellor", "premier", "leader", "ambassador",
     "envoy", "commander", "chief"}
)  # fmt: skip


def _plural(title: str) -> str | None:
    head = title.rsplit(" ", 1)[-1]
    if head not in _PLURAL_HEADS:
        return None
    return title[:-1] + "ies" if title.endswith("y") else title + "s"


def _lower_entries() -> Iterable[tuple[str, tuple[Kind, str, str | None]]]:
    plurals = {p: t for t in data.OFFICIAL_TITLES if (p := _plural(t)) is not None}
    titles = data.OFFICIAL_TITLES
    yield from ((p, ("title", t, None)) for p, t in plurals.items() if p not in titles)
    yield from ((t, ("title", t, None)) for t in data.OFFICIAL_TITLES)
    yield from ((h, ("honorific", h, None)) for h in data.HONORIFICS)
    yield from ((r, ("nonofficial", r, None)) for r in data.NON_OFFICIAL_ROLES)


CASED = _build(_cased_entries())
LOWER = _build(_lower_entries())


def _scan(automaton: ahocorasick.Automaton, haystack: str, text: str) -> list[LexMatch]:
    """Leftmost-longest, whole-word, non-overlapping matches of the automaton."""
    result: list[LexMatch] = []
    n = len(text)
    for end_index, (length, kind, value, country) in automaton.iter_long(haystack):
        start = end_index - length + 1
        end = end_index + 1
        # Whole words only; a phrase ending in "." (U.S., Gen.) ends its own word.
        if start > 0 and text[start - 1].isalnum() and text[start].isalnum():
            continue
        if end < n and text[end].isalnum() and text[end - 1].isalnum():
            continue
        result.append(LexMatch(start, end, kind, value, country))
    return result


def scan_lexicons(shadow: str, lowered: str) -> tuple[list[LexMatch], list[LexMatch]]:
    """All lexicon matches: (names of things in `shadow`, titles and roles in `lowered`).

    `lowered` is `shadow` with ASCII letters lowercased (same length and offsets).
    """
    return _scan(CASED, shadow, shadow), _scan(LOWER, lowered, shadow)


@lru_cache(maxsize=1024)
def source_time_zone(source: str) -> str | None:
    """The IANA zone a news source writes in, from the longest source fragment it contains."""
    lowered = source.lower()
    best: tuple[int, str] | None = None
    for fragment, zone in data.TIME_ZONE_BY_SOURCE.items():
        # whole words only: "ap" must not fire inside "japan"
        if re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", lowered) and (
            best is None or len(fragment) > best[0]
        ):
            best = (len(fragment), zone)
    return best[1] if best else None
