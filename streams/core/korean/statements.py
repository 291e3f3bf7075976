"""Statements in Korean copy: who said what, through a verb of communication.

"A는 ...고 말했다", "...라고 A가 밝혔다", "A에 따르면 ...", "A 대변인은 ... 브리핑에서",
담화, 성명. The speaker of a verb is the nearest subject before it ("은/는/이/가"), outside
quotes, that no earlier verb has taken: in "커비 대변인은 헤이글 장관이 ...고 말했다고
밝혔다" 말했다 is Hagel's and 밝혔다 Kirby's. A sentence with no subject of its own ("이어
...고 덧붙였다") continues the previous speaker. Outlets ("교도통신은 ... 전했다"), experts and
joint subjects ("두 장관은 ...") take their verb but make no statement; joint and collective
verbs (합의했다, 논의했다, 의견을 같이했다) are not communication verbs at all.
"""

from __future__ import annotations

import re

from streams.core.korean.dates import resolve_korean_date
from streams.core.korean.document import KoDocument, KoSentence
from streams.core.korean.mentions import KoMention
from streams.core.mentions import Entity
from streams.core.statements import Attribution
from streams.core.text import Span

_HA_STEMS = (
    "말 언급 강조 설명 주장 요구 당부 촉구 경고 위협 주문 발표 비난 비판 지적 약속 표명 부연"
    " 소개 반발 반박 항의 제안 제시 요청 화답 제기 공개 시사 천명 역설 재확인 거론 답변 논평"
    " 규탄 평가 호소 확언 해명 보고 통보 요구 단언 공언 일축 부인 반문 답 브리핑 증언 지시"
).split()
VERB = re.compile(
    r"(?:" + "|".join(sorted(set(_HA_STEMS), key=len, reverse=True)) + r")"
    r"(?:했던|하였|하기도\s?했|했|한(?!다면)|하면서|하며|하고(?!\s?있)|하는|해\s?왔)"
    r"|밝(?:혔|힌|히며|히면서|히고|혀\s?왔)|전(?:했|하며|하면서)|알(?:렸|린|리며|리면서)"
    r"|덧붙(?:였|인|이며|이면서)|적었|올렸|답했|맞섰|선을\s?그었|으름장을\s?놨|목소리를\s?냈"
    r"|입장을\s?(?:냈|내놨)|성명을\s?(?:내고|냈|발표)|담화를\s?(?:발표|냈|내고)"
    r"|(?:다|라|자|냐|까)고(?:도)?\s?(?:했|하였|한다|합니다|말)"
    r"|(?:다|라)(?:며|면서)(?=\s)|요구하고\s?있"
)
# Subjects that are two sides at once: their verbs are joint, never one speaker's.
JOINT_SUBJECT = re.compile(
    r"(?:양측|양국|양\s?정상|두\s?정상|양국\s?정상|두\s?장관|양\s?장관|두\s?나라|두\s?사람|양자|"
    r"한미\s?양국|한일\s?양국|한중\s?양국|양측\s?대표|양국\s?장관)(?:은|는|이|가)(?=\s)"
)
_ACCORDING = re.compile(r"\s?에?\s?따르면")
_HEADER = re.compile(r"\s*(?:명의\s*)?(?:성명|발표\s?내용|논평|담화문|발표문)\s*$")
_CONTINUES = re.compile(
    r"^\s*(?:이어|그러면서|또한?|아울러|이에|특히|그는|그녀는|이와\s?함께|다만)\b"
)
_CHANNELS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"브리핑|기자회견|회견"), "briefing"),
    (re.compile(r"성명|담화|보도자료|논평|서면|발표문"), "written_statement"),
    (re.compile(r"트위터|페이스북|SNS|소셜|트루스|엑스\(|X\(|게시"), "social_media"),
    (re.compile(r"인터뷰"), "interview"),
    (re.compile(r"연설|축사|모두발언|기조발언"), "speech"),
    (re.compile(r"통화에서|통화를 통해|회담에서|회담을 통해"), "readout"),
)
_CONFIDENCE = {"person": 0.9, "institution": 0.85, "country": 0.75}


def _eligible(entity: Entity) -> bool:
    """Whether an entity can make an official statement (no outlet, expert or reporter)."""
    return entity.official


def _channel(text: str) -> str | None:
    for pattern, channel in _CHANNELS:
        if pattern.search(text):
            return channel
    return None


def _quote(doc: KoDocument, sentence: KoSentence) -> str | None:
    for start, end in sentence.quotes:
        if end - start > 4:
            return doc.body[start + 1 : end - 1]
    return None


def _joint_spans(doc: KoDocument, sentence: KoSentence) -> list[int]:
    """Where joint subjects ("두 장관은") end in the sentence."""
    return [m.end() for m in JOINT_SUBJECT.finditer(doc.body, sentence.start, sentence.end)]


TOPIC = frozenset({"은", "는", "도", "께서", "께서는", "측은", "측도"})
# The reported content ends right before the verb: '..."라고 밝혔다', '...했다고 (5일) 밝혔다'.
_COMPLEMENT = re.compile(
    r"(?:[”\"’']\s?(?:이)?(?:라)?고|(?:다|라|자|냐|까)고(?:도)?|(?:다|라)(?:며|면서))"
    r"(?:\s+[^\s]+){0,2}?\s*$"
)
_QUOTATIVE_VERB = re.compile(r"^(?:다|라|자|냐|까)")
_DIRECT = re.compile(r"[”\"’']")
# After a verb: its clause is the content of another verb, or modifies a noun.
_EMBEDDED = re.compile(
    r"(?:다고|다며|다는|다면서|는\s?데|ㄴ\s?데)|\s?(?:데\s?대해|데\s?대한|것과\s?관련|것에\s?대해)"
)
# "...없다는 펜스 부통령의 발언": the possessor of a reported remark is its speaker.
_REPORTED = re.compile(r"(?:다|라|자)는\s?$")
_REMARK_OF = re.compile(r"\s?(?:의\s)?(?:발언|주장|언급|경고|말|지적|입장|요구|제안|비판|위협)")
_FINITE = re.compile(r"(?:했|혔|였|렸|었|놨|냈)$")


def _speaker_of_verb(
    doc: KoDocument,
    sentence: KoSentence,
    verb: re.Match[str],
    taken: set[int],
    joint: list[int],
    last_finite: int,
) -> tuple[KoMention | None, bool]:
    """The mention a verb belongs to, and whether the verb had any subject before it.

    A reporting verb whose content ends right before it ("...고 밝혔다") belongs to the
    subject written between the content and the verb ("...고 외교부가 밝혔다"), else to the
    sentence's first subject ("외교부는 A가 B와 회담했다고 밝혔다": A is the content's
    subject) - or, after an earlier finite verb, to the next topic ("A는 ...고 밝혔고, B는
    ...고 말했다"). Any other verb belongs to the sentence's first topic (은/는) not yet
    taken, else to the nearest subject.
    """
    body = doc.body
    verb_start, verb_end = verb.start(), verb.end()
    subjects = [
        m
        for m in sentence.mentions
        if m.subject and m.tail <= verb_start and not sentence.quoted(m.start)
    ]
    first_joint = min(joint, default=None)
    adnominal = verb.group().endswith(("는", "한", "던"))
    if adnominal:
        # A relative clause: "분담금 증액을 요구하는 미국 측과" - the verb modifies the mention.
        for m in sentence.mentions:
            if 0 <= m.start - verb_end <= 1 and not sentence.quoted(m.start):
                return m, True
    if not subjects:
        return None, first_joint is not None and first_joint <= verb_start
    topics = [m for m in subjects if m.particle in TOPIC]
    nearest_free = max(
        (m for m in subjects if id(m) not in taken), key=lambda m: m.tail, default=None
    )
    # Inside another verb's content ("X가 ...요구했다고 보도했다", "X가 ...거론한 데 대해"):
    # the nearest subject is the verb's own.
    if adnominal or _EMBEDDED.match(body, verb_end):
        # A subject inside a relative clause ("김 장관이 ... 보여준 협력에") is not the verb's.
        ordered = sorted(subjects, key=lambda m: (id(m) in taken, -m.tail))
        best = next(
            (
                m
                for m in ordered
                if m.particle in TOPIC or not sentence.closed_relative_between(m.tail, verb_start)
            ),
            ordered[0],
        )
        if first_joint is not None and best.tail < first_joint <= verb_start:
            return None, True
        return best, True
    lead = body[sentence.start : verb_start]
    quotative = _QUOTATIVE_VERB.match(verb.group())
    complement = quotative or _COMPLEMENT.search(lead)
    if complement:
        content_end = verb_start if quotative else sentence.start + complement.start()
        between = [m for m in subjects if m.start >= content_end]
        if between:
            return between[-1], True
        after_finite = [m for m in topics if m.start > last_finite]
        if last_finite >= 0 and after_finite:
            return after_finite[0], True
        direct = bool(_DIRECT.match(body, content_end - 1)) if not quotative else False
        # Indirect content may hold its own subjects ("북한은 ...않는다고 말했다"): only a
        # topic outside it reports it; a direct quotation's reporter may be "X가 "..."라고".
        pool = topics or (subjects if direct else [])
        if not pool:
            return None, False
        first = pool[0]
        if first_joint is not None and first_joint < first.start:
            return None, True
        return first, True
    free_topics = [m for m in topics if id(m) not in taken]
    if free_topics:
        if first_joint is not None and first_joint < free_topics[0].start:
            return None, True
        return free_topics[0], True
    if _CONTINUES.match(lead):
        return None, False  # "또, 한국이 ...": the content's subject; the speaker goes on
    best = nearest_free or max(subjects, key=lambda m: m.tail)
    if first_joint is not None and best.tail < first_joint <= verb_start:
        return None, True
    return best, True


_CONJUNCT = frozenset({"와", "과"})


def _conjuncts(doc: KoDocument, sentence: KoSentence, subject: KoMention) -> list[KoMention]:
    """The mentions coordinated with a subject ("미 해병대와 일본 방위성은 ... 밝혔다"):
    each one written right before it and joined by 와/과 speaks too."""
    out: list[KoMention] = []
    mentions = sentence.mentions
    i = next((k for k, m in enumerate(mentions) if m is subject), -1)
    current = subject
    while i > 0:
        before = mentions[i - 1]
        gap = doc.body[before.tail : current.start]
        if before.particle not in _CONJUNCT or gap.strip() or sentence.quoted(before.start):
            break
        out.append(before)
        current, i = before, i - 1
    return out


def find_statements(doc: KoDocument) -> list[Attribution]:
    """Every attributed statement of the article, one per sentence and speaker."""
    out: list[Attribution] = []
    body = doc.body
    last: tuple[int, KoMention] | None = None  # (sentence index, speaker mention)
    for index, sentence in enumerate(doc.sentences):
        found: dict[int, tuple[KoMention, str]] = {}
        taken: set[int] = set()
        joint = _joint_spans(doc, sentence)
        had_subject = False
        for mention in sentence.mentions:
            # "외교부에 따르면", "국방부 대변인 성명" (a release issued in a name).
            after = body[mention.tail : sentence.end]
            if (
                mention.particle == "에"
                and _ACCORDING.match(after)
                and not sentence.quoted(mention.start)
            ):
                found.setdefault(id(mention.entity), (mention, "according"))
                taken.add(id(mention))
            elif not mention.particle and _HEADER.match(after):
                found.setdefault(id(mention.entity), (mention, "header"))
            elif (
                mention.particle == "의"
                and _REMARK_OF.match(body, mention.tail + 1)
                and _REPORTED.search(body[max(sentence.start, mention.start - 6) : mention.start])
            ):
                found.setdefault(id(mention.entity), (mention, "remark"))
        last_finite = -1
        for verb in VERB.finditer(body, sentence.start, sentence.end):
            if sentence.quoted(verb.start()):
                continue
            speaker, subject_seen = _speaker_of_verb(doc, sentence, verb, taken, joint, last_finite)
            if _FINITE.search(verb.group()) and body[verb.end() : verb.end() + 2].startswith(
                ("고", "으며", "지만", ",")
            ):
                last_finite = verb.end()
            had_subject = had_subject or subject_seen
            if speaker is None:
                if subject_seen or last is None or index - last[0] > 2:
                    continue
                # No subject of its own: the previous speaker goes on ("이어 ...고 덧붙였다").
                prefix = body[sentence.start : verb.start()]
                if not (_CONTINUES.match(prefix) or not any(m.subject for m in sentence.mentions)):
                    continue
                speaker = last[1]
                found.setdefault(id(speaker.entity), (speaker, "continued"))
                continue
            taken.add(id(speaker))
            found.setdefault(id(speaker.entity), (speaker, "subject"))
            for partner in _conjuncts(doc, sentence, speaker):
                taken.add(id(partner))
                found.setdefault(id(partner.entity), (partner, "subject"))
        sentence_text = body[sentence.start : sentence.end]
        for mention, via in found.values():
            entity = mention.entity
            if not _eligible(entity):
                continue
            confidence = _CONFIDENCE.get(entity.kind, 0.7) - (0.1 if via == "continued" else 0.0)
            out.append(
                Attribution(
                    sentence=Span(sentence.start, sentence.end),
                    speaker=entity,
                    speaker_span=(mention.start, mention.end),
                    verb=via,
                    via=via,
                    quote=_quote(doc, sentence),
                    channel=_channel(sentence_text),
                    confidence=round(confidence, 2),
                    said_on=resolve_korean_date(sentence_text, doc.reference_date),
                )
            )
            if via != "continued":
                last = (index, mention)
    return out
