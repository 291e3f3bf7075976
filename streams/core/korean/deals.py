"""Cost-sharing deals in Korean copy: the SMA (방위비 분담금 특별협정) and host-nation support.

A deal counts when it has been reached - 타결, 가서명, 서명, 체결된, 비준, 발효, "현행 협정",
"협정에 따라" - and the text states one of its terms: an amount or a period. Negotiations
("체결을 위한 회의", "타결 가능성"), demands and offers (요구, 주장, 제시, 제안) are not
deals; their amounts never are deal amounts. Year-on-year differences ("505억원 증가") and
rates ("13.9% 인상") are not amounts either.
"""

from __future__ import annotations

import re

from streams.core.deals import AmountDraft, DealDraft
from streams.core.korean.document import KoDocument, KoSentence
from streams.core.korean.money import find_money
from streams.core.money import MoneyMention
from streams.core.text import Span

TOPIC = re.compile(
    r"방위비\s?분담|분담금\s?(?:특별\s?)?협정|특별\s?협정|SMA|주둔\s?(?:경비|비용)\s?(?:특별\s?)?협정"
    r"|주둔국\s?지원|방위비\s?협정"
)
# The relocation of U.S. Marines to Guam, whose cost Japan shares (the Guam International
# Agreement): "괌 이전", "해병대의 이전에 따른", "괌 소재 미군 기지".
RELOCATION = re.compile(
    r"괌[^.]{0,60}?(?:이전|이동|재배치|기지)|(?:이전|이동|재배치|옮기)[^.]{0,30}?괌"
    r"|해병대?\s?(?:의\s?)?(?:병력\s?)?(?:이전|재배치)"
)
_SHARE = re.compile(
    r"분담금|분담액|분담분|분담\s?총액|분담하는|부담하는|부담한다|부담액|부담분|부담은|지원했|부담해"
    r"|지불(?:했|한|하기로)|(?:비용|건설비|경비)\S*\s(?:\S+\s){0,5}\S*냈"
)
CONCLUDED = re.compile(
    r"타결(?:했|됐|된|한|되었|하였)|가서명|서명(?:했|한|된|하였|식)|정식\s?서명|체결(?:했|됐|된|한|하였)"
    r"|맺은|비준(?:동의안이?|안이)?\s?(?:국회\s?)?(?:본회의를\s?)?통과|비준(?:했|됐|된)|발효(?:됐|된|돼|했)"
    r"|현행|에\s?따라|에\s?따르면|합의(?:했|한)|확정(?:됐|했|된)"
)
_NOT_CONCLUDED = re.compile(
    r"체결을\s?위한|타결을\s?위한|타결\s?가능성|타결하자|타결되면|타결될|협상을\s?(?:시작|진행)|요구할"
)
_DEMAND = re.compile(
    r"요구|주장|제시|제안|요청|원하|내야|부담해야|달라|올려야|늘려야|압박|받아들여지면|넘어서게"
)
_DIFFERENCE = re.compile(
    r"^\s?(?:이|가|을|를|만큼)?\s?(?:증가|늘|인상|증액|감소|줄|많|적|차이|올랐|상승)"
)
_PREVIOUS = re.compile(r"지난해|작년|전년|종전|기존|이전")
_RANGE = re.compile(r"((?:19|20)\d\d)\s?년?\s?[~∼\-–]\s?((?:19|20)\d\d)\s?년")
_FROM_FOR = re.compile(r"((?:19|20)\d\d)년부터\s?(\d{1,2})년\s?(?:간|동안)")
_UNTIL_FOR = re.compile(r"((?:19|20)\d\d)년까지\s?(\d{1,2})년")
_FROM_TO = re.compile(r"((?:19|20)\d\d)년부터\s?((?:19|20)\d\d)년까지")
_YEAR = re.compile(r"((?:19|20)\d\d)년")
_PARTIES = (
    (re.compile(r"미일|미·일|일미|일·미|주일미군|일본"), ["Japan", "United States"]),
    (re.compile(r"한미|한·미|주한미군|한국|우리"), ["South Korea", "United States"]),
)


def _period(text: str) -> tuple[int, int] | None:
    """The years a deal applies to, when both ends are stated or derivable."""
    for pattern, kind in (
        (_RANGE, "ends"),
        (_FROM_TO, "ends"),
        (_FROM_FOR, "from"),
        (_UNTIL_FOR, "until"),
    ):
        match = pattern.search(text)
        if match is None:
            continue
        a, b = int(match[1]), int(match[2])
        start, end = {"ends": (a, b), "from": (a, a + b - 1), "until": (a - b + 1, a)}[kind]
        if start <= end <= start + 10:
            return start, end
    return None


def _amounts(body: str, start: int, end: int) -> list[AmountDraft]:
    """The amounts of a deal sentence, without differences, rates and demands."""
    text = body[start:end]
    if _DEMAND.search(text):
        return []
    out: list[AmountDraft] = []
    previous_end = 0
    for money in find_money(text):
        after = text[money.end : money.end + 12]
        if _DIFFERENCE.match(after):
            continue
        before = text[max(previous_end, money.start - 12) : money.start]
        previous = _PREVIOUS.search(before) or text.startswith("보다", money.end)
        role = "previous" if previous else "payment"
        if before.rstrip().endswith("(") and out:
            role = "equivalent"
        if before.rstrip().endswith(("약", "약 ")) and money.currency == "USD" and out:
            role = "equivalent"
        years = _YEAR.findall(text, 0, money.start)  # the last year written before it
        mention = MoneyMention(start + money.start, start + money.end, money.value, money.currency)
        out.append(AmountDraft(mention, int(years[-1]) if years else None, role))
        previous_end = money.end
    return out


_CONVERSION = re.compile(r"해당|상당|환산|달한다|달하는")


def _conversion(body: str, sentence: KoSentence) -> list[AmountDraft]:
    """The amounts of a sentence that only converts the one before ("이는 약 10억4000만
    달러에 해당한다"): the deal's amounts in another currency."""
    text = body[sentence.start : sentence.end]
    if not _CONVERSION.search(text) or _DEMAND.search(text) or _SHARE.search(text):
        return []
    return [
        AmountDraft(
            MoneyMention(sentence.start + m.start, sentence.start + m.end, m.value, m.currency),
            None,
            "equivalent",
        )
        for m in find_money(text)
    ]


def find_deals(doc: KoDocument) -> list[DealDraft]:
    """The concluded cost-sharing deal an article reports (at most one), with its terms."""
    body = doc.body
    topical = [
        i
        for i, s in enumerate(doc.sentences)
        if TOPIC.search(body, s.start, s.end) or RELOCATION.search(body, s.start, s.end)
    ]
    if not topical:
        return []
    topical_set = set(topical)
    concluded: list[int] = []
    amounts: list[AmountDraft] = []
    period: tuple[int, int] | None = None
    for i, sentence in enumerate(doc.sentences):
        text = body[sentence.start : sentence.end]
        near_topic = i in topical_set or (i - 1 in topical_set and _SHARE.search(text) is not None)
        if not near_topic or (_NOT_CONCLUDED.search(text) and not _SHARE.search(text)):
            continue
        has_share_amount = _SHARE.search(text) is not None and bool(find_money(text))
        if CONCLUDED.search(text) or has_share_amount:
            found = _amounts(body, sentence.start, sentence.end) if _SHARE.search(text) else []
            sentence_period = _period(text) if CONCLUDED.search(text) else None
            if found or sentence_period or CONCLUDED.search(text):
                concluded.append(i)
                amounts.extend(found)
                period = period or sentence_period
                if found and i + 1 < len(doc.sentences):
                    amounts.extend(_conversion(body, doc.sentences[i + 1]))
    if not concluded:
        return []
    # The period may be stated next to the deal ("협정은 2018년까지 5년 동안 적용된다").
    if period is None:
        concluded_set = set(concluded)
        for i in concluded + [i for i in topical if i not in concluded_set]:
            s = doc.sentences[i]
            period = _period(body[s.start : s.end])
            if period:
                break
        if period is None:
            period = _period_near(doc, concluded)
    if not amounts and period is None:
        return []
    text = " ".join(body[doc.sentences[i].start : doc.sentences[i].end] for i in concluded)
    parties = ["South Korea", "United States"]
    for pattern, named in _PARTIES:
        if pattern.search(text):
            parties = named
            break
    if parties[0] == "Japan":
        relocation = RELOCATION.search(text) is not None and TOPIC.search(text) is None
        agreement = (
            "Guam International Agreement"
            if relocation
            else "Host Nation Support Special Measures Agreement"
        )
    else:
        agreement = "Special Measures Agreement"
    return [
        DealDraft(
            parties=sorted(parties),
            agreement=agreement,
            period=period,
            amounts=amounts,
            sentences=[Span(doc.sentences[i].start, doc.sentences[i].end) for i in concluded],
            confidence=0.85 if amounts else 0.7,
        )
    ]


def _period_near(doc: KoDocument, concluded: list[int]) -> tuple[int, int] | None:
    """A period in the sentence after a concluded one ("협정 유효기간은 2018년까지 5년")."""
    body = doc.body
    for i in concluded:
        for j in (i + 1, i + 2):
            if j < len(doc.sentences):
                s = doc.sentences[j]
                text = body[s.start : s.end]
                if "협정" in text or "적용" in text or "유효" in text:
                    found = _period(text)
                    if found:
                        return found
    return None
