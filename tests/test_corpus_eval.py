"""The extractor scored on the labeled dev corpus in ../shared (read where it lies).

The corpus is third-party text and is never copied into the project; CI has it
next to the checkout. On a fresh clone without it the test is skipped, but in
CI (CI=true) a missing corpus is a failure, not a skip.
"""

from __future__ import annotations

import os

import pytest

from streams.core import extract_events
from streams.evaluate import doc_to_article, format_report, load_corpus, score
from streams.settings import get_settings

pytestmark = pytest.mark.corpus


def test_dev_corpus_meets_the_bar() -> None:
    corpus_dir = get_settings().corpus_dir
    if not corpus_dir.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"corpus not found at {corpus_dir} (set WIRESTREAM_CORPUS_DIR)")
        pytest.skip(f"no labeled corpus at {corpus_dir}")
    docs = load_corpus(corpus_dir)
    assert len(docs) >= 20
    predictions = {doc.id: extract_events(doc_to_article(doc)) for doc in docs}
    report = score(docs, predictions)
    print(format_report(report))
    assert {t.label for t in report.types} == {"CALL_READOUT", "COST_SHARING_DEAL", "STATEMENT"}
    for type_score in report.types:
        assert type_score.f1 is not None and type_score.f1 >= 0.95, type_score.label
    for name, recall in [
        ("call participants", report.participants),
        ("deal amounts", report.amounts),
        ("statement speakers", report.speakers),
    ]:
        assert recall.total > 0 and recall.recall is not None and recall.recall >= 0.90, name
