"""One article prepared for extraction: shadow text, sentences, mentions, reference date."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

from schemas import RawArticle
from streams.core.dates import local_publication_date
from streams.core.lexicon import ASCII_LOWER
from streams.core.mentions import MentionIndex, find_mentions
from streams.core.text import MAX_QUOTES, Span, segment, shadow_text
from streams.core.triggers import TriggerIndex

_QUOTE = re.compile('"')


@dataclass(slots=True)
class Document:
    """Everything the extractors share about one article; built once per article."""

    article: RawArticle
    body: str
    shadow: str
    sentences: list[Span]
    mentions: MentionIndex
    reference_date: date | None
    triggers: TriggerIndex
    sentence_starts: list[int] = field(default_factory=list)
    quote_positions: list[int] = field(default_factory=list)

    def inside_quotes(self, pos: int, since: int) -> bool:
        """Whether `pos` lies inside a double-quoted passage opened after `since`."""
        opened = bisect_left(self.quote_positions, pos) - bisect_left(self.quote_positions, since)
        return opened % 2 == 1


def analyze(article: RawArticle) -> Document:
    """Prepare one article: normalize, segment, find and resolve mentions."""
    shadow = shadow_text(article.body)
    lowered = shadow.translate(ASCII_LOWER)  # once, for both the title and trigger automata
    sentences = segment(shadow)
    sentence_starts = [s.start for s in sentences]
    return Document(
        article=article,
        body=article.body,
        shadow=shadow,
        sentences=sentences,
        mentions=find_mentions(shadow, lowered, sentences),
        reference_date=local_publication_date(article.published_at, article.source),
        triggers=TriggerIndex(lowered, sentences, sentence_starts),
        sentence_starts=sentence_starts,
        quote_positions=(
            [m.start() for m in _QUOTE.finditer(shadow)]
            if shadow.count('"') <= MAX_QUOTES * 10
            else []  # not prose: quotation tracking is skipped
        ),
    )
