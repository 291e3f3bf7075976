"""Kiwi (kiwipiepy), the Korean morphological analyzer, behind one small pure interface.

Kiwi splits sentences and tags morphemes (NNP proper noun, NNG common noun, J* particles,
V* verbs, E* endings) with character offsets. Its model ships as the `kiwipiepy_model`
package: building the analyzer reads that package's files once per process (about a
second and ~300 MB resident with the typo and multi-word dictionaries left out, which
this extractor does not use), never the network. The analyzer is built lazily on first
use and shared; `sentences` is a pure function of its text.

Kiwi's search is superlinear on one very long unbroken passage, so text is given to it in
bounded blocks (lines, and long lines cut at a space): a 1 MiB body costs the sum of its
blocks, linear in its length.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

MAX_BLOCK = 1500  # characters handed to Kiwi at once
_CUT_SEARCH = 200  # how far back from MAX_BLOCK a long line is cut at a space


@dataclass(frozen=True, slots=True)
class Token:
    """One morpheme: its form, part-of-speech tag and [start, end) in the article body."""

    form: str
    tag: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: [start, end) in the article body and its morphemes."""

    start: int
    end: int
    tokens: tuple[Token, ...]


_lock = threading.Lock()
_kiwi: Any = None


def _analyzer() -> Any:
    """The shared Kiwi instance, built on first use (its model is read once per process)."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi  # deferred: English-only processes never load it

                _kiwi = Kiwi(num_workers=1, load_typo_dict=False, load_multi_dict=False)
    return _kiwi


def warm_up() -> None:
    """Build the analyzer now (a worker calls this before taking traffic)."""
    _analyzer().tokenize("준비")


_FINAL = tuple(".!?。\"”’'…)]】")
# A line ending with a particle or a connective ending was wrapped mid-sentence.
_OPEN_ENDINGS = tuple("은는이가을를과와의에로서고며면데게지도만께")


def _continues(line: str, following: str) -> bool:
    """Whether `following` continues the sentence of `line` (a hard-wrapped release)."""
    stripped = line.rstrip()
    if not stripped or not following.strip() or stripped.endswith(_FINAL):
        return False
    return following[:1] in " \t\u3000" or stripped.endswith(_OPEN_ENDINGS)


def blocks(text: str) -> list[tuple[int, int]]:
    """[start, end) blocks of at most MAX_BLOCK characters: lines (a hard-wrapped sentence's
    lines together), long lines cut at a space."""
    out: list[tuple[int, int]] = []
    pos, size = 0, len(text)
    while pos < size:
        end = pos
        while True:
            newline = text.find("\n", end, pos + MAX_BLOCK)
            if newline == -1:
                break
            line_start = text.rfind("\n", pos, newline) + 1 or pos
            following_end = text.find("\n", newline + 1, newline + 1 + MAX_BLOCK)
            following = text[newline + 1 : following_end if following_end != -1 else size]
            end = newline + 1
            if not _continues(text[max(line_start, pos) : newline], following):
                break
        if end == pos or (end < size and text.find("\n", pos, end) == -1):
            if pos + MAX_BLOCK >= size:
                end = size
            else:
                space = text.rfind(" ", pos + MAX_BLOCK - _CUT_SEARCH, pos + MAX_BLOCK)
                end = space + 1 if space != -1 else pos + MAX_BLOCK
        elif text.find("\n", end - 1, end) == -1 and end < size:
            end = size if pos + MAX_BLOCK >= size else end
        if text[pos:end].strip():
            out.append((pos, end))
        pos = end
    return out


def _unwrap(block: str) -> str:
    """The block with its inner line breaks as spaces (a block's lines continue each other)."""
    inner = block.rstrip("\n")
    return inner.replace("\n", " ") + block[len(inner) :]


def sentences(text: str) -> list[Sentence]:
    """The sentences of `text` with their morphemes, offsets into `text`."""
    kiwi = _analyzer()
    out: list[Sentence] = []
    for start, end in blocks(text):
        # A hard-wrapped sentence's line breaks become spaces (same length, same offsets),
        # so the analyzer does not end the sentence at them.
        block = _unwrap(text[start:end])
        try:
            found = kiwi.split_into_sents(block, return_tokens=True)
        except Exception:  # an analyzer failure must not lose the block
            found = None
        if not found:
            stripped = block.strip()
            lead = block.find(stripped[:1]) if stripped else 0
            out.append(Sentence(start + lead, start + lead + len(stripped), ()))
            continue
        for sent in found:
            tokens = tuple(
                Token(t.form, t.tag, start + t.start, start + t.start + t.len)
                for t in sent.tokens or ()
            )
            out.append(Sentence(start + sent.start, start + sent.end, tokens))
    return out
