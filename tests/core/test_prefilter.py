"""Tests for streams.core.prefilter: the same matches as the plain pattern, found faster."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from streams.core import calls, deals, mentions, statements
from streams.core.prefilter import (
    _CASE_FOLDS_TO_ASCII,
    WORD_START,
    NoStartClass,
    Prefiltered,
    first_characters,
)


def test_case_folds_to_ascii_are_all_that_ignorecase_knows() -> None:
    # Every non-ASCII character that an IGNORECASE letter matches, from the engine itself.
    letter = re.compile("[a-z]", re.IGNORECASE)
    found = {chr(cp) for cp in range(0x80, 0x110000) if letter.fullmatch(chr(cp))}
    assert found == set("".join(_CASE_FOLDS_TO_ASCII.values()))


def _spans(pattern: re.Pattern[str], text: str, pos: int, endpos: int) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text, pos, endpos)]


def _same_matches(prefiltered: Prefiltered, text: str) -> None:
    for pos, endpos in ((0, len(text)), (1, len(text)), (0, max(0, len(text) - 3))):
        fast = [m.span() for m in prefiltered.finditer(text, pos, endpos)]
        assert fast == _spans(prefiltered.pattern, text, pos, endpos)
        first = prefiltered.search(text, pos, endpos)
        plain = prefiltered.pattern.search(text, pos, endpos)
        assert (first and first.groups()) == (plain and plain.groups())


# Words and fragments of the prefiltered patterns, in every case, amid noise.
_FRAGMENTS = st.sampled_from(
    [
        *("cost", "sharing", "burden", "SMA", "HNS", "host nation support", "Guam", "marines"),
        *("relocation", "relocating", "to guam", "support for US forces", "defray the cost"),
        *("special measures agreement", "Special Measures Agreement", "common-funded", "share"),
        *("the ministry", "The Department", "the coast guard", "the office of", "the agency"),
        *("Secretary of State", "Minister for Digital Affairs", "Vice President", "of", "and"),
        *("Ministry of", "Defense", "State Department", "Coast Guard", "Emir of Qatar", "Kim"),
        *("to discuss", "to talk", "about", ";", "regarding", "amid", "concerning", "tomato"),
        *(" ", " ", "-", ".", ",", "\n", "x", "İ", "ı", "ſ", "\u212a", "SHARING", "GUAM"),
    ]
)
_TEXTS = st.lists(_FRAGMENTS, max_size=30).map("".join)
PREFILTERED = {
    "calls._OBJECT_STOP": calls._OBJECT_STOP,
    "deals._TOPIC": deals._TOPIC,
    "deals._TOPIC_NAMED": deals._TOPIC_NAMED,
    "mentions._BACK_REFERENCE_NOUN": mentions._BACK_REFERENCE_NOUN,
    "mentions._NAMED_BODY": mentions._NAMED_BODY,
    "mentions._OFFICE_TITLE": mentions._OFFICE_TITLE,
}


@settings(max_examples=400)
@given(st.sampled_from(sorted(PREFILTERED)), st.one_of(_TEXTS, st.text(max_size=80)))
@example("deals._TOPIC", "cost-ſharing and Guam marines; Host Nation Support")
@example(
    "deals._TOPIC_NAMED", "NATO's military budget; the upkeep of U.S. troops; NATO budget goal"
)
@example("mentions._BACK_REFERENCE_NOUN", "The ministry said; the office of the coast guard")
def test_prefiltered_patterns_find_what_the_plain_pattern_finds(name: str, text: str) -> None:
    _same_matches(PREFILTERED[name], text)


def test_a_missing_start_character_is_caught() -> None:
    # The check above can fail: a pattern given too few start characters misses matches.
    incomplete = Prefiltered(deals._TOPIC.pattern, "bcdhmrs")  # no "g" for "guam"
    try:
        _same_matches(incomplete, "Guam marines")
    except AssertionError:
        return
    raise AssertionError("a missing start character went unnoticed")


# Gates: words every match of a pattern contains, checked before running the pattern.
GATES: dict[str, tuple[re.Pattern[str], tuple[str, ...]]] = {
    **{
        f"statements._CHANNELS[{channel}]": (pattern, words)
        for pattern, channel, words in statements._CHANNELS
    },
    "mentions._LOWER_BODY": (
        mentions._LOWER_BODY,
        tuple(mentions._LOWER_BODY_HEAD.pattern.split("|")),
    ),
    "statements._SAID_DAY": (
        statements._SAID_DAY,
        tuple(statements._ANY_WEEKDAY.pattern.split("|")),
    ),
}
_GATE_FRAGMENTS = st.sampled_from(
    [
        *("posted on", "on x", "tweet", "readout", "told reporters", "told a news", "briefing"),
        *("press conference", "speech", "remarks", "statement", "wrote", "letter", "interview"),
        *("to discuss", "discussed", "to talk about", "exchanged views on", "agreed to", "agreed"),
        *("foreign ministry", "defense office", "prime minister's office", "said", "on"),
        *("Monday", "Friday", "told him", "late", " ", " ", ",", ".", "x", "the"),
    ]
)


@settings(max_examples=400)
@given(st.sampled_from(sorted(GATES)), st.lists(_GATE_FRAGMENTS, max_size=20).map(" ".join))
@example("statements._CHANNELS[briefing]", "she told a press gathering")
def test_every_match_holds_a_gate_word(name: str, text: str) -> None:
    pattern, words = GATES[name]
    if pattern.search(text):
        assert any(word in text for word in words)


WORD_START_PATTERNS = {
    "calls._STRONG": calls._STRONG,
    "calls._NOT_PAST": calls._NOT_PAST,
    "deals._CONCLUDED": deals._CONCLUDED,
    "deals._NOT_CONCLUDED": deals._NOT_CONCLUDED,
    "deals._AMOUNT_CONTEXT": deals._AMOUNT_CONTEXT,
    "deals.DEMAND": deals.DEMAND,
}
_CALL_FRAGMENTS = st.sampled_from(
    [
        *("phone call", "a call", "the 30-minute call", "Kim's calls", "told him by phone"),
        *("spoke by phone", "videoconference", "phoned", "calls for", "will", "planned", "not"),
        *("signed", "agreed", "would pay", "demanded", "failed to", "SMA", "deal", "paid"),
        *(" ", " ", ",", ".", "-", "_", "x", "'", "İ", "ı", "ſ", "\u212a", "with"),
    ]
)


@settings(max_examples=400)
@given(
    st.sampled_from(sorted(WORD_START_PATTERNS)),
    st.lists(_CALL_FRAGMENTS, max_size=25).map("".join),
)
@example("calls._STRONG", "Kim's calls with Lee, a 30-minute call; he phoned_ x")
def test_word_start_only_skips_positions_where_nothing_matches(name: str, text: str) -> None:
    pattern = WORD_START_PATTERNS[name]
    assert pattern.pattern.startswith(WORD_START)
    plain = re.compile(pattern.pattern.removeprefix(WORD_START), pattern.flags)
    assert _spans(pattern, text, 0, len(text)) == _spans(plain, text, 0, len(text))


@pytest.mark.parametrize(
    ("pattern", "first"),
    [
        (r"\b(?:cost|burden) sharing", "bc"),
        (r"(?:the\s+)?ministry", "mt"),  # an optional opening adds what follows
        (r"(?<![\w-])(?:Office|Bureau)\b", "BO"),  # lookarounds take no character
        (r"[0-9]|bn\b", "0123456789b"),
        (r"x*(?i:y)", "Yxy"),  # a case-insensitive group matches either case
    ],
)
def test_first_characters_are_read_from_the_pattern(pattern: str, first: str) -> None:
    assert first_characters(re.compile(pattern)) == first


@pytest.mark.parametrize("pattern", [r".x", r"\w+ said", r"[^a]b", r"(?:the)?", r"x?"])
def test_a_pattern_that_may_start_anywhere_or_match_empty_text_has_no_start_class(
    pattern: str,
) -> None:
    with pytest.raises(NoStartClass):
        first_characters(re.compile(pattern))
