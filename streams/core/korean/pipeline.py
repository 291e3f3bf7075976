"""The Korean extractor: one Korean RawArticle in, the same event records out. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from schemas import CallReadout, CostSharingDeal, Money, RawArticle, Statement
from streams.core.calls import CallDraft
from streams.core.events import EventFactory
from streams.core.korean.calls import find_calls
from streams.core.korean.deals import find_deals
from streams.core.korean.document import analyze
from streams.core.korean.money import find_money
from streams.core.korean.statements import find_statements
from streams.core.mentions import Entity
from streams.core.statements import Attribution
from streams.core.text import Span

_DEMAND_WORDS = ("요구", "주장", "요청", "제시", "제안", "내야", "달라")


def extract_korean(
    article: RawArticle, extractor_version: str
) -> list[CallReadout | CostSharingDeal | Statement]:
    """Every call readout, cost-sharing deal and statement of one Korean article."""
    doc = analyze(article)
    factory = EventFactory(article, extractor_version, doc.entities)
    attributions = find_statements(doc)
    by_sentence: dict[Span, list[Attribution]] = {}
    for attribution in attributions:
        by_sentence.setdefault(Span(*attribution.sentence), []).append(attribution)
    calls = find_calls(doc)
    for call in calls:
        call.announced_by = _announcer(call, by_sentence)
    events: list[CallReadout | CostSharingDeal | Statement] = [factory.call(c) for c in calls]
    events.extend(factory.deal(d) for d in find_deals(doc))
    for attribution in attributions:
        statement = factory.statement(attribution, doc.body)
        start, end = attribution.sentence
        events.append(_with_korean_amounts(statement, doc.body, start, end))
    return events


def _announcer(call: CallDraft, by_sentence: dict[Span, list[Attribution]]) -> Entity | None:
    """Who reported the call: the first speaker, not on the call, of one of its sentences."""
    on_call = {id(p) for p in call.participants}
    for sentence in call.sentences:
        for attribution in by_sentence.get(Span(*sentence), ()):
            if id(attribution.speaker) not in on_call:
                return attribution.speaker
    return None


def _with_korean_amounts(statement: Statement, body: str, start: int, end: int) -> Statement:
    """The statement with the amounts it names in Korean notation (a demand's 100억 달러)."""
    found = find_money(body[start:end])
    if not found:
        return statement
    text = body[start:end]
    role = "demand" if any(w in text for w in _DEMAND_WORDS) else None
    amounts: Sequence[Money] = [
        Money(
            value=m.value,
            currency=m.currency,
            text=body[start + m.start : start + m.end],
            year=None,
            role=role,
        )
        for m in found
    ]
    return statement.model_copy(update={"amounts": list(amounts)})
