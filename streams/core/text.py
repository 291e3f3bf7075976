"""Text preparation: a same-length normalized shadow of the body, captions and
duplicate paragraphs masked out, and sentence segmentation.

Every later step matches on the *shadow* text, which has exactly the length of
the body, so an offset found in the shadow is an offset into the original body
and evidence spans slice back to what was published.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from typing import NamedTuple


def _build_shadow_table() -> dict[int, str]:
    """Map each BMP character whose NFKC form is one other character to that form."""
    table: dict[int, str] = {}
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1 and folded != ch:
            table[cp] = folded
    # Typographic variants wire copy mixes freely; the patterns only know ASCII.
    for ch in "\u2018\u2019\u201a\u201b\u2032\u00b4\u0060":
        table[ord(ch)] = "'"
    for ch in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033":
        table[ord(ch)] = '"'
    for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d":
        table[ord(ch)] = "-"
    for ch in (
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
        "\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff\r\t\x0b\x0c"
    ):
        table[ord(ch)] = " "
    for ch in "\u2028\u2029\x85":
        table[ord(ch)] = "\n"
    return table


_SHADOW_TABLE = _build_shadow_table()


def shadow_text(body: str) -> str:
    """Return a normalized copy of `body` with exactly the same length (offsets preserved)."""
    shadow = body.translate(_SHADOW_TABLE)
    if len(shadow) != len(body):  # pragma: no cover - the table maps 1:1 by construction
        raise AssertionError("shadow text changed length")
    return shadow


class Span(NamedTuple):
    """A half-open character range [start, end) of the body."""

    start: int
    end: int


# A paragraph that is a photo caption or a credit line never yields events.
_CAPTION_OPENER = re.compile(
    r"^\s*(?:\(?(?:this|the|in this|a|an)\s+(?:\w+\s+){0,2}"
    r"(?:photo|picture|image|screenshot|screen capture|file photo|photograph)s?\b"
    r"|(?:photo|image|picture|photograph)s?\s*(?::|by\b|courtesy\b|credit\b)"
    r"|\(?(?:yonhap|reuters|afp|ap|epa|kyodo|xinhua)\s+photo\b)",
    re.IGNORECASE,
)
_CAPTION_CREDIT = re.compile(
    r"\((?:[A-Za-z.]+-Yonhap|Yonhap\s+photo|[^()\n]{0,60}\bphoto(?:\s+by\b[^()\n]*)?|"
    r"[^()\n]{0,40}\bfile photo)\)\s*$",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"^\s*(?:\(?(?:yonhap|reuters|afp|ap|epa|kyodo|xinhua|gettyimages|getty images)\)?|"
    r"\[?copyright\b.*|source:.*|image:.*|photo:.*)\s*$",
    re.IGNORECASE,
)
_PARAGRAPH = re.compile(r"[^\n]+")


def is_caption(paragraph: str) -> bool:
    """Whether a paragraph is a photo caption or a credit line rather than article text."""
    if _CAPTION_OPENER.match(paragraph) or _CREDIT_LINE.match(paragraph):
        return True
    return bool(_CAPTION_CREDIT.search(paragraph))


def content_paragraphs(shadow: str) -> list[Span]:
    """Paragraph spans that carry article text: no captions, credits or repeated paragraphs."""
    seen: set[str] = set()
    kept: list[Span] = []
    for match in _PARAGRAPH.finditer(shadow):
        text = match.group()
        key = " ".join(text.split()).lower()
        if not key:
            continue
        if key in seen or is_caption(text):
            seen.add(key)
            continue
        seen.add(key)
        start = match.start() + (len(text) - len(text.lstrip()))
        end = start + len(text.strip())
        if kept and _continues(shadow, kept[-1], start):
            # A sentence broken across paragraphs by page layout is one sentence.
            kept[-1] = Span(kept[-1].start, end)
        else:
            kept.append(Span(start, end))
    return kept


def _continues(shadow: str, previous: Span, start: int) -> bool:
    return shadow[previous.end - 1] not in ".!?\"':)]" and shadow[start].islower()


# Tokens that end in a period without ending a sentence.
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "u.s", "u.k", "u.n", "e.u", "s", "n", "mr", "mrs", "ms", "dr", "prof", "gen", "lt",
        "col", "maj", "capt", "cmdr", "adm", "sgt", "cpl", "pvt", "rep", "sen", "gov",
        "st", "jr", "sr", "no", "nos", "vol", "fig", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu",
        "fri", "sat", "sun", "inc", "co", "corp", "ltd", "vs", "approx", "dept", "est",
        "h.e", "p.m", "a.m", "d.c", "rev", "hon", "ret", "art", "sec",
    }
)  # fmt: skip

_BOUNDARY = re.compile(r"[.!?][\"')\]]*(?:\s+|(?=[A-Z][a-z]))(?=[\"'(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


# A paragraph with more quote marks than this is not prose; its quotes are ignored.
MAX_QUOTES = 2000


def _quote_intervals(shadow: str, start: int, end: int) -> list[tuple[int, int]]:
    """Balanced double-quote pairs inside [start, end); none when quotes do not pair up."""
    if shadow.count('"', start, end) > MAX_QUOTES:
        return []
    positions = []
    i = shadow.find('"', start, end)
    while i != -1:
        positions.append(i)
        i = shadow.find('"', i + 1, end)
    if len(positions) % 2:
        return []
    return [(positions[i], positions[i + 1]) for i in range(0, len(positions), 2)]


_MAX_QUOTED_SENTENCE = 1200


def split_sentences(shadow: str, paragraph: Span) -> list[Span]:
    """Split one paragraph into sentence spans, keeping abbreviations and quotations whole."""
    quotes: list[tuple[int, int]] | None = None  # read at the first cut that needs them
    quote_starts: list[int] = []
    sentences: list[Span] = []
    start = paragraph.start
    for match in _BOUNDARY.finditer(shadow, paragraph.start, paragraph.end):
        cut = match.start() + 1
        if shadow[match.start()] == ".":
            word = _WORD_BEFORE.search(shadow, max(paragraph.start, cut - 12), cut)
            if word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        stop = match.end()
        # keep closing quotes/brackets with the sentence they close
        while cut < stop and shadow[cut] in "\"')]":
            cut += 1
        if quotes is None:
            quotes = [
                (a, b)
                for a, b in _quote_intervals(shadow, paragraph.start, paragraph.end)
                if b - a <= _MAX_QUOTED_SENTENCE
            ]
            quote_starts = [a for a, _ in quotes]
        q = bisect_left(quote_starts, cut) - 1  # the last quote opened before the cut
        if q >= 0 and quotes[q][0] < cut <= quotes[q][1]:
            continue
        if cut - start > 1:
            sentences.append(_trim(shadow, start, cut))
        start = stop
    if paragraph.end - start > 0:
        sentences.append(_trim(shadow, start, paragraph.end))
    return [piece for s in sentences if s.end > s.start for piece in _bounded(shadow, s)]


# Work budgets per sentence. They never bind on real prose (a wire sentence has a
# handful of verbs, names and call mentions) but keep repetitive or hostile
# input - "said said said ...", 1 MiB of capitalized words - linear and fast.
MAX_TRIGGERS_PER_SENTENCE = 12
MAX_NAMES_PER_SENTENCE = 40

# No real sentence is this long; cutting longer runs (at a space) keeps the cost
# of every per-sentence step bounded, so extraction time stays linear in size.
MAX_SENTENCE = 1500


def _bounded(shadow: str, sentence: Span) -> list[Span]:
    if sentence.end - sentence.start <= MAX_SENTENCE:
        return [sentence]
    pieces: list[Span] = []
    start = sentence.start
    while sentence.end - start > MAX_SENTENCE:
        cut = shadow.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        if cut == -1:
            cut = start + MAX_SENTENCE
        piece = _trim(shadow, start, cut)
        if piece.end > piece.start:
            pieces.append(piece)
        start = cut
    tail = _trim(shadow, start, sentence.end)
    if tail.end > tail.start:
        pieces.append(tail)
    return pieces


def _trim(shadow: str, start: int, end: int) -> Span:
    while start < end and shadow[start].isspace():
        start += 1
    while end > start and shadow[end - 1].isspace():
        end -= 1
    return Span(start, end)


def segment(shadow: str) -> list[Span]:
    """All sentence spans of the article text, in order, captions and repeats excluded."""
    spans: list[Span] = []
    for paragraph in content_paragraphs(shadow):
        spans.extend(split_sentences(shadow, paragraph))
    return spans
