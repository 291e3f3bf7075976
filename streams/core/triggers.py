"""Trigger words of the three extractors, found in one Aho-Corasick pass.

Python's regex engine spends 100-500 ns per character on a pattern that opens
with a long alternation, so running every extractor's patterns over every
sentence would dominate the cost of an article. Instead one automaton finds
all trigger words at once (a few ns per character), and each extractor runs
its detailed patterns only on the sentences holding its triggers. The words come
from the rules' declarations (`rules.py`); a family no rule declares is refused.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

import ahocorasick

from streams.core.rules import TRIGGER_WORDS
from streams.core.text import Span


def _build() -> ahocorasick.Automaton:
    families_of: dict[str, set[str]] = defaultdict(set)
    for family, words in TRIGGER_WORDS.items():
        for word in words:
            families_of[word].add(family)
    automaton = ahocorasick.Automaton()
    for word, families in families_of.items():
        prefix = word.endswith("*")
        phrase = word.rstrip("*")
        automaton.add_word(phrase, (len(phrase), prefix, tuple(sorted(families))))
    automaton.make_automaton()
    return automaton


_AUTOMATON = _build()


class TriggerIndex:
    """Where each family of trigger words occurs, by sentence."""

    def __init__(self, lower: str, sentences: list[Span], sentence_starts: list[int]) -> None:
        """Index `lower` (the ASCII-lowercased shadow text) by sentence."""
        self._hits: dict[str, dict[int, list[tuple[int, int]]]] = {f: {} for f in TRIGGER_WORDS}
        n = len(lower)
        for end_index, (length, prefix, families) in _AUTOMATON.iter(lower):
            start = end_index - length + 1
            end = end_index + 1
            if start > 0 and lower[start - 1].isalnum():
                continue
            if not prefix and end < n and lower[end].isalnum():
                continue
            i = bisect_right(sentence_starts, start) - 1
            if i < 0 or end > sentences[i].end:
                continue
            for family in families:
                self._hits[family].setdefault(i, []).append((start, end))

    def sentences_with(self, family: str) -> list[int]:
        """Indices of the sentences holding a word of the family, in order."""
        return sorted(self._hits[family])

    def has(self, family: str, sentence_index: int) -> bool:
        """Whether the sentence holds a word of the family."""
        return sentence_index in self._hits[family]

    def in_sentence(self, family: str, sentence_index: int) -> list[tuple[int, int]]:
        """Spans of the family's words in one sentence, in order."""
        return self._hits[family].get(sentence_index, [])
