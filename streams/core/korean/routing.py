"""Which extractor reads an article: Korean for `language` "ko", or Hangul bodies without one."""

from __future__ import annotations

import re

from schemas import RawArticle

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z]")
_SAMPLE = 2048  # characters looked at: enough to tell, and cheap for every English article


def mostly_hangul(text: str) -> bool:
    """Whether Hangul letters outnumber Latin ones in the first few thousand characters."""
    if _HANGUL.search(text, 0, _SAMPLE) is None:  # English copy: one scan, nothing copied
        return False
    hangul = len(_HANGUL.findall(text, 0, _SAMPLE))
    return hangul >= len(_LATIN.findall(text, 0, _SAMPLE))


def is_korean(article: RawArticle) -> bool:
    """Korean when the article says so ("ko", "ko-KR", "kor"), or says nothing and its body
    is mostly Hangul; an explicit other language is respected."""
    language = (article.language or "").strip().lower()
    if language.startswith("ko"):
        return True
    if "language" in article.model_fields_set and language:
        return False
    return mostly_hangul(article.body)
