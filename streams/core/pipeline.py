"""Entry point of the core: one RawArticle in, its event records out. Pure: no I/O."""

from __future__ import annotations

from schemas import CallReadout, CostSharingDeal, RawArticle, Statement
from streams.core.calls import find_calls
from streams.core.deals import find_deals
from streams.core.document import analyze
from streams.core.events import EventFactory
from streams.core.statements import find_attributions

# Bump the major version when a change alters which events or ids an article
# yields: event ids are derived from it, so a replay then gives new ids.
EXTRACTOR_VERSION = "1.0.0"

ExtractedEvent = CallReadout | CostSharingDeal | Statement


def extract_events(article: RawArticle) -> list[ExtractedEvent]:
    """Extract every call readout, cost-sharing deal and statement from one article."""
    doc = analyze(article)
    attributions = find_attributions(doc)
    factory = EventFactory(article, EXTRACTOR_VERSION)
    events: list[ExtractedEvent] = [factory.call(c) for c in find_calls(doc, attributions)]
    events.extend(factory.deal(d) for d in find_deals(doc))
    events.extend(factory.statement(a, doc.shadow) for a in attributions)
    return events
