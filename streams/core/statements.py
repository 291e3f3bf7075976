"""Attributed statements: who said what, through which channel.

An attribution is a verb of communication ("said", "told", "according to",
"wrote", "Spokesperson: ...") with an identifiable official speaker: a named
official, a spokesperson, an official body or a government. Joint actions
("agreed", "discussed"), analysts and media outlets are not statements.
Pronouns ("she said") resolve to the latest person speaker when unambiguous,
otherwise the statement is dropped rather than guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from functools import cache
from typing import NamedTuple

from streams.core.dates import most_recent_weekday
from streams.core.document import Document
from streams.core.lexicon import WEEKDAYS
from streams.core.mentions import Entity, Mention, resolve_title
from streams.core.rules import (
    ACCORDING_TO,
    ATTRIBUTABLE_TO,
    CITING,
    NOMINAL_CLAIM,
    QUOTED_OFFICIAL,
    RELEASE_HEADING,
    SPEECH_VERB,
)
from streams.core.text import MAX_TRIGGERS_PER_SENTENCE, Span

_VERB = SPEECH_VERB.pattern
_AS_SAYING = re.compile(
    r"(?:\s+(?:spokes(?:person|man|woman)|officials?))?(?:\s*,[^,\"]{1,60},)?\s+as\s+"
    r"(?:saying|telling)\b"
)
# Demands, requests and offers reported inside another's words are still their
# government's own ("the minister said Tokyo had demanded that ...").
_DEMAND_VERBS = frozenset({"demanded", "requested", "proposed", "offered", "asked", "urged"})
_FOLLOWING = re.compile(
    r"\b(?:provided|issued|released|gave|delivered|made)\s+the\s+following\s+"
    r"(?:press\s+)?(?:readout|statement|remarks|comment|comments)\b"
)
_TRANSCRIPT = re.compile(r"^([A-Z][\w .'-]{1,40}):\s")
_PRONOUN = re.compile(
    r"\b(he|she|He|She|it|It)\s+(?:also\s+|further\s+|then\s+|later\s+|again\s+)*$"
)
_GAP = re.compile(
    r"(?:'s?\s+(?:office|spokes(?:person|man|woman)|aides?|press office|press secretary))?"
    r"(?:\s*\([^()]{1,20}\))?"
    r"(?:\s*,[^,\"]{1,140},)?"
    r"(?:\s*(?:also|further|then|later|previously|earlier|separately|reportedly|again|has|have|"
    r"had|was|were|is|are|been|quoted\s+as|formally|officially|publicly|repeatedly|once|late\s+\w+|on\s+\w+day|"
    r"in\s+(?:a|an|the|his|her|its|their)\s+[\w\s-]{0,30}?(?:statement|readout|post|briefing|"
    r"speech|interview|release|letter|message|remarks)|,)\s*)*\s*"
)
# "a customs agency official said", "a State Department spokesperson said"
_BODY_ROLE = (
    r"(?:\s*(?:spokes(?:person|man|woman)|officials?|sources?|representatives?|envoys?|"
    r"diplomats?|aides?|side|statement|readout|communiqu[eé]|press release))?"
)
_BODY_PLACE = r"(?:\s+in\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)?"  # "the U.S. Embassy in Tokyo"
_GAP_AFTER_BODY = re.compile(_BODY_ROLE + _BODY_PLACE + _BODY_ROLE + _GAP.pattern)
_CONJUNCT_GAP = re.compile(
    r"\)?\s*(?:\([^()]{1,12}\))?\s*,?\s+and\s+(?:the\s+)?(?:[\w.'-]+\s+){0,3}"
)
_POST_SPEAKER = re.compile(
    r"\s+(?:on\s+\w+day\s+)?(?:(?:the|a|an)\s+)?"
    r"(?:(?:senior\s+)?(?:officials?|spokes(?:person|man|woman)|sources?|diplomats?)\s+"
    r"(?:at|of|from|with|for)\s+(?:the\s+)?)?"  # "said an official at the customs agency"
)
_DATA_OBJECT = re.compile(r"(?:the\s+)?(?:data|figures|statistics|survey|poll|report|index)\b")
_QUOTED = re.compile(r'"([^"]{2,}?)"')
# (pattern, channel, words): the first pattern found in the lowercased sentence names
# the channel. Every match of a pattern contains one of its words, and checking for
# those words first (`_CHANNEL_GATES`) is far cheaper than running every pattern.
_CHANNELS: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    (
        re.compile(
            r"\bpost(?:ed)? on\b|\btweet|\bon x\b|\btwitter\b|\bfacebook\b|\btelegram\b|"
            r"\bsocial media\b|\bwrote on\b|\btruth social\b|\binstagram\b"
        ),
        "social_media",
        ("post", "tweet", "on x", "twitter", "facebook", "telegram", "social media", "wrote on",
         "truth social", "instagram"),
    ),
    (re.compile(r"\breadout\b"), "readout", ("readout",)),
    (
        re.compile(
            r"\bbriefing\b|\btold reporters\b|\bpress conference\b|\bnews conference\b|"
            r"\bbriefed reporters\b|\btold a (?:news|press)\b"
        ),
        "briefing",
        ("briefing", "reporters", "conference", "told a "),
    ),
    (re.compile(r"\binterview\b"), "interview", ("interview",)),
    (re.compile(r"\bspeech\b|\baddress\b|\brally\b|\bremarks\b|\blecture\b"), "speech",
     ("speech", "address", "rally", "remarks", "lecture")),
    (re.compile(r"\bstatement\b|\bpress release\b|\bcommunique\b|\bwrote\b|\bletter\b"),
     "written_statement", ("statement", "press release", "communique", "wrote", "letter")),
)  # fmt: skip
_OFFICIAL_CUE = re.compile(
    r"\b(?:[Ss]pokes(?:person|man|woman)|[Mm]inist(?:er|ry)|[Oo]fficial|[Ss]ecretary|"
    r"[Pp]resident|[Gg]overnment|[Dd]epartment|[Ee]mbassy|[Aa]mbassador|[Oo]ffice|"
    r"[Ee]nvoy|[Nn]egotiator|[Cc]ommander|U\.N\.|UN|United Nations)(?!\w)"
)


class Attribution(NamedTuple):
    """A statement found in one sentence: its speaker and how it was attributed."""

    sentence: Span
    speaker: Entity
    speaker_span: tuple[int, int] | None
    verb: str
    via: str  # "subject", "post", "according", "transcript", "pronoun", "conjunct"
    quote: str | None
    channel: str | None
    confidence: float
    said_on: date | None = None


def _eligible(entity: Entity, sentence_text: str) -> bool:
    """Whether an entity can make an official statement."""
    if entity.kind == "person":
        if not entity.official:
            return False
        return entity.anchored or bool(_OFFICIAL_CUE.search(sentence_text))
    return entity.official


_BASE_CONFIDENCE = {"person": 0.9, "institution": 0.85, "country": 0.7}


# Few combinations, rated once each: a 1 MiB article can hold tens of thousands of statements.
@cache
def _rated(kind: str, anchored: bool, via: str, core: bool) -> float:
    base = _BASE_CONFIDENCE[kind]
    if kind == "person" and not anchored:
        base = 0.55
    if via == "pronoun":
        base -= 0.15
    if not core:
        base -= 0.1
    return round(max(0.3, base), 2)


def _confidence(entity: Entity, via: str, core: bool) -> float:
    return _rated(entity.kind, entity.anchored, via, core)


# The words of each channel as one literal alternation, which the regex engine scans fast.
_CHANNEL_GATES: tuple[re.Pattern[str], ...] = tuple(
    re.compile("|".join(re.escape(word) for word in words)) for _, _, words in _CHANNELS
)


def _channel(sentence_lower: str) -> str | None:
    for gate, (pattern, channel, _) in zip(_CHANNEL_GATES, _CHANNELS, strict=True):
        if gate.search(sentence_lower) and pattern.search(sentence_lower):
            return channel
    return None


def _quote(sentence_text: str) -> str | None:
    # Single words in quotes are scare quotes, not quotations.
    parts = [q.strip(" ,.") for q in _QUOTED.findall(sentence_text)]
    parts = [p for p in parts if len(p.split()) >= 2]
    return " ... ".join(parts) if parts else None


class _SpeakerTracker:
    """Remembers the latest person speaker, for "she said", and body speaker, for "it said"."""

    def __init__(self) -> None:
        self.last_person: Entity | None = None
        self.sentence_index = -10
        self.last_body: Entity | None = None
        self.body_index = -10

    def note(self, entity: Entity, index: int) -> None:
        if entity.kind == "person":
            self.last_person = entity
            self.sentence_index = index
        else:
            self.last_body = entity
            self.body_index = index

    def forget_body(self) -> None:
        """A media outlet spoke last: "it said" now means the outlet, not an official body."""
        self.last_body = None

    def resolve(self, index: int, pronoun: str = "he") -> Entity | None:
        if pronoun.lower() == "it":
            if self.last_body is not None and index - self.body_index <= 2:
                return self.last_body
            return None
        if self.last_person is not None and index - self.sentence_index <= 3:
            return self.last_person
        return None


def find_attributions(doc: Document) -> list[Attribution]:
    """Every attributed statement in the article, in reading order."""
    shadow = doc.shadow
    tracker = _SpeakerTracker()
    found: list[Attribution] = []
    people = [e for e in doc.mentions.entities if e.kind == "person" and e.anchored]
    voices: dict[str, Entity] = {}  # the people of a broadcast script's soundbites, by name
    holders: dict[tuple[int, str], Entity | None] = {}  # named holders of bodies' roles
    answers = _briefer(people) if _QUESTION_LINE.search(shadow, 0, _QA_SCAN_LIMIT) else None
    carried: tuple[Entity, tuple[int, int]] | None = None
    sentence_reads: dict[str, tuple[str | None, str | None, date | None]] = {}
    # The current sentence's state, which `emit` reads: it is only called within one
    # iteration, so one function serves every sentence.
    text = ""
    index = 0
    seen: set[int] = set()
    hits: list[tuple[Entity, tuple[int, int] | None, str, str, bool]] = []

    def emit(entity: Entity, span: tuple[int, int] | None, verb: str, via: str, core: bool) -> None:
        if id(entity) in seen:
            return
        if not _eligible(entity, text):
            if entity.kind == "institution" and not entity.official:
                tracker.forget_body()
            return
        if entity.kind == "country" and span and _UNNAMED_SOURCE.match(shadow, span[1]):
            return  # "Turkish diplomatic sources": unnamed, with no organization
        seen.add(id(entity))
        hits.append((entity, span, verb, via, core))
        tracker.note(entity, index)

    for index, sentence in enumerate(doc.sentences):
        text = shadow[sentence.start : sentence.end]
        verbs = doc.triggers.in_sentence(SPEECH_VERB.family, index)
        according = doc.triggers.has(ACCORDING_TO.family, index)
        if (
            carried is None
            and not verbs
            and not according
            and not doc.triggers.has(NOMINAL_CLAIM.family, index)
            and ":" not in text
            and (answers is None or not _ANSWER.match(text))
        ):
            continue  # no verb of saying, citation, transcript label or readout lead-in
        mentions = doc.mentions.within(sentence.start, sentence.end)
        starts = [m.start for m in mentions]
        hits = []
        seen = set()

        if carried is not None:
            # "The following is attributable to X:" speaks through the next sentence.
            emit(carried[0], carried[1], "attributable to", "according", True)
            carried = None

        transcript = _TRANSCRIPT.match(text)
        if transcript:
            label_end = sentence.start + transcript.end(1)
            labelled = [m for m in mentions if m.start == sentence.start and m.end == label_end]
            if labelled:
                emit(
                    labelled[0].entity,
                    (sentence.start, label_end),
                    "transcript",
                    "transcript",
                    True,
                )
            else:
                # "Spokesperson: ..." with the spokesperson named in the heading only.
                role = resolve_title(None, transcript.group(1), people)
                if role is not None:
                    emit(role, (sentence.start, label_end), "transcript", "transcript", True)
        elif text[:1] == "[" or text[:1].isupper():
            soundbite = _SOUNDBITE.match(text)
            if soundbite and _OFFICIAL_TITLE_WORD.search(soundbite.group("title")):
                # "[Soundbite] NAME(TITLE) : ..." in broadcast scripts: the official speaks.
                label = (sentence.start + soundbite.start("name"), sentence.start + soundbite.end())
                emit(_soundbite_speaker(soundbite, voices), label, "transcript", "transcript", True)
            elif answers is not None and _ANSWER.match(text):
                # "A) ..." in a briefing's Q&A: the spokesperson named in its heading answers.
                emit(
                    answers, (sentence.start, sentence.start + 2), "transcript", "transcript", True
                )

        following = _FOLLOWING.search(text) if text.rstrip().endswith(":") else None
        if following:
            # "Press Secretary X provided the following readout:" introduces the next sentence.
            lead = _subject_before(doc, mentions, starts, sentence.start + following.start())
            if lead is not None:
                carried = (lead.entity, (lead.start, lead.end))
        for pattern, verb_word in _CITES if according else ():
            for match in pattern.finditer(text):
                after = sentence.start + match.end()
                if _DATA_OBJECT.match(shadow, after):
                    continue
                cited = _first_mention_after(shadow, mentions, starts, after)
                if cited is None or _DATA_OBJECT.match(shadow, cited.end + 1):
                    continue  # "according to Japanese government data" cites data
                if verb_word == "quoted" and not _AS_SAYING.match(shadow, cited.end):
                    continue  # "quoted" without "as saying" is not a citation of an official
                if verb_word in ("citing", "quoted") and (
                    not _TITLE_WORDS.fullmatch(shadow, after, cited.start)
                    or cited.entity.kind == "country"
                    or _POSSESSIVE_AFTER.match(shadow, cited.end)
                ):
                    continue  # "citing North Korea's launches": a reason, not a cited source
                span = (cited.start, cited.end)
                if verb_word == "attributable to" and text.rstrip().endswith(":"):
                    carried = (cited.entity, span)
                else:
                    emit(cited.entity, span, verb_word, "according", True)

        if doc.triggers.has(NOMINAL_CLAIM.family, index):
            for claim in NOMINAL_CLAIM.pattern.finditer(shadow, sentence.start, sentence.end):
                # "China rejects Japan's claim that ...": the owner of the claim said it.
                owner = next((m for m in mentions if m.end == claim.start()), None)
                if owner is not None and owner.entity.kind in ("country", "institution", "person"):
                    emit(owner.entity, (owner.start, owner.end), "claim", "subject", False)

        reported_from = -1  # after "X said", a clause such as "India welcomed ..." is X's content
        for hit_start, _hit_end in verbs[:MAX_TRIGGERS_PER_SENTENCE]:
            verb = _VERB.match(shadow, hit_start, sentence.end)
            if verb is None:
                continue
            v_start = verb.start()
            core = verb.group("core") is not None
            verb_word = verb.group()
            quoted = doc.inside_quotes(v_start, sentence.start)
            if quoted and not core:
                continue
            if _passive(shadow, max(sentence.start, v_start - 30), v_start) and not (
                verb_word.split()[0].endswith("ing")
            ):
                continue  # "he was told", "Kono was asked": the subject is not the speaker
            if (
                verb_word == "saying" or verb.group("other") in _PROGRESSIVE
            ) and _COMMA_BEFORE.search(shadow, max(sentence.start, v_start - 4), v_start):
                # "X singled out ..., calling for ...": a participle carries the words of the
                # sentence's subject, never of a noun just before it ("... with Y, saying").
                if not hits:
                    lead = _participle_subject(doc, mentions, sentence.start, v_start, holders)
                    if lead is not None:
                        emit(lead.entity, (lead.start, lead.end), verb_word, "subject", False)
                continue
            speaker = _subject_before(doc, mentions, starts, v_start)
            if speaker is not None:
                speaker = _speaking_subject(doc, speaker, v_start, holders)
            if (
                speaker is not None
                and verb.group("other") in _PROGRESSIVE
                and not _AUXILIARY_BEFORE.search(shadow, speaker.end, v_start)
            ):
                continue  # "..., calling for": a participle of the main clause's subject
            if quoted and (speaker is None or speaker.entity.kind == "person"):
                continue  # inside a quotation only a named body's own words are nested
            if speaker is not None:
                if not core and _JOINT_BEFORE.search(
                    shadow, max(sentence.start, speaker.start - 12), speaker.start
                ):
                    continue  # "He and Morrison reaffirmed": a joint action
                if (
                    not core
                    and verb_word not in _DEMAND_VERBS
                    and _reported(shadow, reported_from, speaker.start)
                ):
                    continue
                conjuncts = _conjuncts(doc, mentions, starts, speaker)
                if conjuncts and not core:
                    continue  # "A and B condemned ..." is a joint action
                if core:
                    reported_from = verb.end()
                emit(speaker.entity, (speaker.start, speaker.end), verb_word, "subject", core)
                for other in conjuncts:
                    emit(other.entity, (other.start, other.end), verb_word, "conjunct", core)
                continue
            pronoun = _PRONOUN.search(shadow, max(sentence.start, v_start - 40), v_start)
            if pronoun and pronoun.end() == v_start:
                word = pronoun.group(1)
                resolved = (
                    _relative_antecedent(shadow, mentions, sentence.start, pronoun.start())
                    if word.lower() != "it"
                    else None
                )
                resolved = (
                    resolved
                    or tracker.resolve(index, word)
                    or (None if word.lower() == "it" else _only_person_before(doc, index))
                )
                if resolved is not None:
                    emit(resolved, None, verb_word, "pronoun", core)
                    if core:
                        reported_from = verb.end()
                continue
            lead = _clause_subject(doc, mentions, sentence.start, v_start, holders)
            if lead is not None:
                # "The ministry summoned the envoy and demanded ...": the clause's subject.
                emit(lead.entity, (lead.start, lead.end), verb_word, "subject", core)
                continue
            if core:
                post = _POST_SPEAKER.match(shadow, verb.end(), sentence.end)
                if post and shadow[max(sentence.start, v_start - 2) : v_start].strip() in (
                    ",",
                    '"',
                    ',"',
                ):
                    i = bisect_left(starts, post.end())
                    if i < len(mentions) and mentions[i].start == post.end():
                        m = mentions[i]
                        emit(m.entity, (m.start, m.end), verb_word, "post", core)
                        reported_from = verb.end()
        if hits:
            # Quote, channel and day are read only for sentences that hold a statement,
            # and once per distinct sentence text (wire copy repeats its sentences).
            read = sentence_reads.get(text)
            if read is None:
                read = sentence_reads[text] = (
                    _quote(text),
                    _channel(text.lower()),
                    _said_on(text, doc.reference_date),
                )
            quote, channel, said_on = read
            for entity, speaker_span, verb_word, via, core in hits:
                found.append(
                    Attribution(
                        sentence, entity, speaker_span, verb_word, via, quote,
                        "briefing" if via == "transcript" else channel,
                        _confidence(entity, via, core), said_on,
                    )
                )  # fmt: skip
    return found


_SAID_DAY = re.compile(
    r"\b(?:said|says|told \w+|announced|stated|added|wrote|posted|noted)\s+(?:on\s+)?"
    r"(?:late\s+|early\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:on|late|early)\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+"
    r"(?:said|told|announced|stated)\b"
)
# Every match names a weekday: most sentences are ruled out by one quick scan for it.
_ANY_WEEKDAY = re.compile("|".join(WEEKDAYS))


def _said_on(text: str, reference: date | None) -> date | None:
    """The day a statement was made: "the ministry said Thursday" (the most recent one)."""
    if reference is None or not _ANY_WEEKDAY.search(text):
        return None
    match = _SAID_DAY.search(text)
    if match is None:
        return None
    day = match.group(1) or match.group(2)
    return most_recent_weekday(WEEKDAYS[day], reference)


_CLAUSE_BREAK = re.compile(r'[";]|\b(?:while|whereas|but|and)\s*$|\b(?:while|whereas|but)\b')


def _reported(shadow: str, reported_from: int, subject_start: int) -> bool:
    """Whether a subject sits inside the content of an earlier "said" in the sentence."""
    if reported_from < 0 or subject_start < reported_from:
        return False
    return not _CLAUSE_BREAK.search(shadow, reported_from, subject_start)


_SOUNDBITE = re.compile(
    r"(?:\[[^\]\n]{1,24}\]\s*)?(?P<name>[A-Z][A-Z.'-]+(?:\s[A-Z][A-Z.'-]+){1,3})\s*"
    r"\((?P<title>[^()\n]{2,80})\)\s*:\s"
)
_OFFICIAL_TITLE_WORD = re.compile(
    r"(?i)\b(?:minister|ministry|spokes(?:person|man|woman)|secretary|president|official|"
    r"ambassador|envoy|commander|chief of staff|premier|chancellor|governor|mayor)\b"
)
_ANSWER = re.compile(r"A[):.]\s")
_QUESTION_LINE = re.compile(r"(?m)^Q[):.]\s")
_QA_SCAN_LIMIT = 20_000  # a briefing transcript asks its first question early


def _briefer(people: list[Entity]) -> Entity | None:
    """The one spokesperson of a Q&A transcript, who gives its answers."""
    for role in ("spokesperson", "spokesman", "spokeswoman", "press secretary"):
        found = resolve_title(None, role, people)
        if found is not None:
            return found
    return None


def _soundbite_speaker(match: re.Match[str], voices: dict[str, Entity]) -> Entity:
    """The official of a soundbite line, one entity per name in the article."""
    name = match.group("name").title()
    entity = voices.get(name)
    if entity is None:
        entity = voices[name] = Entity(kind="person", name=name, title=match.group("title").title())
    return entity


_RELATIVE_BEFORE = re.compile(r"(?:,\s*|\b)(?:where|in which|whereupon|after which)\s+$")


def _relative_antecedent(
    shadow: str, mentions: list[Mention], sentence_start: int, pronoun_start: int
) -> Entity | None:
    """ "X was summoned to the ministry, where he assured ...": in a relative clause the
    pronoun is the nearest official person named before it in the sentence."""
    if not _RELATIVE_BEFORE.search(shadow, max(sentence_start, pronoun_start - 16), pronoun_start):
        return None
    for mention in reversed(mentions):
        if mention.end > pronoun_start:
            continue
        entity = mention.entity
        if entity.kind == "person" and entity.anchored and entity.official:
            return entity
    return None


_CITES = tuple(
    (rule.pattern, rule.words[0])
    for rule in (ACCORDING_TO, ATTRIBUTABLE_TO, CITING, QUOTED_OFFICIAL, RELEASE_HEADING)
)
_POSSESSIVE_AFTER = re.compile(r"['\u2019]s?\b")
_TITLE_WORDS = re.compile(r"(?:[A-Z][\w.'-]*\s+){0,4}")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$")
_PROGRESSIVE = frozenset({"accusing", "calling for", "urging", "inviting"})
_AUXILIARY_BEFORE = re.compile(r"\b(?:is|are|was|were|been)\s+(?:\w+ly\s+)?$")
_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being"})


def _passive(shadow: str, floor: int, verb_start: int) -> bool:
    """Whether the verb follows an auxiliary ("was told", "is reportedly asked")."""
    end = verb_start - 1
    start = shadow.rfind(" ", floor, end) + 1
    if start == 0:
        return False
    word = shadow[start:end]
    if word.endswith("ly"):  # one adverb between: "was reportedly told"
        return _PASSIVE.search(shadow, floor, verb_start) is not None
    return word in _AUXILIARIES


_JOINT_BEFORE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e)\s+and\s+$")
# "Neither Minsk nor Warsaw has commented": a denial of speech, not a statement.
_NEGATED_BEFORE = re.compile(r"\b(?:[Nn]either|nor)\s+(?:the\s+)?$")
# "Industry groups in Tokyo said": a place, not the subject; but "officials at Seoul's
# Foreign Ministry said" keeps the body (an unnamed source of a named organization).
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|from|of|for|to|by|on|into|against|toward|towards|near|across|which)\s+"
    r"(?:the\s+)?$"
)
_SOURCE_OF_BEFORE = re.compile(
    r"\b(?P<role>spokes(?:person|man|woman)|officials?|sources?|representatives?|diplomats?|"
    r"aides?|envoys?|ambassador|statement|readout|release|communiqu[eé]|announcement|letter|"
    r"message)\s+(?:at|of|from|with|for|in|to|by)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "the Kremlin spokesman", "the top U.S. envoy": a role of the body, maybe named elsewhere.
_ROLE_AFTER = re.compile(
    r"(?:'s?)?\s+(?:(?:chief|top|senior|deputy|main)\s+)?(?P<role>spokes(?:person|man|woman)|"
    r"envoy|ambassador|press secretary|diplomat)\b",
    re.IGNORECASE,
)
# The words a named holder of each role has in his title.
_ROLE_TITLES = {
    "spokesperson": ("spokes", "press secretary"),
    "spokesman": ("spokes", "press secretary"),
    "spokeswoman": ("spokes", "press secretary"),
    "press secretary": ("press secretary", "spokes"),
    "envoy": ("envoy", "ambassador"),
    "ambassador": ("ambassador", "envoy"),
    "diplomat": ("ambassador", "envoy"),
}


_AND_BEFORE = re.compile(r"\band\s+(?:also\s+|then\s+|later\s+)?$")
_SENTENCE_LEAD = re.compile(r"(?:[^\"]{0,60}?(?:--|\)\s*[-\u2013\u2014])\s*)?(?:[Tt]he\s+)?$")
_LEAD_ACTION = re.compile(
    r"(?:\s+in\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)?(?:\s+on\s+\w+day)?\s+[a-z]+ed\s[^\";]{0,150}$"
)


_PARTICIPLE_LEAD = re.compile(
    r"(?:[^\"]{0,80}?(?:--|\)\s*[-\u2013\u2014])\s*)?"
    r"(?:(?:In|On|Later|Earlier)\b[^,\"]{0,40},\s+)?"  # "In late October, ..."
    r"(?:[Tt]he\s+)?(?:[A-Z][\w.'-]*\s+){0,5}$"
)
# From the subject to ", <participle>": a past verb right after it, then its clause.
_PARTICIPLE_CLAUSE = re.compile(
    r"(?:\s+(?:also|then|later|on\s+\w+day))?\s+"
    r"(?:[a-z]+ed|held|had|made|met|spoke|told|said|gave|sent|took|wrote|led|hosted)\b"
    r"[^;]{0,240}?,[\"\u201d]?\s$"
)
_COMMA_BEFORE = re.compile(r',["\u201d]?\s$')


def _participle_subject(
    doc: Document,
    mentions: list[Mention],
    sentence_start: int,
    verb_start: int,
    holders: dict[tuple[int, str], Entity | None],
) -> Mention | None:
    """The subject of the sentence's main verb, for ", calling for ..." after its clause,
    when the sentence opens with that subject."""
    shadow = doc.shadow
    # The subject may follow a dateline, its outlet and its titles ("SEOUL (Yonhap) --
    # Foreign Minister Cho ..."): the first mention that a sentence lead reaches.
    first = next(
        (
            m
            for m in mentions[:3]
            if m.end < verb_start and _PARTICIPLE_LEAD.fullmatch(shadow, sentence_start, m.start)
        ),
        None,
    )
    if first is None or not _PARTICIPLE_CLAUSE.fullmatch(shadow, first.end, verb_start):
        return None
    return _speaking_subject(doc, first, verb_start, holders)


def _clause_subject(
    doc: Document,
    mentions: list[Mention],
    sentence_start: int,
    verb_start: int,
    holders: dict[tuple[int, str], Entity | None],
) -> Mention | None:
    """The sentence's subject for a verb joined by "and" to its first action ("X summoned
    the envoy and demanded ..."), when the sentence opens with that subject."""
    shadow = doc.shadow
    if not mentions or not _AND_BEFORE.search(
        shadow, max(sentence_start, verb_start - 16), verb_start
    ):
        return None
    first = mentions[0]
    if first.end >= verb_start or not _SENTENCE_LEAD.fullmatch(shadow, sentence_start, first.start):
        return None
    gap_end = verb_start
    while gap_end > first.end and shadow[gap_end - 1] == " ":
        gap_end -= 1
    if not _LEAD_ACTION.fullmatch(shadow, first.end, gap_end):
        return None
    return _speaking_subject(doc, first, verb_start, holders)


def _speaking_subject(
    doc: Document,
    subject: Mention,
    verb_start: int,
    holders: dict[tuple[int, str], Entity | None],
) -> Mention | None:
    """The subject that really speaks: None for a place or a denial, the named holder of a
    role ("a spokesperson for the ministry ... Wu") when the article names exactly one."""
    shadow = doc.shadow
    entity = subject.entity
    floor = max(0, subject.start - 40)
    negation = shadow.find("nor ", floor, subject.start) != -1 or (
        shadow.find("either ", floor, subject.start) != -1
    )  # a quick look first: the pattern runs on few subjects
    if negation and _NEGATED_BEFORE.search(shadow, floor, subject.start):
        return None
    if entity.kind == "person":
        return subject
    source = _SOURCE_OF_BEFORE.search(shadow, floor, subject.start)
    role_after = _ROLE_AFTER.match(shadow, subject.end, verb_start)
    role = source.group("role") if source else role_after.group("role") if role_after else None
    if role is not None:
        key = (id(entity), role.lower())
        if key not in holders:  # once per body and role: the search reads every person
            holders[key] = _role_holder(doc, entity, key[1])
        holder = holders[key]
        if holder is not None:
            return Mention(subject.start, subject.end, holder)
        if source is not None:
            return subject
    elif _PLACE_BEFORE.search(shadow, floor, subject.start):
        return None
    return subject


def _role_holder(doc: Document, body: Entity, role: str) -> Entity | None:
    """The one official person of the article holding a role of the body, if exactly one."""
    words = _ROLE_TITLES.get(role)
    if words is None:
        return None
    keys = {
        w for w in f"{body.name} {body.written or ''}".lower().split() if len(w) > 3 and w != "the"
    }
    found: list[Entity] = []
    for person in doc.mentions.entities:
        if person.kind != "person" or not person.anchored or not person.official:
            continue
        title = (person.title or "").lower()
        if not any(w in title for w in words):
            continue
        if person.country is not None and body.country is not None:
            if person.country != body.country:
                continue
        elif (
            body.kind == "institution"
            and person.organization != body.name
            and not any(k in title for k in keys)
        ):
            continue
        if person not in found:
            found.append(person)
    return found[0] if len(found) == 1 else None


_UNNAMED_SOURCE = re.compile(
    r"\s+(?:diplomatic\s+|government\s+|security\s+|military\s+|senior\s+|top\s+)?"
    r"(?:sources?|officials?|diplomats?|insiders?|envoys?)\b"
)
_NAME_CONTINUES = re.compile(r"\s[A-Z][a-z]")
_CITED_GAP = re.compile(r"[^,;:\"()]{0,80}")


def _first_mention_after(
    shadow: str, mentions: list[Mention], starts: list[int], pos: int
) -> Mention | None:
    """The mention cited after "according to", across titles ("Finance Minister Claire ...").

    A person named right after an institution is the one cited: "attributable to
    Pentagon Press Secretary Dana Whitcomb" is Whitcomb, not the Pentagon.
    """
    i = bisect_left(starts, pos)
    if i == len(mentions) or not _CITED_GAP.fullmatch(shadow, pos, mentions[i].start):
        return None
    cited = mentions[i]
    if shadow.startswith("-based", cited.end):
        return None  # "Tokyo-based Kyodo News": a place modifying an outlet
    if cited.entity.kind == "country" and _NAME_CONTINUES.match(shadow, cited.end):
        return None  # "the Korea Exchange": part of a longer name we do not know
    if cited.entity.kind != "person":
        for later in mentions[i + 1 : i + 3]:
            if later.entity.kind == "person" and _CITED_GAP.fullmatch(shadow, pos, later.start):
                return later
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if following is not None and shadow[cited.end : following.start].strip() in ("", "'s"):
            return following  # "Argentina's energy secretariat", "the U.N. Office for ..."
    return cited


def _only_person_before(doc: Document, index: int) -> Entity | None:
    """The one official person named in the previous sentence, for an unresolved pronoun."""
    if index == 0:
        return None
    previous = doc.sentences[index - 1]
    people = {
        id(m.entity): m.entity
        for m in doc.mentions.within(previous.start, previous.end)
        if m.entity.kind == "person" and m.entity.anchored and m.entity.official
    }
    return next(iter(people.values())) if len(people) == 1 else None


def _subject_before(
    doc: Document, mentions: list[Mention], starts: list[int], verb_start: int
) -> Mention | None:
    """The mention that is the grammatical subject right before a verb, if any.

    The farthest mention whose gap to the verb is only attribution filler wins,
    so the subject is "Byrne" and not the "Joint Chiefs of Staff" inside
    "Byrne, vice director of the Joint Chiefs of Staff, said".
    """
    shadow = doc.shadow
    subject: Mention | None = None
    for i in range(bisect_left(starts, verb_start) - 1, -1, -1):
        mention = mentions[i]
        if mention.end > verb_start:
            continue
        gap = shadow[mention.end : verb_start]
        if len(gap) > 200 or '"' in gap:
            break
        pattern = _GAP if mention.entity.kind == "person" else _GAP_AFTER_BODY
        if pattern.fullmatch(gap):
            if mention.entity.kind == "person":
                return mention  # the nearest person ("Kellner's spokesman, Stefan Brandt")
            subject = mention
    return subject


def _conjuncts(
    doc: Document, mentions: list[Mention], starts: list[int], speaker: Mention
) -> list[Mention]:
    """Other subjects joined to the speaker by "and" ("X and the Y said")."""
    shadow = doc.shadow
    out: list[Mention] = []
    current_start = speaker.start
    for i in range(bisect_left(starts, speaker.start) - 1, -1, -1):
        mention = mentions[i]
        if mention.end > current_start:
            continue
        gap = shadow[mention.end : current_start]
        if len(gap) > 60:
            break
        if _CONJUNCT_GAP.fullmatch(gap):
            if mention.entity is not speaker.entity:
                out.append(mention)
            current_start = mention.start
            continue
        if gap.strip() in ("", "-"):
            current_start = mention.start  # part of a compound such as "South Korea-U.S."
            continue
        break
    return out
