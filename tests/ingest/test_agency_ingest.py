"""Agency formats through the real `wirestream ingest`, a real broker and a real worker:
every IPTC text example (read where it lies in ../shared/specs), our own seed items, an
agency's kill notice, and agency URLs fetched once and followed."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from streams.records.topics import EVENT_TOPICS, PROCESSED
from streams.settings import Settings
from tests.ingest.test_agency_formats import AGENCY, EXAMPLES, REFUSED, specs_dir
from tests.support.ingest import (
    FeedScript,
    articles_by_key,
    raw_records,
    run_ingest,
    serve,
    summary,
)
from tests.support.kafka_helpers import WorkerProcess, read_topic, wait_for_count

pytestmark = pytest.mark.kafka
SEED_ID = "urn:newsml:yna.co.kr:20250124:AEN20250124000451315"
SEED_FORMATS = ("ninjs1.json", "ninjs2.json", "ninjs3.json", "newsml.xml")


def test_agency_items_flow_through_ingest_and_the_worker(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    # Every IPTC example, our seed in the four formats, then the agency's kill notice for it.
    seeds = [AGENCY / f"seed.{kind}" for kind in SEED_FORMATS]
    killed = tmp_path / "killed.json"
    seed_v2 = orjson.loads((AGENCY / "seed.ninjs2.json").read_bytes())
    killed.write_bytes(orjson.dumps({**seed_v2, "version": "9", "pubstatus": "canceled"}))
    paths = [str(specs_dir() / e[0]) for e in [*EXAMPLES, *REFUSED]]
    paths += [*map(str, seeds), str(killed)]
    sent = len(EXAMPLES) + len(seeds) + 1
    result = run_ingest(*paths, "--source", "Caller Desk")
    # The refused examples are reported with their reasons; everything else is sent.
    assert result.returncode == 1
    assert summary(kafka_settings, sent, len(REFUSED)) in result.stderr
    for _path, reason in REFUSED:
        assert reason in result.stderr
    articles = articles_by_key(raw_records(kafka_settings))
    # Items that are versions of one uri (dpa 2.1/3.0, TT 2.1/3.0, the ninjs guide's
    # examples, our seed items) share one key: a correction replaces, never adds.
    assert len(articles) == len({a.id for a in articles.values()}) < sent
    seed = articles[SEED_ID.encode()]  # the last one published under the key: the kill
    assert seed.source == "Yonhap" and seed.withdrawn == "canceled"
    with WorkerProcess(tmp_path / "worker.log") as worker:
        wait_for_count(kafka_settings, [PROCESSED], sent, 120, worker)
    processed = [orjson.loads(r.value) for r in read_topic(kafka_settings, PROCESSED)]
    assert len(processed) == sent
    by_id = {p["article_id"]: p for p in processed}
    for path, uri, *_ in EXAMPLES:
        assert uri in by_id, path  # every example became an article the worker processed
    seed_records = [p for p in processed if p["article_id"] == SEED_ID]
    # Each seed item gives the seed's events: one call, one deal, seven statements; the
    # kill notice, same key and so same partition and after them, gives none and says so.
    full = {"call_readout": 1, "cost_sharing_deal": 1, "statement": 7}
    assert [(p["counts"], p.get("withdrawn")) for p in seed_records] == [(full, None)] * 4 + [
        (dict.fromkeys(full, 0), "canceled")
    ]
    statements = [
        orjson.loads(r.value) for r in read_topic(kafka_settings, EVENT_TOPICS["statement"])
    ]
    seed_speakers = {s["speaker"]["name"] for s in statements if s["article_id"] == SEED_ID}
    assert {"Tammy Bruce", "Donald Trump"} <= seed_speakers


def test_agency_urls_one_shot_and_followed(kafka_settings: Settings) -> None:
    """An agency API polled with --follow (ninjs, served as whatever content type) publishes
    new items and corrected versions, never the same version twice; a NewsML-G2 URL is
    read by a one-shot ingest."""
    seed_v2 = orjson.loads((AGENCY / "seed.ninjs2.json").read_bytes())
    seed_v3 = orjson.loads((AGENCY / "seed.ninjs3.json").read_bytes())  # its version 3
    other = {**seed_v2, "uri": "urn:test:wire:other", "version": "1"}
    page_1 = orjson.dumps([seed_v2, other], option=orjson.OPT_INDENT_2)
    page_2 = orjson.dumps([seed_v3, other], option=orjson.OPT_INDENT_2)
    script = FeedScript([(None, page_1), (None, page_1), (None, page_2)])
    with serve(script) as url:
        followed = run_ingest("--follow", url, "--interval", "0.1", "--max-polls", "3")
    assert followed.returncode == 0, followed.stderr
    assert followed.stderr.splitlines() == [summary(kafka_settings, 3, 0)]
    with serve(FeedScript([(None, (AGENCY / "seed.newsml.xml").read_bytes())])) as url:
        once = run_ingest(url)
    assert once.returncode == 0, once.stderr
    records = raw_records(kafka_settings)
    versions = [(r.key, orjson.loads(r.value or b"{}")["meta"]["version"]) for r in records]
    seed = SEED_ID.encode()
    assert versions == [(seed, "2"), (b"urn:test:wire:other", "1"), (seed, "3"), (seed, "4")]
    latest = articles_by_key(records)[seed]
    assert latest.meta is not None and latest.meta.format == "NewsML-G2"
