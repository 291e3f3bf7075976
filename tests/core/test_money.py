"""Tests for streams.core.money: money amounts in wire-news text."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from streams.core import money
from streams.core.money import MoneyMention, find_money

Expected = list[tuple[str, float, str]]


def _found(text: str) -> Expected:
    return [(text[m.start : m.end], m.value, m.currency) for m in find_money(text)]


# (text, [(amount as written, value in whole units, ISO currency), ...]).
# Values are written out from the meaning of the text.
CASES: list[tuple[str, Expected]] = [
    # --- dollars, prefix symbol
    ("The deal is worth $1.06 billion.", [("$1.06 billion", 1_060_000_000.0, "USD")]),
    ("US$1.06 billion", [("US$1.06 billion", 1_060_000_000.0, "USD")]),
    ("US$ 10 bn", [("US$ 10 bn", 10_000_000_000.0, "USD")]),
    ("US$10bn", [("US$10bn", 10_000_000_000.0, "USD")]),
    ("a $1.6 billion package", [("$1.6 billion", 1_600_000_000.0, "USD")]),
    ("$38.67 billion", [("$38.67 billion", 38_670_000_000.0, "USD")]),
    ("$500,000", [("$500,000", 500_000.0, "USD")]),
    ("$2.5 million", [("$2.5 million", 2_500_000.0, "USD")]),
    ("shares closed at $1.14.", [("$1.14", 1.14, "USD")]),
    ("$5m", [("$5m", 5_000_000.0, "USD")]),
    ("$5M, $2B and $10K", [("$5M", 5e6, "USD"), ("$2B", 2e9, "USD"), ("$10K", 1e4, "USD")]),
    ("$5 more", [("$5", 5.0, "USD")]),
    ("$5 mln", [("$5 mln", 5_000_000.0, "USD")]),
    ("a $1.5-billion deal", [("$1.5-billion", 1_500_000_000.0, "USD")]),
    ("U.S.$20 million", [("U.S.$20 million", 20_000_000.0, "USD")]),
    ("USD 3.5 billion", [("USD 3.5 billion", 3_500_000_000.0, "USD")]),
    ("$1,000,000", [("$1,000,000", 1_000_000.0, "USD")]),
    # --- dollars, words after the number
    ("six billion dollars", [("six billion dollars", 6_000_000_000.0, "USD")]),
    ("Six billion dollars", [("Six billion dollars", 6_000_000_000.0, "USD")]),
    ("6.1 billion dollars", [("6.1 billion dollars", 6_100_000_000.0, "USD")]),
    ("27 million dollars", [("27 million dollars", 27_000_000.0, "USD")]),
    ("10 billion dollars", [("10 billion dollars", 10_000_000_000.0, "USD")]),
    ("10 billion U.S. dollars", [("10 billion U.S. dollars", 10_000_000_000.0, "USD")]),
    ("4 million US dollars", [("4 million US dollars", 4_000_000.0, "USD")]),
    ("7 billion American dollars", [("7 billion American dollars", 7e9, "USD")]),
    ("10 million USD", [("10 million USD", 10_000_000.0, "USD")]),
    ("a billion dollars", [("a billion dollars", 1_000_000_000.0, "USD")]),
    ("half a billion dollars", [("half a billion dollars", 500_000_000.0, "USD")]),
    ("twenty-five million euros", [("twenty-five million euros", 25_000_000.0, "EUR")]),
    ("five hundred million dollars", [("five hundred million dollars", 5e8, "USD")]),
    ("a hundred dollars", [("a hundred dollars", 100.0, "USD")]),
    ("thirty thousand dollars", [("thirty thousand dollars", 30_000.0, "USD")]),
    # --- other dollars
    ("A$2 billion", [("A$2 billion", 2_000_000_000.0, "AUD")]),
    ("C$750 million", [("C$750 million", 750_000_000.0, "CAD")]),
    ("NT$1.2 trillion", [("NT$1.2 trillion", 1_200_000_000_000.0, "TWD")]),
    ("HK$3bn", [("HK$3bn", 3_000_000_000.0, "HKD")]),
    ("S$40 million", [("S$40 million", 40_000_000.0, "SGD")]),
    ("2 billion Hong Kong dollars", [("2 billion Hong Kong dollars", 2e9, "HKD")]),
    # --- Korean won
    ("1.52 trillion won", [("1.52 trillion won", 1_520_000_000_000.0, "KRW")]),
    ("1.4 trillion won", [("1.4 trillion won", 1_400_000_000_000.0, "KRW")]),
    ("1,389.6 billion won", [("1,389.6 billion won", 1_389_600_000_000.0, "KRW")]),
    ("W1.52tn", [("W1.52tn", 1_520_000_000_000.0, "KRW")]),
    ("W1.52 trillion", [("W1.52 trillion", 1_520_000_000_000.0, "KRW")]),
    ("₩1.52 trillion", [("₩1.52 trillion", 1_520_000_000_000.0, "KRW")]),
    ("KRW 1.5 trillion", [("KRW 1.5 trillion", 1_500_000_000_000.0, "KRW")]),
    ("1.5 trillion Korean won", [("1.5 trillion Korean won", 1.5e12, "KRW")]),
    ("3 trillion South Korean won", [("3 trillion South Korean won", 3e12, "KRW")]),
    ("closed at 1,423.3 won per dollar", [("1,423.3 won", 1423.3, "KRW")]),
    ("W1,423.3", [("W1,423.3", 1423.3, "KRW")]),
    ("a 1.5-trillion-won budget", [("1.5-trillion-won", 1_500_000_000_000.0, "KRW")]),
    ("a 1,000-won coin", [("1,000-won", 1000.0, "KRW")]),
    ("5 trillion Won", [("5 trillion Won", 5_000_000_000_000.0, "KRW")]),
    ("3,000원", [("3,000원", 3000.0, "KRW")]),
    # --- yen
    ("¥211 billion", [("¥211 billion", 211_000_000_000.0, "JPY")]),
    ("¥946.5 billion", [("¥946.5 billion", 946_500_000_000.0, "JPY")]),
    ("25.3 billion yen", [("25.3 billion yen", 25_300_000_000.0, "JPY")]),
    ("800 billion Japanese yen", [("800 billion Japanese yen", 800_000_000_000.0, "JPY")]),
    # --- euros, pounds, yuan, rupees, rubles, francs
    ("€258.9 million", [("€258.9 million", 258_900_000.0, "EUR")]),
    ("€1.61 billion", [("€1.61 billion", 1_610_000_000.0, "EUR")]),
    ("5 million euros", [("5 million euros", 5_000_000.0, "EUR")]),
    ("a 2 billion euro loan", [("2 billion euro", 2_000_000_000.0, "EUR")]),
    ("£3.2m", [("£3.2m", 3_200_000.0, "GBP")]),
    ("40 million pounds", [("40 million pounds", 40_000_000.0, "GBP")]),
    ("40 million pounds sterling", [("40 million pounds sterling", 40_000_000.0, "GBP")]),
    ("3 billion yuan", [("3 billion yuan", 3_000_000_000.0, "CNY")]),
    ("RMB 5 billion", [("RMB 5 billion", 5_000_000_000.0, "CNY")]),
    ("100元", [("100元", 100.0, "CNY")]),
    ("Rs 500 crore", [("Rs 500 crore", 5_000_000_000.0, "INR")]),
    ("Rs. 20 lakh", [("Rs. 20 lakh", 2_000_000.0, "INR")]),
    ("Rs 1.5 lakh crore", [("Rs 1.5 lakh crore", 1_500_000_000_000.0, "INR")]),
    ("₹1,50,000", [("₹1,50,000", 150_000.0, "INR")]),
    ("500 crore rupees", [("500 crore rupees", 5_000_000_000.0, "INR")]),
    ("100 million rubles", [("100 million rubles", 100_000_000.0, "RUB")]),
    ("100 million roubles", [("100 million roubles", 100_000_000.0, "RUB")]),
    ("CHF 2.3 billion", [("CHF 2.3 billion", 2_300_000_000.0, "CHF")]),
    ("9 million Swiss francs", [("9 million Swiss francs", 9_000_000.0, "CHF")]),
    # --- forms of wire and broadcast copy on cost-sharing deals
    ("EUR 2,604.7 million", [("EUR 2,604.7 million", 2_604_700_000.0, "EUR")]),
    ("€1.56Bn", [("€1.56Bn", 1_560_000_000.0, "EUR")]),
    ("€521m and €1.9bn", [("€521m", 521_000_000.0, "EUR"), ("€1.9bn", 1.9e9, "EUR")]),
    ("2.41 billion euros", [("2.41 billion euros", 2_410_000_000.0, "EUR")]),
    ("W1,547.3bn", [("W1,547.3bn", 1_547_300_000_000.0, "KRW")]),
    ("W291.4 billion", [("W291.4 billion", 291_400_000_000.0, "KRW")]),
    ("US$1.12bn", [("US$1.12bn", 1_120_000_000.0, "USD")]),
    ("¥1.05tn", [("¥1.05tn", 1_050_000_000_000.0, "JPY")]),
    ("1.0412 trillion won", [("1.0412 trillion won", 1_041_200_000_000.0, "KRW")]),
    ("1,055.1 billion yen", [("1,055.1 billion yen", 1_055_100_000_000.0, "JPY")]),
    ("1.1275 tril. yen", [("1.1275 tril. yen", 1_127_500_000_000.0, "JPY")]),
    ("1.1 tril yen", [("1.1 tril yen", 1_100_000_000_000.0, "JPY")]),
    ("5 bil. won", [("5 bil. won", 5_000_000_000.0, "KRW")]),
    ("3 bil won", [("3 bil won", 3_000_000_000.0, "KRW")]),
    ("1.5 trln rubles", [("1.5 trln rubles", 1_500_000_000_000.0, "RUB")]),
    (
        "Seoul pays one-point-five-six trillion won",
        [("one-point-five-six trillion won", 1_560_000_000_000.0, "KRW")],
    ),
    (
        "one-point-zero-four-one trillion won",
        [("one-point-zero-four-one trillion won", 1_041_000_000_000.0, "KRW")],
    ),
    (
        "one-point-one billion U.S. dollars",
        [("one-point-one billion U.S. dollars", 1_100_000_000.0, "USD")],
    ),
    ("two point oh five billion dollars", [("two point oh five billion dollars", 2.05e9, "USD")]),
    (
        "about nine-hundred-26 million U.S. dollars",
        [("nine-hundred-26 million U.S. dollars", 926_000_000.0, "USD")],
    ),
    (
        "nine hundred and 26 million dollars",
        [("nine hundred and 26 million dollars", 9.26e8, "USD")],
    ),
    ("1-point-5 trillion won", [("1-point-5 trillion won", 1_500_000_000_000.0, "KRW")]),
    ("$1-point-09 billion", [("$1-point-09 billion", 1_090_000_000.0, "USD")]),
    ("the 28-thousand-500 troops", []),
    ("a 12-point plan", []),
    ("a hundred-point lead", []),
    # --- several in one sentence
    (
        "Revenue rose to $38.67 billion from 1.4 trillion won, or €1.61 billion.",
        [
            ("$38.67 billion", 38_670_000_000.0, "USD"),
            ("1.4 trillion won", 1_400_000_000_000.0, "KRW"),
            ("€1.61 billion", 1_610_000_000.0, "EUR"),
        ],
    ),
    # --- bracketed conversions (equivalent_of checked separately)
    (
        "1.52 trillion won ($1.06 billion) next year",
        [
            ("1.52 trillion won", 1_520_000_000_000.0, "KRW"),
            ("$1.06 billion", 1_060_000_000.0, "USD"),
        ],
    ),
    # --- not money
    ("Inflation was 5 percent.", []),
    ("the 2026-2030 plan", []),
    ("a 28,500-strong force", []),
    ("spending of 1.52 trillion", []),
    ("Seoul won 3 medals", []),
    ("he won the election", []),
    ("Obama, who in 2008 won the presidency", []),
    ("in 2010 dollars", []),
    ("No one won the lottery", []),
    ("W alone", []),
    ("Samsung W23 phone", []),
    ("In 2024, exports grew", []),
    ("billion billion", []),
    ("$$$$", []),
    ("5 wonders", []),
    ("Z$100", []),
    ("PHP 7 was released", []),
    ("a 10-20 million range", []),
    # Range with a shared scale: the bare low end must not be read as $10.
    ("$10-20 million", []),
    ("$10-$20 million", [("$20 million", 20_000_000.0, "USD")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_find_money(text: str, expected: Expected) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected_equivalents"),
    [
        ("1.52 trillion won ($1.06 billion) next year", [None, 0]),
        ("25.3 billion yen (253 million dollars)", [None, 0]),
        ("$10 million (about 13 billion won)", [None, 0]),
        ("$10 million (or about 13 billion won)", [None, 0]),
        ("₩1.5tn (US$1.1bn)", [None, 0]),
        ("€258.9 million ( roughly $280 million )", [None, 0]),
        # Not bracketed: a second amount, not a conversion.
        ("1.52 trillion won, or $1.06 billion", [None, None]),
        ("1.52 trillion won and $1.06 billion", [None, None]),
        # Same currency in brackets is a breakdown, not a conversion.
        ("$10 million ($4 million in cash)", [None, None]),
        # Other words before the bracketed amount.
        ("$10 million (including 13 billion won)", [None, None]),
        # A conversion is not itself converted again.
        ("1 trillion won ($700 million) (€650 million)", [None, 0, None]),
        # Two independent pairs.
        (
            "1.52 trillion won ($1.06 billion) and 25.3 billion yen (253 million dollars)",
            [None, 0, None, 2],
        ),
    ],
)
def test_equivalent_of(text: str, expected_equivalents: list[int | None]) -> None:
    assert [m.equivalent_of for m in find_money(text)] == expected_equivalents


def test_offsets_point_into_text() -> None:
    text = "Seoul said on Monday it will pay 1.52 trillion won ($1.06 billion) next year."
    first, second = find_money(text)
    assert first == MoneyMention(33, 50, 1_520_000_000_000.0, "KRW", None)
    assert second == MoneyMention(52, 65, 1_060_000_000.0, "USD", 0)
    assert text[first.start : first.end] == "1.52 trillion won"
    assert text[second.start : second.end] == "$1.06 billion"


def test_exact_decimal_values() -> None:
    # Computed with Decimal, so no binary-float drift from 1.52 * 1e12 etc.
    values = [m.value for m in find_money("1.52 trillion won, ¥946.5 billion, $0.1 billion")]
    assert values == [1520000000000.0, 946500000000.0, 100000000.0]


def test_mention_is_frozen() -> None:
    (mention,) = find_money("$5")
    with pytest.raises(AttributeError):
        mention.value = 6.0  # type: ignore[misc]


def test_results_in_order_of_position() -> None:
    text = "$1 and 2 won and €3 and four million yen and £5m"
    starts = [m.start for m in find_money(text)]
    assert len(starts) == 5
    assert starts == sorted(starts)


MIB = 1 << 20


def _adversarial_inputs() -> list[str]:
    patterns = [
        "1",
        "1,",
        "1.",
        "$",
        "$1",
        "$1,",
        "US$",
        "W1",
        "1 ",
        "1 b",
        "1-",
        "billion ",
        "1 billion ",
        "a ",
        "twenty-",
        "half a ",
        "$1-",
        " (",
        "1,00",
        "₩",
        "  ",
    ]
    inputs = [(p * (MIB // len(p) + 1))[:MIB] for p in patterns]
    inputs.append("$" + "1" * MIB)
    inputs.append("1" * MIB + " billion won")
    inputs.append("$1" + " " * MIB + "billion")
    inputs.append("1.52 trillion won ($1.06 billion) " * (MIB // 34))
    return inputs


def test_adversarial_inputs_are_linear() -> None:
    # No timing assertion here; the regex has no unbounded or nested quantifiers, and each of
    # these 1 MiB inputs scans in a fraction of a second.
    for text in _adversarial_inputs():
        result = find_money(text)
        assert isinstance(result, list)
        for mention in result:
            assert 0 <= mention.start < mention.end <= len(text)


# Text assembled from money-like pieces, so the generated inputs actually reach the parser.
_MONEYISH = st.lists(
    st.sampled_from(
        [
            *"0123456789,. -()$€£¥₩元Wwonbmkt",
            *("US$", "billion", "million", "trillion", "won", "dollars", "yen", "Rs", "crore"),
            *("a", "half", "six", "hundred", "about", "\n", "ſ", "K", "İ"),
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=200), _MONEYISH))
def test_never_raises(text: str) -> None:
    mentions = find_money(text)
    previous_end = 0
    for index, mention in enumerate(mentions):
        assert text[mention.start : mention.end]
        assert mention.value >= 0
        assert mention.value != float("inf")
        assert mention.start >= previous_end
        assert mention.equivalent_of is None or 0 <= mention.equivalent_of < index
        previous_end = mention.end


_WORD = st.sampled_from(["a", "an", "half a", "seventy", "seventeen", "seventy-seventeen"])
# Amounts in words as long as the pattern allows, and prefixes, amid filler.
_LONG_AMOUNTS = st.lists(
    st.one_of(
        st.tuples(_WORD, st.sampled_from([" hundred ", " hundred and "]), _WORD).map(" ".join),
        _WORD,
        st.sampled_from([" ", "  ", "-", " billion", " Trillion ", " dollars", " won", " x" * 40]),
        st.sampled_from(["U.S. $", "U.S. $ ", "NT$", "W", "1", "1,000", "2.5", "bn", "yuan"]),
        st.sampled_from(["-point-seven-seven-seven-seven", " point oh", "-hundred-27", "1-point-"]),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=200), _MONEYISH, _LONG_AMOUNTS))
@example("It costs seventy-seventeen hundred and seventy-seventeen billion dollars.")
@example("seventy-seven  billion dollars, half a million yuan, U.S. $ 5 billion")
@example("x seventy-seventeen-point-seven-seven-seven-seven trillion won, nine-hundred-26 million")
def test_anchored_scan_finds_what_a_full_scan_finds(text: str) -> None:
    # find_money runs its regex only near digits and scale words; a full
    # finditer over the text must see exactly the same matches.
    full = [m.span() for m in money._MONEY_RE.finditer(text) if money._parse(m, text)]
    assert [(m.start, m.end) for m in find_money(text)] == full


def test_a_number_with_two_decimal_points_never_raises() -> None:
    # Found by hypothesis: "-point-" followed by a written decimal made "0.0.0".
    mentions = find_money("0-point-0.0 DOLLAR")
    assert all(m.value >= 0 for m in mentions)
