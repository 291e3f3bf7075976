"""Scoring math on a tiny hand-made corpus, with expected numbers worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from schemas import CallReadout, CostSharingDeal, EventBase, Money, Person, Statement
from streams.evaluation import (
    CorpusError,
    LabeledDoc,
    doc_to_article,
    format_report,
    load_corpus,
    score,
)


def _doc(
    doc_id: str,
    text: str,
    types: list[str],
    *,
    calls: list[list[str]] | None = None,
    amounts: list[dict[str, Any]] | None = None,
    speakers: list[str] | None = None,
    published: str | None = "2031-05-14",
    headline: str | None = "",
) -> dict[str, Any]:
    return {
        "id": doc_id,
        "url": f"https://example.test/{doc_id}",
        "source": "Wirestream",
        "published": published,
        "headline": headline,
        "text": text,
        "labels": {
            "event_types": types,
            "call_participants": calls or [],
            "deal": None
            if amounts is None
            else {"parties": ["Korea", "United States"], "amounts": amounts, "period": None},
            "speakers": speakers or [],
            "notes": "",
        },
    }


CORPUS = [
    _doc(
        "a01",
        "Foreign Minister Han Do-yun held a three-way video call with Ingrid Valstad and "
        "Chidi Okafor on Tuesday, the foreign ministry said. Han said ties were strong.",
        ["CALL_READOUT", "STATEMENT"],
        calls=[["Han", "Valstad", "Okafor"]],
        speakers=["Han", "Foreign Ministry"],
        headline="FM holds video call",
    ),
    _doc(
        "a02",
        "The two allies signed a cost-sharing deal worth 1.52 trillion won, or about $1 billion.",
        ["COST_SHARING_DEAL"],
        amounts=[
            {"value": 1_520_000_000_000, "currency": "KRW", "text": "1.52 trillion won"},
            {"value": 1_000_000_000, "currency": "USD", "text": "$1 billion"},
        ],
        published=None,
    ),
    _doc("a03", "Soldiers train in the snow during a winter drill.", []),
    _doc(
        "a04",
        "The Pentagon said the drills would go ahead as planned.",
        ["STATEMENT"],
        speakers=["Pentagon"],
    ),
]


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    for i, doc in enumerate(CORPUS, start=1):
        (tmp_path / f"{i:03d}.json").write_bytes(orjson.dumps(doc))
    (tmp_path / "README.md").write_text("not a document", encoding="utf-8")
    return tmp_path


def _envelope(doc_id: str, n: int) -> dict[str, Any]:
    return {
        "event_id": f"{doc_id}-{n}",
        "article_id": doc_id,
        "source": "Wirestream",
        "confidence": 0.9,
        "evidence": [{"start": 0, "end": 3, "text": "abc"}],
        "extractor_version": "test",
        "codes": {"cameo": "010", "plover": "CONSULT"},
    }


def _call(doc_id: str, n: int, *names: str) -> CallReadout:
    return CallReadout(**_envelope(doc_id, n), participants=[Person(name=x) for x in names])


def _deal(doc_id: str, n: int, *amounts: tuple[float, str, str]) -> CostSharingDeal:
    return CostSharingDeal(
        **_envelope(doc_id, n),
        parties=["South Korea", "United States"],
        amounts=[Money(value=v, currency=c, text=t) for v, c, t in amounts],
    )


def _statement(doc_id: str, n: int, name: str, organization: str | None = None) -> Statement:
    return Statement(
        **_envelope(doc_id, n),
        speaker=Person(name=name, organization=organization),
        content="Something was said.",
    )


PREDICTIONS: dict[str, list[EventBase]] = {
    "a01": [
        # Best single call covers Han and Okafor (2 of 3); the other call would add
        # Valstad, but calls are matched one at a time, so Valstad is missed.
        _call("a01", 1, "HAN Do-yun", "Chidi OKAFOR"),
        _call("a01", 2, "Ingrid Valstad", "Kim Min-ji"),
        _statement("a01", 3, "Han Do-yun"),
        _statement("a01", 4, "a spokesperson", organization="the Foreign Ministry of Korea"),
    ],
    "a02": [
        # KRW is 0.33% off (inside 0.5%); USD is 10% off (a miss).
        _deal(
            "a02",
            1,
            (1_525_000_000_000, "KRW", "1.525 trillion won"),
            (1_100_000_000, "USD", "$1.1 billion"),
        ),
        _statement("a02", 2, "Defense Ministry"),
    ],
    "a03": [_call("a03", 1, "Alpha", "Beta")],
    # a04 absent: no predictions.
}


def test_load_corpus_reads_documents_in_order(corpus_dir: Path) -> None:
    docs = load_corpus(corpus_dir)
    assert [d.id for d in docs] == ["a01", "a02", "a03", "a04"]
    assert docs[0].labels.call_participants == [["Han", "Valstad", "Okafor"]]
    assert docs[1].labels.deal is not None
    assert docs[1].labels.deal.amounts[0].currency == "KRW"


def test_load_corpus_missing_dir(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus directory not found"):
        load_corpus(tmp_path / "absent")


def test_load_corpus_empty_dir(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no labeled documents"):
        load_corpus(tmp_path)


def test_load_corpus_bad_document_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "001.json").write_bytes(orjson.dumps({"id": "x", "text": "t"}))
    with pytest.raises(CorpusError, match=r"001\.json: not a labeled document: .*labels"):
        load_corpus(tmp_path)


def test_doc_to_article(corpus_dir: Path) -> None:
    a01, a02, *_ = load_corpus(corpus_dir)
    article = doc_to_article(a01)
    assert article.id == "a01"
    assert article.body == a01.text
    assert article.source == "Wirestream"
    assert article.headline == "FM holds video call"
    assert article.url == "https://example.test/a01"
    assert article.published_at == datetime(2031, 5, 14, 12, 0, tzinfo=UTC)
    other = doc_to_article(a02)
    assert other.published_at is None
    assert other.headline is None  # "" in the corpus means no headline


def test_type_scores(corpus_dir: Path) -> None:
    report = score(load_corpus(corpus_dir), PREDICTIONS)
    assert report.documents == 4
    by_label = {t.label: t for t in report.types}

    call = by_label["CALL_READOUT"]  # gold {a01}, predicted {a01, a03}
    assert (call.tp, call.fp, call.fn) == (1, 1, 0)
    assert call.precision == 0.5 and call.recall == 1.0
    assert call.f1 == pytest.approx(2 / 3)

    deal = by_label["COST_SHARING_DEAL"]  # gold {a02}, predicted {a02}
    assert (deal.tp, deal.fp, deal.fn) == (1, 0, 0)
    assert (deal.precision, deal.recall, deal.f1) == (1.0, 1.0, 1.0)

    stmt = by_label["STATEMENT"]  # gold {a01, a04}, predicted {a01, a02}
    assert (stmt.tp, stmt.fp, stmt.fn) == (1, 1, 1)
    assert (stmt.precision, stmt.recall, stmt.f1) == (0.5, 0.5, 0.5)

    micro = report.micro  # tp 3, fp 2, fn 1
    assert (micro.tp, micro.fp, micro.fn) == (3, 2, 1)
    assert micro.precision == pytest.approx(0.6)
    assert micro.recall == pytest.approx(0.75)
    assert micro.f1 == pytest.approx(6 / 9)


def test_field_recalls(corpus_dir: Path) -> None:
    report = score(load_corpus(corpus_dir), PREDICTIONS)
    assert (report.participants.matched, report.participants.total) == (2, 3)
    assert report.participants.recall == pytest.approx(2 / 3)
    assert (report.amounts.matched, report.amounts.total) == (1, 2)
    assert report.amounts.recall == 0.5
    # Han (name), Foreign Ministry (organization, any case) found; Pentagon (a04) not.
    assert (report.speakers.matched, report.speakers.total) == (2, 3)


def test_per_document_details(corpus_dir: Path) -> None:
    report = score(load_corpus(corpus_dir), PREDICTIONS)
    a01, a02, a03, a04 = report.details
    assert a01.missed_participants == ("Valstad",)
    assert a01.spurious_calls == ()  # both calls name someone from the gold call
    assert a01.missed_speakers == ()
    assert not a01.missed_types and not a01.spurious_types
    assert a02.missed_amounts == ("$1 billion (USD 1,000,000,000)",)
    assert a02.spurious_amounts == ("$1.1 billion (USD 1,100,000,000)",)
    assert a02.spurious_types == ("STATEMENT",)
    assert a02.spurious_speakers == ("Defense Ministry",)
    assert a03.spurious_types == ("CALL_READOUT",)
    assert a03.spurious_calls == ("Alpha - Beta",)
    assert a04.missed_types == ("STATEMENT",)
    assert a04.missed_speakers == ("Pentagon",)
    assert a04.predicted_types == ()


def test_whole_word_surname_match(corpus_dir: Path) -> None:
    docs = load_corpus(corpus_dir)[:1]
    # "Hanson" and "Valstadt" contain the surnames but not as whole words.
    near_miss = {"a01": [_call("a01", 1, "Erik Hanson", "Ingrid Valstadt")]}
    report = score(docs, near_miss)
    assert report.participants.matched == 0
    assert report.details[0].missed_participants == ("Han", "Valstad", "Okafor")


def test_no_predictions_gives_undefined_precision(corpus_dir: Path) -> None:
    report = score(load_corpus(corpus_dir), {})
    for t in report.types:
        assert t.precision is None
        assert t.recall == 0.0
        assert t.f1 == 0.0
    assert report.participants.matched == report.amounts.matched == report.speakers.matched == 0


def test_undefined_ratios_when_nothing_gold_nor_predicted(corpus_dir: Path) -> None:
    negatives: list[LabeledDoc] = [d for d in load_corpus(corpus_dir) if d.id == "a03"]
    report = score(negatives, {})
    assert all(t.f1 is None and t.recall is None for t in report.types)
    assert report.participants.recall is None
    assert "n/a" in format_report(report)
    assert "No misses." in format_report(report)


def test_format_report(corpus_dir: Path) -> None:
    report = score(load_corpus(corpus_dir), PREDICTIONS)
    text = format_report(report)
    assert "Documents: 4" in text
    assert "| event type        | gold | pred | TP | FP | FN | precision | recall |    F1 |" in text
    assert "| CALL_READOUT      |    1 |    2 |  1 |  1 |  0 |     0.500 |  1.000 | 0.667 |" in text
    assert "| all (micro)       |    4 |    5 |  3 |  2 |  1 |     0.600 |  0.750 | 0.667 |" in text
    assert "| call participants (surnames) |       2 |     3 |  0.667 |" in text
    assert "Documents with misses or spurious items (4 of 4):" in text
    assert "- a01: missed participants Valstad" in text
    assert "- a04: missed types STATEMENT; missed speakers Pentagon" in text
    detailed = format_report(report, details=True)
    assert "- a03: gold [-] predicted [CALL_READOUT]: spurious types CALL_READOUT" in detailed


def test_report_to_dict_is_json_ready(corpus_dir: Path) -> None:
    report = score(load_corpus(corpus_dir), PREDICTIONS)
    data = orjson.loads(orjson.dumps(report.to_dict()))
    assert data["documents"] == 4
    assert data["event_types"]["STATEMENT"] == {
        "gold": 2,
        "predicted": 2,
        "tp": 1,
        "fp": 1,
        "fn": 1,
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
    }
    assert data["fields"]["deal_amounts"] == {"matched": 1, "total": 2, "recall": 0.5}
    assert [d["id"] for d in data["per_document"]] == ["a01", "a02", "a03", "a04"]
