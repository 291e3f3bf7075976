"""RSS/Atom → RawArticle and HTML → text: pure functions, no Kafka, no network."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas import MAX_BODY_BYTES, RawArticle
from streams.ingest.feeds import (
    FeedItem,
    ParsedFeed,
    html_to_text,
    looks_like_feed,
    parse_feed,
    plain_text,
)
from streams.ingest.readers import InputError
from streams.records.articles import derive_article_id

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
RSS = FEEDS / "wire.rss"
ATOM = FEEDS / "wire.atom"


def _articles(feed: ParsedFeed) -> list[RawArticle]:
    return [i.result for i in feed.items if isinstance(i.result, RawArticle)]


def _errors(feed: ParsedFeed) -> list[InputError]:
    return [i.result for i in feed.items if isinstance(i.result, InputError)]


def _rss(*items: str, title: str = "Test Wire") -> bytes:
    body = "".join(f"<item>{item}</item>" for item in items)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://w.example.test/</link><description>d</description>{body}"
        "</channel></rss>"
    ).encode()


# --- HTML to text ----------------------------------------------------------------------


def test_html_paragraphs_become_blank_line_separated() -> None:
    html = "<p>First paragraph.</p>\n<p>Second\n   paragraph,\twrapped.</p><div>Third.</div>"
    assert html_to_text(html) == "First paragraph.\n\nSecond paragraph, wrapped.\n\nThird."


def test_html_entities_are_unescaped() -> None:
    html = (
        "<p>Tariffs &amp; quotas &#8212; &quot;talks&quot; at 5&nbsp;p.m. &lt;ok&gt; &#x2019;</p>"
    )
    assert html_to_text(html) == 'Tariffs & quotas — "talks" at 5 p.m. <ok> ’'


def test_html_inline_markup_keeps_word_spacing() -> None:
    html = "<p>The <b>trade</b> <i>office</i> said<a href='x'> it</a> welcomed it.</p>"
    assert html_to_text(html) == "The trade office said it welcomed it."


def test_html_br_is_a_line_break_inside_a_paragraph() -> None:
    assert html_to_text("<p>Line one<br>line two<br/>line three</p>") == (
        "Line one\nline two\nline three"
    )


def test_html_scripts_styles_and_comments_are_dropped() -> None:
    html = "<style>p{}</style><p>Kept<!-- hidden --> text.</p><script>var x = 1;</script>"
    assert html_to_text(html) == "Kept text."


def test_html_lists_and_headings_are_paragraphs() -> None:
    html = "<h2>Heading</h2><ul><li>one</li><li>two</li></ul>after"
    assert html_to_text(html) == "Heading\n\none\n\ntwo\n\nafter"


def test_html_pre_keeps_its_line_breaks() -> None:
    assert html_to_text("<pre>a  b\nc</pre>") == "a b\nc"


def test_html_without_text_is_empty() -> None:
    assert html_to_text('<p> <img src="x.jpg"/> </p>') == ""
    assert html_to_text("") == ""


def test_plain_text_normalizes_paragraphs() -> None:
    assert plain_text("  one\r\n two \n\n\n three  \n") == "one\ntwo\n\nthree"


def test_looks_like_feed() -> None:
    assert looks_like_feed(b'\xef\xbb\xbf  <?xml version="1.0"?><rss>')
    assert looks_like_feed(b"<rss version='2.0'>")
    assert looks_like_feed(b'\n<feed xmlns="http://www.w3.org/2005/Atom">')
    assert looks_like_feed(b"<rdf:RDF xmlns:rdf='x'>")
    assert not looks_like_feed(b'{"body": "x"}')
    assert not looks_like_feed(b"SEOUL, May 1 (Wire) -- text")


# --- RSS 2.0 ---------------------------------------------------------------------------


def test_rss_items_become_articles() -> None:
    feed = parse_feed(RSS.read_bytes(), "wire.rss")
    assert feed.error is None
    assert feed.title == "Harbor Wire Service"
    call, _ = _articles(feed)

    assert call.source == "Harbor Wire Service"
    assert call.headline == "Ministers of Veldoria and Ostmark hold phone call on port tariffs"
    assert call.url == "https://wire.example.test/news/2031/0412-call"
    assert call.language == "en"
    # +0900 normalized to UTC, as an aware datetime.
    assert call.published_at == datetime(2031, 4, 12, 0, 30, tzinfo=UTC)
    assert call.body == (
        "LUMEN, April 12 (Harbor) -- Veldoria’s Foreign Minister Ilsa Marren held a phone "
        "call with her Ostmark counterpart Tomas Brenn on Friday, the ministry said.\n\n"
        "The two discussed port tariffs & fishing quotas, a ministry spokesperson said."
    )
    assert call.id == derive_article_id(call.source, call.body, call.url)


def test_rss_content_encoded_wins_over_description_and_html_is_stripped() -> None:
    _, accord = _articles(parse_feed(RSS.read_bytes(), "wire.rss"))
    assert accord.headline == 'Trade office "welcomes" shipping accord'
    assert accord.published_at == datetime(2031, 4, 12, 2, 15, tzinfo=UTC)
    assert accord.body == (
        "Accord\n\nKESTREL, April 12 (Harbor) -- The trade office said it welcomed the "
        "shipping accord signed on Thursday.\n\nOfficials said the accord covers 2031 to 2035."
    )
    assert "<" not in accord.body and "track()" not in accord.body


def test_rss_item_without_text_is_rejected_with_location_index_and_guid() -> None:
    feed = parse_feed(RSS.read_bytes(), "feeds/wire.rss")
    [error] = _errors(feed)
    assert error.location == "feeds/wire.rss"
    assert error.message.startswith("item 3 (guid harbor-2031-0412-photo): no text")
    assert [i.key for i in feed.items] == [
        "harbor-2031-0412-001",
        "https://wire.example.test/news/2031/0412-accord",
        "harbor-2031-0412-photo",
    ]


def test_source_flag_replaces_feed_title_and_changes_ids() -> None:
    plain = _articles(parse_feed(RSS.read_bytes(), "wire.rss"))
    sourced = _articles(parse_feed(RSS.read_bytes(), "wire.rss", source="Other Desk"))
    assert {a.source for a in sourced} == {"Other Desk"}
    assert [a.id for a in sourced] != [a.id for a in plain]
    assert [a.body for a in sourced] == [a.body for a in plain]


def test_ids_are_stable_across_parses() -> None:
    first = [a.id for a in _articles(parse_feed(RSS.read_bytes(), "a"))]
    again = [a.id for a in _articles(parse_feed(RSS.read_bytes(), "b"))]
    assert first == again


def test_feed_without_title_uses_default_source_and_defaults_fill_gaps() -> None:
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><link>x</link>'
        b"<item><description>No date, no title, no link.</description></item></channel></rss>"
    )
    when = datetime(2031, 1, 2, 3, 4, tzinfo=UTC)
    feed = parse_feed(data, "f", default_source="Desk", headline="H", published_at=when)
    [article] = _articles(feed)
    assert (article.source, article.headline, article.published_at) == ("Desk", "H", when)
    assert article.url is None
    assert article.id == derive_article_id("Desk", "No date, no title, no link.")
    # Without guid or link, follow mode remembers the item by its article id.
    assert feed.items[0].key == article.id


def test_feed_language_primary_subtag() -> None:
    data = _rss("<title>t</title><description>Texte.</description>").replace(
        b"<title>Test Wire</title>", b"<title>Test Wire</title><language>fr-FR</language>"
    )
    [article] = _articles(parse_feed(data, "f"))
    assert article.language == "fr"


def test_oversized_item_is_rejected_and_others_kept() -> None:
    big = "x" * (MAX_BODY_BYTES + 10)
    data = _rss(
        f"<guid>big</guid><description>{big}</description>",
        "<guid>ok</guid><description>Fine text.</description>",
    )
    feed = parse_feed(data, "f")
    [error] = _errors(feed)
    assert error.message.startswith("item 1 (guid big): body is 1048586 bytes, over the ")
    [article] = _articles(feed)
    assert article.body == "Fine text."


def test_not_a_feed_is_one_error() -> None:
    feed = parse_feed(b"just some text, not XML at all", "notes.xml")
    assert feed.items == ()
    assert feed.error is not None
    assert feed.error.location == "notes.xml"
    assert feed.error.message.startswith("not an RSS or Atom feed")


def test_empty_feed_has_no_items_and_no_error() -> None:
    feed = parse_feed(_rss(), "empty.rss")
    assert feed.error is None
    assert feed.items == ()


# --- Atom ------------------------------------------------------------------------------


def test_atom_entries_become_articles() -> None:
    feed = parse_feed(ATOM.read_bytes(), "wire.atom")
    assert feed.error is None
    briefing, statement = _articles(feed)

    assert briefing.source == "Northgate Press Office"
    assert briefing.headline == "Spokesperson briefs on budget talks"  # type="html" title
    assert briefing.url == "https://press.example.test/briefings/0503"
    assert briefing.published_at == datetime(2031, 5, 3, 5, 45, tzinfo=UTC)  # from +02:00
    assert briefing.body == (
        "NORTHGATE, May 3 (Press Office) -- Spokesperson Dana Holm said on Saturday that "
        'budget talks would resume next week.\n\n"We are close," Holm told reporters.'
    )
    # No <published>: the <updated> time is used.
    assert statement.published_at == datetime(2031, 5, 2, 18, 20, tzinfo=UTC)
    assert statement.body.startswith("NORTHGATE, May 2 (Press Office) -- The water authority")
    assert [i.key for i in feed.items] == [
        "urn:uuid:7c1e7a52-0d6b-4c53-9a37-3a0d1f8e0101",
        "urn:uuid:7c1e7a52-0d6b-4c53-9a37-3a0d1f8e0102",
    ]


def test_atom_relative_links_resolve_against_the_base_url() -> None:
    data = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        b'<entry><id>e1</id><title>t</title><link href="/news/1"/>'
        b"<summary>Some text.</summary></entry></feed>"
    )
    feed = parse_feed(data, "u", base_url="https://press.example.test/feed.atom")
    [article] = _articles(feed)
    assert article.url == "https://press.example.test/news/1"


@pytest.mark.parametrize("path", [RSS, ATOM])
def test_items_validate_as_raw_articles_after_a_json_round_trip(path: Path) -> None:
    for item in parse_feed(path.read_bytes(), path.name).items:
        assert isinstance(item, FeedItem)
        if isinstance(item.result, RawArticle):
            dumped = item.result.model_dump_json()
            assert RawArticle.model_validate_json(dumped) == item.result
