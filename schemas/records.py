"""Pydantic v2 models of every record on every topic (schema v1, see DESIGN.md).

Field names are a contract with downstream programs: never rename them.
Validation is strict: unknown fields are rejected, enums are closed, and every
error message names the offending field (pydantic puts the field path first).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timezone
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

SCHEMA_VERSION: Literal[1] = 1
MAX_BODY_BYTES = 1024 * 1024  # 1 MiB, measured in UTF-8 bytes

NonEmptyStr = Annotated[str, StringConstraints(min_length=1)]
# `date` under another name, for models with a field called `date`.
CalendarDay = date
# An agency item whose pubStatus is one of these was withdrawn: it yields no events, and its
# processed record says so (`ProcessedRecord.withdrawn`), so consumers can retract.
WITHDRAWN_STATUSES = frozenset({"canceled", "withheld"})
EventType = Literal["call_readout", "cost_sharing_deal", "statement"]


def _whole_minute_offset(value: datetime | None) -> datetime | None:
    """A time as JSON carries it: a fixed ISO 8601 offset of whole minutes.

    A named zone becomes its fixed offset at that instant (so a record equals
    itself after a JSON round trip, even inside a daylight-saving changeover),
    and a historic offset such as LMT -00:16:08, which ISO 8601 cannot write,
    becomes UTC.
    """
    if value is None or value.tzinfo is None:
        return value
    offset = value.utcoffset()
    if offset is None:
        return value
    if offset.total_seconds() % 60:
        return value.astimezone(UTC)
    if type(value.tzinfo) is timezone:
        return value  # already a fixed offset: every event re-validates the article's time
    return value.astimezone(timezone(offset))


class _Strict(BaseModel):
    """Base: closed records (no unknown fields), frozen once built."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ArticleMeta(_Strict):
    """Wire metadata of an article read from an agency format (ninjs, NewsML-G2).

    Optional and informative: nothing in the pipeline depends on it; it travels with the
    article so downstream readers of the raw topic keep what the agency said."""

    format: NonEmptyStr  # "ninjs 2", "NewsML-G2", ...
    version: str | None = None  # the agency's version of the item (a correction is a new one)
    urgency: int | None = None
    # "usable", or "canceled"/"withheld" (WITHDRAWN_STATUSES): the article gives no events.
    pub_status: str | None = None
    slugline: str | None = None
    subjects: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)


class RawArticle(_Strict):
    """One wire article as published on `wire.articles.raw`."""

    id: NonEmptyStr
    source: NonEmptyStr
    url: str | None = None
    headline: str | None = None
    published_at: datetime | None = None
    language: str = "en"
    body: str
    meta: ArticleMeta | None = None

    _published_at = field_validator("published_at")(_whole_minute_offset)

    @property
    def withdrawn(self) -> str | None:
        """The agency's pubStatus when it withdrew this article (canceled/withheld), else None."""
        status = self.meta.pub_status if self.meta is not None else None
        return status if status in WITHDRAWN_STATUSES else None

    @field_validator("body")
    @classmethod
    def _body_not_empty_nor_huge(cls, body: str) -> str:
        if not body.strip():
            raise ValueError("body is empty")
        size = len(body.encode("utf-8", "surrogatepass"))
        if size > MAX_BODY_BYTES:
            raise ValueError(f"body is {size} bytes, over the {MAX_BODY_BYTES}-byte limit")
        return body


# The sector of an actor (schemas/README.md, "Canonical actors"): a closed set.
Sector = Literal[
    "government",
    "military",
    "diplomatic",
    "legislature",
    "international_organization",
    "party_candidate",
    "other",
]


class Person(_Strict):
    """A person, or an institution speaking as one (then `name` is the institution)."""

    name: NonEmptyStr
    title: str | None = None
    organization: str | None = None
    country: str | None = None
    # Canonical actor (additive to DESIGN.md, issue 17): the country's ISO 3166-1 alpha-3
    # code, the sector, and a key that is the same for the same actor however the article
    # writes it ("person:marco-rubio", "gov:KOR", "org:foreign-ministry:CHN", "org:nato").
    country_code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    sector: Sector | None = None
    actor_id: str | None = None


class Money(_Strict):
    """An amount of money as written, normalized to whole currency units."""

    value: float = Field(ge=0)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    text: NonEmptyStr
    year: int | None = Field(default=None, ge=1900, le=2200)
    role: Literal["payment", "previous", "demand", "equivalent"] | None = None


class EvidenceSpan(_Strict):
    """Character offsets into the article body: `body[start:end] == text`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: NonEmptyStr

    @model_validator(mode="after")
    def _offsets_match_text(self) -> EvidenceSpan:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        if self.end - self.start != len(self.text):
            raise ValueError(
                f"span {self.start}:{self.end} is {self.end - self.start} characters "
                f"but text is {len(self.text)}"
            )
        return self


class EventCodes(_Strict):
    """The event's code in CAMEO and PLOVER, so records join with GDELT/POLECAT data."""

    cameo: Annotated[str, StringConstraints(pattern=r"^\d{2,4}$")]
    # PLOVER has no category for a plain statement (CAMEO 010): then null.
    plover: str | None = None
    plover_mode: str | None = None


class Period(_Strict):
    """Years an agreement covers, inclusive."""

    start_year: int = Field(ge=1900, le=2200)
    end_year: int = Field(ge=1900, le=2200)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end_year < self.start_year:
            raise ValueError(f"end_year {self.end_year} is before start_year {self.start_year}")
        return self


class EventBase(_Strict):
    """The envelope every event carries."""

    event_id: NonEmptyStr
    event_type: EventType
    schema_version: Literal[1] = SCHEMA_VERSION
    article_id: NonEmptyStr
    source: NonEmptyStr
    headline: str | None = None
    published_at: datetime | None = None
    occurred_on: date | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: list[EvidenceSpan] = Field(min_length=1)
    extractor_version: NonEmptyStr
    codes: EventCodes
    # The agency's version of the article (`ArticleMeta.version`): a corrected article keeps
    # its id, and its reports replace the earlier version's in the event's cluster.
    article_version: str | None = None
    # Which real-world event this is (streams/core/clusters.py): `<group>#<detail>`, the
    # same for every report of one call, deal or statement whoever wrote it.
    cluster_key: str | None = None

    _published_at = field_validator("published_at")(_whole_minute_offset)

    @field_validator("evidence")
    @classmethod
    def _evidence_inside_body(
        cls, spans: list[EvidenceSpan], info: ValidationInfo
    ) -> list[EvidenceSpan]:
        # The body is not part of the event; when a caller passes it as
        # validation context, every span must slice back to its text.
        body = info.context.get("body") if isinstance(info.context, dict) else None
        if body is None:
            return spans
        for i, span in enumerate(spans):
            if span.end > len(body):
                raise ValueError(
                    f"evidence[{i}] ends at {span.end}, outside the body ({len(body)} characters)"
                )
            if body[span.start : span.end] != span.text:
                raise ValueError(f"evidence[{i}] text does not match body[{span.start}:{span.end}]")
        return spans


class CallReadout(EventBase):
    """A phone or video call between officials that has taken place."""

    event_type: Literal["call_readout"] = "call_readout"
    participants: list[Person] = Field(min_length=2)
    medium: Literal["phone", "video"] | None = None
    announced_by: Person | None = None
    topics: list[str] = Field(default_factory=list)
    agreements: list[str] = Field(default_factory=list)


class CostSharingDeal(EventBase):
    """A defense cost-sharing / burden-sharing agreement that has been reached."""

    event_type: Literal["cost_sharing_deal"] = "cost_sharing_deal"
    parties: list[NonEmptyStr] = Field(min_length=1)
    # The parties as canonical actors, one per item of `parties`, in the same order.
    party_actors: list[Person] = Field(default_factory=list)
    agreement: str | None = None
    period: Period | None = None
    amounts: list[Money] = Field(default_factory=list)
    status: Literal["concluded", "under_negotiation", "proposed"] | None = None


class Statement(EventBase):
    """A proposition attributed to an identifiable official speaker."""

    event_type: Literal["statement"] = "statement"
    speaker: Person
    quote: str | None = None
    content: NonEmptyStr
    channel: (
        Literal["readout", "briefing", "speech", "interview", "social_media", "written_statement"]
        | None
    ) = None
    # Additive to DESIGN.md: amounts named in the statement (e.g. a demand).
    amounts: list[Money] = Field(default_factory=list)


Event = Annotated[CallReadout | CostSharingDeal | Statement, Field(discriminator="event_type")]
EVENT_ADAPTER: TypeAdapter[CallReadout | CostSharingDeal | Statement] = TypeAdapter(Event)


def parse_event(data: dict[str, Any] | str | bytes, body: str | None = None) -> EventBase:
    """Validate one event record (dict or JSON), checking evidence against `body` if given."""
    context = {"body": body} if body is not None else None
    if isinstance(data, (str, bytes)):
        return EVENT_ADAPTER.validate_json(data, context=context)
    return EVENT_ADAPTER.validate_python(data, context=context)


class ProcessedRecord(_Strict):
    """One per accepted article on `wire.articles.processed`."""

    article_id: NonEmptyStr
    event_ids: list[str]
    counts: dict[EventType, int]
    extractor_version: NonEmptyStr
    processed_at: datetime
    latency_ms: float = Field(ge=0)
    # Present only when the agency withdrew the article: no events were extracted, and events
    # an earlier version of this article gave should be retracted.
    withdrawn: Literal["canceled", "withheld"] | None = None


class ClusterReport(_Strict):
    """One article's report of a clustered event: who reported it, where and when."""

    source: NonEmptyStr
    article_id: NonEmptyStr
    event_id: NonEmptyStr
    published_at: datetime | None = None
    article_version: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)

    _published_at = field_validator("published_at")(_whole_minute_offset)


MAX_LISTED_REPORTS = 100


class ClusterRecord(_Strict):
    """One real-world event as every wire reported it, on `wire.events.clusters`.

    The topic is compacted and keyed by `cluster_id`: the latest record of a cluster is the
    cluster; a tombstone (null value) retires a cluster whose reports moved to another.
    """

    cluster_id: NonEmptyStr
    cluster_key: NonEmptyStr
    event_type: EventType
    schema_version: Literal[1] = SCHEMA_VERSION
    actors: list[Person]
    # The event's date; when no report gives one, the first report's publication day
    # (then `date_inferred` is true).
    date: CalendarDay | None = None
    date_inferred: bool = False
    first_reported_at: datetime | None = None
    # The newest report's publication time (a pure function of the reports, so a replay
    # gives the same record).
    updated_at: datetime | None = None
    # The earliest MAX_LISTED_REPORTS reports; `report_count` counts them all.
    reports: list[ClusterReport] = Field(min_length=1, max_length=MAX_LISTED_REPORTS)
    report_count: int = Field(ge=1)
    source_count: int = Field(ge=1)
    # 1 - prod(1 - c) over distinct sources, c = a source's most confident report.
    confidence: float = Field(ge=0.0, le=1.0)
    # The most confident report's evidence spans, into the body of `evidence_event_id`'s article.
    evidence: list[EvidenceSpan] = Field(min_length=1)
    evidence_event_id: NonEmptyStr
    medium: Literal["phone", "video"] | None = None
    agreement: str | None = None
    period: Period | None = None
    quote: str | None = None

    _first = field_validator("first_reported_at")(_whole_minute_offset)
    _updated = field_validator("updated_at")(_whole_minute_offset)
