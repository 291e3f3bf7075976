"""The clustering core (streams/core/clusters.py) and its records (streams/records/clusters.py).

The "must show" cases run invented wire articles (tests/support/cluster_articles.py)
through the real extractor, then `cluster_all`. The window, chaining, eviction and
ordering rules use hand-built reports, so each boundary is exact.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta, timezone

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import MAX_LISTED_REPORTS, ClusterRecord, EvidenceSpan, Period, Person, RawArticle
from streams.core import clusters as core
from streams.core import extract_events
from streams.core.clusters import (
    UNDATED_AFTER,
    UNDATED_BEFORE,
    ClusteredEvent,
    GroupFold,
    Report,
    cluster_all,
    cluster_changes,
    cluster_id,
    cluster_key,
    clusters_of,
    group_of,
    normalized_text,
    report_of,
)
from streams.records.clusters import (
    INVALID_REPORT,
    StateCache,
    decode_state,
    encode_report,
    encode_state,
    fold_reports,
    read_report,
)
from streams.records.codec import Rejection
from streams.records.topics import CLUSTERS
from tests.support import cluster_articles as ca

KST = timezone(timedelta(hours=9))


# --- helpers -----------------------------------------------------------------


def events_of(articles: Iterable[RawArticle]) -> list[ClusteredEvent]:
    """Every event the real extractor finds in the articles."""
    return [event for article in articles for event in extract_events(article)]


def reports_of(articles: Iterable[RawArticle]) -> list[Report]:
    """The cluster reports of every event of the articles."""
    return [report_of(event) for event in events_of(articles)]


def of_type(clusters: dict[str, ClusterRecord], event_type: str) -> list[ClusterRecord]:
    """The clusters of one event type, earliest date first."""
    found = [c for c in clusters.values() if c.event_type == event_type]
    return sorted(found, key=lambda c: (c.date or date.min, c.cluster_key))


_SEQ = itertools.count()


def report(
    *,
    published: datetime | None,
    occurred: date | None = None,
    event_type: str = "call_readout",
    actors: Sequence[str] = ("Ann Lee", "Bo Kim"),
    source: str = "Wire",
    article_id: str | None = None,
    event_id: str | None = None,
    version: str | None = None,
    period: tuple[int, int] | None = None,
    confidence: float = 0.8,
) -> Report:
    """A hand-built report whose cluster key follows `cluster_key`'s rules."""
    n = next(_SEQ)
    people = [Person(name=name) for name in actors]
    group = f"{event_type}|" + "+".join(sorted(core.actor_key(p) for p in people))
    if event_type == "cost_sharing_deal":
        detail = f"{period[0]}-{period[1]}" if period else core.NO_PERIOD
    else:
        detail = occurred.isoformat() if occurred else core.UNDATED
    return Report(
        event_id=event_id or f"ev-{n}",
        event_type=event_type,  # type: ignore[arg-type]
        cluster_key=f"{group}#{detail}",
        article_id=article_id or f"art-{n}",
        article_version=version,
        source=source,
        published_at=published,
        occurred_on=occurred,
        confidence=confidence,
        actors=people,
        evidence=[EvidenceSpan(start=0, end=4, text="text")],
        period=Period(start_year=period[0], end_year=period[1]) if period else None,
    )


def at(day: date, hour: int = 12) -> datetime:
    """Noon (or `hour`) UTC of a day."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


D = date(2025, 10, 27)


# --- must show: real articles through the extractor --------------------------


def test_one_call_told_by_four_wires_is_one_cluster_of_four_sources() -> None:
    reports = reports_of(ca.articles(ca.FOUR_WIRES_CALL))
    calls = of_type(cluster_all(reports), "call_readout")
    assert len(calls) == 1
    call = calls[0]
    assert call.report_count == 4
    assert call.source_count == 4
    assert call.date == date(2025, 10, 27)
    assert not call.date_inferred
    assert {p.name for p in call.actors} == {"Marco Rubio", "Wang Yi"}
    assert {r.article_id for r in call.reports} == {spec["id"] for spec in ca.FOUR_WIRES_CALL}
    # listed earliest first: Reuters (21:05 UTC) before the State Department (21:40 UTC)
    assert call.reports[0].source == "Reuters"
    assert call.first_reported_at == datetime(2025, 10, 27, 21, 5, tzinfo=UTC)
    assert call.updated_at == datetime(2025, 10, 28, 9, 30, tzinfo=KST)
    single = [r.confidence for r in reports if r.event_type == "call_readout"]
    assert max(single) < call.confidence <= 1.0  # four sources corroborate one another
    assert call.evidence_event_id in {r.event_id for r in call.reports}
    assert call.cluster_id == cluster_id(group_of(call.cluster_key), "2025-10-27")


def test_a_second_call_two_days_later_is_a_second_cluster_of_the_same_group() -> None:
    clusters = cluster_all(reports_of(ca.articles(ca.FOUR_WIRES_CALL, ca.SECOND_CALL)))
    first, second = of_type(clusters, "call_readout")
    assert (first.date, first.report_count) == (date(2025, 10, 27), 4)
    assert (second.date, second.report_count, second.source_count) == (date(2025, 10, 29), 1, 1)
    assert group_of(first.cluster_key) == group_of(second.cluster_key)
    assert first.cluster_id != second.cluster_id


def test_a_statement_quoted_identically_by_two_agencies_is_one_cluster() -> None:
    events = events_of(ca.articles(ca.SAME_QUOTE))
    keys = {e.cluster_key for e in events if e.event_type == "statement"}
    assert len(keys) == 1  # the article bodies differ; the quote and speaker do not
    (statement,) = of_type(cluster_all(report_of(e) for e in events), "statement")
    assert statement.source_count == 2
    assert statement.date == date(2026, 3, 12)
    assert statement.quote is not None
    assert "every channel of dialogue open" in statement.quote
    assert [p.name for p in statement.actors] == ["Park Seo-yeon"]


def test_a_different_quote_of_the_same_speaker_is_another_cluster() -> None:
    spec = ca.SAME_QUOTE[1]
    other = spec["body"].replace("answering any provocation firmly", "staying fully prepared")
    articles = [ca.article(ca.SAME_QUOTE[0]), ca.article(spec, body=other)]
    statements = of_type(cluster_all(reports_of(articles)), "statement")
    assert [s.report_count for s in statements] == [1, 1]


def test_a_resent_article_changes_nothing() -> None:
    reports = reports_of(ca.articles(ca.FOUR_WIRES_CALL, ca.SAME_QUOTE))
    first = fold_reports(reports, {})
    assert first.outputs and first.states
    stored = {group: GroupFold.of(decode_state(state)) for group, state in first.states.items()}
    again = reports_of(ca.articles(ca.FOUR_WIRES_CALL[1:2], ca.SAME_QUOTE))  # re-sent as is
    assert {r.event_id for r in again} <= {r.event_id for r in reports}
    for r in again:
        assert stored[r.group].add(r) is False
    stored = {group: GroupFold.of(decode_state(state)) for group, state in first.states.items()}
    resent = fold_reports(again, stored)
    assert resent.outputs == []
    assert resent.states == {}
    assert sum(resent.unchanged.values()) == len(again)
    assert resent.added == {}


def _second_call(version: str, body: str | None = None) -> list[Report]:
    return reports_of([ca.article(ca.SECOND_CALL[0], version=version, body=body)])


def _call_dates(reports: Iterable[Report]) -> list[date | None]:
    return [c.date for c in of_type(cluster_all(reports), "call_readout")]


def test_a_corrected_article_replaces_its_earlier_report() -> None:
    v1 = _second_call("1")
    v2 = _second_call("2", ca.SECOND_CALL_CORRECTED_BODY)
    v1_call = next(r for r in v1 if r.event_type == "call_readout")
    v2_call = next(r for r in v2 if r.event_type == "call_readout")
    assert (v1_call.occurred_on, v2_call.occurred_on) == (date(2025, 10, 29), date(2025, 10, 28))
    assert v1_call.group == v2_call.group
    fold = GroupFold()
    assert fold.add(v1_call)
    assert fold.add(v2_call)  # even though the correction kept the event's id
    assert [r.article_version for r in fold.sorted_reports()] == ["2"]
    assert _call_dates([*v1, *v2]) == [date(2025, 10, 28)]
    # through the record layer: the Wednesday cluster is retired, the Tuesday one created
    first = fold_reports(v1, {})
    stored = {g: GroupFold.of(decode_state(s)) for g, s in first.states.items()}
    second = fold_reports(v2, stored)
    changes = {
        (o.change, o.value is None) for o in second.outputs if o.event_type == "call_readout"
    }
    assert changes == {("created", False), ("retired", True)}


def test_an_older_version_arriving_late_is_ignored() -> None:
    v1 = _second_call("1")
    v2 = _second_call("2", ca.SECOND_CALL_CORRECTED_BODY)
    fold = GroupFold()
    for r in v2:
        if r.event_type == "call_readout":
            assert fold.add(r)
    for r in v1:
        if r.event_type == "call_readout":
            assert fold.add(r) is False
    assert [r.article_version for r in fold.sorted_reports()] == ["2"]
    assert _call_dates([*v2, *v1]) == [date(2025, 10, 28)]
    stored = {v2[0].group: fold}
    late = fold_reports([r for r in v1 if r.event_type == "call_readout"], stored)
    assert late.outputs == [] and late.states == {}


def test_an_undated_report_joins_the_dated_cluster_near_its_publication() -> None:
    reports = reports_of(ca.articles(ca.FOUR_WIRES_CALL, ca.UNDATED_CALL_NEAR, ca.UNDATED_CALL_FAR))
    undated = [r for r in reports if r.event_type == "call_readout" and r.occurred_on is None]
    assert len(undated) == 2  # the two undated wires really are undated
    near, far = of_type(cluster_all(reports), "call_readout")
    assert (near.date, near.report_count, near.source_count) == (date(2025, 10, 27), 5, 5)
    assert not near.date_inferred
    assert far.date == date(2025, 11, 6)  # its publication day (KST), inferred
    assert far.date_inferred
    assert far.cluster_key.endswith("#~2025-11-06")
    assert [r.source for r in far.reports] == ["Kyodo"]


def test_deal_reports_with_and_without_period_are_one_cluster() -> None:
    reports = reports_of(ca.articles(ca.DEAL_WITH_PERIOD, ca.DEAL_WITHOUT_PERIOD))
    (deal,) = of_type(cluster_all(reports), "cost_sharing_deal")
    assert deal.period == Period(start_year=2031, end_year=2035)
    assert deal.report_count == 3
    assert {r.source for r in deal.reports} == {"Yonhap", "AP", "Korea Herald"}
    assert deal.cluster_key.endswith("#2031-2035")
    assert deal.date is None  # a deal cluster is dated by its period, not a day


def test_a_deal_without_period_alone_stays_in_the_unknown_period_cluster() -> None:
    (deal,) = of_type(
        cluster_all(reports_of(ca.articles(ca.DEAL_WITHOUT_PERIOD))), "cost_sharing_deal"
    )
    assert deal.cluster_key.endswith("#?")
    assert deal.period is None


# --- cluster keys ------------------------------------------------------------


def test_cluster_key_ignores_participant_order_and_name_case() -> None:
    events = events_of(ca.articles(ca.FOUR_WIRES_CALL[:2]))
    calls = [e for e in events if e.event_type == "call_readout"]
    # the State Department names Rubio first, Beijing names Wang first
    firsts = [call.participants[0].name for call in calls]  # type: ignore[union-attr]
    assert firsts == ["Marco Rubio", "Wang Yi"]
    assert calls[0].cluster_key == calls[1].cluster_key == cluster_key(calls[0])


def test_cluster_key_prefers_actor_ids_to_names() -> None:
    call = next(e for e in events_of(ca.articles(ca.SECOND_CALL)) if e.event_type == "call_readout")
    with_ids = call.model_copy(
        update={
            "participants": [
                Person(name="Rubio", actor_id="usa-rubio-marco"),
                Person(name="Secretary Rubio's counterpart Wang", actor_id="chn-wang-yi"),
            ]
        }
    )
    assert cluster_key(with_ids) == "call_readout|chn-wang-yi+usa-rubio-marco#2025-10-29"


def test_normalized_text_ignores_case_punctuation_and_width() -> None:
    assert normalized_text("“We WILL stay ready,” he said.") == normalized_text(
        '"we will  stay ready", he said'
    )
    assert normalized_text("ＡＢＣ") == "abc"  # NFKC: full-width letters


# --- windows, chains, deals (hand-built reports) -----------------------------


def _dates(reports: Sequence[Report]) -> dict[str, int]:
    """Cluster detail label -> report count."""
    return {c.cluster_key.partition("#")[2]: c.report_count for c in cluster_all(reports).values()}


@pytest.mark.parametrize(
    ("published", "joins"),
    [
        (at(D), True),
        (at(D) + UNDATED_BEFORE, True),  # published up to three days after the call
        (at(D) + UNDATED_BEFORE + timedelta(days=1), False),
        (at(D) - UNDATED_AFTER, True),  # or a day before it (time zones)
        (at(D) - UNDATED_AFTER - timedelta(days=1), False),
    ],
)
def test_an_undated_report_joins_a_dated_cluster_only_inside_the_window(
    published: datetime, joins: bool
) -> None:
    dated = report(published=at(D), occurred=D)
    undated = report(published=published)
    labels = _dates([dated, undated])
    if joins:
        assert labels == {D.isoformat(): 2}
    else:
        assert labels == {D.isoformat(): 1, f"~{published.date().isoformat()}": 1}


def test_an_undated_report_joins_the_nearest_dated_cluster() -> None:
    early, late = date(2025, 10, 20), date(2025, 10, 23)
    undated = report(published=at(date(2025, 10, 22)))
    dated = [report(published=at(day), occurred=day) for day in (early, late)]
    labels = _dates([*dated, undated])
    assert labels == {"2025-10-20": 1, "2025-10-23": 2}


def test_undated_reports_chain_while_each_is_within_a_day_of_the_last() -> None:
    start = datetime(2025, 5, 1, 8, tzinfo=UTC)
    moments = [start, start + timedelta(hours=20), start + timedelta(hours=40)]
    apart = start + timedelta(hours=40 + 25)  # more than a day after the last
    labels = _dates([report(published=m) for m in [*moments, apart]])
    assert labels == {"~2025-05-01": 3, "~2025-05-04": 1}


def test_a_chain_is_dated_by_its_first_publication_day_inferred() -> None:
    late_evening = datetime(2025, 5, 2, 23, tzinfo=UTC)
    (cluster,) = cluster_all(
        [report(published=late_evening + timedelta(hours=5)), report(published=late_evening)]
    ).values()
    assert cluster.report_count == 2
    assert cluster.date == date(2025, 5, 2)
    assert cluster.date_inferred


def test_undated_reports_without_publication_time_share_one_cluster() -> None:
    a, b = report(published=None), report(published=None)
    clusters = cluster_all([a, b])
    assert [c.report_count for c in clusters.values()] == [2]
    (cluster,) = clusters.values()
    assert cluster.date is None and not cluster.date_inferred
    assert cluster.cluster_key.endswith("#undated")


@pytest.mark.parametrize(
    ("published_year", "joins"),
    [(2030, True), (2031, True), (2028, True), (2027, False), (2032, False)],
)
def test_a_period_less_deal_joins_a_period_starting_near_its_publication(
    published_year: int, joins: bool
) -> None:
    kind = "cost_sharing_deal"
    with_period = report(event_type=kind, published=at(date(2030, 6, 1)), period=(2030, 2034))
    loose = report(event_type=kind, published=at(date(published_year, 6, 1)))
    labels = _dates([with_period, loose])
    assert labels == ({"2030-2034": 2} if joins else {"2030-2034": 1, "?": 1})


def test_a_period_less_deal_joins_the_nearest_of_two_periods() -> None:
    kind = "cost_sharing_deal"
    reports = [
        report(event_type=kind, published=at(date(2026, 1, 1)), period=(2027, 2031)),
        report(event_type=kind, published=at(date(2026, 1, 1)), period=(2029, 2033)),
        report(event_type=kind, published=at(date(2027, 3, 1))),  # both start near 2027
    ]
    assert _dates(reports) == {"2027-2031": 2, "2029-2033": 1}


# --- the fold: redelivery, versions, eviction --------------------------------


def test_redelivery_of_a_report_is_not_added_twice() -> None:
    r = report(published=at(D), occurred=D)
    fold = GroupFold()
    assert fold.add(r) is True
    assert fold.add(r) is False
    assert fold.add(r.model_copy()) is False
    assert len(fold.reports) == 1


def test_a_newer_version_drops_the_reports_the_correction_no_longer_gives() -> None:
    old_a = report(published=at(D), occurred=D, article_id="a", event_id="x", version="1")
    old_b = report(
        published=at(D), occurred=date(2025, 10, 20), article_id="a", event_id="y", version="1"
    )
    new = report(published=at(D, 15), occurred=D, article_id="a", event_id="x", version="2")
    fold = GroupFold.of([old_a, old_b])
    assert fold.add(new)
    assert sorted(fold.reports) == ["x"]
    assert fold.reports["x"].article_version == "2"


def test_versions_compare_as_numbers_then_by_publication_time() -> None:
    v9 = report(published=at(D), occurred=D, article_id="a", event_id="x9", version="9")
    v10 = report(published=at(D), occurred=D, article_id="a", event_id="x10", version="10")
    fold = GroupFold.of([v10])
    assert fold.add(v9) is False  # "9" < "10" as numbers, though not as strings
    later = report(published=at(D, 18), occurred=D, article_id="b", event_id="l")
    earlier = report(published=at(D, 6), occurred=D, article_id="b", event_id="e")
    fold = GroupFold.of([later])
    assert fold.add(earlier) is False  # no version: the later publication wins
    assert sorted(fold.reports) == ["l"]


def test_a_group_keeps_at_most_max_group_reports_evicting_the_earliest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(core, "MAX_GROUP_REPORTS", 3)
    start = at(D)
    reports = [report(published=start + timedelta(hours=h), occurred=D) for h in range(5)]
    fold = GroupFold()
    for r in reports:
        assert fold.add(r)
    assert [r.event_id for r in fold.sorted_reports()] == [r.event_id for r in reports[2:]]
    older = report(published=start - timedelta(hours=1), occurred=D)
    assert fold.add(older) is False  # older than all it keeps: evicted at once
    assert len(fold.reports) == 3
    (cluster,) = clusters_of(reports[0].group, fold.sorted_reports()).values()
    assert cluster.report_count == 3


def test_a_cluster_lists_at_most_max_listed_reports_but_counts_all() -> None:
    reports = [
        report(published=at(D) + timedelta(minutes=m), occurred=D, source=f"S{m % 7}")
        for m in range(MAX_LISTED_REPORTS + 5)
    ]
    (cluster,) = cluster_all(reports).values()
    assert cluster.report_count == MAX_LISTED_REPORTS + 5
    assert len(cluster.reports) == MAX_LISTED_REPORTS
    assert cluster.source_count == 7


def test_combined_confidence_counts_each_source_once() -> None:
    one = [report(published=at(D), occurred=D, source="Wire", confidence=0.5) for _ in range(3)]
    two = [*one[:1], report(published=at(D), occurred=D, source="Other", confidence=0.5)]
    (single,) = cluster_all(one).values()
    (double,) = cluster_all(two).values()
    assert single.confidence == 0.5
    assert double.confidence == 0.75


# --- determinism -------------------------------------------------------------


def _mixed_reports() -> list[Report]:
    """Real reports of every kind, plus a correction, a redelivery and hand-built strays."""
    real = reports_of(
        ca.articles(
            ca.FOUR_WIRES_CALL,
            ca.UNDATED_CALL_NEAR,
            ca.UNDATED_CALL_FAR,
            ca.SAME_QUOTE,
            ca.DEAL_WITH_PERIOD,
            ca.DEAL_WITHOUT_PERIOD,
        )
    )
    versions = _second_call("1") + _second_call("2", ca.SECOND_CALL_CORRECTED_BODY)
    strays = [
        report(published=at(date(2025, 10, 28)), actors=("Marco Rubio", "Wang Yi")),
        report(published=None),
        report(published=None),
        report(published=at(date(2025, 5, 1)), occurred=date(2025, 5, 1)),
    ]
    return [*real, *versions, real[0], *strays]


MIXED = _mixed_reports()


@settings(max_examples=60)
@given(st.permutations(MIXED))
def test_cluster_all_is_the_same_in_any_order(order: list[Report]) -> None:
    assert cluster_all(order) == cluster_all(MIXED)


def _apply(topic: dict[str, ClusterRecord], outputs: Iterable[object]) -> None:
    """Apply fold outputs to a dict as a compacted topic would keep them."""
    for out in outputs:
        key = out.key.decode()  # type: ignore[attr-defined]
        if out.value is None:  # type: ignore[attr-defined]
            topic.pop(key, None)
        else:
            topic[key] = ClusterRecord.model_validate_json(out.value)  # type: ignore[attr-defined]


@settings(max_examples=40)
@given(st.permutations(MIXED), st.randoms(use_true_random=False))
def test_folding_in_batches_ends_where_cluster_all_does(
    order: list[Report], rng: random.Random
) -> None:
    topic: dict[str, ClusterRecord] = {}
    states: dict[str, bytes] = {}
    cache = StateCache(max_groups=2)
    i = 0
    while i < len(order):
        size = rng.randint(1, 6)
        batch = order[i : i + size]
        i += size
        stored = {r.group: cache.get(r.group, states.get(r.group)) for r in batch}
        folded = fold_reports(batch, stored)
        _apply(topic, folded.outputs)
        for group, state in folded.states.items():
            states[group] = state
            cache.put(group, folded.folds[group], state)
    assert topic == cluster_all(MIXED)


# --- fold_reports outputs ----------------------------------------------------


def test_fold_reports_creates_then_updates() -> None:
    reports = reports_of(ca.articles(ca.FOUR_WIRES_CALL))
    calls = [r for r in reports if r.event_type == "call_readout"]
    first = fold_reports(calls[:2], {})
    (created,) = first.outputs
    assert (created.topic, created.change, created.report_count) == (CLUSTERS, "created", 2)
    assert created.event_type == "call_readout"
    assert dict(created.headers)["content-type"]
    record = ClusterRecord.model_validate_json(created.value)  # type: ignore[arg-type]
    assert created.key == record.cluster_id.encode()
    stored = {g: GroupFold.of(decode_state(s)) for g, s in first.states.items()}
    second = fold_reports(calls[2:], stored)
    (updated,) = second.outputs
    assert (updated.change, updated.report_count, updated.key) == ("updated", 4, created.key)
    assert second.added == {"call_readout": 2}


def test_fold_reports_retires_an_undated_cluster_that_joins_a_dated_one() -> None:
    undated = [
        r for r in reports_of(ca.articles(ca.UNDATED_CALL_NEAR)) if r.event_type == "call_readout"
    ]
    first = fold_reports(undated, {})
    (alone,) = first.outputs
    assert alone.change == "created"
    alone_record = ClusterRecord.model_validate_json(alone.value)  # type: ignore[arg-type]
    assert alone_record.date_inferred
    stored = {g: GroupFold.of(decode_state(s)) for g, s in first.states.items()}
    dated = [
        r for r in reports_of(ca.articles(ca.FOUR_WIRES_CALL)) if r.event_type == "call_readout"
    ]
    second = fold_reports(dated, stored)
    by_change = {o.change: o for o in second.outputs}
    assert set(by_change) == {"created", "retired"}
    tombstone = by_change["retired"]
    assert tombstone.key == alone.key
    assert tombstone.value is None and tombstone.headers == []
    assert tombstone.event_type == "call_readout"
    joined = ClusterRecord.model_validate_json(by_change["created"].value)  # type: ignore[arg-type]
    assert joined.report_count == 5 and not joined.date_inferred


def test_cluster_changes_reports_only_differences() -> None:
    a = cluster_all([report(published=at(D), occurred=D)])
    assert cluster_changes(a, a).changed == []
    empty = cluster_changes(a, {})
    assert empty.retired == list(a) and empty.changed == [] and empty.created == set()


# --- bytes -------------------------------------------------------------------


def test_state_round_trips() -> None:
    reports = [*MIXED[:6], report(published=None), MIXED[0]]
    assert decode_state(encode_state(reports)) == reports
    assert decode_state(encode_state([])) == []


def test_a_report_round_trips_through_its_bytes() -> None:
    for r in MIXED:
        assert read_report(encode_report(r)) == r


def test_state_cache_uses_a_fold_only_while_the_table_holds_its_bytes() -> None:
    r1, r2 = report(published=at(D), occurred=D), report(published=at(D, 13), occurred=D)
    cache = StateCache(max_groups=1)
    fold = GroupFold.of([r1])
    state = encode_state(fold.sorted_reports())
    cache.put(r1.group, fold, state)
    assert cache.get(r1.group, state) is fold
    other = encode_state([r1, r2])  # another worker changed the group meanwhile
    assert sorted(cache.get(r1.group, other).reports) == sorted([r1.event_id, r2.event_id])  # type: ignore[union-attr]
    assert cache.get(r1.group, None) is None


def _valid_report_json() -> dict[str, object]:
    return orjson.loads(encode_report(report(published=at(D), occurred=D)))  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.pop("event_id"), "event_id"),
        (lambda d: d.update(confidence=1.5), "confidence"),
        (lambda d: d.update(event_type="meeting"), "event_type"),
        (lambda d: d.update(actors=[]), "actors"),
        (lambda d: d.update(published_at="yesterday"), "published_at"),
        (lambda d: d.update(surprise=1), "surprise"),
    ],
)
def test_read_report_rejects_bad_reports_naming_the_field(mutate, field: str) -> None:  # type: ignore[no-untyped-def]
    data = _valid_report_json()
    mutate(data)
    rejected = read_report(orjson.dumps(data))
    assert isinstance(rejected, Rejection)
    assert rejected.code == INVALID_REPORT
    assert field in rejected.message


@pytest.mark.parametrize("value", [b"", b"not json", b"\xff\xfe", b"[1, 2]", None])
def test_read_report_rejects_what_is_not_a_report(value: bytes | None) -> None:
    rejected = read_report(value)
    assert isinstance(rejected, Rejection)
    assert rejected.code == INVALID_REPORT
    assert rejected.message
