"""Agency formats through the real `wirestream ingest`, a real broker and a real worker:
every IPTC text example (read where it lies in ../shared/specs) and our own seed items."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from streams.records.topics import EVENT_TOPICS, PROCESSED
from streams.settings import Settings
from tests.ingest.test_agency_formats import AGENCY, EXAMPLES, REFUSED, specs_dir
from tests.support.ingest import articles_by_key, raw_records, run_ingest, summary
from tests.support.kafka_helpers import WorkerProcess, read_topic, wait_for_count

pytestmark = pytest.mark.kafka


def test_agency_items_flow_through_ingest_and_the_worker(
    kafka_settings: Settings, tmp_path: Path
) -> None:
    paths = [str(specs_dir() / e[0]) for e in [*EXAMPLES, *REFUSED]]
    paths += [str(AGENCY / "seed.ninjs2.json"), str(AGENCY / "seed.newsml.xml")]
    result = run_ingest(*paths, "--source", "Caller Desk")
    # The refused examples are reported with their reasons; everything else is sent.
    assert result.returncode == 1
    assert summary(kafka_settings, len(EXAMPLES) + 2, len(REFUSED)) in result.stderr
    for _path, reason in REFUSED:
        assert reason in result.stderr
    articles = articles_by_key(raw_records(kafka_settings))
    # Items that are versions of one uri (dpa 2.1/3.0, TT 2.1/3.0, the ninjs guide's
    # examples, our two seed items) share one key: a correction replaces, never adds.
    assert len(articles) == len({a.id for a in articles.values()}) < len(EXAMPLES) + 2
    seed = articles[b"urn:newsml:yna.co.kr:20250124:AEN20250124000451315"]
    assert seed.meta is not None and seed.source == "Yonhap"
    with WorkerProcess(tmp_path / "worker.log") as worker:
        wait_for_count(kafka_settings, [PROCESSED], len(EXAMPLES) + 2, 120, worker)
    processed = [orjson.loads(r.value) for r in read_topic(kafka_settings, PROCESSED)]
    assert len(processed) == len(EXAMPLES) + 2
    seed_counts = [
        p["counts"]
        for p in processed
        if p["article_id"] == "urn:newsml:yna.co.kr:20250124:AEN20250124000451315"
    ]
    # Both seed items give the seed's events: one call, one deal, seven statements.
    assert seed_counts == [{"call_readout": 1, "cost_sharing_deal": 1, "statement": 7}] * 2
    statements = [
        orjson.loads(r.value) for r in read_topic(kafka_settings, EVENT_TOPICS["statement"])
    ]
    seed_speakers = {
        s["speaker"]["name"]
        for s in statements
        if s["article_id"] == "urn:newsml:yna.co.kr:20250124:AEN20250124000451315"
    }
    assert {"Tammy Bruce", "Donald Trump"} <= seed_speakers
