"""`wirestream evaluate --clusters`: do the documents of one story meet in one cluster?

Invented mini-corpora (the articles of tests/support/cluster_articles.py, written to
tmp_path as labeled documents) with known outcomes; and one `corpus` test on the shared
dev corpora, read where they lie, that the report covers every story of several documents.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from streams.cli.main import main
from streams.core import extract_events
from streams.evaluation import doc_to_article, load_corpus
from streams.evaluation.stories import (
    StoryOutcome,
    TypeOutcome,
    format_story_clusters,
    story_clusters,
)
from streams.settings import get_settings
from tests.support import cluster_articles as ca

CALL, DEAL, STATEMENT = "CALL_READOUT", "COST_SHARING_DEAL", "STATEMENT"


def _doc(
    spec: dict[str, Any], story: str | None, types: list[str], body: str | None = None
) -> dict[str, Any]:
    return {
        "id": spec["id"],
        "source": spec["source"],
        "published": spec["published_at"][:10],
        "headline": spec["headline"],
        "text": body if body is not None else spec["body"],
        "labels": {"event_types": sorted(types)},
        "story": story,
    }


def _write(directory: Path, docs: list[dict[str, Any]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for i, doc in enumerate(docs):
        (directory / f"{i:03d}.json").write_bytes(orjson.dumps(doc))
    return directory


QUOTE_OTHER = ca.SAME_QUOTE[1]["body"].replace(
    "answering any provocation firmly", "staying fully prepared"
)
CALL_WITH_CHO = (
    "SEOUL, Oct. 28 (Yonhap) -- U.S. Secretary of State Marco Rubio and South Korean Foreign "
    "Minister Cho Hyun held phone talks on Monday ahead of the regional summit."
)
ONLY_A_STATEMENT = (
    '"We will keep every channel of dialogue open," Unification Minister Park Seo-yeon '
    "said Thursday."
)


def _mini_corpus() -> list[dict[str, Any]]:
    state, mfa, yonhap, reuters = ca.FOUR_WIRES_CALL
    second = ca.SECOND_CALL[0]
    quote_a, quote_b = ca.SAME_QUOTE
    deal_a, deal_b = ca.DEAL_WITH_PERIOD
    return [
        _doc(state, "rubio-wang", [CALL, STATEMENT]),
        _doc(mfa, "rubio-wang", [CALL]),
        _doc(reuters, "two-calls", [CALL, STATEMENT]),
        _doc(second, "two-calls", [CALL]),
        _doc(quote_a, "park-quote", [STATEMENT]),
        _doc(quote_b, "park-quote", [STATEMENT]),
        _doc({**quote_b, "id": "quote-other"}, "park-two-quotes", [STATEMENT], QUOTE_OTHER),
        _doc({**quote_a, "id": "quote-same"}, "park-two-quotes", [STATEMENT]),
        _doc({**yonhap, "id": "cho-call"}, "who-called", [CALL], CALL_WITH_CHO),
        _doc({**reuters, "id": "wang-call"}, "who-called", [CALL, STATEMENT]),
        _doc(deal_a, "deal", [DEAL]),
        _doc(deal_b, "deal", [DEAL]),
        _doc({**quote_a, "id": "no-call-here"}, "missed-call", [CALL], ONLY_A_STATEMENT),
        _doc({**second, "id": "call-here"}, "missed-call", [CALL]),
        _doc(ca.UNDATED_CALL_FAR[0], "alone", [CALL]),  # a story of one document: left out
        _doc(ca.UNDATED_CALL_NEAR[0], None, [CALL]),  # no story: left out
    ]


@pytest.fixture
def outcomes(tmp_path: Path) -> dict[str, StoryOutcome]:
    docs = load_corpus(_write(tmp_path / "mini", _mini_corpus()))
    predictions = {doc.id: extract_events(doc_to_article(doc)) for doc in docs}
    return {o.story: o for o in story_clusters(docs, predictions)}


def _type(outcome: StoryOutcome, event_type: str) -> TypeOutcome:
    (found,) = [t for t in outcome.types if t.event_type == event_type]
    return found


def test_only_stories_of_several_documents_are_reported(outcomes: dict[str, StoryOutcome]) -> None:
    assert sorted(outcomes) == [
        "deal",
        "missed-call",
        "park-quote",
        "park-two-quotes",
        "rubio-wang",
        "two-calls",
        "who-called",
    ]
    assert outcomes["rubio-wang"].doc_ids == (
        ca.FOUR_WIRES_CALL[0]["id"],
        ca.FOUR_WIRES_CALL[1]["id"],
    )


def test_two_reports_of_one_call_meet_in_one_cluster(outcomes: dict[str, StoryOutcome]) -> None:
    call = _type(outcomes["rubio-wang"], "call_readout")
    assert call.joined
    assert call.cluster_key == "call_readout|person:marco-rubio+person:wang-yi#2025-10-27"
    assert call.reasons == ()


def test_two_calls_on_different_days_are_apart_by_date(outcomes: dict[str, StoryOutcome]) -> None:
    call = _type(outcomes["two-calls"], "call_readout")
    assert not call.joined and call.together == ()
    (reason,) = call.reasons
    assert reason.startswith("different dates: 2025-10-27 (")
    assert "2025-10-29" in reason


def test_one_quote_by_two_agencies_meets_and_two_quotes_do_not(
    outcomes: dict[str, StoryOutcome],
) -> None:
    assert _type(outcomes["park-quote"], "statement").joined
    apart = _type(outcomes["park-two-quotes"], "statement")
    assert not apart.joined
    assert apart.reasons == ("same speaker person:park-seo-yeon, different quote digest",)


def test_calls_between_different_people_are_apart_by_actor_ids(
    outcomes: dict[str, StoryOutcome],
) -> None:
    call = _type(outcomes["who-called"], "call_readout")
    assert not call.joined
    (reason,) = call.reasons
    assert reason.startswith("different actor ids: person:cho-hyun+person:marco-rubio (cho-call)")
    assert "person:marco-rubio+person:wang-yi (wang-call)" in reason


def test_a_document_without_the_event_is_named(outcomes: dict[str, StoryOutcome]) -> None:
    call = _type(outcomes["missed-call"], "call_readout")
    assert call.gold == ("no-call-here", "call-here")
    assert call.predicted == ("call-here",)
    assert not call.joined
    assert call.reasons == ("no call_readout predicted in no-call-here",)


def test_deal_reports_with_one_period_meet(outcomes: dict[str, StoryOutcome]) -> None:
    deal = _type(outcomes["deal"], "cost_sharing_deal")
    assert deal.joined and deal.cluster_key is not None
    assert deal.cluster_key.endswith("#2031-2035")


def test_text_report_names_verdicts_and_reasons(outcomes: dict[str, StoryOutcome]) -> None:
    text = format_story_clusters(list(outcomes.values()))
    assert text.startswith("Stories with several documents: 7\n")
    assert "one cluster call_readout|person:marco-rubio+person:wang-yi#2025-10-27" in text
    assert "      no call_readout predicted in no-call-here\n" in text
    assert format_story_clusters([]) == "Stories: no story has two or more documents.\n"


def test_evaluate_clusters_option(tmp_path: Path) -> None:
    corpus = _write(tmp_path / "mini", _mini_corpus())
    result = CliRunner().invoke(main, ["evaluate", str(corpus), "--clusters"])
    assert result.exit_code == 0, result.output
    assert "Stories with several documents: 7" in result.output
    assert "different dates: 2025-10-27" in result.output
    plain = CliRunner().invoke(main, ["evaluate", str(corpus)])
    assert "Stories" not in plain.output
    as_json = CliRunner().invoke(main, ["evaluate", str(corpus), "--clusters", "--json"])
    payload = orjson.loads(as_json.output)
    stories = {s["story"]: s for s in payload["story_clusters"]}
    assert len(stories) == 7
    (call,) = [t for t in stories["rubio-wang"]["types"] if t["event_type"] == "call_readout"]
    assert call["one_cluster"] is True


# --- the shared dev corpora, read where they lie -----------------------------


def _corpus_sets() -> list[tuple[Path, ...]]:
    settings = get_settings()
    return [settings.corpus_dir, settings.corpus_ko_dir]


@pytest.mark.corpus
@pytest.mark.parametrize("which", [0, 1], ids=["dev", "dev-ko"])
def test_story_report_covers_every_story_of_several_documents(which: int) -> None:
    dirs = _corpus_sets()[which]
    missing = [d for d in dirs if not d.is_dir()]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"corpus not found at {missing}")
        pytest.skip(f"no labeled corpus at {missing}")
    docs = load_corpus(*dirs)
    by_story: dict[str, list[str]] = {}
    for doc in docs:
        if doc.story:
            by_story.setdefault(doc.story, []).append(doc.id)
    expected = {story: ids for story, ids in by_story.items() if len(ids) > 1}
    assert expected  # the corpus README: stories with two documents exist
    predictions = {doc.id: extract_events(doc_to_article(doc)) for doc in docs}
    outcomes = story_clusters(docs, predictions)
    assert {o.story: list(o.doc_ids) for o in outcomes} == expected
    labels = {doc.id: set(doc.labels.event_types) for doc in docs}
    label_of = {"call_readout": CALL, "cost_sharing_deal": DEAL, "statement": STATEMENT}
    for outcome in outcomes:
        types = {t.event_type: t for t in outcome.types}
        for event_type, label in label_of.items():
            # every document labeled with a type is accounted for under that type
            gold = tuple(i for i in outcome.doc_ids if label in labels[i])
            assert (types[event_type].gold if event_type in types else ()) == gold
        for t in outcome.types:
            assert set(t.gold_or_predicted) <= set(outcome.doc_ids)
            if len(t.gold_or_predicted) > 1 and not t.joined:
                assert t.reasons, (outcome.story, t)  # a split always says why
