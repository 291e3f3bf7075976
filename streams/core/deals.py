"""Defense cost-sharing deals that have been reached.

An article holds a deal when it talks about defense cost sharing (a Special
Measures Agreement, host-nation support, burden sharing, NATO common funding,
the cost of stationing or relocating forces) and one of its sentences says an
agreement was signed, struck, reached or agreed - not merely sought, demanded,
negotiated or hoped for. The deal's amounts are the money figures of the
sentences about what is paid or budgeted under it; demands are left out.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from streams.core.calls import MAX_EVIDENCE
from streams.core.dates import MAX_YEAR, MIN_YEAR
from streams.core.document import Document
from streams.core.money import MoneyMention, find_money
from streams.core.prefilter import WORD_START, Prefiltered
from streams.core.rules import (
    AGREEMENT_WORD,
    DEAL_CONCLUDED,
    DEAL_TOPIC,
    DEAL_TOPIC_NAMED,
    UNDER_DEAL,
)
from streams.core.text import Span

_TOPIC = Prefiltered(DEAL_TOPIC.pattern)
_TOPIC_NAMED = Prefiltered(DEAL_TOPIC_NAMED.pattern)
_CONCLUDED = DEAL_CONCLUDED.pattern
# Verbs of a budget decision: they conclude a deal only when a budget or a formula follows.
_BUDGET_VERB = re.compile(r"settled on|signed off on|decided on|adopted|endorsed", re.IGNORECASE)
_BUDGET_OBJECT = re.compile(r"\b(?:budgets?|formula|key|ceilings?)\b", re.IGNORECASE)
# What was concluded: an agreement word, notes exchanged under one, or a commitment to pay
# ("Seoul agreed to allocate 680 billion won a year").
_AGREEMENT = re.compile(
    r"\b(?:agreement|deal|pact|accord|arrangement|SMA|plan|formula|budgets?|"
    r"(?:exchange of|exchanged|diplomatic) notes|"
    r"agreed to (?:pay|allocate|provide|shoulder|contribute|cover|bear|fund|transfer|spend))\b",
    re.IGNORECASE,
)
_NOT_CONCLUDED = re.compile(
    WORD_START
    + r"\b(?:fail(?:s|ed)? to|failure to|if|unless|yet to|no|not|without|would|could|may|might|"
    r"can|cannot|hopeful|once|until|whether|soon|should|must|"
    r"normally|usually|typically|traditionally|generally|routinely|"
    r"seek(?:s|ing)?|sought|negotiat\w*|demand\w*|propos\w*|offer\w*|aim(?:s|ing)? to|"
    r"hop(?:e|es|ing)|expect\w*|plan(?:s|ning)? to|want\w*)\b",
    re.IGNORECASE,
)
_DEFENSE = re.compile(
    r"\b(?:forces?|troops?|military|NATO|Allies|alliance|stationing|defen[cs]e|bases?|marines?|"
    r"USFK|army|security)\b|cost[- ]sharing|host",
    re.IGNORECASE,
)
# Words saying a figure is paid under a deal; budget words count only for NATO
# common funding, whose deal *is* a set of budgets.
_AMOUNT_CONTEXT = re.compile(
    WORD_START + r"\b(?:deal|agreement|SMA|pact|accord|support|pay|pays|paying|paid|contribut\w*|"
    r"cost\w*|share|expenses?|defray|host\w*|provid\w*|disburs\w*|allocat\w*|earmark\w*|"
    r"cover\w*|shoulder\w*|bears?|borne|average|total\w*|transfer\w*|annually)\b",
    re.IGNORECASE,
)
# Either side of an exchange rate written "US$1=W1,380" or "$1 = 1,380 won".
_RATE_AFTER = re.compile(r"\s?=")
_RATE_BEFORE = re.compile(r"=\s?$")
_BUDGET_CONTEXT = re.compile(r"\b(?:budgets?|fund\w*|ceiling|spend\w*)\b", re.IGNORECASE)
DEMAND = re.compile(
    WORD_START + r"\b(?:would be paying|would pay|should pay|must pay|demand\w*|asked|asking|"
    r"call(?:s|ed)? for|wants?|wanted|sought|seeks?|seeking|offer\w*|propos\w*|campaign|"
    r"insist\w*|pressur\w*|pushe[sd]|pushing|floated|request\w*|urg(?:e|es|ed|ing)|"
    r"counter\w*)\b",
    re.IGNORECASE,
)
_PREVIOUS = re.compile(
    r"(?:up from|down from|compared (?:with|to)|from the previous|previous|preceding|than)\s+"
    r"(?:the\s+)?(?:\w+\s+){0,2}$"
    # "up 13.9 percent from 1.04 trillion won"
    r"|\b(?:up|down|increase[sd]?|rise|rose|risen|jump(?:ed)?|grew|higher|lower|decrease[sd]?|"
    r"fell|drop(?:ped)?|hike[sd]?)\b[^;$]{0,40}\bfrom\s+(?:the\s+)?(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_DELTA_BEFORE = re.compile(
    r"\b(?:up|down|increase of|rise of|hike of|cut of|reduction of|higher|lower|more|less)"
    r"\s+(?:by\s+)?(?:about|around|some|nearly|roughly|approximately|almost)?\s*$",
    re.IGNORECASE,
)
_DELTA_AFTER = re.compile(r"\s*(?:\([^()]{1,40}\)\s*)?(?:from|over|than|compared)\b")
_YEAR_AFTER = re.compile(
    r"\b(next year|this year|last year)\b|\b(?:for|in|of|during)\s+(?:Japanese\s+)?"
    r"(?:(?:fiscal\s+)?(?:year\s+)?|FY\s?|JFY\s?)((?:19|20)\d\d)\b(?!\s*(?:-|and|to)\s*\d)"
)
_YEAR_BEFORE = re.compile(r"\b(?:In|in|For|for)\s+((?:19|20)\d\d),?\s+[^\d]{0,40}$")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+"
)
_RANGE = re.compile(
    r"\b((?:19|20)\d\d)\s*(?:-|to|through|until|and)\s*"
    rf"(?:(?:Japanese\s+)?(?:fiscal\s+(?:year\s+)?|JFY\s*|FY\s*)|{_MONTH})?((?:19|20)\d\d)\b"
)
_YEARS = re.compile(r"\b((?:19|20)\d\d)\b")
_DURATION = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})[- ]years?\b",
    re.IGNORECASE,
)
_UNTIL_YEAR = re.compile(
    r"\b(?:through|until|till|to the end of|expir(?:es|ed|ing)\s+(?:at the end of\s+|in\s+)?)"
    r"\s*((?:19|20)\d\d)\b"
)
# "took effect in 2021 and expires at the end of 2025": a start year that needs no length.
_EFFECT_YEAR = re.compile(
    r"\b(?:took|takes|take|came into|went into|entered into) (?:effect|force)\s+(?:in\s+|on\s+)?"
    rf"(?:{_MONTH})?(?:\d{{1,2}},?\s+)?((?:19|20)\d\d)\b"
)
_SINGLE_YEAR_BUDGET = re.compile(
    r"\bbudgets?\b(?:[^.;]|\.(?=\d)){0,40}?\bfor\s+((?:19|20)\d\d)\b"
    r"|\b((?:19|20)\d\d) (?:civil |military |common-funded |NATO )(?:and military )?budgets?\b"
)
# "over five years from fiscal 2027": the first year of a deal whose length is given.
_FROM_YEAR = re.compile(
    r"\b(?:from|starting(?: in)?|beginning(?: in)?)\s+"
    r"(?:(?:Japanese\s+)?fiscal\s+(?:year\s+)?|FY\s?)?((?:19|20)\d\d)\b"
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip
_AGREEMENT_NAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"special measures agreement|\bSMA\b", re.I), "Special Measures Agreement"),
    (re.compile(r"host[- ]nation|\bHNS\b", re.IGNORECASE), "Host Nation Support"),
    (re.compile(r"\bGuam\b"), "Guam International Agreement"),
    (re.compile(r"common[- ]fund|common budgets?|cost[- ]shar(?:e|ing) (?:formula|key)|"
                r"civil and military budgets|NATO(?:'s)? (?:civil |military )?budgets?\b|"
                r"NATO Security Investment", re.IGNORECASE),
     "NATO common funding"),
    (re.compile(r"burden[- ]sharing", re.IGNORECASE), "burden-sharing agreement"),
    (re.compile(r"cost[- ]sharing", re.IGNORECASE), "cost-sharing agreement"),
)  # fmt: skip
_UNDER_DEAL = UNDER_DEAL.pattern
_NATIONAL_BUDGET = re.compile(
    r"\b(?:defen[cs]e|national|annual|record|state|government|supplementary|extra)"
    r"(?:\s+\w+)?\s+budgets?\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:would|could|might|proposed|new deal being|being negotiated|under negotiation)\b"
)
# Sentence ends that close prose; a line without one inside a list is a list item.
_TERMINAL = frozenset('.!?"')
# How far before an amount a demand word still governs it ("had sought about 1.4 trillion").
_DEMAND_REACH = 60
# Every money amount has a digit or a scale word; sentences without one are skipped.
_MONEY_HINT = re.compile(r"\d|illion")
MAX_AMOUNTS = 100
_US = "United States"
_US_AGREEMENTS = frozenset(
    {"Special Measures Agreement", "Host Nation Support", "Guam International Agreement"}
)
_NATO_BODIES = frozenset({"NATO", "North Atlantic Council"})
# The subject of a NATO budget decision when the alliance itself is not named.
_ALLIES = re.compile(r"\b(?:Allies|allies|member states|members|ambassadors)\b")


@dataclass(slots=True)
class AmountDraft:
    """One money figure of the deal, with the year it applies to and its role."""

    mention: MoneyMention
    year: int | None
    role: str


@dataclass(slots=True)
class DealDraft:
    """The deal an article reports."""

    parties: list[str]
    agreement: str | None
    period: tuple[int, int] | None
    amounts: list[AmountDraft]
    sentences: list[Span]
    confidence: float = 0.85


def _concluded_sentences(doc: Document, topic_at: list[int]) -> list[Span]:
    shadow = doc.shadow
    found = []
    candidates = set(doc.triggers.sentences_with(DEAL_CONCLUDED.family))
    for i in doc.triggers.sentences_with(UNDER_DEAL.family):
        # "Under the agreement, Seoul pays ...": a deal in force, cited with its terms.
        sentence = doc.sentences[i]
        if i in candidates or not _UNDER_DEAL.search(shadow, sentence.start, sentence.end):
            continue
        if _MONEY_HINT.search(shadow, sentence.start, sentence.end):
            text = shadow[sentence.start : sentence.end]
            if not _HYPOTHETICAL.search(text):
                found.append(sentence)
    # What a sentence concludes depends on its text alone (its trigger words are in it):
    # wire copy repeats sentences, so each distinct one is read once.
    verdicts: dict[str, tuple[bool, bool]] = {}
    for i in sorted(candidates):
        sentence = doc.sentences[i]
        text = shadow[sentence.start : sentence.end]
        verdict = verdicts.get(text)
        if verdict is None:
            verdict = verdicts[text] = _concludes(doc, i, text)
        concludes, defense = verdict
        # The article is about cost sharing; the agreement sentence itself must be
        # about defense, or sit right next to a cost-sharing sentence.
        if concludes and (defense or _within_two(topic_at, i)):
            found.append(sentence)
    return sorted(found, key=lambda s: s.start)


def _concludes(doc: Document, index: int, text: str) -> tuple[bool, bool]:
    """(Whether sentence `index` says an agreement was concluded, whether it is about
    defense)."""
    verb = _concluding_verb(doc, index, text)
    if not verb:
        return False, False
    if _BUDGET_VERB.fullmatch(verb.group()) and not _BUDGET_OBJECT.search(text, verb.end()):
        return False, False  # "Allies endorsed a plan for air defence": a summit decision
    budget = _NATIONAL_BUDGET.search(text)
    if not _AGREEMENT.search(_NATIONAL_BUDGET.sub(" ", text) if budget else text):
        return False, False  # "approved a record defense budget" is a national budget
    if budget and not _TOPIC.search(text):
        return False, False  # "the defence budget reached ..., part of a five-year plan"
    if _NOT_CONCLUDED.search(text, 0, verb.start()):
        return False, False
    return True, _DEFENSE.search(text) is not None


def _concluding_verb(doc: Document, index: int, text: str) -> re.Match[str] | None:
    """The first concluding verb of sentence `index` (whose text is `text`), tried only
    where its trigger words are: a scan of the whole sentence costs 100-300 ns a character."""
    start = doc.sentences[index].start
    for hit_start, _hit_end in doc.triggers.in_sentence(DEAL_CONCLUDED.family, index):
        verb = _CONCLUDED.match(text, hit_start - start)
        if verb is not None:
            return verb
    return None


def _within_two(indices: list[int], i: int) -> bool:
    """Whether the sorted `indices` hold one at most two away from `i` (a bisection, so
    an article of thousands of deal sentences stays linear)."""
    k = bisect_left(indices, i - 2)
    return k < len(indices) and indices[k] <= i + 2


def _parties(doc: Document, sentences: list[Span], nato: bool) -> list[str]:
    """Who concluded the deal: the subject (or "with" object) of the concluding verb; for a
    deal cited in passing ("Under the deal signed in 2019, Seoul pays ..."), whoever the
    sentence names."""
    shadow = doc.shadow
    parties: list[str] = []
    for whole_sentence in (False, True):
        for sentence in sentences:
            _add_parties(doc, sentence, whole_sentence, nato, parties)
        if parties:
            break
    if (
        len(parties) == 1
        and parties[0] != _US
        and re.search(
            r"\bU\.?S\.? (?:forces|troops|military)|USFK|American (?:forces|troops)", shadow
        )
    ):
        parties.append(_US)
    return parties


def _add_parties(
    doc: Document, sentence: Span, whole_sentence: bool, nato: bool, parties: list[str]
) -> None:
    shadow = doc.shadow
    text = shadow[sentence.start : sentence.end]
    verb = _concluding_verb(doc, bisect_left(doc.sentence_starts, sentence.start), text)
    subject_end = sentence.start + (verb.start() if verb else len(text))
    with_object = re.search(r"\bwith\s+", text[verb.end() :]) if verb else None
    for mention in doc.mentions.within(sentence.start, sentence.end):
        entity = mention.entity
        in_subject = mention.end <= subject_end
        in_object = (
            with_object is not None
            and verb is not None
            and mention.start == sentence.start + verb.end() + with_object.end()
        )
        if not (in_subject or in_object or whole_sentence):
            continue
        name = entity.country if entity.kind != "institution" else None
        if entity.kind == "institution" and entity.name in _NATO_BODIES:
            name = "NATO Allies" if "Allies" in text else "NATO"
        if name and name not in parties:
            parties.append(name)
    if nato and not parties and _ALLIES.search(text, 0, subject_end - sentence.start):
        parties.append("NATO Allies")  # "Allies agreed the 2026 budgets"


def _year_of(doc: Document, text: str, start: int, end: int, sentence: Span) -> int | None:
    reference = doc.reference_date.year if doc.reference_date else None
    after = _YEAR_AFTER.search(text, start, end)
    if after:
        if after.group(2):
            return int(after.group(2))
        if reference is None:
            return None
        return reference + {"next year": 1, "this year": 0, "last year": -1}[after.group(1)]
    before = _YEAR_BEFORE.search(text, sentence.start, start)
    return int(before.group(1)) if before else None


def _valid_year(year: int | None) -> int | None:
    return year if year is not None and MIN_YEAR <= year <= MAX_YEAR else None


def _pays(
    text: str, in_list: bool, budgets: bool, known: dict[tuple[str, bool, bool], bool]
) -> bool:
    """Whether a sentence near the deal speaks of paying or budgeting, not of a demand or a
    national budget (remembered by text in `known`)."""
    key = (text, in_list, budgets)
    found = known.get(key)
    if found is None:
        context = (
            in_list or _AMOUNT_CONTEXT.search(text) or (budgets and _BUDGET_CONTEXT.search(text))
        )
        found = known[key] = bool(context) and not (
            DEMAND.search(text) or _NATIONAL_BUDGET.search(text)
        )
    return found


def _amounts(
    doc: Document, sentences: list[Span], near: set[int], budgets: bool
) -> tuple[list[AmountDraft], list[Span]]:
    """The deal's figures: in its own sentences, or in sentences close to the deal or its
    topic that speak of paying or budgeting - never a demand or a national budget.

    Figures listed one after another stay with the deal: the sentence right after one that
    gave figures is close too, and the lines of a list ("Projects funded in 2013:" then
    "Water well field: $41.5 million") take their context from the header that opens it."""
    shadow = doc.shadow
    amounts: list[AmountDraft] = []
    used: list[Span] = []
    concluded = set(sentences)
    last_used = -2
    list_open = False
    # Both depend on the sentence's text alone: wire copy repeats its sentences.
    pays_of: dict[tuple[str, bool, bool], bool] = {}
    money_of: dict[str, list[MoneyMention]] = {}
    for index, sentence in enumerate(doc.sentences):
        ending = shadow[sentence.end - 1]
        in_list = list_open and ending not in _TERMINAL
        list_open = in_list or (ending == ":" and (index in near or sentence in concluded))
        if not _MONEY_HINT.search(shadow, sentence.start, sentence.end):
            continue
        close = index in near or index == last_used + 1 or in_list
        if sentence not in concluded and not close:
            continue
        text = shadow[sentence.start : sentence.end]
        if sentence not in concluded and not _pays(text, in_list, budgets, pays_of):
            continue
        mentions = money_of.get(text)
        if mentions is None:
            mentions = money_of[text] = find_money(text)
        if not mentions:
            continue
        used.append(sentence)
        last_used = index
        drafts: list[AmountDraft] = []
        for i, money in enumerate(mentions):
            if _demanded(text, mentions[i - 1].end if i else 0, money):
                continue  # "..., while Washington had sought 1.4 trillion won": not the deal's
            if _RATE_AFTER.match(text, money.end) or _RATE_BEFORE.search(
                text, max(0, money.start - 3), money.start
            ):
                continue  # "(US$1=W1,380)": an exchange rate, not an amount
            absolute = MoneyMention(
                sentence.start + money.start,
                sentence.start + money.end,
                money.value,
                money.currency,
                money.equivalent_of,
            )
            if money.equivalent_of is not None and money.equivalent_of < len(drafts):
                base = drafts[money.equivalent_of]
                role = "delta" if base.role == "delta" else "equivalent"
                drafts.append(AmountDraft(absolute, base.year, role))
                continue
            if _DELTA_BEFORE.search(text, max(0, money.start - 40), money.start) and (
                _DELTA_AFTER.match(text, money.end)
            ):
                # "up about ¥49 billion from the previous accord": a change, not a payment.
                drafts.append(AmountDraft(absolute, None, "delta"))
                continue
            # The year window runs to the next amount that is not a bracketed conversion.
            nxt = next((m.start for m in mentions[i + 1 :] if m.equivalent_of != i), len(text))
            year = _valid_year(_year_of(doc, shadow, absolute.end, sentence.start + nxt, sentence))
            previous = _PREVIOUS.search(text, max(0, money.start - 40), money.start)
            drafts.append(AmountDraft(absolute, year, "previous" if previous else "payment"))
        amounts.extend(d for d in drafts if d.role != "delta")
        if len(amounts) >= MAX_AMOUNTS:
            # A deal is reported with a handful of figures; past this the text is
            # repeating itself, and the record must stay a sane Kafka message.
            return amounts[:MAX_AMOUNTS], used
    return amounts, used


def _demanded(text: str, previous_end: int, money: MoneyMention) -> bool:
    """Whether the clause leading to an amount (since the amount before it) demands or offers
    it rather than paying it; a bracketed conversion follows its amount."""
    if money.equivalent_of is not None:
        return False
    return (
        DEMAND.search(text, max(previous_end, money.start - _DEMAND_REACH), money.start) is not None
    )


def _period(
    doc: Document, sentences: list[Span], amounts: list[AmountDraft]
) -> tuple[int, int] | None:
    shadow = doc.shadow
    # Years the deal pays for; a baseline's year ("up from ... last year") is not one.
    paid: set[int] = {a.year for a in amounts if a.year is not None and a.role != "previous"}
    years = set(paid)
    duration: int | None = None
    end_year: int | None = None
    start_year: int | None = None
    effective: int | None = None
    # A sentence read again adds nothing (the first reading already took what it
    # says), and the lists given overlap: each sentence is read once, in order.
    for sentence in dict.fromkeys(sentences):
        text = shadow[sentence.start : sentence.end]
        for match in _RANGE.finditer(text):
            a, b = int(match.group(1)), int(match.group(2))
            if a <= b <= a + 10:
                return a, b
        single = _SINGLE_YEAR_BUDGET.search(text)
        if single:
            year = int(single.group(1) or single.group(2))
            return year, year
        years.update(int(y) for y in _YEARS.findall(text))
        until = _UNTIL_YEAR.search(text) if end_year is None else None
        if until:
            end_year = int(until.group(1))
        begin = _FROM_YEAR.search(text) if start_year is None else None
        if begin:
            start_year = int(begin.group(1))
        effect = _EFFECT_YEAR.search(text) if effective is None else None
        if effect:
            effective = int(effect.group(1))
        length = _DURATION.search(text) if duration is None else None
        if length:
            word = length.group(1).lower()
            duration = _NUMBER_WORDS.get(word) or (int(word) if word.isdigit() else None)
    if duration and end_year:
        return end_year - duration + 1, end_year  # "for five years through 2030"
    if duration and start_year:
        return start_year, start_year + duration - 1  # "over five years from fiscal 2027"
    if end_year and effective and effective <= end_year <= effective + 10:
        return effective, end_year  # "took effect in 2021 and expires at the end of 2025"
    if end_year and paid and min(paid) <= end_year <= min(paid) + 10:
        return min(paid), end_year  # "pays ... next year, with the deal running through 2030"
    # The years the amounts are paid in say more than any year the text mentions.
    for known in (paid, years):
        if duration and known:
            start = min(known)
            if start + duration - 1 in known:
                return start, start + duration - 1
    return None


def _main_partner(doc: Document, sentences: list[Span]) -> str | None:
    """The country other than the United States named most in the deal's sentences."""
    counts: dict[str, int] = {}
    for sentence in sentences:
        for mention in doc.mentions.within(sentence.start, sentence.end):
            country = mention.entity.country
            if mention.entity.kind == "country" and country and country != _US:
                counts[country] = counts.get(country, 0) + 1
    return max(counts, key=lambda c: counts[c]) if counts else None


def _agreement_sentences(doc: Document) -> list[Span]:
    """Sentences about the agreement itself ("The accord covers only 2019")."""
    return [doc.sentences[i] for i in doc.triggers.sentences_with(AGREEMENT_WORD.family)]


def _agreement_name(doc: Document, sentences: list[Span]) -> str | None:
    text = " ".join(doc.shadow[s.start : s.end] for s in sentences)
    for pattern, name in _AGREEMENT_NAMES:
        if pattern.search(text):
            return name
    return None


def find_deals(doc: Document) -> list[DealDraft]:
    """The concluded defense cost-sharing deal the article reports, if any."""
    shadow = doc.shadow
    # A sentence's topic depends on its text and the character before it (for `\b`); wire
    # copy repeats sentences, so each distinct one is searched once.
    topical: dict[tuple[str, str, str], bool] = {}
    found: set[int] = set()
    for family, pattern in ((DEAL_TOPIC.family, _TOPIC), (DEAL_TOPIC_NAMED.family, _TOPIC_NAMED)):
        for i in doc.triggers.sentences_with(family):
            start, end = doc.sentences[i].start, doc.sentences[i].end
            key = (family, shadow[start - 1 : start] if start else "", shadow[start:end])
            hit = topical.get(key)
            if hit is None:
                hit = topical[key] = pattern.search(shadow, start, end) is not None
            if hit:
                found.add(i)
    topic_at = sorted(found)
    if not topic_at:
        return []
    concluded = _concluded_sentences(doc, topic_at)
    if not concluded:
        return []
    topic_sentences = [doc.sentences[i] for i in topic_at]
    # The deal's own sentences name it best; the topic sentences may name a neighbour
    # ("troops could move to Guam" in a story whose deal is an SMA).
    agreement = _agreement_name(doc, concluded) or _agreement_name(doc, topic_sentences)
    nato = agreement == "NATO common funding"
    parties = _parties(doc, concluded, nato)
    if not parties:
        return []
    starts = {s.start for s in concluded}
    anchors = [i for i, s in enumerate(doc.sentences) if s.start in starts] + topic_at
    near = {j for i in anchors for j in range(i - 2, i + 3)}
    amounts, amount_sentences = _amounts(doc, concluded, near, budgets=nato)
    deal_sentences = sorted(set(concluded) | set(amount_sentences), key=lambda s: s.start)
    deal_sentences = deal_sentences[:MAX_EVIDENCE]
    if agreement == "NATO common funding":
        parties = ["NATO Allies"]  # common funding is shared by all Allies
    elif agreement in _US_AGREEMENTS and _US not in parties and len(parties) == 1:
        parties.append(_US)  # the other side of an SMA, host-nation support or Guam deal
    elif agreement in _US_AGREEMENTS and parties == [_US]:
        partner = _main_partner(doc, deal_sentences)
        if partner:
            parties.insert(0, partner)
    confidence = 0.9 if agreement and amounts else 0.8 if amounts or agreement else 0.7
    return [
        DealDraft(
            parties=parties,
            agreement=agreement,
            period=_period(doc, concluded + deal_sentences + _agreement_sentences(doc), amounts),
            amounts=amounts,
            sentences=deal_sentences,
            confidence=confidence,
        )
    ]
