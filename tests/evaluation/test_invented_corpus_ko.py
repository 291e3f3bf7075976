"""The project's own invented Korean corpus (tests/fixtures/invented_corpus_ko), scored by the
evaluation code: written and labeled by hand from the dev-ko README's rules, it ships with the
repository, so a fresh clone exercises the Korean extractor and the Korean scoring end to end."""

from __future__ import annotations

from pathlib import Path

from tests.support.corpus_bar import assert_meets_bar, score_corpus

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "invented_corpus_ko"


def test_invented_korean_corpus_meets_the_bar() -> None:
    report = score_corpus(CORPUS)
    assert report.documents == len(list(CORPUS.glob("*.json")))
    assert report.documents >= 30
    assert_meets_bar(report, type_f1=0.95, type_precision=0.95, field_recall=0.85)
