"""Who is mentioned where in Korean copy: people (name, then title: 윤병세 외교부 장관, 왕이
중국 외교부장), bodies (외교부, 미 국방부, 대통령실 관계자), countries (미국, 우리 정부) and
media (교도통신), with the particle that follows each mention (은/는/이/가: the subject;
과/와: the other party; 의: a possessor).

A person is anchored by a title after the name, as Korean copy writes it; later the
surname with a title ("조 장관") or the full name alone ("트럼프는") refers back to them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Container
from dataclasses import dataclass

from streams.core.korean import lexicon as lx
from streams.core.korean.analyzer import Sentence, Token
from streams.core.mentions import Entity

# Particles, longest first; the ones that make a mention the subject or the other party.
PARTICLES: tuple[str, ...] = tuple(
    sorted(
        (
            *"은 는 이 가 도 과 와 의 을 를 에 로 만 께서 에게 에서 으로 과의 와의 과도 와도"
            " 에게서 께서는 에서는 으로는 과는 와는 하고 측은 측이 측도 측과 측의 측에 측"
            " 에게는 에서도 이나 이며 이고 으로부터 로부터 부터 까지 에도 에는".split(),
        ),
        key=len,
        reverse=True,
    )
)
SUBJECT = frozenset({"은", "는", "이", "가", "도", "께서", "께서는", "측은", "측이", "측도"})
PARTNER = frozenset({"과", "와", "과의", "와의", "과도", "와도", "하고", "과는", "와는", "에게"})
# A name never ends with these particles (given names do end in 은, 이, 도...).
# (와/과 end Japanese names - 모리카와, 이시카와 - so for them the analyzer's tags decide.)
_NAME_NEVER_ENDS = tuple(p for p in PARTICLES if len(p) >= 2 or p in "을를에의로")

_OPENERS = "“\"'‘(【[<《「『"
_CLOSERS = "”\"'’)】]>》」』,.…:;!?"
_PAREN = re.compile(r"\([^)]{0,30}\)$")
_HANGUL_WORD = re.compile(r"^[가-힣]{1,7}$")
_TITLE_PREFIX_OK = frozenset({"부", "총", "제", "전", "현", "주", "前", "現"})
_NOT_TITLES = frozenset({"회의장", "본회의장", "현장", "공장", "입장", "주장", "시장", "성장"})
_MODIFIERS = frozenset(
    {"겸", "측", "담당", "외교담당", "당", "중앙", "국가", "제1", "제2", "정치국", "상무위원"}
    | {"외교", "국방"}
)
_PAIR = re.compile(r"^(?:[한미중일러북韓美中日北][·ㆍ・]?){2,3}$")
_MEDIA_WORD = re.compile(
    r"^(?:[가-힣A-Za-z]{1,10}(?:" + "|".join(lx.MEDIA_SUFFIXES) + r")|언론|외신|한 언론)$"
)
_RELAY_ROLE = "대변인"
# One-syllable country forms that are also common family names ("한 권한대행" is Han).
_SURNAME_QUALIFIERS = frozenset({"한"})
# "양 장관은", "두 정상은": both sides, not the last minister named.
_PLURAL = frozenset({"양", "두", "세", "각", "양국", "양측", "여러", "각국"})


@dataclass(slots=True)
class Word:
    """One whitespace-separated word of a sentence, cleaned of punctuation at its ends."""

    start: int  # of the cleaned core
    end: int
    core: str
    raw_end: int  # end of the raw word (closing punctuation included)
    closes: bool  # ends with punctuation: nothing after it belongs to the same phrase


@dataclass(slots=True)
class KoMention:
    """A mention: the span naming the entity, where its phrase ends, and its particle."""

    start: int
    end: int
    tail: int
    entity: Entity
    particle: str
    role: str | None = None  # the title or role word at this mention

    @property
    def subject(self) -> bool:
        """Whether the mention is marked as the subject or topic of its clause."""
        return self.particle in SUBJECT

    @property
    def partner(self) -> bool:
        """Whether the mention is marked as the other party ("...과 통화했다")."""
        return self.particle in PARTNER


_WORD = re.compile(r"\S+")


def words_of(body: str, sentence: Sentence) -> list[Word]:
    """The words of a sentence, each cleaned of quotes and punctuation at its ends."""
    out: list[Word] = []
    for match in _WORD.finditer(body, sentence.start, sentence.end):
        raw = match.group()
        lead = len(raw) - len(raw.lstrip(_OPENERS))
        core = raw[lead:].rstrip(_CLOSERS)
        if core.count("(") > core.count(")") and raw[lead + len(core) :].startswith(")"):
            core += ")"  # "왕이(王毅)": the bracket closes the name's hanja, not the phrase
        if not core:
            continue
        start = match.start() + lead
        out.append(Word(start, start + len(core), core, match.end(), len(core) + lead < len(raw)))
    return out


# Suffix tables are looked up by length (a few dict probes per word, not one `endswith`
# per entry): every word of a 1 MiB body goes through them.
_PARTICLE_SET = frozenset(PARTICLES)
_PARTICLE_LENGTHS = sorted({len(p) for p in PARTICLES}, reverse=True)
_TITLE_LENGTHS = sorted({len(t) for t in lx.TITLES}, reverse=True)


def _particles_of(core: str) -> list[tuple[str, str]]:
    """Every (stem, particle) split of a word, longest particle first (stems non-empty)."""
    return [
        (core[:-n], core[-n:])
        for n in _PARTICLE_LENGTHS
        if len(core) > n and core[-n:] in _PARTICLE_SET
    ]


def split_particle(core: str, stems: Container[str]) -> tuple[str, str]:
    """(stem, particle) when the word is a known stem plus a particle, else (core, "")."""
    if core in stems:
        return core, ""
    for stem, particle in _particles_of(core):
        if stem in stems:
            return stem, particle
    return core, ""


def _particle_of(core: str) -> tuple[str, str]:
    """(stem, particle) for any word: the longest particle it ends with, if any."""
    splits = _particles_of(core)
    return splits[0] if splits else (core, "")


def _official_after(words: list[Word], i: int) -> tuple[int, str, str] | None:
    """The unnamed official written right after word i ("외교부 당국자는", "정부 관계자가"):
    its end, particle and stem, through whom the body or government before it speaks."""
    if i + 1 >= len(words) or words[i].closes:
        return None
    stem, particle = _particle_of(words[i + 1].core)
    if stem not in lx.UNNAMED_OFFICIALS:
        return None
    return words[i + 1].end, particle, stem


def title_of(stem: str) -> tuple[str, str] | None:
    """(prefix, title) when the stem ends with a title word ("외교부장" -> ("", "외교부장"))."""
    if stem in _NOT_TITLES:
        return None
    for n in _TITLE_LENGTHS:
        if len(stem) >= n and stem[-n:] in lx.TITLES:
            prefix = stem[:-n]
            if len(prefix) == 1 and prefix not in _TITLE_PREFIX_OK:
                return None
            return prefix, stem[-n:]
    return None


def _title_word(core: str) -> tuple[str, str, str] | None:
    """(prefix, title, particle) when the word is a title with an optional particle."""
    found = title_of(core)
    if found:
        return found[0], found[1], ""
    for stem, particle in _particles_of(core):
        found = title_of(stem)
        if found:
            return found[0], found[1], particle
    return None


def _body_of(stem: str) -> tuple[str, str | None, str | None] | None:
    """(body word, qualifier country, Hangul qualifier) for 외교부, 美국방부, 러시아외무부."""
    if stem in lx.BODIES:
        return stem, None, None
    for length in (1, 2, 3, 4):
        qualifier, rest = stem[:length], stem[length:]
        if qualifier in lx.QUALIFIERS and rest in lx.BODIES:
            return rest, lx.QUALIFIERS[qualifier], qualifier
    return None


def is_media(core: str) -> bool:
    """Whether a word names a news outlet or "the media"."""
    stem, _ = _particle_of(core)
    return bool(_MEDIA_WORD.match(stem) or _MEDIA_WORD.match(core))


class _Classes:
    C, Q, B, G, T, M, P, U, X = "CQBGTMPUX"


def _classify(word: Word, tokens: list[Token]) -> str:
    """The class of a word inside a name-and-title phrase (see `_person_at`)."""
    core = word.core
    if core in lx.COUNTRIES:
        return _Classes.C
    if core in lx.QUALIFIERS:
        return _Classes.Q
    if _body_of(core) or _body_of(_PAREN.sub("", core)):
        return _Classes.B
    if core in lx.GOVERNMENT_WORDS:
        return _Classes.G
    if title_of(core):
        return _Classes.T
    if core in _MODIFIERS or core.endswith(("담당", "위원회")):
        return _Classes.M
    if _PAIR.match(core):
        return _Classes.P
    name = _PAREN.sub("", core)
    # A word followed by punctuation ends the phrase: it cannot be a name before a title.
    if not _HANGUL_WORD.match(name) or name in lx.NOT_NAME_WORDS or (word.closes and name == core):
        return _Classes.X
    if name.endswith(_NAME_NEVER_ENDS) or is_media(core):
        return _Classes.X
    # "트럼프는", "정부가": a known noun plus a subject particle is not a name.
    if len(tokens) >= 2 and tokens[-1].tag.startswith("J") and tokens[-2].end - word.start >= 2:
        return _Classes.X
    # A verb form ("취임한") ends with an ending; the analyzer's guesses inside an unknown
    # name ("정해민" as 정하+어+민) do not matter as long as it ends with a noun.
    if tokens and tokens[-1].tag.startswith(("V", "E", "XS", "SN")):
        return _Classes.X
    return _Classes.U


def _tokens_in(tokens: tuple[Token, ...], starts: list[int], start: int, end: int) -> list[Token]:
    i = bisect_left(starts, start)
    out = []
    while i < len(tokens) and tokens[i].start < end:
        out.append(tokens[i])
        i += 1
    return out


def is_korean_name(name: str) -> bool:
    """A Korean-style name: one Hangul word of 2-4 syllables starting with a Korean family
    name (윤병세, 조현, 남궁민수)."""
    if " " in name or not 2 <= len(name) <= 4 or _HANGUL_WORD.match(name) is None:
        return False
    return name[:1] in lx.FAMILY_NAMES or name[:2] in lx.COMPOUND_FAMILY_NAMES


def surname_of(name: str, country: str | None) -> str:
    """The family name: first for Korean, Chinese, Japanese, Vietnamese names; else last."""
    parts = name.split()
    if len(parts) > 1:
        return parts[0] if country in lx.FAMILY_FIRST_COUNTRIES else parts[-1]
    if country in lx.FAMILY_FIRST_COUNTRIES or (country is None and is_korean_name(name)):
        if name[:2] in lx.COMPOUND_FAMILY_NAMES and len(name) >= 3:
            return name[:2]
        return name[:1] if len(name) >= 2 else name
    return name


class MentionFinder:
    """Finds the mentions of one article, sentence by sentence, resolving back-references."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.entities: list[Entity] = []
        self.persons: list[Entity] = []
        self.bodies: dict[tuple[str, str | None], Entity] = {}
        self.countries: dict[str, Entity] = {}
        # Indexes, so resolving a name costs the same in the thousandth sentence as in the
        # first (a hostile body can name tens of thousands of people): people by each word
        # of their name and by surname (most recent last), the last person of each title,
        # and the names written alone that refer back to someone.
        self._by_word: dict[str, list[Entity]] = {}
        self._by_surname: dict[str, list[Entity]] = {}
        self._by_title: dict[str, Entity] = {}
        self._order: dict[int, int] = {}
        self.names: dict[str, Entity] = {}

    # --- entities ---------------------------------------------------------------------------

    def _person(
        self, name: str, title: str, organization: str | None, country: str | None, official: bool
    ) -> Entity:
        """The person this name and title refer to: an earlier one, or a new one."""
        single = " " not in name
        for entity in self._candidates(name, single):
            same = entity.name == name
            by_surname = (
                single and len(name) <= 2 and entity.surname == name and name != entity.name
            )
            by_last_word = single and " " in entity.name and name in entity.name.split()
            # "뤼터" in the headline, "마크 뤼터" in the lead: one person, the fuller name.
            fuller = not single and " " not in entity.name and entity.name in name.split()
            if fuller:
                entity.name = name
                entity.surname = surname_of(name, entity.country or country)
                self._index(entity)
            if same or by_surname or by_last_word or fuller:
                if by_surname and entity.title and title and not _compatible(entity.title, title):
                    continue
                entity.title = entity.title or title
                entity.organization = entity.organization or organization
                entity.country = entity.country or country
                if title:
                    self._by_title[title] = entity
                return entity
        entity = Entity(
            kind="person",
            name=name,
            title=title,
            organization=organization,
            country=country,
            official=official,
            surname=surname_of(name, country),
        )
        self._order[id(entity)] = len(self.persons)
        self.persons.append(entity)
        self.entities.append(entity)
        self._index(entity)
        if title:
            self._by_title[title] = entity
        return entity

    _RECENT = 16  # candidates looked at per index entry: the most recent ones

    def _candidates(self, name: str, single: bool) -> list[Entity]:
        """Earlier people this name may refer to, most recent first."""
        found: dict[int, Entity] = {}
        keys = [name, *name.split()] if not single else [name]
        for key in keys:
            for entity in self._by_word.get(key, ())[-self._RECENT :]:
                found[id(entity)] = entity
        if single and len(name) <= 2:
            for entity in self._by_surname.get(name, ())[-self._RECENT :]:
                found[id(entity)] = entity
        return sorted(found.values(), key=lambda e: self._order[id(e)], reverse=True)

    def _index(self, entity: Entity) -> None:
        """Index a person under its name, each word of it and its surname."""
        for key in {entity.name, *entity.name.split()}:
            entries = self._by_word.setdefault(key, [])
            if entity not in entries[-self._RECENT :]:
                entries.append(entity)
        if entity.surname:
            entries = self._by_surname.setdefault(entity.surname, [])
            if entity not in entries[-self._RECENT :]:
                entries.append(entity)
        if len(entity.name) >= 2:
            self.names[entity.name] = entity
        if entity.surname and len(entity.surname) >= 2:
            self.names.setdefault(entity.surname, entity)

    def _body(self, word: str, country: str | None, written: str) -> Entity:
        canonical, default = lx.BODIES[word]
        key = (canonical, country or default)
        entity = self.bodies.get(key)
        if entity is None:
            entity = Entity(
                kind="institution", name=canonical, country=country or default, written=written
            )
            self.bodies[key] = entity
            self.entities.append(entity)
        return entity

    def _country(self, canonical: str) -> Entity:
        entity = self.countries.get(canonical)
        if entity is None:
            entity = Entity(kind="country", name=canonical, country=canonical)
            self.countries[canonical] = entity
            self.entities.append(entity)
        return entity

    def media(self, name: str) -> Entity:
        """An outlet: never an official speaker, but it takes the verb it governs."""
        return Entity(kind="institution", name=name, official=False)

    # --- one sentence -----------------------------------------------------------------------

    def sentence_mentions(self, sentence: Sentence) -> list[KoMention]:
        """The mentions of one sentence, in order of position."""
        words = words_of(self.body, sentence)
        starts = [t.start for t in sentence.tokens]
        tokens = [_tokens_in(sentence.tokens, starts, w.start, w.end) for w in words]
        classes = [_classify(w, t) for w, t in zip(words, tokens, strict=True)]
        tags = [tuple(t.tag for t in ts) for ts in tokens]
        mentions: list[KoMention] = []
        used = [False] * len(words)
        for i, word in enumerate(words):
            titled = _title_word(word.core)
            if titled is None or used[i]:
                continue
            if not titled[2] and i + 1 < len(words) and not word.closes:
                following = words[i + 1].core
                if following == "겸" or _title_word(following):
                    continue  # "국무총리 권한대행이": the phrase ends with the last title
            mention = self._person_at(words, classes, tags, i, titled, used)
            if mention is not None:
                mentions.append(mention)
        for i in range(len(words)):
            if used[i]:
                continue
            mention = self._other_at(words, classes, i, used)
            if mention is not None:
                mentions.append(mention)
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _person_at(
        self,
        words: list[Word],
        classes: list[str],
        tags: list[tuple[str, ...]],
        i: int,
        titled: tuple[str, str, str],
        used: list[bool],
    ) -> KoMention | None:
        """A person (or an unnamed official's body) whose phrase ends with the title at i."""
        prefix, title, particle = titled
        official = lx.TITLES[title]
        # Walk left over the phrase: names, countries, bodies, titles, modifiers.
        j = i
        while j > 0 and i - j < 7:
            cls = classes[j - 1]
            if cls == _Classes.X or words[j - 1].closes or used[j - 1]:
                break
            j -= 1
        window = list(range(j, i))
        # The name: the first run of unknown words that is followed by the rest of the phrase.
        name_run: list[int] = []
        for k in window:
            if classes[k] == _Classes.U:
                name_run.append(k)
            elif name_run:
                break
        if not name_run and window and words[i - 1].core in _SURNAME_QUALIFIERS:
            name_run = [i - 1]
        chain = [k for k in window if k not in name_run and (not name_run or k > name_run[-1])]
        country = None
        organization = None
        for k in chain:
            core = words[k].core
            if classes[k] in (_Classes.C, _Classes.Q):
                country = lx.QUALIFIERS.get(core, country)
            elif classes[k] == _Classes.B:
                body = _body_of(core) or _body_of(_PAREN.sub("", core))
                if body:
                    canonical, default = lx.BODIES[body[0]]
                    organization = canonical
                    country = body[1] or country or default
            elif classes[k] == _Classes.G:
                country = country or "South Korea"
        for known, canonical in lx.COUNTRIES.items():
            if len(known) > 1 and known in prefix:
                country = canonical
        if not name_run:
            return self._unnamed_at(words, classes, i, j, title, particle, used)
        # Multi-word names: the left words must look like proper nouns (not "통화 뒤 김...").
        name_run = name_run[-3:]
        while len(name_run) > 1 and not self._proper(words[name_run[0]], tags[name_run[0]]):
            name_run = name_run[1:]
        first, last = words[name_run[0]], words[name_run[-1]]
        name_end = last.start + len(_PAREN.sub("", last.core))
        name = self.body[first.start : name_end]
        if " " in name and not all(_HANGUL_WORD.match(_PAREN.sub("", w)) for w in name.split()):
            return None
        if country is None and name_run[0] > 0:
            before = words[name_run[0] - 1].core
            if before in lx.COUNTRIES:
                country = lx.COUNTRIES[before]
        if country is None and is_korean_name(name) and official:
            country = "South Korea"
        entity = self._person(name, title, organization, country, official)
        for k in range(name_run[0], i + 1):
            used[k] = True
        return KoMention(first.start, name_end, words[i].end, entity, particle, title)

    def _proper(self, word: Word, tags: tuple[str, ...]) -> bool:
        """A left word of a multi-word name: a proper noun (NNP), or nouns making a word of
        three syllables and more that the analyzer does not know (나카타니)."""
        core = _PAREN.sub("", word.core)
        if core in lx.NOT_NAME_WORDS or not tags:
            return False
        if all(t in ("NNP", "SH", "SL", "SSO", "SSC") for t in tags):
            return True
        # The analyzer cuts unknown foreign names into nouns ("모리/NNG 카와/NNP").
        return all(t in ("NNP", "NNG") for t in tags) and len(core) >= 3

    def _unnamed_at(
        self,
        words: list[Word],
        classes: list[str],
        i: int,
        j: int,
        title: str,
        particle: str,
        used: list[bool],
    ) -> KoMention | None:
        """ "외교부 대변인은" (the body speaks) or a bare "장관은" (the last such person)."""
        for k in range(i - 1, j - 1, -1):
            body = _body_of(words[k].core)
            if body is None:
                continue
            start = words[k].start
            country = body[1]
            if k > 0 and not used[k - 1] and words[k - 1].core in lx.QUALIFIERS and not body[2]:
                country = lx.QUALIFIERS[words[k - 1].core]
                start = words[k - 1].start
            entity = self._body(body[0], country, self.body[start : words[k].end])
            for n in range(k, i + 1):
                used[n] = True
            return KoMention(start, words[k].end, words[i].end, entity, particle, title)
        plural = i > 0 and words[i - 1].core in _PLURAL
        if j == i and particle in SUBJECT and words[i].core.startswith(title) and not plural:
            last = self._by_title.get(title)
            if last is not None:
                used[i] = True
                return KoMention(words[i].start, words[i].end, words[i].end, last, particle)
        return None

    def _other_at(
        self, words: list[Word], classes: list[str], i: int, used: list[bool]
    ) -> KoMention | None:
        """A body, a country or government, or an outlet starting at word i."""
        word = words[i]
        stem, particle = split_particle(word.core, _BODY_STEMS)
        body = _body_of(stem)
        if body is not None:
            return self._body_mention(words, i, body, particle, used)
        stem, particle = split_particle(word.core, _COUNTRY_STEMS)
        if stem in lx.COUNTRIES or stem in lx.GOVERNMENT_WORDS or stem in lx.QUALIFIERS:
            return self._country_mention(words, i, stem, particle, used)
        if is_media(word.core):
            stem, particle = _particle_of(word.core)
            start = word.start
            if i > 0 and words[i - 1].core == "한" and stem == "언론":
                start = words[i - 1].start
            used[i] = True
            return KoMention(start, word.start + len(stem), word.end, self.media(stem), particle)
        return None

    def _body_mention(
        self,
        words: list[Word],
        i: int,
        body: tuple[str, str | None, str | None],
        particle: str,
        used: list[bool],
    ) -> KoMention | None:
        word = words[i]
        start, country = word.start, body[1]
        if i > 0 and not used[i - 1] and not words[i - 1].closes:
            before = words[i - 1].core
            if before in lx.QUALIFIERS:
                start, country = words[i - 1].start, lx.QUALIFIERS[before]
                used[i - 1] = True
        end = word.start + len(word.core) - len(particle)
        tail, role = word.end, None
        # "외교부 당국자는", "대통령실 관계자는": the body speaks through an unnamed official.
        official = None if particle else _official_after(words, i)
        if official is not None:
            tail, particle, role = official
            used[i + 1] = True
        used[i] = True
        entity = self._body(body[0], country, self.body[start:end])
        return KoMention(start, end, tail, entity, particle, role)

    def _country_mention(
        self, words: list[Word], i: int, stem: str, particle: str, used: list[bool]
    ) -> KoMention | None:
        word = words[i]
        following = words[i + 1].core if i + 1 < len(words) and not word.closes else ""
        if not particle and following and _body_of(split_particle(following, _BODY_STEMS)[0]):
            return None  # "일본 외무성": the body's qualifier, taken with the body
        end = word.start + len(stem)
        if stem in lx.GOVERNMENT_WORDS:
            canonical = "South Korea"
        else:
            canonical = lx.QUALIFIERS[stem]
            if stem not in lx.COUNTRIES:
                # One-syllable and "우리": a country only before 정부/측 ("우리 정부", "미 측").
                if particle or i + 1 >= len(words):
                    return None
                nxt_stem, nxt_particle = _particle_of(words[i + 1].core)
                if nxt_stem not in lx.GOVERNMENT_WORDS and nxt_stem != "측":
                    return None
        tail = word.end
        if not particle and i + 1 < len(words) and not word.closes:
            nxt_stem, nxt_particle = _particle_of(words[i + 1].core)
            if nxt_stem in lx.GOVERNMENT_WORDS or nxt_stem == "측" or words[i + 1].core == "측":
                end = words[i + 1].start + len(nxt_stem)
                tail, particle = words[i + 1].end, nxt_particle
                used[i + 1] = True
                # "일본 정부 관계자는": the government speaks through an unnamed official.
                official = None if particle else _official_after(words, i + 1)
                if official is not None:
                    tail, particle, _ = official
                    used[i + 2] = True
        if stem in lx.GOVERNMENT_WORDS and i > 0 and not used[i - 1]:
            before = words[i - 1].core
            if before in lx.QUALIFIERS:
                canonical = lx.QUALIFIERS[before]
        used[i] = True
        return KoMention(word.start, end, tail, self._country(canonical), particle)

    # --- names alone ------------------------------------------------------------------------

    def name_mentions(self, sentence: Sentence, taken: list[KoMention]) -> list[KoMention]:
        """Full names (or surnames of two syllables and more) written alone: "트럼프는"."""
        names = self.names
        if not names:
            return []
        out: list[KoMention] = []
        spans = [(m.start, m.tail) for m in taken]
        for word in words_of(self.body, sentence):
            if any(s <= word.start < e for s, e in spans):
                continue
            stem, particle = split_particle(_PAREN.sub("", word.core), names)
            if stem in names and (particle or word.core in names):
                end = word.start + len(stem)
                out.append(KoMention(word.start, end, word.end, names[stem], particle))
        return out


def _compatible(known: str, title: str) -> bool:
    """Whether two titles can be one person's (장관 and 외교부장; not 대통령 and 대변인)."""
    if known == title:
        return True
    relay = {t for t in (known, title) if t.endswith(_RELAY_ROLE)}
    return not relay or len(relay) == 2


_BODY_STEMS = frozenset(
    {*lx.BODIES, *(q + b for q in lx.QUALIFIERS for b in lx.BODIES if len(q) == 1)}
)
_COUNTRY_STEMS = frozenset({*lx.COUNTRIES, *lx.GOVERNMENT_WORDS, *lx.QUALIFIERS})
