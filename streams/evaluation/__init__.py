"""Scoring the extractor on a labeled corpus: `wirestream evaluate`, the corpus tests and bench."""

from streams.evaluation.scoring import (
    CorpusError,
    LabeledDoc,
    Report,
    doc_to_article,
    format_report,
    load_corpus,
    score,
)

__all__ = [
    "CorpusError",
    "LabeledDoc",
    "Report",
    "doc_to_article",
    "format_report",
    "load_corpus",
    "score",
]
