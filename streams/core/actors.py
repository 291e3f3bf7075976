"""Canonical actors: one stable `actor_id`, an ISO alpha-3 `country_code` and a `sector` for
every person, institution, government and deal party an article's events name. Pure.

actor_id forms (lowercase slugs; nothing article-specific, so two articles agree):

- `person:<full name>`: the fullest name the article gives the person ("Rubio",
  "Secretary Rubio" and "Marco Rubio" are `person:marco-rubio`); only a surname, the surname.
  Names outside Latin script keep their script (`person:윤병세`).
- `gov:<ISO3>`: a country or a metonym for its government ("Seoul", "South Korea", "the
  South Korean government" are `gov:KOR`).
- `org:<kind>:<ISO3>`: an institution of one country, seats included ("the Kremlin" is
  `org:presidency:RUS`, "China's foreign ministry" `org:foreign-ministry:CHN`);
  `org:<kind>` when its country is unknown.
- `org:<slug>`: an international organization (`org:nato`), sector international_organization.

`ArticleActors` is built once per article from the entities the mention finder resolved
(O(entities) plus one scan of the body for full names of people written only by surname);
tables are compiled once per process.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pycountry

from schemas import Person
from schemas.records import Sector
from streams.core import actors_data as data
from streams.core import lexicon_data
from streams.core.lexicon import NON_NAME_WORDS
from streams.core.mentions import Entity


@dataclass(frozen=True, slots=True)
class Actor:
    """The canonical fields of one actor."""

    actor_id: str
    country_code: str | None
    sector: Sector


# --- compiled once ------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[^\w]+")
_DROPPED = re.compile(r"['’.]")


@cache
def slug(text: str) -> str:
    """Lowercase slug: Latin letters without accents, other scripts kept, words joined by '-'."""
    out: list[str] = []
    for char in unicodedata.normalize("NFKC", text):
        if char.isascii():
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)
        # A Latin letter with marks ("é") loses them; Hangul or CJK keeps its character.
        out.append(base[0] if base[0].isascii() else char)
    cleaned = _DROPPED.sub("", "".join(out).lower())
    return _SEPARATORS.sub("-", cleaned).strip("-_").replace("_", "-")


_COUNTRY_GROUPS: dict[str, list[str]] = {}
for _alias, _canonical in lexicon_data.COUNTRY_ALIASES.items():
    _COUNTRY_GROUPS.setdefault(_canonical, []).append(_alias)


@cache
def country_code(name: str | None) -> str | None:
    """ISO 3166-1 alpha-3 of a country as the extractor names it (any alias), else None."""
    if not name:
        return None
    canonical = lexicon_data.COUNTRY_ALIASES.get(name, name)
    if canonical in data.ISO3_OVERRIDES:
        return data.ISO3_OVERRIDES[canonical]
    for candidate in (canonical, *_COUNTRY_GROUPS.get(canonical, ())):
        if len(candidate) <= 3 and candidate.upper() != candidate:
            continue
        try:
            return str(pycountry.countries.lookup(candidate).alpha_3)
        except LookupError:
            continue
    return None


# International organizations: every alias (casefolded) -> the canonical name its slug is of.
_INTERNATIONAL: dict[str, str] = {
    **{c.casefold(): c for c in lexicon_data.MULTILATERAL_BODIES.values()},
    **{a.casefold(): c for a, c in lexicon_data.MULTILATERAL_BODIES.items()},
    **{
        alias.casefold(): canonical
        for alias, (canonical, _) in lexicon_data.INSTITUTIONS.items()
        if canonical.casefold() in data.INTERNATIONAL_BODIES
    },
    **{name: name for name in data.INTERNATIONAL_BODIES},
    **data.INTERNATIONAL_ALIASES,
}


@cache
def _qualifier() -> re.Pattern[str]:
    """A country written before an institution's kind ("South Korean government", "U.S.
    military"), longest alias first; compiled on first use (a thousand aliases)."""
    aliases = sorted((a for a in lexicon_data.COUNTRY_ALIASES if len(a) >= 2), key=len)
    return re.compile(
        r"^(?:the\s+)?(?P<q>"
        + "|".join(re.escape(a) for a in reversed(aliases))
        + r")(?:'s|’s)?\s+(?P<rest>.+)$"
    )


def _title_matcher() -> tuple[re.Pattern[str], dict[str, Sector]]:
    sector_of: dict[str, Sector] = {}
    for sector, phrases in data.TITLE_SECTORS:
        for phrase in phrases:
            sector_of.setdefault(phrase, sector)
    english = [p for p in sector_of if p.isascii()]
    hangul = [p for p in sector_of if not p.isascii()]

    def alternation(phrases: list[str]) -> str:
        return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))

    pattern = re.compile(rf"(?<!\w)(?:{alternation(english)})(?![\w])|(?:{alternation(hangul)})")
    return pattern, sector_of


_TITLE, _TITLE_SECTOR = _title_matcher()
_GENERIC_TITLE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(t) for t in data.GENERIC_OFFICIAL_TITLES if t.isascii())
    + r")(?!\w)|"
    + "|".join(re.escape(t) for t in data.GENERIC_OFFICIAL_TITLES if not t.isascii())
)
# Words that may stand before a surname without being a given name ("Secretary Rubio").
_NOT_GIVEN_NAMES = (
    frozenset(w.casefold() for w in NON_NAME_WORDS)
    | frozenset(w.casefold() for t in lexicon_data.OFFICIAL_TITLES for w in t.split())
    | frozenset(w.casefold() for w in lexicon_data.HONORIFICS)
)
_MAX_SCANNED_SURNAMES = 64  # bounds the one full-name scan of a hostile article


@cache
def title_sector(title: str | None) -> Sector | None:
    """The sector a title names by itself (the longest phrase of the table), else None."""
    if not title:
        return None
    best: str | None = None
    for match in _TITLE.finditer(title.casefold()):
        if best is None or len(match.group()) > len(best):
            best = match.group()
    return _TITLE_SECTOR[best] if best is not None else None


@cache
def institution_actor(name: str, country: str | None) -> Actor:
    """The actor of an institution: its canonical name and country as the extractor gives them."""
    key = name.strip(" -,").casefold().removeprefix("the ")
    international = _INTERNATIONAL.get(key)
    if international is not None:
        return Actor(f"org:{slug(international)}", None, "international_organization")
    if key not in data.INSTITUTION_KINDS:
        qualified = _qualifier().match(name.strip(" -,"))
        if qualified is not None:
            country = country or lexicon_data.COUNTRY_ALIASES[qualified["q"]]
            key = qualified["rest"].casefold()
    kind, sector = data.INSTITUTION_KINDS.get(key) or _kind_by_head(key)
    code = country_code(country or _HOME_COUNTRY.get(key))
    if kind in data.GOVERNMENT_KINDS:
        if code is not None:
            return government_actor(country or _HOME_COUNTRY.get(key))
        kind = slug(key)  # a government of no known country keeps its own name
    return Actor(f"org:{kind}:{code}" if code else f"org:{kind}", code, sector)


_GOVERNMENT_HEADS = frozenset(
    {"ministry", "department", "agency", "office", "secretariat", "service"}
)
_LEADERS_ADMINISTRATION = re.compile(r"^[\w'-]+ administration$")  # "the Trump administration"


def _kind_by_head(key: str) -> tuple[str, Sector]:
    """An institution outside the table: its slug, a sector from its head word."""
    if _LEADERS_ADMINISTRATION.match(key):
        return "government", "government"
    words = key.split()
    head = words[-1]
    sector = data.INSTITUTION_KINDS.get(head, ("", "other"))[1]
    if sector == "other" and _GOVERNMENT_HEADS.intersection(words):
        sector = "government"  # "Ministry of Agrarian Policy", "Meteorological Agency"
    return slug(key), sector


# The one country of an institution every alias of which names it (the Unification
# Ministry is Seoul's however it is written).
_HOME_COUNTRY: dict[str, str] = {}
_SHARED: set[str] = set()
for _canonical_body, _body_country in lexicon_data.INSTITUTIONS.values():
    _key = _canonical_body.casefold()
    if _body_country is None or _HOME_COUNTRY.get(_key, _body_country) != _body_country:
        _SHARED.add(_key)
    else:
        _HOME_COUNTRY[_key] = _body_country
for _key in _SHARED:
    _HOME_COUNTRY.pop(_key, None)


@cache
def government_actor(country: str | None, written: str = "") -> Actor:
    """The actor of a country or of a metonym for its government."""
    code = country_code(country)
    return Actor(f"gov:{code}" if code else f"gov:{slug(country or written)}", code, "government")


@cache
def person_sector(title: str | None, organization: str | None, country: str | None) -> Sector:
    """A person's sector: from the title, else the organization, else a generic title."""
    org_sector = institution_actor(organization, country).sector if organization else None
    if org_sector == "international_organization":
        return org_sector  # NATO's Secretary General, a U.N. envoy
    by_title = title_sector(title)
    if by_title is not None:
        return by_title
    if org_sector is not None and org_sector != "other":
        return org_sector
    if title and _GENERIC_TITLE.search(title.casefold()):
        return "government"
    return "other"


@cache
def party_actor(name: str) -> Person:
    """The Person record of a deal party (a canonical country or organization name)."""
    code = country_code(name)
    if code is not None or name in _COUNTRY_GROUPS:
        actor = government_actor(name)
        return Person(
            name=name,
            country=name,
            country_code=actor.country_code,
            sector=actor.sector,
            actor_id=actor.actor_id,
        )
    actor = institution_actor(name, None)
    return Person(
        name=name,
        organization=name,
        country_code=actor.country_code,
        sector=actor.sector,
        actor_id=actor.actor_id,
    )


class ArticleActors:
    """The canonical actors of one article, from the entities its mentions resolved to."""

    def __init__(self, entities: Iterable[Entity], body: str) -> None:
        # Full names by surname, from people the article names in full (first one wins: the
        # earliest full mention); a surname two different full names share stays ambiguous.
        self._full: dict[str, str | None] = {}
        bare: set[str] = set()
        for entity in entities:
            if entity.kind != "person" or not entity.name:
                continue
            surname = _surname(entity)
            if _is_full(entity.name, surname):
                known = self._full.get(surname, entity.name)
                self._full[surname] = entity.name if known == entity.name else None
            else:
                bare.add(surname)
        missing = sorted(
            s
            for s in bare
            if s not in self._full
            and s.isascii()
            and s.istitle()
            and s not in lexicon_data.EAST_ASIAN_FAMILY_NAMES  # written family name first
        )
        if missing:
            self._scan_full_names(body, missing[:_MAX_SCANNED_SURNAMES])
        self._actors: dict[int, Actor] = {}

    def _scan_full_names(self, body: str, surnames: list[str]) -> None:
        """Full names written before a surname the resolver kept bare ("Marco Rubio said")."""
        pattern = re.compile(
            r"(?<![\w.])((?:[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?\s){1,2})("
            + "|".join(re.escape(s) for s in surnames)
            + r")(?!\w)"
        )
        for match in pattern.finditer(body):
            given: list[str] = []
            for word in match.group(1).split():  # "Secretary Marco": what follows the title
                given = [] if word.casefold() in _NOT_GIVEN_NAMES else [*given, word]
            if not given:
                continue
            surname = match.group(2)
            full = " ".join((*given, surname))
            known = self._full.get(surname, full)
            self._full[surname] = full if known == full else None

    def of(self, entity: Entity) -> Actor:
        """The actor of an entity (computed once per entity)."""
        actor = self._actors.get(id(entity))
        if actor is None:
            actor = self._actors[id(entity)] = self._resolve(entity)
        return actor

    def _resolve(self, entity: Entity) -> Actor:
        if entity.kind == "country":
            return government_actor(entity.country or entity.name, entity.name)
        if entity.kind == "institution":
            return institution_actor(entity.name, entity.country)
        name = entity.name
        surname = _surname(entity)
        if not _is_full(name, surname):
            name = self._full.get(surname) or name
        return Actor(
            f"person:{slug(name)}",
            country_code(entity.country),
            person_sector(entity.title, entity.organization, entity.country),
        )


def _surname(entity: Entity) -> str:
    return entity.surname or entity.name.split()[-1]


def _is_full(name: str, surname: str) -> bool:
    """Whether a name says more than the surname (Hangul names are written joined: 윤병세)."""
    return name != surname and (" " in name or not name.isascii())
