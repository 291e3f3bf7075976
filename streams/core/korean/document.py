"""One Korean article prepared for extraction: sentences, mentions, quotes, reference date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from schemas import RawArticle
from streams.core.korean import analyzer
from streams.core.korean.analyzer import Token
from streams.core.korean.dates import publication_date_kst
from streams.core.korean.mentions import KoMention, MentionFinder
from streams.core.mentions import Entity

# Quoted passages: “...”, "...", ‘...’ and '...' (short ones: a title or a slogan too).
_QUOTE = re.compile(r"“[^“”]{0,2000}”|\"[^\"\n]{0,2000}\"|‘[^‘’]{0,400}’|'[^'\n]{0,400}'")


@dataclass(slots=True)
class KoSentence:
    """One sentence: its span, its mentions and its quoted passages (offsets into the body)."""

    start: int
    end: int
    mentions: list[KoMention]
    quotes: list[tuple[int, int]]
    tokens: tuple[Token, ...] = ()

    def closed_relative_between(self, start: int, end: int) -> bool:
        """Whether a relative clause in [start, end) closes into an adverbial phrase ("김
        장관이 ... 보여준 협력에"): a subject before it belongs to that clause."""
        tokens = self.tokens
        for i, token in enumerate(tokens):
            if token.tag != "ETM" or not start <= token.start < end:
                continue
            for following in tokens[i + 1 :]:
                if following.start >= end:
                    break
                if following.tag.startswith("J"):
                    if following.tag == "JKB":
                        return True
                    break
        return False

    def quoted(self, pos: int) -> bool:
        """Whether a body offset lies inside a quoted passage of this sentence."""
        return any(s < pos < e for s, e in self.quotes)


@dataclass(slots=True)
class KoDocument:
    """Everything the Korean extractors share about one article."""

    article: RawArticle
    body: str
    sentences: list[KoSentence]
    entities: list[Entity]
    reference_date: date | None


def analyze(article: RawArticle) -> KoDocument:
    """Split, tag and find the mentions of one Korean article."""
    body = article.body
    finder = MentionFinder(body)
    analyzed = analyzer.sentences(body)
    per_sentence = [finder.sentence_mentions(s) for s in analyzed]
    sentences: list[KoSentence] = []
    for sentence, mentions in zip(analyzed, per_sentence, strict=True):
        mentions = sorted(
            mentions + finder.name_mentions(sentence, mentions), key=lambda m: m.start
        )
        quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(body, sentence.start, sentence.end)]
        sentences.append(
            KoSentence(sentence.start, sentence.end, mentions, quotes, sentence.tokens)
        )
    return KoDocument(
        article=article,
        body=body,
        sentences=sentences,
        entities=finder.entities,
        reference_date=publication_date_kst(article.published_at),
    )
