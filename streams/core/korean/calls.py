"""Calls in Korean copy: 통화, 전화 통화, 전화회담, 화상 통화/회담/회의, 유선 협의, 전화로 협의.

A call counts when it has taken place: the words right after the call noun say so
("통화를 갖고", "통화했다", "통화에서", "통화 뒤", "화상으로 개최했다"), and nothing around
it makes it planned ("통화할 예정", "통화를 가질 것으로", "통화가 성사되면", "일정 조율").
In-person meetings (회담, 회동, 만나) are not calls; 회담/회의 count only by video.

Participants are the people of the call's sentence: its subject ("A는 B와 통화했다") and
the other party ("B와", "B과의"); spokespersons relay a call, they are not on it. When the
sentence names nobody ("두 정상은 통화했다", "회의를 화상으로 개최했다"), the people come
from the sentences about the call before it, else from the next two sentences.
"""

from __future__ import annotations

import re
from datetime import date

from streams.core.calls import CallDraft
from streams.core.korean import lexicon as lx
from streams.core.korean.dates import resolve_korean_date
from streams.core.korean.document import KoDocument, KoSentence
from streams.core.korean.mentions import KoMention
from streams.core.mentions import Entity
from streams.core.text import Span

CALL = re.compile(
    r"(?P<video>화상|영상)\s?(?:통화|회담|정상회담|회의|협의|면담|연결|으로|을\s?통해)"
    r"|(?:전화\s?)?통화(?!\s?(?:량|정책|가치|스와프|녹음|녹취|연결음))"
    r"|전화\s?회담|전화\s?협의|유선\s?협의|전화를\s?(?:걸어|받)"
    r"|(?:전화|유선)(?:으)?로\s?(?:협의|대화|논의|회담|소통)"
)
# Right after the call noun: it happened.
_PAST = re.compile(
    r"^\s?(?:를|을|가|는|도|은)?\s?(?:(?:약\s?)?\d+분\s?(?:간|동안)?\s?)?"
    r"(?:했|가졌|갖고|가진|진행했|진행됐|진행한|나눴|실시|열었|열고|열린|개최했|개최한|개최됐"
    r"|하면서|하며|해\b|하고|한\s|한\s?바|한\s?뒤|한\s?후|이뤄졌|이루어졌|있었|있고|에서|을\s?통해"
    r"|를\s?통해|뒤|후|직후|사실|결과"
    r"|(?:으)?로\s[^.]{0,40}?(?:논의|협의|개최|진행)했"
    r"|(?:으)?로\s?(?:개최|열|진행|연결)(?:했|한|됐|었))"
)
_BEFORE_PAST = re.compile(r"(?:이뤄진|이루어진|가진|있었던|했던|진행된|열린)\s?$")
# Anywhere in the sentence: the call is planned or only possible.
_FUTURE = re.compile(
    r"예정|할\s?것으로|가질\s?것으로|질\s?것으로|갖기로|하기로\s?했|계획|추진|조율|성사되면|성사될"
    r"|이뤄지면|이루어지면|이뤄질지|이뤄질|가능성|원한다|바란다|바라|희망|앞두고|것으로\s?보|전망"
    r"|하자는|제안|요청했|일정|시점"
)
_RECENT_CALLS = 8
_JOINT_PEOPLE = re.compile(r"두\s?정상|양\s?정상|양국\s?정상|두\s?장관|양\s?장관|두\s?사람|양측")


def _happened(doc: KoDocument, sentence: KoSentence, start: int, end: int) -> bool:
    """Whether the call noun at [start, end) reports a call that took place."""
    body = doc.body
    if sentence.quoted(start):
        return False
    after = body[end : min(sentence.end, end + 40)]
    clause_end = min(sentence.end, end + 40)
    if _FUTURE.search(body, end, clause_end) and not _PAST.match(after[:12]):
        return False
    if _FUTURE.search(body, max(sentence.start, start - 12), start):
        return False
    if _PAST.match(after):
        return True
    return bool(_BEFORE_PAST.search(body, max(sentence.start, start - 12), start))


def _is_participant(entity: Entity, mention: KoMention) -> bool:
    """People on the call: officials, not spokespersons or unnamed officials relaying it."""
    if entity.kind != "person" or not entity.official:
        return False
    role = mention.role or entity.title or ""
    return not any(role.endswith(r) for r in lx.RELAY_TITLES)


def _participants(sentence: KoSentence, cue: int) -> list[Entity]:
    """The people a call sentence puts on the call, in order of mention."""
    out: list[Entity] = []
    for m in sentence.mentions:
        if sentence.quoted(m.start) or not _is_participant(m.entity, m):
            continue
        if m.tail > cue:
            break
        # "A와 B의 통화": the possessor right before the call noun is on it too.
        possessor = m.particle == "의" and cue - m.tail <= 4
        if (m.subject or m.partner or possessor) and m.entity not in out:
            out.append(m.entity)
    return out


def _people(sentence: KoSentence) -> list[Entity]:
    out: list[Entity] = []
    for m in sentence.mentions:
        if _is_participant(m.entity, m) and m.entity not in out and not sentence.quoted(m.start):
            out.append(m.entity)
    return out


def find_calls(doc: KoDocument) -> list[CallDraft]:
    """Every call the article reports as having taken place, one per set of participants."""
    drafts: list[CallDraft] = []
    precise_dates: dict[int, bool] = {}  # id(draft) -> dated before its call noun
    body = doc.body
    call_sentences: list[int] = []
    for index, sentence in enumerate(doc.sentences):
        cues = list(CALL.finditer(body, sentence.start, sentence.end))
        if cues:
            call_sentences.append(index)
        for cue in cues:
            if not _happened(doc, sentence, cue.start(), cue.end()):
                continue
            people = _participants(sentence, cue.start())
            evidence = [Span(sentence.start, sentence.end)]
            if len(people) < 2:
                people = _fill(doc, index, call_sentences, people, evidence)
            if len(people) < 2:
                continue
            medium = "video" if cue.group("video") else "phone"
            # The date written before the call noun is the call's ("A는 7일 B와 통화"); one
            # after it may be the announcement's ("...통화했다고 23일 밝혔다").
            before = resolve_korean_date(body[sentence.start : cue.start()], doc.reference_date)
            dated = (
                (before, True)
                if before
                else (
                    resolve_korean_date(body[sentence.start : sentence.end], doc.reference_date),
                    False,
                )
            )
            _add(drafts, people, medium, evidence, dated, precise_dates)
    return drafts


def _fill(
    doc: KoDocument,
    index: int,
    call_sentences: list[int],
    people: list[Entity],
    evidence: list[Span],
) -> list[Entity]:
    """Participants from the sentences about the call around one that names too few."""
    sentence = doc.sentences[index]
    text = doc.body[sentence.start : sentence.end]
    joint = _JOINT_PEOPLE.search(text) is not None
    sources = [i for i in call_sentences if i < index][-2:] if joint or people else []
    if not people or joint:
        sources += [i for i in range(index + 1, min(len(doc.sentences), index + 3))]
    out = list(people)
    for i in sources:
        for entity in _people(doc.sentences[i]):
            if entity not in out:
                out.append(entity)
                s = doc.sentences[i]
                evidence.append(Span(s.start, s.end))
        if len(out) >= 2 and (people or joint):
            break
    return out


def _add(
    drafts: list[CallDraft],
    people: list[Entity],
    medium: str,
    evidence: list[Span],
    dated: tuple[date | None, bool],
    precise_dates: dict[int, bool],
) -> None:
    """Add a call, or merge it into the one with the same participants."""
    occurred_on, precise = dated
    ids = {id(p) for p in people}
    # The same call told again is near: only the latest calls are merged into (a hostile
    # body can report thousands of calls).
    for draft in reversed(drafts[-_RECENT_CALLS:]):
        known = {id(p) for p in draft.participants}
        if ids <= known or known <= ids:
            for p in people:
                if id(p) not in known:
                    draft.participants.append(p)
            draft.sentences.extend(s for s in evidence if s not in draft.sentences)
            if medium == "video":
                draft.medium = "video"
            if occurred_on and (
                draft.occurred_on is None or (precise and not precise_dates[id(draft)])
            ):
                draft.occurred_on = occurred_on
                precise_dates[id(draft)] = precise
            return
    draft = CallDraft(
        participants=list(people),
        medium=medium,
        sentences=list(evidence),
        occurred_on=occurred_on,
        confidence=0.9 if len(people) == 2 else 0.8,
    )
    precise_dates[id(draft)] = precise
    drafts.append(draft)
