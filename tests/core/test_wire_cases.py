"""Generalization check of the extraction core on invented wire articles.

The articles and their expected events live in tests/support/wire_cases.py
and were written by hand from the labeling rules of the dev corpus README, not
from the extractor's output. The matching rules mirror the corpus evaluation:

- event types: the set of predicted event types equals the expected set;
- calls: each expected call is covered by one predicted call, i.e. every
  expected surname occurs (ignoring case, as a whole word) in the name of one of
  that call's participants; occurred_on / medium / announced_by, when given,
  must hold for a covering call;
- deals: every expected amount is in a predicted deal (same currency, value
  within 0.5 %, same role when one is given); parties and period likewise;
- statements: every expected speaker occurs (ignoring case) in the name or
  organization of a predicted statement's speaker.

`test_evaluation_summary` prints document-level precision/recall/F1 per event
type over all the cases (run with ``-s`` to see it) and requires F1 >= 0.9.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any

import pytest

from schemas import CallReadout, CostSharingDeal, Statement, parse_event
from streams.core import extract_events
from tests.support.wire_cases import WIRE_CASES, case_article

Event = CallReadout | CostSharingDeal | Statement
Case = dict[str, Any]

EVENT_TYPES = ("call_readout", "cost_sharing_deal", "statement")
AMOUNT_TOLERANCE = 0.005  # relative
MIN_F1 = 0.9
CASES_BY_ID: dict[str, Case] = {case["id"]: case for case in WIRE_CASES}

# Spellings of the same party that a normalizer may legitimately choose.
_PARTY_ALIASES: dict[str, tuple[str, ...]] = {
    "united states": ("united states", "us", "usa", "united states of america", "america"),
    "south korea": ("south korea", "republic of korea", "rok", "korea"),
    "japan": ("japan",),
    "nato": ("nato", "nato allies", "north atlantic treaty organization", "allies"),
}


def _cases_with(key: str) -> list[Any]:
    return [pytest.param(case, id=case["id"]) for case in WIRE_CASES if case["expected"].get(key)]


ALL_CASES = [pytest.param(case, id=case["id"]) for case in WIRE_CASES]


@cache
def _events(case_id: str) -> tuple[Event, ...]:
    return tuple(extract_events(case_article(CASES_BY_ID[case_id])))


def _of_type(case: Case, kind: type[Event]) -> list[Any]:
    return [e for e in _events(case["id"]) if isinstance(e, kind)]


def _describe(case: Case) -> str:
    """A compact view of the predicted events, for assertion messages."""
    lines = []
    for e in _events(case["id"]):
        if isinstance(e, CallReadout):
            names = [p.name for p in e.participants]
            by = e.announced_by.name if e.announced_by else None
            detail = f"{names} on={e.occurred_on} medium={e.medium} by={by}"
        elif isinstance(e, CostSharingDeal):
            amounts = [(m.value, m.currency, m.role) for m in e.amounts]
            detail = f"parties={e.parties} period={e.period} amounts={amounts}"
        else:
            detail = f"speaker={e.speaker.name!r} org={e.speaker.organization!r}"
        lines.append(f"  {e.event_type}: {detail}")
    return "predicted:\n" + ("\n".join(lines) if lines else "  (nothing)")


# ---------------------------------------------------------------- matching


def _word_in(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def _covers(call: CallReadout, surnames: Sequence[str]) -> bool:
    return all(any(_word_in(s, p.name) for p in call.participants) for s in surnames)


def _covering_calls(case: Case, expected_call: dict[str, Any]) -> list[CallReadout]:
    return [c for c in _of_type(case, CallReadout) if _covers(c, expected_call["participants"])]


def _call_attribute_checks(expected_call: dict[str, Any]) -> dict[str, Callable[[Any], bool]]:
    checks: dict[str, Callable[[Any], bool]] = {}
    if "occurred_on" in expected_call:
        day = date.fromisoformat(expected_call["occurred_on"])
        checks["occurred_on"] = lambda c: c.occurred_on == day
    if "medium" in expected_call:
        medium = expected_call["medium"]
        checks["medium"] = lambda c: c.medium == medium
    if "announced_by" in expected_call:
        surname = expected_call["announced_by"]
        checks["announced_by"] = lambda c: (
            c.announced_by is not None and _word_in(surname, c.announced_by.name)
        )
    return checks


def _amount_found(case: Case, value: float, currency: str, role: str | None) -> bool:
    for deal in _of_type(case, CostSharingDeal):
        for money in deal.amounts:
            close = abs(money.value - value) <= AMOUNT_TOLERANCE * value
            if close and money.currency == currency and (role is None or money.role == role):
                return True
    return False


def _norm_party(party: str) -> str:
    party = party.lower().replace(".", "").strip()
    return party.removeprefix("the ").strip()


def _party_found(case: Case, party: str) -> bool:
    wanted = _norm_party(party)
    spellings = _PARTY_ALIASES.get(wanted, (wanted,))
    for deal in _of_type(case, CostSharingDeal):
        for predicted in map(_norm_party, deal.parties):
            if predicted in spellings or any(_word_in(s, predicted) for s in spellings):
                return True
    return False


def _speaker_found(case: Case, speaker: str) -> bool:
    needle = speaker.lower()
    for st in _of_type(case, Statement):
        haystacks = (st.speaker.name, st.speaker.organization or "")
        if any(needle in h.lower() for h in haystacks):
            return True
    return False


# ---------------------------------------------------------------- per-case tests


@pytest.mark.parametrize("case", ALL_CASES)
def test_event_types(case: Case) -> None:
    predicted = {e.event_type for e in _events(case["id"])}
    expected = set(case["expected"]["types"])
    assert predicted == expected, f"{case['note']}\n{_describe(case)}"


@pytest.mark.parametrize("case", ALL_CASES)
def test_evidence_slices_back_to_body(case: Case) -> None:
    for e in _events(case["id"]):
        parse_event(e.model_dump(mode="json"), body=case["body"])


@pytest.mark.parametrize("case", _cases_with("calls"))
def test_call_participants_and_attributes(case: Case) -> None:
    problems = []
    for expected_call in case["expected"]["calls"]:
        covering = _covering_calls(case, expected_call)
        if not covering:
            problems.append(f"no call covers {expected_call['participants']}")
            continue
        for attribute, check in _call_attribute_checks(expected_call).items():
            if not any(check(c) for c in covering):
                problems.append(
                    f"{expected_call['participants']}: {attribute} should be "
                    f"{expected_call[attribute]!r}"
                )
    assert not problems, f"{problems}\n{_describe(case)}"


@pytest.mark.parametrize(
    "case",
    [p for p in _cases_with("calls") if len(p.values[0]["expected"]["calls"]) > 1],
)
def test_separate_calls_are_separate_events(case: Case) -> None:
    expected_calls = case["expected"]["calls"]
    predicted = _of_type(case, CallReadout)
    assignable = any(
        all(
            _covers(call, exp["participants"])
            for call, exp in zip(order, expected_calls, strict=True)
        )
        for order in itertools.permutations(predicted, len(expected_calls))
    )
    assert assignable, f"each call needs its own event\n{_describe(case)}"


@pytest.mark.parametrize("case", _cases_with("deal"))
def test_deal_amounts(case: Case) -> None:
    missing = [
        (value, currency, role)
        for value, currency, role in case["expected"]["deal"]["amounts"]
        if not _amount_found(case, value, currency, role)
    ]
    assert not missing, f"missing amounts {missing}\n{_describe(case)}"


@pytest.mark.parametrize("case", _cases_with("deal"))
def test_deal_parties_and_period(case: Case) -> None:
    deal = case["expected"]["deal"]
    missing = [p for p in deal["parties"] if not _party_found(case, p)]
    assert not missing, f"missing parties {missing}\n{_describe(case)}"
    if "period" in deal:
        start, end = deal["period"]
        periods = [
            (d.period.start_year, d.period.end_year)
            for d in _of_type(case, CostSharingDeal)
            if d.period is not None
        ]
        assert (start, end) in periods, f"period should be {start}-{end}\n{_describe(case)}"


@pytest.mark.parametrize("case", _cases_with("speakers"))
def test_statement_speakers(case: Case) -> None:
    missing = [s for s in case["expected"]["speakers"] if not _speaker_found(case, s)]
    assert not missing, f"missing speakers {missing}\n{_describe(case)}"


# ---------------------------------------------------------------- evaluation


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def test_evaluation_summary() -> None:
    counts = {t: [0, 0, 0] for t in EVENT_TYPES}  # tp, fp, fn
    found = {"calls": [0, 0], "call attributes": [0, 0], "amounts": [0, 0], "speakers": [0, 0]}
    for case in WIRE_CASES:
        expected = case["expected"]
        predicted = {e.event_type for e in _events(case["id"])}
        for t in EVENT_TYPES:
            gold, pred = t in expected["types"], t in predicted
            counts[t][0] += gold and pred
            counts[t][1] += pred and not gold
            counts[t][2] += gold and not pred
        for expected_call in expected.get("calls", []):
            covering = _covering_calls(case, expected_call)
            found["calls"][0] += bool(covering)
            found["calls"][1] += 1
            for check in _call_attribute_checks(expected_call).values():
                found["call attributes"][0] += any(check(c) for c in covering)
                found["call attributes"][1] += 1
        for value, currency, role in expected.get("deal", {}).get("amounts", []):
            found["amounts"][0] += _amount_found(case, value, currency, role)
            found["amounts"][1] += 1
        for speaker in expected.get("speakers", []):
            found["speakers"][0] += _speaker_found(case, speaker)
            found["speakers"][1] += 1

    lines = [f"wire cases: {len(WIRE_CASES)} articles"]
    lines.append(f"{'type':<18}{'tp':>4}{'fp':>4}{'fn':>4}{'P':>7}{'R':>7}{'F1':>7}")
    f1s = {}
    for t, (tp, fp, fn) in counts.items():
        p, r, f1s[t] = _prf(tp, fp, fn)
        lines.append(f"{t:<18}{tp:>4}{fp:>4}{fn:>4}{p:>7.2f}{r:>7.2f}{f1s[t]:>7.2f}")
    for name, (hit, total) in found.items():
        lines.append(f"{name} recall: {hit}/{total}")
    report = "\n".join(lines)
    print("\n" + report)
    low = {t: round(f1, 3) for t, f1 in f1s.items() if f1 < MIN_F1}
    assert not low, f"F1 below {MIN_F1}: {low}\n{report}"
