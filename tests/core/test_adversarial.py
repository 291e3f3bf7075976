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
import random
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest

from schemas import MAX_BODY_BYTES, EventBase, RawArticle, parse_event
from streams.core import extract_events

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


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))


def fill(unit: str, limit: int = MAX_BODY_BYTES) -> str:
    """`unit` repeated to exactly `limit` UTF-8 bytes (padded with ASCII if it does not divide)."""
    body = unit * (limit // utf8_size(unit))
    return body + "x" * (limit - utf8_size(body))


def pad(text: str, filler: str, limit: int = MAX_BODY_BYTES) -> str:
    """`text` followed by `filler` repeated, cut to exactly `limit` UTF-8 bytes."""
    rest = fill(filler, limit - utf8_size(text))
    return text + rest


# ---- bodies (all text invented) -------------------------------------------------------


def capitalized_words() -> str:
    # One endless run of capitalized tokens: a single candidate "name" of 150k tokens.
    return fill("Minister Kim Lee Park Choi Jung Kang Cho Yoon Han Seo Lim Oh ")


def capitalized_titled_sentences() -> str:
    # Tens of thousands of short attributed sentences: one statement event each.
    return fill("Foreign Minister Kim Lee Park said. ")


def nested_quotes() -> str:
    return fill('"')


def nested_quotes_with_speech() -> str:
    return fill('"""Kim said """')


def unbalanced_quotes() -> str:
    return pad('"', 'Minister Kim said "the talks went well and ')


def digits() -> str:
    return fill("0123456789")


def digit_groups() -> str:
    return fill("1,1,1,")


def currency_symbols() -> str:
    return fill("$$$¥¥₩")


def currency_amounts() -> str:
    return fill("$1$2.5¥3₩4 won US$5bn 6 trillion won (")


def said_said_said() -> str:
    return fill("said ")


def long_sentence() -> str:
    # One sentence, no punctuation, ordinary wire vocabulary, no reporting verb.
    return fill(
        "the minister and the visiting envoy went over trade and security and the alliance "
        "and the cost of stationing troops in the region and "
    )


def long_sentence_call_wording() -> str:
    # One sentence, no punctuation, a call trigger and two officials every 55 characters.
    return fill("Minister Kim held a phone call with Secretary Lee and ")


def newlines_100k_blank() -> str:
    head = "Foreign Minister Kim Lee said on Monday.\n"
    middle = "\n" * 100_000
    return pad(head + middle, "Secretary Park Choi spoke with officials. ")


def newlines_100k_lines() -> str:
    # 100 000 short distinct lines (none dropped as a repeated paragraph), then one long line.
    lines = "".join(f"K{i:06d}\n" for i in range(100_000))
    return pad(lines, "Lee ")


def mixed_soup() -> str:
    # A seeded shuffle of wire fragments and symbols, with no structure at all.
    pieces = [
        "Minister",
        "Kim",
        "Lee",
        "said",
        '"',
        '"""',
        "$",
        "¥",
        "₩",
        "1,1,",
        "0123",
        "phone call",
        "with",
        "U.S.",
        "Mr.",
        "(Yonhap)",
        "This photo shows",
        "Special Measures Agreement",
        "signed",
        "1.52 trillion won",
        "on Wednesday",
        "\n",
        ". ",
        ", ",
        " ",
        " ",
        "\u2028",
        "\u00a0",
        "한국",
        "😀",
    ]
    rng = random.Random(20260304)
    out: list[str] = []
    size = 0
    while size < MAX_BODY_BYTES:
        piece = rng.choice(pieces)
        out.append(piece)
        size += utf8_size(piece)
    body = "".join(out)
    while utf8_size(body) > MAX_BODY_BYTES:
        body = body[:-1]
    return body


BODIES: dict[str, Callable[[], str]] = {
    "capitalized_words": capitalized_words,
    "capitalized_titled_sentences": capitalized_titled_sentences,
    "nested_quotes": nested_quotes,
    "nested_quotes_with_speech": nested_quotes_with_speech,
    "unbalanced_quotes": unbalanced_quotes,
    "digits": digits,
    "digit_groups": digit_groups,
    "currency_symbols": currency_symbols,
    "currency_amounts": currency_amounts,
    "said_said_said": said_said_said,
    "long_sentence": long_sentence,
    "long_sentence_call_wording": long_sentence_call_wording,
    "newlines_100k_blank": newlines_100k_blank,
    "newlines_100k_lines": newlines_100k_lines,
    "mixed_soup": mixed_soup,
}


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
