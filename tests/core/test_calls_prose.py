"""Calls told in news prose, on invented sentences (wire style, invented people).

Each case is one short article and the calls it reports (surnames as the corpus
README writes them), labeled by hand from the README's call rules. The trap cases
check that a look-alike cancels only its own reading: the statements and real
calls elsewhere in the same article still come out.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas import CallReadout, RawArticle, Statement
from streams.core import extract_events


def _events(body: str) -> list[object]:
    article = RawArticle(
        id="calls-prose",
        source="Yonhap",
        body=body,
        published_at=datetime(2025, 3, 7, 9, tzinfo=UTC),
    )
    return list(extract_events(article))


def _names(body: str) -> list[list[str]]:
    return [[p.name for p in e.participants] for e in _events(body) if isinstance(e, CallReadout)]


CALLS: list[tuple[str, str, list[list[str]]]] = [
    (
        "online-talks",
        "Prime Minister Aiko Maruta held online talks with Canadian Prime Minister Evan "
        "Lockhart on Monday, the ministry said.",
        [["Aiko Maruta", "Evan Lockhart"]],
    ),
    (
        "called-to-congratulate",
        "President Richard Dalton called South Korean President-elect Seo Min-cheol on "
        "Thursday to congratulate him on his victory, the embassy said.",
        [["Richard Dalton", "Seo Min-cheol"]],
    ),
    (
        "spoken-over-phone",
        "Foreign Minister Marta Kovac has spoken over phone with Defense Minister Ivo "
        "Radic of Croatia on the border dispute.",
        [["Marta Kovac", "Ivo Radic"]],
    ),
    (
        "talked-by-telephone-to",
        "Foreign Minister Sergei Larionov talked by telephone to his Turkish counterpart "
        "Mehmet Aksoylu on Wednesday.",
        [["Sergei Larionov", "Mehmet Aksoylu"]],
    ),
    (
        "at-the-request-of",
        "Foreign Minister Zhou Lianming on Wednesday held a telephone conversation at the "
        "request of Brazilian Foreign Minister Paulo Torres.",
        [["Zhou Lianming", "Paulo Torres"]],
    ),
    (
        "comma-list-after-with",
        "Chancellor Tobias Reinhardt held a video conference with French President Etienne "
        "Marchand, British Prime Minister Oliver Bramwell and Polish President Marek "
        "Zielinski on Sunday.",
        [["Tobias Reinhardt", "Etienne Marchand", "Oliver Bramwell", "Marek Zielinski"]],
    ),
    (
        "untitled-name-in-bare-list",
        "Defense Minister Oh Tae-sik spoke on the phone with his American and Japanese "
        "counterparts, Martin Holloway and Daisuke Imamura on Thursday.",
        [["Oh Tae-sik", "Martin Holloway", "Daisuke Imamura"]],
    ),
    (
        "named-later-comma-list",
        "The top diplomats of South Korea, the United States and Japan held a virtual "
        "meeting on Thursday. Foreign Minister Baek Jin-woo, Secretary of State Andrew "
        "Kessler and Japanese Foreign Minister Kenji Ogasawara condemned the launch.",
        [["Baek Jin-woo", "Andrew Kessler", "Kenji Ogasawara"]],
    ),
    (
        "named-later-told",
        "The foreign ministers of China and Pakistan spoke over the phone on Sunday. "
        "Chinese Foreign Minister Zhou Lianming told Pakistani Foreign Minister Imran "
        "Bhatti that Beijing expected concrete measures.",
        [["Zhou Lianming", "Imran Bhatti"]],
    ),
    (
        "named-later-back-reference",
        "Officials said the two foreign ministers spoke on the phone on Thursday. The "
        "ministry said in a statement citing the conversation between Foreign Minister "
        "Anand Kulkarni and China's Zhou Lianming that both sides would stay in touch.",
        [["Anand Kulkarni", "Zhou Lianming"]],
    ),
    (
        "named-later-joins-the-subject",
        "Defense Minister Yegor Stepanchikov talked by telephone to his Chinese counterpart "
        "on Wednesday. During the conversation, Stepanchikov and Chinese Defense Minister "
        "Fan Jianguo discussed joint drills.",
        [["Yegor Stepanchikov", "Fan Jianguo"]],
    ),
    (
        "addressee-of-ing-verb",
        "Prime Minister Aiko Maruta held telephone talks with President Richard Dalton. The "
        "20-minute phone talks began with Richard Dalton congratulating Aiko Maruta on "
        "taking office.",
        [["Aiko Maruta", "Richard Dalton"]],
    ),
    (
        "marker-in-an-earlier-clause",
        "Foreign Minister Baek Jin-woo, who will visit Tokyo next week, held phone talks "
        "with Japanese Foreign Minister Kenji Ogasawara on Monday.",
        [["Baek Jin-woo", "Kenji Ogasawara"]],
    ),
    (
        "heading-is-not-a-person",
        "Japan-Peru Foreign Ministers' Telephone Talk\n\nForeign Minister Kenji Ogasawara "
        "held a telephone talk with Foreign Minister Luis Quispe of Peru on Friday.",
        [["Kenji Ogasawara", "Luis Quispe"]],
    ),
    # Not calls: look-alikes, plans, questions, in-person meetings.
    (
        "called-on",
        "Foreign Minister Baek Jin-woo called on Japanese Foreign Minister Kenji Ogasawara "
        "to discuss the issue with Seoul.",
        [],
    ),
    (
        "called-someones-remarks",
        "Foreign Minister Baek Jin-woo called Kenji Ogasawara's remarks unhelpful to "
        "discuss on Monday.",
        [],
    ),
    (
        "question",
        "Reporter: Will President Seo Min-cheol speak with President Richard Dalton by "
        "phone this week?",
        [],
    ),
    (
        "plan-across-a-comma",
        "President Seo Min-cheol and President Richard Dalton are expected to hold, for "
        "the first time, phone talks.",
        [],
    ),
    (
        "sidelines-meeting",
        "Prime Minister Aiko Maruta held phone talks with Chancellor Tobias Reinhardt on "
        "Monday. On the sidelines of the forum, Foreign Minister Kenji Ogasawara spoke with "
        "Foreign Minister Claire Delaunay.",
        [["Aiko Maruta", "Tobias Reinhardt"]],
    ),
    (
        "named-later-meeting",
        "The foreign ministers of Japan and Peru spoke by phone on Friday. Foreign "
        "Minister Kenji Ogasawara and Foreign Minister Luis Quispe met in Lima last year.",
        [],
    ),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in CALLS], ids=[c[0] for c in CALLS])
def test_calls_in_news_prose(body: str, expected: list[list[str]]) -> None:
    names = _names(body)
    assert sorted(map(sorted, names)) == sorted(map(sorted, expected)), names


# A look-alike beside an unrelated statement and a real call: all three readings are
# local, so the statement and the call both survive.
TRAPS: list[tuple[str, str]] = [
    ("call-in show", "said Tuesday, speaking on a weekly radio call-in show"),
    ("called for", "said Tuesday. Civic groups have called for talks on the dispute"),
    ("call for dialogue", "said Tuesday. The bloc renewed its call for dialogue"),
    ("called off", "said Tuesday. Warsaw called off a planned visit by its farm minister"),
    ("conference call with reporters", "told reporters on a conference call on Tuesday"),
    ("press call time", "said Tuesday. Press call time is 9:30 a.m"),
]


@pytest.mark.parametrize("lookalike", [t[1] for t in TRAPS], ids=[t[0] for t in TRAPS])
def test_a_lookalike_cancels_only_its_own_reading(lookalike: str) -> None:
    body = (
        f"Prime Minister Suda Rattanakorn {lookalike}.\n\n"
        "Foreign Minister Prasert Wongsakul spoke by phone with Singapore's Foreign "
        "Minister Daniel Teo on Monday, the foreign ministry said."
    )
    events = _events(body)
    calls = [{p.name for p in e.participants} for e in events if isinstance(e, CallReadout)]
    speakers = {e.speaker.name for e in events if isinstance(e, Statement)}
    assert calls == [{"Prasert Wongsakul", "Daniel Teo"}]
    assert "Suda Rattanakorn" in speakers


def test_the_object_of_another_verb_is_not_on_the_call() -> None:
    body = (
        "President Zhou Lianming phoned President Richard Dalton after a video call with "
        "Chancellor Tobias Reinhardt on Monday."
    )
    calls = [set(names) for names in _names(body)]
    assert {"Zhou Lianming", "Tobias Reinhardt"} in calls
    assert not any({"Richard Dalton", "Tobias Reinhardt"} <= call for call in calls)


@pytest.mark.parametrize(
    "body",
    [
        "President Jack Connelly and President Zhou Ming have spoken several times since January.",
        "The two leaders often talked by phone during the campaign, officials said.",
    ],
)
def test_talking_as_a_habit_is_no_call(body: str) -> None:
    article = RawArticle(id="habit", source="Test Wire", body=body)
    assert not [e for e in extract_events(article) if isinstance(e, CallReadout)]
