"""The cluster agent against the real broker: one record per real-world event on the compacted
cluster topic, from invented wire copy (written for this test, in wire style).

Each fact is asserted as a reader would check it (sources, report counts, dates), and the
whole topic must equal the offline fold of the same articles (tests/support/clusters.py).
"""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from kafka.partitioner.default import murmur2

from streams.settings import Settings
from tests.support.clusters import (
    expected_clusters,
    expected_reports,
    expected_table,
    reports_lag,
    table_changelog,
    wait_clusters,
)
from tests.support.faults import wait_until
from tests.support.kafka_helpers import WorkerProcess, produce_raw

pytestmark = pytest.mark.kafka

# One call (Monday 2025-10-27) told four ways by four sources; one article undated.
SAME_CALL = [
    (
        "yna-call-1",
        "Yonhap",
        "2025-10-28T08:10:00+09:00",
        "SEOUL, Oct. 28 (Yonhap) -- U.S. Secretary of State Marco Rubio held phone talks with "
        "Chinese Foreign Minister Wang Yi on Monday and discussed trade, the State Department "
        "said.\n\nThe two sides agreed to keep communication channels open.",
    ),
    (
        "reu-call-1",
        "Reuters",
        "2025-10-27T19:30:00-04:00",
        "WASHINGTON, Oct 27 (Reuters) - Secretary of State Marco Rubio spoke by phone with "
        "Chinese Foreign Minister Wang Yi on Monday, as both governments prepared for a summit "
        "between their leaders.",
    ),
    (
        "state-call-1",
        "State Department",
        "2025-10-27T18:00:00-04:00",
        "Secretary of State Marco Rubio spoke by phone today with People's Republic of China "
        "Foreign Minister Wang Yi. The Secretary and Foreign Minister Wang discussed the "
        "upcoming meeting between the two presidents.",
    ),
    (
        "xinhua-call-1",
        "Xinhua",
        "2025-10-28T07:00:00+08:00",
        "BEIJING, Oct. 28 (Xinhua) -- Chinese Foreign Minister Wang Yi held a phone call with "
        "U.S. Secretary of State Marco Rubio on Oct. 27, exchanging views on China-U.S. ties.",
    ),
]
# The same two people two days later: another call.
SECOND_CALL = (
    "yna-call-2",
    "Yonhap",
    "2025-10-30T09:00:00+09:00",
    "SEOUL, Oct. 30 (Yonhap) -- U.S. Secretary of State Marco Rubio held another phone call "
    "with Chinese Foreign Minister Wang Yi on Wednesday, officials said.",
)
# One remark quoted identically by two agencies.
SAME_QUOTE = [
    (
        "yna-stmt-1",
        "Yonhap",
        "2025-11-03T10:00:00+09:00",
        "SEOUL, Nov. 3 (Yonhap) -- South Korean Foreign Minister Cho Hyun said on Monday, "
        '"Our alliance with the United States stands firmer than ever."',
    ),
    (
        "afp-stmt-1",
        "AFP",
        "2025-11-03T03:00:00+01:00",
        'South Korean Foreign Minister Cho Hyun said on Monday, "Our alliance with the United '
        'States stands firmer than ever," speaking at a forum in the capital.',
    ),
]
# A call first filed with the wrong day (version 1), then corrected (version 2).
FIRST_VERSION = (
    "kyodo-call-1",
    "Kyodo",
    "2025-11-06T12:00:00+09:00",
    "TOKYO, Nov. 6 (Kyodo) -- Japanese Foreign Minister Toshimitsu Motegi held phone talks "
    "with Australian Foreign Minister Penny Wong on Tuesday, the ministry said.",
)
CORRECTED = (
    "kyodo-call-1",
    "Kyodo",
    "2025-11-06T15:00:00+09:00",
    "TOKYO, Nov. 6 (Kyodo) -- Japanese Foreign Minister Toshimitsu Motegi held phone talks "
    "with Australian Foreign Minister Penny Wong on Wednesday, the ministry said.",
)


def _record(article: tuple[str, str, str, str], version: str | None = None) -> tuple[bytes, bytes]:
    article_id, source, published_at, body = article
    value: dict[str, object] = {
        "id": article_id,
        "source": source,
        "published_at": published_at,
        "body": body,
    }
    if version is not None:
        value["meta"] = {"format": "ninjs 2", "version": version}
    return article_id.encode(), orjson.dumps(value)


def _partition(group: str, partitions: int) -> int:
    """The partition Kafka's default partitioner gives a report keyed by `group`."""
    return (murmur2(group.encode()) & 0x7FFFFFFF) % partitions


def _clusters(state: dict[bytes, bytes]) -> list[dict[str, object]]:
    return [orjson.loads(value) for value in state.values()]


def test_reports_of_one_event_meet_in_one_cluster(kafka_settings: Settings, tmp_path: Path) -> None:
    first = [_record(a) for a in [*SAME_CALL[:3], SECOND_CALL, SAME_QUOTE[0]]]
    first.append(_record(FIRST_VERSION, version="1"))
    # Later, together: a fourth source of the call and a second of the quote (two stored
    # groups, on two partitions, updated in one go), a re-sent article, and the correction.
    later = [SAME_CALL[3], SAME_QUOTE[1]]
    again = [*map(_record, later), _record(SAME_CALL[0]), _record(CORRECTED, version="2")]
    every = first + again
    want = expected_clusters(every)
    groups = {r.group for r in expected_reports(again[:2])}
    assert len({_partition(g, kafka_settings.partitions) for g in groups}) == 2, groups

    produce_raw(kafka_settings, first)
    with WorkerProcess(tmp_path / "worker.log") as worker:
        wait_clusters(kafka_settings, expected_clusters(first), 120, worker)
        produce_raw(kafka_settings, again)
        wait_clusters(kafka_settings, want, 120, worker)
        table = table_changelog(kafka_settings)
        # Every report's offset is committed once it is folded, the last one too.
        wait_until(lambda: reports_lag(kafka_settings) == 0, 60, worker)

    clusters = _clusters(want)
    calls = {c["date"]: c for c in clusters if c["event_type"] == "call_readout"}
    rubio_wang = calls["2025-10-27"]
    assert rubio_wang["report_count"] == 4, rubio_wang  # the re-sent article added nothing
    assert rubio_wang["source_count"] == 4
    assert {r["source"] for r in rubio_wang["reports"]} == {  # type: ignore[union-attr]
        "Yonhap",
        "Reuters",
        "State Department",
        "Xinhua",
    }
    assert {a["name"] for a in rubio_wang["actors"]} == {"Marco Rubio", "Wang Yi"}  # type: ignore[union-attr]
    # Two days later: its own cluster, with its own id.
    second = calls["2025-10-29"]
    assert second["report_count"] == 1 and second["cluster_id"] != rubio_wang["cluster_id"]
    # The correction moved the Kyodo report from Tuesday's cluster to Wednesday's.
    motegi = [c for c in clusters if "Penny Wong" in str(c["actors"])]
    assert [(c["date"], c["report_count"]) for c in motegi] == [("2025-11-05", 1)], motegi
    assert motegi[0]["reports"][0]["article_version"] == "2"  # type: ignore[index]
    quote = [c for c in clusters if c["event_type"] == "statement" and "Cho Hyun" in str(c)]
    assert [(q["report_count"], q["source_count"]) for q in quote] == [(2, 2)], quote
    # The table (read back from its changelog) holds exactly the folded groups.
    assert table == expected_table(every)


def test_the_cluster_agent_waits_for_each_changelog_write_to_be_acknowledged(
    tmp_path: Path,
) -> None:
    """Faust's flush can return with table writes still buffered; the agent waits for their
    acknowledgements, so a batch's offsets never move ahead of its changelog records."""
    import asyncio

    from streams.worker.app import create_app
    from streams.worker.clusters import TABLE_NAME, ClusterTable

    async def waits() -> tuple[bool, int, str]:
        app = create_app(Settings(state_dir=tmp_path, consumer_group="changelog"))
        table = app.tables[TABLE_NAME]
        assert isinstance(table, ClusterTable)
        first = table.send_changelog(0, b"group-a", b"state-a")
        second = table.send_changelog(1, b"group-b", b"state-b")
        stored = asyncio.ensure_future(table.changelog_stored())
        await asyncio.sleep(0.05)
        waited = not stored.done()  # still buffered, nothing acknowledged yet
        first.set_result(None)
        await asyncio.sleep(0)
        waited = waited and not stored.done()  # one of two is not enough
        second.set_result(None)
        count = await stored
        refused = table.send_changelog(0, b"group-a", b"state-a2")
        refused.set_exception(RuntimeError("broker refused the record"))
        try:
            await table.changelog_stored()
        except RuntimeError as exc:
            return waited, count, str(exc)
        return waited, count, "no error"

    assert asyncio.run(waits()) == (True, 2, "broker refused the record")
