"""One real-world event, many reports: cluster keys and the fold of reports into clusters.

Pure functions over plain data (no Kafka, no Faust): the worker's cluster agent, the
offline evaluation and the tests all call them.

- `cluster_key(event)` is `<group>#<detail>`. The *group* names who did what: the event
  type and its actors' `actor_id`s (a statement: its speaker and a digest of the
  normalized quote or content). The *detail* says which occurrence: a call's or
  statement's date (`2025-10-27`, or `undated`), a deal's period (`2026-2030`, or `?`).
  Reports of one event share the key; two calls between the same people on different
  days do not.
- All reports of one group meet on one partition (the worker keys them by group), and
  `GroupFold` turns the group's reports into clusters:
  * dated reports cluster by date;
  * an undated report joins the dated cluster whose date lies from UNDATED_BEFORE days
    before to UNDATED_AFTER days after its publication day (the nearest one), else
    undated reports chain by publication day (within one day of each other), the
    cluster dated by its first publication day with `date_inferred`;
  * a period-less deal joins the period cluster whose first year lies from one year
    before to two years after its publication year, else it stays in the `?` cluster.
- Redelivery changes nothing (a report is known by its event id); a newer version of an
  article replaces that article's reports in the group; an older one is ignored.
- A cluster's record is a pure function of its reports (no clock), so a replay, a
  restart or another worker computes the same bytes.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from schemas import (
    MAX_LISTED_REPORTS,
    CallReadout,
    ClusterRecord,
    ClusterReport,
    CostSharingDeal,
    EventType,
    EvidenceSpan,
    Period,
    Person,
    Statement,
)

ClusteredEvent = CallReadout | CostSharingDeal | Statement

GROUP_SEPARATOR = "#"
UNDATED = "undated"
NO_PERIOD = "?"
# An undated report of a call or statement joins a dated cluster of its group whose date is
# at most this many days before / after the report's publication day: wires report a call
# the day it happens or within a few days, and a report does not precede its event by more
# than the time-zone difference.
UNDATED_BEFORE = timedelta(days=3)
UNDATED_AFTER = timedelta(days=1)
# Undated reports chain into one cluster while each is published within this of the last.
UNDATED_CHAIN = timedelta(days=1)
# A period-less deal report joins a period cluster starting this many years around its
# publication year (a deal is reported from its conclusion, a year or two before it starts).
DEAL_YEARS_BEFORE_START = 2
DEAL_YEARS_AFTER_START = 1
# The reports one group keeps (the earliest are evicted beyond it): bounds the state of a
# group that is reported without end, such as a daily briefing's recurring line.
MAX_GROUP_REPORTS = 2_000
# A statement's group is its speaker plus this many hex digits of its normalized text.
TEXT_DIGEST_HEX = 16

_WORDS = re.compile(r"\w+", re.UNICODE)


def _slug(text: str) -> str:
    """Lower-case words joined by '-', any script (NFKC), for names without an actor_id."""
    return "-".join(_WORDS.findall(unicodedata.normalize("NFKC", text).casefold()))


def actor_key(person: Person) -> str:
    """A person's canonical id: its `actor_id`, else a slug of its name (older records)."""
    return person.actor_id or f"name:{_slug(person.name)}"


def normalized_text(text: str) -> str:
    """A quote as two agencies may both print it: NFKC, case-folded, words only."""
    return " ".join(_WORDS.findall(unicodedata.normalize("NFKC", text).casefold()))


def _text_digest(text: str) -> str:
    return hashlib.sha256(normalized_text(text).encode("utf-8")).hexdigest()[:TEXT_DIGEST_HEX]


def event_actors(event: ClusteredEvent) -> list[Person]:
    """The actors that define an event's group: participants, deal parties or the speaker."""
    if isinstance(event, CallReadout):
        return list(event.participants)
    if isinstance(event, CostSharingDeal):
        if event.party_actors:
            return list(event.party_actors)
        return [Person(name=party) for party in event.parties]
    return [event.speaker]


def _period_text(period: Period | None) -> str:
    return f"{period.start_year}-{period.end_year}" if period else NO_PERIOD


def cluster_key(event: ClusteredEvent) -> str:
    """The event's cluster key, `<group>#<detail>` (see the module docstring)."""
    actors = "+".join(sorted({actor_key(p) for p in event_actors(event)}))
    if isinstance(event, CostSharingDeal):
        return f"{event.event_type}|{actors}{GROUP_SEPARATOR}{_period_text(event.period)}"
    detail = event.occurred_on.isoformat() if event.occurred_on else UNDATED
    if isinstance(event, Statement):
        digest = _text_digest(event.quote or event.content)
        return f"{event.event_type}|{actors}|{digest}{GROUP_SEPARATOR}{detail}"
    return f"{event.event_type}|{actors}{GROUP_SEPARATOR}{detail}"


def group_of(key: str) -> str:
    """The group part of a cluster key: what the worker partitions reports by."""
    return key.partition(GROUP_SEPARATOR)[0]


class Report(BaseModel):
    """What the cluster agent needs of one event: a compact copy, on the internal topic."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: str = Field(min_length=1)
    event_type: EventType
    cluster_key: str = Field(min_length=1)
    article_id: str = Field(min_length=1)
    article_version: str | None = None
    source: str = Field(min_length=1)
    published_at: datetime | None = None
    occurred_on: date | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    actors: list[Person] = Field(min_length=1)
    evidence: list[EvidenceSpan] = Field(min_length=1)
    medium: str | None = None
    agreement: str | None = None
    period: Period | None = None
    quote: str | None = None

    @property
    def group(self) -> str:
        """The report's group (its cluster key without the detail)."""
        return group_of(self.cluster_key)


def report_of(event: ClusteredEvent) -> Report:
    """The report an event sends to its cluster (the event must carry its cluster key)."""
    key = event.cluster_key or cluster_key(event)
    common = {
        "event_id": event.event_id,
        "event_type": event.event_type,
        "cluster_key": key,
        "article_id": event.article_id,
        "article_version": event.article_version,
        "source": event.source,
        "published_at": event.published_at,
        "occurred_on": event.occurred_on,
        "confidence": event.confidence,
        "actors": event_actors(event),
        "evidence": event.evidence,
    }
    if isinstance(event, CallReadout):
        return Report(**common, medium=event.medium)
    if isinstance(event, CostSharingDeal):
        return Report(**common, agreement=event.agreement, period=event.period)
    return Report(**common, quote=event.quote or event.content)


def _version_rank(report: Report) -> tuple[int, float]:
    """Which version of an article is newer: its numeric version, then its publication time."""
    version = report.article_version
    number = int(version) if version is not None and version.isdigit() else -1
    stamp = report.published_at.timestamp() if report.published_at else -math.inf
    return (number, stamp)


def _age(report: Report) -> tuple[float, str]:
    stamp = report.published_at.timestamp() if report.published_at else -math.inf
    return (stamp, report.event_id)


@dataclass(slots=True)
class GroupFold:
    """The reports of one group, folded one at a time (redelivery-safe, version-aware)."""

    reports: dict[str, Report] = field(default_factory=dict)  # by event id
    # article id -> (version rank, ids of its reports in this group)
    articles: dict[str, tuple[tuple[int, float], set[str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, reports: Iterable[Report]) -> GroupFold:
        """A fold over reports already accepted (a stored group)."""
        fold = cls()
        for report in reports:
            fold.add(report)
        return fold

    def add(self, report: Report) -> bool:
        """Fold one report in; False when it changes nothing (a redelivery or an old version)."""
        rank = _version_rank(report)
        known_report = self.reports.get(report.event_id)
        # A known id is a redelivery unless it comes with a newer version of its article:
        # event ids do not hash every field (a call's id is its article and participants),
        # so a correction of the date keeps the id and must still replace the report.
        if known_report is not None and rank <= _version_rank(known_report):
            return False
        known = self.articles.get(report.article_id)
        if known is not None:
            known_rank, ids = known
            if rank < known_rank:
                return False  # an older version of an article already folded in
            if rank > known_rank:  # a correction: its reports replace the earlier version's
                for event_id in ids:
                    del self.reports[event_id]
                ids = set()
            ids.add(report.event_id)
            self.articles[report.article_id] = (rank, ids)
        else:
            self.articles[report.article_id] = (rank, {report.event_id})
        self.reports[report.event_id] = report
        if len(self.reports) > MAX_GROUP_REPORTS:
            self._evict_earliest()
        return report.event_id in self.reports  # the earliest report is evicted at once

    def _evict_earliest(self) -> None:
        earliest = min(self.reports.values(), key=_age)
        del self.reports[earliest.event_id]
        _rank, ids = self.articles[earliest.article_id]
        ids.discard(earliest.event_id)
        if not ids:
            del self.articles[earliest.article_id]

    def sorted_reports(self) -> list[Report]:
        """The group's reports, earliest first (the order they are stored and listed in)."""
        return sorted(self.reports.values(), key=_age)


def _detail(report: Report) -> str:
    return report.cluster_key.partition(GROUP_SEPARATOR)[2]


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment else None


@dataclass(frozen=True, slots=True)
class _Bucket:
    """Reports assigned to one cluster: its detail label and whether the date is inferred."""

    label: str
    day: date | None
    inferred: bool
    reports: tuple[Report, ...]


def _dated_buckets(reports: Sequence[Report]) -> list[_Bucket]:
    """Calls and statements: by date, undated ones by the window, then chained by day."""
    by_date: dict[date, list[Report]] = {}
    undated: list[Report] = []
    for report in reports:
        if report.occurred_on is not None:
            by_date.setdefault(report.occurred_on, []).append(report)
        else:
            undated.append(report)
    unplaced: list[Report] = []
    for report in undated:
        published = _day(report.published_at)
        target = None
        if published is not None:
            near = [
                d for d in by_date if published - UNDATED_BEFORE <= d <= published + UNDATED_AFTER
            ]
            # the nearest date; of two as near, the later (a report follows its event)
            target = min(
                near, key=lambda d: (abs((d - published).days), -d.toordinal()), default=None
            )
        if target is None:
            unplaced.append(report)
        else:
            by_date[target].append(report)
    buckets = [_Bucket(day.isoformat(), day, False, tuple(group)) for day, group in by_date.items()]
    chain: list[Report] = []
    last: datetime | None = None
    for report in sorted(unplaced, key=_age):
        moment = report.published_at
        # Reports without a publication time (sorted first) share one `undated` cluster: as
        # separate buckets they would share its label, hence its id, and one would be lost.
        if chain and (
            (moment is None) != (last is None)
            or (moment is not None and last is not None and moment - last > UNDATED_CHAIN)
        ):
            buckets.append(_chain_bucket(chain))
            chain = []
        chain.append(report)
        last = moment
    if chain:
        buckets.append(_chain_bucket(chain))
    return buckets


def _chain_bucket(chain: list[Report]) -> _Bucket:
    first = _day(chain[0].published_at)
    label = f"~{first.isoformat()}" if first else UNDATED
    return _Bucket(label, first, first is not None, tuple(chain))


def _deal_buckets(reports: Sequence[Report]) -> list[_Bucket]:
    """Deals: by period; a period-less report joins a period starting near its publication."""
    by_period: dict[str, list[Report]] = {}
    starts: dict[str, int] = {}
    loose: list[Report] = []
    for report in reports:
        if report.period is None:
            loose.append(report)
            continue
        label = _period_text(report.period)
        by_period.setdefault(label, []).append(report)
        starts[label] = report.period.start_year
    rest: list[Report] = []
    for report in loose:
        year = report.published_at.year if report.published_at else None
        near = (
            []
            if year is None
            else [
                label
                for label, start in starts.items()
                if year - DEAL_YEARS_AFTER_START <= start <= year + DEAL_YEARS_BEFORE_START
            ]
        )
        if near:
            assert year is not None
            best = min(near, key=lambda label: (abs(starts[label] - year), label))
            by_period[best].append(report)
        else:
            rest.append(report)
    buckets = [_Bucket(label, None, False, tuple(group)) for label, group in by_period.items()]
    if rest:
        buckets.append(_Bucket(NO_PERIOD, None, False, tuple(rest)))
    return buckets


def cluster_id(group: str, label: str) -> str:
    """A cluster's id (the compacted topic's key): a digest of its group and detail."""
    digest = hashlib.sha256(f"{group}{GROUP_SEPARATOR}{label}".encode()).hexdigest()
    return f"cluster-{digest[:24]}"


def _best_actors(reports: Sequence[Report]) -> list[Person]:
    """One Person per actor id, the fullest spelling any report gives, in id order."""
    best: dict[str, Person] = {}
    for report in reports:
        for person in report.actors:
            key = actor_key(person)
            known = best.get(key)
            if known is None or _fullness(person) > _fullness(known):
                best[key] = person
    return [best[key] for key in sorted(best)]


def _fullness(person: Person) -> tuple[int, int, str]:
    fields = sum(value is not None for value in person.model_dump().values())
    return (fields, len(person.name), person.name)


def _combined_confidence(reports: Sequence[Report]) -> float:
    """1 - prod(1 - c) over distinct sources, c the source's most confident report."""
    by_source: dict[str, float] = {}
    for report in reports:
        source = report.source.casefold()
        by_source[source] = max(by_source.get(source, 0.0), report.confidence)
    miss = 1.0
    for confidence in by_source.values():
        miss *= 1.0 - confidence
    return round(1.0 - miss, 6)


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(value for value in values if value)
    if not counts:
        return None
    return min(counts, key=lambda value: (-counts[value], value))


def cluster_record(group: str, bucket: _Bucket) -> ClusterRecord:
    """The record of one cluster: a pure function of its group, label and reports."""
    reports = sorted(bucket.reports, key=_age)
    best = min(reports, key=lambda r: (-r.confidence, _age(r)))
    published = [r.published_at for r in reports if r.published_at is not None]
    event_type = reports[0].event_type
    periods = {_period_text(r.period): r.period for r in reports if r.period}
    period_label = bucket.label if bucket.label in periods else _most_common(periods)
    return ClusterRecord(
        cluster_id=cluster_id(group, bucket.label),
        cluster_key=f"{group}{GROUP_SEPARATOR}{bucket.label}",
        event_type=event_type,
        actors=_best_actors(reports),
        date=bucket.day,
        date_inferred=bucket.inferred,
        first_reported_at=min(published, default=None),
        updated_at=max(published, default=None),
        reports=[
            ClusterReport(
                source=r.source,
                article_id=r.article_id,
                event_id=r.event_id,
                published_at=r.published_at,
                article_version=r.article_version,
                confidence=r.confidence,
            )
            for r in reports[:MAX_LISTED_REPORTS]
        ],
        report_count=len(reports),
        source_count=len({r.source.casefold() for r in reports}),
        confidence=_combined_confidence(reports),
        evidence=best.evidence,
        evidence_event_id=best.event_id,
        medium=_most_common(r.medium for r in reports) if event_type == "call_readout" else None,
        agreement=_most_common(r.agreement for r in reports),
        period=periods.get(period_label) if period_label else None,
        quote=best.quote if event_type == "statement" else None,
    )


def clusters_of(group: str, reports: Sequence[Report]) -> dict[str, ClusterRecord]:
    """Every cluster of one group's reports, by cluster id."""
    if not reports:
        return {}
    split = _deal_buckets if reports[0].event_type == "cost_sharing_deal" else _dated_buckets
    records = (cluster_record(group, bucket) for bucket in split(reports))
    return {record.cluster_id: record for record in records}


@dataclass(frozen=True, slots=True)
class Changes:
    """What folding reports into a group changed: records to publish, ids to retire."""

    changed: list[ClusterRecord]
    created: set[str]
    retired: list[str]


def cluster_changes(before: dict[str, ClusterRecord], after: dict[str, ClusterRecord]) -> Changes:
    """The records that differ between two states of a group, and the ids that went away."""
    changed = [record for cid, record in sorted(after.items()) if before.get(cid) != record]
    created = {cid for cid in after if cid not in before}
    retired = sorted(cid for cid in before if cid not in after)
    return Changes(changed, created, retired)


def cluster_all(reports: Iterable[Report]) -> dict[str, ClusterRecord]:
    """Every cluster of a set of reports, in any order: what the stream must end with."""
    folds: dict[str, GroupFold] = {}
    for report in reports:
        folds.setdefault(report.group, GroupFold()).add(report)
    out: dict[str, ClusterRecord] = {}
    for group, fold in folds.items():
        out.update(clusters_of(group, fold.sorted_reports()))
    return dict(sorted(out.items()))
