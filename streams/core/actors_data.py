"""Tables for canonical actors (`streams.core.actors`): sectors, institution kinds, countries.

Pure data, read by `streams.core.actors`, which compiles what it needs once. Institution
names are the extractor's canonical ones (`lexicon_data.INSTITUTIONS`, the Korean
`BODIES`), compared casefolded; titles are matched as whole words (English) or as
substrings (Hangul, whose titles are written joined: 국방장관).
"""

from __future__ import annotations

from typing import get_args

from schemas.records import Sector

# The closed set of sectors (schemas/README.md, "Canonical actors").
SECTORS: tuple[Sector, ...] = get_args(Sector)

# Canonical country names (lexicon_data) whose ISO 3166-1 alpha-3 code pycountry's lookup
# does not find under the name or any alias of the group. Kosovo has no ISO code (XKX is
# user-assigned), so it stays without one.
ISO3_OVERRIDES: dict[str, str] = {
    "Democratic Republic of the Congo": "COD",
    "Palestine": "PSE",
    "Vatican City": "VAT",
}

# Canonical institution (casefolded) -> (kind slug of its actor_id, sector). A seat names one
# institution of one country: the Kremlin is Russia's presidency, the Pentagon the U.S.
# defense ministry, so "the Kremlin" and "Russia's presidential office" are one actor.
INSTITUTION_KINDS: dict[str, tuple[str, Sector]] = {
    # Presidencies and heads of government
    "kremlin": ("presidency", "government"),
    "white house": ("presidency", "government"),
    "élysée": ("presidency", "government"),
    "elysee": ("presidency", "government"),
    "presidential office": ("presidency", "government"),
    "office of the president": ("presidency", "government"),
    "presidency": ("presidency", "government"),
    "cheong wa dae": ("presidency", "government"),
    "blue house": ("presidency", "government"),
    "prime minister's office": ("prime-minister-office", "government"),
    "downing street": ("prime-minister-office", "government"),
    "chancellery": ("chancellery", "government"),
    "cabinet": ("cabinet", "government"),
    "cabinet office": ("cabinet-office", "government"),
    "state council": ("cabinet", "government"),
    "national security council": ("national-security-council", "government"),
    "national security office": ("national-security-council", "government"),
    "state affairs commission": ("state-affairs-commission", "government"),
    # Foreign ministries
    "foreign ministry": ("foreign-ministry", "diplomatic"),
    "state department": ("foreign-ministry", "diplomatic"),
    "ministry of external affairs": ("foreign-ministry", "diplomatic"),
    "foreign office": ("foreign-ministry", "diplomatic"),
    "foreign, commonwealth and development office": ("foreign-ministry", "diplomatic"),
    "foreign affairs department": ("foreign-ministry", "diplomatic"),
    "department of foreign affairs and trade": ("foreign-ministry", "diplomatic"),
    "embassy": ("embassy", "diplomatic"),
    # Defense ministries and armed forces
    "defense ministry": ("defense-ministry", "military"),
    "pentagon": ("defense-ministry", "military"),
    "joint chiefs of staff": ("joint-chiefs-of-staff", "military"),
    "combined forces command": ("combined-forces-command", "military"),
    "united nations command": ("united-nations-command", "military"),
    "united states forces korea": ("usfk", "military"),
    "united states forces japan": ("usfj", "military"),
    "indo-pacific command": ("indo-pacific-command", "military"),
    "defense security cooperation agency": ("defense-security-cooperation-agency", "military"),
    "self-defense forces": ("armed-forces", "military"),
    "korean people's army": ("armed-forces", "military"),
    "people's liberation army": ("armed-forces", "military"),
    "bundeswehr": ("armed-forces", "military"),
    "israel defense forces": ("armed-forces", "military"),
    "military": ("armed-forces", "military"),
    "central military commission": ("central-military-commission", "military"),
    "eastern theater command": ("eastern-theater-command", "military"),
    "islamic revolutionary guard corps": ("irgc", "military"),
    "inter-services public relations": ("ispr", "military"),
    "marine corps": ("marine-corps", "military"),
    "coast guard": ("coast-guard", "military"),
    "army": ("army", "military"),
    "navy": ("navy", "military"),
    "air force": ("air-force", "military"),
    # Legislatures
    "congress": ("legislature", "legislature"),
    "senate": ("senate", "legislature"),
    "national assembly": ("legislature", "legislature"),
    "supreme people's assembly": ("legislature", "legislature"),
    "state duma": ("legislature", "legislature"),
    "federation council": ("senate", "legislature"),
    "verkhovna rada": ("legislature", "legislature"),
    "knesset": ("legislature", "legislature"),
    # Parties
    "workers' party of korea": ("workers-party-of-korea", "party_candidate"),
    # Governments named as a body ("the Japanese government", "the Trump administration")
    "government": ("government", "government"),
    "administration": ("government", "government"),
    "authorities": ("government", "government"),
}

# Institution kinds whose actor is the government itself (gov:<ISO3>), as a metonym is.
GOVERNMENT_KINDS: frozenset[str] = frozenset({"government"})

# International organizations (casefolded canonical names, lexicon_data's multilateral
# bodies are added by the module): an actor of their own, `org:<slug>`, with no country.
INTERNATIONAL_BODIES: frozenset[str] = frozenset(
    {
        "north atlantic council",
        "european commission",
        "european council",
        "european parliament",
        "european central bank",
        "united nations security council",
        "united nations general assembly",
        "international atomic energy agency",
        "unhcr",
        "ocha",
        "international court of justice",
        "international criminal court",
    }
)
# The actor of a multilateral body under another name ("NATO Allies" is NATO).
INTERNATIONAL_ALIASES: dict[str, str] = {"nato allies": "NATO", "u.n.": "United Nations"}

# Title phrases -> sector. The longest phrase found in a title decides (the first sector
# listed on a tie), so "Defense Minister" is military, "Foreign Ministry Spokesperson"
# diplomatic and "Deputy Prime Minister and Foreign Minister" diplomatic. English phrases
# are matched as whole words (casefolded), Hangul ones as substrings. A title with none
# of them ("Spokesperson", "Counterpart") takes the sector of the person's organization,
# then `GENERIC_OFFICIAL_TITLES`, else "other".
TITLE_SECTORS: tuple[tuple[Sector, tuple[str, ...]], ...] = (
    (
        "party_candidate",
        (
            "candidate",
            "nominee",
            "party leader",
            "party chairman",
            "party chairwoman",
            "presidential hopeful",
            "후보",
            "당대표",
        ),
    ),
    (
        "legislature",
        (
            "lawmaker",
            "legislator",
            "senator",
            "sen.",
            "representative",
            "rep.",
            "congressman",
            "congresswoman",
            "member of parliament",
            "mp",
            "assemblyman",
            "assemblywoman",
            "speaker of the house",
            "national assembly speaker",
            "의원",
            "원내대표",
            "국회의장",
        ),
    ),
    (
        "military",
        (
            "defense minister",
            "defence minister",
            "minister of defense",
            "minister of defence",
            "minister of national defense",
            "secretary of national defense",
            "defense secretary",
            "defence secretary",
            "secretary of defense",
            "secretary of war",
            "defense ministry spokesperson",
            "defense ministry spokesman",
            "pentagon press secretary",
            "pentagon",
            "general",
            "gen.",
            "lieutenant general",
            "lt. gen.",
            "maj.",
            "major general",
            "admiral",
            "adm.",
            "rear adm.",
            "vice adm.",
            "capt.",
            "col.",
            "colonel",
            "commander",
            "joint chiefs of staff",
            "navy",
            "army",
            "air force",
            "marine",
            "국방장관",
            "국방부",
            "방위상",
            "사령관",
            "합참의장",
            "참모총장",
        ),
    ),
    (
        "diplomatic",
        (
            "foreign minister",
            "minister for foreign affairs",
            "minister of foreign affairs",
            "minister of state for foreign affairs",
            "secretary of foreign affairs",
            "foreign secretary",
            "external affairs minister",
            "secretary of state",
            "deputy secretary of state",
            "foreign ministry spokesperson",
            "foreign ministry spokesman",
            "foreign ministry spokeswoman",
            "state department spokesperson",
            "ambassador",
            "envoy",
            "diplomat",
            "consul",
            "consul general",
            "chief negotiator",
            "negotiator",
            "representative for north korea",
            "central commission for foreign affairs",
            "외교장관",
            "외무장관",
            "외교부장",
            "외무부장",
            "외무상",
            "국무장관",
            "외교부",
            "대사",
            "특사",
            "외교관",
            "총영사",
            "협상대사",
            "협상대표",
            "수석대표",
        ),
    ),
    (
        "government",
        (
            "president",
            "vice president",
            "president-elect",
            "prime minister",
            "premier",
            "vice premier",
            "chancellor",
            "king",
            "crown prince",
            "emir",
            "leader",
            "cabinet secretary",
            "chief cabinet secretary",
            "press secretary",
            "presidential spokesman",
            "presidential spokesperson",
            "presidential secretary",
            "kremlin spokesman",
            "kremlin aide",
            "national security adviser",
            "governor",
            "gov.",
            "대통령",
            "부통령",
            "권한대행",
            "총리",
            "주석",
            "총통",
            "국왕",
            "안보실장",
            "비서실장",
            "관방장관",
            "대통령실",
        ),
    ),
)

# Titles of an official that say no more than "government" when nothing more specific does
# (a minister, a secretary, a spokesperson of no known body).
GENERIC_OFFICIAL_TITLES: tuple[str, ...] = (
    "minister",
    "secretary",
    "undersecretary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "official",
    "adviser",
    "advisor",
    "aide",
    "commissioner",
    "director",
    "장관",
    "차관",
    "대변인",
    "부대변인",
    "실장",
    "수석",
    "비서관",
    "보좌관",
    "부상",
    "부부장",
    "위원",
)
