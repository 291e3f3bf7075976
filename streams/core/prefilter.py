"""Patterns that skip ahead to the characters their matches can start with.

Python's regex engine jumps quickly to the next possible start only when a
pattern opens with a literal or a character class, and not under IGNORECASE.
A pattern that opens with `\\b` and an alternation of words is tried at every
position instead, at 100-300 ns a character. `Prefiltered` gives such a
pattern the same matches, found faster: a finder that opens with a plain
character class (the characters a match can start with) jumps to each
candidate start, checks the whole pattern there with a lookahead, and only
then is the pattern itself matched at that position. The characters a match can
start with are read from the pattern itself (`first_characters`), so they can never
fall out of step with it.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from typing import Any

# The regex parser and its opcodes: no public API reads a pattern's structure. Both
# modules have been part of CPython's `re` package since 3.11 (earlier: sre_parse).
sre_parse: Any = importlib.import_module("re._parser")
sre: Any = importlib.import_module("re._constants")

# Opens a pattern whose every match starts with a word character (its alternatives
# all open with `\b` and a letter). The engine then tries the alternatives only
# where a word starts instead of at every position: 1.5-3x faster under IGNORECASE.
WORD_START = r"(?=\w)"

# Non-ASCII characters that IGNORECASE matches against ASCII letters (dotted and
# dotless i, long s, the Kelvin sign); tests/core/test_prefilter.py checks the list.
_CASE_FOLDS_TO_ASCII: dict[str, str] = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}


def _start_class(first: str, ignorecase: bool) -> str:
    chars = set(first)
    if ignorecase:
        for char in first:
            chars |= {char.lower(), char.upper(), *_CASE_FOLDS_TO_ASCII.get(char.lower(), "")}
    return "".join(re.escape(c) for c in sorted(chars))


# A start class wider than this is no faster than trying every position.
_MAX_START_CHARACTERS = 400


class NoStartClass(ValueError):
    """The pattern can start with too many characters (or match empty text) to prefilter."""


def first_characters(pattern: re.Pattern[str]) -> str:
    """Every character a match of `pattern` can start with, read from its parsed form.

    Zero-width items (`\\b`, lookarounds) are stepped over; optional items add their
    own start characters to those of what follows. Raises `NoStartClass` for a
    pattern that may start with any character (`.`, `\\w`, a negated class) or match
    empty text. Case variants are added by `Prefiltered` for IGNORECASE patterns.
    """
    chars, nullable = _first(sre_parse.parse(pattern.pattern, pattern.flags))
    if nullable:
        raise NoStartClass(f"{pattern.pattern[:60]!r} can match empty text")
    if len(chars) > _MAX_START_CHARACTERS:
        raise NoStartClass(f"{pattern.pattern[:60]!r} can start with {len(chars)} characters")
    return "".join(sorted(chars))


def _first(items: Any) -> tuple[set[str], bool]:
    """(start characters, whether the sequence can match empty text)."""
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
            return chars, False
        if op is sre.IN:
            for in_op, in_av in av:
                if in_op is sre.LITERAL:
                    chars.add(chr(in_av))
                elif in_op is sre.RANGE and in_av[1] - in_av[0] <= _MAX_START_CHARACTERS:
                    chars.update(chr(c) for c in range(in_av[0], in_av[1] + 1))
                else:
                    raise NoStartClass(f"a class item {in_op} has no short start class")
            return chars, False
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero width: the match starts with what follows
        if op is sre.BRANCH:
            nullable = False
            for branch in av[1]:
                branch_chars, branch_nullable = _first(branch)
                chars |= branch_chars
                nullable = nullable or branch_nullable
        elif op is sre.SUBPATTERN:
            sub_chars, nullable = _first(av[3])
            if av[1] & re.IGNORECASE:
                sub_chars |= {c.swapcase() for c in sub_chars}
                sub_chars |= {f for c in sub_chars for f in _CASE_FOLDS_TO_ASCII.get(c.lower(), "")}
            chars |= sub_chars
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            sub_chars, sub_nullable = _first(av[2])
            chars |= sub_chars
            nullable = av[0] == 0 or sub_nullable
        elif op is sre.ATOMIC_GROUP:
            sub_chars, nullable = _first(av)
            chars |= sub_chars
        else:
            raise NoStartClass(f"{op} may start with any character")
        if not nullable:
            return chars, False
    return chars, True


class Prefiltered:
    """A pattern with the characters its matches can start with, for faster scans.

    The start characters are read from the pattern (`first_characters`); the pattern
    must never match empty text.
    """

    def __init__(self, pattern: re.Pattern[str], first: str | None = None) -> None:
        """Wrap `pattern`; `first` overrides the start characters (tests use it)."""
        self.pattern = pattern
        first = first_characters(pattern) if first is None else first
        start_class = _start_class(first, bool(pattern.flags & re.IGNORECASE))
        # `(?-i:...)`: a case-sensitive class is what lets the engine skip ahead.
        # The lookbehind steps back onto the candidate and checks the pattern there.
        self._finder = re.compile(
            rf"(?-i:[{start_class}])(?<=(?=(?:{pattern.pattern}))[\s\S])", pattern.flags
        )

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """Like `pattern.search(text, pos, endpos)`."""
        hit = self._finder.search(text, pos, endpos)
        return None if hit is None else self.pattern.match(text, hit.start(), endpos)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """Like `pattern.finditer(text, pos, endpos)`."""
        while (match := self.search(text, pos, endpos)) is not None:
            yield match
            pos = match.end()
