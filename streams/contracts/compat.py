"""The compatibility guard: which changes between two schema sets break the released contract.

Pure. A change is breaking when the new schema no longer accepts something the
released one did, or drops something a consumer may read: a field removed or
renamed, a type narrowed (or a constraint tightened), a new required field, an
enum value removed, unknown properties newly refused. Adding an optional field,
widening a type or adding an enum value is not. `verdict` applies the policy of
schemas/README.md: breaking changes pass only with a bumped schema version and
the changed records moved to versioned topics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

Schema = Mapping[str, Any] | bool

REMOVED: Final = "field removed or renamed"
NARROWED: Final = "type narrowed"
REQUIRED: Final = "new required field"
ENUM: Final = "enum value removed"
CLOSED: Final = "additional properties refused"
RECORD_REMOVED: Final = "record type removed"

# Keywords whose value bounds what is accepted: a higher lower bound or a lower upper bound
# narrows. (keyword, True when a larger value is stricter)
_BOUNDS: Final = (
    ("minimum", True),
    ("exclusiveMinimum", True),
    ("minLength", True),
    ("minItems", True),
    ("minProperties", True),
    ("maximum", False),
    ("exclusiveMaximum", False),
    ("maxLength", False),
    ("maxItems", False),
    ("maxProperties", False),
)
# Keywords that restrict values when present or changed.
_RESTRICTIONS: Final = ("pattern", "format", "multipleOf")


@dataclass(frozen=True, slots=True, order=True)
class Break:
    """One breaking change: the record type, the path inside it, what kind, and details."""

    record: str
    path: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.record}: {self.path or '(record)'}: {self.kind}: {self.detail}"


@dataclass(frozen=True, slots=True)
class Release:
    """A schema set's version and the topic each record type is published on."""

    schema_version: int
    topics: Mapping[str, str]


def versioned_topic(name: str, version: int) -> str:
    """The topic a record moves to when its schema breaks at `version`: `<name>.v<version>`."""
    return f"{name}.v{version}"


def breaking_changes(old: Mapping[str, Schema], new: Mapping[str, Schema]) -> list[Break]:
    """Every breaking change from the `old` schema set to `new` (name -> JSON Schema)."""
    breaks: list[Break] = []
    for record in sorted(old):
        if record not in new:
            breaks.append(Break(record, "", RECORD_REMOVED, "no schema for it any more"))
            continue
        walker = _Walker(record, old[record], new[record])
        breaks.extend(walker.compare(old[record], new[record], ""))
    return sorted(set(breaks))


def verdict(breaks: list[Break], released: Release, current: Release) -> list[str]:
    """Why the current schemas may not ship (empty when they may), under the README's policy."""
    bumped = current.schema_version > released.schema_version
    broken = {b.record for b in breaks}
    problems: list[str] = []
    if breaks and not bumped:
        problems.append(
            f"{len(breaks)} breaking change(s) against released v{released.schema_version}, "
            f"and SCHEMA_VERSION is still {current.schema_version}: make the change compatible, "
            f"or bump SCHEMA_VERSION (schemas/records.py) and move each changed record to its "
            f"versioned topic in streams/records/topics.py (schemas/README.md)"
        )
    for record, old_topic in sorted(released.topics.items()):
        got = current.topics.get(record)
        wanted = versioned_topic(old_topic, current.schema_version)
        if record in broken and bumped and got != wanted:
            problems.append(
                f"{record} breaks v{released.schema_version} and must move from {old_topic} "
                f"to {wanted} (streams/records/topics.py), but its topic is {got}"
            )
        elif record not in broken and got not in (old_topic, wanted if bumped else old_topic):
            problems.append(
                f"{record} moved from {old_topic} to {got}: only a version bump may move a "
                f"record, to {wanted}; consumers of {old_topic} would lose it"
            )
    return problems


class _Walker:
    """Compares one record's old and new schema, resolving each side's local `$ref`s."""

    def __init__(self, record: str, old_root: Schema, new_root: Schema) -> None:
        self.record = record
        self.roots = (old_root, new_root)
        self.seen: set[tuple[str, str, str]] = set()

    def compare(self, old: Schema, new: Schema, path: str) -> list[Break]:
        """Breaking changes from `old` to `new` at `path` (either side may be a `$ref`)."""
        old, old_ref = self._resolve(old, 0)
        new, new_ref = self._resolve(new, 1)
        if old_ref or new_ref:
            key = (old_ref, new_ref, path)
            if key in self.seen:  # a recursive definition: already being compared
                return []
            self.seen.add(key)
        if new is True or new == {}:
            return []
        if old is False:
            return []
        if old is True or old == {}:
            return [self._break(path, NARROWED, "accepted anything, now restricted")]
        assert isinstance(old, Mapping) and isinstance(new, Mapping)
        old_alts, new_alts = self._alternatives(old, 0), self._alternatives(new, 1)
        if len(old_alts) > 1 or len(new_alts) > 1:
            return self._compare_alternatives(old_alts, new_alts, path)
        return self._compare_one(old, new, path)

    def _compare_alternatives(
        self, old_alts: list[Mapping[str, Any]], new_alts: list[Mapping[str, Any]], path: str
    ) -> list[Break]:
        """Each old alternative must still be accepted by some new one (the closest is kept)."""
        breaks: list[Break] = []
        for old_alt in old_alts:
            old_types = _types(old_alt)
            candidates = [alt for alt in new_alts if _covers(_types(alt), old_types)]
            if not candidates:
                shown = "/".join(sorted(old_types)) if old_types else "a variant"
                breaks.append(self._break(path, NARROWED, f"{shown} no longer accepted"))
                continue
            results = [self.compare(old_alt, alt, path) for alt in candidates]
            closest: list[Break] = min(results, key=len)
            breaks.extend(closest)
        return breaks

    def _compare_one(
        self, old: Mapping[str, Any], new: Mapping[str, Any], path: str
    ) -> list[Break]:
        """Compare two schemas without alternatives, keyword by keyword."""
        breaks: list[Break] = []
        old_types, new_types = _types(old), _types(new)
        if not _covers(new_types, old_types):
            lost = sorted(old_types - new_types) if old_types else ["any type"]
            breaks.append(self._break(path, NARROWED, f"{'/'.join(lost)} no longer accepted"))
        breaks.extend(self._compare_values(old, new, path))
        for keyword, larger_is_stricter in _BOUNDS:
            before, after = old.get(keyword), new.get(keyword)
            if after is None or before == after:
                continue
            if before is None or (after > before) == larger_is_stricter:
                breaks.append(self._break(path, NARROWED, f"{keyword} {before} -> {after}"))
        for keyword in _RESTRICTIONS:
            if keyword in new and new.get(keyword) != old.get(keyword):
                before, after = old.get(keyword), new[keyword]
                breaks.append(self._break(path, NARROWED, f"{keyword} {before!r} -> {after!r}"))
        if "items" in old or "items" in new:
            breaks.extend(self.compare(old.get("items", True), new.get("items", True), path + "[]"))
        if "propertyNames" in new:
            breaks.extend(
                self.compare(old.get("propertyNames", True), new["propertyNames"], path + "{name}")
            )
        if "object" in old_types or "properties" in old:
            breaks.extend(self._compare_object(old, new, path))
        return breaks

    def _compare_values(
        self, old: Mapping[str, Any], new: Mapping[str, Any], path: str
    ) -> list[Break]:
        """`enum`/`const`: every value the old schema allowed must still be allowed."""
        new_values = _allowed_values(new)
        if new_values is None:
            return []
        old_values = _allowed_values(old)
        if old_values is None:
            return [self._break(path, NARROWED, f"now limited to {_show(new_values)}")]
        removed = [v for v in old_values if v not in new_values]
        if not removed:
            return []
        return [self._break(path, ENUM, f"{_show(removed)} no longer allowed")]

    def _compare_object(
        self, old: Mapping[str, Any], new: Mapping[str, Any], path: str
    ) -> list[Break]:
        """Properties kept, required set not grown, unknown properties not newly refused."""
        breaks: list[Break] = []
        old_props: Mapping[str, Any] = old.get("properties", {})
        new_props: Mapping[str, Any] = new.get("properties", {})
        added = sorted(set(new_props) - set(old_props))
        for name in sorted(old_props):
            here = f"{path}.{name}" if path else name
            if name not in new_props:
                hint = f" (renamed to {', '.join(added)}?)" if added else ""
                breaks.append(self._break(here, REMOVED, f"`{name}` is gone{hint}"))
                continue
            breaks.extend(self.compare(old_props[name], new_props[name], here))
        old_required, new_required = set(old.get("required", ())), set(new.get("required", ()))
        for name in sorted(new_required - old_required):
            here = f"{path}.{name}" if path else name
            was = "was optional" if name in old_props else "did not exist"
            breaks.append(self._break(here, REQUIRED, f"`{name}` is now required ({was})"))
        old_extra = old.get("additionalProperties", True)
        new_extra = new.get("additionalProperties", True)
        if new_extra is False and old_extra is not False:
            breaks.append(self._break(path, CLOSED, "unknown properties are now refused"))
        elif old_extra is not False and new_extra is not True:
            breaks.extend(self.compare(old_extra, new_extra, path + ".*"))
        return breaks

    def _resolve(self, schema: Schema, side: int) -> tuple[Schema, str]:
        """Follow local `$ref`s (`#/...`) within the side's root document."""
        ref = ""
        seen: set[str] = set()
        while isinstance(schema, Mapping) and "$ref" in schema:
            ref = str(schema["$ref"])
            if not ref.startswith("#/") or ref in seen:
                raise ValueError(f"{self.record}: cannot resolve $ref {ref!r}")
            seen.add(ref)
            target: Any = self.roots[side]
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**target, **siblings} if siblings and isinstance(target, Mapping) else target
        return schema, ref

    def _alternatives(self, schema: Mapping[str, Any], side: int) -> list[Mapping[str, Any]]:
        """A schema's `anyOf`/`oneOf` branches (flattened, refs resolved), or itself."""
        branches = schema.get("anyOf") or schema.get("oneOf")
        if not branches:
            return [schema]
        flat: list[Mapping[str, Any]] = []
        for branch in branches:
            resolved, _ = self._resolve(branch, side)
            if resolved is True:
                resolved = {}
            if isinstance(resolved, Mapping):
                flat.extend(self._alternatives(resolved, side))
        return flat

    def _break(self, path: str, kind: str, detail: str) -> Break:
        return Break(self.record, path, kind, detail)


_JSON_TYPES: Final = frozenset(
    {"null", "boolean", "object", "array", "number", "integer", "string"}
)


def _types(schema: Mapping[str, Any]) -> frozenset[str]:
    """The JSON types a schema allows (empty = unrestricted), from `type` or `const`/`enum`."""
    declared = schema.get("type")
    if isinstance(declared, str):
        return frozenset({declared})
    if isinstance(declared, list):
        return frozenset(declared)
    values = _allowed_values(schema)
    if values is not None:
        return frozenset(_json_type(v) for v in values)
    return frozenset()


def _covers(wider: frozenset[str], narrower: frozenset[str]) -> bool:
    """True when every type in `narrower` is accepted by `wider` (empty = any; number ⊃ integer)."""
    if not wider:
        return True
    if not narrower:
        return wider >= _JSON_TYPES - {"integer"}
    expanded = wider | ({"integer"} if "number" in wider else set())
    return narrower <= expanded


def _allowed_values(schema: Mapping[str, Any]) -> list[Any] | None:
    """The values `enum`/`const` allow, or None when the schema does not list them."""
    if "const" in schema:
        return [schema["const"]]
    if "enum" in schema:
        return list(schema["enum"])
    return None


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _show(values: list[Any]) -> str:
    return ", ".join(repr(v) for v in values)
