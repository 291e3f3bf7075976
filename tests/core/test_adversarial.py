"""Adversarial bodies at the 1 MiB size limit: the pure core must finish and stay valid.

Each body is as large as a RawArticle may be (1 MiB of UTF-8) and is built to stress one
part of the core: name runs, quote pairing, number and currency matching, reporting-verb
scans, sentence segmentation and paragraph handling. The tests assert only that
extraction completes with a list of events whose evidence is valid; how long it takes
is a matter for the benchmarks, not for these tests.

"Completes" needs a bound to be testable at all: a hang guard fails a case that has not
finished after HANG_GUARD_SECONDS (two minutes, about a hundred times what a linear-time
core needs on a 1 MiB body). It is not a performance budget; it only keeps a runaway
case from blocking the suite for hours. Set WIRESTREAM_HANG_GUARD_SECONDS=0 to disable it.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest

from schemas import MAX_BODY_BYTES, EventBase, RawArticle, parse_event
from streams.core import extract_events
from tests.support.hostile import BODIES, newlines_100k_blank, newlines_100k_lines, utf8_size

HANG_GUARD_SECONDS = int(os.environ.get("WIRESTREAM_HANG_GUARD_SECONDS", "120"))


class DidNotComplete(AssertionError):
    """Extraction was still running when the hang guard fired."""


@contextmanager
def hang_guard(what: str) -> Iterator[None]:
    """Fail (rather than hang) if the block runs past HANG_GUARD_SECONDS."""
    if HANG_GUARD_SECONDS <= 0 or not hasattr(signal, "SIGALRM"):
        yield
        return

    def fire(signum: int, frame: object) -> None:
        raise DidNotComplete(f"{what} did not complete within the {HANG_GUARD_SECONDS} s guard")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.alarm(HANG_GUARD_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("name", list(BODIES))
def test_body_builders_hit_the_size_limit(name: str) -> None:
    body = BODIES[name]()
    assert utf8_size(body) == MAX_BODY_BYTES
    assert body.strip()


def test_newline_bodies_have_100k_newlines() -> None:
    assert newlines_100k_blank().count("\n") >= 100_000
    assert newlines_100k_lines().count("\n") == 100_000


@pytest.mark.parametrize("name", list(BODIES))
def test_extraction_completes_with_valid_evidence(name: str) -> None:
    body = BODIES[name]()
    article = RawArticle(
        id=f"adversarial-{name}",
        source="Yonhap",
        headline="Adversarial input",
        published_at=datetime(2026, 3, 4, 9, 0, tzinfo=timezone(timedelta(hours=9))),
        body=body,
    )
    with hang_guard(f"extraction of the {name} body"):
        events = extract_events(article)
    assert isinstance(events, list)
    ids: set[str] = set()
    for event in events:
        assert isinstance(event, EventBase)
        assert event.article_id == article.id
        for span in event.evidence:
            assert 0 <= span.start < span.end <= len(body)
            assert body[span.start : span.end] == span.text
        assert parse_event(event.model_dump(mode="json"), body=body) == event
        ids.add(event.event_id)
    assert len(ids) == len(events), "event ids within one article must be distinct"
