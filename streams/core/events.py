"""Turning extraction drafts into event records: envelope, evidence, ids and codes."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Literal

from schemas import (
    CallReadout,
    CostSharingDeal,
    EventCodes,
    EvidenceSpan,
    Money,
    Period,
    Person,
    RawArticle,
    Statement,
)
from streams.core.actors import ArticleActors, party_actor
from streams.core.calls import CallDraft
from streams.core.deals import DEMAND, AmountDraft, DealDraft
from streams.core.mentions import Entity
from streams.core.money import MoneyMention, find_money
from streams.core.statements import Attribution

# Event codes in the two public event ontologies (CAMEO 1.1b3, PLOVER 2021).
CODES: dict[str, EventCodes] = {
    "call_readout": EventCodes(cameo="041", plover="CONSULT", plover_mode="phone"),
    "cost_sharing_deal": EventCodes(cameo="057", plover="AGREE", plover_mode=None),
    "statement": EventCodes(cameo="010", plover=None, plover_mode=None),
}

EventType = Literal["call_readout", "cost_sharing_deal", "statement"]


def event_id(article_id: str, extractor_major: str, event_type: str, key: str) -> str:
    """A deterministic id: same article, extractor major version and content, same id."""
    digest = hashlib.sha256(
        "\x1f".join((article_id, extractor_major, event_type, key)).encode("utf-8")
    ).hexdigest()
    return f"{event_type}-{digest[:24]}"


def person_of(entity: Entity, actors: ArticleActors | None = None) -> Person:
    """The Person record of an entity (an institution speaks under its own name), with its
    canonical actor when the article's `actors` are given."""
    actor = {}
    if actors is not None:
        found = actors.of(entity)
        actor = {
            "country_code": found.country_code,
            "sector": found.sector,
            "actor_id": found.actor_id,
        }
    if entity.kind == "person":
        return Person(
            name=entity.name,
            title=entity.title or None,
            organization=entity.organization,
            country=entity.country,
            **actor,
        )
    if entity.kind == "institution":
        # Named as written ("Elysee"), with the canonical body as the organization.
        return Person(
            name=entity.written or entity.name,
            title=None,
            organization=entity.name,
            country=entity.country,
            **actor,
        )
    return Person(name=entity.name, title=None, organization=None, country=entity.country, **actor)


def evidence(body: str, spans: Sequence[tuple[int, int]]) -> list[EvidenceSpan]:
    """Evidence records for spans of the body, in order, without duplicates."""
    seen: set[tuple[int, int]] = set()
    out: list[EvidenceSpan] = []
    for start, end in spans:
        if (start, end) in seen or end <= start:
            continue
        seen.add((start, end))
        out.append(EvidenceSpan(start=start, end=end, text=body[start:end]))
    out.sort(key=lambda e: (e.start, e.end))
    return out


_OWNER_PREFIX = re.compile(r"^(?:[Tt]he\s+)?(?:[\w.'-]+(?:\s[\w.'-]+)?'s\s+)?")


def _as_written(body: str, span: tuple[int, int]) -> str | None:
    """An institution's name as this sentence writes it ("USFK", "Elysee"), or None for a
    bare back-reference such as "the ministry"."""
    text = _OWNER_PREFIX.sub("", body[span[0] : span[1]]).strip()
    if not text or (text.islower() and " " not in text):
        return None
    return text


# Adjectives ("Chinese", "South Korean") name no speaker by themselves: the canonical
# country is kept for them; capitals and short forms ("Seoul", "U.S.") are kept as written.
_DEMONYM_ENDING = re.compile(r"(?:ese|ian|ean|can|ish|ch|i)$")


def _is_metonym(written: str) -> bool:
    return _DEMONYM_ENDING.search(written) is None


class EventFactory:
    """Builds the records of one article (the envelope fields are shared)."""

    def __init__(
        self,
        article: RawArticle,
        extractor_version: str,
        entities: Sequence[Entity] = (),
    ) -> None:
        self.article = article
        # Canonical actors, resolved once over every entity of the article (issue 17).
        self.actors = ArticleActors(entities, article.body)
        self.major = extractor_version.split(".", 1)[0]
        # One Person record per entity: an article may quote the same speaker
        # thousands of times, and entities no longer change once records are built.
        self._persons: dict[int, Person] = {}
        self._shared: dict[str, object] = {
            "article_id": article.id,
            "source": article.source,
            "headline": article.headline,
            "published_at": article.published_at,
            "extractor_version": extractor_version,
        }
        # The money in each distinct sentence text, found once (wire copy repeats them).
        self._money_in: dict[str, list[MoneyMention]] = {}

    def _person(self, entity: Entity) -> Person:
        person = self._persons.get(id(entity))
        if person is None:
            person = self._persons[id(entity)] = person_of(entity, self.actors)
        return person

    def _envelope(self, event_type: EventType, key: str) -> dict[str, object]:
        article = self.article
        return {
            "event_id": event_id(article.id, self.major, event_type, key),
            **self._shared,
            "codes": CODES[event_type],
        }

    def call(self, draft: CallDraft) -> CallReadout:
        """A call_readout record."""
        participants = [self._person(p) for p in draft.participants]
        key = "|".join(sorted(p.name for p in participants))
        codes = CODES["call_readout"]
        if draft.medium == "video":
            codes = codes.model_copy(update={"plover_mode": "video"})
        envelope = self._envelope("call_readout", key) | {"codes": codes}
        return CallReadout(
            **envelope,
            occurred_on=draft.occurred_on,
            confidence=draft.confidence,
            evidence=evidence(self.article.body, draft.sentences),
            participants=participants,
            medium=draft.medium,
            announced_by=self._person(draft.announced_by) if draft.announced_by else None,
            topics=draft.topics,
            agreements=draft.agreements,
        )

    def _money(self, amount: AmountDraft) -> Money:
        m = amount.mention
        return Money(
            value=m.value,
            currency=m.currency,
            text=self.article.body[m.start : m.end],
            year=amount.year,
            role=amount.role,
        )

    def deal(self, draft: DealDraft) -> CostSharingDeal:
        """A cost_sharing_deal record."""
        key = "|".join(sorted(draft.parties)) + "|" + (draft.agreement or "")
        return CostSharingDeal(
            **self._envelope("cost_sharing_deal", key),
            confidence=draft.confidence,
            evidence=evidence(self.article.body, draft.sentences),
            parties=draft.parties,
            agreement=draft.agreement,
            period=(
                Period(start_year=draft.period[0], end_year=draft.period[1])
                if draft.period
                else None
            ),
            amounts=[self._money(a) for a in draft.amounts],
            status="concluded",
            party_actors=[party_actor(p) for p in draft.parties],
        )

    def statement(self, attribution: Attribution, shadow: str) -> Statement:
        """A statement record."""
        start, end = attribution.sentence
        speaker = self._person(attribution.speaker)
        if attribution.speaker.kind != "person" and attribution.speaker_span:
            # A metonym keeps its name as written ("Seoul"), its government as the country.
            written = _as_written(self.article.body, attribution.speaker_span)
            if written and (attribution.speaker.kind == "institution" or _is_metonym(written)):
                speaker = speaker.model_copy(update={"name": written})
        body = self.article.body
        text = shadow[start:end]
        money = self._money_in.get(text)
        if money is None:
            money = self._money_in[text] = find_money(text)
        amounts: list[dict[str, object]] = []
        if money:
            # One answer for the whole sentence, so it is searched once, not once per amount.
            role = "demand" if DEMAND.search(shadow, start, end) else None
            amounts = [
                {
                    "value": m.value,
                    "currency": m.currency,
                    "text": body[start + m.start : start + m.end],
                    "role": role,
                }
                for m in money
            ]
        content = body[start:end]
        # Validated from one plain dict: a 1 MiB article can hold tens of thousands of
        # statements, and nested dicts are validated once, inside the Statement, where
        # keyword arguments and pre-built sub-records would cost more per record.
        return Statement.model_validate(
            self._envelope("statement", f"{start}:{speaker.name}")
            | {
                "occurred_on": attribution.said_on,
                "confidence": attribution.confidence,
                # The one span of `evidence(body, [sentence])`, without its merging work.
                "evidence": [{"start": start, "end": end, "text": content}] if end > start else [],
                "speaker": speaker,
                "quote": attribution.quote,
                "content": content,
                "channel": attribution.channel,
                "amounts": amounts,
            }
        )
