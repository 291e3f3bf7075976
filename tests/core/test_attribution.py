"""Attribution beyond "Name, title, said": metonyms, institutions with their country,
pronouns, roles named elsewhere, sources cited by others, and what is not a statement.

Every sentence here is invented, in wire style, with invented people.
"""

from __future__ import annotations

import pytest

from schemas import Person, RawArticle, Statement
from streams.core import extract_events
from streams.core.rules import TRIGGER_WORDS


def _speakers(body: str) -> list[Person]:
    article = RawArticle(id="t", source="Yonhap", body=body)
    return [e.speaker for e in extract_events(article) if isinstance(e, Statement)]


def _names(body: str) -> list[str]:
    return [p.name for p in _speakers(body)]


# Each verb added for demands, protests, offers and requests, in a sentence it must carry.
NEW_VERBS = {
    "protested": "protested the decision, calling it unacceptable.",
    "demanded": "demanded that the plan be withdrawn.",
    "accused": "accused the neighbour of violating the accord.",
    "accusing": "is accusing the neighbour of violating the accord.",
    "slammed": "slammed the decision as reckless.",
    "denounced": "denounced the drills as a provocation.",
    "offered": "offered to host the next round of talks.",
    "signaled": "signaled that the talks would be protracted.",
    "signalled": "signalled that the talks would be protracted.",
    "requested": "requested that the meeting be postponed.",
    "pointed out": "pointed out that the accord had expired.",
    "invited": "invited the delegation to visit in the spring.",
    "proposed": "proposed working-level talks next month.",
    "suggested": "suggested that the deadline be extended.",
    "calling for": "is calling for a reduction in the burden.",
    "asked": "asked the embassy to explain the incident.",
    "disclosed": "disclosed that two vessels had been seized.",
    "revealed": "revealed that the talks had stalled.",
    "urging": "has been urging restraint on both sides.",
}


@pytest.mark.parametrize("verb", sorted(NEW_VERBS))
def test_each_added_verb_is_matched(verb: str) -> None:
    assert verb in TRIGGER_WORDS["verb"]
    body = f"Foreign Minister Ana Corvel {NEW_VERBS[verb]}"
    assert _names(body) == ["Ana Corvel"]


def test_metonym_keeps_its_name_and_carries_its_government() -> None:
    body = (
        "Seoul said on Tuesday that the station was a scientific facility. "
        "Washington said the drone had been over international waters."
    )
    speakers = _speakers(body)
    assert [(p.name, p.country) for p in speakers] == [
        ("Seoul", "South Korea"),
        ("Washington", "United States"),
    ]


def test_two_ministries_of_two_countries_keep_their_countries() -> None:
    body = (
        "Japan's Defense Ministry said the radar had been locked on the plane. "
        "Seoul's defense ministry rejected the account, saying no radar was aimed at it. "
        "The foreign ministry in Tokyo said it had lodged a protest."
    )
    speakers = _speakers(body)
    assert [(p.organization, p.country) for p in speakers] == [
        ("Defense Ministry", "Japan"),
        ("Defense Ministry", "South Korea"),
        ("Foreign Ministry", "Japan"),
    ]


def test_a_body_named_after_a_country_adjective() -> None:
    body = "The Ukrainian Ministry of Agrarian Policy said the talks were constructive."
    speakers = _speakers(body)
    assert [(p.organization, p.country) for p in speakers] == [
        ("Ministry of Agrarian Policy", "Ukraine")
    ]


def test_it_said_continues_the_body_that_spoke() -> None:
    body = (
        'NATO said in a statement that the deployment was "not routine." '
        '"We call on Moscow to show restraint," it said.'
    )
    assert _names(body) == ["NATO", "NATO"]


def test_it_said_after_a_media_outlet_is_not_an_official() -> None:
    body = (
        "The two envoys met in Beijing, according to Tokyo-based Kyodo News. "
        "Tokyo hopes to calm the row, it added."
    )
    assert _names(body) == []


def test_role_named_later_is_the_named_holder() -> None:
    body = (
        "A recent video call made progress, a spokesperson for China's Ministry of National "
        "Defense said on Thursday. The call took place on Monday, ministry spokesperson "
        "Zhou Wenli said during a press conference."
    )
    assert set(_names(body)) == {"Zhou Wenli"}


def test_official_quoted_inside_another_bodys_statement() -> None:
    body = (
        "In a statement, the defense ministry quoted Minister Jeon Ho-sang as saying the "
        "military would respond to any provocation."
    )
    assert "Jeon Ho-sang" in _names(body)


def test_official_source_cited_by_a_news_agency() -> None:
    body = (
        "North Korea fired several cruise missiles on Wednesday, Yonhap News Agency reported, "
        "citing the Joint Chiefs of Staff."
    )
    assert _names(body) == ["Joint Chiefs of Staff"]


@pytest.mark.parametrize(
    "body",
    [
        "Neither Minsk nor Warsaw has commented on the reports.",
        "Industry groups in Tokyo said the move could hit chipmakers.",
        "Foreign Minister Ana Corvel was asked about the report on Tuesday.",
        "Prime Minister Tomas Ferrel met Foreign Minister Ana Corvel. He and Corvel "
        "reaffirmed their support for the accord.",
        "The statement cited the conversation between Foreign Minister Ana Corvel and her "
        "counterpart, citing the conversation between Foreign Minister Ana Corvel and Wang.",
    ],
)
def test_not_statements_of_the_named(body: str) -> None:
    names = _names(body)
    assert "Poland" not in names and "Warsaw" not in names
    assert "Tokyo" not in names and "Japan" not in names
    assert "Ana Corvel" not in names


def test_second_verb_of_the_sentence_subject() -> None:
    body = (
        "The foreign ministry in Tokyo summoned a senior diplomat and demanded that the plan "
        "be withdrawn."
    )
    assert [(p.organization, p.country) for p in _speakers(body)] == [("Foreign Ministry", "Japan")]


def test_the_ministry_of_the_latest_minister() -> None:
    body = (
        "Unification Minister Cha Eun-gyeol visited a reunion center on Friday. "
        "The ministry later said in a press release that it had proposed talks."
    )
    assert "Unification Ministry" in [p.organization for p in _speakers(body)]


def test_broadcast_soundbite_of_an_official() -> None:
    body = (
        "[Pkg]\n\nThe talks ended without a deal.\n\n"
        '[Soundbite] AKIRA TOMONAGA(JAPANESE TRADE MINISTER) : "We cannot accept the quotas."\n\n'
        '[Soundbite] LEE DA-SOL(FISHERMEN\'S UNION HEAD) : "We need a decision soon."'
    )
    assert _names(body) == ["Akira Tomonaga"]


def test_answers_of_a_briefing_transcript_are_the_spokespersons() -> None:
    body = (
        "Regular Briefing by Spokesperson Ahn Jae-min\n\n"
        "Q) Has the North responded to the proposal?\n\n"
        "A) We have not received any response so far.\n\n"
        "Q) Will aid be sent?\n\nA) The government is reviewing options."
    )
    assert set(_names(body)) == {"Ahn Jae-min"}


def test_answer_lines_without_questions_are_not_a_transcript() -> None:
    body = "Regular Briefing by Spokesperson Ahn Jae-min\n\nA) list of topics for the week."
    assert _names(body) == []


def test_pronoun_in_a_relative_clause_is_the_person_just_named() -> None:
    body = (
        "Deputy Foreign Minister Selim Karaca said Ankara would not tolerate interference. "
        "Ambassador Lukas Brenner was summoned to the ministry, where he said his government "
        "respected the country's sovereignty."
    )
    assert _names(body) == ["Selim Karaca", "Lukas Brenner"]


@pytest.mark.parametrize(
    "body",
    [
        "Protesters gathered outside the U.S. Embassy, calling for the withdrawal of troops.",
        "The ministry requested a record defense budget, citing North Korea's missile launches.",
        "The drills, which North Korea has denounced as a rehearsal, begin on Monday.",
    ],
)
def test_participles_reasons_and_relative_clauses_name_no_speaker(body: str) -> None:
    names = _names(body)
    assert "U.S. Embassy" not in names and "North Korea" not in names


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("A statement by the Pentagon said the drills would go ahead.", "Pentagon"),
        ("A spokesperson for the Pentagon said the drills would go ahead.", "Pentagon"),
        ("The ministry said that Washington had demanded that Seoul pay more.", "Washington"),
    ],
)
def test_bodies_behind_a_statement_or_a_spokesperson(body: str, speaker: str) -> None:
    assert speaker in _names(body)


def test_unnamed_spokesperson_quoted_by_state_media_is_the_body() -> None:
    body = (
        "China urged restraint on Thursday, state media quoted a foreign ministry spokesperson "
        "as saying."
    )
    assert "foreign ministry" in [n.lower() for n in _names(body)]


def test_a_demand_reported_inside_another_officials_words() -> None:
    body = (
        "Chief Cabinet Secretary Daisuke Morioka said Tokyo had demanded that the ship leave "
        "the area immediately."
    )
    assert _names(body) == ["Daisuke Morioka", "Tokyo"]


# A surname never introduced (an excerpt that starts mid-story) speaks.
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('"We will hold the line," Varga said on Monday.', ["Varga"]),
        (
            "The talks were useful, Varga told reporters, and Moreau said the same.",
            ["Varga", "Moreau"],
        ),
        # capitalized common nouns, and names of things, do not speak
        ("Officials said the vote would be held. Markets said little.", []),
        ("In a statement, Norvex said output would rise. A Norvex spokesman confirmed it.", []),
        ("Norvex Holdings shares fell, and Norvex said sales were down.", []),
        ("Environmental group Verdana said the plan was flawed.", []),
        # written in lower case elsewhere: a common word
        ("The report, Summary said, was late. A summary was filed.", []),
    ],
)
def test_a_bare_surname_speaks(body: str, expected: list[str]) -> None:
    assert _names(body) == expected


def test_a_body_with_many_bare_names_is_not_read_for_them() -> None:
    # A hostile body naming hundreds of never-introduced speakers: the scan per candidate is
    # capped, so none is taken (and the cost stays linear).
    body = " ".join(
        f"It was fine, Zorb{chr(97 + i % 26)}{chr(97 + i // 26)}x said." for i in range(40)
    )
    assert _names(body) == []


def test_a_role_owned_by_a_country_is_its_named_holder() -> None:
    body = (
        "Defense Minister Kenji Morita visited the base on Sunday. "
        "Japan's defense minister said on Monday that the patrols would continue."
    )
    assert _names(body) == ["Kenji Morita"]


def test_a_participle_after_a_statement_is_its_speakers() -> None:
    body = (
        "Unification Minister Chung Dae-ho called for dialogue with North Korea, "
        "saying tensions must be lowered."
    )
    assert _names(body) == ["Chung Dae-ho"]


def test_a_request_reported_inside_a_bodys_words_is_the_officials_too() -> None:
    body = (
        "Foreign Minister Kenji Morita met envoys on Monday. "
        "The ministry said Morita urged Seoul to address the issue."
    )
    assert sorted(_names(body)) == ["Foreign Ministry", "Kenji Morita"]


@pytest.mark.parametrize(
    "body",
    [
        "Defense Minister Ahn Kyu-baek made remarks on Wednesday that the army would respond.",
        "Defense Minister Ahn Kyu-baek made a statement saying the army would respond.",
        'Defense Minister Ahn Kyu-baek reportedly made an improper remark that "we are ready".',
    ],
)
def test_speech_as_a_noun_phrase_with_content(body: str) -> None:
    assert _names(body) == ["Ahn Kyu-baek"]


def test_made_without_speech_content_is_no_statement() -> None:
    assert _names("Defense Minister Ahn Kyu-baek made a visit to the base on Monday.") == []


def test_a_korean_given_name_in_syllables_keeps_its_last_syllable() -> None:
    body = 'President Moon Jae In reportedly made a remark that "the missiles are enough".'
    assert _names(body) == ["Moon Jae In"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "France's foreign ministry on Monday issued a statement saying it would not attend.",
            ["foreign ministry"],
        ),
        (
            "Harmon administration officials said no decision had been made.",
            ["Harmon administration"],
        ),
        (
            "Foreign Minister Cho Min-jae singled out the missile program as a threat, "
            "calling for closer cooperation.",
            ["Cho Min-jae"],
        ),
        (
            "Opposition lawmakers criticized the plan with the government, saying it was vague.",
            [],
        ),
        (
            "Vice Foreign Minister Liu Jianhua conveyed to Japan's envoy that patrols would go on.",
            ["Liu Jianhua"],
        ),
        (
            "Undersecretary Ana Reyes expressed the Philippines' strongest protest on Sunday.",
            ["Ana Reyes"],
        ),
        (
            "The joint chiefs of staff said the drills would go ahead as planned.",
            ["joint chiefs of staff"],
        ),
    ],
)
def test_attributions_seen_in_unseen_copy(body: str, expected: list[str]) -> None:
    assert _names(body) == expected


def test_a_long_office_title_with_articles_anchors_the_name() -> None:
    body = (
        "Director of the Office of the Central Commission for Foreign Affairs Zhou Lin met "
        "envoys on Monday. Zhou Lin stressed that the country abides by international law."
    )
    (speaker,) = _speakers(body)
    assert speaker.name == "Zhou Lin"
    assert speaker.title == "Director of the Office of the Central Commission for Foreign Affairs"


def test_an_office_title_does_not_swallow_the_name_before_it() -> None:
    body = (
        "Secretary of State Dana Whitfield and North Atlantic Treaty Organization "
        "Secretary General Lars Aune said on Monday that the alliance was united."
    )
    aune = next(p for p in _speakers(body) if p.name == "Lars Aune")
    assert (aune.title, aune.organization, aune.country) == ("Secretary General", "NATO", None)


def test_a_prime_minister_has_no_ministry() -> None:
    body = "Prime Minister Anna Lind held talks. The ministry said the talks went well."
    assert _names(body) == []


def test_a_title_whose_complement_is_another_office() -> None:
    body = (
        "Press secretary of the President of the Russian Federation Oleg Varin told reporters "
        'that no date was set. "We will announce it," the Kremlin spokesman stated.'
    )
    speakers = _speakers(body)
    assert {p.name for p in speakers} == {"Oleg Varin"}
    assert speakers[0].title == "Press Secretary of the President of the Russian Federation"
    assert speakers[0].country == "Russia"


@pytest.mark.parametrize(
    "heading",
    [
        "Statement by Secretary of Defense Laura Kimball on the Launch",
        "Remarks by President Jack Connelly on the Ceasefire",
    ],
)
def test_a_release_heading_names_its_speaker(heading: str) -> None:
    body = f"{heading}\n\nWe condemn this provocation and stand with our allies."
    assert len(_names(body)) == 1
    assert _names(body)[0] in ("Laura Kimball", "Jack Connelly")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The ministry dismissed Pyongyang's allegation that drones had flown over the capital.",
            "Pyongyang",
        ),
        ("Officials rejected Japan's latest claim that the ship had entered its waters.", "Japan"),
    ],
)
def test_the_owner_of_a_claim_said_it(body: str, expected: str) -> None:
    assert expected in _names(body)


def test_a_claim_without_an_official_owner_is_nobodys() -> None:
    assert _names("Analysts doubted the company's claim that sales would double.") == []


def test_a_plural_title_gives_its_holder_the_singular() -> None:
    body = (
        "Presidents Ivan Sorin of Russia and Li Wen of China may meet. "
        "In late December, Sorin held a video call with Li Wen, inviting him to visit Moscow."
    )
    (speaker,) = _speakers(body)
    assert (speaker.name, speaker.title, speaker.country) == ("Ivan Sorin", "President", "Russia")
