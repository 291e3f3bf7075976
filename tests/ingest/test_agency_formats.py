"""IPTC ninjs and NewsML-G2 items read into RawArticles (no Kafka; the broker path is in
test_agency_ingest.py).

Two kinds of input: IPTC's own example items, read where they lie in ../shared/specs
(never copied), with every mapped field checked against values read off the files by a
person; and our own items carrying the seed article in each format, which must give
exactly the seed's events.
"""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest
from defusedxml.ElementTree import fromstring

from schemas import RawArticle
from streams.core import extract_events
from streams.ingest.markup import element_to_text, html_to_text
from streams.ingest.readers import InputError, read_articles
from tests.support.cli import wirestream

REPO = Path(__file__).resolve().parents[2]
AGENCY = REPO / "tests" / "fixtures" / "agency"
SEED = REPO / "seeds" / "000_a3735ce1eb85095f.txt"
KST = timezone(timedelta(hours=9))


def specs_dir() -> Path:
    """IPTC's examples in the shared checkout next to the repository (as CI has it)."""
    found = Path(os.environ.get("WIRESTREAM_SPECS_DIR", REPO.parent / "shared" / "specs"))
    if not found.is_dir():
        pytest.fail(f"IPTC examples not found at {found} (set WIRESTREAM_SPECS_DIR)")
    return found


def _read(path: Path | str, **kwargs: Any) -> list[RawArticle | InputError]:
    return list(read_articles(str(path), **kwargs))


def _one(path: Path | str, **kwargs: Any) -> RawArticle:
    (article,) = _read(path, **kwargs)
    assert isinstance(article, RawArticle), article
    return article


def _events(article: RawArticle) -> list[tuple[Any, ...]]:
    """What an event says, without ids, offsets or the article's own fields."""
    out = []
    for event in extract_events(article):
        data = event.model_dump(mode="json")
        out.append(
            (
                data["event_type"],
                data["occurred_on"],
                orjson.dumps(data.get("participants")),
                orjson.dumps(data.get("speaker")),
                orjson.dumps(data.get("amounts")),
                data.get("quote"),
                tuple(e["text"] for e in data["evidence"]),
            )
        )
    return out


SEED_ARTICLE = RawArticle(
    id="seed",
    source="Yonhap",
    body=SEED.read_text(encoding="utf-8"),
    published_at=datetime(2025, 1, 24, 9, 0, tzinfo=KST),
)


@pytest.mark.parametrize(
    ("name", "format_name"),
    [
        ("seed.ninjs1.json", "ninjs 1"),
        ("seed.ninjs2.json", "ninjs 2"),
        ("seed.ninjs3.json", "ninjs 3"),
        ("seed.newsml.xml", "NewsML-G2"),
    ],
)
def test_our_agency_items_give_exactly_the_seeds_events(name: str, format_name: str) -> None:
    article = _one(AGENCY / name)
    assert article.id == "urn:newsml:yna.co.kr:20250124:AEN20250124000451315"
    assert article.source == "Yonhap"
    assert article.published_at == datetime(2025, 1, 24, 9, 0, tzinfo=KST)
    assert article.headline is not None and article.headline.startswith("Rubio, NATO chief")
    assert article.language == "en"
    assert article.meta is not None and article.meta.format == format_name
    assert article.meta.urgency == 3 and article.meta.pub_status == "usable"
    expected = _events(SEED_ARTICLE)
    assert len(expected) == 9
    assert _events(article) == expected


def test_markup_keeps_paragraphs_and_line_breaks_deterministically() -> None:
    html = (
        "<section><h1>Title</h1><p>One  <b>bold</b>\n word &amp; more.</p>"
        "<p>Line a<br/>line b</p><script>skip()</script><ul><li>item</li></ul></section>"
    )
    assert html_to_text(html) == "Title\n\nOne bold word & more.\n\nLine a\nline b\n\nitem"
    assert html_to_text(html) == html_to_text(html)
    table = "<table><tr><th>Year</th><th>Won</th></tr><tr><td>2026</td><td>1.52 tril.</td></tr>"
    assert html_to_text(table + "</table>") == "Year Won\n\n2026 1.52 tril."
    nitf = fromstring(f"<body.content>{table}</table><p>After.</p></body.content>")
    assert element_to_text(nitf) == "Year Won\n\n2026 1.52 tril.\n\nAfter."


# IPTC's example items and what each must become, read off the files by a person: the
# file, the exact id (uri/guid), source (None: the caller's --source fills in), headline
# and body starts, language, published_at, and meta's (version, urgency, pub_status).
AP = "http://ninjs.example.com/newsitems/20130709"
AP_HEADLINE = "Captain of wrecked cruise ship on trial in Italy"
AP_BODY = "GROSSETO, Italy (AP) -- The trial of the captain of the shipwrecked Costa Concordia"
AP_TIME = "2013-07-09T10:37:00+00:00"
DPA = "urn:newsml:dpa.com:20090101:190510-99-167362"
TT = "http://tt.se/media/text/210526-militarovning-a0f2d045"
Meta = tuple[str | None, int | None, str | None]
EXAMPLES: list[tuple[str, str, str | None, str, str, str, str, Meta]] = [
    ("ninjs/examples/1.4_ninjsExMediumText1.json", AP + "med123", None, AP_HEADLINE,
     "en", AP_BODY, AP_TIME, (None, None, None)),
    ("ninjs/examples/2.1_dpa_text.json", DPA, "dpa", "Faktencheck Derby-Elfmeter", "de",
     "Für Lucien Favre war es «der größte Skandal im Fußball seit Jahren».",
     "2019-05-10T16:02:28+02:00", ("2", 4, "usable")),
    ("ninjs/examples/2.1_tt_text_image_2.json", TT, "TT", "Militärövning i jätteformat hålls 2023",
     "sv", "Militärövning i jätteformat hålls 2023\nFörsvar TT\nPandemin satte stopp",
     "2021-05-26T13:40:18+02:00", ("1", 3, "usable")),
    ("ninjs/examples/3.0_dpa_text.json", DPA, "dpa", "Faktencheck Derby-Elfmeter", "de",
     "Für Lucien Favre war es «der größte Skandal im Fußball seit Jahren».",
     "2019-05-10T16:02:28+02:00", ("2", 4, "usable")),
    ("ninjs/examples/3.0_ninjsExSimpleText_3.json", AP + "simp123", None, AP_HEADLINE,
     "en", AP_BODY, AP_TIME, (None, None, None)),  # no language: the default, "en"
    ("ninjs/examples/3.0_tt_text_image_3.json", TT, "TT", "Militärövning i jätteformat hålls 2023",
     "sv", "Militärövning i jätteformat hålls 2023\nFörsvar TT\nPandemin satte stopp",
     "2021-05-26T13:40:18+02:00", ("1", 3, "usable")),
    ("ninjs/examples/doc_1.6_005_complex_text_article.json", AP + "med123", None, AP_HEADLINE,
     "en", AP_BODY, AP_TIME, (None, None, None)),
    ("ninjs/examples/doc_2.2_005_complex_text_article.json", AP + "med123", None, AP_HEADLINE,
     "en", AP_BODY, AP_TIME, (None, None, None)),
    ("ninjs/examples/doc_3.1_004_simple_text_article.json", AP + "simp123", None, AP_HEADLINE,
     "en", AP_BODY, AP_TIME, (None, None, None)),
    ("ninjs/examples/doc_3.1_005_complex_text_article.json", AP + "med123", None, AP_HEADLINE,
     "en", AP_BODY, AP_TIME, (None, None, None)),
    ("newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml",
     "urn:newsml:acmenews.com:20161121:US-FINANCE-FED", "Acme News and Media LLC",
     'Fed to halt QE to avert "bubble"', "en-US", "(New York, NY - October 21) Et, sent",
     "2018-11-21T16:25:32-05:00", ("11", None, "usable")),
    ("newsml-g2/examples/LISTING_22_Sports_story_in_NewsML-G2NITF.xml",
     "tag:xmlteam.com,2016:xt.5932656-preview", None,
     "Preview: Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24)", "en-US",
     "(Sports Network) - A pair of teams", "2018-10-19T11:45:00-04:00", ("11", None, "usable")),
]  # fmt: skip
REFUSED = [
    ("ninjs/examples/2.1_ntb_text.json", "ninjs item has no text body"),
    ("ninjs/examples/3.0_ntb_text.json", "ninjs item has no text body"),
    (
        "newsml-g2/examples/LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml",
        "the root element is <contentSet>",
    ),
]


@pytest.mark.parametrize(
    ("path", "uri", "source", "headline", "language", "body", "published_at", "meta"),
    EXAMPLES,
    ids=[e[0].rsplit("/", 1)[1] for e in EXAMPLES],
)
def test_iptc_examples_map_to_raw_articles(
    path: str,
    uri: str,
    source: str | None,
    headline: str,
    language: str,
    body: str,
    published_at: str,
    meta: Meta,
) -> None:
    article = _one(specs_dir() / path, source="Caller Desk")
    assert article.id == uri
    assert article.source == (source or "Caller Desk")  # the caller's --source fills in
    assert article.headline is not None and article.headline.startswith(headline)
    assert article.language == language
    assert article.body.startswith(body)
    assert article.published_at == datetime.fromisoformat(published_at)
    assert article.meta is not None
    assert (article.meta.version, article.meta.urgency, article.meta.pub_status) == meta
    major = path.rsplit("/", 1)[1].removeprefix("doc_")[0]  # files are named by version
    assert article.meta.format == ("NewsML-G2" if path.endswith(".xml") else f"ninjs {major}")
    assert "<" not in article.body  # markup became text
    assert "\n\n\n" not in article.body and article.body == article.body.strip()


def test_every_iptc_text_example_is_accounted_for() -> None:
    found = sorted(
        str(p.relative_to(specs_dir()))
        for p in specs_dir().rglob("*")
        if p.suffix in (".json", ".xml") and "examples" in p.parts
    )
    assert found == sorted([e[0] for e in EXAMPLES] + [r[0] for r in REFUSED])


@pytest.mark.parametrize(("path", "reason"), REFUSED, ids=[r[0].rsplit("/", 1)[1] for r in REFUSED])
def test_iptc_examples_without_an_article_are_refused_with_a_reason(path: str, reason: str) -> None:
    (result,) = _read(specs_dir() / path)
    assert isinstance(result, InputError) and reason in result.message


def test_the_iptc_metadata_travels_in_meta() -> None:
    article = _one(specs_dir() / "ninjs/examples/3.0_tt_text_image_3.json")
    assert article.meta is not None
    assert (article.meta.format, article.meta.version, article.meta.urgency) == ("ninjs 3", "1", 3)
    assert article.meta.slugline == "militärövning"
    assert article.meta.places == ["Sverige", "Gotland", "Finland"]
    assert article.meta.subjects == ["Krig, konflikter och oroligheter"]
    newsml = _one(specs_dir() / "newsml-g2/examples/LISTING_2_NewsML-G2_Text_Document.xml")
    assert newsml.meta is not None and newsml.meta.version == "11"
    assert newsml.meta.subjects[:2] == ["economy, business and finance", "central bank"]
    assert newsml.published_at == datetime(2018, 11, 21, 21, 25, 32, tzinfo=UTC)


def _ninjs(tmp_path: Path, item: dict[str, Any], name: str = "item.json") -> Path:
    path = tmp_path / name
    path.write_bytes(orjson.dumps(item))
    return path


BASE = {
    "uri": "urn:test:wire:1",
    "version": "1",
    "versioncreated": "2026-02-03T10:00:00+09:00",
    "headlines": [{"role": "main", "value": "Talks resume"}],
    "bodies": [{"contenttype": "text/plain", "value": "SEOUL (Test Wire) -- Talks resumed."}],
}


def test_a_corrected_version_is_the_same_article(tmp_path: Path) -> None:
    first = _one(_ninjs(tmp_path, BASE, "v1.json"))
    second = _one(_ninjs(tmp_path, {**BASE, "version": "2"}, "v2.json"))
    assert first.id == second.id == "urn:test:wire:1"
    assert (first.meta and first.meta.version, second.meta and second.meta.version) == ("1", "2")


@pytest.mark.parametrize("status", ["canceled", "withheld"])
def test_a_withdrawn_item_travels_marked_with_its_status(tmp_path: Path, status: str) -> None:
    # A kill notice without text: its headline stands as body (nothing is extracted from it).
    article = _one(_ninjs(tmp_path, {**BASE, "pubstatus": status, "bodies": []}))
    assert article.meta is not None and article.meta.pub_status == status
    assert article.withdrawn == status and article.body == "Talks resume"
    bare = {k: v for k, v in BASE.items() if k not in ("bodies", "headlines")}
    nothing = _one(_ninjs(tmp_path, {**bare, "pubstatus": status}, "bare.json"))
    assert nothing.body == f"Withdrawn by the agency: pubStatus {status}."
    xml = (AGENCY / "seed.newsml.xml").read_text(encoding="utf-8")
    path = tmp_path / "withdrawn.xml"
    path.write_text(xml.replace("stat:usable", f"stat:{status}"), encoding="utf-8")
    newsml = _one(path)
    assert newsml.withdrawn == status and newsml.body == _one(AGENCY / "seed.newsml.xml").body
    path.write_text(xml.replace("stat:usable", "stat:cancelled"), encoding="utf-8")
    assert _one(path).withdrawn == "canceled"  # the British spelling is the same status
    usable = _one(_ninjs(tmp_path, {**BASE, "pubstatus": "usable"}, "usable.json"))
    assert usable.withdrawn is None


def test_classify_gives_a_withdrawn_item_no_events_and_says_why(tmp_path: Path) -> None:
    seed = orjson.loads((AGENCY / "seed.ninjs2.json").read_bytes())
    killed = _ninjs(tmp_path, {**seed, "pubstatus": "canceled", "version": "5"})
    result = wirestream("classify", str(AGENCY / "seed.ninjs2.json"), str(killed))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 9  # the usable version's events only
    assert result.stderr == (
        "wirestream classify: article urn:newsml:yna.co.kr:20250124:AEN20250124000451315: "
        "pubStatus 'canceled': withdrawn by the agency, no events\n"
    )


def test_an_item_against_its_schema_names_the_field(tmp_path: Path) -> None:
    bad = _ninjs(tmp_path, {**BASE, "urgency": "high"})
    good = _ninjs(tmp_path, {**BASE, "uri": "urn:test:wire:2"}, "good.json")
    (result,) = _read(bad)
    assert isinstance(result, InputError)
    assert result.message.startswith("not a valid ninjs 2.2 item: urgency: 'high'")
    assert isinstance(_one(good), RawArticle)  # a bad item never stops the next


def test_an_array_and_json_lines_of_ninjs_items(tmp_path: Path) -> None:
    items = [BASE, {**BASE, "uri": "urn:test:wire:2"}, {**BASE, "urgency": "high"}]
    array = _read(_ninjs(tmp_path, items, "items.json"))  # type: ignore[arg-type]
    lines = tmp_path / "items.jsonl"
    lines.write_bytes(b"\n".join(orjson.dumps(i) for i in items) + b"\n")
    for results in (array, _read(lines)):
        assert [r.id for r in results if isinstance(r, RawArticle)] == [
            "urn:test:wire:1",
            "urn:test:wire:2",
        ]
        (error,) = [r for r in results if isinstance(r, InputError)]
        assert error.location.endswith(":3") or "item 3" in error.message


def test_newsml_on_stdin() -> None:
    data = (AGENCY / "seed.newsml.xml").read_bytes()
    (article,) = read_articles("-", stdin=io.BytesIO(data))
    assert isinstance(article, RawArticle) and article.meta is not None
    assert article.meta.format == "NewsML-G2"


def test_source_is_the_copyright_holder_else_the_supplier(tmp_path: Path) -> None:
    supplied = {**BASE, "infosources": [{"role": "originator"}, {"name": "Test Wire"}]}
    assert _one(_ninjs(tmp_path, supplied)).source == "Test Wire"
    held = {**supplied, "copyrightholder": "Holder"}
    assert _one(_ninjs(tmp_path, held, "held.json"), source="Desk").source == "Holder"
    xml = (AGENCY / "seed.newsml.xml").read_text(encoding="utf-8")
    xml = xml.replace("<copyrightHolder><name>Yonhap</name></copyrightHolder>", "")
    path = tmp_path / "provider.xml"
    path.write_text(
        xml.replace('<provider literal="Yonhap"/>', "<provider><name>P</name></provider>")
    )
    assert _one(path, source="Desk").source == "P"
