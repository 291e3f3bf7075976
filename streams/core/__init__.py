"""The pure extraction core: article text in, event records out. No I/O, no Kafka."""

from streams.core.pipeline import EXTRACTOR_VERSION, extract_events

__all__ = ["EXTRACTOR_VERSION", "extract_events"]
