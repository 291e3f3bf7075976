"""Scoring math on a tiny hand-made corpus, with expected numbers worked out by hand."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from schemas import CallReadout, CostSharingDeal, EventBase, Money, Person, Statement
from streams.cli.main import main
from streams.evaluation import (
    CorpusError,
    LabeledDoc,
    doc_to_article,
    format_report,
    load_corpus,
    score,
)
from streams.settings import Settings


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


def _statement(
    doc_id: str,
    n: int,
    name: str,
    organization: str | None = None,
    *,
    country: str | None = None,
    title: str | None = None,
) -> Statement:
    return Statement(
        **_envelope(doc_id, n),
        speaker=Person(name=name, organization=organization, country=country, title=title),
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
    assert "| speaker precision |       2 |         3 |     0.667 |" in text
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
    # Predicted speakers: Han and the ministry (a01) match, Defense Ministry (a02) does not.
    assert data["speaker_precision"] == {
        "matched": 2,
        "total": 3,
        "precision": pytest.approx(2 / 3),
    }
    assert [d["id"] for d in data["per_document"]] == ["a01", "a02", "a03", "a04"]


# --- speakers by identity (corpus README, "Matching speakers by identity") ------------------


def _speaker_doc(text: str, speakers: list[str], doc_id: str = "s01") -> LabeledDoc:
    return LabeledDoc.model_validate(_doc(doc_id, text, ["STATEMENT"], speakers=speakers))


def _speakers(doc: LabeledDoc, *statements: Statement) -> tuple[int, int, int, int]:
    """(gold matched, gold identities, predicted matched, predicted identities)."""
    report = score([doc], {doc.id: list(statements)})
    return (
        report.speakers.matched,
        report.speakers.total,
        report.speaker_precision.matched,
        report.speaker_precision.total,
    )


METONYM_TEXT = (
    "Seoul said on Monday it would send an envoy to the talks. Officials in the capital "
    "described the move as routine."
)


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("South Korea", "South Korea"),
        ("Seoul", None),
        ("the South Korean government", None),
        ("Korea", None),
        ("Republic of Korea", None),
    ],
)
def test_a_metonym_matches_its_government(name: str, country: str | None) -> None:
    doc = _speaker_doc(METONYM_TEXT, ["Seoul"])
    assert _speakers(doc, _statement("s01", 1, name, country=country)) == (1, 1, 1, 1)


@pytest.mark.parametrize(
    "name",
    [
        "North Korea",  # "korea" is a substring, but another government
        "Seoul's foreign ministry",  # a body of the government is not the government
        "Japan",
        "Tokyo",
    ],
)
def test_a_metonym_does_not_match_another_identity(name: str) -> None:
    doc = _speaker_doc(METONYM_TEXT, ["Seoul"])
    assert _speakers(doc, _statement("s01", 1, name)) == (0, 1, 0, 1)


def test_a_country_name_does_not_match_its_neighbour_by_substring() -> None:
    # The substring rule alone would find "Korea" in "North Korea".
    doc = _speaker_doc("Korea said it would reply. North Korea said nothing.", ["Korea"])
    assert _speakers(doc, _statement("s01", 1, "North Korea", country="North Korea"))[0] == 0
    assert _speakers(doc, _statement("s01", 1, "South Korea"))[0] == 1


def test_a_seat_is_its_institution_not_its_government() -> None:
    doc = _speaker_doc("The Kremlin said the talks were useful.", ["Kremlin"])
    assert _speakers(doc, _statement("s01", 1, "Kremlin")) == (1, 1, 1, 1)
    presidency = _statement("s01", 1, "presidential office", country="Russia")
    assert _speakers(doc, presidency) == (1, 1, 1, 1)
    assert _speakers(doc, _statement("s01", 1, "Russia", country="Russia")) == (0, 1, 0, 1)
    assert _speakers(doc, _statement("s01", 1, "Moscow")) == (0, 1, 0, 1)


@pytest.mark.parametrize(
    ("gold", "predicted", "matched"),
    [
        ("USFK", "United States Forces Korea", 1),
        ("JCS", "Joint Chiefs of Staff", 1),  # "of" is skipped
        ("USFK", "United States Forces Japan", 0),
        ("NSC", "National Security Agency", 0),
    ],
)
def test_an_acronym_matches_the_name_it_abbreviates(
    gold: str, predicted: str, matched: int
) -> None:
    doc = _speaker_doc(f"The {predicted} ({gold}) said the drills would go ahead.", [gold])
    assert _speakers(doc, _statement("s01", 1, predicted))[0] == matched


def test_the_pentagon_is_the_us_defense_department() -> None:
    doc = _speaker_doc("The Pentagon said the drill would go ahead.", ["Pentagon"])
    us = _statement("s01", 1, "Department of Defense", country="United States")
    assert _speakers(doc, us) == (1, 1, 1, 1)
    other = _statement("s01", 1, "Ministry of National Defense", country="South Korea")
    assert _speakers(doc, other) == (0, 1, 0, 1)


ONE_MINISTRY_TEXT = (
    "South Korea's foreign ministry said on Friday the visit would go ahead. A ranking "
    "foreign ministry official added that the dates were not set. Officials in Tokyo "
    "declined to comment."
)


def test_an_institution_is_matched_with_its_country() -> None:
    doc = _speaker_doc(ONE_MINISTRY_TEXT, ["foreign ministry"])
    right = _statement("s01", 1, "Foreign Ministry", "Foreign Ministry", country="South Korea")
    wrong = _statement("s01", 2, "Foreign Ministry", "Foreign Ministry", country="Japan")
    written = _statement("s01", 3, "Tokyo's foreign ministry")
    assert _speakers(doc, right) == (1, 1, 1, 1)
    # The substring rule alone would accept both of these.
    assert _speakers(doc, wrong) == (0, 1, 0, 1)
    assert _speakers(doc, written) == (0, 1, 0, 1)
    # The other spelling of the same institution, country in its own name.
    assert _speakers(doc, _statement("s01", 1, "South Korean Ministry of Foreign Affairs"))[0] == 1


def test_a_countryless_prediction_gets_its_country_from_the_text_too() -> None:
    doc = _speaker_doc(ONE_MINISTRY_TEXT, ["foreign ministry"])
    assert _speakers(doc, _statement("s01", 1, "foreign ministry")) == (1, 1, 1, 1)
    # A name whose own occurrences say nothing has no country: it does not denote Seoul's.
    other_name = _statement("s01", 1, "Ministry of Foreign Affairs", "Foreign Ministry")
    assert _speakers(doc, other_name) == (0, 1, 0, 1)


def test_two_ministries_under_one_gold_string_accept_either_country() -> None:
    text = (
        "Seoul's foreign ministry said the talks would resume. Japan's foreign ministry "
        "said it welcomed the step."
    )
    doc = _speaker_doc(text, ["Foreign Ministry"])
    seoul = _statement("s01", 1, "Foreign Ministry", "Foreign Ministry", country="South Korea")
    tokyo = _statement("s01", 2, "Foreign Ministry", "Foreign Ministry", country="Japan")
    # The gold string cannot tell which: both are accepted, and each counts as one speaker.
    assert _speakers(doc, seoul, tokyo) == (1, 1, 2, 2)
    beijing = _statement("s01", 3, "Foreign Ministry", "Foreign Ministry", country="China")
    assert _speakers(doc, beijing) == (1, 1, 1, 1)  # any country: the gold cannot tell
    defense = _statement("s01", 3, "Defense Ministry", "Defense Ministry", country="Japan")
    assert _speakers(doc, defense) == (0, 1, 0, 1)  # but the kind still counts


def test_one_government_under_two_names_counts_once() -> None:
    text = "Beijing said the visit was welcome. China also said it hoped for calm."
    doc = _speaker_doc(text, ["Beijing", "China"])
    both = (_statement("s01", 1, "Beijing"), _statement("s01", 2, "China", country="China"))
    assert _speakers(doc, *both) == (1, 1, 1, 1)
    assert _speakers(doc, _statement("s01", 1, "the Chinese government")) == (1, 1, 1, 1)
    report = score([doc], {})
    assert report.details[0].missed_speakers == ("Beijing = China",)


def test_speaker_precision_counts_spurious_identities() -> None:
    text = "Mara Lindqvist, the finance minister, said prices would ease. Analysts disagreed."
    doc = _speaker_doc(text, ["Lindqvist"])
    statements = [
        _statement("s01", 1, "Mara Lindqvist", title="Finance Minister"),
        _statement("s01", 2, "Mara Lindqvist", title="Finance Minister"),  # same person
        _statement("s01", 3, "Analysts"),
        _statement("s01", 4, "Sweden", country="Sweden"),
    ]
    report = score([doc], {"s01": statements})
    assert (report.speaker_precision.matched, report.speaker_precision.total) == (1, 3)
    assert report.speaker_precision.precision == pytest.approx(1 / 3)
    assert report.details[0].spurious_speakers == ("Analysts", "Sweden")
    assert "| speaker precision |       1 |         3 |     0.333 |" in format_report(report)
    assert score([doc], {}).speaker_precision.precision is None


# --- several directories, duplicate ids, the language of a document ------------------------


def _write(directory: Path, name: str, doc: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(orjson.dumps(doc))
    return path


def test_load_corpus_reads_several_directories(tmp_path: Path) -> None:
    _write(tmp_path / "one", "002.json", CORPUS[1])
    _write(tmp_path / "one", "001.json", CORPUS[0])
    _write(tmp_path / "two", "003.json", CORPUS[3])
    docs = load_corpus(tmp_path / "one", tmp_path / "two")
    assert [d.id for d in docs] == ["a01", "a02", "a04"]
    assert score(docs, {}).documents == 3


def test_duplicate_ids_across_directories_name_both_files(tmp_path: Path) -> None:
    first = _write(tmp_path / "one", "001.json", CORPUS[0])
    second = _write(tmp_path / "two", "017.json", CORPUS[0])
    with pytest.raises(CorpusError) as err:
        load_corpus(tmp_path / "one", tmp_path / "two")
    assert str(err.value) == f"duplicate document id 'a01': in {first} and in {second}"


def test_duplicate_ids_in_one_directory_name_both_files(tmp_path: Path) -> None:
    first = _write(tmp_path, "001.json", CORPUS[2])
    second = _write(tmp_path, "002.json", CORPUS[2])
    with pytest.raises(CorpusError, match=f"in {first} and in {second}"):
        load_corpus(tmp_path)


def test_load_corpus_needs_a_directory() -> None:
    with pytest.raises(CorpusError, match="no corpus directory"):
        load_corpus()


def test_the_language_of_a_document_reaches_the_article(tmp_path: Path) -> None:
    _write(tmp_path, "001.json", {**CORPUS[3], "id": "k01", "language": "ko"})
    _write(tmp_path, "002.json", CORPUS[3])
    korean, english = load_corpus(tmp_path)
    assert doc_to_article(korean).language == "ko"
    assert doc_to_article(english).language == "en"


def test_the_corpus_setting_holds_several_directories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    monkeypatch.setenv("WIRESTREAM_CORPUS_DIR", f"{one}{os.pathsep}{two}{os.pathsep}")
    assert Settings().corpus_dir == (one, two)
    monkeypatch.setenv("WIRESTREAM_CORPUS_DIR", str(one))
    assert Settings().corpus_dir == (one,)
    monkeypatch.setenv("WIRESTREAM_CORPUS_DIR", os.pathsep)
    with pytest.raises(ValidationError, match="no corpus directory"):
        Settings()


def test_evaluate_scores_several_directories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    _write(one, "001.json", CORPUS[2])
    _write(two, "001.json", CORPUS[3])
    result = CliRunner().invoke(main, ["evaluate", str(one), str(two), "--json"])
    assert result.exit_code == 0, result.output
    data = orjson.loads(result.stdout)
    assert data["documents"] == 2
    assert data["corpus_dirs"] == [str(one), str(two)]
    text = CliRunner().invoke(main, ["evaluate", str(one), str(two)])
    assert f"Corpus: {one}, {two}" in text.stdout
    # The same two from the setting.
    monkeypatch.setenv("WIRESTREAM_CORPUS_DIR", f"{one}{os.pathsep}{two}")
    from_env = CliRunner().invoke(main, ["evaluate", "--json"])
    assert orjson.loads(from_env.stdout)["documents"] == 2
    # A duplicate id across them is an error naming both files.
    _write(two, "002.json", CORPUS[2])
    clash = CliRunner().invoke(main, ["evaluate", str(one), str(two)])
    assert clash.exit_code == 1
    assert f"in {one / '001.json'} and in {two / '002.json'}" in clash.stderr
