"""The accuracy bar shared by the corpus tests: score a labeled corpus, check it."""

from __future__ import annotations

from pathlib import Path

from streams.core import extract_events
from streams.evaluation import Report, doc_to_article, format_report, load_corpus, score


def score_corpus(*directories: Path) -> Report:
    """Run the extractor over one or more labeled corpus directories and score their union
    (the report is printed)."""
    docs = load_corpus(*directories)
    report = score(docs, {doc.id: extract_events(doc_to_article(doc)) for doc in docs})
    print(f"Corpus: {', '.join(str(d) for d in directories)}")
    print(format_report(report))
    return report


def assert_meets_bar(
    report: Report, *, type_f1: float, type_precision: float, field_recall: float
) -> None:
    """Every event type reaches `type_f1` and `type_precision`, every labeled field
    `field_recall`; every miss is named in one assertion message."""
    assert {t.label for t in report.types} == {"CALL_READOUT", "COST_SHARING_DEAL", "STATEMENT"}
    failures: list[str] = []
    for type_score in report.types:
        if type_score.f1 is None or type_score.f1 < type_f1:
            failures.append(f"{type_score.label} F1 {_show(type_score.f1)} < {type_f1}")
        if type_score.precision is None or type_score.precision < type_precision:
            failures.append(
                f"{type_score.label} precision {_show(type_score.precision)} < {type_precision}"
            )
    for name, recall in [
        ("call participants", report.participants),
        ("deal amounts", report.amounts),
        ("statement speakers", report.speakers),
    ]:
        assert recall.total > 0 and recall.recall is not None, name
        if recall.recall < field_recall:
            failures.append(f"{name} recall {recall.recall:.3f} < {field_recall}")
    assert not failures, "; ".join(failures)


def _show(value: float | None) -> str:
    """A ratio with three decimals, or n/a."""
    return "n/a" if value is None else f"{value:.3f}"
