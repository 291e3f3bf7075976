"""streams.core.mentions: the entity copy used for remembered title chains."""

from __future__ import annotations

import dataclasses

from streams.core.mentions import Entity, _copy


def test_copy_carries_every_field_of_an_entity() -> None:
    """`_copy` lists Entity's fields by hand (for speed): a new field must not be dropped."""
    values = {
        field.name: f"value of {field.name}" if field.type.startswith("str") else False
        for field in dataclasses.fields(Entity)
    }
    values["kind"] = "institution"
    original = Entity(**values)  # type: ignore[arg-type]
    copied = _copy(original)
    assert copied is not original
    assert dataclasses.asdict(copied) == dataclasses.asdict(original)
