"""The Korean extractor: Hangul wire copy in, the same event records as the English core."""

from streams.core.korean.pipeline import extract_korean
from streams.core.korean.routing import is_korean

__all__ = ["extract_korean", "is_korean"]
