"""Invented wire-news articles with hand-written expected events.

An independent check of how the rule-based core generalizes beyond the dev
corpus. Every article below was written for this file (people, figures and
dates are invented or paraphrased in our own words; no third-party text). The
expected events follow the labeling rules of the dev corpus README (CALL_READOUT,
COST_SHARING_DEAL, STATEMENT) and were written from the meaning of each text,
never from the extractor's output.

Each case is a dict:
- ``id``, ``source``, ``published_at`` (ISO 8601 with offset, or None),
  ``headline`` (or None), ``body``, ``note`` (what the case tests);
- ``expected``:
  - ``types``: the exact set of event types the article yields;
  - ``calls``: one dict per call: ``participants`` (surnames as written,
    family name first for Korean/Chinese/Vietnamese names) and optionally
    ``occurred_on`` (YYYY-MM-DD), ``medium`` (phone|video) and ``announced_by``
    (a surname);
  - ``deal``: ``parties``, ``amounts`` as (value in whole units, ISO currency,
    role or None when the role is not checked), optionally ``period``
    (start_year, end_year);
  - ``speakers``: surnames or institutions that must each be found in some
    statement's speaker name or organization.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from schemas import RawArticle

WIRE_CASES: list[dict[str, Any]] = [
    {
        "id": "wc01_yonhap_phone_talks_monday",
        "source": "Yonhap",
        "published_at": "2025-03-04T10:00:00+09:00",
        "headline": None,
        "note": (
            "held phone talks; Korean family name first; 'on Monday' resolved in KST "
            "(published Tuesday)"
        ),
        "body": (
            "SEOUL, March 4 (Yonhap) -- Foreign Minister Kang Min-jae held phone talks with "
            "his Australian counterpart, Olivia Prentice, on Monday and discussed ways to "
            "deepen cooperation in the defense industry and critical minerals, the foreign "
            "ministry said Tuesday.\n\n"
            'Kang and Prentice agreed to hold the next round of their "two-plus-two" talks '
            "with defense ministers in Canberra in the second half of the year, according to "
            "the ministry.\n\n"
            "Kang said South Korea regards Australia as a core partner in the Indo-Pacific "
            "and asked for Canberra's continued support for Seoul's efforts to bring North "
            "Korea back to dialogue.\n\n"
            "Prentice said Australia will keep working closely with South Korea on the "
            "enforcement of U.N. sanctions against Pyongyang, the ministry said.\n\n"
            "The call was their first since Prentice took office in January."
        ),
        "expected": {
            "types": {"call_readout", "statement"},
            "calls": [
                {
                    "participants": ["Kang", "Prentice"],
                    "occurred_on": "2025-03-03",
                    "medium": "phone",
                }
            ],
            "speakers": ["foreign ministry", "Kang", "Prentice"],
        },
    },
    {
        "id": "wc02_reuters_spoke_by_phone_last_friday",
        "source": "Reuters",
        "published_at": "2024-11-18T14:20:00+00:00",
        "headline": None,
        "note": "spoke by phone; 'last Friday' resolved against a Monday publication",
        "body": (
            "WASHINGTON, Nov 18 (Reuters) - U.S. Defense Secretary Daniel Harwood spoke by "
            "phone last Friday with Philippine Defense Secretary Ramon Villanueva about "
            "recent confrontations between Chinese and Philippine vessels near Second Thomas "
            "Shoal, the Pentagon said on Monday.\n\n"
            "Harwood reaffirmed that the 1951 Mutual Defense Treaty covers armed attacks on "
            "Philippine armed forces, public vessels and aircraft anywhere in the South China "
            "Sea, Pentagon press secretary Dana Whitfield said in a statement.\n\n"
            "The call followed a weekend incident in which a Chinese coast guard ship fired "
            "water cannon at a Philippine supply boat. China's embassy in Manila did not "
            "immediately respond to a request for comment.\n\n"
            "Manila has lodged more than 40 diplomatic protests against Beijing this year."
        ),
        "expected": {
            "types": {"call_readout", "statement"},
            "calls": [
                {
                    "participants": ["Harwood", "Villanueva"],
                    "occurred_on": "2024-11-15",
                    "medium": "phone",
                }
            ],
            "speakers": ["Pentagon", "Whitfield", "Harwood"],
        },
    },
    {
        "id": "wc03_kyodo_video_conference",
        "source": "Kyodo",
        "published_at": "2024-08-21T19:05:00+09:00",
        "headline": None,
        "note": "talks in a video conference; statement in call via 'told'",
        "body": (
            "TOKYO, Aug. 21 Kyodo - Japanese Defense Minister Kenji Morimoto and his "
            "Australian counterpart Graham Tull held talks in a video conference Wednesday "
            "and agreed to expand joint exercises involving their air forces, Japan's Defense "
            "Ministry said.\n\n"
            "During the roughly 40-minute talks, Morimoto told Tull that Japan intends to "
            "send F-35 fighter jets to a multinational drill hosted by Australia next year "
            "for the first time.\n\n"
            "The two ministers also confirmed that they will continue to oppose any "
            "unilateral attempt to change the status quo by force in the East and South China "
            "seas, the ministry said.\n\n"
            "Japan and Australia upgraded their security ties with a reciprocal access "
            "agreement that took effect in 2023."
        ),
        "expected": {
            "types": {"call_readout", "statement"},
            "calls": [
                {
                    "participants": ["Morimoto", "Tull"],
                    "occurred_on": "2024-08-21",
                    "medium": "video",
                }
            ],
            "speakers": ["Defense Ministry", "Morimoto"],
        },
    },
    {
        "id": "wc04_state_virtual_meeting",
        "source": "U.S. Department of State",
        "published_at": "2025-02-12T16:30:00-05:00",
        "headline": (
            "Secretary Caldwell’s Virtual Meeting with Indonesian Foreign Minister Sutanto"
        ),
        "note": (
            "'virtual meeting' is a video call; readout attributable to a spokesperson; 'today'"
        ),
        "body": (
            "Secretary Caldwell’s Virtual Meeting with Indonesian Foreign Minister Sutanto\n\n"
            "The following is attributable to Spokesperson Megan Ashford:\n\n"
            "Secretary of State Robert Caldwell held a virtual meeting today with Indonesian "
            "Foreign Minister Arief Sutanto. They discussed maritime security, critical "
            "minerals supply chains, and the upcoming ASEAN Regional Forum. Secretary "
            "Caldwell underscored the United States’ support for ASEAN centrality and "
            "welcomed Indonesia’s contributions to humanitarian relief in Gaza. The two "
            "leaders agreed to convene the next U.S.-Indonesia Strategic Dialogue in Jakarta "
            "later this year."
        ),
        "expected": {
            "types": {"call_readout", "statement"},
            "calls": [
                {
                    "participants": ["Caldwell", "Sutanto"],
                    "occurred_on": "2025-02-12",
                    "medium": "video",
                    "announced_by": "Ashford",
                }
            ],
            "speakers": ["Ashford", "Caldwell"],
        },
    },
    {
        "id": "wc05_state_two_separate_calls",
        "source": "U.S. Department of State",
        "published_at": "2025-07-08T18:00:00-04:00",
        "headline": (
            "Deputy Secretary Thornton’s Calls with Thai Foreign Minister Rattanakul and "
            "Vietnamese Deputy Foreign Minister Pham"
        ),
        "note": "one readout, two separate calls; Vietnamese family name first",
        "body": (
            "Deputy Secretary Thornton’s Calls with Thai Foreign Minister Rattanakul and "
            "Vietnamese Deputy Foreign Minister Pham\n\n"
            "The following is attributable to Deputy Spokesperson Lila Benning:\n\n"
            "Deputy Secretary of State Paul Thornton spoke today with Thai Foreign Minister "
            "Anucha Rattanakul to discuss the situation along the Thailand-Cambodia border. "
            "The Deputy Secretary urged an immediate de-escalation and stressed the "
            "importance of dialogue between the two neighbors.\n\n"
            "In a separate call, Deputy Secretary Thornton and Vietnamese Deputy Foreign "
            "Minister Pham Quang Duc discussed ways to expand bilateral trade and investment. "
            "The Deputy Secretary emphasized U.S. support for a strong, independent, and "
            "prosperous Vietnam."
        ),
        "expected": {
            "types": {"call_readout", "statement"},
            "calls": [
                {
                    "participants": ["Thornton", "Rattanakul"],
                    "occurred_on": "2025-07-08",
                    "announced_by": "Benning",
                },
                {
                    # "In a separate call" gives no day: the date is not stated, so
                    # occurred_on is not expected (the extractor does not guess it).
                    "participants": ["Thornton", "Pham"],
                    "announced_by": "Benning",
                },
            ],
            "speakers": ["Benning", "Thornton"],
        },
    },
    {
        "id": "wc06_tass_call_according_to_ministry",
        "source": "TASS",
        "published_at": "2025-04-09T15:40:00+03:00",
        "headline": None,
        "note": "telephone conversation reported 'according to the ministry'",
        "body": (
            "MOSCOW, April 9. /TASS/. Russian Deputy Foreign Minister Andrei Kozlovsky and "
            "Iranian Deputy Foreign Minister Reza Tavakoli held a telephone conversation on "
            "Wednesday to discuss the situation around Iran's nuclear program, according to "
            "the Russian Foreign Ministry.\n\n"
            '"The sides exchanged views on the prospects for resuming negotiations on the '
            "Iranian nuclear issue and stressed the need to resolve it exclusively by "
            'political and diplomatic means," the ministry said in a statement.\n\n'
            "Kozlovsky also reaffirmed Moscow's readiness to help find mutually acceptable "
            "solutions, the ministry added."
        ),
        "expected": {
            "types": {"call_readout", "statement"},
            "calls": [
                {
                    "participants": ["Kozlovsky", "Tavakoli"],
                    "occurred_on": "2025-04-09",
                    "medium": "phone",
                }
            ],
            "speakers": ["Foreign Ministry", "Kozlovsky"],
        },
    },
    {
        "id": "wc07_china_mofa_phone_talks",
        "source": "Ministry of Foreign Affairs of the People's Republic of China",
        "published_at": "2025-01-15T22:10:00+08:00",
        "headline": (
            "Zhao Lihong Holds Phone Talks with Brazilian Foreign Minister Carlos Menezes"
        ),
        "note": ("Chinese MOFA release; Chinese family name first; explicit calendar date"),
        "body": (
            "Zhao Lihong Holds Phone Talks with Brazilian Foreign Minister Carlos Menezes\n\n"
            "On the evening of January 15, Foreign Minister Zhao Lihong held phone talks with "
            "Brazilian Foreign Minister Carlos Menezes at the latter's request.\n\n"
            "Zhao Lihong said that China and Brazil are both major developing countries and "
            "important members of the Global South. China stands ready to work with Brazil to "
            "implement the important common understandings reached by the two heads of state "
            "and to push for new progress in bilateral relations.\n\n"
            "Carlos Menezes said that Brazil firmly adheres to the one-China policy and looks "
            "forward to strengthening coordination with China within BRICS and the G20.\n\n"
            "The two sides also exchanged views on the Ukraine crisis."
        ),
        "expected": {
            "types": {"call_readout", "statement"},
            "calls": [
                {
                    "participants": ["Zhao", "Menezes"],
                    "occurred_on": "2025-01-15",
                    "medium": "phone",
                }
            ],
            "speakers": ["Zhao", "Menezes"],
        },
    },
    {
        "id": "wc08_ap_call_posted_on_x",
        "source": "AP",
        "published_at": "2025-05-22T17:45:00+02:00",
        "headline": None,
        "note": ("call announced by a participant on X; 'according to government figures' is data"),
        "body": (
            "PRAGUE (AP) — Czech Prime Minister Pavel Novotny spoke by phone on Thursday with "
            "Ukrainian President Oleksandr Hrytsenko about additional air defense systems and "
            "the supply of artillery ammunition, Novotny wrote on X.\n\n"
            "“We will keep supporting Ukraine for as long as it takes. Russia must not be "
            "rewarded for its aggression,” Novotny wrote.\n\n"
            "The Czech-led initiative has delivered more than 1.5 million artillery shells to "
            "Ukraine since early 2024, according to government figures.\n\n"
            "Hrytsenko thanked the Czech Republic for its “principled position,” according to "
            "a statement from his office."
        ),
        "expected": {
            "types": {"call_readout", "statement"},
            "calls": [
                {
                    "participants": ["Novotny", "Hrytsenko"],
                    "occurred_on": "2025-05-22",
                    "medium": "phone",
                    "announced_by": "Novotny",
                }
            ],
            "speakers": ["Novotny", "Hrytsenko"],
        },
    },
    {
        "id": "wc09_yonhap_video_call_early_tuesday_kst",
        "source": "Yonhap",
        "published_at": "2025-06-10T08:30:00+09:00",
        "headline": None,
        "note": (
            "published 08:30 KST = Monday in UTC: 'Tuesday' must resolve in the source's zone"
        ),
        "body": (
            "SEOUL, June 10 (Yonhap) -- Defense Minister Baek Jong-won held a video call with "
            "Adm. Marcus Reed, commander of U.S. Indo-Pacific Command, early Tuesday to "
            "discuss North Korea's ballistic missile launch over the weekend, the defense "
            "ministry said.\n\n"
            "Baek and Reed agreed to maintain a firm combined defense posture and to further "
            "strengthen trilateral security cooperation with Japan, according to the "
            "ministry.\n\n"
            "Reed reaffirmed Washington's ironclad commitment to the defense of South Korea, "
            "including extended deterrence using the full range of U.S. military "
            "capabilities, the ministry said."
        ),
        "expected": {
            "types": {"call_readout", "statement"},
            "calls": [
                {"participants": ["Baek", "Reed"], "occurred_on": "2025-06-10", "medium": "video"}
            ],
            "speakers": ["defense ministry", "Reed"],
        },
    },
    {
        "id": "wc10_yonhap_planned_calls",
        "source": "Yonhap",
        "published_at": "2025-06-13T15:00:00+09:00",
        "headline": None,
        "note": (
            "NEGATIVE call: only planned calls ('will hold phone talks', 'plans to speak by phone')"
        ),
        "body": (
            "SEOUL, June 13 (Yonhap) -- New Foreign Minister Seo Ji-hoon will hold phone "
            "talks with U.S. Secretary of State Robert Caldwell next week to discuss an "
            "upcoming summit between their leaders, a foreign ministry official said Friday.\n\n"
            "Seo also plans to speak by phone with his Japanese counterpart, Haruka Tanabe, "
            "the official told reporters on condition of anonymity.\n\n"
            '"The two calls are expected to take place early next week, but the exact dates '
            'are still being arranged with the U.S. and Japanese sides," the official said.\n\n'
            "Seo, a career diplomat who served as ambassador to Washington, was sworn in on "
            "Thursday."
        ),
        "expected": {"types": {"statement"}, "speakers": ["foreign ministry"]},
    },
    {
        "id": "wc11_yonhap_in_person_meeting_seoul",
        "source": "Yonhap",
        "published_at": "2025-09-25T17:20:00+09:00",
        "headline": None,
        "note": "NEGATIVE call: in-person talks in Seoul; statements in meeting",
        "body": (
            "SEOUL, Sept. 25 (Yonhap) -- Foreign Minister Seo Ji-hoon held talks with "
            "visiting Canadian Foreign Minister Elise Moreau in Seoul on Thursday and agreed "
            "to launch a new dialogue on economic security and supply chains.\n\n"
            "During the meeting at the foreign ministry, Seo said South Korea hopes to work "
            "with Canada on critical minerals and clean energy, noting that Canada is rich in "
            "the resources South Korean battery makers need.\n\n"
            "Moreau said Canada sees South Korea as an indispensable partner in the "
            "Indo-Pacific, according to a press release from the ministry.\n\n"
            "Moreau is on a three-day visit to Seoul, her first since taking office in May."
        ),
        "expected": {"types": {"statement"}, "speakers": ["Seo", "Moreau"]},
    },
    {
        "id": "wc12_reuters_called_for_restraint",
        "source": "Reuters",
        "published_at": "2025-10-14T09:30:00+00:00",
        "headline": None,
        "note": (
            "NEGATIVE call: 'called for restraint', 'called ... dangerous'; analysts are not "
            "officials"
        ),
        "body": (
            "BEIJING, Oct 14 (Reuters) - China called for restraint on Tuesday after a "
            "Philippine coast guard vessel and a Chinese ship collided near Scarborough "
            "Shoal, and blamed Manila for the incident.\n\n"
            '"We urge the Philippine side to stop its provocations and avoid actions that '
            'complicate the situation," Chinese foreign ministry spokesperson Gao Ming told a '
            "regular news briefing.\n\n"
            "The Philippine coast guard said two of its personnel were slightly injured and "
            'called the Chinese vessel\'s manoeuvre "dangerous and reckless".\n\n'
            "Analysts said the collision was the most serious in the area since 2024."
        ),
        "expected": {"types": {"statement"}, "speakers": ["Gao", "coast guard"]},
    },
    {
        "id": "wc13_ap_conversation_no_medium",
        "source": "AP",
        "published_at": "2025-03-09T20:00:00+01:00",
        "headline": None,
        "note": "NEGATIVE call: a bare 'conversation' with no medium",
        "body": (
            "BERLIN (AP) — German Foreign Minister Katrin Vogt had a conversation with "
            "Turkish Foreign Minister Mehmet Arslan on Sunday about the humanitarian "
            "situation in Syria and the return of refugees, the German Foreign Office said.\n\n"
            "Vogt stressed that any returns must be voluntary, safe and dignified, ministry "
            "spokesperson Ines Hartmann said.\n\n"
            "Arslan is due to visit Berlin next month."
        ),
        "expected": {"types": {"statement"}, "speakers": ["Foreign Office", "Hartmann", "Vogt"]},
    },
    {
        "id": "wc14_kyodo_unnamed_officials_video",
        "source": "Kyodo",
        "published_at": "2025-04-23T18:40:00+09:00",
        "headline": None,
        "note": "NEGATIVE call: video conference between unnamed officials",
        "body": (
            "TOKYO, April 23 Kyodo - Defense officials from Japan and China held a video "
            "conference on Wednesday on the operation of a hotline set up to prevent "
            "accidental clashes at sea and in the air, Japan's Defense Ministry said, without "
            "naming the participants.\n\n"
            "The officials confirmed the importance of using the mechanism appropriately, "
            "according to the ministry.\n\n"
            "The hotline, which began operating in 2023, has never been used in an emergency, "
            "a ministry official said."
        ),
        "expected": {"types": {"statement"}, "speakers": ["Defense Ministry"]},
    },
    {
        "id": "wc15_yonhap_sma_signed_won_dollars",
        "source": "Yonhap",
        "published_at": "2021-03-10T16:40:00+09:00",
        "headline": None,
        "note": (
            "SMA signed; won amount with bracketed dollar conversion and previous-year baseline"
        ),
        "body": (
            "SEOUL, March 10 (Yonhap) -- South Korea and the United States on Wednesday "
            "signed a six-year deal on sharing the cost of stationing American troops on the "
            "peninsula, ending a protracted impasse that had left thousands of Korean base "
            "workers on unpaid leave last year.\n\n"
            "Under the 11th Special Measures Agreement (SMA), which covers 2020 through 2025, "
            "Seoul will pay 1.18 trillion won (US$1.03 billion) this year, up 13.9 percent "
            "from 1.04 trillion won in 2019, the foreign ministry said.\n\n"
            "The contribution for 2020 was frozen at the 2019 level, and annual increases "
            "from 2022 will be linked to the growth rate of South Korea's defense budget.\n\n"
            '"The agreement restores stability to the alliance at a critical moment," chief '
            "negotiator Han Seung-woo told reporters after the signing ceremony in Seoul.\n\n"
            "The deal still needs parliamentary ratification."
        ),
        "expected": {
            "types": {"cost_sharing_deal", "statement"},
            "deal": {
                "parties": ["South Korea", "United States"],
                "amounts": [
                    (1_180_000_000_000, "KRW", "payment"),
                    (1_030_000_000, "USD", "equivalent"),
                    (1_040_000_000_000, "KRW", "previous"),
                ],
                "period": (2020, 2025),
            },
            "speakers": ["foreign ministry", "Han"],
        },
    },
    {
        "id": "wc16_kyodo_host_nation_support_yen",
        "source": "Kyodo",
        "published_at": "2022-01-07T21:15:00+09:00",
        "headline": None,
        "note": "Japan host-nation support in yen, fiscal years",
        "body": (
            "TOKYO, Jan. 7 Kyodo - Japan and the United States on Friday signed a new special "
            "agreement on host-nation support for U.S. forces in Japan, under which Tokyo "
            "will pay a total of 1.055 trillion yen (about $9.1 billion) over five years from "
            "fiscal 2022 through fiscal 2026.\n\n"
            "The total is about 5 percent larger than the 1.005 trillion yen Japan paid under "
            "the previous five-year pact, reflecting higher spending on joint training and "
            "equipment that improves the interoperability of the two countries' forces.\n\n"
            'Foreign Minister Haruka Tanabe said the new agreement would "further strengthen '
            'the deterrence and response capabilities of the Japan-U.S. alliance."\n\n'
            "The agreement, signed in Tokyo by Tanabe and U.S. Ambassador Thomas Whitcombe, "
            "requires approval by the Diet."
        ),
        "expected": {
            "types": {"cost_sharing_deal", "statement"},
            "deal": {
                "parties": ["Japan", "United States"],
                "amounts": [
                    (1_055_000_000_000, "JPY", "payment"),
                    (9_100_000_000, "USD", "equivalent"),
                    (1_005_000_000_000, "JPY", "previous"),
                ],
                "period": (2022, 2026),
            },
            "speakers": ["Tanabe"],
        },
    },
    {
        "id": "wc17_nato_common_funded_budgets",
        "source": "NATO",
        "published_at": None,
        "headline": "NATO Allies agree common-funded budgets for 2026",
        "note": (
            "NATO common-funded budgets agreed for one year; unattributed release -> no statement"
        ),
        "body": (
            "NATO Allies agree common-funded budgets for 2026\n\n"
            "The North Atlantic Council approved NATO's common-funded budgets for 2026 on "
            "Tuesday (9 December 2025). Allies settled on €492.6 million for the civil budget "
            "and €2.64 billion for the military budget, and fixed the ceiling of the NATO "
            "Security Investment Programme at €1.85 billion for the year.\n\n"
            "Each Ally pays a share of these budgets set by a cost-share formula that Allies "
            "have agreed among themselves and that is tied to national income. The civil "
            "budget pays for running NATO Headquarters in Brussels, while the military budget "
            "funds the NATO Command Structure as well as operations and missions.\n\n"
            "The increases reflect the decisions taken by Allied Heads of State and "
            "Government at the Summit in The Hague to strengthen deterrence and defence."
        ),
        "expected": {
            "types": {"cost_sharing_deal"},
            "deal": {
                "parties": ["NATO"],
                "amounts": [
                    (492_600_000, "EUR", None),
                    (2_640_000_000, "EUR", None),
                    (1_850_000_000, "EUR", None),
                ],
                "period": (2026, 2026),
            },
        },
    },
    {
        "id": "wc18_reuters_deal_as_background",
        "source": "Reuters",
        "published_at": "2025-08-28T06:10:00+00:00",
        "headline": None,
        "note": ("existing deal cited as background with its amount, in a troop-rotation story"),
        "body": (
            "SEOUL, Aug 28 (Reuters) - The United States will rotate a Stryker brigade into "
            "South Korea next month as part of a regular troop rotation, U.S. Forces Korea "
            "said on Thursday, amid speculation in Seoul that Washington could trim its "
            "presence on the peninsula.\n\n"
            '"There is no change to our force posture," spokesperson Col. Ryan Delgado said '
            "in a statement.\n\n"
            "About 28,500 U.S. troops are stationed in South Korea. Under a cost-sharing "
            "agreement that runs through 2025, Seoul pays about 1.3 trillion won ($970 "
            "million) a year toward their upkeep.\n\n"
            "U.S. President Donald Trump has said Seoul should pay far more for the American "
            "military presence."
        ),
        "expected": {
            "types": {"cost_sharing_deal", "statement"},
            "deal": {
                "parties": ["South Korea", "United States"],
                "amounts": [
                    (1_300_000_000_000, "KRW", "payment"),
                    (970_000_000, "USD", "equivalent"),
                ],
            },
            "speakers": ["Forces Korea", "Delgado", "Trump"],
        },
    },
    {
        "id": "wc19_yonhap_sma_initialed",
        "source": "Yonhap",
        "published_at": "2019-02-10T17:30:00+09:00",
        "headline": None,
        "note": "SMA initialed; one-year period",
        "body": (
            "SEOUL, Feb. 10 (Yonhap) -- South Korea and the United States on Sunday initialed "
            "a new one-year Special Measures Agreement (SMA) under which Seoul will "
            "contribute 1.04 trillion won (US$924 million) this year to the upkeep of the "
            "28,500-strong U.S. Forces Korea, up 8.2 percent from 960.2 billion won last "
            "year.\n\n"
            "Ahn Sung-jin, Seoul's chief negotiator, and his U.S. counterpart, Gregory Lyle, "
            "initialed the deal at the foreign ministry in Seoul.\n\n"
            "The accord covers only 2019, meaning the two sides will have to start talks on a "
            "deal for 2020 and beyond within months.\n\n"
            '"It is a reasonable outcome that reflects our contribution to the alliance," Ahn '
            "told reporters. He added the deal would be formally signed after a government "
            "review and then sent to the National Assembly for ratification."
        ),
        "expected": {
            "types": {"cost_sharing_deal", "statement"},
            "deal": {
                "parties": ["South Korea", "United States"],
                "amounts": [
                    (1_040_000_000_000, "KRW", "payment"),
                    (924_000_000, "USD", "equivalent"),
                    (960_200_000_000, "KRW", "previous"),
                ],
                "period": (2019, 2019),
            },
            "speakers": ["Ahn"],
        },
    },
    {
        "id": "wc20_ap_guam_agreed_in_principle",
        "source": "AP",
        "published_at": "2012-04-27T03:15:00+00:00",
        "headline": None,
        "note": "Guam relocation cost-sharing agreed in principle",
        "body": (
            "WASHINGTON (AP) — The United States and Japan have agreed in principle on a "
            "revised plan to move about 9,000 U.S. Marines off Okinawa, with Tokyo "
            "contributing $3.1 billion toward the cost of relocating some of them to Guam, "
            "officials from both countries said Thursday.\n\n"
            "The overall cost of the Guam move is now estimated at $8.6 billion.\n\n"
            "Japanese Defense Minister Takuya Ogura told reporters in Tokyo that the plan "
            '"will significantly reduce the burden on the people of Okinawa."\n\n'
            "A formal agreement is expected to be signed at a meeting of the two countries' "
            "foreign and defense ministers next month."
        ),
        "expected": {
            "types": {"cost_sharing_deal", "statement"},
            "deal": {
                "parties": ["Japan", "United States"],
                "amounts": [(3_100_000_000, "USD", "payment"), (8_600_000_000, "USD", None)],
            },
            "speakers": ["Ogura"],
        },
    },
    {
        "id": "wc21_yonhap_stalled_negotiations",
        "source": "Yonhap",
        "published_at": "2019-12-18T19:00:00+09:00",
        "headline": None,
        "note": ("NEGATIVE deal: stalled negotiations; bare reference to the current pact"),
        "body": (
            "SEOUL, Dec. 18 (Yonhap) -- South Korea and the United States wrapped up two days "
            "of talks on sharing the cost of stationing American troops here on Wednesday "
            "without reaching an agreement, with just two weeks left before the current pact "
            "expires.\n\n"
            'The two sides "narrowed differences to some extent" but still need more time, '
            "Seoul's chief negotiator Ahn Sung-jin told reporters after the fifth round of "
            "talks.\n\n"
            "Washington has been pressing for a sharp increase in Seoul's contribution, while "
            "Seoul insists any new deal should stay within the framework of the existing "
            "Special Measures Agreement, the foreign ministry said.\n\n"
            "The two sides plan to meet again in Washington next month."
        ),
        "expected": {"types": {"statement"}, "speakers": ["Ahn", "foreign ministry"]},
    },
    {
        "id": "wc22_reuters_trump_demand",
        "source": "Reuters",
        "published_at": "2019-11-19T08:00:00+00:00",
        "headline": None,
        "note": "NEGATIVE deal: a demand with an amount",
        "body": (
            "SEOUL (Reuters) - U.S. President Donald Trump has demanded that South Korea pay "
            "$5 billion a year toward the cost of keeping American troops on the peninsula, a "
            "fivefold increase that has alarmed lawmakers in Seoul, people familiar with the "
            "talks said.\n\n"
            '"South Korea is a very wealthy country. They should pay more for our '
            'protection," Trump told reporters at the White House on Monday.\n\n'
            'Seoul\'s foreign ministry said it would seek "a fair and reasonable" agreement '
            "that both sides can accept.\n\n"
            "A U.S. negotiating team walked out of talks in Seoul on Tuesday, saying South "
            "Korea's proposals were not responsive to its request for fair burden-sharing."
        ),
        "expected": {"types": {"statement"}, "speakers": ["Trump", "foreign ministry"]},
    },
    {
        "id": "wc23_reuters_trade_deal",
        "source": "Reuters",
        "published_at": "2025-07-23T21:00:00+00:00",
        "headline": None,
        "note": "NEGATIVE deal: a signed trade deal with amounts",
        "body": (
            "WASHINGTON, July 23 (Reuters) - The United States and Indonesia signed a trade "
            "agreement on Wednesday under which Jakarta will buy $15 billion of U.S. energy "
            "products and $4.5 billion of American farm goods, while Washington will cap "
            "tariffs on Indonesian exports at 19%.\n\n"
            '"This is a win for American farmers and energy workers," U.S. Commerce Secretary '
            "Jonathan Mercer said in a statement.\n\n"
            "Indonesian Coordinating Minister for Economic Affairs Bayu Hartono said the deal "
            "would give Indonesian textiles and footwear more predictable access to the U.S. "
            "market.\n\n"
            "The agreement also commits Indonesia to purchase 50 Boeing jets."
        ),
        "expected": {"types": {"statement"}, "speakers": ["Mercer", "Hartono"]},
    },
    {
        "id": "wc24_ap_arms_sale",
        "source": "AP",
        "published_at": "2023-08-22T20:10:00+00:00",
        "headline": None,
        "note": "NEGATIVE deal: an arms sale with an amount",
        "body": (
            "WASHINGTON (AP) — The State Department has approved the possible sale of 96 "
            "AH-64E Apache attack helicopters and related equipment to Poland in a deal "
            "valued at up to $12 billion, the Defense Security Cooperation Agency said "
            "Tuesday.\n\n"
            "The proposed sale \"will improve Poland's capability to meet current and future "
            'threats by providing a credible force capable of deterring adversaries," the '
            "agency said in a statement.\n\n"
            "Polish Deputy Defense Minister Marek Zielinski wrote on X that the helicopters "
            "would form the backbone of the country's new air cavalry brigades."
        ),
        "expected": {
            "types": {"statement"},
            "speakers": ["Defense Security Cooperation Agency", "Zielinski"],
        },
    },
    {
        "id": "wc25_yonhap_defense_budget",
        "source": "Yonhap",
        "published_at": "2025-08-29T11:00:00+09:00",
        "headline": None,
        "note": "NEGATIVE deal: a national defense budget",
        "body": (
            "SEOUL, Aug. 29 (Yonhap) -- The government plans to raise next year's defense "
            "budget by 8.2 percent to 66.3 trillion won (US$47.7 billion) to strengthen "
            "deterrence against North Korea's nuclear and missile threats, the defense "
            "ministry said Friday.\n\n"
            "The proposal, approved at a Cabinet meeting earlier in the day, earmarks 18.9 "
            "trillion won for force improvement programs, including the development of a "
            "homegrown surveillance satellite network.\n\n"
            "The budget bill will be submitted to the National Assembly next week."
        ),
        "expected": {"types": {"statement"}, "speakers": ["defense ministry"]},
    },
    {
        "id": "wc26_reuters_said_x_according_to",
        "source": "Reuters",
        "published_at": "2025-04-02T04:30:00+00:00",
        "headline": None,
        "note": "'said X' inversion and 'according to X'",
        "body": (
            "SYDNEY, April 2 (Reuters) - Australia will spend an extra A$1.2 billion over "
            "four years on long-range strike missiles, said Defence Minister Simon Hollis on "
            "Wednesday, as Canberra seeks to strengthen its military in response to China's "
            "growing naval reach.\n\n"
            '"This is about making sure no potential adversary can operate near our northern '
            'approaches without risk," said Hollis, speaking at a naval base in Darwin.\n\n'
            "The purchases will be funded from within the existing defence budget, according "
            "to Finance Minister Claire Dunmore.\n\n"
            "Chinese warships held live-fire drills in the Tasman Sea in February, prompting "
            "complaints from Australia and New Zealand."
        ),
        "expected": {"types": {"statement"}, "speakers": ["Hollis", "Dunmore"]},
    },
    {
        "id": "wc27_kyodo_she_said",
        "source": "Kyodo",
        "published_at": "2025-05-13T18:30:00+09:00",
        "headline": None,
        "note": ("'she said' resolved to the previously named minister; 'told reporters'"),
        "body": (
            "TOKYO, May 13 Kyodo - Foreign Minister Haruka Tanabe held a press conference on "
            "Tuesday after Chinese coast guard ships entered Japanese territorial waters "
            "around the Senkaku Islands for the fourth straight day.\n\n"
            '"It is extremely regrettable. We have lodged a strong protest with the Chinese '
            'side through diplomatic channels," she said.\n\n'
            "Chief Cabinet Secretary Hiroshi Kameda told reporters that the government would "
            'continue to respond "calmly and resolutely" to protect Japanese territory.\n\n'
            "The uninhabited islets in the East China Sea are controlled by Japan but claimed "
            "by China, which calls them Diaoyu."
        ),
        "expected": {"types": {"statement"}, "speakers": ["Tanabe", "Kameda"]},
    },
    {
        "id": "wc28_china_mofa_transcript",
        "source": "Ministry of Foreign Affairs of the People's Republic of China",
        "published_at": "2025-03-12T19:00:00+08:00",
        "headline": (
            "Foreign Ministry Spokesperson Lin Wei's Regular Press Conference on March 12, 2025"
        ),
        "note": "press-conference transcript with 'Name:' lines",
        "body": (
            "Foreign Ministry Spokesperson Lin Wei's Regular Press Conference on March 12, "
            "2025\n\n"
            "AFP: The Philippine government said on Tuesday that Chinese vessels fired water "
            "cannon at a fisheries bureau ship near Sandy Cay. What's your response?\n\n"
            "Lin Wei: The China Coast Guard took necessary measures in accordance with the "
            "law to expel Philippine vessels that intruded into the waters of Tiexian Jiao. "
            "The operation was professional, standard and legitimate. We urge the Philippines "
            "to stop its infringement and provocations.\n\n"
            "Bloomberg: Will China send a delegation to the upcoming G20 finance ministers' "
            "meeting?\n\n"
            "Lin Wei: I'd refer you to the competent authorities for specifics."
        ),
        "expected": {"types": {"statement"}, "speakers": ["Lin"]},
    },
    {
        "id": "wc29_korea_mofa_spokesperson_transcript",
        "source": "Ministry of Foreign Affairs of the Republic of Korea",
        "published_at": "2025-05-20T16:00:00+09:00",
        "headline": (
            "Regular Press Briefing by Foreign Ministry Spokesperson Park Soo-min (May 20, 2025)"
        ),
        "note": ("transcript with 'Spokesperson:' lines; the spokesperson is named in the title"),
        "body": (
            "Regular Press Briefing by Foreign Ministry Spokesperson Park Soo-min (May 20, "
            "2025)\n\n"
            "Q: Japan's latest diplomatic bluebook again claims Dokdo as Japanese territory. "
            "What is the government's position?\n\n"
            "Spokesperson: The government strongly protests Japan's repeated unjust claim to "
            "Dokdo, which is clearly an integral part of our territory historically, "
            "geographically and under international law. We urge the Japanese government to "
            "withdraw the claim immediately.\n\n"
            "Q: Is there any update on the planned visit of the Chinese foreign minister?\n\n"
            "Spokesperson: Nothing has been decided yet. We will let you know when the "
            "schedule is finalized."
        ),
        "expected": {"types": {"statement"}, "speakers": ["Park"]},
    },
    {
        "id": "wc30_yonhap_institutions_conjoined",
        "source": "Yonhap",
        "published_at": "2025-11-05T14:00:00+09:00",
        "headline": None,
        "note": "institution speakers; two conjoined ministries",
        "body": (
            "SEOUL, Nov. 5 (Yonhap) -- North Korea fired several short-range ballistic "
            "missiles toward the East Sea on Wednesday, the Joint Chiefs of Staff (JCS) said, "
            "in its first missile launch in two months.\n\n"
            "The missiles were launched from the Hwangju area in North Hwanghae Province at "
            "around 7:40 a.m. and flew about 350 kilometers, the JCS said in a text message "
            "to reporters.\n\n"
            "The defense ministry and the unification ministry said in separate statements "
            "that the launch was a clear violation of U.N. Security Council resolutions and "
            "urged Pyongyang to stop its provocations.\n\n"
            "Tokyo said the missiles appeared to have fallen outside Japan's exclusive "
            "economic zone."
        ),
        "expected": {
            "types": {"statement"},
            "speakers": ["Joint Chiefs of Staff", "defense ministry", "unification ministry"],
        },
    },
    {
        "id": "wc31_reuters_wrote_on_x_ministry_spokesperson",
        "source": "Reuters",
        "published_at": "2025-09-03T10:00:00+00:00",
        "headline": None,
        "note": "'wrote on X'; unnamed ministry spokesperson -> the ministry",
        "body": (
            "MANILA, Sept 3 (Reuters) - The Philippines accused China on Wednesday of "
            'deploying a "monster" coast guard ship to intimidate fishermen near Scarborough '
            "Shoal, National Security Adviser Eduardo Castillo wrote on X.\n\n"
            '"The presence of this vessel inside our exclusive economic zone is illegal and '
            'provocative," Castillo wrote.\n\n'
            "Asked about the deployment, a Chinese foreign ministry spokesperson said Chinese "
            "coast guard vessels were conducting routine law enforcement patrols in China's "
            "own waters.\n\n"
            "Scarborough Shoal, a prime fishing spot, has been a flashpoint since China "
            "seized it in 2012."
        ),
        "expected": {"types": {"statement"}, "speakers": ["Castillo", "foreign ministry"]},
    },
    {
        "id": "wc32_reuters_economist_data",
        "source": "Reuters",
        "published_at": "2024-11-22T00:30:00+00:00",
        "headline": None,
        "note": "NEGATIVE: economist quote, 'data showed', poll",
        "body": (
            "TOKYO, Nov 22 (Reuters) - Japan's core consumer prices rose 2.3% in October from "
            "a year earlier, government data showed on Friday, slowing for a second month as "
            "the effect of energy subsidies kicked in.\n\n"
            "The core index, which excludes volatile fresh food, compared with a median "
            "market forecast for a 2.2% gain, according to a Reuters poll of economists.\n\n"
            '"Underlying inflation remains firm, which keeps a December rate hike on the '
            'table," said Kenta Shimizu, chief economist at Hoshino Research Institute.\n\n'
            "Services prices rose 1.5%, the data showed, as companies passed on higher labour "
            "costs."
        ),
        "expected": {"types": set()},
    },
    {
        "id": "wc33_yonhap_news_agency_reported",
        "source": "Yonhap",
        "published_at": "2025-01-07T09:00:00+09:00",
        "headline": None,
        "note": "NEGATIVE: only media attributions ('news agency reported')",
        "body": (
            "SEOUL, Jan. 7 (Yonhap) -- North Korea successfully test-fired a new "
            "intermediate-range hypersonic missile on Monday, the Korean Central News Agency "
            "(KCNA) reported Tuesday.\n\n"
            "The missile flew about 1,500 kilometers before landing in waters off the east "
            "coast, according to the KCNA report.\n\n"
            "Japan's Kyodo News also reported that the missile fell outside Japan's exclusive "
            "economic zone.\n\n"
            "The launch came two weeks before the inauguration of a new U.S. administration."
        ),
        "expected": {"types": set()},
    },
    {
        "id": "wc34_kyodo_joint_verbs_meeting",
        "source": "Kyodo",
        "published_at": "2025-10-02T20:45:00+09:00",
        "headline": None,
        "note": "NEGATIVE: joint verbs only, unnamed diplomats, in person",
        "body": (
            "TOKYO, Oct. 2 Kyodo - Senior diplomats of Japan, the United States and South "
            "Korea met in Tokyo on Thursday and agreed to strengthen coordination in "
            "responding to North Korea's theft of cryptocurrency.\n\n"
            "The three sides exchanged views on the situation on the Korean Peninsula and "
            "discussed ways to cut off Pyongyang's illicit revenue streams. They also shared "
            "the recognition that military cooperation between Russia and North Korea poses a "
            "serious threat.\n\n"
            "The meeting was the first of its kind since the launch of a trilateral working "
            "group in 2023."
        ),
        "expected": {"types": set()},
    },
    {
        "id": "wc35_japan_mofa_call_joint_verbs_only",
        "source": "Ministry of Foreign Affairs of Japan",
        "published_at": "2025-06-03T20:00:00+09:00",
        "headline": "Japan-Philippines Foreign Ministers' Telephone Talks",
        "note": (
            "call with joint verbs only -> no statement; Japanese MOFA capitalized family name"
        ),
        "body": (
            "Japan-Philippines Foreign Ministers' Telephone Talks\n\n"
            "On June 3, commencing at 4:30 p.m. for approximately 25 minutes, Ms. TANABE "
            "Haruka, Minister for Foreign Affairs of Japan, held a telephone talk with H.E. "
            "Mr. Enrique Salcedo, Secretary of Foreign Affairs of the Republic of the "
            "Philippines. The overview of the talk is as follows.\n\n"
            "1. The two ministers welcomed the entry into force of the Japan-Philippines "
            "Reciprocal Access Agreement and concurred on further advancing security and "
            "defense cooperation between the two countries.\n\n"
            "2. The two ministers also exchanged views on regional affairs, including the "
            "situations in the South China Sea and North Korea, and confirmed that they will "
            "continue to coordinate closely."
        ),
        "expected": {
            "types": {"call_readout"},
            "calls": [
                {
                    "participants": ["Tanabe", "Salcedo"],
                    "occurred_on": "2025-06-03",
                    "medium": "phone",
                }
            ],
        },
    },
    {
        "id": "wc36_state_public_schedule",
        "source": "U.S. Department of State",
        "published_at": "2025-04-15T07:00:00-04:00",
        "headline": "Public Schedule – April 15, 2025",
        "note": "NEGATIVE: a schedule (scheduled phone call, press call time)",
        "body": (
            "Public Schedule – April 15, 2025\n\n"
            "SECRETARY OF STATE ROBERT CALDWELL\n\n"
            "9:30 a.m. Secretary Caldwell meets with Finnish Foreign Minister Aino Lehtinen, "
            "at the Department of State. (POOLED PRESS SPRAY AT THE TOP)\n\n"
            "11:00 a.m. Secretary Caldwell participates in a phone call with Egyptian Foreign "
            "Minister Karim Nassar. (CLOSED PRESS)\n\n"
            "2:00 p.m. Secretary Caldwell attends a Cabinet meeting, at the White House. "
            "(CLOSED PRESS)\n\n"
            "DEPUTY SECRETARY OF STATE PAUL THORNTON\n\n"
            "10:00 a.m. Deputy Secretary Thornton hosts a press call on the upcoming Summit "
            "on Infrastructure Finance. (CALL TIME 9:45 a.m.)"
        ),
        "expected": {"types": set()},
    },
]


def case_article(case: dict[str, Any]) -> RawArticle:
    """The RawArticle of one wire case."""
    published = case["published_at"]
    return RawArticle(
        id=case["id"],
        source=case["source"],
        headline=case["headline"],
        published_at=datetime.fromisoformat(published) if published else None,
        body=case["body"],
    )
