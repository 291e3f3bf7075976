"""The project's own invented labeled corpus, scored by the evaluation code.

Unlike the dev corpus in ../shared, this one ships with the repository, so a
fresh clone exercises `streams.evaluate` end to end on real labels.
"""

from __future__ import annotations

from pathlib import Path

from streams.core import extract_events
from streams.evaluate import doc_to_article, format_report, load_corpus, score

CORPUS = Path(__file__).parent / "fixtures" / "invented_corpus"


def test_invented_corpus_meets_the_bar() -> None:
    docs = load_corpus(CORPUS)
    assert len(docs) == 85
    report = score(docs, {d.id: extract_events(doc_to_article(d)) for d in docs})
    print(format_report(report))
    for type_score in report.types:
        assert type_score.f1 is not None and type_score.f1 >= 0.95, type_score.label
    for name, recall in [
        ("call participants", report.participants),
        ("deal amounts", report.amounts),
        ("statement speakers", report.speakers),
    ]:
        assert recall.total > 0 and recall.recall is not None and recall.recall >= 0.95, name
