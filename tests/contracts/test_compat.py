"""The compatibility guard on small hand-written schema pairs: each kind of breaking change is
found with its path, compatible changes are not, and the version/topic policy is applied."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from streams.contracts.compat import (
    CLOSED,
    ENUM,
    NARROWED,
    RECORD_REMOVED,
    REMOVED,
    REQUIRED,
    Break,
    Release,
    breaking_changes,
    verdict,
)

RELEASED_V1 = Path(__file__).resolve().parents[2] / "schemas" / "released" / "v1"
NULLABLE_STR = {"anyOf": [{"type": "string"}, {"type": "null"}]}


def record(properties: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> Any:
    """A closed object schema, like the generated ones."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
        **extra,
    }


BASE = record(
    {
        "id": {"type": "string", "minLength": 1},
        "count": {"type": "integer", "minimum": 0},
        "score": {"type": "number", "maximum": 1},
        "medium": {"enum": ["phone", "video"]},
        "note": NULLABLE_STR,
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    required=("id", "count"),
)


def changed(**properties: Any) -> Any:
    """BASE with some properties replaced (None deletes one)."""
    props = {**BASE["properties"], **properties}
    return {**BASE, "properties": {k: v for k, v in props.items() if v is not None}}


def kinds(old: Any, new: Any) -> list[tuple[str, str]]:
    return [(b.path, b.kind) for b in breaking_changes({"r": old}, {"r": new})]


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        pytest.param(changed(note=None), [("note", REMOVED)], id="field removed"),
        pytest.param(
            changed(medium=None, channel={"enum": ["phone", "video"]}),
            [("medium", REMOVED)],
            id="field renamed",
        ),
        pytest.param(changed(score={"type": "integer"}), [("score", NARROWED)], id="number->int"),
        pytest.param(changed(note={"type": "string"}), [("note", NARROWED)], id="null dropped"),
        pytest.param(changed(id={"type": "integer"}), [("id", NARROWED)], id="string->integer"),
        pytest.param(
            changed(id={"type": "string", "minLength": 3}), [("id", NARROWED)], id="minLength up"
        ),
        pytest.param(
            changed(count={"type": "integer", "minimum": 0, "maximum": 9}),
            [("count", NARROWED)],
            id="maximum added",
        ),
        pytest.param(
            changed(id={"type": "string", "minLength": 1, "pattern": "^[a-z]+$"}),
            [("id", NARROWED)],
            id="pattern added",
        ),
        pytest.param(
            changed(tags={"type": "array", "items": {"type": "string", "maxLength": 5}}),
            [("tags[]", NARROWED)],
            id="item narrowed",
        ),
        pytest.param(
            {**BASE, "required": ["id", "count", "note"]}, [("note", REQUIRED)], id="now required"
        ),
        pytest.param(
            {**changed(extra={"type": "string"}), "required": ["id", "count", "extra"]},
            [("extra", REQUIRED)],
            id="new required field",
        ),
        pytest.param(
            changed(medium={"enum": ["phone"]}), [("medium", ENUM)], id="enum value removed"
        ),
        pytest.param(changed(medium={"const": "phone"}), [("medium", ENUM)], id="enum to const"),
        pytest.param(
            changed(tags={"type": "array", "items": {"enum": ["a"]}}),
            [("tags[]", NARROWED)],
            id="free text to enum",
        ),
    ],
)
def test_breaking_changes_are_found_with_their_path(
    new: Any, expected: list[tuple[str, str]]
) -> None:
    assert kinds(BASE, new) == expected


@pytest.mark.parametrize(
    "new",
    [
        pytest.param(BASE, id="unchanged"),
        pytest.param(changed(extra=NULLABLE_STR), id="optional field added"),
        pytest.param(changed(count={"type": "number", "minimum": 0}), id="integer->number"),
        pytest.param(changed(id={"anyOf": [{"type": "string"}, {"type": "null"}]}), id="nullable"),
        pytest.param(
            changed(medium={"enum": ["phone", "video", "in_person"]}), id="enum value added"
        ),
        pytest.param(changed(id={"type": "string"}), id="minLength dropped"),
        pytest.param(changed(score={"type": "number", "maximum": 2}), id="maximum raised"),
        pytest.param({**BASE, "required": ["id"]}, id="no longer required"),
        pytest.param({**BASE, "additionalProperties": True}, id="opened"),
        pytest.param({**BASE, "description": "reworded", "title": "R"}, id="annotations"),
    ],
)
def test_compatible_changes_are_not_breaking(new: Any) -> None:
    assert kinds(BASE, new) == []


def test_closing_an_open_object_is_breaking() -> None:
    opened = {**BASE, "additionalProperties": True}
    assert kinds(opened, BASE) == [("", CLOSED)]


def test_refs_are_followed_and_the_path_names_the_field_inside() -> None:
    person = record({"name": {"type": "string"}, "title": NULLABLE_STR}, required=("name",))
    old = {
        "$defs": {"Person": person},
        **record({"people": {"type": "array", "items": {"$ref": "#/$defs/Person"}}}),
    }
    new = json.loads(json.dumps(old))
    del new["$defs"]["Person"]["properties"]["title"]
    assert kinds(old, new) == [("people[].title", REMOVED)]
    assert kinds(old, old) == []


def test_a_record_type_removed_is_breaking() -> None:
    assert breaking_changes({"a": BASE, "b": BASE}, {"a": BASE}) == [
        Break("b", "", RECORD_REMOVED, "no schema for it any more")
    ]


def released_v1() -> dict[str, Any]:
    return {
        p.stem: json.loads(p.read_text()) for p in RELEASED_V1.glob("*.json") if p.stem != "release"
    }


def test_the_real_schemas_bumped_to_version_2_break_every_event() -> None:
    old = released_v1()
    new = json.loads(json.dumps(old))
    for event in ("call_readout", "cost_sharing_deal", "statement"):
        new[event]["properties"]["schema_version"]["const"] = 2
    breaks = breaking_changes(old, new)
    assert [(b.record, b.path, b.kind) for b in breaks] == [
        ("call_readout", "schema_version", ENUM),
        ("cost_sharing_deal", "schema_version", ENUM),
        ("statement", "schema_version", ENUM),
    ]
    assert breaking_changes(old, released_v1()) == []


TOPICS_V1 = {"statement": "wire.events.statement", "processed": "wire.articles.processed"}
ONE_BREAK = [Break("statement", "speaker", REMOVED, "`speaker` is gone")]


def test_a_breaking_change_without_a_version_bump_is_refused() -> None:
    [problem] = verdict(ONE_BREAK, Release(1, TOPICS_V1), Release(1, TOPICS_V1))
    assert "SCHEMA_VERSION is still 1" in problem and "schemas/README.md" in problem


def test_a_bump_without_moving_the_changed_record_to_its_versioned_topic_is_refused() -> None:
    [problem] = verdict(ONE_BREAK, Release(1, TOPICS_V1), Release(2, TOPICS_V1))
    assert "must move from wire.events.statement to wire.events.statement.v2" in problem


def test_a_bump_with_the_versioned_topic_declared_passes() -> None:
    current = {**TOPICS_V1, "statement": "wire.events.statement.v2"}
    assert verdict(ONE_BREAK, Release(1, TOPICS_V1), Release(2, current)) == []


def test_moving_a_topic_without_a_bump_is_refused_even_without_schema_changes() -> None:
    current = {**TOPICS_V1, "processed": "wire.articles.processed2"}
    [problem] = verdict([], Release(1, TOPICS_V1), Release(1, current))
    assert "processed moved from wire.articles.processed to wire.articles.processed2" in problem
    assert verdict([], Release(1, TOPICS_V1), Release(1, TOPICS_V1)) == []
