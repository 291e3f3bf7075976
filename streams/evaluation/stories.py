"""Do the documents of one news story meet in one cluster? (`wirestream evaluate --clusters`)

The labeled corpus gives each document a `story`: documents with the same story report the
same real-world story (two agencies' reports of one agreement). `story_clusters` clusters
every predicted event of the corpus (`streams.core.clusters.cluster_all`, as the stream
would end) and tells, for each story of two or more documents and each event type that
any of them has (predicted or labeled), whether one cluster holds an event of every
document, and if not, why: no such event predicted in a document, or, for the nearest pair
of events of two documents that share no cluster, different actor ids, a different quote
digest or a different date / period. Pure: the documents and predictions are passed in.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from schemas import CostSharingDeal, Statement
from streams.core.clusters import (
    GROUP_SEPARATOR,
    ClusteredEvent,
    actor_key,
    cluster_all,
    event_actors,
    report_of,
)
from streams.evaluation.scoring import LabeledDoc

EVENT_TYPES: tuple[str, ...] = ("call_readout", "cost_sharing_deal", "statement")
_LABEL_OF: dict[str, str] = {
    "call_readout": "CALL_READOUT",
    "cost_sharing_deal": "COST_SHARING_DEAL",
    "statement": "STATEMENT",
}


@dataclass(frozen=True, slots=True)
class TypeOutcome:
    """One event type of one story: which documents' events met in one cluster, and why not."""

    event_type: str
    gold: tuple[str, ...]  # documents whose labels have this event type
    predicted: tuple[str, ...]  # documents with at least one predicted event of this type
    together: tuple[str, ...]  # the most documents one cluster holds (empty: none shared)
    cluster_key: str | None  # that cluster's key
    reasons: tuple[str, ...] = ()

    @property
    def joined(self) -> bool:
        """True when one cluster holds an event of every document of the story."""
        return bool(self.together) and len(self.together) == len(self.gold_or_predicted)

    @property
    def gold_or_predicted(self) -> tuple[str, ...]:
        """The story's documents that have this type by labels or by prediction."""
        return tuple(sorted({*self.gold, *self.predicted}))


@dataclass(frozen=True, slots=True)
class StoryOutcome:
    """One story of several documents and how its events clustered, per event type."""

    story: str
    doc_ids: tuple[str, ...]
    types: list[TypeOutcome] = field(default_factory=list)


def _day_text(event: ClusteredEvent) -> str:
    if isinstance(event, CostSharingDeal):
        period = event.period
        return f"{period.start_year}-{period.end_year}" if period else "no period"
    if event.occurred_on is not None:
        return event.occurred_on.isoformat()
    published = event.published_at.date().isoformat() if event.published_at else "?"
    return f"undated (published {published})"


def _actors_text(event: ClusteredEvent) -> str:
    return "+".join(sorted({actor_key(p) for p in event_actors(event)}))


def _why_apart(a: ClusteredEvent, b: ClusteredEvent) -> str:
    """Why two events of two documents are in different clusters (their keys differ)."""
    group_a, _, _ = (a.cluster_key or "").partition(GROUP_SEPARATOR)
    group_b, _, _ = (b.cluster_key or "").partition(GROUP_SEPARATOR)
    if group_a == group_b:
        what = "periods" if isinstance(a, CostSharingDeal) else "dates"
        return (
            f"different {what}: {_day_text(a)} ({a.article_id}) vs {_day_text(b)} ({b.article_id})"
        )
    actors_a, actors_b = _actors_text(a), _actors_text(b)
    if actors_a == actors_b and isinstance(a, Statement):
        return f"same speaker {actors_a}, different quote digest"
    return f"different actor ids: {actors_a} ({a.article_id}) vs {actors_b} ({b.article_id})"


def _nearness(a: ClusteredEvent, b: ClusteredEvent) -> int:
    """0: same group (only the date or period differs), 1: same actors, 2: different actors."""
    if (a.cluster_key or "").partition(GROUP_SEPARATOR)[0] == (b.cluster_key or "").partition(
        GROUP_SEPARATOR
    )[0]:
        return 0
    return 1 if _actors_text(a) == _actors_text(b) else 2


def story_clusters(
    docs: Sequence[LabeledDoc], predictions: Mapping[str, Sequence[ClusteredEvent]]
) -> list[StoryOutcome]:
    """Per story of two or more documents, per event type: one cluster or not, and why."""
    events = [e for doc in docs for e in predictions.get(doc.id, ())]
    cluster_of: dict[str, str] = {}  # event id -> cluster key
    for record in cluster_all(report_of(e) for e in events).values():
        for listed in record.reports:
            cluster_of[listed.event_id] = record.cluster_key
    by_story: dict[str, list[LabeledDoc]] = {}
    for doc in docs:
        if doc.story:
            by_story.setdefault(doc.story, []).append(doc)
    outcomes: list[StoryOutcome] = []
    for story, members in sorted(by_story.items()):
        if len(members) < 2:
            continue
        ids = tuple(d.id for d in members)
        outcome = StoryOutcome(story, ids)
        for event_type in EVENT_TYPES:
            typed = {
                d.id: [e for e in predictions.get(d.id, ()) if e.event_type == event_type]
                for d in members
            }
            gold = tuple(d.id for d in members if _LABEL_OF[event_type] in d.labels.event_types)
            predicted = tuple(doc_id for doc_id, found in typed.items() if found)
            if not gold and not predicted:
                continue
            outcome.types.append(_type_outcome(event_type, gold, predicted, typed, cluster_of))
        outcomes.append(outcome)
    return outcomes


def _type_outcome(
    event_type: str,
    gold: tuple[str, ...],
    predicted: tuple[str, ...],
    typed: Mapping[str, Sequence[ClusteredEvent]],
    cluster_of: Mapping[str, str],
) -> TypeOutcome:
    docs_in: dict[str, set[str]] = {}  # cluster key -> documents with an event in it
    for doc_id, found in typed.items():
        for event in found:
            key = cluster_of.get(event.event_id)
            if key is not None:
                docs_in.setdefault(key, set()).add(doc_id)
    best_key = min(docs_in, key=lambda k: (-len(docs_in[k]), k), default=None)
    together = tuple(sorted(docs_in[best_key])) if best_key is not None else ()
    if len(together) < 2:
        best_key, together = None, ()
    reasons: list[str] = []
    for doc_id in sorted({*gold, *predicted}):
        if not typed.get(doc_id):
            reasons.append(f"no {event_type} predicted in {doc_id}")
    for first, second in itertools.combinations(predicted, 2):
        shared = any(first in docs and second in docs for docs in docs_in.values())
        if shared:
            continue
        pairs = itertools.product(typed[first], typed[second])
        a, b = min(pairs, key=lambda pair: (_nearness(*pair), pair[0].event_id, pair[1].event_id))
        reasons.append(_why_apart(a, b))
    return TypeOutcome(event_type, gold, predicted, together, best_key, tuple(reasons))


def format_story_clusters(outcomes: Sequence[StoryOutcome]) -> str:
    """The story report as text: one line per story and event type, reasons below."""
    if not outcomes:
        return "Stories: no story has two or more documents.\n"
    lines = [f"Stories with several documents: {len(outcomes)}"]
    for outcome in outcomes:
        lines.append(f"{outcome.story}  ({', '.join(outcome.doc_ids)})")
        for t in outcome.types:
            gold = ",".join(t.gold) or "-"
            predicted = ",".join(t.predicted) or "-"
            if len(t.gold_or_predicted) < 2:
                verdict = f"only in {','.join(t.gold_or_predicted)}"
            elif t.joined:
                verdict = f"one cluster {t.cluster_key}"
            elif t.together:
                verdict = f"partly: {','.join(t.together)} in {t.cluster_key}"
            else:
                verdict = "split"
            lines.append(f"  {t.event_type:<17} gold {gold:<9} predicted {predicted:<9} {verdict}")
            lines.extend(f"      {reason}" for reason in t.reasons)
    return "\n".join(lines) + "\n"


def story_clusters_dict(outcomes: Sequence[StoryOutcome]) -> list[dict[str, object]]:
    """The story report as JSON-ready data."""
    return [
        {
            "story": o.story,
            "documents": list(o.doc_ids),
            "types": [
                {
                    "event_type": t.event_type,
                    "gold": list(t.gold),
                    "predicted": list(t.predicted),
                    "one_cluster": t.joined,
                    "together": list(t.together),
                    "cluster_key": t.cluster_key,
                    "reasons": list(t.reasons),
                }
                for t in o.types
            ],
        }
        for o in outcomes
    ]
