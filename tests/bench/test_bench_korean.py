"""`python -m bench.korean`: both extractors timed in one run over seed-size articles."""

from __future__ import annotations

import random

from bench import korean


def test_korean_variants_differ_and_stay_seed_size() -> None:
    articles = korean.korean_variants(5, random.Random(1))
    bodies = {a.body for a in articles}
    assert len(bodies) == 5 and all(a.language == "ko" for a in articles)
    seed = korean.SEED_KO.read_text(encoding="utf-8")
    assert all(abs(len(b) - len(seed)) < 40 for b in bodies)


def test_the_run_times_both_extractors_and_reports_their_ratio() -> None:
    result = korean.run(articles=4, repeats=1)
    ko, en = result["korean"], result["english"]
    assert ko["articles_per_s"] > 0 and en["articles_per_s"] > 0
    # Every seed-size article yields its call, deal and statements in both languages.
    assert ko["events_per_article"] >= 5 and en["events_per_article"] >= 5
    expected = en["articles_per_s"] / ko["articles_per_s"]
    assert abs(result["korean_cost_ratio"] - expected) < 1e-6 * expected
    text = korean.describe(result)
    assert "English extractor" in text and "Korean extractor" in text
