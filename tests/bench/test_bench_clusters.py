"""`python -m bench.clusters` at a small size against the real broker: every figure is there
and consistent (the workers really drained, folded and recovered)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from bench.clusters import synthetic_reports, wire_article
from schemas import RawArticle
from streams.core import extract_events
from streams.core.clusters import Report, cluster_all, report_of
from streams.records.clusters import read_report


def test_generated_articles_tell_each_event_from_three_sources() -> None:
    events = [
        e for n in range(6) for e in extract_events(RawArticle.model_validate(wire_article(n)))
    ]
    assert {e.event_type for e in events} == {"call_readout", "statement"}
    clusters = cluster_all(report_of(e) for e in events)
    # Two events (articles 0-2 and 3-5), each a call and a statement told by three agencies.
    assert sorted(c.source_count for c in clusters.values()) == [3, 3, 3, 3]


def test_synthetic_reports_make_distinct_clusters_of_the_asked_size() -> None:
    pairs = list(synthetic_reports(5, 2))
    reports = [read_report(value) for _, value in pairs]
    assert all(isinstance(r, Report) for r in reports)
    assert all(key.decode() == r.group for (key, _), r in zip(pairs, reports, strict=True))  # type: ignore[union-attr]
    clusters = cluster_all(r for r in reports if isinstance(r, Report))
    assert sorted(c.report_count for c in clusters.values()) == [2] * 5


@pytest.mark.kafka
@pytest.mark.bench
def test_cluster_bench_measures_against_the_real_broker(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    out = tmp_path / "clusters.json"
    result = subprocess.run(
        [
            *(sys.executable, "-m", "bench.clusters", "--articles", "30", "--clusters", "300"),
            *("--broker", kafka_bootstrap, "--json", str(out)),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = orjson.loads(out.read_bytes())
    pipeline, scale = figures["pipeline"], figures["scale"]
    # 30 articles, a call and a statement each; the same events with clustering on and off.
    runs = ("without_clusters", "with_clusters", "with_clusters_split")
    assert [pipeline[run]["events"] for run in runs] == [60, 60, 60]
    assert [pipeline[run]["processes"] for run in runs] == [1, 1, 2]
    assert pipeline["events_per_s_ratio_with_clusters_split_vs_without"] > 0
    assert scale["reports"] == 600 and scale["reports_per_s"] > 0
    assert scale["state_dir_mib"] >= 0 and scale["rss_idle_mib"] > 0
    assert scale["rss_after_half_mib"] > 0 and scale["rss_end_mib"] > 0
    # Both restarts published the cluster their new report updated.
    assert scale["restart_state_kept_s"] > 0 and scale["restart_from_changelog_s"] > 0
    assert "cluster agent alone, 300 clusters x 2 reports (rocksdb://)" in result.stdout
