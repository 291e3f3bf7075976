"""Hostile article bodies at the 1 MiB size limit (all text invented), each built to stress
one part of the core: name runs, quote pairing, number and currency matching, reporting-verb
scans, sentence segmentation and paragraph handling; and `wire_prose`, the benign body they
are measured against: ordinary invented wire copy of the same size (`korean_wire_prose` for
bodies the Korean extractor takes). The adversarial tests,
the core's growth tests and the benchmarks (`bench.core`, `bench.core_compare`,
`bench.core_snapshot`) share them."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

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


def prefix(body: str, size: int) -> str:
    """The first `size` UTF-8 bytes of `body`, cut back to a character boundary."""
    return body.encode("utf-8")[:size].decode("utf-8", "ignore")


# ---- the benign yardstick (all text invented) ------------------------------------------

_PEOPLE = (
    ("Foreign Minister", "Han Do-yeon", "South Korea"),
    ("Foreign Minister", "Takeshi Arakawa", "Japan"),
    ("Secretary of State", "Dana Whitcombe", "the United States"),
    ("Defense Minister", "Ryu Seong-min", "South Korea"),
    ("Defense Secretary", "Paul Grennan", "the United States"),
    ("Foreign Secretary", "Olivia Marchbank", "Britain"),
    ("Foreign Minister", "Lukas Brenner", "Germany"),
    ("Prime Minister", "Ingrid Solvik", "Norway"),
    ("Trade Minister", "Ana Castellano", "Spain"),
    ("Secretary General", "Pieter Vandamme", "NATO"),
    ("Vice Foreign Minister", "Seo Ji-hoon", "South Korea"),
    ("National Security Adviser", "Mark Ellery", "the United States"),
)
_SPOKESPEOPLE = (
    ("the foreign ministry", "spokesperson Lim Su-jin"),
    ("the State Department", "spokesperson Karen Holt"),
    ("the defense ministry", "deputy spokesperson Baek Nam-il"),
    ("the presidential office", "senior secretary Choi Yun-ha"),
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_CITIES = ("SEOUL", "WASHINGTON", "TOKYO", "BRUSSELS", "LONDON", "BERLIN", "MADRID", "OSLO")
_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.")
_TOPICS = (
    "supply chains for semiconductors and batteries",
    "the security situation on the Korean Peninsula",
    "joint military exercises planned for the summer",
    "export controls on advanced technology",
    "energy security and the price of liquefied natural gas",
    "humanitarian aid for displaced civilians",
    "cooperation on space launch vehicles",
    "the upcoming summit of Group of 20 leaders",
    "maritime security in international waters",
    "visa rules for skilled workers",
)
_AGENCIES = ("(Yonhap)", "(AP)", "(Reuters)", "(Kyodo)", "(AFP)")
_QUOTES = (
    "We agreed that close coordination is more important than ever",
    "Our alliance is stronger today than it has ever been",
    "We will keep working with our partners to keep the region stable",
    "This agreement reflects the contribution both sides make to our shared security",
    "There is no alternative to dialogue, and we will keep the channel open",
    "We expect concrete progress before the end of the year",
)
_TEMPLATES = (
    "{city}, {month} {date} {agency} -- {title} {name} held a phone call with his {ctry2} "
    "counterpart {name2} on {day} and discussed {topic}, {org} said.",
    "{title} {name} spoke by phone with {title2} {name2} on {day}, the first call since "
    "{name2} took office in {month}, according to {org}.",
    '"{quote}," {surname} told reporters after the talks, adding that the two sides would '
    "meet again in {city2_title} next month.",
    "{surname} and {surname2} also exchanged views on {topic} and agreed to hold a meeting "
    "of their deputies at an early date, {spokes} of {org} said in a briefing on {day}.",
    "Under the {year}-{year2} Special Measures Agreement signed on {day}, Seoul will pay "
    "{tril} trillion won (US${bil} billion) next year, up {pct} percent from "
    "{tril_prev} trillion won this year, {org} said.",
    "The two countries concluded the negotiations after {rounds} rounds of talks, and the "
    "deal still needs the approval of the National Assembly, officials said.",
    "{title} {name} said {ctry} would contribute ${mil} million to the fund, calling it "
    '"{quote_lc}."',
    "Earlier in the day, {name} met {name2} in {city2_title}, where they signed a memorandum "
    "on {topic}, according to a statement released by {org}.",
    "{surname2} said in a written statement that {ctry2} welcomed the outcome and would "
    "keep consulting {ctry} on {topic}.",
    "The meeting came {num} days after {ctry} and {ctry2} announced plans to expand "
    "cooperation on {topic}, and analysts expect a joint statement later this week.",
    # Background without a speaker, as most wire copy has between its quotes.
    "About 28,500 American troops are stationed in South Korea under the Mutual Defense "
    "Treaty signed in 1953, and the two militaries hold drills in spring and summer.",
    "Talks on {topic} have dragged on for {num} months, with the two sides split over how "
    "costs should be shared and when the new rules would take effect.",
    "Shares of defense contractors rose {pct} percent in early trading in {city2_title}, "
    "while the won weakened slightly against the dollar.",
    "The last such agreement expired at the end of {year}, leaving negotiators little "
    "time to settle the remaining differences before the budget is drafted.",
    "Heavy rain is forecast for the capital region on {day}, and several outdoor events "
    "planned for the visit have been moved indoors.",
)


def _wire_paragraph(rng: random.Random) -> str:
    (title, name, ctry), (title2, name2, ctry2) = rng.sample(_PEOPLE, 2)
    org, spokes = rng.choice(_SPOKESPEOPLE)
    year = rng.randint(2024, 2031)
    quote = rng.choice(_QUOTES)
    tril = rng.randint(110, 199) / 100
    return rng.choice(_TEMPLATES).format(
        city=rng.choice(_CITIES),
        city2_title=rng.choice(_CITIES).title(),
        month=rng.choice(_MONTHS),
        date=rng.randint(1, 28),
        agency=rng.choice(_AGENCIES),
        title=title,
        name=name,
        surname=name.split()[0] if "-" in name else name.split()[-1],
        ctry=ctry,
        title2=title2,
        name2=name2,
        surname2=name2.split()[0] if "-" in name2 else name2.split()[-1],
        ctry2=ctry2,
        day=rng.choice(_DAYS),
        topic=rng.choice(_TOPICS),
        org=org,
        spokes=spokes,
        quote=quote,
        quote_lc=quote[0].lower() + quote[1:],
        year=year,
        year2=year + rng.randint(1, 5),
        tril=f"{tril:.2f}",
        tril_prev=f"{tril / (1 + rng.randint(2, 9) / 100):.2f}",
        bil=f"{tril * 0.7:.2f}",
        pct=f"{rng.randint(20, 99) / 10:.1f}",
        mil=rng.randint(5, 900),
        rounds=rng.randint(3, 11),
        num=rng.randint(2, 30),
    )


KOREAN_CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "invented_corpus_ko"


def korean_wire_prose(limit: int = MAX_BODY_BYTES) -> str:
    """The project's invented Korean corpus repeated to exactly `limit` UTF-8 bytes: the
    Korean extractor's benign yardstick, as `wire_prose` is the English one's."""
    texts = [
        json.loads(p.read_text(encoding="utf-8"))["text"]
        for p in sorted(KOREAN_CORPUS.glob("*.json"))
    ]
    return prefix(fill("\n\n".join(texts) + "\n\n", limit), limit)


def wire_prose(limit: int = MAX_BODY_BYTES, seed: int = 20261201) -> str:
    """Benign wire copy of exactly `limit` UTF-8 bytes: the yardstick of the hostile shapes.

    Paragraphs of three to six sentences in wire style (datelines, phone calls between
    officials, quotes, spokespeople, cost-sharing amounts), drawn from templates and small
    tables of invented names with a seeded generator, so about every paragraph differs.
    """
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while True:
        paragraph = " ".join(_wire_paragraph(rng) for _ in range(rng.randint(3, 6)))
        added = utf8_size(paragraph) + (2 if paragraphs else 0)
        if size + added > limit:
            break
        paragraphs.append(paragraph)
        size += added
    body = "\n\n".join(paragraphs)
    return body + " " * (limit - utf8_size(body))


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
    # below): a search per amount over the whole sentence would make them quadratic.
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
