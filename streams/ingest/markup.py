"""Article markup (HTML, XHTML, NITF) to the plain text we store, deterministically.

Evidence offsets point into the stored body, so the same markup must always give the
same text. The rule, for all three:
- every block element (paragraphs, headings, list items, divisions, NITF `block`,
  `hl1`/`hl2`, table rows, ...) is a paragraph; paragraphs are joined by one blank
  line (`"\\n\\n"`), and empty ones are dropped;
- `<br>` is a line break (`"\\n"`) inside its paragraph;
- the cells of a table row (`td`, `th`, NITF's too) are separated by one space;
- inside a paragraph every run of whitespace is one space, and the paragraph is
  stripped at both ends;
- the text of `script`, `style`, `template`, `object`, HTML `head`/`title` and NITF
  `media-reference` is skipped (figure captions are kept: they are article text);
- character references are decoded (`&amp;` is `&`).

`withdrawn_body` is the stored text of an item its agency withdrew (shared by ninjs and
NewsML-G2 for the same reason: one rule for the text we store).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote",
        "pre", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr",
        "table", "figcaption", "figure", "address", "hr", "body",
        # NITF
        "block", "hl1", "hl2", "hedline", "byline", "dateline", "abstract", "nitf-table",
        "body.head", "body.content", "body.end", "tagline", "bibliography", "note",
    }
)  # fmt: skip
SKIPPED_TAGS = frozenset(
    {"script", "style", "head", "title", "template", "object", "media-reference"}
)
# Table cells: their words must not run into the next cell's ("Seoul" "1.52", not "Seoul1.52").
CELL_TAGS = frozenset({"td", "th"})
_SPACE = re.compile(r"\s+")


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Paragraphs (whitespace collapsed, stripped, empty ones dropped) joined by blank lines."""
    out = []
    for paragraph in paragraphs:
        lines = [_SPACE.sub(" ", line).strip() for line in paragraph.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            out.append(text)
    return "\n\n".join(out)


class _Collector(HTMLParser):
    """Collects paragraphs from HTML, breaking at block tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._skipping = 0

    def _break(self) -> None:
        if self._current:
            self.paragraphs.append("".join(self._current))
            self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        elif tag == "br":
            self._current.append("\n")
        elif tag in CELL_TAGS:
            self._current.append(" ")
        elif tag in BLOCK_TAGS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._current.append("\n")
        elif tag in BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data.replace("\n", " "))


def html_to_text(html: str) -> str:
    """The plain text of an HTML or XHTML fragment, by the rule in the module docstring."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    collector._break()
    return join_paragraphs(collector.paragraphs)


def local_name(tag: str) -> str:
    """An element's name without its namespace ("{http://...}p" -> "p")."""
    return tag.rsplit("}", 1)[-1]


def element_to_text(root: Element) -> str:
    """The plain text of a parsed XML element (NITF or XHTML), by the same rule.

    Walked without recursion: a hostile document may nest elements very deeply."""
    paragraphs: list[str] = []
    current: list[str] = []

    def cut() -> None:
        if current:
            paragraphs.append("".join(current))
            current.clear()

    # (element, entering): on entering, the element's own text; on leaving, its tail.
    stack: list[tuple[Element, bool]] = [(root, True)]
    while stack:
        element, entering = stack.pop()
        name = local_name(element.tag) if isinstance(element.tag, str) else ""
        if entering:
            if name in SKIPPED_TAGS:
                if element.tail and element is not root:
                    current.append(element.tail.replace("\n", " "))
                continue
            if name == "br":
                current.append("\n")
            elif name in CELL_TAGS:
                current.append(" ")
            elif name in BLOCK_TAGS:
                cut()
            if element.text:
                current.append(element.text.replace("\n", " "))
            stack.append((element, False))
            stack.extend((child, True) for child in reversed(list(element)))
        else:
            if name in BLOCK_TAGS:
                cut()
            if element.tail and element is not root:
                current.append(element.tail.replace("\n", " "))
    cut()
    return join_paragraphs(paragraphs)


def withdrawn_body(text: str | None, headline: str | None, status: str) -> str:
    """The body of an item its agency withdrew: its text, else its headline, else a line
    naming the status. A kill notice often has no text, yet it must reach the topic so that
    consumers learn of it; the worker extracts nothing from it."""
    for candidate in (text, headline):
        if candidate is not None and candidate.strip():
            return candidate
    return f"Withdrawn by the agency: pubStatus {status}."
