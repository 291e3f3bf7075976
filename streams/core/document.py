"""One article prepared for extraction: shadow text, sentences, mentions, reference date."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from schemas import RawArticle
from streams.core.dates import local_publication_date
from streams.core.mentions import MentionIndex, find_mentions
from streams.core.text import Span, segment, shadow_text


@dataclass(slots=True)
class Document:
    """Everything the extractors share about one article; built once per article."""

    article: RawArticle
    body: str
    shadow: str
    sentences: list[Span]
    mentions: MentionIndex
    reference_date: date | None
    sentence_starts: list[int] = field(default_factory=list)

    def sentence_text(self, span: Span) -> str:
        """The normalized (shadow) text of a span."""
        return self.shadow[span.start : span.end]

    def sentence_index(self, pos: int) -> int | None:
        """Index of the sentence holding character `pos`, or None (caption, gap)."""
        i = bisect_right(self.sentence_starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return i
        return None

    def matches_by_sentence(self, pattern: re.Pattern[str]) -> dict[int, list[re.Match[str]]]:
        """One pass of `pattern` over the article, its matches grouped by sentence index.

        A match is kept only when it lies inside one sentence.
        """
        grouped: dict[int, list[re.Match[str]]] = defaultdict(list)
        for match in pattern.finditer(self.shadow):
            i = self.sentence_index(match.start())
            if i is not None and match.end() <= self.sentences[i].end:
                grouped[i].append(match)
        return grouped


def analyze(article: RawArticle) -> Document:
    """Prepare one article: normalize, segment, find and resolve mentions."""
    shadow = shadow_text(article.body)
    sentences = segment(shadow)
    return Document(
        article=article,
        body=article.body,
        shadow=shadow,
        sentences=sentences,
        mentions=find_mentions(shadow, sentences),
        reference_date=local_publication_date(article.published_at, article.source),
        sentence_starts=[s.start for s in sentences],
    )
