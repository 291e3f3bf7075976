"""Integrity checks for the gazetteer tables in streams.core.lexicon_data."""

from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from streams.core import lexicon_data as lx

# The 193 UN member states under the canonical names the module uses, plus the non-members the
# extractor must still resolve. Spelled out so a dropped group is caught, not just a low count.
UN_MEMBERS = frozenset(
    {
        "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Antigua and Barbuda",
        "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan", "Bahamas", "Bahrain",
        "Bangladesh", "Barbados", "Belarus", "Belgium", "Belize", "Benin", "Bhutan", "Bolivia",
        "Bosnia and Herzegovina", "Botswana", "Brazil", "Brunei", "Bulgaria", "Burkina Faso",
        "Burundi", "Cape Verde", "Cambodia", "Cameroon", "Canada", "Central African Republic",
        "Chad", "Chile", "China", "Colombia", "Comoros", "Republic of the Congo", "Costa Rica",
        "Ivory Coast", "Croatia", "Cuba", "Cyprus", "Czech Republic", "North Korea",
        "Democratic Republic of the Congo", "Denmark", "Djibouti", "Dominica",
        "Dominican Republic", "Ecuador", "Egypt", "El Salvador", "Equatorial Guinea", "Eritrea",
        "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland", "France", "Gabon", "Gambia",
        "Georgia", "Germany", "Ghana", "Greece", "Grenada", "Guatemala", "Guinea",
        "Guinea-Bissau", "Guyana", "Haiti", "Honduras", "Hungary", "Iceland", "India",
        "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Jamaica", "Japan", "Jordan",
        "Kazakhstan", "Kenya", "Kiribati", "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon",
        "Lesotho", "Liberia", "Libya", "Liechtenstein", "Lithuania", "Luxembourg", "Madagascar",
        "Malawi", "Malaysia", "Maldives", "Mali", "Malta", "Marshall Islands", "Mauritania",
        "Mauritius", "Mexico", "Micronesia", "Moldova", "Monaco", "Mongolia", "Montenegro",
        "Morocco", "Mozambique", "Myanmar", "Namibia", "Nauru", "Nepal", "Netherlands",
        "New Zealand", "Nicaragua", "Niger", "Nigeria", "North Macedonia", "Norway", "Oman",
        "Pakistan", "Palau", "Panama", "Papua New Guinea", "Paraguay", "Peru", "Philippines",
        "Poland", "Portugal", "Qatar", "South Korea", "Romania", "Russia", "Rwanda",
        "Saint Kitts and Nevis", "Saint Lucia", "Saint Vincent and the Grenadines", "Samoa",
        "San Marino", "Sao Tome and Principe", "Saudi Arabia", "Senegal", "Serbia",
        "Seychelles", "Sierra Leone", "Singapore", "Slovakia", "Slovenia", "Solomon Islands",
        "Somalia", "South Africa", "South Sudan", "Spain", "Sri Lanka", "Sudan", "Suriname",
        "Sweden", "Switzerland", "Syria", "Tajikistan", "Thailand", "East Timor", "Togo",
        "Tonga", "Trinidad and Tobago", "Tunisia", "Turkey", "Turkmenistan", "Tuvalu",
        "Uganda", "Ukraine", "United Arab Emirates", "United Kingdom", "Tanzania",
        "United States", "Uruguay", "Uzbekistan", "Vanuatu", "Venezuela", "Vietnam", "Yemen",
        "Zambia", "Zimbabwe",
    }
)  # fmt: skip
NON_MEMBERS = frozenset({"Taiwan", "Kosovo", "Palestine", "Hong Kong"})

CANONICAL_COUNTRIES = frozenset(lx.COUNTRY_ALIASES.values())


def test_un_member_list_is_complete() -> None:
    # Guards the reference list itself: a typo here would weaken the coverage test below.
    assert len(UN_MEMBERS) == 193


def test_every_un_member_and_listed_territory_is_covered() -> None:
    missing = (UN_MEMBERS | NON_MEMBERS) - CANONICAL_COUNTRIES
    assert not missing, sorted(missing)


def test_at_least_190_distinct_canonical_countries() -> None:
    assert len(CANONICAL_COUNTRIES) >= 190


def test_every_canonical_country_is_an_alias_of_itself() -> None:
    for canonical in CANONICAL_COUNTRIES:
        assert lx.COUNTRY_ALIASES.get(canonical) == canonical, canonical


def test_no_country_alias_is_listed_under_two_countries() -> None:
    # The public dict is built from groups; a duplicate there would silently lose one mapping.
    counts = Counter(alias for group in lx._COUNTRY_GROUPS for alias in group)
    duplicated = sorted(alias for alias, n in counts.items() if n > 1)
    assert not duplicated


def test_multilateral_canonicals_are_aliases_of_themselves() -> None:
    for canonical in set(lx.MULTILATERAL_BODIES.values()):
        assert lx.MULTILATERAL_BODIES.get(canonical) == canonical, canonical


CASE_SENSITIVE_KEYS: dict[str, frozenset[str]] = {
    "COUNTRY_ALIASES": frozenset(lx.COUNTRY_ALIASES),
    "MULTILATERAL_BODIES": frozenset(lx.MULTILATERAL_BODIES),
    "INSTITUTIONS": frozenset(lx.INSTITUTIONS),
    "MEDIA_OUTLETS": lx.MEDIA_OUTLETS,
    "EAST_ASIAN_FAMILY_NAMES": lx.EAST_ASIAN_FAMILY_NAMES,
}
LOWERCASE_KEYS: dict[str, frozenset[str]] = {
    "OFFICIAL_TITLES": lx.OFFICIAL_TITLES,
    "HONORIFICS": lx.HONORIFICS,
    "NON_OFFICIAL_ROLES": lx.NON_OFFICIAL_ROLES,
    "TIME_ZONE_BY_SOURCE": frozenset(lx.TIME_ZONE_BY_SOURCE),
}
ALL_KEYS = CASE_SENSITIVE_KEYS | LOWERCASE_KEYS


@pytest.mark.parametrize("name", sorted(ALL_KEYS))
def test_entries_are_non_empty_and_unpadded(name: str) -> None:
    bad = sorted(e for e in ALL_KEYS[name] if not e or e != e.strip() or "  " in e)
    assert not bad


@pytest.mark.parametrize("name", sorted(LOWERCASE_KEYS))
def test_lowercase_tables_are_lowercase(name: str) -> None:
    bad = sorted(e for e in LOWERCASE_KEYS[name] if e != e.lower())
    assert not bad


def test_canonical_values_are_non_empty_and_unpadded() -> None:
    values = (
        set(lx.COUNTRY_ALIASES.values())
        | set(lx.MULTILATERAL_BODIES.values())
        | {name for name, _ in lx.INSTITUTIONS.values()}
    )
    assert all(v and v == v.strip() for v in values)


def test_official_titles_and_non_official_roles_are_disjoint() -> None:
    assert not lx.OFFICIAL_TITLES & lx.NON_OFFICIAL_ROLES


def test_honorifics_are_not_titles() -> None:
    # An honorific says nothing about officialdom; overlap would make "Mr. Kim" official.
    assert not lx.HONORIFICS & lx.OFFICIAL_TITLES


def test_institution_countries_are_canonical_countries() -> None:
    countries = {c for _, c in lx.INSTITUTIONS.values() if c is not None}
    assert countries <= CANONICAL_COUNTRIES, sorted(countries - CANONICAL_COUNTRIES)


def test_country_aliases_do_not_collide_with_other_gazetteers() -> None:
    # A string that is both a country and an institution/body/outlet has no single reading.
    countries = frozenset(lx.COUNTRY_ALIASES)
    assert not countries & frozenset(lx.INSTITUTIONS)
    assert not countries & frozenset(lx.MULTILATERAL_BODIES)
    assert not countries & lx.MEDIA_OUTLETS


def test_media_outlets_are_not_institutions() -> None:
    assert not lx.MEDIA_OUTLETS & frozenset(lx.INSTITUTIONS)


@pytest.mark.parametrize("zone", sorted(set(lx.TIME_ZONE_BY_SOURCE.values())))
def test_time_zones_load(zone: str) -> None:
    assert ZoneInfo(zone).key == zone


def test_family_names_are_capitalised_single_words() -> None:
    bad = sorted(n for n in lx.EAST_ASIAN_FAMILY_NAMES if not n.isalpha() or not n.istitle())
    assert not bad


@pytest.mark.parametrize(
    ("table", "minimum"),
    [
        ("OFFICIAL_TITLES", 150),
        ("INSTITUTIONS", 100),
        ("MEDIA_OUTLETS", 60),
        ("EAST_ASIAN_FAMILY_NAMES", 80),
        ("TIME_ZONE_BY_SOURCE", 30),
    ],
)
def test_table_sizes(table: str, minimum: int) -> None:
    assert len(ALL_KEYS[table]) >= minimum


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Seoul", "South Korea"),
        ("Washington", "United States"),
        ("U.S.", "United States"),
        ("US", "United States"),
        ("USA", "United States"),
        ("America", "United States"),
        ("American", "United States"),
        ("ROK", "South Korea"),
        ("Republic of Korea", "South Korea"),
        ("S. Korea", "South Korea"),
        ("Korea", "South Korea"),
        ("Korean", "South Korea"),
        ("DPRK", "North Korea"),
        ("Democratic People's Republic of Korea", "North Korea"),
        ("N. Korea", "North Korea"),
        ("Pyongyang", "North Korea"),
        ("Japanese", "Japan"),
        ("Tokyo", "Japan"),
        ("PRC", "China"),
        ("People's Republic of China", "China"),
        ("Beijing", "China"),
        ("Russian Federation", "Russia"),
        ("Moscow", "Russia"),
        ("Kyiv", "Ukraine"),
        ("Kiev", "Ukraine"),
        ("New Delhi", "India"),
        ("Islamabad", "Pakistan"),
        ("Taipei", "Taiwan"),
        ("UK", "United Kingdom"),
        ("U.K.", "United Kingdom"),
        ("British", "United Kingdom"),
        ("London", "United Kingdom"),
        ("French", "France"),
        ("German", "Germany"),
        ("UAE", "United Arab Emirates"),
        ("Chad", "Chad"),
        ("Jordan", "Jordan"),
    ],
)
def test_country_must_haves(alias: str, canonical: str) -> None:
    assert lx.COUNTRY_ALIASES[alias] == canonical


@pytest.mark.parametrize(
    "alias",
    # Given names, English words and shared place names kept out on purpose.
    ["Sofia", "Victoria", "Male", "Santiago", "Kingston", "Georgetown", "Congo", "Congolese"],
)
def test_ambiguous_aliases_are_left_out(alias: str) -> None:
    assert alias not in lx.COUNTRY_ALIASES


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("NATO", "NATO"),
        ("North Atlantic Treaty Organization", "NATO"),
        ("EU", "European Union"),
        ("UN", "United Nations"),
        ("ASEAN", "ASEAN"),
        ("United Nations Command", "United Nations Command"),
    ],
)
def test_multilateral_must_haves(alias: str, canonical: str) -> None:
    assert lx.MULTILATERAL_BODIES[alias] == canonical


def test_generic_alliance_words_are_not_bodies() -> None:
    assert "Allies" not in lx.MULTILATERAL_BODIES


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("Pentagon", ("Pentagon", "United States")),
        ("Department of Defense", ("Pentagon", "United States")),
        ("State Department", ("State Department", "United States")),
        ("U.S. Department of State", ("State Department", "United States")),
        ("White House", ("White House", "United States")),
        ("Kremlin", ("Kremlin", "Russia")),
        ("Foreign Ministry", ("Foreign Ministry", None)),
        ("foreign ministry", ("Foreign Ministry", None)),
        ("defense ministry", ("Defense Ministry", None)),
        ("presidential office", ("Presidential Office", None)),
        ("Unification Ministry", ("Unification Ministry", "South Korea")),
        ("USFK", ("United States Forces Korea", "United States")),
        ("Ministry of External Affairs", ("Ministry of External Affairs", "India")),
        ("Downing Street", ("Downing Street", "United Kingdom")),
        ("Élysée", ("Élysée", "France")),
        ("U.S. Embassy", ("Embassy", "United States")),
        ("Chinese embassy", ("Embassy", "China")),
        ("UN Security Council", ("United Nations Security Council", None)),
    ],
)
def test_institution_must_haves(alias: str, expected: tuple[str, str | None]) -> None:
    assert lx.INSTITUTIONS[alias] == expected


def test_generic_government_is_not_an_institution() -> None:
    assert "government" not in lx.INSTITUTIONS
    assert "Government" not in lx.INSTITUTIONS


@pytest.mark.parametrize(
    "title",
    [
        "president",
        "prime minister",
        "foreign minister",
        "minister of foreign affairs and trade",
        "first vice foreign minister",
        "secretary of state",
        "secretary-general",
        "principal deputy spokesperson",
        "kremlin aide",
        "parliamentary senior vice-minister",
        "rear adm.",
        "chairman",
        "counterpart",
    ],
)
def test_official_title_must_haves(title: str) -> None:
    assert title in lx.OFFICIAL_TITLES


@pytest.mark.parametrize("role", ["economist", "analysts", "professor", "ceo", "journalist"])
def test_non_official_role_must_haves(role: str) -> None:
    assert role in lx.NON_OFFICIAL_ROLES


@pytest.mark.parametrize("honorific", ["mr.", "ms.", "dr.", "sir", "h.e."])
def test_honorific_must_haves(honorific: str) -> None:
    assert honorific in lx.HONORIFICS


@pytest.mark.parametrize(
    "outlet", ["Yonhap", "Reuters", "AP", "Kyodo", "TASS", "KCNA", "Xinhua", "Investing.com"]
)
def test_media_must_haves(outlet: str) -> None:
    assert outlet in lx.MEDIA_OUTLETS


@pytest.mark.parametrize("name", ["Kim", "Lee", "Park", "Choe", "Ri", "Wang", "Xi", "Tsai"])
def test_family_name_must_haves(name: str) -> None:
    assert name in lx.EAST_ASIAN_FAMILY_NAMES


@pytest.mark.parametrize(
    ("fragment", "zone"),
    [
        ("yonhap", "Asia/Seoul"),
        ("kyodo", "Asia/Tokyo"),
        ("xinhua", "Asia/Shanghai"),
        ("tass", "Europe/Moscow"),
        ("interfax-ukraine", "Europe/Kyiv"),
        ("reuters", "UTC"),
        ("ap", "America/New_York"),
        ("state department", "America/New_York"),
        ("afp", "Europe/Paris"),
    ],
)
def test_time_zone_must_haves(fragment: str, zone: str) -> None:
    assert lx.TIME_ZONE_BY_SOURCE[fragment] == zone
