"""Who is mentioned where: people (with titles, organizations, countries),
institutions and countries, resolved across the article.

A person is recognized when a name is anchored: by a title before it
("Foreign Minister Cho Hyun"), by an appositive after it ("Tammy Bruce, the
department's spokesperson"), or later by its surname alone ("Cho") once the
full name is known. Role nouns ("the Secretary", "the Russian leader") resolve
to the one person whose title and country fit, and to nobody when two fit.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple

from streams.core import lexicon_data as data
from streams.core.lexicon import NON_NAME_WORDS, LexMatch, scan_lexicons
from streams.core.prefilter import Prefiltered
from streams.core.text import MAX_NAMES_PER_SENTENCE, Span

EntityKind = Literal["person", "institution", "country"]


@dataclass(slots=True, eq=False)
class Entity:
    """A person, institution or country the article talks about.

    Compared by identity: one entity per referent, and its fields keep filling in as
    the article is read, so two entities are never "the same" by value.
    """

    kind: EntityKind
    name: str
    title: str | None = None
    organization: str | None = None
    country: str | None = None
    official: bool = True
    anchored: bool = True
    surname: str | None = None
    written: str | None = None  # an institution's name as the article writes it


class Mention(NamedTuple):
    """A place in the text that refers to an entity (a tuple: an article has thousands)."""

    start: int
    end: int
    entity: Entity


# Each branch opens with a character class (lookbehinds come after it), which
# lets the regex engine skip ahead fast; the particle branch over-matches a few
# lowercase words ("be"), which `_name_runs` discards.
_NAME_TOKEN = re.compile(
    r"[JS]r\.(?<=\s[JS]r\.)(?=[\s,])"
    r"|[A-Z](?<![\w@#$][A-Z])(?:[a-z]+(?:-[A-Za-z]?[a-z]+|'(?!s\b)[A-Za-z]?[a-z]+)*"
    r"|[a-z]?[A-Z][a-z]+|\.|[A-Z]{2,}(?=\s[A-Z][a-z]))(?!\w)"
    r"|[abdiv](?<![\w@#$][abdiv])(?:in|l|e|a|an|on|er|el|os|bn)(?=\s)"
)
_PARTICLES = frozenset({"bin", "al", "de", "da", "van", "von", "der", "del", "dos", "ibn"})
_SUFFIXES = frozenset({"Jr.", "Sr."})
_APPOSITIVE = re.compile(
    r",\s+(?:(?:the|a|an|his|her|its|their)\s+)?([^,;\"()]{2,120}?)(?=,|\.|;|\s+said\b|$)"
)
_OF_COUNTRY = re.compile(r"\s+of\s+(?:the\s+)?")
_POSSESSIVE = re.compile(r"'s?\s*$")
_AMBASSADOR_TO = re.compile(r"(ambassador|envoy)\s+to\s+(?:the\s+)?$", re.IGNORECASE)
# Titles that mark a person as the holder of an office (not merely "an official").
_OFFICE_TITLE = Prefiltered(
    re.compile(
        r"\b(?:Secretary|Minister|Director|Chairman|Chairwoman|Chair|Commissioner|Administrator|"
        r"President|Vice President|Prime Minister|King|Emir|Crown Prince|"
        r"Chief|Head|Governor|Ambassador|Envoy|Representative)\s+(?:of|for|to)\s+(?:the\s+)?"
        r"(?:[A-Z][\w-]*\s+(?:(?:and|for)\s+|of\s+(?:the\s+)?)?){0,4}[A-Z][\w-]*$"
    ),
)
_OF_BEFORE = re.compile(r"\s+of\s+(?:the\s+)?$")
_ROLE_MODIFIER = re.compile(r"[Tt]he [A-Z][a-z]+ $")
_BACK_REFERENCE = re.compile(r"^(?:the\s+)?(department|ministry|office|agency|council|house)'s\b")
_LEADER_TITLES = ("president", "prime minister", "premier", "chancellor", "leader", "king")


class MentionIndex:
    """Entities and their mentions; mentions never overlap, the first one added wins.

    Adding is O(length of the mention) whatever the article's size (an occupancy
    map, not a sorted list), so a 1 MiB article costs no more per mention than a
    short one; `finalize` orders the mentions once for the range queries.
    """

    def __init__(self, size: int) -> None:
        self.entities: list[Entity] = []
        self.mentions: list[Mention] = []
        self.starts: list[int] = []
        self._by_start: dict[int, Mention] = {}
        self._occupied = bytearray(size)

    def add(self, mention: Mention) -> None:
        """Add a mention unless it overlaps one already added."""
        if mention.end <= mention.start or self._occupied.find(1, mention.start, mention.end) != -1:
            return
        self._occupied[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        self._by_start[mention.start] = mention

    def replace(self, mention: Mention) -> None:
        """Add a mention, dropping the shorter mentions it covers ("Philippine" in
        "Philippine coast guard")."""
        for pos in range(mention.start, mention.end):
            covered = self._by_start.get(pos)
            if covered is not None and covered.end <= mention.end:
                del self._by_start[pos]
                self._occupied[covered.start : covered.end] = bytes(covered.end - covered.start)
        self.add(mention)

    def finalize(self) -> None:
        """Order the mentions by position for `within` and `before`."""
        self.mentions = sorted(self._by_start.values(), key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions lying inside [start, end)."""
        starts = self.starts
        return [
            m
            for m in self.mentions[bisect_left(starts, start) : bisect_left(starts, end)]
            if m.end <= end
        ]


@dataclass(slots=True)
class _Run:
    start: int
    end: int
    tokens: list[str]
    surname: str = ""  # surname_of(tokens), set once the run is complete


def _name_runs(shadow: str, sentence: Span, reserved: bytes | bytearray) -> list[_Run]:
    """Maximal runs of capitalized name tokens not covered by any lexicon phrase."""
    runs: list[_Run] = []
    current: _Run | None = None
    for match in _NAME_TOKEN.finditer(shadow, sentence.start, sentence.end):
        token = match.group()
        blocked = (
            reserved[match.start()]
            or (token in NON_NAME_WORDS and not _given_name_part(shadow, current, match))
            or (token[0].islower() and token not in _PARTICLES)
        )
        if blocked:
            current = None
            continue
        is_particle = token in _PARTICLES
        if current is not None and shadow[current.end : match.start()] in (" ", ", "):
            if shadow[current.end : match.start()] == ", " and token not in _SUFFIXES:
                current = None
            else:
                current.tokens.append(token)
                current.end = match.end()
                continue
        if is_particle or token in _SUFFIXES:
            current = None
            continue
        if len(runs) >= MAX_NAMES_PER_SENTENCE:
            break
        current = _Run(match.start(), match.end(), [token])
        runs.append(current)
    if not runs:
        return runs
    for run in runs:
        # a run never ends on a particle
        while run.tokens and run.tokens[-1] in _PARTICLES:
            run.tokens.pop()
            run.end = shadow.rfind(" ", run.start, run.end)
    # A name has at most six words; a longer capitalized run is a heading or noise.
    return [
        r
        for r in runs
        if 0 < len(r.tokens) <= 6 and not all(len(t) == 2 and t[1] == "." for t in r.tokens)
    ]


# Korean given names written in syllables ("Moon Jae In", "Kim Jong Un") may end in a word
# that is otherwise never a name ("In"); it continues the name when lower case follows.
_GIVEN_NAME_SYLLABLES = frozenset({"In", "An", "Un", "On"})
_LOWER_NEXT = re.compile(r"(?:\s+[a-z]|[,.;:])")


def _given_name_part(shadow: str, current: _Run | None, match: re.Match[str]) -> bool:
    return (
        current is not None
        and match.group() in _GIVEN_NAME_SYLLABLES
        and len(current.tokens) == 2
        and current.tokens[0] in data.EAST_ASIAN_FAMILY_NAMES
        and shadow[current.end : match.start()] == " "
        and _LOWER_NEXT.match(shadow, match.end()) is not None
    )


def surname_of(tokens: list[str]) -> str:
    """The family name: first token for East Asian names written family-first, else the last."""
    core = [t for t in tokens if t not in _SUFFIXES and not (len(t) == 2 and t.endswith("."))]
    if not core:
        return tokens[-1]
    if len(core) >= 2 and core[0] in data.EAST_ASIAN_FAMILY_NAMES:
        return core[0]
    capitals = [t for t in core if len(t) > 1 and t.isupper()]
    if len(core) >= 2 and len(capitals) == 1:
        return capitals[0]  # "TANABE Haruka": the family name is the one in capitals
    return core[-1]


class _Context:
    """Per-article lookup tables built from the lexicon matches."""

    def __init__(self, shadow: str, cased: list[LexMatch], lower: list[LexMatch]) -> None:
        self.shadow = shadow
        self.cased = cased
        self.lower = lower
        self.cased_by_end = {m.end: m for m in cased}
        self.lower_by_end = {m.end: m for m in lower}
        self.lower_starts = [m.start for m in lower]
        self.cased_starts = [m.start for m in cased]
        self.reserved = bytearray(len(shadow))
        for m in (*cased, *lower):
            self.reserved[m.start : m.end] = b"\x01" * (m.end - m.start)

    def cased_within(self, start: int, end: int) -> list[LexMatch]:
        """Names of things (countries, institutions, outlets) inside [start, end)."""
        return _matches_within(self.cased, self.cased_starts, start, end)

    def lower_within(self, start: int, end: int) -> list[LexMatch]:
        """Titles and roles inside [start, end)."""
        return _matches_within(self.lower, self.lower_starts, start, end)


def _matches_within(
    matches: list[LexMatch], starts: list[int], start: int, end: int
) -> list[LexMatch]:
    out = []
    i = bisect_left(starts, start)
    while i < len(matches) and matches[i].start < end:
        if matches[i].end <= end:
            out.append(matches[i])
        i += 1
    return out


def _skip_space_left(shadow: str, pos: int, floor: int) -> int:
    while pos > floor and shadow[pos - 1] == " ":
        pos -= 1
    return pos


def _title_chain(ctx: _Context, name_start: int, floor: int) -> Entity | None:
    """Read the titles, organization and country written before a name, right to left."""
    shadow = ctx.shadow
    titles: list[str] = []
    organization: str | None = None
    country: str | None = None
    official = True
    honorific = False
    pos = _skip_space_left(shadow, name_start, floor)
    if pos == name_start and name_start > floor:
        return None
    # "his Japanese counterpart, Yoko Kamikawa", "chief negotiator, Lee Ji-won,"
    if shadow[pos - 1 : pos] == ",":
        before = _skip_space_left(shadow, pos - 1, floor)
        match = ctx.lower_by_end.get(before)
        if match is None or match.kind != "title":
            return None
        pos = before
    while pos > floor:
        match = ctx.lower_by_end.get(pos)
        to_country = None
        if match is None:
            office = _OFFICE_TITLE.search(shadow, max(floor, pos - 90), pos)
            if office is not None:
                # "Secretary of National Defense", "Minister for Digital Affairs"
                start = office.start()
                for thing in ctx.cased_within(start, office.end()):
                    if thing.kind == "country":
                        country = country or thing.value  # "... of the Russian Federation"
                # "Press secretary of the President of ...": the office is the complement
                # of a title before it, which is the holder's.
                of = _OF_BEFORE.search(shadow, max(floor, start - 8), start)
                holder = ctx.lower_by_end.get(of.start()) if of is not None else None
                if holder is not None and holder.kind == "title":
                    start = holder.start
                titles.append(shadow[start : office.end()])
                pos = _skip_space_left(shadow, start, floor)
                continue
        if match is None:
            cased = ctx.cased_by_end.get(pos)
            amb = None
            if cased is not None and cased.kind == "country":
                amb = _AMBASSADOR_TO.search(shadow, max(floor, cased.start - 30), cased.start)
            if cased is None or amb is None:
                break
            to_country = cased.value
            match = ctx.lower_by_end.get(amb.start() + len(amb.group(1)))
            if match is None:
                break
        if match.kind == "nonofficial":
            official = False
        if match.kind in ("title", "nonofficial"):
            written = shadow[match.start : match.end]
            # A plural ("Presidents X of A and Y of B") gives each holder the singular.
            titles.append(written if written.lower() == match.value else match.value)
        elif match.kind == "honorific":
            honorific = True
        if to_country:
            country = to_country
            titles[-1] = f"{titles[-1]} to {to_country}"
        pos = _skip_space_left(shadow, match.start, floor)
        if shadow[max(floor, pos - 4) : pos].lower() == " and":
            prev = _skip_space_left(shadow, pos - 4, floor)
            if prev in ctx.lower_by_end:
                pos = prev
                continue
            break
    if not titles and not honorific:
        return None
    # Organization or country in front of the titles: "India's", "US", "(ROK)", "Pentagon".
    pos = _skip_space_left(shadow, pos, floor)
    if shadow[max(floor, pos - 1) : pos] == ")":
        open_paren = shadow.rfind("(", floor, pos)
        if open_paren != -1 and pos - open_paren < 12:
            pos = _skip_space_left(shadow, open_paren, floor)
    possessive = _POSSESSIVE.search(shadow, max(floor, pos - 3), pos)
    if possessive:
        pos = possessive.start()
    owner = ctx.cased_by_end.get(pos)
    if owner is not None:
        if owner.kind == "country":
            country = country or owner.value
        elif owner.kind in ("institution", "multilateral"):
            organization = owner.value
            country = country or owner.country
        elif owner.kind == "media":
            official = False
    titles.reverse()
    return Entity(
        kind="person",
        name="",
        title=" and ".join(_title_case(t) for t in titles) or None,
        organization=organization,
        country=country,
        official=official,
    )


@lru_cache(maxsize=4096)  # a few hundred distinct titles recur across all articles
def _title_case(title: str) -> str:
    words = title.split()
    small = {"of", "for", "and", "the", "to"}
    return " ".join(w if w in small or not w.islower() else w.capitalize() for w in words)


def _appositive(ctx: _Context, run: _Run, limit: int) -> Entity | None:
    """Read ", the department's spokesperson," style descriptions after a name."""
    match = _APPOSITIVE.match(ctx.shadow, run.end, limit)
    if not match:
        return None
    roles = ctx.lower_within(match.start(1), match.end(1))
    roles = [r for r in roles if r.kind in ("title", "nonofficial")]
    if not roles:
        return None
    official = all(r.kind == "title" for r in roles)
    head = max(roles, key=lambda r: r.end)
    organization = country = None
    for thing in ctx.cased_within(match.start(1), match.end(1)):
        if thing.kind == "country" and country is None:
            country = thing.value
        elif thing.kind in ("institution", "multilateral") and organization is None:
            organization = thing.value
            country = country or thing.country
        elif thing.kind == "media":
            official = False
    if organization is None:
        # "the department's spokesperson": the department named earlier in the article.
        back = _BACK_REFERENCE.search(match.group(1))
        if back:
            word = back.group(1).lower()
            i = bisect_left(ctx.cased_starts, run.start)
            for m in reversed(ctx.cased[max(0, i - 50) : i]):
                if m.kind == "institution" and word in m.value.lower():
                    organization = m.value
                    country = country or m.country
                    break
    return Entity(
        kind="person",
        name="",
        title=_title_case(ctx.shadow[head.start : head.end]),
        organization=organization,
        country=country,
        official=official,
    )


def _of_country(ctx: _Context, run: _Run, limit: int) -> str | None:
    match = _OF_COUNTRY.match(ctx.shadow, run.end, limit)
    if not match:
        return None
    i = bisect_left(ctx.cased_starts, match.end())
    if i < len(ctx.cased) and ctx.cased[i].start == match.end() and ctx.cased[i].kind == "country":
        return ctx.cased[i].value
    return None


def find_mentions(shadow: str, lowered: str, sentences: list[Span]) -> MentionIndex:
    """Recognize and resolve every person, institution and country mention in the sentences."""
    cased, lower = scan_lexicons(shadow, lowered)
    ctx = _Context(shadow, cased, lower)
    index = MentionIndex(len(shadow))
    by_surname: dict[str, Entity] = {}
    pending: list[_Run] = []
    sentence_of_run: list[tuple[_Run, Span, tuple[str, bytes] | None]] = []
    # A sentence's runs depend only on its text, the character before it (the token
    # pattern looks one character behind) and which of its characters lexicon phrases
    # cover; a wire article repeats such sentences, so each is read once and shifted.
    runs_of: dict[tuple[str, bytes], tuple[int, list[_Run]]] = {}
    reserved = bytes(ctx.reserved)  # read-only from here on: slices are keys without a copy
    for sentence in sentences:
        start, end = sentence.start, sentence.end
        before = start - 1 if start else 0
        key = (shadow[before:end], reserved[start:end])
        seen = runs_of.get(key)
        if seen is None:
            runs = _name_runs(shadow, sentence, reserved)
            for r in runs:
                r.surname = surname_of(r.tokens)
            runs_of[key] = (start, runs)  # never changed later: copies are shifted from it
        else:
            shift = start - seen[0]
            runs = [_Run(r.start + shift, r.end + shift, r.tokens, r.surname) for r in seen[1]]
        # The titles before a name are read inside its sentence only, from the same text
        # and lexicon matches - unless a lexicon phrase reaches in from before the sentence.
        # Only sentences that recur are worth remembering.
        title_key = key if seen is not None and (start == 0 or not reserved[start - 1]) else None
        for run in runs:
            sentence_of_run.append((run, sentence, title_key))

    # Pass 1: anchored names become people.
    titles_of: dict[tuple[tuple[str, bytes], int], Entity | None] = {}
    for run, sentence, title_key in sentence_of_run:
        if title_key is None:
            chain = _title_chain(ctx, run.start, sentence.start)
        else:
            at = (title_key, run.start - sentence.start)
            if at in titles_of:
                known = titles_of[at]
                chain = None if known is None else _copy(known)
            else:
                chain = _title_chain(ctx, run.start, sentence.start)
                titles_of[at] = None if chain is None else _copy(chain)
        anchor = chain or _appositive(ctx, run, sentence.end)
        if anchor is None:
            if len(run.tokens) >= 2:
                pending.append(run)
            continue
        if anchor.country is None:
            anchor.country = _of_country(ctx, run, sentence.end)
        _add_person(index, by_surname, shadow, run, anchor)

    # Pass 2: unanchored multi-word names: known surname joins, else a weak candidate.
    for run in pending:
        if run.surname in by_surname:
            entity = by_surname[run.surname]
            index.add(Mention(run.start, run.end, entity))
            continue
        weak = Entity(kind="person", name="", anchored=False)
        _add_person(index, by_surname, shadow, run, weak)

    # Pass 3: single tokens that are a known surname (or family name).
    for run, _sentence, _key in sentence_of_run:
        if len(run.tokens) == 1 and run.tokens[0] in by_surname:
            index.add(Mention(run.start, run.end, by_surname[run.tokens[0]]))

    # Pass 4: a surname never introduced (an excerpt that starts mid-story) is a person
    # when it is the subject of a verb of speech somewhere ("..., Kishida said").
    _add_bare_surnames(index, by_surname, shadow, sentence_of_run)

    # Pass 5: role nouns that point at exactly one person ("the Russian leader").
    people = [e for e in index.entities if e.kind == "person" and e.anchored]
    _add_role_nouns(index, ctx, people)

    _add_institutions(index, ctx)
    _add_unlisted_bodies(index, ctx, sentences)
    index.finalize()
    _add_back_references(index, ctx, sentences)
    index.finalize()
    return index


# A bare surname speaks: "Kishida said", "Okabe told reporters".
_SPEECH_AFTER = re.compile(r"\s+(?:said|says|told|tells|added|stated|noted)\b")
# What may stand before a bare surname that speaks: the end of a quote or a clause, not
# a descriptor ("grid operator Elering said", "environmental group Greenpeace said").
_BARE_SPEAKER_BEFORE = re.compile(
    r'(?:["\u201d,]|\b(?:and|but|that|while|as|when|because|though|although))\s$'
)
_MAX_BARE_SURNAMES = 16
# Before a word that names a thing: an article ("a Samsung spokesman").
_ARTICLE_BEFORE = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+$")
# After it: another capitalized word that is not a day or a month ("Samsung Electronics").
_NAME_NEXT = re.compile(
    r"\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
    r"March|April|May|June|July|August|September|October|November|December)\b)[A-Z][a-z]"
)


def _common_or_thing(shadow: str, token: str) -> bool:
    """Whether the word is also written in lower case (a common word), or somewhere
    follows an article or precedes another name (a thing, not a person)."""
    for word in (token.lower(), token):
        at = shadow.find(word)
        while at != -1:
            end = at + len(word)
            whole = (at == 0 or not shadow[at - 1].isalnum()) and (
                end == len(shadow) or not shadow[end].isalnum()
            )
            if whole and (
                word != token
                or _ARTICLE_BEFORE.search(shadow, max(0, at - 5), at)
                or _NAME_NEXT.match(shadow, end)
            ):
                return True
            at = shadow.find(word, end)
    return False


def _add_bare_surnames(
    index: MentionIndex,
    by_surname: dict[str, Entity],
    shadow: str,
    sentence_of_run: list[tuple[_Run, Span, tuple[str, bytes] | None]],
) -> None:
    """Single capitalized words that speak mid-sentence, and are never written in lower
    case, become people; each of their single-word occurrences is then a mention."""
    speaking: set[str] = set()
    for run, sentence, _key in sentence_of_run:
        token = run.tokens[0]
        if (
            len(run.tokens) == 1
            and token not in by_surname
            and len(token) >= 3
            and not token.isupper()
            and run.start > sentence.start  # "Officials said": a common noun opening a sentence
            and _BARE_SPEAKER_BEFORE.search(shadow, max(sentence.start, run.start - 10), run.start)
            and _SPEECH_AFTER.match(shadow, run.end, sentence.end)
        ):
            speaking.add(token)
    # A real article has a few such names; a body with more is not read for them (each
    # costs a scan of the text below).
    if not speaking or len(speaking) > _MAX_BARE_SURNAMES:
        return
    speaking = {t for t in speaking if not _common_or_thing(shadow, t)}
    if not speaking:
        return
    people: dict[str, Entity] = {}
    for run, _sentence, _key in sentence_of_run:
        token = run.tokens[0]
        if len(run.tokens) == 1 and token in speaking:
            person = people.get(token)
            if person is None:
                person = Entity(kind="person", name=token, surname=token)
                people[token] = person
                index.entities.append(person)
                by_surname[token] = person
            index.add(Mention(run.start, run.end, person))


def _copy(entity: Entity) -> Entity:
    """A fresh entity with the same fields (anchors are completed in place later)."""
    return Entity(
        entity.kind, entity.name, entity.title, entity.organization, entity.country,
        entity.official, entity.anchored, entity.surname, entity.written,
    )  # fmt: skip


def _add_role_nouns(index: MentionIndex, ctx: _Context, people: list[Entity]) -> None:
    """ "The Deputy Secretary urged ...": a title used without a name, after "the"."""
    shadow = ctx.shadow
    resolved: dict[tuple[str | None, str], Entity | None] = {}
    for title in ctx.lower:
        if title.kind != "title":
            continue
        start = title.start
        adjective = ctx.cased_by_end.get(_skip_space_left(shadow, start, max(0, start - 40)))
        owner = None
        if adjective is None and shadow[max(0, start - 3) : start] in ("'s ", "\u2019s "):
            # "Japan's defense minister": a possessive country owns the role, with no article
            owner = ctx.cased_by_end.get(start - 3)
            if owner is not None and owner.kind == "country":
                adjective = owner
            else:
                owner = None
        if adjective is not None and adjective.kind == "country":
            start = adjective.start
        floor = max(0, start - 30)
        # Every modifier match holds "he " ("the Federal"): most titles are ruled out by it.
        modifier = (
            _ROLE_MODIFIER.search(shadow, floor, start)
            if shadow.find("he ", floor, start) != -1
            else None
        )
        if modifier is not None:
            start = modifier.start() + 4  # "the Federal Chancellor"
        article = shadow[max(0, start - 4) : start] in ("the ", "The ")
        if not article and owner is None:
            continue
        if _NAME_AFTER.match(shadow, title.end):
            continue  # a title anchoring a name, not a role noun
        country = adjective.value if adjective is not None and adjective.kind == "country" else None
        key = (country, shadow[title.start : title.end].lower())
        if key not in resolved:
            resolved[key] = resolve_title(country, key[1], people)
        person = resolved[key]
        if person is not None:
            index.add(Mention(start - 4 if article else start, title.end, person))


def resolve_title(country: str | None, role: str, people: list[Entity]) -> Entity | None:
    """The one person whose title fits a bare role ("the Secretary"); None when ambiguous."""
    role_l = role.lower()
    tiers: list[list[Entity]] = [[], [], []]
    for person in people:
        if country is not None and person.country not in (country, None):
            continue  # a person of unknown country may still hold the country's role
        title = (person.title or "").lower()
        if not title:
            continue
        if title == role_l:
            tiers[0].append(person)
        elif title.startswith(role_l + " of") or (
            role_l == "leader" and any(t in title for t in _LEADER_TITLES)
        ):
            tiers[1].append(person)
        elif role_l in title:
            tiers[2].append(person)
    for tier in tiers:
        if tier:
            return tier[0] if len(tier) == 1 else None
    return None


def _add_person(
    index: MentionIndex, by_surname: dict[str, Entity], shadow: str, run: _Run, anchor: Entity
) -> None:
    name = shadow[run.start : run.end]
    surname = run.surname
    known = by_surname.get(surname)
    if known is not None and known.kind == "person":
        # Same person again: keep the fuller name and fill in what we learn.
        if len(run.tokens) > len(known.name.split()):
            known.name = name
        known.title = known.title or anchor.title
        known.organization = known.organization or anchor.organization
        known.country = known.country or anchor.country
        known.anchored = known.anchored or anchor.anchored
        known.official = known.official and anchor.official
        index.add(Mention(run.start, run.end, known))
        return
    anchor.name = name
    anchor.surname = surname
    index.entities.append(anchor)
    by_surname[surname] = anchor
    core = [t for t in run.tokens if t not in _SUFFIXES and not t.endswith(".")]
    if len(core) >= 2:
        # Either end of a full name can stand alone later ("Wang" for "Wang Yi").
        for token in (core[0], core[-1]):
            by_surname.setdefault(token, anchor)
    index.add(Mention(run.start, run.end, anchor))


def _add_institutions(index: MentionIndex, ctx: _Context) -> None:
    shadow = ctx.shadow
    entities: dict[tuple[str, str, str | None], Entity] = {}
    # Institutions first: "Seoul's foreign ministry" is one mention, not "Seoul" and another.
    ordered = sorted(ctx.cased, key=lambda m: m.kind == "country")
    for thing in ordered:
        if thing.kind not in ("institution", "country", "multilateral", "media"):
            continue
        country = thing.country if thing.kind != "country" else thing.value
        start = thing.start
        # "Seoul's foreign ministry", "the Russian Foreign Ministry": the country in front.
        if thing.kind == "institution":
            owner = _owner_before(ctx, thing.start)
            if owner is not None:
                country = country or owner.value
                start = owner.start
            elif country is None and not _POSTED_ABROAD.search(thing.value):
                place = _place_after(ctx, thing.end)  # "the foreign ministry in Tokyo"
                country = place.value if place is not None else None
        kind: EntityKind = "country" if thing.kind == "country" else "institution"
        key = (kind, thing.value, country)
        entity = entities.get(key)
        if entity is None:
            entity = Entity(
                kind=kind,
                name=thing.value,
                country=country,
                official=thing.kind != "media",
                written=shadow[thing.start : thing.end],
            )
            entities[key] = entity
            index.entities.append(entity)
        index.add(Mention(start, thing.end, entity))


def _owner_before(ctx: _Context, pos: int) -> LexMatch | None:
    shadow = ctx.shadow
    before = _skip_space_left(shadow, pos, max(0, pos - 40))
    if before == pos:
        return None
    if shadow[max(0, before - 2) : before] == "'s":
        before -= 2
    owner = ctx.cased_by_end.get(before)
    if owner is not None and owner.kind == "country":
        return owner
    return None


# Official bodies the lexicon does not list: a capitalized name ending in an
# institutional head word, or a country followed by a generic body.
_NAMED_BODY = Prefiltered(
    re.compile(
        r"(?<![\w-])(?:Ministry|Department|Office|Bureau|Agency|Council|Commission|Committee)"
        r"\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:(?:and|of|for)\s+)?[A-Z][\w-]*){0,4}"
        r"|(?<![\w-])(?:[A-Z][\w.&-]*\s+(?:(?:of|for|and|on)\s+(?:the\s+)?)?){1,6}"
        r"(?:Agency|Ministry|Department|Office|Service|Command|Council|Commission|Committee|"
        r"Administration|Bureau|Directorate|Secretariat|Guard)\b"
        r"(?:\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:and\s+)?[A-Z][\w-]*){0,3})?"
    ),
)
_LOWER_BODY = re.compile(
    r"\b(?:foreign|defen[cs]e|interior|finance|trade|energy|economy|economic|justice|health|"
    r"home|unification|industry|presidential|cabinet|prime minister's|agriculture|commerce|"
    r"education|environment|labou?r|transport|culture|science|fisheries|oceans|land|welfare|"
    r"veterans|gender|information|communications|security|intelligence)\s+"
    r"(?:office|ministry|secretariat|department|agency)\b"
    r"|\bjoint chiefs of staff\b"
)
# "the Harmon administration": a government named after its leader, written in lower case.
_ADMINISTRATION = re.compile(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)? administration\b")
# "the foreign ministry in Tokyo": the body's country written after it; but an embassy
# "in Manila" is another country's, posted there.
_IN_PLACE = re.compile(r"\s+in\s+")
_POSTED_ABROAD = re.compile(r"(?i)embassy|consulate|mission|delegation|office")
# Every `_LOWER_BODY` match ends in one of these words; sentences without one are skipped.
_LOWER_BODY_HEAD = re.compile(r"office|ministry|secretariat|department|agency|chiefs of staff")
_BODY_HEAD = re.compile(
    r"Agency|Ministry|Department|Office|Service|Command|Council|Commission|Committee|"
    r"Administration|Bureau|Directorate|Secretariat|Guard"
)
_GENERIC_BODY = re.compile(
    r"(?:['\u2019]s)?\s+(?:'s\s+)?(coast guard|navy|army|air force|military|government|cabinet|"
    r"embassy|consulate|parliament|police|marine corps|space force|national assembly|legislature|"
    r"regime|authorities|spy agency|intelligence agency|customs (?:agency|service|office))\b",
    re.IGNORECASE,
)
_BACK_REFERENCE_NOUN = Prefiltered(
    re.compile(
        r"\b[Tt]he\s+(ministry|department|agency|office|council|command|embassy|commission|"
        r"committee|service|coast guard|bureau|administration)\b(?!\s+(?:of|for)\b)"
    ),
)
_NAME_AFTER = re.compile(r"\s+(?:[A-Z][a-z]|[A-Z]\.|[A-Z]{2,}\s)")


def _new_institution(
    index: MentionIndex,
    known: dict[tuple[str, str | None], Entity],
    name: str,
    country: str | None,
) -> Entity:
    """The institution entity of that name and country, made on first use."""
    entity = known.get((name, country))
    if entity is None:
        entity = Entity(kind="institution", name=name, country=country)
        known[(name, country)] = entity
        index.entities.append(entity)
    return entity


def _add_unlisted_bodies(index: MentionIndex, ctx: _Context, sentences: list[Span]) -> None:
    shadow = ctx.shadow
    known: dict[tuple[str, str | None], Entity] = {}
    for thing in ctx.cased:
        if thing.kind != "country":
            continue
        generic = _GENERIC_BODY.match(shadow, thing.end)
        if generic:
            name = f"{shadow[thing.start : thing.end]} {generic.group(1)}"
            entity = _new_institution(index, known, name, thing.value)
            index.replace(Mention(thing.start, generic.end(), entity))
    administrations = " administration" in shadow
    for sentence in sentences:
        lower_bodies = (
            _LOWER_BODY.finditer(shadow, sentence.start, sentence.end)
            if _LOWER_BODY_HEAD.search(shadow, sentence.start, sentence.end)
            else ()
        )
        for body in lower_bodies:
            owner = _owner_before(ctx, body.start()) or _place_after(ctx, body.end())
            country = owner.value if owner is not None else None
            entity = _new_institution(index, known, body.group(), country)
            index.add(Mention(body.start(), body.end(), entity))
        if administrations and shadow.find(" administration", sentence.start, sentence.end) != -1:
            for body in _ADMINISTRATION.finditer(shadow, sentence.start, sentence.end):
                entity = _new_institution(index, known, body.group(), None)
                index.replace(Mention(body.start(), body.end(), entity))
        if not _BODY_HEAD.search(shadow, sentence.start, sentence.end):
            continue
        for body in _NAMED_BODY.finditer(shadow, sentence.start, sentence.end):
            if len(body.group().split()) < 2:
                continue
            # "the Ukrainian Ministry of Agrarian Policy": a country's own body, named after it.
            first = body.start() + 4 if body.group().startswith("The ") else body.start()
            lead = _country_at(ctx, first)
            if lead is not None and lead.end < body.end():
                name = shadow[lead.end : body.end()].strip()
                entity = _new_institution(index, known, name, lead.value)
                index.replace(Mention(first, body.end(), entity))
                continue
            entity = _new_institution(index, known, body.group(), None)
            index.add(Mention(body.start(), body.end(), entity))


# "prime minister" heads a government, not a ministry (there is no "Prime Ministry").
_MINISTER_TITLE = re.compile(
    r"^(?:(?:first|deputy|vice|acting)\s+)*(?!prime\b)(?P<field>[\w ]+?)\s+minister$"
)


def _ministry_of_minister(
    index: MentionIndex, pos: int, made: dict[tuple[str, str | None], Entity]
) -> Entity | None:
    """ "the ministry" with no ministry named before: the one of the latest minister
    ("Unification Minister Cha ... the ministry said" is the Unification Ministry)."""
    i = bisect_left(index.starts, pos)
    for mention in reversed(index.mentions[max(0, i - 30) : i]):
        person = mention.entity
        if person.kind != "person" or not person.anchored:
            continue
        title = _MINISTER_TITLE.match((person.title or "").lower())
        if title is None:
            continue
        name = f"{title.group('field').title()} Ministry"
        key = (name, person.country)
        if key not in made:
            made[key] = Entity(kind="institution", name=name, country=person.country)
            index.entities.append(made[key])
        return made[key]
    return None


def _country_at(ctx: _Context, pos: int) -> LexMatch | None:
    """The country named by the lexicon phrase starting at `pos`, if any."""
    i = bisect_left(ctx.cased_starts, pos)
    if i < len(ctx.cased) and ctx.cased[i].start == pos and ctx.cased[i].kind == "country":
        return ctx.cased[i]
    return None


def _place_after(ctx: _Context, pos: int) -> LexMatch | None:
    """The country of "in Tokyo" right after a body, if any."""
    place = _IN_PLACE.match(ctx.shadow, pos)
    return _country_at(ctx, place.end()) if place else None


def _add_back_references(index: MentionIndex, ctx: _Context, sentences: list[Span]) -> None:
    """ "the ministry said": the latest institution of that kind mentioned before."""
    shadow = ctx.shadow
    bodies = [m for m in index.mentions if m.entity.kind == "institution"]
    body_starts = [m.start for m in bodies]
    made: dict[tuple[str, str | None], Entity] = {}
    for sentence in sentences:
        for ref in _BACK_REFERENCE_NOUN.finditer(shadow, sentence.start, sentence.end):
            word = ref.group(1).lower()
            i = bisect_left(body_starts, ref.start())
            # the latest body of that kind among the few named just before
            for mention in reversed(bodies[max(0, i - 20) : i]):
                if word in mention.entity.name.lower():
                    index.add(Mention(ref.start(), ref.end(), mention.entity))
                    break
            else:
                if word == "ministry":
                    entity = _ministry_of_minister(index, ref.start(), made)
                    if entity is not None:
                        index.add(Mention(ref.start(), ref.end(), entity))
