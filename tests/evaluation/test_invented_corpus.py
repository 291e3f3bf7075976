"""The project's own invented labeled corpus, scored by the evaluation code.

Unlike the dev corpus in ../shared, this one ships with the repository, so a
fresh clone exercises `streams.evaluation` end to end on real labels.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.corpus_bar import assert_meets_bar, score_corpus

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "invented_corpus"


def test_invented_corpus_meets_the_bar() -> None:
    report = score_corpus(CORPUS)
    assert report.documents == 242
    assert_meets_bar(report, type_f1=0.95, type_precision=0.97, field_recall=0.95)
