"""Hostile article bodies at the 1 MiB size limit (all text invented), each built to stress
one part of the core: name runs, quote pairing, number and currency matching, reporting-verb
scans, sentence segmentation and paragraph handling. The adversarial tests, the core's growth
tests and the benchmarks (`bench.core_compare`, `bench.core_snapshot`) share them."""

from __future__ import annotations

import random
from collections.abc import Callable

from schemas import MAX_BODY_BYTES


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))


def fill(unit: str, limit: int = MAX_BODY_BYTES) -> str:
    """`unit` repeated to exactly `limit` UTF-8 bytes (padded with ASCII if it does not divide)."""
    body = unit * (limit // utf8_size(unit))
    return body + "x" * (limit - utf8_size(body))


def pad(text: str, filler: str, limit: int = MAX_BODY_BYTES) -> str:
    """`text` followed by `filler` repeated, cut to exactly `limit` UTF-8 bytes."""
    rest = fill(filler, limit - utf8_size(text))
    return text + rest


# ---- bodies (all text invented) -------------------------------------------------------


def capitalized_words() -> str:
    # One endless run of capitalized tokens: a single candidate "name" of 150k tokens.
    return fill("Minister Kim Lee Park Choi Jung Kang Cho Yoon Han Seo Lim Oh ")


def capitalized_titled_sentences() -> str:
    # Tens of thousands of short attributed sentences: one statement event each.
    return fill("Foreign Minister Kim Lee Park said. ")


def nested_quotes() -> str:
    return fill('"')


def nested_quotes_with_speech() -> str:
    return fill('"""Kim said """')


def unbalanced_quotes() -> str:
    return pad('"', 'Minister Kim said "the talks went well and ')


def digits() -> str:
    return fill("0123456789")


def digit_groups() -> str:
    return fill("1,1,1,")


def currency_symbols() -> str:
    return fill("$$$¥¥₩")


def currency_amounts() -> str:
    return fill("$1$2.5¥3₩4 won US$5bn 6 trillion won (")


def said_said_said() -> str:
    return fill("said ")


def long_sentence() -> str:
    # One sentence, no punctuation, ordinary wire vocabulary, no reporting verb.
    return fill(
        "the minister and the visiting envoy went over trade and security and the alliance "
        "and the cost of stationing troops in the region and "
    )


def long_sentence_call_wording() -> str:
    # One sentence, no punctuation, a call trigger and two officials every 55 characters.
    return fill("Minister Kim held a phone call with Secretary Lee and ")


def newlines_100k_blank() -> str:
    head = "Foreign Minister Kim Lee said on Monday.\n"
    middle = "\n" * 100_000
    return pad(head + middle, "Secretary Park Choi spoke with officials. ")


def newlines_100k_lines() -> str:
    # 100 000 short distinct lines (none dropped as a repeated paragraph), then one long line.
    lines = "".join(f"K{i:06d}\n" for i in range(100_000))
    return pad(lines, "Lee ")


def mixed_soup() -> str:
    # A seeded shuffle of wire fragments and symbols, with no structure at all.
    pieces = [
        "Minister",
        "Kim",
        "Lee",
        "said",
        '"',
        '"""',
        "$",
        "¥",
        "₩",
        "1,1,",
        "0123",
        "phone call",
        "with",
        "U.S.",
        "Mr.",
        "(Yonhap)",
        "This photo shows",
        "Special Measures Agreement",
        "signed",
        "1.52 trillion won",
        "on Wednesday",
        "\n",
        ". ",
        ", ",
        " ",
        " ",
        "\u2028",
        "\u00a0",
        "한국",
        "😀",
    ]
    rng = random.Random(20260304)
    out: list[str] = []
    size = 0
    while size < MAX_BODY_BYTES:
        piece = rng.choice(pieces)
        out.append(piece)
        size += utf8_size(piece)
    body = "".join(out)
    while utf8_size(body) > MAX_BODY_BYTES:
        body = body[:-1]
    return body


BODIES: dict[str, Callable[[], str]] = {
    "capitalized_words": capitalized_words,
    "capitalized_titled_sentences": capitalized_titled_sentences,
    "nested_quotes": nested_quotes,
    "nested_quotes_with_speech": nested_quotes_with_speech,
    "unbalanced_quotes": unbalanced_quotes,
    "digits": digits,
    "digit_groups": digit_groups,
    "currency_symbols": currency_symbols,
    "currency_amounts": currency_amounts,
    "said_said_said": said_said_said,
    "long_sentence": long_sentence,
    "long_sentence_call_wording": long_sentence_call_wording,
    "newlines_100k_blank": newlines_100k_blank,
    "newlines_100k_lines": newlines_100k_lines,
    "mixed_soup": mixed_soup,
}


# BODIES and further worst cases (all text invented).
SHAPES: dict[str, Callable[[], str]] = {
    **BODIES,
    "open brackets": lambda: fill("("),
    "deep brackets around speech": lambda: fill("(" * 1000 + "Kim said so" + ")" * 1000 + ". "),
    "brackets of every kind with speech": lambda: fill("(Kim said [the talks {went} well] "),
    "repeated call trigger": lambda: fill("phone call "),
    "repeated deal and call verbs": lambda: fill("held talks agreed signed concluded spoke with "),
    "one huge lower-case token": lambda: fill("a"),
    "one huge capitalized token": lambda: "K" + fill("k", MAX_BODY_BYTES - 1),
    "long capitalized tokens": lambda: fill("K" + "m" * 999 + " "),
    "titles without verbs": lambda: fill(
        "President Secretary Minister Spokesperson Ambassador Director General Chairman "
    ),
    "numbers with currency words": lambda: fill("10 billion dollars 5 trillion won 3 million yen "),
    "speech verb then open quote": lambda: fill('said "'),
    "curly quotes": lambda: fill("\u201cKim said\u201d \u2018so\u2019 "),
    "dotted abbreviations": lambda: fill("U.S. Mr. Dr. Gen. St. No. "),
    "dates and weekdays": lambda: fill("on Monday on Tuesday yesterday May 12 "),
    "mixed scripts": lambda: fill(
        '외교부 Minister Kim 김 said 말했다 «Россия» said المتحدث Tanabe 田辺 said "we agree". '
    ),
    "dense call and statement prose": lambda: fill(
        "Foreign Minister Kim Sung-hwan held a phone call with Secretary of State Dana "
        'Whitcombe on Monday, the ministry said. "We agreed to cooperate closely," Kim said. '
    ),
    # Long statement sentences holding dozens of amounts each (found by the fragment mix
    # below; one search per amount over the whole sentence once took 1.5 s).
    "amounts in long attributed sentences": lambda: fill(
        "defense cost-sharing Mr. (US$1.06 billion)  said Foreign Minister Kim "
        "Sung-hwanagreed  said $1.06 billion 외교부 "
    ),
    "amounts before a closing curly quote": lambda: fill(
        "¥300 billion $1.06 billion U.S. said, Mr. \u201dU.S. Secretary of State Dana Whitcombe"
    ),
    "dense deal prose": lambda: fill(
        "Seoul agreed to pay 1.52 trillion won (US$1.06 billion) in 2026 under the Special "
        "Measures Agreement, up 8.3 percent from 1.4 trillion won in 2025, the ministry said. "
    ),
}

# Wire fragments hypothesis combines into units that are repeated to 1 MiB.
FRAGMENTS = (
    "said", " said ", ", the ministry said. ", '"', "\u201c", "\u201d", "(", ")", "[", "]",
    "Foreign Minister Kim Sung-hwan", "Secretary of State Dana Whitcombe", "President",
    "Kim", "Mr. ", "U.S. ", "held a phone call with ", "spoke by phone with ", "agreed ",
    "concluded ", "under the Special Measures Agreement ", "1.52 trillion won ", "$1.06 billion ",
    "(US$1.06 billion) ", "¥300 billion ", "in 2026 ", "on Wednesday ", "defense cost-sharing ",
    ". ", ", ", " ", "\n", "\n\n", "외교부 ", "田辺 ", "Россия ", "0123456789", "K" * 200,
)  # fmt: skip
