"""Call readouts: a phone or video call between named officials that has taken place.

A sentence is a call sentence when it names a call ("held a phone call",
"telephone talks", "during a call") or, in an article that does name one,
says that people "spoke with" each other. Planned, possible or negated calls
are not readouts, and neither are in-person meetings. Participants are the
people in the clause before the trigger plus the one(s) after "with"; the
speaker who announces the call is not a participant. Mentions of the same
call across sentences merge into one event.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

from streams.core.dates import resolve_date
from streams.core.document import Document
from streams.core.mentions import Entity, Mention
from streams.core.prefilter import WORD_START, Prefiltered
from streams.core.statements import Attribution
from streams.core.text import MAX_TRIGGERS_PER_SENTENCE, Span

# Every match starts a word: `\b` is checked once, before the alternatives, and
# WORD_START keeps the engine from trying them at the ends of words.
_STRONG = re.compile(
    WORD_START + r"\b(?:"
    r"(?:tele)?phone[- ]?(?:call|conversation|talk|conference|discussion|consultation)s?\b"
    r"|video[- ]?(?:call|conference|link|conversation|talk|summit|meeting)s?\b"
    r"|videoconference\b|teleconference\b|virtual (?:meeting|summit|talk|conference|call)s?\b"
    r"|(?:spoke|talked|conferred)\s+(?:\w+\s+){0,3}?(?:by|over the|on the)\s+(?:tele)?phone\b"
    r"|(?:phoned|telephoned|dialled|dialed|rang)\b"
    r"|(?:by|over the|on the)\s+(?:tele)?phone\b"
    # "X told Y by phone", "X assured Y in a phone call"
    r"|(?:told|assured|informed|briefed|urged|asked)\s+(?:[\w.'-]+\s+){1,8}?"
    r"(?:(?:by|over the|on the)\s+(?:tele)?phone|in an? (?:tele)?phone (?:call|conversation))\b"
    r"|[A-Z]\w*s'\s+calls?\b"
    r"|(?:a|an|the|his|her|their|its|first|introductory|brief|\w+-minute|\w+-hour|hour-long|"
    r"this|that|[A-Z]\w+'s)\s+(?!press\b|media\b|roll\b|wake-up\b)(?:[\w-]+\s+){0,2}?calls?\b"
    r"(?!\s+(?:for|on|upon|to|time|center|centre|sign|option|options|up|it|itself|them|him|"
    r"her|the|a|an|his|their|its)\b)"
    r")",
    re.IGNORECASE,
)
_WEAK = re.compile(r"\b(?:spoke|talked|has spoken|have spoken|conferred)\b")
_VIDEO = re.compile(r"video|virtual|teleconference", re.IGNORECASE)
_NOT_PAST = re.compile(
    WORD_START
    + r"\b(?:will|would|shall|plans?|planning|planned|expects?|expected|expecting|set to|is to|"
    r"are to|going to|intends?|hopes?|hoping|wants?|seeks?|aims?|agreed to|possible|possibility|"
    r"potential|upcoming|proposed|scheduled|may|might|could|to hold|to have|to speak|arrange a|"
    r"request(?:ed)? a|no|not|never|without|ahead of|before|arranging|considering|preparing|"
    r"seeking|mulling|pushing for|looking to|trying to|working to|prepare|push for)\b[^.;]{0,60}$"
)
_TOLD_WHOM = re.compile(
    r"\s+(?:also\s+)?(?:told|assured|informed|briefed|urged|asked|thanked|congratulated)\s+"
    r"(?:(?:his|her|their)\s+(?:\w+\s+)?counterpart,?\s+)?"
)
_TOLD = re.compile(r"(?:told|assured|informed|briefed|urged|asked)\s")
_LEAD_IN = re.compile(r"\W*(?:In|During|Over)\s+(?:[\w-]+\s+){0,3}")
_COMMA_AFTER = re.compile(r"[^,;]{0,120}?,\s*")
_MONTH_MAY = re.compile(r"\bMay\b")
_SCHEDULE_ENTRY = re.compile(r"\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?\s")
_LATER = re.compile(r"\W{0,3}(?:\w+\s+){0,3}?(?:next week|tomorrow|later this|scheduled|planned)\b")
_IN_PERSON = re.compile(
    r"\b(?:sidelines|met|meets|meeting|visit|visited|in person|summit|hotel|trip)\b"
)
# "with X", "between X and Y", "a phone call from X"; a calling verb takes X directly.
_WITH = re.compile(r"\b(?:with|between|from)\b|(?<=phoned)|(?<=dialled)|(?<=dialed)|(?<=rang)")
_OBJECT_STOP = Prefiltered(
    re.compile(
        r"\bto (?:discuss|talk|review|exchange|address|share|seek|express|congratulate|confirm)\b"
        r"|;|\babout\b|\bregarding\b|\bconcerning\b|\bamid\b"
    ),
    "t;arc",
)
_JOIN = re.compile(r"\s*(?:,\s*)?(?:and|as well as)\s+(?:[\w.'-]+\s+){0,6}")
_ANNOUNCE_TAIL = re.compile(
    r"\b(?:said|says|told \w+|announced|reported|stated|added)\s+(?:on\s+)?(?:late\s+|early\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
_TOPIC = re.compile(
    r"\b(?:to discuss|discussed|discussing|to talk about|talked about|exchanged views on)\s+"
    r"(.+?)(?=,|;|\.(?:\s|$)|$|\s+during\b|\s+amid\b|\s+as\b|\s+while\b|\s+this week\b|"
    r"\s+on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
)
# Every `_TOPIC` match holds one of these words ("agreed" for `_AGREED`): checking
# for them first skips the patterns on most sentences.
_TOPIC_WORDS = ("discuss", "talk", "exchanged views")
_AGREED = re.compile(
    r"\bagreed\s+(?:that|to|on)\s+(.+?)"
    r"(?=;|\.(?:\s|$)|$|,\s+according to\b|,\s+(?:the\s+)?\w+\s+said\b)"
)
_ANNOUNCING_VERBS = frozenset(
    {"said", "says", "say", "told", "tells", "stated", "states", "added", "adds", "noted",
     "notes", "announced", "announces", "reported", "according to", "attributable to",
     "transcript"}
)  # fmt: skip
# A participant may announce their own call ("..., Novotny wrote on X").
_SELF_ANNOUNCING_VERBS = frozenset({"wrote", "posted", "said", "told", "announced", "says"})
_COLLECTIVE = re.compile(
    r"^(?:\W*)(?:In their talks, )?(?:They|The two|Both|The ministers|The leaders|The two sides|"
    r"The two leaders|The two ministers|The parties|Both sides|Both ministers)\b"
)


# Evidence and detail lists stay readable however often an article repeats itself.
MAX_EVIDENCE = 20
MAX_DETAILS = 10


@dataclass(slots=True)
class CallDraft:
    """One call, possibly assembled from several sentences."""

    participants: list[Entity]
    medium: str
    sentences: list[Span]
    occurred_on: date | None = None
    announced_by: Entity | None = None
    topics: list[str] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)
    confidence: float = 0.9


def _announces_only(entity: Entity) -> bool:
    """Whether a speaker relays calls rather than taking part: a spokesperson or aide.

    "Zhao said in a telephone conversation with Duvernois" puts the speaker on
    the call; "Bruce, the spokesperson, said Rubio spoke with Rutte" does not.
    """
    title = (entity.title or "").lower()
    return entity.kind != "person" or any(word in title for word in _RELAY_TITLES)


_RELAY_TITLES = ("spokes", "press secretary", "aide", "press officer")


def _announcer_rank(entity: Entity) -> int:
    if entity.kind == "person":
        return 3 if "spokes" in (entity.title or "").lower() else 2
    return 1


def _clause_start(text: str, sentence: Span, pos: int) -> int:
    """Start of the clause holding `pos`: after the last colon, semicolon or opening quote."""
    cut = sentence.start
    for mark in (": ", "; "):
        i = text.rfind(mark, sentence.start, pos)
        if i != -1:
            cut = max(cut, i + len(mark))
    if text.count('"', sentence.start, pos) % 2 == 1:
        cut = max(cut, text.rfind('"', sentence.start, pos) + 1)
    return cut


def _first_name_after(doc: Document, start: int, limit: int) -> Mention | None:
    """A full name (two or more words) right after "with", even without a known title."""
    for m in doc.mentions.within(start, limit):
        entity = m.entity
        if entity.kind != "person":
            continue  # "Philippine", "Pentagon": part of the title in front of the name
        if not entity.anchored and " " in entity.name and m.start - start <= 80:
            return m
        return None
    return None


def _people(mentions: list[Mention]) -> list[Mention]:
    """Officials: named with a title or description, or by a full name ("Vladimir Putin")."""
    return [
        m for m in mentions
        if m.entity.kind == "person" and m.entity.official
        and (m.entity.anchored or " " in m.entity.name)
    ]  # fmt: skip


def _participants(
    doc: Document,
    sentence: Span,
    people: list[Mention],
    people_starts: list[int],
    trigger: re.Match[str],
    speaker_spans: set[tuple[int, int]],
) -> tuple[list[Entity], list[Entity]]:
    """Who is on the call: the subjects before the trigger and the objects after "with".

    `people` are the officials named in the sentence (`_people`), in order, and
    `people_starts` their start offsets: each step reads only the stretch it needs,
    so a sentence naming many people costs no more per trigger than a short one."""
    shadow = doc.shadow
    t_start, t_end = trigger.span()
    clause = _clause_start(shadow, sentence, t_start)
    subjects: list[Entity] = []
    objects: list[Entity] = []
    told = _TOLD.match(trigger.group())
    # Only people inside [clause, trigger end) can be subjects or a told object.
    for m in people[bisect_left(people_starts, clause) : bisect_left(people_starts, t_end)]:
        if told and t_start < m.start and m.end <= t_end:
            if m.entity not in objects:
                objects.append(m.entity)  # "X told Y by phone": Y is on the call
            continue
        if t_start <= m.start and m.end <= t_end and not told:
            if m.entity not in subjects:
                subjects.append(m.entity)  # "Thornton's Trilateral Call with ..."
            continue
        before = clause <= m.start and m.end <= t_start
        if before and (m.start, m.end) not in speaker_spans and m.entity not in subjects:
            subjects.append(m.entity)
    # "In a separate call, X and Y discussed ...": the subjects follow the comma.
    lead_in = _LEAD_IN.fullmatch(shadow, sentence.start, t_start)
    comma = _COMMA_AFTER.match(shadow, t_end, sentence.end)
    if lead_in and comma and not subjects:
        following = people[bisect_left(people_starts, comma.end()) :]
        if following and following[0].start - comma.end() <= 60:
            subjects.append(following[0].entity)
            for previous, m in itertools.pairwise(following):
                gap = shadow[previous.end : m.start]
                if len(gap) > 80 or not _JOIN.fullmatch(gap):
                    break
                if m.entity not in subjects:
                    subjects.append(m.entity)
            told_whom = _TOLD_WHOM.match(shadow, following[0].end)
            addressee = next(
                (m for m in following if told_whom and m.start == told_whom.end()), None
            )
            if addressee is not None and addressee.entity not in subjects:
                subjects.append(addressee.entity)  # "..., Dubreuil told Jovic that ..."
    # The object: "with X [and Y]" / "between X and Y" after the trigger.
    link = _WITH.search(shadow, t_end, min(sentence.end, t_end + 60))
    if link:
        window_end = min(sentence.end, link.end() + 150)
        stop = _OBJECT_STOP.search(shadow, link.end(), window_end)
        limit = stop.start() if stop else window_end
        nearby = people[bisect_left(people_starts, link.end()) : bisect_left(people_starts, limit)]
        after = [m for m in nearby if m.end <= limit]
        named = _first_name_after(doc, link.end(), limit)
        if named is not None and (not after or named.start < after[0].start):
            after.insert(0, named)  # "with Philippine Secretary of National Defense Ramon Dizon"
        if after and after[0].start - link.end() <= 130:
            objects.append(after[0].entity)
            previous = after[0]
            for m in after[1:]:
                gap = shadow[previous.end : m.start]
                if len(gap) > 80 or not _JOIN.fullmatch(gap):
                    break
                if m.entity not in objects and m.entity.anchored:
                    # a further party must carry a title ("Political Bureau" does not)
                    objects.append(m.entity)
                previous = m
    return subjects, [o for o in objects if o not in subjects]


def _is_past(doc: Document, sentence: Span, trigger: re.Match[str]) -> bool:
    shadow = doc.shadow
    if _SCHEDULE_ENTRY.match(shadow, sentence.start, sentence.end):
        return False  # "11:00 a.m. Secretary X participates in a phone call": a schedule
    window_start = max(_clause_start(shadow, sentence, trigger.start()), trigger.start() - 80)
    # Headlines capitalize ("Kuroda to Hold Phone Talks"); the month May is not "may".
    window = _MONTH_MAY.sub(" ", shadow[window_start : trigger.start()]).lower()
    if _NOT_PAST.search(window):
        return False
    return not _LATER.match(shadow, trigger.end(), sentence.end)


def _date_text(text: str) -> str:
    return _ANNOUNCE_TAIL.sub(" ", text)


def find_calls(doc: Document, attributions: list[Attribution]) -> list[CallDraft]:
    """Every call readout in the article, one draft per distinct set of participants."""
    shadow = doc.shadow
    strong_hits: list[tuple[Span, re.Match[str], bool]] = []
    for i in doc.triggers.sentences_with("call"):
        sentence = doc.sentences[i]
        for match in itertools.islice(
            _STRONG.finditer(shadow, sentence.start, sentence.end), MAX_TRIGGERS_PER_SENTENCE
        ):
            strong_hits.append((sentence, match, True))
    # Whether a trigger tells of a past call depends only on its sentence's text and its
    # place in it (every look stays inside the sentence): wire copy repeats sentences.
    past_of: dict[tuple[str, int, int], bool] = {}

    def is_past(sentence: Span, match: re.Match[str]) -> bool:
        key = (
            shadow[sentence.start : sentence.end],
            match.start() - sentence.start,
            match.end() - sentence.start,
        )
        known = past_of.get(key)
        if known is None:
            known = past_of[key] = _is_past(doc, sentence, match)
        return known

    if not any(is_past(s, m) for s, m, _ in strong_hits):
        return []
    hits = list(strong_hits)
    for i in doc.triggers.sentences_with("spoke"):
        if doc.triggers.has("in_person", i) and _IN_PERSON.search(
            shadow, doc.sentences[i].start, doc.sentences[i].end
        ):
            continue
        sentence = doc.sentences[i]
        for match in itertools.islice(
            _WEAK.finditer(shadow, sentence.start, sentence.end), MAX_TRIGGERS_PER_SENTENCE
        ):
            hits.append((sentence, match, False))
    hits.sort(key=lambda h: h[1].start())

    speakers_by_sentence: dict[int, list[Attribution]] = {}
    for attribution in attributions:
        speakers_by_sentence.setdefault(attribution.sentence.start, []).append(attribution)

    readouts = [a for a in attributions if a.via in ("according", "transcript")]
    readout_starts = [a.sentence.start for a in readouts]
    dates: dict[str, date | None] = {}  # by sentence text: the same text, the same date
    people_in: dict[int, tuple[list[Mention], list[int]]] = {}
    calls: dict[frozenset[int], CallDraft] = {}
    for sentence, match, strong in hits:
        if not is_past(sentence, match):
            continue
        said = speakers_by_sentence.get(sentence.start, [])
        # The mention that "said" or is cited with "according to" announces the call;
        # subjects of content verbs ("Yoon pledged ... during a phone call") may be on it.
        speaker_spans = {
            a.speaker_span
            for a in said
            if a.verb in _ANNOUNCING_VERBS and a.speaker_span and _announces_only(a.speaker)
        }
        if sentence.start not in people_in:  # once per sentence, however many triggers
            people = _people(doc.mentions.within(sentence.start, sentence.end))
            people_in[sentence.start] = (people, [m.start for m in people])
        subjects, objects = _participants(
            doc, sentence, *people_in[sentence.start], match, speaker_spans
        )
        if strong and not subjects and not objects:
            # "The foreign ministers of Japan and Australia spoke over the phone Friday.
            # Japanese Foreign Minister X and her Australian counterpart Y ..."
            subjects = _named_next(doc, sentence)
        if match.group().lower().endswith(("calls", "conversations")) and len(objects) > 1:
            groups = [[*subjects, o] for o in objects]  # "X's calls with A and B": two calls
        else:
            groups = [[*subjects, *objects]]
        text = shadow[sentence.start : sentence.end]
        if text not in dates:
            dates[text] = resolve_date(_date_text(text), doc.reference_date)[0]
        occurred_on = dates[text]
        medium = "video" if strong and _VIDEO.search(match.group()) else "phone"
        for participants in groups:
            if len(participants) < 2:
                continue
            announcer = next((a.speaker for a in said if a.speaker not in participants), None)
            announcer = announcer or next(
                (a.speaker for a in said if a.verb in _SELF_ANNOUNCING_VERBS), None
            )
            draft = CallDraft(
                participants=participants,
                medium=medium,
                sentences=[sentence],
                occurred_on=occurred_on,
                announced_by=announcer
                or _readout_speaker(readouts, readout_starts, sentence, participants),
                confidence=0.9 if strong else 0.75,
            )
            _merge_into(calls, draft)
    found = list(calls.values())
    _attach_details(doc, found)
    return found


def _named_next(doc: Document, sentence: Span) -> list[Entity]:
    """The people the next sentence opens with, when a call sentence names nobody."""
    i = bisect_right(doc.sentence_starts, sentence.start)
    if i >= len(doc.sentences):
        return []
    following = doc.sentences[i]
    people = _people(doc.mentions.within(following.start, following.end))
    if not people or people[0].start - following.start > 80:
        return []
    named = [people[0].entity]
    for previous, m in itertools.pairwise(people):
        gap = doc.shadow[previous.end : m.start]
        if len(gap) > 80 or not _JOIN.fullmatch(gap):
            break
        if m.entity not in named:
            named.append(m.entity)
    return named if len(named) >= 2 else []


def _readout_speaker(
    readouts: list[Attribution],
    readout_starts: list[int],
    sentence: Span,
    participants: list[Entity],
) -> Entity | None:
    """The spokesperson or body a readout is attributed to earlier in the article."""
    i = bisect_right(readout_starts, sentence.start)
    for attribution in reversed(readouts[max(0, i - 5) : i]):
        if attribution.speaker not in participants:
            return attribution.speaker
    return None


def _merge_into(calls: dict[frozenset[int], CallDraft], draft: CallDraft) -> None:
    """Add a draft, or merge it into the call with the same participants."""
    key = frozenset(id(p) for p in draft.participants)
    call = calls.get(key)
    if call is not None:
        if call.sentences[-1] != draft.sentences[0] and len(call.sentences) < MAX_EVIDENCE:
            call.sentences.append(draft.sentences[0])
        call.occurred_on = call.occurred_on or draft.occurred_on
        if draft.medium == "video":
            call.medium = "video"
        if draft.announced_by is not None and (
            call.announced_by is None
            or _announcer_rank(draft.announced_by) > _announcer_rank(call.announced_by)
        ):
            call.announced_by = draft.announced_by
        call.confidence = max(call.confidence, draft.confidence)
        return
    calls[key] = draft


def _clean_phrase(phrase: str) -> str:
    return " ".join(phrase.replace('"', "").split()).strip(" ,.")


def _attach_details(doc: Document, calls: list[CallDraft]) -> None:
    """Topics and agreements from the call sentences and the sentences that follow them."""
    if not calls:
        return
    shadow = doc.shadow
    first = min(s.start for c in calls for s in c.sentences)
    owner_of = {s.start: c for c in calls for s in c.sentences}
    current: CallDraft | None = None
    for index, sentence in enumerate(doc.sentences):
        if sentence.start < first:
            continue
        if not doc.triggers.has("discussed", index) and sentence.start not in owner_of:
            continue
        owners = [owner_of[sentence.start]] if sentence.start in owner_of else []
        text = shadow[sentence.start : sentence.end]
        if not owners:
            named = {id(m.entity) for m in doc.mentions.within(sentence.start, sentence.end)}
            owners = [c for c in calls if any(id(p) in named for p in c.participants)]
            if len(owners) != 1:
                owners = [current] if current is not None and _COLLECTIVE.match(text) else []
        if len(owners) != 1:
            continue
        call = owners[0]
        current = call
        if any(word in text for word in _TOPIC_WORDS):
            for topic in _TOPIC.finditer(text):
                _add_unique(call.topics, _clean_phrase(topic.group(1)))
        if "agreed" in text:
            for agreed in _AGREED.finditer(text):
                _add_unique(call.agreements, _clean_phrase(agreed.group(1)))


def _add_unique(items: list[str], phrase: str) -> None:
    if len(phrase) < 4 or len(items) >= MAX_DETAILS:
        return
    key = phrase.lower()
    if all(existing.lower() != key for existing in items):
        items.append(phrase)
