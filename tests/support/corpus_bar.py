"""The accuracy bar shared by the corpus tests: score a labeled corpus, check it."""

from __future__ import annotations

from pathlib import Path

from streams.core import extract_events
from streams.evaluation import Report, doc_to_article, format_report, load_corpus, score


def score_corpus(directory: Path) -> Report:
    """Run the extractor over a labeled corpus and score it (the report is printed)."""
    docs = load_corpus(directory)
    report = score(docs, {doc.id: extract_events(doc_to_article(doc)) for doc in docs})
    print(format_report(report))
    return report


def assert_meets_bar(report: Report, *, type_f1: float, field_recall: float) -> None:
    """Every event type reaches `type_f1` and every labeled field `field_recall`."""
    assert {t.label for t in report.types} == {"CALL_READOUT", "COST_SHARING_DEAL", "STATEMENT"}
    for type_score in report.types:
        assert type_score.f1 is not None and type_score.f1 >= type_f1, type_score.label
    for name, recall in [
        ("call participants", report.participants),
        ("deal amounts", report.amounts),
        ("statement speakers", report.speakers),
    ]:
        assert recall.total > 0 and recall.recall is not None, name
        assert recall.recall >= field_recall, name
