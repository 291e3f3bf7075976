"""Money in Korean notation: 1조5192억원, 9천602억 원, 10억6000만 달러, 8,695억 원.

Korean groups numbers by myriads: 조 = 10^12, 억 = 10^8, 만 = 10^4, and inside each group
천 = 1000 and 백 = 100 may stand for digits (9천602 = 9602). A percentage ("13.9% 인상")
is a rate, never an amount.
"""

from __future__ import annotations

import re

from streams.core.money import MoneyMention

_BIG_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL_UNITS = {"천": 1000, "백": 100, "십": 10}
CURRENCIES: dict[str, str] = {
    "원": "KRW",
    "달러": "USD",
    "불": "USD",
    "엔": "JPY",
    "유로": "EUR",
    "위안": "CNY",
    "파운드": "GBP",
}
# One myriad group: digits, optionally "천"/"백" followed by more digits ("9천602", "3천").
_GROUP = r"\d[\d,]*(?:\.\d+)?(?:\s?[천백십](?:\s?\d[\d,]*)?)?"
_AMOUNT = re.compile(
    rf"(?<![\d.,])(?P<num>(?:{_GROUP}\s?[조억만]\s?)*{_GROUP}(?:\s?[조억만])?)"
    r"\s?(?P<cur>원|달러|엔|유로|위안|파운드)(?![가-힣]?(?:칙|인|장|전|자력|료|래|격|본|리|만|룸))"
)


def _group_value(text: str) -> float:
    """The value of one myriad group: "9천602" -> 9602, "1,000" -> 1000, "3천" -> 3000."""
    text = text.replace(" ", "")
    value = 0.0
    pending: float | None = None
    for number, unit in re.findall(r"(\d[\d,]*(?:\.\d+)?)|([천백십])", text):
        if number:
            pending = float(number.replace(",", ""))
        else:
            value += (pending if pending is not None else 1.0) * _SMALL_UNITS[unit]
            pending = None
    return value + (pending or 0.0)


def parse_korean_number(text: str) -> float:
    """The value of a Korean-notation number ("1조5192억" -> 1519200000000)."""
    total = 0.0
    for group, unit in re.findall(r"([\d,.\s천백십]*?)\s?([조억만])", text):
        total += (_group_value(group) if group.strip() else 1.0) * _BIG_UNITS[unit]
    tail = re.sub(r".*[조억만]", "", text)
    if tail.strip():
        total += _group_value(tail)
    return total


def find_money(text: str) -> list[MoneyMention]:
    """Every amount of money in `text`, in order, with offsets into `text`."""
    out: list[MoneyMention] = []
    for match in _AMOUNT.finditer(text):
        number, currency = match["num"], match["cur"]
        value = parse_korean_number(number)
        if value <= 0:
            continue
        out.append(MoneyMention(match.start(), match.end(), value, CURRENCIES[currency]))
    return out
