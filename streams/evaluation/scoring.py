"""Scoring of predicted events against a labeled corpus (format: shared/corpus/dev/README.md).

Pure: `load_corpus` reads the files, everything else is computation, so the
same scoring serves the CLI, the tests and any notebook.

Scores:
- per event type, document level: a document is predicted positive for a type
  when it has at least one event of that type; TP/FP/FN, precision, recall, F1.
- call participants: for each gold call, the predicted call in the same
  document whose participants cover most of its gold surnames; a surname is
  covered when it occurs (ignoring case) as a whole word in a participant's
  `name`. One predicted call may serve several gold calls (README rule).
- deal amounts: a gold amount is found when a predicted cost_sharing_deal in
  the same document has an amount in the same currency within 0.5%.
- statement speakers, by identity (corpus README, "Matching speakers by identity";
  the tables and the resolution are in `streams.evaluation.identity`). A gold speaker
  string and a predicted speaker (`Person`) match when:
  * both have a structured identity (a government, a seat such as the Kremlin, an
    institution of a known kind): the kinds are equal and the countries are equal, or the
    gold's country is unknown. Identity then decides alone, so "Korea" does not match
    "North Korea" and Seoul's foreign ministry does not match Tokyo's, though each is a
    substring of the other; and "Seoul" (the government) does not match a ministry;
  * otherwise (people, bodies of no known kind): the gold string occurs (ignoring case)
    in the predicted `name` or `organization` (the substring rule, as before), or the gold
    string is the acronym of one of them ("USFK" for "United States Forces Korea").
  Countries of institutions. Gold strings carry no country ("Foreign Ministry"), so the
  scorer reads it from the document as the annotator did, in one narrow way: the country
  written right around the string's occurrences in the text ("Seoul's foreign ministry",
  "South Korean Foreign Ministry", "the foreign ministry in Tokyo"). If the occurrences
  give exactly one country, that is the gold's country; if they give none or several
  (two ministries of two countries under one listed string), it is unknown and the gold
  matches that kind of institution of any country (the gold cannot tell). A predicted
  institution's country is the one in its own name, else its `country` field, else the
  same reading of the document around its name; a predicted institution with no country
  does not match a gold one whose country is known.
  Counting. One identity under several names counts once on each side: gold "Tokyo" and
  "Japan" are one gold speaker, predicted "Beijing" and "China" one predicted speaker
  (strings of a structured identity with a known country are merged; others are one
  identity per string, persons one per name). Recall: gold identities matched by some
  predicted speaker. Speaker precision: predicted identities that match some gold speaker
  (the others are the spurious speakers).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from schemas import CallReadout, CostSharingDeal, EventBase, Person, RawArticle, Statement
from streams.evaluation.identity import Identity, context_country, country_code, resolve
from streams.evaluation.identity_ko import is_korean, resolve_korean, surname_in

EventLabel = Literal["CALL_READOUT", "COST_SHARING_DEAL", "STATEMENT"]
EVENT_LABELS: tuple[EventLabel, ...] = ("CALL_READOUT", "COST_SHARING_DEAL", "STATEMENT")
_LABEL_OF_EVENT_TYPE: dict[str, EventLabel] = {
    "call_readout": "CALL_READOUT",
    "cost_sharing_deal": "COST_SHARING_DEAL",
    "statement": "STATEMENT",
}
AMOUNT_TOLERANCE = 0.005  # relative; wire copy rounds ("about $1.6 billion")
# Noon UTC keeps the calendar date the same in every zone from UTC-11 to UTC+11.
_PUBLISHED_TIME = time(12, 0, tzinfo=UTC)


class CorpusError(ValueError):
    """The corpus directory or one of its documents is missing or malformed."""


class _CorpusModel(BaseModel):
    # Unknown keys are ignored so a richer corpus still loads.
    model_config = ConfigDict(frozen=True, extra="ignore")


class GoldAmount(_CorpusModel):
    """A labeled deal amount."""

    value: float
    currency: str
    text: str = ""


class GoldDeal(_CorpusModel):
    """The labeled cost-sharing deal of a document."""

    parties: list[str] = []
    amounts: list[GoldAmount] = []
    period: str | None = None


class Labels(_CorpusModel):
    """Gold labels of one document."""

    event_types: list[EventLabel]
    call_participants: list[list[str]] = []
    deal: GoldDeal | None = None
    speakers: list[str] = []
    notes: str = ""


class LabeledDoc(_CorpusModel):
    """One corpus document (`NNN.json`)."""

    id: str
    url: str | None = None
    source: str
    published: date | None = None
    headline: str | None = None
    language: str | None = None
    text: str
    labels: Labels
    # The news story the document reports: documents with the same story report one
    # real-world story (`wirestream evaluate --clusters`, streams/evaluation/stories.py).
    story: str | None = None


def load_corpus(*directories: str | Path) -> list[LabeledDoc]:
    """Load every `*.json` document of one or more labeled corpus directories (their union,
    each directory's files sorted by name); a document id may occur only once in all."""
    if not directories:
        raise CorpusError("no corpus directory given")
    docs: list[LabeledDoc] = []
    origin: dict[str, Path] = {}
    for directory in directories:
        for path, doc in _load_directory(Path(directory)):
            if doc.id in origin:
                raise CorpusError(
                    f"duplicate document id {doc.id!r}: in {origin[doc.id]} and in {path}"
                )
            origin[doc.id] = path
            docs.append(doc)
    return docs


def _load_directory(root: Path) -> list[tuple[Path, LabeledDoc]]:
    """The documents of one corpus directory with their files, sorted by file name."""
    if not root.is_dir():
        raise CorpusError(f"corpus directory not found: {root}")
    docs: list[tuple[Path, LabeledDoc]] = []
    for path in sorted(root.glob("*.json")):
        try:
            docs.append((path, LabeledDoc.model_validate_json(path.read_bytes())))
        except OSError as exc:
            raise CorpusError(f"{path}: cannot read file: {exc.strerror or exc}") from exc
        except ValidationError as exc:
            errors = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'document'}: {e['msg']}"
                for e in exc.errors(include_url=False)
            )
            raise CorpusError(f"{path}: not a labeled document: {errors}") from exc
    if not docs:
        raise CorpusError(f"no labeled documents (*.json) in {root}")
    return docs


def doc_to_article(doc: LabeledDoc) -> RawArticle:
    """The RawArticle the stream would see for a corpus document (published at 12:00 UTC)."""
    published_at = (
        datetime.combine(doc.published, _PUBLISHED_TIME) if doc.published is not None else None
    )
    return RawArticle(
        id=doc.id,
        source=doc.source,
        url=doc.url or None,
        headline=doc.headline or None,
        published_at=published_at,
        # Documents without a language are English (the corpus README's first batches).
        language=doc.language or "en",
        body=doc.text,
    )


@dataclass(frozen=True)
class TypeScore:
    """Document-level confusion counts for one event type."""

    label: str
    tp: int
    fp: int
    fn: int

    @property
    def gold(self) -> int:
        """Documents labeled with the type."""
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        """Documents predicted to have the type."""
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        """TP / (TP + FP), or None when nothing was predicted."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        """TP / (TP + FN), or None when nothing is labeled."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall (0 when either is 0), None if both undefined."""
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def to_dict(self) -> dict[str, Any]:
        """Counts and ratios as plain JSON values."""
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class FieldRecall:
    """How many gold field values (surnames, amounts, speakers) were found."""

    name: str
    matched: int
    total: int

    @property
    def recall(self) -> float | None:
        """matched / total, or None when there is nothing to find."""
        return _ratio(self.matched, self.total)

    def to_dict(self) -> dict[str, Any]:
        """Counts and recall as plain JSON values."""
        return {"matched": self.matched, "total": self.total, "recall": self.recall}


@dataclass(frozen=True)
class FieldPrecision:
    """How many predicted field values (speakers) match a gold one."""

    name: str
    matched: int
    total: int

    @property
    def precision(self) -> float | None:
        """matched / total, or None when nothing was predicted."""
        return _ratio(self.matched, self.total)

    def to_dict(self) -> dict[str, Any]:
        """Counts and precision as plain JSON values."""
        return {"matched": self.matched, "total": self.total, "precision": self.precision}


@dataclass(frozen=True)
class DocResult:
    """What one document got wrong, for debugging."""

    id: str
    gold_types: tuple[str, ...]
    predicted_types: tuple[str, ...]
    missed_types: tuple[str, ...] = ()
    spurious_types: tuple[str, ...] = ()
    missed_participants: tuple[str, ...] = ()
    missed_amounts: tuple[str, ...] = ()
    missed_speakers: tuple[str, ...] = ()
    spurious_calls: tuple[str, ...] = ()
    spurious_amounts: tuple[str, ...] = ()
    spurious_speakers: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing was missed and nothing spurious was predicted."""
        return not any(
            (
                self.missed_types,
                self.spurious_types,
                self.missed_participants,
                self.missed_amounts,
                self.missed_speakers,
                self.spurious_calls,
                self.spurious_amounts,
                self.spurious_speakers,
            )
        )

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain JSON values."""
        return {
            "id": self.id,
            "gold_types": list(self.gold_types),
            "predicted_types": list(self.predicted_types),
            "missed_types": list(self.missed_types),
            "spurious_types": list(self.spurious_types),
            "missed_participants": list(self.missed_participants),
            "missed_amounts": list(self.missed_amounts),
            "missed_speakers": list(self.missed_speakers),
            "spurious_calls": list(self.spurious_calls),
            "spurious_amounts": list(self.spurious_amounts),
            "spurious_speakers": list(self.spurious_speakers),
        }


@dataclass(frozen=True)
class Report:
    """The result of `score`: per-type scores, field recalls and per-document details."""

    documents: int
    types: tuple[TypeScore, ...]
    participants: FieldRecall
    amounts: FieldRecall
    speakers: FieldRecall
    speaker_precision: FieldPrecision
    details: tuple[DocResult, ...] = field(default=())

    @property
    def micro(self) -> TypeScore:
        """All three types pooled (micro-average)."""
        return TypeScore(
            "all (micro)",
            sum(t.tp for t in self.types),
            sum(t.fp for t in self.types),
            sum(t.fn for t in self.types),
        )

    def to_dict(self) -> dict[str, Any]:
        """The whole report as plain JSON values."""
        return {
            "documents": self.documents,
            "event_types": {t.label: t.to_dict() for t in self.types},
            "micro": self.micro.to_dict(),
            "fields": {
                "call_participants": self.participants.to_dict(),
                "deal_amounts": self.amounts.to_dict(),
                "statement_speakers": self.speakers.to_dict(),
            },
            "speaker_precision": self.speaker_precision.to_dict(),
            "per_document": [d.to_dict() for d in self.details],
        }


def score(docs: Sequence[LabeledDoc], predictions: Mapping[str, Sequence[EventBase]]) -> Report:
    """Score predicted events (by document id; absent ids mean no events) against gold labels."""
    counts = {label: [0, 0, 0] for label in EVENT_LABELS}  # tp, fp, fn
    participants = [0, 0]  # matched, total
    amounts = [0, 0]
    speakers = [0, 0]
    predicted_speakers = [0, 0]  # matched, total
    details: list[DocResult] = []
    for doc in docs:
        events = predictions.get(doc.id, ())
        gold = set(doc.labels.event_types)
        predicted = {_LABEL_OF_EVENT_TYPE[e.event_type] for e in events}
        for label in EVENT_LABELS:
            if label in gold and label in predicted:
                counts[label][0] += 1
            elif label in predicted:
                counts[label][1] += 1
            elif label in gold:
                counts[label][2] += 1

        calls = [e for e in events if isinstance(e, CallReadout)]
        missed_people, spurious_calls = _match_calls(doc.labels.call_participants, calls)
        participants[0] += sum(len(c) for c in doc.labels.call_participants) - len(missed_people)
        participants[1] += sum(len(c) for c in doc.labels.call_participants)

        deals = [e for e in events if isinstance(e, CostSharingDeal)]
        gold_amounts = doc.labels.deal.amounts if doc.labels.deal is not None else []
        missed_money, spurious_money = _match_amounts(gold_amounts, deals)
        amounts[0] += len(gold_amounts) - len(missed_money)
        amounts[1] += len(gold_amounts)

        statements = [e for e in events if isinstance(e, Statement)]
        match = _match_speakers(doc.text, doc.labels.speakers, statements)
        missed_speakers, spurious_speakers = match.missed, match.spurious
        speakers[0] += match.gold - len(match.missed)
        speakers[1] += match.gold
        predicted_speakers[0] += match.predicted - len(match.spurious)
        predicted_speakers[1] += match.predicted

        details.append(
            DocResult(
                id=doc.id,
                gold_types=tuple(sorted(gold)),
                predicted_types=tuple(sorted(predicted)),
                missed_types=tuple(sorted(gold - predicted)),
                spurious_types=tuple(sorted(predicted - gold)),
                missed_participants=tuple(missed_people),
                missed_amounts=tuple(missed_money),
                missed_speakers=tuple(missed_speakers),
                spurious_calls=tuple(spurious_calls),
                spurious_amounts=tuple(spurious_money),
                spurious_speakers=tuple(spurious_speakers),
            )
        )
    return Report(
        documents=len(docs),
        types=tuple(TypeScore(label, *counts[label]) for label in EVENT_LABELS),
        participants=FieldRecall("call participants (surnames)", *participants),
        amounts=FieldRecall("deal amounts", *amounts),
        speakers=FieldRecall("statement speakers", *speakers),
        speaker_precision=FieldPrecision("speaker precision", *predicted_speakers),
        details=tuple(details),
    )


def _match_calls(
    gold_calls: Sequence[Sequence[str]], calls: Sequence[CallReadout]
) -> tuple[list[str], list[str]]:
    """Gold surnames the best-matching predicted call misses, and calls matching no gold name."""
    names = [[p.name for p in call.participants] for call in calls]
    missed: list[str] = []
    for gold in gold_calls:
        best: list[str] = list(gold)
        for call_names in names:
            left = [s for s in gold if not any(_word_in(s, n) for n in call_names)]
            if len(left) < len(best):
                best = left
        missed.extend(best)
    all_gold = [s for gold in gold_calls for s in gold]
    spurious = [
        " - ".join(call_names)
        for call_names in names
        if not any(_word_in(s, n) for s in all_gold for n in call_names)
    ]
    return missed, spurious


def _match_amounts(
    gold: Sequence[GoldAmount], deals: Sequence[CostSharingDeal]
) -> tuple[list[str], list[str]]:
    """Gold amounts no predicted deal states, and predicted amounts matching no gold one."""
    predicted = [m for deal in deals for m in deal.amounts]
    missed = [
        _show_amount(g.text, g.value, g.currency)
        for g in gold
        if not any(_same_amount(g.value, g.currency, m.value, m.currency) for m in predicted)
    ]
    spurious = [
        _show_amount(m.text, m.value, m.currency)
        for m in predicted
        if not any(_same_amount(g.value, g.currency, m.value, m.currency) for g in gold)
    ]
    return missed, spurious


_T = TypeVar("_T")


@dataclass(frozen=True)
class _SpeakerMatch:
    """Speaker identities of one document: counts, the gold ones missed, the spurious ones."""

    gold: int
    predicted: int
    missed: list[str]
    spurious: list[str]


@dataclass(frozen=True)
class _Predicted:
    """One predicted speaker as the scorer sees it."""

    name: str
    fields: tuple[str, ...]  # casefolded name and organization, for the substring rule
    identity: Identity | None


def _gold_identity(text: str, speaker: str) -> Identity | None:
    """A gold string's identity; an institution's country read around it in the text."""
    identity = _resolve(speaker)
    if identity is not None and identity.country is None:
        return Identity(identity.kind, context_country(text, speaker))
    return identity


def _predicted(text: str, person: Person) -> _Predicted:
    """A predicted speaker: its identity from its name (or, for a body with no title, its
    organization), the country from the name, else `country`, else the text around it."""
    identity = _resolve(person.name)
    written = person.name
    if identity is None and person.title is None and person.organization:
        identity = _resolve(person.organization)
        written = person.organization
    if identity is not None and identity.country is None:
        country = country_code(person.country) or context_country(text, written)
        identity = Identity(identity.kind, country)
    fields = tuple(f.casefold() for f in (person.name, person.organization) if f)
    return _Predicted(person.name, fields, identity)


def _speaker_matches(gold: str, gold_identity: Identity | None, predicted: _Predicted) -> bool:
    """Identity decides when both sides have one; otherwise the substring rule."""
    if gold_identity is not None and predicted.identity is not None:
        return gold_identity.kind == predicted.identity.kind and (
            gold_identity.country is None or gold_identity.country == predicted.identity.country
        )
    return any(gold.casefold() in f for f in predicted.fields) or any(
        _is_acronym_of(gold, f) for f in predicted.fields
    )


# Words an acronym skips ("Joint Chiefs of Staff" -> JCS).
_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "on"})


def _is_acronym_of(short: str, name: str) -> bool:
    """Whether `short` is the acronym of `name` ("USFK": "United States Forces Korea")."""
    if not (3 <= len(short) <= 8 and short.isalpha() and short.isupper()):
        return False
    words = [w for w in re.split(r"[\s-]+", name) if w and w not in _ACRONYM_SKIPS]
    return len(words) == len(short) and all(
        w[0] == c for w, c in zip(words, short.casefold(), strict=True)
    )


def _group(items: Sequence[tuple[object, _T]]) -> list[list[_T]]:
    """Items grouped by key, in first-seen order."""
    groups: dict[object, list[_T]] = {}
    for key, item in items:
        groups.setdefault(key, []).append(item)
    return list(groups.values())


def _identity_key(identity: Identity | None, name: str) -> object:
    """One key per identity: a structured one with a known country, else the name."""
    if identity is not None and identity.country is not None:
        return identity
    return ("name", " ".join(name.casefold().split()))


def _match_speakers(
    text: str, gold: Sequence[str], statements: Sequence[Statement]
) -> _SpeakerMatch:
    """Match gold speakers and predicted speakers of one document by identity."""
    gold_groups = _group(
        [(_identity_key(i, g), (g, i)) for g in gold for i in [_gold_identity(text, g)]]
    )
    predicted_groups = _group(
        [
            (_identity_key(p.identity, p.name), p)
            for p in (_predicted(text, s.speaker) for s in statements)
        ]
    )
    missed = [
        " = ".join(g for g, _ in group)
        for group in gold_groups
        if not any(
            _speaker_matches(g, i, p) for g, i in group for pg in predicted_groups for p in pg
        )
    ]
    spurious = [
        group[0].name
        for group in predicted_groups
        if not any(_speaker_matches(g, i, p) for p in group for gg in gold_groups for g, i in gg)
    ]
    return _SpeakerMatch(len(gold_groups), len(predicted_groups), missed, spurious)


def _same_amount(gold_value: float, gold_currency: str, value: float, currency: str) -> bool:
    """Same currency and value within the relative tolerance of the gold value."""
    return currency.upper() == gold_currency.upper() and abs(value - gold_value) <= (
        AMOUNT_TOLERANCE * abs(gold_value)
    )


def _show_amount(text: str, value: float, currency: str) -> str:
    """An amount for humans: as written, with its normalized value."""
    number = f"{value:,.0f}" if value == int(value) else f"{value:,}"
    return f"{text} ({currency} {number})" if text else f"{currency} {number}"


@lru_cache(maxsize=1024)
def _word_pattern(word: str) -> re.Pattern[str]:
    """Case-insensitive whole-word pattern (compiled once per surname)."""
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)


def _word_in(word: str, text: str) -> bool:
    """True when `word` occurs in `text` as a whole word, ignoring case; a Hangul surname
    may also start a word (Korean conventions: 왕 in 왕이)."""
    if is_korean(word):
        return surname_in(word, text)
    return _word_pattern(word).search(text) is not None


def _resolve(text: str) -> Identity | None:
    """A speaker string's structured identity, read with the Korean tables when in Hangul."""
    return resolve_korean(text) if is_korean(text) else resolve(text)


def _ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, None when the denominator is zero."""
    return numerator / denominator if denominator else None


def _fmt(value: float | None) -> str:
    """A ratio with three decimals, or n/a."""
    return "n/a" if value is None else f"{value:.3f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A markdown table; the first column left-aligned, the others right-aligned."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(
        "-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)
    )
    return [line(header), rule + "|", *(line(r) for r in rows)]


def _describe(doc: DocResult) -> str:
    """The misses and spurious items of one document on one line."""
    parts = [
        f"{what} {', '.join(items)}"
        for what, items in (
            ("missed types", doc.missed_types),
            ("spurious types", doc.spurious_types),
            ("missed participants", doc.missed_participants),
            ("missed amounts", doc.missed_amounts),
            ("missed speakers", doc.missed_speakers),
            ("spurious calls", doc.spurious_calls),
            ("spurious amounts", doc.spurious_amounts),
            ("spurious speakers", doc.spurious_speakers),
        )
        if items
    ]
    return "; ".join(parts) if parts else "ok"


def format_report(report: Report, *, details: bool = False) -> str:
    """Render a report as markdown tables plus per-document misses (every document if details)."""
    lines = [f"Documents: {report.documents}", ""]
    lines += _table(
        ["event type", "gold", "pred", "TP", "FP", "FN", "precision", "recall", "F1"],
        [
            [
                t.label,
                str(t.gold),
                str(t.predicted),
                str(t.tp),
                str(t.fp),
                str(t.fn),
                _fmt(t.precision),
                _fmt(t.recall),
                _fmt(t.f1),
            ]
            for t in (*report.types, report.micro)
        ],
    )
    lines.append("")
    lines += _table(
        ["field", "matched", "total", "recall"],
        [
            [f.name, str(f.matched), str(f.total), _fmt(f.recall)]
            for f in (report.participants, report.amounts, report.speakers)
        ],
    )
    lines.append("")
    lines += _table(
        ["field", "matched", "predicted", "precision"],
        [
            [
                report.speaker_precision.name,
                str(report.speaker_precision.matched),
                str(report.speaker_precision.total),
                _fmt(report.speaker_precision.precision),
            ]
        ],
    )
    lines.append("")
    shown = report.details if details else tuple(d for d in report.details if not d.ok)
    if details:
        lines.append(f"Per-document results ({len(shown)} documents):")
        for d in shown:
            gold = ", ".join(d.gold_types) or "-"
            predicted = ", ".join(d.predicted_types) or "-"
            lines.append(f"- {d.id}: gold [{gold}] predicted [{predicted}]: {_describe(d)}")
    elif shown:
        lines.append(
            f"Documents with misses or spurious items ({len(shown)} of {report.documents}):"
        )
        lines += [f"- {d.id}: {_describe(d)}" for d in shown]
    else:
        lines.append("No misses.")
    return "\n".join(lines) + "\n"
