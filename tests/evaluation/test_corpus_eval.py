"""The extractor scored on the labeled dev corpus in ../shared (read where it lies).

The corpus is third-party text and is never copied into the project; CI has it
next to the checkout. On a fresh clone without it the test is skipped, but in
CI (CI=true) a missing corpus is a failure, not a skip.
"""

from __future__ import annotations

import os

import pytest

from streams.settings import get_settings
from tests.support.corpus_bar import assert_meets_bar, score_corpus

pytestmark = pytest.mark.corpus


def test_dev_corpus_meets_the_bar() -> None:
    corpus_dir = get_settings().corpus_dir
    if not corpus_dir.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"corpus not found at {corpus_dir} (set WIRESTREAM_CORPUS_DIR)")
        pytest.skip(f"no labeled corpus at {corpus_dir}")
    report = score_corpus(corpus_dir)
    assert report.documents >= 20
    assert_meets_bar(report, type_f1=0.95, field_recall=0.90)
