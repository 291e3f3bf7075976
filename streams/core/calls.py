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
from streams.core.rules import CALL_AGREED, CALL_NAMED, CALL_SPOKE, CALL_TOPIC, IN_PERSON
from streams.core.statements import Attribution
from streams.core.text import MAX_TRIGGERS_PER_SENTENCE, Span

_STRONG = CALL_NAMED.pattern
_WEAK = CALL_SPOKE.pattern
# Talking as a habit, not one call: "have spoken several times", "often talked".
_HABITUAL = re.compile(
    r"\s+(?:[\w-]+\s+){0,3}?(?:(?:multiple|several|many|numerous|countless|a number of)\s+"
    r"times|regularly|frequently|repeatedly|often|on several occasions)\b"
)
_HABITUAL_BEFORE = re.compile(r"\b(?:often|regularly|frequently|repeatedly|usually)\s+$")
_VIDEO = re.compile(r"video|virtual|teleconference|online", re.IGNORECASE)
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
_TOLD = re.compile(r"(?:told|assured|informed|briefed|urged|asked|called)\s")
_LEAD_IN = re.compile(r"\W*(?:In|During|Over)\s+(?:[\w-]+\s+){0,3}")
_COMMA_AFTER = re.compile(r"[^,;]{0,120}?,\s*")
_MONTH_MAY = re.compile(r"\bMay\b")
_SCHEDULE_ENTRY = re.compile(r"\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?\s")
_LATER = re.compile(r"\W{0,3}(?:\w+\s+){0,3}?(?:next week|tomorrow|later this|scheduled|planned)\b")
_IN_PERSON = IN_PERSON.pattern
# A meeting or visit named as another event than the one told: "ahead of their meeting".
_OTHER_EVENT = re.compile(
    r"\b(?:ahead of|before|after|following|prior to|since|until|prepare for|preparing for|"
    r"days after|weeks after|last|next|planned|upcoming)\s+(?:[\w'.-]+\s+){0,4}$"
)
# A person right before "after ..." is the object of another verb, not the caller.
_OTHER_OBJECT = re.compile(r"\s+(?:after|before|following|ahead of|since)\b")
# The trigger's own clause is past: it has a finite verb of its own ("..., held ...").
_PAST_CLAUSE = re.compile(
    r"\b(?:held|had|made|conducted|joined|hosted|spoke|talked|exchanged|discussed|agreed|"
    r"told|said)\b"
)
_PAST_TRIGGER = re.compile(
    r"(?:spoke|spoken|talked|conferred|phoned|telephoned|dialled|dialed|rang|called|told|"
    r"assured|informed|briefed|urged|asked)\b",
    re.IGNORECASE,
)
# "with X", "between X and Y", "a phone call from X"; a calling verb takes X directly.
_WITH = re.compile(
    r"\b(?:with|between|from|at the (?:request|invitation|initiative) of)\b"
    r"|(?<=phoned)|(?<=dialled)|(?<=dialed)|(?<=rang)"
)
# "talked by telephone to his Turkish counterpart X": after a verb of speaking, "to" links too.
_SPEAKING = re.compile(r"(?:spoke|spoken|talked|conferred)\b", re.IGNORECASE)
_SPOKE_TO = re.compile(r"\s+to\b")
# "X called Y on Thursday to congratulate him": Y ends right before the purpose.
_CALLED_TAIL = re.compile(r"\s+(?:(?:on|late|early)\s+(?:[\w.]+\s+){1,2}?)?to\s")
_OBJECT_STOP = Prefiltered(
    re.compile(
        r"\bto (?:discuss|talk|review|exchange|address|share|seek|express|congratulate|confirm)\b"
        r"|;|\babout\b|\bregarding\b|\bconcerning\b|\bamid\b"
    ),
)
_JOIN = re.compile(r"\s*(?:,\s*)?(?:and|as well as)\s+(?:[\w.'-]+\s+){0,6}")
# Between two parties of one list ("A, U.S. Secretary of State B and Japanese Foreign
# Minister C"): a comma or "and", then at most the next party's title - never a clause.
_LIST_JOIN = re.compile(
    r"\s*(?:,\s*(?:and\s+|as well as\s+)?|and\s+|as well as\s+)"
    r"(?:(?!(?:who|which|whose|that|where|when|while|after|before|but|as|to|said|says)\b"
    r"|[a-z]+ed\b)[\w.'-]+\s+){0,6}"
)
# A bare join ("Lloyd Austin and Nobuo Kishi"): the next name needs no title of its own.
_BARE_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")
# "Biden congratulating Kishida", "X telling his Japanese counterpart Y": the addressee.
_ING_WHOM = re.compile(
    r"\s+(?:congratulating|telling|thanking|assuring|briefing|urging|asking|informing|inviting)"
    r"\s+(?:(?:his|her|their)\s+(?:[\w-]+\s+)?counterparts?,?\s+)?"
    r"(?:(?!(?:that|who|which|to|about|on|for)\b)[\w.'-]+\s+){0,5}"
)
# After "told": the addressee's title, never a clause ("told Pakistani Foreign Minister X").
_TITLE_GAP = re.compile(r"(?:(?!(?:that|who|which|to|about|on|for)\b)[\w.'-]+\s+){0,6}")
_ANNOUNCE_TAIL = re.compile(
    r"\b(?:said|says|told \w+|announced|reported|stated|added)\s+(?:on\s+)?(?:late\s+|early\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
_TOPIC = CALL_TOPIC.pattern
_AGREED = CALL_AGREED.pattern
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


def _habitual(shadow: str, sentence: Span, match: re.Match[str]) -> bool:
    """Talking as a habit ("have spoken several times", "often talked by phone"): no one
    call is told."""
    return bool(
        _HABITUAL.match(shadow, match.end(), sentence.end)
        or _HABITUAL_BEFORE.search(shadow, max(sentence.start, match.start() - 24), match.start())
    )


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


# A capitalized heading is not a person: "Trilateral Call", "Telephone Talk".
_CALL_NOUN_IN_NAME = re.compile(
    r"\b(?:Calls?|Talks?|Conversations?|Phone|Telephone|Video|Meetings?|Summit)\b"
)


def _people(mentions: list[Mention]) -> list[Mention]:
    """Officials: named with a title or description, or by a full name ("Vladimir Putin")."""
    return [
        m for m in mentions
        if m.entity.kind == "person" and m.entity.official
        and (m.entity.anchored or " " in m.entity.name)
        and not _CALL_NOUN_IN_NAME.search(m.entity.name)
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
    called = trigger.group().startswith("called")
    for m in people[bisect_left(people_starts, clause) : bisect_left(people_starts, t_end)]:
        if told and t_start < m.start and m.end <= t_end:
            if called and not _CALLED_TAIL.match(shadow, m.end):
                continue  # "X called Y's remarks ...": Y is not the one called
            if m.entity not in objects:
                objects.append(m.entity)  # "X told Y by phone": Y is on the call
            continue
        if t_start <= m.start and m.end <= t_end and not told:
            if m.entity not in subjects:
                subjects.append(m.entity)  # "Thornton's Trilateral Call with ..."
            continue
        before = clause <= m.start and m.end <= t_start
        if before and _OTHER_OBJECT.match(shadow, m.end, t_start):
            continue  # "X speaks to Y after a video call with Z": Y is not on that call
        if before and (m.start, m.end) not in speaker_spans and m.entity not in subjects:
            subjects.append(m.entity)
    # "In a separate call, X and Y discussed ...": the subjects follow the comma.
    lead_in = _LEAD_IN.fullmatch(shadow, sentence.start, t_start)
    comma = _COMMA_AFTER.match(shadow, t_end, sentence.end)
    if lead_in and comma and not subjects:
        following = people[bisect_left(people_starts, comma.end()) :]
        if following and following[0].start - comma.end() <= 60:
            subjects.extend(_listed(shadow, following, titled=False))
            told_whom = _TOLD_WHOM.match(shadow, following[0].end)
            addressee = next(
                (m for m in following if told_whom and m.start == told_whom.end()), None
            )
            if addressee is not None and addressee.entity not in subjects:
                subjects.append(addressee.entity)  # "..., Dubreuil told Jovic that ..."
    # The object: "with X [and Y]" / "between X and Y" after the trigger.
    link = _WITH.search(shadow, t_end, min(sentence.end, t_end + 60))
    link_end = link.end() if link else -1
    if _SPEAKING.match(trigger.group()):
        to = _SPOKE_TO.match(shadow, t_end, sentence.end)
        if to is not None and (link is None or to.start() < link.start()):
            link_end = to.end()
    if link_end != -1:
        window_end = min(sentence.end, link_end + 150)
        stop = _OBJECT_STOP.search(shadow, link_end, window_end)
        limit = stop.start() if stop else window_end
        nearby = people[bisect_left(people_starts, link_end) : bisect_left(people_starts, limit)]
        after = [m for m in nearby if m.end <= limit]
        named = _first_name_after(doc, link_end, limit)
        if named is not None and (not after or named.start < after[0].start):
            after.insert(0, named)  # "with Philippine Secretary of National Defense Ramon Dizon"
        if after and after[0].start - link_end <= 130:
            objects.extend(o for o in _listed(shadow, after, titled=True) if o not in objects)
    return subjects, [o for o in objects if o not in subjects]


def _listed(shadow: str, mentions: list[Mention], *, titled: bool) -> list[Entity]:
    """The first mention's entity and the parties listed with it ("A, B and C").

    With `titled`, a further party joined by more than a bare "and" or comma must
    carry a title of its own ("Political Bureau" does not)."""
    out = [mentions[0].entity]
    previous = mentions[0]
    for m in mentions[1:]:
        gap = shadow[previous.end : m.start]
        if len(gap) > 80 or not (_LIST_JOIN.fullmatch(gap) or _ING_WHOM.fullmatch(gap)):
            break
        if m.entity not in out and (not titled or m.entity.anchored or _BARE_JOIN.fullmatch(gap)):
            out.append(m.entity)
        previous = m
    return out


def _is_past(doc: Document, sentence: Span, trigger: re.Match[str]) -> bool:
    shadow = doc.shadow
    if _SCHEDULE_ENTRY.match(shadow, sentence.start, sentence.end):
        return False  # "11:00 a.m. Secretary X participates in a phone call": a schedule
    if shadow[sentence.end - 1] == "?":
        return False  # "Will X speak with Y by phone?": a question reports no call
    window_start = max(_clause_start(shadow, sentence, trigger.start()), trigger.start() - 80)
    # Headlines capitalize ("Kuroda to Hold Phone Talks"); the month May is not "may".
    window = _MONTH_MAY.sub(" ", shadow[window_start : trigger.start()]).lower()
    if _not_past_before(window, trigger.group()):
        return False
    return not _LATER.match(shadow, trigger.end(), sentence.end)


def _not_past_before(window: str, trigger: str) -> bool:
    """Whether a plan, hope or negation governs the trigger (`window`: its clause, lowercased).

    A marker in an earlier clause of the sentence does not reach a trigger whose own
    clause is past: "X, who will visit Seoul next week, held phone talks with Y"."""
    if not _NOT_PAST.search(window):
        return False
    comma = window.rfind(",")
    if comma == -1:
        return True
    tail = window[comma + 1 :]
    if _NOT_PAST.search(tail):
        return True
    return not (_PAST_CLAUSE.search(tail) or _PAST_TRIGGER.match(trigger))


def _met_in_person(shadow: str, sentence: Span) -> bool:
    """Whether the sentence tells of an in-person encounter, not of another event's.

    "On the sidelines of the summit, X spoke with Y" met in person; "X spoke with Y
    ahead of their meeting next week" did not, so the meeting cancels nothing."""
    for hit in _IN_PERSON.finditer(shadow, sentence.start, sentence.end):
        if not _OTHER_EVENT.search(shadow, max(sentence.start, hit.start() - 50), hit.start()):
            return True
    return False


# A wire dateline ("BEIJING, Oct. 28 (Xinhua) --", "WASHINGTON, Oct 27 (Reuters) -") dates
# the filing, not the call: "... on Oct. 27" later in the sentence is the call's date.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z.' -]{1,40},\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?"
    r"\s*(?:\([^()]{1,40}\))?\s*(?:--|-|\u2013|\u2014)\s*"
)


def _date_text(text: str) -> str:
    return _ANNOUNCE_TAIL.sub(" ", _DATELINE.sub(" ", text, count=1))


def find_calls(doc: Document, attributions: list[Attribution]) -> list[CallDraft]:
    """Every call readout in the article, one draft per distinct set of participants."""
    shadow = doc.shadow
    strong_hits: list[tuple[Span, re.Match[str], bool]] = []
    for i in doc.triggers.sentences_with(CALL_NAMED.family):
        sentence = doc.sentences[i]
        for match in itertools.islice(
            _STRONG.finditer(shadow, sentence.start, sentence.end), MAX_TRIGGERS_PER_SENTENCE
        ):
            if not _habitual(shadow, sentence, match):
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
    for i in doc.triggers.sentences_with(CALL_SPOKE.family):
        sentence = doc.sentences[i]
        if doc.triggers.has(IN_PERSON.family, i) and _met_in_person(shadow, sentence):
            continue
        for match in itertools.islice(
            _WEAK.finditer(shadow, sentence.start, sentence.end), MAX_TRIGGERS_PER_SENTENCE
        ):
            if _habitual(shadow, sentence, match):
                continue
            hits.append((sentence, match, False))
    hits.sort(key=lambda h: h[1].start())

    speakers_by_sentence: dict[int, list[Attribution]] = {}
    for attribution in attributions:
        speakers_by_sentence.setdefault(attribution.sentence.start, []).append(attribution)

    readouts = [a for a in attributions if a.via in ("according", "transcript")]
    readout_starts = [a.sentence.start for a in readouts]
    dates: dict[str, date | None] = {}  # by sentence text: the same text, the same date
    people_in: dict[int, tuple[list[Mention], list[int]]] = {}
    calls: dict[frozenset[int | str], CallDraft] = {}
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
        if strong and len(subjects) + len(objects) < 2:
            # "The foreign ministers of Japan and Australia spoke over the phone Friday.
            # Japanese Foreign Minister X and her Australian counterpart Y ...": the
            # participants given by title are named in a following sentence.
            known = [*subjects, *objects]
            later = [e for e in _named_later(doc, sentence) if e not in known]
            if later:
                subjects, objects = [*known, *later], []
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


# How a following sentence names the people of a call given by title: "In the
# conversation, X and Y ...", "... citing the conversation between X and Y".
_FOLLOW_LEAD = re.compile(
    r"\W*(?:(?:In|During|Over)\s+(?:the|their|that|this)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:conversation|call|talks|exchange|meeting)\s*,\s*)?"
)
_BACK_REFERENCE = re.compile(
    r"\b(?:the|their|that|this)\s+(?:(?:tele)?phone\s+|video\s+)?"
    r"(?:conversation|call|talks)\s+(?:between|with)\s+"
)
# The people of a list met in person: "X and Y met", "X and Y also visited".
_MET_AFTER = re.compile(
    r"[\s,]*(?:(?:also|later|then|had|have|has|first|earlier|previously|last)\s+)*"
    r"(?:met|meets|visited|visiting|held (?:a |an |their )?(?:meeting|summit|talks in))\b"
)
# The people of a list only plan something: "X and Y will meet", "X is expected to ...".
_PLAN_AFTER = re.compile(
    r"[\s,]*(?:(?:also|then|now|soon)\s+)*(?:will|would|shall|plans?\s+to|intends?\s+to|"
    r"hopes?\s+to|(?:is|are)\s+(?:set|expected|scheduled|due|going|to)\b)"
)
# How far a following sentence may be from the call sentence it names people for.
_FOLLOW_SENTENCES = 2


def _named_later(doc: Document, sentence: Span) -> list[Entity]:
    """The people a call given by title is named with in a following sentence.

    The first following sentence that names an official decides: its opening list
    of people ("X, Y and Z agreed ..."), the addressee of its "X told Y", or the
    people of "the conversation between X and Y". A sentence about a meeting or a
    plan names nobody for the call."""
    shadow = doc.shadow
    i = bisect_right(doc.sentence_starts, sentence.start)
    for j, following in enumerate(doc.sentences[i : i + _FOLLOW_SENTENCES], start=i):
        if doc.triggers.has(CALL_NAMED.family, j):
            return []  # a sentence that names a call itself is read on its own
        people = _people(doc.mentions.within(following.start, following.end))
        if not people:
            continue
        starts = [m.start for m in people]
        back = _BACK_REFERENCE.search(shadow, following.start, following.end)
        if back is not None:
            listed = people[bisect_left(starts, back.end()) :]
            named = _listed(shadow, listed, titled=False) if listed else []
            return named if len(named) >= 2 and listed[0].start - back.end() <= 60 else []
        lead = _FOLLOW_LEAD.match(shadow, following.start, following.end)
        if lead is None or people[0].start - lead.end() > 80:
            return []
        named = _listed(shadow, people, titled=False)
        last = next(m for m in people if m.entity is named[-1])
        if (
            lead.end() == following.start  # "In the conversation, ..." is the call itself
            and doc.triggers.has(IN_PERSON.family, j)
            and (
                _IN_PERSON.search(shadow, following.start, people[0].start)
                or _MET_AFTER.match(shadow, last.end, following.end)
            )
        ):
            return []  # "On the sidelines, X and Y ...", "X and Y met ..."
        if _PLAN_AFTER.match(shadow, people[0].end) or _PLAN_AFTER.match(shadow, last.end):
            return []  # "X and Y will meet next month": a plan names nobody for the call
        told_whom = _TOLD_WHOM.match(shadow, people[0].end)
        if told_whom is not None and len(named) == 1:
            for m in people[1:]:
                if _TITLE_GAP.fullmatch(shadow, told_whom.end(), m.start):
                    named.append(m.entity)  # "X told Pakistani Foreign Minister Y that ..."
                    break
        return named if len(named) >= 2 else []
    return []


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


def _person_key(entity: Entity) -> int | str:
    """One key per participant: its entity, or the first three words of a long name.

    A title-case headline can run a verb into a long name ("Mohammed bin Salman
    Discuss"), which makes a second entity for the person the body names in full."""
    words = entity.name.split()
    return " ".join(words[:3]) if len(words) >= 4 else id(entity)


def _merge_into(calls: dict[frozenset[int | str], CallDraft], draft: CallDraft) -> None:
    """Add a draft, or merge it into the call with the same participants."""
    key = frozenset(_person_key(p) for p in draft.participants)
    call = calls.get(key)
    if call is not None:
        for i, person in enumerate(call.participants):
            better = next(
                (
                    p for p in draft.participants
                    if p is not person and _person_key(p) == _person_key(person)
                    and p.title and not person.title
                ),
                None,
            )  # fmt: skip
            if better is not None:
                call.participants[i] = better  # the body's titled name beats a headline's
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
        topic = doc.triggers.has(CALL_TOPIC.family, index)
        agreed = doc.triggers.has(CALL_AGREED.family, index)
        if not (topic or agreed) and sentence.start not in owner_of:
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
        if topic:
            for found in _TOPIC.finditer(text):
                _add_unique(call.topics, _clean_phrase(found.group(1)))
        if agreed:
            for found in _AGREED.finditer(text):
                _add_unique(call.agreements, _clean_phrase(found.group(1)))


def _add_unique(items: list[str], phrase: str) -> None:
    if len(phrase) < 4 or len(items) >= MAX_DETAILS:
        return
    key = phrase.lower()
    if all(existing.lower() != key for existing in items):
        items.append(phrase)
