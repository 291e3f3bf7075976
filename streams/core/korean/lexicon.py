"""The Korean extractor's tables: countries, bodies, titles, verbs and cues, as data.

Countries and bodies map to the English core's canonical names (`lexicon_data`), so a
Korean and an English report of one event carry the same `country` and organization.
"""

from __future__ import annotations

from streams.core import lexicon_data as data

# Hangul country names -> an alias in the English country table (canonical via that table).
_COUNTRY_ALIASES_KO: dict[str, str] = {
    "미국": "United States",
    "美": "United States",
    "한국": "South Korea",
    "대한민국": "South Korea",
    "우리나라": "South Korea",
    "남한": "South Korea",
    "韓": "South Korea",
    "북한": "North Korea",
    "北": "North Korea",
    "중국": "China",
    "中": "China",
    "일본": "Japan",
    "日": "Japan",
    "러시아": "Russia",
    "우크라이나": "Ukraine",
    "영국": "United Kingdom",
    "프랑스": "France",
    "독일": "Germany",
    "호주": "Australia",
    "인도": "India",
    "인도네시아": "Indonesia",
    "대만": "Taiwan",
    "이란": "Iran",
    "캐나다": "Canada",
    "이스라엘": "Israel",
    "베트남": "Vietnam",
    "필리핀": "Philippines",
    "브라질": "Brazil",
    "루마니아": "Romania",
    "폴란드": "Poland",
    "튀르키예": "Turkey",
    "몽골": "Mongolia",
    "싱가포르": "Singapore",
}
# One-syllable abbreviations: a country only right before a body or a title ("미 국방부",
# "러 외무장관"); alone they are family names (한, 미) or ordinary words.
_QUALIFIER_ALIASES_KO: dict[str, str] = {
    "미": "United States",
    "한": "South Korea",
    "북": "North Korea",
    "중": "China",
    "일": "Japan",
    "러": "Russia",
    "우리": "South Korea",
}


def _canonical(alias: str) -> str:
    """The English table's canonical country for one of its aliases."""
    return data.COUNTRY_ALIASES[alias]


COUNTRIES: dict[str, str] = {ko: _canonical(en) for ko, en in _COUNTRY_ALIASES_KO.items()}
QUALIFIERS: dict[str, str] = {
    **COUNTRIES,
    **{ko: _canonical(en) for ko, en in _QUALIFIER_ALIASES_KO.items()},
}

# Bodies: Hangul name -> (canonical name in the English institution table, the country a
# bare mention has in Korean copy). Korean copy writes "외교부" for Seoul's ministry and
# qualifies every foreign one ("일본 외무성", "미 국방부"), so a bare Korean ministry is
# South Korea's; 외무성/외무부 (Japan, North Korea, Russia) have no country of their own.
BODIES: dict[str, tuple[str, str | None]] = {
    "외교부": ("Foreign Ministry", "South Korea"),
    "외교통상부": ("Foreign Ministry", "South Korea"),
    "외무부": ("Foreign Ministry", None),
    "외무성": ("Foreign Ministry", None),
    "국방부": ("Defense Ministry", "South Korea"),
    "국방성": ("Defense Ministry", None),
    "방위성": ("Defense Ministry", "Japan"),
    "통일부": ("Unification Ministry", "South Korea"),
    "대통령실": ("Presidential Office", "South Korea"),
    "청와대": ("Presidential Office", "South Korea"),
    "국가안보실": ("National Security Office", "South Korea"),
    "합동참모본부": ("Joint Chiefs of Staff", "South Korea"),
    "합참": ("Joint Chiefs of Staff", "South Korea"),
    "국무부": ("State Department", "United States"),
    "백악관": ("White House", "United States"),
    "펜타곤": ("Pentagon", "United States"),
    "주한미군": ("United States Forces Korea", "United States"),
    "주한미군사령부": ("United States Forces Korea", "United States"),
    "주일미군": ("United States Forces Japan", "United States"),
    "인도태평양사령부": ("Indo-Pacific Command", "United States"),
    # Armed services: a bare one is Seoul's ("해병대"), a foreign one is qualified ("미 해병대").
    "해병대": ("Marine Corps", "South Korea"),
    "육군": ("Army", "South Korea"),
    "해군": ("Navy", "South Korea"),
    "공군": ("Air Force", "South Korea"),
    "크렘린궁": ("Kremlin", "Russia"),
    "크렘린": ("Kremlin", "Russia"),
    "노동당": ("Workers' Party of Korea", "North Korea"),
    "총리실": ("Prime Minister's Office", None),
    "관방": ("Cabinet Office", "Japan"),
    "나토": ("NATO", None),
    "북대서양조약기구": ("NATO", None),
    "유엔": ("United Nations", None),
}
# A body named by its government: "정부" alone is Seoul's, "미국 정부" Washington's.
GOVERNMENT_WORDS: frozenset[str] = frozenset({"정부", "당국"})

# Titles that follow a name ("윤병세 외교부 장관", "왕이 중국 외교부장"), longest first when
# matched as a word ending. The bool: an office holder who can speak for a government.
TITLES: dict[str, bool] = {
    "대통령 권한대행": True,
    "권한대행": True,
    "대통령": True,
    "부통령": True,
    "국무총리": True,
    "총리": True,
    "국무장관": True,
    "국방장관": True,
    "외교장관": True,
    "외무장관": True,
    "장관": True,
    "외교부장": True,
    "외무부장": True,
    "외무상": True,
    "부장": True,
    "위원": True,
    "방위상": True,
    "관방장관": True,
    "부상": True,
    "부부장": True,
    "대변인": True,
    "부대변인": True,
    "안보실장": True,
    "비서실장": True,
    "실장": True,
    "보좌관": True,
    "안보보좌관": True,
    "특사": True,
    "대사": True,
    "대사대리": True,
    "협상대사": True,
    "협상대표": True,
    "수석대표": True,
    "대표": True,
    "차관보": True,
    "차관": True,
    "제1차관": True,
    "제2차관": True,
    "위원장": True,
    "부위원장": True,
    "국무위원": True,
    "주석": True,
    "총비서": True,
    "사무총장": True,
    "의장": True,
    "사령관": True,
    "총장": True,
    "수석": True,
    "비서관": True,
    "외교관": True,
    "의원": True,
    "원내대표": True,
    "총영사": True,
    "국왕": True,
    "총통": True,
    # Not officials: they never speak for a government.
    "기자": False,
    "특파원": False,
    "앵커": False,
    "교수": False,
    "연구원": False,
    "연구위원": False,
    "애널리스트": False,
    "이코노미스트": False,
    "전문가": False,
    "회장": False,
    "사장": False,
    "대표이사": False,
    "씨": False,
}
# Titles whose holders relay a call rather than take part in it.
RELAY_TITLES: tuple[str, ...] = ("대변인", "부대변인", "관계자", "당국자")
# Unnamed officials of a body: the body speaks ("외교부 당국자" -> 외교부).
UNNAMED_OFFICIALS: frozenset[str] = frozenset({"관계자", "당국자", "고위 당국자", "소식통"})

# Media: attributions to them are never statements ("교도통신은 ... 보도했다").
MEDIA_SUFFIXES: tuple[str, ...] = (
    "통신",
    "신문",
    "방송",
    "일보",
    "뉴스",
    "TV",
    "매체",
    "언론",
    "타임스",
    "포스트",
    "저널",
)

# Words that never belong to a name: time words, connectives, determiners, roles.
NOT_NAME_WORDS: frozenset[str] = frozenset(
    {
        *"이날 오늘 어제 전날 당시 앞서 한편 또 또한 이어 그러면서 이에 이후 현재 최근 지난 오는"
        " 새 신임 전 현 前 現 첫 당 양국 양측 두 세 우리 이번 해당 각국 주요 동 같은 역대 초대"
        " 차기 후임 전임 직전 현직 방한 방미 방일 방중 취임 이번주 지난주 내일 모레"
        " 그는 그녀는 정상 측 소속 양 동안 중 간 뒤 후 때 직후 이후 당일 오전 오후 밤 새벽".split(),
    }
)

# The common one-syllable Korean family names (a Korean-style name starts with one of them).
FAMILY_NAMES: frozenset[str] = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심"
    " 노 하 곽 성 차 주 우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길"
    " 연 위 표 명 기 반 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용 예 봉 경 사 부 황 태 피 감 음 빈"
    " 동 온 호 범 좌 팽 승 간 상 시 갈 단 견 당 화 창 리".split()
)
# Korean family names of two syllables (the rest are one syllable).
COMPOUND_FAMILY_NAMES: frozenset[str] = frozenset(
    {"남궁", "선우", "황보", "제갈", "독고", "사공", "서문", "동방", "어금", "망절"}
)
# Countries whose names are written family name first in Korean copy.
FAMILY_FIRST_COUNTRIES: frozenset[str] = frozenset(
    {"South Korea", "North Korea", "China", "Japan", "Vietnam", "Taiwan"}
)
