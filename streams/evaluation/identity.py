"""Speaker identity for scoring: who a speaker string denotes (corpus README, "Matching
speakers by identity").

A speaker is one identity however it is written. Three kinds of strings have a
*structured* identity, a pair (kind, country):

- a country, or a metonym for its government ("South Korea", "Seoul", "the Chinese
  government", "Beijing") -> ("government", country);
- a seat that names one institution of one country ("the Kremlin", "the White House",
  "the Pentagon", "the State Department", "the Elysee") -> (that institution, country):
  the README makes "the Kremlin" Russia's presidency, not Russia's government;
- an institution of a known kind ("Foreign Ministry", "Ministry of National Defense",
  "presidential office"), with the country written around it in the string itself
  ("Seoul's foreign ministry", "South Korean Foreign Ministry", "the foreign ministry in
  Tokyo") or, for a predicted speaker, in its `country` field; else the country is None.

Everything else (people, and bodies of no kind in the table such as "customs" or "Joint
Chiefs of Staff") has no structured identity and is matched by substring, as before.

Countries are ISO 3166 alpha-2 codes: pycountry turns standard names into codes, and the
tables below add what it lacks (short forms, demonyms, capitals and seats). The tables
are data; extending them is one line each.

A government is not its ministries: "Seoul" is matched by "South Korea" or "the South
Korean government", not by "Seoul's foreign ministry" (the README says a metonym names
its government, and no more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry

GOVERNMENT = "government"
PRESIDENCY = "presidency"
FOREIGN_MINISTRY = "foreign ministry"
DEFENSE_MINISTRY = "defense ministry"

# Names of a country that pycountry's lookup does not know (it knows "South Korea",
# "Japan", "Iran", "Vietnam", ...). Bare "Korea" as a state speaking in English wire copy
# is the Republic of Korea; the North is always written "North Korea" (or "DPRK").
COUNTRY_ALIASES: dict[str, str] = {
    "u.s.": "US",
    "us": "US",
    "usa": "US",
    "u.s.a.": "US",
    "america": "US",
    "united states of america": "US",
    "korea": "KR",
    "republic of korea": "KR",
    "rok": "KR",
    "dprk": "KP",
    "russia": "RU",
    "britain": "GB",
    "great britain": "GB",
    "uk": "GB",
    "u.k.": "GB",
    "turkey": "TR",
}

# Adjectives of nationality, as in "the Chinese government", "South Korean Foreign Ministry".
DEMONYMS: dict[str, str] = {
    "american": "US",
    "u.s.": "US",
    "south korean": "KR",
    "korean": "KR",
    "north korean": "KP",
    "japanese": "JP",
    "chinese": "CN",
    "russian": "RU",
    "indian": "IN",
    "french": "FR",
    "british": "GB",
    "german": "DE",
    "ukrainian": "UA",
    "iranian": "IR",
    "australian": "AU",
    "taiwanese": "TW",
    "philippine": "PH",
    "vietnamese": "VN",
    "canadian": "CA",
    "saudi": "SA",
    "israeli": "IL",
    "italian": "IT",
    "polish": "PL",
}

# Capitals written for their government ("Seoul said", "Tokyo protested").
CAPITALS: dict[str, str] = {
    "seoul": "KR",
    "washington": "US",
    "tokyo": "JP",
    "beijing": "CN",
    "moscow": "RU",
    "pyongyang": "KP",
    "taipei": "TW",
    "new delhi": "IN",
    "kyiv": "UA",
    "kiev": "UA",
    "paris": "FR",
    "london": "GB",
    "berlin": "DE",
    "canberra": "AU",
    "tehran": "IR",
    "manila": "PH",
    "hanoi": "VN",
    "ottawa": "CA",
    "riyadh": "SA",
    "rome": "IT",
    "warsaw": "PL",
}

# Seats and names that denote one institution of one country.
SEATS: dict[str, tuple[str, str]] = {
    "kremlin": (PRESIDENCY, "RU"),
    "white house": (PRESIDENCY, "US"),
    "elysee": (PRESIDENCY, "FR"),
    "élysée": (PRESIDENCY, "FR"),
    "elysee palace": (PRESIDENCY, "FR"),
    "élysée palace": (PRESIDENCY, "FR"),
    "cheong wa dae": (PRESIDENCY, "KR"),
    "blue house": (PRESIDENCY, "KR"),
    "pentagon": (DEFENSE_MINISTRY, "US"),
    "state department": (FOREIGN_MINISTRY, "US"),
    "department of state": (FOREIGN_MINISTRY, "US"),
}

# Institution kinds by their common names (the country comes from around them).
INSTITUTIONS: dict[str, str] = {
    "government": GOVERNMENT,
    "presidential office": PRESIDENCY,
    "office of the president": PRESIDENCY,
    "presidency": PRESIDENCY,
    "foreign ministry": FOREIGN_MINISTRY,
    "ministry of foreign affairs": FOREIGN_MINISTRY,
    "foreign affairs ministry": FOREIGN_MINISTRY,
    "foreign office": FOREIGN_MINISTRY,
    "defense ministry": DEFENSE_MINISTRY,
    "defence ministry": DEFENSE_MINISTRY,
    "ministry of defense": DEFENSE_MINISTRY,
    "ministry of defence": DEFENSE_MINISTRY,
    "ministry of national defense": DEFENSE_MINISTRY,
    "ministry of national defence": DEFENSE_MINISTRY,
    "national defense ministry": DEFENSE_MINISTRY,
    "defense department": DEFENSE_MINISTRY,
    "department of defense": DEFENSE_MINISTRY,
}


@dataclass(frozen=True)
class Identity:
    """Who a speaker string denotes: a kind of body and its country (None when unknown)."""

    kind: str
    country: str | None


def country_code(name: str | None) -> str | None:
    """The ISO alpha-2 code of a country name ("South Korea", "U.S.", "Russia"), else None."""
    if not name:
        return None
    key = _normalize(name)
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    return _pycountry_code(key)


@cache
def _pycountry_code(key: str) -> str | None:
    """pycountry's lookup (names, common names, official names, codes), cached."""
    if len(key) <= 3 and "." not in key:
        return None  # a two/three-letter word is not a code here ("us" is handled above)
    try:
        return str(pycountry.countries.lookup(key).alpha_2)
    except LookupError:
        return None


def _qualifier_code(word: str) -> str | None:
    """The country a qualifier names: a country, a demonym or a capital."""
    key = _normalize(word)
    return DEMONYMS.get(key) or CAPITALS.get(key) or country_code(key)


def _qualifier_words() -> list[str]:
    """Every written form a country qualifier can take, longest first (for the regexes)."""
    words = {*COUNTRY_ALIASES, *DEMONYMS, *CAPITALS}
    for country in pycountry.countries:
        words.add(country.name.casefold())
        common = getattr(country, "common_name", None)
        if common:
            words.add(common.casefold())
    return sorted(words, key=len, reverse=True)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Qualifier-before, qualifier-after (both over a whole string), and the same two as
    context patterns (a qualifier right before / right after an occurrence in a text)."""
    alternatives = "|".join(re.escape(w) for w in _qualifier_words())
    q = rf"(?P<q>{alternatives})"
    before = re.compile(rf"^{q}(?:'s)?\s+(?P<rest>.+)$")
    after = re.compile(rf"^(?P<rest>.+?)\s+(?:of|in)\s+(?:the\s+)?{q}$")
    context_before = re.compile(rf"(?<![\w.]){q}(?:'s)?\s+(?:the\s+)?$")
    context_after = re.compile(rf"^\s+(?:of|in)\s+(?:the\s+)?{q}(?![\w])")
    return before, after, context_before, context_after


def _normalize(text: str) -> str:
    """Casefolded, curly apostrophes straight, spaces collapsed, "the" and edge punctuation off."""
    key = " ".join(text.replace("\u2019", "'").casefold().split())
    key = key.strip(" ,;:\"'()")
    return key.removeprefix("the ").strip()


def resolve(text: str) -> Identity | None:
    """The structured identity a speaker string denotes by itself, or None (a person, etc.)."""
    key = _normalize(text)
    if not key:
        return None
    if key in CAPITALS:
        return Identity(GOVERNMENT, CAPITALS[key])
    if key in SEATS:
        return Identity(*SEATS[key])
    if key in INSTITUTIONS:
        return Identity(INSTITUTIONS[key], None)
    code = country_code(key)
    if code is not None:
        return Identity(GOVERNMENT, code)
    before, after, _, _ = _patterns()
    for pattern in (before, after):
        match = pattern.match(key)
        if match is None:
            continue
        rest = _normalize(match["rest"])
        qualifier = _qualifier_code(match["q"])
        if rest in SEATS:
            return Identity(*SEATS[rest])  # "U.S. State Department": the seat fixes it
        if rest in INSTITUTIONS and qualifier is not None:
            return Identity(INSTITUTIONS[rest], qualifier)
    return None


def context_country(text: str, phrase: str) -> str | None:
    """The one country written right around `phrase` in `text` ("Seoul's foreign ministry",
    "the defense ministry in Tokyo"); None when no occurrence has one or they disagree."""
    _, _, context_before, context_after = _patterns()
    body = text.replace("\u2019", "'").casefold()
    found: set[str] = set()
    for match in re.finditer(rf"(?<!\w){re.escape(_normalize(phrase))}(?!\w)", body):
        for hit in (
            context_before.search(body, max(0, match.start() - 40), match.start()),
            context_after.match(body[match.end() : match.end() + 40]),
        ):
            code = _qualifier_code(hit["q"]) if hit is not None else None
            if code is not None:
                found.add(code)
    return found.pop() if len(found) == 1 else None
