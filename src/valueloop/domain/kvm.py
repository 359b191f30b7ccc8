"""The Key Value Measure catalogue: the EBM example measures as data, with how each is computed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from valueloop.domain import fields as f
from valueloop.domain.errors import ValidationFailed
from valueloop.domain.goals import Direction, KeyValueArea, MeasureKind, computed_by


@dataclass(frozen=True, slots=True)
class KvmDefinition:
    """One catalogue entry: what the measure means and where its numbers come from."""

    key: str
    name: str
    kva: KeyValueArea
    definition: str
    unit: str
    direction: Direction
    kind: MeasureKind
    computed_by: str


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: str
    measures: tuple[KvmDefinition, ...]

    def get(self, key: str) -> KvmDefinition | None:
        return next((m for m in self.measures if m.key == key), None)

    def by_area(self, kva: KeyValueArea) -> list[KvmDefinition]:
        return [m for m in self.measures if m.kva == kva]


def definition(entry: Mapping[str, object], where: str) -> KvmDefinition:
    """One entry checked; errors name the entry (`where`) and the field."""
    try:
        key = f.text(entry, "key", max_len=60, required=True)
        source = computed_by(entry.get("computed_by") or "manual")
        return KvmDefinition(
            key=key,
            name=f.text(entry, "name", max_len=200, required=True),
            kva=f.choice(entry.get("kva"), "kva", KeyValueArea),
            definition=f.text(entry, "definition", max_len=2000),
            unit=f.text(entry, "unit", max_len=40),
            direction=f.choice(entry.get("direction"), "direction", Direction),
            kind=f.choice(entry.get("kind"), "kind", MeasureKind),
            computed_by=source,
        )
    except ValidationFailed as error:
        raise ValidationFailed(f"{where}: {error.message}", field=error.field) from None


def parse(data: Mapping[str, object]) -> Catalogue:
    """A catalogue from its parsed file: a version and a list of measures with unique keys."""
    version = f.text(data, "version", max_len=40, required=True)
    entries = data.get("measure")
    if not isinstance(entries, list) or not entries:
        raise ValidationFailed("the catalogue lists no [[measure]] entries", field="measure")
    measures: list[KvmDefinition] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ValidationFailed(f"measure #{index} is not a table", field="measure")
        item = definition(entry, f"measure #{index}")
        if item.key in seen:
            raise ValidationFailed(f"measure #{index}: key {item.key} appears twice", field="key")
        seen.add(item.key)
        measures.append(item)
    return Catalogue(version=version, measures=tuple(measures))


@dataclass(frozen=True, slots=True)
class WorkspaceKvm:
    """The workspace's own copy of a catalogue entry, which people may edit."""

    id: int
    key: str
    name: str
    kva: KeyValueArea
    definition: str
    unit: str
    direction: Direction
    kind: MeasureKind
    computed_by: str
    catalogue_version: str
    edited: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


EDITABLE = frozenset({"name", "kva", "definition", "unit", "direction", "kind", "computed_by"})


def validate_edit(fields: Mapping[str, object]) -> dict[str, object]:
    """Checked changes to a workspace KVM (its key stays)."""
    f.reject_unknown(fields, EDITABLE)
    out: dict[str, object] = {}
    if "name" in fields:
        out["name"] = f.text(fields, "name", max_len=200, required=True)
    for name, limit in (("definition", 2000), ("unit", 40)):
        if name in fields:
            out[name] = f.text(fields, name, max_len=limit)
    choices: tuple[tuple[str, type[StrEnum]], ...] = (
        ("kva", KeyValueArea),
        ("direction", Direction),
        ("kind", MeasureKind),
    )
    for name, kind in choices:
        if name in fields:
            out[name] = f.choice(fields[name], name, kind)
    if "computed_by" in fields:
        out["computed_by"] = computed_by(fields["computed_by"])
    return out
