"""Every trigger-gated pattern of the extractors, each declared once.

The extractors run their detailed patterns only on the sentences that hold one of
the pattern's trigger words (found for all rules at once by one Aho-Corasick pass,
see `triggers.py`). A pattern and its trigger words must therefore agree: a verb
added to a pattern but not to its triggers would never be matched. So each rule is
one declaration of both:

- a *word rule* builds its pattern from its words (a word may carry what must follow
  it, such as "called" + " for"), so adding a word is one edit that makes it both a
  trigger and a match;
- a *pattern rule*, whose grammar is more than a list of words, declares its trigger
  words and examples beside its pattern; `tests/core/test_rules.py` checks that every
  example is matched, and that every match holds one of the rule's trigger words.

`TRIGGER_WORDS` (the automaton's input) is built from these declarations and nothing
else, and `TriggerIndex` refuses a family that no rule declares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from streams.core.prefilter import WORD_START

# A word, or a word and the pattern that must follow it ("called", r" for").
Term = str | tuple[str, str]


@dataclass(frozen=True)
class Rule:
    """One trigger-gated pattern: the trigger family and words that gate it, and the pattern."""

    name: str
    family: str
    words: tuple[str, ...]
    pattern: re.Pattern[str]
    examples: tuple[str, ...] = ()
    # A word rule: (word, what must follow) pairs, from which the pattern was built.
    terms: tuple[tuple[str, str], ...] = ()


def _terms(terms: tuple[Term, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((t, "") if isinstance(t, str) else t for t in terms)


def alternation(terms: tuple[Term, ...]) -> str:
    """The regex alternation of the terms, in their order (the first that matches wins)."""
    return "|".join(re.escape(word) + follow for word, follow in _terms(terms))


def word_rule(
    name: str,
    family: str,
    terms: tuple[Term, ...],
    template: str = r"\b(?:{})\b",
    flags: int = 0,
    examples: tuple[str, ...] = (),
) -> Rule:
    """A rule whose pattern is its words' alternation put into `template`."""
    pairs = _terms(terms)
    pattern = re.compile(template.format(alternation(terms)), flags)
    return Rule(name, family, tuple(w for w, _ in pairs), pattern, examples, pairs)


# --- statements ---------------------------------------------------------------------------

# Verbs that carry what was said; "core" ones also take conjoined speakers
# ("the JCS and the Combined Forces Command said") and post-posed speakers
# ("..., said Bruce").
SPEECH_VERBS_CORE: tuple[Term, ...] = (
    "said", "says", "say", "told", "tells", "stated", "states", "added", "adds", "noted",
    "notes", "announced", "announces",
)  # fmt: skip
_NOUN_OF_SPEECH = (
    r"(?:\s+(?:an?|the|his|her|its|their))?(?:\s+[\w-]+)?"
    r"\s+(?:remarks?|comments?|statements?)(?:\s+on\s+\w+day)?\s+(?:that|saying)"
)
# Content ahead ("conveyed to Japan's ambassador that", "has repeated since Friday a claim that").
_THAT_AHEAD = r"(?=\s+(?:[\w.'\u2019-]+\s+){0,6}?(?:that|a claim that)\b)"
SPEECH_VERBS_OTHER: tuple[Term, ...] = (
    "wrote", "writes", "posted", "declared", "reported", "explained", "remarked", "replied",
    "responded", "commented", "insisted", "argued", "claimed", "asserted", "acknowledged",
    "warned", "warns", "stressed", "stresses", "emphasized", "emphasised", "emphasizes",
    "underscored", "underlined", "reaffirmed", "reaffirms", "reiterated", "reiterates",
    "confirmed", "denied", "urged", "urges", ("called", " for"), ("calls", " for"), "described",
    "accused", "condemned", "criticized", "criticised", "welcomed", "thanked", "outlined",
    "affirmed", "vowed", "pledged", "assured", "informed", "saying",
    ("raised", r" (?:concerns?|the issue|the matter)"), "rejected", "dismissed",
    ("expressed", r"(?:\s+(?:the|his|her|its|their|[A-Z][\w.-]*['\u2019]s?|strong(?:est)?|"
                  r"deep(?:est)?|grave|serious|firm|sincere)){0,3}?"
                  r" (?:hope|hopes|concern|concerns|regret|support|gratitude|appreciation|"
                  r"condolences|opposition|willingness|readiness|confidence|satisfaction|"
                  r"disappointment|openness|protest|protests|objection|dissatisfaction|"
                  r"displeasure)"),
    # demands, protests, offers and requests with content (the corpus rules count them)
    "protested", "demanded", "accused", "accusing", "slammed", "denounced", "offered",
    "signaled", "signalled", ("requested", r"(?=\s+that\b|\s+(?:[\w.'-]+\s+){1,4}?to\s)"),
    "pointed out", "invited", "proposed", "suggested", "calling for", "disclosed", "revealed",
    "urging", ("asked", r"(?=\s+(?:[\w.'-]+\s+){1,4}?to\s)"),
    # a noun phrase of speech with its content: "made remarks that", "issued a statement saying"
    ("made", _NOUN_OF_SPEECH), ("issued", _NOUN_OF_SPEECH), ("released", _NOUN_OF_SPEECH),
    "promised", "promises", ("conveyed", _THAT_AHEAD), ("repeated", _THAT_AHEAD),
    # "defended its actions as lawful": a stance with its content
    ("defended", r"(?=\s+(?:[\w.'\u2019-]+\s+){1,4}?as\s)"),
    ("inviting", r"(?=\s+(?:[\w.'\u2019-]+\s+){1,3}?to\s)"),
)  # fmt: skip
SPEECH_VERB = Rule(
    "speech verb",
    "verb",
    tuple(w for w, _ in _terms(SPEECH_VERBS_CORE + SPEECH_VERBS_OTHER)),
    re.compile(
        rf"\b(?:(?P<core>{alternation(SPEECH_VERBS_CORE)})"
        rf"|(?P<other>{alternation(SPEECH_VERBS_OTHER)}))\b"
    ),
    examples=(
        "called for restraint",
        "calls for restraint",
        "raised concerns",
        "expressed hope",
        "requested that talks resume",
        "requested Tokyo to respond",
        "made remarks that",
        "made a statement saying",
        "made an improper remark that",
        "issued a statement saying",
        "released a statement that",
        "conveyed to the ambassador that",
        "repeated since Friday a claim that",
        "repeated that",
        "defended its actions as lawful",
        "inviting her to visit",
        "expressed the Philippines' strongest protest",
        "asked Seoul to respond",
    ),
    terms=_terms(SPEECH_VERBS_CORE + SPEECH_VERBS_OTHER),
)
# Citations: the cited source is the speaker ("according to a readout from the ministry",
# "attributable to", "Yonhap reported, citing the Joint Chiefs of Staff", "the ministry
# quoted Minister Jeon as saying").
ACCORDING_TO = Rule(
    "according to",
    "according",
    ("according to",),
    re.compile(
        r"\b[Aa]ccording to\s+(?:(?:an?|the)\s+)?(?:(?:official\s+)?(?:readout|statement|release|"
        r"transcript|post)\s+(?:from|by|of|issued by)\s+(?:the\s+)?)?"
    ),
    examples=("according to a readout from the ministry", "According to the official"),
)
ATTRIBUTABLE_TO = Rule(
    "attributable to",
    "according",
    ("attributable to",),
    re.compile(r"\battributable to\s+(?:the\s+)?"),
    examples=("attributable to the spokesperson",),
)
CITING = Rule(
    "citing",
    "according",
    ("citing",),
    re.compile(r"\bciting\s+(?:(?:an?|the)\s+)?"),
    examples=("Yonhap reported, citing the Joint Chiefs of Staff",),
)
# An official release whose heading names its speaker ("Statement by Secretary of Defense
# X on ...", "Remarks by President Y on ..."): the release is that official's statement.
RELEASE_HEADING = Rule(
    "release heading",
    "according",
    ("statement by", "statement from", "remarks by"),
    re.compile(
        r"^\W{0,3}(?:Joint\s+|Press\s+)?(?:Statement\s+(?:by|from)|Remarks\s+by)\s+(?:the\s+)?"
    ),
    examples=(
        "Statement by Secretary of Defense Laura Kimball on the launch",
        "Remarks by President Jack Connelly on the ceasefire",
    ),
)
# A claim named as a noun, with its owner and its content: "Japan's claim that ...".
NOMINAL_CLAIM = Rule(
    "nominal claim",
    "claim",
    ("claim", "claims", "assertion", "assertions", "allegation", "allegations", "accusation",
     "accusations"),
    re.compile(
        r"['\u2019]s\s+(?:(?:repeated|latest|new|earlier|recent)\s+)?"
        r"(?:claims?|assertions?|allegations?|accusations?)\s+that\b"
    ),
    examples=("Japan's claim that the ship entered", "Seoul's latest allegation that drones flew"),
)  # fmt: skip
QUOTED_OFFICIAL = Rule(
    "quoted official",
    "according",
    ("quoted",),
    re.compile(r"\bquoted\s+(?:(?:an?|the)\s+)?"),
    examples=("the ministry quoted a spokesman as saying",),
)

# --- calls --------------------------------------------------------------------------------

# Every match starts a word: `\b` is checked once, before the alternatives, and
# WORD_START keeps the engine from trying them at the ends of words.
_CALL_WORDS: tuple[str, ...] = (
    "call", "calls", "phone*", "telephone*", "video*", "videoconference", "teleconference",
    "virtual", "phoned", "telephoned", "dialled", "dialed", "rang", "online", "called",
)  # fmt: skip
CALL_NAMED = Rule(
    "call named",
    "call",
    _CALL_WORDS,
    re.compile(
        WORD_START + r"\b(?:"
        r"(?:tele)?phone[- ]?(?:call|conversation|talk|conference|discussion|consultation)s?\b"
        r"|video[- ]?(?:call|conference|link|conversation|talk|summit|meeting)s?\b"
        r"|videoconference\b|teleconference\b|virtual (?:meeting|summit|talk|conference|call)s?\b"
        r"|online (?:meeting|summit|talk|conference|call|conversation)s?\b"
        r"|(?:spoke|spoken|talked|conferred)\s+(?:\w+\s+){0,3}?(?:by|over|on)(?:\s+the)?\s+"
        r"(?:tele)?phone\b"
        r"|(?:phoned|telephoned|dialled|dialed|rang)\b"
        r"|(?:by|over the|on the|over)\s+(?:tele)?phone\b"
        # "X called Y on Thursday to congratulate him": a call placed to a named person
        r"|called\s+(?!(?:on|upon|for|off|in|up|out|back|it|them|him|her|the|a|an|this|that)\b)"
        r"(?:[\w.'-]+\s+){1,7}?(?:(?:on|late|early)\s+(?:[\w.]+\s+){1,2}?)?to\s+"
        r"(?:congratulate|discuss|thank|express|offer|convey|brief|consult|wish|console)\b"
        # "X told Y by phone", "X assured Y in a phone call"
        r"|(?:told|assured|informed|briefed|urged|asked)\s+(?:[\w.'-]+\s+){1,8}?"
        r"(?:(?:by|over the|on the)\s+(?:tele)?phone|in an? (?:tele)?phone (?:call|conversation))\b"
        r"|[A-Z]\w*s'\s+calls?\b"
        r"|(?:a|an|the|his|her|their|its|first|introductory|brief|\w+-minute|\w+-hour|hour-long|"
        r"this|that|[A-Z]\w+'s)\s+(?!press\b|media\b|roll\b|wake-up\b)(?:[\w-]+\s+){0,2}?calls?\b"
        r"(?!\s+(?:for|on|upon|to|time|center|centre|sign|option|options|up|it|itself|them|him|"
        r"her|the|a|an|his|their|its)\b)"
        r")",
        re.IGNORECASE,
    ),
    examples=(
        "held a phone call",
        "telephone talks",
        "held phone talks",
        "a video conference",
        "a videoconference",
        "a teleconference",
        "a virtual meeting",
        "held online talks",
        "spoke by phone",
        "talked over the telephone",
        "phoned",
        "telephoned",
        "dialled",
        "dialed",
        "rang",
        "X called Y on Thursday to congratulate him",
        "told his counterpart by phone",
        "assured him in a phone call",
        "the leaders' calls",
        "during a 30-minute call",
        "in an introductory call",
    ),
)
CALL_SPOKE = Rule(
    "spoke with",
    "spoke",
    ("spoke", "talked", "spoken", "conferred"),
    re.compile(r"\b(?:spoke|talked|has spoken|have spoken|conferred)\b"),
    examples=("spoke", "talked", "has spoken", "have spoken", "conferred"),
)
IN_PERSON = word_rule(
    "in person",
    "in_person",
    ("sidelines", "met", "meets", "meeting", "visit", "visited", "in person", "summit", "hotel",
     "trip"),
)  # fmt: skip
CALL_TOPIC = Rule(
    "call topic",
    "topic",
    ("discuss", "discussed", "discussing", "talk about", "talked about", "exchanged views"),
    re.compile(
        r"\b(?:to discuss|discussed|discussing|to talk about|talked about|exchanged views on)\s+"
        r"(.+?)(?=,|;|\.(?:\s|$)|$|\s+during\b|\s+amid\b|\s+as\b|\s+while\b|\s+this week\b|"
        r"\s+on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
    ),
    examples=(
        "to discuss trade",
        "discussed trade",
        "discussing trade",
        "to talk about trade",
        "talked about trade",
        "exchanged views on trade",
    ),
)
CALL_AGREED = Rule(
    "call agreement",
    "agreed",
    ("agreed",),
    re.compile(
        r"\bagreed\s+(?:that|to|on)\s+(.+?)"
        r"(?=;|\.(?:\s|$)|$|,\s+according to\b|,\s+(?:the\s+)?\w+\s+said\b)"
    ),
    examples=("agreed to meet soon", "agreed that talks continue", "agreed on a plan"),
)

# --- deals --------------------------------------------------------------------------------

_DEAL_TOPIC_WORDS: tuple[str, ...] = (
    "sharing", "special measures", "sma", "host-nation", "host nation", "hns", "defray",
    "cost of", "of the cost", "the cost", "common-funded", "common funded", "common funding",
    "support for", "guam", "relocation of", "cost-share", "cost share", "common budget",
    "common budgets", "hosting", "wages", "salaries", "labor cost", "labor costs", "labour cost",
    "labour costs",
)  # fmt: skip
DEAL_TOPIC = Rule(
    "deal topic",
    "deal_topic",
    _DEAL_TOPIC_WORDS,
    re.compile(
        r"cost[- ]sharing|burden[- ]sharing|responsibility[- ]sharing|special measures agreement|"
        r"\bSMA\b|host[- ]nation (?:support|plan|agreement|funding)|\bHNS\b|"
        r"defray the (?:cost|expense)|"
        r"cost of (?:relocating|stationing|the relocation|maintaining|hosting|keeping)|"
        r"share of the cost|sharing the cost|common[- ]funded|common funding|common budgets?|"
        r"cost[- ]share\b|"
        r"guam international agreement|relocation of (?:u\.s\. |us )?marines|"
        r"(?:marines|relocation) (?:from okinawa )?to guam|guam relocation|"
        r"\bguam\b[^.]{0,80}\brelocat|"
        r"\brelocat\w*[^.]{0,150}\bguam\b|\bmarines?\b[^.]{0,100}\bguam\b|"
        r"\bguam\b[^.]{0,100}\bmarines?\b|"
        r"support for (?:U\.S\. |US |American )?forces|"
        r"\bhosting costs?\s+(?:of|for)\s+(?:the\s+)?(?:U\.S\.|US\b|American\b|foreign\b)\s*"
        r"(?:military|troops|forces)\b|"
        # labor-cost arrangements: "the wages of Korean workers at U.S. bases"
        r"\b(?:wages|salaries|labou?r costs?)\s+(?:of|for)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
        r"(?:workers|employees|staff)\s+(?:at|on|of|for|with)\s+(?:the\s+)?"
        r"(?:U\.S\.|US\b|American\b|USFK\b)",
        re.IGNORECASE,
    ),
    examples=(
        "cost-sharing",
        "burden sharing",
        "responsibility-sharing",
        "special measures agreement",
        "the SMA",
        "host-nation support",
        "HNS",
        "defray the cost",
        "the cost of stationing",
        "its share of the cost",
        "sharing the cost",
        "common-funded",
        "common funding",
        "common budgets",
        "the cost-share",
        "the Guam International Agreement",
        "relocation of U.S. Marines",
        "Marines from Okinawa to Guam",
        "Guam relocation",
        "support for U.S. forces",
        "the hosting costs of the U.S. military",
        "the wages of Korean workers at U.S. bases",
        "labor costs for local employees of USFK",
    ),
)
# Topics opening with common letters ("n", "u"), read only in sentences holding their
# trigger words: the alliance's own budgets (not a national spending target measured
# against NATO's), and the upkeep of stationed troops.
DEAL_TOPIC_NAMED = Rule(
    "deal topic named",
    "deal_topic_named",
    ("nato", "upkeep"),
    re.compile(
        r"\bNATO(?:'s)? (?:common |civil |military )?budgets?\b"
        r"(?! (?:target|goal|guideline|pledge|commitment|benchmark))"
        r"|\b[Uu]pkeep of (?:the )?(?:[\w.-]+ ){0,3}(?:troops|forces)\b"
    ),
    examples=("NATO's civil budget", "NATO budgets", "upkeep of the U.S. troops"),
)
_CONCLUDED_TERMS: tuple[Term, ...] = (
    "signed", "struck", "concluded", "reached", "agreed", "initialed", "initialled", "ratified",
    "sealed", "finalized", "finalised", "inked", "approved", "clinched", "renewed", "took effect",
    "takes effect", "went into effect", "came into force", "entered into force", "settled on",
    "signed off on", "decided on", "adopted", "endorsed",
    ("exchanged", r" (?:the |diplomatic )?notes"),
)  # fmt: skip
DEAL_CONCLUDED = word_rule(
    "deal concluded",
    "concluded",
    _CONCLUDED_TERMS,
    template=WORD_START + r"\b(?:{})\b",
    flags=re.IGNORECASE,
    examples=("exchanged notes", "exchanged diplomatic notes"),
)
# "Under the agreement, Seoul pays ...": a deal in force, cited with its terms.
UNDER_DEAL = Rule(
    "under a deal",
    "under",
    ("under",),
    re.compile(
        r"\b[Uu]nder (?:a|an|the|its|their|this|that)\s+(?:[\w-]+\s+){0,5}?"
        r"(?:[Aa]greement|[Dd]eal|[Pp]act|[Aa]ccord|SMA|[Aa]rrangement)\b"
    ),
    examples=("Under the agreement", "under a new five-year deal", "under the SMA"),
)
# Sentences about the agreement itself ("The accord covers only 2019").
AGREEMENT_WORD = word_rule(
    "agreement word",
    "agreement",
    ("agreement", "agreements", "deal", "pact", "accord", "arrangement", "sma", "plan", "formula",
     "budget", "budgets"),
    flags=re.IGNORECASE,
)  # fmt: skip

RULES: tuple[Rule, ...] = (
    SPEECH_VERB, ACCORDING_TO, ATTRIBUTABLE_TO, CITING, QUOTED_OFFICIAL, RELEASE_HEADING,
    NOMINAL_CLAIM,
    CALL_NAMED, CALL_SPOKE, IN_PERSON, CALL_TOPIC, CALL_AGREED,
    DEAL_TOPIC, DEAL_TOPIC_NAMED, DEAL_CONCLUDED, UNDER_DEAL, AGREEMENT_WORD,
)  # fmt: skip


def trigger_words(rules: tuple[Rule, ...] = RULES) -> dict[str, tuple[str, ...]]:
    """Family -> trigger words (lowercase), gathered from the rules' declarations."""
    families: dict[str, list[str]] = {}
    for rule in rules:
        words = families.setdefault(rule.family, [])
        words.extend(w.lower() for w in rule.words if w.lower() not in words)
    return {family: tuple(words) for family, words in families.items()}


TRIGGER_WORDS: dict[str, tuple[str, ...]] = trigger_words()
