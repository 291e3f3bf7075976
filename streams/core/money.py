"""Money amounts in wire-news text: "$1.06 billion", "1.52 trillion won", "₩1.5tn (US$1.1bn)".

The text is expected to be NFKC-normalized already (fullwidth forms folded to ASCII, dashes
folded to "-"). Matching is done by one regex compiled at import time. It has no unbounded
quantifiers, so a scan is linear in the length of the text even on adversarial input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Final, NamedTuple, TypeAlias

from streams.core.prefilter import Prefiltered

# --------------------------------------------------------------------------------------------
# Data tables
# --------------------------------------------------------------------------------------------

# ISO 4217 codes recognised as written, before ("KRW 1.5 trillion") or after ("10m USD") a number.
# Codes that are also common words or product names (PHP, TRY, SAR) are left out on purpose.
ISO_CODES: Final[tuple[str, ...]] = (
    "AUD",
    "BRL",
    "CAD",
    "CHF",
    "CNY",
    "EUR",
    "GBP",
    "HKD",
    "IDR",
    "INR",
    "JPY",
    "KRW",
    "MXN",
    "NZD",
    "RUB",
    "SGD",
    "THB",
    "TWD",
    "USD",
    "VND",
    "ZAR",
)

# Symbols and abbreviations written directly before the number (case-sensitive, matched as is).
# "W" (Korean won, as in "W1.52tn") is handled separately: it must touch the number.
PREFIX_CURRENCIES: Final[dict[str, str]] = {
    "$": "USD",
    "US$": "USD",
    "US $": "USD",
    "U.S.$": "USD",
    "U.S. $": "USD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "NT$": "TWD",
    "HK$": "HKD",
    "S$": "SGD",
    "NZ$": "NZD",
    "R$": "BRL",
    "MX$": "MXN",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "JP¥": "JPY",
    "CN¥": "CNY",
    "RMB": "CNY",
    "Rmb": "CNY",
    "₩": "KRW",
    "₹": "INR",
    "Rs": "INR",
    "Rs.": "INR",
    "₽": "RUB",
    "₺": "TRY",
    "SFr": "CHF",
    **{code: code for code in ISO_CODES},
}

# Korean won written as a bare "W" glued to the number ("W1.52tn", "W1,423.3").
W_PREFIX_CURRENCY: Final[str] = "KRW"

# Currency words written after the number (matched case-insensitively; keys are lower case
# with single spaces, any run of one or two whitespace characters matches a space).
SUFFIX_CURRENCIES: Final[dict[str, str]] = {
    "won": "KRW",
    "korean won": "KRW",
    "south korean won": "KRW",
    "yen": "JPY",
    "japanese yen": "JPY",
    "dollar": "USD",
    "dollars": "USD",
    "us dollar": "USD",
    "us dollars": "USD",
    "u.s. dollar": "USD",
    "u.s. dollars": "USD",
    "american dollars": "USD",
    "australian dollars": "AUD",
    "canadian dollars": "CAD",
    "hong kong dollars": "HKD",
    "singapore dollars": "SGD",
    "new zealand dollars": "NZD",
    "taiwan dollars": "TWD",
    "taiwanese dollars": "TWD",
    "new taiwan dollars": "TWD",
    "euro": "EUR",
    "euros": "EUR",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "british pounds": "GBP",
    "sterling": "GBP",
    "yuan": "CNY",
    "chinese yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "rupees": "INR",
    "indian rupees": "INR",
    "ruble": "RUB",
    "rubles": "RUB",
    "rouble": "RUB",
    "roubles": "RUB",
    "russian rubles": "RUB",
    "russian roubles": "RUB",
    "swiss francs": "CHF",
    "francs": "CHF",
    "baht": "THB",
    "dong": "VND",
    "rupiah": "IDR",
    "元": "CNY",
    "円": "JPY",
    "원": "KRW",
}

# Currency signs that may follow the number with no space at all ("100元").
GLUED_SUFFIXES: Final[str] = "元円원"

# Scale words and abbreviations after a number (keys lower case; matched case-insensitively).
MULTIPLIERS: Final[dict[str, Decimal]] = {
    "thousand": Decimal("1E3"),
    "k": Decimal("1E3"),
    "lakh": Decimal("1E5"),
    "lakhs": Decimal("1E5"),
    "million": Decimal("1E6"),
    "m": Decimal("1E6"),
    "mn": Decimal("1E6"),
    "mln": Decimal("1E6"),
    "crore": Decimal("1E7"),
    "crores": Decimal("1E7"),
    "cr": Decimal("1E7"),
    "billion": Decimal("1E9"),
    "b": Decimal("1E9"),
    "bn": Decimal("1E9"),
    "bln": Decimal("1E9"),
    # headline abbreviations of agencies ("1.12 tril. yen", "5 bil. won", "1.5 trln rubles")
    "bil": Decimal("1E9"),
    "bil.": Decimal("1E9"),
    "trillion": Decimal("1E12"),
    "tn": Decimal("1E12"),
    "trn": Decimal("1E12"),
    "tr": Decimal("1E12"),
    "trln": Decimal("1E12"),
    "tril": Decimal("1E12"),
    "tril.": Decimal("1E12"),
    "lakh crore": Decimal("1E12"),
}

# Multipliers that only count when glued to the number ("$5m", "£3.2m"): never "$5 more".
GLUED_ONLY_MULTIPLIERS: Final[frozenset[str]] = frozenset({"k", "m", "b"})

# Scale words that may follow a number written in words ("six billion dollars").
WORD_SCALES: Final[dict[str, Decimal]] = {
    "hundred": Decimal(100),
    "thousand": Decimal("1E3"),
    "lakh": Decimal("1E5"),
    "million": Decimal("1E6"),
    "crore": Decimal("1E7"),
    "billion": Decimal("1E9"),
    "trillion": Decimal("1E12"),
}

WORD_UNITS: Final[dict[str, int]] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}

# Digits read out one by one after "point" in broadcast copy ("one-point-five-six trillion").
WORD_DIGITS: Final[dict[str, int]] = {
    "zero": 0,
    "oh": 0,
    **{word: value for word, value in WORD_UNITS.items() if value < 10},
}

WORD_TENS: Final[dict[str, int]] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

# Hedges allowed between the opening parenthesis and a converted amount: "(about $1bn)".
EQUIVALENT_HEDGES: Final[tuple[str, ...]] = (
    "about",
    "around",
    "approximately",
    "approx.",
    "approx",
    "roughly",
    "some",
    "nearly",
    "almost",
    "over",
    "under",
    "just over",
    "just under",
    "more than",
    "less than",
    "an estimated",
    "estimated",
    "circa",
    "c.",
    "~",
    "equivalent to",
    "equal to",
    "worth",
)

# --------------------------------------------------------------------------------------------
# Regex
# --------------------------------------------------------------------------------------------

_SPACE: Final = r"\s{1,2}"


_Trie: TypeAlias = dict[str, "_Trie"]


def _alternation(keys: Iterable[str], *, flexible_space: bool) -> str:
    """Regex matching any of `keys`, longest first, as a trie (a failed branch costs one char)."""
    trie: _Trie = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie, flexible_space=flexible_space)


def _trie_regex(node: _Trie, *, flexible_space: bool) -> str:
    """Regex for the keys below `node`; a space matches 1-2 blanks when `flexible_space`."""
    branches = [
        (_SPACE if flexible_space and char == " " else re.escape(char))
        + _trie_regex(child, flexible_space=flexible_space)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    if "" in node:
        return f"(?:{'|'.join(branches)})?"
    if len(branches) == 1:
        return branches[0]
    return f"(?:{'|'.join(branches)})"


# A number as written: 1,389.6 / 1,50,000 (Indian grouping) / 1423.3 / 1-point-5. Bounded
# digit runs, and it may not be followed by more digits, so "1,1,1,..." or a megabyte of
# digits fails fast.
_NUMBER: Final = (
    r"(?:[0-9]{1,3}-point-[0-9]{1,6}"  # broadcast copy: "1-point-5 trillion won"
    r"|[0-9]{1,3}(?:,[0-9]{3}){1,6}"
    r"|[0-9]{1,2}(?:,[0-9]{2}){1,6},[0-9]{3}"
    r"|[0-9]{1,15})"
    r"(?:\.[0-9]{1,12})?"
    r"(?![0-9]|[.,][0-9])"
)

_ALL_MULT: Final = _alternation(tuple(MULTIPLIERS), flexible_space=True)
_SPACED_MULT: Final = _alternation(
    tuple(k for k in MULTIPLIERS if k not in GLUED_ONLY_MULTIPLIERS), flexible_space=True
)


def _multiplier_group(prefix: str) -> str:
    """Optional multiplier after a number: glued ("5bn", "3.2m") or after a space/hyphen."""
    return (
        rf"(?:(?:(?P<{prefix}_glued>(?i:{_ALL_MULT}))"
        rf"|(?:{_SPACE}|-)(?P<{prefix}_spaced>(?i:{_SPACED_MULT})))"
        r"(?![A-Za-z]))"
    )


_SUFFIX_CURRENCY: Final = (
    rf"(?i:{_alternation(tuple(SUFFIX_CURRENCIES), flexible_space=True)})"
    rf"|{_alternation(ISO_CODES, flexible_space=False)}"
)
_BEFORE_SUFFIX: Final = rf"(?:{_SPACE}|-|(?=[{GLUED_SUFFIXES}]))"

_WORD_BASE: Final = (
    rf"(?:(?:{_alternation(tuple(WORD_TENS), flexible_space=False)})"
    rf"(?:[ -](?:{_alternation(tuple(WORD_UNITS), flexible_space=False)}))?"
    rf"|{_alternation(tuple(WORD_UNITS), flexible_space=False)})"
)
# Broadcast copy spells numbers half in words: "nine-hundred-26 million", "one-point-five-six
# trillion"; the digits after "hundred" and the read-out decimals are bounded, so is the match.
_WORD_NUMBER: Final = (
    r"(?:half\s(?:a|an)"
    rf"|(?:an?|{_WORD_BASE})"
    rf"(?:[\s-]hundred(?:[\s-](?:and\s)?(?:{_WORD_BASE}|[0-9]{{1,2}}(?![0-9.,])))?)?"
    rf"(?:[\s-]point(?:[\s-](?:{_alternation(tuple(WORD_DIGITS), flexible_space=False)})){{1,4}})?)"
)

_PREFIX_FORM: Final = (
    r"(?<![A-Za-z0-9])"
    rf"(?:(?P<p_cur>{_alternation(tuple(PREFIX_CURRENCIES), flexible_space=False)})[ \t]?"
    r"|(?P<p_w>W))"
    rf"(?P<p_num>{_NUMBER})"
    rf"{_multiplier_group('p')}?"
)
_SUFFIX_FORM: Final = (
    r"(?<![\w.,])"
    rf"(?P<s_num>{_NUMBER})"
    rf"{_multiplier_group('s')}?"
    rf"{_BEFORE_SUFFIX}(?P<s_cur>{_SUFFIX_CURRENCY})"
    r"(?![A-Za-z])"
)
_WORDS_FORM: Final = (
    r"(?<![A-Za-z])"
    rf"(?P<w_num>(?i:{_WORD_NUMBER}))"
    rf"(?:{_SPACE}|-)(?P<w_mult>(?i:{_alternation(tuple(WORD_SCALES), flexible_space=False)}))"
    rf"{_BEFORE_SUFFIX}(?P<w_cur>{_SUFFIX_CURRENCY})"
    r"(?![A-Za-z])"
)

_MONEY_RE: Final = re.compile(f"{_PREFIX_FORM}|{_SUFFIX_FORM}|{_WORDS_FORM}", re.ASCII)
_ASCII_I: Final = re.ASCII | re.IGNORECASE  # how `_MONEY_RE` matches scale words

# Every amount holds a digit or a scale word in words ("six billion dollars") at
# most 48 characters from its start ("seventy-seventeen hundred ...": 18,
# "seventy-seventeen-point-seven-seven-seven-seven trillion": 48, "U.S. $ 1": 7;
# _MAX_LEAD leaves a margin). `_MONEY_RE` opens with alternations
# that cost ~100 ns per character scanned, so it only runs from a little before
# each such anchor: text without one (most sentences) costs one quick scan.
_ANCHOR_RE: Final = Prefiltered(
    re.compile(rf"[0-9]|{_alternation(tuple(WORD_SCALES), flexible_space=False)}", _ASCII_I),
)
_MAX_LEAD: Final = 64

# "$10-20 million": the bare "$10" is the low end of a range whose scale comes later.
_RANGE_TAIL_RE: Final = re.compile(
    rf"\s?(?:-|to)\s?(?:{_alternation(tuple(PREFIX_CURRENCIES), flexible_space=False)})?"
    rf"[0-9][0-9.,]{{0,20}}(?:(?i:{_ALL_MULT})|{_SPACE}(?i:{_SPACED_MULT}))"
    r"(?![A-Za-z])",
    re.ASCII,
)

# Text between an amount and its bracketed conversion: " (", " (about ", " (or about ".
_EQUIVALENT_GAP_RE: Final = re.compile(
    r"\s{0,3}\(\s{0,2}(?:(?:or|i\.e\.)\s{1,2})?"
    rf"(?:(?:{_alternation(EQUIVALENT_HEDGES, flexible_space=True)})\s{{0,2}})?",
    re.ASCII | re.IGNORECASE,
)
_MAX_EQUIVALENT_GAP: Final = 40

_YEAR_RE: Final = re.compile(r"(?:1[89]|2[01])[0-9]{2}", re.ASCII)
_WORD_SPLIT_RE: Final = re.compile(r"[\s-]+", re.ASCII)

# --------------------------------------------------------------------------------------------
# API
# --------------------------------------------------------------------------------------------


class MoneyMention(NamedTuple):
    """One money amount found in a text."""

    start: int
    end: int
    value: float
    currency: str
    equivalent_of: int | None = None


def find_money(text: str) -> list[MoneyMention]:
    """All money amounts in `text`, in order of position."""
    mentions: list[MoneyMention] = []
    pos = 0
    # The same matches as `_MONEY_RE.finditer(text)`: no match starts before an
    # anchor's window, so searching from the window finds the leftmost one.
    while (anchor := _ANCHOR_RE.search(text, pos)) is not None:
        match = _MONEY_RE.search(text, max(pos, anchor.start() - _MAX_LEAD))
        if match is None:
            break
        pos = match.end()
        parsed = _parse(match, text)
        if parsed is None:
            continue
        value, currency = parsed
        start, end = match.span()
        mentions.append(
            MoneyMention(
                start=start,
                end=end,
                value=float(value),
                currency=currency,
                equivalent_of=_equivalent_of(mentions, text, start, currency),
            )
        )
    return mentions


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _parse(match: re.Match[str], text: str) -> tuple[Decimal, str] | None:
    """Value and currency of one regex match, or None when the match is not money after all."""
    if match["p_num"] is not None:
        return _parse_prefix_form(match, text)
    if match["s_num"] is not None:
        return _parse_suffix_form(match)
    if match["w_num"] is not None:
        return _parse_words_form(match)
    return None


def _parse_prefix_form(match: re.Match[str], text: str) -> tuple[Decimal, str] | None:
    """Currency before the number: "$1.06 billion", "US$ 10 bn", "W1.52tn", "Rs 500 crore"."""
    number = match["p_num"]
    multiplier = _multiplier(match["p_glued"] or match["p_spaced"])
    if match["p_w"] is not None:
        currency: str | None = W_PREFIX_CURRENCY
        # A bare "W23" is a model name or a grid square far more often than 23 won.
        if multiplier is None and "," not in number and "." not in number:
            return None
    else:
        currency = PREFIX_CURRENCIES.get(match["p_cur"])
    if currency is None:
        return None
    if multiplier is None and _RANGE_TAIL_RE.match(text, match.end()) is not None:
        return None
    return _number(number) * (multiplier or 1), currency


def _parse_suffix_form(match: re.Match[str]) -> tuple[Decimal, str] | None:
    """Currency after the number: "1.52 trillion won", "27 million dollars", "100元"."""
    number = match["s_num"]
    multiplier = _multiplier(match["s_glued"] or match["s_spaced"])
    currency = _suffix_currency(match["s_cur"])
    if currency is None:
        return None
    # "in 2008 won the election", "in 2010 dollars": a year, not an amount.
    if multiplier is None and _YEAR_RE.fullmatch(number) is not None:
        return None
    return _number(number) * (multiplier or 1), currency


def _parse_words_form(match: re.Match[str]) -> tuple[Decimal, str] | None:
    """Number in words: "six billion dollars", "half a billion dollars"."""
    currency = _suffix_currency(match["w_cur"])
    scale = WORD_SCALES.get(match["w_mult"].lower())
    if currency is None or scale is None:
        return None
    return _words_value(match["w_num"]) * scale, currency


def _number(written: str) -> Decimal:
    """Decimal value of a number as written, e.g. "1,389.6" -> 1389.6."""
    text = written.replace(",", "").replace("-point-", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        # "0-point-0.0": two decimal points; the leading well-formed number is the value.
        leading = _LEADING_NUMBER.match(text)
        return Decimal(leading.group()) if leading else Decimal(0)


_LEADING_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _multiplier(written: str | None) -> Decimal | None:
    """Scale of a multiplier as written ("bn", "Trillion", "lakh  crore"), None if absent."""
    if written is None:
        return None
    return MULTIPLIERS.get(" ".join(written.lower().split()))


def _suffix_currency(written: str) -> str | None:
    """ISO code of a currency word or code written after the number."""
    if written in ISO_CODES:
        return written
    return SUFFIX_CURRENCIES.get(" ".join(written.lower().split()))


def _words_value(written: str) -> Decimal:
    """Value of a number in words below a thousand: "a", "half a", "twenty-five", "two hundred"."""
    tokens = [token for token in _WORD_SPLIT_RE.split(written.lower()) if token]
    if tokens[:1] == ["half"]:
        return Decimal("0.5")
    if "point" in tokens:
        # "one-point-zero-four": the digits after "point" are read out one by one.
        at = tokens.index("point")
        decimals = "".join(str(WORD_DIGITS.get(token, 0)) for token in tokens[at + 1 :])
        return _words_value(" ".join(tokens[:at])) + Decimal(f"0.{decimals}")
    current = 0
    for token in tokens:
        if token in ("a", "an"):
            current += 1
        elif token == "hundred":
            current = (current or 1) * 100
        elif token.isdigit():
            current += int(token)  # "nine-hundred-26"
        else:
            current += WORD_UNITS.get(token, 0) + WORD_TENS.get(token, 0)
    return Decimal(current)


def _equivalent_of(
    previous: list[MoneyMention], text: str, start: int, currency: str
) -> int | None:
    """Index of the amount that a parenthesised amount starting at `start` converts, if any."""
    if not previous:
        return None
    last = previous[-1]
    if last.equivalent_of is not None or last.currency == currency:
        return None
    if start - last.end > _MAX_EQUIVALENT_GAP:
        return None
    if _EQUIVALENT_GAP_RE.fullmatch(text, last.end, start) is None:
        return None
    return len(previous) - 1
