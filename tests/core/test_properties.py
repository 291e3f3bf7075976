"""Property tests of the pure extraction core (streams.core.extract_events).

The bodies are random Unicode mixed with wire-copy fragments, so the generator reaches
the code paths that fire on real articles (titles, quotes, call and deal triggers, money,
captions) as well as arbitrary text around and inside them. Whatever the body, the core
must not raise, every evidence span must slice back to its text, every event must
re-validate against the published schema, and event ids must be deterministic.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import CostSharingDeal, EventBase, RawArticle, Statement, parse_event
from streams.core import EXTRACTOR_VERSION, extract_events

MAX_BODY_CHARS = 100_000

# Wire-like fragments (invented): triggers, names, titles, money, dates, captions, quotes.
FRAGMENTS: tuple[str, ...] = (
    "said",
    " said ",
    ", the ministry said.",
    "told reporters",
    "according to the State Department",
    "phone call",
    "held a phone call with",
    "spoke by phone with",
    "video conference",
    "during their call",
    "will hold a phone call",
    "Foreign Minister Kim Sung-hwan",
    "Secretary of State Dana Whitcombe",
    "Defense Minister Arvo Lindqvist",
    "President Ilse Marrow",
    "his Japanese counterpart, Hiro Tanabe",
    "spokesperson Petra Oyelaran",
    "Kim",
    "Whitcombe",
    "Mr.",
    "U.S.",
    "South Korea",
    "the United States",
    "Japan",
    "NATO",
    "Seoul's foreign ministry",
    '"',
    "\u201c",
    "\u201d",
    "'",
    '"We will keep working together," ',
    "$1.5 billion",
    "1.52 trillion won",
    "US$920 million",
    "\u20a91.4tn (about $1bn)",
    "\u00a5300 billion",
    "2,345.6 million euros",
    "six billion dollars",
    "Special Measures Agreement",
    "cost-sharing deal",
    "host-nation support",
    "burden sharing",
    "signed",
    "reached an agreement",
    "for 2026",
    "from 2026 to 2030",
    "five-year",
    "next year",
    "on Wednesday",
    "on Sunday",
    "May 12",
    "agreed to",
    "discussed",
    "to discuss",
    "U.S. forces",
    "troops",
    "\n",
    "\n\n",
    " ",
    ". ",
    ", ",
    "; ",
    ": ",
    "(",
    ")",
    " -- ",
    "\u2014",
    "\u00a0",
    "\u2028",
    "\t",
    "This photo shows",
    "(Yonhap)",
    "(Yonhap photo)",
    "SEOUL, March 4 (Yonhap) -- ",
    "Jr.",
    "'s",
    "\uff04\uff11\uff10",  # fullwidth "$10"
)

SOURCES = ("Yonhap", "Reuters", "AP", "Test Wire", "Kyodo News", "Xinhua")

unicode_chars = st.characters(exclude_categories=("Cs",))
random_text = st.text(alphabet=unicode_chars, max_size=40)
fragment = st.sampled_from(FRAGMENTS)

# Sentence slots (invented people and phrasing), so many bodies hold real-looking events.
PEOPLE = (
    "Foreign Minister Kim Sung-hwan",
    "Secretary of State Dana Whitcombe",
    "Defense Minister Arvo Lindqvist",
    "Prime Minister Ilse Marrow",
    "U.S. Ambassador Carl Denholm",
    "Japanese Foreign Minister Hiro Tanabe",
    "State Department spokesperson Petra Oyelaran",
    "Kim",
    "Whitcombe",
    "Lindqvist",
    "Hiro Tanabe, the Japanese foreign minister,",
)
OTHERS = ("South Korea", "the United States", "Japan", "NATO", "Seoul's foreign ministry")
PRONOUNS = ("He", "She", "They", "The two ministers", "Both sides")
VERBS = (
    "said",
    "told reporters",
    "held a phone call with",
    "spoke by phone with",
    "held video talks with",
    "had a 30-minute phone conversation with",
    "will hold a phone call with",
    "did not speak by phone with",
    "met with",
    "signed the Special Measures Agreement with",
    "reached a cost-sharing deal with",
    "is seeking a deal with",
    "agreed to",
    "stressed",
    "warned",
    "wrote on social media that",
)
TAILS = (
    "on Wednesday",
    "on Sunday",
    "last week",
    "on May 12",
    "to discuss trade and security",
    "under which Seoul will pay 1.52 trillion won ($1.1 billion) for 2026",
    "for the upkeep of 28,500 U.S. troops from 2026 to 2030",
    "worth \u00a5300 billion next year, up from \u00a5280 billion",
    "amid tension",
    '"We will keep working together"',
    "according to a readout",
    ", the ministry said",
    "(Yonhap)",
)
ENDS = (". ", ".\n", "\n\n", ", ", "; ", " ", "", '." ', ".\u2029", "? ", ".\r\n")
GAPS = (" ", " ", " ", "", "  ", "\u00a0", ", ", "\n")


def slot(options: tuple[str, ...]) -> st.SearchStrategy[str]:
    """One sentence slot: usually a listed phrase, sometimes random or mangled text."""
    listed = st.sampled_from(options)
    return st.one_of(
        listed,
        listed,
        listed,
        random_text,
        st.tuples(listed, random_text).map("".join),
    )


gap = st.sampled_from(GAPS)
sentence = st.tuples(
    slot(PEOPLE + OTHERS + PRONOUNS),
    gap,
    slot(VERBS),
    gap,
    slot(PEOPLE + OTHERS),
    gap,
    slot(TAILS),
    st.sampled_from(ENDS),
).map("".join)

# Wire-like text dominates; random Unicode is mixed in and sometimes glued into a fragment.
piece = st.one_of(
    sentence,
    sentence,
    sentence,
    fragment,
    random_text,
    st.tuples(fragment, random_text, fragment).map("".join),
)


@st.composite
def wire_bodies(draw: st.DrawFn, max_pieces: int = 40) -> str:
    """A non-blank body of at most 100 000 characters (usually short, sometimes long).

    Copies are glued with any separator up to 20 000 characters; longer bodies are cut
    into paragraphs, as wire copy is. Very long single sentences are covered by
    test_adversarial.py, which does not need to keep a 60-second budget.
    """
    parts = draw(st.lists(st.tuples(piece, gap).map("".join), min_size=1, max_size=max_pieces))
    body = "".join(parts)
    # Sometimes repeat the drawn text up to tens of kilobytes.
    if draw(st.integers(0, 9)) == 0:
        target = draw(st.sampled_from((2_000, 5_000, 10_000, 20_000, MAX_BODY_CHARS)))
        glue = draw(st.sampled_from(GAPS + ENDS))
        if target > 20_000:
            glue += "\n"
        copies = -(-target // (len(body) + len(glue)))
        body = glue.join([body] * copies)
    body = body[:MAX_BODY_CHARS]
    if not body.strip():
        body += draw(fragment.filter(str.strip))
    return body


@st.composite
def large_wire_bodies(draw: st.DrawFn) -> str:
    """A body of 50-100 KB: drawn pieces cycled with random noise, in paragraphs."""
    target = draw(st.integers(50_000, MAX_BODY_CHARS))
    parts = draw(st.lists(st.tuples(piece, gap).map("".join), min_size=20, max_size=60))
    noise = draw(st.lists(random_text, min_size=1, max_size=10))
    paragraph = draw(st.integers(3, 40))
    out: list[str] = []
    size = 0
    i = 0
    while size < target:
        chunk = parts[i % len(parts)] + (noise[i % len(noise)] if i % 7 == 0 else "")
        if i % paragraph == paragraph - 1:
            chunk += "\n"
        out.append(chunk)
        size += len(chunk)
        i += 1
    body = "".join(out)[:target]
    if not body.strip():
        body += "said"
    return body


published_times = st.one_of(
    st.none(),
    st.datetimes(
        min_value=datetime(1990, 1, 1),
        max_value=datetime(2100, 12, 31),
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=9)), timezone(timedelta(hours=-5))]
        ),
    ),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31)),
)


@st.composite
def articles(draw: st.DrawFn, bodies: st.SearchStrategy[str] | None = None) -> RawArticle:
    return RawArticle(
        id=draw(st.text(alphabet=unicode_chars, min_size=1, max_size=20)),
        source=draw(st.sampled_from(SOURCES)),
        url=None,
        headline=draw(st.one_of(st.none(), st.sampled_from(FRAGMENTS))),
        published_at=draw(published_times),
        body=draw(bodies if bodies is not None else wire_bodies()),
    )


# --------------------------------------------------------------------------------------
# Shared checks
# --------------------------------------------------------------------------------------


def check_events(article: RawArticle, events: list[EventBase]) -> None:
    """Every invariant an event list must satisfy against its article."""
    body = article.body
    assert isinstance(events, list)
    for event in events:
        assert isinstance(event, EventBase)
        assert event.article_id == article.id
        assert event.source == article.source
        assert event.extractor_version == EXTRACTOR_VERSION
        assert event.evidence, f"{event.event_id} has no evidence"
        for span in event.evidence:
            assert 0 <= span.start < span.end <= len(body)
            assert body[span.start : span.end] == span.text, (span, event.event_id)
        # The record that goes on the wire re-validates, evidence checked against the body.
        # Compared in wire form: JSON carries only the UTC offset, and Python never equates
        # a local time inside a DST fold with the same instant in another zone.
        wire = event.model_dump_json()
        assert parse_event(event.model_dump(mode="json"), body=body).model_dump_json() == wire
        assert parse_event(wire, body=body).model_dump_json() == wire


def check_text_fields(article: RawArticle, events: list[EventBase]) -> None:
    body = article.body
    for event in events:
        if isinstance(event, Statement):
            first, last = event.evidence[0], event.evidence[-1]
            assert event.content == body[first.start : last.end], event
            for amount in event.amounts:
                assert amount.text in event.content, (amount, event.content)
        if isinstance(event, (Statement, CostSharingDeal)):
            for amount in event.amounts:
                assert amount.text in body, amount


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------

COMMON = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@COMMON
@given(body=st.text(alphabet=unicode_chars, min_size=1, max_size=2_000).filter(str.strip))
def test_any_unicode_body_never_raises(body: str) -> None:
    article = RawArticle(id="prop-unicode", source="Test Wire", body=body)
    events = extract_events(article)
    check_events(article, events)


@COMMON
@given(article=articles())
def test_wire_like_body_never_raises_and_evidence_is_valid(article: RawArticle) -> None:
    events = extract_events(article)
    check_events(article, events)


@COMMON
@given(article=articles())
def test_statement_content_and_money_text_come_from_the_body(article: RawArticle) -> None:
    check_text_fields(article, extract_events(article))


@COMMON
@given(article=articles(), other_id=st.text(alphabet=unicode_chars, min_size=1, max_size=20))
def test_event_ids_are_deterministic(article: RawArticle, other_id: str) -> None:
    first = extract_events(article)
    second = extract_events(article)
    copied = extract_events(RawArticle.model_validate_json(article.model_dump_json()))
    deep = extract_events(article.model_copy(deep=True))
    ids = [e.event_id for e in first]
    assert ids == [e.event_id for e in second]
    assert ids == [e.event_id for e in copied]
    assert ids == [e.event_id for e in deep]
    dumps = [e.model_dump_json() for e in first]
    assert dumps == [e.model_dump_json() for e in second]
    assert dumps == [e.model_dump_json() for e in copied]
    assert dumps == [e.model_dump_json() for e in deep]

    if other_id != article.id:
        renamed = extract_events(article.model_copy(update={"id": other_id}))
        # Same text, same events; only the article id and the event ids change.
        assert [e.event_type for e in renamed] == [e.event_type for e in first]
        assert all(e.article_id == other_id for e in renamed)
        assert not set(ids) & {e.event_id for e in renamed}
        strip = {"event_id", "article_id"}
        assert [e.model_dump(exclude=strip) for e in renamed] == [
            e.model_dump(exclude=strip) for e in first
        ]


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(article=articles(bodies=large_wire_bodies()))
def test_large_bodies(article: RawArticle) -> None:
    assert len(article.body) >= 50_000
    events = extract_events(article)
    check_events(article, events)
    check_text_fields(article, events)
    assert [e.event_id for e in extract_events(article)] == [e.event_id for e in events]


# An invented article whose call is dated by weekday and whose deal amount by "next year",
# so both dates are resolved against the publication time.
DATED_BODY = (
    "Foreign Minister Kim Sung-hwan held a phone call with Secretary of State Dana "
    "Whitcombe on Sunday, the ministry said.\n"
    "South Korea and the United States signed the Special Measures Agreement, under which "
    "Seoul will pay 1.52 trillion won ($1.1 billion) next year for the upkeep of U.S. forces.\n"
    '"We will keep working together," Kim said.'
)


def test_dated_body_yields_dated_events() -> None:
    # Guards the property below: this body must reach the date-resolving code.
    published = datetime(2026, 3, 4, 9, 0, tzinfo=timezone(timedelta(hours=9)))
    article = RawArticle(id="dated", source="Yonhap", published_at=published, body=DATED_BODY)
    events = extract_events(article)
    assert {e.event_type for e in events} >= {"call_readout", "cost_sharing_deal"}
    assert any(e.occurred_on is not None for e in events)


@settings(max_examples=150, deadline=None)
@given(
    published_at=st.datetimes(timezones=st.one_of(st.none(), st.timezones())),
    source=st.sampled_from(SOURCES),
)
def test_any_valid_publication_time_never_raises(published_at: datetime, source: str) -> None:
    # The schema accepts any datetime, so the core must cope with every one of them.
    article = RawArticle(id="dated", source=source, published_at=published_at, body=DATED_BODY)
    events = extract_events(article)
    check_events(article, events)
