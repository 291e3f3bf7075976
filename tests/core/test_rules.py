"""Tests for streams.core.rules: every rule's pattern and trigger words agree.

A rule is matched only in sentences holding one of its trigger words, so a word in a
pattern that its triggers miss is silently never matched. These tests build every
check from the declarations themselves: adding a word or an example to a rule adds
its test.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import RawArticle
from streams.core.document import Document, analyze
from streams.core.rules import RULES, TRIGGER_WORDS, Rule, trigger_words, word_rule
from streams.core.triggers import TriggerIndex


def _document(text: str) -> Document:
    article = RawArticle(
        id="rules-test",
        source="Test Wire",
        body=text,
        published_at=datetime(2026, 3, 10, 12, tzinfo=UTC),
    )
    return analyze(article)


def ungated_matches(rule: Rule, text: str) -> list[str]:
    """Matches of the rule's pattern (run per sentence, as the extractors do) that no
    trigger word of the rule overlaps: matches the trigger gate could hide."""
    doc = _document(text)
    lower = doc.shadow.lower()
    index = TriggerIndex(lower, doc.sentences, [s.start for s in doc.sentences])
    words = {w.lower().rstrip("*") for w in rule.words}
    out = []
    for i, sentence in enumerate(doc.sentences):
        hits = [
            (start, end)
            for start, end in index.in_sentence(rule.family, i)
            if lower[start:end] in words or any(lower[start:end].startswith(w) for w in words)
        ]
        for match in rule.pattern.finditer(doc.shadow, sentence.start, sentence.end):
            if not any(start < match.end() and match.start() < end for start, end in hits):
                out.append(match.group())
    return out


WORD_TERMS = [
    (rule.name, word, follow) for rule in RULES for word, follow in rule.terms if not follow
]
GUARDED_TERMS = [(rule.name, word) for rule in RULES for word, follow in rule.terms if follow]
EXAMPLES = [(rule.name, example) for rule in RULES for example in rule.examples]
BY_NAME = {rule.name: rule for rule in RULES}


def test_rule_names_are_unique_and_every_rule_has_a_check() -> None:
    assert len(BY_NAME) == len(RULES)
    for rule in RULES:
        # A pattern rule is checked through its examples, a word rule through its words.
        assert rule.terms or rule.examples, f"{rule.name}: no word and no example to check"


def test_trigger_words_come_from_the_rules_only() -> None:
    assert trigger_words(RULES) == TRIGGER_WORDS
    declared = {(r.family, w.lower()) for r in RULES for w in r.words}
    assert {(f, w) for f, words in TRIGGER_WORDS.items() for w in words} == declared


@pytest.mark.parametrize(("name", "word", "follow"), WORD_TERMS)
def test_every_word_of_a_word_rule_is_matched_and_gated(name: str, word: str, follow: str) -> None:
    rule = BY_NAME[name]
    text = f"Officials {word} it on Monday."
    match = rule.pattern.search(text)
    assert match is not None and match.start() == len("Officials "), (name, word)
    assert ungated_matches(rule, text) == []


@pytest.mark.parametrize(("name", "word"), GUARDED_TERMS)
def test_every_guarded_word_has_an_example_that_is_matched(name: str, word: str) -> None:
    rule = BY_NAME[name]
    examples = [e for e in rule.examples if e.lower().startswith(word.lower())]
    assert examples, f"{name}: no example shows what may follow {word!r}"
    for example in examples:
        assert rule.pattern.search(f"Officials {example} on Monday."), example


@pytest.mark.parametrize(("name", "example"), EXAMPLES)
def test_every_example_is_matched_and_gated(name: str, example: str) -> None:
    rule = BY_NAME[name]
    # A rule anchored at the start of a sentence (a release heading) is tried on its own line.
    anchored = rule.pattern.pattern.startswith("^")
    text = f"{example}\n\nIt happened." if anchored else f"On Monday, {example} happened."
    assert rule.pattern.search(text), (name, example)
    assert ungated_matches(rule, text) == [], (name, example)


# Every rule's examples and words, amid noise: no match may lack a trigger word.
_FRAGMENTS = st.sampled_from(
    sorted(
        {e for r in RULES for e in r.examples}
        | {w.rstrip("*") for r in RULES for w in r.words}
        | {"the", "minister", "Kim", "Seoul", ",", ".", "with", "on", "by", "of", "'s", "x"}
    )
)


@settings(max_examples=300)
@given(
    st.sampled_from(sorted(BY_NAME)), st.lists(_FRAGMENTS, min_size=1, max_size=14).map(" ".join)
)
def test_no_match_escapes_its_trigger_words(name: str, text: str) -> None:
    assert ungated_matches(BY_NAME[name], text) == []


def test_a_word_added_to_the_pattern_alone_is_caught() -> None:
    # The checks above can fail: a rule whose pattern matches a word its triggers lack.
    half = Rule("half", "verb", ("said",), re.compile(r"\b(?:said|opined)\b"))
    assert ungated_matches(half, "The minister opined that it was fine.") == ["opined"]
    whole = word_rule("whole", "verb", ("said", "opined"))
    assert "opined" in whole.words and whole.pattern.search("she opined")


def test_an_undeclared_family_is_refused() -> None:
    doc = _document("The minister said so.")
    with pytest.raises(KeyError):
        doc.triggers.has("no such family", 0)
