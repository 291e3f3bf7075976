"""Speaker identity and surname matching for Korean-language copy (dev-ko README, "Korean
conventions").

Korean speaker strings are written in Hangul (외교부, 미 국방부, 일본 외무성, 우리나라), so
the English tables of `streams.evaluation.identity` cannot read them. The same three kinds
of structured identity apply:

- a country or its government (미국, 우리나라, 북한, 미국 정부) -> ("government", country);
- a seat that names one institution of one country (국무부, 백악관, 크렘린궁, 청와대);
- an institution of a known kind (외교부, 국방부, 외무성, 대통령실), with a country written
  before it (미 국방부, 일본 외무성, 러시아 외무부). Bare, the Korean ministries mean Seoul's
  own (Korean copy writes "외교부" for Korea's and qualifies every foreign one); a bare
  외무성 or 외무부 (Japan's, North Korea's or Russia's) has no country of its own.

Surnames. Korean (and Chinese, Japanese, Vietnamese) names put the family name first and
write it joined to the given name (윤병세 -> 윤, 왕이 -> 왕), so a gold surname in Hangul
is found at the start of a word of the predicted name, not only as a whole word.
"""

from __future__ import annotations

import re

from streams.evaluation.identity import (
    DEFENSE_MINISTRY,
    FOREIGN_MINISTRY,
    GOVERNMENT,
    PRESIDENCY,
    Identity,
)

_HANGUL = re.compile(r"[\uac00-\ud7a3]")

# Countries as Korean copy names them when they speak. One-syllable abbreviations (미, 중,
# 일, 러, 북) only qualify a body ("미 국방부"): alone they are also family names.
COUNTRIES_KO: dict[str, str] = {
    "미국": "US",
    "美": "US",
    "한국": "KR",
    "대한민국": "KR",
    "우리나라": "KR",
    "남한": "KR",
    "韓": "KR",
    "북한": "KP",
    "北": "KP",
    "중국": "CN",
    "中": "CN",
    "일본": "JP",
    "日": "JP",
    "러시아": "RU",
    "우크라이나": "UA",
    "영국": "GB",
    "프랑스": "FR",
    "독일": "DE",
    "호주": "AU",
    "인도": "IN",
    "대만": "TW",
    "이란": "IR",
    "캐나다": "CA",
    "이스라엘": "IL",
    "베트남": "VN",
    "필리핀": "PH",
    "브라질": "BR",
}
QUALIFIERS_KO: dict[str, str] = {
    **COUNTRIES_KO,
    "미": "US",
    "한": "KR",
    "우리": "KR",
    "북": "KP",
    "중": "CN",
    "일": "JP",
    "러": "RU",
}

# Seats: one institution of one country, whatever precedes them.
SEATS_KO: dict[str, tuple[str, str]] = {
    "국무부": (FOREIGN_MINISTRY, "US"),
    "백악관": (PRESIDENCY, "US"),
    "펜타곤": (DEFENSE_MINISTRY, "US"),
    "크렘린궁": (PRESIDENCY, "RU"),
    "크렘린": (PRESIDENCY, "RU"),
    "청와대": (PRESIDENCY, "KR"),
}

# Institution kinds, with the country a bare mention has in Korean copy (None: unknown).
INSTITUTIONS_KO: dict[str, tuple[str, str | None]] = {
    "정부": (GOVERNMENT, "KR"),
    "외교부": (FOREIGN_MINISTRY, "KR"),
    "외무부": (FOREIGN_MINISTRY, None),
    "외무성": (FOREIGN_MINISTRY, None),
    "국방부": (DEFENSE_MINISTRY, "KR"),
    "국방성": (DEFENSE_MINISTRY, None),
    "방위성": (DEFENSE_MINISTRY, "JP"),
    "대통령실": (PRESIDENCY, "KR"),
}

_QUALIFIED = re.compile(
    r"^(?P<q>"
    + "|".join(re.escape(q) for q in sorted(QUALIFIERS_KO, key=len, reverse=True))
    + r")(?:의)?\s*(?P<rest>\S+)$"
)


def is_korean(text: str) -> bool:
    """Whether a string is written (at least partly) in Hangul."""
    return _HANGUL.search(text) is not None


def resolve_korean(text: str) -> Identity | None:
    """The structured identity of a Korean speaker string, or None (a person, etc.)."""
    key = " ".join(text.split()).removesuffix(" 측").removesuffix("측")
    if key in COUNTRIES_KO:
        return Identity(GOVERNMENT, COUNTRIES_KO[key])
    if key in SEATS_KO:
        return Identity(*SEATS_KO[key])
    if key in INSTITUTIONS_KO:
        return Identity(*INSTITUTIONS_KO[key])
    match = _QUALIFIED.match(key)
    if match is None:
        return None
    country, rest = QUALIFIERS_KO[match["q"]], match["rest"]
    if rest in SEATS_KO:
        return Identity(*SEATS_KO[rest])
    if rest in INSTITUTIONS_KO:
        return Identity(INSTITUTIONS_KO[rest][0], country)
    return None


def surname_in(surname: str, name: str) -> bool:
    """Whether a Hangul gold surname starts a word of the predicted name (family name first,
    joined to the given name: 왕 in 왕이, 폰 데어 라이엔 in 우르술라 폰 데어 라이엔)."""
    return re.search(rf"(?<!\S){re.escape(surname)}", name) is not None
