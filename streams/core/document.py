"""One article prepared for extraction: shadow text, sentences, mentions, reference date."""

from __future__ import annotations

from dataclasses import dataclass
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

    def sentence_text(self, span: Span) -> str:
        """The normalized (shadow) text of a span."""
        return self.shadow[span.start : span.end]


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
    )
