"""Input parsing for the offline CLI: every accepted form and every kind of bad input."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from schemas import MAX_BODY_BYTES, RawArticle
from streams.ingest.readers import (
    ArticleOrError,
    InputError,
    derive_article_id,
    read_articles,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"

GOOD_BODY = "SEOUL, Jan. 9 (Wirestream) -- The unification ministry said it would resume talks."


def _read(path: Path | str, **kwargs: object) -> list[ArticleOrError]:
    return list(read_articles(str(path), **kwargs))  # type: ignore[arg-type]


def _articles(items: list[ArticleOrError]) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def _errors(items: list[ArticleOrError]) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def _line(record: dict[str, object]) -> bytes:
    return orjson.dumps(record) + b"\n"


# --- accepted inputs -------------------------------------------------------------------


def test_txt_file_is_one_article_with_flag_metadata() -> None:
    when = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)
    items = _read(
        FIXTURES / "ministers_call.txt",
        source="Wirestream",
        headline="FM holds phone talks",
        published_at=when,
    )
    [article] = items
    assert isinstance(article, RawArticle)
    body = (FIXTURES / "ministers_call.txt").read_text(encoding="utf-8")
    assert article.body == body  # the whole file, untouched, so evidence offsets hold
    assert article.source == "Wirestream"
    assert article.headline == "FM holds phone talks"
    assert article.published_at == when
    assert article.url is None
    assert article.id == derive_article_id("Wirestream", body)


def test_txt_id_is_stable_and_depends_on_source(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(GOOD_BODY, encoding="utf-8")
    [first] = _articles(_read(path, source="Wirestream"))
    [again] = _articles(_read(path, source="Wirestream"))
    [other] = _articles(_read(path, source="Other Wire"))
    assert first.id == again.id
    assert first.id != other.id
    assert len(first.id) == 16 and int(first.id, 16) >= 0


def test_txt_without_source_gets_default(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(GOOD_BODY, encoding="utf-8")
    [article] = _articles(_read(path))
    assert article.source == "unknown"


def test_txt_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_BODY.encode())
    [article] = _articles(_read(path))
    assert article.body == GOOD_BODY


def test_json_single_object() -> None:
    [article] = _read(FIXTURES / "single.json")
    assert isinstance(article, RawArticle)
    assert article.id == "single-001"
    assert article.headline == "Envoys meet in Geneva"
    assert article.published_at is not None
    assert article.published_at.utcoffset() is not None


def test_json_array_with_a_bad_item_keeps_the_others() -> None:
    items = _read(FIXTURES / "batch.json")
    assert [a.id for a in _articles(items)] == ["batch-001", "batch-003"]
    [error] = _errors(items)
    assert error.location == f"{FIXTURES / 'batch.json'}:3"  # the line where item 2 starts
    assert error.message == "item 2: missing body"


def test_jsonl_skips_blank_lines_and_derives_missing_ids() -> None:
    items = _read(FIXTURES / "briefs.jsonl")
    assert not _errors(items)
    first, with_url, without_url = _articles(items)
    assert first.id == "brief-001"
    assert with_url.id == derive_article_id(
        "Wirestream", with_url.body, "https://example.test/news/2"
    )
    assert without_url.id == derive_article_id("Wirestream", without_url.body)


def test_derived_id_from_url_ignores_body() -> None:
    url = "https://example.test/a"
    assert derive_article_id("W", "one body", url) == derive_article_id("W", "another", url)
    assert derive_article_id("W", "one body") != derive_article_id("W", "another")


def test_flags_only_fill_missing_json_fields(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        _line({"id": "own", "source": "Own Wire", "headline": "Own", "body": GOOD_BODY})
        + _line({"id": "bare", "body": GOOD_BODY})
    )
    when = datetime(2031, 1, 1, tzinfo=UTC)
    own, bare = _articles(
        _read(path, source="Flag Wire", headline="Flag headline", published_at=when)
    )
    assert (own.source, own.headline, own.published_at) == ("Own Wire", "Own", when)
    assert (bare.source, bare.headline, bare.published_at) == ("Flag Wire", "Flag headline", when)


def test_directory_recurses_in_sorted_order_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z body.", encoding="utf-8")
    (tmp_path / "a.jsonl").write_bytes(_line({"id": "a1", "body": "A body."}))
    (tmp_path / "c.json").write_bytes(orjson.dumps({"id": "c1", "body": "C body."}))
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / ".hidden" / "h.txt").write_text("hidden", encoding="utf-8")
    bodies = [a.body for a in _articles(_read(tmp_path))]
    assert bodies == ["A body.", "Z body.", "C body."]  # a.jsonl, b/z.txt, c.json


def test_empty_directory_is_reported(tmp_path: Path) -> None:
    [error] = _read(tmp_path)
    assert isinstance(error, InputError)
    assert error.location == str(tmp_path)
    assert "no .txt, .json, .jsonl or .xml files" in error.message


def test_stdin_json_lines() -> None:
    data = b"\n" + _line({"id": "s1", "body": GOOD_BODY}) + b"not json\n"
    items = list(read_articles("-", stdin=io.BytesIO(data)))
    assert [a.id for a in _articles(items)] == ["s1"]
    [error] = _errors(items)
    assert error.location == "<stdin>:3"
    assert error.message.startswith("invalid JSON: ")


def test_stdin_plain_text_is_one_body() -> None:
    text = "\n" + GOOD_BODY + "\nSecond paragraph.\n"
    [article] = read_articles("-", source="Wirestream", stdin=io.BytesIO(text.encode()))
    assert isinstance(article, RawArticle)
    assert article.body == text
    assert article.source == "Wirestream"


def test_empty_stdin_is_an_empty_body() -> None:
    [error] = read_articles("-", stdin=io.BytesIO(b""))
    assert error == InputError("<stdin>:1", "body is empty")


# --- bad input: one InputError naming file and line, later records still read ----------


def test_bad_lines_are_reported_and_good_lines_after_them_kept() -> None:
    path = FIXTURES / "bad_lines.jsonl"
    items = _read(path)
    assert [a.id for a in _articles(items)] == ["ok-1", "ok-2"]
    errors = {int(e.location.rsplit(":", 1)[1]): e.message for e in _errors(items)}
    assert all(e.location.startswith(f"{path}:") for e in _errors(items))
    assert errors[2].startswith("invalid JSON: unexpected control character in string")
    assert "(column " in errors[2]
    assert errors[3] == "expected a JSON object, got an array"
    assert errors[4] == "missing body"
    assert errors[5] == "body is empty"
    assert errors[6] == "id: Input should be a valid string (got a number)"
    assert sorted(errors) == [2, 3, 4, 5, 6]


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.jsonl"
    [error] = _read(missing)
    assert error == InputError(str(missing), "cannot read file: No such file or directory")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.json"
    path.write_text("{}", encoding="utf-8")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    # Tests may run as root, where chmod 000 does not stop reads.
    monkeypatch.setattr(Path, "read_bytes", deny)
    [error] = _read(path)
    assert error == InputError(str(path), "cannot read file: Permission denied")


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text("<p>hi</p>", encoding="utf-8")
    [error] = _read(path)
    assert isinstance(error, InputError)
    assert error.location == str(path)
    assert "unsupported file type '.html'" in error.message


def test_invalid_utf8_in_jsonl_names_line_and_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    good = _line({"id": "g1", "body": GOOD_BODY})
    bad = b'{"id": "b1", "body": "Caf\xe9 talks"}\n'
    path.write_bytes(good + bad + _line({"id": "g2", "body": GOOD_BODY}))
    items = _read(path)
    assert [a.id for a in _articles(items)] == ["g1", "g2"]
    [error] = _errors(items)
    assert error.location == f"{path}:2"
    offset = len(good) + bad.index(b"\xe9")
    assert error.message == f"invalid UTF-8: byte 0xe9 at byte offset {offset}"


def test_invalid_utf8_in_txt_names_line_and_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    data = b"First line.\nSecond line.\nThird \xff line.\n"
    path.write_bytes(data)
    offset = data.index(b"\xff")
    [error] = _read(path)
    assert error == InputError(f"{path}:3", f"invalid UTF-8: byte 0xff at byte offset {offset}")


def test_invalid_json_document(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "id": "x",\n  "body": "text",\n}\n', encoding="utf-8")
    [error] = _read(path)
    assert isinstance(error, InputError)
    assert error.location == f"{path}:3"  # where the trailing comma is
    assert error.message.startswith("invalid JSON: trailing comma is not allowed")


def test_json_document_that_is_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "scalar.json"
    path.write_text('"just a string"', encoding="utf-8")
    [error] = _read(path)
    assert error == InputError(
        f"{path}:1", "expected a JSON object or an array of objects, got a string"
    )


def test_json_array_item_that_is_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "arr.json"
    path.write_text(f'[\n  42,\n  {{"id": "ok", "body": "{GOOD_BODY}"}}\n]', encoding="utf-8")
    items = _read(path)
    assert [a.id for a in _articles(items)] == ["ok"]
    assert _errors(items) == [
        InputError(f"{path}:2", "item 1: expected a JSON object, got a number")
    ]


def test_empty_txt_body(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("\n \n", encoding="utf-8")
    [error] = _read(path)
    assert error == InputError(f"{path}:1", "body is empty")


def test_body_over_one_mib_in_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    huge = "x" * (MAX_BODY_BYTES + 1)
    path.write_bytes(_line({"id": "big", "body": huge}) + _line({"id": "ok", "body": GOOD_BODY}))
    items = _read(path)
    assert [a.id for a in _articles(items)] == ["ok"]
    [error] = _errors(items)
    assert error.location == f"{path}:1"
    assert (
        error.message == f"body is {MAX_BODY_BYTES + 1} bytes, over the {MAX_BODY_BYTES}-byte limit"
    )


def test_body_of_exactly_one_mib_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "max.txt"
    path.write_bytes(b"y" * MAX_BODY_BYTES)
    [article] = _read(path)
    assert isinstance(article, RawArticle)


def test_txt_over_one_mib_is_rejected_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"y" * (MAX_BODY_BYTES + 10))
    [error] = _read(path)
    assert isinstance(error, InputError)
    assert error.location == f"{path}:1"
    assert "over the 1048576-byte limit" in error.message


def test_stdin_text_over_one_mib() -> None:
    [error] = read_articles("-", stdin=io.BytesIO(b"y" * (MAX_BODY_BYTES + 10)))
    assert error == InputError("<stdin>:1", f"body is over the {MAX_BODY_BYTES}-byte limit")


def test_wrong_field_types_are_condensed_to_one_line(tmp_path: Path) -> None:
    path = tmp_path / "types.jsonl"
    path.write_bytes(
        _line({"id": "t1", "headline": ["a", "list"], "published_at": "yesterday", "body": "B."})
        + _line({"id": "t2", "body": "B.", "language": "en", "priority": "high"})
        + _line({"id": "t3", "body": 17})
    )
    first, second, third = _read(path)
    assert isinstance(first, InputError) and first.location == f"{path}:1"
    assert "headline: Input should be a valid string (got an array)" in first.message
    assert "published_at: Input should be a valid datetime" in first.message
    assert "\n" not in first.message and "; " in first.message
    assert second == InputError(f"{path}:2", "priority: Extra inputs are not permitted")
    assert third == InputError(f"{path}:3", "body: Input should be a valid string (got a number)")


def test_null_id_is_derived_but_empty_id_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "ids.jsonl"
    path.write_bytes(_line({"id": None, "body": GOOD_BODY}) + _line({"id": "", "body": GOOD_BODY}))
    derived, error = _read(path)
    assert isinstance(derived, RawArticle) and derived.id == derive_article_id("unknown", GOOD_BODY)
    assert error == InputError(f"{path}:2", "id: String should have at least 1 character")


def test_input_error_str_is_location_then_message() -> None:
    assert str(InputError("a.jsonl:3", "missing body")) == "a.jsonl:3: missing body"
